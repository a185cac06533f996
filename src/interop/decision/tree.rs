//! A decision in Hindsight's tree: the MADR 4 layout, with the fields MADR has no heading for
//! (id, status, people, the trade-offs and what motivated them, links, the front matter of the
//! file it came from) in the front matter. The reader reads exactly what the writer writes.

use serde_json::{Map, Value, json};

use super::{Field, field_of, read_body};
use crate::domain::{AnyRecord, ConsideredOption, Decision, Link, Relation, Section, TradeOff};
use crate::interop::ReadError;
use crate::interop::front;
use crate::interop::layout::{
    item_text, link_entries, one_line, push_section, push_text, read_link_list,
};
use crate::interop::markdown::Document;
use crate::interop::parsed::{Child, End, Parsed, keep_text};

/// The parts of a decision the body carries; everything else goes in the front matter.
const BODY_FIELDS: &[&str] = &[
    "title",
    "summary",
    "context",
    "drivers",
    "options",
    "outcome",
    "consequences",
    "confirmation",
    "sections",
];

/// The parts of a trade-off its front matter entry leaves out (it sits under its decision).
const TRADEOFF_SKIP: &[&str] = &["decision_id"];

pub fn read(doc: &Document, front: &Map<String, Value>) -> Result<Parsed, ReadError> {
    let mut fields = front::serde_keys(front.clone());
    let tradeoffs = fields.remove("tradeoffs");
    let links_value = fields.remove("links");
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    let mut decision: Decision = serde_json::from_value(Value::Object(fields))
        .map_err(|e| ReadError::FrontMatter(e.to_string()))?;
    decision.title = doc.title.clone().unwrap_or_default();
    let mut parsed = Parsed::new(AnyRecord::Decision(Decision::default()), "Hindsight");
    parsed.structured = true;
    keep_text(&mut decision.sections, "", doc.preamble.clone());
    read_body(doc, &mut decision, &mut parsed, false);
    if let Some(Value::Array(entries)) = tradeoffs {
        for (n, entry) in entries.into_iter().enumerate() {
            let Value::Object(mut entry) = entry else {
                return Err(ReadError::TradeOff {
                    index: n,
                    message: "not a mapping".into(),
                });
            };
            let motivated = entry.remove("motivated_by");
            let mut tradeoff: TradeOff =
                serde_json::from_value(Value::Object(entry)).map_err(|e| ReadError::TradeOff {
                    index: n,
                    message: e.to_string(),
                })?;
            tradeoff.decision_id = decision.id.clone();
            for target in string_list(motivated) {
                parsed.link(End::Child(n), Relation::MotivatedBy, End::Id(target), None);
            }
            parsed.children.push(Child {
                key: format!("tradeoff-{}", n + 1),
                record: AnyRecord::TradeOff(tradeoff),
            });
        }
    }
    read_link_list(links_value, &mut parsed)?;
    parsed.main = AnyRecord::Decision(decision);
    Ok(parsed)
}

fn string_list(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s],
        _ => Vec::new(),
    }
}

/// A decision in the MADR 4 layout, with its trade-offs and links in the front matter.
/// `links` are the links from the decision; `tradeoffs` come with their `motivated-by` targets.
pub fn write(decision: &Decision, tradeoffs: &[(TradeOff, Vec<String>)], links: &[Link]) -> String {
    let mut fields = match serde_json::to_value(decision) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    let entries: Vec<Value> = tradeoffs
        .iter()
        .map(|(tradeoff, motivated)| {
            let mut entry = match serde_json::to_value(tradeoff) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            for key in TRADEOFF_SKIP {
                entry.remove(*key);
            }
            entry.insert("motivated_by".into(), json!(motivated));
            Value::Object(entry)
        })
        .collect();
    fields.insert("tradeoffs".into(), Value::Array(entries));
    fields.insert(
        "links".into(),
        Value::Array(link_entries(links, &decision.id)),
    );
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&front::to_yaml(Value::Object(fields)));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", one_line(&decision.title)));
    let mut extra: Vec<&Section> = decision.sections.iter().collect();
    if let Some(intro) = extra.first().filter(|s| s.heading.is_empty()) {
        push_text(&mut out, &intro.body);
        extra.remove(0);
    }
    // What a field's reader left of its section goes right after the field.
    let mut beside = |field: Field| -> String {
        match extra
            .iter()
            .position(|s| field_of(&s.heading) == Some(field))
        {
            Some(i) => extra.remove(i).body.clone(),
            None => String::new(),
        }
    };
    push_section(&mut out, "## Summary", &decision.summary);
    push_section(
        &mut out,
        "## Context and Problem Statement",
        &decision.context,
    );
    push_section(&mut out, "## Decision Drivers", &decision.drivers);
    let names: Vec<String> = decision
        .options
        .iter()
        .map(|o| format!("* {}", one_line(&o.name)))
        .collect();
    let options_rest = beside(Field::OptionNames);
    if !names.is_empty() || !options_rest.is_empty() {
        out.push_str("\n## Considered Options\n");
        push_text(&mut out, &names.join("\n"));
        push_text(&mut out, &options_rest);
    }
    let has_outcome = !(decision.outcome.trim().is_empty()
        && decision.consequences.trim().is_empty()
        && decision.confirmation.trim().is_empty());
    if has_outcome {
        out.push_str("\n## Decision Outcome\n");
        push_text(&mut out, &decision.outcome);
    }
    push_section(&mut out, "### Consequences", &decision.consequences);
    push_section(&mut out, "### Confirmation", &decision.confirmation);
    let detailed: Vec<&ConsideredOption> = decision
        .options
        .iter()
        .filter(|o| {
            !(o.description.trim().is_empty()
                && o.pros.is_empty()
                && o.cons.is_empty()
                && o.neutral.is_empty())
        })
        .collect();
    let pros_rest = beside(Field::ProsAndCons);
    if !detailed.is_empty() || !pros_rest.is_empty() {
        out.push_str("\n## Pros and Cons of the Options\n");
        push_text(&mut out, &pros_rest);
        for option in detailed {
            out.push_str(&format!("\n### {}\n", one_line(&option.name)));
            push_text(&mut out, &option.description);
            let bullets: Vec<String> = [
                ("Good", &option.pros),
                ("Neutral", &option.neutral),
                ("Bad", &option.cons),
            ]
            .into_iter()
            .flat_map(|(side, items)| items.iter().map(move |text| argument_line(side, text)))
            .collect();
            push_text(&mut out, &bullets.join("\n"));
        }
    }
    for section in extra {
        let heading = if section.heading.is_empty() {
            "More Information"
        } else {
            &section.heading
        };
        out.push_str(&format!("\n## {}\n", one_line(heading)));
        push_text(&mut out, &section.body);
    }
    out
}

/// `* Good, because …`; an argument that starts with a list goes under a colon.
fn argument_line(side: &str, text: &str) -> String {
    let text = item_text(text);
    let starts_list = crate::interop::markdown::bullet(text.trim_start()).is_some();
    if text.is_empty() {
        format!("* {side}, because")
    } else if starts_list || text.starts_with("\n") {
        format!("* {side}, because:\n  {text}")
    } else {
        format!("* {side}, because {text}")
    }
}
