//! What the site will hold before a page is written: every file's path (so a folder holding
//! files Hindsight did not write is refused first), the tags, the links across repositories,
//! the sitemap, and the page of every action item.

use std::collections::BTreeMap;

use super::PublishOptions;
use super::pages::record;
use super::read::Repo;
use super::site::{CrossLink, Site, slug};
use crate::domain::{ActionItem, ActionStatus, Kind};
use crate::report::safe::escape;

/// Links stated in one repository whose other end is in another: kept as links across
/// repositories; those whose end is nowhere are named in a warning.
pub fn cross_links(site: &mut Site, repos: &[Repo<'_>], warnings: &mut Vec<String>) {
    for (n, repo) in repos.iter().enumerate() {
        for (link, file) in &repo.loose_links {
            let from = site
                .find(n, &link.from_id)
                .and_then(|e| site.index_of(e.repo, &e.id));
            let to = site
                .find(n, &link.to_id)
                .and_then(|e| site.index_of(e.repo, &e.id));
            match (from, to) {
                (Some(from), Some(to)) => site.add_cross(CrossLink {
                    from,
                    relation: link.relation,
                    to,
                }),
                _ => {
                    let missing = if from.is_none() {
                        &link.from_id
                    } else {
                        &link.to_id
                    };
                    warnings.push(format!(
                        "{}: links {} to {}, but no record is {missing}; the link is left out",
                        file.display(),
                        link.from_id,
                        link.to_id
                    ));
                }
            }
        }
    }
}

/// Every tag of decisions and incidents: its page's name → (the tag as first written, the
/// entries carrying it).
pub fn tags(site: &Site) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (n, e) in site.entries.iter().enumerate() {
        if !matches!(e.kind, Kind::Decision | Kind::Incident) {
            continue;
        }
        for t in &e.tags {
            if t.trim().is_empty() {
                continue;
            }
            tags.entry(slug(t))
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(n);
        }
    }
    tags
}

/// Every file the site will have, before any is written.
pub fn planned(
    site: &Site,
    tags: &BTreeMap<String, (String, Vec<usize>)>,
    options: &PublishOptions,
) -> Vec<String> {
    let mut paths: Vec<String> = site
        .entries
        .iter()
        .filter(|e| !e.path.contains('#'))
        .map(|e| e.path.clone())
        .collect();
    for fixed in [
        "index.html",
        "decisions/index.html",
        "incidents/index.html",
        "lessons/index.html",
        "reviews/index.html",
        "actions.html",
        "timeline.html",
        "tags/index.html",
        "insights.html",
        "search.html",
        "search-index.js",
        "search.js",
        "filter.js",
        "site.css",
    ] {
        paths.push(fixed.to_string());
    }
    paths.extend(tags.keys().map(|t| format!("tags/{t}.html")));
    if site.several_repos() {
        paths.extend(
            site.repos
                .iter()
                .map(|r| format!("repos/{}.html", slug(&r.name))),
        );
    }
    if options.base_url.is_some() {
        paths.push("sitemap.xml".into());
    }
    paths
}

/// `sitemap.xml`: every page at the address it will be served from.
pub fn sitemap(base: &str, planned: &[String]) -> String {
    let base = base.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in planned.iter().filter(|p| p.ends_with(".html")) {
        out.push_str(&format!(
            "<url><loc>{}/{}</loc></url>\n",
            escape(base),
            escape(path)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// Every action item: open ones first, by risk, then those done.
pub fn actions_page(out: &mut String, site: &Site, repos: &[Repo<'_>]) {
    use std::fmt::Write;
    out.push_str("<h1>Action items</h1>\n");
    let mut open: Vec<(usize, ActionItem, record::Urgency)> = Vec::new();
    let mut done: Vec<(usize, ActionItem)> = Vec::new();
    for (n, repo) in repos.iter().enumerate() {
        let urgency = record::urgencies(repo.store());
        for a in repo.store().list::<ActionItem>().unwrap_or_default() {
            if a.status == ActionStatus::Open {
                let u = urgency
                    .get(&a.id)
                    .copied()
                    .unwrap_or(record::Urgency::NotAssessed);
                open.push((n, a, u));
            } else {
                done.push((n, a));
            }
        }
    }
    open.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.due.cmp(&b.1.due)));
    out.push_str("<h2>Open</h2>\n");
    if open.is_empty() {
        out.push_str("<p>No action item is open.</p>\n");
    }
    let mut current: Option<record::Urgency> = None;
    for (n, a, u) in &open {
        if current != Some(*u) {
            if current.is_some() {
                out.push_str("</ul>\n");
            }
            let _ = writeln!(out, "<h3>{}</h3>\n<ul>", u.words());
            current = Some(*u);
        }
        let _ = writeln!(
            out,
            "<li id=\"{}\">{}</li>",
            site.action_anchor(*n, &a.id),
            record::action_line(site, *n, "", a)
        );
    }
    if current.is_some() {
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Done</h2>\n");
    if done.is_empty() {
        out.push_str("<p>None yet.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for (n, a) in &done {
            let _ = writeln!(
                out,
                "<li id=\"{}\">{}</li>",
                site.action_anchor(*n, &a.id),
                record::action_line(site, *n, "", a)
            );
        }
        out.push_str("</ul>\n");
    }
}
