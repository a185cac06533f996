//! Writing the site into OUT without destroying anything: a page is written only when its
//! bytes differ from what the last publish wrote there (a manifest of hashes,
//! `.hindsight-site.json`), so publishing again rewrites only pages whose content changed;
//! pages the last publish wrote and this one does not are removed; a page someone changed
//! since the last publish wrote it is neither written over nor removed, but kept and named; a
//! file Hindsight did not write is never written over or removed. Each page goes through a
//! temporary name and a rename.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::PublishError;
use crate::interop::files::hash;

/// The manifest's name, at OUT's root.
pub const MANIFEST: &str = ".hindsight-site.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// What wrote it.
    generator: String,
    /// Each page, relative to OUT, and a hash of what was written.
    files: BTreeMap<String, String>,
}

/// Writes pages into OUT as they are rendered, from several threads at once: the files are
/// written outside any lock; only the manifest and the counts are shared.
pub struct SiteWriter {
    out: PathBuf,
    old: Manifest,
    temp: PathBuf,
    state: Mutex<State>,
}

/// What the threads writing pages share.
struct State {
    new: Manifest,
    made: HashSet<PathBuf>,
    written: usize,
    unchanged: usize,
    /// Pages someone changed since the last publish wrote them: left as they are.
    kept: Vec<String>,
}

impl SiteWriter {
    /// Opens OUT for the pages `planned` (paths from OUT): refused when OUT is a file, or
    /// holds files Hindsight did not write where no earlier site of its own is.
    pub fn open(out: &Path, planned: &[String]) -> Result<SiteWriter, PublishError> {
        if out.exists() && !out.is_dir() {
            return Err(PublishError::OutIsFile(out.to_path_buf()));
        }
        let manifest_path = out.join(MANIFEST);
        let old: Option<Manifest> = match std::fs::read(&manifest_path) {
            Ok(bytes) => Some(
                serde_json::from_slice(&bytes)
                    .map_err(|_| PublishError::BadManifest(manifest_path.clone()))?,
            ),
            Err(_) => None,
        };
        match &old {
            None => {
                // Not a site Hindsight wrote: only an empty folder (hidden files aside: a
                // `.git` of a Pages branch) is taken.
                if let Ok(entries) = std::fs::read_dir(out) {
                    let others: Vec<String> = entries
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().to_string())
                        .filter(|n| !n.starts_with('.'))
                        .collect();
                    if let Some(first) = others.iter().min() {
                        return Err(PublishError::NotOurs {
                            out: out.to_path_buf(),
                            example: first.clone(),
                            count: others.len(),
                        });
                    }
                }
            }
            Some(old) => {
                // A page to write where a file Hindsight did not write is.
                for rel in planned {
                    if !old.files.contains_key(rel) && out.join(rel).exists() {
                        return Err(PublishError::NotOurs {
                            out: out.to_path_buf(),
                            example: rel.clone(),
                            count: 1,
                        });
                    }
                }
            }
        }
        std::fs::create_dir_all(out).map_err(|e| PublishError::io(out, e))?;
        // Writable? Learn it now, not after half the pages.
        let probe = crate::atomic::write(&manifest_path.with_extension("probe"), b"");
        probe.map_err(|e| PublishError::io(out, e))?;
        let _ = std::fs::remove_file(manifest_path.with_extension("probe"));
        crate::atomic::clear_under(out);
        // Temporary files stay inside OUT (hidden names, renamed over at once): nothing is
        // written outside the folder the site goes into, not even into a .git above it.
        let temp = out.to_path_buf();
        Ok(SiteWriter {
            out: out.to_path_buf(),
            old: old.unwrap_or_default(),
            temp,
            state: Mutex::new(State {
                new: Manifest {
                    generator: format!("Hindsight {}", env!("CARGO_PKG_VERSION")),
                    files: BTreeMap::new(),
                },
                made: HashSet::new(),
                written: 0,
                unchanged: 0,
                kept: Vec::new(),
            }),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Files written so far, and files left as they were.
    pub fn counts(&self) -> (usize, usize) {
        let state = self.state();
        (state.written, state.unchanged)
    }

    /// Writes one page (or file) unless the last publish wrote these very bytes and the file
    /// is still there, or someone changed the file since the last publish wrote it (then it is
    /// kept, and named).
    pub fn page(&self, rel: &str, bytes: &[u8]) -> Result<(), PublishError> {
        let h = hash(bytes);
        let path = self.out.join(rel);
        let old = self.old.files.get(rel);
        let same = old.is_some_and(|old| *old == h) && path.is_file();
        if same {
            let mut state = self.state();
            state.unchanged += 1;
            state.new.files.insert(rel.to_string(), h);
            return Ok(());
        }
        if let Some(old) = old
            && std::fs::read(&path).is_ok_and(|now| hash(&now) != *old)
        {
            // Still compared with what Hindsight wrote at the next publish.
            let mut state = self.state();
            state.kept.push(rel.to_string());
            state.new.files.insert(rel.to_string(), old.clone());
            return Ok(());
        }
        if let Some(dir) = path.parent()
            && !self.state().made.contains(dir)
        {
            std::fs::create_dir_all(dir).map_err(|e| PublishError::io(dir, e))?;
            self.state().made.insert(dir.to_path_buf());
        }
        crate::atomic::write_unflushed(&self.temp, &path, bytes)
            .map_err(|e| PublishError::io(&path, e))?;
        let mut state = self.state();
        state.written += 1;
        state.new.files.insert(rel.to_string(), h);
        Ok(())
    }

    /// Removes what the last publish wrote and this one did not (unless changed since),
    /// writes the manifest, and says which files were removed and which were kept.
    pub fn finish(self) -> Result<(Vec<String>, Vec<String>), PublishError> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let new = state.new;
        let mut removed = Vec::new();
        let mut kept = state.kept;
        for (rel, h) in &self.old.files {
            if new.files.contains_key(rel) {
                continue;
            }
            let path = self.out.join(rel);
            match std::fs::read(&path) {
                Ok(bytes) if hash(&bytes) == *h => {
                    std::fs::remove_file(&path).map_err(|e| PublishError::io(&path, e))?;
                    removed.push(rel.clone());
                    // Folders emptied by it go too (they were made for its pages).
                    let mut dir = path.parent();
                    while let Some(d) = dir {
                        if d == self.out || std::fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
                Ok(_) => kept.push(rel.clone()),
                Err(_) => {}
            }
        }
        let json = serde_json::to_vec_pretty(&new).unwrap_or_default();
        let manifest = self.out.join(MANIFEST);
        // Written only when it says something new: a publish that changed nothing writes nothing.
        if std::fs::read(&manifest).ok().as_deref() != Some(json.as_slice()) {
            crate::atomic::write(&manifest, &json).map_err(|e| PublishError::io(&manifest, e))?;
        }
        Ok((removed, kept))
    }
}
