//! Writing a file so that it is either all there or not changed: the bytes go to a temporary
//! file, are flushed to disk, and are renamed over the target. A failure (a full disk, a kill)
//! leaves the target as it was and no partial file under its name. Every file Hindsight writes
//! (exports, write-back, sync, reports, `.gitignore` lines) goes through here.
//!
//! Where the temporary file goes: when the target's folder is inside a git work tree, into
//! `hindsight-tmp/` of that work tree's git directory (`.git/hindsight-tmp/`): git never looks
//! inside its own directory, so a file a killed write leaves there is never listed by
//! `git status`, staged by `git add -A` or committed by a sync, and the team's `.gitignore` need
//! not change. The git directory is on the same file system as the work tree (checked; else,
//! and outside git, the temporary file goes beside the target), so the rename stays atomic.
//!
//! A temporary name says it is Hindsight's and which process made it:
//! `.NAME.hindsight-PID-N.tmp` (earlier builds wrote `.NAME.PID.tmp`). A writer clears, at its
//! start, the ones whose process is gone ([`clear`]); a file a running process may still own,
//! or another program's, is never removed.

mod leftover;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use leftover::{clear, clear_under, is_leftover, leftover_pid, process_alive};

/// The folder, inside a git directory, that holds the temporary files of writes into its work
/// tree.
pub const GIT_TEMP: &str = "hindsight-tmp";

/// Each temporary name of this process is its own, even for two files of one name written at
/// once into one git directory's temporary folder.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// What marks a temporary name as Hindsight's, before the process id.
const MARK: &str = "hindsight-";

/// The temporary name for `path` in this process: `.NAME.hindsight-PID-N.tmp`.
fn temporary_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(".{name}.{MARK}{}-{n}.tmp", std::process::id())
}

/// The git directory of the work tree `dir` is in, found as git finds it (the nearest `.git`
/// above: a folder, or a file saying `gitdir: …` for linked work trees and submodules), when it
/// is on the same file system as `dir`.
pub fn git_dir(dir: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    for folder in dir.ancestors() {
        let dot_git = folder.join(".git");
        let Ok(meta) = std::fs::metadata(&dot_git) else {
            continue;
        };
        let git_dir = if meta.is_dir() {
            dot_git
        } else {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            folder.join(target)
        };
        // What git would not take for a repository, it would look past; so do we.
        if !git_dir.join("HEAD").is_file() {
            continue;
        }
        return same_device(&dir, &git_dir).then_some(git_dir);
    }
    None
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_device(_: &Path, _: &Path) -> bool {
    // Not known here: a rename that fails is tried again beside the target.
    true
}

/// The folder temporary files of writes into `dir` go to: the git directory's
/// [`GIT_TEMP`] when `dir` is in a git work tree (made if missing), else `dir`.
pub fn temp_folder(dir: &Path) -> PathBuf {
    git_dir(dir)
        .map(|g| g.join(GIT_TEMP))
        .filter(|t| std::fs::create_dir_all(t).is_ok())
        .unwrap_or_else(|| dir.to_path_buf())
}

/// Writes `bytes` to `path` through a temporary file (see the module), then renames it over.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    let home = temp_folder(dir);
    let name = temporary_name(path);
    match write_through(&home.join(&name), path, bytes) {
        // The git directory would not take it (another file system, no room, no right to
        // write there): beside the target, as outside git.
        Err(_) if home != dir => write_through(&dir.join(name), path, bytes),
        result => result,
    }
}

/// Writes `bytes` to `path` through a temporary file in `home` (a folder [`temp_folder`] gave
/// for `path`'s folder, worked out once for many files), renamed over, but not flushed to disk
/// first: for output made again from its sources whenever asked (the published site's
/// thousands of pages), where a flush per file would cost more than the work. A reader still
/// sees the old file or the new one, never half of one.
pub fn write_unflushed(home: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = temporary_name(path);
    let dir = folder_of(path);
    match write_through_with(&home.join(&name), path, bytes, false) {
        Err(_) if home != dir => write_through_with(&dir.join(name), path, bytes, false),
        result => result,
    }
}

fn write_through(temp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_with(temp, path, bytes, true)
}

fn write_through_with(temp: &Path, path: &Path, bytes: &[u8], flush: bool) -> std::io::Result<()> {
    let result = (|| {
        let mut file = std::fs::File::create(temp)?;
        file.write_all(bytes)?;
        if flush {
            file.sync_all()?;
        }
        std::fs::rename(temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write(&path, b"first").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names(dir.path()), ["report.html"]);
        // Into a folder that does not exist: an error, and nothing made.
        assert!(write(&dir.path().join("missing/x.md"), b"x").is_err());
        assert_eq!(names(dir.path()), ["report.html"]);
        let name = temporary_name(&path);
        assert!(is_leftover(&name), "{name}");
        assert_eq!(leftover_pid(&name), Some(std::process::id()));
        assert!(!is_leftover(".hidden.tmp"));
        assert!(!is_leftover("notes.tmp"));
    }

    #[test]
    fn in_a_git_work_tree_the_temporary_file_goes_into_the_git_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git/refs")).unwrap();
        std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        let adr = dir.path().join("docs/adr");
        std::fs::create_dir_all(&adr).unwrap();
        let git = std::fs::canonicalize(dir.path().join(".git")).unwrap();
        assert_eq!(git_dir(&adr), Some(git.clone()));
        assert_eq!(temp_folder(&adr), git.join(GIT_TEMP));
        write(&adr.join("0001-x.md"), b"x").unwrap();
        assert_eq!(names(&adr), ["0001-x.md"]);
        assert!(names(&git.join(GIT_TEMP)).is_empty());
        // A linked work tree's `.git` is a file naming its git directory.
        let linked = dir.path().join("linked");
        std::fs::create_dir_all(&linked).unwrap();
        std::fs::write(linked.join(".git"), "gitdir: ../.git\n").unwrap();
        assert_eq!(
            git_dir(&linked).map(|g| std::fs::canonicalize(g).unwrap()),
            Some(git)
        );
        // A `.git` that is no repository is looked past.
        let odd = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(odd.path().join(".git")).unwrap();
        assert_eq!(temp_folder(odd.path()), odd.path());
    }
}
