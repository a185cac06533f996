//! Reading records: by id, by kind, by parent; resolving the ids people type; links.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::domain::{AnyRecord, Kind, Link, LinkDirection, LinkedRecord, Record};

/// The columns of a record, without its document: enough for a list row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordSummary {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub status: Option<String>,
    pub parent_id: Option<String>,
    pub updated_at: String,
}

impl Store {
    /// The record with this id, which must be of kind `R`.
    pub fn get<R: Record>(&self, id: &str) -> Result<R> {
        self.find(id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// The record with this id, if there is one; an error if it is of another kind.
    pub fn find<R: Record>(&self, id: &str) -> Result<Option<R>> {
        let Some((kind, body)) = self.raw(id)? else {
            return Ok(None);
        };
        if kind != R::KIND {
            return Err(StoreError::WrongKind {
                id: id.to_string(),
                expected: R::KIND,
                actual: kind,
            });
        }
        decode(kind, id, &body).map(Some)
    }

    /// The record with this id, whatever its kind.
    pub fn get_any(&self, id: &str) -> Result<AnyRecord> {
        let (kind, body) = self
            .raw(id)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        AnyRecord::from_json(kind, &body).map_err(|source| StoreError::Corrupt {
            kind,
            id: id.to_string(),
            source,
        })
    }

    /// The record with this id, whatever its kind, if there is one.
    pub fn find_any(&self, id: &str) -> Result<Option<AnyRecord>> {
        match self.raw(id)? {
            None => Ok(None),
            Some((kind, body)) => AnyRecord::from_json(kind, &body)
                .map(Some)
                .map_err(|source| StoreError::Corrupt {
                    kind,
                    id: id.to_string(),
                    source,
                }),
        }
    }

    pub(crate) fn raw(&self, id: &str) -> Result<Option<(Kind, String)>> {
        raw_record(&self.conn, id)
    }

    /// The kind of the record with this id, if it exists.
    pub fn kind_of(&self, id: &str) -> Result<Option<Kind>> {
        // Cached: asked once per link and record by imports, traces and the site.
        self.conn
            .prepare_cached("SELECT kind FROM records WHERE id = ?1")?
            .query_row([id], |row| row.get::<_, String>(0))
            .optional()?
            .map(|k| parse_kind(&k))
            .transpose()
    }

    /// Every record of kind `R`, in the kind's list order.
    pub fn list<R: Record>(&self) -> Result<Vec<R>> {
        let mut records = self.query_records::<R>(
            "SELECT id, body FROM records WHERE kind = ?1",
            params![R::KIND.as_str()],
        )?;
        records.sort_by(|a, b| a.list_order(b).then_with(|| a.id().cmp(b.id())));
        Ok(records)
    }

    /// Every record of a kind, in the kind's list order.
    pub fn list_any(&self, kind: Kind) -> Result<Vec<AnyRecord>> {
        fn all<R: Record>(store: &Store) -> Result<Vec<AnyRecord>> {
            Ok(store.list::<R>()?.into_iter().map(R::into_any).collect())
        }
        use crate::domain::{ActionItem, Checklist, Decision, Incident, Lesson, Review, TradeOff};
        match kind {
            Kind::Decision => all::<Decision>(self),
            Kind::TradeOff => all::<TradeOff>(self),
            Kind::Lesson => all::<Lesson>(self),
            Kind::Incident => all::<Incident>(self),
            Kind::Action => all::<ActionItem>(self),
            Kind::Checklist => all::<Checklist>(self),
            Kind::Review => all::<Review>(self),
        }
    }

    /// Every readable record of a kind, in list order, and what is wrong with each record whose
    /// stored content cannot be read: one damaged record does not hide the others.
    pub fn list_readable(&self, kind: Kind) -> Result<(Vec<AnyRecord>, Vec<StoreError>)> {
        fn all<R: Record>(store: &Store) -> Result<(Vec<AnyRecord>, Vec<StoreError>)> {
            let mut stmt = store
                .conn
                .prepare_cached("SELECT id, body FROM records WHERE kind = ?1")?;
            let rows = stmt.query_map([R::KIND.as_str()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?;
            let (mut good, mut bad) = (Vec::<R>::new(), Vec::new());
            for row in rows {
                let (id, body) = row?;
                match decode::<R>(R::KIND, &id, &body) {
                    Ok(record) => good.push(record),
                    Err(e) => bad.push(e),
                }
            }
            good.sort_by(|a, b| a.list_order(b).then_with(|| a.id().cmp(b.id())));
            Ok((good.into_iter().map(R::into_any).collect(), bad))
        }
        use crate::domain::{ActionItem, Checklist, Decision, Incident, Lesson, Review, TradeOff};
        match kind {
            Kind::Decision => all::<Decision>(self),
            Kind::TradeOff => all::<TradeOff>(self),
            Kind::Lesson => all::<Lesson>(self),
            Kind::Incident => all::<Incident>(self),
            Kind::Action => all::<ActionItem>(self),
            Kind::Checklist => all::<Checklist>(self),
            Kind::Review => all::<Review>(self),
        }
    }

    /// The records of kind `R` that belong to `parent_id` (a decision's trade-offs, an
    /// incident's action items), in list order.
    pub fn children<R: Record>(&self, parent_id: &str) -> Result<Vec<R>> {
        let mut records = self.query_records::<R>(
            "SELECT id, body FROM records WHERE kind = ?1 AND parent_id = ?2",
            params![R::KIND.as_str(), parent_id],
        )?;
        records.sort_by(|a, b| a.list_order(b).then_with(|| a.id().cmp(b.id())));
        Ok(records)
    }

    fn query_records<R: Record>(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<R>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (id, body) = row?;
            records.push(decode(R::KIND, &id, &body)?);
        }
        Ok(records)
    }

    /// List rows of one kind, ordered by title, without reading the documents.
    pub fn summaries(&self, kind: Kind) -> Result<Vec<RecordSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, status, parent_id, updated_at FROM records
             WHERE kind = ?1 ORDER BY title COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([kind.as_str()], |row| {
            Ok(RecordSummary {
                id: row.get(0)?,
                kind,
                title: row.get(1)?,
                status: row.get(2)?,
                parent_id: row.get(3)?,
                updated_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many records of each kind the workspace holds.
    pub fn counts(&self) -> Result<Vec<(Kind, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, count(*) FROM records GROUP BY kind")?;
        let found: Vec<(String, i64)> = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Kind::ALL
            .iter()
            .map(|&k| {
                let n = found
                    .iter()
                    .find(|(name, _)| name == k.as_str())
                    .map_or(0, |(_, n)| *n as usize);
                (k, n)
            })
            .collect())
    }

    /// True when the workspace holds no record at all.
    /// A number that changes when another connection (another window, a command, a sync in
    /// another process) commits to the workspace; this connection's own writes leave it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(!self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM records)", [], |row| {
                row.get(0)
            })?)
    }

    /// Finds the record a person means: its exact id, a unique prefix of an id, a decision's
    /// number (`7`, `ADR-7`, `adr-0007`) or an incident's reference, when only one record has it.
    pub fn resolve(&self, text: &str) -> Result<(Kind, String)> {
        let text = text.trim();
        if let Some(kind) = self.kind_of(text)? {
            return Ok((kind, text.to_string()));
        }
        let mut candidates = self.ids_where(
            "SELECT kind, id FROM records WHERE id LIKE ?1 ESCAPE '\\' LIMIT 6",
            &format!("{}%", escape_like(text)),
        )?;
        if candidates.is_empty() {
            let number = text
                .to_ascii_lowercase()
                .trim_start_matches("adr")
                .trim_start_matches(['-', ' ', '#'])
                .parse::<u32>()
                .ok();
            if let Some(number) = number {
                candidates = self.ids_where(
                    "SELECT kind, id FROM records
                     WHERE kind = 'decision' AND json_extract(body, '$.number') = CAST(?1 AS INTEGER)
                     LIMIT 6",
                    &number.to_string(),
                )?;
            }
        }
        if candidates.is_empty() {
            candidates = self.ids_where(
                "SELECT kind, id FROM records
                 WHERE kind = 'incident' AND json_extract(body, '$.reference') = ?1 COLLATE NOCASE
                 LIMIT 6",
                text,
            )?;
        }
        match candidates.len() {
            0 => Err(StoreError::NotFound(text.to_string())),
            1 => Ok(candidates.remove(0)),
            _ => Err(StoreError::Ambiguous {
                text: text.to_string(),
                candidates: candidates
                    .iter()
                    .map(|(k, id)| format!("{id} ({k})"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    fn ids_where(&self, sql: &str, arg: &str) -> Result<Vec<(Kind, String)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows: Vec<(String, String)> = stmt
            .query_map([arg], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(kind, id)| Ok((parse_kind(&kind)?, id)))
            .collect()
    }

    /// Whether this link exists, whatever its words.
    pub fn has_link(&self, link: &Link) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 1 FROM links WHERE from_id = ?1 AND relation = ?2 AND to_id = ?3",
        )?;
        Ok(stmt.exists(rusqlite::params![
            link.from_id,
            link.relation.as_str(),
            link.to_id
        ])?)
    }

    /// The change that first wrote this record, if any change did (the demo's and imports' do).
    pub fn created_in(&self, id: &str) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT min(change_id) FROM revisions WHERE record_id = ?1")?;
        Ok(stmt.query_row([id], |row| row.get(0))?)
    }

    /// The last change that made or removed this link, if any change did.
    pub fn link_changed_at(&self, link: &Link) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT max(change_id) FROM revisions WHERE record_id = ?1")?;
        Ok(stmt.query_row([super::write::link_key(link)], |row| row.get(0))?)
    }

    /// The workspace's own id: it names the workspace in the trees it exports.
    pub fn workspace_id(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'workspace_id'",
            [],
            |row| row.get(0),
        )?)
    }

    /// Every link in the workspace.
    pub fn links(&self) -> Result<Vec<Link>> {
        self.links_where("SELECT from_id, relation, to_id, label FROM links", [])
    }

    /// Links that start at `id`.
    pub fn links_from(&self, id: &str) -> Result<Vec<Link>> {
        self.links_where(
            "SELECT from_id, relation, to_id, label FROM links WHERE from_id = ?1",
            [id],
        )
    }

    /// Links that end at `id`.
    pub fn links_to(&self, id: &str) -> Result<Vec<Link>> {
        self.links_where(
            "SELECT from_id, relation, to_id, label FROM links WHERE to_id = ?1",
            [id],
        )
    }

    pub(super) fn links_where(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Link>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows: Vec<(String, String, String, Option<String>)> = stmt
            .query_map(params, |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(from_id, relation, to_id, label)| {
                Ok(Link {
                    from_id,
                    relation: relation.parse()?,
                    to_id,
                    label,
                })
            })
            .collect()
    }

    /// The records linked to `id`, both ways, with their kind and title.
    pub fn linked(&self, id: &str) -> Result<Vec<LinkedRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.relation, 'outgoing', r.kind, r.id, r.title
               FROM links l JOIN records r ON r.id = l.to_id WHERE l.from_id = ?1
             UNION ALL
             SELECT l.relation, 'incoming', r.kind, r.id, r.title
               FROM links l JOIN records r ON r.id = l.from_id WHERE l.to_id = ?1
             ORDER BY 1, 3, 5",
        )?;
        let rows: Vec<(String, String, String, String, String)> = stmt
            .query_map([id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(relation, direction, kind, id, title)| {
                Ok(LinkedRecord {
                    relation: relation.parse()?,
                    direction: if direction == "outgoing" {
                        LinkDirection::Outgoing
                    } else {
                        LinkDirection::Incoming
                    },
                    kind: parse_kind(&kind)?,
                    id,
                    title,
                })
            })
            .collect()
    }
}

/// A record's kind and JSON document, on a connection or inside a transaction.
pub(crate) fn raw_record(conn: &rusqlite::Connection, id: &str) -> Result<Option<(Kind, String)>> {
    // Cached: `Connection::query_row` prepares its statement again at every call, and this one
    // runs for every record read or written.
    conn.prepare_cached("SELECT kind, body FROM records WHERE id = ?1")?
        .query_row([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .optional()?
        .map(|(kind, body)| Ok((parse_kind(&kind)?, body)))
        .transpose()
}

pub(crate) fn parse_kind(text: &str) -> Result<Kind> {
    Ok(text.parse::<Kind>()?)
}

pub(crate) fn decode<R: Record>(kind: Kind, id: &str, body: &str) -> Result<R> {
    serde_json::from_str(body).map_err(|source| StoreError::Corrupt {
        kind,
        id: id.to_string(),
        source,
    })
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
