//! A workspace shared with other windows and commands: what they commit is noticed (SQLite's
//! `data_version`) and the lists are read again; an edit of a field someone else changed
//! since the typing began keeps both values as a conflict instead of overwriting; and the
//! workspace is backed up at most once an hour while edits happen.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Outcome, Session};
use crate::store::{Conflict, Result};

/// How often edits back the workspace up, at most.
const BACKUP_EVERY: Duration = Duration::from_secs(60 * 60);
/// How often the backups folder is looked at to decide.
const BACKUP_CHECK: Duration = Duration::from_secs(60);

impl Session {
    /// Reads the lists again if another connection committed to the workspace since this
    /// session last looked. Returns whether it did.
    pub fn refresh_if_changed_elsewhere(&mut self) -> Result<bool> {
        let version = self.store.data_version()?;
        if self.data_version == Some(version) {
            return Ok(false);
        }
        let first = self.data_version.is_none();
        self.data_version = Some(version);
        if first {
            return Ok(false);
        }
        self.refresh_all()?;
        Ok(true)
    }

    /// Backs the workspace up if its last backup is an hour old; says what went wrong if that
    /// failed (the edit itself stands).
    pub(super) fn backup_if_due(&mut self) -> Option<String> {
        if self
            .last_backup_check
            .is_some_and(|at| at.elapsed() < BACKUP_CHECK)
        {
            return None;
        }
        self.last_backup_check = Some(Instant::now());
        match self.store.backup_if_due(BACKUP_EVERY) {
            Ok(_) => None,
            Err(e) => Some(format!("(The hourly backup failed: {e})")),
        }
    }

    /// Sets a field to what was typed, unless someone else changed it since the typing began
    /// (`base`): then both values wait as a conflict for the user to choose.
    pub(super) fn edit(
        &mut self,
        id: &str,
        pointer: &str,
        value: Value,
        base: Value,
    ) -> Result<Outcome> {
        let record = self.store.get_any(id)?;
        let now = record
            .to_json()
            .pointer(pointer)
            .cloned()
            .unwrap_or(Value::Null);
        let same = |a: &Value, b: &Value| a == b || (is_blank(a) && is_blank(b));
        if same(&now, &base) || same(&now, &value) {
            self.apply_one(super::Command::SetField {
                id: id.to_string(),
                pointer: pointer.to_string(),
                value,
            })
        } else {
            let field = pointer.trim_start_matches('/').to_string();
            let conflict = Conflict {
                id: id.to_string(),
                field: field.clone(),
                mine: value,
                theirs: now,
            };
            let summary = format!("Keep both values of {field} of “{}”", record.title());
            self.store.write(summary, |w| w.add_conflict(&conflict))?;
            self.refresh_all()?;
            Ok(Outcome {
                message: Some(format!(
                    "Someone else changed {} of “{}” while you typed; both values are kept: choose one.",
                    field.replace(['_', '/'], " "),
                    record.title()
                )),
                select: None,
            })
        }
    }
}

/// Empty text, an empty list and nothing are the same to a field.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}
