//! Writing a file so that it is either all there or not changed: the bytes go to a temporary
//! name in the same folder, are flushed to disk, and are renamed over the target. A failure (a
//! full disk, a kill) leaves the target as it was and no partial file under its name. Every
//! file Hindsight writes (exports, write-back, reports) goes through here.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary name `write` uses for `path` in this process: `.NAME.PID.tmp` beside it.
fn temporary(path: &Path) -> PathBuf {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it over.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temporary(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Whether `name` is a temporary file `write` made (left behind by a process that was killed
/// while writing), so a later write into the folder may remove it.
pub fn is_leftover(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    inner
        .rsplit_once('.')
        .is_some_and(|(file, pid)| !file.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write(&path, b"first").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
        // Into a folder that does not exist: an error, and nothing made.
        assert!(write(&dir.path().join("missing/x.md"), b"x").is_err());
        let name = temporary(&path);
        assert!(is_leftover(&name.file_name().unwrap().to_string_lossy()));
        assert!(!is_leftover(".hidden.tmp"));
        assert!(!is_leftover("notes.tmp"));
    }
}
