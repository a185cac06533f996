//! An incident's page: what happened, who was affected, for how long, the time it took to
//! detect, mitigate and resolve it, its timeline, the lessons it taught and the decisions it
//! changed (or that it has not led to one yet), its action items, the write-up's own sections,
//! and its history.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{Ctx, history, markdown_section, tags_line};
use crate::domain::{ActionItem, Incident};
use crate::publish::site::Entry;
use crate::report::IncidentStory;
use crate::report::html::incident_facts;
use crate::report::safe::{escape, under_heading};
use crate::report::story::{long_time, plain_duration};

pub fn render(out: &mut String, cx: &Ctx<'_>, entry: &Entry, story: &IncidentStory, i: &Incident) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(&story.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\"><span class=\"badge sev\">{}</span> {}{}</p>",
        escape(&i.severity.to_string()),
        escape(&i.status.to_string()),
        cx.repo_badge()
    );
    super::dates_line(out, entry);
    tags_line(out, cx, &entry.tags);
    if story.decisions.is_empty() {
        out.push_str("<p class=\"warn\">This incident has not led to a decision yet.</p>\n");
    }
    out.push_str("<h2>In short</h2>\n");
    under_heading(2, || incident_facts(out, story, &cx.links()));
    out.push_str("<h2>How long it took</h2>\n");
    let since = |to: Option<DateTime<Utc>>| match (i.started_at, to) {
        (Some(a), Some(b)) if b >= a => Some(plain_duration(b - a)),
        _ => None,
    };
    let spans = [
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
    ];
    if spans.iter().all(|(_, _, s)| s.is_none()) {
        out.push_str("<p>The write-up does not say when it started, was detected, mitigated or resolved.</p>\n");
    } else {
        out.push_str("<dl class=\"spans\">\n");
        for (name, meaning, span) in spans {
            let _ = writeln!(
                out,
                "<dt>{name}</dt><dd>{} <span class=\"hint\">({meaning})</span></dd>",
                escape(span.as_deref().unwrap_or("not known"))
            );
        }
        out.push_str("</dl>\n");
    }
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
                escape(&moment.text)
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
