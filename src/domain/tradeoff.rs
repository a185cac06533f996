//! Trade-offs: what a decision gains, at what price. The record the whole product turns on:
//! each one is linked (`motivated-by`) to the lessons and incidents that made the team choose it.

use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// How much could go wrong with the price we chose to pay. A trade-off nobody has assessed
    /// yet (a new one, one read from a team's file) says so: no file states a risk, and a
    /// guessed "medium" would read as a judgement someone made.
    RiskLevel {
        #[default]
        NotAssessed => "not-assessed",
        Low => "low",
        Medium => "medium",
        High => "high",
    }
}

impl RiskLevel {
    /// The level in words, for people: "not assessed", "low", "medium", "high".
    pub fn words(self) -> &'static str {
        match self {
            RiskLevel::NotAssessed => "not assessed",
            other => other.as_str(),
        }
    }

    /// The level as a tag beside a trade-off: "low risk", "risk not assessed".
    pub fn badge(self) -> String {
        match self {
            RiskLevel::NotAssessed => "risk not assessed".to_string(),
            other => format!("{} risk", other.as_str()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_risk_nobody_assessed_says_so_and_stored_levels_keep_their_meaning() {
        let new = TradeOff::new("dec-1", "T");
        assert_eq!(new.risk, RiskLevel::NotAssessed);
        let json = serde_json::to_value(&new).unwrap();
        assert_eq!(json["risk"], "not-assessed");
        let back: TradeOff = serde_json::from_value(json).unwrap();
        assert_eq!(back.risk, RiskLevel::NotAssessed);
        // A level stored before keeps its meaning; a document without one was never assessed.
        let stored: TradeOff = serde_json::from_str(r#"{"id":"t","risk":"medium"}"#).unwrap();
        assert_eq!(stored.risk, RiskLevel::Medium);
        let bare: TradeOff = serde_json::from_str(r#"{"id":"t"}"#).unwrap();
        assert_eq!(bare.risk, RiskLevel::NotAssessed);
        assert_eq!(
            "not assessed".parse::<RiskLevel>().unwrap(),
            RiskLevel::NotAssessed
        );
        assert_eq!(RiskLevel::NotAssessed.words(), "not assessed");
        assert_eq!(RiskLevel::NotAssessed.badge(), "risk not assessed");
        assert_eq!(RiskLevel::High.badge(), "high risk");
    }
}
