//! Links inside a write: made (the relation checked against both ends' kinds), made again
//! keeping their words, removed; each a revision kept under the link's own key, so history and
//! undo treat a link like a record.

use rusqlite::{OptionalExtension, params};

use super::Writer;
use crate::domain::{Kind, Link};
use crate::store::{Result, StoreError};

impl Writer<'_> {
    /// Adds a link between two existing records, if the relation allows it between their kinds.
    pub fn link(&mut self, link: &Link) -> Result<()> {
        self.put_link(link, false)
    }

    /// Adds a link; if it exists already, keeps its words when `link` has none (a link in
    /// prose found again by an import).
    pub fn add_link(&mut self, link: &Link) -> Result<()> {
        self.put_link(link, true)
    }

    fn put_link(&mut self, link: &Link, keep_label: bool) -> Result<()> {
        let from = self.kind_of(&link.from_id)?;
        let to = self.kind_of(&link.to_id)?;
        let (from, to) = match (from, to) {
            (Some(from), Some(to)) => (from, to),
            (None, _) => return Err(StoreError::NotFound(link.from_id.clone())),
            (Some(from), None) => {
                return Err(StoreError::MissingReference {
                    kind: from,
                    id: link.from_id.clone(),
                    field: "link",
                    target: link.to_id.clone(),
                });
            }
        };
        link.relation.check(from, to)?;
        let key = link_key(link);
        let before: Option<Option<String>> = self
            .tx
            .prepare_cached(
                "SELECT label FROM links WHERE from_id = ?1 AND relation = ?2 AND to_id = ?3",
            )?
            .query_row(
                params![link.from_id, link.relation.as_str(), link.to_id],
                |row| row.get(0),
            )
            .optional()?;
        let before_json = match &before {
            Some(label) if *label == link.label => return Ok(()),
            // A link found again without words keeps the words it has.
            Some(_) if link.label.is_none() && keep_label => return Ok(()),
            Some(label) => Some(to_json(&Link {
                label: label.clone(),
                ..link.clone()
            })),
            None => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO links (from_id, relation, to_id, label) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (from_id, relation, to_id) DO UPDATE SET label = excluded.label",
            )?
            .execute(params![
                link.from_id,
                link.relation.as_str(),
                link.to_id,
                link.label
            ])?;
        self.revision(&key, None, before_json.as_deref(), Some(&to_json(link)))
    }

    /// Removes a link. Returns whether there was one.
    pub fn unlink(&mut self, link: &Link) -> Result<bool> {
        let label: Option<Option<String>> = self
            .tx
            .query_row(
                "DELETE FROM links WHERE from_id = ?1 AND relation = ?2 AND to_id = ?3
                 RETURNING label",
                params![link.from_id, link.relation.as_str(), link.to_id],
                |row| row.get(0),
            )
            .optional()?;
        let Some(label) = label else {
            return Ok(false);
        };
        let old = Link {
            label,
            ..link.clone()
        };
        self.revision(&link_key(link), None, Some(&to_json(&old)), None)?;
        Ok(true)
    }

    pub(super) fn link_from_revision(&self, key: &str, json: Option<&str>) -> Result<Link> {
        if let Some(json) = json {
            return serde_json::from_str(json).map_err(|source| StoreError::Corrupt {
                kind: Kind::Decision,
                id: key.to_string(),
                source,
            });
        }
        let mut parts = key.splitn(4, '\u{1f}');
        let (_, from, relation, to) = (parts.next(), parts.next(), parts.next(), parts.next());
        match (from, relation, to) {
            (Some(from), Some(relation), Some(to)) => Ok(Link::new(from, relation.parse()?, to)),
            _ => Err(StoreError::NotFound(key.to_string())),
        }
    }

    /// The id of this transaction's change row, made on first use.
    pub(crate) fn change_id(&mut self) -> Result<i64> {
        if let Some(id) = self.change_id {
            return Ok(id);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO changes (at, author, summary, state) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.now, self.author, self.summary, self.state])?;
        let id = self.tx.last_insert_rowid();
        self.change_id = Some(id);
        Ok(id)
    }
}

/// The id a link's revisions are kept under.
pub(crate) fn link_key(link: &Link) -> String {
    format!(
        "link\u{1f}{}\u{1f}{}\u{1f}{}",
        link.from_id,
        link.relation.as_str(),
        link.to_id
    )
}

fn to_json(link: &Link) -> String {
    serde_json::to_string(link).unwrap_or_default()
}
