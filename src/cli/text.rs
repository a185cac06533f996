//! The human-readable output of the commands: aligned tables, records as headed text, traces
//! as indented chains.

use std::io::{self, Write};

use serde_json::Value;

use super::review_text;
use crate::check::Finding;
use crate::domain::{
    AnyRecord, DecisionTrace, IncidentTrace, Kind, RiskLevel, human_duration, thousands,
};
use crate::store::SearchHit;

pub fn list(out: &mut dyn Write, kind: Kind, records: &[AnyRecord]) -> io::Result<()> {
    if records.is_empty() {
        return writeln!(out, "No {} yet.", kind.plural());
    }
    let (header, rows): (&[&str], Vec<Vec<String>>) = match kind {
        Kind::Decision => (
            &["ID", "ADR", "STATUS", "DATE", "TITLE"],
            rows(records, |r| match r {
                AnyRecord::Decision(d) => vec![
                    d.id.clone(),
                    d.number.map(|n| n.to_string()).unwrap_or_default(),
                    d.status.to_string(),
                    d.date.map(|d| d.to_string()).unwrap_or_default(),
                    d.title.clone(),
                ],
                _ => vec![],
            }),
        ),
        Kind::TradeOff => (
            &["ID", "RISK", "DECISION", "TITLE"],
            rows(records, |r| match r {
                AnyRecord::TradeOff(t) => vec![
                    t.id.clone(),
                    t.risk.words().to_string(),
                    t.decision_id.clone(),
                    t.title.clone(),
                ],
                _ => vec![],
            }),
        ),
        Kind::Lesson => (
            &["ID", "CATEGORY", "STATEMENT"],
            rows(records, |r| match r {
                AnyRecord::Lesson(l) => {
                    vec![l.id.clone(), l.category.to_string(), l.statement.clone()]
                }
                _ => vec![],
            }),
        ),
        Kind::Incident => (
            &["ID", "REFERENCE", "SEVERITY", "STATUS", "STARTED", "TITLE"],
            rows(records, |r| match r {
                AnyRecord::Incident(i) => vec![
                    i.id.clone(),
                    i.reference.clone(),
                    i.severity.to_string(),
                    i.status.to_string(),
                    i.started_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                    i.title.clone(),
                ],
                _ => vec![],
            }),
        ),
        Kind::Action => (
            &["ID", "STATUS", "DUE", "OWNER", "TITLE"],
            rows(records, |r| match r {
                AnyRecord::Action(a) => vec![
                    a.id.clone(),
                    a.status.to_string(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.owner.clone().unwrap_or_else(|| "(none)".into()),
                    a.title.clone(),
                ],
                _ => vec![],
            }),
        ),
        Kind::Checklist => (
            &["ID", "ITEMS", "NAME"],
            rows(records, |r| match r {
                AnyRecord::Checklist(c) => {
                    vec![c.id.clone(), c.items.len().to_string(), c.name.clone()]
                }
                _ => vec![],
            }),
        ),
        Kind::Review => (
            &["ID", "DATE", "RISKS", "SIGN-OFFS", "TITLE"],
            rows(records, |r| match r {
                AnyRecord::Review(v) => vec![
                    v.id.clone(),
                    v.date.map(|d| d.to_string()).unwrap_or_default(),
                    v.risk_count().to_string(),
                    v.signoffs.len().to_string(),
                    v.title.clone(),
                ],
                _ => vec![],
            }),
        ),
    };
    table(out, header, &rows)
}

fn rows(records: &[AnyRecord], row: impl Fn(&AnyRecord) -> Vec<String>) -> Vec<Vec<String>> {
    records.iter().map(row).collect()
}

/// Columns padded to their widest cell; the last column is not padded.
fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: Vec<&str>| -> io::Result<()> {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, header.to_vec())?;
    for row in rows {
        line(out, row.iter().map(String::as_str).collect())?;
    }
    Ok(())
}

/// Keys shown in the heading or in their own part, not as plain fields.
const SHOWN_APART: &[&str] = &[
    "kind",
    "id",
    "title",
    "statement",
    "name",
    "links",
    "tradeoffs",
    "motivated_by",
    "actions",
    "signoffs",
    "signoff_warning",
];

/// A record from its `show --json` document: heading, fields, long texts, lists, links.
pub fn show(out: &mut dyn Write, detail: &Value) -> io::Result<()> {
    let Value::Object(object) = detail else {
        return Ok(());
    };
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("record");
    let label = kind.parse::<Kind>().map(Kind::label).unwrap_or("Record");
    writeln!(out, "{label}: {}", str_of(&object["title"]))?;
    writeln!(out, "id: {}", str_of(&object["id"]))?;
    let mut long = Vec::new();
    // A review's answers show with their items, numbered, when its checklist is there.
    let walked = kind == "review" && object.contains_key("items");
    for (key, value) in object {
        if SHOWN_APART.contains(&key.as_str()) || (walked && (key == "items" || key == "answers")) {
            continue;
        }
        match value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::Array(a) if a.is_empty() => {}
            Value::String(s) if s.contains('\n') || s.chars().count() > 70 => {
                long.push((key, s.clone()))
            }
            Value::Array(items) if items.iter().all(Value::is_string) => {
                let words: Vec<String> = items.iter().map(str_of).collect();
                writeln!(out, "{}: {}", heading(key), words.join(", "))?;
            }
            Value::Array(items) => {
                let lines: Vec<String> = items.iter().map(one_line).collect();
                long.push((
                    key,
                    lines
                        .iter()
                        .map(|l| format!("- {l}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ));
            }
            Value::Number(n) if key == "users_affected" => {
                let count = n.as_u64().map_or_else(|| n.to_string(), thousands);
                writeln!(out, "{}: {count}", heading(key))?
            }
            other if kind == "tradeoff" && key == "risk" => {
                writeln!(out, "{}: {}", heading(key), risk_words(other))?
            }
            other => writeln!(out, "{}: {}", heading(key), str_of(other))?,
        }
    }
    for (key, text) in long {
        writeln!(out, "\n## {}\n\n{}", heading(key), text.trim())?;
    }
    if let Some(Value::Array(tradeoffs)) = object.get("tradeoffs") {
        writeln!(out, "\n## Trade-offs\n")?;
        for t in tradeoffs {
            writeln!(
                out,
                "- {} (risk: {})",
                str_of(&t["title"]),
                risk_words(&t["risk"])
            )?;
            let why = motivation_words(&t["motivated_by"]);
            writeln!(
                out,
                "  why: {}",
                if why.is_empty() {
                    "(nothing linked)".into()
                } else {
                    why
                }
            )?;
        }
    }
    if let Some(motivated_by) = object.get("motivated_by") {
        let why = motivation_words(motivated_by);
        writeln!(
            out,
            "\n## Motivated by\n\n{}",
            if why.is_empty() {
                "(nothing linked)".into()
            } else {
                why
            }
        )?;
    }
    if walked {
        review_text::walk(out, &object["items"])?;
    }
    review_text::signoffs(out, object)?;
    if let Some(Value::Array(actions)) = object.get("actions") {
        writeln!(out, "\n## Action items\n")?;
        for a in actions {
            let done = if a["status"] == "done" { "x" } else { " " };
            writeln!(
                out,
                "- [{done}] {} (owner: {}, due: {})",
                str_of(&a["title"]),
                opt_of(&a["owner"]),
                opt_of(&a["due"])
            )?;
        }
    }
    if let Some(Value::Array(links)) = object
        .get("links")
        .filter(|l| l.as_array().is_some_and(|a| !a.is_empty()))
    {
        writeln!(out, "\n## Links\n")?;
        for l in links {
            let relation = str_of(&l["relation"]);
            let words = if l["direction"] == "incoming" {
                relation
                    .parse::<crate::domain::Relation>()
                    .map(|r| r.inverse_label().to_string())
                    .unwrap_or(relation)
            } else {
                relation.replace('-', " ")
            };
            writeln!(
                out,
                "- {words}: {} “{}” ({})",
                str_of(&l["kind"]),
                str_of(&l["title"]),
                str_of(&l["id"])
            )?;
        }
    }
    Ok(())
}

fn motivation_words(value: &Value) -> String {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|m| format!("{} “{}”", str_of(&m["kind"]), str_of(&m["title"])))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn heading(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

pub(super) fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn opt_of(value: &Value) -> String {
    match value {
        Value::Null => "none".into(),
        other => str_of(other),
    }
}

/// A trade-off's risk from its JSON value, in words ("not assessed", "low").
fn risk_words(value: &Value) -> String {
    let text = str_of(value);
    text.parse::<RiskLevel>()
        .map(|r| r.words().to_string())
        .unwrap_or(text)
}

/// An object inside a list, on one line: its non-empty values separated by " · ".
fn one_line(value: &Value) -> String {
    match value {
        Value::Object(map) => map
            .iter()
            // A checklist item's lesson is said by `lesson`, in words.
            .filter(|(key, _)| !matches!(key.as_str(), "lesson_id" | "lesson_statement"))
            .filter(|(_, v)| !v.is_null() && *v != "" && v.as_array().is_none_or(|a| !a.is_empty()))
            .map(|(key, v)| match v {
                Value::Array(items) => items.iter().map(str_of).collect::<Vec<_>>().join(", "),
                other if key == "lesson" => format!("from the lesson: {}", str_of(other)),
                other => str_of(other),
            })
            .collect::<Vec<_>>()
            .join(" · "),
        other => str_of(other),
    }
}

/// A text of several lines under a label: lines after the first indented to line up with it.
pub(super) fn hanging(text: &str, indent: usize) -> String {
    text.trim()
        .lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{}", " ".repeat(indent)))
}

pub fn decision_trace(out: &mut dyn Write, trace: &DecisionTrace) -> io::Result<()> {
    let d = &trace.decision;
    writeln!(out, "{} [{}]", d.display_title(), d.status)?;
    if !d.summary.is_empty() {
        writeln!(out, "  {}", d.summary.trim())?;
    }
    if trace.tradeoffs.is_empty() {
        writeln!(out, "  (no trade-offs recorded)")?;
    }
    for t in &trace.tradeoffs {
        let tof = &t.tradeoff;
        writeln!(
            out,
            "\n  Trade-off: {} (risk: {})",
            tof.title,
            tof.risk.words()
        )?;
        writeln!(out, "    we gain:  {}", hanging(&tof.gain, 14))?;
        let cost = if tof.cost.trim().is_empty() {
            "(not recorded)".to_string()
        } else {
            hanging(&tof.cost, 14)
        };
        writeln!(out, "    it costs: {cost}")?;
        if t.is_unmotivated() {
            writeln!(out, "    why: nothing linked yet")?;
        }
        for l in &t.lessons {
            writeln!(out, "    because of lesson: {}", l.lesson.statement)?;
            for incident_id in &l.learned_from {
                if let Some(i) = t.incidents.iter().find(|i| &i.id == incident_id) {
                    writeln!(out, "      learned from incident: {}", incident_line(i))?;
                }
            }
        }
        for i in &t.incidents {
            let via_lesson = t.lessons.iter().any(|l| l.learned_from.contains(&i.id));
            if !via_lesson {
                writeln!(out, "    because of incident: {}", incident_line(i))?;
            }
        }
    }
    Ok(())
}

fn incident_line(i: &crate::domain::Incident) -> String {
    let mut parts = vec![i.severity.to_string()];
    if let Some(start) = i.started_at {
        parts.push(start.format("%Y-%m-%d").to_string());
    }
    if let Some(d) = i.time_to_mitigate() {
        parts.push(format!("{} until mitigated", human_duration(d)));
    }
    let reference = if i.reference.is_empty() {
        String::new()
    } else {
        format!("{} ", i.reference)
    };
    format!("{reference}{} ({})", i.title, parts.join(", "))
}

pub fn incident_trace(out: &mut dyn Write, trace: &IncidentTrace) -> io::Result<()> {
    writeln!(out, "{}", incident_line(&trace.incident))?;
    writeln!(out, "\n  Lessons learned:")?;
    if trace.lessons.is_empty() {
        writeln!(out, "    (none recorded)")?;
    }
    for l in &trace.lessons {
        writeln!(out, "    - {}", l.statement)?;
    }
    writeln!(out, "\n  Decisions it changed:")?;
    if trace.decisions.is_empty() {
        writeln!(out, "    (none yet)")?;
    }
    for d in &trace.decisions {
        writeln!(out, "    - {} [{}]", d.display_title(), d.status)?;
        for t in trace.tradeoffs.iter().filter(|t| t.decision_id == d.id) {
            writeln!(out, "        trade-off: {}", t.title)?;
        }
    }
    Ok(())
}

pub fn search(out: &mut dyn Write, hits: &[SearchHit]) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "Nothing found.");
    }
    for hit in hits {
        writeln!(out, "{:<9} {}  {}", hit.kind.as_str(), hit.id, hit.title)?;
        writeln!(out, "          {}", hit.snippet)?;
    }
    Ok(())
}

pub fn findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(
            out,
            "No findings: every trade-off has its reasons, every follow-up its owner."
        );
    }
    for f in findings {
        writeln!(
            out,
            "{}: {} {} “{}”: {}",
            f.rule, f.kind, f.id, f.title, f.message
        )?;
    }
    writeln!(
        out,
        "\n{} finding{}.",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    )
}
