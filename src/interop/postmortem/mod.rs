//! Postmortem files: the Google SRE layout, team templates (dfds), loose retrospectives
//! (taskcluster) read by the meaning of their sections, postmortems written as a story with
//! front matter and no headings, and the SRE layout of Hindsight's tree, which the same reader
//! reads back exactly.
//!
//! - `loose`: a team's postmortem, or a story with front matter.
//! - `timeline`: timeline rows from tables and lists, times read where they can be.
//! - `items`: action items and lessons found inside a postmortem.
//! - `tree`: the export's layout, written and read.
//!
//! What a section's reader does not take (a sentence before a list, notes under a timeline) is
//! kept as a section of its own, so nothing a file says is dropped.

mod inplace;
mod items;
mod list_edit;
mod loose;
mod timeline;
mod tree;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::markdown::{self, Document, fold, list_items};
use super::parsed::{Parsed, keep_text};
use super::when;
use crate::domain::{Figure, Incident, IncidentStatus, Section};
use crate::interop::ReadError;

pub use inplace::{Children, patch};
pub use loose::front_score;
pub use tree::write;

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
pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Result<Parsed, ReadError> {
    let structured = front
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("inc-"));
    if structured {
        tree::read(doc, front)
    } else {
        Ok(loose::read(doc, front, stem))
    }
}

pub(super) fn date_prefix(stem: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
}

pub(super) fn first_date(text: &str) -> Option<NaiveDate> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find_map(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
}

pub(super) fn incident_status(text: &str) -> IncidentStatus {
    let f = fold(text);
    if f.contains("review") {
        IncidentStatus::InReview
    } else if f.contains("draft") || f.contains("progress") {
        IncidentStatus::Draft
    } else {
        IncidentStatus::Published
    }
}

/// The sections of a postmortem, by meaning.
fn read_body(
    doc: &Document,
    incident: &mut Incident,
    parsed: &mut Parsed,
    context: &mut when::Context,
    structured: bool,
) {
    let mut filled: Vec<Field> = Vec::new();
    for part in doc.parts(|h| field_of(h).is_some()) {
        let field = field_of(&part.name).filter(|f| !filled.contains(f));
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
                let notes = timeline::read(&body, incident, context, structured);
                keep_text(
                    &mut incident.sections,
                    format!("{} notes", part.heading),
                    notes,
                );
            }
            Field::Actions => {
                let notes = items::read_actions(&body, parsed);
                keep_text(
                    &mut incident.sections,
                    format!("{} notes", part.heading),
                    notes,
                );
            }
            Field::Lessons => {
                if structured {
                    keep_text(&mut incident.sections, part.heading, body);
                } else {
                    let notes = items::read_lessons(&body, parsed);
                    keep_text(
                        &mut incident.sections,
                        format!("{} notes", part.heading),
                        notes,
                    );
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
