//! Building the site from the repositories read: the map of every record first (so every link
//! has its page), the links across repositories, then each page rendered and handed to the
//! writer at once (a page is never held longer than its own writing, so memory stays flat
//! with the number of records), then the lists, the search index and the manifest.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::Utc;

use super::history::FileHistory;
use super::pages::home::Highlights;
use super::pages::layout::{Head, Scripts, end, start};
use super::pages::{Ctx, decision, home, incident, lists, record};
use super::read::Repo;
use super::site::{CrossLink, Entry, Site, slug};
use super::write::SiteWriter;
use super::{PublishError, PublishOptions, Published, Step};
use crate::domain::{
    ActionItem, ActionStatus, Decision, Incident, Kind, Lesson, Relation, Review, stats,
};
use crate::report::safe::{escape, within_page};
use crate::report::{Node, story};

const SITE_CSS: &str = concat!(
    include_str!("../../assets/report.css"),
    include_str!("../../assets/site/site.css")
);
const SEARCH_JS: &str = include_str!("../../assets/site/search.js");
const FILTER_JS: &str = include_str!("../../assets/site/filter.js");
const LIST_SCRIPTS: Scripts = Scripts::Own(&["filter.js"]);
const SEARCH_SCRIPTS: Scripts = Scripts::Own(&["search-index.js", "search.js"]);

pub fn build(
    repos: &[Repo<'_>],
    histories: Vec<FileHistory>,
    out: &Path,
    options: &PublishOptions,
    revisions: bool,
    progress: &mut dyn FnMut(Step),
) -> Result<Published, PublishError> {
    let title = options
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Why we built it this way".into());
    let mut site = Site::new(title, repos);
    for (n, repo) in repos.iter().enumerate() {
        site.add_repo(n, repo, &histories[n])?;
    }
    let mut warnings: Vec<String> = repos.iter().flat_map(|r| r.warnings.clone()).collect();
    super::lap("site mapped");
    cross_links(&mut site, repos, &mut warnings);
    let tags = tags(&site);
    let planned = planned(&site, &tags, options);
    let mut writer = SiteWriter::open(out, &planned)?;
    let base = options.base_url.as_deref();
    let total = planned.len();
    let mut done = 0usize;
    let mut page = |writer: &mut SiteWriter, path: &str, html: &str| {
        done += 1;
        if done.is_multiple_of(64) || done == total {
            progress(Step {
                stage: "Writing pages",
                done,
                total,
            });
        }
        writer.page(path, html.as_bytes())
    };
    let today = Utc::now().date_naive();
    let mut highlights = Highlights::default();
    let mut insights = Vec::new();
    let mut buf = String::with_capacity(64 * 1024);
    for (n, repo) in repos.iter().enumerate() {
        let store = repo.store();
        let figures = stats::compute(&store.stats_input()?, &Default::default(), today);
        let effects: HashMap<&str, &stats::Effect> = figures
            .decisions
            .effects
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();
        super::lap("stats");
        let reviews = store.list::<Review>()?;
        let mut reviews_of: HashMap<&str, Vec<&Review>> = HashMap::new();
        for r in &reviews {
            reviews_of
                .entry(r.decision_id.as_str())
                .or_default()
                .push(r);
        }
        let mut sql_time = std::time::Duration::ZERO;
        let mut render_time = std::time::Duration::ZERO;
        let mut write_time = std::time::Duration::ZERO;
        for d in store.list::<Decision>()? {
            let Some(entry) = site.find(n, &d.id).filter(|e| e.repo == n) else {
                continue;
            };
            let t0 = std::time::Instant::now();
            let mut story = story::decision(store, &d.id)?;
            sql_time += t0.elapsed();
            add_cross_motivations(&site, n, &mut story);
            let page_reviews = reviews_of.get(d.id.as_str()).cloned().unwrap_or_default();
            let cx = Ctx {
                site: &site,
                repo: n,
                path: &entry.path,
                store,
                history: &histories[n],
                revisions,
            };
            let t1 = std::time::Instant::now();
            render(
                &mut buf,
                &cx,
                base,
                entry,
                &story.title,
                &story.summary,
                |out| {
                    decision::render(
                        out,
                        &cx,
                        &decision::DecisionPage {
                            entry,
                            story: &story,
                            decision: &d,
                            reviews: &page_reviews,
                            effect: effects.get(d.id.as_str()).copied(),
                        },
                    )
                },
            );
            render_time += t1.elapsed();
            let t2 = std::time::Instant::now();
            page(&mut writer, &entry.path, &buf)?;
            write_time += t2.elapsed();
        }
        super::lap(&format!(
            "decisions: sql {sql_time:?} render {render_time:?} write {write_time:?}"
        ));
        for i in store.list::<Incident>()? {
            let Some(entry) = site.find(n, &i.id).filter(|e| e.repo == n) else {
                continue;
            };
            let mut story = story::incident(store, &i.id)?;
            if let Some(me) = site.index_of(n, &i.id) {
                for link in site.cross_of(me) {
                    let from = &site.entries[link.from];
                    if link.to == me
                        && link.relation == Relation::MotivatedBy
                        && let Some(t) = repos[from.repo]
                            .store()
                            .find::<crate::domain::TradeOff>(&from.id)?
                        && let Some(dec) = site.index_of(from.repo, &t.decision_id)
                    {
                        let dec = &site.entries[dec];
                        story.decisions.push((dec.id.clone(), dec.title.clone()));
                    }
                }
            }
            let cx = Ctx {
                site: &site,
                repo: n,
                path: &entry.path,
                store,
                history: &histories[n],
                revisions,
            };
            let description = first_sentence(&story.what_happened);
            render(
                &mut buf,
                &cx,
                base,
                entry,
                &story.title,
                &description,
                |out| incident::render(out, &cx, entry, &story, &i),
            );
            page(&mut writer, &entry.path, &buf)?;
        }
        super::lap("incidents");
        for l in store.list::<Lesson>()? {
            let Some(entry) = site.find(n, &l.id).filter(|e| e.repo == n) else {
                continue;
            };
            let cx = Ctx {
                site: &site,
                repo: n,
                path: &entry.path,
                store,
                history: &histories[n],
                revisions,
            };
            render(
                &mut buf,
                &cx,
                base,
                entry,
                &l.statement,
                "A lesson we learned",
                |out| record::lesson(out, &cx, entry, &l),
            );
            page(&mut writer, &entry.path, &buf)?;
        }
        for r in &reviews {
            let Some(entry) = site.find(n, &r.id).filter(|e| e.repo == n) else {
                continue;
            };
            let cx = Ctx {
                site: &site,
                repo: n,
                path: &entry.path,
                store,
                history: &histories[n],
                revisions,
            };
            render(
                &mut buf,
                &cx,
                base,
                entry,
                &r.title,
                "A design review",
                |out| record::review(out, &cx, entry, r),
            );
            page(&mut writer, &entry.path, &buf)?;
        }
        super::lap("lessons, reviews");
        let urgency = record::urgencies(store);
        for a in store.list::<ActionItem>()? {
            if a.status == ActionStatus::Open {
                let u = urgency
                    .get(&a.id)
                    .copied()
                    .unwrap_or(record::Urgency::NotAssessed);
                highlights.open_actions.push((n, a, u));
            }
        }
        highlights
            .effects
            .extend(figures.decisions.effects.iter().cloned().map(|e| (n, e)));
        highlights
            .revisits
            .extend(figures.decisions.revisits.iter().cloned().map(|r| (n, r)));
        insights.push(figures);
    }
    highlights.open_actions.sort_by(|a, b| {
        a.2.cmp(&b.2)
            .then_with(|| a.1.due.is_none().cmp(&b.1.due.is_none()))
            .then_with(|| a.1.due.cmp(&b.1.due))
            .then_with(|| a.1.title.cmp(&b.1.title))
    });
    // Lists and the rest.
    let mut simple = |writer: &mut SiteWriter,
                      path: &str,
                      title: &str,
                      description: &str,
                      scripts: Scripts,
                      body: &dyn Fn(&mut String)|
     -> Result<(), PublishError> {
        buf.clear();
        start(
            &mut buf,
            &site,
            base,
            &Head {
                path,
                title,
                description,
                scripts,
            },
        );
        body(&mut buf);
        end(&mut buf);
        page(writer, path, &buf)
    };
    simple(
        &mut writer,
        "index.html",
        &site.title,
        "Our decisions, the incidents that taught us why, and whether it worked.",
        Scripts::None,
        &|out| home::render(out, &site, &highlights),
    )?;
    for (kind, folder, intro) in [
        (
            Kind::Decision,
            "decisions",
            "Every decision we made, newest first.",
        ),
        (
            Kind::Incident,
            "incidents",
            "Every incident we wrote up, newest first: first those that have not led to a decision yet.",
        ),
        (Kind::Lesson, "lessons", "What our incidents taught us."),
        (
            Kind::Review,
            "reviews",
            "Design reviews: a checklist walked through for a decision, its risks and sign-offs.",
        ),
    ] {
        let path = format!("{folder}/index.html");
        simple(
            &mut writer,
            &path,
            lists::heading_of(kind),
            intro,
            LIST_SCRIPTS,
            &|out| lists::kind_index(out, &site, kind, intro),
        )?;
    }
    simple(
        &mut writer,
        "actions.html",
        "Action items",
        "Every action item, open ones first, by risk.",
        Scripts::None,
        &|out| actions_page(out, &site, repos),
    )?;
    simple(
        &mut writer,
        "timeline.html",
        "Timeline",
        "Our decisions and incidents in the order they happened.",
        Scripts::None,
        &|out| lists::timeline(out, &site),
    )?;
    simple(
        &mut writer,
        "tags/index.html",
        "Tags",
        "Every tag of our decisions and incidents.",
        Scripts::None,
        &|out| lists::tags_index(out, &tags),
    )?;
    for (tag_slug, (name, records)) in &tags {
        let path = format!("tags/{tag_slug}.html");
        let title = format!("Tagged “{name}”");
        simple(&mut writer, &path, &title, &title, Scripts::None, &|out| {
            lists::tag_page(out, &site, name, records)
        })?;
    }
    if site.several_repos() {
        for (n, r) in site.repos.iter().enumerate() {
            let path = format!("repos/{}.html", slug(&r.name));
            simple(
                &mut writer,
                &path,
                &r.name,
                "One repository's records.",
                Scripts::None,
                &|out| lists::repo_page(out, &site, n),
            )?;
        }
    }
    simple(
        &mut writer,
        "insights.html",
        "Insights",
        "Incidents over time, how long they lasted, and whether our decisions worked.",
        Scripts::None,
        &|out| {
            out.push_str("<h1>Insights</h1>\n");
            for (n, figures) in insights.iter().enumerate() {
                let mut section = String::new();
                let links = site.links(n, 0);
                crate::report::learned::html_linked(&mut section, figures, &|id| {
                    crate::report::html::Links::href(&links, Kind::Decision, id)
                });
                if site.several_repos() {
                    section = section.replacen(
                        "<h2>What we learned</h2>",
                        &format!(
                            "<h2>What we learned in {}</h2>",
                            escape(&site.repos[n].name)
                        ),
                        1,
                    );
                }
                out.push_str(&section);
            }
        },
    )?;
    simple(
        &mut writer,
        "search.html",
        "Search",
        "Search every record.",
        SEARCH_SCRIPTS,
        &|out| lists::search(out),
    )?;
    super::lap("lists");
    let index = super::search::index_script(&site);
    page(&mut writer, "search-index.js", &index)?;
    page(&mut writer, "search.js", SEARCH_JS)?;
    page(&mut writer, "filter.js", FILTER_JS)?;
    page(&mut writer, "site.css", SITE_CSS)?;
    if let Some(base) = base {
        let map = sitemap(base, &planned);
        page(&mut writer, "sitemap.xml", &map)?;
    }
    let (written, unchanged) = (writer.written, writer.unchanged);
    let (removed, kept) = writer.finish()?;
    super::lap("finished");
    let count = |k: Kind| site.of_kind(k).count();
    Ok(Published {
        out: out.to_path_buf(),
        files: planned.len(),
        written,
        unchanged,
        removed,
        kept,
        repositories: site.repos.iter().map(|r| r.name.clone()).collect(),
        decisions: count(Kind::Decision),
        incidents: count(Kind::Incident),
        lessons: count(Kind::Lesson),
        reviews: count(Kind::Review),
        warnings,
        took_ms: 0,
    })
}

/// Renders one record's page into `buf` (cleared first), its Markdown under the page's policy.
fn render(
    buf: &mut String,
    cx: &Ctx<'_>,
    base: Option<&str>,
    entry: &Entry,
    title: &str,
    description: &str,
    body: impl FnOnce(&mut String),
) {
    buf.clear();
    let description = if description.trim().is_empty() {
        format!("{}: {}", entry.kind.label(), title)
    } else {
        description.to_string()
    };
    start(
        buf,
        cx.site,
        base,
        &Head {
            path: &entry.path,
            title,
            description: &first_sentence(&description),
            scripts: Scripts::None,
        },
    );
    within_page(cx.policy(entry.file.as_deref()), || body(buf));
    end(buf);
}

/// The first sentence of a text, at most 200 characters, as plain words.
fn first_sentence(text: &str) -> String {
    let plain = crate::report::plain::plain_lines(text).replace('\n', " ");
    let end = plain.find(". ").map(|i| i + 1).unwrap_or(plain.len());
    plain[..end].chars().take(200).collect()
}

/// Links stated in one repository whose other end is in another: kept as links across
/// repositories; those whose end is nowhere are named in a warning.
fn cross_links(site: &mut Site, repos: &[Repo<'_>], warnings: &mut Vec<String>) {
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

/// A trade-off motivated by an incident or a lesson of another repository: named in its
/// "why" and drawn in the trace.
fn add_cross_motivations(site: &Site, repo: usize, story: &mut crate::report::DecisionStory) {
    for t in &mut story.tradeoffs {
        let Some(me) = site.index_of(repo, &t.id) else {
            continue;
        };
        for link in site.cross_of(me) {
            if link.from != me || link.relation != Relation::MotivatedBy {
                continue;
            }
            let other = &site.entries[link.to];
            let note = format!("from {}", site.repos[other.repo].name);
            match other.kind {
                Kind::Incident => {
                    t.incidents.push(story::IncidentMention {
                        id: other.id.clone(),
                        title: other.title.clone(),
                        when: other.date.map(story::long_date),
                    });
                    story.graph.layers[0].push(Node {
                        id: other.id.clone(),
                        kind: Kind::Incident,
                        title: other.title.clone(),
                        note,
                    });
                }
                Kind::Lesson => {
                    t.lessons.push(Lesson {
                        id: other.id.clone(),
                        statement: other.title.clone(),
                        ..Default::default()
                    });
                    story.graph.layers[1].push(Node {
                        id: other.id.clone(),
                        kind: Kind::Lesson,
                        title: other.title.clone(),
                        note,
                    });
                }
                _ => continue,
            }
            story.graph.edges.push((other.id.clone(), t.id.clone()));
        }
    }
}

/// Every tag of decisions and incidents: its page's name → (the tag as first written, the
/// entries carrying it).
fn tags(site: &Site) -> BTreeMap<String, (String, Vec<usize>)> {
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
fn planned(
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
fn sitemap(base: &str, planned: &[String]) -> String {
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
fn actions_page(out: &mut String, site: &Site, repos: &[Repo<'_>]) {
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
