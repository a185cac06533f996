//! What a record already knows: its parts, what it links or is linked from, and one step
//! further except to other incidents. "Has this happened before?" answers with the rest.

use rusqlite::OptionalExtension;

use super::super::read::parse_kind;
use super::super::{Result, Store};
use crate::domain::Kind;

impl Store {
    /// The record and what it is already connected to: its parts (a decision's trade-offs and
    /// reviews), what it or they link or are linked from, and one step further except to
    /// incidents (the decision an incident's lesson motivated, the lessons behind a decision's
    /// trade-offs). Another incident that taught the same lesson stays: that is the answer to
    /// "has this happened before?".
    pub fn neighbourhood(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM records WHERE parent_id = ?1")?;
        let mut known: Vec<String> = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        known.push(id.to_string());
        for step in 0..2 {
            let mut next = Vec::new();
            for one in &known {
                let ends = self.links_from(one)?.into_iter().chain(self.links_to(one)?);
                for end in ends.flat_map(|l| [l.from_id, l.to_id]) {
                    let (kind, parent) = self.kind_and_parent(&end)?;
                    if step == 1 && kind == Some(Kind::Incident) {
                        continue;
                    }
                    next.extend(parent);
                    next.push(end);
                }
            }
            known.extend(next);
            known.sort();
            known.dedup();
        }
        Ok(known)
    }

    fn kind_and_parent(&self, id: &str) -> Result<(Option<Kind>, Option<String>)> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, parent_id FROM records WHERE id = ?1")?;
        let row: Option<(String, Option<String>)> = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            Some((kind, parent)) => (parse_kind(&kind).ok(), parent),
            None => (None, None),
        })
    }
}
