//! When each file was first written and last changed, and by whom, from git — as log4brains
//! dates its pages: one `git log` over the folder read, whatever its size, so the dates cost
//! one pass over the history, not one process per record.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};

/// One commit that touched a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub at: DateTime<Utc>,
    pub author: String,
    /// Its subject line: what changed, in the committer's words.
    pub subject: String,
}

/// The commits touching each file of a folder, newest first.
#[derive(Clone, Debug, Default)]
pub struct FileHistory {
    by_path: HashMap<PathBuf, Vec<Commit>>,
    /// The work tree is a shallow clone: its first commits are missing, so are true dates.
    pub shallow: bool,
}

/// How many commits of one file a page lists.
pub const SHOWN: usize = 20;

impl FileHistory {
    /// The history of every file under `folder`, when it is in a git work tree (else none).
    pub fn of_folder(folder: &Path) -> FileHistory {
        let mut history = FileHistory::default();
        let Some(root) = git(folder, &["rev-parse", "--show-toplevel"]) else {
            return history;
        };
        let root = PathBuf::from(root.trim());
        history.shallow = git(folder, &["rev-parse", "--is-shallow-repository"])
            .is_some_and(|answer| answer.trim() == "true");
        // \x1e starts a commit, \x1f separates its fields; the files follow, each ended by a
        // NUL (`-z`: names as they are, not quoted as `"a\"b.md"` when they hold a quote).
        let Some(log) = git(
            folder,
            &[
                "log",
                "-z",
                "--no-renames",
                "--format=%x1e%aI%x1f%an%x1f%s",
                "--name-only",
                "--",
                ".",
            ],
        ) else {
            return history;
        };
        for chunk in log.split('\x1e').skip(1) {
            let (head, files) = chunk.split_once('\0').unwrap_or((chunk, ""));
            let mut fields = head.split('\x1f');
            let (Some(at), Some(author), subject) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Ok(at) = DateTime::parse_from_rfc3339(at) else {
                continue;
            };
            let commit = Commit {
                at: at.with_timezone(&Utc),
                author: author.to_string(),
                subject: said(subject.unwrap_or("")),
            };
            let files = files.split('\0').map(|f| f.trim_start_matches('\n'));
            for file in files.filter(|f| !f.is_empty()) {
                let commits = history.by_path.entry(root.join(file)).or_default();
                // Enough to list, and the first commit kept last whatever the count.
                if commits.len() < SHOWN {
                    commits.push(commit.clone());
                } else if let Some(last) = commits.last_mut() {
                    *last = commit.clone();
                }
            }
        }
        history
    }

    /// The commits of `path` (absolute, as the import keyed it), newest first; the last one
    /// is always the first commit.
    pub fn of(&self, path: &Path) -> &[Commit] {
        self.by_path.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Adds another work tree's files.
    pub fn absorb(&mut self, other: FileHistory) {
        self.by_path.extend(other.by_path);
        self.shallow |= other.shallow;
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// A commit's subject as a reader takes it: a sync's own message (`Hindsight: a.md; b.md; …`,
/// file names) as what it was, any other cut at 120 characters.
fn said(subject: &str) -> String {
    if subject.starts_with("Hindsight: ") || subject.starts_with("Hindsight sync") {
        return "Changed in Hindsight".into();
    }
    let mut out: String = subject.chars().take(120).collect();
    if subject.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// `git -C folder ARGS`, its output when it succeeds.
fn git(folder: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
