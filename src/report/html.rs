//! The report as one self-contained HTML page: the stylesheet inlined, a content security
//! policy that forbids scripts and every request, users' text escaped or sanitised.

use std::fmt::Write;

use super::plain::plain_lines;
use super::safe::{escape, is_safe_url, markdown_html};
use super::story::{DecisionStory, IncidentStory, TradeOffStory, count, long_time, why_chain};
use super::svg::trace_svg_linked;
use super::{Report, anchor};
use crate::domain::{Kind, Lesson, SignOffEntry, who};

/// Where a record named in a story links to: an anchor in the report, a page of the published
/// site. `None`: the record is not shown, its name stays text.
pub trait Links {
    fn href(&self, kind: Kind, id: &str) -> Option<String>;
}

/// The report's links: incidents to their article in the appendix, decisions shown to their
/// section.
struct Anchors<'a> {
    shown: Vec<&'a str>,
}

impl Links for Anchors<'_> {
    fn href(&self, kind: Kind, id: &str) -> Option<String> {
        match kind {
            Kind::Incident => Some(format!("#{}", anchor(id))),
            Kind::Decision if self.shown.contains(&id) => Some(format!("#{}", anchor(id))),
            _ => None,
        }
    }
}

/// `text` escaped, inside a link to `href` when there is one.
pub fn linked(text: &str, href: Option<String>) -> String {
    match href {
        Some(href) => format!("<a href=\"{}\">{}</a>", escape(&href), escape(text)),
        None => escape(text),
    }
}

const STYLE: &str = include_str!("../../assets/report.css");

pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(4096 + report.decisions.len() * 6000);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="Hindsight">
<title>{title}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="lede">{lede}</p>
<p class="meta">Written {written}.</p>
</header>
"#,
        title = escape(&report.title),
        lede = escape(&lede(report)),
        written = long_time(report.written),
    );
    contents(&mut out, report);
    let links = Anchors {
        shown: report.decisions.iter().map(|d| d.id.as_str()).collect(),
    };
    for (n, decision) in report.decisions.iter().enumerate() {
        decision_section(&mut out, decision, n, &links);
    }
    if let Some(stats) = &report.learned {
        super::learned::html(&mut out, stats);
    }
    if !report.incidents.is_empty() {
        out.push_str("<section class=\"appendix\" id=\"incidents\">\n<h2>Appendix: the incidents behind our decisions</h2>\n");
        for incident in &report.incidents {
            incident_article(&mut out, incident, &links);
        }
        out.push_str("</section>\n");
    }
    out.push_str("<footer>Written by Hindsight from the team's decision records and postmortems.</footer>\n</body>\n</html>\n");
    out
}

/// The sentence under the title.
pub(super) fn lede(report: &Report) -> String {
    let tradeoffs: usize = report.decisions.iter().map(|d| d.tradeoffs.len()).sum();
    let incidents = if report.incidents.len() == 1 {
        "incident"
    } else {
        "incidents"
    };
    format!(
        "{}, the {} made, and the {incidents} that taught us why.",
        count(report.decisions.len(), "decision", "decisions"),
        count(tradeoffs, "trade-off they", "trade-offs they"),
    )
}

fn contents(out: &mut String, report: &Report) {
    if report.decisions.len() < 2 && report.incidents.is_empty() {
        return;
    }
    out.push_str("<nav class=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
    for d in &report.decisions {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a><span class=\"badge\">{}</span>{}</li>",
            anchor(&d.id),
            escape(&d.title),
            d.status,
            if d.signoffs.is_awaiting() {
                "<span class=\"badge warn\">awaiting sign-off</span>"
            } else {
                ""
            }
        );
    }
    if report.learned.is_some() {
        out.push_str("<li><a href=\"#learned\">What we learned</a></li>\n");
    }
    if !report.incidents.is_empty() {
        out.push_str(
            "<li><a href=\"#incidents\">Appendix: the incidents behind our decisions</a></li>\n",
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

fn decision_section(out: &mut String, d: &DecisionStory, n: usize, links: &dyn Links) {
    let _ = write!(
        out,
        "<section class=\"decision\" id=\"{}\">\n<h2>{}</h2>\n<p class=\"meta\">{}",
        anchor(&d.id),
        escape(&d.title),
        escape(&d.status_line)
    );
    if !d.decided_by.is_empty() {
        let _ = write!(out, " · decided by {}", escape(&d.decided_by.join(", ")));
    }
    out.push_str("</p>\n<h3>What we decided</h3>\n");
    if !d.summary.is_empty() {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", escape(&d.summary));
    } else if !d.outcome.is_empty() {
        out.push_str(&markdown_html(&d.outcome));
    } else {
        out.push_str("<p>Not written down yet.</p>\n");
    }
    out.push_str("<h3>What we gain, what it costs, and why</h3>\n");
    tradeoff_table(out, d, links);
    out.push_str("<h3>Who signed it off</h3>\n");
    signoffs(out, d);
    if d.incident_ids.is_empty() && d.tradeoffs.iter().all(|t| t.lessons.is_empty()) {
        out.push_str("<h3>How we got here</h3>\n<p>No incident or lesson is linked to this decision yet.</p>\n</section>\n");
        return;
    }
    // The heading and its diagram stay together on paper.
    let _ = write!(
        out,
        "<div class=\"keep\">\n<h3>How we got here</h3>\n<figure>\n{}\n<figcaption>Read left to right: an incident taught a lesson, the lesson motivated a trade-off, the trade-off is part of the decision.</figcaption>\n</figure>\n</div>\n</section>\n",
        trace_svg_linked(&d.graph, n, &|node| links.href(node.kind, &node.id))
    );
}

/// A decision's trade-offs as a table: what each gains, what it costs, and why (the incident
/// and the lesson behind it).
pub fn tradeoff_table(out: &mut String, d: &DecisionStory, links: &dyn Links) {
    if d.tradeoffs.is_empty() {
        out.push_str("<p>No trade-offs recorded for this decision.</p>\n");
        return;
    }
    let [title, gain, cost, why] = column_widths(&d.tradeoffs);
    let _ = write!(
        out,
        "<table class=\"tradeoffs\">\n<thead><tr><th scope=\"col\" class=\"w{title}\">Trade-off</th><th scope=\"col\" class=\"w{gain}\">What we gain</th><th scope=\"col\" class=\"w{cost}\">What it costs</th><th scope=\"col\" class=\"w{why}\">Why: incident → lesson</th></tr></thead>\n<tbody>\n"
    );
    for t in &d.tradeoffs {
        tradeoff_row(out, t, links);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn tradeoff_row(out: &mut String, t: &TradeOffStory, links: &dyn Links) {
    let _ = write!(
        out,
        "<tr id=\"{}\"><th scope=\"row\">{}<span class=\"badge\">{}</span></th><td>{}</td><td>{}</td><td>",
        anchor(&t.id),
        escape(&t.title),
        t.risk.badge(),
        argument_html(&t.gain),
        argument_html(&t.cost),
    );
    let incidents: Vec<String> = t
        .incidents
        .iter()
        .map(|i| {
            let when = i
                .when
                .as_ref()
                .map(|w| format!(" ({})", escape(w)))
                .unwrap_or_default();
            format!(
                "{}{when}",
                linked(&i.title, links.href(Kind::Incident, &i.id))
            )
        })
        .collect();
    let lessons: Vec<String> = t
        .lessons
        .iter()
        .map(|l| {
            format!(
                "“{}”",
                linked(&l.statement, links.href(Kind::Lesson, &l.id))
            )
        })
        .collect();
    out.push_str(&why_chain(&incidents, &lessons));
    if !t.explanation.is_empty() {
        let _ = write!(out, "<span class=\"why\">{}</span>", escape(&t.explanation));
    }
    out.push_str("</td></tr>\n");
}

/// The trade-off table's column widths in percent (multiples of 5, adding up to 100): each
/// column's share of the text it holds, none narrower than 15 or wider than 45. A long list
/// of gains gets the room, and a column with one word still reads as a column.
fn column_widths(tradeoffs: &[TradeOffStory]) -> [u32; 4] {
    let length = |text: &str| plain_lines(text).chars().count().max(14);
    let mut chars = [0usize; 4];
    for t in tradeoffs {
        chars[0] += t.title.chars().count() + 16;
        chars[1] += length(&t.gain);
        chars[2] += length(&t.cost);
        let incidents: usize = t
            .incidents
            .iter()
            .map(|i| i.title.chars().count() + 20)
            .sum();
        let lessons: usize = t.lessons.iter().map(|l| l.statement.chars().count()).sum();
        chars[3] += (incidents + lessons + t.explanation.chars().count()).max(20);
    }
    let total = chars.iter().sum::<usize>().max(1) as f32;
    let mut widths = chars.map(|c| ((c as f32 / total * 20.0).round() as u32 * 5).clamp(15, 45));
    loop {
        let sum: u32 = widths.iter().sum();
        let pick = |wanted: &dyn Fn(u32) -> bool, most: bool| {
            (0..4).filter(|&i| wanted(widths[i])).max_by_key(|&i| {
                if most {
                    chars[i]
                } else {
                    usize::MAX - chars[i]
                }
            })
        };
        if sum > 100 {
            // From the column that needs it least.
            if let Some(i) = pick(&|w| w > 15, false) {
                widths[i] -= 5;
            }
        } else if sum < 100 {
            if let Some(i) = pick(&|w| w < 45, true) {
                widths[i] += 5;
            }
        } else {
            return widths;
        }
    }
}

/// What a trade-off gains or costs, as written (Markdown: a list of several, links): rendered,
/// or that the record does not say.
fn argument_html(text: &str) -> String {
    if text.trim().is_empty() {
        "<p class=\"none\">Not recorded.</p>".into()
    } else {
        markdown_html(text)
    }
}

/// Who signed a decision off, and whether each sign-off is still about the decision as it is.
pub fn signoffs(out: &mut String, d: &DecisionStory) {
    if let Some(warning) = d.signoffs.warning() {
        // Only a reviewed decision waits for a sign-off; others just have none yet.
        let class = if d.signoffs.is_awaiting() {
            " class=\"warn\""
        } else {
            ""
        };
        let _ = writeln!(out, "<p{class}>{}</p>", escape(&warning));
    }
    if d.signoffs.entries.is_empty() {
        if d.signoffs.warning().is_none() {
            out.push_str("<p>Nobody has signed this decision off.</p>\n");
        }
        return;
    }
    signoff_list(
        out,
        d.signoffs.entries.iter(),
        "given before the decision last changed",
    );
}

/// Sign-offs as a list: who, the verdict, when, their comment, and `outdated` (in brackets)
/// after one given before the decision last changed.
pub fn signoff_list<'a>(
    out: &mut String,
    entries: impl Iterator<Item = &'a SignOffEntry>,
    outdated: &str,
) {
    out.push_str("<ul class=\"signoffs\">\n");
    for e in entries {
        let s = &e.signoff;
        let when =
            s.at.map(|at| format!(" on {}", long_time(at)))
                .unwrap_or_default();
        let _ = write!(
            out,
            "<li><strong>{}</strong>: {}{}",
            escape(&who(s)),
            s.verdict.words(),
            escape(&when)
        );
        if !s.comment.is_empty() {
            let _ = write!(out, " — “{}”", escape(&s.comment));
        }
        if !e.current {
            let _ = write!(
                out,
                " <span class=\"outdated\">({})</span>",
                escape(outdated)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn incident_article(out: &mut String, i: &IncidentStory, links: &dyn Links) {
    let _ = write!(
        out,
        "<article id=\"{}\">\n<h3>{}</h3>\n",
        anchor(&i.id),
        escape(&i.title)
    );
    incident_facts(out, i, links);
    out.push_str("</article>\n");
}

/// An incident in plain words: when, what happened, who was affected, for how long, what it
/// taught and what it changed.
pub fn incident_facts(out: &mut String, i: &IncidentStory, links: &dyn Links) {
    out.push_str("<dl>\n");
    if let Some(when) = &i.when {
        let _ = writeln!(out, "<dt>When</dt><dd>{}</dd>", escape(when));
    }
    if !i.what_happened.is_empty() {
        let _ = writeln!(
            out,
            "<dt>What happened</dt><dd>{}</dd>",
            markdown_html(&i.what_happened)
        );
    }
    if !i.who_was_affected.is_empty() {
        out.push_str("<dt>Who was affected</dt><dd>");
        for part in &i.who_was_affected {
            out.push_str(&markdown_html(part));
        }
        out.push_str("</dd>\n");
    }
    if let Some(how_long) = &i.how_long {
        let _ = writeln!(out, "<dt>For how long</dt><dd>{}</dd>", escape(how_long));
    }
    if let Some((words, url)) = &i.source {
        let link = if is_safe_url(url) {
            format!(
                "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                escape(url),
                escape(words)
            )
        } else {
            format!("{} ({})", escape(words), escape(url))
        };
        let _ = writeln!(out, "<dt>Source</dt><dd>{link}</dd>");
    }
    if !i.lessons.is_empty() {
        out.push_str("<dt>What it taught us</dt><dd><ul>");
        for l in &i.lessons {
            lesson_item(out, l, links);
        }
        out.push_str("</ul></dd>\n");
    }
    if !i.decisions.is_empty() {
        out.push_str("<dt>What we changed</dt><dd><ul>");
        for (id, title) in &i.decisions {
            let _ = write!(
                out,
                "<li>{}</li>",
                linked(title, links.href(Kind::Decision, id))
            );
        }
        out.push_str("</ul></dd>\n");
    }
    out.push_str("</dl>\n");
}

fn lesson_item(out: &mut String, l: &Lesson, links: &dyn Links) {
    let _ = write!(
        out,
        "<li><strong>{}</strong>",
        linked(&l.statement, links.href(Kind::Lesson, &l.id))
    );
    if !l.explanation.trim().is_empty() {
        out.push_str(&markdown_html(&l.explanation));
    }
    out.push_str("</li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RiskLevel;

    fn story(title: &str, gain: &str, cost: &str) -> TradeOffStory {
        TradeOffStory {
            id: "t".into(),
            title: title.into(),
            gain: gain.into(),
            cost: cost.into(),
            explanation: String::new(),
            risk: RiskLevel::NotAssessed,
            incidents: Vec::new(),
            lessons: Vec::new(),
        }
    }

    #[test]
    fn columns_are_as_wide_as_the_text_they_hold() {
        let long = "- it shortens the body (essence of the ADR)\n".repeat(8);
        let widths = column_widths(&[story("YAML", &long, "")]);
        assert_eq!(widths.iter().sum::<u32>(), 100);
        assert_eq!(widths[1], 45, "{widths:?}");
        assert!(widths.iter().all(|w| (15..=45).contains(w)), "{widths:?}");
        let even = column_widths(&[story("Queue", "flat load", "a service to run")]);
        assert_eq!(even.iter().sum::<u32>(), 100);
        assert!(even.iter().all(|w| (15..=45).contains(w)), "{even:?}");
        assert_eq!(column_widths(&[]).iter().sum::<u32>(), 100);
    }
}
