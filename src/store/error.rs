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
    #[error("{path}: could not copy the workspace before upgrading it: {source}", path = .path.display())]
    Backup {
        path: PathBuf,
        source: rusqlite::Error,
    },
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
