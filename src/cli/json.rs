//! The `--json` documents. Each record is its serde form plus `kind` and `title`, so every kind
//! has the same two keys scripts look for.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::domain::LinkDirection;
use crate::domain::{ActionItem, AnyRecord, Checklist, Kind, Lesson, Relation, TradeOff};
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
