//! What a write reads, as its own transaction sees it: records, their kinds and parts, links.

use rusqlite::{OptionalExtension, params};

use super::super::read::raw_record;
use super::super::{Result, StoreError};
use super::Writer;
use crate::domain::{Kind, Link, Record};

impl Writer<'_> {
    pub(super) fn raw(&self, id: &str) -> Result<Option<(Kind, String)>> {
        raw_record(&self.tx, id)
    }

    /// The record with this id, of kind `R` (as this transaction sees it).
    pub fn get<R: Record>(&self, id: &str) -> Result<R> {
        match self.raw(id)? {
            Some((kind, body)) if kind == R::KIND => super::super::read::decode(kind, id, &body),
            Some((actual, _)) => Err(StoreError::WrongKind {
                id: id.to_string(),
                expected: R::KIND,
                actual,
            }),
            None => Err(StoreError::NotFound(id.to_string())),
        }
    }

    pub(super) fn rowid(&self, id: &str) -> Result<i64> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT rowid FROM records WHERE id = ?1")?;
        Ok(stmt.query_row([id], |row| row.get(0))?)
    }

    /// The record's JSON document and kind, if it exists (as this transaction sees it).
    pub fn get_json(&self, id: &str) -> Result<Option<(Kind, serde_json::Value)>> {
        match self.raw(id)? {
            Some((kind, body)) => {
                let value = serde_json::from_str(&body).map_err(|source| StoreError::Corrupt {
                    kind,
                    id: id.to_string(),
                    source,
                })?;
                Ok(Some((kind, value)))
            }
            None => Ok(None),
        }
    }

    /// Whether a record with this id exists (as this transaction sees it).
    pub fn exists(&self, id: &str) -> Result<bool> {
        Ok(self.kind_of(id)?.is_some())
    }

    /// The kind of the record `id`, if it exists (as this transaction sees it). The kind
    /// alone: a record's body can be large (a postmortem's timeline), and a check that a parent
    /// exists runs for each of its thousands of action items.
    pub fn kind_of(&self, id: &str) -> Result<Option<Kind>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT kind FROM records WHERE id = ?1")?;
        let kind: Option<String> = stmt.query_row([id], |row| row.get(0)).optional()?;
        kind.map(|k| super::super::read::parse_kind(&k)).transpose()
    }

    pub(super) fn links_touching(&self, id: &str) -> Result<Vec<Link>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT from_id, relation, to_id FROM links WHERE from_id = ?1 OR to_id = ?1",
        )?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(from, relation, to)| Ok(Link::new(from, relation.parse()?, to)))
            .collect()
    }

    /// The ids of the records of `kind` that belong to `parent` (as this transaction sees it).
    pub fn children_of(&self, parent: &str, kind: Kind) -> Result<Vec<String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM records WHERE parent_id = ?1 AND kind = ?2")?;
        let rows = stmt.query_map(params![parent, kind.as_str()], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The links that start at `id` (as this transaction sees them).
    pub fn links_from(&self, id: &str) -> Result<Vec<Link>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT relation, to_id, label FROM links WHERE from_id = ?1")?;
        let rows: Vec<(String, String, Option<String>)> = stmt
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(relation, to, label)| {
                Ok(Link {
                    label,
                    ..Link::new(id, relation.parse()?, to)
                })
            })
            .collect()
    }

    /// Whether this link exists, whatever its label.
    pub fn has_link(&self, link: &Link) -> Result<bool> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT 1 FROM links WHERE from_id = ?1 AND relation = ?2 AND to_id = ?3",
        )?;
        Ok(stmt.exists(params![link.from_id, link.relation.as_str(), link.to_id])?)
    }
}
