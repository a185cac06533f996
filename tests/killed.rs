//! Every command that writes files, killed (`kill -9`) at random moments and run again, as a
//! reliability test would: a team's repository (real ADRs and postmortems, and records made in
//! Hindsight to write into it), the binary as a process, the real `git`. While a killed run's
//! files are left, `git status` lists no temporary file; after the next run of the same command
//! no temporary file of Hindsight's is left anywhere (the folder, the git directory, the
//! backups), the files say what one uninterrupted run makes them say, and `git status` lists
//! exactly what that run lists. A temporary file a running process owns is kept, and never
//! committed.
//!
//! The delays are random; the seed is printed, and `HINDSIGHT_KILL_SEED` repeats a run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::corpus;

fn git(dir: &Path, args: &[&str]) -> String {
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

fn hindsight(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hindsight"));
    command
        .arg("--db")
        .arg(db)
        .env_remove("HINDSIGHT_DB")
        .env("HINDSIGHT_AUTHOR", "test");
    command
}

#[track_caller]
fn ok(db: &Path, args: &[&str]) -> String {
    let out: Output = hindsight(db).args(args).output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A small random number generator (xorshift), seeded from the clock or the environment.
struct Delays(u64);

impl Delays {
    fn new(name: &str) -> Delays {
        let seed = std::env::var("HINDSIGHT_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("{name}: HINDSIGHT_KILL_SEED={seed}");
        Delays(seed | 1)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

/// Every temporary file of Hindsight's under `root`, the git directory included: the
/// `.NAME.hindsight-PID-N.tmp` of a write, the `….part` (and SQLite's journal beside it) of a backup.
fn temporaries(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            hindsight::atomic::is_leftover(&name)
                || name.ends_with(".part")
                || name.contains(".part-")
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Every file of the work tree (not the git directory) with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn status(repo: &Path) -> String {
    git(repo, &["status", "--porcelain", "--untracked-files=all"])
}

/// A team's repository with its ADRs and postmortems committed, a workspace bound to it by a
/// sync, and records made in Hindsight since (and imported ones changed): a write-back has
/// files to change and files to make.
struct Scene {
    dir: tempfile::TempDir,
    repo: PathBuf,
    db: PathBuf,
    pristine: PathBuf,
    base: String,
}

impl Scene {
    fn new(generated: usize) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("team");
        std::fs::create_dir_all(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["config", "user.name", "test"]);
        git(&repo, &["config", "user.email", "test@example.com"]);
        for (from, to) in [
            ("madr", "docs/adr"),
            ("postmortems-taskcluster", "docs/postmortems"),
        ] {
            let folder = repo.join(to);
            std::fs::create_dir_all(&folder).unwrap();
            for entry in std::fs::read_dir(corpus(from)).unwrap().flatten() {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
                }
            }
        }
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", "Our docs"]);
        let workspace = dir.path().join("ws");
        std::fs::create_dir_all(&workspace).unwrap();
        let db = workspace.join("team.db");
        ok(
            &db,
            &["sync", repo.join("docs").to_str().unwrap(), "--no-push"],
        );
        for adr in ["ADR-2", "ADR-5", "ADR-7"] {
            ok(&db, &["set", adr, "status", "deprecated"]);
        }
        ok(&db, &["demo", "--generate", &generated.to_string()]);
        let pristine = dir.path().join("pristine.db");
        std::fs::copy(&db, &pristine).unwrap();
        assert!(!db.with_extension("db-wal").exists());
        let base = git(&repo, &["rev-parse", "HEAD"]).trim().to_string();
        Scene {
            dir,
            repo,
            db,
            pristine,
            base,
        }
    }

    /// The repository and the workspace as they were made.
    fn restore(&self) {
        git(&self.repo, &["reset", "-q", "--hard", &self.base]);
        git(&self.repo, &["clean", "-q", "-fd"]);
        for tail in ["db-wal", "db-shm"] {
            let _ = std::fs::remove_file(self.db.with_extension(tail));
        }
        std::fs::copy(&self.pristine, &self.db).unwrap();
    }

    fn count(&self, kind: &str) -> usize {
        let list: serde_json::Value =
            serde_json::from_str(&ok(&self.db, &["list", kind, "--json"])).unwrap();
        list.as_array().unwrap().len()
    }

    /// What a run left, to compare with an uninterrupted one.
    fn outcome(&self, compare_bytes: bool) -> Outcome {
        Outcome {
            status: status(&self.repo),
            files: compare_bytes.then(|| snapshot(&self.repo)),
            committed: git(&self.repo, &["diff", "--name-status", &self.base, "HEAD"]),
            decisions: self.count("decisions"),
            incidents: self.count("incidents"),
        }
    }

    /// Runs `args` once uninterrupted, then `trials` times killed after a random delay (up to as
    /// long as the uninterrupted run took, less once a run finished sooner) and run again; each time from the same
    /// start, each time checked.
    fn kill_loop(&self, name: &str, args: &[&str], trials: usize, compare_bytes: bool) {
        let mut delays = Delays::new(name);
        self.restore();
        let started = Instant::now();
        ok(&self.db, args);
        let took = started.elapsed().as_millis() as u64;
        let mut window = took;
        let intended = self.outcome(compare_bytes);
        assert!(temporaries(self.dir.path()).is_empty());
        let mut landed = Vec::new();
        for trial in 0..trials {
            self.restore();
            let delay = delays.below(window);
            let mut child = hindsight(&self.db)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let finished = child.try_wait().unwrap().is_some();
            if finished {
                // Runs are faster than the first one was: the next kills come sooner.
                window = delay.max(1);
            }
            child.kill().unwrap();
            child.wait().unwrap();
            let at = format!("{name}, trial {trial}, killed after {delay} ms");
            // A git the killed sync started finishes on its own; its lock goes with it.
            let lock = self.repo.join(".git/index.lock");
            for _ in 0..100 {
                if !lock.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let kept = temporaries(self.dir.path()).len();
            landed.push(match (finished, kept) {
                (true, _) => format!("{delay} ms (done)"),
                (false, 0) => format!("{delay} ms"),
                (false, n) => format!("{delay} ms ({n} temporary)"),
            });
            // Whatever the kill left, git does not list a temporary file.
            let between = status(&self.repo);
            assert!(
                !between.lines().any(|l| l.contains(".tmp")),
                "{at}: git lists {between}"
            );
            let said = ok(&self.db, args);
            if args.contains(&"--json") {
                // Nothing the killed run wrote is taken for someone else's change.
                let said: serde_json::Value = serde_json::from_str(&said).unwrap();
                assert_eq!(said["left_alone"], serde_json::json!([]), "{at}");
            }
            let left = temporaries(self.dir.path());
            assert!(left.is_empty(), "{at}: left {left:?}");
            let outcome = self.outcome(compare_bytes);
            assert_eq!(outcome.status, intended.status, "{at}: git status");
            assert_eq!(outcome.committed, intended.committed, "{at}: committed");
            assert_eq!(
                (outcome.decisions, outcome.incidents),
                (intended.decisions, intended.incidents),
                "{at}: records"
            );
            if let (Some(files), Some(wanted)) = (&outcome.files, &intended.files) {
                let differ: Vec<_> = wanted
                    .keys()
                    .chain(files.keys())
                    .filter(|k| files.get(*k) != wanted.get(*k))
                    .collect();
                assert!(differ.is_empty(), "{at}: files differ: {differ:?}");
            }
        }
        eprintln!("{name}: uninterrupted {took} ms; killed after {landed:?}");
        let midway = landed.iter().filter(|l| !l.contains("done")).count();
        assert!(
            midway * 2 >= trials,
            "{name}: most kills came too late: {landed:?}"
        );
    }
}

#[derive(Debug)]
struct Outcome {
    status: String,
    files: Option<BTreeMap<PathBuf, Vec<u8>>>,
    committed: String,
    decisions: usize,
    incidents: usize,
}

#[test]
fn a_killed_write_back_is_finished_by_the_next_one() {
    let scene = Scene::new(30);
    scene.kill_loop(
        "export --in-place",
        &["export", "--in-place", "--json"],
        10,
        true,
    );
}

#[test]
fn a_killed_sync_is_finished_by_the_next_one_and_commits_no_temporary_file() {
    let scene = Scene::new(30);
    scene.kill_loop("sync", &["sync", "--no-push", "--json"], 8, true);
    let history = git(&scene.repo, &["log", "--all", "--name-only", "--format="]);
    assert!(!history.contains(".tmp"), "{history}");
}

#[test]
fn a_killed_export_is_cleared_by_the_next_one() {
    let scene = Scene::new(30);
    let tree = scene.repo.join("tree");
    let tree = tree.to_str().unwrap();
    scene.kill_loop("export DIR", &["export", tree], 8, true);
    scene.kill_loop(
        "export --adr-tools DIR",
        &["export", "--adr-tools", "--toc", "--graph", tree],
        4,
        true,
    );
}

#[test]
fn a_killed_report_or_backup_is_cleared_by_the_next_one() {
    let scene = Scene::new(30);
    let report = scene.repo.join("docs/report.html");
    // The report says when it was made: its bytes differ run to run.
    scene.kill_loop(
        "report",
        &["report", "-o", report.to_str().unwrap()],
        4,
        false,
    );
    // An import backs the workspace up first.
    let docs = scene.repo.join("docs");
    scene.kill_loop(
        "import (backup)",
        &["import", docs.to_str().unwrap()],
        6,
        false,
    );
    let backups: serde_json::Value =
        serde_json::from_str(&ok(&scene.db, &["backups", "--json"])).unwrap();
    for backup in backups.as_array().unwrap() {
        assert!(
            !backup["counts"].as_array().unwrap().is_empty(),
            "a backup that does not open: {backup}"
        );
    }
}

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
    let added = committed.lines().filter(|l| l.starts_with('A')).count();
    assert_eq!(added, 3, "{committed}");
    assert!(
        std::fs::read_to_string(adr.join(&made[0]))
            .unwrap()
            .contains("Bound every pool of service 0")
    );
    assert_eq!(status(&scene.repo), "");
}
