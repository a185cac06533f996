//! A checklist item's history: the incidents its lesson was learned from, and those on its
//! subject since, for the reviewer who asks "did this bite us again?".

use serde::Serialize;

use super::super::{Result, Store};
use crate::domain::Kind;

/// The incidents a lesson was learned from, and the incidents on its subject since the last of
/// them: a checklist item's history, for the reviewer who asks "did this bite us again?".
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LessonHistory {
    /// (id, title)
    pub learned_from: Vec<(String, String)>,
    /// (id, title), newest first.
    pub since: Vec<(String, String)>,
}

impl Store {
    pub fn lesson_history(&self, lesson_id: &str) -> Result<LessonHistory> {
        use crate::domain::{Incident, Lesson, Relation};
        let lesson: Lesson = self.get(lesson_id)?;
        let mut learned = Vec::new();
        let mut last = None;
        for link in self.links_from(lesson_id)? {
            if link.relation != Relation::LearnedFrom {
                continue;
            }
            if let Ok(incident) = self.get::<Incident>(&link.to_id) {
                last = last.max(incident.started_at);
                learned.push(incident);
            }
        }
        let mut except: Vec<&str> = learned.iter().map(|i| i.id.as_str()).collect();
        except.push(lesson_id);
        let text = format!("{} {}", lesson.statement, lesson.explanation);
        let mut since: Vec<Incident> = self
            .related_to_text(&text, &except, None, 20)?
            .into_iter()
            .filter(|r| r.kind == Kind::Incident)
            .filter_map(|r| self.get::<Incident>(&r.id).ok())
            .filter(|i| last.is_some() && i.started_at > last)
            .take(5)
            .collect();
        since.sort_by_key(|i| std::cmp::Reverse(i.started_at));
        let pair = |i: &Incident| (i.id.clone(), i.title.clone());
        Ok(LessonHistory {
            learned_from: learned.iter().map(pair).collect(),
            since: since.iter().map(pair).collect(),
        })
    }
}
