//! The pages that list records: one per kind (filterable by repository and tag where scripts
//! run, with a link to each tag's and repository's page where they do not), the tags, each
//! repository, the timeline of decisions and incidents, the action items, the Insights and
//! the search page.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::domain::Kind;
use crate::publish::site::{Entry, Site, slug};
use crate::report::safe::escape;

/// A table of records, newest first, each row carrying its repository and tags for the filter.
pub fn table(out: &mut String, site: &Site, up: &str, entries: &[&Entry]) {
    let Some(first) = entries.first() else {
        out.push_str("<p>None yet.</p>\n");
        return;
    };
    let several = site.several_repos();
    let _ = write!(
        out,
        "<table class=\"records\">\n<thead><tr><th scope=\"col\">Title</th><th scope=\"col\">{}</th><th scope=\"col\">Date</th>",
        badge_heading(first.kind)
    );
    if several {
        out.push_str("<th scope=\"col\">Repository</th>");
    }
    out.push_str("<th scope=\"col\">Tags</th></tr></thead>\n<tbody>\n");
    for e in entries {
        let tags: Vec<String> = e.tags.iter().map(|t| slug(t)).collect();
        let _ = write!(
            out,
            "<tr data-repo=\"{}\" data-tags=\" {} \"><td><a href=\"{up}{}\">{}</a></td><td><span class=\"badge\">{}</span></td><td class=\"nowrap\">{}</td>",
            escape(&site.repos[e.repo].name),
            escape(&tags.join(" ")),
            escape(&e.path),
            escape(&e.title),
            escape(&badge_of(e)),
            e.date.map(|d| d.to_string()).unwrap_or_default()
        );
        if several {
            let _ = write!(
                out,
                "<td><a href=\"{up}repos/{}.html\">{}</a></td>",
                slug(&site.repos[e.repo].name),
                escape(&site.repos[e.repo].name)
            );
        }
        let tag_links: Vec<String> = e.tags.iter().map(|t| super::tag_link(up, t)).collect();
        let _ = writeln!(out, "<td>{}</td></tr>", tag_links.join(" "));
    }
    out.push_str("</tbody>\n</table>\n");
}

/// What a list's badge column shows, by kind: a decision's status, an incident's severity, what
/// a lesson is about, how many signed a review off.
fn badge_heading(kind: Kind) -> &'static str {
    match kind {
        Kind::Incident => "Severity",
        Kind::Lesson => "About",
        Kind::Review => "Sign-offs",
        _ => "Status",
    }
}

/// A record's badge as its list shows it: a review's count of sign-offs in words that agree
/// with the number ("1 sign-off"; the site's map writes "1 sign-offs"), as on a phone the
/// column's head is not shown.
fn badge_of(e: &Entry) -> String {
    let signoffs = e
        .badge
        .strip_suffix(" sign-offs")
        .and_then(|n| n.parse::<usize>().ok());
    match (e.kind, signoffs) {
        (Kind::Review, Some(n)) => crate::report::story::count(n, "sign-off", "sign-offs"),
        _ => e.badge.clone(),
    }
}

/// The filter above a table: hidden until its script shows it (without scripts, the tag and
/// repository pages do the same work).
pub fn filter(out: &mut String, site: &Site, entries: &[&Entry]) {
    let mut tags: BTreeMap<String, String> = BTreeMap::new();
    for e in entries {
        for t in &e.tags {
            tags.entry(slug(t)).or_insert_with(|| t.clone());
        }
    }
    if tags.is_empty() && !site.several_repos() {
        return;
    }
    out.push_str("<form class=\"filter\" hidden>\n");
    if site.several_repos() {
        out.push_str("<label for=\"filter-repo\">Repository</label> <select id=\"filter-repo\"><option value=\"\">All</option>");
        for r in &site.repos {
            let _ = write!(out, "<option value=\"{0}\">{0}</option>", escape(&r.name));
        }
        out.push_str("</select>\n");
    }
    if !tags.is_empty() {
        out.push_str("<label for=\"filter-tag\">Tag</label> <select id=\"filter-tag\"><option value=\"\">All</option>");
        for (slug, name) in &tags {
            let _ = write!(
                out,
                "<option value=\"{}\">{}</option>",
                escape(slug),
                escape(name)
            );
        }
        out.push_str("</select>\n");
    }
    out.push_str("<output id=\"filter-count\" aria-live=\"polite\"></output>\n</form>\n");
}

/// Records sorted newest first (undated last), then by title.
pub fn newest_first(mut entries: Vec<&Entry>) -> Vec<&Entry> {
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| b.number.cmp(&a.number))
            .then_with(|| a.title.cmp(&b.title))
    });
    entries
}

/// The page listing every record of a kind (at `KIND/index.html`).
pub fn kind_index(out: &mut String, site: &Site, kind: Kind, intro: &str) {
    let entries = newest_first(site.of_kind(kind).collect());
    let _ = writeln!(out, "<h1>{}</h1>", heading_of(kind));
    let _ = writeln!(out, "<p class=\"lede\">{}</p>", escape(intro));
    filter(out, site, &entries);
    if kind == Kind::Incident {
        let (led, not_led): (Vec<&Entry>, Vec<&Entry>) =
            entries.iter().partition(|e| site_led_to_decision(site, e));
        out.push_str("<h2>Incidents that have not led to a decision</h2>\n");
        table(out, site, "../", &not_led);
        out.push_str("<h2>Incidents that changed a decision</h2>\n");
        table(out, site, "../", &led);
    } else {
        table(out, site, "../", &entries);
    }
}

/// Whether an incident has led to a decision (looked up once, when the site was mapped).
fn site_led_to_decision(site: &Site, e: &Entry) -> bool {
    site.led_to_decision(e)
}

pub fn heading_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Decision => "Decisions",
        Kind::Incident => "Incidents",
        Kind::Lesson => "Lessons learned",
        Kind::Review => "Reviews",
        _ => "Records",
    }
}

/// Every tag, with how many records carry it.
pub fn tags_index(out: &mut String, tags: &BTreeMap<String, (String, Vec<usize>)>) {
    out.push_str("<h1>Tags</h1>\n");
    if tags.is_empty() {
        out.push_str("<p>No record has a tag yet.</p>\n");
        return;
    }
    out.push_str("<ul class=\"tags-list\">\n");
    for (slug, (name, records)) in tags {
        let _ = writeln!(
            out,
            "<li><a href=\"{}.html\">{}</a> ({})</li>",
            escape(slug),
            escape(name),
            records.len()
        );
    }
    out.push_str("</ul>\n");
}

/// The records carrying one tag, by kind.
pub fn tag_page(out: &mut String, site: &Site, name: &str, records: &[usize]) {
    let _ = writeln!(out, "<h1>Tagged “{}”</h1>", escape(name));
    for kind in [Kind::Decision, Kind::Incident] {
        let entries: Vec<&Entry> = records
            .iter()
            .map(|&n| &site.entries[n])
            .filter(|e| e.kind == kind)
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{}</h2>", heading_of(kind));
        table(out, site, "../", &newest_first(entries));
    }
}

/// One repository's records, by kind.
pub fn repo_page(out: &mut String, site: &Site, repo: usize) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(&site.repos[repo].name));
    for kind in [Kind::Decision, Kind::Incident, Kind::Lesson, Kind::Review] {
        let entries: Vec<&Entry> = site.of_kind(kind).filter(|e| e.repo == repo).collect();
        let _ = writeln!(out, "<h2>{}</h2>", heading_of(kind));
        table(out, site, "../", &newest_first(entries));
    }
}

/// Decisions and incidents in one line of time, newest first, by year.
pub fn timeline(out: &mut String, site: &Site) {
    out.push_str("<h1>Timeline</h1>\n<p class=\"lede\">Our decisions and incidents in the order they happened, newest first.</p>\n");
    let entries = newest_first(
        site.entries
            .iter()
            .filter(|e| matches!(e.kind, Kind::Decision | Kind::Incident))
            .collect(),
    );
    let mut year: Option<Option<i32>> = None;
    for e in entries {
        let this = e.date.map(|d| chrono::Datelike::year(&d));
        if year != Some(this) {
            if year.is_some() {
                out.push_str("</ol>\n");
            }
            match this {
                Some(y) => {
                    let _ = writeln!(out, "<h2>{y}</h2>");
                }
                None => out.push_str("<h2>Undated</h2>\n"),
            }
            out.push_str("<ol class=\"timeline\">\n");
            year = Some(this);
        }
        let what = if e.kind == Kind::Decision {
            "decided"
        } else {
            "incident"
        };
        let _ = writeln!(
            out,
            "<li class=\"{}\"><span class=\"when\">{}</span> <span class=\"badge\">{what}</span> <a href=\"{}\">{}</a>{}</li>",
            if e.kind == Kind::Decision {
                "decision"
            } else {
                "incident"
            },
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            escape(&e.path),
            escape(&e.title),
            super::layout::repo_badge(site, e.repo)
        );
    }
    if year.is_some() {
        out.push_str("</ol>\n");
    } else {
        out.push_str("<p>No decision or incident yet.</p>\n");
    }
}

/// The search page: the box is in every page's header; the results appear here.
pub fn search(out: &mut String) {
    out.push_str("<h1>Search</h1>\n<p id=\"search-status\" aria-live=\"polite\">Type a word of any decision, incident, lesson or review in the box above.</p>\n<noscript><p class=\"warn\">Search needs scripts, which are off in this browser. Every record is also on the <a href=\"timeline.html\">timeline</a>, under its <a href=\"tags/index.html\">tags</a> and in the lists above.</p></noscript>\n<ol id=\"search-results\"></ol>\n");
}
