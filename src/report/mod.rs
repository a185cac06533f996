//! The stakeholder report: every decision (or one) in plain words — what we chose, what each
//! trade-off gains and costs, the incident and lesson behind it, who signed it off — with the
//! trace diagram, and an appendix of the incidents. One self-contained HTML file (styles
//! inlined, nothing fetched, printable) or the same content as Markdown.
//!
//! - `story`: the plain-language content, shared with the window's stakeholder mode.
//! - `graph`, `svg`: the trace diagram, described once, drawn as SVG here (egui in the window).
//! - `safe`: what keeps users' text inert (escaping, pulldown-cmark, ammonia).
//! - `plain`: Markdown as plain lines, for the diagram's boxes.
//! - `html`, `markdown`: the two renderings.
//!
//! Reads go through `store`; nothing here writes to the workspace.

pub mod charts;
mod graph;
pub mod html;
pub mod learned;
mod markdown;
pub mod plain;
pub mod safe;
pub mod story;
mod svg;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use graph::{Graph, LAYER_TITLES, Node, decision_graph, graph};
pub use learned::{actions_words, revisit_when, stretch_words};
pub use story::{DecisionStory, IncidentStory, TradeOffStory};
pub use svg::{trace_svg, trace_svg_linked};

use crate::domain::Kind;
use crate::store::{Store, StoreError};

/// HTML or Markdown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Html,
    Markdown,
}

impl Format {
    /// The format a file name asks for: `.html`/`.htm` or `.md`/`.markdown`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{id}: is a {}, not a decision; a report is about decisions", .kind.label().to_lowercase())]
    NotADecision { id: String, kind: Kind },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: is {what}; the report was not written (choose another file)", path.display())]
    WouldOverwrite { path: PathBuf, what: &'static str },
}

/// Everything a report tells, gathered from the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub written: DateTime<Utc>,
    pub decisions: Vec<DecisionStory>,
    /// The incidents behind those decisions, oldest first.
    pub incidents: Vec<IncidentStory>,
    /// What we learned across the workspace (a report of every decision only).
    pub learned: Option<crate::domain::stats::Stats>,
}

/// Gathers the report of every decision, or of one, calling `progress(done, total)` as each
/// decision is read.
pub fn gather(
    store: &Store,
    decision: Option<&str>,
    progress: impl FnMut(usize, usize),
) -> Result<Report, ReportError> {
    let decisions = match decision {
        Some(id) => {
            match store.kind_of(id)? {
                Some(Kind::Decision) => {}
                Some(kind) => {
                    return Err(ReportError::NotADecision {
                        id: id.to_string(),
                        kind,
                    });
                }
                None => return Err(StoreError::NotFound(id.to_string()).into()),
            }
            vec![story::decision(store, id)?]
        }
        None => story::decisions(store, progress)?,
    };
    let incidents = story::incidents_behind(store, &decisions)?;
    let title = match decision {
        Some(_) => format!("Why we decided: {}", decisions[0].title),
        None => "Why we built it this way".to_string(),
    };
    let learned = match decision {
        Some(_) => None,
        None => {
            let input = store.stats_input()?;
            let today = Utc::now().date_naive();
            Some(crate::domain::stats::compute(
                &input,
                &Default::default(),
                today,
            ))
        }
    };
    Ok(Report {
        title,
        written: Utc::now(),
        decisions,
        incidents,
        learned,
    })
}

/// The report as text in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Html => html::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// What writing a report did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub decisions: usize,
    pub incidents: usize,
    pub bytes: usize,
}

/// Gathers, renders and writes the report to `path` (through a temporary file, so a failed
/// write leaves any earlier report whole).
pub fn write(
    store: &Store,
    path: &Path,
    format: Format,
    decision: Option<&str>,
    progress: impl FnMut(usize, usize),
) -> Result<Written, ReportError> {
    refuse_target(store, path)?;
    // What a killed report left beside it.
    crate::atomic::clear(
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    let report = gather(store, decision, progress)?;
    let text = render(&report, format);
    let io = |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::atomic::write(path, text.as_bytes()).map_err(io)?;
    Ok(Written {
        path: path.to_path_buf(),
        decisions: report.decisions.len(),
        incidents: report.incidents.len(),
        bytes: text.len(),
    })
}

/// A report never writes over the workspace it reads, nor over any SQLite database (another
/// workspace, a backup, another application's data).
fn refuse_target(store: &Store, path: &Path) -> Result<(), ReportError> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if store.path().is_some_and(|ws| same(ws, path)) {
        return Err(ReportError::WouldOverwrite {
            path: path.to_path_buf(),
            what: "the workspace the report is made from",
        });
    }
    let mut head = [0u8; 16];
    let is_database = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0");
    if is_database {
        return Err(ReportError::WouldOverwrite {
            path: path.to_path_buf(),
            what: "a database",
        });
    }
    Ok(())
}

/// The anchor of a record in a report: its id with anything but letters, digits and `-`
/// dropped (imported ids are the user's).
pub fn anchor(id: &str) -> String {
    let kept: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("r-{kept}")
}
