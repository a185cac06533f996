//! An incident's page: what happened, who was affected, for how long, the time it took to
//! detect, mitigate and resolve it, its timeline, the lessons it taught and the decisions it
//! changed (or that it has not led to one yet), its action items, the write-up's own sections,
//! and its history.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{Ctx, history, markdown_section, tags_line};
use crate::domain::{ActionItem, Incident, IncidentStatus};
use crate::publish::site::Entry;
use crate::report::IncidentStory;
use crate::report::html::incident_facts;
use crate::report::safe::{escape, markdown_html, under_heading};
use crate::report::story::{long_time, plain_duration};

pub fn render(out: &mut String, cx: &Ctx<'_>, entry: &Entry, story: &IncidentStory, i: &Incident) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(&story.title));
    let reference = if i.reference.trim().is_empty() {
        String::new()
    } else {
        format!(" {} ·", escape(i.reference.trim()))
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\"><span class=\"badge sev\">{}</span>{reference} {}{}</p>",
        escape(&i.severity.to_string()),
        write_up(i.status),
        cx.repo_badge()
    );
    super::dates_line(out, entry);
    tags_line(out, cx, &entry.tags);
    if story.decisions.is_empty() {
        out.push_str("<p class=\"warn\">This incident has not led to a decision yet.</p>\n");
    }
    out.push_str("<h2>In short</h2>\n");
    under_heading(2, || incident_facts(out, story, &cx.links()));
    how_long(out, i);
    if !i.timeline.is_empty() {
        out.push_str("<h2>Timeline</h2>\n<table class=\"timeline\">\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">What happened</th></tr></thead>\n<tbody>\n");
        for moment in &i.timeline {
            let when = match (&moment.at, moment.time_text.trim()) {
                (_, text) if !text.is_empty() => text.to_string(),
                (Some(at), _) => long_time(*at),
                _ => String::new(),
            };
            let marker = moment
                .marker
                .map(|m| format!(" <span class=\"badge\">{}</span>", escape(&m.to_string())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td class=\"nowrap\">{}</td><td>{}{marker}</td></tr>",
                escape(&when),
                inline_markdown(&moment.text)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let actions = cx.store.children::<ActionItem>(&i.id).unwrap_or_default();
    super::action_items(out, cx, &actions);
    let sections = [
        ("Root causes", i.root_causes.as_str()),
        ("What set it off", i.trigger.as_str()),
        ("How it was resolved", i.resolution.as_str()),
        ("How we found out", i.detection.as_str()),
        ("What went well", i.went_well.as_str()),
        ("What went wrong", i.went_wrong.as_str()),
        ("Where we got lucky", i.lucky.as_str()),
    ];
    if sections.iter().any(|(_, t)| !t.trim().is_empty()) {
        out.push_str("<h2>The write-up</h2>\n");
        for (heading, text) in sections {
            markdown_section(out, heading, text);
        }
    }
    super::across(out, cx, entry);
    history(out, cx, entry);
}

/// Where the write-up stands, in words a stakeholder reads ("write-up published").
fn write_up(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Draft => "write-up in draft",
        IncidentStatus::InReview => "write-up in review",
        IncidentStatus::Published => "write-up published",
    }
}

/// "How long it took": the moments the write-up gives, the spans from the start that they
/// make, and the moments it does not give, named.
fn how_long(out: &mut String, i: &Incident) {
    out.push_str("<h2>How long it took</h2>\n");
    let moments = [
        ("started", i.started_at),
        ("was detected", i.detected_at),
        ("was mitigated", i.mitigated_at),
        ("was resolved", i.resolved_at),
    ];
    // Said in words: the start, and a later moment only when it makes no span below (the
    // start is not known, or comes after it).
    let spanned = |at: DateTime<Utc>| i.started_at.is_some_and(|start| at >= start);
    let known: Vec<String> = moments
        .iter()
        .enumerate()
        .filter_map(|(n, (what, at))| {
            let at = (*at)?;
            (n == 0 || !spanned(at)).then(|| format!("{what} on {}", long_time(at)))
        })
        .collect();
    // "when it started, was detected, mitigated or resolved": one "was" is enough.
    let mut said_was = false;
    let unknown: Vec<String> = moments
        .iter()
        .filter(|(_, at)| at.is_none())
        .map(|(what, _)| match what.strip_prefix("was ") {
            Some(verb) if said_was => verb.to_string(),
            Some(_) => {
                said_was = true;
                what.to_string()
            }
            None => what.to_string(),
        })
        .collect();
    let mut sentence = String::new();
    if !known.is_empty() {
        sentence = format!("It {}", listed(&known, "and"));
    }
    if !unknown.is_empty() {
        sentence.push_str(if sentence.is_empty() {
            "The write-up does not say when it "
        } else {
            "; the write-up does not say when it "
        });
        sentence.push_str(&listed(&unknown, "or"));
    }
    sentence.push('.');
    let _ = writeln!(out, "<p>{}</p>", escape(&sentence));
    let since = |to: Option<DateTime<Utc>>| match (i.started_at, to) {
        (Some(a), Some(b)) if b >= a => Some(plain_duration(b - a)),
        _ => None,
    };
    let spans: Vec<(&str, &str, String)> = [
        ("To detect", "until someone knew", since(i.detected_at)),
        (
            "To mitigate",
            "until customers were no longer hurt",
            since(i.mitigated_at),
        ),
        (
            "To resolve",
            "until it was fixed for good",
            since(i.resolved_at),
        ),
    ]
    .into_iter()
    .filter_map(|(name, meaning, span)| Some((name, meaning, span?)))
    .collect();
    if spans.is_empty() {
        return;
    }
    out.push_str("<dl class=\"spans\">\n");
    for (name, meaning, span) in spans {
        let _ = writeln!(
            out,
            "<dt>{name}</dt><dd>{} <span class=\"hint\">({meaning})</span></dd>",
            escape(&span)
        );
    }
    out.push_str("</dl>\n");
}

/// "a", "a and b", "a, b and c".
fn listed(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// A line of the user's Markdown as inline HTML: its one paragraph without the `<p>` around it.
fn inline_markdown(text: &str) -> String {
    let html = markdown_html(text);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}
