//! The pages of one repository's records — decisions, incidents, lessons, reviews — written
//! by two threads at once where the workspace is a file a second connection can read: each
//! takes every other record, reads it through its own connection and hands its page to the
//! one writer. (A record's page is read and rendered in well under a millisecond; the work is
//! the number of records.)

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::PublishError;
use super::history::FileHistory;
use super::pages::layout::{Head, Scripts, end, start};
use super::pages::{Ctx, decision, incident, record};
use super::site::{Entry, Site};
use super::write::SiteWriter;
use crate::domain::stats::Effect;
use crate::domain::{Decision, Incident, Kind, Lesson, Relation, Review};
use crate::report::safe::within_page;
use crate::report::{Node, story};
use crate::store::Store;

/// What every thread writing one repository's pages shares.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub repo: usize,
    pub history: &'a FileHistory,
    /// Whether the workspace's revisions tell a history git does not.
    pub revisions: bool,
    pub base: Option<&'a str>,
    /// Did each decision work, by id.
    pub effects: &'a HashMap<String, Effect>,
    /// Decisions of other repositories each incident (entry index) changed.
    pub changed_elsewhere: &'a HashMap<usize, Vec<(String, String)>>,
    pub writer: &'a SiteWriter,
    /// Pages written so far, by every thread.
    pub done: &'a AtomicUsize,
}

/// Writes the pages of the records whose place in their kind's list is `part` modulo
/// `parts`, reading through `store`.
pub fn write_part(
    shared: &Shared<'_>,
    store: &Store,
    part: usize,
    parts: usize,
) -> Result<(), PublishError> {
    let site = shared.site;
    let n = shared.repo;
    let mine = |i: usize| i % parts == part;
    let mut buf = String::with_capacity(64 * 1024);
    let reviews = store.list::<Review>()?;
    let mut reviews_of: HashMap<&str, Vec<&Review>> = HashMap::new();
    for r in &reviews {
        reviews_of
            .entry(r.decision_id.as_str())
            .or_default()
            .push(r);
    }
    let own = |id: &str| site.find(n, id).filter(|e| e.repo == n);
    for (i, d) in store.list::<Decision>()?.into_iter().enumerate() {
        let Some(entry) = own(&d.id).filter(|_| mine(i)) else {
            continue;
        };
        let mut story = story::decision(store, &d.id)?;
        add_cross_motivations(site, n, &mut story);
        let page_reviews = reviews_of.get(d.id.as_str()).cloned().unwrap_or_default();
        write_page(
            shared,
            store,
            &mut buf,
            entry,
            &story.title,
            &story.summary,
            |out, cx| {
                decision::render(
                    out,
                    cx,
                    &decision::DecisionPage {
                        entry,
                        story: &story,
                        decision: &d,
                        reviews: &page_reviews,
                        effect: shared.effects.get(&d.id),
                    },
                )
            },
        )?;
    }
    for (i, inc) in store.list::<Incident>()?.into_iter().enumerate() {
        let Some(entry) = own(&inc.id).filter(|_| mine(i)) else {
            continue;
        };
        let mut story = story::incident(store, &inc.id)?;
        if let Some(me) = site.index_of(n, &inc.id)
            && let Some(more) = shared.changed_elsewhere.get(&me)
        {
            story.decisions.extend(more.iter().cloned());
        }
        let description = first_sentence(&story.what_happened);
        write_page(
            shared,
            store,
            &mut buf,
            entry,
            &story.title,
            &description,
            |out, cx| incident::render(out, cx, entry, &story, &inc),
        )?;
    }
    for (i, l) in store.list::<Lesson>()?.into_iter().enumerate() {
        let Some(entry) = own(&l.id).filter(|_| mine(i)) else {
            continue;
        };
        write_page(
            shared,
            store,
            &mut buf,
            entry,
            &l.statement,
            "A lesson we learned",
            |out, cx| record::lesson(out, cx, entry, &l),
        )?;
    }
    for (i, r) in reviews.iter().enumerate() {
        let Some(entry) = own(&r.id).filter(|_| mine(i)) else {
            continue;
        };
        write_page(
            shared,
            store,
            &mut buf,
            entry,
            &r.title,
            "A design review",
            |out, cx| record::review(out, cx, entry, r),
        )?;
    }
    Ok(())
}

/// Renders one record's page into `buf` (cleared first), its Markdown under the page's policy,
/// and hands it to the writer.
fn write_page(
    shared: &Shared<'_>,
    store: &Store,
    buf: &mut String,
    entry: &Entry,
    title: &str,
    description: &str,
    body: impl FnOnce(&mut String, &Ctx<'_>),
) -> Result<(), PublishError> {
    let cx = Ctx {
        site: shared.site,
        repo: shared.repo,
        path: &entry.path,
        store,
        history: shared.history,
        revisions: shared.revisions,
    };
    buf.clear();
    let description = if description.trim().is_empty() {
        format!("{}: {}", entry.kind.label(), title)
    } else {
        description.to_string()
    };
    start(
        buf,
        cx.site,
        shared.base,
        &Head {
            path: &entry.path,
            title,
            description: &first_sentence(&description),
            scripts: Scripts::None,
        },
    );
    within_page(cx.policy(entry.file.as_deref()), || body(buf, &cx));
    end(buf);
    shared.done.fetch_add(1, Ordering::Relaxed);
    shared.writer.page(&entry.path, buf.as_bytes())
}

/// The first sentence of a text, at most 200 characters, as plain words.
pub fn first_sentence(text: &str) -> String {
    let plain = crate::report::plain::plain_lines(text).replace('\n', " ");
    let end = plain.find(". ").map(|i| i + 1).unwrap_or(plain.len());
    plain[..end].chars().take(200).collect()
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
