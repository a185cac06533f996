//! `hindsight publish`: a static site of the team's decisions and incidents, for stakeholders
//! to read in a browser with nothing installed — built from the repository alone (the team's
//! files and Hindsight's own files beside them, read into a workspace in memory), so a CI job
//! publishes it on every push; or from the open workspace.
//!
//! - `read`: each `--from` folder into a workspace of its own; links across repositories.
//! - `history`: first and last commit of each file, and who changed what, from one `git log`.
//! - `site`: the map of every record and its page; links resolve through it.
//! - `pages/`: the pages; `search`: the search index; `write`: OUT written incrementally.
//!
//! The layers: this module reads through `store`, `interop` and `report` and writes only into
//! OUT; the front ends call [`publish_folders`] or [`publish_workspace`].

mod build;
pub mod history;
mod names;
pub mod pages;
mod plan;
pub mod read;
mod records;
pub mod search;
pub mod site;
pub mod write;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::interop::InteropError;
use crate::store::{Store, StoreError};

pub use write::MANIFEST;

/// Prints how long each stage took, when `HINDSIGHT_PUBLISH_TIMES` is set (measuring only).
pub(crate) fn lap(label: &str) {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    if std::env::var_os("HINDSIGHT_PUBLISH_TIMES").is_some() {
        let start = START.get_or_init(std::time::Instant::now);
        eprintln!("{:>8} ms  {label}", start.elapsed().as_millis());
    }
}

/// What the user asked of the site.
#[derive(Clone, Debug, Default)]
pub struct PublishOptions {
    /// The home page's title; "Why we built it this way" when not given.
    pub title: Option<String>,
    /// Where the site will be served (`https://org.github.io/adr`): canonical links and a
    /// sitemap use it; every link inside the site stays relative.
    pub base_url: Option<String>,
}

/// What a publish did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Published {
    pub out: PathBuf,
    /// Every file of the site (pages, stylesheet, scripts, index).
    pub files: usize,
    /// Files written because they were new or their content changed.
    pub written: usize,
    pub unchanged: usize,
    /// Pages the last publish wrote that no record needs any more: removed.
    pub removed: Vec<String>,
    /// Pages the last publish wrote that someone changed since: kept.
    pub kept: Vec<String>,
    pub repositories: Vec<String>,
    pub decisions: usize,
    pub incidents: usize,
    pub lessons: usize,
    pub reviews: usize,
    /// One line each: files not read, links that point nowhere.
    pub warnings: Vec<String>,
    pub took_ms: u128,
}

/// Where a publish is, for a progress bar.
#[derive(Clone, Debug)]
pub struct Step {
    pub stage: &'static str,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Interop(#[from] InteropError),
    #[error("{}: no such folder (give the folder of the team's decision records)", .0.display())]
    NoFolder(PathBuf),
    #[error("{}: is a file; --from takes a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: holds no decision record, postmortem or Hindsight record; nothing to publish", .0.display())]
    NoRecords(PathBuf),
    #[error("{folder}: written by a newer Hindsight (format {format}, this one reads up to {known}); install the newer version to publish", folder = .0.display(), format = .1, known = crate::interop::OWN_FORMAT)]
    NewerFormat(PathBuf, u32),
    #[error("{}: is a file; the site goes into a folder (give a folder name)", .0.display())]
    OutIsFile(PathBuf),
    #[error("{}: holds files Hindsight did not write ({example}{more}); publish into an empty folder, or one a publish made", out.display(), more = if *count > 1 { format!(" and {} more", count - 1) } else { String::new() })]
    NotOurs {
        out: PathBuf,
        example: String,
        count: usize,
    },
    #[error("{}: is not a manifest Hindsight can read; the folder was left as it is", .0.display())]
    BadManifest(PathBuf),
    #[error("{}: the site goes into a folder it is read from; give a folder outside it", .0.display())]
    OutInsideSource(PathBuf),
    #[error("--base-url {0}: not an http(s) address")]
    BadBaseUrl(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PublishError {
    fn io(path: &Path, source: std::io::Error) -> PublishError {
        PublishError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Publishes the records of the team's folders (`--from`), read into workspaces in memory.
pub fn publish_folders(
    folders: &[PathBuf],
    out: &Path,
    options: &PublishOptions,
    mut progress: impl FnMut(Step),
) -> Result<Published, PublishError> {
    let started = std::time::Instant::now();
    check_options(options)?;
    let site = resolved(out);
    for folder in folders {
        // Not into a folder read, nor inside one: the team's next sync would commit the site.
        if let Ok(f) = folder.canonicalize()
            && site.starts_with(&f)
        {
            return Err(PublishError::OutInsideSource(out.to_path_buf()));
        }
    }
    let mut repos = Vec::new();
    for (name, group) in read::by_repository(folders)? {
        let mut step = |p: crate::interop::Progress| {
            progress(Step {
                stage: "Reading",
                done: p.done,
                total: p.total,
            })
        };
        lap("read start");
        repos.push(read::read_repository(name, &group, &mut step)?);
        lap("read done");
    }
    read::distinct_names(&mut repos);
    let mut histories = Vec::new();
    for repo in &mut repos {
        let mut history = history::FileHistory::default();
        for folder in &repo.folders {
            history.absorb(history::FileHistory::of_folder(folder));
        }
        if history.shallow {
            repo.warnings.push(format!(
                "{}: a shallow clone of the repository: pages are dated from the commits it has, \
                 not from the whole history (fetch it whole: `git fetch --unshallow`, or \
                 `fetch-depth: 0` in GitHub Actions, `GIT_DEPTH: 0` in GitLab CI)",
                repo.folders[0].display()
            ));
        }
        histories.push(history);
    }
    lap("history done");
    let mut published = build::build(&repos, histories, out, options, false, &mut progress)?;
    published.took_ms = started.elapsed().as_millis();
    Ok(published)
}

/// Publishes the open workspace; dates and history come from git where its records' files
/// are in a work tree, else from its own revisions.
pub fn publish_workspace(
    store: &Store,
    out: &Path,
    options: &PublishOptions,
    mut progress: impl FnMut(Step),
) -> Result<Published, PublishError> {
    let started = std::time::Instant::now();
    check_options(options)?;
    let name = store
        .path()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "workspace".into());
    let repos = vec![read::Repo {
        name,
        folders: Vec::new(),
        store: read::RepoStore::Borrowed(store),
        loose_links: Vec::new(),
        warnings: Vec::new(),
        _scratch: None,
    }];
    let history = workspace_history(store)?;
    let mut published = build::build(&repos, vec![history], out, options, true, &mut progress)?;
    published.took_ms = started.elapsed().as_millis();
    Ok(published)
}

/// The git history of the work trees the workspace's files are in.
fn workspace_history(store: &Store) -> Result<history::FileHistory, PublishError> {
    let mut dirs: std::collections::BTreeSet<PathBuf> = Default::default();
    for key in store.sources()?.keys() {
        let path = Path::new(key.split('#').next().unwrap_or(key));
        if let Some(dir) = path.parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    let mut history = history::FileHistory::default();
    let mut done: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if done.iter().any(|d| dir.starts_with(d)) || !dir.is_dir() {
            continue;
        }
        let Some(top) = read::work_tree(&dir) else {
            done.push(dir);
            continue;
        };
        history.absorb(history::FileHistory::of_folder(&top));
        done.push(top);
    }
    Ok(history)
}

/// Where `path` is, or will be once made: the part that exists with its links resolved.
fn resolved(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut at = path;
    loop {
        let here = if at.as_os_str().is_empty() {
            Path::new(".")
        } else {
            at
        };
        if let Ok(real) = here.canonicalize() {
            return missing.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name);
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

fn check_options(options: &PublishOptions) -> Result<(), PublishError> {
    if let Some(url) = &options.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(PublishError::BadBaseUrl(url.clone()));
    }
    Ok(())
}
