//! The workbench window (eframe/egui). The app owns a [`Session`] and changes data only by
//! sending [`Command`]s, applied once per frame in [`HindsightApp::apply_pending`]; views only
//! draw from the session's caches, so no SQL runs per frame unless a command changed something.
//!
//! - `actions`: every user action with its shortcut (menus, palette, help come from it).
//! - `nav`, `list`, `detail`, `trace`: the panels, left to right.
//! - `fields`: labelled field editors that buffer typing and send one command per burst.
//! - `palette`, `overlays`: Ctrl+K search, help, delete confirmation, history.

mod actions;
mod detail;
mod fields;
mod files;
mod jobs;
mod list;
mod nav;
mod overlays;
mod palette;
mod review;
mod stakeholder;
mod team;
mod trace;
mod widgets;

use std::path::{Path, PathBuf};

use egui_notify::Toasts;
use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::session::{Command, Session};
use crate::store::Store;
pub use actions::UiAction;
use fields::Buffers;

/// What the window remembers between runs (UI preferences only; data lives in the workspace).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub kind: Kind,
    /// `None` follows the system theme.
    pub dark: Option<bool>,
    pub show_preview: bool,
    pub recent: Vec<String>,
    /// The name changes are made under, set once in the window (else git's `user.name`).
    pub author: Option<String>,
    /// The checklist the last review was started with, offered first next time.
    pub last_checklist: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            kind: Kind::Decision,
            dark: None,
            show_preview: true,
            recent: Vec::new(),
            author: None,
            last_checklist: None,
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent list (at most eight, no repeats).
    pub fn remember(&mut self, path: &Path) {
        let shown = path.display().to_string();
        self.recent.retain(|p| *p != shown);
        self.recent.insert(0, shown);
        self.recent.truncate(8);
    }
}

const PREFS_KEY: &str = "hindsight-prefs";

/// How serious a toast is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Info,
    Warning,
    Error,
}

/// Which view the centre shows for the selected record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CentreView {
    Record,
    Trace,
}

pub struct HindsightApp {
    pub(crate) session: Session,
    pub(crate) prefs: Prefs,
    pub(crate) selected: Option<String>,
    pub(crate) view: CentreView,
    pub(crate) list: list::ListState,
    pub(crate) buffers: Buffers,
    pub(crate) pending: Vec<Command>,
    pub(crate) palette: palette::Palette,
    pub(crate) overlays: overlays::Overlays,
    pub(crate) detail: detail::DetailState,
    pub(crate) toasts: Toasts,
    pub(crate) workspace_name: String,
    /// The import or export running off the UI thread, if any.
    pub(crate) job: Option<jobs::Job>,
    /// What the last import did, file by file.
    pub(crate) import_report: Option<crate::interop::ImportReport>,
    pub(crate) show_import_report: bool,
    /// Stakeholder mode, while it is on.
    pub(crate) stakeholder: Option<stakeholder::Presentation>,
    /// Sync, write back, the name changes carry.
    pub(crate) team: team::TeamState,
    /// The last folder, the path field when no dialog appears, the last file written.
    pub(crate) files: files::FilesState,
}

impl HindsightApp {
    pub fn new(session: Session, workspace: &Path) -> Self {
        HindsightApp {
            session,
            prefs: Prefs::default(),
            selected: None,
            view: CentreView::Record,
            list: list::ListState::default(),
            buffers: Buffers::default(),
            pending: Vec::new(),
            palette: palette::Palette::default(),
            overlays: overlays::Overlays::default(),
            detail: detail::DetailState::default(),
            toasts: Toasts::default(),
            workspace_name: workspace
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "workspace".into()),
            job: None,
            import_report: None,
            show_import_report: false,
            stakeholder: None,
            team: team::TeamState::default(),
            files: files::FilesState::default(),
        }
    }

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

    /// Whether stakeholder mode is on.
    pub fn is_presenting(&self) -> bool {
        self.stakeholder.is_some()
    }

    /// Turns stakeholder mode on (at the selected decision, or the first) or off.
    pub fn toggle_stakeholder_mode(&mut self) {
        if self.stakeholder.take().is_some() {
            return;
        }
        self.flush_all();
        self.apply_pending();
        let start = self.selected_decision().or_else(|| {
            self.session
                .rows(Kind::Decision)
                .first()
                .map(|r| r.id.clone())
        });
        match start {
            Some(id) => self.stakeholder = Some(stakeholder::Presentation::new(id)),
            None => self.notify(
                Notice::Info,
                "Stakeholder mode shows decisions; this workspace has none yet.",
            ),
        }
    }

    /// The decision stakeholder mode shows.
    pub fn presented_decision(&self) -> Option<&str> {
        self.stakeholder.as_ref().map(|p| p.decision_id.as_str())
    }

    fn start_job(&mut self, ctx: &egui::Context, request: jobs::JobRequest) {
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
    fn poll_job(&mut self) {
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
                self.notify(notice, format!("Import: {}.", report.summary()));
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
            jobs::JobResult::Failed(message) => self.notify(Notice::Error, message),
            result @ (jobs::JobResult::Synced(_) | jobs::JobResult::WroteBack(_)) => {
                self.team_job_done(result)
            }
        }
    }

    /// The progress bar of the running job, and the drop hint while files hover.
    fn job_bar(&mut self, ui: &mut egui::Ui) {
        let hovering = ui.ctx().input(|i| !i.raw.hovered_files.is_empty());
        if self.job.is_none() && !hovering {
            return;
        }
        egui::Panel::bottom("job").show(ui, |ui| {
            if let Some(job) = &self.job {
                let p = &job.progress;
                let current = p
                    .current
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ui.add(
                    egui::ProgressBar::new(p.fraction())
                        .show_percentage()
                        .text(format!("{}: {current}", job.label)),
                );
            } else {
                ui.label("Drop files or folders to import them into this workspace.");
            }
        });
    }

    /// Restores the remembered preferences from eframe's storage.
    pub fn with_storage(mut self, storage: Option<&dyn eframe::Storage>) -> Self {
        if let Some(prefs) = storage.and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY)) {
            self.prefs = prefs;
        }
        if let Some(author) = self.author_name() {
            self.session.set_author(author);
        }
        self
    }

    /// What the window remembers between runs.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The open workspace (read access for tests and benchmarks).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The id of the selected record.
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Which view the centre shows.
    pub fn view(&self) -> CentreView {
        self.view
    }

    /// Switches the centre between the record and its trace.
    pub fn set_view(&mut self, view: CentreView) {
        self.view = view;
    }

    /// Sends a command; it is applied at the end of the frame.
    pub fn send(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Applies every pending command through the session, in order. Errors become toasts that
    /// say what went wrong; the command that failed changed nothing.
    pub fn apply_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        for command in std::mem::take(&mut self.pending) {
            let created = match &command {
                Command::Create { kind, .. } => Some(*kind),
                _ => None,
            };
            if let Command::StartReview { checklist_id, .. } = &command {
                self.prefs.last_checklist = Some(checklist_id.clone());
            }
            match self.session.apply(command) {
                Ok(outcome) => {
                    if let Some(message) = outcome.message {
                        self.notify(Notice::Info, message);
                    }
                    if let Some(id) = outcome.select {
                        self.select(Some(id));
                        // A new record opens with its title taking what is typed.
                        if let Some(kind) = created {
                            self.detail.focus_title(kind);
                        }
                    }
                }
                Err(e) => self.notify(Notice::Error, e.to_string()),
            }
        }
        if let Some(id) = &self.selected
            && self.session.store().kind_of(id).ok().flatten().is_none()
        {
            self.selected = None;
        }
    }

    /// Shows a toast. The icons are plain characters the default fonts have.
    pub fn notify(&mut self, notice: Notice, message: impl Into<String>) {
        let (icon, color) = match notice {
            Notice::Info => ("i", egui::Color32::from_rgb(80, 140, 220)),
            Notice::Warning => ("!", egui::Color32::from_rgb(220, 160, 40)),
            Notice::Error => ("×", egui::Color32::from_rgb(220, 70, 60)),
        };
        let duration = match notice {
            Notice::Error => std::time::Duration::from_secs(8),
            _ => std::time::Duration::from_secs(4),
        };
        self.toasts
            .basic(message.into())
            .level(egui_notify::ToastLevel::Custom(icon.into(), color))
            .closable(false)
            .duration(Some(duration));
    }

    /// Selects a record (or nothing), switching the navigation to its kind.
    pub fn select(&mut self, id: Option<String>) {
        self.flush_all();
        if let Some(id) = &id
            && let Ok(Some(kind)) = self.session.store().kind_of(id)
        {
            self.prefs.kind = kind;
            if !matches!(kind, Kind::Decision | Kind::Incident) {
                self.view = CentreView::Record;
            }
        }
        self.selected = id;
        self.detail.reset();
    }

    /// Sends every buffered edit now (on selection change, undo and exit).
    pub fn flush_all(&mut self) {
        let commands = self.buffers.flush_all();
        self.pending.extend(commands);
    }

    pub fn run_action(&mut self, ctx: &egui::Context, action: UiAction) {
        match action {
            UiAction::OpenWorkspace => self.choose_path(ctx, files::Purpose::OpenWorkspace),
            UiAction::NewWorkspace => self.choose_path(ctx, files::Purpose::NewWorkspace),
            UiAction::ImportFiles => self.choose_path(ctx, files::Purpose::ImportFiles),
            UiAction::ImportFolder => self.choose_path(ctx, files::Purpose::ImportFolder),
            UiAction::ExportTree | UiAction::ExportAdrTools => self.choose_path(
                ctx,
                files::Purpose::Export {
                    adr_tools: action == UiAction::ExportAdrTools,
                },
            ),
            UiAction::WriteReport => self.ask_for_report(ctx, None),
            UiAction::WriteBack => self.start_write_back(ctx),
            UiAction::Sync => self.start_sync(ctx, None),
            UiAction::YourName => {
                self.team.naming = Some(self.author_name().unwrap_or_default());
            }
            UiAction::Stakeholder => self.toggle_stakeholder_mode(),
            UiAction::Palette => self.palette.open(),
            UiAction::NewRecord => self.create(self.prefs.kind),
            UiAction::NewDecision => self.create(Kind::Decision),
            UiAction::NewIncident => self.create(Kind::Incident),
            UiAction::Duplicate => {
                if let Some(id) = self.selected.clone() {
                    self.send(Command::Duplicate { id });
                }
            }
            UiAction::Delete => {
                if let Some(id) = self.selected.clone()
                    && let Ok(record) = self.session.record(&id)
                {
                    self.overlays.confirm_delete = Some(overlays::PendingDelete {
                        id,
                        kind: record.kind(),
                        title: record.title().to_string(),
                    });
                }
            }
            UiAction::Undo => {
                self.flush_all();
                self.send(Command::Undo);
            }
            UiAction::Redo => {
                self.flush_all();
                self.send(Command::Redo);
            }
            UiAction::ToggleTrace => {
                self.view = match self.view {
                    CentreView::Record => CentreView::Trace,
                    CentreView::Trace => CentreView::Record,
                }
            }
            UiAction::History => self.overlays.history_for = self.selected.clone(),
            UiAction::FocusFilter => self.list.focus_filter = true,
            UiAction::ToggleTheme => {
                let dark = !ctx.global_style().visuals.dark_mode;
                self.prefs.dark = Some(dark);
                apply_theme(ctx, self.prefs.dark);
            }
            UiAction::Help => self.overlays.help = !self.overlays.help,
        }
    }

    /// Switches the window to the workspace file at `path` (the file dialogs and the recent
    /// list end here; tests call it directly). The current workspace keeps everything typed.
    pub fn open_workspace(&mut self, path: &Path) {
        self.flush_all();
        self.apply_pending();
        if !path.exists() {
            self.notify(
                Notice::Error,
                format!(
                    "{}: no such file; use New workspace… to create one",
                    path.display()
                ),
            );
            return;
        }
        match Store::open(path).and_then(Session::new) {
            Ok(session) => self.switch_to(session, path),
            Err(e) => self.notify(Notice::Error, e.to_string()),
        }
    }

    /// Creates an empty workspace at `path` (with the checklist templates) and switches to it.
    pub fn new_workspace(&mut self, path: &Path) {
        self.flush_all();
        self.apply_pending();
        if path.exists() {
            self.notify(
                Notice::Error,
                format!(
                    "{}: already exists; open it with Open workspace…",
                    path.display()
                ),
            );
            return;
        }
        let opened = Store::open(path)
            .map_err(|e| e.to_string())
            .and_then(|mut store| {
                crate::demo::load_checklists(&mut store).map_err(|e| e.to_string())?;
                Session::new(store).map_err(|e| e.to_string())
            });
        match opened {
            Ok(session) => self.switch_to(session, path),
            Err(e) => self.notify(Notice::Error, e),
        }
    }

    fn switch_to(&mut self, session: Session, path: &Path) {
        self.session = session;
        self.selected = None;
        self.view = CentreView::Record;
        self.list = list::ListState::default();
        self.detail = detail::DetailState::default();
        self.overlays = overlays::Overlays::default();
        self.buffers = Buffers::default();
        self.workspace_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "workspace".into());
        self.prefs.remember(path);
        self.notify(Notice::Info, format!("Opened {}", path.display()));
    }

    /// The workspaces opened most recently, newest first.
    pub fn recent(&self) -> &[String] {
        &self.prefs.recent
    }

    /// A new record of `kind`; trade-offs and reviews go to the selected decision.
    pub fn create(&mut self, kind: Kind) {
        self.flush_all();
        let parent_id = match kind {
            Kind::TradeOff | Kind::Review => {
                let decision = self.selected_decision();
                if decision.is_none() {
                    self.notify(
                        Notice::Warning,
                        "Select a decision first: a trade-off or review belongs to one.",
                    );
                    return;
                }
                decision
            }
            Kind::Action => self.selected.clone().filter(|id| {
                matches!(
                    self.session.store().kind_of(id),
                    Ok(Some(Kind::Incident | Kind::Review))
                )
            }),
            _ => None,
        };
        self.view = CentreView::Record;
        self.send(Command::Create { kind, parent_id });
    }

    fn selected_decision(&self) -> Option<String> {
        let id = self.selected.as_ref()?;
        match self.session.store().get_any(id).ok()? {
            crate::domain::AnyRecord::Decision(d) => Some(d.id),
            crate::domain::AnyRecord::TradeOff(t) => Some(t.decision_id),
            crate::domain::AnyRecord::Review(r) => Some(r.decision_id),
            _ => None,
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        for action in UiAction::by_specificity() {
            // Stakeholder mode is read-only: only what does not change the workspace.
            let allowed = matches!(
                action,
                UiAction::Stakeholder
                    | UiAction::WriteReport
                    | UiAction::ToggleTheme
                    | UiAction::Help
            );
            if self.stakeholder.is_some() && !allowed {
                continue;
            }
            let Some(shortcut) = action.shortcut() else {
                continue;
            };
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.run_action(ctx, action);
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Workspace", |ui| {
                for action in [
                    UiAction::OpenWorkspace,
                    UiAction::NewWorkspace,
                    UiAction::NewDecision,
                    UiAction::NewIncident,
                    UiAction::Palette,
                ] {
                    self.menu_item(ui, action);
                }
                ui.separator();
                for action in [
                    UiAction::ImportFiles,
                    UiAction::ImportFolder,
                    UiAction::ExportTree,
                    UiAction::ExportAdrTools,
                    UiAction::WriteReport,
                ] {
                    self.menu_item(ui, action);
                }
                ui.separator();
                for action in [UiAction::Sync, UiAction::WriteBack, UiAction::YourName] {
                    self.menu_item(ui, action);
                }
                if self.import_report.is_some() && ui.button("Last import report").clicked() {
                    self.show_import_report = true;
                    ui.close();
                }
                let recent = self.prefs.recent.clone();
                if !recent.is_empty() {
                    ui.separator();
                    ui.weak("Recent");
                    for path in recent {
                        if ui.button(&path).clicked() {
                            self.open_workspace(Path::new(&path));
                            ui.close();
                        }
                    }
                }
            });
            ui.menu_button("Edit", |ui| {
                for action in [
                    UiAction::Undo,
                    UiAction::Redo,
                    UiAction::NewRecord,
                    UiAction::Duplicate,
                    UiAction::Delete,
                    UiAction::History,
                ] {
                    self.menu_item(ui, action);
                }
            });
            ui.menu_button("View", |ui| {
                for action in [
                    UiAction::Stakeholder,
                    UiAction::ToggleTrace,
                    UiAction::FocusFilter,
                    UiAction::ToggleTheme,
                ] {
                    self.menu_item(ui, action);
                }
                ui.checkbox(&mut self.prefs.show_preview, "Markdown preview");
            });
            ui.menu_button("Help", |ui| self.menu_item(ui, UiAction::Help));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak(format!("Workspace: {}", self.workspace_name));
                if ui
                    .button("Search  Ctrl+K")
                    .on_hover_text("Search every record and command")
                    .clicked()
                {
                    self.palette.open();
                }
            });
        });
    }

    fn menu_item(&mut self, ui: &mut egui::Ui, action: UiAction) {
        let shortcut = action.shortcut_text(ui.ctx());
        if ui
            .add(egui::Button::new(action.name()).shortcut_text(shortcut))
            .clicked()
        {
            let ctx = ui.ctx().clone();
            self.run_action(&ctx, action);
            ui.close();
        }
    }
}

pub(crate) fn apply_theme(ctx: &egui::Context, dark: Option<bool>) {
    ctx.set_theme(match dark {
        None => egui::ThemePreference::System,
        Some(true) => egui::ThemePreference::Dark,
        Some(false) => egui::ThemePreference::Light,
    });
}

impl eframe::App for HindsightApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let now = ctx.input(|i| i.time);
        let due = self.buffers.flush_due(now);
        self.pending.extend(due);
        if self.buffers.has_pending() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        self.poll_job();
        if ctx.input(|i| i.viewport().close_requested()) {
            self.flush_all();
        }
        self.apply_pending();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        self.start_import(&ctx, dropped);
        if self.stakeholder.is_some() {
            self.job_bar(ui);
            if !stakeholder::ui(self, ui) {
                self.stakeholder = None;
            }
            overlays::ui(self, &ctx);
            self.toasts.show(&ctx);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        self.job_bar(ui);
        self.written_ui(ui);
        nav::ui(self, ui);
        list::ui(self, ui);
        egui::CentralPanel::default().show(ui, |ui| match self.view {
            CentreView::Trace => trace::ui(self, ui),
            CentreView::Record => detail::ui(self, ui),
        });
        palette::ui(self, &ctx);
        overlays::ui(self, &ctx);
        self.name_window(&ctx);
        self.prompt_ui(&ctx);
        if let Some(report) = &self.import_report {
            jobs::report_ui(&ctx, report, &mut self.show_import_report);
        }
        self.toasts.show(&ctx);
        // Commands sent while drawing take effect before the next frame is drawn.
        if !self.pending.is_empty() {
            self.apply_pending();
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.flush_all();
        self.apply_pending();
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_all();
        self.apply_pending();
    }
}

/// Opens the window on the workspace at `path` (created with the demo if missing).
pub fn run(path: &Path) -> anyhow::Result<()> {
    let store = crate::cli::open_workspace(path)?;
    let session = Session::new(store)?;
    let path = path.to_path_buf();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Hindsight")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Hindsight",
        options,
        Box::new(move |cc| {
            let mut app = HindsightApp::new(session, &path).with_storage(cc.storage);
            app.prefs.remember(&path);
            apply_theme(&cc.egui_ctx, app.prefs.dark);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window ({e}); without a display, use the commands (hindsight --help)"
        )
    })
}
