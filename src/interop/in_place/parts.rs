//! The records a postmortem's text lists, noted by their key in the file once write-back placed
//! them there: a lesson or action item made in Hindsight and written into its incident's list
//! is from then on that list item (`<file>#lesson-3` → its id), as an import notes the records
//! it finds inside a file. Sync's `ids/` map carries these ids to every clone (they are not the
//! ids derived from the key), and Hindsight's own files leave out a record a team file holds:
//! every clone reads the item once, as the same record.

use std::collections::{HashMap, HashSet};

use super::{action_key, children_now, lesson_key, stem_of};
use crate::domain::{AnyRecord, Incident};
use crate::interop::markdown::unix_newlines;
use crate::interop::{InteropError, import};
use crate::store::{Store, Writer};

/// What the sources of the parts of one file become: `file#part` → the record it now is, or
/// `None` for a part the text no longer has.
pub(super) type PartSources = Vec<(String, Option<String>)>;

/// The sources of the lessons and action items `text` (the postmortem file `key`, of
/// `incident`) lists, each matched to the workspace record it says: the one the key already
/// named when that one still matches, else the first one with the same words not yet taken.
pub(super) fn part_sources(
    store: &Store,
    sources: &HashMap<String, String>,
    key: &str,
    incident: &Incident,
    text: &str,
) -> Result<PartSources, InteropError> {
    let text = unix_newlines(text.trim_start_matches('\u{feff}')).into_owned();
    let Ok(parsed) = import::parse_text(&text, &stem_of(std::path::Path::new(key))) else {
        return Ok(Vec::new());
    };
    let prefix = format!("{key}#");
    let before: HashMap<&String, &String> = sources
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .collect();
    let (actions, lessons) = children_now(store, incident)?;
    // Each item of the file, with the ids of the workspace records that say the same.
    let candidates: Vec<(String, Vec<String>)> = parsed
        .children
        .iter()
        .map(|child| {
            let ids = match &child.record {
                AnyRecord::Lesson(l) => lessons
                    .iter()
                    .filter(|now| lesson_key(now) == lesson_key(l))
                    .map(|now| now.id.clone())
                    .collect(),
                AnyRecord::Action(a) => actions
                    .iter()
                    .filter(|now| action_key(now) == action_key(a))
                    .map(|now| now.id.clone())
                    .collect(),
                _ => Vec::new(),
            };
            (format!("{prefix}{}", child.key), ids)
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut chosen: HashMap<&str, String> = HashMap::new();
    // The ids the keys already named, where they still say the same; then the others in order.
    for (part, ids) in &candidates {
        if let Some(id) = before.get(part).filter(|id| ids.contains(id)) {
            taken.insert((*id).clone());
            chosen.insert(part, (*id).clone());
        }
    }
    for (part, ids) in &candidates {
        if chosen.contains_key(part.as_str()) {
            continue;
        }
        if let Some(id) = ids.iter().find(|id| !taken.contains(*id)) {
            taken.insert(id.clone());
            chosen.insert(part, id.clone());
        }
    }
    let mut out: PartSources = Vec::new();
    for (part, _) in &candidates {
        match chosen.get(part.as_str()) {
            Some(id) if before.get(part) != Some(&id) => {
                out.push((part.clone(), Some(id.clone())));
            }
            // An item no record says (the text was verified, so none should be): as it was.
            _ => {}
        }
    }
    let listed: HashSet<&String> = candidates.iter().map(|(part, _)| part).collect();
    for part in before.keys() {
        if !listed.contains(part) {
            out.push(((*part).clone(), None));
        }
    }
    out.sort();
    Ok(out)
}

/// Notes what [`part_sources`] found, inside the write-back's transaction: sub-record sources,
/// with no text of their own (as an import notes them).
pub(super) fn apply(w: &mut Writer<'_>, parts: &PartSources) -> crate::store::Result<()> {
    for (part, id) in parts {
        match id {
            Some(id) if w.exists(id)? => w.set_source(part, id, None)?,
            Some(_) => {}
            None => w.forget_source(part)?,
        }
    }
    Ok(())
}
