//! A postmortem written back into the team's own file: each text field that changed is edited
//! under its heading (a new heading when the file had none), metadata in the front matter or on
//! its line, action items and lessons rewritten in the list or table style the file used, the
//! timeline likewise. Everything else stays byte for byte.

use serde_json::{Value, json};

use super::{Field, field_of, list_edit};
use crate::domain::{ActionItem, ActionStatus, Incident, Lesson};
use crate::interop::edit::{
    Edits, add_part, front_key, metadata_slot, metadata_value, set_body, set_front, set_intro,
    without_metadata_lines,
};
use crate::interop::layout::one_line;
use crate::interop::markdown::{Document, Part, cell};
use crate::interop::when;

/// What else a postmortem holds: its action items and lessons, as they are now.
pub struct Children<'a> {
    pub actions: &'a [ActionItem],
    pub lessons: &'a [Lesson],
    /// Whether they differ from what the file said.
    pub actions_changed: bool,
    pub lessons_changed: bool,
}

/// The file's text with `now` written over what it said (`was`, read from this same text).
pub fn patch(text: &str, was: &Incident, now: &Incident, children: &Children<'_>) -> String {
    let doc = Document::parse(text);
    let mut edits = Edits::new(doc.text());
    let parts = doc.parts(|h| field_of(h).is_some());
    if now.title != was.title {
        match doc.title_line() {
            Some((line, words)) => {
                let end = line.end - usize::from(doc.text()[..line.end].ends_with('\n'));
                edits.replace(words..end, now.title.clone());
            }
            None if !set_front(&mut edits, &doc, "title", Some(&json!(now.title))) => {
                edits.insert(0, format!("# {}\n\n", now.title));
            }
            None => {}
        }
    }
    let meta =
        |edits: &mut Edits, keys: &[&str], label: &str, value: Option<Value>, changed: bool| {
            if !changed {
                return;
            }
            if let Some(key) = front_key(&doc, keys) {
                set_front(edits, &doc, key, value.as_ref());
            } else if let Some(range) = metadata_value(&doc, &[&label.to_lowercase()]) {
                edits.replace(range, value.as_ref().map(plain).unwrap_or_default());
            } else if let Some(value) = value
                && !set_front(edits, &doc, keys[0], Some(&value))
            {
                let slot = metadata_slot(&doc, &["status", "date", "authors", "severity"]);
                edits.insert(slot.at, slot.line(label, &plain(&value)));
            }
        };
    meta(
        &mut edits,
        &["status"],
        "Status",
        Some(json!(now.status.as_str())),
        now.status != was.status,
    );
    meta(
        &mut edits,
        &["severity"],
        "Severity",
        Some(json!(now.severity.as_str())),
        now.severity != was.severity,
    );
    meta(
        &mut edits,
        &["users_affected", "users-affected"],
        "Users affected",
        now.users_affected.map(|n| json!(n)),
        now.users_affected != was.users_affected,
    );
    meta(
        &mut edits,
        &["authors", "author"],
        "Authors",
        list(&now.authors),
        now.authors != was.authors,
    );
    meta(
        &mut edits,
        &["tags", "keywords"],
        "Tags",
        list(&now.tags),
        now.tags != was.tags,
    );
    for (key, now_v, was_v) in [
        ("company", &now.company, &was.company),
        ("product", &now.product, &was.product),
        ("url", &now.source_url, &was.source_url),
        ("summary", &now.summary, &was.summary),
    ] {
        if now_v != was_v && front_key(&doc, &[key]).is_some() {
            set_front(
                &mut edits,
                &doc,
                key,
                (!now_v.is_empty()).then(|| json!(now_v)).as_ref(),
            );
        } else if now_v != was_v && key != "summary" {
            meta(
                &mut edits,
                &[key],
                key,
                (!now_v.is_empty()).then(|| json!(now_v)),
                true,
            );
        }
    }
    for (keys, label, line_keys, now_t, was_t) in [
        (
            &["start_time", "started_at"][..],
            "Started",
            &["started", "start", "start time", "started at"][..],
            now.started_at,
            was.started_at,
        ),
        (
            &["detected_at"][..],
            "Detected",
            &["detected", "detected at"][..],
            now.detected_at,
            was.detected_at,
        ),
        (
            &["mitigated_at"][..],
            "Mitigated",
            &["mitigated", "mitigated at"][..],
            now.mitigated_at,
            was.mitigated_at,
        ),
        (
            &["end_time", "resolved_at"][..],
            "Resolved",
            &["resolved", "resolved at", "ended", "end time"][..],
            now.resolved_at,
            was.resolved_at,
        ),
    ] {
        if now_t == was_t {
            continue;
        }
        if front_key(&doc, keys).is_some() || doc.front.is_some() {
            let key = front_key(&doc, keys).unwrap_or(keys[keys.len() - 1]);
            set_front(
                &mut edits,
                &doc,
                key,
                now_t.map(|t| json!(t.to_rfc3339())).as_ref(),
            );
        } else if let Some(range) = metadata_value(&doc, line_keys) {
            edits.replace(range, now_t.map(time_words).unwrap_or_default());
        } else if let Some(t) = now_t {
            // A file with no front matter and no line for it: a metadata line, read back first.
            let slot = metadata_slot(&doc, &["status", "date", "authors", "severity"]);
            edits.insert(slot.at, slot.line(label, &time_words(t)));
        }
    }
    let summary_in_front = front_key(&doc, &["summary"]).is_some();
    for (field, now_text, was_text, heading) in [
        (Field::Summary, &now.summary, &was.summary, "## Summary"),
        (Field::Impact, &now.impact, &was.impact, "## Impact"),
        (
            Field::RootCauses,
            &now.root_causes,
            &was.root_causes,
            "## Root Causes",
        ),
        (Field::Trigger, &now.trigger, &was.trigger, "## Trigger"),
        (
            Field::Resolution,
            &now.resolution,
            &was.resolution,
            "## Resolution",
        ),
        (
            Field::Detection,
            &now.detection,
            &was.detection,
            "## Detection",
        ),
        (
            Field::WentWell,
            &now.went_well,
            &was.went_well,
            "## What went well",
        ),
        (
            Field::WentWrong,
            &now.went_wrong,
            &was.went_wrong,
            "## What went wrong",
        ),
        (
            Field::Lucky,
            &now.lucky,
            &was.lucky,
            "## Where we got lucky",
        ),
    ] {
        if now_text == was_text || (field == Field::Summary && summary_in_front) {
            continue;
        }
        match parts.iter().find(|p| field_of(&p.name) == Some(field)) {
            Some(part) => set_body(&mut edits, &doc, part, now_text),
            None if !now_text.trim().is_empty() => {
                add_part(&mut edits, &doc, doc.text().len(), heading, now_text)
            }
            None => {}
        }
    }
    if now.timeline != was.timeline {
        let part = parts
            .iter()
            .find(|p| field_of(&p.name) == Some(Field::Timeline));
        let table = part.is_some_and(|p| p.body.contains('|'));
        write_list(
            &mut edits,
            &doc,
            part,
            "## Timeline",
            &timeline_text(now, table),
        );
    }
    if children.actions_changed {
        let part = parts
            .iter()
            .find(|p| field_of(&p.name) == Some(Field::Actions));
        let table = part.is_some_and(|p| p.body.contains('|'));
        let in_place = !table
            && part.is_some_and(|p| list_edit::edit_actions(&mut edits, &doc, p, children.actions));
        if !in_place {
            write_list(
                &mut edits,
                &doc,
                part,
                "## Action Items",
                &actions_text(children.actions, table),
            );
        }
    }
    if children.lessons_changed {
        let part = parts
            .iter()
            .find(|p| field_of(&p.name) == Some(Field::Lessons));
        if !part.is_some_and(|p| list_edit::edit_lessons(&mut edits, &doc, p, children.lessons)) {
            write_list(
                &mut edits,
                &doc,
                part,
                "## Lessons Learned",
                &lessons_text(children.lessons),
            );
        }
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

/// A time on a metadata line: "2024-03-01 12:05 UTC".
fn time_words(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{} UTC", when::write(at))
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn list(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| json!(items))
}

/// A section rewritten as a whole (a list or a table), or added.
fn write_list(edits: &mut Edits, doc: &Document, part: Option<&Part>, heading: &str, text: &str) {
    match part {
        Some(part) => set_body(edits, doc, part, text),
        None if !text.is_empty() => add_part(edits, doc, doc.text().len(), heading, text),
        None => {}
    }
}

fn timeline_text(incident: &Incident, table: bool) -> String {
    let time = |e: &crate::domain::TimelineEntry| {
        e.at.map(when::write)
            .unwrap_or_else(|| one_line(&e.time_text))
    };
    if table {
        let mut rows = vec![
            "| Time (UTC) | Event |".to_string(),
            "| --- | --- |".to_string(),
        ];
        rows.extend(
            incident
                .timeline
                .iter()
                .map(|e| format!("| {} | {} |", cell(&time(e)), cell(e.text.trim()))),
        );
        rows.join("\n")
    } else {
        incident
            .timeline
            .iter()
            .map(|e| format!("- {}: {}", time(e), one_line(&e.text)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn actions_text(actions: &[ActionItem], table: bool) -> String {
    if table {
        let mut rows = vec![
            "| Action Item | Owner | Due | Status |".to_string(),
            "| --- | --- | --- | --- |".to_string(),
        ];
        rows.extend(actions.iter().map(|a| {
            format!(
                "| {} | {} | {} | {} |",
                cell(&one_line(&a.title)),
                cell(a.owner.as_deref().unwrap_or("")),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                a.status
            )
        }));
        rows.join("\n")
    } else {
        actions
            .iter()
            .map(|a| {
                let check = if a.status == ActionStatus::Done {
                    "x"
                } else {
                    " "
                };
                let owner = a
                    .owner
                    .as_deref()
                    .map(|o| format!("[{o}] "))
                    .unwrap_or_default();
                let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
                format!("- [{check}] {owner}{}{due}", one_line(&a.title))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn lessons_text(lessons: &[Lesson]) -> String {
    lessons
        .iter()
        .map(|l| {
            let mut item = format!("- {}", one_line(&l.statement));
            for line in l.explanation.lines() {
                item.push_str("\n  ");
                item.push_str(line);
            }
            item
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sections with no field of their own, by heading.
fn set_sections(edits: &mut Edits, doc: &Document, parts: &[Part], was: &Incident, now: &Incident) {
    for section in &now.sections {
        let old = was.sections.iter().find(|s| s.heading == section.heading);
        if old.is_some_and(|o| o.body == section.body) {
            continue;
        }
        if section.heading.is_empty() {
            // Metadata lines are their fields' (written with them); only the prose counts.
            let was_intro = old.map_or(String::new(), |o| without_metadata_lines(&o.body));
            if without_metadata_lines(&section.body) != was_intro {
                set_intro(edits, doc, &section.body);
            }
            continue;
        }
        // "Timeline notes" and the like are kept beside their field; rewritten with it.
        if field_of(section.heading.trim_end_matches(" notes")).is_some() {
            continue;
        }
        match parts.iter().find(|p| p.heading == section.heading) {
            Some(part) => set_body(edits, doc, part, &section.body),
            None => add_part(
                edits,
                doc,
                doc.text().len(),
                &format!("## {}", one_line(&section.heading)),
                &section.body,
            ),
        }
    }
    for section in &was.sections {
        if !section.heading.is_empty()
            && !now.sections.iter().any(|s| s.heading == section.heading)
            && let Some(part) = parts.iter().find(|p| p.heading == section.heading)
        {
            edits.replace(part.range.clone(), "");
        }
    }
}
