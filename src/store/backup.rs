//! Automatic backups of a workspace, made with SQLite's online backup API (a consistent copy
//! of a live database, never a file copy), verified before they count, and kept in a
//! `backups/` folder beside the workspace: before each import, sync, upgrade and restore, and
//! at most once an hour while edits happen. The newest 20 are kept, and for 30 days the newest
//! of each day. A backup is a workspace like any other: it opens, lists and exports.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, MAIN_DB, OpenFlags};

use super::{Result, Store, StoreError};
use crate::domain::Kind;

/// How many backups are kept whatever their age.
const KEEP_NEWEST: usize = 20;
/// For how many days the newest backup of each day is kept too.
const KEEP_DAYS: i64 = 30;
/// How a backup's time is written in its name (UTC; sorts as it reads).
const STAMP: &str = "%Y%m%d-%H%M%S";

/// The meta key of the last change a backup before an import or sync holds, and its file.
const BACKED_UP_AT: &str = "backed_up_at";

/// Why a backup was made, as its name says.
pub type BackupReason = &'static str;

/// One backup of a workspace.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Backup {
    pub path: PathBuf,
    pub at: DateTime<Utc>,
    /// "import", "sync", "hourly", "before-restore", "before-upgrade-v2"…
    pub reason: String,
    /// Records of each kind in it (empty when it cannot be read).
    pub counts: Vec<(Kind, usize)>,
}

/// The folder a workspace's backups live in.
pub fn folder(workspace: &Path) -> PathBuf {
    workspace
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"))
}

fn stem(workspace: &Path) -> String {
    workspace
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workspace".into())
}

/// `STEM.YYYYMMDD-HHMMSS.REASON.db`
fn name(workspace: &Path, at: DateTime<Utc>, reason: &str) -> String {
    format!("{}.{}.{reason}.db", stem(workspace), at.format(STAMP))
}

/// The time and reason in a backup's name, if it is one of this workspace's.
fn parse_name(workspace: &Path, file: &str) -> Option<(DateTime<Utc>, String)> {
    let rest = file.strip_prefix(&format!("{}.", stem(workspace)))?;
    let rest = rest.strip_suffix(".db")?;
    let (stamp, reason) = rest.split_once('.')?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((at, reason.to_string()))
}

/// The backups of the workspace at `workspace`, newest first (without their counts).
fn found(workspace: &Path) -> Vec<(PathBuf, DateTime<Utc>, String)> {
    let Ok(entries) = std::fs::read_dir(folder(workspace)) else {
        return Vec::new();
    };
    let mut found: Vec<_> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let (at, reason) = parse_name(workspace, &file)?;
            Some((e.path(), at, reason))
        })
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    found
}

/// The temporary name a backup is made under until it is checked: `BACKUP.db.PID-NANOS.part`,
/// a name of this process's own (two processes backing up at once never share one).
fn part_name(workspace: &Path, at: DateTime<Utc>, reason: &str) -> String {
    format!(
        "{}.{}-{}.part",
        name(workspace, at, reason),
        std::process::id(),
        at.timestamp_subsec_nanos()
    )
}

/// The process whose backup of this workspace `file` was being made under: a temporary name,
/// or SQLite's journal beside it.
fn part_pid(workspace: &Path, file: &str) -> Option<u32> {
    let rest = ["", "-journal", "-wal", "-shm"]
        .iter()
        .find_map(|tail| file.strip_suffix(&format!(".part{tail}")))?;
    let (backup, tag) = rest.rsplit_once('.')?;
    parse_name(workspace, backup)?;
    let (pid, nanos) = tag.split_once('-')?;
    nanos.chars().all(|c| c.is_ascii_digit()).then_some(())?;
    pid.parse().ok()
}

/// Removes the temporary files of this workspace's backups that a killed process left (one
/// still running keeps its own).
fn clear_parts(workspace: &Path) {
    let Ok(entries) = std::fs::read_dir(folder(workspace)) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = part_pid(workspace, &file)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && !crate::atomic::process_alive(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Copies the database behind `source` into `part` through SQLite's backup API and checks the
/// copy (`quick_check`). On any failure no partial file is left.
fn copy(source: &Connection, part: &Path) -> rusqlite::Result<()> {
    let result = (|| {
        source.backup(MAIN_DB, part, None)?;
        let copy = Connection::open(part)?;
        // A backup is a plain file to move around: no write-ahead log beside it.
        copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        // Every table that holds what the user wrote, checked with its indexes; the full-text
        // index is left out: it is rebuilt from the records, and checking it means tokenising
        // every record again, most of the cost of a backup of a large workspace.
        let tables: Vec<String> = copy
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'search%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for table in tables {
            let check: String = copy.query_row(
                &format!("PRAGMA quick_check(\"{}\")", table.replace('"', "\"\"")),
                [],
                |r| r.get(0),
            )?;
            if check != "ok" {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                    Some(format!("the copy does not check out ({table}): {check}")),
                ));
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(part);
    }
    result
}

/// Gives the checked copy at `part` its backup name: the first free one from its time on, a
/// second later each time, so two backups in one second, from one process or two, get distinct
/// names. The name is claimed atomically by a hard link, so no backup name ever stands for a
/// partial or empty file, even when the process is killed; where the file system has no hard
/// links, by creating the name (atomically: one process wins it) and renaming the copy over it.
fn settle(
    part: &Path,
    workspace: &Path,
    reason: &str,
    at: DateTime<Utc>,
) -> std::io::Result<PathBuf> {
    let dir = folder(workspace);
    let mut at = at;
    let mut links = true;
    loop {
        let target = dir.join(name(workspace, at, reason));
        let claimed = if links {
            match std::fs::hard_link(part, &target) {
                Ok(()) => {
                    let _ = std::fs::remove_file(part);
                    return Ok(target);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) => {
                    links = false;
                    continue;
                }
            }
        } else {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .map(drop)
        };
        match claimed {
            Ok(()) => {
                if let Err(e) = std::fs::rename(part, &target) {
                    let _ = std::fs::remove_file(&target);
                    return Err(e);
                }
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                at += chrono::TimeDelta::seconds(1);
            }
            Err(e) => return Err(e),
        }
    }
}

/// Backs up the closed workspace file at `path` (before an upgrade), reading it only.
pub(super) fn take_of_file(path: &Path, reason: &str) -> Result<PathBuf> {
    let failed = |message: String| StoreError::Backup {
        path: path.to_path_buf(),
        message,
    };
    let source = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| failed(e.to_string()))?;
    take(&source, path, reason).map_err(|e| failed(e.to_string()))
}

fn take(source: &Connection, workspace: &Path, reason: &str) -> std::io::Result<PathBuf> {
    let dir = folder(workspace);
    std::fs::create_dir_all(&dir)?;
    // What a killed backup left: its copy under a temporary name, a temporary `.gitignore`.
    clear_parts(workspace);
    crate::atomic::clear(&dir);
    // A workspace kept in a git work tree must not have its backups committed with it.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        crate::atomic::write(
            &ignore,
            b"# Hindsight's backups of this folder's workspaces\n*\n",
        )?;
    }
    let at = Utc::now();
    let part = dir.join(part_name(workspace, at, reason));
    copy(source, &part).map_err(std::io::Error::other)?;
    let target = settle(&part, workspace, reason, at).inspect_err(|_| {
        let _ = std::fs::remove_file(&part);
    })?;
    prune(workspace);
    Ok(target)
}

/// Removes the backups the policy no longer keeps: beyond the newest 20, all but the newest of
/// each day, and all older than 30 days. Only files named as this workspace's backups are
/// touched.
fn prune(workspace: &Path) {
    let now = Utc::now();
    let mut days_kept: Vec<chrono::NaiveDate> = Vec::new();
    for (n, (path, at, _)) in found(workspace).into_iter().enumerate() {
        let day = at.date_naive();
        let recent = (now - at).num_days() < KEEP_DAYS;
        let first_of_day = !days_kept.contains(&day);
        if first_of_day {
            days_kept.push(day);
        }
        if n < KEEP_NEWEST || (recent && first_of_day) {
            continue;
        }
        let _ = std::fs::remove_file(path);
    }
}

impl Store {
    fn backup_error(&self, message: impl ToString) -> StoreError {
        StoreError::Backup {
            path: self.path.clone().unwrap_or_default(),
            message: message.to_string(),
        }
    }

    /// Backs up the workspace now; `None` for a workspace in memory.
    pub fn take_backup(&self, reason: BackupReason) -> Result<Option<PathBuf>> {
        let Some(path) = self.path.clone() else {
            return Ok(None);
        };
        take(&self.conn, &path, reason)
            .map(Some)
            .map_err(|e| self.backup_error(e))
    }

    /// Backs up the workspace ahead of work that changes many records at once (an import, a
    /// sync), unless it holds nothing to lose yet.
    ///
    /// When nothing changed since the last backup taken this way (and it is still there), no
    /// copy is made: it would be the same workspace again, and copying and checking a large
    /// workspace is most of what a sync with nothing to do would cost.
    pub fn backup_before(&mut self, reason: BackupReason) -> Result<Option<PathBuf>> {
        if self.read_only || self.scratch || self.is_empty()? {
            return Ok(None);
        }
        let last: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM changes", [], |r| r.get(0))?;
        let stamp = format!("{last} {}", self.workspace_id()?);
        let kept = self.meta(BACKED_UP_AT)?.and_then(|m| {
            m.split_once('|')
                .map(|(s, p)| (s.to_string(), p.to_string()))
        });
        if let Some((at, path)) = kept
            && at == stamp
            && Path::new(&path).is_file()
        {
            return Ok(None);
        }
        let taken = self.take_backup(reason)?;
        if let Some(path) = &taken {
            self.set_meta(BACKED_UP_AT, &format!("{stamp}|{}", path.display()))?;
        }
        Ok(taken)
    }

    /// Backs up the workspace if its newest backup is older than `every` (or there is none).
    pub fn backup_if_due(&self, every: Duration) -> Result<Option<PathBuf>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let newest = found(path).first().map(|(_, at, _)| *at);
        let due = newest.is_none_or(|at| (Utc::now() - at).to_std().unwrap_or_default() >= every);
        if due && !self.read_only {
            self.take_backup("hourly")
        } else {
            Ok(None)
        }
    }

    /// This workspace's backups, newest first, with what each holds.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        let Some(path) = &self.path else {
            return Ok(Vec::new());
        };
        Ok(found(path)
            .into_iter()
            .map(|(path, at, reason)| {
                let counts = Store::open_read_only(&path)
                    .and_then(|b| b.counts())
                    .unwrap_or_default();
                Backup {
                    path,
                    at,
                    reason,
                    counts,
                }
            })
            .collect())
    }

    /// Brings the workspace back to the backup at `backup`, after backing up what it is now
    /// (so a restore can itself be undone by restoring that). Returns that backup.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<Option<PathBuf>> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        // Only a workspace this build can read is restored; the check reads it only.
        drop(Store::open_read_only(backup)?);
        let before = self.take_backup("before-restore")?;
        self.conn
            .restore(MAIN_DB, backup, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| self.backup_error(format!("{}: {e}", backup.display())))?;
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        super::schema::upgrade(&mut self.conn).map_err(|e| self.backup_error(e))?;
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_time_and_the_reason() {
        let ws = Path::new("/data/team.db");
        let at = DateTime::parse_from_rfc3339("2026-11-22T21:05:09Z")
            .unwrap()
            .to_utc();
        let file = name(ws, at, "import");
        assert_eq!(file, "team.20261122-210509.import.db");
        assert_eq!(parse_name(ws, &file), Some((at, "import".to_string())));
        assert_eq!(parse_name(Path::new("/data/other.db"), &file), None);
        assert_eq!(parse_name(ws, "team.notes.txt"), None);
        assert_eq!(folder(ws), Path::new("/data/backups"));
        let part = part_name(ws, at, "sync");
        assert_eq!(part_pid(ws, &part), Some(std::process::id()));
        assert_eq!(
            part_pid(ws, &format!("{part}-journal")),
            Some(std::process::id())
        );
        assert_eq!(part_pid(Path::new("/data/other.db"), &part), None);
        assert_eq!(part_pid(ws, "team.20261122-210509.import.db"), None);
        assert_eq!(
            part_pid(ws, "team.20261122-210509.import.db.x-1.part"),
            None
        );
    }
}
