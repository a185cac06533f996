//! Writing back into the team's own files: an unchanged record leaves its file byte for byte
//! (every corpus), a changed one changes only its lines and reads back as the record says, new
//! records are named and written like their neighbours, and a file changed on disk is never
//! overwritten.

mod common;

use std::path::{Path, PathBuf};

use common::corpus;
use hindsight::domain::{
    ActionItem, ActionStatus, AnyRecord, Decision, DecisionStatus, Incident, IncidentStatus, Kind,
};
use hindsight::interop::{self, Outcome};
use hindsight::store::Store;

const FOLDERS: &[&str] = &[
    "adr-tools",
    "govuk-aws",
    "madr",
    "log4brains-fixtures",
    "postmortems-dfds",
    "postmortems-taskcluster",
    "postmortem-templates",
];

/// The corpora copied into a folder of their own, imported into a new workspace.
fn team_folder() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    for folder in FOLDERS {
        copy_dir(&corpus(folder), &root.join(folder));
    }
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    assert_eq!(report.failed(), 0);
    (dir, root, store)
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

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// The record a file makes when read on its own.
fn read_back(path: &Path) -> AnyRecord {
    interop::read_file(path).unwrap().main
}

#[test]
fn unchanged_records_leave_every_file_byte_for_byte() {
    let (_dir, root, mut store) = team_folder();
    let before = snapshot(&root);
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert!(report.written.is_empty(), "{:?}", report.written);
    assert!(report.created.is_empty());
    assert!(report.left_alone.is_empty(), "{:?}", report.left_alone);
    assert!(report.unchanged > 100);
    assert_eq!(snapshot(&root), before);
}

/// Sets fields of every decision, writes back, and reads each file again.
#[test]
fn changed_decisions_read_back_as_the_workspace_says_in_every_dialect() {
    let (_dir, _root, mut store) = team_folder();
    let sources: Vec<(String, String)> = store
        .file_sources()
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.record_id))
        .collect();
    let mut changed = Vec::new();
    for (path, id) in &sources {
        let Some(AnyRecord::Decision(mut d)) = store.find_any(id).unwrap() else {
            continue;
        };
        d.status = DecisionStatus::Deprecated;
        d.status_text = None;
        d.summary = format!("In plain words: {}.", d.title);
        d.context = if d.context.is_empty() {
            "Added in Hindsight.".into()
        } else {
            format!("{}\n\nAdded in Hindsight.", d.context)
        };
        d.tags = vec!["reviewed".into(), "2025".into()];
        d.title = format!("{} (revised)", d.title);
        store.put(&d).unwrap();
        changed.push((PathBuf::from(path), d));
    }
    assert!(changed.len() > 60);
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert!(report.left_alone.is_empty(), "{:?}", report.left_alone);
    assert_eq!(report.written.len(), changed.len());
    for (path, now) in changed {
        let AnyRecord::Decision(back) = read_back(&path) else {
            panic!("{}", path.display());
        };
        let name = path.display();
        assert_eq!(back.title, now.title, "{name}");
        assert_eq!(back.status, now.status, "{name}");
        assert_eq!(back.summary, now.summary, "{name}");
        assert_eq!(back.context, now.context, "{name}");
        assert_eq!(back.tags, now.tags, "{name}");
        assert_eq!(back.options, now.options, "{name}");
        assert_eq!(back.outcome, now.outcome, "{name}");
    }
    // Writing again changes nothing: the files say what the records say.
    let again = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert!(again.written.is_empty(), "{:?}", again.written);
}

#[test]
fn a_status_change_in_a_madr_file_is_a_line_or_two() {
    let (_dir, root, mut store) = team_folder();
    let file = root.join("madr/0013-use-yaml-front-matter-for-meta-data.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let AnyRecord::Decision(mut d) = read_back(&file) else {
        panic!()
    };
    let id = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|x| x.title == d.title)
        .unwrap()
        .id;
    d = store.get(&id).unwrap();
    d.status = DecisionStatus::Deprecated;
    store.put(&d).unwrap();
    interop::export_in_place(&mut store, |_| {}).unwrap();
    let after = std::fs::read_to_string(&file).unwrap();
    // Lines added plus lines removed.
    let differing = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .count()
        + before
            .lines()
            .filter(|l| !after.lines().any(|a| a == *l))
            .count();
    assert!((1..=2).contains(&differing), "{differing} lines:\n{after}");
    assert!(after.contains("status: deprecated"), "{after}");
}

#[test]
fn changed_postmortems_read_back_with_their_action_items() {
    let (_dir, root, mut store) = team_folder();
    let file = root.join("postmortems-dfds/PM2021-011 - Log4Shell.md");
    let id = match interop::read_file(&file).unwrap().main {
        AnyRecord::Incident(i) => {
            store
                .list::<Incident>()
                .unwrap()
                .into_iter()
                .find(|x| x.title == i.title)
                .unwrap()
                .id
        }
        _ => panic!(),
    };
    let mut incident: Incident = store.get(&id).unwrap();
    incident.impact = "Every team stopped to patch.".into();
    incident.status = IncidentStatus::InReview;
    store.put(&incident).unwrap();
    let mut action: ActionItem = store.children::<ActionItem>(&id).unwrap().remove(0);
    action.status = ActionStatus::Done;
    store.put(&action).unwrap();
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert_eq!(report.written, vec![file.clone()]);
    let parsed = interop::read_file(&file).unwrap();
    let AnyRecord::Incident(back) = parsed.main else {
        panic!()
    };
    assert_eq!(back.impact, incident.impact);
    assert_eq!(back.status, IncidentStatus::InReview);
    assert!(parsed.children.iter().any(|c| matches!(
        &c.record,
        AnyRecord::Action(a) if a.title == action.title && a.status == ActionStatus::Done
    )));
    // Imported again, nothing is duplicated.
    let before = store.counts().unwrap();
    interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    assert_eq!(store.counts().unwrap(), before);
}

#[test]
fn new_decisions_are_named_and_written_like_their_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let adr = dir.path().join("doc/adr");
    copy_dir(&corpus("adr-tools"), &adr);
    for extra in ["LICENSE.source", "SOURCE"] {
        let _ = std::fs::remove_file(adr.join(extra));
    }
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    interop::import(&mut store, std::slice::from_ref(&adr), |_| {}).unwrap();
    let mut old = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(9))
        .unwrap();
    old.status = DecisionStatus::Superseded;
    let new = Decision {
        context: "The help scripts grew too many.".into(),
        ..Decision::new("Use one help command")
    };
    store
        .write("new", |w| {
            w.put(&old)?;
            w.put(&new)?;
            w.link(&hindsight::domain::Link::new(
                &new.id,
                hindsight::domain::Relation::Supersedes,
                &old.id,
            ))
        })
        .unwrap();
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    let created = adr.join("0010-use-one-help-command.md");
    assert_eq!(report.created, vec![created.clone()]);
    let text = std::fs::read_to_string(&created).unwrap();
    assert!(
        text.starts_with("# 10. Use one help command\n\nDate: "),
        "{text}"
    );
    assert!(
        text.contains(
            "\n## Status\n\nProposed\n\nSupercedes [9. Help scripts](0009-help-scripts.md)\n"
        ),
        "{text}"
    );
    let old_text = std::fs::read_to_string(adr.join("0009-help-scripts.md")).unwrap();
    // As adr-tools writes a superseded record: who superseded it, other links kept.
    assert!(
        old_text.contains("\n## Status\n\nAmends [5. Help comments](0005-help-comments.md)\n\nSuperceded by [10. Use one help command](0010-use-one-help-command.md)\n"),
        "{old_text}"
    );
    // Read again, the new file is the same record, not a second one.
    let report = interop::import(&mut store, std::slice::from_ref(&adr), |_| {}).unwrap();
    assert_eq!(report.created(), 0);
    assert_eq!(
        report.outcome(&created),
        Some(&Outcome::Updated {
            kind: Kind::Decision,
            id: new.id.clone(),
            title: "Use one help command".into(),
            dialect: "adr-tools".into(),
            records: 1
        })
    );
    // adr-tools' own commands keep working on the folder.
    if std::process::Command::new("adr")
        .arg("help")
        .output()
        .is_ok()
    {
        let list = std::process::Command::new("adr")
            .arg("list")
            .current_dir(dir.path())
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&list.stdout);
        assert!(listed.contains("0010-use-one-help-command.md"), "{listed}");
    }
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let (_dir, root, mut store) = team_folder();
    let file = root.join("adr-tools/0002-implement-as-shell-scripts.md");
    std::fs::write(
        &file,
        "# 2. Implement as shell scripts\n\nEdited by a teammate.\n",
    )
    .unwrap();
    let mut d = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2) && d.title == "Implement as shell scripts")
        .unwrap();
    d.summary = "Changed here too.".into();
    store.put(&d).unwrap();
    let report = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert!(report.written.is_empty());
    assert_eq!(report.left_alone.len(), 1);
    assert!(report.left_alone[0].reason.contains("import it first"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# 2. Implement as shell scripts\n\nEdited by a teammate.\n"
    );
}
