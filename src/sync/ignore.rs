//! A workspace file kept inside a git work tree. Git lists it, and the `-wal` and `-shm`
//! files SQLite keeps beside it while it is open, as untracked, and a hasty `git add -A`
//! commits a binary database that changes at every edit. The window says so and, with the
//! user's consent, adds the three names to the repository's `.gitignore`: appended, written to
//! a temporary name and renamed, every line already there kept as it was.

use std::path::{Path, PathBuf};

use super::Git;

/// A workspace file git would show as untracked: where its repository is, and the lines that
/// would ignore it and its journal files.
#[derive(Clone, Debug, PartialEq)]
pub struct Unignored {
    /// The workspace file.
    pub workspace: PathBuf,
    /// The work tree's top folder.
    pub root: PathBuf,
    /// Its `.gitignore` (it may not exist yet).
    pub gitignore: PathBuf,
    /// Lines for the `.gitignore`, anchored at the top (`/docs/workspace.db`), one per name not
    /// ignored yet.
    pub lines: Vec<String>,
}

/// Whether the workspace file at `workspace` is inside a git work tree, not tracked (a team
/// that commits it on purpose is left alone) and not ignored, with or without its `-wal` and
/// `-shm`. `None` when git is missing, the folder is no work tree, or all is ignored already.
pub fn unignored(workspace: &Path) -> Option<Unignored> {
    let workspace = std::fs::canonicalize(workspace).ok()?;
    let git = Git::find(workspace.parent()?).ok()?;
    let rel = git.relative(&workspace);
    if rel.is_empty() || rel.starts_with("..") || Path::new(&rel).is_absolute() {
        return None;
    }
    if git
        .ask(&["ls-files", "--error-unmatch", "--", &rel])
        .is_some()
    {
        return None;
    }
    let names = [rel.clone(), format!("{rel}-wal"), format!("{rel}-shm")];
    let mut args = vec!["check-ignore", "--"];
    args.extend(names.iter().map(String::as_str));
    // Exit 1 (nothing ignored) is an error to `run`: then none is.
    let ignored = git.run(&args).unwrap_or_default();
    let ignored: Vec<&str> = ignored.lines().map(str::trim).collect();
    let lines: Vec<String> = names
        .iter()
        .filter(|n| !ignored.contains(&n.as_str()))
        .map(|n| format!("/{}", escape(n)))
        .collect();
    if lines.is_empty() {
        return None;
    }
    Some(Unignored {
        workspace,
        gitignore: git.root.join(".gitignore"),
        root: git.root,
        lines,
    })
}

/// A path as a `.gitignore` pattern matches it literally: wildcards and a trailing space
/// escaped.
fn escape(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | '\\' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
        out.push_str("\\ ");
    }
    out
}

/// Appends the lines to the repository's `.gitignore` (creating it if there is none), through a
/// temporary file and a rename: its lines, and its bytes, stay as they were before the new ones.
pub fn add_to_gitignore(unignored: &Unignored) -> std::io::Result<()> {
    let mut bytes = match std::fs::read(&unignored.gitignore) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    let existing = String::from_utf8_lossy(&bytes).to_string();
    let known: Vec<&str> = existing.lines().map(str::trim_end).collect();
    let new: Vec<&String> = unignored
        .lines
        .iter()
        .filter(|l| !known.contains(&l.as_str()))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    bytes
        .extend_from_slice(b"# The Hindsight workspace: a local SQLite database and its journal\n");
    for line in new {
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    if let Some(folder) = unignored.gitignore.parent() {
        crate::atomic::clear(folder);
    }
    crate::atomic::write(&unignored.gitignore, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_the_name_literally() {
        assert_eq!(escape("docs/ws.db"), "docs/ws.db");
        assert_eq!(escape("a[1]*.db"), "a\\[1]\\*.db");
        assert_eq!(escape("#notes.db "), "\\#notes.db\\ ");
    }

    #[test]
    fn appending_keeps_every_line_and_adds_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let gitignore = dir.path().join(".gitignore");
        std::fs::write(&gitignore, "target/\r\n*.log").unwrap();
        let unignored = Unignored {
            workspace: dir.path().join("ws.db"),
            root: dir.path().to_path_buf(),
            gitignore: gitignore.clone(),
            lines: vec!["/ws.db".into(), "/ws.db-wal".into()],
        };
        add_to_gitignore(&unignored).unwrap();
        add_to_gitignore(&unignored).unwrap();
        let text = std::fs::read_to_string(&gitignore).unwrap();
        assert!(text.starts_with("target/\r\n*.log\n# "), "{text:?}");
        assert!(text.ends_with("\n/ws.db\n/ws.db-wal\n"), "{text:?}");
        assert_eq!(text.matches("/ws.db-wal").count(), 1);
    }
}
