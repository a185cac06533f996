//! Temporary files left by a killed process and by a running one: every command that writes
//! files clears, in every folder it writes to, the ones whose process is gone, and keeps those
//! of a running process and another program's; a sync commits none of them; a write-back
//! stopped midway makes the rest of its new files next time, and an import in between takes
//! none of them for a new record.

mod common;
mod team_repo;

use std::path::PathBuf;
use std::process::Command;

use team_repo::{Scene, git, hindsight, ok, status};

/// The id of a process that has ended.
fn gone() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A process that runs until killed, standing for another Hindsight still writing.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn every_writer_clears_what_a_killed_one_left_and_keeps_what_a_running_one_owns() {
    let scene = Scene::new(5);
    let running = Running(Command::new("sleep").arg("120").spawn().unwrap());
    let (dead, live) = (gone(), running.0.id());
    let repo = &scene.repo;
    let git_tmp = repo.join(".git").join(hindsight::atomic::GIT_TEMP);
    let tree = repo.join("tree");
    let report = repo.join("docs/report.html");
    let writers: [(&str, Vec<&str>, Vec<PathBuf>); 4] = [
        (
            "export --in-place",
            vec!["export", "--in-place"],
            vec![repo.join("docs/adr"), git_tmp.clone()],
        ),
        (
            "export DIR",
            vec!["export", tree.to_str().unwrap()],
            vec![tree.clone(), tree.join("decisions"), git_tmp.clone()],
        ),
        (
            "report",
            vec!["report", "-o", report.to_str().unwrap()],
            vec![repo.join("docs"), git_tmp.clone()],
        ),
        (
            "sync",
            vec!["sync", "--no-push"],
            vec![
                repo.join("docs/adr"),
                repo.join("docs/postmortems"),
                git_tmp.clone(),
            ],
        ),
    ];
    for (name, args, folders) in writers {
        scene.restore();
        let killed = [
            format!(".0003-x.md.hindsight-{dead}-0.tmp"),
            format!(".0004-y.md.{dead}.tmp"),
        ];
        // A running process's, and another program's (not a file Hindsight writes).
        let kept = [
            format!(".0005-z.md.hindsight-{live}-0.tmp"),
            format!(".0006-w.md.{live}.tmp"),
            format!(".notes.txt.{dead}.tmp"),
        ];
        for folder in &folders {
            std::fs::create_dir_all(folder).unwrap();
            for file in killed.iter().chain(&kept) {
                std::fs::write(folder.join(file), "half").unwrap();
            }
        }
        // Running processes' temporary files that someone staged: a sync leaves them out too.
        if name == "sync" {
            for file in &kept[..2] {
                git(repo, &["add", "-f", &format!("docs/adr/{file}")]);
            }
        }
        ok(&scene.db, &args);
        for folder in &folders {
            for file in &killed {
                assert!(!folder.join(file).exists(), "{name}: {file} in {folder:?}");
            }
            for file in &kept {
                assert!(
                    folder.join(file).exists(),
                    "{name}: {file} in {folder:?} was removed"
                );
                std::fs::remove_file(folder.join(file)).unwrap();
            }
        }
        if name == "sync" {
            let committed = git(repo, &["show", "--name-only", "--format=", "HEAD"]);
            assert!(committed.contains(".md"), "{committed}");
            assert!(!committed.contains(".tmp"), "{committed}");
        }
    }
    // A backup's temporary copy, and SQLite's journal beside it.
    let backups = scene.db.parent().unwrap().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let part = |pid: u32| format!("team.20260101-000000.import.db.{pid}-5.part");
    let planted = [part(dead), format!("{}-journal", part(dead)), part(live)];
    for file in &planted {
        std::fs::write(backups.join(file), "half").unwrap();
    }
    ok(&scene.db, &["import", repo.join("docs").to_str().unwrap()]);
    assert!(!backups.join(&planted[0]).exists());
    assert!(!backups.join(&planted[1]).exists());
    assert!(
        backups.join(&planted[2]).exists(),
        "a running backup's copy"
    );
    drop(running);
}

#[test]
fn a_write_back_stopped_midway_makes_the_rest_next_time_and_an_import_duplicates_nothing() {
    let scene = Scene::new(3);
    scene.restore();
    let decisions = scene.count("decisions");
    let adr = scene.repo.join("docs/adr");
    // A folder in the way of the second new decision's file (the generated decision is
    // numbered 2, and a file of its number and title is taken as its own): the run stops
    // there, after the first new file is made and before the third.
    let blocked = adr.join("0002-decision-1-bound-the-pool-of-service-1.md");
    std::fs::create_dir(&blocked).unwrap();
    let out = hindsight(&scene.db)
        .args(["export", "--in-place"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let new_files = || -> Vec<String> {
        status(&scene.repo)
            .lines()
            .filter_map(|l| l.strip_prefix("?? docs/adr/"))
            .map(str::to_string)
            .collect()
    };
    let made = new_files();
    assert_eq!(made.len(), 1, "{made:?}");
    // Meanwhile the decision made is renamed: its file no longer says its title.
    assert!(made[0].contains("-decision-0-"), "{made:?}");
    ok(
        &scene.db,
        &["set", "dec-00000", "title", "Bound every pool of service 0"],
    );
    std::fs::remove_dir(&blocked).unwrap();
    // A sync reads the folder first: the file made is that decision's, not a new one; then the
    // write-back makes the two files it did not make, and writes the new title.
    let said: serde_json::Value =
        serde_json::from_str(&ok(&scene.db, &["sync", "--no-push", "--json"])).unwrap();
    assert_eq!(said["left_alone"], serde_json::json!([]), "{said}");
    assert_eq!(scene.count("decisions"), decisions);
    let committed = git(&scene.repo, &["show", "--name-status", "--format=", "HEAD"]);
    // The team's files (Hindsight's own files beside them travel in the same commit).
    let added = committed
        .lines()
        .filter(|l| l.starts_with('A') && !l.contains("/.hindsight/"))
        .count();
    assert_eq!(added, 3, "{committed}");
    assert!(
        std::fs::read_to_string(adr.join(&made[0]))
            .unwrap()
            .contains("Bound every pool of service 0")
    );
    assert_eq!(status(&scene.repo), "");
    // Made once, a file is no longer pending: one removed by hand is not made again.
    std::fs::remove_file(adr.join(&made[0])).unwrap();
    let said: serde_json::Value =
        serde_json::from_str(&ok(&scene.db, &["export", "--in-place", "--json"])).unwrap();
    assert_eq!(said["created"], serde_json::json!([]), "{said}");
    assert!(!adr.join(&made[0]).exists());
}
