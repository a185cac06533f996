//! The window and the workspace's safety: another process's changes show up, a read-only
//! workspace says so, backups are listed and restored from the Workspace menu.

use egui_kittest::kittest::Queryable;
use hindsight::session::{Command, Session};
use hindsight::store::Store;
use serde_json::json;

use crate::fixture::*;

#[test]
fn what_another_process_commits_shows_when_the_window_gets_the_focus() {
    let mut f = open(true);
    let path = f.app().session().store().path().unwrap().to_path_buf();
    // A command line (another connection) renames a decision.
    let mut other = Session::new(Store::open(&path).unwrap()).unwrap();
    other
        .apply(Command::SetField {
            id: "dec-bounded-pool".into(),
            pointer: "/title".into(),
            value: json!("Connections share one pool per service"),
        })
        .unwrap();
    f.harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(true));
    f.harness.run();
    assert!(
        f.harness
            .query_by_label("Connections share one pool per service")
            .is_some(),
        "the list shows the new title"
    );
}

#[test]
fn backups_are_listed_and_restored_from_the_workspace_menu() {
    let mut f = open(true);
    let path = f.app().session().store().path().unwrap().to_path_buf();
    // A backup as an import makes one, taken by another connection.
    let backup = Store::open(&path)
        .unwrap()
        .take_backup("import")
        .unwrap()
        .unwrap();
    f.select("dec-bounded-pool");
    f.type_into("Title", "Renamed after the backup");
    f.click("Workspace");
    f.harness.get_by_label_contains("Backups…").click();
    f.harness.run();
    assert!(
        f.harness.query_by_label("import").is_some(),
        "the backup, by why it was made"
    );
    f.click("Restore…");
    f.click("Restore");
    let decision: hindsight::domain::Decision =
        f.app().session().store().get("dec-bounded-pool").unwrap();
    assert_eq!(
        decision.title,
        "Database connections go through a bounded pool"
    );
    assert!(backup.exists(), "the backup stays");
    // What it held before the restore is a backup of its own.
    let kept = f.app().session().store().backups().unwrap();
    assert!(kept.iter().any(|b| b.reason == "before-restore"));
}

#[test]
fn a_read_only_workspace_opens_with_a_banner_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.db");
    {
        let mut store = Store::open(&path).unwrap();
        hindsight::demo::load_demo(&mut store).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let session = Session::new(Store::open_read_only(&path).unwrap()).unwrap();
    let mut f = open_session(session, &path, dir);
    assert!(f.harness.query_by_label("Read-only").is_some());
    f.select("dec-bounded-pool");
    f.type_into("Title", "Not saved");
    let decision: hindsight::domain::Decision =
        f.app().session().store().get("dec-bounded-pool").unwrap();
    assert_eq!(
        decision.title,
        "Database connections go through a bounded pool"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
