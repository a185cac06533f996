//! The command line: argument parsing and the commands, each a thin call into the library.
//! `main.rs` only calls [`run`]; everything here is testable as a process or as a function.
//!
//! The command names, flags and `--json` shapes are a stable interface: users' scripts and
//! later work depend on them.

mod edit;
mod json;
mod text;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::demo::{DemoError, load_demo};
use crate::domain::Kind;
use crate::store::{Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "hindsight",
    version,
    about = "Design reviews and incident postmortems, with every trade-off linked to the incident that taught it.",
    after_help = "With no command, opens the workbench window."
)]
pub struct Cli {
    /// The workspace file [default: $HINDSIGHT_DB, else workspace.db in the platform data folder].
    /// A missing file is created with the demo workspace.
    #[arg(long, global = true, value_name = "PATH", env = "HINDSIGHT_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the demo workspace into the workspace (adds what is missing; keeps your edits).
    Demo {
        /// Instead, add N generated decisions and N incidents, linked through trade-offs and
        /// lessons: a large workspace to try the app's speed on.
        #[arg(long, value_name = "N")]
        generate: Option<usize>,
    },
    /// List records of one kind.
    List {
        /// decisions | tradeoffs | lessons | incidents | actions | checklists | reviews
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Show one record in full, with its links.
    Show {
        /// decision | tradeoff | lesson | incident | action | checklist | review
        kind: String,
        /// The record's id, a unique prefix of it, an ADR number (ADR-3) or an incident reference.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The chain of a decision (trade-offs, lessons, incidents), or what an incident changed.
    Trace {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over every record.
    Search {
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lint the workspace; prints findings and exits with 1 when there are any.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Import Markdown files or folders: ADRs (adr-tools, MADR, log4brains), postmortems, or a
    /// folder exported by Hindsight. Importing the same files again updates what they made.
    /// A missing workspace file is created empty. Exits with 1 when a file could not be read.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Export the workspace as a folder of Markdown files for a git repository.
    Export {
        #[arg(value_name = "DIR", required_unless_present = "in_place")]
        dir: Option<PathBuf>,
        /// Write the decisions as adr-tools files instead (NNNN-slug.md, `adr` reads them).
        #[arg(long)]
        adr_tools: bool,
        /// With --adr-tools: also toc.md, as `adr generate toc` prints it.
        #[arg(long, requires = "adr_tools")]
        toc: bool,
        /// With --adr-tools: also graph.dot (Graphviz), as `adr generate graph` prints it, with
        /// the lessons and incidents behind each decision.
        #[arg(long, requires = "adr_tools")]
        graph: bool,
        /// Write over files changed since Hindsight wrote them, and over a folder another
        /// workspace exported. Files Hindsight never wrote are never removed.
        #[arg(long)]
        force: bool,
        /// Write each record back into the file it came from, in that file's dialect (only
        /// what changed; unchanged files are not touched), and new decisions and postmortems
        /// next to their neighbours. No DIR.
        #[arg(long, conflicts_with_all = ["adr_tools", "force"])]
        in_place: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write the stakeholder report: every decision in plain words, what each trade-off gains
    /// and costs, the incident and lesson behind it, sign-offs, the trace diagram, and an
    /// appendix of the incidents. One self-contained HTML file, or Markdown.
    Report {
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// html or md [default: from the file's extension, else html].
        #[arg(long, value_parser = ["html", "md", "markdown"])]
        format: Option<String>,
        /// Only this decision (id, or ADR number such as ADR-3).
        #[arg(long, value_name = "ID")]
        decision: Option<String>,
    },
    /// Make a record and print its id: decision (numbered after the last one), incident or
    /// lesson. One undo step.
    New {
        /// decision | incident | lesson
        kind: String,
        title: String,
        /// The decision this one supersedes: it is marked superseded and linked.
        #[arg(long, value_name = "ID")]
        supersedes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Set one top-level field of a record (a field of `show --json`: status, title, tags,
    /// revisit_by, …). Lists take commas; an empty VALUE clears the field. One undo step.
    Set {
        id: String,
        field: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Link two records: supersedes, amends, relates-to, motivated-by (trade-off → lesson or
    /// incident), learned-from (lesson → incident), addresses. One undo step.
    Link {
        from: String,
        relation: String,
        to: String,
    },
    /// Sync with the team's git repository: write changes back into the bound folder's files,
    /// commit them, fetch and merge by record and by field, read what others changed, push.
    /// The first sync binds the workspace to DIR (a folder inside a git work tree). Exits with
    /// 1 when conflicts are left to choose (hindsight resolve).
    Sync {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Commit and merge, but do not push.
        #[arg(long)]
        no_push: bool,
        #[arg(long)]
        json: bool,
    },
    /// Choose the value of a field a sync found changed differently on both sides.
    Resolve {
        id: String,
        field: String,
        /// Keep this workspace's value.
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        mine: bool,
        /// Take the value from the repository.
        #[arg(long)]
        theirs: bool,
    },
}

/// An error for the user: one line, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error(transparent)]
    Workspace(#[from] crate::workspace::WorkspaceError),
    #[error(transparent)]
    Domain(#[from] crate::domain::DomainError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Interop(#[from] crate::interop::InteropError),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// Parses the process arguments and runs the command. With no command, `open_window` runs
/// (the binary passes the window; tests pass nothing to open).
pub fn main_with(open_window: impl FnOnce(PathBuf) -> anyhow::Result<()>) -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => match workspace_path(cli.db.as_deref()) {
            Ok(path) => open_window(path)
                .map(|()| ExitStatus::Ok)
                .map_err(|e| CliError::Usage(format!("{e:#}"))),
            Err(e) => Err(e),
        },
        Some(command) => run(cli.db.as_deref(), command, &mut std::io::stdout().lock()),
    };
    match result {
        Ok(ExitStatus::Ok) => ExitCode::SUCCESS,
        Ok(ExitStatus::Findings) => ExitCode::from(1),
        // The reader went away (`hindsight list decisions | head`): nothing more to say.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hindsight: {e}");
            ExitCode::from(2)
        }
    }
}

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Ok,
    /// `check` found something.
    Findings,
}

/// The workspace file: `--db`, else `$HINDSIGHT_DB` (clap reads both), else the platform's
/// data folder.
pub fn workspace_path(db: Option<&Path>) -> Result<PathBuf, CliError> {
    if let Some(db) = db {
        return Ok(db.to_path_buf());
    }
    let dirs = directories::ProjectDirs::from("", "", "Hindsight").ok_or_else(|| {
        CliError::Usage("no home folder found; pass --db PATH or set HINDSIGHT_DB".to_string())
    })?;
    Ok(dirs.data_dir().join("workspace.db"))
}

/// Opens the workspace, creating it with the demo workspace when the file does not exist.
pub fn open_workspace(path: &Path) -> Result<Store, CliError> {
    Ok(crate::workspace::open_or_create(
        path,
        crate::workspace::Fill::Demo,
    )?)
}

/// Runs one command against the workspace at `db`, writing to `out`.
pub fn run(
    db: Option<&Path>,
    command: Command,
    out: &mut dyn Write,
) -> Result<ExitStatus, CliError> {
    let path = workspace_path(db)?;
    // Reading a team's files, or syncing with them, starts from an empty workspace: the demo's
    // records must not end up in their repository.
    let mut store = if matches!(
        command,
        Command::Import { .. } | Command::Sync { .. } | Command::Demo { generate: Some(_) }
    ) {
        Store::open(&path)?
    } else {
        open_workspace(&path)?
    };
    if let Some(name) = crate::sync::author() {
        store.set_author(name);
    }
    match command {
        Command::Demo { generate: Some(n) } => {
            crate::demo::load_generated(&mut store, n, n)?;
            writeln!(
                out,
                "Generated {n} decisions and {n} incidents in {}.",
                path.display()
            )?;
        }
        Command::Demo { generate: None } => {
            let outcome = load_demo(&mut store)?;
            writeln!(
                out,
                "Demo workspace loaded into {}: {} records added.",
                path.display(),
                outcome.added
            )?;
        }
        Command::List { kind, json } => {
            let kind = Kind::parse_loose(&kind)?;
            let records = store.list_any(kind)?;
            if json {
                json::print(out, &json::list(&records))?;
            } else {
                text::list(out, kind, &records)?;
            }
        }
        Command::Show { kind, id, json } => {
            let kind = Kind::parse_loose(&kind)?;
            let (actual, id) = store.resolve(&id)?;
            if actual != kind {
                return Err(StoreError::WrongKind {
                    id,
                    expected: kind,
                    actual,
                }
                .into());
            }
            let detail = json::show(&store, &id)?;
            if json {
                json::print(out, &detail)?;
            } else {
                text::show(out, &detail)?;
            }
        }
        Command::Trace { id, json } => {
            let (kind, id) = store.resolve(&id)?;
            match kind {
                Kind::Decision => {
                    let trace = store.trace_decision(&id)?;
                    if json {
                        json::print(out, &serde_json::to_value(&trace).unwrap_or_default())?;
                    } else {
                        text::decision_trace(out, &trace)?;
                    }
                }
                Kind::Incident => {
                    let trace = store.trace_incident(&id)?;
                    if json {
                        json::print(out, &serde_json::to_value(&trace).unwrap_or_default())?;
                    } else {
                        text::incident_trace(out, &trace)?;
                    }
                }
                other => {
                    return Err(CliError::Usage(format!(
                        "trace takes a decision or an incident; '{id}' is a {other}"
                    )));
                }
            }
        }
        Command::Search { query, json } => {
            let hits = store.search(&query.join(" "), 50)?;
            if json {
                json::print(out, &serde_json::to_value(&hits).unwrap_or_default())?;
            } else {
                text::search(out, &hits)?;
            }
        }
        Command::Check { json } => {
            let today = chrono::Utc::now().date_naive();
            let findings = crate::check::check(&store, today)?;
            if json {
                json::print(out, &serde_json::to_value(&findings).unwrap_or_default())?;
            } else {
                text::findings(out, &findings)?;
            }
            if !findings.is_empty() {
                return Ok(ExitStatus::Findings);
            }
        }
        Command::Import { paths, json } => {
            let report = crate::interop::import(&mut store, &paths, |_| {})?;
            if json {
                json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
            } else {
                text::import_report(out, &paths, &report)?;
            }
            if report.failed() > 0 {
                return Ok(ExitStatus::Findings);
            }
        }
        Command::New {
            kind,
            title,
            supersedes,
            json,
        } => {
            let record = edit::new(&mut store, &kind, &title, supersedes.as_deref())?;
            if json {
                let value = serde_json::json!({
                    "id": record.id(),
                    "kind": record.kind(),
                    "title": record.title(),
                });
                json::print(out, &value)?;
            } else {
                writeln!(out, "{}", record.id())?;
            }
        }
        Command::Set { id, field, value } => {
            let record = edit::set(&mut store, &id, &field, &value)?;
            writeln!(out, "{} {}: {field} set.", record.kind(), record.id())?;
        }
        Command::Link { from, relation, to } => {
            let link = edit::link(&mut store, &from, &relation, &to)?;
            writeln!(
                out,
                "Linked: {} {} {}.",
                link.from_id, link.relation, link.to_id
            )?;
        }
        Command::Sync { dir, no_push, json } => {
            let options = crate::sync::SyncOptions {
                folder: dir,
                push: !no_push,
            };
            let report = crate::sync::sync(&mut store, &options, |_| {})?;
            if json {
                json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
            } else {
                text::sync(out, &report)?;
            }
            if !report.conflicts.is_empty() {
                return Ok(ExitStatus::Findings);
            }
        }
        Command::Resolve {
            id,
            field,
            mine: _,
            theirs,
        } => {
            crate::sync::resolve(&mut store, &id, &field, theirs)?;
            let side = if theirs { "theirs" } else { "mine" };
            writeln!(out, "{id} {field}: {side} kept; the next sync writes it.")?;
        }
        Command::Report {
            output,
            format,
            decision,
        } => {
            use crate::report::Format;
            let format = match format.as_deref() {
                Some("html") => Format::Html,
                Some(_) => Format::Markdown,
                None => Format::from_path(&output).unwrap_or_default(),
            };
            let decision = match decision {
                Some(text) => Some(store.resolve(&text)?.1),
                None => None,
            };
            let written =
                crate::report::write(&store, &output, format, decision.as_deref(), |_, _| {})?;
            use crate::report::story::count;
            writeln!(
                out,
                "Wrote {} ({}, {}, {} KB).",
                written.path.display(),
                count(written.decisions, "decision", "decisions"),
                count(written.incidents, "incident", "incidents"),
                written.bytes.div_ceil(1024)
            )?;
        }
        Command::Export {
            dir,
            adr_tools,
            toc,
            graph,
            force,
            in_place,
            json,
        } => {
            let Some(dir) = dir.filter(|_| !in_place) else {
                let report = crate::interop::export_in_place(&mut store, |_| {})?;
                if json {
                    json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
                } else {
                    text::in_place(out, &report)?;
                }
                return Ok(ExitStatus::Ok);
            };
            let report = if adr_tools {
                let options = crate::interop::AdrToolsOptions { toc, graph, force };
                crate::interop::export_adr_tools(&store, &dir, options, |_| {})?
            } else {
                let options = crate::interop::ExportOptions { force };
                crate::interop::export_with(&store, &dir, options, |_| {})?
            };
            if json {
                json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
            } else {
                for kept in &report.left_alone {
                    writeln!(out, "left alone  {}: {}", kept.path.display(), kept.reason)?;
                }
                writeln!(
                    out,
                    "Exported {} files to {} ({} changed, {} removed, {} left alone).",
                    report.files.len(),
                    dir.display(),
                    report.changed,
                    report.removed.len(),
                    report.left_alone.len()
                )?;
            }
        }
    }
    Ok(ExitStatus::Ok)
}
