//! "Has this happened before?": the records that share a record's causes, tags and words.
//! The record's own distinctive terms (its words weighted by how rare they are across the
//! workspace, from FTS5's vocabulary) become one query, ranked by FTS5's bm25; words every
//! record has ("the", "database" in a database team's workspace) count for little, a shared
//! rare cause for much. Each hit says which words it shares.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::read::parse_kind;
use super::{Result, Store};
use crate::domain::Kind;

/// A record related to another, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Related {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// How people name it: "INC-2024-019", "ADR-4"; empty when it has no such name.
    pub reference: String,
    /// Higher is closer (bm25, sign turned).
    pub score: f64,
    /// The words it shares with the record, rarest first.
    pub why: Vec<String>,
}

/// How many of the record's terms make the query.
const TERMS: usize = 12;

/// Words that say nothing about a cause, whatever the workspace: English function words and
/// the everyday verbs and adverbs any text has. A word rare in a small workspace is not a cause
/// for being rare ("whether", "through", "everything").
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "that",
    "this",
    "from",
    "was",
    "were",
    "are",
    "not",
    "but",
    "all",
    "our",
    "its",
    "into",
    "out",
    "has",
    "had",
    "have",
    "been",
    "when",
    "what",
    "which",
    "who",
    "will",
    "would",
    "could",
    "should",
    "than",
    "then",
    "they",
    "them",
    "their",
    "there",
    "over",
    "under",
    "after",
    "before",
    "about",
    "every",
    "each",
    "more",
    "less",
    "only",
    "also",
    "because",
    "while",
    "until",
    "one",
    "two",
    "new",
    "per",
    "via",
    "can",
    "did",
    "does",
    "any",
    "you",
    "your",
    "yours",
    "ours",
    "she",
    "her",
    "his",
    "him",
    "hers",
    "it's",
    "whether",
    "everything",
    "anything",
    "something",
    "nothing",
    "everyone",
    "someone",
    "anyone",
    "through",
    "above",
    "below",
    "between",
    "without",
    "within",
    "again",
    "still",
    "just",
    "very",
    "much",
    "many",
    "most",
    "some",
    "such",
    "same",
    "other",
    "another",
    "own",
    "where",
    "how",
    "why",
    "here",
    "these",
    "those",
    "being",
    "both",
    "few",
    "further",
    "once",
    "off",
    "down",
    "make",
    "makes",
    "made",
    "take",
    "takes",
    "took",
    "get",
    "gets",
    "got",
    "give",
    "gives",
    "keep",
    "keeps",
    "kept",
    "need",
    "needs",
    "use",
    "used",
    "uses",
    "using",
    "way",
    "ways",
    "like",
    "even",
    "ever",
    "never",
    "always",
    "often",
    "yet",
    "though",
    "although",
    "since",
    "whose",
    "whom",
    "shall",
    "might",
    "must",
    "may",
    "let",
    "lets",
    "see",
    "say",
    "says",
    "said",
    "know",
    "goes",
    "went",
    "come",
    "comes",
    "came",
    "back",
    "first",
    "last",
    "next",
    "now",
    "thing",
    "things",
    "well",
    "good",
    "better",
    "best",
    "long",
    "least",
    "too",
    "out",
    "onto",
    "upon",
    "across",
    "along",
    "around",
    "behind",
    "beside",
    "beyond",
    "during",
    "toward",
    "towards",
    "among",
    "against",
    "either",
    "neither",
    "nor",
    "else",
    "instead",
    "rather",
    "quite",
    "almost",
    "already",
    "enough",
    "indeed",
    "perhaps",
    "really",
    "simply",
    "therefore",
    "thus",
    "however",
    "whatever",
    "whenever",
    "wherever",
    "whichever",
    "whoever",
    "could",
    "would",
    "don't",
    "can't",
    "isn't",
    "wasn't",
    "aren't",
    "won't",
    "doesn't",
    "didn't",
    "able",
    "put",
    "set",
    "try",
    "tried",
    "want",
    "wants",
    "look",
    "looks",
    "seem",
    "seems",
    "become",
    "became",
    "part",
    "kind",
    "run",
    "runs",
    "ran",
    "running",
    "work",
    "works",
    "worked",
    "done",
    "doing",
    "going",
];

/// The words of `text` as the index stems them (lower case, porter stemming as FTS5's porter
/// tokenizer does it is approximated by the prefix the query matches on).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

impl Store {
    /// Records that share the most distinctive words of the record `id` (its title, summary,
    /// causes, trigger, tags: everything its search text holds), best first, at most `limit`.
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<Related>> {
        let record = self.get_any(id)?;
        let text = format!(
            "{} {} {}",
            record.title(),
            record.title(),
            record.search_text()
        );
        let before = match &record {
            crate::domain::AnyRecord::Incident(i) => i.started_at,
            _ => None,
        };
        let known = self.neighbourhood(id)?;
        let except: Vec<&str> = known.iter().map(String::as_str).collect();
        self.related_to_text(&text, &except, before, limit)
    }

    /// The record and what it is already connected to: its parts (a decision's trade-offs and
    /// reviews), what it or they link or are linked from, and one step further except to
    /// incidents (the decision an incident's lesson motivated, the lessons behind a decision's
    /// trade-offs). Another incident that taught the same lesson stays: that is the answer to
    /// "has this happened before?".
    pub fn neighbourhood(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM records WHERE parent_id = ?1")?;
        let mut known: Vec<String> = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        known.push(id.to_string());
        for step in 0..2 {
            let mut next = Vec::new();
            for one in &known {
                let ends = self.links_from(one)?.into_iter().chain(self.links_to(one)?);
                for end in ends.flat_map(|l| [l.from_id, l.to_id]) {
                    let (kind, parent) = self.kind_and_parent(&end)?;
                    if step == 1 && kind == Some(Kind::Incident) {
                        continue;
                    }
                    next.extend(parent);
                    next.push(end);
                }
            }
            known.extend(next);
            known.sort();
            known.dedup();
        }
        Ok(known)
    }

    fn kind_and_parent(&self, id: &str) -> Result<(Option<Kind>, Option<String>)> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, parent_id FROM records WHERE id = ?1")?;
        let row: Option<(String, Option<String>)> = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(match row {
            Some((kind, parent)) => (parse_kind(&kind).ok(), parent),
            None => (None, None),
        })
    }

    /// Incidents, lessons and decisions that share the most distinctive words of `text` (a
    /// record being written), never one of `except`, and, given `before`, no incident that
    /// started after it; best first.
    pub fn related_to_text(
        &self,
        text: &str,
        except: &[&str],
        before: Option<chrono::DateTime<chrono::Utc>>,
        limit: usize,
    ) -> Result<Vec<Related>> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for w in words(text) {
            *counts.entry(w).or_default() += 1;
        }
        if counts.is_empty() {
            return Ok(Vec::new());
        }
        let total: f64 = self
            .conn
            .query_row("SELECT count(*) FROM records", [], |r| r.get::<_, i64>(0))?
            .max(1) as f64;
        self.conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search, row);",
        )?;
        // How many records hold each word (its stem, as the index has it: the longest indexed
        // term the word starts with, else words starting with it).
        let mut weighted: Vec<(String, f64)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT max(doc) FROM temp.search_terms WHERE term = ?1 OR (term >= ?2 AND term < ?3 AND ?1 LIKE term || '%')")?;
            for (word, tf) in &counts {
                let prefix: String = word.chars().take(4).collect();
                let upper = format!("{prefix}\u{10FFFF}");
                let docs: Option<i64> =
                    stmt.query_row(rusqlite::params![word, prefix, upper], |r| r.get(0))?;
                let docs = docs.unwrap_or(0) as f64;
                if docs == 0.0 {
                    continue; // no other record has it
                }
                let idf = ((total + 1.0) / docs).ln();
                weighted.push((word.clone(), *tf as f64 * idf));
            }
        }
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighted.truncate(TERMS);
        if weighted.is_empty() {
            return Ok(Vec::new());
        }
        let query = weighted
            .iter()
            .map(|(w, _)| format!("\"{}\"", w.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" OR ");
        let except: HashSet<&str> = except.iter().copied().collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT search.kind, search.id, search.title, search.body,
                    bm25(search, 0.0, 0.0, 4.0, 1.0) AS rank,
                    json_extract(r.body, '$.started_at'),
                    coalesce(json_extract(r.body, '$.reference'),
                             'ADR-' || json_extract(r.body, '$.number'), '')
             FROM search JOIN records r ON r.id = search.id
             WHERE search MATCH ?1 AND search.kind IN ('incident', 'lesson', 'decision')
             ORDER BY rank LIMIT ?2",
        )?;
        type Row = (String, String, String, String, f64, Option<String>, String);
        let rows: Vec<Row> = stmt
            .query_map(
                rusqlite::params![query, (limit * 3 + except.len()) as i64],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut related = Vec::new();
        for (kind, id, title, body, rank, started, reference) in rows {
            if except.contains(id.as_str()) || later(started.as_deref(), before) {
                continue;
            }
            let theirs: HashSet<String> = words(&format!("{title} {body}")).into_iter().collect();
            let why = weighted
                .iter()
                .filter(|(w, _)| theirs.iter().any(|t| shares_stem(t, w)))
                .map(|(w, _)| w.clone())
                .collect();
            related.push(Related {
                kind: parse_kind(&kind)?,
                id,
                title,
                reference,
                score: -rank,
                why,
            });
            if related.len() == limit {
                break;
            }
        }
        Ok(related)
    }
}

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

/// Whether a record that started at `started` (an incident's start) came after `before`.
fn later(started: Option<&str>, before: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    let (Some(before), Some(started)) = (before, started) else {
        return false;
    };
    started
        .parse::<chrono::DateTime<chrono::Utc>>()
        .is_ok_and(|start| start > before)
}

/// Whether two words are the same word give or take an ending ("pools", "pooling", "pool").
fn shares_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common == shorter || (common >= 4 && common + 3 >= shorter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_what_says_nothing() {
        assert_eq!(
            words("The pool of 200 DB connections, and the retries"),
            ["pool", "connections", "retries"]
        );
        assert!(shares_stem("pools", "pool"));
        assert!(shares_stem("pooling", "pool"));
        assert!(!shares_stem("polling", "pool"));
    }
}
