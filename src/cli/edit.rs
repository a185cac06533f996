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
    let typed = value_for(&record, &field, &pointer, &current, value)?;
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

/// VALUE as the field takes it, asked of the record type itself rather than of the field's
/// current value (an empty list or text is left out of a record's document, so an incident
/// with no tags has no `tags` to look at): a list takes commas, a date YYYY-MM-DD, a number
/// (a count such as 10,000) digits, a yes/no `true` or `false`; anything else is text.
fn value_for(
    record: &AnyRecord,
    field: &str,
    pointer: &str,
    current: &Value,
    text: &str,
) -> Result<Value, CliError> {
    let takes = |value: Value| with_field(record, pointer, value).is_ok();
    let takes_text = takes(Value::String("some words".into()));
    let trimmed = text.trim();
    if !takes_text && takes(Value::Array(Vec::new())) {
        return Ok(Value::Array(
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ));
    }
    if is_date_field(record, pointer) {
        return date_value(record.id(), field, text);
    }
    if !takes_text && takes(Value::from(0)) {
        if trimmed.is_empty() {
            return Ok(Value::Null);
        }
        return crate::domain::parse_count(trimmed)
            .map(Value::from)
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "{}: {field}: write {}, not \"{trimmed}\"",
                    record.id(),
                    crate::domain::COUNT_HINT
                ))
            });
    }
    if !takes_text && takes(Value::Bool(true)) {
        return match trimmed.to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok(Value::Bool(true)),
            "false" | "no" => Ok(Value::Bool(false)),
            "" => Ok(Value::Null),
            _ => Err(CliError::Usage(format!(
                "{}: {field}: write true or false, not \"{trimmed}\"",
                record.id()
            ))),
        };
    }
    if trimmed.is_empty() && current.is_null() {
        return Ok(Value::Null);
    }
    // One of a set of values, written in words: "not assessed" for `not-assessed`.
    let kebab = trimmed.to_lowercase().replace([' ', '_'], "-");
    if !takes_text
        && !takes(Value::String(trimmed.to_string()))
        && takes(Value::String(kebab.clone()))
    {
        return Ok(Value::String(kebab));
    }
    Ok(Value::String(trimmed.to_string()))
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
