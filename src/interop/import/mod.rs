//! Importing files and folders: each file is read and recognised on its own (a bad file is
//! reported with its path and reason, and the rest goes on); then everything is written in one
//! transaction, each file inside its own savepoint, and the links between files are resolved
//! last, when every record they may point at exists.
//!
//! Reading and writing overlap: a second thread reads and parses the files while the write
//! transaction stores the decisions and postmortems already read; records that belong to
//! others (reviews, lessons, action items of Hindsight's tree) wait until everything is read.
//!
//! - `read`: the walk, reading a file, recognising its kind and dialect.
//! - `write`: a file's records into the workspace, merged with what is there; links.
//! - `report`: what became of each file.

mod read;
mod report;
mod write;

use std::path::{Path, PathBuf};
use std::sync::mpsc;

mod hints;
pub use hints::{IdHints, derived_id};
pub use read::{MAX_FILE_BYTES, parse_text, read_file, record_stem};
pub use report::{FileReport, ImportReport, KindTally, Outcome};

use super::Progress;
use super::parsed::Parsed;
use crate::domain::Kind;
use crate::store::{Result, Store};

/// A file read and recognised, waiting to be written.
struct Pending {
    /// Its place in the report.
    index: usize,
    /// Its key in the workspace's sources: the absolute path.
    key: String,
    /// Its folder, which links in it are relative to.
    dir: PathBuf,
    /// Its path as found, `..` and `.` resolved: how links from files beside it name it.
    path: PathBuf,
    parsed: Parsed,
    /// The file as read: the base of the next import's merge.
    text: String,
    /// The file name without its extension, which the readers take titles and dates from.
    stem: String,
}

/// Imports files and folders (folders recursively) into the workspace, as one change.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    import_with(store, paths, &IdHints::default(), progress)
}

/// [`import`], new records taking the ids `hints` give them (a synced folder's files: the
/// same ids in every clone).
pub fn import_with(
    store: &mut Store,
    paths: &[PathBuf],
    hints: &IdHints,
    mut progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    store.backup_before("import")?;
    let files = read::collect(paths, &mut report);
    let total = files.len();
    let origin = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let summary = format!("Import {total} files from {origin}");
    std::thread::scope(|scope| {
        let (sender, parsed) = mpsc::sync_channel(64);
        let to_read = &files;
        scope.spawn(move || {
            for (n, path) in to_read.iter().enumerate() {
                if sender.send((n, read::read_source(path))).is_err() {
                    break;
                }
            }
        });
        store.write(summary, |w| {
            let mut writing = write::Import::start(w, hints)?;
            let mut later: Vec<Pending> = Vec::new();
            for (n, result) in parsed {
                let path = &files[n];
                progress(Progress::new(n, total, path));
                let (parsed, text, stem) = match result {
                    Ok(read) => read,
                    Err(outcome) => {
                        report.files.push(FileReport {
                            path: path.clone(),
                            outcome,
                        });
                        continue;
                    }
                };
                let item = Pending {
                    index: report.files.len(),
                    key: read::source_key(path),
                    dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    path: read::lexical(path),
                    parsed,
                    text,
                    stem,
                };
                report.files.push(FileReport {
                    path: path.clone(),
                    outcome: Outcome::Skipped {
                        reason: String::new(),
                    },
                });
                if write_rank(item.parsed.main.kind()) <= 1 {
                    let index = item.index;
                    report.files[index].outcome = writing.file(w, item)?;
                } else {
                    later.push(item);
                }
            }
            // Records that others belong to, first: a review needs its decision, an action its
            // review.
            later.sort_by_key(|p| write_rank(p.parsed.main.kind()));
            for item in later {
                let index = item.index;
                report.files[index].outcome = writing.file(w, item)?;
            }
            for (kind, created, changed) in std::mem::take(&mut writing.tally) {
                report.count_record(kind, created, changed);
            }
            for (index, message) in writing.links(w)? {
                let path = report.files[index].path.display().to_string();
                report.warnings.push(format!("{path}: {message}"));
            }
            Ok(())
        })
    })?;
    progress(Progress::new(total, total, Path::new("")));
    Ok(report)
}

/// The order kinds are written in: what others belong to first.
fn write_rank(kind: Kind) -> usize {
    [
        Kind::Decision,
        Kind::Incident,
        Kind::Lesson,
        Kind::Checklist,
        Kind::Review,
        Kind::TradeOff,
        Kind::Action,
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}
