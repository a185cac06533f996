//! Work that leaves the window for a while: imports, exports, reports and the published site
//! run off the UI thread with their progress shown; opening or creating another workspace switches the
//! whole window to it.

use std::path::{Path, PathBuf};

use super::app::file_name;
use super::{CentreView, HindsightApp, Notice, files, jobs};
use crate::session::Session;
use crate::store::Store;
use crate::workspace::{self, Fill, WorkspaceError};

impl HindsightApp {
    /// Whether an import or export is running.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// What the last import did, file by file.
    pub fn last_import(&self) -> Option<&crate::interop::ImportReport> {
        self.import_report.as_ref()
    }

    /// Imports files and folders off the UI thread (the menu, the file dialogs and drag and
    /// drop end here; tests call it directly).
    pub fn start_import(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        self.start_job(ctx, jobs::JobRequest::Import(paths));
    }

    /// Exports the workspace into `dir` off the UI thread: the git tree, or adr-tools files
    /// with `toc.md` and `graph.dot`.
    pub fn start_export(&mut self, ctx: &egui::Context, dir: PathBuf, adr_tools: bool) {
        self.start_job(ctx, jobs::JobRequest::Export { dir, adr_tools });
    }

    /// Writes the stakeholder report (of every decision, or of one) to `path` off the UI
    /// thread.
    pub fn start_report(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        format: crate::report::Format,
        decision: Option<String>,
    ) {
        self.start_job(
            ctx,
            jobs::JobRequest::Report {
                path,
                format,
                decision,
            },
        );
    }

    /// Asks where to write the report, then writes it.
    pub(crate) fn ask_for_report(&mut self, ctx: &egui::Context, decision: Option<String>) {
        self.choose_path(ctx, files::Purpose::Report { decision });
    }

    pub(super) fn start_job(&mut self, ctx: &egui::Context, request: jobs::JobRequest) {
        if self.job.is_some() {
            self.notify(
                Notice::Warning,
                "An import or export is still running; wait for it to finish.",
            );
            return;
        }
        // The job reads the file: everything typed so far goes in first.
        self.flush_all();
        self.apply_pending();
        let Some(path) = self.session.store().path().map(Path::to_path_buf) else {
            self.notify(
                Notice::Error,
                "This workspace has no file to import into or export from.",
            );
            return;
        };
        self.job = Some(jobs::Job::start(&path, request, ctx.clone()));
    }

    /// Takes what the running job reports; when it is done, shows the outcome.
    pub(super) fn poll_job(&mut self) {
        let Some(job) = self.job.as_mut() else {
            return;
        };
        let Some(result) = job.poll() else {
            return;
        };
        self.job = None;
        match result {
            jobs::JobResult::Imported(report) => {
                if let Err(e) = self.session.refresh_all() {
                    self.notify(Notice::Error, e.to_string());
                }
                let notice = if report.failed() > 0 || !report.warnings.is_empty() {
                    Notice::Warning
                } else {
                    Notice::Info
                };
                let text = format!(
                    "Import: read {} from {} ({} new, {} changed); {}.",
                    report.records_words(),
                    crate::report::story::count(report.files.len(), "file", "files"),
                    report.records_created(),
                    report.records_changed(),
                    report.summary()
                );
                self.notify(notice, text.clone());
                self.team.last_read = Some(text);
                self.show_import_report = report.failed() > 0 || !report.warnings.is_empty();
                self.import_report = Some(report);
            }
            jobs::JobResult::Exported {
                dir,
                files,
                changed,
                removed,
            } => {
                self.notify(
                    Notice::Info,
                    format!(
                        "Exported {files} files to {} ({changed} changed, {removed} removed).",
                        dir.display()
                    ),
                );
                self.wrote("Exported to", dir);
            }
            jobs::JobResult::Reported(written) => {
                self.notify(
                    Notice::Info,
                    format!(
                        "Wrote the report ({} decisions, {} incidents).",
                        written.decisions, written.incidents
                    ),
                );
                self.wrote("Report written to", written.path);
            }
            jobs::JobResult::Published(published) => self.published(*published),
            jobs::JobResult::NotPublished(why) => self.not_published(why),
            jobs::JobResult::Failed(message) => self.notify(Notice::Error, message),
            result @ (jobs::JobResult::Synced(_) | jobs::JobResult::WroteBack(_)) => {
                self.team_job_done(result)
            }
        }
    }

    /// The progress bar of the running job, and the drop hint while files hover.
    pub(super) fn job_bar(&mut self, ui: &mut egui::Ui) {
        let hovering = ui.ctx().input(|i| !i.raw.hovered_files.is_empty());
        if self.job.is_none() && !hovering {
            return;
        }
        egui::Panel::bottom("job").show(ui, |ui| {
            if let Some(job) = &self.job {
                let p = &job.progress;
                let bar = match &job.stage {
                    // A stage not counted yet: the bar moves, the stage is named.
                    Some(stage) if p.total == 0 => egui::ProgressBar::new(0.0)
                        .animate(true)
                        .text(format!("{}: {stage}…", job.label)),
                    Some(stage) => egui::ProgressBar::new(p.fraction())
                        .show_percentage()
                        .text(format!("{}: {stage} {} of {}", job.label, p.done, p.total)),
                    None => {
                        let current = p
                            .current
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        egui::ProgressBar::new(p.fraction())
                            .show_percentage()
                            .text(format!("{}: {current}", job.label))
                    }
                };
                ui.add(bar);
            } else {
                ui.label("Drop files or folders to import them into this workspace.");
            }
        });
    }

    /// Switches the window to the workspace file at `path` (the file dialogs and the recent
    /// list end here; tests call it directly). The current workspace keeps everything typed.
    pub fn open_workspace(&mut self, path: &Path) {
        self.flush_all();
        self.apply_pending();
        self.switch_or_say(path, workspace::open(path));
    }

    /// Creates an empty workspace at `path` (with the checklist templates) and switches to it.
    pub fn new_workspace(&mut self, path: &Path) {
        self.flush_all();
        self.apply_pending();
        self.switch_or_say(path, workspace::create(path, Fill::Checklists));
    }

    /// Switches to the workspace opened, or says why it could not be, and what to do instead.
    fn switch_or_say(&mut self, path: &Path, opened: Result<Store, WorkspaceError>) {
        let hint = match &opened {
            Err(WorkspaceError::Missing(_)) => "; use New workspace… to create one",
            Err(WorkspaceError::Exists(_)) => "; open it with Open workspace…",
            _ => "",
        };
        match opened
            .map_err(|e| e.to_string())
            .and_then(|store| Session::new(store).map_err(|e| e.to_string()))
        {
            Ok(session) => self.switch_to(session, path),
            Err(e) => self.notify(Notice::Error, format!("{e}{hint}")),
        }
    }

    fn switch_to(&mut self, session: Session, path: &Path) {
        self.session = session;
        self.selected = None;
        self.view = CentreView::Record;
        self.list = Default::default();
        self.detail = Default::default();
        self.trace = Default::default();
        self.overlays = Default::default();
        self.history = Default::default();
        self.backups = Default::default();
        self.buffers = Default::default();
        self.team.last_read = None;
        self.team.check_ignore = true;
        self.files.last_site = None;
        self.arrival = None;
        self.workspace_name = file_name(path);
        self.prefs.remember(path);
        self.notify(Notice::Info, format!("Opened {}", path.display()));
    }
}
