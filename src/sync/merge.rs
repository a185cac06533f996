//! Merging what others pushed. git merges the repository as usual; every file of the bound
//! folder that both sides changed is then merged again by record and by field (base, ours and
//! theirs read as records), and that result is what the merge commit holds. A file deleted on
//! one side and edited on the other keeps the edit. A text conflict outside the folder is left
//! to git: the merge is undone and the sync says so.

use std::collections::HashSet;
use std::path::Path;

use super::{Git, SyncError};
use crate::domain::FieldConflict;
use crate::interop::{merge_file, write_atomic};
use crate::store::{Conflict, Store};

/// What a merge did to the folder.
#[derive(Debug, Default)]
pub struct Merged {
    /// Files of the folder that others changed (relative to the work tree).
    pub changed: Vec<String>,
    /// Files others deleted (and nobody edited here).
    pub deleted: Vec<String>,
    /// Fields both sides changed differently, by file.
    pub conflicts: Vec<(String, FieldConflict)>,
}

impl Merged {
    /// The conflicts with the id of the record each file holds.
    pub fn conflicts_with_ids(
        &self,
        store: &Store,
        root: &Path,
    ) -> Result<Vec<Conflict>, SyncError> {
        let sources = store.file_sources()?;
        let mut out = Vec::new();
        for (file, c) in &self.conflicts {
            let path = root.join(file);
            let key = std::fs::canonicalize(&path).unwrap_or(path);
            let Some(source) = sources.iter().find(|s| Path::new(&s.path) == key) else {
                continue;
            };
            out.push(Conflict {
                id: source.record_id.clone(),
                field: c.field.clone(),
                mine: c.mine.clone(),
                theirs: c.theirs.clone(),
            });
        }
        Ok(out)
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Merges `upstream` into HEAD, the folder `pathspec` by record.
pub fn merge(git: &Git, upstream: &str, pathspec: &str) -> Result<Merged, SyncError> {
    let base = git
        .run(&["merge-base", "HEAD", upstream])?
        .trim()
        .to_string();
    let diff = |to: &str| -> Result<Vec<String>, SyncError> {
        Ok(lines(&git.run(&[
            "diff",
            "--name-only",
            "--no-renames",
            &base,
            to,
            "--",
            pathspec,
        ])?))
    };
    let theirs: Vec<String> = diff(upstream)?;
    let ours: HashSet<String> = diff("HEAD")?.into_iter().collect();
    let mut merged = Merged::default();
    // Nothing here since they branched off: their commits are simply ours too.
    if git
        .ask(&["rev-list", "--count", &format!("{upstream}..HEAD")])
        .as_deref()
        == Some("0")
    {
        git.run(&["merge", "--ff-only", "-q", upstream])?;
        for path in theirs {
            match git.show(upstream, &path) {
                Some(_) => merged.changed.push(path),
                None => merged.deleted.push(path),
            }
        }
        return Ok(merged);
    }
    let message = format!("Hindsight: merge {upstream}");
    // git merges; text conflicts are expected inside the folder, and settled below.
    let _ = git.run(&[
        "merge",
        "--no-ff",
        "--no-commit",
        "-q",
        "-m",
        &message,
        upstream,
    ]);
    for path in &theirs {
        let full = git.root.join(path);
        let stem = crate::interop::record_stem(&full);
        let their_text = git.show(upstream, path);
        if !ours.contains(path) {
            match their_text {
                Some(_) => merged.changed.push(path.clone()),
                None => merged.deleted.push(path.clone()),
            }
            continue;
        }
        let our_text = git.show("HEAD", path);
        let base_text = git.show(&base, path);
        match (our_text, their_text) {
            // Both deleted it.
            (None, None) => {}
            // Deleted on one side, edited on the other: the edit stays.
            (Some(text), None) | (None, Some(text)) => {
                write_atomic(&full, text.as_bytes()).map_err(|e| SyncError::Git {
                    command: "merge".into(),
                    message: format!("{path}: {e}"),
                })?;
                git.run(&["add", "--", path])?;
                merged.changed.push(path.clone());
                merged.conflicts.push((
                    path.clone(),
                    FieldConflict {
                        field: "file".into(),
                        mine: "deleted on one side".into(),
                        theirs: "edited on the other; the edit is kept".into(),
                    },
                ));
            }
            (Some(ours_text), Some(theirs_text)) => {
                let text = if ours_text == theirs_text {
                    ours_text
                } else if path.ends_with(".md") {
                    match merge_file(base_text.as_deref(), &ours_text, &theirs_text, &stem) {
                        Some(m) => {
                            merged
                                .conflicts
                                .extend(m.conflicts.into_iter().map(|c| (path.clone(), c)));
                            m.text
                        }
                        None => {
                            merged.conflicts.push((path.clone(), whole_file()));
                            ours_text
                        }
                    }
                } else {
                    merged.conflicts.push((path.clone(), whole_file()));
                    ours_text
                };
                write_atomic(&full, text.as_bytes()).map_err(|e| SyncError::Git {
                    command: "merge".into(),
                    message: format!("{path}: {e}"),
                })?;
                git.run(&["add", "--", path])?;
                merged.changed.push(path.clone());
            }
        }
    }
    let unmerged = lines(&git.run(&["diff", "--name-only", "--diff-filter=U"])?);
    if !unmerged.is_empty() {
        let _ = git.run(&["merge", "--abort"]);
        return Err(SyncError::Git {
            command: "merge".into(),
            message: format!(
                "conflicting changes outside the synced folder ({}); merge them with git, then sync again",
                unmerged.join(", ")
            ),
        });
    }
    git.run(&["commit", "-q", "--no-edit", "-m", &message])?;
    Ok(merged)
}

fn whole_file() -> FieldConflict {
    FieldConflict {
        field: "file".into(),
        mine: "our version is kept".into(),
        theirs: "a version that could not be read as a record".into(),
    }
}
