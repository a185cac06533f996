//! Hindsight's own files beside the team's (`.hindsight/` in the synced folder, laid out by
//! `interop::render_own`), on disk: written when their text changes and removed when their
//! record or link is gone (every file there is Hindsight's), and read back — only the files git
//! says changed since the last sync, so a sync reads what changed, not the whole repository.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Git, SyncError};
use crate::domain::Relation;
use crate::interop::{self, IdHints, OWN_FOLDER, Progress, RECORD_FOLDERS};
use crate::store::Store;

/// The meta key of the commit the last sync ended at: what the next one reads changes since.
pub const SYNC_COMMIT: &str = "sync_commit";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |e| SyncError::Git {
        command: "write".into(),
        message: format!("{}: {e}", path.display()),
    }
}

/// Brings `.hindsight/` to what the workspace holds: files whose text differs are written,
/// files no record or link needs any more are removed. Returns how many files changed.
pub fn write_own(store: &Store, folder: &Path) -> Result<usize, SyncError> {
    let own = folder.join(OWN_FOLDER);
    let wanted = interop::render_own(store, folder)?;
    let mut changed = 0;
    for (rel, text) in &wanted {
        let path = own.join(rel);
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        interop::write_atomic(&path, text.as_bytes()).map_err(io(&path))?;
        changed += 1;
    }
    for entry in walkdir::WalkDir::new(&own).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&own).unwrap_or(entry.path());
        if !wanted.contains_key(rel) {
            std::fs::remove_file(entry.path()).map_err(io(entry.path()))?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// The ids files' records take in this folder: the committed map, else derived from their path.
pub fn hints(folder: &Path) -> IdHints {
    IdHints::new(interop::read_id_map(folder), Some(folder.to_path_buf()))
}

/// What changed in the folder since a commit: files to read, link files added, and files gone.
#[derive(Debug, Default)]
pub struct Changed {
    pub read: Vec<PathBuf>,
    pub links_added: Vec<PathBuf>,
    pub gone: Vec<PathBuf>,
}

impl Changed {
    /// Sorts paths (absolute) into what to read, links to add and files gone.
    pub fn of(folder: &Path, present: Vec<PathBuf>, gone: Vec<PathBuf>) -> Changed {
        let own = folder.join(OWN_FOLDER);
        let records: Vec<PathBuf> = RECORD_FOLDERS.iter().map(|f| own.join(f)).collect();
        let mut out = Changed {
            gone,
            ..Changed::default()
        };
        for path in present {
            if path.starts_with(own.join("links")) {
                out.links_added.push(path);
            } else if !path.starts_with(&own) || records.iter().any(|r| path.starts_with(r)) {
                out.read.push(path);
            }
        }
        out
    }

    /// Everything in the folder, for a first sync: the team's files and Hindsight's.
    pub fn everything(folder: &Path) -> Changed {
        let own = folder.join(OWN_FOLDER);
        let mut read = vec![folder.to_path_buf()];
        read.extend(
            RECORD_FOLDERS
                .iter()
                .map(|f| own.join(f))
                .filter(|p| p.is_dir()),
        );
        let links_added = walkdir::WalkDir::new(own.join("links"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        Changed {
            read,
            links_added,
            gone: Vec::new(),
        }
    }
}

/// The files of `pathspec` that differ between `commit` and the index (after `git add -A`):
/// present ones and deleted ones, as absolute paths.
pub fn changed_since(
    git: &Git,
    commit: &str,
    pathspec: &str,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), SyncError> {
    let out = git.run(&[
        "diff",
        "--cached",
        "--no-renames",
        "--name-status",
        commit,
        "--",
        pathspec,
    ])?;
    let mut present = Vec::new();
    let mut gone = Vec::new();
    for line in out.lines() {
        let Some((status, path)) = line.split_once('\t') else {
            continue;
        };
        let full = git.root.join(path);
        if status.starts_with('D') {
            gone.push(full);
        } else {
            present.push(full);
        }
    }
    Ok((present, gone))
}

/// Reads what changed: the team's and Hindsight's record files through the import (with the
/// ids the folder gives), then the link files; a Hindsight file gone takes its record or link
/// with it.
pub fn read_changed(
    store: &mut Store,
    folder: &Path,
    changed: &Changed,
    progress: impl FnMut(Progress),
) -> Result<interop::ImportReport, SyncError> {
    let report = if changed.read.is_empty() {
        interop::ImportReport::default()
    } else {
        interop::import_with(store, &changed.read, &hints(folder), progress)?
    };
    let own = folder.join(OWN_FOLDER);
    let mut links = Vec::new();
    for path in &changed.links_added {
        if let Some(link) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| interop::read_link_file(&t))
        {
            links.push(link);
        }
    }
    let mut gone_links = Vec::new();
    let mut gone_records = Vec::new();
    for path in &changed.gone {
        if path.starts_with(own.join("links")) {
            if let Some(link) = link_of_name(path) {
                gone_links.push(link);
            }
        } else if RECORD_FOLDERS.iter().any(|f| path.starts_with(own.join(f)))
            && let Some(id) = path.file_stem()
        {
            gone_records.push(id.to_string_lossy().to_string());
        }
    }
    if links.is_empty() && gone_links.is_empty() && gone_records.is_empty() {
        return Ok(report);
    }
    // A record another (team) file still makes stays.
    let elsewhere: HashSet<String> = if gone_records.is_empty() {
        HashSet::new()
    } else {
        store
            .file_sources()?
            .into_iter()
            .filter(|f| {
                !f.path.contains(&format!("/{OWN_FOLDER}/"))
                    && Path::new(&f.path.split('#').next().unwrap_or("")).exists()
            })
            .map(|f| f.record_id)
            .collect()
    };
    let existing: HashSet<String> = gone_records
        .into_iter()
        .filter(|id| !elsewhere.contains(id))
        .collect();
    store.write("Sync: Hindsight's files", |w| {
        for id in &existing {
            if w.exists(id)? {
                w.delete(id)?;
            }
        }
        for link in &links {
            if w.exists(&link.from_id)? && w.exists(&link.to_id)? {
                w.add_link(link)?;
            }
        }
        for link in &gone_links {
            w.unlink(link)?;
        }
        Ok(())
    })?;
    Ok(report)
}

/// The link a `links/<from>--<relation>--<to>.md` file named (the file itself is gone).
fn link_of_name(path: &Path) -> Option<crate::domain::Link> {
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let mut parts = stem.splitn(3, "--");
    let from = parts.next()?;
    let relation = parts.next()?.parse::<Relation>().ok()?;
    let to = parts.next()?;
    Some(crate::domain::Link::new(from, relation, to))
}
