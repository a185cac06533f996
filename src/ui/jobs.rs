//! Long work off the UI thread: importing files, exporting the workspace, writing it back into
//! the team's files, syncing with their repository, writing the report, publishing the site.
//! A job opens its
//! own connection to the workspace file (SQLite in WAL mode lets the window keep reading),
//! reports progress over a channel, and the window shows a progress bar and stays responsive.
//! When an import ends, the window reloads its lists and shows what happened to every file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use crate::interop::{self, AdrToolsOptions, ImportReport, Outcome, Progress};
use crate::publish::{PublishOptions, Published, Step};
use crate::store::Store;

/// What a job is asked to do.
#[derive(Clone, Debug)]
pub enum JobRequest {
    Import(Vec<PathBuf>),
    Export {
        dir: PathBuf,
        adr_tools: bool,
    },
    Report {
        path: PathBuf,
        format: crate::report::Format,
        decision: Option<String>,
    },
    /// Write the records back into the team's files (`export --in-place`).
    WriteBack,
    /// Publish the workspace as a static site into `out`.
    Publish {
        out: PathBuf,
    },
    /// Sync with the team's repository (binding to `folder` the first time), as `author`.
    Sync {
        folder: Option<PathBuf>,
        author: Option<String>,
    },
}

/// What a finished job hands back.
#[derive(Debug)]
pub enum JobResult {
    Imported(ImportReport),
    Exported {
        dir: PathBuf,
        files: usize,
        changed: usize,
        removed: usize,
    },
    Reported(crate::report::Written),
    WroteBack(interop::InPlaceReport),
    Synced(Box<crate::sync::SyncReport>),
    Published(Box<Published>),
    /// The site was not published: why, in one line.
    NotPublished(String),
    Failed(String),
}

enum Message {
    Progress(Progress),
    Step(Step),
    Done(JobResult),
}

/// A running job, as the window sees it.
pub struct Job {
    pub label: String,
    pub progress: Progress,
    /// The stage the job is at, for jobs that go through stages (a publish).
    pub stage: Option<String>,
    receiver: Receiver<Message>,
}

impl Job {
    /// Starts `request` against the workspace file at `workspace` on a new thread.
    pub fn start(workspace: &Path, request: JobRequest, repaint: egui::Context) -> Job {
        let (sender, receiver) = channel();
        let label = match &request {
            JobRequest::Import(paths) if paths.len() == 1 => {
                format!("Importing {}", paths[0].display())
            }
            JobRequest::Import(paths) => format!("Importing {} files and folders", paths.len()),
            JobRequest::Export { dir, .. } => format!("Exporting to {}", dir.display()),
            JobRequest::Report { path, .. } => format!("Writing the report {}", path.display()),
            JobRequest::WriteBack => "Writing records back into their files".to_string(),
            JobRequest::Sync { .. } => "Syncing with the team's repository".to_string(),
            JobRequest::Publish { out } => format!("Publishing the site to {}", out.display()),
        };
        let stage = matches!(request, JobRequest::Publish { .. })
            .then(|| "Reading the workspace".to_string());
        let workspace = workspace.to_path_buf();
        std::thread::spawn(move || {
            let progress_sender = sender.clone();
            let progress_repaint = repaint.clone();
            let progress = move |p: Progress| {
                let _ = progress_sender.send(Message::Progress(p));
                progress_repaint.request_repaint();
            };
            let step_sender = sender.clone();
            let step_repaint = repaint.clone();
            let step = move |s: Step| {
                let _ = step_sender.send(Message::Step(s));
                step_repaint.request_repaint();
            };
            let result = run(&workspace, request, progress, step);
            let _ = sender.send(Message::Done(result));
            repaint.request_repaint();
        });
        Job {
            label,
            progress: Progress::new(0, 0, Path::new("")),
            stage,
            receiver,
        }
    }

    /// Takes the messages that arrived; returns the result once the job is done.
    pub fn poll(&mut self) -> Option<JobResult> {
        while let Ok(message) = self.receiver.try_recv() {
            match message {
                Message::Progress(p) => self.progress = p,
                Message::Step(s) => {
                    self.stage = Some(s.stage.to_string());
                    self.progress = Progress::new(s.done, s.total, Path::new(""));
                }
                Message::Done(result) => return Some(result),
            }
        }
        None
    }
}

fn run(
    workspace: &Path,
    request: JobRequest,
    mut progress: impl FnMut(Progress),
    step: impl FnMut(Step),
) -> JobResult {
    let mut store = match Store::open(workspace) {
        Ok(store) => store,
        Err(e) => return JobResult::Failed(e.to_string()),
    };
    match request {
        JobRequest::Import(paths) => match interop::import(&mut store, &paths, progress) {
            Ok(report) => JobResult::Imported(report),
            Err(e) => JobResult::Failed(format!("Import failed, nothing was imported: {e}")),
        },
        JobRequest::Report {
            path,
            format,
            decision,
        } => {
            let each = |done, total| progress(Progress::new(done, total, &path));
            match crate::report::write(&store, &path, format, decision.as_deref(), each) {
                Ok(written) => JobResult::Reported(written),
                Err(e) => JobResult::Failed(format!("The report was not written: {e}")),
            }
        }
        JobRequest::Publish { out } => {
            let options = PublishOptions::default();
            match crate::publish::publish_workspace(&store, &out, &options, step) {
                Ok(published) => JobResult::Published(Box::new(published)),
                Err(e) => JobResult::NotPublished(format!("The site was not published: {e}")),
            }
        }
        JobRequest::WriteBack => match interop::export_in_place(&mut store, progress) {
            Ok(report) => JobResult::WroteBack(report),
            Err(e) => JobResult::Failed(format!("Nothing was written back: {e}")),
        },
        JobRequest::Sync { folder, author } => {
            if let Some(name) = author {
                store.set_author(name);
            }
            let options = crate::sync::SyncOptions { folder, push: true };
            match crate::sync::sync(&mut store, &options, progress) {
                Ok(report) => JobResult::Synced(Box::new(report)),
                Err(e) => JobResult::Failed(format!("Sync stopped: {e}")),
            }
        }
        JobRequest::Export { dir, adr_tools } => {
            let result = if adr_tools {
                let options = AdrToolsOptions {
                    toc: true,
                    graph: true,
                    force: false,
                };
                interop::export_adr_tools(&store, &dir, options, progress)
            } else {
                interop::export(&store, &dir, progress)
            };
            match result {
                Ok(report) => JobResult::Exported {
                    dir,
                    files: report.files.len(),
                    changed: report.changed,
                    removed: report.removed.len(),
                },
                Err(e) => JobResult::Failed(format!("Export failed: {e}")),
            }
        }
    }
}

/// The import report window: the totals, then every file that was skipped or failed, with
/// the reason, and the links that could not be made.
pub fn report_ui(ctx: &egui::Context, report: &ImportReport, open: &mut bool) {
    egui::Window::new("Import report")
        .open(open)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!("Files: {}.", report.summary()));
            ui.label(format!(
                "Records: {} read ({} new, {} changed, the rest as they were).",
                report.records_words(),
                report.records_created(),
                report.records_changed()
            ));
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for file in &report.files {
                        let name = file.path.display().to_string();
                        match &file.outcome {
                            Outcome::Created {
                                kind,
                                title,
                                dialect,
                                ..
                            } => {
                                ui.label(format!(
                                    "Created {} “{title}” ({dialect}) from {name}",
                                    kind.label()
                                ));
                            }
                            Outcome::Updated {
                                kind,
                                title,
                                dialect,
                                ..
                            } => {
                                ui.label(format!(
                                    "Updated {} “{title}” ({dialect}) from {name}",
                                    kind.label()
                                ));
                            }
                            Outcome::Skipped { reason } => {
                                ui.weak(format!("Skipped {name}: {reason}"));
                            }
                            Outcome::Failed { reason } => {
                                ui.colored_label(
                                    ui.visuals().error_fg_color,
                                    format!("Failed {name}: {reason}"),
                                );
                            }
                        }
                    }
                    for warning in &report.warnings {
                        ui.colored_label(ui.visuals().warn_fg_color, warning);
                    }
                });
        });
}
