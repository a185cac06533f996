//! A team's repository for process tests of the commands that write files: real ADRs and
//! postmortems committed with the real `git`, a workspace bound to them by a sync, and records
//! made in Hindsight since (and imported ones changed), so a write-back has files to change and
//! files to make; it can be brought back to that start between runs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::corpus;

/// `git ARGS` in `dir`; its output, or the test fails with git's words.
pub use crate::common::git;

/// The binary on the workspace `db`, as a user runs it.
pub fn hindsight(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hindsight"));
    command
        .arg("--db")
        .arg(db)
        .env_remove("HINDSIGHT_DB")
        .env("HINDSIGHT_AUTHOR", "test");
    command
}

/// Runs the binary to its end; its output, or the test fails with what it said.
#[track_caller]
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out: Output = hindsight(db).args(args).output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Every temporary file of Hindsight's under `root`, the git directory included: the
/// `.NAME.hindsight-PID-N.tmp` of a write, the `….part` (and SQLite's journal beside it) of a
/// backup.
pub fn temporaries(root: &Path) -> Vec<PathBuf> {
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
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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

pub fn status(repo: &Path) -> String {
    git(repo, &["status", "--porcelain", "--untracked-files=all"])
}

/// A team's repository with its ADRs and postmortems committed, a workspace bound to it by a
/// sync, and records made in Hindsight since (and imported ones changed): a write-back has
/// files to change and files to make.
pub struct Scene {
    pub dir: tempfile::TempDir,
    pub repo: PathBuf,
    pub db: PathBuf,
    pristine: PathBuf,
    pub base: String,
}

impl Scene {
    pub fn new(generated: usize) -> Scene {
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
    pub fn restore(&self) {
        git(&self.repo, &["reset", "-q", "--hard", &self.base]);
        git(&self.repo, &["clean", "-q", "-fd"]);
        for tail in ["db-wal", "db-shm"] {
            let _ = std::fs::remove_file(self.db.with_extension(tail));
        }
        std::fs::copy(&self.pristine, &self.db).unwrap();
    }

    pub fn count(&self, kind: &str) -> usize {
        let list: serde_json::Value =
            serde_json::from_str(&ok(&self.db, &["list", kind, "--json"])).unwrap();
        list.as_array().unwrap().len()
    }
}
