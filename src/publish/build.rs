//! Building the site from the repositories read: the map of every record first (so every link
//! has its page), the links across repositories, then each page rendered and handed to the
//! writer at once (a page is never held longer than its own writing, so memory stays flat
//! with the number of records), then the lists, the search index and the manifest.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::Utc;

use super::history::FileHistory;
use super::pages::home::Highlights;
use super::pages::layout::{Head, Scripts, end, start};
use super::pages::{home, lists, record};
use super::read::Repo;
use super::site::{Site, slug};
use super::write::SiteWriter;
use super::{PublishError, PublishOptions, Published, Step, plan, records};
use crate::domain::{ActionItem, ActionStatus, Kind, Relation, TradeOff, stats};
use crate::report::safe::escape;

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
    plan::cross_links(&mut site, repos, &mut warnings);
    let tags = plan::tags(&site);
    let planned = plan::planned(&site, &tags, options);
    let writer = SiteWriter::open(out, &planned)?;
    let base = options.base_url.as_deref();
    let done = AtomicUsize::new(0);
    let today = Utc::now().date_naive();
    let mut highlights = Highlights::default();
    let mut insights = Vec::new();
    let changed_elsewhere = changed_elsewhere(&site, repos)?;
    for (n, repo) in repos.iter().enumerate() {
        let store = repo.store();
        let figures = stats::compute(&store.stats_input()?, &Default::default(), today);
        super::lap("stats");
        let effects: HashMap<String, stats::Effect> = figures
            .decisions
            .effects
            .iter()
            .map(|e| (e.id.clone(), e.clone()))
            .collect();
        let shared = records::Shared {
            site: &site,
            repo: n,
            history: &histories[n],
            revisions,
            base,
            effects: &effects,
            changed_elsewhere: &changed_elsewhere,
            writer: &writer,
            done: &done,
        };
        // A second connection, where the workspace is a file, writes every other page.
        let second = store
            .path()
            .and_then(|path| crate::store::Store::open_read_only(path).ok());
        std::thread::scope(|scope| -> Result<(), PublishError> {
            let parts = if second.is_some() { 2 } else { 1 };
            let helper = second.map(|other| {
                let shared = &shared;
                scope.spawn(move || records::write_part(shared, &other, 1, 2))
            });
            let mine = records::write_part(&shared, store, 0, parts);
            let theirs = match helper {
                Some(h) => h.join().unwrap_or_else(|_| {
                    Err(PublishError::Io {
                        path: out.to_path_buf(),
                        source: std::io::Error::other("a thread writing pages stopped"),
                    })
                }),
                None => Ok(()),
            };
            mine.and(theirs)
        })?;
        progress(Step {
            stage: "Writing pages",
            done: done.load(Ordering::Relaxed),
            total: planned.len(),
        });
        super::lap("record pages");
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
    let total = planned.len();
    let mut done = done.into_inner();
    let mut page = |writer: &SiteWriter, path: &str, html: &str| {
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
    let mut buf = String::with_capacity(64 * 1024);
    highlights.open_actions.sort_by(|a, b| {
        a.2.cmp(&b.2)
            .then_with(|| a.1.due.is_none().cmp(&b.1.due.is_none()))
            .then_with(|| a.1.due.cmp(&b.1.due))
            .then_with(|| a.1.title.cmp(&b.1.title))
    });
    // Lists and the rest.
    let mut simple = |writer: &SiteWriter,
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
        &writer,
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
            &writer,
            &path,
            lists::heading_of(kind),
            intro,
            LIST_SCRIPTS,
            &|out| lists::kind_index(out, &site, kind, intro),
        )?;
    }
    simple(
        &writer,
        "actions.html",
        "Action items",
        "Every action item, open ones first, by risk.",
        Scripts::None,
        &|out| plan::actions_page(out, &site, repos),
    )?;
    simple(
        &writer,
        "timeline.html",
        "Timeline",
        "Our decisions and incidents in the order they happened.",
        Scripts::None,
        &|out| lists::timeline(out, &site),
    )?;
    simple(
        &writer,
        "tags/index.html",
        "Tags",
        "Every tag of our decisions and incidents.",
        Scripts::None,
        &|out| lists::tags_index(out, &tags),
    )?;
    for (tag_slug, (name, records)) in &tags {
        let path = format!("tags/{tag_slug}.html");
        let title = format!("Tagged “{name}”");
        simple(&writer, &path, &title, &title, Scripts::None, &|out| {
            lists::tag_page(out, &site, name, records)
        })?;
    }
    if site.several_repos() {
        for (n, r) in site.repos.iter().enumerate() {
            let path = format!("repos/{}.html", slug(&r.name));
            simple(
                &writer,
                &path,
                &r.name,
                "One repository's records.",
                Scripts::None,
                &|out| lists::repo_page(out, &site, n),
            )?;
        }
    }
    simple(
        &writer,
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
        &writer,
        "search.html",
        "Search",
        "Search every record.",
        SEARCH_SCRIPTS,
        &|out| lists::search(out),
    )?;
    super::lap("lists");
    let index = super::search::index_script(&site);
    page(&writer, "search-index.js", &index)?;
    page(&writer, "search.js", SEARCH_JS)?;
    page(&writer, "filter.js", FILTER_JS)?;
    page(&writer, "site.css", SITE_CSS)?;
    if let Some(base) = base {
        let map = plan::sitemap(base, &planned);
        page(&writer, "sitemap.xml", &map)?;
    }
    let (written, unchanged) = writer.counts();
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

/// The decisions of other repositories each incident (entry index) changed: a trade-off there
/// motivated by it.
fn changed_elsewhere(
    site: &Site,
    repos: &[Repo<'_>],
) -> Result<HashMap<usize, Vec<(String, String)>>, PublishError> {
    let mut out: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    for link in &site.cross {
        let from = &site.entries[link.from];
        if link.relation != Relation::MotivatedBy || site.entries[link.to].kind != Kind::Incident {
            continue;
        }
        if let Some(t) = repos[from.repo].store().find::<TradeOff>(&from.id)?
            && let Some(d) = site.index_of(from.repo, &t.decision_id)
        {
            let d = &site.entries[d];
            out.entry(link.to)
                .or_default()
                .push((d.id.clone(), d.title.clone()));
        }
    }
    Ok(out)
}
