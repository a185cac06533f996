//! A postmortem in Hindsight's tree: the SRE layout, with the times, figures, people, links
//! and the front matter of the file it came from in the front matter, the action items and the
//! timeline as tables. The reader reads exactly what the writer writes.

use serde_json::{Map, Value};

use super::read_body;
use crate::domain::{ActionItem, AnyRecord, Incident, Link};
use crate::interop::ReadError;
use crate::interop::front;
use crate::interop::layout::{link_entries, one_line, push_section, push_text, read_link_list};
use crate::interop::markdown::{self, Document, cell};
use crate::interop::parsed::{Parsed, keep_text};
use crate::interop::when;

pub fn read(doc: &Document, front: &Map<String, Value>) -> Result<Parsed, ReadError> {
    let mut fields = front::serde_keys(front.clone());
    let links = fields.remove("links");
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    let mut incident: Incident = serde_json::from_value(Value::Object(fields))
        .map_err(|e| ReadError::FrontMatter(e.to_string()))?;
    let mut parsed = Parsed::new(AnyRecord::Incident(Incident::default()), "Hindsight");
    parsed.structured = true;
    incident.title = doc.title.clone().unwrap_or_default();
    keep_text(&mut incident.sections, "", doc.preamble.clone());
    let mut context = when::Context::default();
    read_body(doc, &mut incident, &mut parsed, &mut context, true);
    read_link_list(links, &mut parsed)?;
    parsed.main = AnyRecord::Incident(incident);
    Ok(parsed)
}

const BODY_FIELDS: &[&str] = &[
    "title",
    "summary",
    "impact",
    "root_causes",
    "trigger",
    "resolution",
    "detection",
    "went_well",
    "went_wrong",
    "lucky",
    "timeline",
    "sections",
];

/// A postmortem in the SRE layout: the action items (`actions`, sourced from it) as a table,
/// the timeline as a table, the times and figures in the front matter. `links` are the links
/// from the incident and from its action items.
pub fn write(incident: &Incident, actions: &[ActionItem], links: &[Link]) -> String {
    let mut fields = match serde_json::to_value(incident) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    fields.insert(
        "links".into(),
        Value::Array(link_entries(links, &incident.id)),
    );
    let mut out = String::from("---\n");
    out.push_str(&front::to_yaml(Value::Object(fields)));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", one_line(&incident.title)));
    let mut extra = incident.sections.iter().peekable();
    if let Some(intro) = extra.next_if(|s| s.heading.is_empty()) {
        push_text(&mut out, &intro.body);
    }
    push_section(&mut out, "## Summary", &incident.summary);
    push_section(&mut out, "## Impact", &incident.impact);
    push_section(&mut out, "## Root Causes", &incident.root_causes);
    push_section(&mut out, "## Trigger", &incident.trigger);
    push_section(&mut out, "## Resolution", &incident.resolution);
    push_section(&mut out, "## Detection", &incident.detection);
    if !actions.is_empty() {
        // The days an item was opened and done, only where some item knows them.
        let dated = actions
            .iter()
            .any(|a| a.opened_on.is_some() || a.done_on.is_some());
        let (head, rule) = if dated {
            (" Opened | Done on |", " --- | --- |")
        } else {
            ("", "")
        };
        let mut rows = vec![
            format!("| Action item | Type | Owner | Due | Status |{head} Notes | ID |"),
            format!("| --- | --- | --- | --- | --- |{rule} --- | --- |"),
        ];
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for a in actions {
            let days = if dated {
                format!(" {} | {} |", day(a.opened_on), day(a.done_on))
            } else {
                String::new()
            };
            rows.push(format!(
                "| {} | {} | {} | {} | {} |{days} {} | {} |",
                cell(&one_line(&a.title)),
                a.action_type,
                cell(&one_line(a.owner.as_deref().unwrap_or(""))),
                day(a.due),
                a.status,
                cell(markdown::normalize(&a.notes).trim_start()),
                a.id
            ));
        }
        push_section(&mut out, "## Action Items", &rows.join("\n"));
    }
    let lessons = [
        ("### What went well", &incident.went_well),
        ("### What went wrong", &incident.went_wrong),
        ("### Where we got lucky", &incident.lucky),
    ];
    if lessons.iter().any(|(_, t)| !t.trim().is_empty()) {
        out.push_str("\n## Lessons Learned\n");
        for (heading, text) in lessons {
            push_section(&mut out, heading, text);
        }
    }
    if !incident.timeline.is_empty() {
        let mut rows = vec![
            "| Time (UTC) | Event | Marker |".to_string(),
            "| --- | --- | --- |".to_string(),
        ];
        for e in &incident.timeline {
            let time =
                e.at.map(when::write)
                    .unwrap_or_else(|| one_line(&e.time_text));
            rows.push(format!(
                "| {} | {} | {} |",
                cell(&time),
                cell(markdown::normalize(&e.text).trim_start()),
                e.marker.map(|m| m.as_str()).unwrap_or("")
            ));
        }
        push_section(&mut out, "## Timeline", &rows.join("\n"));
    }
    for section in extra {
        let heading = if section.heading.is_empty() {
            "Notes"
        } else {
            &section.heading
        };
        out.push_str(&format!("\n## {}\n", one_line(heading)));
        push_text(&mut out, &section.body);
    }
    out
}
