//! "Has this happened before?": the records that share a record's causes, tags and words.
//! The record's own distinctive terms (its words weighted by how rare they are across the
//! workspace, from FTS5's vocabulary) become one query, ranked by FTS5's bm25; words every
//! record has ("the", "database" in a database team's workspace) count for little, a shared
//! rare cause for much. Each hit says which words it shares.

mod known;
mod lesson_history;
mod words;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::read::parse_kind;
use super::{Result, Store};
use crate::domain::Kind;
pub use lesson_history::LessonHistory;
use words::{shares_stem, words};

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

/// Whether a record that started at `started` (an incident's start) came after `before`.
fn later(started: Option<&str>, before: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    let (Some(before), Some(started)) = (before, started) else {
        return false;
    };
    started
        .parse::<chrono::DateTime<chrono::Utc>>()
        .is_ok_and(|start| start > before)
}
