//! A decision's page: the story in plain words as the report tells it (what we decided, each
//! trade-off with what it gains and costs and why, the lesson and the incident linked), the
//! trace diagram with every box a link, whether it worked, who signed it off and whether that
//! is still about the decision as it is, its reviews, the engineers' own text, and its history.

use std::fmt::Write;

use super::{Ctx, history, markdown_section, tags_line};
use crate::domain::stats::Effect;
use crate::domain::{Decision, Review};
use crate::publish::site::Entry;
use crate::report::html::{Links, linked, signoffs, tradeoff_table};
use crate::report::safe::{escape, markdown_html, under_heading};
use crate::report::{DecisionStory, stretch_words, trace_svg_linked};

/// What a decision's page tells, gathered.
pub struct DecisionPage<'a> {
    pub entry: &'a Entry,
    pub story: &'a DecisionStory,
    pub decision: &'a Decision,
    pub reviews: &'a [&'a Review],
    pub effect: Option<&'a Effect>,
}

pub fn render(out: &mut String, cx: &Ctx<'_>, p: &DecisionPage<'_>) {
    let d = p.story;
    let links = cx.links();
    let _ = writeln!(out, "<h1>{}</h1>", escape(&d.title));
    let (status, related) = related(cx, &p.decision.id, &d.status_line);
    let _ = write!(out, "<p class=\"meta\">{status}");
    if !d.decided_by.is_empty() {
        let _ = write!(out, " · decided by {}", escape(&d.decided_by.join(", ")));
    }
    let _ = writeln!(out, "{}</p>", cx.repo_badge());
    if !related.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", related.join(" · "));
    }
    super::dates_line(out, p.entry);
    tags_line(out, cx, &p.entry.tags);
    if d.signoffs.is_awaiting() {
        out.push_str("<p class=\"warn\">Awaiting sign-off.</p>\n");
    }
    out.push_str("<h2>What we decided</h2>\n");
    if !d.summary.is_empty() {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", escape(&d.summary));
    } else if !d.outcome.is_empty() {
        out.push_str(&under_heading(2, || markdown_html(&d.outcome)));
    } else {
        out.push_str("<p>Not written down yet.</p>\n");
    }
    out.push_str("<h2>What we gain, what it costs, and why</h2>\n");
    under_heading(2, || tradeoff_table(out, d, &links));
    out.push_str("<h2>How we got here</h2>\n");
    if d.graph.layers[0].is_empty() && d.graph.layers[1].is_empty() {
        out.push_str("<p>No incident or lesson is linked to this decision yet.</p>\n");
    } else {
        let _ = write!(
            out,
            "<figure>\n{}\n<figcaption>Read left to right: an incident taught a lesson, the lesson motivated a trade-off, the trade-off is part of the decision. Each box opens its record.</figcaption>\n</figure>\n",
            trace_svg_linked(&d.graph, 0, &|node| links.href(node.kind, &node.id))
        );
    }
    out.push_str("<h2>Did it work?</h2>\n");
    match p.effect {
        Some(e) => {
            let _ = writeln!(
                out,
                "<p>Incidents on its subject before it: {}. Since: {}.</p>",
                escape(&stretch_words(&e.before)),
                escape(&stretch_words(&e.after))
            );
        }
        None => {
            let _ = writeln!(out, "<p>{}</p>", escape(&why_not_known(cx, p)));
        }
    }
    out.push_str("<h2>Who signed it off</h2>\n");
    if d.signoffs.entries.is_empty() {
        // One sentence whatever the status (the report's says "No sign-off yet." for some,
        // "Nobody has signed this decision off." for others); the warning above says whether
        // one is awaited.
        let class = if d.signoffs.is_awaiting() {
            " class=\"warn\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<p{class}>Nobody has signed this decision off yet.</p>"
        );
    } else {
        signoffs(out, d);
    }
    if !p.reviews.is_empty() {
        out.push_str("<h2>Reviews</h2>\n<ul>\n");
        for r in p.reviews {
            let when = r.date.map(|d| format!(" ({d})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "<li>{}{}</li>",
                linked(&r.title, links.href(crate::domain::Kind::Review, &r.id)),
                escape(&when)
            );
        }
        out.push_str("</ul>\n");
    }
    let dec = p.decision;
    let sections = [
        ("Context", dec.context.as_str()),
        ("What drove it", dec.drivers.as_str()),
        // Shown under "What we decided" when there is no summary: not twice.
        (
            "The decision as engineers wrote it",
            if d.summary.is_empty() {
                ""
            } else {
                dec.outcome.as_str()
            },
        ),
        ("Consequences", dec.consequences.as_str()),
        ("How we will know it works", dec.confirmation.as_str()),
    ];
    let written = sections.iter().any(|(_, t)| !t.trim().is_empty()) || !dec.options.is_empty();
    if written {
        out.push_str("<h2>The record in full</h2>\n");
        for (heading, text) in sections {
            markdown_section(out, heading, text);
        }
        if !dec.options.is_empty() {
            out.push_str("<h3>Options we considered</h3>\n<ul>\n");
            for o in &dec.options {
                let _ = write!(out, "<li><strong>{}</strong>", escape(&o.name));
                if !o.description.trim().is_empty() {
                    out.push_str(&markdown_html(&o.description));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
    }
    super::across(out, cx, p.entry);
    history(out, cx, p.entry);
}

/// The status line with the decision that replaced this one as a link, and the decisions this
/// one replaces or amends, or that amend it (adr-tools' "Supersedes", "Superseded by",
/// "Amends" lines), each a link to its page.
fn related(cx: &Ctx<'_>, id: &str, status_line: &str) -> (String, Vec<String>) {
    use crate::domain::Relation;
    let links = cx.links();
    let mut status = escape(status_line);
    let mut related = Vec::new();
    let outgoing = cx.store.links_from(id).unwrap_or_default();
    let incoming = cx.store.links_to(id).unwrap_or_default();
    let all = outgoing
        .iter()
        .map(|l| (l, true))
        .chain(incoming.iter().map(|l| (l, false)));
    for (link, from_here) in all {
        let words = match (link.relation, from_here) {
            (Relation::Supersedes, true) => "Replaces",
            (Relation::Supersedes, false) => "Replaced by",
            (Relation::Amends, true) => "Amends",
            (Relation::Amends, false) => "Amended by",
            _ => continue,
        };
        let other = if from_here {
            &link.to_id
        } else {
            &link.from_id
        };
        let Some(e) = cx.site.find(cx.repo, other) else {
            continue;
        };
        let a = linked(&e.title, links.href(e.kind, &e.id));
        let quoted = format!("“{}”", escape(&e.title));
        if !from_here && link.relation == Relation::Supersedes && status.contains(&quoted) {
            status = status.replacen(&quoted, &format!("“{a}”"), 1);
        } else {
            related.push(format!("{words} {a}"));
        }
    }
    (status, related)
}

/// Why "Did it work?" has no answer, as the effects count it (`domain::stats::effects`): the
/// decision was not taken, has no date, or no incident carries a tag of its subject (its own
/// tags and those of the incidents behind it).
fn why_not_known(cx: &Ctx<'_>, p: &DecisionPage<'_>) -> String {
    use crate::domain::{DecisionStatus, Incident};
    let dec = p.decision;
    match dec.status {
        DecisionStatus::Proposed => {
            return "Not known yet: it is only proposed, so nothing has been done that could work."
                .to_string();
        }
        DecisionStatus::Rejected => {
            return "Nothing to tell: it was rejected, so it was never put to work.".to_string();
        }
        s if !s.was_taken() => {
            return "Not known: it was not taken, so nothing has been done that could work."
                .to_string();
        }
        _ => {}
    }
    if dec.date.is_none() {
        return "Not known: it has no date, so there is no before and since.".to_string();
    }
    let behind = p.story.incident_ids.len();
    let untagged_behind = p
        .story
        .incident_ids
        .iter()
        .filter_map(|id| cx.store.get::<Incident>(id).ok())
        .filter(|i| i.tags.is_empty())
        .count();
    let rule = "We count an incident as on a decision's subject when it carries one of the \
                decision's tags, or of the incidents behind it";
    let why = match (dec.tags.is_empty(), behind) {
        (true, 0) => "this decision has no tags and no incident behind it".to_string(),
        (true, _) => "neither this decision nor the incidents behind it have tags".to_string(),
        (false, 0) => format!("no incident is tagged {}", quoted_tags(&dec.tags)),
        (false, _) if untagged_behind == behind => format!(
            "no incident is tagged {}, and the incidents behind it have no tags",
            quoted_tags(&dec.tags)
        ),
        (false, _) => format!("no incident is tagged {}", quoted_tags(&dec.tags)),
    };
    format!("Not known yet: no incident is on its subject. {rule}; {why}.")
}

/// “a”, “a” or “b”, “a”, “b” or “c”.
fn quoted_tags(tags: &[String]) -> String {
    let quoted: Vec<String> = tags.iter().map(|t| format!("“{t}”")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
