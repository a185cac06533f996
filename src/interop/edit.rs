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
        if let Some((key, value_at)) = markdown::key_value(body)
            && keys.contains(&key.as_str())
        {
            let value_start = at + (content.len() - body.len()) + value_at;
            let end = at + content.trim_end().len();
            return Some(value_start.min(end)..end);
        }
        at += line.len();
    }
    None
}

/// Keys of the metadata lines a file may have before its first heading.
pub const METADATA_KEYS: &[&str] = &[
    "status",
    "date",
    "deciders",
    "decision makers",
    "consulted",
    "informed",
    "tags",
    "authors",
    "author",
    "severity",
    "users affected",
    "company",
    "product",
    "url",
    "started",
    "start",
    "start time",
    "started at",
    "detected",
    "detected at",
    "mitigated",
    "mitigated at",
    "resolved",
    "resolved at",
    "ended",
    "end time",
];

/// Whether a line is a metadata line ("Status: accepted", "- **Date:** 2020-01-01").
pub fn is_metadata_line(line: &str) -> bool {
    let t = line.trim();
    let t = markdown::bullet(t).unwrap_or(t);
    markdown::key_value(t).is_some_and(|(k, _)| METADATA_KEYS.contains(&k.as_str()))
}

/// The text before a record's first heading without its metadata lines, normalised: what is
/// left is prose, which a section holds; the lines are their fields'.
pub fn without_metadata_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !is_metadata_line(l)).collect();
    markdown::normalize(&lines.join("\n"))
}

/// The text before the first heading rewritten to `intro`, the file's metadata lines kept as
/// they are (their fields write them).
pub fn set_intro(edits: &mut Edits, doc: &Document, intro: &str) {
    let range = doc.preamble_range();
    let text = &doc.text()[range.clone()];
    let metadata: Vec<&str> = text.lines().filter(|l| is_metadata_line(l)).collect();
    let mut out = String::from("\n");
    if !metadata.is_empty() {
        out.push_str(&metadata.join("\n"));
        out.push_str("\n\n");
    }
    let intro = without_metadata_lines(intro);
    if !intro.is_empty() {
        out.push_str(&intro);
        out.push_str("\n\n");
    }
    edits.replace(range, out);
}

/// Where a new metadata line goes and how it is written like its neighbours.
pub struct Slot {
    pub at: usize,
    /// How the line starts: "- " for a bulleted list, "" for adr-tools' `Date:` lines.
    pub marker: String,
    /// Whether the keys are in bold, as MADR 2 writes them (`- **Status:** accepted`).
    pub bold: bool,
}

impl Slot {
    /// The whole line for `label` and `value`, newline included.
    pub fn line(&self, label: &str, value: &str) -> String {
        if self.bold {
            format!("{}**{label}:** {value}\n", self.marker)
        } else {
            format!("{}{label}: {value}\n", self.marker)
        }
    }
}

/// Where a new metadata line goes: after the last metadata line, else after the title.
pub fn metadata_slot(doc: &Document, known: &[&str]) -> Slot {
    let range = doc.preamble_range();
    let text = doc.text();
    let mut at = range.start;
    let mut slot: Option<Slot> = None;
    for line in text[range.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let body = markdown::bullet(trimmed.trim_end()).unwrap_or(trimmed.trim_end());
        if let Some((key, _)) = markdown::key_value(body)
            && known.contains(&key.as_str())
        {
            slot = Some(Slot {
                at: at + line.len(),
                marker: trimmed[..trimmed.trim_end().len() - body.len()].to_string(),
                bold: body.starts_with("**") || body.starts_with("__"),
            });
        }
        at += line.len();
    }
    slot.unwrap_or_else(|| Slot {
        at: doc.title_line().map_or(range.start, |(line, _)| line.end),
        marker: String::new(),
        bold: false,
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
        let slot = metadata_slot(&doc, &["status", "date"]);
        edits.insert(slot.at, slot.line("Tags", "a, b"));
        assert_eq!(
            edits.finish(),
            "# T\n\n- Status: accepted\n- Date: 2020-01-01\n- Tags: a, b\n\n## Context\n\nx\n"
        );
    }
}
