//! Setting one field of a record, addressed by a JSON pointer into its document (`/title`,
//! `/options/0/pros`, `/status`), and failing loudly when the value does not land: the record
//! types ignore keys they do not know, so a misspelt field would otherwise drop what the user
//! typed without a word.

use serde_json::Value;
use thiserror::Error;

use super::AnyRecord;

#[derive(Debug, Error, PartialEq)]
pub enum FieldError {
    #[error("{kind} {id}: no field '{field}'")]
    Unknown {
        kind: &'static str,
        id: String,
        field: String,
    },
    #[error("{kind} {id}: {field}: {message}")]
    BadValue {
        kind: &'static str,
        id: String,
        field: String,
        message: String,
    },
}

/// The record with `pointer` set to `value`; `None` when it already had that value.
pub fn with_field(
    record: &AnyRecord,
    pointer: &str,
    value: Value,
) -> Result<Option<AnyRecord>, FieldError> {
    let kind = record.kind();
    let field = pointer.trim_start_matches('/').to_string();
    let unknown = || FieldError::Unknown {
        kind: kind.label(),
        id: record.id().to_string(),
        field: field.clone(),
    };
    let mut json = record.to_json();
    match json.pointer_mut(pointer) {
        Some(slot) if *slot == value => return Ok(None),
        Some(slot) => *slot = value.clone(),
        None => {
            // A field left out of the document (or of one of its items) because it was
            // empty: set it on the object that should hold it.
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            match json.pointer_mut(parent).and_then(Value::as_object_mut) {
                Some(object) if !key.is_empty() => {
                    object.insert(key.to_string(), value.clone());
                }
                _ => return Err(unknown()),
            }
        }
    }
    let updated =
        AnyRecord::from_json(kind, &json.to_string()).map_err(|e| FieldError::BadValue {
            kind: kind.label(),
            id: record.id().to_string(),
            field: field.clone(),
            message: without_position(&e.to_string()),
        })?;
    // The value must be there when the record is written out again.
    let landed = updated.to_json();
    let now = landed.pointer(pointer).unwrap_or(&Value::Null);
    if !same(now, &value) {
        return Err(if now.is_null() {
            unknown()
        } else {
            FieldError::BadValue {
                kind: kind.label(),
                id: record.id().to_string(),
                field,
                message: format!("became {now} instead of {value}"),
            }
        });
    }
    Ok(Some(updated))
}

/// serde's message without " at line 1 column 86", which means nothing to a user.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Equal, taking an empty value and a missing one alike (empty fields are not written).
fn same(a: &Value, b: &Value) -> bool {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    a == b || (empty(a) && empty(b))
}

/// What setting a field implies besides the field: an action item's status records the day it
/// was done (or clears it when reopened); a decision's new status drops the file's old words
/// for it ("Approved") when they no longer say it, so the file is written with the new one.
pub fn stamp_field(record: &mut AnyRecord, pointer: &str, today: chrono::NaiveDate) {
    match record {
        AnyRecord::Action(action) if pointer == "/status" => action.date_status(today),
        AnyRecord::Decision(decision)
            if pointer == "/status"
                && decision
                    .status_text
                    .as_deref()
                    .is_some_and(|t| !decision.status.is_said_by(t)) =>
        {
            decision.status_text = None;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Decision;
    use serde_json::json;

    #[test]
    fn a_value_lands_or_the_set_fails() {
        let record = AnyRecord::Decision(Decision::new("Queue payments"));
        let set = |pointer: &str, value: Value| with_field(&record, pointer, value);
        let AnyRecord::Decision(d) = set("/status", json!("accepted")).unwrap().unwrap() else {
            panic!()
        };
        assert_eq!(d.status.as_str(), "accepted");
        assert!(set("/title", json!("Queue payments")).unwrap().is_none());
        assert!(matches!(
            set("/statsu", json!("accepted")),
            Err(FieldError::Unknown { .. })
        ));
        let err = set("/status", json!("maybe")).unwrap_err();
        assert!(err.to_string().contains("status"), "{err}");
        assert!(matches!(
            set("/date", json!("2024-13-45")),
            Err(FieldError::BadValue { .. })
        ));
        assert!(set("/tags", json!(["a", "b"])).unwrap().is_some());
    }

    #[test]
    fn a_new_status_drops_the_files_words_for_the_old_one() {
        use crate::domain::DecisionStatus;
        let mut record = AnyRecord::Decision(Decision {
            status: DecisionStatus::Deprecated,
            status_text: Some("[Approved](https://example.org/pull/541)".into()),
            ..Decision::new("Queue payments")
        });
        stamp_field(&mut record, "/status", chrono::NaiveDate::MIN);
        let AnyRecord::Decision(d) = &record else {
            panic!()
        };
        assert_eq!(d.status_text, None);
        // Words that still say the status stay.
        let mut record = AnyRecord::Decision(Decision {
            status: DecisionStatus::Accepted,
            status_text: Some("Accepted (2021-03-04)".into()),
            ..Decision::new("Queue payments")
        });
        stamp_field(&mut record, "/status", chrono::NaiveDate::MIN);
        let AnyRecord::Decision(d) = &record else {
            panic!()
        };
        assert_eq!(d.status_text.as_deref(), Some("Accepted (2021-03-04)"));
        for (words, status) in [
            ("Approved", Some(DecisionStatus::Accepted)),
            ("ACCEPTED by the board", Some(DecisionStatus::Accepted)),
            ("**Superseded** by ADR-9", Some(DecisionStatus::Superseded)),
            ("Partly superseded", Some(DecisionStatus::Accepted)),
            ("Draft", Some(DecisionStatus::Proposed)),
            ("Obsolete", Some(DecisionStatus::Deprecated)),
            ("Exploring", None),
        ] {
            assert_eq!(DecisionStatus::from_words(words), status, "{words}");
        }
    }
}
