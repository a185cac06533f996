//! Decisions: architecture decision records (ADRs), in the shape MADR 4 gives them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, Section, string_enum};

string_enum! {
    /// Where a decision stands. Imported records keep their original wording in `status_text`.
    DecisionStatus {
        #[default]
        Proposed => "proposed",
        Accepted => "accepted",
        Rejected => "rejected",
        Deprecated => "deprecated",
        Superseded => "superseded",
    }
}

/// "ADR-4: Bound the pool", or the title alone for a decision with no number.
pub fn adr_title(number: Option<u32>, title: &str) -> String {
    match number {
        Some(n) => format!("ADR-{n}: {title}"),
        None => title.to_string(),
    }
}

impl DecisionStatus {
    /// The status a team's own words name, read from their first words ("Approved",
    /// "Accepted (2021-03-04)", "ACCEPTED by the board", "Superseded by ADR-9", "Draft");
    /// markup around them is ignored ("**Accepted**", "[Accepted](…/pull/541)"). `None` when
    /// the words name no status a reader can be sure of.
    pub fn from_words(text: &str) -> Option<DecisionStatus> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let first = words.first()?;
        let starts = |stems: &[&str]| stems.iter().any(|s| first.starts_with(s));
        let status = if starts(&["supersed", "superced", "superseed"]) {
            DecisionStatus::Superseded
        } else if starts(&[
            "accepted",
            "approved",
            "adopted",
            "agreed",
            "done",
            "implemented",
            "decided",
        ]) || words.iter().any(|w| w.starts_with("supersed"))
        {
            DecisionStatus::Accepted
        } else if starts(&["rejected", "declined", "refused"]) {
            DecisionStatus::Rejected
        } else if starts(&["deprecated", "obsolete", "retired", "withdrawn"]) {
            DecisionStatus::Deprecated
        } else if starts(&["proposed", "draft", "pending", "suggested", "wip", "rfc"]) {
            DecisionStatus::Proposed
        } else {
            return None;
        };
        Some(status)
    }

    /// Whether a file's own words for a status still say `self` (words that name no status
    /// read as proposed, as an import reads them).
    pub fn is_said_by(self, text: &str) -> bool {
        DecisionStatus::from_words(text).unwrap_or(DecisionStatus::Proposed) == self
    }

    /// Whether the decision holds now or may soon (proposed or accepted): only those are due
    /// for a second look.
    pub fn is_in_force(self) -> bool {
        matches!(self, DecisionStatus::Proposed | DecisionStatus::Accepted)
    }

    /// Whether the decision was taken at its date (accepted, and later perhaps deprecated or
    /// superseded): only those can have worked or not.
    pub fn was_taken(self) -> bool {
        matches!(
            self,
            DecisionStatus::Accepted | DecisionStatus::Deprecated | DecisionStatus::Superseded
        )
    }
}

/// One option the decision makers weighed, with what speaks for and against it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsideredOption {
    pub name: String,
    pub description: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    /// Arguments that speak neither for nor against it (MADR's "Neutral, because …").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<String>,
}

/// An architecture decision record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    pub id: String,
    /// The ADR number as the team wrote it; not unique in real collections.
    pub number: Option<u32>,
    pub title: String,
    pub status: DecisionStatus,
    /// The status as an imported file wrote it ("Pending", "Partly superseded"), when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    pub date: Option<NaiveDate>,
    /// When the team means to look at it again ("be prepared to iterate").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisit_by: Option<NaiveDate>,
    pub decision_makers: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    /// Context and problem statement (Markdown).
    pub context: String,
    /// Decision drivers (Markdown).
    pub drivers: String,
    pub options: Vec<ConsideredOption>,
    /// The decision outcome: the chosen option and why (Markdown).
    pub outcome: String,
    /// Consequences, good and bad (Markdown).
    pub consequences: String,
    /// How compliance with the decision is confirmed (Markdown).
    pub confirmation: String,
    /// The decision in plain words for people who are not engineers.
    pub summary: String,
    /// Parts of an imported record that have no field of their own, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Front-matter keys of the file it came from that have no field here (`nav_order`,
    /// `parent`, a `title` other than the heading), in the file's order, written back out.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub front_matter: serde_json::Map<String, serde_json::Value>,
}

impl Decision {
    pub fn new(title: impl Into<String>) -> Self {
        Decision {
            id: super::new_id(Kind::Decision),
            title: title.into(),
            ..Default::default()
        }
    }

    /// "ADR-7: Title", or just the title when the decision has no number.
    pub fn display_title(&self) -> String {
        adr_title(self.number, &self.title)
    }
}

impl Record for Decision {
    const KIND: Kind = Kind::Decision;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn status(&self) -> Option<String> {
        Some(self.status.to_string())
    }
    fn search_text(&self) -> String {
        let options: Vec<String> = self
            .options
            .iter()
            .map(|o| {
                format!(
                    "{}\n{}\n{}\n{}\n{}",
                    o.name,
                    o.description,
                    o.pros.join("\n"),
                    o.cons.join("\n"),
                    o.neutral.join("\n")
                )
            })
            .collect();
        let sections: Vec<String> = self
            .sections
            .iter()
            .map(|s| format!("{}\n{}", s.heading, s.body))
            .collect();
        let people = [
            self.decision_makers.join(", "),
            self.consulted.join(", "),
            self.informed.join(", "),
            self.tags.join(", "),
        ];
        join_text(
            [
                self.summary.as_str(),
                &self.context,
                &self.drivers,
                &self.outcome,
                &self.consequences,
                &self.confirmation,
            ]
            .into_iter()
            .chain(options.iter().map(String::as_str))
            .chain(sections.iter().map(String::as_str))
            .chain(people.iter().map(String::as_str)),
        )
    }
    /// By ADR number (unnumbered last), then date, then title.
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        (self.number.is_none(), self.number, self.date, &self.title).cmp(&(
            other.number.is_none(),
            other.number,
            other.date,
            &other.title,
        ))
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Decision(self)
    }
}
