//! Writing what files hold: each file's records merged with what the workspace has (field by
//! field against the file as last read), the records found inside it kept by their key within
//! the file, an adr-tools file without an id matched to its record by number and title, and the
//! links between files resolved last, when every record they may point at exists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

mod links;

use super::read::parse_text;
use super::{IdHints, Outcome, Pending};
use crate::domain::{AnyRecord, Kind, Prefer, fill, merge3, new_id};
use crate::store::{DecisionToMatch, Result, Writer};
use links::write_links;

/// One import's writing: what it has written so far, for the links at the end.
pub(super) struct Import<'h> {
    sources: Sources,
    /// Ids for records files make that the workspace does not have yet.
    hints: &'h IdHints,
    /// File key → the id of the record the file made.
    ids_by_key: HashMap<String, String>,
    /// The same, by the path as found (no file system lookup to resolve a link).
    ids_by_path: HashMap<PathBuf, String>,
    /// The records this import has written to, so no two files take the same one.
    claimed: HashSet<String>,
    /// Every decision, by title: what a file without an id may be (an adr-tools file Hindsight
    /// wrote, read back).
    by_title: HashMap<String, Vec<DecisionToMatch>>,
    /// Each file written, with the ids of its records (its own first).
    written: Vec<(Pending, Vec<String>)>,
    /// Every record the files held, by kind, and whether it was new or changed.
    pub tally: Vec<Fate>,
}

/// What became of one record a file held: its kind, whether it was new, whether it changed.
pub(super) type Fate = (Kind, bool, bool);

/// Writes `record` and says what became of it.
fn put_counted(w: &mut Writer<'_>, record: &AnyRecord, fates: &mut Vec<Fate>) -> Result<()> {
    let existed = w.exists(record.id())?;
    let before = w.revisions_written();
    w.put_any(record)?;
    let changed = existed && w.revisions_written() > before;
    fates.push((record.kind(), !existed, changed));
    Ok(())
}

impl<'h> Import<'h> {
    /// Reads the sources inside the write transaction: two imports at once wait for each
    /// other, and the second sees what the first made.
    pub fn start(w: &Writer<'_>, hints: &'h IdHints) -> Result<Import<'h>> {
        Ok(Import {
            sources: Sources::read(w)?,
            hints,
            ids_by_key: HashMap::new(),
            ids_by_path: HashMap::new(),
            claimed: HashSet::new(),
            by_title: {
                let mut by_title: HashMap<String, Vec<DecisionToMatch>> = HashMap::new();
                for decision in w.decisions_to_match()? {
                    by_title
                        .entry(decision.title.clone())
                        .or_default()
                        .push(decision);
                }
                by_title
            },
            written: Vec::new(),
            tally: Vec::new(),
        })
    }

    /// Writes one file's records, inside a savepoint: a file that fails leaves nothing.
    pub fn file(&mut self, w: &mut Writer<'_>, mut item: Pending) -> Result<Outcome> {
        let matched = match item.parsed.main.id() {
            "" if !self.sources.by_key.contains_key(&item.key) => self.same_decision(&item),
            _ => None,
        };
        let sources = &self.sources;
        let hints = self.hints;
        match w.attempt(|w| write_records(w, &mut item, sources, hints, matched.clone())) {
            Ok((outcome, ids, changes, fates)) => {
                self.tally.extend(fates);
                self.sources.apply(changes);
                self.claimed.insert(ids[0].clone());
                self.ids_by_key.insert(item.key.clone(), ids[0].clone());
                self.ids_by_path.insert(item.path.clone(), ids[0].clone());
                self.written.push((item, ids));
                Ok(outcome)
            }
            Err(e) => Ok(Outcome::Failed {
                reason: e.to_string(),
            }),
        }
    }

    /// The decision a file without an id is, when no file is known to have made it: one with
    /// the same number and title that this import has not taken — one no file made, else one
    /// another file made on the same date (the file is an export of it, read back; two teams'
    /// "1. Record architecture decisions" of different dates stay two).
    fn same_decision(&self, item: &Pending) -> Option<String> {
        let AnyRecord::Decision(decision) = &item.parsed.main else {
            return None;
        };
        let candidates: Vec<&DecisionToMatch> = self
            .by_title
            .get(&decision.title)?
            .iter()
            .filter(|d| {
                (d.number == decision.number || d.number.is_none()) && !self.claimed.contains(&d.id)
            })
            .collect();
        let date = decision.date.map(|d| d.to_string());
        candidates
            .iter()
            .find(|d| !d.sourced)
            .or_else(|| {
                candidates.iter().find(|d| {
                    d.sourced
                        && decision.number.is_some()
                        && d.number == decision.number
                        && d.date == date
                })
            })
            .map(|d| d.id.clone())
    }

    /// The links every file written states, now that every record exists. Returns warnings
    /// for the links that cannot be made, with the report index of their file.
    pub fn links(self, w: &mut Writer<'_>) -> Result<Vec<(usize, String)>> {
        let mut warnings = Vec::new();
        for (item, ids) in &self.written {
            for message in write_links(w, item, ids, &self)? {
                warnings.push((item.index, message));
            }
        }
        Ok(warnings)
    }
}

/// Where imported files came from, as the write transaction sees them, kept up to date as
/// the import writes.
struct Sources {
    /// File part (`path`, `path#part`) → record id, in path order.
    by_key: BTreeMap<String, String>,
}

/// What one file changed in the sources: a key now maps to a record, or to nothing.
type SourceChanges = Vec<(String, Option<String>)>;

impl Sources {
    fn read(w: &Writer<'_>) -> Result<Sources> {
        Ok(Sources {
            by_key: w.sources()?,
        })
    }

    fn apply(&mut self, changes: SourceChanges) {
        for (key, id) in changes {
            match id {
                Some(id) => self.by_key.insert(key, id),
                None => self.by_key.remove(&key),
            };
        }
    }

    /// The parts of the file `key` earlier imports made: `key#…`.
    fn parts_of<'a>(&'a self, key: &str) -> impl Iterator<Item = (&'a String, &'a String)> {
        let prefix = format!("{key}#");
        self.by_key
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
    }
}

/// Writes a file's records. Returns the outcome, the ids written (the file's own first) and
/// what changed in the sources.
fn write_records(
    w: &mut Writer<'_>,
    item: &mut Pending,
    sources: &Sources,
    hints: &IdHints,
    matched: Option<String>,
) -> Result<(Outcome, Vec<String>, SourceChanges, Vec<Fate>)> {
    let mut fates = Vec::new();
    let parsed = &mut item.parsed;
    let kind = parsed.main.kind();
    let mut changes: SourceChanges = Vec::new();
    let known = match parsed.main.id() {
        "" => sources.by_key.get(&item.key).cloned(),
        id => Some(id.to_string()),
    };
    // A file with no stable id that no import made yet may still be a record's: one written
    // as adr-tools writes it, read back (`matched`).
    let main_id = known
        .clone()
        .or_else(|| matched.clone())
        .or_else(|| hints.id_for(&item.key, kind))
        .unwrap_or_else(|| new_id(kind));
    let existed = w.exists(&main_id)?;
    set_id(&mut parsed.main, &main_id);
    // What the file said when Hindsight last read it: the base each record merges against.
    let base = match existed {
        true => w
            .source_base(&item.key)?
            .and_then(|text| parse_text(&text, &item.stem).ok()),
        false => None,
    };
    if existed {
        let base_main = base.as_ref().map(|b| with_id(&b.main, &main_id));
        merge_into(w, &mut parsed.main, base_main.as_ref(), matched.is_some())?;
    }
    put_counted(w, &parsed.main, &mut fates)?;
    w.set_source(&item.key, &main_id, Some(&item.text))?;
    changes.push((item.key.clone(), Some(main_id.clone())));
    let mut ids = vec![main_id.clone()];
    let mut child_keys = HashSet::new();
    let base_children: HashMap<&str, &AnyRecord> = base
        .iter()
        .flat_map(|b| b.children.iter().map(|c| (c.key.as_str(), &c.record)))
        .collect();
    // A decision that already has trade-offs of its own (made in Hindsight, then written out
    // as adr-tools files) does not get another one from what its file's consequences say.
    let own_tradeoffs =
        existed && kind == Kind::Decision && !w.children_of(&main_id, Kind::TradeOff)?.is_empty();
    if own_tradeoffs && !parsed.structured {
        parsed.children.retain(|child| {
            child.record.kind() != Kind::TradeOff
                || sources
                    .by_key
                    .contains_key(&format!("{}#{}", item.key, child.key))
        });
    }
    for child in &mut parsed.children {
        let key = format!("{}#{}", item.key, child.key);
        let id = match child.record.id() {
            "" => sources
                .by_key
                .get(&key)
                .cloned()
                .or_else(|| hints.id_for(&key, child.record.kind()))
                .unwrap_or_else(|| new_id(child.record.kind())),
            id => id.to_string(),
        };
        set_id(&mut child.record, &id);
        set_parent(&mut child.record, &main_id);
        if !parsed.structured && w.exists(&id)? {
            let base_child = base_children.get(child.key.as_str()).map(|c| {
                let mut record = with_id(c, &id);
                set_parent(&mut record, &main_id);
                record
            });
            match base_child {
                Some(base_child) => merge_into(w, &mut child.record, Some(&base_child), false)?,
                None => keep_what_the_file_does_not_say(w, &mut child.record)?,
            }
        }
        put_counted(w, &child.record, &mut fates)?;
        if parsed.structured {
            w.forget_source(&key)?;
            changes.push((key.clone(), None));
        } else {
            w.set_source(&key, &id, None)?;
            changes.push((key.clone(), Some(id.clone())));
        }
        child_keys.insert(key);
        ids.push(id);
    }
    // Parts the file no longer has: an exported file is the whole truth about its children;
    // a loose file about the records earlier imports of it made.
    if parsed.structured {
        let child_kind = match kind {
            Kind::Decision => Some(Kind::TradeOff),
            Kind::Incident => Some(Kind::Action),
            _ => None,
        };
        if let Some(child_kind) = child_kind {
            let kept: HashSet<&String> = ids.iter().collect();
            for old in w.children_of(&main_id, child_kind)? {
                if !kept.contains(&old) {
                    w.delete(&old)?;
                }
            }
        }
    } else {
        for (key, old) in sources.parts_of(&item.key) {
            if !child_keys.contains(key) {
                if w.exists(old)? {
                    w.delete(old)?;
                }
                w.forget_source(key)?;
                changes.push((key.clone(), None));
            }
        }
    }
    let (id, title) = (main_id.clone(), parsed.main.title().to_string());
    let dialect = parsed.dialect.to_string();
    let records = ids.len();
    let outcome = if existed {
        Outcome::Updated {
            kind,
            id,
            title,
            dialect,
            records,
        }
    } else {
        Outcome::Created {
            kind,
            id,
            title,
            dialect,
            records,
        }
    };
    Ok((outcome, ids, changes, fates))
}

/// A record as the file says it, merged with what the workspace has: field by field against
/// what the file said last time (`base`), so edits made in Hindsight since then stay unless the
/// file changed the same field (then the file wins; the workspace's value is in the history).
/// Without a base, a file matched by number and title only fills in what it says.
fn merge_into(
    w: &Writer<'_>,
    record: &mut AnyRecord,
    base: Option<&AnyRecord>,
    partial: bool,
) -> Result<()> {
    let Some((kind, mine)) = w.get_json(record.id())? else {
        return Ok(());
    };
    if kind != record.kind() {
        return Ok(());
    }
    let theirs = record.to_json();
    let merged = match base {
        Some(base) => merge3(&mine, &base.to_json(), &theirs, Prefer::Theirs).value,
        None if partial => fill(&mine, &theirs),
        None => return Ok(()),
    };
    if let Ok(json) = serde_json::to_string(&merged)
        && let Ok(back) = AnyRecord::from_json(kind, &json)
    {
        *record = back;
    }
    Ok(())
}

/// A copy of `record` with the id `id`.
fn with_id(record: &AnyRecord, id: &str) -> AnyRecord {
    let mut out = record.clone();
    set_id(&mut out, id);
    out
}

/// A record found inside a file (a trade-off, a lesson) carries only what the file says; what
/// the team added in Hindsight since the last import (a trade-off's explanation and risk, a
/// lesson's category) stays.
fn keep_what_the_file_does_not_say(w: &Writer<'_>, record: &mut AnyRecord) -> Result<()> {
    if !w.exists(record.id())? {
        return Ok(());
    }
    match record {
        AnyRecord::TradeOff(t) => {
            let old: crate::domain::TradeOff = w.get(&t.id)?;
            t.explanation = old.explanation;
            t.risk = old.risk;
        }
        AnyRecord::Lesson(l) => {
            let old: crate::domain::Lesson = w.get(&l.id)?;
            l.category = old.category;
        }
        _ => {}
    }
    Ok(())
}

fn set_id(record: &mut AnyRecord, id: &str) {
    let id = id.to_string();
    match record {
        AnyRecord::Decision(r) => r.id = id,
        AnyRecord::TradeOff(r) => r.id = id,
        AnyRecord::Lesson(r) => r.id = id,
        AnyRecord::Incident(r) => r.id = id,
        AnyRecord::Action(r) => r.id = id,
        AnyRecord::Checklist(r) => r.id = id,
        AnyRecord::Review(r) => r.id = id,
    }
}

fn set_parent(record: &mut AnyRecord, parent: &str) {
    match record {
        AnyRecord::TradeOff(r) => r.decision_id = parent.to_string(),
        AnyRecord::Action(r) => r.source_id = Some(parent.to_string()),
        _ => {}
    }
}
