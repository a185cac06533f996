//! A team's files are safe with Hindsight: an export removes and overwrites only what it wrote
//! itself, refuses another workspace's tree unless forced, names every file uniquely; two
//! imports of one folder at once wait for each other and make no duplicates, and a workspace
//! file two processes create at once is created once.

mod common;

use std::path::{Path, PathBuf};

use common::corpus;
use hindsight::demo::load_demo;
use hindsight::domain::{Decision, Kind};
use hindsight::interop::{self, ExportOptions, InteropError};
use hindsight::store::Store;

fn workspace(dir: &Path, name: &str) -> Store {
    Store::open(dir.join(name)).unwrap()
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

#[test]
fn an_export_never_removes_or_overwrites_what_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    // The team's own files where the export writes.
    std::fs::create_dir_all(tree.join("decisions")).unwrap();
    let theirs = tree.join("decisions/0001-our-own-record.md");
    std::fs::write(&theirs, "# 1. Our own record\n\nWritten by hand.\n").unwrap();
    let mut store = workspace(dir.path(), "ws.db");
    load_demo(&mut store).unwrap();
    // A file with the very name a record would take is not overwritten either.
    let rendered = interop::render(&store).unwrap();
    let (clash, _) = rendered
        .iter()
        .find(|(p, _)| p.starts_with("decisions"))
        .unwrap();
    std::fs::write(tree.join(clash), "hand-written, same name\n").unwrap();
    let report = interop::export(&store, &tree, |_| {}).unwrap();
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        "# 1. Our own record\n\nWritten by hand.\n"
    );
    assert_eq!(
        std::fs::read_to_string(tree.join(clash)).unwrap(),
        "hand-written, same name\n"
    );
    let named: Vec<&Path> = report.left_alone.iter().map(|l| l.path.as_path()).collect();
    assert!(named.contains(&Path::new("decisions/0001-our-own-record.md")));
    assert!(named.contains(&clash.as_path()));
    // Deleting a record removes the file this workspace wrote for it, and only that.
    let victim: Decision = store.list().unwrap().pop().unwrap();
    let victim_file = rendered
        .iter()
        .find(|(_, text)| text.contains(&format!("id: {}", victim.id)))
        .unwrap()
        .0
        .clone();
    assert!(tree.join(&victim_file).exists());
    store.delete(&victim.id).unwrap();
    let again = interop::export(&store, &tree, |_| {}).unwrap();
    assert_eq!(again.removed, vec![victim_file.clone()]);
    assert!(!tree.join(&victim_file).exists());
    assert!(theirs.exists());
    // A file this workspace wrote and somebody edited since is not overwritten.
    let (edited, _) = rendered
        .iter()
        .find(|(p, _)| p.starts_with("lessons"))
        .unwrap();
    std::fs::write(tree.join(edited), "edited by a teammate\n").unwrap();
    let mut lesson: hindsight::domain::Lesson = store.list().unwrap().remove(0);
    lesson.statement.push_str(" (edited)");
    store.put(&lesson).unwrap();
    let third = interop::export(&store, &tree, |_| {}).unwrap();
    assert!(
        third
            .left_alone
            .iter()
            .any(|l| l.path == *edited && l.reason.contains("changed since"))
    );
    // No temporary file is left behind.
    assert!(
        walkdir::WalkDir::new(&tree)
            .into_iter()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
    );
}

#[test]
fn another_workspace_exported_over_a_tree_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let mut team = workspace(dir.path(), "team.db");
    interop::import(&mut team, &[corpus("adr-tools")], |_| {}).unwrap();
    interop::export(&team, &tree, |_| {}).unwrap();
    let before = md_files(&tree);
    // A mistyped --db: a fresh demo workspace.
    let mut other = workspace(dir.path(), "mistyped.db");
    load_demo(&mut other).unwrap();
    let err = interop::export(&other, &tree, |_| {}).unwrap_err();
    assert!(matches!(err, InteropError::OtherWorkspace(_)), "{err}");
    assert!(err.to_string().contains("--force"));
    assert_eq!(md_files(&tree), before, "nothing was written");
    // Forced, it writes; the files it never wrote stay.
    std::fs::write(tree.join("decisions/notes.md"), "mine\n").unwrap();
    interop::export_with(&other, &tree, ExportOptions { force: true }, |_| {}).unwrap();
    assert!(tree.join("decisions/notes.md").exists());
}

#[test]
fn records_with_the_same_title_get_files_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = workspace(dir.path(), "ws.db");
    let a = Decision {
        id: "dec-async-payments".into(),
        ..Decision::new("Payments")
    };
    let b = Decision {
        id: "dec-sync-payments".into(),
        ..Decision::new("Payments")
    };
    store
        .write("two", |w| {
            w.put(&a)?;
            w.put(&b)
        })
        .unwrap();
    let tree = dir.path().join("tree");
    interop::export(&store, &tree, |_| {}).unwrap();
    let files: Vec<PathBuf> = md_files(&tree)
        .into_iter()
        .filter(|p| p.starts_with("decisions"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    // Both come back.
    let mut second = workspace(dir.path(), "second.db");
    interop::import(&mut second, &[tree], |_| {}).unwrap();
    assert_eq!(second.list::<Decision>().unwrap().len(), 2);
}

#[test]
fn two_imports_of_one_folder_at_once_make_no_duplicates() {
    let exe = env!("CARGO_BIN_EXE_hindsight");
    for trial in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        // The workspace file does not exist yet: both processes create it.
        let db = dir.path().join(format!("ws-{trial}.db"));
        let run = || {
            std::process::Command::new(exe)
                .arg("--db")
                .arg(&db)
                .arg("import")
                .arg(corpus("govuk-aws"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (run(), run());
        for child in [one, two] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let store = Store::open(&db).unwrap();
        let decisions = store
            .counts()
            .unwrap()
            .into_iter()
            .find(|(k, _)| *k == Kind::Decision)
            .unwrap()
            .1;
        assert_eq!(decisions, 38, "trial {trial}");
    }
}

/// Two imports at once into a workspace that already holds records: each backs up first, and
/// the backups (taken in the same second) must not collide. Both succeed, every round.
#[test]
fn two_imports_into_a_full_workspace_at_once_both_succeed() {
    let exe = env!("CARGO_BIN_EXE_hindsight");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    let import = |folder: &str| {
        std::process::Command::new(exe)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(corpus(folder))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let count = || {
        Store::open(&db)
            .unwrap()
            .counts()
            .unwrap()
            .into_iter()
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    assert!(import("adr-tools").wait().unwrap().success());
    assert!(import("govuk-aws").wait().unwrap().success());
    assert!(import("madr").wait().unwrap().success());
    let before = count();
    for round in 0..5 {
        // A change since the last backup, so both imports back up, in the same second.
        let made = std::process::Command::new(exe)
            .arg("--db")
            .arg(&db)
            .args(["new", "lesson", &format!("Round {round}")])
            .output()
            .unwrap();
        assert!(made.status.success());
        let (one, two) = (import("govuk-aws"), import("madr"));
        for child in [one, two] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // Importing the same files again, two at a time, made nothing new (but the five lessons).
    assert_eq!(count(), before + 5);
    // Distinct backups, no half-written copies left behind.
    let backups: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(backups.iter().all(|n| !n.ends_with(".part")), "{backups:?}");
    assert!(
        backups.iter().filter(|n| n.ends_with(".db")).count() >= 10,
        "{backups:?}"
    );
}
