//! Reviews: a checklist walked through for one decision, and who signed it off.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// The answer to one checklist question.
    Answer {
        #[default]
        Unanswered => "unanswered",
        Ok => "ok",
        Risk => "risk",
        NotApplicable => "n/a",
    }
}

string_enum! {
    /// A stakeholder's verdict on a decision.
    Verdict {
        #[default]
        Approved => "approved",
        Concerns => "concerns",
        Rejected => "rejected",
    }
}

impl Verdict {
    /// The verdict in words for people: "approved with concerns".
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::Concerns => "approved with concerns",
            Verdict::Rejected => "rejected",
        }
    }
}

impl Answer {
    /// The answer in words for people: "not applicable".
    pub fn words(self) -> &'static str {
        match self {
            Answer::Unanswered => "not answered yet",
            Answer::Ok => "ok",
            Answer::Risk => "risk",
            Answer::NotApplicable => "not applicable",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewAnswer {
    /// The checklist item answered.
    pub item_id: String,
    pub answer: Answer,
    pub note: String,
    /// Action items made from this answer (a risk turned into work).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// Lessons or incidents this answer points to (the risk is one we have seen before).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignOff {
    pub name: String,
    pub role: String,
    pub verdict: Verdict,
    pub comment: String,
    pub at: Option<DateTime<Utc>>,
    /// The decision as it stood when signed ([`super::fingerprint`]); a different fingerprint
    /// today means the decision changed after this sign-off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision_fingerprint: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Review {
    pub id: String,
    pub title: String,
    pub decision_id: String,
    pub checklist_id: String,
    pub date: Option<NaiveDate>,
    pub participants: Vec<String>,
    pub answers: Vec<ReviewAnswer>,
    pub signoffs: Vec<SignOff>,
}

impl Review {
    /// The answer recorded for a checklist item (unanswered when there is none).
    pub fn answer_for(&self, item_id: &str) -> Answer {
        self.answers
            .iter()
            .find(|a| a.item_id == item_id)
            .map_or(Answer::Unanswered, |a| a.answer)
    }

    /// The answer recorded for a checklist item, if any.
    pub fn answer(&self, item_id: &str) -> Option<&ReviewAnswer> {
        self.answers.iter().find(|a| a.item_id == item_id)
    }

    /// The answer for a checklist item, made if there is none yet, to change.
    pub fn answer_mut(&mut self, item_id: &str) -> &mut ReviewAnswer {
        let index = match self.answers.iter().position(|a| a.item_id == item_id) {
            Some(i) => i,
            None => {
                self.answers.push(ReviewAnswer {
                    item_id: item_id.to_string(),
                    ..Default::default()
                });
                self.answers.len() - 1
            }
        };
        &mut self.answers[index]
    }

    /// How many answers say "risk".
    pub fn risk_count(&self) -> usize {
        self.answers
            .iter()
            .filter(|a| a.answer == Answer::Risk)
            .count()
    }

    /// How many of these checklist items have an answer.
    pub fn answered_count<'a>(&self, item_ids: impl IntoIterator<Item = &'a str>) -> usize {
        item_ids
            .into_iter()
            .filter(|id| self.answer_for(id) != Answer::Unanswered)
            .count()
    }
}

impl Record for Review {
    const KIND: Kind = Kind::Review;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    const PARENT_FIELD: &'static str = "decision_id";
    fn parent_id(&self) -> Option<&str> {
        Some(&self.decision_id)
    }
    fn search_text(&self) -> String {
        let notes: Vec<&str> = self.answers.iter().map(|a| a.note.as_str()).collect();
        let signoffs: Vec<String> = self
            .signoffs
            .iter()
            .map(|s| format!("{} {} {}", s.name, s.role, s.comment))
            .collect();
        let participants = self.participants.join(", ");
        join_text(
            std::iter::once(participants.as_str())
                .chain(notes)
                .chain(signoffs.iter().map(String::as_str)),
        )
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Review(self)
    }
}
