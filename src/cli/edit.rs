//! adr-tools' verbs for scripts and hooks: `new` makes a record of any kind (a decision can
//! supersede another; the kinds that belong to another record in `kinds.rs`), `set` changes
//! one top-level field, `link` joins two records. Each is one change, so one undo step in the
//! window, and each refuses bad input with one line naming it.

use serde_json::Value;

use super::args::NewArgs;
use super::{CliError, kinds};
use crate::domain::{
    AnyRecord, Decision, DecisionStatus, Incident, Kind, Lesson, Link, Relation, with_field,
};
use crate::store::Store;

/// `new KIND …`: the record made, once written. Decisions, incidents and lessons are made
/// here; the kinds that belong to another record, checklists and reviews in [`super::kinds`].
pub fn new(store: &mut Store, args: &NewArgs) -> Result<AnyRecord, CliError> {
    let kind = Kind::parse_loose(&args.kind)?;
    kinds::refuse_other_flags(kind, args)?;
    if !matches!(kind, Kind::Decision | Kind::Incident | Kind::Lesson) {
        return kinds::new(store, kind, args);
    }
    let title = kinds::title(kind, args.title.as_deref())?;
    let title = title.as_str();
    let old = match args.supersedes.as_deref() {
        Some(id) => Some(kinds::resolve_as(
            store,
            "--supersedes",
            id,
            Kind::Decision,
        )?),
        None => None,
    };
    let record = match kind {
        Kind::Decision => {
            let next = store
                .list::<Decision>()?
                .iter()
                .filter_map(|d| d.number)
                .max()
                .unwrap_or(0)
                + 1;
            AnyRecord::Decision(Decision {
                number: Some(next),
                date: Some(chrono::Utc::now().date_naive()),
                ..Decision::new(title)
            })
        }
        Kind::Incident => AnyRecord::Incident(Incident::new(title)),
        Kind::Lesson => AnyRecord::Lesson(Lesson::new(title)),
        other => return kinds::new(store, other, args),
    };
    let summary = format!("New {} “{}”", kind.label(), title);
    store.write(summary, |w| {
        w.put_any(&record)?;
        if let Some(old_id) = &old {
            let mut superseded: Decision = w.get(old_id)?;
            superseded.status = DecisionStatus::Superseded;
            superseded.status_text = None;
            w.put(&superseded)?;
            w.link(&Link::new(record.id(), Relation::Supersedes, old_id))?;
        }
        Ok(())
    })?;
    Ok(record)
}

/// `set ID FIELD VALUE`: VALUE read as the field holds it (text, a number, a list separated by
/// commas, `true` / `false`; an empty VALUE clears the field).
pub fn set(store: &mut Store, id: &str, field: &str, value: &str) -> Result<AnyRecord, CliError> {
    let (_, id) = store.resolve(id)?;
    let record = store.get_any(&id)?;
    let field = field.trim().trim_start_matches('/').replace('-', "_");
    if field.is_empty() || field.contains('/') {
        return Err(CliError::Usage(format!(
            "set: '{field}' is not a field; give a top-level field of `show --json`"
        )));
    }
    if field == "id" {
        return Err(CliError::Usage("set: a record's id never changes".into()));
    }
    let current = record.to_json().get(&field).cloned().unwrap_or(Value::Null);
    let pointer = format!("/{field}");
    let typed = if is_date_field(&record, &pointer) {
        date_value(record.id(), &field, value)?
    } else {
        typed_value(&current, value)
    };
    let Some(mut updated) =
        with_field(&record, &pointer, typed).map_err(crate::store::StoreError::from)?
    else {
        return Ok(record);
    };
    crate::domain::stamp_field(&mut updated, &pointer, chrono::Utc::now().date_naive());
    let summary = format!("Set {field} of “{}”", record.title());
    store.write(summary, |w| w.put_any(&updated))?;
    Ok(updated)
}

/// Whether the field holds a date: it takes "2000-01-01" and refuses other text.
fn is_date_field(record: &AnyRecord, pointer: &str) -> bool {
    let takes = |text: &str| with_field(record, pointer, Value::String(text.into())).is_ok();
    takes("2000-01-01") && !takes("not a date")
}

/// A date field's value: empty clears it; else a day as YYYY-MM-DD (2026-1-5 is read as
/// 2026-01-05), or one line saying how to write it.
fn date_value(id: &str, field: &str, text: &str) -> Result<Value, CliError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|day| Value::String(day.format("%Y-%m-%d").to_string()))
        .map_err(|_| {
            CliError::Usage(format!(
                "{id}: {field}: write the date as YYYY-MM-DD, not \"{text}\""
            ))
        })
}

/// The JSON for `text`, shaped like the field's current value.
fn typed_value(current: &Value, text: &str) -> Value {
    let text = text.trim();
    match current {
        Value::Array(_) => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        Value::String(_) => Value::String(text.to_string()),
        _ if text.is_empty() => Value::Null,
        // A field that is empty now: a number or a boolean if it reads as one, else text.
        _ => match serde_json::from_str::<Value>(text) {
            Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
            _ => Value::String(text.to_string()),
        },
    }
}

/// `link FROM RELATION TO`.
pub fn link(store: &mut Store, from: &str, relation: &str, to: &str) -> Result<Link, CliError> {
    let relation: Relation = relation.parse()?;
    let (_, from) = store.resolve(from)?;
    let (_, to) = store.resolve(to)?;
    let link = Link::new(from, relation, to);
    store.link(&link)?;
    Ok(link)
}
