//! A decision written back into the team's own file: each field that changed is edited where
//! the file keeps it (front matter, a metadata line, the status section, a section's body), in
//! the file's style; a field the file has no place for yet gets one in the file's dialect.
//! Everything else in the file stays byte for byte.

mod options_edit;

use serde_json::json;

use super::{Field, field_of};
use crate::domain::{Decision, DecisionStatus};
use crate::interop::edit::{
    Edits, add_part, front_key, metadata_slot, metadata_value, set_body, set_front, set_intro,
    without_metadata_lines,
};
use crate::interop::layout::one_line;
use crate::interop::markdown::{self, Document, Part, fold};
use options_edit::{set_option_names, set_pros_and_cons};

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

/// The status as the file will write it. The record's own words when they were just changed
/// (the check after writing refuses them if they say another status) or still say its
/// status; else the words the file has now when they already say it; else the new status in
/// the style of the file's words: their case ("ACCEPTED" → "DEPRECATED") and the emphasis
/// around them; a link or a note after the old word said something of the old status and goes.
fn status_words(was: &Decision, now: &Decision, old: Option<&str>, capital: bool) -> String {
    if let Some(text) = &now.status_text
        && (now.status_text != was.status_text || now.status.is_said_by(&markdown::plain(text)))
    {
        return text.clone();
    }
    let old = old.map(str::trim).filter(|o| !o.is_empty());
    if let Some(old) = old
        && now.status.is_said_by(&markdown::plain(old))
        && DecisionStatus::from_words(&markdown::plain(old)).is_some()
    {
        return old.to_string();
    }
    restyle(now.status.as_str(), old, capital)
}

/// `word` written as the file wrote its status word in `old`: upper case, capitalised or lower
/// case, inside the same emphasis (`**Accepted** by the board` → `**Deprecated**`).
fn restyle(word: &str, old: Option<&str>, capital: bool) -> String {
    let Some(old) = old else {
        return if capital {
            capitalised(word)
        } else {
            word.to_string()
        };
    };
    // The old text without a link around it: "[**Accepted**](…)" → "**Accepted**".
    let inner = markdown::links(old)
        .into_iter()
        .find(|l| l.before.is_empty())
        .map_or(old.to_string(), |_| {
            let end = old.find("](").unwrap_or(old.len());
            old[..end].trim_start_matches('[').to_string()
        });
    let marks: String = inner
        .chars()
        .take_while(|c| matches!(c, '*' | '_'))
        .collect();
    let first: String = inner[marks.len()..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let cased = if first.chars().count() > 1 && first.chars().all(|c| !c.is_lowercase()) {
        word.to_uppercase()
    } else if first.starts_with(char::is_uppercase) || (first.is_empty() && capital) {
        capitalised(word)
    } else {
        word.to_string()
    };
    let closes = inner[marks.len() + first.len()..].starts_with(&marks);
    if !marks.is_empty() && closes {
        format!("{marks}{cased}{marks}")
    } else {
        cased
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

fn set_status(edits: &mut Edits, doc: &Document, parts: &[Part], was: &Decision, now: &Decision) {
    if let Some(key) = front_key(doc, &["status"]) {
        let old = doc
            .front
            .as_deref()
            .and_then(|y| crate::interop::front::from_yaml(y).ok())
            .and_then(|m| m.get(key).and_then(|v| v.as_str().map(str::to_string)));
        let capital = old
            .as_deref()
            .is_some_and(|o| o.starts_with(char::is_uppercase));
        set_front(
            edits,
            doc,
            key,
            Some(&json!(status_words(was, now, old.as_deref(), capital))),
        );
        return;
    }
    if let Some(range) = metadata_value(doc, &["status"]) {
        let old = doc.text()[range.clone()].to_string();
        edits.replace(range, status_words(was, now, Some(&old), true));
        return;
    }
    if let Some(part) = parts.iter().find(|p| fold(&p.name) == "status") {
        // adr-tools: the words first, the link lines after them stay.
        let is_link = |l: &str| l.contains("](") && l.contains(".md");
        let links: Vec<&str> = part.body.lines().filter(|l| is_link(l)).collect();
        let old: Vec<&str> = part
            .body
            .lines()
            .filter(|l| !is_link(l) && !l.trim().is_empty())
            .collect();
        let old = (!old.is_empty()).then(|| old.join("\n"));
        let mut lines = Vec::new();
        if !(now.status == DecisionStatus::Superseded
            && now.status_text.is_none()
            && !links.is_empty())
        {
            lines.push(status_words(was, now, old.as_deref(), true));
        }
        let mut body = lines.join("\n");
        for link in links {
            body.push_str("\n\n");
            body.push_str(link);
        }
        set_body(edits, doc, part, &body);
        return;
    }
    let words = status_words(was, now, None, doc.front.is_none());
    set_metadata(edits, doc, &["status"], &["status"], "Status", Some(&words));
}

/// A value that lives in the front matter (if the file has one) or on a metadata line.
fn set_metadata(
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

/// adr-tools keeps a decision's links as lines of its Status section ("Supercedes [2. Use
/// PostgreSQL](0002-use-postgresql.md)", "Superceded by …"). Rewrites those lines to `lines`
/// when they differ, the status words kept (a superseded record says only who superseded it, as
/// adr-tools writes it). `None` when the file has no Status section or nothing changes.
pub fn set_status_links(text: &str, now: &Decision, lines: &[String]) -> Option<String> {
    let doc = Document::parse(text);
    let parts = doc.parts(|h| field_of(h).is_some());
    let part = parts.iter().find(|p| fold(&p.name) == "status")?;
    let is_link = |l: &str| l.contains("](") && l.contains(".md");
    let current: Vec<&str> = part
        .body
        .lines()
        .filter(|l| is_link(l))
        .map(str::trim)
        .collect();
    if current == lines.iter().map(String::as_str).collect::<Vec<_>>() {
        return None;
    }
    let words: Vec<&str> = part
        .body
        .lines()
        .filter(|l| !is_link(l) && !l.trim().is_empty())
        .collect();
    let superseded_by = lines
        .iter()
        .any(|l| fold(l).starts_with("superse") && fold(l).contains(" by "))
        || lines
            .iter()
            .any(|l| fold(l).starts_with("superce") && fold(l).contains(" by "));
    let mut body: Vec<String> = Vec::new();
    if !(superseded_by && now.status == DecisionStatus::Superseded && now.status_text.is_none()) {
        if words.is_empty() {
            body.push(status_words(now, now, None, true));
        } else {
            body.extend(words.iter().map(|w| w.to_string()));
        }
    }
    body.extend(lines.iter().cloned());
    let mut edits = Edits::new(doc.text());
    set_body(&mut edits, &doc, part, &body.join("\n\n"));
    Some(edits.finish())
}
