//! Revisions: the audit trail. Every write is one `Change`; each record it touched gets a
//! `Revision` holding the content before and after, so nothing is ever lost and any change can
//! be undone, redone or restored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Kind;

/// One transaction's worth of edits, as the user sees it in undo and history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
}

/// One record's content before and after one change. `before` is `None` for a creation,
/// `after` is `None` for a deletion. Links are kept as revisions of kind `None` on their own id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub id: i64,
    pub change_id: i64,
    pub record_id: String,
    pub kind: Option<Kind>,
    pub at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One field that differs between two versions of a record, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// "Title", "Consequences", "Options".
    pub field: String,
    /// The field's text in the first version ("" when it had none).
    pub before: String,
    pub after: String,
}

/// The fields that differ between two versions of a record's document (its JSON), top-level
/// field by field, in the order of the later version; fields only the earlier one has come
/// last. Bookkeeping fields (the id, where it was imported from) are left out.
pub fn field_changes(before: &serde_json::Value, after: &serde_json::Value) -> Vec<FieldChange> {
    use serde_json::Map;
    const BOOKKEEPING: [&str; 3] = ["id", "source", "front_matter"];
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let keys = after
        .keys()
        .chain(before.keys().filter(|k| !after.contains_key(*k)));
    let mut changes = Vec::new();
    for key in keys {
        if BOOKKEEPING.contains(&key.as_str()) {
            continue;
        }
        let (old, new) = (before.get(key), after.get(key));
        let (old_text, new_text) = (value_text(old), value_text(new));
        if old_text != new_text {
            changes.push(FieldChange {
                field: field_name(key),
                before: old_text,
                after: new_text,
            });
        }
    }
    changes
}

/// `decision_id` as "Decision", `started_at` as "Started at".
fn field_name(key: &str) -> String {
    let words = key.strip_suffix("_id").unwrap_or(key).replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A value as a person reads it: text as it is, a list one item per line, nothing as "".
fn value_text(value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => s.clone(),
                Value::Object(o) => ["title", "name", "heading", "text", "question"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(Value::as_str))
                    .map(str::to_string)
                    .unwrap_or_else(|| item.to_string()),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_told_field_by_field_in_words() {
        let before = json!({"id": "d1", "title": "Poll", "status": "proposed",
            "tags": ["a"], "options": [{"title": "Poll"}], "superseded_by": null});
        let after = json!({"id": "d1", "title": "Push", "status": "proposed",
            "tags": ["a", "b"], "options": [{"title": "Poll"}, {"title": "Push"}],
            "decided_at": "2026-01-02"});
        let changes = field_changes(&before, &after);
        let names: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(names, ["Title", "Tags", "Options", "Decided at"]);
        assert_eq!(changes[0].before, "Poll");
        assert_eq!(changes[0].after, "Push");
        assert_eq!(changes[2].after, "Poll\nPush");
        assert_eq!(changes[3].before, "");
        assert!(field_changes(&after, &after).is_empty());
    }
}
