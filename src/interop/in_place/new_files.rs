//! Where a decision or postmortem made in Hindsight goes in the team's folder: the folder most
//! files of its kind came from, a name like its neighbours' (`NNNN-slug.md` with the next
//! number, log4brains' `YYYYMMDD-slug.md`) and a first text in their dialect; and making those
//! files so that a write-back stopped midway (killed, the machine down) leaves nothing an
//! import would take for a new record.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::super::files::{LeftAlone, write_atomic};
use super::super::markdown::{fold, unix_newlines};
use super::super::{InteropError, decision, import, postmortem};
use super::{InPlaceReport, Known, children_now, with_links};
use crate::domain::{AnyRecord, Decision, Incident, Kind};
use crate::store::Store;

/// The folder most files of a kind came from, one file of it (its dialect), and the change the
/// workspace had when that folder was first read: only records made after it get files there
/// (not the demo's, not another folder's).
fn home_of(
    store: &Store,
    known: &[Known],
    kind: Kind,
) -> Result<Option<(PathBuf, String, i64)>, InteropError> {
    let mut folders: BTreeMap<PathBuf, (usize, &Known, i64)> = BTreeMap::new();
    for file in known {
        if file.kind != Some(kind) {
            continue;
        }
        let Some(dir) = file.path.parent() else {
            continue;
        };
        let entry = folders.entry(dir.to_path_buf()).or_insert((0, file, 0));
        entry.0 += 1;
        entry.2 = if entry.0 == 1 {
            file.base_change
        } else {
            entry.2.min(file.base_change)
        };
    }
    let Some((dir, (_, sample, read))) =
        folders.into_iter().max_by_key(|(_, (count, _, _))| *count)
    else {
        return Ok(None);
    };
    Ok(Some((dir, sample.loaded(store)?.base, read)))
}

/// A file to make: where, for which record, its text, and (for a decision in a numbered
/// folder) its number.
pub(super) type Planned = (PathBuf, String, String, Option<u32>);

/// Decisions and postmortems made in Hindsight that have no file yet: where each goes, its id,
/// its text.
pub(super) fn new_records(store: &Store, known: &[Known]) -> Result<Vec<Planned>, InteropError> {
    let filed: std::collections::HashSet<&str> = known.iter().map(|k| k.id.as_str()).collect();
    let mut out = Vec::new();
    let made_since = |id: &str, read: i64| -> Result<bool, InteropError> {
        Ok(store.created_in(id)?.is_none_or(|c| c > read))
    };
    if let Some((dir, sample, read)) = home_of(store, known, Kind::Decision)? {
        let style = Style::of(&sample, &dir);
        let mut next = style.next_number;
        for d in store.list::<Decision>()? {
            if filed.contains(d.id.as_str()) || !made_since(&d.id, read)? {
                continue;
            }
            // A number below the next free one is kept when the folder already has this
            // decision's file under it: an earlier write-back made it and was stopped before
            // it could note so (the file is then taken as it is, or left and named).
            let number = match d.number {
                Some(n) if n < next && dir.join(style.file_name(&d, n)).exists() => n,
                _ => {
                    let number = d.number.filter(|n| *n >= next).unwrap_or(next);
                    next = number + 1;
                    number
                }
            };
            let name = style.file_name(&d, number);
            let template = style.template(&d, number);
            let Ok(parsed) = import::parse_text(&template, name.trim_end_matches(".md")) else {
                continue;
            };
            let AnyRecord::Decision(was) = parsed.main else {
                continue;
            };
            let was = Decision {
                id: d.id.clone(),
                ..was
            };
            let now = Decision {
                number: Some(number),
                ..d.clone()
            };
            let numbered = (style.dialect != Dialect::Log4brains).then_some(number);
            out.push((
                dir.join(&name),
                d.id.clone(),
                decision::patch(&template, &was, &now),
                numbered,
            ));
        }
    }
    if let Some((dir, _, read)) = home_of(store, known, Kind::Incident)? {
        for i in store.list::<Incident>()? {
            if filed.contains(i.id.as_str()) || !made_since(&i.id, read)? {
                continue;
            }
            let day = i
                .started_at
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string());
            let name = format!("{day}-{}.md", super::markdown::slug(&i.title));
            let template = format!("# {}\n\n## Summary\n", i.title);
            let Ok(parsed) = import::parse_text(&template, name.trim_end_matches(".md")) else {
                continue;
            };
            let AnyRecord::Incident(was) = parsed.main else {
                continue;
            };
            let was = Incident {
                id: i.id.clone(),
                ..was
            };
            let (actions, lessons) = children_now(store, &i)?;
            let children = postmortem::Children {
                actions_changed: !actions.is_empty(),
                lessons_changed: !lessons.is_empty(),
                actions: &actions,
                lessons: &lessons,
            };
            out.push((
                dir.join(&name),
                i.id.clone(),
                postmortem::patch(&template, &was, &i, &children),
                None,
            ));
        }
    }
    Ok(out)
}

/// The meta key listing the files a write-back noted as new records' but had not all made yet.
const PENDING: &str = "in_place_pending";

/// The files a write-back noted as new records' and may not have made (it was stopped).
pub(super) fn pending(store: &Store) -> Result<HashSet<String>, InteropError> {
    Ok(store
        .meta(PENDING)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Makes the files of records made in Hindsight. Each is noted as its record's file (with its
/// text, the base of the next write-back) before it is made, so a run stopped in between leaves
/// no file that an import would take for a new record, and the next run makes the ones it did
/// not ([`pending`]). A file that already says what would be written is one such run's: taken
/// as it is. Any other file of the name is left and named.
pub(super) fn create(
    store: &mut Store,
    planned: Vec<Planned>,
    files: &HashMap<String, PathBuf>,
    report: &mut InPlaceReport,
) -> Result<(), InteropError> {
    // (key, id, text, path, to be written)
    let mut noted: Vec<(String, String, String, PathBuf, bool)> = Vec::new();
    for (path, id, text, _) in planned {
        let text = match store.find_any(&id)? {
            Some(AnyRecord::Decision(d)) => with_links(store, &d, &text, files, 0)?.unwrap_or(text),
            _ => text,
        };
        let write = match std::fs::read(&path) {
            Ok(bytes) if bytes == text.as_bytes() => false,
            Ok(_) => {
                report.left_alone.push(LeftAlone {
                    path,
                    reason: "a file of that name exists; the new record was not written".into(),
                });
                continue;
            }
            Err(_) => true,
        };
        // Named as an import names it: the folder's real path.
        let key = match (path.parent(), path.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or(path.clone()),
            _ => path.clone(),
        };
        noted.push((key.display().to_string(), id, text, path, write));
    }
    if noted.is_empty() {
        return Ok(());
    }
    // A new postmortem's lessons and action items are its list items from now on.
    let mut parts = Vec::new();
    let mut sources = None;
    for (key, id, text, ..) in &noted {
        if let Some(AnyRecord::Incident(incident)) = store.find_any(id)? {
            let sources = match &mut sources {
                Some(sources) => sources,
                None => sources.insert(store.sources()?),
            };
            parts.extend(super::parts::part_sources(
                store, sources, key, &incident, text,
            )?);
        }
    }
    store.write("Write new records into their folders", |w| {
        for (key, id, text, ..) in &noted {
            w.set_source(key, id, Some(text))?;
        }
        super::parts::apply(w, &parts)
    })?;
    let to_make: Vec<&String> = noted.iter().filter(|n| n.4).map(|n| &n.0).collect();
    store.set_meta(
        PENDING,
        &serde_json::to_string(&to_make).unwrap_or_default(),
    )?;
    for (_, _, text, path, write) in noted {
        if write {
            write_atomic(&path, text.as_bytes()).map_err(|source| InteropError::Io {
                path: path.clone(),
                source,
            })?;
        }
        report.created.push(path);
    }
    clear_pending(store)
}

/// Every noted file is made: none is pending any more.
pub(super) fn clear_pending(store: &mut Store) -> Result<(), InteropError> {
    Ok(store.set_meta(PENDING, "[]")?)
}

/// How a folder's decisions are named and written.
struct Style {
    dialect: Dialect,
    next_number: u32,
    /// Digits of the number in file names.
    width: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    AdrTools,
    Madr2,
    MadrFront,
    Log4brains,
}

impl Style {
    fn of(sample: &str, dir: &Path) -> Style {
        let text = unix_newlines(sample);
        let dialect = if text.starts_with("---\n") {
            Dialect::MadrFront
        } else if text
            .lines()
            .any(|l| fold(l) == "status" && l.starts_with("##"))
        {
            Dialect::AdrTools
        } else {
            Dialect::Madr2
        };
        let mut max = 0;
        let mut dated = 0;
        let mut width = 4;
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
                if digits.len() == 8 {
                    dated += 1;
                } else if !digits.is_empty() && name.ends_with(".md") {
                    width = digits.len();
                    max = max.max(digits.parse().unwrap_or(0));
                }
            }
        }
        let dialect = if dated > 0 && max == 0 {
            Dialect::Log4brains
        } else {
            dialect
        };
        Style {
            dialect,
            next_number: max + 1,
            width,
        }
    }

    fn file_name(&self, d: &Decision, number: u32) -> String {
        let slug = super::markdown::slug(&d.title);
        match self.dialect {
            Dialect::Log4brains => {
                let day = d.date.unwrap_or_else(|| chrono::Utc::now().date_naive());
                format!("{}-{slug}.md", day.format("%Y%m%d"))
            }
            _ => format!("{number:0width$}-{slug}.md", width = self.width),
        }
    }

    /// A new file's skeleton in the folder's dialect, for the record to be written into.
    fn template(&self, d: &Decision, number: u32) -> String {
        let date = d
            .date
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
            .to_string();
        match self.dialect {
            Dialect::AdrTools => format!(
                "# {number}. {}\n\nDate: {date}\n\n## Status\n\nProposed\n\n## Context\n\n## Decision\n\n## Consequences\n",
                d.title
            ),
            Dialect::MadrFront => format!(
                "---\nstatus: proposed\ndate: {date}\n---\n\n# {}\n\n## Context and Problem Statement\n",
                d.title
            ),
            Dialect::Madr2 | Dialect::Log4brains => format!(
                "# {}\n\n- Status: proposed\n- Date: {date}\n\n## Context and Problem Statement\n",
                d.title
            ),
        }
    }
}
