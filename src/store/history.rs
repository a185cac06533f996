//! History: the revisions of a record, undo and redo across records, and restoring an earlier
//! version. Undo and redo are changes too, so the audit trail shows them.

use rusqlite::{OptionalExtension, params};

use super::read::parse_kind;
use super::{Result, Store, StoreError};
use crate::domain::{Change, Kind, Revision};

impl Store {
    /// Every revision of a record, newest first.
    pub fn history(&self, record_id: &str) -> Result<Vec<Revision>> {
        self.revisions_where("r.record_id = ?1", [record_id])
    }

    /// The revisions of the changes after change `after` up to change `upto` (both ids), oldest
    /// first: what a stretch of work (a sync reading what the team pushed) did to the records.
    pub fn revisions_between(&self, after: i64, upto: i64) -> Result<Vec<Revision>> {
        let mut revisions =
            self.revisions_where("r.change_id > ?1 AND r.change_id <= ?2", [after, upto])?;
        revisions.reverse();
        Ok(revisions)
    }

    /// The newest change's id (0 before any): where a stretch of work starts or ends.
    pub fn last_change(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM changes", [], |row| {
                row.get(0)
            })?)
    }

    /// One revision by its id.
    pub fn revision(&self, id: i64) -> Result<Revision> {
        self.revisions_where("r.id = ?1", [id])?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("revision {id}")))
    }

    fn revisions_where(
        &self,
        filter: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Revision>> {
        let sql = format!(
            "SELECT r.id, r.change_id, r.record_id, r.kind, c.at, c.author, c.summary, r.before, r.after
             FROM revisions r JOIN changes c ON c.id = r.change_id
             WHERE {filter} ORDER BY r.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows: Vec<(Revision, Option<String>)> = stmt
            .query_map(params, |row| {
                let at: String = row.get(4)?;
                let revision = Revision {
                    id: row.get(0)?,
                    change_id: row.get(1)?,
                    record_id: row.get(2)?,
                    kind: None,
                    at: parse_time(&at),
                    author: row.get(5)?,
                    summary: row.get(6)?,
                    before: row.get(7)?,
                    after: row.get(8)?,
                };
                Ok((revision, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(mut revision, kind)| {
                revision.kind = kind.as_deref().map(parse_kind).transpose()?;
                Ok(revision)
            })
            .collect()
    }

    /// The change that `undo` would revert, if any.
    pub fn next_undo(&self) -> Result<Option<Change>> {
        self.change_where("state = 'done' ORDER BY id DESC LIMIT 1")
    }

    /// The change that `redo` would re-apply, if any.
    pub fn next_redo(&self) -> Result<Option<Change>> {
        self.change_where("state = 'undone' ORDER BY undone_by DESC LIMIT 1")
    }

    fn change_where(&self, filter: &str) -> Result<Option<Change>> {
        let sql = format!("SELECT id, at, author, summary FROM changes WHERE {filter}");
        let row: Option<(i64, String, String, String)> = self
            .conn
            .query_row(&sql, [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        Ok(row.map(|(id, at, author, summary)| Change {
            id,
            at: parse_time(&at),
            author,
            summary,
        }))
    }

    /// Reverts the most recent change that is not undone yet. Returns it, or `None` when there
    /// is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Change>> {
        let Some(change) = self.next_undo()? else {
            return Ok(None);
        };
        let steps = self.steps_of(change.id)?;
        self.write_as("undo", format!("Undo: {}", change.summary), |w| {
            w.execute("PRAGMA defer_foreign_keys = ON", [])?;
            for (record_id, kind, before, _) in steps.iter().rev() {
                w.apply(record_id, *kind, before.as_deref())?;
            }
            let undo_id = w.change_id()?;
            w.execute(
                "UPDATE changes SET state = 'undone', undone_by = ?2 WHERE id = ?1",
                params![change.id, undo_id],
            )?;
            Ok(())
        })?;
        Ok(Some(change))
    }

    /// Re-applies the change most recently undone. Returns it, or `None` when there is nothing
    /// to redo (a new edit since the undo ends the redo stack).
    pub fn redo(&mut self) -> Result<Option<Change>> {
        let Some(change) = self.next_redo()? else {
            return Ok(None);
        };
        let steps = self.steps_of(change.id)?;
        self.write_as("redo", format!("Redo: {}", change.summary), |w| {
            w.execute("PRAGMA defer_foreign_keys = ON", [])?;
            for (record_id, kind, _, after) in &steps {
                w.apply(record_id, *kind, after.as_deref())?;
            }
            w.change_id()?;
            w.execute(
                "UPDATE changes SET state = 'done', undone_by = NULL WHERE id = ?1",
                [change.id],
            )?;
            Ok(())
        })?;
        Ok(Some(change))
    }

    /// Brings a record back to the content it had in one of its revisions: the content after
    /// that change, or, for the revision that deleted it, the content before. A change of its
    /// own, so it can be undone in turn.
    pub fn restore(&mut self, revision_id: i64) -> Result<()> {
        let revision = self.revision(revision_id)?;
        let content = revision.after.clone().or(revision.before.clone());
        let title = content
            .as_deref()
            .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
            .and_then(|v| {
                ["title", "statement", "name"]
                    .iter()
                    .find_map(|k| v.get(*k).and_then(|t| t.as_str()).map(str::to_string))
            })
            .unwrap_or_else(|| revision.record_id.clone());
        let summary = format!(
            "Restore “{title}” as of {}",
            revision.at.format("%Y-%m-%d %H:%M")
        );
        self.write(summary, |w| {
            w.execute("PRAGMA defer_foreign_keys = ON", [])?;
            w.apply(&revision.record_id, revision.kind, content.as_deref())
        })
    }

    #[allow(clippy::type_complexity)]
    fn steps_of(
        &self,
        change_id: i64,
    ) -> Result<Vec<(String, Option<Kind>, Option<String>, Option<String>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_id, kind, before, after FROM revisions WHERE change_id = ?1 ORDER BY id",
        )?;
        let rows: Vec<(String, Option<String>, Option<String>, Option<String>)> = stmt
            .query_map([change_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, kind, before, after)| {
                Ok((
                    id,
                    kind.as_deref().map(parse_kind).transpose()?,
                    before,
                    after,
                ))
            })
            .collect()
    }
}

fn parse_time(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().unwrap_or_default()
}
