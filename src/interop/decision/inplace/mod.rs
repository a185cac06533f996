//! A decision written back into the team's own file: each field that changed is edited where
//! the file keeps it (front matter, a metadata line, the status section, a section's body), in
//! the file's style; a field the file has no place for yet gets one in the file's dialect.
//! Everything else in the file stays byte for byte.

mod options_edit;
mod status;

use serde_json::json;

use super::{Field, field_of};
use crate::domain::Decision;
use crate::interop::edit::{
    Edits, add_part, front_key, metadata_slot, metadata_value, set_body, set_front, set_intro,
    without_metadata_lines,
};
use crate::interop::layout::one_line;
use crate::interop::markdown::{Document, Part};
use options_edit::{set_option_names, set_pros_and_cons};
use status::set_status;
pub use status::set_status_links;

/// Metadata keys of lines before the first heading (folded).
const METADATA: &[&str] = &[
    "status",
    "date",
    "deciders",
    "decision makers",
    "consulted",
    "informed",
    "tags",
];

/// The file's text with `now` written over what it said (`was`, read from this same text).
pub fn patch(text: &str, was: &Decision, now: &Decision) -> String {
    let doc = Document::parse(text);
    let mut edits = Edits::new(doc.text());
    let parts = doc.parts(|h| field_of(h).is_some());
    if now.title != was.title {
        set_title(&mut edits, &doc, &was.title, &now.title);
    }
    if (now.status, &now.status_text) != (was.status, &was.status_text) {
        set_status(&mut edits, &doc, &parts, was, now);
    }
    if now.date != was.date {
        let value = now.date.map(|d| d.to_string());
        set_metadata(
            &mut edits,
            &doc,
            &["date"],
            &["date"],
            "Date",
            value.as_deref(),
        );
    }
    for (now_list, was_list, front_keys, line_keys, label) in [
        (
            &now.decision_makers,
            &was.decision_makers,
            &["decision-makers", "deciders", "decision_makers"][..],
            &["deciders", "decision makers"][..],
            "Deciders",
        ),
        (
            &now.consulted,
            &was.consulted,
            &["consulted"],
            &["consulted"],
            "Consulted",
        ),
        (
            &now.informed,
            &was.informed,
            &["informed"],
            &["informed"],
            "Informed",
        ),
        (&now.tags, &was.tags, &["tags"], &["tags"], "Tags"),
    ] {
        if now_list != was_list {
            set_list(&mut edits, &doc, front_keys, line_keys, label, now_list);
        }
    }
    for (field, now_text, was_text, heading) in [
        (Field::Summary, &now.summary, &was.summary, "## Summary"),
        (
            Field::Context,
            &now.context,
            &was.context,
            "## Context and Problem Statement",
        ),
        (
            Field::Drivers,
            &now.drivers,
            &was.drivers,
            "## Decision Drivers",
        ),
        (
            Field::Outcome,
            &now.outcome,
            &was.outcome,
            "## Decision Outcome",
        ),
        (
            Field::Consequences,
            &now.consequences,
            &was.consequences,
            "### Consequences",
        ),
        (
            Field::Confirmation,
            &now.confirmation,
            &was.confirmation,
            "### Confirmation",
        ),
    ] {
        if now_text != was_text {
            set_text(&mut edits, &doc, &parts, field, heading, now_text);
        }
    }
    if now.options != was.options
        || beside(now, Field::OptionNames) != beside(was, Field::OptionNames)
    {
        set_option_names(&mut edits, &doc, &parts, now);
    }
    if now.options != was.options
        || beside(now, Field::ProsAndCons) != beside(was, Field::ProsAndCons)
    {
        set_pros_and_cons(&mut edits, &doc, &parts, now);
    }
    if now.sections != was.sections {
        set_sections(&mut edits, &doc, &parts, was, now);
    }
    if now.front_matter != was.front_matter {
        for (key, value) in &now.front_matter {
            if was.front_matter.get(key) != Some(value) {
                set_front(&mut edits, &doc, key, Some(value));
            }
        }
        for key in was.front_matter.keys() {
            if !now.front_matter.contains_key(key) {
                set_front(&mut edits, &doc, key, None);
            }
        }
    }
    edits.finish()
}

/// The title's words, the number the file writes before them kept ("# 9. Help scripts").
fn set_title(edits: &mut Edits, doc: &Document, was: &str, now: &str) {
    match doc.title_line() {
        Some((line, words)) => {
            let end = line.end - usize::from(doc.text()[..line.end].ends_with('\n'));
            let written = &doc.text()[words..end];
            let with = match written.rfind(was) {
                Some(at) => format!("{}{now}{}", &written[..at], &written[at + was.len()..]),
                None => now.to_string(),
            };
            edits.replace(words..end, with);
        }
        None => {
            let at = doc.front_range().map_or(0, |r| r.end + "---\n".len());
            edits.insert(at.min(doc.text().len()), format!("# {now}\n\n"));
        }
    }
}

/// A value that lives in the front matter (if the file has one) or on a metadata line.
pub(super) fn set_metadata(
    edits: &mut Edits,
    doc: &Document,
    front_keys: &[&str],
    line_keys: &[&str],
    label: &str,
    value: Option<&str>,
) {
    if let Some(key) = front_key(doc, front_keys) {
        set_front(edits, doc, key, value.map(|v| json!(v)).as_ref());
        return;
    }
    if let Some(range) = metadata_value(doc, line_keys) {
        edits.replace(range, value.unwrap_or(""));
        return;
    }
    let Some(value) = value else {
        return;
    };
    if doc.front.is_some() {
        set_front(edits, doc, front_keys[0], Some(&json!(value)));
    } else {
        let slot = metadata_slot(doc, METADATA);
        let gap =
            if slot.marker.is_empty() && slot.at > 0 && !doc.text()[..slot.at].ends_with("\n\n") {
                "\n"
            } else {
                ""
            };
        edits.insert(slot.at, format!("{gap}{}", slot.line(label, value)));
    }
}

/// A list of names: a YAML list (or the comma-separated text the file had), or one line.
fn set_list(
    edits: &mut Edits,
    doc: &Document,
    front_keys: &[&str],
    line_keys: &[&str],
    label: &str,
    names: &[String],
) {
    let joined = names.join(", ");
    if let Some(key) = front_key(doc, front_keys) {
        let was_text = doc
            .front
            .as_deref()
            .and_then(|y| crate::interop::front::from_yaml(y).ok())
            .and_then(|m| m.get(key).cloned())
            .is_some_and(|v| v.is_string());
        let value = if names.is_empty() {
            None
        } else if was_text {
            Some(json!(joined))
        } else {
            Some(json!(names))
        };
        set_front(edits, doc, key, value.as_ref());
        return;
    }
    let value = (!names.is_empty()).then_some(joined);
    if doc.front.is_some() && value.is_some() {
        set_front(edits, doc, front_keys[0], Some(&json!(names)));
        return;
    }
    set_metadata(edits, doc, &[], line_keys, label, value.as_deref());
}

/// The first part that holds `field`, as the reader takes it.
fn part_of(parts: &[Part], field: Field) -> Option<&Part> {
    parts.iter().find(|p| field_of(&p.name) == Some(field))
}

/// Where a new section goes: before the first part of a later field in the usual order, else
/// at the end.
fn slot_for(doc: &Document, parts: &[Part], field: Field) -> usize {
    const ORDER: &[Field] = &[
        Field::Summary,
        Field::Status,
        Field::Context,
        Field::Drivers,
        Field::OptionNames,
        Field::Outcome,
        Field::Consequences,
        Field::Confirmation,
        Field::ProsAndCons,
        Field::Links,
    ];
    let rank = |f: Field| ORDER.iter().position(|o| *o == f).unwrap_or(ORDER.len());
    parts
        .iter()
        .find(|p| field_of(&p.name).is_some_and(|f| rank(f) > rank(field)))
        .map_or(doc.text().len(), |p| p.range.start)
}

fn set_text(
    edits: &mut Edits,
    doc: &Document,
    parts: &[Part],
    field: Field,
    heading: &str,
    text: &str,
) {
    match part_of(parts, field) {
        Some(part) => set_body(edits, doc, part, text),
        None if !text.trim().is_empty() => {
            let at = slot_for(doc, parts, field);
            add_part(edits, doc, at, heading, text);
        }
        None => {}
    }
}

/// What a field's reader left of its section, kept beside it.
fn beside(decision: &Decision, field: Field) -> Option<&str> {
    decision
        .sections
        .iter()
        .find(|s| field_of(&s.heading) == Some(field))
        .map(|s| s.body.as_str())
}

/// Sections with no field of their own: changed ones rewritten under their heading, new ones
/// added at the end, removed ones taken out. (The text before the first heading, and what is
/// kept beside a field, are handled with their fields.)
fn set_sections(edits: &mut Edits, doc: &Document, parts: &[Part], was: &Decision, now: &Decision) {
    let other = |d: &Decision| -> Vec<(String, String)> {
        d.sections
            .iter()
            .filter(|s| {
                !s.heading.is_empty()
                    && !matches!(
                        field_of(&s.heading),
                        Some(Field::OptionNames | Field::ProsAndCons)
                    )
            })
            .map(|s| (s.heading.clone(), s.body.clone()))
            .collect()
    };
    let intro = |d: &Decision| {
        d.sections
            .iter()
            .find(|s| s.heading.is_empty())
            .map(|s| s.body.clone())
    };
    let prose = |d: &Decision| without_metadata_lines(intro(d).as_deref().unwrap_or(""));
    if prose(now) != prose(was) {
        set_intro(edits, doc, intro(now).as_deref().unwrap_or(""));
    }
    let (was_other, now_other) = (other(was), other(now));
    // The parts in the file that hold those sections, in order.
    let holders: Vec<&Part> = parts
        .iter()
        .filter(|p| field_of(&p.name).is_none())
        .collect();
    for (n, (heading, body)) in now_other.iter().enumerate() {
        match was_other.get(n) {
            Some((old_heading, old_body)) if old_heading == heading => {
                if old_body != body
                    && let Some(part) = holders.iter().find(|p| p.heading == *heading)
                {
                    set_body(edits, doc, part, body);
                }
            }
            _ => {
                if !was_other.iter().any(|(h, _)| h == heading) {
                    add_part(
                        edits,
                        doc,
                        doc.text().len(),
                        &format!("## {}", one_line(heading)),
                        body,
                    );
                }
            }
        }
    }
    for (heading, _) in &was_other {
        if !now_other.iter().any(|(h, _)| h == heading)
            && let Some(part) = holders.iter().find(|p| p.heading == *heading)
        {
            edits.replace(part.range.clone(), "");
        }
    }
}
