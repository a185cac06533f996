//! `hindsight backups` and `hindsight restore`: the workspace's automatic backups, newest
//! first, and bringing one back (after backing up the workspace as it is, so a restore can be
//! undone by restoring that).

use std::io::Write;
use std::path::Path;

use super::{CliError, json};
use crate::store::{Backup, Store};

/// "3 decisions, 6 incidents, 9 lessons" (kinds with none left out).
fn holds(backup: &Backup) -> String {
    let parts: Vec<String> = backup
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{n} {}", kind.plural()))
        .collect();
    if parts.is_empty() {
        "no records".to_string()
    } else {
        parts.join(", ")
    }
}

pub fn list(store: &Store, as_json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let backups = store.backups()?;
    if as_json {
        json::print(out, &serde_json::to_value(&backups).unwrap_or_default())?;
        return Ok(());
    }
    if backups.is_empty() {
        writeln!(
            out,
            "No backups yet. One is made before each import, sync, upgrade and restore, and at most once an hour while you edit."
        )?;
    }
    for b in &backups {
        writeln!(
            out,
            "{}  {:<20} {}\n    {}",
            b.at.format("%Y-%m-%d %H:%M:%S UTC"),
            b.reason,
            holds(b),
            b.path.display()
        )?;
    }
    Ok(())
}

pub fn restore(store: &mut Store, backup: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let before = store.restore_backup(backup)?;
    writeln!(
        out,
        "Restored {} into {}.",
        backup.display(),
        store.path().unwrap_or(Path::new("")).display()
    )?;
    if let Some(before) = before {
        writeln!(
            out,
            "What it held before is in {} (restore that to undo).",
            before.display()
        )?;
    }
    Ok(())
}
