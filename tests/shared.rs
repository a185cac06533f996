//! Two sessions on one workspace file, as two windows (or a window and the command line) are:
//! each sees what the other commits, and neither overwrites what the other typed.

use hindsight::domain::{Decision, Record};
use hindsight::session::{Command, Session};
use hindsight::store::Store;
use serde_json::json;

mod common;

fn two_sessions() -> (tempfile::TempDir, Session, Session, Decision) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.db");
    let mut store = Store::open(&path).unwrap();
    let (decision, ..) = common::chain(&mut store);
    let first = Session::new(store).unwrap();
    let second = Session::new(Store::open(&path).unwrap()).unwrap();
    (dir, first, second, decision)
}

fn title_in(session: &Session, id: &str) -> String {
    session
        .rows(hindsight::domain::Kind::Decision)
        .iter()
        .find(|r| r.id == id)
        .unwrap()
        .title
        .clone()
}

#[test]
fn each_session_sees_what_the_other_commits() {
    let (_dir, mut first, mut second, decision) = two_sessions();
    assert!(
        !second.refresh_if_changed_elsewhere().unwrap(),
        "nothing yet"
    );
    first
        .apply(Command::SetField {
            id: decision.id.clone(),
            pointer: "/title".into(),
            value: json!("Use server push, decided in the first window"),
        })
        .unwrap();
    assert!(
        !first.refresh_if_changed_elsewhere().unwrap(),
        "its own write"
    );
    let before = second.generation();
    assert!(second.refresh_if_changed_elsewhere().unwrap());
    assert!(second.generation() > before, "views read again");
    assert_eq!(
        title_in(&second, &decision.id),
        "Use server push, decided in the first window"
    );
}

#[test]
fn typing_over_a_field_changed_elsewhere_keeps_both_values() {
    let (_dir, mut first, mut second, decision) = two_sessions();
    let base = json!(decision.title);
    // The first window changes the title; the second had begun typing from the old one.
    first
        .apply(Command::SetField {
            id: decision.id.clone(),
            pointer: "/title".into(),
            value: json!("Theirs: push through a gateway"),
        })
        .unwrap();
    let outcome = second
        .apply(Command::Edit {
            id: decision.id.clone(),
            pointer: "/title".into(),
            value: json!("Mine: push with a polling fallback"),
            base: base.clone(),
        })
        .unwrap();
    assert!(outcome.message.unwrap().contains("both values are kept"));
    let stored: Decision = second.store().get(&decision.id).unwrap();
    assert_eq!(
        stored.title, "Theirs: push through a gateway",
        "not overwritten"
    );
    let conflicts = second.conflicts_of(&decision.id);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].mine,
        json!("Mine: push with a polling fallback")
    );
    assert_eq!(conflicts[0].theirs, json!("Theirs: push through a gateway"));
    // Choosing mine sets it.
    second
        .apply(Command::Resolve {
            id: decision.id.clone(),
            field: "title".into(),
            theirs: false,
        })
        .unwrap();
    let stored: Decision = second.store().get(&decision.id).unwrap();
    assert_eq!(stored.title, "Mine: push with a polling fallback");
    assert!(second.conflicts_of(&decision.id).is_empty());

    // Another field, changed elsewhere meanwhile, is simply kept beside the edit.
    first.refresh_if_changed_elsewhere().unwrap();
    first
        .apply(Command::SetField {
            id: decision.id.clone(),
            pointer: "/summary".into(),
            value: json!("Phones are told when an order changes."),
        })
        .unwrap();
    second
        .apply(Command::Edit {
            id: decision.id.clone(),
            pointer: "/context".into(),
            value: json!("Polling melted the database."),
            base: json!(stored.context),
        })
        .unwrap();
    let merged: Decision = first.store().get(&decision.id).unwrap();
    assert_eq!(merged.summary, "Phones are told when an order changes.");
    assert_eq!(merged.context, "Polling melted the database.");
    assert_eq!(merged.title(), "Mine: push with a polling fallback");
}
