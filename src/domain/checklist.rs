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
    /// The lesson's statement, carried by the checklist itself: a template names lessons of
    /// the demo that a team's workspace does not hold, and an id alone would say nothing.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub lesson_statement: String,
}

impl ChecklistItem {
    /// What to say of the item's lesson: its statement in the workspace (`found`, looked up by
    /// id), else the statement the checklist carries, else nothing — never a bare id.
    pub fn lesson_words<'a>(&'a self, found: Option<&'a str>) -> Option<&'a str> {
        found
            .filter(|s| !s.trim().is_empty())
            .or(Some(self.lesson_statement.as_str()).filter(|s| !s.trim().is_empty()))
    }
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

/// A word cut to its stem, so "caching" meets "cache" and "databases" meets "database".
fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if word.len() > suffix.len() + 3
            && let Some(cut) = word.strip_suffix(suffix)
        {
            return cut.to_string();
        }
    }
    word
}

fn stems(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4)
        .map(stem)
        .collect()
}

/// The checklist to offer a decision first: the one whose name (and, less, description and
/// sections) shares most words with the decision's tags (and, less, its title); else the one
/// used last; else the first.
pub fn suggest_checklist<'a>(
    checklists: &'a [Checklist],
    tags: &[String],
    title: &str,
    last_used: Option<&str>,
) -> Option<&'a Checklist> {
    let tag_words: Vec<String> = tags.iter().flat_map(|t| stems(t)).collect();
    let title_words = stems(title);
    let score = |c: &Checklist| {
        let name = stems(&c.name);
        let mut rest = stems(&c.description);
        rest.extend(c.items.iter().flat_map(|i| stems(&i.section)));
        let weigh = |words: &[String], weight: usize| {
            words
                .iter()
                .map(|w| weight * (3 * name.contains(w) as usize + rest.contains(w) as usize))
                .sum::<usize>()
        };
        weigh(&tag_words, 2) + weigh(&title_words, 1)
    };
    let best = checklists
        .iter()
        .map(|c| (score(c), c))
        .filter(|(s, _)| *s > 0)
        // The first of equals wins: max_by_key keeps the last, so compare in reverse.
        .rev()
        .max_by_key(|(s, _)| *s)
        .map(|(_, c)| c);
    best.or_else(|| last_used.and_then(|id| checklists.iter().find(|c| c.id == id)))
        .or_else(|| checklists.first())
}

#[cfg(test)]
mod suggest_tests {
    use super::*;

    fn checklist(id: &str, name: &str, description: &str) -> Checklist {
        Checklist {
            id: id.into(),
            name: name.into(),
            description: description.into(),
            items: Vec::new(),
        }
    }

    #[test]
    fn a_decision_is_offered_the_checklist_its_tags_name() {
        let all = [
            checklist("chk-caching", "Caching", "Is the cache simpler to run?"),
            checklist("chk-database", "Database and queries", "Tables and indexes"),
            checklist("chk-realtime", "Real-time updates and polling", ""),
        ];
        let pick = |tags: &[&str], title: &str, last: Option<&str>| {
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            suggest_checklist(&all, &tags, title, last).map(|c| c.id.as_str())
        };
        assert_eq!(pick(&["databases"], "", None), Some("chk-database"));
        assert_eq!(pick(&["real-time"], "", None), Some("chk-realtime"));
        assert_eq!(pick(&[], "Cache menus in Redis", None), Some("chk-caching"));
        // Nothing in common: the one used last, else the first.
        assert_eq!(
            pick(&["payments"], "Pay by card", Some("chk-realtime")),
            Some("chk-realtime")
        );
        assert_eq!(
            pick(&["payments"], "Pay by card", None),
            Some("chk-caching")
        );
        assert_eq!(pick(&["payments"], "", Some("gone")), Some("chk-caching"));
    }
}
