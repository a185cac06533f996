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

/// How many records of one kind the files held, and what became of them.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KindTally {
    pub kind: Kind,
    /// Records of this kind the files held.
    pub read: usize,
    /// Of those, new to the workspace.
    pub created: usize,
    /// Of those, already there and changed by what the file says now.
    pub changed: usize,
}

/// What an import did, file by file, record by record, and the links it could not make.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
    /// The records the files held, by kind (in the order kinds are listed).
    pub records: Vec<KindTally>,
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
    /// Counts one record a file held: new, changed, or as it was.
    pub fn count_record(&mut self, kind: Kind, created: bool, changed: bool) {
        let at = match self.records.iter().position(|t| t.kind == kind) {
            Some(at) => at,
            None => {
                self.records.push(KindTally {
                    kind,
                    read: 0,
                    created: 0,
                    changed: 0,
                });
                self.records
                    .sort_by_key(|t| Kind::ALL.iter().position(|k| *k == t.kind));
                self.records
                    .iter()
                    .position(|t| t.kind == kind)
                    .unwrap_or(0)
            }
        };
        let tally = &mut self.records[at];
        tally.read += 1;
        tally.created += usize::from(created);
        tally.changed += usize::from(changed);
    }
    /// Records the files held, of every kind.
    pub fn records_read(&self) -> usize {
        self.records.iter().map(|t| t.read).sum()
    }
    /// Records new to the workspace.
    pub fn records_created(&self) -> usize {
        self.records.iter().map(|t| t.created).sum()
    }
    /// Records already there that the files changed.
    pub fn records_changed(&self) -> usize {
        self.records.iter().map(|t| t.changed).sum()
    }
    /// What the files held, in words: "9 decisions and 5 trade-offs", "nothing".
    pub fn records_words(&self) -> String {
        let parts: Vec<String> = self
            .records
            .iter()
            .filter(|t| t.read > 0)
            .map(|t| kind_count(t.kind, t.read))
            .collect();
        match parts.as_slice() {
            [] => "no records".to_string(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
    /// The outcome for a file, by its path as given or found.
    pub fn outcome(&self, path: &Path) -> Option<&Outcome> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| &f.outcome)
    }
    /// Takes in a later import of the same files (a sync reads the folder again after merging
    /// what others pushed): each file's latest outcome, its warnings, and the records it
    /// created or changed on top of this one's.
    pub fn absorb(&mut self, later: ImportReport) {
        for file in later.files {
            match self.files.iter_mut().find(|f| f.path == file.path) {
                // A file first read as new stays "created" when read again unchanged.
                Some(known) if matches!(file.outcome, Outcome::Updated { .. }) => {
                    if matches!(
                        known.outcome,
                        Outcome::Skipped { .. } | Outcome::Failed { .. }
                    ) {
                        known.outcome = file.outcome;
                    }
                }
                Some(known) => known.outcome = file.outcome,
                None => self.files.push(file),
            }
        }
        self.warnings = later.warnings;
        for tally in later.records {
            match self.records.iter_mut().find(|t| t.kind == tally.kind) {
                Some(known) => {
                    known.read = known.read.max(tally.read);
                    known.created += tally.created;
                    known.changed += tally.changed;
                }
                None => self.records.push(tally),
            }
        }
        self.records
            .sort_by_key(|t| Kind::ALL.iter().position(|k| *k == t.kind));
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

/// "1 decision", "5 trade-offs", "2 action items".
pub fn kind_count(kind: Kind, n: usize) -> String {
    let label = kind.label().to_lowercase();
    if n == 1 {
        format!("1 {label}")
    } else {
        format!("{n} {label}s")
    }
}
