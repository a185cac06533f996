//! Changing a team's file in place: a set of edits to its text (each a range and what replaces
//! it), applied at once, so a change rewrites only the lines of what changed. Helpers find what
//! to edit: a top-level key of the front matter, a metadata line before the first heading
//! (`Date: …`, `* Status: …`), a part's body.

use std::ops::Range;

use serde_json::{Map, Value};

use super::markdown::{self, Document, Part};

/// Edits to one text, made together.
pub struct Edits {
    text: String,
    edits: Vec<(Range<usize>, String)>,
}

impl Edits {
    pub fn new(text: &str) -> Edits {
        Edits {
            text: text.to_string(),
            edits: Vec::new(),
        }
    }

    /// Replaces `range` with `with`. Edits must not overlap; a later one inside an earlier one
    /// is dropped.
    pub fn replace(&mut self, range: Range<usize>, with: impl Into<String>) {
        self.edits.push((range, with.into()));
    }

    pub fn insert(&mut self, at: usize, with: impl Into<String>) {
        self.replace(at..at, with);
    }

    /// The text with every edit made.
    pub fn finish(mut self) -> String {
        // Stable by start, so insertions at one place keep the order they were made in.
        self.edits.sort_by_key(|(r, _)| (r.start, r.end));
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (range, with) in &self.edits {
            if range.start < at || range.end > self.text.len() {
                continue;
            }
            out.push_str(&self.text[at..range.start]);
            out.push_str(with);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Each top-level key of a YAML block and the lines it spans (its value's lines included),
/// relative to the block.
fn front_entries(yaml: &str) -> Vec<(String, Range<usize>)> {
    let mut out: Vec<(String, Range<usize>)> = Vec::new();
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let starts_key = !line.starts_with([' ', '\t', '-', '#', '\n'])
            && line
                .split_once(':')
                .is_some_and(|(k, _)| !k.trim().is_empty());
        if starts_key {
            let key = line.split_once(':').map_or("", |(k, _)| k).trim();
            let key = key.trim_matches(['"', '\'']).to_string();
            out.push((key, at..at + line.len()));
        } else if let Some(last) = out.last_mut()
            && (line.starts_with([' ', '\t', '-']) || line.trim().is_empty())
        {
            last.1.end = at + line.len();
        }
        at += line.len();
    }
    // Trailing blank lines belong to no key.
    for (_, range) in &mut out {
        while range.end > range.start && yaml[range.start..range.end].ends_with("\n\n") {
            range.end -= 1;
        }
    }
    out
}

/// `key: value` as YAML lines.
pub fn yaml_entry(key: &str, value: &Value) -> String {
    let mut map = Map::new();
    map.insert(key.to_string(), value.clone());
    match serde_yaml_ng::to_string(&Value::Object(map)) {
        Ok(text) => text,
        Err(_) => format!("{key}: {value}\n"),
    }
}

/// Whether the front matter has `key` (spelt as given, or with `-` for `_`).
pub fn front_key<'a>(doc: &Document, keys: &[&'a str]) -> Option<&'a str> {
    let yaml = doc.front.as_deref()?;
    let entries = front_entries(yaml);
    keys.iter()
        .copied()
        .find(|k| entries.iter().any(|(e, _)| e == k))
}

/// Sets (or, for `None`, removes) a top-level key of the front matter; a new key goes last.
/// Returns false when the document has no front matter.
pub fn set_front(edits: &mut Edits, doc: &Document, key: &str, value: Option<&Value>) -> bool {
    let (Some(yaml), Some(range)) = (doc.front.as_deref(), doc.front_range()) else {
        return false;
    };
    let entries = front_entries(yaml);
    let line = value.map(|v| yaml_entry(key, v)).unwrap_or_default();
    match entries.iter().find(|(k, _)| k == key) {
        Some((_, r)) => edits.replace(range.start + r.start..range.start + r.end, line),
        None if value.is_some() => {
            let end = entries
                .last()
                .map_or(range.start, |(_, r)| range.start + r.end);
            edits.insert(end, line);
        }
        None => {}
    }
    true
}

/// A metadata line before the first heading whose key is one of `keys` (folded):
/// the range of its value.
pub fn metadata_value(doc: &Document, keys: &[&str]) -> Option<Range<usize>> {
    let range = doc.preamble_range();
    let text = doc.text();
    let mut at = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim_start();
        let body = markdown::bullet(trimmed).unwrap_or(trimmed);
        if let Some((key, _)) = body.split_once(':')
            && keys.contains(&markdown::fold(key).as_str())
        {
            let colon = at + (content.len() - body.len()) + key.len() + 1;
            let value_start = colon
                + (text[colon..at + content.len()].len()
                    - text[colon..at + content.len()].trim_start().len());
            return Some(value_start..at + content.len());
        }
        at += line.len();
    }
    None
}

/// Where a new metadata line goes, and how it starts ("- " for a bulleted list, "" for
/// adr-tools' `Date:` lines): after the last metadata line, else after the title.
pub fn metadata_slot(doc: &Document, known: &[&str]) -> (usize, String) {
    let range = doc.preamble_range();
    let text = doc.text();
    let mut at = range.start;
    let mut slot: Option<(usize, String)> = None;
    for line in text[range.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let body = markdown::bullet(trimmed.trim_end()).unwrap_or(trimmed.trim_end());
        if let Some((key, _)) = body.split_once(':')
            && known.contains(&markdown::fold(key).as_str())
        {
            let marker =
                &trimmed[..trimmed.len() - trimmed.trim_start_matches(['-', '*', '+', ' ']).len()];
            slot = Some((at + line.len(), marker.to_string()));
        }
        at += line.len();
    }
    slot.unwrap_or_else(|| {
        let after_title = doc.title_line().map_or(range.start, |(line, _)| line.end);
        (after_title, String::new())
    })
}

/// Replaces a part's body, keeping one blank line after the heading and before the next part.
pub fn set_body(edits: &mut Edits, doc: &Document, part: &Part, body: &str) {
    let at_end = part.range.end >= doc.text().len();
    let body = markdown::normalize(body);
    let with = match (body.is_empty(), at_end) {
        (true, true) => String::new(),
        (true, false) => "\n".to_string(),
        (false, true) => format!("\n{body}\n"),
        (false, false) => format!("\n{body}\n\n"),
    };
    edits.replace(part.body_range.clone(), with);
}

/// A new part (`heading` is the whole heading line, `## Summary`) inserted at `at`, which is
/// the start of a part or the end of the text.
pub fn add_part(edits: &mut Edits, doc: &Document, at: usize, heading: &str, body: &str) {
    let text = doc.text();
    let before = if at == 0 || text[..at].ends_with("\n\n") {
        ""
    } else if text[..at].ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let body = markdown::normalize(body);
    let after = if at >= text.len() { "" } else { "\n" };
    edits.insert(at, format!("{before}{heading}\n\n{body}\n{after}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn front_keys_change_in_place() {
        let text =
            "---\nnav_order: 3\nstatus: proposed\ndecision-makers:\n  - Ann\n  - Bob\n---\n# T\n";
        let doc = Document::parse(text);
        let mut edits = Edits::new(doc.text());
        set_front(&mut edits, &doc, "status", Some(&json!("accepted")));
        set_front(&mut edits, &doc, "decision-makers", Some(&json!(["Ann"])));
        set_front(&mut edits, &doc, "date", Some(&json!("2024-05-01")));
        assert_eq!(
            edits.finish(),
            "---\nnav_order: 3\nstatus: accepted\ndecision-makers:\n- Ann\ndate: 2024-05-01\n---\n# T\n"
        );
    }

    #[test]
    fn metadata_lines_keep_their_style() {
        let text = "# T\n\n- Status: proposed\n- Date: 2020-01-01\n\n## Context\n\nx\n";
        let doc = Document::parse(text);
        let mut edits = Edits::new(doc.text());
        let status = metadata_value(&doc, &["status"]).unwrap();
        edits.replace(status, "accepted");
        let (at, marker) = metadata_slot(&doc, &["status", "date"]);
        edits.insert(at, format!("{marker}Tags: a, b\n"));
        assert_eq!(
            edits.finish(),
            "# T\n\n- Status: accepted\n- Date: 2020-01-01\n- Tags: a, b\n\n## Context\n\nx\n"
        );
    }
}
