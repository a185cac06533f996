//! Markdown in and out. Teams keep decisions in git as adr-tools, MADR or log4brains files and
//! postmortems as documents; this module reads them all into the workspace (recognising the
//! dialect of each file and the meaning of its sections) and writes the workspace back as a
//! folder for git, which it reads back exactly: export → import → export gives the same bytes.
//!
//! Reading never writes half a file: every file is parsed first, then the whole import is one
//! transaction with a savepoint per file. Everything here goes through `store`; no SQL.

mod adr_tools;
mod decision;
mod edit;
mod export;
pub(crate) mod files;
mod front;
mod import;
mod in_place;
mod layout;
pub mod markdown;
mod merge_file;
mod own_files;
mod parsed;
mod postmortem;
mod record_file;
mod when;

use std::path::{Path, PathBuf};

pub use adr_tools::{AdrToolsOptions, export as export_adr_tools, render as render_adr_tools};
pub use export::{FOLDERS, export, export_with, render};
pub use files::{ExportOptions, ExportReport, LeftAlone, MANIFEST, write_atomic};
pub use import::{
    FileReport, IdHints, ImportReport, KindTally, MAX_FILE_BYTES, Outcome, derived_id, import,
    import_with, parse_text, read_file, record_stem,
};
pub use in_place::{InPlaceReport, export_in_place};
pub use merge_file::{MergedFile, merge_file};
pub use own_files::{
    OWN_FOLDER, OWN_FORMAT, RECORD_FOLDERS, link_path, own_format, read_id_map, read_link_file,
    render_own,
};
pub use parsed::{Child, End, Parsed, PendingLink};

use crate::store::StoreError;

/// How far a long import or export has got, for a progress bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// The file being worked on.
    pub current: PathBuf,
}

impl Progress {
    pub fn new(done: usize, total: usize, current: &Path) -> Progress {
        Progress {
            done,
            total,
            current: current.to_path_buf(),
        }
    }

    /// From 0 to 1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            self.done as f32 / self.total as f32
        }
    }
}

/// Why a file that looked like one of ours (front matter Hindsight writes) could not be read:
/// the part of the file, and what is wrong with it. The import report shows it as the file's
/// reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("front matter: {0}")]
    FrontMatter(String),
    #[error("tradeoffs[{index}]: {message}")]
    TradeOff { index: usize, message: String },
    #[error("links[{index}]: {message}")]
    Link { index: usize, message: String },
}

#[derive(Debug, thiserror::Error)]
pub enum InteropError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: is a file, not a folder to export into", .0.display())]
    NotAFolder(PathBuf),
    #[error(
        "{}: another workspace exported this folder; nothing was written (export --force writes over it)",
        .0.display()
    )]
    OtherWorkspace(PathBuf),
}
