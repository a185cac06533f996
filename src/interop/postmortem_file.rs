//! Postmortem files: reading the Google SRE layout, team templates (dfds) and loose
//! retrospectives (taskcluster) by the meaning of their sections, and writing the SRE layout of
//! the export, which the same reader reads back exactly.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::decision_file::{
    link_entries, one_line, push_section, push_text, read_link_list, split_stem,
};
use super::markdown::{self, Document, Table, cell, fold, list_items, table};
use super::parsed::{Child, End, Parsed, keep_text};
use super::when;
use crate::domain::{
    ActionItem, ActionStatus, ActionType, AnyRecord, Figure, Incident, IncidentStatus, Lesson,
    LessonCategory, Link, Marker, Relation, Section, TimelineEntry,
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Summary,
    Impact,
    RootCauses,
    Trigger,
    Resolution,
    Detection,
    Actions,
    Lessons,
    WentWell,
    WentWrong,
    Lucky,
    Timeline,
    Figures,
    Authors,
    Status,
    Date,
}

fn field_of(heading: &str) -> Option<Field> {
    let h = fold(heading);
    let starts = |p: &str| h.starts_with(p);
    Some(if starts("timeline") {
        Field::Timeline
    } else if starts("action items")
        || starts("corrective and preventative measures")
        || starts("follow up actions")
    {
        Field::Actions
    } else if h == "what went well" {
        Field::WentWell
    } else if h == "what went wrong" {
        Field::WentWrong
    } else if h == "where we got lucky" {
        Field::Lucky
    } else if starts("lessons learned") || h == "lessons" {
        Field::Lessons
    } else if starts("root cause")
        || starts("contributing factors")
        || h == "causes"
        || h == "cause"
    {
        Field::RootCauses
    } else if h == "trigger" {
        Field::Trigger
    } else if starts("resolution")
        || matches!(
            h.as_str(),
            "mitigations" | "mitigation" | "fix" | "remediation" | "recovery"
        )
    {
        Field::Resolution
    } else if h == "detection" {
        Field::Detection
    } else if matches!(
        h.as_str(),
        "summary" | "issue summary" | "background" | "overview" | "executive summary"
    ) {
        Field::Summary
    } else if matches!(
        h.as_str(),
        "impact" | "fallout" | "customer impact" | "user impact"
    ) {
        Field::Impact
    } else if matches!(h.as_str(), "stats" | "statistics") {
        Field::Figures
    } else if matches!(h.as_str(), "authors" | "author") {
        Field::Authors
    } else if h == "status" {
        Field::Status
    } else if h == "date" {
        Field::Date
    } else {
        return None;
    })
}

/// How sure we are that a document is a postmortem: one point per heading only postmortems use.
pub fn score(doc: &Document) -> usize {
    doc.headings
        .iter()
        .filter(|h| {
            field_of(&h.text).is_some_and(|f| {
                !matches!(
                    f,
                    Field::Summary | Field::Status | Field::Date | Field::Authors
                )
            })
        })
        .count()
}

/// Reads one postmortem. `stem` is the file name without its extension.
pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Result<Parsed, String> {
    let structured = front
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("inc-"));
    let mut incident = Incident::default();
    let mut parsed = Parsed::new(AnyRecord::Incident(Incident::default()), "postmortem");
    let mut context = when::Context::default();
    if structured {
        let mut fields = front.clone();
        let links = fields.remove("links");
        for key in BODY_FIELDS {
            fields.remove(*key);
        }
        incident = serde_json::from_value(Value::Object(fields))
            .map_err(|e| format!("front matter: {e}"))?;
        parsed.structured = true;
        parsed.dialect = "Hindsight";
        incident.title = doc.title.clone().unwrap_or_default();
        keep_text(&mut incident.sections, "", doc.preamble.clone());
        read_body(doc, &mut incident, &mut parsed, &mut context, true);
        read_link_list(links, &mut parsed)?;
    } else {
        read_loose(doc, stem, &mut incident, &mut parsed, &mut context);
    }
    parsed.main = AnyRecord::Incident(incident);
    Ok(parsed)
}

fn read_loose(
    doc: &Document,
    stem: &str,
    incident: &mut Incident,
    parsed: &mut Parsed,
    context: &mut when::Context,
) {
    incident.status = IncidentStatus::Published;
    // "PM2021-011 - Log4Shell": a reference, then the title.
    let (reference, name) = match stem.split_once(" - ") {
        Some((r, n)) if !r.contains(' ') && r.chars().any(|c| c.is_ascii_digit()) => {
            (r.trim().to_string(), n.trim().to_string())
        }
        _ => (String::new(), stem.to_string()),
    };
    incident.reference = reference;
    let (_, stem_date, _) = split_stem(stem);
    context.date = date_prefix(stem).or(stem_date);
    incident.title = match doc.title.as_deref() {
        Some(t) if !t.is_empty() && fold(t) != "incident title" => t.to_string(),
        _ => super::decision_file::title_from_name(&name),
    };
    if context.date.is_none() {
        context.date = first_date(&incident.title);
    }
    parsed.dialect = if doc
        .headings
        .iter()
        .any(|h| fold(&h.text) == "contributing factors")
    {
        "team postmortem"
    } else if doc.headings.iter().any(|h| fold(&h.text) == "trigger") {
        "SRE postmortem"
    } else {
        "retrospective"
    };
    let mut intro = Vec::new();
    for line in doc.preamble.lines() {
        let plain = markdown::bullet(line.trim()).unwrap_or(line.trim());
        match plain.split_once(':') {
            Some((key, value)) if !value.trim().is_empty() => match fold(key).as_str() {
                "authors" | "author" | "name s" | "names" => {
                    incident.authors = super::front::split_names(value)
                }
                "date" => {
                    context.date = first_date(value).or(context.date);
                    intro.push(line);
                }
                "status" => incident.status = incident_status(value),
                _ => intro.push(line),
            },
            _ => intro.push(line),
        }
    }
    let intro = markdown::normalize(&intro.join("\n"));
    keep_text(&mut incident.sections, "", intro);
    read_body(doc, incident, parsed, context, false);
    incident.started_at = incident.timeline.iter().find_map(|e| e.at);
}

fn date_prefix(stem: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
}

fn first_date(text: &str) -> Option<NaiveDate> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find_map(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
}

fn incident_status(text: &str) -> IncidentStatus {
    let f = fold(text);
    if f.contains("review") {
        IncidentStatus::InReview
    } else if f.contains("draft") || f.contains("progress") {
        IncidentStatus::Draft
    } else {
        IncidentStatus::Published
    }
}

fn read_body(
    doc: &Document,
    incident: &mut Incident,
    parsed: &mut Parsed,
    context: &mut when::Context,
    structured: bool,
) {
    let mut filled: Vec<Field> = Vec::new();
    for part in doc.parts(|h| field_of(h).is_some()) {
        let field = field_of(&part.heading).filter(|f| !filled.contains(f));
        let field = match field {
            Some(Field::Authors | Field::Status | Field::Date | Field::Figures) if structured => {
                None
            }
            other => other,
        };
        let Some(field) = field else {
            incident
                .sections
                .push(Section::new(part.heading, part.body));
            continue;
        };
        filled.push(field);
        let body = part.body;
        match field {
            Field::Summary => incident.summary = body,
            Field::Impact => incident.impact = body,
            Field::RootCauses => incident.root_causes = body,
            Field::Trigger => incident.trigger = body,
            Field::Resolution => incident.resolution = body,
            Field::Detection => incident.detection = body,
            Field::WentWell => incident.went_well = body,
            Field::WentWrong => incident.went_wrong = body,
            Field::Lucky => incident.lucky = body,
            Field::Authors => incident.authors = names(&body),
            Field::Status => incident.status = incident_status(&body),
            Field::Date => {
                context.date = first_date(&body).or(context.date);
                keep_text(&mut incident.sections, part.heading, body);
            }
            Field::Figures => match figures(&body) {
                Some(figures) => incident.figures = figures,
                None => incident.sections.push(Section::new(part.heading, body)),
            },
            Field::Timeline => {
                context.offset = when::zone_in(&part.heading, context.date)
                    .or_else(|| when::zone_in(body.lines().next().unwrap_or(""), context.date));
                let notes = read_timeline(&body, incident, context, structured);
                keep_text(
                    &mut incident.sections,
                    format!("{} notes", part.heading),
                    notes,
                );
            }
            Field::Actions => {
                let notes = read_actions(&body, parsed);
                keep_text(
                    &mut incident.sections,
                    format!("{} notes", part.heading),
                    notes,
                );
            }
            Field::Lessons => {
                if !structured {
                    read_lessons(&body, parsed);
                } else {
                    keep_text(&mut incident.sections, part.heading, body);
                }
            }
        }
    }
}

fn names(body: &str) -> Vec<String> {
    let items = list_items(body);
    if items.is_empty() {
        super::front::split_names(body)
    } else {
        items.into_iter().map(|i| i.text).collect()
    }
}

/// "- Time to recovery: 31 minutes" lines, when every item is one.
fn figures(body: &str) -> Option<Vec<Figure>> {
    let items = list_items(body);
    let rest: String = body
        .lines()
        .filter(|l| markdown::bullet(l.trim()).is_none() && !l.trim().is_empty())
        .collect();
    if items.is_empty() || !rest.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|i| {
            let (label, value) = i.text.split_once(':')?;
            Some(Figure {
                label: label.trim().to_string(),
                value: value.trim().to_string(),
            })
        })
        .collect()
}

/// Timeline rows from a table or a list; returns the text that was neither.
fn read_timeline(
    body: &str,
    incident: &mut Incident,
    context: &mut when::Context,
    structured: bool,
) -> String {
    if let Some((t, before, after)) = table(body) {
        let time_col = t.column(&["time", "date", "when"]).unwrap_or(0);
        let text_col = t
            .column(&["event", "description", "what", "action"])
            .unwrap_or(if time_col == 0 { 1 } else { 0 });
        let marker_col = t.column(&["marker"]);
        for row in &t.rows {
            let time_text = row.get(time_col).cloned().unwrap_or_default();
            let text = row
                .get(text_col)
                .cloned()
                .unwrap_or_default()
                .replace("<br>", "\n");
            let at = if structured {
                when::read_exact(&time_text)
            } else {
                when::parse(&time_text, context)
            };
            let marker = marker_col
                .and_then(|c| row.get(c))
                .and_then(|m| m.parse::<Marker>().ok());
            if time_text.is_empty() && text.is_empty() && !structured {
                continue;
            }
            incident.timeline.push(TimelineEntry {
                at,
                time_text: if at.is_some() {
                    String::new()
                } else {
                    time_text
                },
                text,
                marker,
            });
        }
        let note_lines: Vec<&str> = [before.as_str(), after.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty() && fold(s) != "all times in utc")
            .collect();
        return note_lines.join("\n\n");
    }
    let mut notes = Vec::new();
    for line in body.lines() {
        if markdown::bullet(line.trim()).is_none()
            && !line.starts_with(' ')
            && !line.trim().is_empty()
        {
            // A line that only names a date ("8 Jan") sets the date for the lines after it.
            if when::parse(&format!("{line} 00:00"), context).is_some() && line.len() < 20 {
                continue;
            }
            notes.push(line);
        }
    }
    for item in list_items(body) {
        let (time, text) = when::split_line(&item.text);
        let at = if time.is_empty() {
            None
        } else {
            when::parse(&time, context)
        };
        incident.timeline.push(TimelineEntry {
            at,
            time_text: if at.is_some() { String::new() } else { time },
            text,
            marker: None,
        });
    }
    let notes = markdown::normalize(&notes.join("\n"));
    if fold(&notes) == "all times in utc" {
        String::new()
    } else {
        notes
    }
}

/// Action items from a table, a list or checkboxes; returns the text that was neither.
fn read_actions(body: &str, parsed: &mut Parsed) -> String {
    if let Some((t, before, after)) = table(body) {
        for (n, row) in t.rows.iter().enumerate() {
            if let Some(action) = action_from_row(&t, row) {
                parsed.children.push(Child {
                    key: format!("action-{}", n + 1),
                    record: AnyRecord::Action(action),
                });
            }
        }
        return [before, after]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    let mut found = 0;
    for item in list_items(body) {
        if let Some(action) = action_from_item(&item.text, item.checked) {
            found += 1;
            parsed.children.push(Child {
                key: format!("action-{found}"),
                record: AnyRecord::Action(action),
            });
        }
    }
    let before_list: Vec<&str> = body
        .lines()
        .take_while(|l| markdown::bullet(l.trim()).is_none())
        .collect();
    markdown::normalize(&before_list.join("\n"))
}

fn action_from_row(t: &Table, row: &[String]) -> Option<ActionItem> {
    let get = |names: &[&str]| t.column(names).and_then(|c| row.get(c)).cloned();
    let title_col = t
        .column(&["action", "item", "task", "what", "description"])
        .unwrap_or(0);
    let title = row.get(title_col)?.replace("<br>", " ");
    if title.trim().is_empty() {
        return None;
    }
    let mut action = ActionItem {
        title: title.trim().to_string(),
        ..Default::default()
    };
    if let Some(id) = t
        .header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("id"))
        .and_then(|c| row.get(c))
        .filter(|id| id.starts_with("act-"))
    {
        action.id = id.clone();
    }
    if let Some(kind) = get(&["type", "kind", "category"]) {
        action.action_type = action_type(&kind);
    }
    action.owner = get(&["owner", "who", "assignee", "responsible"]).filter(|o| !o.is_empty());
    action.due = get(&["due", "deadline"]).and_then(|d| first_date(&d));
    match get(&["status", "state"]) {
        Some(status) => action.status = action_status(&status).unwrap_or_default(),
        // The SRE book marks items **DONE** / **TODO** in any cell.
        None if row.iter().any(|c| c.contains("DONE")) => action.status = ActionStatus::Done,
        None => {}
    }
    action.notes = get(&["notes", "bug", "ticket", "tracking", "link"])
        .unwrap_or_default()
        .replace("<br>", "\n");
    Some(action)
}

fn action_type(text: &str) -> ActionType {
    let f = fold(text);
    if f.starts_with("mitigat") {
        ActionType::Mitigate
    } else if f.starts_with("prevent") {
        ActionType::Prevent
    } else if f.starts_with("process") {
        ActionType::Process
    } else {
        ActionType::Other
    }
}

fn action_status(text: &str) -> Option<ActionStatus> {
    let f = fold(text);
    if [
        "done",
        "closed",
        "fixed",
        "complete",
        "completed",
        "resolved",
    ]
    .iter()
    .any(|w| f.starts_with(w))
    {
        Some(ActionStatus::Done)
    } else if ["todo", "open", "in progress", "pending", "not started"]
        .iter()
        .any(|w| f.starts_with(w))
    {
        Some(ActionStatus::Open)
    } else {
        None
    }
}

/// "- [ ] Tune TTLs", "- DONE: thing", "- [jhford] Try setting up …".
fn action_from_item(text: &str, checked: Option<bool>) -> Option<ActionItem> {
    let mut lines = text.lines();
    let mut title = lines.next()?.trim().to_string();
    let notes = markdown::dedent(&lines.collect::<Vec<_>>().join("\n"));
    let mut status = match checked {
        Some(true) => ActionStatus::Done,
        _ => ActionStatus::Open,
    };
    for (word, s) in [("DONE", ActionStatus::Done), ("TODO", ActionStatus::Open)] {
        for form in [
            format!("[{word}]"),
            format!("{word}:"),
            format!("{word} -"),
            format!("{word} "),
        ] {
            if let Some(rest) = title.strip_prefix(&form) {
                title = rest.trim().to_string();
                status = s;
            }
        }
    }
    let mut owner = None;
    if let Some(rest) = title.strip_prefix('[')
        && let Some((name, after)) = rest.split_once(']')
        && !name.contains(' ')
        && !name.is_empty()
        && !after.starts_with('(')
    {
        owner = Some(name.to_string());
        title = after.trim().to_string();
    }
    if title.is_empty() {
        return None;
    }
    Some(ActionItem {
        title,
        owner,
        status,
        notes,
        ..Default::default()
    })
}

/// Lessons from a "Lessons Learned" section: one per list item, or one for the text.
fn read_lessons(body: &str, parsed: &mut Parsed) {
    let items = list_items(body);
    let texts: Vec<String> = if items.is_empty() {
        vec![body.to_string()]
    } else {
        items.into_iter().map(|i| i.text).collect()
    };
    for text in texts {
        let text = markdown::normalize(&text);
        if text.trim().is_empty() || text.trim() == "-" {
            continue;
        }
        let (statement, explanation) = match text.split_once('\n') {
            Some((first, rest)) => (first.trim().to_string(), markdown::dedent(rest)),
            None => (text.trim().to_string(), String::new()),
        };
        let lesson = Lesson {
            category: category_of(&text),
            statement,
            explanation,
            ..Default::default()
        };
        let n = parsed.children.len();
        let lessons_so_far = parsed
            .children
            .iter()
            .filter(|c| matches!(c.record, AnyRecord::Lesson(_)))
            .count();
        parsed.children.push(Child {
            key: format!("lesson-{}", lessons_so_far + 1),
            record: AnyRecord::Lesson(lesson),
        });
        parsed.link(End::Child(n), Relation::LearnedFrom, End::Main, None);
    }
}

/// A first guess at what a lesson is about, from its words; editable in the window.
fn category_of(text: &str) -> LessonCategory {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["secur", "vulnerab", "cve", "credential", "secret", "leak"]) {
        LessonCategory::Security
    } else if has(&["communicat", "message", "notif", "inform", "slack", "teams"]) {
        LessonCategory::Communication
    } else if has(&["process", "runbook", "document", "checklist", "review"]) {
        LessonCategory::Process
    } else if has(&["capacity", "scal", "load", "limit", "quota"]) {
        LessonCategory::Scalability
    } else if has(&["slow", "latency", "performance", "timeout"]) {
        LessonCategory::Performance
    } else if has(&["maintain", "upgrade", "version", "refactor", "legacy"]) {
        LessonCategory::Maintainability
    } else {
        LessonCategory::Reliability
    }
}

// ---- the export's own layout ------------------------------------------------------------

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
    out.push_str(&super::front::to_yaml(Value::Object(fields)));
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
        let mut rows = vec![
            "| Action item | Type | Owner | Due | Status | Notes | ID |".to_string(),
            "| --- | --- | --- | --- | --- | --- | --- |".to_string(),
        ];
        for a in actions {
            rows.push(format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                cell(&one_line(&a.title)),
                a.action_type,
                cell(&one_line(a.owner.as_deref().unwrap_or(""))),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
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
