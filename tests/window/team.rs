//! What a sync brought from the team, in the window: a teammate (another clone of one bare
//! remote, through the library) adds lessons, a link and a sign-off and syncs; the window's
//! sync says so per kind with the teammate's name, lists each one a click from opening it,
//! and marks the records in the lists until they are opened.

use egui_kittest::kittest::{By, NodeT, Queryable};
use hindsight::domain::{Decision, Lesson, Link, Relation, Verdict};
use hindsight::session::{Session, SignOffForm, record_signoff};
use hindsight::store::Store;
use hindsight::sync::{SyncOptions, sync};

use crate::common::corpus;
use crate::fixture::*;

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A bare remote with the adr-tools corpus in `docs/adr`, pushed from Ada Park's clone, and a
/// second clone for the window.
fn remote_and_clones(root: &std::path::Path) {
    git(root, &["init", "-q", "--bare", "remote.git"]);
    git(root, &["clone", "-q", "remote.git", "ada"]);
    let ada = root.join("ada");
    git(&ada, &["checkout", "-q", "-b", "main"]);
    git(&ada, &["config", "user.name", "Ada Park"]);
    git(&ada, &["config", "user.email", "ada@example.com"]);
    let adr = ada.join("docs/adr");
    std::fs::create_dir_all(&adr).unwrap();
    for entry in std::fs::read_dir(corpus("adr-tools")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, adr.join(path.file_name().unwrap())).unwrap();
        }
    }
    git(&ada, &["add", "-A"]);
    git(&ada, &["commit", "-q", "-m", "Our ADRs"]);
    git(&ada, &["push", "-q", "-u", "origin", "main"]);
    git(root, &["clone", "-q", "-b", "main", "remote.git", "me"]);
    git(&root.join("me"), &["config", "user.name", "Me Myself"]);
    git(
        &root.join("me"),
        &["config", "user.email", "me@example.com"],
    );
}

fn sync_ada(root: &std::path::Path) -> Store {
    let mut store = Store::open(root.join("ada.db")).unwrap();
    let options = SyncOptions {
        folder: Some(root.join("ada/docs/adr")),
        push: true,
    };
    sync(&mut store, &options, |_| {}).unwrap();
    store
}

/// The list rows' accessible descriptions, by title.
fn rows(f: &Fixture) -> Vec<(String, String)> {
    f.harness
        .query_all(By::new().role(egui::accesskit::Role::ListBoxOption))
        .map(|n| {
            let node = n.accesskit_node();
            (
                node.label().unwrap_or_default().to_string(),
                node.description().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn marked(f: &Fixture, title: &str) -> bool {
    let rows = rows(f);
    let (_, description) = rows
        .iter()
        .find(|(t, _)| t == title)
        .unwrap_or_else(|| panic!("no row {title:?} in {rows:?}"));
    description.contains("new from the team")
}

#[test]
fn a_sync_says_what_arrived_from_whom_and_marks_it_until_opened() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    remote_and_clones(root);
    sync_ada(root);
    let mut f = open(false);
    let ctx = f.harness.ctx.clone();
    f.harness
        .state_mut()
        .start_sync(&ctx, Some(root.join("me/docs/adr")));
    f.wait_for_job();
    // A first sync brings everything and marks nothing.
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    assert!(!marked(&f, "Record architecture decisions"));

    // Ada adds two lessons, links one to ADR 2, signs ADR 2 off, and syncs.
    let mut ada = sync_ada(root);
    let decision = ada
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2))
        .unwrap();
    let peaks = Lesson::new("Peaks need a queue");
    let retries = Lesson::new("Retries need a budget");
    ada.write("lessons", |w| {
        w.put(&peaks)?;
        w.put(&retries)?;
        w.link(&Link::new(&peaks.id, Relation::RelatesTo, &decision.id))
    })
    .unwrap();
    let form = SignOffForm {
        name: "Lin Wu".into(),
        role: "Head of payments".into(),
        verdict: Verdict::Approved,
        comment: String::new(),
    };
    record_signoff(&mut ada, &decision.id, None, form).unwrap();
    sync_ada(root);

    f.harness.state_mut().start_sync(&ctx, None);
    f.wait_for_job();
    // In the list of lessons, both are marked.
    f.click("Lessons  2");
    assert!(marked(&f, "Peaks need a queue"));
    assert!(marked(&f, "Retries need a budget"));
    let said = "From the team: 2 lessons, 1 review, 1 sign-off, 1 link — Ada Park.";
    assert!(
        f.harness.query_by_label(said).is_some(),
        "the bar says {said:?}"
    );
    f.click("Show what arrived");
    assert!(f.harness.query_by_label("From the team").is_some());
    assert!(
        f.harness
            .query_by_label_contains("Lin Wu (Head of payments): approved")
            .is_some(),
        "the sign-off, with who signed"
    );
    assert!(
        f.harness
            .query_by_label(&format!("Peaks need a queue relates to {}", decision.title))
            .is_some(),
        "the link, by its ends' titles"
    );
    // Two lessons, the review, the sign-off and the link: each says who.
    assert_eq!(f.harness.query_all_by_label("by Ada Park").count(), 5);

    // Opening one from the window clears its mark in the list of lessons.
    f.harness
        .query_all_by_label("Retries need a budget")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
        .expect("the lesson, a link in the window")
        .click();
    f.harness.run();
    assert_eq!(f.app().selected(), Some(retries.id.as_str()));
    assert!(!marked(&f, "Retries need a budget"), "opened: unmarked");
    assert!(marked(&f, "Peaks need a queue"), "not opened yet");
    f.click("Close window");
    assert!(f.harness.query_by_label("From the team").is_none());
    // Opening from the list clears it too, and the marks are kept in the workspace.
    f.click("Peaks need a queue");
    assert!(!marked(&f, "Peaks need a queue"));
    let unseen = f.app().session().store().unseen().unwrap();
    assert!(!unseen.contains(&peaks.id) && !unseen.contains(&retries.id));
    let review = &f
        .app()
        .session()
        .store()
        .list::<hindsight::domain::Review>()
        .unwrap()[0];
    assert!(
        unseen.contains(&review.id),
        "the review signed, not opened: {unseen:?}"
    );
    // After a restart, what was not opened is still marked, and what was is not.
    let reopened = Session::new(Store::open(f._dir.path().join("ws.db")).unwrap()).unwrap();
    assert!(reopened.is_unseen(&review.id));
    assert!(!reopened.is_unseen(&peaks.id));
    let row = reopened.rows(hindsight::domain::Kind::Review)[0].clone();
    assert!(row.unseen && row.has_state("new from the team"), "{row:?}");
}
