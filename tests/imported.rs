//! What a team sees of its own imported collection, through the command line as a process: a
//! MADR decision's trade-off as the trace, `show`, `list` and the report tell it; the risk
//! nobody assessed; the checklists an imported workspace starts with; `set` on every kind.

use std::path::Path;
use std::process::{Command, Output};

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
fn stdout(db: &Path, args: &[&str]) -> String {
    let out = hindsight(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[track_caller]
fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(db, args)).expect("one JSON document")
}

/// A workspace made by importing the MADR corpus file about YAML front matter (its chosen
/// option has three pros and three cons), and the id of its decision.
fn madr_workspace(dir: &Path) -> (std::path::PathBuf, String) {
    let db = dir.join("team.db");
    let file = corpus("madr").join("0013-use-yaml-front-matter-for-meta-data.md");
    stdout(&db, &["import", file.to_str().unwrap()]);
    let decisions = json(&db, &["list", "decisions", "--json"]);
    let id = decisions[0]["id"].as_str().unwrap().to_string();
    (db, id)
}

#[test]
fn an_imported_tradeoff_says_its_risk_was_not_assessed_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (db, decision) = madr_workspace(dir.path());
    let trace = stdout(&db, &["trace", &decision]);
    assert!(trace.contains("(risk: not assessed)"), "{trace}");
    assert!(!trace.contains("medium"), "{trace}");
    let show = stdout(&db, &["show", "decision", &decision]);
    assert!(show.contains("(risk: not assessed)"), "{show}");
    let list = stdout(&db, &["list", "tradeoffs"]);
    assert!(list.contains("not assessed"), "{list}");
    assert!(!list.contains("medium"), "{list}");
    let tradeoffs = json(&db, &["list", "tradeoffs", "--json"]);
    assert_eq!(tradeoffs[0]["risk"], "not-assessed");
    let tradeoff = tradeoffs[0]["id"].as_str().unwrap();
    let shown = stdout(&db, &["show", "tradeoff", tradeoff]);
    assert!(shown.contains("Risk: not assessed"), "{shown}");

    for name in ["report.html", "report.md"] {
        let report = dir.path().join(name);
        stdout(&db, &["report", "-o", report.to_str().unwrap()]);
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.contains("risk not assessed"), "{name}");
        assert!(!text.contains("medium risk"), "{name}");
    }

    // Exported and read back, it is still not assessed; an assessed one keeps its level.
    let tree = dir.path().join("tree");
    stdout(&db, &["export", tree.to_str().unwrap()]);
    let again = dir.path().join("again.db");
    stdout(&again, &["import", tree.to_str().unwrap()]);
    assert_eq!(
        json(&again, &["list", "tradeoffs", "--json"])[0]["risk"],
        "not-assessed"
    );
    stdout(&db, &["set", tradeoff, "risk", "high"]);
    assert!(stdout(&db, &["trace", &decision]).contains("(risk: high)"));
    let tree = dir.path().join("tree-2");
    stdout(&db, &["export", tree.to_str().unwrap()]);
    let third = dir.path().join("third.db");
    stdout(&third, &["import", tree.to_str().unwrap()]);
    assert_eq!(
        json(&third, &["list", "tradeoffs", "--json"])[0]["risk"],
        "high"
    );
}

#[test]
fn the_demo_keeps_the_risks_it_states() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let tradeoffs = json(&db, &["list", "tradeoffs", "--json"]);
    let risks: Vec<&str> = tradeoffs
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["risk"].as_str().unwrap())
        .collect();
    assert!(risks.len() > 10);
    assert!(risks.iter().all(|r| *r != "not-assessed"), "{risks:?}");
    assert!(risks.contains(&"low") && risks.contains(&"high"));
}
