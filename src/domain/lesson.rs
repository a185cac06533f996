//! Lessons: what the team learned, in one sentence, and why it holds.

use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, string_enum};

string_enum! {
    /// The quality a lesson is about.
    LessonCategory {
        Scalability => "scalability",
        #[default]
        Reliability => "reliability",
        Performance => "performance",
        Maintainability => "maintainability",
        Security => "security",
        Process => "process",
        Communication => "communication",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lesson {
    pub id: String,
    /// The lesson in one sentence; serves as its title.
    pub statement: String,
    /// Why it holds, and what it means in practice (Markdown).
    pub explanation: String,
    pub category: LessonCategory,
}

impl Lesson {
    pub fn new(statement: impl Into<String>) -> Self {
        Lesson {
            id: super::new_id(Kind::Lesson),
            statement: statement.into(),
            ..Default::default()
        }
    }
}

impl Record for Lesson {
    const KIND: Kind = Kind::Lesson;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.statement
    }
    fn status(&self) -> Option<String> {
        Some(self.category.to_string())
    }
    fn search_text(&self) -> String {
        join_text([self.explanation.as_str()])
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Lesson(self)
    }
}
