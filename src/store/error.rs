//! What can go wrong in the store, with the file, record or field it is about.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::{DomainError, Kind};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: is a folder; give the path of a workspace file (for example {path}/workspace.db)", path = .0.display())]
    IsAFolder(PathBuf),
    #[error("{path}: is not a Hindsight workspace (not an SQLite database)", path = .0.display())]
    NotADatabase(PathBuf),
    #[error("{path}: is not a Hindsight workspace: {why}; it was left as it is", path = .path.display())]
    NotOurs { path: PathBuf, why: String },
    #[error("{path}: is read-only here; nothing was changed (open a copy to edit it)", path = .0.display())]
    ReadOnly(PathBuf),
    #[error("{path}: is busy: another program is writing to it; try again in a moment", path = .0.display())]
    Locked(PathBuf),
    #[error("{path}: the disk is full; nothing was changed (free some space and try again)", path = .0.display())]
    DiskFull(PathBuf),
    #[error("{path}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: was written by a newer Hindsight (schema version {found}; this build knows up to {known}); upgrade Hindsight to open it",
        path = .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: cannot be opened: {source}", path = .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: could not back up the workspace, so it was left as it is: {message}", path = .path.display())]
    Backup { path: PathBuf, message: String },
    #[error("{path}: upgrading the workspace failed, nothing was changed: {message}", path = .path.display())]
    Migration { path: PathBuf, message: String },
    #[error("no record with id '{0}'")]
    NotFound(String),
    #[error("'{id}' is a {actual}, not a {expected}")]
    WrongKind {
        id: String,
        expected: Kind,
        actual: Kind,
    },
    #[error("'{text}' matches several records: {candidates}")]
    Ambiguous { text: String, candidates: String },
    #[error("{kind} {id}: {field} refers to '{target}', which does not exist")]
    MissingReference {
        kind: Kind,
        id: String,
        field: &'static str,
        target: String,
    },
    #[error("'{id}' is already a {existing}; a record cannot change its kind to {new}")]
    KindChange {
        id: String,
        existing: Kind,
        new: Kind,
    },
    #[error("{kind} {id}: the stored content cannot be read: {source}")]
    Corrupt {
        kind: Kind,
        id: String,
        source: serde_json::Error,
    },
    #[error("{kind} {id}: {message}")]
    BadValue {
        kind: Kind,
        id: String,
        message: String,
    },
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Field(#[from] crate::domain::FieldError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// An SQLite error on the file at `path`, in words that name it: busy, full, read-only,
    /// not a database; else "cannot be opened".
    pub(crate) fn at(path: &std::path::Path, source: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::*;
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Locked(path),
            Some(DiskFull) => StoreError::DiskFull(path),
            Some(ReadOnly) => StoreError::ReadOnly(path),
            Some(NotADatabase) => StoreError::NotADatabase(path),
            _ => StoreError::Open { path, source },
        }
    }

    /// This error, naming the file when it came from SQLite without saying which file.
    pub(crate) fn in_file(self, path: &std::path::Path) -> StoreError {
        use rusqlite::ErrorCode::*;
        match self {
            StoreError::Sqlite(source) => match source.sqlite_error_code() {
                Some(DatabaseBusy | DatabaseLocked | DiskFull | ReadOnly | NotADatabase) => {
                    StoreError::at(path, source)
                }
                _ => StoreError::Open {
                    path: path.to_path_buf(),
                    source,
                },
            },
            other => other,
        }
    }

    /// This error, naming the file for what the user can act on (busy, full, read-only), and
    /// left as it is otherwise (a write's own errors already say what they are about).
    pub(crate) fn named(self, path: Option<&std::path::Path>) -> StoreError {
        use rusqlite::ErrorCode::*;
        match (self, path) {
            (StoreError::Sqlite(source), Some(path))
                if matches!(
                    source.sqlite_error_code(),
                    Some(DatabaseBusy | DatabaseLocked | DiskFull | ReadOnly)
                ) =>
            {
                StoreError::at(path, source)
            }
            (other, _) => other,
        }
    }
}
