//! What syncing with a team's repository keeps in the workspace: the folder it is bound to
//! (`meta`), the fields a merge found changed differently on both sides (`conflicts`), the
//! workspace's value in the record and the other side's here, until someone chooses; and which
//! records changed since a given change, so writing back reads only their files; and the
//! records a sync brought from the team that nobody has opened here yet (`meta`, so the marks
//! outlive the window).

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use super::{Result, Store, StoreError, Writer};
use crate::domain::with_field;

/// A field changed differently here and in the team's repository.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub id: String,
    pub field: String,
    pub mine: Value,
    pub theirs: Value,
}

impl Store {
    /// A value the workspace keeps about itself.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Sets a value the workspace keeps about itself (not a record: no undo step).
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Every conflict left, by record and field.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_id, field, mine, theirs FROM conflicts ORDER BY record_id, field",
        )?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, field, mine, theirs)| Conflict {
                id,
                field,
                mine: serde_json::from_str(&mine).unwrap_or(Value::String(mine)),
                theirs: serde_json::from_str(&theirs).unwrap_or(Value::String(theirs)),
            })
            .collect())
    }
}

/// The meta key of the records a sync brought that are not opened yet, one id a line.
const UNSEEN: &str = "sync_unseen";

impl Store {
    /// The records a sync brought from the team that nobody opened here since.
    pub fn unseen(&self) -> Result<std::collections::HashSet<String>> {
        Ok(self
            .meta(UNSEEN)?
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect())
    }

    /// Marks records as brought by a sync and not opened yet (on top of those marked before).
    pub fn add_unseen<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let mut unseen = self.unseen()?;
        let before = unseen.len();
        unseen.extend(ids.into_iter().map(str::to_string));
        if unseen.len() == before {
            return Ok(());
        }
        self.set_unseen(&unseen)
    }

    /// Clears a record's mark (it was opened). Returns whether it had one.
    pub fn mark_seen(&mut self, id: &str) -> Result<bool> {
        let mut unseen = self.unseen()?;
        if !unseen.remove(id) {
            return Ok(false);
        }
        self.set_unseen(&unseen)?;
        Ok(true)
    }

    fn set_unseen(&mut self, unseen: &std::collections::HashSet<String>) -> Result<()> {
        let mut ids: Vec<&str> = unseen.iter().map(String::as_str).collect();
        ids.sort_unstable();
        self.set_meta(UNSEEN, &ids.join("\n"))
    }
}

impl Store {
    /// Settles a conflict: the field takes our value (`theirs` false) or theirs, as one change;
    /// the next sync writes it into the file.
    pub fn resolve_conflict(&mut self, id: &str, field: &str, theirs: bool) -> Result<()> {
        let conflict = self
            .conflicts()?
            .into_iter()
            .find(|c| c.id == id && c.field == field)
            .ok_or_else(|| StoreError::NotFound(format!("{id}: no conflict on '{field}'")))?;
        let record = self.get_any(id)?;
        let value = if theirs {
            conflict.theirs
        } else {
            conflict.mine
        };
        // A whole file or list kept one way or the other has no single field to set.
        let updated = match field.contains(' ') || field == "file" {
            true => None,
            false => with_field(&record, &format!("/{field}"), value)?,
        };
        let side = if theirs { "theirs" } else { "mine" };
        let summary = format!("Keep {side} for {field} of “{}”", record.title());
        self.write(summary, |w| {
            if let Some(updated) = &updated {
                w.put_any(updated)?;
            }
            w.remove_conflict(id, field)?;
            Ok(())
        })
    }
}

impl Writer<'_> {
    /// Keeps a conflict (replacing an older one of the same field).
    pub fn add_conflict(&mut self, conflict: &Conflict) -> Result<()> {
        self.execute(
            "INSERT INTO conflicts (record_id, field, mine, theirs) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (record_id, field) DO UPDATE SET mine = excluded.mine,
                                                          theirs = excluded.theirs",
            params![
                conflict.id,
                conflict.field,
                conflict.mine.to_string(),
                conflict.theirs.to_string()
            ],
        )?;
        Ok(())
    }

    /// Forgets a conflict once someone chose.
    pub fn remove_conflict(&mut self, id: &str, field: &str) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM conflicts WHERE record_id = ?1 AND field = ?2",
            params![id, field],
        )? > 0)
    }
}

impl Store {
    /// The records changed after change `since`, each with the last change that touched it: a
    /// record's own revisions, both ends of a link made or removed, and the record a changed
    /// child belongs to (an incident whose action item changed). One scan of the revisions
    /// since, so writing back 10,000 files reads only the few whose records changed.
    pub fn touched_since(&self, since: i64) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.record_id, max(r.change_id), rec.parent_id
             FROM revisions r LEFT JOIN records rec ON rec.id = r.record_id
             WHERE r.change_id > ?1 GROUP BY r.record_id",
        )?;
        let rows = stmt.query_map([since], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        })?;
        let mut out: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        let mut touch = |id: &str, at: i64| {
            let e = out.entry(id.to_string()).or_insert(at);
            *e = (*e).max(at);
        };
        for row in rows {
            let (id, at, parent) = row?;
            if let Some(rest) = id.strip_prefix("link\u{1f}") {
                let mut parts = rest.split('\u{1f}');
                if let (Some(from), Some(_), Some(to)) = (parts.next(), parts.next(), parts.next())
                {
                    touch(from, at);
                    touch(to, at);
                }
                continue;
            }
            touch(&id, at);
            if let Some(parent) = parent {
                touch(&parent, at);
            }
        }
        // A lesson is written in the postmortem it was learned from.
        let mut learned = self.conn.prepare_cached(
            "SELECT to_id FROM links WHERE from_id = ?1 AND relation = 'learned-from'",
        )?;
        let lessons: Vec<(String, i64)> = out.iter().map(|(id, at)| (id.clone(), *at)).collect();
        for (id, at) in lessons {
            let targets = learned.query_map([&id], |row| row.get::<_, String>(0))?;
            for target in targets {
                let target = target?;
                let e = out.entry(target).or_insert(at);
                *e = (*e).max(at);
            }
        }
        Ok(out)
    }
}
