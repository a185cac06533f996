//! The report as Markdown: the same content as the HTML page, for a wiki, a pull request or
//! an email. Plain fields are escaped, Markdown fields made inert ([`super::safe`]).

use std::fmt::Write;

use super::html::lede;
use super::safe::{is_safe_url, markdown_source, markdown_text};
use super::story::{DecisionStory, IncidentStory, TradeOffStory, long_time, why_chain};
use super::{Report, anchor};
use crate::domain::who;

pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(2048 + report.decisions.len() * 3000);
    let _ = write!(
        out,
        "# {}\n\n{}\n\nWritten {}.\n\n",
        markdown_text(&report.title),
        markdown_text(&lede(report)),
        long_time(report.written)
    );
    if report.decisions.len() > 1 || !report.incidents.is_empty() {
        out.push_str("## Contents\n\n");
        for (n, d) in report.decisions.iter().enumerate() {
            let waiting = if d.signoffs.is_awaiting() {
                ", awaiting sign-off"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{}. [{}](#{}) ({}{waiting})",
                n + 1,
                markdown_text(&d.title),
                anchor(&d.id),
                d.status
            );
        }
        if !report.incidents.is_empty() {
            let _ = writeln!(
                out,
                "{}. [Appendix: the incidents behind our decisions](#incidents)",
                report.decisions.len() + 1
            );
        }
        out.push('\n');
    }
    let shown: Vec<&str> = report.decisions.iter().map(|d| d.id.as_str()).collect();
    for d in &report.decisions {
        decision_section(&mut out, d);
    }
    if let Some(stats) = &report.learned {
        super::learned::markdown(&mut out, stats);
    }
    if !report.incidents.is_empty() {
        out.push_str(
            "<a id=\"incidents\"></a>\n\n## Appendix: the incidents behind our decisions\n\n",
        );
        for incident in &report.incidents {
            incident_section(&mut out, incident, &shown);
        }
    }
    out
}

fn decision_section(out: &mut String, d: &DecisionStory) {
    let _ = write!(
        out,
        "<a id=\"{}\"></a>\n\n## {}\n\n{}",
        anchor(&d.id),
        markdown_text(&d.title),
        markdown_text(&d.status_line)
    );
    if !d.decided_by.is_empty() {
        let _ = write!(
            out,
            " · decided by {}",
            markdown_text(&d.decided_by.join(", "))
        );
    }
    out.push_str("\n\n### What we decided\n\n");
    if !d.summary.is_empty() {
        let _ = write!(out, "{}\n\n", markdown_text(&d.summary));
    } else if !d.outcome.is_empty() {
        let _ = write!(out, "{}\n\n", markdown_source(&d.outcome).trim_end());
    } else {
        out.push_str("Not written down yet.\n\n");
    }
    out.push_str("### What we gain, what it costs, and why\n\n");
    if d.tradeoffs.is_empty() {
        out.push_str("No trade-offs recorded for this decision.\n\n");
    } else {
        for t in &d.tradeoffs {
            tradeoff_part(out, t);
        }
    }
    out.push_str("### Who signed it off\n\n");
    if let Some(warning) = d.signoffs.warning() {
        if d.signoffs.is_awaiting() {
            let _ = write!(out, "> **{}**\n\n", markdown_text(&warning));
        } else {
            let _ = write!(out, "{}\n\n", markdown_text(&warning));
        }
    }
    for e in &d.signoffs.entries {
        let s = &e.signoff;
        let _ = write!(
            out,
            "- **{}**: {}",
            markdown_text(&who(s)),
            s.verdict.words()
        );
        if let Some(at) = s.at {
            let _ = write!(out, " on {}", long_time(at));
        }
        if !s.comment.is_empty() {
            let _ = write!(out, " — “{}”", markdown_text(&s.comment));
        }
        if !e.current {
            out.push_str(" *(given before the decision last changed)*");
        }
        out.push('\n');
    }
    if d.signoffs.entries.is_empty() && d.signoffs.warning().is_none() {
        out.push_str("Nobody has signed this decision off.\n");
    }
    out.push_str("\n### How we got here\n\n");
    let mut chains = 0;
    for t in &d.tradeoffs {
        let mut steps: Vec<String> = Vec::new();
        for i in &t.incidents {
            steps.push(format!("incident “{}”", markdown_text(&i.title)));
        }
        for l in &t.lessons {
            steps.push(format!("lesson “{}”", markdown_text(&l.statement)));
        }
        if steps.is_empty() {
            continue;
        }
        chains += 1;
        let _ = writeln!(
            out,
            "- {} → trade-off “{}” → this decision",
            steps.join(" → "),
            markdown_text(&t.title)
        );
    }
    if chains == 0 {
        out.push_str("No incident or lesson is linked to this decision yet.\n");
    }
    out.push('\n');
}

/// One trade-off: its title and risk, then what it gains and what it costs (a list stays a
/// list, each argument on its line), then why. A table cell could hold neither.
fn tradeoff_part(out: &mut String, t: &TradeOffStory) {
    let _ = write!(
        out,
        "#### {} ({})\n\n",
        markdown_text(&t.title),
        t.risk.badge()
    );
    for (label, text) in [("What we gain", &t.gain), ("What it costs", &t.cost)] {
        let text = text.trim();
        if text.is_empty() {
            let _ = write!(out, "**{label}:** not recorded.\n\n");
        } else if is_block(text) {
            let _ = write!(
                out,
                "**{label}:**\n\n{}\n\n",
                markdown_source(text).trim_end()
            );
        } else {
            let _ = write!(out, "**{label}:** {}\n\n", markdown_source(text).trim_end());
        }
    }
    let incidents: Vec<String> = t
        .incidents
        .iter()
        .map(|i| {
            let when = i
                .when
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            format!("[{}](#{}){when}", markdown_text(&i.title), anchor(&i.id))
        })
        .collect();
    let lessons: Vec<String> = t
        .lessons
        .iter()
        .map(|l| format!("“{}”", markdown_text(&l.statement)))
        .collect();
    let mut why = why_chain(&incidents, &lessons);
    if !t.explanation.is_empty() {
        why.push_str(&format!(" — {}", markdown_text(&t.explanation)));
    }
    let _ = write!(out, "**Why (incident → lesson):** {why}\n\n");
}

/// Whether Markdown text starts a block of its own (a list, several paragraphs), so it goes
/// under its label rather than after it.
fn is_block(text: &str) -> bool {
    let first = text.trim_start();
    text.contains("\n\n")
        || first.starts_with(['-', '*', '+', '>', '#', '|'])
        || first
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn incident_section(out: &mut String, i: &IncidentStory, shown: &[&str]) {
    let _ = write!(
        out,
        "<a id=\"{}\"></a>\n\n### {}\n\n",
        anchor(&i.id),
        markdown_text(&i.title)
    );
    if let Some(when) = &i.when {
        let _ = write!(out, "**When:** {when}\n\n");
    }
    if !i.what_happened.is_empty() {
        let _ = write!(
            out,
            "**What happened:**\n\n{}\n\n",
            markdown_source(&i.what_happened).trim_end()
        );
    }
    if !i.who_was_affected.is_empty() {
        out.push_str("**Who was affected:**\n\n");
        for part in &i.who_was_affected {
            let _ = write!(out, "{}\n\n", markdown_source(part).trim_end());
        }
    }
    if let Some(how_long) = &i.how_long {
        let _ = write!(out, "**For how long:** {}\n\n", markdown_text(how_long));
    }
    if let Some((words, url)) = &i.source {
        if is_safe_url(url) && !url.contains(['(', ')', '<', '>', ' ']) {
            let _ = write!(out, "**Source:** [{}]({url})\n\n", markdown_text(words));
        } else {
            let _ = write!(
                out,
                "**Source:** {} ({})\n\n",
                markdown_text(words),
                markdown_text(url)
            );
        }
    }
    if !i.lessons.is_empty() {
        out.push_str("**What it taught us:**\n\n");
        for l in &i.lessons {
            let _ = writeln!(out, "- {}", markdown_text(&l.statement));
        }
        out.push('\n');
    }
    if !i.decisions.is_empty() {
        out.push_str("**What we changed:**\n\n");
        for (id, title) in &i.decisions {
            if shown.contains(&id.as_str()) {
                let _ = writeln!(out, "- [{}](#{})", markdown_text(title), anchor(id));
            } else {
                let _ = writeln!(out, "- {}", markdown_text(title));
            }
        }
        out.push('\n');
    }
}
