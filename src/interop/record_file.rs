//! Lessons, checklists, reviews, action items that belong to no postmortem, and trade-offs of
//! decisions whose file is the team's (in Hindsight's own files beside it): one file each,
//! the record's fields in the front matter, its title as the heading and its one long text
//! (explanation, description, notes) as the body.

use serde_json::{Map, Value};

use super::front;
use super::layout::{link_entries, one_line, push_text, read_link_list};
use super::markdown::Document;
use super::parsed::Parsed;
use crate::domain::{AnyRecord, Kind, Link};
use crate::interop::ReadError;

/// The field a kind's body holds, if any.
fn prose_field(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Lesson | Kind::TradeOff => Some("explanation"),
        Kind::Checklist => Some("description"),
        Kind::Action => Some("notes"),
        _ => None,
    }
}

/// The kind an exported file's front matter names through its id, for the kinds this module
/// writes.
pub fn kind_of(front: &Map<String, Value>) -> Option<Kind> {
    let id = front.get("id")?.as_str()?;
    let prefix = id.split('-').next()?;
    [
        Kind::Lesson,
        Kind::Checklist,
        Kind::Review,
        Kind::Action,
        Kind::TradeOff,
    ]
    .into_iter()
    .find(|k| k.id_prefix() == prefix)
}

pub fn write(record: &AnyRecord, links: &[Link]) -> String {
    let kind = record.kind();
    let mut fields = match record.to_json() {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    fields.remove(kind.title_field());
    let prose = prose_field(kind)
        .and_then(|f| fields.remove(f))
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    fields.insert(
        "links".into(),
        Value::Array(link_entries(links, record.id())),
    );
    let mut out = String::from("---\n");
    out.push_str(&front::to_yaml(Value::Object(fields)));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", one_line(record.title())));
    push_text(&mut out, &prose);
    out
}

pub fn read(kind: Kind, doc: &Document, front: &Map<String, Value>) -> Result<Parsed, ReadError> {
    let mut fields = front::serde_keys(front.clone());
    let links = fields.remove("links");
    fields.insert(
        kind.title_field().into(),
        Value::String(doc.title.clone().unwrap_or_default()),
    );
    if let Some(field) = prose_field(kind) {
        // Everything after the title is the text, headings included.
        let body = doc.after_title();
        fields.insert(field.into(), Value::String(body));
    }
    let front_matter = |e: &dyn std::fmt::Display| ReadError::FrontMatter(e.to_string());
    let json = serde_json::to_string(&Value::Object(fields)).map_err(|e| front_matter(&e))?;
    let record = AnyRecord::from_json(kind, &json).map_err(|e| front_matter(&e))?;
    let mut parsed = Parsed::new(record, "Hindsight");
    parsed.structured = true;
    read_link_list(links, &mut parsed)?;
    Ok(parsed)
}
