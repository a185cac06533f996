//! The home page: what a stakeholder wants first — the decisions made lately, those due for a
//! second look, the open action items by risk, and whether our decisions worked, a sentence
//! each.

use std::fmt::Write;

use super::record::{Urgency, action_line};
use crate::domain::stats::{Effect, Revisit};
use crate::domain::{ActionItem, Kind};
use crate::publish::site::Site;
use crate::report::html::linked;
use crate::report::safe::escape;
use crate::report::story::count;
use crate::report::{revisit_when, stretch_words};

/// What the home page tells beyond the site's map, gathered from every repository.
#[derive(Default)]
pub struct Highlights {
    pub effects: Vec<(usize, Effect)>,
    pub revisits: Vec<(usize, Revisit)>,
    pub open_actions: Vec<(usize, ActionItem, Urgency)>,
}

/// How many lines each list of the home page shows before pointing to the rest.
const SHOWN: usize = 10;

pub fn render(out: &mut String, site: &Site, h: &Highlights) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(&site.title));
    let repos = if site.several_repos() {
        format!(" from {} repositories", site.repos.len())
    } else {
        String::new()
    };
    let _ = writeln!(out, "<p class=\"lede\">{}</p>", escape(&lede(site, &repos)));
    out.push_str("<h2>Decisions made lately</h2>\n");
    let mut decisions: Vec<_> = site
        .of_kind(Kind::Decision)
        .filter(|e| e.date.is_some())
        .collect();
    decisions.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.number.cmp(&a.number))
            .then_with(|| a.title.cmp(&b.title))
    });
    if decisions.is_empty() {
        out.push_str("<p>No dated decision yet.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for e in decisions.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "<li>{} <span class=\"badge\">{}</span> <span class=\"hint\">{}</span>{}</li>",
                linked(&e.title, Some(e.path.clone())),
                escape(&e.badge),
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                super::layout::repo_badge(site, e.repo)
            );
        }
        out.push_str("</ul>\n<p><a href=\"decisions/index.html\">Every decision</a></p>\n");
    }
    out.push_str("<h2>Due for a second look</h2>\n");
    if h.revisits.is_empty() {
        out.push_str("<p>No decision is due for revisit.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for (repo, r) in h.revisits.iter().take(SHOWN) {
            let href = site.find(*repo, &r.id).map(|e| e.path.clone());
            let _ = writeln!(
                out,
                "<li>{}: {}</li>",
                escape(&revisit_when(r)),
                linked(&r.title, href)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Open action items, by risk</h2>\n");
    if h.open_actions.is_empty() {
        out.push_str("<p>No action item is open.</p>\n");
    } else {
        for urgency in [
            Urgency::High,
            Urgency::Medium,
            Urgency::Low,
            Urgency::NotAssessed,
        ] {
            let items: Vec<_> = h
                .open_actions
                .iter()
                .filter(|(_, _, u)| *u == urgency)
                .collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "<h3>{} ({})</h3>\n<ul>", urgency.words(), items.len());
            for (repo, a, _) in items.iter().take(SHOWN) {
                let _ = writeln!(out, "<li>{}</li>", action_line(site, *repo, "", a));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("<p><a href=\"actions.html\">Every action item</a></p>\n");
    }
    out.push_str("<h2>Did our decisions work?</h2>\n");
    if h.effects.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&why_no_effects(site)));
    } else {
        out.push_str("<ul>\n");
        for (repo, e) in h.effects.iter().take(SHOWN) {
            let href = site.find(*repo, &e.id).map(|x| x.path.clone());
            let _ = writeln!(
                out,
                "<li>{}: incidents on its subject before it, {}; since, {}.</li>",
                linked(&e.title, href),
                escape(&stretch_words(&e.before)),
                escape(&stretch_words(&e.after))
            );
        }
        out.push_str("</ul>\n<p><a href=\"insights.html\">More in the Insights</a></p>\n");
    }
    let not_led = site
        .of_kind(Kind::Incident)
        .filter(|e| !site.led_to_decision(e))
        .count();
    if not_led > 0 {
        let _ = writeln!(
            out,
            "<h2>Incidents waiting for a decision</h2>\n<p>{} not led to a decision yet: <a href=\"incidents/index.html\">see them</a>.</p>",
            count(not_led, "incident has", "incidents have")
        );
    }
}

/// "10 decisions, the 32 incidents and 9 lessons behind them, and whether they worked": only
/// what there is.
fn lede(site: &Site, repos: &str) -> String {
    let n = |k: Kind| site.of_kind(k).count();
    let mut behind = Vec::new();
    if n(Kind::Incident) > 0 {
        behind.push(count(n(Kind::Incident), "incident", "incidents"));
    }
    if n(Kind::Lesson) > 0 {
        behind.push(count(n(Kind::Lesson), "lesson", "lessons"));
    }
    let behind = behind.join(" and ");
    match (n(Kind::Decision), behind.is_empty()) {
        (0, true) => format!("Nothing is recorded yet{repos}."),
        (0, false) => format!("{behind}{repos}; no decision is recorded yet."),
        (d, true) => format!(
            "{}{repos}, and whether they worked.",
            count(d, "decision", "decisions")
        ),
        (d, false) => format!(
            "{}, the {behind} behind them{repos}, and whether they worked.",
            count(d, "decision", "decisions")
        ),
    }
}

/// Why no decision tells whether it worked, as the effects count it
/// (`domain::stats::effects`): a decision needs to have been taken, to have a date, and an
/// incident to carry one of its tags or of the incidents behind it.
fn why_no_effects(site: &Site) -> String {
    use crate::domain::DecisionStatus;
    let decisions: Vec<_> = site.of_kind(Kind::Decision).collect();
    if decisions.is_empty() {
        return "Not known yet: no decision is recorded.".to_string();
    }
    if site.of_kind(Kind::Incident).next().is_none() {
        return "Not known yet: no incident is recorded, so there is nothing to compare."
            .to_string();
    }
    let taken_and_dated = decisions.iter().any(|e| {
        e.date.is_some()
            && DecisionStatus::from_words(&e.badge).is_some_and(DecisionStatus::was_taken)
    });
    if !taken_and_dated {
        return "Not known yet: none of the decisions we took has a date, so there is no before and since."
            .to_string();
    }
    "Not known yet: no incident is on the subject of a dated decision we took. An incident is on \
     a decision's subject when it carries one of the decision's tags, or of the incidents behind \
     it."
    .to_string()
}
