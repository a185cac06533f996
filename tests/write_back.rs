//! Every write-back verifies itself: each field of every decision and postmortem of every
//! corpus is changed in turn, written back in place, and the file either reads back with the
//! record's value or is named as not written. Never "unchanged" while the file says the old
//! thing — the edit a teammate would never see.

mod common;

use std::path::{Path, PathBuf};

use common::corpus;
use hindsight::domain::{AnyRecord, DecisionStatus, with_field};
use hindsight::interop;
use hindsight::store::Store;
use serde_json::{Value, json};

const FOLDERS: &[&str] = &[
    "adr-tools",
    "govuk-aws",
    "madr",
    "log4brains-fixtures",
    "postmortems-dfds",
    "postmortems-taskcluster",
    "postmortem-templates",
];

fn status_styles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/status-styles")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every corpus and the status styles, copied and imported into a new workspace.
fn team_folder() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    for folder in FOLDERS {
        copy_dir(&corpus(folder), &root.join(folder));
    }
    copy_dir(&status_styles(), &root.join("status-styles"));
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    assert_eq!(report.failed(), 0);
    (dir, root, store)
}

/// A new value for `field` of `record`, different from the one it has.
fn new_value(record: &AnyRecord, field: &str) -> Option<Value> {
    let current = record.to_json().get(field).cloned().unwrap_or(Value::Null);
    let value = match (record, field) {
        (AnyRecord::Decision(d), "status") => {
            let next = match d.status {
                DecisionStatus::Deprecated => "rejected",
                _ => "deprecated",
            };
            json!(next)
        }
        (AnyRecord::Incident(_), "status") => json!("published"),
        (AnyRecord::Incident(i), "severity") => {
            json!(if i.severity.as_str() == "SEV1" {
                "SEV2"
            } else {
                "SEV1"
            })
        }
        (_, "date") => json!("2031-02-03"),
        (_, "users_affected") => json!(12345),
        (_, f) if f.ends_with("_at") => json!("2031-02-03T04:05:00Z"),
        (AnyRecord::Decision(_), "options") => {
            let mut options = current.as_array().cloned().unwrap_or_default();
            let first = options.first_mut()?;
            first["pros"]
                .as_array_mut()?
                .push(json!("Good, because it was added in Hindsight"));
            Value::Array(options)
        }
        (_, _) if current.is_array() => json!(["alpha", "beta gamma"]),
        (_, "title") => json!(format!("{} (revised)", record.title())),
        (_, _) => json!(format!("Changed in Hindsight: the {field}.")),
    };
    (value != current).then_some(value)
}

/// One field changed on every record of `kind` that comes from a file; then written back.
/// Returns how many files were written and how many were refused.
fn change_in_turn(store: &mut Store, field: &str) -> (usize, usize) {
    let sources: Vec<(String, String)> = store
        .file_sources()
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.record_id))
        .collect();
    let mut changed: Vec<(PathBuf, AnyRecord)> = Vec::new();
    for (path, id) in &sources {
        let Some(record) = store.find_any(id).unwrap() else {
            continue;
        };
        if !matches!(record, AnyRecord::Decision(_) | AnyRecord::Incident(_)) {
            continue;
        }
        let Some(value) = new_value(&record, field) else {
            continue;
        };
        let Ok(Some(updated)) = with_field(&record, &format!("/{field}"), value) else {
            continue;
        };
        store.write("change", |w| w.put_any(&updated)).unwrap();
        changed.push((PathBuf::from(path), updated));
    }
    let report = interop::export_in_place(store, |_| {}).unwrap();
    assert!(
        report.left_alone.is_empty(),
        "{field}: {:?}",
        report.left_alone
    );
    for (path, now) in &changed {
        let refused = report.not_written.iter().find(|f| f.path == *path);
        if let Some(refused) = refused {
            assert!(
                refused.reason.contains(&field.replace('_', " ")),
                "{field}: {} refused without naming the field: {}",
                path.display(),
                refused.reason
            );
            continue;
        }
        assert!(
            report.written.contains(path),
            "{field}: {} is neither written nor named as not written",
            path.display()
        );
        let back = interop::read_file(path).unwrap().main;
        let (now, back) = (now.to_json(), back.to_json());
        let normal = |v: Option<&Value>| match v {
            Some(Value::String(s)) => json!(s.trim()),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        if field != "status" {
            assert_eq!(
                normal(back.get(field)),
                normal(now.get(field)),
                "{field}: {}",
                path.display()
            );
        } else {
            assert_eq!(back["status"], now["status"], "{}", path.display());
        }
    }
    let refused: Vec<_> = report
        .not_written
        .iter()
        .filter(|f| changed.iter().any(|(p, _)| *p == f.path))
        .collect();
    for f in refused.iter().take(3) {
        eprintln!("{field}: {}: {}", f.path.display(), f.reason);
    }
    (changed.len(), refused.len())
}

#[test]
fn every_field_of_every_record_reads_back_or_is_refused_loudly() {
    let (_dir, _root, mut store) = team_folder();
    let decision_fields = [
        "title",
        "status",
        "date",
        "decision_makers",
        "consulted",
        "informed",
        "tags",
        "summary",
        "context",
        "drivers",
        "outcome",
        "consequences",
        "confirmation",
        "options",
    ];
    let incident_fields = [
        "severity",
        "started_at",
        "resolved_at",
        "authors",
        "impact",
        "users_affected",
        "root_causes",
        "trigger",
        "resolution",
        "detection",
        "went_well",
        "went_wrong",
        "lucky",
    ];
    let mut refused_total = 0;
    for field in decision_fields.iter().chain(&incident_fields) {
        let (changed, refused) = change_in_turn(&mut store, field);
        assert!(changed > 0, "{field}: nothing to change");
        refused_total += refused;
        // Refusals are the exception, not the way out.
        assert!(
            refused * 10 <= changed,
            "{field}: {refused} of {changed} refused"
        );
    }
    eprintln!("refused in all: {refused_total}");
    // Nothing is left to write: the files say what the records say.
    let again = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
}

/// The statuses teams write in their own ways: a link, a synonym, a date or a note after the
/// word, emphasis, capitals, MADR 2's bold keys, front matter. A new status reaches each file,
/// in the file's style.
#[test]
fn a_new_status_reaches_every_file_in_its_own_style() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("adr");
    copy_dir(&status_styles(), &root);
    let db = dir.path().join("ws.db");
    let run = |args: &[&str]| common::hindsight(&db, args);
    assert!(run(&["import", root.to_str().unwrap()]).status.success());
    let store = Store::open(&db).unwrap();
    let decisions: Vec<hindsight::domain::Decision> = store.list().unwrap();
    assert_eq!(decisions.len(), 8);
    let bold = decisions
        .iter()
        .find(|d| d.title.starts_with("Use Markdown"))
        .unwrap();
    assert_eq!(
        bold.date.map(|d| d.to_string()).as_deref(),
        Some("2018-06-26")
    );
    assert_eq!(bold.decision_makers, ["Ada", "Grace"]);
    drop(store);
    for d in &decisions {
        let out = run(&["set", &d.id, "status", "deprecated"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(&["export", "--in-place"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("8 written"), "{stdout}");
    let file = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let AnyRecord::Decision(back) = interop::read_file(&path).unwrap().main else {
            panic!("{}", path.display());
        };
        assert_eq!(
            back.status,
            DecisionStatus::Deprecated,
            "{}",
            path.display()
        );
    }
    assert!(file("0001-record-architecture-decisions.md").contains("\n\nDeprecated\n"));
    assert!(!file("0001-record-architecture-decisions.md").contains("pull/541"));
    assert!(file("0005-shout.md").contains("\n\nDEPRECATED\n"));
    assert!(file("0004-cache-prices.md").contains("\n\n*Deprecated*\n"));
    let madr2 = file("0006-madr-two.md");
    assert!(madr2.contains("- **Status:** Deprecated\n"), "{madr2}");
    assert!(madr2.contains("- **Date:** 2018-06-26\n"), "{madr2}");
    assert!(file("0008-emphasis.md").contains("* Status: **Deprecated**\n"));
    // Writing again: nothing to write, and the workspace and the files agree.
    let out = run(&["export", "--in-place"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 written"));
}

/// A change the writer cannot place fails loudly: exit 2, the file and the field named.
#[test]
fn a_status_text_that_says_another_status_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("adr");
    copy_dir(&status_styles(), &root);
    let db = dir.path().join("ws.db");
    let run = |args: &[&str]| common::hindsight(&db, args);
    assert!(run(&["import", root.to_str().unwrap()]).status.success());
    let store = Store::open(&db).unwrap();
    let decisions: Vec<hindsight::domain::Decision> = store.list().unwrap();
    let queue = decisions
        .iter()
        .find(|d| d.title == "Queue payments")
        .unwrap();
    drop(store);
    // Own words that say "rejected" while the status says accepted: the file cannot say both.
    let out = run(&["set", &queue.id, "status_text", "Rejected by the board"]);
    assert!(out.status.success());
    let before = std::fs::read_to_string(root.join("0003-queue-payments.md")).unwrap();
    let out = run(&["export", "--in-place"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0003-queue-payments.md"), "{stderr}");
    assert!(stderr.contains("status"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(root.join("0003-queue-payments.md")).unwrap(),
        before
    );
}

/// Adding one lesson to an imported postmortem adds one line: the lessons keep their order,
/// the sub-headings inside the section stay, every other line is byte for byte.
#[test]
fn one_new_lesson_is_one_new_line_in_the_postmortem() {
    use hindsight::domain::{Incident, Lesson, Link, Relation};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pm");
    std::fs::create_dir_all(&root).unwrap();
    let file = root.join("2024-05-01-cache-stampede.md");
    let before = "# Cache stampede took checkout down\n\n## Summary\n\nThe price cache expired at once.\n\n## Lessons Learned\n\n### Technical\n\n* Caches need jittered expiry\n* Alerts need owners\n  who answer at night\n\n### Process\n\n1. Page early\n\n## Action Items\n\n- [ ] [ana] Add jitter\n";
    std::fs::write(&file, before).unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    let incident: Incident = store.list().unwrap().remove(0);
    let lesson = Lesson::new("Test the restore, not only the backup");
    store
        .write("lesson", |w| {
            w.put(&lesson)?;
            w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident.id))
        })
        .unwrap();
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert_eq!(report.written.len(), 1, "{report:?}");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        before.replace(
            "1. Page early\n",
            "1. Page early\n2. Test the restore, not only the backup\n"
        )
    );
    // And ticking the action item done ticks its box, nothing else.
    let mut action: hindsight::domain::ActionItem = store.list().unwrap().remove(0);
    action.status = hindsight::domain::ActionStatus::Done;
    store.put(&action).unwrap();
    interop::export_in_place(&mut store, |_| {}).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        after.replace("- [ ] [ana] Add jitter", "- [x] [ana] Add jitter")
    );
}
