//! What every file Hindsight writes shares: sections under headings, one-line text for headings
//! and table cells, and the `links:` list of an exported file's front matter.

use serde_json::{Map, Value, json};

use super::markdown;
use super::parsed::{End, Parsed};
use crate::domain::{Link, Relation};
use crate::interop::ReadError;

/// Text for a heading or a table cell: its lines joined with spaces, spacing inside kept.
pub fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `## Heading` and its text, when there is text.
pub fn push_section(out: &mut String, heading: &str, text: &str) {
    let text = markdown::normalize(text);
    if text.is_empty() {
        return;
    }
    out.push_str(&format!("\n{heading}\n"));
    push_text(out, &text);
}

/// A paragraph (or more), after a blank line.
pub fn push_text(out: &mut String, text: &str) {
    let text = markdown::normalize(text);
    if text.is_empty() {
        return;
    }
    out.push('\n');
    out.push_str(&text);
    out.push('\n');
}

/// A list item's text: one paragraph, continuation lines indented under the marker.
pub fn item_text(text: &str) -> String {
    markdown::normalize(text)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n  ")
        .replace("\n  \n", "\n\n")
}

/// The `links:` list of an exported file: `{from?, relation, to, label?}` entries; `from`
/// defaults to the file's own record.
pub fn read_link_list(value: Option<Value>, parsed: &mut Parsed) -> Result<(), ReadError> {
    let Some(Value::Array(entries)) = value else {
        return Ok(());
    };
    let child_ids: Vec<String> = parsed
        .children
        .iter()
        .map(|c| c.record.id().to_string())
        .collect();
    for (n, entry) in entries.into_iter().enumerate() {
        let field = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
        let relation = field("relation")
            .unwrap_or_default()
            .parse::<Relation>()
            .map_err(|e| ReadError::Link {
                index: n,
                message: e.to_string(),
            })?;
        let to = field("to").ok_or_else(|| ReadError::Link {
            index: n,
            message: "no 'to'".into(),
        })?;
        let from = match field("from") {
            None => End::Main,
            Some(id) => match child_ids.iter().position(|c| *c == id) {
                Some(i) => End::Child(i),
                None => End::Id(id),
            },
        };
        parsed.link(from, relation, End::Id(to), field("label"));
    }
    Ok(())
}

/// The `links:` entries for links from `main_id`, leaving `from` out for the file's own record.
pub fn link_entries(links: &[Link], main_id: &str) -> Vec<Value> {
    links
        .iter()
        .map(|l| {
            let mut entry = Map::new();
            if l.from_id != main_id {
                entry.insert("from".into(), json!(l.from_id));
            }
            entry.insert("relation".into(), json!(l.relation.as_str()));
            entry.insert("to".into(), json!(l.to_id));
            if let Some(label) = &l.label {
                entry.insert("label".into(), json!(label));
            }
            Value::Object(entry)
        })
        .collect()
}
