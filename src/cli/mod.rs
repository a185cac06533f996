//! The command line: argument parsing and the commands, each a thin call into the library.
//! `main.rs` only calls [`run`]; everything here is testable as a process or as a function.
//!
//! The command names, flags and `--json` shapes are a stable interface: users' scripts and
//! later work depend on them.

mod args;
mod backups;
mod edit;
mod files_text;
mod generate;
mod insights;
mod json;
mod kinds;
mod publish;
mod review;
mod review_text;
mod text;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command, VERSION};
pub use generate::manual_page;

use crate::demo::{DemoError, load_demo};
use crate::domain::Kind;
use crate::store::{Store, StoreError};

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
    #[error(transparent)]
    Publish(#[from] crate::publish::PublishError),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// An argument error as one line: clap's message without its "error:" prefix, usage and
/// "For more information" lines, what it lists folded into the sentence.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .map(|l| l.trim_start_matches("error: "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the process arguments and runs the command. With no command, `open_window` runs
/// (the binary passes the window; tests pass nothing to open).
pub fn main_with(
    open_window: impl FnOnce(crate::workspace::Launch) -> anyhow::Result<()>,
) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            eprintln!("hindsight: {}", one_line(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    let result = match (cli.command, cli.path) {
        (Some(_), Some(path)) => Err(CliError::Usage(format!(
            "{}: a path opens the window and takes no command; for a command's workspace use \
             --db PATH",
            path.display()
        ))),
        (None, given) => match workspace_path(cli.db.as_deref()) {
            Ok(workspace) => open_window(crate::workspace::Launch { workspace, given })
                .map(|()| ExitStatus::Ok)
                .map_err(|e| CliError::Usage(format!("{e:#}"))),
            Err(e) => Err(e),
        },
        (Some(command), None) => run(
            cli.db.as_deref(),
            cli.read_only,
            command,
            &mut std::io::stdout().lock(),
        ),
    };
    match result {
        Ok(ExitStatus::Ok) => ExitCode::SUCCESS,
        Ok(ExitStatus::Findings) => ExitCode::from(1),
        Ok(ExitStatus::Refused) => ExitCode::from(2),
        // The reader went away (`hindsight list decisions | head`): nothing more to say.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hindsight: {e}");
            ExitCode::from(2)
        }
    }
}

/// Each file a change could not be written into, one line on stderr; exit 2 when there is one.
fn refused(files: &[crate::interop::LeftAlone]) -> ExitStatus {
    for file in files {
        eprintln!("hindsight: {}: {}", file.path.display(), file.reason);
    }
    if files.is_empty() {
        ExitStatus::Ok
    } else {
        ExitStatus::Refused
    }
}

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Ok,
    /// `check` found something.
    Findings,
    /// Something asked for was not done (a change that could not be written into a team's
    /// file); the lines on stderr say which: exit 2.
    Refused,
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
    read_only: bool,
    command: Command,
    out: &mut dyn Write,
) -> Result<ExitStatus, CliError> {
    // Generated from the definition of the commands: no workspace is opened.
    match &command {
        Command::Completions { shell } => return generate::completions(*shell, out),
        Command::Manual { dir } => return generate::manual(dir.as_deref(), out),
        // Built from the team's folders alone: no workspace is opened or made.
        Command::Publish { from, .. } if !from.is_empty() => {
            return publish::run(None, command, out);
        }
        _ => {}
    }
    let path = workspace_path(db)?;
    // Reading a team's files, or syncing with them, starts from an empty workspace: the demo's
    // records must not end up in their repository.
    let mut store = if read_only {
        Store::open_read_only(&path)?
    } else if matches!(
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
            let (records, damaged) = store.list_readable(kind)?;
            if json {
                json::print(out, &json::list(&records))?;
            } else {
                text::list(out, kind, &records)?;
            }
            // The others are listed; the first damaged record is the one line and the exit 2.
            if let Some(first) = damaged.into_iter().next() {
                return Err(first.into());
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
            // Words may start with a hyphen (`search -foo`), so clap hands over `--json` as a
            // word when it comes after them.
            let json = json || query.iter().any(|w| w == "--json");
            let words: Vec<&str> = query
                .iter()
                .map(String::as_str)
                .filter(|w| *w != "--json")
                .collect();
            let hits = store.search(&words.join(" "), 50)?;
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
            crate::workspace::give_checklists(&mut store)?;
            if json {
                json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
            } else {
                files_text::import_report(out, &paths, &report)?;
            }
            if report.failed() > 0 {
                return Ok(ExitStatus::Findings);
            }
        }
        Command::New(args) => {
            let record = edit::new(&mut store, &args)?;
            if args.json {
                json::print(out, &serde_json::Value::Object(json::record(&record)))?;
            } else {
                writeln!(out, "{}", record.id())?;
            }
        }
        Command::Answer {
            review,
            item,
            answer,
            note,
            json,
        } => {
            let id = review::answer(&mut store, &review, &item, answer, note.as_deref())?;
            if json {
                json::print(out, &json::show(&store, &id)?)?;
            } else {
                writeln!(out, "{id}")?;
            }
        }
        Command::SignOff {
            id,
            name,
            role,
            verdict,
            comment,
            json,
        } => {
            let form = crate::session::SignOffForm {
                name,
                role,
                verdict: verdict.into(),
                comment: comment.unwrap_or_default(),
            };
            let signed = review::sign_off(&mut store, &id, form)?;
            if json {
                json::print(out, &json::signed(&signed))?;
            } else {
                writeln!(out, "{}", signed.review_id)?;
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
            // The eight checklists, before the first sync writes the workspace into the
            // repository; none when the team's repository already brings its own (a checklist
            // the team deleted must not come back).
            let folder = match &options.folder {
                Some(folder) => Some(folder.clone()),
                None => store.meta("sync_folder")?.map(PathBuf::from),
            };
            let team_has_them = folder.is_some_and(|f| {
                f.join(crate::interop::OWN_FOLDER)
                    .join("checklists")
                    .is_dir()
            });
            if team_has_them {
                crate::workspace::mark_checklists_given(&mut store)?;
            } else {
                crate::workspace::give_checklists(&mut store)?;
            }
            let report = crate::sync::sync(&mut store, &options, |_| {})?;
            if json {
                json::print(out, &serde_json::to_value(&report).unwrap_or_default())?;
            } else {
                files_text::sync(out, &report)?;
            }
            if !report.not_written.is_empty() {
                return Ok(refused(&report.not_written));
            }
            if !report.conflicts.is_empty() {
                return Ok(ExitStatus::Findings);
            }
        }
        Command::Stats {
            since,
            until,
            tags,
            json,
        } => {
            if let (Some(since), Some(until)) = (since, until)
                && since > until
            {
                return Err(CliError::Usage(format!(
                    "stats: --since {since} is after --until {until}"
                )));
            }
            let filter = crate::domain::stats::Filter { since, until, tags };
            insights::stats(&store, &filter, json, out)?;
        }
        Command::Related { id, limit, json } => insights::related(&store, &id, limit, json, out)?,
        Command::Backups { json } => backups::list(&store, json, out)?,
        Command::Restore { backup } => backups::restore(&mut store, &backup, out)?,
        // Answered above, before a workspace was opened.
        Command::Completions { .. } | Command::Manual { .. } => {}
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
        command @ Command::Publish { .. } => return publish::run(Some(&store), command, out),
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
                    files_text::in_place(out, &report)?;
                }
                return Ok(refused(&report.not_written));
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
