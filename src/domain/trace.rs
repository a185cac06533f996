//! Traces: the chain from incidents through lessons and trade-offs to a decision, and back.
//! The store computes them; the command line, the window and the report show them.

use serde::Serialize;

use super::{Decision, Incident, Lesson, TradeOff};

/// A lesson in a trace, with the incidents it was learned from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TracedLesson {
    #[serde(flatten)]
    pub lesson: Lesson,
    /// Ids of the incidents this lesson was learned from.
    pub learned_from: Vec<String>,
}

/// A trade-off in a decision's trace, with what motivated it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TracedTradeOff {
    #[serde(flatten)]
    pub tradeoff: TradeOff,
    /// Lessons the trade-off is motivated by.
    pub lessons: Vec<TracedLesson>,
    /// Incidents behind the trade-off: those it names itself and those its lessons came from.
    pub incidents: Vec<Incident>,
}

impl TracedTradeOff {
    /// Nothing motivates this trade-off: no lesson, no incident.
    pub fn is_unmotivated(&self) -> bool {
        self.lessons.is_empty() && self.incidents.is_empty()
    }
}

/// A decision and everything that led to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionTrace {
    pub decision: Decision,
    pub tradeoffs: Vec<TracedTradeOff>,
}

/// An incident and everything it changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IncidentTrace {
    pub incident: Incident,
    /// Lessons learned from the incident.
    pub lessons: Vec<Lesson>,
    /// Trade-offs motivated by the incident or by one of its lessons.
    pub tradeoffs: Vec<TradeOff>,
    /// The decisions those trade-offs belong to.
    pub decisions: Vec<Decision>,
}
