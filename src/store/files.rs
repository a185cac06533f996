//! What the workspace knows of the files its records came from: each file (or file part) and
//! its record, the text Hindsight last read or wrote there (the base of the next merge), and
//! the change it was read or written at — read for import, write-back and sync.

use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::domain::Kind;

/// A file an imported record came from, as the workspace last saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileSource {
    pub path: String,
    pub record_id: String,
    pub base: Option<String>,
    /// The last change of the workspace when the file was read or written.
    pub base_change: i64,
}

/// A file the workspace read or wrote: path, record id, the change it was read or written at,
/// and the record's kind.
pub type WrittenFile = (String, String, i64, Option<Kind>);

impl Store {
    /// The files imported records came from (whole files, not their parts): path, record id,
    /// the file's text as Hindsight last read or wrote it, and the last change there was then.
    pub fn file_sources(&self) -> Result<Vec<FileSource>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, record_id, base, base_change FROM sources
             WHERE instr(path, '#') = 0 OR base IS NOT NULL ORDER BY path",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(FileSource {
                path: row.get(0)?,
                record_id: row.get(1)?,
                base: row.get(2)?,
                base_change: row.get::<_, Option<i64>>(3)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole files the workspace wrote or read (those with a text kept), without their
    /// texts: path, record, the change they were read or written at, and the record's kind.
    /// What writing back needs to decide which files to look at, in one light query.
    pub fn written_files(&self) -> Result<Vec<WrittenFile>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.path, s.record_id, s.base_change, r.kind FROM sources s
             LEFT JOIN records r ON r.id = s.record_id
             WHERE s.base IS NOT NULL ORDER BY s.path",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<i64>>(2)?.unwrap_or(0),
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (path, id, at, kind) = row?;
            out.push((path, id, at, kind.and_then(|k| k.parse().ok())));
        }
        Ok(out)
    }

    /// A file's text as the workspace last read or wrote it.
    pub fn file_base(&self, path: &str) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT base FROM sources WHERE path = ?1")?;
        Ok(stmt
            .query_row([path], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Every imported file part and the record it made (see [`super::Writer::set_source`]).
    pub fn sources(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, record_id FROM sources")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
