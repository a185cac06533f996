//! Every kind from the command line, as a process: `new tradeoff|action|checklist|review`,
//! `answer` and `sign-off` make what the window makes, each as one change (one undo step);
//! `show` gives a decision's sign-offs with `outdated` and a review's items numbered; bad
//! input is one line naming it, exit 2, and nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::hindsight;
use hindsight::store::Store;
use serde_json::Value;

/// The one line a successful command prints (a new record's id).
#[track_caller]
fn id(db: &Path, args: &[&str]) -> String {
    let out = hindsight(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{args:?} prints one line: {text}");
    text.trim().to_string()
}

#[track_caller]
fn json(db: &Path, args: &[&str]) -> Value {
    let out = hindsight(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// Exit 2, one line on stderr naming `words`, and the workspace as it was.
#[track_caller]
fn refused(db: &Path, args: &[&str], words: &[&str]) {
    let before = (snapshot(db), last_change(db));
    let out = hindsight(db, args);
    assert_eq!(out.status.code(), Some(2), "{args:?} exits with 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for word in words {
        assert!(stderr.contains(word), "{args:?}: '{word}' in {stderr}");
    }
    assert!(out.stdout.is_empty(), "{args:?} prints nothing");
    assert_eq!(
        (snapshot(db), last_change(db)),
        before,
        "{args:?} wrote nothing"
    );
}

/// Every record of every kind, as `list --json` gives them.
fn snapshot(db: &Path) -> Vec<Value> {
    [
        "decisions",
        "tradeoffs",
        "lessons",
        "incidents",
        "actions",
        "checklists",
        "reviews",
    ]
    .iter()
    .map(|kind| json(db, &["list", kind, "--json"]))
    .collect()
}

/// The id and summary of the change an undo would revert.
fn last_change(db: &Path) -> Option<(i64, String)> {
    let store = Store::open(db).unwrap();
    store.next_undo().unwrap().map(|c| (c.id, c.summary))
}

fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    // Created with the demo workspace.
    assert!(hindsight(&db, &["demo"]).status.success());
    (dir, db)
}

/// Runs a command that must make exactly one change, and returns what it printed.
#[track_caller]
fn one_change(db: &Path, args: &[&str]) -> String {
    let before = last_change(db).map(|c| c.0).unwrap_or(0);
    let printed = id(db, args);
    let store = Store::open(db).unwrap();
    let after = store.next_undo().unwrap().expect("a change").id;
    assert_eq!(after, before + 1, "{args:?} is one change");
    printed
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {list}"))
}

#[test]
fn new_tradeoff_action_checklist_and_review_are_made_as_the_window_makes_them() {
    let (_dir, db) = demo_db();
    let today = chrono::Utc::now().date_naive().to_string();

    // A trade-off of a decision named by ADR number, in both spellings.
    let tof = one_change(
        &db,
        &[
            "new",
            "tradeoff",
            "Refunds wait in line",
            "--decision",
            "ADR-3",
        ],
    );
    assert!(tof.starts_with("tof-"), "{tof}");
    let other = one_change(
        &db,
        &["new", "tradeoff", "  A second queue  ", "--decision", "3"],
    );
    let decision = json(&db, &["show", "decision", "ADR-3", "--json"]);
    let tradeoffs = &decision["tradeoffs"];
    assert_eq!(find(tradeoffs, &tof)["title"], "Refunds wait in line");
    assert_eq!(find(tradeoffs, &other)["title"], "A second queue");
    assert_eq!(find(tradeoffs, &tof)["decision_id"], "dec-async-payments");

    // An action item of an incident (by reference), with owner and due date; --json gives the
    // record.
    let action = json(
        &db,
        &[
            "new",
            "action",
            "Page someone on dead letters",
            "--owner",
            "Lena Fischer",
            "--due",
            "2027-01-15",
            "--incident",
            "INC-2024-019",
            "--json",
        ],
    );
    assert_eq!(action["kind"], "action");
    assert_eq!(action["title"], "Page someone on dead letters");
    let action_id = action["id"].as_str().unwrap();
    let incident = json(&db, &["show", "incident", "INC-2024-019", "--json"]);
    let listed = find(&incident["actions"], action_id);
    assert_eq!(listed["owner"], "Lena Fischer");
    assert_eq!(listed["due"], "2027-01-15");
    assert_eq!(listed["status"], "open");
    assert_eq!(listed["source_id"], "inc-checkout-crash");
    assert_eq!(listed["opened_on"], today.as_str());
    // … of a review, and of nothing.
    let of_review = one_change(
        &db,
        &["new", "action", "Name an owner", "--review", "rev-async"],
    );
    let loose = one_change(&db, &["new", "action", "Tidy up"]);
    let actions = json(&db, &["list", "actions", "--json"]);
    assert_eq!(
        find(&actions, &of_review)["source_id"],
        "rev-async-payments"
    );
    assert_eq!(find(&actions, &loose)["source_id"], Value::Null);
    assert_eq!(find(&actions, &loose)["owner"], Value::Null);

    // A checklist, empty.
    let checklist = one_change(&db, &["new", "checklist", "Refund flows"]);
    let shown = json(&db, &["show", "checklist", &checklist, "--json"]);
    assert_eq!(shown["name"], "Refund flows");
    assert_eq!(shown["items"], serde_json::json!([]));

    // A review, titled as the window's Start review titles it, dated today, nothing answered.
    let review = one_change(
        &db,
        &[
            "new",
            "review",
            "--decision",
            "ADR-3",
            "--checklist",
            "chk-concurrency",
        ],
    );
    let shown = json(&db, &["show", "review", &review, "--json"]);
    assert_eq!(
        shown["title"],
        "Concurrency and transactions review of ADR-3: Payments are processed asynchronously through a queue"
    );
    assert_eq!(shown["decision_id"], "dec-async-payments");
    assert_eq!(shown["checklist_id"], "chk-concurrency");
    assert_eq!(shown["date"], today.as_str());
    let items = shown["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|i| i["answer"] == "unanswered"));

    // `new decision --json` gives the whole record too, still with id, kind and title.
    let made = json(&db, &["new", "decision", "Refunds by queue", "--json"]);
    assert_eq!(made["kind"], "decision");
    assert_eq!(made["title"], "Refunds by queue");
    assert_eq!(made["status"], "proposed");
    assert!(made["number"].as_u64().is_some());

    // Each was one undo step: undoing the review's change removes the review alone.
    let mut store = Store::open(&db).unwrap();
    store.undo().unwrap(); // the decision
    store.undo().unwrap(); // the review
    assert!(store.kind_of(&review).unwrap().is_none());
    assert!(store.kind_of(&checklist).unwrap().is_some());
}

#[test]
fn answer_takes_the_item_number_or_its_id_and_records_what_the_window_records() {
    let (_dir, db) = demo_db();
    let review = id(
        &db,
        &[
            "new",
            "review",
            "--decision",
            "2",
            "--checklist",
            "chk-concurrency",
        ],
    );
    // The numbers are the walk order `show` prints.
    let text = String::from_utf8(hindsight(&db, &["show", "review", &review]).stdout).unwrap();
    assert!(
        text.contains("5. [unanswered] Is there an owner and a procedure"),
        "{text}"
    );

    assert_eq!(
        one_change(
            &db,
            &[
                "answer",
                &review,
                "5",
                "risk",
                "--note",
                "Nobody owns the dead letters."
            ]
        ),
        review
    );
    one_change(&db, &["answer", &review, "con-1", "ok"]);
    one_change(&db, &["answer", &review, "6", "n/a"]);
    let answered = json(&db, &["answer", &review, "2", "na", "--json"]);
    assert_eq!(answered["id"], review.as_str());
    let items = answered["items"].as_array().unwrap();
    let item = |n: usize| &items[n - 1];
    assert_eq!(item(5)["id"], "con-5");
    assert_eq!(item(5)["answer"], "risk");
    assert_eq!(item(5)["note"], "Nobody owns the dead letters.");
    assert_eq!(item(1)["answer"], "ok");
    assert_eq!(item(2)["answer"], "n/a");
    assert_eq!(item(6)["answer"], "n/a");
    assert_eq!(item(3)["answer"], "unanswered");
    // Stored as the window stores it: one answer per item, by item id.
    let stored = &answered["answers"];
    let risk = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["item_id"] == "con-5")
        .unwrap();
    assert_eq!(risk["answer"], "risk");
    // A risk counts in the list of reviews.
    let reviews = json(&db, &["list", "reviews", "--json"]);
    assert_eq!(
        find(&reviews, &review)["answers"].as_array().unwrap().len(),
        4
    );

    // The same answer again changes nothing and writes nothing.
    let before = last_change(&db);
    assert_eq!(id(&db, &["answer", &review, "con-1", "ok"]), review);
    assert_eq!(last_change(&db), before);
    // A new answer keeps the note; a new note replaces it.
    one_change(&db, &["answer", &review, "5", "ok"]);
    let shown = json(&db, &["show", "review", &review, "--json"]);
    assert_eq!(shown["items"][4]["answer"], "ok");
    assert_eq!(shown["items"][4]["note"], "Nobody owns the dead letters.");
}

#[test]
fn a_signoff_keeps_the_decision_as_signed_and_shows_outdated_after_an_edit() {
    let (_dir, db) = demo_db();
    let decision = id(&db, &["new", "decision", "Refunds go through the queue"]);
    let tradeoff = id(
        &db,
        &[
            "new",
            "tradeoff",
            "Refunds take a minute",
            "--decision",
            &decision,
        ],
    );
    // Nothing signed yet.
    let shown = json(&db, &["show", "decision", &decision, "--json"]);
    assert_eq!(shown["signoffs"], serde_json::json!([]));

    // A decision with no review: the sign-off goes into a new "Sign-off of …" review.
    let started = chrono::Utc::now();
    let signed = json(
        &db,
        &[
            "sign-off",
            &decision,
            "--name",
            "Grace Kim",
            "--role",
            "CTO",
            "--verdict",
            "approved-with-concerns",
            "--comment",
            "Tell support first.",
            "--json",
        ],
    );
    assert_eq!(signed["decision_id"], decision.as_str());
    assert_eq!(signed["verdict"], "concerns");
    assert_eq!(signed["outdated"], false);
    let review_id = signed["review_id"].as_str().unwrap().to_string();
    let review = json(&db, &["show", "review", &review_id, "--json"]);
    assert!(
        review["title"]
            .as_str()
            .unwrap()
            .starts_with("Sign-off of ADR-"),
        "{}",
        review["title"]
    );
    let stored = &review["signoffs"][0];
    assert_eq!(stored["name"], "Grace Kim");
    assert_eq!(stored["role"], "CTO");
    assert_eq!(stored["comment"], "Tell support first.");
    let at: chrono::DateTime<chrono::Utc> = stored["at"].as_str().unwrap().parse().unwrap();
    assert!(at >= started - chrono::Duration::seconds(1) && at <= chrono::Utc::now());
    // The fingerprint of the decision and its trade-off as they stand.
    let store = Store::open(&db).unwrap();
    assert_eq!(
        stored["decision_fingerprint"],
        store.fingerprint_of(&decision).unwrap().as_str()
    );
    drop(store);

    let shown = json(&db, &["show", "decision", &decision, "--json"]);
    let entry = &shown["signoffs"][0];
    assert_eq!(entry["name"], "Grace Kim");
    assert_eq!(entry["outdated"], false);
    assert_eq!(entry["review_id"], review_id.as_str());
    assert!(shown.get("signoff_warning").is_none(), "{shown}");
    let text = String::from_utf8(hindsight(&db, &["show", "decision", &decision]).stdout).unwrap();
    assert!(
        text.contains("- Grace Kim (CTO): approved with concerns")
            && text.contains("outdated: false"),
        "{text}"
    );

    // The decision changes: the sign-off is outdated, in JSON and in text.
    assert!(
        hindsight(&db, &["set", &decision, "status", "accepted"])
            .status
            .success()
    );
    let shown = json(&db, &["show", "decision", &decision, "--json"]);
    assert_eq!(shown["signoffs"][0]["outdated"], true);
    assert!(
        shown["signoff_warning"]
            .as_str()
            .unwrap()
            .contains("Grace Kim (CTO)"),
        "{shown}"
    );
    let text = String::from_utf8(hindsight(&db, &["show", "decision", &decision]).stdout).unwrap();
    assert!(text.contains("outdated: true"), "{text}");
    assert!(text.contains("ask for a new sign-off"), "{text}");

    // Signed again, on the review: current again, and in that review (one change).
    let into = one_change(
        &db,
        &[
            "sign-off",
            &review_id,
            "--name",
            "Grace Kim",
            "--role",
            "CTO",
            "--verdict",
            "approved",
        ],
    );
    assert_eq!(into, review_id);
    let shown = json(&db, &["show", "decision", &decision, "--json"]);
    assert_eq!(
        shown["signoffs"].as_array().unwrap().len(),
        1,
        "latest per person"
    );
    assert_eq!(shown["signoffs"][0]["outdated"], false);
    assert_eq!(shown["signoffs"][0]["verdict"], "approved");

    // A trade-off edited after it outdates it too; the review shows it as well.
    assert!(
        hindsight(&db, &["set", &tradeoff, "cost", "A minute's wait"])
            .status
            .success()
    );
    let shown = json(&db, &["show", "decision", &decision, "--json"]);
    assert_eq!(shown["signoffs"][0]["outdated"], true);
    let review = json(&db, &["show", "review", &review_id, "--json"]);
    assert_eq!(review["signoffs"][1]["outdated"], true);

    // A decision with reviews: the sign-off goes into its newest one.
    let newest = id(
        &db,
        &[
            "new",
            "review",
            "--decision",
            &decision,
            "--checklist",
            "chk-caching",
        ],
    );
    let signed = json(
        &db,
        &[
            "sign-off",
            &decision,
            "--name",
            "Daniel Ortiz",
            "--role",
            "Head of Finance",
            "--verdict",
            "rejected",
            "--json",
        ],
    );
    assert_eq!(signed["review_id"], newest.as_str());
    assert_eq!(signed["verdict"], "rejected");
    assert_eq!(signed["comment"], "");
}

#[test]
fn bad_input_is_one_line_naming_it_and_nothing_is_written() {
    let (_dir, db) = demo_db();
    let review = id(
        &db,
        &[
            "new",
            "review",
            "--decision",
            "3",
            "--checklist",
            "chk-concurrency",
        ],
    );
    let sign = |id: &'static str, verdict: &'static str| {
        vec![
            "sign-off",
            id,
            "--name",
            "Grace Kim",
            "--role",
            "CTO",
            "--verdict",
            verdict,
        ]
    };
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        // Unknown ids, and ids of the wrong kind, named with their flag.
        (
            vec!["new", "tradeoff", "T", "--decision", "ADR-99"],
            &["--decision", "ADR-99"],
        ),
        (
            vec!["new", "tradeoff", "T", "--decision", "INC-2024-019"],
            &[
                "--decision",
                "inc-checkout-crash",
                "an incident, not a decision",
            ],
        ),
        (
            vec!["new", "action", "A", "--incident", "INC-1999-001"],
            &["--incident", "INC-1999-001"],
        ),
        (
            vec!["new", "action", "A", "--review", "ADR-3"],
            &["--review", "not a review"],
        ),
        (
            vec![
                "new",
                "review",
                "--decision",
                "3",
                "--checklist",
                "chk-nope",
            ],
            &["--checklist", "chk-nope"],
        ),
        (
            vec![
                "new",
                "review",
                "--decision",
                "dec-nope",
                "--checklist",
                "chk-caching",
            ],
            &["--decision", "dec-nope"],
        ),
        (vec!["answer", "rev-nope", "1", "ok"], &["rev-nope"]),
        (
            vec!["answer", "ADR-3", "1", "ok"],
            &["answer", "not a review"],
        ),
        (sign("dec-nope", "approved"), &["dec-nope"]),
        (
            sign("INC-2024-019", "approved"),
            &["sign-off", "an incident"],
        ),
        // Missing parts.
        (
            vec!["new", "tradeoff", "T"],
            &["new tradeoff", "--decision"],
        ),
        (
            vec!["new", "review", "--decision", "3"],
            &["new review", "--checklist"],
        ),
        (
            vec![
                "new",
                "review",
                "A title",
                "--decision",
                "3",
                "--checklist",
                "chk-caching",
            ],
            &["new review", "no title"],
        ),
        (
            vec!["new", "lesson", "L", "--decision", "3"],
            &["new lesson", "--decision"],
        ),
        (vec!["new", "checklist"], &["new checklist", "title"]),
        // Empty titles and names.
        (
            vec!["new", "tradeoff", "  ", "--decision", "3"],
            &["new tradeoff", "title", "empty"],
        ),
        (vec!["new", "checklist", ""], &["new checklist", "empty"]),
        (vec!["new", "action", ""], &["new action", "empty"]),
        (
            vec![
                "sign-off",
                "ADR-3",
                "--name",
                " ",
                "--role",
                "CTO",
                "--verdict",
                "approved",
            ],
            &["--name", "empty"],
        ),
        // Items out of range or unknown.
        (
            vec!["answer", review.as_str(), "7", "ok"],
            &["answer", "1 to 6", "no item 7"],
        ),
        (
            vec!["answer", review.as_str(), "0", "ok"],
            &["answer", "no item 0"],
        ),
        (
            vec!["answer", review.as_str(), "con-99", "ok"],
            &["answer", "con-99"],
        ),
        // Values not among those allowed.
        (
            vec!["answer", review.as_str(), "1", "maybe"],
            &["maybe", "ok, risk, na"],
        ),
        (
            sign("ADR-3", "perhaps"),
            &["--verdict", "perhaps", "approved-with-concerns"],
        ),
        (
            vec!["new", "action", "A", "--due", "next week"],
            &["--due", "next week", "YYYY-MM-DD"],
        ),
        (
            vec!["new", "action", "A", "--due", "2027-02-30"],
            &["--due", "2027-02-30"],
        ),
        (vec!["new", "widget", "W"], &["widget"]),
        (
            vec![
                "new",
                "action",
                "A",
                "--incident",
                "INC-2024-019",
                "--review",
                review.as_str(),
            ],
            &["--incident", "--review"],
        ),
    ];
    for (args, words) in &cases {
        refused(&db, args, words);
    }

    // A review with no checklist (the one a first sign-off makes) has nothing to answer.
    let decision = id(&db, &["new", "decision", "Unreviewed"]);
    let signed = json(
        &db,
        &[
            "sign-off",
            &decision,
            "--name",
            "Ann",
            "--role",
            "PM",
            "--verdict",
            "approved",
            "--json",
        ],
    );
    let bare = signed["review_id"].as_str().unwrap();
    refused(
        &db,
        &["answer", bare, "1", "ok"],
        &[bare, "no checklist items"],
    );
}
