//! What the insights are computed from, read in one pass: the incidents, action items, lessons
//! and decisions, and the links that say which lessons changed something.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::{Result, Store, StoreError};
use crate::domain::stats::StatsInput;
use crate::domain::{Checklist, Kind, Relation};

impl Store {
    /// Every record and link the figures of `domain::stats` need: one scan of the records
    /// (only what the figures use is built of incidents and decisions; of trade-offs only
    /// the decision they belong to), then the links.
    pub fn stats_input(&self) -> Result<StatsInput> {
        let mut input = StatsInput::default();
        let mut decision_of: HashMap<String, String> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, id, parent_id, body FROM records")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let Ok(kind) = row.get_ref(0)?.as_str().unwrap_or_default().parse::<Kind>() else {
                continue;
            };
            let body =
                || -> Result<&str> { Ok(row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?) };
            match kind {
                Kind::Incident => input.incidents.push(decode_part(kind, row, body()?)?),
                Kind::Decision => input.decisions.push(decode_part(kind, row, body()?)?),
                Kind::Lesson => input.lessons.push(decode_part(kind, row, body()?)?),
                Kind::Action => input.actions.push(decode_part(kind, row, body()?)?),
                Kind::Checklist => {
                    let checklist: Checklist = decode_part(kind, row, body()?)?;
                    input
                        .acted_on
                        .extend(checklist.items.into_iter().filter_map(|i| i.lesson_id));
                }
                Kind::TradeOff => {
                    if let Some(decision) = row.get::<_, Option<String>>(2)? {
                        decision_of.insert(row.get(1)?, decision);
                    }
                }
                Kind::Review => {}
            }
        }
        for link in self.links_where("SELECT from_id, relation, to_id, label FROM links", [])? {
            match link.relation {
                Relation::MotivatedBy => {
                    input.acted_on.insert(link.to_id.clone());
                    if let Some(decision) = decision_of.get(link.from_id.as_str()) {
                        input.motivated_by.push((decision.clone(), link.to_id));
                    }
                }
                Relation::LearnedFrom => input.learned_from.push((link.from_id, link.to_id)),
                _ => {}
            }
        }
        // The orders the lists show them in.
        input.decisions.sort_by(|a, b| {
            (a.number.is_none(), a.number, a.date, &a.title, &a.id).cmp(&(
                b.number.is_none(),
                b.number,
                b.date,
                &b.title,
                &b.id,
            ))
        });
        input
            .lessons
            .sort_by_cached_key(|l| (l.statement.to_lowercase(), l.id.clone()));
        input.incidents.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(input)
    }
}

/// The part of a record that `T` names, read straight from the stored JSON: the rest is
/// skipped, never built.
fn decode_part<T: DeserializeOwned>(kind: Kind, row: &rusqlite::Row<'_>, body: &str) -> Result<T> {
    serde_json::from_str(body).map_err(|source| StoreError::Corrupt {
        kind,
        id: row.get(1).unwrap_or_default(),
        source,
    })
}
