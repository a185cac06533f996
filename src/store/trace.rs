//! Traces both ways: from a decision to its trade-offs, the lessons and incidents that
//! motivated them; from an incident to the lessons it taught and every decision it changed.

use super::{Result, Store};
use crate::domain::{
    ActionItem, AnyRecord, Decision, DecisionTrace, Incident, IncidentTrace, Kind, Lesson,
    Relation, TracedLesson, TracedTradeOff, TradeOff,
};

impl Store {
    /// The decision, its trade-offs, and for each the lessons and incidents behind it.
    pub fn trace_decision(&self, id: &str) -> Result<DecisionTrace> {
        let decision: Decision = self.get(id)?;
        let tradeoffs = self
            .children::<TradeOff>(id)?
            .into_iter()
            .map(|tradeoff| self.trace_tradeoff(tradeoff))
            .collect::<Result<_>>()?;
        Ok(DecisionTrace {
            decision,
            tradeoffs,
        })
    }

    fn trace_tradeoff(&self, tradeoff: TradeOff) -> Result<TracedTradeOff> {
        let mut lessons = Vec::new();
        let mut incident_ids = Vec::new();
        for link in self.links_from(&tradeoff.id)? {
            if link.relation != Relation::MotivatedBy {
                continue;
            }
            match self.kind_of(&link.to_id)? {
                Some(Kind::Lesson) => {
                    let lesson: Lesson = self.get(&link.to_id)?;
                    let learned_from = self.learned_from(&lesson.id)?;
                    incident_ids.extend(learned_from.iter().cloned());
                    lessons.push(TracedLesson {
                        lesson,
                        learned_from,
                    });
                }
                Some(Kind::Incident) => incident_ids.push(link.to_id),
                _ => {}
            }
        }
        lessons.sort_by(|a, b| a.lesson.statement.cmp(&b.lesson.statement));
        dedup_keep_order(&mut incident_ids);
        let incidents = incident_ids
            .iter()
            .map(|id| self.get::<Incident>(id))
            .collect::<Result<_>>()?;
        Ok(TracedTradeOff {
            tradeoff,
            lessons,
            incidents,
        })
    }

    /// Ids of the incidents a lesson was learned from.
    fn learned_from(&self, lesson_id: &str) -> Result<Vec<String>> {
        Ok(self
            .links_from(lesson_id)?
            .into_iter()
            .filter(|l| l.relation == Relation::LearnedFrom)
            .map(|l| l.to_id)
            .collect())
    }

    /// The incident, the lessons learned from it, the trade-offs they (or it) motivated, and
    /// the decisions those trade-offs belong to.
    pub fn trace_incident(&self, id: &str) -> Result<IncidentTrace> {
        let incident: Incident = self.get(id)?;
        let mut lessons: Vec<Lesson> = Vec::new();
        for link in self.links_to(id)? {
            if link.relation == Relation::LearnedFrom {
                lessons.push(self.get(&link.from_id)?);
            }
        }
        let mut tradeoff_ids: Vec<String> = Vec::new();
        for target in std::iter::once(id).chain(lessons.iter().map(|l| l.id.as_str())) {
            tradeoff_ids.extend(
                self.links_to(target)?
                    .into_iter()
                    .filter(|l| l.relation == Relation::MotivatedBy)
                    .map(|l| l.from_id),
            );
        }
        dedup_keep_order(&mut tradeoff_ids);
        let tradeoffs: Vec<TradeOff> = tradeoff_ids
            .iter()
            .map(|id| self.get(id))
            .collect::<Result<_>>()?;
        let mut decision_ids: Vec<String> =
            tradeoffs.iter().map(|t| t.decision_id.clone()).collect();
        dedup_keep_order(&mut decision_ids);
        let mut decisions: Vec<Decision> = decision_ids
            .iter()
            .map(|id| self.get(id))
            .collect::<Result<_>>()?;
        decisions.sort_by(crate::domain::Record::list_order);
        Ok(IncidentTrace {
            incident,
            lessons,
            tradeoffs,
            decisions,
        })
    }
}

impl Store {
    /// The decision or incident whose trace shows the record `id`: a decision or an incident
    /// itself; a trade-off's decision; the incident a lesson was learned from, else the
    /// decision of a trade-off it motivated; an action item's incident, or its review's
    /// decision; a review's decision. `None` when nothing leads to one (a checklist, a lesson
    /// not yet linked).
    pub fn trace_root(&self, id: &str) -> Result<Option<String>> {
        let Some(record) = self.find_any(id)? else {
            return Ok(None);
        };
        Ok(match record {
            AnyRecord::Decision(d) => Some(d.id),
            AnyRecord::Incident(i) => Some(i.id),
            AnyRecord::TradeOff(t) => self.decision_of(&t.decision_id)?,
            AnyRecord::Review(r) => self.decision_of(&r.decision_id)?,
            AnyRecord::Lesson(l) => self.lesson_root(&l)?,
            AnyRecord::Action(a) => self.action_root(&a)?,
            AnyRecord::Checklist(_) => None,
        })
    }

    /// `id` when it is a decision that exists.
    fn decision_of(&self, id: &str) -> Result<Option<String>> {
        Ok((self.kind_of(id)? == Some(Kind::Decision)).then(|| id.to_string()))
    }

    fn lesson_root(&self, lesson: &Lesson) -> Result<Option<String>> {
        if let Some(incident) = self.learned_from(&lesson.id)?.into_iter().next() {
            return Ok(Some(incident));
        }
        for link in self.links_to(&lesson.id)? {
            if link.relation == Relation::MotivatedBy
                && let Some(TradeOff { decision_id, .. }) = self.find(&link.from_id)?
                && let Some(decision) = self.decision_of(&decision_id)?
            {
                return Ok(Some(decision));
            }
        }
        Ok(None)
    }

    fn action_root(&self, action: &ActionItem) -> Result<Option<String>> {
        let Some(source) = action.source_id.as_deref() else {
            return Ok(None);
        };
        Ok(match self.find_any(source)? {
            Some(AnyRecord::Incident(i)) => Some(i.id),
            Some(AnyRecord::Review(r)) => self.decision_of(&r.decision_id)?,
            _ => None,
        })
    }
}

fn dedup_keep_order(ids: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}
