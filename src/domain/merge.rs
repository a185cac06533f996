//! Merging two edits of one record, field by field, never by text: what a file says now
//! (theirs), what the workspace says now (mine), and what both said when they last agreed
//! (the base). A field only one side changed takes that side's value; a field both changed
//! alike is that value; a field both changed differently is a conflict, reported with both
//! values. A field is a top-level key of the record's JSON document (its serde form).

use serde::Serialize;
use serde_json::{Map, Value};

/// One field both sides changed differently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldConflict {
    pub field: String,
    pub mine: Value,
    pub theirs: Value,
}

/// A merged document, and the fields it could not merge (where it holds `theirs` or `mine`,
/// as the caller chose).
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub value: Value,
    pub conflicts: Vec<FieldConflict>,
}

/// Which side a conflicting field takes in the merged document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefer {
    Mine,
    Theirs,
}

/// The three-way merge of two JSON objects. Keys keep `mine`'s order, then `theirs`' new ones.
pub fn merge3(mine: &Value, base: &Value, theirs: &Value, prefer: Prefer) -> Merged {
    let empty = Map::new();
    let (m, b, t) = (
        mine.as_object().unwrap_or(&empty),
        base.as_object().unwrap_or(&empty),
        theirs.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = m.keys().collect();
    keys.extend(t.keys().filter(|k| !m.contains_key(*k)));
    keys.extend(
        b.keys()
            .filter(|k| !m.contains_key(*k) && !t.contains_key(*k)),
    );
    let mut value = Map::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (mv, bv, tv) = (field(m, key), field(b, key), field(t, key));
        if APPEND_ONLY.contains(&key.as_str())
            && let (Some(mine), Some(theirs)) = (list(mv), list(tv))
        {
            // Both sides' entries, ours first: two people signing at once both keep theirs.
            let mut all = mine.to_vec();
            all.extend(theirs.iter().filter(|e| !mine.contains(e)).cloned());
            if !all.is_empty() {
                value.insert(key.clone(), Value::Array(all));
            }
            continue;
        }
        let chosen = if tv == bv || mv == tv {
            mv
        } else if mv == bv {
            tv
        } else {
            conflicts.push(FieldConflict {
                field: key.clone(),
                mine: mv.clone(),
                theirs: tv.clone(),
            });
            match prefer {
                Prefer::Mine => mv,
                Prefer::Theirs => tv,
            }
        };
        if !chosen.is_null() {
            value.insert(key.clone(), chosen.clone());
        }
    }
    Merged {
        value: Value::Object(value),
        conflicts,
    }
}

/// What a file that carries only some fields says over a record: its non-empty fields win,
/// the record keeps the others, at every depth (an option's name from the file, its pros and
/// cons from the record). For a file with no base to merge against.
pub fn fill(mine: &Value, theirs: &Value) -> Value {
    match (mine, theirs) {
        (Value::Object(m), Value::Object(t)) => {
            let mut out = m.clone();
            for (key, value) in t {
                if is_empty(value) {
                    continue;
                }
                let merged = match m.get(key) {
                    Some(old) => fill(old, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(m), Value::Array(t)) if m.len() == t.len() => {
            Value::Array(m.iter().zip(t).map(|(a, b)| fill(a, b)).collect())
        }
        (_, t) if is_empty(t) => mine.clone(),
        (_, t) => t.clone(),
    }
}

static NULL: Value = Value::Null;

/// Fields that are an append-only record (a review's sign-offs): merged as the union of both
/// sides, never a conflict.
const APPEND_ONLY: &[&str] = &["signoffs"];

/// A list field's entries; an absent or empty field is an empty list.
fn list(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(items) => Some(items),
        Value::Null => Some(&[]),
        _ => None,
    }
}

/// A field's value, a missing field and an empty one alike (serde leaves empty fields out).
fn field<'a>(map: &'a Map<String, Value>, key: &str) -> &'a Value {
    match map.get(key) {
        Some(v) if !is_empty(v) => v,
        _ => &NULL,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_changed_on_one_side_take_that_side() {
        let base = json!({"title": "A", "status": "proposed", "context": "x"});
        let mine = json!({"title": "A", "status": "accepted", "context": "x", "summary": "s"});
        let theirs = json!({"title": "B", "status": "proposed", "context": "x"});
        let m = merge3(&mine, &base, &theirs, Prefer::Theirs);
        assert_eq!(
            m.value,
            json!({"title": "B", "status": "accepted", "context": "x", "summary": "s"})
        );
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict() {
        let base = json!({"status": "proposed"});
        let mine = json!({"status": "accepted"});
        let theirs = json!({"status": "rejected"});
        let m = merge3(&mine, &base, &theirs, Prefer::Mine);
        assert_eq!(m.value, json!({"status": "accepted"}));
        assert_eq!(
            m.conflicts,
            vec![FieldConflict {
                field: "status".into(),
                mine: json!("accepted"),
                theirs: json!("rejected")
            }]
        );
        // Both sides making the same change agree.
        let same = merge3(&mine, &base, &mine, Prefer::Mine);
        assert!(same.conflicts.is_empty());
    }

    #[test]
    fn a_file_without_a_field_does_not_empty_it() {
        let mine = json!({"title": "A", "summary": "kept"});
        let theirs = json!({"title": "B", "summary": ""});
        assert_eq!(
            fill(&mine, &theirs),
            json!({"title": "B", "summary": "kept"})
        );
    }
}
