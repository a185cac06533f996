//! What the insights are computed from, read in one pass: the incidents, action items, lessons
//! and decisions, and the links that say which lessons changed something.

use std::collections::{BTreeSet, HashMap};

use super::{Result, Store};
use crate::domain::stats::StatsInput;
use crate::domain::{Checklist, Relation, TradeOff};

impl Store {
    /// Every record and link the figures of `domain::stats` need.
    pub fn stats_input(&self) -> Result<StatsInput> {
        let tradeoffs: Vec<TradeOff> = self.list()?;
        let decision_of: HashMap<&str, &str> = tradeoffs
            .iter()
            .map(|t| (t.id.as_str(), t.decision_id.as_str()))
            .collect();
        let mut acted_on = BTreeSet::new();
        let mut learned_from = Vec::new();
        let mut motivated_by = Vec::new();
        for link in self.links_where("SELECT from_id, relation, to_id, label FROM links", [])? {
            match link.relation {
                Relation::MotivatedBy => {
                    acted_on.insert(link.to_id.clone());
                    if let Some(decision) = decision_of.get(link.from_id.as_str()) {
                        motivated_by.push((decision.to_string(), link.to_id));
                    }
                }
                Relation::LearnedFrom => learned_from.push((link.from_id, link.to_id)),
                _ => {}
            }
        }
        for checklist in self.list::<Checklist>()? {
            acted_on.extend(checklist.items.into_iter().filter_map(|i| i.lesson_id));
        }
        Ok(StatsInput {
            incidents: self.list()?,
            actions: self.list()?,
            lessons: self.list()?,
            decisions: self.list()?,
            acted_on,
            learned_from,
            motivated_by,
        })
    }
}
