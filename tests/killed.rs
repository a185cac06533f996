//! Every command that writes files, killed (`kill -9`) at random moments and run again, as a
//! reliability test would: a team's repository (real ADRs and postmortems, and records made in
//! Hindsight to write into it), the binary as a process, the real `git`. While a killed run's
//! files are left, `git status` lists no temporary file; after the next run of the same command
//! no temporary file of Hindsight's is left anywhere (the folder, the git directory, the
//! backups), the files say what one uninterrupted run makes them say, and `git status` lists
//! exactly what that run lists (`tests/leftovers.rs`: what a running process owns is kept).
//!
//! The delays are random; the seed is printed, and `HINDSIGHT_KILL_SEED` repeats a run.

mod common;
mod team_repo;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use team_repo::{Scene, git, hindsight, ok, snapshot, status, temporaries};

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

/// What a run left, to compare with an uninterrupted one.
fn outcome(scene: &Scene, compare_bytes: bool) -> Outcome {
    Outcome {
        status: status(&scene.repo),
        files: compare_bytes.then(|| snapshot(&scene.repo)),
        committed: git(&scene.repo, &["diff", "--name-status", &scene.base, "HEAD"]),
        decisions: scene.count("decisions"),
        incidents: scene.count("incidents"),
    }
}

/// Runs `args` once uninterrupted, then `trials` times killed after a random delay (up to as
/// long as the uninterrupted run took, half as long each time a run finished sooner) and run
/// again; each time from the same start, each time checked.
fn kill_loop(scene: &Scene, name: &str, args: &[&str], trials: usize, compare_bytes: bool) {
    let mut delays = Delays::new(name);
    scene.restore();
    let started = Instant::now();
    ok(&scene.db, args);
    let took = started.elapsed().as_millis() as u64;
    let mut window = took;
    let intended = outcome(scene, compare_bytes);
    assert!(temporaries(scene.dir.path()).is_empty());
    let mut landed = Vec::new();
    for trial in 0..trials {
        scene.restore();
        let delay = delays.below(window);
        let mut child = hindsight(&scene.db)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some();
        if finished {
            // Runs are faster than the first one was (a busy machine): kills come sooner.
            window = (delay / 2).max(1);
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let at = format!("{name}, trial {trial}, killed after {delay} ms");
        // A git the killed sync started finishes on its own; its lock goes with it.
        let lock = scene.repo.join(".git/index.lock");
        for _ in 0..100 {
            if !lock.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let kept = temporaries(scene.dir.path()).len();
        landed.push(match (finished, kept) {
            (true, _) => format!("{delay} ms (done)"),
            (false, 0) => format!("{delay} ms"),
            (false, n) => format!("{delay} ms ({n} temporary)"),
        });
        // Whatever the kill left, git does not list a temporary file.
        let between = status(&scene.repo);
        assert!(
            !between.lines().any(|l| l.contains(".tmp")),
            "{at}: git lists {between}"
        );
        let said = ok(&scene.db, args);
        if args.contains(&"--json") {
            // Nothing the killed run wrote is taken for someone else's change.
            let said: serde_json::Value = serde_json::from_str(&said).unwrap();
            assert_eq!(said["left_alone"], serde_json::json!([]), "{at}");
        }
        let left = temporaries(scene.dir.path());
        assert!(left.is_empty(), "{at}: left {left:?}");
        let outcome = outcome(scene, compare_bytes);
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
        midway * 3 >= trials,
        "{name}: too many kills came after the run: {landed:?}"
    );
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
    kill_loop(
        &scene,
        "export --in-place",
        &["export", "--in-place", "--json"],
        8,
        true,
    );
}

#[test]
fn a_killed_sync_is_finished_by_the_next_one_and_commits_no_temporary_file() {
    let scene = Scene::new(30);
    kill_loop(&scene, "sync", &["sync", "--no-push", "--json"], 6, true);
    let history = git(&scene.repo, &["log", "--all", "--name-only", "--format="]);
    assert!(!history.contains(".tmp"), "{history}");
}

#[test]
fn a_killed_export_is_cleared_by_the_next_one() {
    let scene = Scene::new(30);
    let tree = scene.repo.join("tree");
    let tree = tree.to_str().unwrap();
    kill_loop(&scene, "export DIR", &["export", tree], 6, true);
    kill_loop(
        &scene,
        "export --adr-tools DIR",
        &["export", "--adr-tools", "--toc", "--graph", tree],
        3,
        true,
    );
}

#[test]
fn a_killed_report_or_backup_is_cleared_by_the_next_one() {
    let scene = Scene::new(30);
    let report = scene.repo.join("docs/report.html");
    // The report says when it was made: its bytes differ run to run.
    kill_loop(
        &scene,
        "report",
        &["report", "-o", report.to_str().unwrap()],
        3,
        false,
    );
    // An import backs the workspace up first.
    let docs = scene.repo.join("docs");
    kill_loop(
        &scene,
        "import (backup)",
        &["import", docs.to_str().unwrap()],
        5,
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
