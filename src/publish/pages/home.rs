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
    let count = |k: Kind| site.of_kind(k).count();
    let _ = writeln!(out, "<h1>{}</h1>", escape(&site.title));
    let repos = if site.several_repos() {
        format!(" from {} repositories", site.repos.len())
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<p class=\"lede\">{} decisions, the {} incidents and {} lessons behind them{repos}, and whether they worked.</p>",
        count(Kind::Decision),
        count(Kind::Incident),
        count(Kind::Lesson)
    );
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
        out.push_str(
            "<p>Not known yet: no dated decision shares a subject with our incidents.</p>\n",
        );
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
            "<h2>Incidents waiting for a decision</h2>\n<p>{not_led} incidents have not led to a decision yet: <a href=\"incidents/index.html\">see them</a>.</p>"
        );
    }
}
