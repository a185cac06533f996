//! Opening and creating workspace files, for every front end: the window and the commands
//! both come here, so neither depends on the other. A workspace that does not exist yet is
//! made on purpose, filled with the demo, the checklist templates or nothing; one a team's
//! files were read into is given the checklist templates once ([`give_checklists`]). What the
//! window opens on (`hindsight PATH`, a file double-clicked in the file manager) is decided
//! here too ([`open_for_window`]), so the command line only passes the path on.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::demo::{DemoError, load_checklists, load_demo};
use crate::store::{Store, StoreError};

#[derive(Debug, Error)]
pub enum WorkspaceError {
    #[error("{0}: no such workspace")]
    Missing(PathBuf),
    #[error("{0}: already exists")]
    Exists(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Demo(#[from] DemoError),
}

/// What a new workspace starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// The demo records and the checklist templates: a first look at the app.
    Demo,
    /// The checklist templates only: a team's own workspace.
    Checklists,
    /// Nothing: a workspace a team's files are read into.
    Nothing,
}

/// Opens the workspace at `path`, which must exist.
pub fn open(path: &Path) -> Result<Store, WorkspaceError> {
    if !path.exists() {
        return Err(WorkspaceError::Missing(path.to_path_buf()));
    }
    Ok(Store::open(path)?)
}

/// Creates the workspace at `path`, which must not exist yet, filled with `fill`.
pub fn create(path: &Path, fill: Fill) -> Result<Store, WorkspaceError> {
    if path.exists() {
        return Err(WorkspaceError::Exists(path.to_path_buf()));
    }
    let mut store = Store::open(path)?;
    match fill {
        Fill::Demo => {
            load_demo(&mut store)?;
        }
        Fill::Checklists => {
            load_checklists(&mut store)?;
        }
        Fill::Nothing => {}
    }
    Ok(store)
}

/// The meta key that says a workspace was given the checklist templates.
const CHECKLISTS_GIVEN: &str = "checklist_templates";

/// Gives a workspace the checklist templates once, as every workspace comes with them: one a
/// team's files were read into (`import`, `sync`) starts with nothing else. A workspace that
/// holds checklists already (the demo, a new one from the window) is only marked; a marked one
/// is left alone, so checklists deleted on purpose do not come back. Returns how many were
/// added. Templates are matched by id, so none is ever added twice.
pub fn give_checklists(store: &mut Store) -> Result<usize, WorkspaceError> {
    if store.meta(CHECKLISTS_GIVEN)?.is_some() {
        return Ok(0);
    }
    let has_checklists = store
        .counts()?
        .iter()
        .any(|(kind, n)| *kind == crate::domain::Kind::Checklist && *n > 0);
    let added = if has_checklists {
        0
    } else {
        load_checklists(store)?.added
    };
    store.set_meta(CHECKLISTS_GIVEN, "given")?;
    Ok(added)
}

/// Marks the checklists as given without adding any: the team's repository brings its own.
pub fn mark_checklists_given(store: &mut Store) -> Result<(), WorkspaceError> {
    store.set_meta(CHECKLISTS_GIVEN, "given")?;
    Ok(())
}

/// Opens the workspace at `path`, creating it with `fill` when it does not exist.
pub fn open_or_create(path: &Path, fill: Fill) -> Result<Store, WorkspaceError> {
    if path.exists() {
        open(path)
    } else {
        create(path, fill)
    }
}

/// What the window is asked to open: `hindsight`, `hindsight PATH`, the launcher's `%f`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    /// The workspace of `--db`, `$HINDSIGHT_DB` or the platform's data folder: the window's
    /// when no path is given or the path given is not a workspace.
    pub workspace: PathBuf,
    /// The path given on the command line, if any.
    pub given: Option<PathBuf>,
}

/// What the window says about the path it was given, once it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// A Markdown file or folder: offered for import into the open workspace.
    Import(PathBuf),
    /// Not a workspace (or not to be had): the line `--db` prints for it. The file is untouched.
    Refused(String),
}

/// The workspace the window opens on, and what it says about the path it was given.
pub struct Opening {
    pub store: Store,
    pub path: PathBuf,
    pub arrival: Option<Arrival>,
}

/// The extensions of Markdown files, as `import` reads them.
const MARKDOWN: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mdx"];

/// Whether `path` names Markdown to import rather than a workspace: a folder, or a file
/// (there or not) with a Markdown extension.
pub fn is_markdown(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MARKDOWN.iter().any(|m| e.eq_ignore_ascii_case(m)))
}

/// Opens what the window was launched on. A path given that is a workspace (or a new file, as
/// with `--db`: made with the demo) is opened; Markdown is offered for import into the launch
/// workspace; anything else leaves the launch workspace open with the reason why not. Only a
/// launch workspace that cannot be opened either is an error.
pub fn open_for_window(launch: &Launch) -> Result<Opening, WorkspaceError> {
    let usual = |arrival| {
        open_or_create(&launch.workspace, Fill::Demo).map(|store| Opening {
            store,
            path: launch.workspace.clone(),
            arrival,
        })
    };
    let Some(given) = &launch.given else {
        return usual(None);
    };
    if is_markdown(given) {
        if !given.exists() {
            return usual(Some(Arrival::Refused(format!(
                "{}: no such file or folder",
                given.display()
            ))));
        }
        return usual(Some(Arrival::Import(given.clone())));
    }
    match open_or_create(given, Fill::Demo) {
        Ok(store) => Ok(Opening {
            store,
            path: given.clone(),
            arrival: None,
        }),
        Err(e) => usual(Some(Arrival::Refused(e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;

    #[test]
    fn a_workspace_is_opened_or_made_on_purpose() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.db");
        assert!(matches!(open(&path), Err(WorkspaceError::Missing(_))));
        assert!(!path.exists(), "opening does not create");
        let store = create(&path, Fill::Checklists).unwrap();
        let count = |store: &Store, kind| {
            let counts = store.counts().unwrap();
            counts
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, n)| *n)
        };
        assert!(count(&store, Kind::Checklist) > 0);
        assert_eq!(count(&store, Kind::Decision), 0);
        drop(store);
        assert!(matches!(
            create(&path, Fill::Demo),
            Err(WorkspaceError::Exists(_))
        ));
        let demo = open_or_create(&dir.path().join("demo.db"), Fill::Demo).unwrap();
        assert!(count(&demo, Kind::Decision) > 0);
        open(&path).unwrap();
    }

    #[test]
    fn checklists_are_given_once_and_a_deleted_one_stays_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = create(&dir.path().join("team.db"), Fill::Nothing).unwrap();
        let checklists = |store: &Store| store.list::<crate::domain::Checklist>().unwrap().len();
        assert_eq!(checklists(&store), 0);
        assert_eq!(give_checklists(&mut store).unwrap(), 8);
        assert_eq!(checklists(&store), 8);
        store.delete("chk-caching").unwrap();
        assert_eq!(give_checklists(&mut store).unwrap(), 0);
        assert_eq!(
            checklists(&store),
            7,
            "deleted on purpose, not brought back"
        );
        // The demo holds them already: it is only marked.
        let mut demo = create(&dir.path().join("demo.db"), Fill::Demo).unwrap();
        assert_eq!(give_checklists(&mut demo).unwrap(), 0);
        assert_eq!(checklists(&demo), 8);
    }

    #[test]
    fn the_window_opens_a_workspace_offers_markdown_and_names_anything_else() {
        let dir = tempfile::tempdir().unwrap();
        let usual = dir.path().join("usual.db");
        let launch = |given: Option<PathBuf>| Launch {
            workspace: usual.clone(),
            given,
        };
        let opened = open_for_window(&launch(None)).unwrap();
        assert_eq!(
            (opened.path.as_path(), opened.arrival),
            (usual.as_path(), None)
        );

        let other = dir.path().join("team.hindsight");
        create(&other, Fill::Nothing).unwrap();
        let opened = open_for_window(&launch(Some(other.clone()))).unwrap();
        assert_eq!((opened.path, opened.arrival), (other, None));

        let notes = dir.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        let adr = notes.join("0001-use-queues.MD");
        std::fs::write(&adr, "# 1. Use queues\n").unwrap();
        for markdown in [&notes, &adr] {
            let opened = open_for_window(&launch(Some(markdown.clone()))).unwrap();
            assert_eq!(opened.path, usual);
            assert_eq!(opened.arrival, Some(Arrival::Import(markdown.clone())));
        }

        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a workspace").unwrap();
        let opened = open_for_window(&launch(Some(text.clone()))).unwrap();
        assert_eq!(opened.path, usual);
        let Some(Arrival::Refused(line)) = opened.arrival else {
            panic!("refused");
        };
        assert_eq!(line, open(&text).err().unwrap().to_string());
        assert!(line.contains("is not a Hindsight workspace"), "{line}");
        assert_eq!(std::fs::read(&text).unwrap(), b"not a workspace");

        let missing = dir.path().join("gone.md");
        let opened = open_for_window(&launch(Some(missing.clone()))).unwrap();
        assert!(matches!(opened.arrival, Some(Arrival::Refused(_))));
        assert!(!missing.exists(), "no workspace made under a Markdown name");
    }
}
