//! The check every write-back passes before it touches a file: the new text, read again the way
//! an import reads it, must give the record's value for every field that changed. A value the
//! writer could not place in the file's text is named, and nothing is written: an edit is
//! never acknowledged while the file keeps saying the old thing.

use serde_json::Value;

use crate::domain::{AnyRecord, Decision, Incident, Section};
use crate::interop::edit::without_metadata_lines;
use crate::interop::markdown::{self, fold};

/// Fields kept in the workspace only: a team file has no place for them, so a change to them
/// is not a change the file must show.
const WORKSPACE_ONLY: &[&str] = &["id", "revisit_by", "number"];

/// The fields the new text does not give right: a field that changed from `was` to `now` and
/// that `back` (the new text, read again) does not give as `now` has it, or a field that did
/// not change and that the new text now reads otherwise (a write that disturbed it). Empty
/// when the file says what the record says.
pub fn unplaced(was: &AnyRecord, now: &AnyRecord, back: &AnyRecord) -> Vec<String> {
    let (was, now, back) = (comparable(was), comparable(now), comparable(back));
    let (Value::Object(was), Value::Object(now), Value::Object(back)) = (was, now, back) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = now.keys().chain(was.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !WORKSPACE_ONLY.contains(&k.as_str()))
        .filter(|k| {
            if same(was.get(*k), now.get(*k)) {
                !same(was.get(*k), back.get(*k))
            } else {
                !same(now.get(*k), back.get(*k))
            }
        })
        .map(|k| k.replace('_', " "))
        .collect()
}

/// The record as JSON, its status words reduced to what they say: the file's own words for a
/// status ("Approved", "**Deprecated**") count as the status itself when they add nothing,
/// and a record's old words that no longer say its status count as none. The text before the
/// first heading is taken without its metadata lines ("Status: …"), which their fields hold.
fn comparable(record: &AnyRecord) -> Value {
    let record = match record {
        AnyRecord::Decision(d) => AnyRecord::Decision(Decision {
            status_text: own_words(d),
            sections: without_metadata(&d.sections),
            ..d.clone()
        }),
        AnyRecord::Incident(i) => AnyRecord::Incident(Incident {
            sections: without_metadata(&i.sections),
            ..i.clone()
        }),
        other => other.clone(),
    };
    record.to_json()
}

fn without_metadata(sections: &[Section]) -> Vec<Section> {
    sections
        .iter()
        .map(|s| {
            if !s.heading.is_empty() {
                return s.clone();
            }
            Section {
                heading: String::new(),
                body: without_metadata_lines(&s.body),
            }
        })
        .filter(|s| !(s.heading.is_empty() && s.body.is_empty()))
        .collect()
}

fn own_words(d: &Decision) -> Option<String> {
    let text = d.status_text.as_deref()?;
    let words = fold(&markdown::plain(text));
    (d.status.is_said_by(&words) && words != d.status.as_str()).then_some(words)
}

/// Equal, or equal once text is trimmed of the blank lines and spaces at its ends that a
/// Markdown section cannot keep; absent and empty are the same.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    normal(a.unwrap_or(&Value::Null)) == normal(b.unwrap_or(&Value::Null))
}

fn normal(value: &Value) -> Value {
    match value {
        Value::String(s) if s.trim().is_empty() => Value::Null,
        Value::String(s) => Value::String(markdown::normalize(s)),
        Value::Array(items) if items.is_empty() => Value::Null,
        Value::Array(items) => Value::Array(items.iter().map(normal).collect()),
        Value::Object(map) if map.is_empty() => Value::Null,
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normal(v)))
                .filter(|(_, v)| !v.is_null())
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DecisionStatus;

    fn decision(status: DecisionStatus, text: Option<&str>) -> AnyRecord {
        AnyRecord::Decision(Decision {
            status,
            status_text: text.map(str::to_string),
            ..Decision::default()
        })
    }

    #[test]
    fn a_status_the_file_still_says_otherwise_is_named() {
        let was = decision(DecisionStatus::Accepted, Some("Approved"));
        let now = decision(DecisionStatus::Deprecated, Some("Approved"));
        assert_eq!(unplaced(&was, &now, &was), ["status", "status text"]);
        let back = decision(DecisionStatus::Deprecated, Some("**Deprecated**"));
        assert!(unplaced(&was, &now, &back).is_empty());
        let back = decision(DecisionStatus::Deprecated, None);
        assert!(unplaced(&was, &now, &back).is_empty());
    }

    #[test]
    fn an_unchanged_field_the_write_disturbed_is_named_and_ends_of_text_do_not_count() {
        let was = AnyRecord::Decision(Decision {
            context: "Old".into(),
            title: "T".into(),
            ..Decision::default()
        });
        let now = AnyRecord::Decision(Decision {
            context: "New\n".into(),
            title: "T".into(),
            ..Decision::default()
        });
        let back = AnyRecord::Decision(Decision {
            context: "\nNew".into(),
            title: "T (read otherwise)".into(),
            ..Decision::default()
        });
        assert_eq!(unplaced(&was, &now, &back), ["title"]);
    }
}
