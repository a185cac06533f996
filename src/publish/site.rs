//! The site's map: every record of every repository read, the page (or the place on a page)
//! it is told on, and the few facts the lists, the timeline, the tags and the search index
//! show of it. Pages link through it, so a link is made only to a page that is written, and a
//! record absent from its own repository is looked for in the others (traces across
//! repositories).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::history::FileHistory;
pub use super::names::{page_name, slug};
use super::read::Repo;
use crate::domain::{ActionItem, Decision, Incident, Kind, Lesson, Record, Review, TradeOff};
use crate::report::html::Links;
use crate::store::Result;

/// One record as the site lists it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Which repository it is from (an index into the site's).
    pub repo: usize,
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// The day it happened or was decided: the record's own, else its file's first commit.
    pub date: Option<NaiveDate>,
    /// The day its file was first committed, from git.
    pub written: Option<NaiveDate>,
    /// The day its file last changed, from git.
    pub changed: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// Where it is told, from the site's root (`decisions/dec-1.html`, a part's `#anchor`).
    pub path: String,
    /// Its status or severity, in a word.
    pub badge: String,
    /// A few words more for the search (each word of its text once).
    pub words: String,
    /// A decision's number, for "newest first" among decisions of one day.
    pub number: Option<u32>,
    /// The file it was read from (the team's, else Hindsight's own).
    pub file: Option<std::path::PathBuf>,
}

/// A link one repository's files state to a record of another.
#[derive(Clone, Debug)]
pub struct CrossLink {
    /// Entry indexes.
    pub from: usize,
    pub relation: crate::domain::Relation,
    pub to: usize,
}

/// One repository as the site names it.
#[derive(Clone, Debug)]
pub struct RepoName {
    pub name: String,
    /// Its folder in the site (`payments/`), empty for a site of one repository.
    pub prefix: String,
}

/// Every record the site tells, and where.
#[derive(Default)]
pub struct Site {
    pub title: String,
    pub repos: Vec<RepoName>,
    pub entries: Vec<Entry>,
    own: HashMap<(usize, String), usize>,
    anywhere: HashMap<String, usize>,
    by_file: HashMap<std::path::PathBuf, usize>,
    file_pages: std::sync::OnceLock<std::sync::Arc<HashMap<std::path::PathBuf, String>>>,
    pub cross: Vec<CrossLink>,
    cross_of: HashMap<usize, Vec<usize>>,
    /// Incidents (entry indexes) that have led to a decision.
    led: std::collections::HashSet<usize>,
}

impl Site {
    pub fn new(title: String, repos: &[Repo<'_>]) -> Site {
        let several = repos.len() > 1;
        Site {
            title,
            repos: repos
                .iter()
                .map(|r| RepoName {
                    name: r.name.clone(),
                    prefix: if several {
                        format!("{}/", slug(&r.name))
                    } else {
                        String::new()
                    },
                })
                .collect(),
            ..Site::default()
        }
    }

    pub fn several_repos(&self) -> bool {
        self.repos.len() > 1
    }

    /// Maps one repository's records.
    pub fn add_repo(&mut self, n: usize, repo: &Repo<'_>, history: &FileHistory) -> Result<()> {
        let store = repo.store();
        let prefix = self.repos[n].prefix.clone();
        let files = files_of(store)?;
        let dates = |id: &str| -> (Option<NaiveDate>, Option<NaiveDate>) {
            let commits = files.get(id).map(|p| history.of(p)).unwrap_or(&[]);
            (
                commits.last().map(|c| c.at.date_naive()),
                commits.first().map(|c| c.at.date_naive()),
            )
        };
        let mut decision_pages: HashMap<String, String> = HashMap::new();
        let decisions = store.list::<Decision>()?;
        for d in decisions {
            let (first, last) = dates(&d.id);
            let path = format!("{prefix}decisions/{}.html", page_name(&d.id));
            decision_pages.insert(d.id.clone(), path.clone());
            self.push(Entry {
                repo: n,
                kind: Kind::Decision,
                title: d.display_title(),
                date: d.date.or(first),
                written: first,
                changed: last,
                tags: d.tags.clone(),
                path,
                badge: d.status.to_string(),
                words: words_of(&d.search_text(), &d.title),
                number: d.number,
                file: files.get(&d.id).cloned(),
                id: d.id,
            });
        }
        for i in store.list::<Incident>()? {
            let (first, last) = dates(&i.id);
            self.push(Entry {
                repo: n,
                kind: Kind::Incident,
                title: i.title.clone(),
                date: i.started_at.map(|t| t.date_naive()).or(first),
                written: first,
                changed: last,
                tags: i.tags.clone(),
                path: format!("{prefix}incidents/{}.html", page_name(&i.id)),
                badge: i.severity.to_string(),
                words: words_of(&format!("{} {}", i.reference, i.search_text()), &i.title),
                number: None,
                file: files.get(&i.id).cloned(),
                id: i.id,
            });
        }
        for l in store.list::<Lesson>()? {
            let (first, last) = dates(&l.id);
            self.push(Entry {
                repo: n,
                kind: Kind::Lesson,
                title: l.statement.clone(),
                date: first,
                written: first,
                changed: last,
                tags: Vec::new(),
                path: format!("{prefix}lessons/{}.html", page_name(&l.id)),
                badge: l.category.to_string(),
                words: words_of(&l.search_text(), &l.statement),
                number: None,
                file: files.get(&l.id).cloned(),
                id: l.id,
            });
        }
        for r in store.list::<Review>()? {
            let (first, last) = dates(&r.id);
            self.push(Entry {
                repo: n,
                kind: Kind::Review,
                title: r.title.clone(),
                date: r.date.or(first),
                written: first,
                changed: last,
                tags: Vec::new(),
                path: format!("{prefix}reviews/{}.html", page_name(&r.id)),
                badge: format!("{} sign-offs", r.signoffs.len()),
                words: String::new(),
                number: None,
                file: files.get(&r.id).cloned(),
                id: r.id,
            });
        }
        for t in store.list::<TradeOff>()? {
            // Told on its decision's page.
            let Some(page) = decision_pages.get(&t.decision_id) else {
                continue;
            };
            self.push(Entry {
                repo: n,
                kind: Kind::TradeOff,
                title: t.title.clone(),
                date: None,
                written: None,
                changed: None,
                tags: Vec::new(),
                path: format!("{page}#{}", crate::report::anchor(&t.id)),
                badge: t.risk.words().to_string(),
                words: words_of(&t.search_text(), &t.title),
                number: None,
                file: None,
                id: t.id,
            });
        }
        for a in store.list::<ActionItem>()? {
            self.push(Entry {
                repo: n,
                kind: Kind::Action,
                title: a.title.clone(),
                date: a.due,
                written: None,
                changed: None,
                tags: Vec::new(),
                path: format!("actions.html#{}", self.action_anchor(n, &a.id)),
                badge: a.status.to_string(),
                words: String::new(),
                number: None,
                file: None,
                id: a.id,
            });
        }
        self.note_led(n, store)
    }

    /// Notes which incidents led to a decision: one a trade-off cites, or one a lesson a
    /// trade-off cites was learned from.
    fn note_led(&mut self, n: usize, store: &crate::store::Store) -> Result<()> {
        use crate::domain::Relation;
        let links = store.links()?;
        let cited: std::collections::HashSet<&str> = links
            .iter()
            .filter(|l| l.relation == Relation::MotivatedBy)
            .map(|l| l.to_id.as_str())
            .collect();
        let mut led: Vec<&str> = cited.iter().copied().collect();
        led.extend(
            links
                .iter()
                .filter(|l| {
                    l.relation == Relation::LearnedFrom && cited.contains(l.from_id.as_str())
                })
                .map(|l| l.to_id.as_str()),
        );
        for id in led {
            if let Some(i) = self.index_of(n, id)
                && self.entries[i].kind == Kind::Incident
            {
                self.led.insert(i);
            }
        }
        Ok(())
    }

    /// Whether an incident has led to a decision.
    pub fn led_to_decision(&self, e: &Entry) -> bool {
        self.index_of(e.repo, &e.id)
            .is_some_and(|i| self.led.contains(&i))
    }

    fn push(&mut self, mut entry: Entry) {
        let n = self.entries.len();
        if entry.kind != Kind::TradeOff && entry.kind != Kind::Action {
            if let Some(file) = &entry.file {
                self.by_file.entry(file.clone()).or_insert(n);
            }
        } else {
            entry.file = None;
        }
        self.own.insert((entry.repo, entry.id.clone()), n);
        self.anywhere.entry(entry.id.clone()).or_insert(n);
        self.entries.push(entry);
    }

    /// The anchor of an action item on the page of every action item.
    pub fn action_anchor(&self, repo: usize, id: &str) -> String {
        if self.several_repos() {
            crate::report::anchor(&format!("{repo}-{id}"))
        } else {
            crate::report::anchor(id)
        }
    }

    /// The record `id` as seen from `repo`: its own, else another repository's.
    pub fn find(&self, repo: usize, id: &str) -> Option<&Entry> {
        self.own
            .get(&(repo, id.to_string()))
            .or_else(|| self.anywhere.get(id))
            .map(|&n| &self.entries[n])
    }

    /// Each record's file and its page, for the links users wrote between their files.
    pub fn file_pages(&self) -> std::sync::Arc<HashMap<std::path::PathBuf, String>> {
        self.file_pages
            .get_or_init(|| {
                std::sync::Arc::new(
                    self.by_file
                        .iter()
                        .map(|(file, &n)| (file.clone(), self.entries[n].path.clone()))
                        .collect(),
                )
            })
            .clone()
    }

    /// The entry index of a record of `repo` (its own only).
    pub fn index_of(&self, repo: usize, id: &str) -> Option<usize> {
        self.own.get(&(repo, id.to_string())).copied()
    }

    /// Notes a link across repositories.
    pub fn add_cross(&mut self, link: CrossLink) {
        let n = self.cross.len();
        if link.relation == crate::domain::Relation::MotivatedBy
            && self.entries[link.to].kind == Kind::Incident
        {
            self.led.insert(link.to);
        }
        self.cross_of.entry(link.from).or_default().push(n);
        self.cross_of.entry(link.to).or_default().push(n);
        self.cross.push(link);
    }

    /// The links across repositories that touch an entry.
    pub fn cross_of(&self, entry: usize) -> impl Iterator<Item = &CrossLink> {
        self.cross_of
            .get(&entry)
            .into_iter()
            .flatten()
            .map(|&n| &self.cross[n])
    }

    /// The records of one kind, in every repository.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind == kind)
    }

    /// Links from a page `depth` folders deep, for records seen from `repo`.
    pub fn links(&self, repo: usize, depth: usize) -> PageLinks<'_> {
        PageLinks {
            site: self,
            repo,
            up: up(depth),
        }
    }
}

/// `../` as many times as a page is deep.
pub fn up(depth: usize) -> String {
    "../".repeat(depth)
}

/// How many folders deep a page path is.
pub fn depth(path: &str) -> usize {
    path.split('#').next().unwrap_or("").matches('/').count()
}

/// Links from one page to the records the site tells.
pub struct PageLinks<'a> {
    pub site: &'a Site,
    pub repo: usize,
    pub up: String,
}

impl Links for PageLinks<'_> {
    fn href(&self, _kind: Kind, id: &str) -> Option<String> {
        self.site
            .find(self.repo, id)
            .map(|e| format!("{}{}", self.up, e.path))
    }
}

/// Each record id and the file it came from (the team's file rather than Hindsight's own).
fn files_of(store: &crate::store::Store) -> Result<HashMap<String, std::path::PathBuf>> {
    let mut files: HashMap<String, std::path::PathBuf> = HashMap::new();
    for (key, id) in store.sources()? {
        let path = std::path::PathBuf::from(key.split('#').next().unwrap_or(&key));
        let own = key.contains("/.hindsight/");
        match files.get(&id) {
            Some(p) if !own || p.to_string_lossy().contains("/.hindsight/") => {
                if !own {
                    files.insert(id, path);
                }
            }
            Some(_) => {}
            None => {
                files.insert(id, path);
            }
        }
    }
    Ok(files)
}

/// The words a record is found by besides its title: each word of its text once (lower case,
/// three letters or more, not in the title), the first 120 of them — enough to find a
/// decision by a word of its context, small enough for an index of 20,000 records.
fn words_of(text: &str, title: &str) -> String {
    let in_title: std::collections::HashSet<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    // The words are found in the first few thousand characters; a long record is not read on.
    let mut end = text.len().min(6000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for word in text[..end].split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() < 3 {
            continue;
        }
        let word = word.to_lowercase();
        if in_title.contains(&word) || !seen.insert(word.clone()) {
            continue;
        }
        out.push(word);
        if out.len() == 120 {
            break;
        }
    }
    out.join(" ")
}
