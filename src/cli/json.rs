//! The `--json` documents. Each record is its serde form plus `kind` and `title`, so every kind
//! has the same two keys scripts look for; `show` adds what surrounds the record (links,
//! trade-offs, action items, a decision's sign-offs, a review's items in walk order).

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::domain::LinkDirection;
use crate::domain::{ActionItem, AnyRecord, Checklist, Kind, Lesson, Relation, Review, TradeOff};
use crate::store::{Result, Store};

pub fn print(out: &mut dyn Write, value: &Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// A record as a JSON object with `kind`, `id` and `title` always present.
pub fn record(record: &AnyRecord) -> Map<String, Value> {
    let mut object = match record.to_json() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    object.insert("kind".into(), json!(record.kind()));
    object.insert("title".into(), json!(record.title()));
    object
}

pub fn list(records: &[AnyRecord]) -> Value {
    Value::Array(records.iter().map(|r| Value::Object(record(r))).collect())
}

/// One record with everything around it: its links both ways, and by kind its trade-offs
/// (each with `motivated_by`), its motivations, its action items.
pub fn show(store: &Store, id: &str) -> Result<Value> {
    let any = store.get_any(id)?;
    let mut object = record(&any);
    object.insert(
        "links".into(),
        serde_json::to_value(store.linked(id)?).unwrap_or_default(),
    );
    match any.kind() {
        Kind::Decision => {
            let tradeoffs = store
                .children::<TradeOff>(id)?
                .into_iter()
                .map(|t| tradeoff_with_motivations(store, t))
                .collect::<Result<Vec<_>>>()?;
            object.insert("tradeoffs".into(), Value::Array(tradeoffs));
        }
        Kind::TradeOff => {
            object.insert("motivated_by".into(), motivations(store, id)?);
        }
        Kind::Checklist => {
            if let AnyRecord::Checklist(checklist) = &any {
                object.insert("items".into(), checklist_items(store, checklist));
            }
        }
        _ => {}
    }
    match &any {
        AnyRecord::Decision(_) => decision_signoffs(store, id, &mut object)?,
        AnyRecord::Review(review) => review_walk(store, review, &mut object)?,
        _ => {}
    }
    let actions = store.children::<ActionItem>(id)?;
    if !actions.is_empty() {
        let actions = actions
            .into_iter()
            .map(|a| Value::Object(record(&AnyRecord::Action(a))))
            .collect();
        object.insert("actions".into(), Value::Array(actions));
    }
    Ok(Value::Object(object))
}

/// A checklist's items, each with `lesson`: the statement of the lesson it comes from (the
/// workspace's lesson, else the one the checklist carries), never an id that leads nowhere.
fn checklist_items(store: &Store, checklist: &Checklist) -> Value {
    Value::Array(
        checklist
            .items
            .iter()
            .map(|item| {
                let found = item
                    .lesson_id
                    .as_deref()
                    .and_then(|id| store.get::<Lesson>(id).ok())
                    .map(|l| l.statement);
                let mut value = serde_json::to_value(item).unwrap_or_default();
                if let (Some(object), Some(words)) =
                    (value.as_object_mut(), item.lesson_words(found.as_deref()))
                {
                    object.insert("lesson".into(), json!(words));
                }
                value
            })
            .collect(),
    )
}

fn tradeoff_with_motivations(store: &Store, tradeoff: TradeOff) -> Result<Value> {
    let motivated_by = motivations(store, &tradeoff.id)?;
    let mut object = record(&AnyRecord::TradeOff(tradeoff));
    object.insert("motivated_by".into(), motivated_by);
    Ok(Value::Object(object))
}

/// The lessons and incidents a trade-off is motivated by: `[{kind, id, title}]`.
fn motivations(store: &Store, tradeoff_id: &str) -> Result<Value> {
    let linked = store.linked(tradeoff_id)?;
    Ok(Value::Array(
        linked
            .into_iter()
            .filter(|l| {
                l.relation == Relation::MotivatedBy && l.direction == LinkDirection::Outgoing
            })
            .map(|l| json!({ "kind": l.kind, "id": l.id, "title": l.title }))
            .collect(),
    ))
}

/// A decision's sign-offs, the latest of each person as the window lists them, each with
/// `outdated` (the decision or a trade-off changed after it) and `review_id`; and
/// `signoff_warning`, what is missing or outdated in a sentence, when something is.
fn decision_signoffs(store: &Store, id: &str, object: &mut Map<String, Value>) -> Result<()> {
    let state = store.signoff_state(id)?;
    let entries = state
        .entries
        .iter()
        .map(|entry| {
            let mut signoff = match serde_json::to_value(&entry.signoff) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            signoff.insert("review_id".into(), json!(entry.review_id));
            signoff.insert("outdated".into(), json!(!entry.current));
            Value::Object(signoff)
        })
        .collect();
    object.insert("signoffs".into(), Value::Array(entries));
    if let Some(warning) = state.warning() {
        object.insert("signoff_warning".into(), json!(warning));
    }
    Ok(())
}

/// A review's checklist items in the order the review walks them, numbered from 1 (the
/// numbers `answer` takes), each with its answer and note; and each sign-off with `outdated`.
fn review_walk(store: &Store, review: &Review, object: &mut Map<String, Value>) -> Result<()> {
    if let Some(checklist) = store.find::<Checklist>(&review.checklist_id)? {
        let items = checklist
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let answer = review.answer(&item.id);
                json!({
                    "number": i + 1,
                    "id": item.id,
                    "section": item.section,
                    "question": item.question,
                    "level": item.level,
                    "answer": review.answer_for(&item.id),
                    "note": answer.map(|a| a.note.as_str()).unwrap_or_default(),
                })
            })
            .collect();
        object.insert("items".into(), Value::Array(items));
    }
    // A review whose decision is gone has nothing to compare its sign-offs with.
    if let Ok(now) = store.fingerprint_of(&review.decision_id)
        && let Some(Value::Array(signoffs)) = object.get_mut("signoffs")
    {
        for (signoff, stored) in signoffs.iter_mut().zip(&review.signoffs) {
            let outdated = stored
                .decision_fingerprint
                .as_deref()
                .is_some_and(|then| then != now);
            if let Value::Object(map) = signoff {
                map.insert("outdated".into(), json!(outdated));
            }
        }
    }
    Ok(())
}

/// What `sign-off --json` prints: the sign-off as recorded, with its decision and review.
pub fn signed(signed: &super::review::Signed) -> Value {
    let mut object = match serde_json::to_value(&signed.signoff) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    object.insert("decision_id".into(), json!(signed.decision_id));
    object.insert("review_id".into(), json!(signed.review_id));
    object.insert("outdated".into(), json!(false));
    Value::Object(object)
}
