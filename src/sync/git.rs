//! The user's own `git`, run as a program (as editors do), so their credentials, SSH keys, hooks
//! and configuration apply. Every call runs in the repository's work tree and returns stdout,
//! or an error with git's own words.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::SyncError;

/// A git work tree.
pub struct Git {
    /// The work tree's top folder.
    pub root: PathBuf,
    /// How long git itself has run so far, for the sync's own timing.
    spent: std::cell::Cell<std::time::Duration>,
}

impl Git {
    /// The work tree `folder` is in.
    pub fn find(folder: &Path) -> Result<Git, SyncError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => SyncError::NoGit,
                _ => SyncError::Git {
                    command: "rev-parse".into(),
                    message: e.to_string(),
                },
            })?;
        if !out.status.success() {
            return Err(SyncError::NotAWorkTree(folder.to_path_buf()));
        }
        let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok(Git {
            root: PathBuf::from(root),
            spent: Default::default(),
        })
    }

    /// Runs `git ARGS` in the work tree; stdout, or git's message.
    pub fn run(&self, args: &[&str]) -> Result<String, SyncError> {
        let started = std::time::Instant::now();
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .output()
            .map_err(|e| SyncError::Git {
                command: args.first().copied().unwrap_or("").to_string(),
                message: e.to_string(),
            })?;
        self.spent.set(self.spent.get() + started.elapsed());
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).to_string())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let message = stderr
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
                .collect::<Vec<_>>()
                .join(" ");
            Err(SyncError::Git {
                command: args.join(" "),
                message,
            })
        }
    }

    /// `git ARGS`, `None` when it fails (a question whose answer may be "none").
    pub fn ask(&self, args: &[&str]) -> Option<String> {
        self.run(args).ok().map(|s| s.trim().to_string())
    }

    /// A file's bytes at a commit, `None` when it does not exist there.
    pub fn show(&self, commit: &str, path: &str) -> Option<String> {
        self.run(&["show", &format!("{commit}:{path}")]).ok()
    }

    /// `path` relative to the work tree's top, with `/`.
    pub fn relative(&self, path: &Path) -> String {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        path.strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// How long git has run so far.
    pub fn spent(&self) -> std::time::Duration {
        self.spent.get()
    }

    /// The name commits are made with (`user.name`), if set.
    pub fn user_name(&self) -> Option<String> {
        self.ask(&["config", "user.name"]).filter(|n| !n.is_empty())
    }
}
