//! What a sync brought from the team, worked out from the store rather than guessed: the
//! revisions the sync itself made while reading teammates' changes in (the store's changes
//! between two marks), record by record, and who made them (the git authors of the commits
//! pulled that touched the record's file). A review whose list of sign-offs grew counts as
//! new sign-offs; a link made or removed counts as a link.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{Git, SyncError};
use crate::domain::{Kind, Link, Relation, Revision, SignOff, Verdict, field_changes};
use crate::store::Store;

/// One stretch of a sync that read teammates' changes in: the store's changes it made, and the
/// commits it brought.
pub(super) struct Pulled {
    /// The last change before it, and its own last change.
    pub changes: (i64, i64),
    /// The commits pulled, `old..new` (commit ids).
    pub range: String,
}

/// What arrived from the team in a sync.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Arrived {
    /// Who made the commits pulled (their git authors), each once, in the order of their first
    /// commit.
    pub authors: Vec<String>,
    /// How many of each: records new or changed by kind, as `list` names them (`lessons`,
    /// `tradeoffs`), `signoffs` new, `links` made, and `removed` (records and links).
    pub counts: BTreeMap<String, usize>,
    /// Every record new, changed or removed, in the kinds' order, then by title.
    pub records: Vec<ArrivedRecord>,
    pub signoffs: Vec<ArrivedSignOff>,
    pub links: Vec<ArrivedLink>,
}

/// What happened to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrival {
    New,
    Changed,
    Removed,
}

/// A record a teammate made, changed or removed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArrivedRecord {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub arrival: Arrival,
    /// Who changed its file (git authors), as far as the commits say.
    pub by: Vec<String>,
}

/// A sign-off that arrived in a review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArrivedSignOff {
    pub review_id: String,
    /// The review's title.
    pub review: String,
    pub decision_id: String,
    pub name: String,
    pub role: String,
    pub verdict: Verdict,
    pub by: Vec<String>,
}

/// A link a teammate made or removed, with the titles of its ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArrivedLink {
    pub from_id: String,
    pub relation: Relation,
    pub to_id: String,
    pub from: String,
    pub to: String,
    pub removed: bool,
    pub by: Vec<String>,
}

impl Arrived {
    /// Whether nothing arrived.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.signoffs.is_empty() && self.links.is_empty()
    }

    /// "3 lessons, 1 sign-off, 2 links": what arrived per kind, `None` when nothing did.
    pub fn words(&self) -> Option<String> {
        let count = |key: &str| self.counts.get(key).copied().unwrap_or(0);
        let plural = |n: usize, one: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {one}s"),
        };
        let mut parts: Vec<String> = Kind::ALL
            .iter()
            .map(|k| (count(k.plural()), k.label().to_lowercase()))
            .chain([
                (count("signoffs"), "sign-off".to_string()),
                (count("links"), "link".to_string()),
            ])
            .filter(|(n, _)| *n > 0)
            .map(|(n, one)| plural(n, &one))
            .collect();
        if count("removed") > 0 {
            parts.push(format!("{} removed", count("removed")));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The records to mark in the lists until opened: those new or changed, reviews with new
    /// sign-offs, and the record a new link starts from.
    pub fn to_mark(&self) -> Vec<&str> {
        let records = self
            .records
            .iter()
            .filter(|r| r.arrival != Arrival::Removed)
            .map(|r| r.id.as_str());
        let signoffs = self.signoffs.iter().map(|s| s.review_id.as_str());
        let links = self
            .links
            .iter()
            .filter(|l| !l.removed)
            .map(|l| l.from_id.as_str());
        records.chain(signoffs).chain(links).collect()
    }
}

/// Works out what the stretches `pulled` of a sync brought: the store's revisions in them, and
/// the commits' authors by file.
pub(super) fn gather(
    store: &Store,
    git: &Git,
    pulled: &[Pulled],
    pathspec: &str,
) -> Result<Arrived, SyncError> {
    let mut arrived = Arrived::default();
    // Who touched each file (relative to the work tree), from the commits pulled.
    let mut files: HashMap<String, Vec<String>> = HashMap::new();
    let mut revisions = Vec::new();
    for p in pulled {
        let log = git.run(&[
            "log",
            "--reverse",
            "--no-renames",
            "--format=%x01%an",
            "--name-only",
            &p.range,
            "--",
            pathspec,
        ])?;
        let mut who = String::new();
        for line in log.lines() {
            if let Some(name) = line.strip_prefix('\u{1}') {
                who = name.to_string();
                push_once(&mut arrived.authors, &who);
            } else if !line.is_empty() {
                push_once(files.entry(line.to_string()).or_default(), &who);
            }
        }
        revisions.extend(store.revisions_between(p.changes.0, p.changes.1)?);
    }
    let who = Who::new(store, git, &files, &arrived.authors)?;
    for (first, last) in by_record(&revisions) {
        if let Some(rest) = first.record_id.strip_prefix("link\u{1f}") {
            let Some(link) = link_of(rest) else { continue };
            let removed = match (&first.before, &last.after) {
                (None, Some(_)) => false,
                (Some(_), None) => true,
                _ => continue,
            };
            let title = |id: &str| {
                store
                    .find_any(id)
                    .ok()
                    .flatten()
                    .map(|r| r.title().to_string())
                    .unwrap_or_else(|| id.to_string())
            };
            arrived.links.push(ArrivedLink {
                from: title(&link.from_id),
                to: title(&link.to_id),
                by: who.of_link(&link),
                from_id: link.from_id,
                relation: link.relation,
                to_id: link.to_id,
                removed,
            });
            continue;
        }
        let Some(kind) = first.kind else { continue };
        let before = first.before.as_deref().map(json);
        let after = last.after.as_deref().map(json);
        let (arrival, shown) = match (&before, &after) {
            (None, Some(after)) => (Arrival::New, after),
            (Some(_), Some(after)) => (Arrival::Changed, after),
            (Some(before), None) => (Arrival::Removed, before),
            (None, None) => continue,
        };
        let id = first.record_id.clone();
        let by = who.of_record(&id, shown);
        let mut changed = true;
        if kind == Kind::Review {
            let old = before.as_ref().map(signoffs).unwrap_or_default();
            let new = after.as_ref().map(signoffs).unwrap_or_default();
            for signoff in new.into_iter().filter(|s| !old.contains(s)) {
                arrived.signoffs.push(ArrivedSignOff {
                    review_id: id.clone(),
                    review: text(shown, "title"),
                    decision_id: text(shown, "decision_id"),
                    name: signoff.name,
                    role: signoff.role,
                    verdict: signoff.verdict,
                    by: by.clone(),
                });
            }
        }
        if let (Arrival::Changed, Some(before), Some(after)) = (arrival, &before, &after) {
            // A review whose only change is a new sign-off counts as the sign-off.
            let strip = |v: &Value| {
                let mut v = v.clone();
                if kind == Kind::Review
                    && let Some(o) = v.as_object_mut()
                {
                    o.remove("signoffs");
                }
                v
            };
            changed = !field_changes(&strip(before), &strip(after)).is_empty();
        }
        if changed {
            arrived.records.push(ArrivedRecord {
                title: text(shown, kind.title_field()),
                id,
                kind,
                arrival,
                by,
            });
        }
    }
    arrived
        .records
        .sort_by_key(|r| (r.kind, r.title.to_lowercase()));
    for record in &arrived.records {
        let key = match record.arrival {
            Arrival::Removed => "removed",
            _ => record.kind.plural(),
        };
        *arrived.counts.entry(key.to_string()).or_default() += 1;
    }
    if !arrived.signoffs.is_empty() {
        arrived
            .counts
            .insert("signoffs".into(), arrived.signoffs.len());
    }
    for link in &arrived.links {
        let key = if link.removed { "removed" } else { "links" };
        *arrived.counts.entry(key.to_string()).or_default() += 1;
    }
    Ok(arrived)
}

/// Who changed what: the authors of the files pulled, found for a record through the files it
/// came from (the team's, or Hindsight's own named by its id), else the record it belongs to,
/// else the one author of the commits when there was one.
struct Who<'a> {
    files: &'a HashMap<String, Vec<String>>,
    /// Each record's files, relative to the work tree.
    record_files: HashMap<String, Vec<String>>,
    /// The authors of Hindsight's own files, by the id the file is named after.
    own: HashMap<String, Vec<String>>,
    only: Vec<String>,
}

impl<'a> Who<'a> {
    fn new(
        store: &Store,
        git: &Git,
        files: &'a HashMap<String, Vec<String>>,
        authors: &[String],
    ) -> Result<Who<'a>, SyncError> {
        let root = std::fs::canonicalize(&git.root).unwrap_or_else(|_| git.root.clone());
        let mut record_files: HashMap<String, Vec<String>> = HashMap::new();
        for (path, id) in store.sources()? {
            let file = Path::new(path.split('#').next().unwrap_or(&path));
            if let Ok(rel) = file
                .strip_prefix(&root)
                .or_else(|_| file.strip_prefix(&git.root))
            {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if files.contains_key(&rel) {
                    push_once(record_files.entry(id).or_default(), &rel);
                }
            }
        }
        let mut own: HashMap<String, Vec<String>> = HashMap::new();
        for (file, names) in files {
            if !file.contains(&format!("{}/", crate::interop::OWN_FOLDER)) {
                continue;
            }
            if let Some(stem) = Path::new(file).file_stem() {
                let entry = own.entry(stem.to_string_lossy().to_string()).or_default();
                for name in names {
                    push_once(entry, name);
                }
            }
        }
        Ok(Who {
            files,
            record_files,
            own,
            only: if authors.len() == 1 {
                authors.to_vec()
            } else {
                Vec::new()
            },
        })
    }

    fn direct(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let files = self.record_files.get(id).into_iter().flatten();
        for name in files.flat_map(|f| self.files.get(f).into_iter().flatten()) {
            push_once(&mut out, name);
        }
        for name in self.own.get(id).into_iter().flatten() {
            push_once(&mut out, name);
        }
        out
    }

    fn of_record(&self, id: &str, record: &Value) -> Vec<String> {
        let mut out = self.direct(id);
        for parent in ["decision_id", "source_id"] {
            if out.is_empty()
                && let Some(parent) = record.get(parent).and_then(Value::as_str)
            {
                out = self.direct(parent);
            }
        }
        if out.is_empty() {
            out = self.only.clone();
        }
        out
    }

    fn of_link(&self, link: &Link) -> Vec<String> {
        let stem = format!(
            "{}--{}--{}",
            link.from_id,
            link.relation.as_str(),
            link.to_id
        );
        let mut out = self.own.get(&stem).cloned().unwrap_or_default();
        for end in [&link.from_id, &link.to_id] {
            if out.is_empty() {
                out = self.direct(end);
            }
        }
        if out.is_empty() {
            out = self.only.clone();
        }
        out
    }
}

/// Each record's (or link's) first and last revision, in the order first touched.
fn by_record(revisions: &[Revision]) -> Vec<(&Revision, &Revision)> {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<(&Revision, &Revision)> = Vec::new();
    for revision in revisions {
        match at.get(revision.record_id.as_str()) {
            Some(&i) => out[i].1 = revision,
            None => {
                at.insert(&revision.record_id, out.len());
                out.push((revision, revision));
            }
        }
    }
    out
}

/// The link a revision's id names (`from␟relation␟to`, after the `link␟` prefix).
fn link_of(rest: &str) -> Option<Link> {
    let mut parts = rest.split('\u{1f}');
    let from = parts.next()?;
    let relation = parts.next()?.parse::<Relation>().ok()?;
    let to = parts.next()?;
    Some(Link::new(from, relation, to))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn text(record: &Value, field: &str) -> String {
    record
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn signoffs(review: &Value) -> Vec<SignOff> {
    review
        .get("signoffs")
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .unwrap_or_default()
}

fn push_once(list: &mut Vec<String>, name: &str) {
    if !name.is_empty() && !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_name_each_kind_in_order_with_sign_offs_links_and_removals_last() {
        let mut arrived = Arrived::default();
        assert_eq!(arrived.words(), None);
        for (key, n) in [
            ("links", 2),
            ("lessons", 3),
            ("signoffs", 1),
            ("tradeoffs", 1),
            ("removed", 1),
        ] {
            arrived.counts.insert(key.into(), n);
        }
        assert_eq!(
            arrived.words().unwrap(),
            "1 trade-off, 3 lessons, 1 sign-off, 2 links, 1 removed"
        );
    }

    #[test]
    fn a_record_touched_twice_counts_once_from_its_first_to_its_last_revision() {
        let revision =
            |id: i64, record: &str, before: Option<&str>, after: Option<&str>| Revision {
                id,
                change_id: id,
                record_id: record.into(),
                kind: Some(Kind::Lesson),
                at: Default::default(),
                author: String::new(),
                summary: String::new(),
                before: before.map(str::to_string),
                after: after.map(str::to_string),
            };
        let revisions = [
            revision(1, "a", None, Some("1")),
            revision(2, "b", Some("x"), Some("y")),
            revision(3, "a", Some("1"), Some("2")),
        ];
        let grouped = by_record(&revisions);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].0.before, None);
        assert_eq!(grouped[0].1.after.as_deref(), Some("2"));
        assert_eq!(grouped[1].0.record_id, "b");
    }
}
