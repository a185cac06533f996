//! The temporary files a killed writer leaves, and clearing them: a writer calls [`clear`] for
//! every folder it is about to write to (a sync, [`clear_under`] for its whole folder), which
//! removes the files of Hindsight's temporary pattern whose process is gone, there and in the
//! folder their temporary files go to. A file whose process may still be running is kept,
//! whoever's it is: where that cannot be known, the process counts as alive.

use std::path::{Path, PathBuf};

/// What the files earlier builds wrote were named (`.NAME.PID.tmp`, without Hindsight's mark),
/// by the names Hindsight writes: only those are taken for theirs.
const EARLIER: &[&str] = &[".md", ".json", ".html", ".dot", ".gitignore"];

/// The process id a temporary name of [`super::write`] carries: `.NAME.hindsight-PID-N.tmp`,
/// or `.NAME.PID.tmp` as earlier builds named the files they wrote (Markdown, JSON, HTML, DOT,
/// `.gitignore`). `None` for any other name: another program's temporary file is not ours.
pub fn leftover_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, tag) = inner.rsplit_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let pid = match tag.strip_prefix(super::MARK) {
        Some(rest) => {
            let (pid, n) = rest.split_once('-')?;
            digits(n).then_some(pid)?
        }
        None => EARLIER.iter().any(|e| file.ends_with(e)).then_some(tag)?,
    };
    (!file.is_empty() && digits(pid))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether `name` is a temporary name of [`super::write`] (made by this process or another,
/// running or killed).
pub fn is_leftover(name: &str) -> bool {
    leftover_pid(name).is_some()
}

/// Whether the process `pid` may be running: on Linux, whether `/proc/PID` exists; elsewhere on
/// Unix, whether `ps -p PID` finds it. Where neither can say, yes.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    #[cfg(unix)]
    {
        // `ps` finds another user's process too (a `kill -0` would be refused for it).
        std::process::Command::new("ps")
            .args(["-p", &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(true)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Removes, in `dir` alone (not its subfolders), the files of the temporary pattern whose
/// process is gone. Symbolic links and folders are never touched.
fn clear_in(dir: &Path, removed: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&name) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !process_alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
}

/// Clears what killed writes into `dir` left: the temporary files of processes that are gone,
/// in `dir` and in the folder temporary files of writes into it go to (see
/// [`super::temp_folder`]). Returns the files removed.
pub fn clear(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    clear_in(dir, &mut removed);
    if let Some(git) = super::git_dir(dir) {
        clear_in(&git.join(super::GIT_TEMP), &mut removed);
    }
    removed
}

/// [`clear`] for `root` and every folder under it (a git directory is not entered; its
/// temporary folder is cleared as the work tree's).
pub fn clear_under(root: &Path) -> Vec<PathBuf> {
    let mut removed = clear(root);
    let folders = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .flatten()
        .filter(|e| e.file_type().is_dir());
    for folder in folders {
        clear_in(folder.path(), &mut removed);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id of a process that has ended (and been waited for).
    fn gone() -> u32 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn names_of_the_pattern_carry_their_process() {
        assert_eq!(leftover_pid(".0786-queue.md.24144.tmp"), Some(24144));
        assert_eq!(
            leftover_pid(".0786-queue.md.hindsight-24144-3.tmp"),
            Some(24144)
        );
        assert_eq!(leftover_pid(".a.b.c.txt.hindsight-7-0.tmp"), Some(7));
        assert_eq!(leftover_pid("..gitignore.12.tmp"), Some(12));
        for other in [
            ".hidden.tmp",
            "notes.tmp",
            "..12.tmp",
            ".x.md.hindsight-12-.tmp",
            ".x.md.hindsight--3.tmp",
            ".x.md.hindsight-12.tmp",
            ".x.md.12-3.tmp",
            ".x.md.12a.tmp",
            "x.md.12.tmp",
            ".x.md.12.tmp.bak",
            // Another program's, in the pattern of earlier builds but not a file we write.
            ".notes.txt.12.tmp",
            ".swap.12.tmp",
        ] {
            assert_eq!(leftover_pid(other), None, "{other}");
        }
    }

    #[test]
    fn only_the_files_of_processes_that_are_gone_are_cleared() {
        assert!(process_alive(std::process::id()));
        let dead = gone();
        assert!(!process_alive(dead));
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("postmortems");
        std::fs::create_dir_all(&sub).unwrap();
        let killed = format!(".0001-x.md.hindsight-{dead}-0.tmp");
        let older = format!(".0002-y.md.{dead}.tmp");
        let running = format!(".0003-z.md.hindsight-{}-5.tmp", std::process::id());
        let foreign = format!(".notes.txt.{dead}.tmp");
        for name in [&killed, &older, &running, &foreign] {
            std::fs::write(dir.path().join(name), "").unwrap();
            std::fs::write(sub.join(name), "").unwrap();
        }
        // A folder of the pattern's name is not a file of it.
        std::fs::create_dir(dir.path().join(format!(".d.md.{dead}.tmp"))).unwrap();
        let removed = clear(dir.path());
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(!dir.path().join(&killed).exists() && !dir.path().join(&older).exists());
        assert!(dir.path().join(&running).exists());
        assert!(dir.path().join(&foreign).exists());
        assert!(sub.join(&killed).exists(), "clear is one folder");
        assert_eq!(clear_under(dir.path()).len(), 2);
        assert!(sub.join(&running).exists() && sub.join(&foreign).exists());
        assert!(!sub.join(&killed).exists() && !sub.join(&older).exists());
    }
}
