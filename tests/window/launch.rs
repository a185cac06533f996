//! The window launched on a path, as `hindsight PATH` and the launcher's `%f` open it: a
//! workspace opens, Markdown is offered for import, anything else is named in the window.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hindsight::session::Session;
use hindsight::ui::HindsightApp;
use hindsight::workspace::{Arrival, Launch, open_for_window};

use crate::common::corpus;
use crate::fixture::Fixture;

/// The window as `hindsight::ui::run` opens it for `launch`, headless.
fn launched(dir: tempfile::TempDir, launch: &Launch) -> Fixture {
    let opening = open_for_window(launch).unwrap();
    let session = Session::new(opening.store).unwrap();
    let (path, arrival) = (opening.path, opening.arrival);
    let harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_max_steps(1000)
        .build_eframe(move |_cc| {
            let mut app = HindsightApp::new(session, &path);
            if let Some(arrival) = arrival {
                app.arrived(arrival);
            }
            app
        });
    Fixture { _dir: dir, harness }
}

#[test]
fn a_markdown_folder_given_is_offered_for_import_into_the_open_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let launch = Launch {
        workspace: dir.path().join("usual.db"),
        given: Some(corpus("adr-tools")),
    };
    let mut f = launched(dir, &launch);
    f.harness.run();
    assert!(f.harness.query_by_label("Import Markdown?").is_some());
    assert!(
        f.harness.query_by_label_contains("Decisions  10").is_some(),
        "the usual workspace is open (a new one gets the demo)"
    );
    f.click("Import into usual.db");
    assert!(f.app().arrival().is_none(), "the bar goes once answered");
    f.wait_for_job();
    assert_eq!(f.app().last_import().unwrap().created(), 9);
    assert!(f.harness.query_by_label("Help scripts").is_some());
}

#[test]
fn a_file_that_is_not_a_workspace_is_named_in_the_window_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a workspace\n").unwrap();
    let launch = Launch {
        workspace: dir.path().join("usual.db"),
        given: Some(text.clone()),
    };
    let mut f = launched(dir, &launch);
    f.harness.run();
    let Some(Arrival::Refused(line)) = f.app().arrival().cloned() else {
        panic!("the bar names the file");
    };
    assert_eq!(
        line,
        format!(
            "{}: is not a Hindsight workspace (not an SQLite database)",
            text.display()
        ),
        "the line `--db` prints"
    );
    assert!(
        f.harness
            .query_by_label("Could not open that file")
            .is_some()
    );
    assert!(f.harness.query_by_label_contains(&line).is_some());
    f.click("Close");
    assert!(
        f.harness
            .query_by_label("Could not open that file")
            .is_none()
    );
    assert_eq!(std::fs::read(&text).unwrap(), b"not a workspace\n");
}

#[test]
fn a_workspace_given_is_the_one_opened() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.hindsight");
    hindsight::workspace::create(&team, hindsight::workspace::Fill::Checklists).unwrap();
    let launch = Launch {
        workspace: dir.path().join("usual.db"),
        given: Some(team),
    };
    let mut f = launched(dir, &launch);
    f.harness.run();
    assert!(f.app().arrival().is_none());
    assert!(f.harness.query_by_label_contains("Decisions  0").is_some());
    assert!(
        !f._dir.path().join("usual.db").exists(),
        "the usual one untouched"
    );
}
