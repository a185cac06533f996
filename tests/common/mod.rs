//! Workspaces and test files that several integration tests use alike. Not every test
//! crate uses every helper.
#![allow(dead_code)]

use hindsight::domain::{
    Decision, DecisionStatus, Incident, IncidentStatus, Lesson, Link, Relation, TradeOff,
};
use hindsight::store::Store;

/// A workspace with one chain: incident → lesson → trade-off → decision.
pub fn chain(store: &mut Store) -> (Decision, TradeOff, Lesson, Incident) {
    let mut incident = Incident::new("Polling melted the database");
    incident.summary = "Every client polled every five seconds.".into();
    incident.status = IncidentStatus::Published;
    let lesson = Lesson::new("Fan-out polling multiplies load by the number of clients");
    let mut decision = Decision::new("Use server push for order tracking");
    decision.status = DecisionStatus::Accepted;
    let mut tradeoff = TradeOff::new(&decision.id, "A push service to run, for a flat DB load");
    tradeoff.gain = "flat database load".into();
    store
        .write("chain", |w| {
            w.put(&incident)?;
            w.put(&lesson)?;
            w.put(&decision)?;
            w.put(&tradeoff)?;
            w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident.id))?;
            w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))
        })
        .unwrap();
    (decision, tradeoff, lesson, incident)
}

/// A folder of the corpora of real ADRs and postmortems in `tests/fixtures/corpus`.
pub fn corpus(folder: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(folder)
}
pub mod adr_repo;
pub mod hostile;
pub mod sentences;

use std::path::Path;
use std::process::{Command, Output};

/// `git -C dir ARGS`, which must succeed; its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The binary on the workspace `db`, with no workspace or author from the environment.
pub fn hindsight(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HINDSIGHT_DB")
        .env_remove("HINDSIGHT_AUTHOR")
        .output()
        .expect("the binary runs")
}

/// A command's output, which must have succeeded.
#[track_caller]
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}
