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

/// Words of four letters or more that say nothing about a subject: questions and titles are
/// full of them ("Is every query…", "What happens when…", "the work", "our users").
const STOP: &[&str] = &[
    "able", "about", "after", "also", "because", "been", "before", "being", "case", "client",
    "clients", "could", "does", "each", "else", "even", "every", "fail", "failed", "fails",
    "failing", "from", "good", "have", "here", "into", "instead", "just", "keep", "know", "like",
    "made", "make", "many", "might", "more", "most", "much", "must", "need", "needed", "needs",
    "once", "only", "other", "over", "part", "rate", "same", "service", "services", "should",
    "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "thing",
    "things", "this", "those", "through", "time", "times", "under", "used", "user", "users",
    "using", "value", "values", "want", "well", "were", "what", "when", "where", "which", "while",
    "will", "with", "work", "works", "would", "your",
];

/// The subject words of a text, each once: lower case, stemmed, a hyphenated word kept whole
/// ("real-time", "back-off" are one word each, and meet "realtime" and "backoff"), so "time"
/// alone does not meet *Real-time updates*.
fn stems(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.len() >= 4 && !STOP.contains(&w.to_lowercase().as_str()))
        .map(|w| stem(&w.replace('-', "")))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// What a checklist is about: the words of its name, and the words its questions come back
/// to (in two questions or more). A word that one question happens to use ("payments" in an
/// example) is not its subject.
fn subject(checklist: &Checklist) -> (Vec<String>, Vec<String>) {
    let name = stems(&checklist.name);
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for item in &checklist.items {
        for word in stems(&item.question) {
            *seen.entry(word).or_default() += 1;
        }
    }
    let recurring = seen
        .into_iter()
        .filter(|(_, questions)| *questions >= 2)
        .map(|(word, _)| word)
        .collect();
    (name, recurring)
}

/// The checklist to offer a decision first: the one whose subject its tags (and, less, its
/// title) name — a word of the checklist's name, or one its questions come back to. `None`
/// when nothing matches: then the user picks, rather than being offered a wrong one.
pub fn suggest_checklist<'a>(
    checklists: &'a [Checklist],
    tags: &[String],
    title: &str,
) -> Option<&'a Checklist> {
    let tag_words = stems(&tags.join(" "));
    let title_words = stems(title);
    let score = |c: &Checklist| {
        let (name, recurring) = subject(c);
        let weigh = |words: &[String], weight: usize| {
            words
                .iter()
                .map(|w| weight * (3 * name.contains(w) as usize + recurring.contains(w) as usize))
                .sum::<usize>()
        };
        weigh(&tag_words, 2) + weigh(&title_words, 1)
    };
    checklists
        .iter()
        .map(|c| (score(c), c))
        .filter(|(s, _)| *s > 0)
        // The first of equals wins: max_by_key keeps the last, so compare in reverse.
        .rev()
        .max_by_key(|(s, _)| *s)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod suggest_tests {
    use super::*;

    fn checklist(id: &str, name: &str, questions: &[&str]) -> Checklist {
        Checklist {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            items: questions
                .iter()
                .map(|q| ChecklistItem {
                    question: q.to_string(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    fn all() -> Vec<Checklist> {
        vec![
            checklist(
                "chk-caching",
                "Caching",
                &["Has a measurement shown that this cache is needed?"],
            ),
            checklist(
                "chk-database",
                "Database and queries",
                &[
                    "Is every query served by an index?",
                    "Are reports kept off the tables?",
                ],
            ),
            checklist(
                "chk-realtime",
                "Real-time updates and polling",
                &[
                    "Would server push, or polling with back-off, serve users as well?",
                    "Do clients reconnect with jittered back-off?",
                ],
            ),
            checklist(
                "chk-concurrency",
                "Concurrency and transactions",
                &[
                    "Who owns work that fails every retry?",
                    "If work spans services, how is it completed or undone?",
                ],
            ),
            checklist(
                "chk-monitoring",
                "Monitoring",
                &[
                    "Is there an alert on the outcome customers care about (orders placed, payments completed)?",
                    "Is the age of the oldest item alerted on for every queue?",
                    "Is there an alert on how fast the error budget is used up?",
                ],
            ),
        ]
    }

    fn pick(tags: &[&str], title: &str) -> Option<String> {
        let checklists = all();
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        suggest_checklist(&checklists, &tags, title).map(|c| c.id.clone())
    }

    #[test]
    fn a_tag_or_title_word_in_the_checklists_name_is_a_match() {
        assert_eq!(pick(&["databases"], ""), Some("chk-database".into()));
        assert_eq!(pick(&["real-time"], ""), Some("chk-realtime".into()));
        assert_eq!(pick(&["realtime"], ""), Some("chk-realtime".into()));
        assert_eq!(
            pick(&[], "Cache menus in Redis"),
            Some("chk-caching".into())
        );
        assert_eq!(pick(&["monitoring"], ""), Some("chk-monitoring".into()));
    }

    #[test]
    fn a_word_the_questions_come_back_to_is_a_match() {
        // "back-off" is in two of the real-time questions, "alert" in three of monitoring's.
        assert_eq!(
            pick(&[], "Retry with exponential back-off"),
            Some("chk-realtime".into())
        );
        assert_eq!(
            pick(&[], "Alert on service levels"),
            Some("chk-monitoring".into())
        );
        // The name outweighs a recurring word of another checklist.
        assert_eq!(
            pick(&["database"], "Alert on slow queries"),
            Some("chk-database".into())
        );
    }

    #[test]
    fn a_word_one_question_happens_to_use_is_no_match_and_nothing_is_offered() {
        // "payments" and "queue" each appear in one monitoring question, by way of example.
        assert_eq!(
            pick(
                &["checkout", "payments"],
                "Payments are processed asynchronously through a queue"
            ),
            None
        );
        assert_eq!(pick(&[], "Use Markdown ADRs"), None);
        // "work" is in two concurrency questions, but it is no subject.
        assert_eq!(pick(&[], "Dual License the Work"), None);
        // "time" alone is not "real-time".
        assert_eq!(pick(&[], "Save time at checkout"), None);
        assert_eq!(pick(&[], ""), None);
        // Words every question uses are no subject.
        assert_eq!(pick(&[], "What is there to do with every index?"), None);
    }
}
