//! Writing the workspace back into the team's own files (`export --in-place`): a record that
//! came from a file goes back to that file, in its dialect, changed only where the record
//! changed; a record that did not change leaves its file untouched, so `git status` stays
//! clean. A decision or postmortem made in Hindsight goes into the folder its kind's records
//! came from, named and written like its neighbours (`NNNN-slug.md` with the next number for
//! adr-tools and MADR, `YYYYMMDD-slug.md` for log4brains).
//!
//! A file changed on disk since Hindsight last read it is never overwritten: import it first
//! (`sync` does). A file whose record was deleted is kept and named.

mod links;
mod new_files;
mod parts;
mod verify;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::files::{LeftAlone, write_atomic};
use super::markdown::{self, unix_newlines};
use super::parsed::Parsed;
use super::{InteropError, Progress, decision, import, postmortem};
use crate::domain::{ActionItem, AnyRecord, Decision, Incident, Kind, Lesson, Relation};
use crate::store::Store;
use links::with_links;
use new_files::new_records;

/// What writing back did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InPlaceReport {
    /// Files rewritten because their record changed.
    pub written: Vec<PathBuf>,
    /// Files made for records made in Hindsight.
    pub created: Vec<PathBuf>,
    /// Files whose records did not change: not touched.
    pub unchanged: usize,
    /// Files not written, and why.
    pub left_alone: Vec<LeftAlone>,
    /// Files whose record changed in a way the writer could not place in their text: each is
    /// left as it was, and the command fails naming the file and the fields.
    pub not_written: Vec<LeftAlone>,
}

/// One team file Hindsight knows: where it is, its record, its text as last read or written.
struct Known {
    path: PathBuf,
    id: String,
    /// Its text as last read or written: loaded only for the files looked at.
    base: String,
    /// The workspace's last change when the file was read or written.
    base_change: i64,
    kind: Option<Kind>,
}

impl Known {
    /// The same file, its text loaded.
    fn loaded(&self, store: &Store) -> Result<Known, InteropError> {
        Ok(Known {
            path: self.path.clone(),
            id: self.id.clone(),
            base: store
                .file_base(&self.path.display().to_string())?
                .unwrap_or_default(),
            base_change: self.base_change,
            kind: self.kind,
        })
    }
}

/// Writes every record back into the file it came from, and new decisions and postmortems
/// next to their neighbours. Records the new files in the workspace's sources.
pub fn export_in_place(
    store: &mut Store,
    mut progress: impl FnMut(Progress),
) -> Result<InPlaceReport, InteropError> {
    let own = format!("/{}/", super::OWN_FOLDER);
    let known: Vec<Known> = store
        .written_files()?
        .into_iter()
        // Hindsight's own files beside the team's are written whole by sync, not here.
        .filter(|(path, ..)| !path.contains(&own))
        .map(|(path, id, base_change, kind)| Known {
            path: PathBuf::from(path),
            id,
            base: String::new(),
            base_change,
            kind,
        })
        .collect();
    let mut report = InPlaceReport::default();
    let mut new_bases: Vec<(String, String, String)> = Vec::new();
    // The lessons and action items each postmortem written now lists, by their key in it.
    let mut part_sources: parts::PartSources = Vec::new();
    let mut sources = None;
    // Records whose words for their status the file now says otherwise (old words that no
    // longer said the status): they take the file's words, so the two agree.
    let mut restated: Vec<Decision> = Vec::new();
    // Where every decision is (or will be): adr-tools files name each other in link lines.
    let planned = new_records(store, &known)?;
    // A new decision takes the number its file name gives it.
    let numbers: Vec<(String, u32)> = planned
        .iter()
        .filter_map(|(_, id, _, number)| number.map(|n| (id.clone(), n)))
        .collect();
    if !numbers.is_empty() {
        store.write("Number new decisions as their files", |w| {
            for (id, number) in &numbers {
                let mut d: Decision = w.get(id)?;
                if d.number != Some(*number) {
                    d.number = Some(*number);
                    w.put(&d)?;
                }
            }
            Ok(())
        })?;
    }
    // What a killed write-back left, in every folder this one writes to.
    let mut folders: Vec<&Path> = known.iter().map(|k| k.path.as_path()).collect();
    folders.extend(planned.iter().map(|(path, ..)| path.as_path()));
    let mut folders: Vec<&Path> = folders.into_iter().filter_map(Path::parent).collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        crate::atomic::clear(folder);
    }
    let mut files: HashMap<String, PathBuf> = known
        .iter()
        .map(|k| (k.id.clone(), k.path.clone()))
        .collect();
    files.extend(
        planned
            .iter()
            .map(|(path, id, _, _)| (id.clone(), path.clone())),
    );
    let pending = new_files::pending(store)?;
    // Only files whose records changed since they were read or written need a look: one scan
    // of the changes since the oldest of them, not a parse of every file.
    let oldest = known.iter().map(|k| k.base_change).min().unwrap_or(0);
    let touched = store.touched_since(oldest)?;
    let total = known.len();
    for (n, file) in known.iter().enumerate() {
        progress(Progress::new(n, total, &file.path));
        if pending.contains(&file.path.display().to_string())
            && !file.path.exists()
            && store.find_any(&file.id)?.is_some()
        {
            let file = file.loaded(store)?;
            // Noted as a new record's by a write-back stopped before it made the file.
            write_atomic(&file.path, file.base.as_bytes()).map_err(|source| InteropError::Io {
                path: file.path.clone(),
                source,
            })?;
            report.created.push(file.path.clone());
        }
        if touched
            .get(&file.id)
            .is_none_or(|at| *at <= file.base_change)
        {
            report.unchanged += 1;
            continue;
        }
        let file = &file.loaded(store)?;
        match write_back(store, file, &files)? {
            Written::Unchanged => report.unchanged += 1,
            Written::Text(text, fixed) | Written::Already(text, fixed) => {
                restated.extend(fixed.map(|d| *d));
                if std::fs::read(&file.path).ok().as_deref() != Some(text.as_bytes()) {
                    write_atomic(&file.path, text.as_bytes()).map_err(|source| {
                        InteropError::Io {
                            path: file.path.clone(),
                            source,
                        }
                    })?;
                }
                report.written.push(file.path.clone());
                let key = file.path.display().to_string();
                if let Some(AnyRecord::Incident(incident)) = store.find_any(&file.id)? {
                    let sources = match &mut sources {
                        Some(sources) => sources,
                        None => sources.insert(store.sources()?),
                    };
                    part_sources
                        .extend(parts::part_sources(store, sources, &key, &incident, &text)?);
                }
                new_bases.push((key, file.id.clone(), text));
            }
            Written::Not(reason) => report.left_alone.push(LeftAlone {
                path: file.path.clone(),
                reason,
            }),
            Written::Refused(reason) => report.not_written.push(LeftAlone {
                path: file.path.clone(),
                reason,
            }),
        }
    }
    if !pending.is_empty() {
        new_files::clear_pending(store)?;
    }
    new_files::create(store, planned, &files, &mut report)?;
    if !new_bases.is_empty() {
        store.write("Write records back to their files", |w| {
            for decision in &restated {
                w.put(decision)?;
            }
            for (path, id, text) in &new_bases {
                w.set_source(path, id, Some(text))?;
            }
            parts::apply(w, &part_sources)
        })?;
    }
    progress(Progress::new(total, total, Path::new("")));
    Ok(report)
}

enum Written {
    Unchanged,
    /// The new text, and the decision as the file now says its status, when its words changed.
    Text(String, Option<Box<Decision>>),
    /// The file already says the new text (a write-back stopped after writing it, before
    /// noting so): noted now, not written again.
    Already(String, Option<Box<Decision>>),
    /// Not written, for a reason that is the file's state (gone, changed on disk).
    Not(String),
    /// Not written because the change could not be placed in the file's text: an error.
    Refused(String),
}

type ActionKey = (
    String,
    Option<String>,
    crate::domain::ActionStatus,
    Option<chrono::NaiveDate>,
);

fn action_key(a: &ActionItem) -> ActionKey {
    (
        a.title.trim().to_string(),
        a.owner.clone().filter(|o| !o.trim().is_empty()),
        a.status,
        a.due,
    )
}

fn lesson_key(l: &Lesson) -> (String, String) {
    (
        markdown::normalize(&l.statement),
        markdown::normalize(&l.explanation),
    )
}

fn stem_of(path: &Path) -> String {
    import::record_stem(path)
}

/// The file's new text, if its record changed since the file was last read or written.
fn write_back(
    store: &Store,
    file: &Known,
    files: &HashMap<String, PathBuf>,
) -> Result<Written, InteropError> {
    let Some(record) = store.find_any(&file.id)? else {
        return Ok(Written::Not(
            "its record was deleted in Hindsight; the file is kept".into(),
        ));
    };
    let on_disk = match std::fs::read(&file.path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).to_string(),
        Err(_) => return Ok(Written::Not("the file is gone".into())),
    };
    let written = new_text(store, file, files, &record)?;
    if unix_newlines(&on_disk) == unix_newlines(&file.base) {
        return Ok(written);
    }
    Ok(match written {
        Written::Text(text, fixed) if text == on_disk => Written::Already(text, fixed),
        _ => Written::Not(
            "changed on disk since Hindsight read it; import it first (sync does)".into(),
        ),
    })
}

/// What the file's text becomes from its text as last read (`file.base`) and its record now.
fn new_text(
    store: &Store,
    file: &Known,
    files: &HashMap<String, PathBuf>,
    record: &AnyRecord,
) -> Result<Written, InteropError> {
    let crlf = file.base.contains("\r\n");
    let bom = file.base.starts_with('\u{feff}');
    let base = unix_newlines(file.base.trim_start_matches('\u{feff}')).into_owned();
    let Ok(parsed) = import::parse_text(&base, &stem_of(&file.path)) else {
        return Ok(Written::Not("the file no longer reads as a record".into()));
    };
    let stem = stem_of(&file.path);
    let (was, text, children) = match (record, &parsed.main) {
        (AnyRecord::Decision(now), AnyRecord::Decision(was)) => {
            let was = Decision {
                id: now.id.clone(),
                ..was.clone()
            };
            let text = if *now == was {
                base.clone()
            } else {
                decision::patch(&base, &was, now)
            };
            let text = with_links(store, now, &text, files, file.base_change)?.unwrap_or(text);
            (AnyRecord::Decision(was), text, None)
        }
        (AnyRecord::Incident(now), AnyRecord::Incident(was)) => {
            let was = Incident {
                id: now.id.clone(),
                ..was.clone()
            };
            let (actions, lessons) = children_now(store, now)?;
            let (was_actions, was_lessons) = children_then(&parsed);
            let children = postmortem::Children {
                actions_changed: !same_items(&actions, &was_actions, action_key),
                lessons_changed: !same_items(&lessons, &was_lessons, lesson_key),
                actions: &actions,
                lessons: &lessons,
            };
            if *now == was && !children.actions_changed && !children.lessons_changed {
                return Ok(Written::Unchanged);
            }
            let text = postmortem::patch(&base, &was, now, &children);
            let changed = (children.actions_changed, children.lessons_changed);
            (
                AnyRecord::Incident(was),
                text,
                Some((changed, actions, lessons)),
            )
        }
        _ => return Ok(Written::Unchanged),
    };
    // What the new text says, read again as an import reads it.
    let mut restated = None;
    let unplaced = match import::parse_text(&text, &stem) {
        Ok(back) => {
            if let (AnyRecord::Decision(now), AnyRecord::Decision(said)) = (record, &back.main)
                && now.status_text != said.status_text
                && now.status == said.status
                && now
                    .status_text
                    .as_deref()
                    .is_some_and(|t| !now.status.is_said_by(&markdown::plain(t)))
            {
                restated = Some(Box::new(Decision {
                    status_text: said.status_text.clone(),
                    ..now.clone()
                }));
            }
            let mut fields = verify::unplaced(&was, record, &back.main);
            if let Some(((actions_changed, lessons_changed), actions, lessons)) = &children {
                let (back_actions, back_lessons) = children_then(&back);
                if *actions_changed && !same_items(actions, &back_actions, action_key) {
                    fields.push("action items".into());
                }
                if *lessons_changed && !same_items(lessons, &back_lessons, lesson_key) {
                    fields.push("lessons".into());
                }
            }
            fields
        }
        Err(_) => vec!["the whole record (the new text no longer reads as one)".into()],
    };
    if !unplaced.is_empty() {
        return Ok(Written::Refused(format!(
            "could not write {} into the file's text; the file is left as it was and the \
             workspace keeps the change",
            unplaced.join(", ")
        )));
    }
    if text == base {
        return Ok(Written::Unchanged);
    }
    let mut text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    if bom {
        text.insert(0, '\u{feff}');
    }
    Ok(Written::Text(text, restated))
}

/// The same items, whatever their order (the workspace lists them in its own order).
fn same_items<T, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> bool {
    let mut x: Vec<K> = a.iter().map(&key).collect();
    let mut y: Vec<K> = b.iter().map(&key).collect();
    x.sort();
    y.sort();
    x == y
}

/// An incident's action items and lessons in the workspace now.
fn children_now(
    store: &Store,
    incident: &Incident,
) -> Result<(Vec<ActionItem>, Vec<Lesson>), InteropError> {
    let actions: Vec<ActionItem> = store.children(&incident.id)?;
    let mut lessons = Vec::new();
    for link in store.links_to(&incident.id)? {
        if link.relation == Relation::LearnedFrom
            && let Some(AnyRecord::Lesson(l)) = store.find_any(&link.from_id)?
        {
            lessons.push(l);
        }
    }
    Ok((actions, lessons))
}

/// The action items and lessons the file listed.
fn children_then(parsed: &Parsed) -> (Vec<ActionItem>, Vec<Lesson>) {
    let mut actions = Vec::new();
    let mut lessons = Vec::new();
    for child in &parsed.children {
        match &child.record {
            AnyRecord::Action(a) => actions.push(a.clone()),
            AnyRecord::Lesson(l) => lessons.push(l.clone()),
            _ => {}
        }
    }
    (actions, lessons)
}
