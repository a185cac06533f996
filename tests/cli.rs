//! The command line as a process: each command, the `--json` shapes, `check` on crafted
//! workspaces, and every kind of bad input.

use std::path::Path;
use std::process::{Command, Output};

use hindsight::domain::{
    ActionItem, ActionStatus, Decision, DecisionStatus, Incident, IncidentStatus, TradeOff,
};
use hindsight::store::Store;
use serde_json::Value;

mod common;

use common::corpus;

fn hindsight(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HINDSIGHT_DB")
        .output()
        .expect("the binary runs")
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

#[track_caller]
fn fails_with(db: &Path, args: &[&str], words: &[&str]) {
    let out = hindsight(db, args);
    assert_eq!(out.status.code(), Some(2), "{args:?} exits with 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for word in words {
        assert!(stderr.contains(word), "{args:?}: '{word}' in {stderr}");
    }
}

fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    (dir, db)
}

#[test]
fn a_missing_workspace_is_created_with_the_demo_and_demo_is_idempotent() {
    let (_dir, db) = demo_db();
    let out = hindsight(&db, &["demo"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 records added"),
        "created with the demo already"
    );
    let decisions = json(&db, &["list", "decisions", "--json"]);
    assert!(decisions.as_array().unwrap().len() >= 8);
    hindsight(&db, &["demo"]);
    assert_eq!(json(&db, &["list", "decisions", "--json"]), decisions);
}

#[test]
fn the_environment_variable_names_the_workspace() {
    let (dir, db) = demo_db();
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["list", "lessons"])
        .env("HINDSIGHT_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("les-fanout-polling"));
    assert!(dir.path().join("ws.db").exists());
}

#[test]
fn list_gives_the_fields_scripts_need_for_each_kind() {
    let (_dir, db) = demo_db();
    let required: &[(&str, &[&str])] = &[
        ("decisions", &["number", "status", "date"]),
        ("tradeoffs", &["decision_id", "gain", "cost", "risk"]),
        ("lessons", &["statement", "category"]),
        ("incidents", &["severity", "status", "started_at"]),
        ("actions", &["owner", "due", "status"]),
        ("checklists", &["items"]),
        ("reviews", &["decision_id", "signoffs"]),
    ];
    for (kind, fields) in required {
        let list = json(&db, &["list", kind, "--json"]);
        let items = list.as_array().unwrap();
        assert!(!items.is_empty(), "{kind}");
        for item in items {
            for field in ["id", "title", "kind"].iter().chain(fields.iter()) {
                assert!(item.get(*field).is_some(), "{kind}: {field} in {item}");
            }
            assert!(item["title"].as_str().is_some_and(|t| !t.is_empty()));
        }
    }
    let text = String::from_utf8(hindsight(&db, &["list", "incidents"]).stdout).unwrap();
    assert!(text.starts_with("ID"), "{text}");
    assert!(text.contains("INC-2024-019"));
}

#[test]
fn show_decision_includes_tradeoffs_with_their_motivations() {
    let (_dir, db) = demo_db();
    let decision = json(&db, &["show", "decision", "ADR-3", "--json"]);
    assert_eq!(decision["id"], "dec-async-payments");
    let tradeoffs = decision["tradeoffs"].as_array().unwrap();
    assert_eq!(tradeoffs.len(), 2);
    let pending = tradeoffs
        .iter()
        .find(|t| t["id"] == "tof-payments-pending")
        .unwrap();
    let motivated: Vec<(&str, &str)> = pending["motivated_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["kind"].as_str().unwrap(), m["id"].as_str().unwrap()))
        .collect();
    assert!(motivated.contains(&("lesson", "les-queue-payments")));
    assert!(motivated.contains(&("incident", "inc-checkout-crash")));
    assert!(pending["motivated_by"][0]["title"].is_string());

    let text =
        String::from_utf8(hindsight(&db, &["show", "decision", "dec-async-payments"]).stdout)
            .unwrap();
    assert!(
        text.starts_with("Decision: Payments are processed asynchronously"),
        "{text}"
    );
    assert!(text.contains("## Trade-offs"));
    let incident = json(&db, &["show", "incident", "INC-2024-019", "--json"]);
    assert!(incident["actions"].as_array().unwrap().len() >= 2);
}

#[test]
fn trace_follows_the_chain_both_ways() {
    let (_dir, db) = demo_db();
    let trace = json(&db, &["trace", "dec-order-push", "--json"]);
    assert_eq!(trace["decision"]["id"], "dec-order-push");
    let tradeoffs = trace["tradeoffs"].as_array().unwrap();
    assert_eq!(tradeoffs.len(), 2);
    for t in tradeoffs {
        assert!(t["title"].is_string());
        assert_eq!(t["lessons"][0]["id"], "les-fanout-polling");
        let learned = t["lessons"][0]["learned_from"].as_array().unwrap();
        assert!(
            learned.iter().any(|i| i == "inc-order-polling"),
            "{learned:?}"
        );
        let incidents = t["incidents"].as_array().unwrap();
        assert!(incidents.iter().any(|i| i["id"] == "inc-order-polling"));
    }
    let back = json(&db, &["trace", "inc-order-polling", "--json"]);
    assert_eq!(back["incident"]["id"], "inc-order-polling");
    let decisions: Vec<&str> = back["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(decisions.contains(&"dec-order-push"));
    assert!(decisions.contains(&"dec-polling-backoff"));

    let text = String::from_utf8(hindsight(&db, &["trace", "ADR-2"]).stdout).unwrap();
    assert!(
        text.contains("because of lesson: Polling from every client"),
        "{text}"
    );
    assert!(
        text.contains("learned from incident: INC-2024-007"),
        "{text}"
    );
    fails_with(
        &db,
        &["trace", "les-fanout-polling"],
        &["decision or an incident", "lesson"],
    );
}

#[test]
fn search_finds_records_with_snippets() {
    let (_dir, db) = demo_db();
    let hits = json(&db, &["search", "connection", "pool", "--json"]);
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        for key in ["kind", "id", "title", "snippet"] {
            assert!(hit[key].is_string(), "{key} in {hit}");
        }
    }
    let top: Vec<&str> = hits
        .iter()
        .take(3)
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        top.contains(&"les-bounded-pools") && top.contains(&"dec-bounded-pool"),
        "records named for it rank first: {top:?}"
    );
    let none = json(&db, &["search", "xylophone", "--json"]);
    assert_eq!(none, Value::Array(vec![]));
}

#[test]
fn check_reports_each_rule_on_a_crafted_workspace() {
    let (_dir, db) = demo_db();
    let mut store = Store::open(&db).unwrap();
    hindsight::demo::load_demo(&mut store).unwrap();
    // One of each problem.
    let mut accepted = Decision::new("Accepted with a bare trade-off");
    accepted.status = DecisionStatus::Accepted;
    let bare = TradeOff::new(&accepted.id, "Nobody knows why");
    let mut superseded = Decision::new("Old and orphaned");
    superseded.status = DecisionStatus::Superseded;
    let mut unowned = ActionItem::new("Someone should do this");
    unowned.due = Some("2099-01-01".parse().unwrap());
    let mut overdue = ActionItem::new("Late");
    overdue.owner = Some("Sam".into());
    overdue.due = Some("2020-01-01".parse().unwrap());
    let mut done_late = ActionItem::new("Done, late, fine");
    done_late.owner = Some("Sam".into());
    done_late.due = Some("2020-01-01".parse().unwrap());
    done_late.status = ActionStatus::Done;
    let mut published = Incident::new("Published, taught nothing");
    published.status = IncidentStatus::Published;
    let draft = Incident::new("A draft may wait for its lesson");
    store
        .write("crafted", |w| {
            for r in [&accepted, &superseded] {
                w.put(r)?;
            }
            w.put(&bare)?;
            for a in [&unowned, &overdue, &done_late] {
                w.put(a)?;
            }
            w.put(&published)?;
            w.put(&draft)
        })
        .unwrap();
    drop(store);

    let out = hindsight(&db, &["check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expect = [
        ("unmotivated-tradeoff", bare.id.as_str()),
        ("superseded-without-successor", superseded.id.as_str()),
        ("action-without-owner", unowned.id.as_str()),
        ("action-overdue", overdue.id.as_str()),
        ("incident-without-lesson", published.id.as_str()),
        // From the demo: signed off, then changed; reviewed and never signed.
        ("awaiting-signoff", "dec-order-push"),
        ("awaiting-signoff", "dec-analytics-warehouse"),
        // From the demo: due for a second look since March 2026.
        ("revisit-due", "dec-bounded-pool"),
    ];
    for (rule, id) in expect {
        assert!(
            found.contains(&(rule.to_string(), id.to_string())),
            "{rule} {id} in {found:?}"
        );
    }
    for (_, id) in &found {
        assert!(
            ![&draft.id, &done_late.id, &accepted.id, "dec-async-payments"].contains(&id.as_str()),
            "no finding for {id}"
        );
    }
    let text = String::from_utf8(hindsight(&db, &["check"]).stdout).unwrap();
    assert!(text.contains("unmotivated-tradeoff: tradeoff"), "{text}");
    assert!(
        text.contains("awaiting-signoff: decision dec-order-push “Order tracking uses server push instead of polling”: awaits sign-off: the decision changed after the sign-off of Grace Kim (CTO); ask for a new sign-off"),
        "{text}"
    );
}

#[test]
fn check_passes_a_clean_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clean.db");
    let mut store = Store::open(&db).unwrap();
    common::chain(&mut store);
    drop(store);
    let out = hindsight(&db, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("No findings"));
}

#[test]
fn bad_input_gets_one_clear_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, db) = demo_db();
    fails_with(
        dir.path(),
        &["list", "decisions"],
        &["is a folder", &dir.path().display().to_string()],
    );

    let text_file = dir.path().join("notes.md");
    std::fs::write(&text_file, "# Not a database\n".repeat(100)).unwrap();
    fails_with(
        &text_file,
        &["list", "decisions"],
        &["notes.md", "not a Hindsight workspace"],
    );

    let newer = dir.path().join("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA application_id = 1212763716; PRAGMA user_version = 42;")
        .unwrap();
    fails_with(
        &newer,
        &["list", "decisions"],
        &["newer.db", "newer Hindsight", "42"],
    );

    fails_with(
        &db,
        &["show", "decision", "dec-nope"],
        &["no record", "dec-nope"],
    );
    fails_with(&db, &["trace", "nothing-here"], &["nothing-here"]);
    fails_with(
        &db,
        &["list", "widgets"],
        &["unknown kind 'widgets'", "decisions"],
    );
    fails_with(
        &db,
        &["show", "lesson", "dec-async-payments"],
        &["dec-async-payments", "is a decision, not a lesson"],
    );
}

#[test]
fn no_command_without_a_display_says_so_in_one_line() {
    let (_dir, db) = demo_db();
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("--db")
        .arg(&db)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot open the window"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        db.exists(),
        "the workspace was still created, with the demo"
    );
}

#[test]
fn import_reports_every_file_and_export_writes_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let folder = corpus("adr-tools");
    let out = hindsight(&db, &["import", folder.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("created  decision  0009-help-scripts.md  “Help scripts” (adr-tools)"),
        "{stdout}"
    );
    assert!(stdout.contains("skipped  SOURCE: not a record"), "{stdout}");
    assert!(
        stdout.ends_with("9 created, 0 updated, 2 skipped, 0 failed.\n"),
        "{stdout}"
    );
    // A new workspace file made by import has no demo records mixed in.
    let list = json(&db, &["list", "decisions", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 9);

    let again = json(&db, &["import", folder.to_str().unwrap(), "--json"]);
    assert_eq!(again["files"][0]["outcome"], "updated");

    let tree = dir.path().join("tree");
    let out = hindsight(&db, &["export", tree.to_str().unwrap()]);
    assert!(out.status.success());
    // The nine decisions, the index and the eight checklists every workspace comes with.
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Exported 18 files to "));
    assert!(tree.join("checklists").is_dir());
    assert!(tree.join("decisions/0009-help-scripts.md").exists());

    let adr = dir.path().join("adr");
    let out = hindsight(
        &db,
        &[
            "export",
            "--adr-tools",
            "--toc",
            "--graph",
            adr.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(adr.join("toc.md").exists() && adr.join("graph.dot").exists());
}

#[test]
fn import_names_the_files_it_could_not_read_and_exits_with_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    let bad = dir.path().join("0001-bad.md");
    std::fs::write(&bad, b"# 1. Bad\n\xff").unwrap();
    let out = hindsight(&db, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("failed   "), "{stdout}");
    assert!(stdout.contains("0001-bad.md: not UTF-8 text"), "{stdout}");
    // --toc only means something with --adr-tools.
    let out = hindsight(
        &db,
        &["export", "--toc", dir.path().join("x").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    // Exporting onto a file names it.
    fails_with(
        &db,
        &["export", bad.to_str().unwrap()],
        &["0001-bad.md", "not a folder"],
    );
}

#[test]
fn report_writes_html_or_markdown_for_the_workspace_or_one_decision() {
    let (dir, db) = demo_db();
    let html = dir.path().join("report.html");
    let out = hindsight(&db, &["report", "-o", html.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with(&format!(
            "Wrote {} (10 decisions, 18 incidents, ",
            html.display()
        )),
        "{said}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<section class=\"decision\"").count(), 10);

    let md = dir.path().join("adr-3.md");
    let out = hindsight(
        &db,
        &[
            "report",
            "--output",
            md.to_str().unwrap(),
            "--decision",
            "ADR-3",
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with(
            "# Why we decided: ADR-3: Payments are processed asynchronously through a queue"
        ),
        "{text}"
    );
    // Each trade-off under its own heading: what we gain, what it costs, why.
    assert!(text.contains("#### 'Pending' for a few seconds; no payment lost at peak (low risk)"));
    assert!(text.contains("**What we gain:** A rush of 10,000 payments waits in line"));
    assert!(text.contains("**What it costs:** Customers see 'Payment pending'"));
    assert!(text.contains("**Why (incident → lesson):** [Checkout crashed under 10,000"));

    let forced = dir.path().join("report.txt");
    let out = hindsight(
        &db,
        &["report", "-o", forced.to_str().unwrap(), "--format", "md"],
    );
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&forced)
            .unwrap()
            .starts_with("# Why we built it this way")
    );

    let out = hindsight(
        &db,
        &[
            "report",
            "-o",
            md.to_str().unwrap(),
            "--decision",
            "les-fanout-polling",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "hindsight: les-fanout-polling: is a lesson, not a decision; a report is about decisions"
    );
    let nowhere = dir.path().join("no/such/folder/r.html");
    let out = hindsight(&db, &["report", "-o", nowhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder/r.html"));
}

#[test]
fn new_set_and_link_for_scripts_and_hooks() {
    let (_dir, db) = demo_db();
    // new: prints the id; numbered after the last decision; supersedes marks and links.
    let out = hindsight(&db, &["new", "decision", "Use a queue for refunds"]);
    assert!(out.status.success());
    let first = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(first.starts_with("dec-"), "{first}");
    let made = json(
        &db,
        &[
            "new",
            "decision",
            "Refunds through the payment queue",
            "--supersedes",
            &first,
            "--json",
        ],
    );
    let second = made["id"].as_str().unwrap().to_string();
    assert_eq!(made["kind"], "decision");
    let store = Store::open(&db).unwrap();
    let old: Decision = store.get(&first).unwrap();
    let new: Decision = store.get(&second).unwrap();
    assert_eq!(old.status, DecisionStatus::Superseded);
    assert_eq!(new.number, old.number.map(|n| n + 1));
    assert!(
        store
            .links_from(&second)
            .unwrap()
            .iter()
            .any(|l| l.to_id == first && l.relation.as_str() == "supersedes")
    );
    drop(store);
    // set: a top-level field, typed as the field holds it.
    assert!(
        hindsight(&db, &["set", &second, "status", "accepted"])
            .status
            .success()
    );
    assert!(
        hindsight(&db, &["set", &second, "tags", "payments, refunds"])
            .status
            .success()
    );
    let shown = json(&db, &["show", "decision", &second, "--json"]);
    assert_eq!(shown["status"], "accepted");
    assert_eq!(shown["tags"], serde_json::json!(["payments", "refunds"]));
    fails_with(
        &db,
        &["set", &second, "statsu", "accepted"],
        &["no field", "statsu"],
    );
    fails_with(
        &db,
        &["set", &second, "status", "maybe"],
        &["status", "maybe"],
    );
    fails_with(
        &db,
        &["set", "dec-nothing", "status", "accepted"],
        &["dec-nothing"],
    );
    // link: relations checked for the kinds they join.
    let lesson = String::from_utf8_lossy(
        &hindsight(&db, &["new", "lesson", "Refunds need idempotency keys"]).stdout,
    )
    .trim()
    .to_string();
    assert!(
        hindsight(&db, &["link", &second, "relates-to", "ADR-3"])
            .status
            .success()
    );
    assert!(
        hindsight(&db, &["link", &lesson, "learned-from", "INC-2024-019"])
            .status
            .success()
    );
    fails_with(
        &db,
        &["link", &second, "learned-from", "ADR-3"],
        &["learned-from"],
    );
    fails_with(&db, &["link", &second, "causes", "ADR-3"], &["causes"]);
    // Each is one undo step.
    let mut store = Store::open(&db).unwrap();
    store.undo().unwrap();
    assert!(store.links_from(&lesson).unwrap().is_empty());
    store.undo().unwrap();
    assert!(
        !store
            .links_from(&second)
            .unwrap()
            .iter()
            .any(|l| l.relation.as_str() == "relates-to")
    );
}
