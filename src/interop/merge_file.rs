//! Merging two edits of one team file, by record and by field, never by text: the file as both
//! sides last agreed (the base), ours and theirs are each read as the record they say; the
//! records are merged field by field; the merged record is written into our text, so the file
//! keeps our layout and gains their changes. A field both sides changed differently keeps our
//! value in the file, and is reported with both values. No conflict marker is ever written.

use serde_json::Value;

use super::import::parse_text;
use super::parsed::End;
use super::parsed::Parsed;
use super::{decision, postmortem, record_file};
use crate::domain::{ActionItem, AnyRecord, FieldConflict, Lesson, Link, Prefer, merge3};

/// A merged file.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedFile {
    pub text: String,
    /// Fields changed differently on both sides (our value is in `text`).
    pub conflicts: Vec<FieldConflict>,
}

/// Merges `ours` and `theirs` against `base` (`None` when both sides added the file). `stem` is
/// the file name without its extension. `None` when a version does not read as a record of the
/// same kind (then the caller keeps ours and reports it).
pub fn merge_file(base: Option<&str>, ours: &str, theirs: &str, stem: &str) -> Option<MergedFile> {
    let read = |text: &str| parse_text(text, stem).ok();
    let (o, t) = (read(ours)?, read(theirs)?);
    let b = base.and_then(read);
    if o.main.kind() != t.main.kind() {
        return None;
    }
    let empty = Value::Object(Default::default());
    let base_json = b.as_ref().map_or(empty, |b| b.main.to_json());
    let merged = merge3(
        &o.main.to_json(),
        &base_json,
        &t.main.to_json(),
        Prefer::Mine,
    );
    let record = AnyRecord::from_json(o.main.kind(), &merged.value.to_string()).ok()?;
    let mut conflicts = merged.conflicts;
    let text = match (&o.main, &record) {
        (AnyRecord::Decision(was), AnyRecord::Decision(now)) => decision::patch(ours, was, now),
        (AnyRecord::Incident(was), AnyRecord::Incident(now)) => {
            let (actions, actions_changed, a) = pick(&o, b.as_ref(), &t, actions_of);
            let (lessons, lessons_changed, l) = pick(&o, b.as_ref(), &t, lessons_of);
            conflicts.extend(a.map(|c| FieldConflict {
                field: "action items".into(),
                ..c
            }));
            conflicts.extend(l.map(|c| FieldConflict {
                field: "lessons".into(),
                ..c
            }));
            let children = postmortem::Children {
                actions: &actions,
                lessons: &lessons,
                actions_changed,
                lessons_changed,
            };
            postmortem::patch(ours, was, now, &children)
        }
        (AnyRecord::Lesson(_), _)
        | (AnyRecord::Checklist(_), _)
        | (AnyRecord::Review(_), _)
        | (AnyRecord::Action(_), _)
        | (AnyRecord::TradeOff(_), _) => {
            // Hindsight's own file: its links merged as a set (both sides' additions kept,
            // either side's removal taken), the file written again.
            let links = merge_links(&o, b.as_ref(), &t);
            record_file::write(&record, &links)
        }
        _ => return None,
    };
    Some(MergedFile { text, conflicts })
}

/// The links a Hindsight file states, as links from its record.
fn stated_links(parsed: &Parsed) -> Vec<Link> {
    let main = parsed.main.id().to_string();
    parsed
        .links
        .iter()
        .filter_map(|l| {
            let from = match &l.from {
                End::Main => main.clone(),
                End::Id(id) => id.clone(),
                _ => return None,
            };
            let End::Id(to) = &l.to else {
                return None;
            };
            Some(Link {
                label: l.label.clone(),
                ..Link::new(from, l.relation, to)
            })
        })
        .collect()
}

/// A three-way merge of two sets of links: ours, then theirs that are new, less those either
/// side removed since the base.
fn merge_links(ours: &Parsed, base: Option<&Parsed>, theirs: &Parsed) -> Vec<Link> {
    let (o, t) = (stated_links(ours), stated_links(theirs));
    let b = base.map(stated_links).unwrap_or_default();
    let key = |l: &Link| (l.from_id.clone(), l.relation, l.to_id.clone());
    let has = |set: &[Link], l: &Link| set.iter().any(|x| key(x) == key(l));
    let mut out: Vec<Link> = o
        .iter()
        .filter(|l| !has(&b, l) || has(&t, l))
        .cloned()
        .collect();
    out.extend(t.iter().filter(|l| !has(&o, l) && !has(&b, l)).cloned());
    super::export::sorted_links(out)
}

fn actions_of(p: &Parsed) -> Vec<ActionItem> {
    p.children
        .iter()
        .filter_map(|c| match &c.record {
            AnyRecord::Action(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

fn lessons_of(p: &Parsed) -> Vec<Lesson> {
    p.children
        .iter()
        .filter_map(|c| match &c.record {
            AnyRecord::Lesson(l) => Some(l.clone()),
            _ => None,
        })
        .collect()
}

/// A list found inside a file, merged as a whole: the side that changed it wins; both changed
/// differently, ours stays and it is a conflict. Returns the list, whether it differs from
/// ours, and the conflict.
fn pick<T: serde::Serialize + Clone>(
    ours: &Parsed,
    base: Option<&Parsed>,
    theirs: &Parsed,
    of: fn(&Parsed) -> Vec<T>,
) -> (Vec<T>, bool, Option<FieldConflict>) {
    let json = |items: &[T]| serde_json::to_value(items).unwrap_or_default();
    let (o, t) = (of(ours), of(theirs));
    let b = base.map(of).unwrap_or_default();
    let (oj, tj, bj) = (json(&o), json(&t), json(&b));
    if tj == bj || oj == tj {
        (o, false, None)
    } else if oj == bj {
        (t, true, None)
    } else {
        let conflict = FieldConflict {
            field: String::new(),
            mine: oj,
            theirs: tj,
        };
        (o, false, Some(conflict))
    }
}
