//! Links: typed edges between records. `motivated-by` and `learned-from` carry the product's
//! idea: a trade-off points at the lessons and incidents behind it, a lesson at its incidents.

use serde::{Deserialize, Serialize};

use super::{DomainError, Kind, string_enum};

string_enum! {
    Relation {
        /// A newer decision replaces an older one (from the newer to the older).
        Supersedes => "supersedes",
        Amends => "amends",
        #[default]
        RelatesTo => "relates-to",
        /// A trade-off was chosen because of a lesson or an incident.
        MotivatedBy => "motivated-by",
        /// A lesson was learned from an incident.
        LearnedFrom => "learned-from",
        /// An action item addresses a lesson, a review risk or a trade-off.
        Addresses => "addresses",
    }
}

impl Relation {
    /// Whether a link of this relation may go from a record of one kind to one of another.
    pub fn check(self, from: Kind, to: Kind) -> Result<(), DomainError> {
        use Kind::*;
        let allowed = match self {
            Relation::Supersedes | Relation::Amends => from == Decision && to == Decision,
            Relation::RelatesTo => true,
            Relation::MotivatedBy => from == TradeOff && matches!(to, Lesson | Incident),
            Relation::LearnedFrom => from == Lesson && to == Incident,
            Relation::Addresses => from == Action && matches!(to, Lesson | Review | TradeOff),
        };
        if allowed {
            Ok(())
        } else {
            Err(DomainError::LinkNotAllowed {
                relation: self.as_str(),
                from: from.as_str(),
                to: to.as_str(),
            })
        }
    }

    /// How the link reads from the other end ("superseded by", "motivates").
    pub fn inverse_label(self) -> &'static str {
        match self {
            Relation::Supersedes => "superseded by",
            Relation::Amends => "amended by",
            Relation::RelatesTo => "relates to",
            Relation::MotivatedBy => "motivates",
            Relation::LearnedFrom => "taught",
            Relation::Addresses => "addressed by",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    pub from_id: String,
    pub to_id: String,
    pub relation: Relation,
    /// The wording an imported file used for the link ("Clarified by"), when it had its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Link {
    pub fn new(from_id: impl Into<String>, relation: Relation, to_id: impl Into<String>) -> Self {
        Link {
            from_id: from_id.into(),
            to_id: to_id.into(),
            relation,
            label: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motivated_by_goes_from_a_tradeoff_to_a_lesson_or_an_incident() {
        let r = Relation::MotivatedBy;
        assert!(r.check(Kind::TradeOff, Kind::Lesson).is_ok());
        assert!(r.check(Kind::TradeOff, Kind::Incident).is_ok());
        assert!(r.check(Kind::Decision, Kind::Lesson).is_err());
        assert!(
            Relation::LearnedFrom
                .check(Kind::Lesson, Kind::Incident)
                .is_ok()
        );
        assert!(
            Relation::LearnedFrom
                .check(Kind::Incident, Kind::Lesson)
                .is_err()
        );
    }
}

/// Which way a link points, seen from the record being looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkDirection {
    Outgoing,
    Incoming,
}

/// The record at the other end of a link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkedRecord {
    pub relation: Relation,
    pub direction: LinkDirection,
    pub kind: Kind,
    pub id: String,
    pub title: String,
}
