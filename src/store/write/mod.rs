//! Writing: every write runs in one SQLite transaction through a `Writer`, and every record or
//! link it touches leaves a revision with the content before and after. A failure anywhere in
//! the transaction rolls all of it back.

mod links;
mod reads;
mod sources;
pub(crate) use links::link_key;
pub use sources::DecisionToMatch;

use rusqlite::{TransactionBehavior, params};

use super::{Result, Store, StoreError, now_text};
use crate::domain::{AnyRecord, Kind, Link, Record};

/// The writes of one transaction. Get one from [`Store::write`].
pub struct Writer<'a> {
    tx: rusqlite::Transaction<'a>,
    author: &'a str,
    summary: String,
    /// What the change row records: `done` for edits, `undo` / `redo` for history moves.
    state: &'static str,
    change_id: Option<i64>,
    now: String,
    /// Search index changes, made when the transaction commits.
    search: Vec<SearchOp>,
    /// Revisions written so far: what changed, as an import counts it.
    revisions: usize,
    /// A throw-away workspace: revisions counted, not kept; no search index.
    scratch: bool,
}

/// A change to the full-text index. They wait for the commit: FTS5 writes its pending terms to
/// disk at every savepoint, and an import makes one savepoint per file, so indexing inside them
/// made each file a segment of its own and large imports slow.
enum SearchOp {
    Put {
        rowid: i64,
        id: String,
        kind: Kind,
        title: String,
        text: String,
    },
    Remove {
        rowid: i64,
    },
}

impl Store {
    /// Runs `f` in one transaction, recorded as one change named `summary` (the undo step).
    /// If `f` fails, nothing it did is kept.
    pub fn write<T>(
        &mut self,
        summary: impl Into<String>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_as("done", summary.into(), f)
    }

    pub(crate) fn write_as<T>(
        &mut self,
        state: &'static str,
        summary: String,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            let path = self.path.clone().unwrap_or_default();
            return Err(StoreError::ReadOnly(path));
        }
        let path = self.path.clone();
        self.write_in_transaction(state, summary, f)
            .map_err(|e| e.named(path.as_deref()))
    }

    fn write_in_transaction<T>(
        &mut self,
        state: &'static str,
        summary: String,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut writer = Writer {
            tx,
            author: &self.author,
            summary,
            state,
            change_id: None,
            now: now_text(),
            search: Vec::new(),
            revisions: 0,
            scratch: self.scratch,
        };
        let out = f(&mut writer)?;
        writer.commit()?;
        Ok(out)
    }

    /// Creates or updates one record, as its own change.
    pub fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        let summary = format!("Save {} “{}”", R::KIND.label(), record.title());
        self.write(summary, |w| w.put(record))
    }

    /// Deletes a record, the records that belong to it and its links, as one change.
    /// Returns the ids deleted. Undo brings them all back.
    pub fn delete(&mut self, id: &str) -> Result<Vec<String>> {
        let title = self.get_any(id)?.title().to_string();
        self.write(format!("Delete “{title}”"), |w| w.delete(id))
    }

    /// Adds a link, as its own change.
    pub fn link(&mut self, link: &Link) -> Result<()> {
        let summary = self.link_summary("Link", link);
        self.write(summary, |w| w.link(link))
    }

    /// Removes a link, as its own change. Returns whether there was one.
    pub fn unlink(&mut self, link: &Link) -> Result<bool> {
        let summary = self.link_summary("Unlink", link);
        self.write(summary, |w| w.unlink(link))
    }

    /// "Link “Use a queue” motivated by “Retries need a budget”": the records by their titles
    /// (shortened), as undo and history show the change.
    fn link_summary(&self, verb: &str, link: &Link) -> String {
        let title = |id: &str| {
            let title = self
                .get_any(id)
                .map(|r| r.title().to_string())
                .unwrap_or_else(|_| id.to_string());
            match title.char_indices().nth(48) {
                Some((at, _)) => format!("{}…", title[..at].trim_end()),
                None => title,
            }
        };
        let relation = link.relation.as_str().replace('-', " ");
        format!(
            "{verb} “{}” {relation} “{}”",
            title(&link.from_id),
            title(&link.to_id)
        )
    }
}

impl Writer<'_> {
    /// Creates the record, or updates it if its id exists. Writing the same content again
    /// changes nothing and leaves no revision.
    pub fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        record.validate()?;
        let id = record.id();
        let body = serde_json::to_string(record).map_err(|source| StoreError::Corrupt {
            kind: R::KIND,
            id: id.to_string(),
            source,
        })?;
        let existing = self.raw(id)?;
        if let Some((kind, old)) = &existing {
            if *kind != R::KIND {
                return Err(StoreError::KindChange {
                    id: id.to_string(),
                    existing: *kind,
                    new: R::KIND,
                });
            }
            if *old == body {
                return Ok(());
            }
        }
        if let Some(parent) = record.parent_id()
            && self.kind_of(parent)?.is_none()
        {
            return Err(StoreError::MissingReference {
                kind: R::KIND,
                id: id.to_string(),
                field: R::PARENT_FIELD,
                target: parent.to_string(),
            });
        }
        let status = record.status();
        if existing.is_some() {
            self.tx
                .prepare_cached(
                    "UPDATE records SET title = ?2, status = ?3, parent_id = ?4, body = ?5,
                        updated_at = ?6 WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    record.title(),
                    status,
                    record.parent_id(),
                    body,
                    self.now
                ])?;
        } else {
            self.tx.prepare_cached("INSERT INTO records (id, kind, title, status, parent_id, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")?.execute(params![id, R::KIND.as_str(), record.title(), status, record.parent_id(), body, self.now])?;
        }
        // The search row shares the record's rowid: replacing it is a lookup, not a scan.
        let rowid = match existing {
            Some(_) => self.rowid(id)?,
            None => self.tx.last_insert_rowid(),
        };
        if self.scratch {
            let before = existing.map(|(_, old)| old);
            return self.revision(id, Some(R::KIND), before.as_deref(), Some(&body));
        }
        if existing.is_some() {
            self.search.push(SearchOp::Remove { rowid });
        }
        self.search.push(SearchOp::Put {
            rowid,
            id: id.to_string(),
            kind: R::KIND,
            title: record.title().to_string(),
            text: record.search_text(),
        });
        let before = existing.map(|(_, old)| old);
        self.revision(id, Some(R::KIND), before.as_deref(), Some(&body))
    }

    /// Writes a record of any kind.
    pub fn put_any(&mut self, record: &AnyRecord) -> Result<()> {
        match record {
            AnyRecord::Decision(r) => self.put(r),
            AnyRecord::TradeOff(r) => self.put(r),
            AnyRecord::Lesson(r) => self.put(r),
            AnyRecord::Incident(r) => self.put(r),
            AnyRecord::Action(r) => self.put(r),
            AnyRecord::Checklist(r) => self.put(r),
            AnyRecord::Review(r) => self.put(r),
        }
    }

    /// Deletes the record, first the records that belong to it and the links that touch them.
    /// Returns the ids deleted, the record's own last.
    pub fn delete(&mut self, id: &str) -> Result<Vec<String>> {
        let (kind, body) = self
            .raw(id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        let mut deleted = Vec::new();
        let children: Vec<String> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id FROM records WHERE parent_id = ?1")?;
            stmt.query_map([id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for child in children {
            deleted.extend(self.delete(&child)?);
        }
        for link in self.links_touching(id)? {
            self.unlink(&link)?;
        }
        let rowid = self.rowid(id)?;
        self.search.push(SearchOp::Remove { rowid });
        self.tx.execute("DELETE FROM records WHERE id = ?1", [id])?;
        self.revision(id, Some(kind), Some(&body), None)?;
        deleted.push(id.to_string());
        Ok(deleted)
    }

    /// Sets a record or link to `content` (a JSON document), or removes it for `None`.
    /// Used by undo, redo and restore.
    pub(crate) fn apply(
        &mut self,
        record_id: &str,
        kind: Option<Kind>,
        content: Option<&str>,
    ) -> Result<()> {
        match (kind, content) {
            (Some(kind), Some(json)) => {
                let record =
                    AnyRecord::from_json(kind, json).map_err(|source| StoreError::Corrupt {
                        kind,
                        id: record_id.to_string(),
                        source,
                    })?;
                self.put_any(&record)
            }
            (Some(_), None) => {
                if self.kind_of(record_id)?.is_some() {
                    self.delete(record_id)?;
                }
                Ok(())
            }
            (None, json) => {
                let link = self.link_from_revision(record_id, json)?;
                match json {
                    Some(_) => self.link(&link),
                    None => self.unlink(&link).map(|_| ()),
                }
            }
        }
    }

    fn revision(
        &mut self,
        record_id: &str,
        kind: Option<Kind>,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        if self.scratch {
            self.revisions += 1;
            return Ok(());
        }
        let change_id = self.change_id()?;
        self.revisions += 1;
        self.tx
            .prepare_cached(
                "INSERT INTO revisions (change_id, record_id, kind, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                change_id,
                record_id,
                kind.map(Kind::as_str),
                before,
                after
            ])?;
        Ok(())
    }

    /// Runs `f` so that, if it fails, none of its writes are kept but the transaction goes on:
    /// one bad file of an import loses nothing else. Returns `f`'s result.
    pub fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.tx.prepare_cached("SAVEPOINT attempt")?.execute([])?;
        let change_id = self.change_id;
        let search = self.search.len();
        let revisions = self.revisions;
        match f(self) {
            Ok(out) => {
                self.tx.prepare_cached("RELEASE attempt")?.execute([])?;
                Ok(out)
            }
            Err(err) => {
                self.tx
                    .execute_batch("ROLLBACK TO attempt; RELEASE attempt")?;
                self.change_id = change_id;
                self.search.truncate(search);
                self.revisions = revisions;
                Err(err)
            }
        }
    }

    /// How many records and links this transaction has changed so far (one revision each):
    /// compared before and after a write, it says whether the write changed anything.
    pub fn revisions_written(&self) -> usize {
        self.revisions
    }

    pub(crate) fn execute(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        Ok(self.tx.execute(sql, params)?)
    }

    fn commit(mut self) -> Result<()> {
        if self.scratch {
            self.search.clear();
        }
        for op in std::mem::take(&mut self.search) {
            match op {
                SearchOp::Remove { rowid } => {
                    self.tx
                        .execute("DELETE FROM search WHERE rowid = ?1", [rowid])?;
                }
                SearchOp::Put {
                    rowid,
                    id,
                    kind,
                    title,
                    text,
                } => {
                    let mut stmt = self.tx.prepare_cached(
                        "INSERT INTO search (rowid, id, kind, title, body)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?;
                    stmt.execute(params![rowid, id, kind.as_str(), title, text])?;
                }
            }
        }
        if self.state == "done" && self.change_id.is_some() {
            // A new edit ends the redo stack (the changes stay in the audit trail).
            self.tx.execute(
                "UPDATE changes SET state = 'discarded' WHERE state = 'undone'",
                [],
            )?;
        }
        self.tx.commit()?;
        Ok(())
    }
}
