//! What an import tells its caller: each file the walk met and what became of it (created,
//! updated, skipped with a reason, failed with a reason), and the links it could not make.

use std::path::{Path, PathBuf};

use crate::domain::Kind;

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// It made new records.
    Created {
        kind: Kind,
        id: String,
        title: String,
        dialect: String,
        /// How many records it made, its own included (action items, lessons, trade-offs).
        records: usize,
    },
    /// It updated the records an earlier import of it (or of its export) made.
    Updated {
        kind: Kind,
        id: String,
        title: String,
        dialect: String,
        records: usize,
    },
    /// It is not a record (an index, a template, an image); nothing was read from it.
    Skipped { reason: String },
    /// It could not be read or written; nothing of it was kept.
    Failed { reason: String },
}

/// One file and what happened to it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileReport {
    /// The path; a name that is not UTF-8 is written with U+FFFD for its bad bytes.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
}

fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// What an import did, file by file, and the links it could not make.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
}

impl ImportReport {
    pub fn count(&self, pick: impl Fn(&Outcome) -> bool) -> usize {
        self.files.iter().filter(|f| pick(&f.outcome)).count()
    }
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Created { .. }))
    }
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Updated { .. }))
    }
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }
    /// The outcome for a file, by its path as given or found.
    pub fn outcome(&self, path: &Path) -> Option<&Outcome> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| &f.outcome)
    }
    /// "9 created, 0 updated, 2 skipped, 0 failed".
    pub fn summary(&self) -> String {
        format!(
            "{} created, {} updated, {} skipped, {} failed",
            self.created(),
            self.updated(),
            self.skipped(),
            self.failed()
        )
    }
}
