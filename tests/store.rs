//! The store against real files: schema, revisions, undo and redo, search, traces,
//! transactions, and the demo workspace.

use hindsight::demo::load_demo;
use hindsight::domain::{
    ActionItem, Checklist, Decision, DecisionStatus, Incident, Kind, Lesson, Link, Record,
    Relation, Review, TradeOff,
};
use hindsight::store::{Store, StoreError};

mod common;
use common::chain;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("ws.db")).unwrap();
    (dir, store)
}

#[test]
fn a_new_file_gets_the_latest_schema_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/ws.db");
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_empty().unwrap());
    assert_eq!(store.schema_version().unwrap(), 3);
    let decision = Decision::new("Kept across reopen");
    store.put(&decision).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get::<Decision>(&decision.id).unwrap(), decision);
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1212763716; CREATE TABLE future (x); PRAGMA user_version = 99;",
        )
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                known: 3,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("new.db"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_sqlite_or_a_folder_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(40)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
    assert!(err.to_string().contains("notes.txt"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are my notes, not a database\n".repeat(40)
    );
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::IsAFolder(_)), "{err}");
}

#[test]
fn every_update_and_delete_keeps_the_previous_content() {
    let (_dir, mut store) = temp_store();
    let mut decision = Decision::new("First title");
    store.put(&decision).unwrap();
    decision.title = "Second title".into();
    store.put(&decision).unwrap();
    store.put(&decision).unwrap(); // the same content again: no revision
    store.delete(&decision.id).unwrap();

    let history = store.history(&decision.id).unwrap();
    assert_eq!(history.len(), 3, "create, update, delete");
    let [deletion, update, creation] = &history[..] else {
        unreachable!()
    };
    assert!(creation.before.is_none());
    assert!(update.before.as_deref().unwrap().contains("First title"));
    assert!(update.after.as_deref().unwrap().contains("Second title"));
    assert!(deletion.before.as_deref().unwrap().contains("Second title"));
    assert!(deletion.after.is_none());
    assert!(store.find::<Decision>(&decision.id).unwrap().is_none());

    store.restore(update.id).unwrap();
    assert_eq!(
        store.get::<Decision>(&decision.id).unwrap().title,
        "Second title"
    );
}

#[test]
fn undo_and_redo_work_across_records() {
    let (_dir, mut store) = temp_store();
    let mut decision = Decision::new("Queue payments");
    store.put(&decision).unwrap();
    let lesson = Lesson::new("Queue what can wait");
    store.put(&lesson).unwrap();
    decision.title = "Queue all payments".into();
    store.put(&decision).unwrap();

    assert!(store.undo().unwrap().is_some());
    assert_eq!(
        store.get::<Decision>(&decision.id).unwrap().title,
        "Queue payments"
    );
    assert!(store.undo().unwrap().is_some());
    assert!(store.find::<Lesson>(&lesson.id).unwrap().is_none());
    assert!(store.redo().unwrap().is_some());
    assert!(store.find::<Lesson>(&lesson.id).unwrap().is_some());
    assert!(store.redo().unwrap().is_some());
    assert_eq!(
        store.get::<Decision>(&decision.id).unwrap().title,
        "Queue all payments"
    );
    assert!(store.redo().unwrap().is_none(), "nothing left to redo");

    // A new edit after an undo ends the redo stack.
    store.undo().unwrap();
    store.put(&Lesson::new("Another lesson")).unwrap();
    assert!(store.redo().unwrap().is_none());
    assert_eq!(
        store.get::<Decision>(&decision.id).unwrap().title,
        "Queue payments"
    );
}

#[test]
fn deleting_a_decision_takes_its_tradeoffs_and_links_and_undo_brings_them_back() {
    let (_dir, mut store) = temp_store();
    let (decision, tradeoff, lesson, _) = chain(&mut store);
    let deleted = store.delete(&decision.id).unwrap();
    assert_eq!(deleted, vec![tradeoff.id.clone(), decision.id.clone()]);
    assert!(store.find::<TradeOff>(&tradeoff.id).unwrap().is_none());
    assert!(store.links_to(&lesson.id).unwrap().is_empty());

    store.undo().unwrap();
    let trace = store.trace_decision(&decision.id).unwrap();
    assert_eq!(trace.tradeoffs.len(), 1);
    assert_eq!(trace.tradeoffs[0].lessons[0].lesson.id, lesson.id);
}

#[test]
fn a_failed_transaction_leaves_nothing_half_written() {
    let (_dir, mut store) = temp_store();
    let decision = Decision::new("Written, then rolled back");
    let err = store
        .write("two records, the second broken", |w| {
            w.put(&decision)?;
            // A trade-off of a decision that does not exist fails the whole transaction.
            w.put(&TradeOff::new("dec-missing", "Orphan"))
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("decision_id refers to 'dec-missing'"),
        "the error names the field: {err}"
    );
    assert!(store.find::<Decision>(&decision.id).unwrap().is_none());
    assert!(store.search("rolled back", 10).unwrap().is_empty());
    assert!(store.history(&decision.id).unwrap().is_empty());
    assert!(store.next_undo().unwrap().is_none());
}

#[test]
fn records_are_checked_before_they_are_written() {
    let (_dir, mut store) = temp_store();
    let err = store.put(&Decision::new("  ")).unwrap_err();
    assert!(
        err.to_string().contains("'title' must not be empty"),
        "{err}"
    );

    let decision = Decision::new("A decision");
    store.put(&decision).unwrap();
    let mut lesson = Lesson::new("Same id, other kind");
    lesson.id = decision.id.clone();
    assert!(matches!(
        store.put(&lesson),
        Err(StoreError::KindChange { .. })
    ));
    assert!(matches!(
        store.get::<Lesson>(&decision.id),
        Err(StoreError::WrongKind { .. })
    ));
    // A decision cannot be "motivated by" anything: only trade-offs are.
    let err = store
        .link(&Link::new(
            &decision.id,
            Relation::MotivatedBy,
            &decision.id,
        ))
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot go from a decision"),
        "{err}"
    );
}

#[test]
fn search_ranks_titles_first_and_marks_the_words_found() {
    let (_dir, mut store) = temp_store();
    let (decision, _, _, incident) = chain(&mut store);
    let hits = store.search("polling", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&incident.id.as_str()));
    assert_eq!(
        hits[0].kind,
        Kind::Incident,
        "title match ranks first: {hits:?}"
    );

    let hits = store.search("five seconds", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("[five] [seconds]"),
        "{}",
        hits[0].snippet
    );

    assert_eq!(
        store.search("server pu", 10).unwrap()[0].id,
        decision.id,
        "prefixes match"
    );
    for hostile in [
        "\"",
        "NEAR(",
        "a OR",
        "*",
        "-x",
        "'; DROP TABLE records; --",
    ] {
        store.search(hostile, 10).unwrap();
    }
    store.delete(&incident.id).unwrap();
    assert!(
        store.search("melted", 10).unwrap().is_empty(),
        "deleted records leave the index"
    );
}

#[test]
fn traces_go_both_ways() {
    let (_dir, mut store) = temp_store();
    let (decision, tradeoff, lesson, incident) = chain(&mut store);
    // A second trade-off motivated directly by the incident.
    let direct = TradeOff::new(&decision.id, "Reconnect logic in every app");
    store.put(&direct).unwrap();
    store
        .link(&Link::new(&direct.id, Relation::MotivatedBy, &incident.id))
        .unwrap();

    let trace = store.trace_decision(&decision.id).unwrap();
    assert_eq!(trace.tradeoffs.len(), 2);
    let via_lesson = trace
        .tradeoffs
        .iter()
        .find(|t| t.tradeoff.id == tradeoff.id)
        .unwrap();
    assert_eq!(via_lesson.lessons[0].lesson.id, lesson.id);
    assert_eq!(
        via_lesson.lessons[0].learned_from,
        vec![incident.id.clone()]
    );
    assert_eq!(via_lesson.incidents[0].id, incident.id);
    let direct_trace = trace
        .tradeoffs
        .iter()
        .find(|t| t.tradeoff.id == direct.id)
        .unwrap();
    assert!(direct_trace.lessons.is_empty());
    assert_eq!(direct_trace.incidents[0].id, incident.id);

    let back = store.trace_incident(&incident.id).unwrap();
    assert_eq!(back.lessons[0].id, lesson.id);
    let mut tradeoffs: Vec<&str> = back.tradeoffs.iter().map(|t| t.id.as_str()).collect();
    tradeoffs.sort();
    let mut expected = vec![tradeoff.id.as_str(), direct.id.as_str()];
    expected.sort();
    assert_eq!(tradeoffs, expected);
    assert_eq!(back.decisions.len(), 1, "one decision, reached twice");
    assert_eq!(back.decisions[0].id, decision.id);
}

#[test]
fn ids_resolve_from_what_people_type() {
    let (_dir, mut store) = temp_store();
    load_demo(&mut store).unwrap();
    assert_eq!(
        store.resolve("dec-async-payments").unwrap().1,
        "dec-async-payments"
    );
    assert_eq!(store.resolve("ADR-3").unwrap().1, "dec-async-payments");
    assert_eq!(store.resolve("3").unwrap().1, "dec-async-payments");
    assert_eq!(
        store.resolve("inc-2024-019").unwrap().1,
        "inc-checkout-crash"
    );
    assert_eq!(store.resolve("tof-push-g").unwrap().1, "tof-push-gateway");
    assert!(matches!(
        store.resolve("tof-push"),
        Err(StoreError::Ambiguous { .. })
    ));
    assert!(matches!(
        store.resolve("nope"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn the_demo_workspace_tells_the_whole_story() {
    let (_dir, mut store) = temp_store();
    let added = load_demo(&mut store).unwrap().added;
    let incidents: Vec<Incident> = store.list().unwrap();
    let lessons: Vec<Lesson> = store.list().unwrap();
    let decisions: Vec<Decision> = store.list().unwrap();
    let tradeoffs: Vec<TradeOff> = store.list().unwrap();
    let actions: Vec<ActionItem> = store.list().unwrap();
    let checklists: Vec<Checklist> = store.list().unwrap();
    let reviews: Vec<Review> = store.list().unwrap();
    assert!(incidents.len() >= 6);
    assert!(lessons.len() >= 8);
    assert!(decisions.len() >= 8);
    assert!(tradeoffs.len() >= 15);
    assert_eq!(checklists.len(), 8);
    assert_eq!(
        added,
        incidents.len()
            + lessons.len()
            + decisions.len()
            + tradeoffs.len()
            + actions.len()
            + checklists.len()
            + reviews.len()
    );

    let statuses: std::collections::HashSet<_> = decisions.iter().map(|d| d.status).collect();
    assert!(statuses.len() >= 4, "mixed statuses: {statuses:?}");
    let superseded = decisions
        .iter()
        .find(|d| d.status == DecisionStatus::Superseded)
        .expect("one superseded decision");
    assert!(
        store
            .links_to(&superseded.id)
            .unwrap()
            .iter()
            .any(|l| l.relation == Relation::Supersedes),
        "the superseded decision has its successor"
    );
    for tradeoff in &tradeoffs {
        let motivated = store.links_from(&tradeoff.id).unwrap();
        assert!(
            motivated
                .iter()
                .any(|l| l.relation == Relation::MotivatedBy),
            "{} is motivated by a lesson or an incident",
            tradeoff.id
        );
    }
    for lesson in &lessons {
        assert!(
            !store
                .trace_incident(&store.links_from(&lesson.id).unwrap()[0].to_id)
                .unwrap()
                .decisions
                .is_empty(),
            "{}: its incident changed a decision",
            lesson.id
        );
    }
    assert!(actions.iter().any(|a| a.owner.is_some() && a.due.is_some()));
    assert!(
        actions
            .iter()
            .any(|a| a.status == hindsight::domain::ActionStatus::Done)
    );
    assert!(
        actions
            .iter()
            .any(|a| a.status == hindsight::domain::ActionStatus::Open)
    );
    let review = &reviews[0];
    assert!(review.signoffs.len() >= 2);
    let checklist: Checklist = store.get(&review.checklist_id).unwrap();
    assert_eq!(
        review.answers.len(),
        checklist.items.len(),
        "the review is finished"
    );
    for decision in &decisions {
        assert!(
            !decision.summary.is_empty(),
            "{} has a plain-language summary",
            decision.id
        );
    }
    for incident in &incidents {
        incident.validate().unwrap();
        assert!(
            incident.time_to_mitigate().is_some(),
            "{} has its times",
            incident.id
        );
        // The six written up in full have a timeline; the history around them is brief.
        if !incident.id.starts_with("inc-h") {
            assert!(!incident.timeline.is_empty(), "{}", incident.id);
        }
        assert!(!incident.tags.is_empty(), "{} has tags", incident.id);
    }

    // Loading again adds nothing and keeps edits.
    let mut edited = decisions[0].clone();
    edited.title = "Edited by the team".into();
    store.put(&edited).unwrap();
    assert_eq!(load_demo(&mut store).unwrap().added, 0);
    assert_eq!(
        store.get::<Decision>(&edited.id).unwrap().title,
        "Edited by the team"
    );
}

#[test]
fn an_older_file_is_backed_up_then_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let decision = Decision::new("Kept across the upgrade");
    {
        let mut store = Store::open(&path).unwrap();
        store.put(&decision).unwrap();
    }
    // Make it a version-1 file: the schema before import provenance existed.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE sources; DROP TABLE meta; DROP TABLE conflicts; PRAGMA user_version = 1;
             PRAGMA application_id = 0;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    assert_eq!(store.get::<Decision>(&decision.id).unwrap(), decision);
    assert!(store.sources().unwrap().is_empty());
    let backups = store.backups().unwrap();
    assert_eq!(backups.len(), 1, "the version-1 file was backed up first");
    assert_eq!(backups[0].reason, "before-upgrade-v1");
    assert!(backups[0].path.starts_with(dir.path().join("backups")));
    let conn = rusqlite::Connection::open(&backups[0].path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn undo_and_history_name_a_link_by_the_titles_of_its_records() {
    let (_dir, mut store) = temp_store();
    let (_, tradeoff, lesson, _) = chain(&mut store);
    let mut session = hindsight::session::Session::new(store).unwrap();
    session
        .apply(hindsight::session::Command::Unlink(Link::new(
            &tradeoff.id,
            Relation::MotivatedBy,
            &lesson.id,
        )))
        .unwrap();
    let undone = session
        .apply(hindsight::session::Command::Undo)
        .unwrap()
        .message
        .unwrap();
    assert!(undone.contains(&tradeoff.title), "{undone}");
    assert!(undone.contains(&lesson.statement[..20]), "{undone}");
    assert!(undone.contains("motivated by"), "{undone}");
    for id in [&tradeoff.id, &lesson.id] {
        assert!(!undone.contains(id.as_str()), "{undone}");
    }
}
