//! Workspace safety, through the binary as a user runs it: files that are not ours are refused
//! untouched, a read-only workspace says so in one line, a report never writes over a
//! database, backups are made, listed and restored, an interrupted export leaves no partial
//! file, and a failed backup leaves an older workspace as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

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
fn ok(db: &Path, args: &[&str]) -> String {
    let out = hindsight(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit 2, one line naming what it is about.
#[track_caller]
fn refused(db: &Path, args: &[&str], words: &[&str]) {
    let out = hindsight(db, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    for word in words {
        assert!(stderr.contains(word), "{args:?}: '{word}' in {stderr}");
    }
}

/// The files in `dir`, by name, with their bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    ok(&db, &["demo"]);
    (dir, db)
}

#[test]
fn another_applications_database_is_refused_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "contacts.sqlite",
            "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');",
        ),
        // Its own `records` table, shaped nothing like ours.
        (
            "records.sqlite",
            "CREATE TABLE records (n INTEGER); INSERT INTO records VALUES (1);",
        ),
        (
            "marked.sqlite",
            "PRAGMA application_id = 7; CREATE TABLE t (x);",
        ),
        (
            "wal.sqlite",
            "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);",
        ),
    ];
    for (name, sql) in cases {
        let path = dir.path().join(name);
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let before = snapshot(dir.path());
        for args in [
            &["list", "decisions"][..],
            &["import", "."][..],
            &["new", "decision", "Taken over?"][..],
            &["backups"][..],
        ] {
            refused(&path, args, &[name, "not a Hindsight workspace"]);
        }
        assert_eq!(
            snapshot(dir.path()),
            before,
            "{name}: nothing changed, nothing added"
        );
    }
}

#[test]
fn a_report_never_writes_over_the_workspace_or_any_database() {
    let (dir, db) = demo();
    let before = std::fs::read(&db).unwrap();
    refused(
        &db,
        &["report", "-o", db.to_str().unwrap()],
        &["ws.db", "not written"],
    );
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    refused(
        &db,
        &["report", "-o", other.to_str().unwrap()],
        &["other.sqlite", "database"],
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // An ordinary file is replaced whole; nothing else is left beside it.
    let report = dir.path().join("report.html");
    ok(&db, &["report", "-o", report.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("</html>")
    );
    let names: Vec<String> = snapshot(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".part") || n.ends_with(".tmp")),
        "{names:?}"
    );
}

#[test]
fn a_read_only_workspace_reads_and_refuses_writes_in_one_line() {
    let (dir, db) = demo();
    let md = dir.path().join("adr.md");
    std::fs::write(
        &md,
        "# 1. Use queues\n\n## Status\n\nAccepted\n\n## Context\n\nPeaks.\n",
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    assert!(ok(&db, &["--read-only", "list", "decisions"]).contains("Poll order status"));
    refused(
        &db,
        &["--read-only", "import", md.to_str().unwrap()],
        &["ws.db", "read-only"],
    );
    refused(
        &db,
        &["--read-only", "set", "ADR-1", "status", "accepted"],
        &["read-only"],
    );
    // The file's own permissions do the same (unless this runs as root, whom they do not stop).
    let mut permissions = std::fs::metadata(&db).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&db, permissions.clone()).unwrap();
    if std::fs::OpenOptions::new().append(true).open(&db).is_err() {
        assert!(ok(&db, &["list", "decisions"]).contains("Poll order status"));
        refused(
            &db,
            &["import", md.to_str().unwrap()],
            &["ws.db", "read-only"],
        );
    }
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&db, permissions).unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing was written");
}

#[test]
fn a_search_may_start_with_a_hyphen() {
    let (_dir, db) = demo();
    let out = hindsight(&db, &["search", "-polling"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn imports_are_backed_up_first_and_a_backup_is_restored_undoably() {
    let (dir, db) = demo();
    assert!(ok(&db, &["backups"]).contains("No backups yet"));
    let md = dir.path().join("0099-use-queues.md");
    std::fs::write(
        &md,
        "# 99. Use queues\n\n## Status\n\nAccepted\n\n## Context\n\nPeaks.\n",
    )
    .unwrap();
    ok(&db, &["import", md.to_str().unwrap()]);
    assert!(ok(&db, &["list", "decisions"]).contains("Use queues"));

    let listed: Value = serde_json::from_str(&ok(&db, &["backups", "--json"])).unwrap();
    let backups = listed.as_array().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0]["reason"], "import");
    let backup = backups[0]["path"].as_str().unwrap().to_string();
    assert!(Path::new(&backup).starts_with(dir.path().join("backups")));
    // A backup opens like any workspace, and holds the state before the import.
    let before_import = ok(Path::new(&backup), &["--read-only", "list", "decisions"]);
    assert!(!before_import.contains("Use queues"));
    assert!(before_import.contains("Poll order status"));

    let said = ok(&db, &["restore", &backup]);
    assert!(said.contains("Restored"), "{said}");
    assert!(!ok(&db, &["list", "decisions"]).contains("Use queues"));
    // The state before the restore was backed up: restoring that undoes the restore.
    let listed: Value = serde_json::from_str(&ok(&db, &["backups", "--json"])).unwrap();
    let before_restore = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reason"] == "before-restore")
        .expect("a backup of what was there before")["path"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&db, &["restore", &before_restore]);
    assert!(ok(&db, &["list", "decisions"]).contains("Use queues"));
    // Not a backup at all: refused in one line.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "just notes, not a database at all").unwrap();
    refused(&db, &["restore", notes.to_str().unwrap()], &["notes.txt"]);
}

#[test]
fn an_older_workspace_whose_backup_fails_is_left_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    ok(&db, &["demo"]);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TABLE meta; DROP TABLE conflicts; ALTER TABLE sources DROP COLUMN base;
             ALTER TABLE sources DROP COLUMN base_change;
             PRAGMA user_version = 2; PRAGMA application_id = 0;
             PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    }
    // The backups folder cannot be made: a file has its name.
    std::fs::write(dir.path().join("backups"), "in the way").unwrap();
    let before = snapshot(dir.path());
    refused(&db, &["list", "decisions"], &["old.db", "back up"]);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "the original untouched, nothing left beside it"
    );
    // With room for the backup, the upgrade goes ahead.
    std::fs::remove_file(dir.path().join("backups")).unwrap();
    assert!(ok(&db, &["list", "decisions"]).contains("Poll order status"));
    let listed = ok(&db, &["backups"]);
    assert!(listed.contains("before-upgrade-v2"), "{listed}");
}

#[test]
fn an_export_killed_midway_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    ok(&db, &["demo", "--generate", "1500"]);
    let complete = dir.path().join("complete");
    ok(&db, &["export", complete.to_str().unwrap()]);
    for (n, delay) in [40u64, 90, 160, 260].into_iter().enumerate() {
        let out = dir.path().join(format!("killed-{n}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .arg("--db")
            .arg(&db)
            .args(["export", out.to_str().unwrap()])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for entry in walk(&out) {
            let rel = entry.strip_prefix(&out).unwrap();
            let name = rel.file_name().unwrap().to_string_lossy().into_owned();
            if hindsight::atomic::is_leftover(&name) {
                continue; // a temporary name, never a file's own name; the next export clears it
            }
            let written = std::fs::read(&entry).unwrap();
            let whole = std::fs::read(complete.join(rel)).unwrap_or_default();
            assert!(!written.is_empty(), "{}: empty", rel.display());
            if rel.extension().is_some_and(|e| e == "md") {
                assert_eq!(written, whole, "{}: cut short", rel.display());
            }
        }
        // Exporting again finishes the job and clears what the kill left.
        ok(&db, &["export", out.to_str().unwrap()]);
        assert!(walk(&out).iter().all(|p| {
            !hindsight::atomic::is_leftover(&p.file_name().unwrap().to_string_lossy())
        }));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
