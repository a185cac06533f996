//! "What we learned": the report's section on whether the learning worked, in words a
//! stakeholder reads: incidents over time with our decisions on the time axis, how long
//! incidents lasted (median and 90th percentile, never a lone average), whether each decision
//! was followed by fewer incidents on its subject, the follow-up work, and the decisions coming
//! up for a second look. HTML with inline SVG, or Markdown.

use std::fmt::Write;

use super::charts::{incidents_per_month, strip};
use super::safe::{escape, markdown_text};
use super::{
    anchor,
    story::{count, plain_duration},
};
use crate::domain::stats::{ActionFigures, Distribution, Revisit, Stats, Stretch, minutes_words};

/// A duration as the window and `stats` write it: "2 h 54 min".
fn duration(m: Option<f64>) -> String {
    m.map(minutes_words).unwrap_or_else(|| "not known".into())
}

/// A duration as the report's stories write it: "2 hours and 54 minutes".
fn spelt(m: Option<f64>) -> String {
    m.map(|m| plain_duration(chrono::TimeDelta::seconds((m * 60.0).round() as i64)))
        .unwrap_or_else(|| "not known".into())
}

/// "half within 17 minutes, nine in ten within 2 hours and 54 minutes (32 incidents)".
fn figures(d: &Distribution) -> String {
    format!(
        "half within {}, nine in ten within {} ({})",
        spelt(d.median_minutes),
        spelt(d.p90_minutes),
        count(d.count, "incident", "incidents")
    )
}

/// How long a stretch is, in words that do not break across lines: "20\u{a0}months".
fn period(days: i64) -> String {
    match days {
        1 => "1\u{a0}day".into(),
        d if d < 61 => format!("{d}\u{a0}days"),
        d => format!("{}\u{a0}months", (d as f64 / 30.44).round()),
    }
}

/// The incidents of one stretch in words: "3 in 20 months (SEV2: 2, SEV3: 1); half resolved
/// within 11 h", or "none in 14 months". The window and `stats` say it the same way; the
/// length matters, as the stretches before and since a decision are rarely as long.
pub fn stretch_words(s: &Stretch) -> String {
    stretch_in(s, duration)
}

/// [`stretch_words`] with durations written by `duration`.
fn stretch_in(s: &Stretch, duration: fn(Option<f64>) -> String) -> String {
    if s.count == 0 {
        return format!("none in {}", period(s.days));
    }
    let by: Vec<String> = s
        .by_severity
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    format!(
        "{} in {} ({}); half resolved within {}",
        s.count,
        period(s.days),
        by.join(", "),
        duration(s.median_minutes_to_resolve).replace(' ', "\u{a0}")
    )
}

/// When a decision is to be looked at again: "overdue since 2026-03-01" or "by 2026-12-15".
pub fn revisit_when(r: &Revisit) -> String {
    if r.due {
        format!("overdue since {}", r.date)
    } else {
        format!("by {}", r.date)
    }
}

/// The action items in words: "5 open (1 past due, the oldest by 22 days), 7 done; half were
/// done within 6 days (of the 7 with both dates)". The window and `stats` say it the same way.
pub fn actions_words(a: &ActionFigures) -> String {
    format!(
        "{} open ({} past due{}), {} done{}",
        a.open,
        a.overdue,
        a.most_days_overdue
            .map(|d| format!(", the oldest by {d} days"))
            .unwrap_or_default(),
        a.done,
        a.median_days_to_close
            .map(|d| format!(
                "; half were done within {d:.0} days (of the {} with both dates)",
                a.closed_with_dates
            ))
            .unwrap_or_default(),
    )
}

fn follow_up(stats: &Stats) -> String {
    let a = &stats.actions;
    let l = &stats.lessons;
    format!(
        "{} of the follow-up action items are done and {} still open ({} past due){}. {} of {} lessons changed a decision's trade-off or a review checklist.",
        a.done,
        a.open,
        a.overdue,
        a.median_days_to_close
            .map(|d| format!("; half were done within {d:.0} days"))
            .unwrap_or_default(),
        l.acted_on,
        l.count
    )
}

const DURATIONS: [(&str, &str); 3] = [
    ("Time to detect", "from the start until someone noticed"),
    ("Time to mitigate", "until customers were no longer hurt"),
    ("Time to resolve", "until it was fixed for good"),
];

fn distributions(stats: &Stats) -> [&Distribution; 3] {
    let i = &stats.incidents;
    [&i.time_to_detect, &i.time_to_mitigate, &i.time_to_resolve]
}

/// The section as HTML, decisions linked to their section of the report.
pub fn html(out: &mut String, stats: &Stats) {
    html_linked(out, stats, &|id| Some(format!("#{}", anchor(id))));
}

/// The section as HTML, each decision named linked where `link` says.
pub fn html_linked(out: &mut String, stats: &Stats, link: &dyn Fn(&str) -> Option<String>) {
    out.push_str("<section class=\"learned\" id=\"learned\">\n<h2>What we learned</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\">{} incidents in all. {}</p>",
        stats.incidents.count,
        escape(&follow_up(stats))
    );
    if let Some(chart) = incidents_per_month(stats) {
        let _ = write!(
            out,
            "<div class=\"keep\">\n<h3>Incidents over time</h3>\n<figure>\n{chart}\n<figcaption>Each bar is a month, coloured by severity (SEV1 is the worst); the dashed lines are the decisions we took.</figcaption>\n</figure>\n</div>\n"
        );
    }
    out.push_str("<div class=\"keep\">\n<h3>How long incidents lasted</h3>\n<p>Incidents vary a lot: a few last far longer than most, so an average would mislead. Here is what half of them, and nine in ten, took.</p>\n");
    for ((name, meaning), d) in DURATIONS.iter().zip(distributions(stats)) {
        let _ = writeln!(
            out,
            "<p><strong>{name}</strong> ({meaning}): {}.</p>",
            escape(&figures(d))
        );
        if let Some(svg) = strip(name, d) {
            let _ = writeln!(out, "<figure>{svg}</figure>");
        }
    }
    out.push_str("</div>\n");
    let effects = &stats.decisions.effects;
    if !effects.is_empty() {
        // A long table may run onto the next page, row by row; its heading and lead-in stay
        // with its first rows.
        out.push_str("<h3>Did our decisions work?</h3>\n<p class=\"lead-in\">For each decision, the incidents on its subject before it was taken and since.</p>\n<table class=\"flows\">\n<thead><tr><th>Decision</th><th>Before</th><th>Since</th></tr></thead>\n<tbody>\n");
        for e in effects {
            let _ = writeln!(
                out,
                "<tr><td>{} <span class=\"nowrap\">({})</span></td><td>{}</td><td>{}</td></tr>",
                super::html::linked(&e.title, link(&e.id)),
                e.date,
                escape(&stretch_in(&e.before, spelt)),
                escape(&stretch_in(&e.after, spelt))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let revisits = &stats.decisions.revisits;
    if !revisits.is_empty() {
        out.push_str("<h3>Decisions to look at again</h3>\n<ul>\n");
        for r in revisits {
            let _ = writeln!(
                out,
                "<li>{}: {}</li>",
                revisit_when(r),
                super::html::linked(&r.title, link(&r.id))
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The section as Markdown.
pub fn markdown(out: &mut String, stats: &Stats) {
    let _ = write!(
        out,
        "## What we learned\n\n{} incidents in all. {}\n\n",
        stats.incidents.count,
        markdown_text(&follow_up(stats))
    );
    if !stats.incidents.by_month.is_empty() {
        out.push_str("### Incidents over time\n\n| Month | Incidents |\n| --- | --- |\n");
        for (month, n) in &stats.incidents.by_month {
            let _ = writeln!(out, "| {month} | {n} |");
        }
        out.push('\n');
    }
    out.push_str("### How long incidents lasted\n\n");
    for ((name, meaning), d) in DURATIONS.iter().zip(distributions(stats)) {
        let _ = writeln!(
            out,
            "- **{name}** ({meaning}): {}.",
            markdown_text(&figures(d))
        );
    }
    out.push('\n');
    if !stats.decisions.effects.is_empty() {
        out.push_str(
            "### Did our decisions work?\n\n| Decision | Before | Since |\n| --- | --- | --- |\n",
        );
        for e in &stats.decisions.effects {
            let _ = writeln!(
                out,
                "| [{}](#{}) ({}) | {} | {} |",
                markdown_text(&e.title),
                anchor(&e.id),
                e.date,
                markdown_text(&stretch_in(&e.before, spelt)),
                markdown_text(&stretch_in(&e.after, spelt))
            );
        }
        out.push('\n');
    }
    if !stats.decisions.revisits.is_empty() {
        out.push_str("### Decisions to look at again\n\n");
        for r in &stats.decisions.revisits {
            let _ = writeln!(
                out,
                "- {}: [{}](#{})",
                revisit_when(r),
                markdown_text(&r.title),
                anchor(&r.id)
            );
        }
        out.push('\n');
    }
}
