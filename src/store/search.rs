//! Full-text search over every record with SQLite FTS5: ranked by bm25 with the title weighted
//! above the body, each hit with a snippet around the words found.

use serde::Serialize;

use super::read::parse_kind;
use super::{Result, Store};
use crate::domain::Kind;

/// Marks around the matched words in a snippet.
pub const MATCH_START: &str = "[";
pub const MATCH_END: &str = "]";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// Text around the match, the matched words between `[` and `]`.
    pub snippet: String,
}

impl Store {
    /// Records whose words start with every word of `query`, best first; matched words in the
    /// snippet between `[` and `]`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_marked(query, limit, MATCH_START, MATCH_END)
    }

    /// [`Store::search`], with the matched words between `start` and `end` (a window marks
    /// them with characters no text has).
    pub fn search_marked(
        &self,
        query: &str,
        limit: usize,
        start: &str,
        end: &str,
    ) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, id, title, snippet(search, -1, ?3, ?4, '…', 12)
             FROM search WHERE search MATCH ?1
             ORDER BY bm25(search, 0.0, 0.0, 8.0, 1.0), id LIMIT ?2",
        )?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map(rusqlite::params![fts, limit as i64, start, end], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(kind, id, title, snippet)| {
                Ok(SearchHit {
                    kind: parse_kind(&kind)?,
                    id,
                    title,
                    snippet: snippet.replace('\n', " "),
                })
            })
            .collect()
    }
}

/// Turns what a person typed into an FTS5 query: every word must appear, each as a prefix, and
/// no character of the input is read as FTS5 syntax.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn queries_are_quoted_prefixes() {
        assert_eq!(fts_query("db pool").as_deref(), Some("\"db\"* \"pool\"*"));
        assert_eq!(
            fts_query("\"OR\" NEAR(x*"),
            Some("\"OR\"* \"NEAR\"* \"x\"*".into())
        );
        assert_eq!(fts_query("  -- "), None);
    }
}
