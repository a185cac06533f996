//! Where records came from, read and changed inside a write: which file (or `path#part`)
//! made which record, and the file's text as last read, the base of the next merge.

use rusqlite::{OptionalExtension, params};

use super::super::Result;
use super::Writer;

impl Writer<'_> {
    /// Every imported file part and the record it made, as this transaction sees them, in path
    /// order (so the parts of one file, `path#part`, are together).
    pub fn sources(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT path, record_id FROM sources")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every decision, with what a file without an id is matched by: title, number, date, and
    /// whether some file already made it.
    pub fn decisions_to_match(&self) -> Result<Vec<DecisionToMatch>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, title, json_extract(body, '$.number'), json_extract(body, '$.date'),
                    EXISTS (SELECT 1 FROM sources WHERE sources.record_id = records.id)
             FROM records WHERE kind = 'decision' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(DecisionToMatch {
                id: row.get(0)?,
                title: row.get(1)?,
                number: row.get(2)?,
                date: row.get(3)?,
                sourced: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers that the file part `path` made the record `record_id`, and (for a whole file)
    /// the file's text as read or written: the base of the next merge.
    pub fn set_source(&mut self, path: &str, record_id: &str, base: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sources (path, record_id, base, base_change)
             VALUES (?1, ?2, ?3, (SELECT max(id) FROM changes))
             ON CONFLICT (path) DO UPDATE SET record_id = excluded.record_id,
                 base_change = CASE WHEN sources.base IS excluded.base
                                    THEN sources.base_change ELSE excluded.base_change END,
                 base = excluded.base",
            )?
            .execute(params![path, record_id, base])?;
        Ok(())
    }

    /// A file moved: what it (and its parts, `path#part`) made is now known by its new path.
    pub fn move_source(&mut self, from: &str, to: &str) -> Result<()> {
        let prefix = format!("{from}#");
        self.tx.execute(
            "UPDATE sources SET path = ?2 || substr(path, length(?1) + 1)
             WHERE path = ?1 OR substr(path, 1, length(?3)) = ?3",
            params![from, to, prefix],
        )?;
        Ok(())
    }

    /// The text of the file `path` as Hindsight last read or wrote it.
    pub fn source_base(&self, path: &str) -> Result<Option<String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT base FROM sources WHERE path = ?1")?;
        Ok(stmt
            .query_row([path], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Whether a file is recorded as the source of `record_id`.
    pub fn has_source(&self, record_id: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM sources WHERE record_id = ?1")?;
        Ok(stmt.exists([record_id])?)
    }

    /// Forgets where a file part came from (the part is gone from its file).
    pub fn forget_source(&mut self, path: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM sources WHERE path = ?1", [path])?;
        Ok(())
    }
}

/// A decision as a file without an id is matched against it (an adr-tools file read back).
#[derive(Debug, Clone)]
pub struct DecisionToMatch {
    pub id: String,
    pub title: String,
    pub number: Option<u32>,
    /// `YYYY-MM-DD`, as stored.
    pub date: Option<String>,
    /// Whether a file is recorded as its source.
    pub sourced: bool,
}
