//! Trade-offs: what a decision gains, at what price. The record the whole product turns on:
//! each one is linked (`motivated-by`) to the lessons and incidents that made the team choose it.

use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// How much could go wrong with the price we chose to pay.
    RiskLevel {
        Low => "low",
        #[default]
        Medium => "medium",
        High => "high",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradeOff {
    pub id: String,
    /// The decision that makes this trade-off.
    pub decision_id: String,
    pub title: String,
    /// What we get.
    pub gain: String,
    /// What it costs us.
    pub cost: String,
    /// Why it is worth it, in plain words for stakeholders.
    pub explanation: String,
    pub risk: RiskLevel,
}

impl TradeOff {
    pub fn new(decision_id: impl Into<String>, title: impl Into<String>) -> Self {
        TradeOff {
            id: super::new_id(Kind::TradeOff),
            decision_id: decision_id.into(),
            title: title.into(),
            ..Default::default()
        }
    }
}

impl Record for TradeOff {
    const KIND: Kind = Kind::TradeOff;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn status(&self) -> Option<String> {
        Some(self.risk.to_string())
    }
    const PARENT_FIELD: &'static str = "decision_id";
    fn parent_id(&self) -> Option<&str> {
        Some(&self.decision_id)
    }
    fn search_text(&self) -> String {
        join_text([self.gain.as_str(), &self.cost, &self.explanation])
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::TradeOff(self)
    }
}
