//! Reading the team's repositories for a site: each `--from` folder (its team files and
//! Hindsight's own files beside them) into a workspace of its own, in memory, with the ids its
//! clones give it. Each folder keeps its own ids, so two repositories that both hold a
//! `0001-record-architecture-decisions.md` stay two records; a link whose other end is in no
//! record of its own repository is kept aside, to be found in another one (a trade-off in one
//! repository motivated by an incident written up in another).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::PublishError;
use crate::domain::Link;
use crate::interop::{self, OWN_FOLDER, Progress};
use crate::store::Store;
use crate::sync::own;

/// A repository's workspace: made for the site, or the one open.
pub enum RepoStore<'a> {
    Owned(Store),
    Borrowed(&'a Store),
}

/// One repository's records.
pub struct Repo<'a> {
    /// Its name for readers: the folder of its work tree (`payments`), else the folder's.
    pub name: String,
    /// The folders read (none for a published workspace).
    pub folders: Vec<PathBuf>,
    pub store: RepoStore<'a>,
    /// Links its files state whose other end is in none of its records.
    pub loose_links: Vec<(Link, PathBuf)>,
    /// What reading it warned about (one line each).
    pub warnings: Vec<String>,
    /// The temporary folder of its workspace, removed when it is dropped (after the store).
    pub _scratch: Option<tempfile::TempDir>,
}

/// Checks a `--from` folder and gives its full path.
fn checked(folder: &Path) -> Result<PathBuf, PublishError> {
    if !folder.exists() {
        return Err(PublishError::NoFolder(folder.to_path_buf()));
    }
    if !folder.is_dir() {
        return Err(PublishError::NotAFolder(folder.to_path_buf()));
    }
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if let Some(format) = interop::own_format(&folder)
        && format > interop::OWN_FORMAT
    {
        return Err(PublishError::NewerFormat(folder.join(OWN_FOLDER), format));
    }
    Ok(folder)
}

/// The `--from` folders by repository: folders of one git work tree (`docs/adr` and
/// `docs/postmortems`) are one repository; a folder outside git is one of its own. In the
/// order they were given.
pub fn by_repository(folders: &[PathBuf]) -> Result<Vec<(String, Vec<PathBuf>)>, PublishError> {
    let mut groups: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for folder in folders {
        let folder = checked(folder)?;
        let top = work_tree(&folder).unwrap_or_else(|| folder.clone());
        match groups.iter_mut().find(|(t, _)| *t == top) {
            Some((_, group)) => {
                if !group.contains(&folder) {
                    group.push(folder);
                }
            }
            None => groups.push((top, vec![folder])),
        }
    }
    Ok(groups
        .into_iter()
        .map(|(top, group)| (name_of(&top), group))
        .collect())
}

/// Reads one repository's folders into a new in-memory workspace, calling `progress` per file.
pub fn read_repository(
    name: String,
    folders: &[PathBuf],
    mut progress: impl FnMut(Progress),
) -> Result<Repo<'static>, PublishError> {
    // A file, not memory: the pages are then written by two threads, each with a connection.
    let dir = tempfile::Builder::new()
        .prefix("hindsight-publish-")
        .tempdir()
        .map_err(|e| PublishError::Io {
            path: std::env::temp_dir(),
            source: e,
        })?;
    let mut store = Store::open_scratch_at(&dir.path().join("workspace.db"))?;
    let mut warnings: Vec<String> = Vec::new();
    let mut link_files = Vec::new();
    for folder in folders {
        let changed = own::Changed::everything(folder);
        let report = interop::import_with(
            &mut store,
            &changed.read,
            &own::hints(folder),
            &mut progress,
        )?;
        warnings.extend(report.warnings.iter().cloned());
        for file in &report.files {
            if let interop::Outcome::Failed { reason } = &file.outcome {
                warnings.push(format!("{}: not read: {reason}", file.path.display()));
            }
        }
        link_files.extend(changed.links_added);
    }
    super::lap("imported");
    if store.is_empty()? {
        return Err(PublishError::NoRecords(folders[0].clone()));
    }
    let mut links = Vec::new();
    let mut loose_links = Vec::new();
    for path in &link_files {
        let Some(link) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| interop::read_link_file(&t))
        else {
            warnings.push(format!(
                "{}: not a link Hindsight can read; left out",
                path.display()
            ));
            continue;
        };
        if store.kind_of(&link.from_id)?.is_some() && store.kind_of(&link.to_id)?.is_some() {
            links.push(link);
        } else {
            loose_links.push((link, path.clone()));
        }
    }
    if !links.is_empty() {
        store.write("Publish: Hindsight's links", |w| {
            for link in &links {
                w.add_link(link)?;
            }
            Ok(())
        })?;
    }
    Ok(Repo {
        name,
        folders: folders.to_vec(),
        store: RepoStore::Owned(store),
        loose_links,
        warnings,
        _scratch: Some(dir),
    })
}

impl Repo<'_> {
    pub fn store(&self) -> &Store {
        match &self.store {
            RepoStore::Owned(s) => s,
            RepoStore::Borrowed(s) => s,
        }
    }
}

/// The top folder of the git work tree `folder` is in, if any.
pub fn work_tree(folder: &Path) -> Option<PathBuf> {
    std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
}

/// The name readers know a repository by: its work tree's folder, else the folder read.
fn name_of(top: &Path) -> String {
    top.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "repository".into())
}

/// Gives each repository a name no other has (`docs`, `docs-2`).
pub fn distinct_names(repos: &mut [Repo<'_>]) {
    let mut taken: HashSet<String> = HashSet::new();
    for repo in repos.iter_mut() {
        let base = repo.name.clone();
        let mut n = 1;
        while !taken.insert(super::site::slug(&repo.name)) {
            n += 1;
            repo.name = format!("{base}-{n}");
        }
    }
}
