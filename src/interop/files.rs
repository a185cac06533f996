//! Writing files without destroying anything: each file is written to a temporary name and
//! renamed (see [`crate::atomic`]), so a crash leaves the old file or the new one, never half of
//! one, and the next export clears the temporary files a killed one left; and a tree
//! Hindsight exports keeps a manifest of what it wrote (`.hindsight-export.json`: the workspace
//! it came from and a hash of each file), so a later export removes or overwrites only files it
//! wrote and nobody changed since. Anything else in the folder is left alone and named.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{InteropError, Progress};

/// The manifest's name, at the root of an exported tree.
pub const MANIFEST: &str = ".hindsight-export.json";

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ExportReport {
    /// Every file of the tree, relative to the folder, in writing order.
    pub files: Vec<PathBuf>,
    /// How many of them changed (or were new).
    pub changed: usize,
    /// Files of records that no longer exist, that this workspace wrote: removed.
    pub removed: Vec<PathBuf>,
    /// Files left as they were, and why: not written by Hindsight, or changed since it wrote
    /// them.
    pub left_alone: Vec<LeftAlone>,
}

/// A file an export did not touch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeftAlone {
    pub path: PathBuf,
    pub reason: String,
}

/// How an export may treat a folder that is not its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Write over a tree another workspace exported, and over files changed since.
    pub force: bool,
}

/// What an earlier export of a folder wrote.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// The workspace that wrote it.
    workspace: String,
    /// Each file, relative to the folder, and a hash of what was written.
    files: BTreeMap<String, String>,
}

/// A short hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` whole or not at all (see [`crate::atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic::write(path, bytes)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InteropError + '_ {
    move |source| InteropError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `files` under `dir` for the workspace `workspace`. A file is written only when it is
/// new, or this workspace wrote it and nobody changed it since; `.md` files in `owned` folders
/// that this workspace wrote and that no record needs any more are removed. Everything else is
/// left alone and named in the report.
pub fn write_tree(
    dir: &Path,
    files: Vec<(PathBuf, String)>,
    owned: &[&str],
    workspace: &str,
    options: ExportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportReport, InteropError> {
    if dir.is_file() {
        return Err(InteropError::NotAFolder(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let manifest_path = dir.join(MANIFEST);
    let old: Option<Manifest> = std::fs::read(&manifest_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    if let Some(old) = &old
        && old.workspace != workspace
        && !options.force
    {
        return Err(InteropError::OtherWorkspace(dir.to_path_buf()));
    }
    let ours = |rel: &str, bytes: &[u8]| -> bool {
        old.as_ref()
            .and_then(|m| m.files.get(rel))
            .is_some_and(|h| *h == hash(bytes))
    };
    // What a killed export left: in every folder this one writes to (the tree's own folders,
    // and each file's), before anything is written.
    let mut folders: Vec<PathBuf> = vec![dir.to_path_buf()];
    folders.extend(owned.iter().map(|f| dir.join(f)));
    folders.extend(
        files
            .iter()
            .filter_map(|(rel, _)| Some(dir.join(rel.parent()?))),
    );
    folders.sort();
    folders.dedup();
    for folder in &folders {
        crate::atomic::clear(folder);
    }
    let mut report = ExportReport::default();
    let mut manifest = Manifest {
        workspace: workspace.to_string(),
        files: BTreeMap::new(),
    };
    let total = files.len();
    let mut written: HashSet<PathBuf> = HashSet::new();
    for (n, (rel, content)) in files.into_iter().enumerate() {
        let path = dir.join(&rel);
        let key = rel.to_string_lossy().replace('\\', "/");
        progress(Progress::new(n, total, &rel));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let existing = std::fs::read(&path).ok();
        match &existing {
            Some(old_bytes) if old_bytes == content.as_bytes() => {}
            Some(old_bytes) if !options.force && !ours(&key, old_bytes) => {
                let reason = if old.as_ref().is_some_and(|m| m.files.contains_key(&key)) {
                    "changed since Hindsight wrote it; not overwritten (import it first, or \
                     export --force)"
                } else {
                    "not written by Hindsight; not overwritten"
                };
                report.left_alone.push(LeftAlone {
                    path: rel.clone(),
                    reason: reason.into(),
                });
                // Still ours to track only if it was ours before.
                if let Some(h) = old.as_ref().and_then(|m| m.files.get(&key)) {
                    manifest.files.insert(key, h.clone());
                }
                written.insert(rel);
                continue;
            }
            _ => {
                write_atomic(&path, content.as_bytes()).map_err(io(&path))?;
                report.changed += 1;
            }
        }
        manifest.files.insert(key, hash(content.as_bytes()));
        written.insert(rel.clone());
        report.files.push(rel);
    }
    for folder in owned {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let rel = Path::new(folder).join(entry.file_name());
            if rel.extension().is_none_or(|e| e != "md") || written.contains(&rel) {
                continue;
            }
            let key = rel.to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            if ours(&key, &bytes) {
                std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
                report.removed.push(rel);
            } else {
                let reason = if old.as_ref().is_some_and(|m| m.files.contains_key(&key)) {
                    "its record is gone, but the file changed since Hindsight wrote it; kept"
                } else {
                    "not written by Hindsight; kept"
                };
                report.left_alone.push(LeftAlone {
                    path: rel,
                    reason: reason.into(),
                });
            }
        }
    }
    let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    write_atomic(&manifest_path, &json).map_err(io(&manifest_path))?;
    progress(Progress::new(total, total, Path::new("")));
    Ok(report)
}
