//! Opening and creating workspace files, for every front end: the window and the commands
//! both come here, so neither depends on the other. A workspace that does not exist yet is
//! made on purpose, filled with the demo, the checklist templates or nothing.

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

/// Opens the workspace at `path`, creating it with `fill` when it does not exist.
pub fn open_or_create(path: &Path, fill: Fill) -> Result<Store, WorkspaceError> {
    if path.exists() {
        open(path)
    } else {
        create(path, fill)
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
}
