//! Action items: follow-up work from an incident or a review.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// What kind of follow-up it is (the SRE book's categories).
    ActionType {
        Mitigate => "mitigate",
        #[default]
        Prevent => "prevent",
        Process => "process",
        Other => "other",
    }
}

string_enum! {
    ActionStatus {
        #[default]
        Open => "open",
        Done => "done",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionItem {
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub action_type: ActionType,
    /// Who will do it; `None` until someone takes it.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    /// The incident or review the item came from.
    pub source_id: Option<String>,
    pub notes: String,
    /// The day it was written down (items made in Hindsight; imported ones may not say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened_on: Option<NaiveDate>,
    /// The day it was marked done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
}

impl ActionItem {
    pub fn new(title: impl Into<String>) -> Self {
        ActionItem {
            id: super::new_id(Kind::Action),
            title: title.into(),
            ..Default::default()
        }
    }

    /// Records the day the status changed: done today, or open again (no done day).
    pub fn date_status(&mut self, today: NaiveDate) {
        match self.status {
            ActionStatus::Done => {
                self.done_on.get_or_insert(today);
            }
            ActionStatus::Open => self.done_on = None,
        }
    }

    /// Days from written down to done, when both are known.
    pub fn days_to_close(&self) -> Option<i64> {
        Some((self.done_on? - self.opened_on?).num_days())
    }

    /// Open, with a due date before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ActionStatus::Open && self.due.is_some_and(|due| due < today)
    }

    /// True when nobody has taken the item (no owner, or only blanks).
    pub fn is_unowned(&self) -> bool {
        self.owner.as_deref().is_none_or(|o| o.trim().is_empty())
    }
}

impl Record for ActionItem {
    const KIND: Kind = Kind::Action;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn status(&self) -> Option<String> {
        Some(self.status.to_string())
    }
    const PARENT_FIELD: &'static str = "source_id";
    fn parent_id(&self) -> Option<&str> {
        self.source_id.as_deref()
    }
    fn search_text(&self) -> String {
        join_text([self.owner.as_deref().unwrap_or(""), &self.notes])
    }
    /// Open before done, then by due date (undated last), then title.
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        (self.status, self.due.is_none(), self.due, &self.title).cmp(&(
            other.status,
            other.due.is_none(),
            other.due,
            &other.title,
        ))
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Action(self)
    }
}
