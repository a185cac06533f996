//! Checklists: reusable design-review questions, grouped in sections.

use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// How much an item matters (MoSCoW without the "won't").
    Level {
        #[default]
        Must => "must",
        Should => "should",
        Could => "could",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistItem {
    /// Stable within its checklist, so review answers survive edits of the wording.
    pub id: String,
    pub section: String,
    pub question: String,
    pub guidance: String,
    pub level: Level,
    /// The lesson this question comes from, where it fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lesson_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checklist {
    pub id: String,
    pub name: String,
    pub description: String,
    pub items: Vec<ChecklistItem>,
}

impl Record for Checklist {
    const KIND: Kind = Kind::Checklist;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.name
    }
    fn search_text(&self) -> String {
        let items: Vec<String> = self
            .items
            .iter()
            .map(|i| format!("{} {} {}", i.section, i.question, i.guidance))
            .collect();
        join_text(
            std::iter::once(self.description.as_str()).chain(items.iter().map(String::as_str)),
        )
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Checklist(self)
    }
}
