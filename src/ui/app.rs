//! The window's state and its frame: which record is selected, which views are open, the
//! commands and requests the views sent this frame; and the order the panels are drawn in.

use std::path::Path;

use egui_notify::Toasts;

use super::backups::BackupsView;
use super::detail::DetailView;
use super::fields::Buffers;
use super::history::HistoryView;
use super::insights::InsightsView;
use super::list::ListView;
use super::overlays::Overlays;
use super::palette::Palette;
use super::stakeholder::Presentation;
use super::trace::TraceView;
use super::view::{Request, ViewCtx};
use super::{CentreView, PREFS_KEY, Prefs, files, jobs, nav, team};
use crate::session::{Command, Session};

pub struct HindsightApp {
    pub(super) session: Session,
    pub(super) prefs: Prefs,
    pub(super) selected: Option<String>,
    pub(super) view: CentreView,
    pub(super) buffers: Buffers,
    /// Commands the views sent this frame, applied after drawing.
    pub(super) pending: Vec<Command>,
    /// What the views asked of the window this frame.
    pub(super) requests: Vec<Request>,
    pub(super) list: ListView,
    pub(super) detail: DetailView,
    pub(super) trace: TraceView,
    pub(super) palette: Palette,
    pub(super) overlays: Overlays,
    pub(super) history: HistoryView,
    pub(super) insights: InsightsView,
    pub(super) backups: BackupsView,
    /// When the window last asked whether another process changed the workspace.
    pub(super) looked_outside: Option<std::time::Instant>,
    /// Stakeholder mode, while it is on.
    pub(super) stakeholder: Option<Presentation>,
    pub(super) toasts: Toasts,
    pub(super) workspace_name: String,
    /// The import or export running off the UI thread, if any.
    pub(super) job: Option<jobs::Job>,
    /// What the last import did, file by file.
    pub(super) import_report: Option<crate::interop::ImportReport>,
    pub(super) show_import_report: bool,
    /// Sync, write back, the name changes carry.
    pub(super) team: team::TeamState,
    /// The last folder, the path field when no dialog appears, the last file written.
    pub(super) files: files::FilesState,
    /// What became of the path the window was launched on, while its bar shows.
    pub(super) arrival: Option<crate::workspace::Arrival>,
    /// When the process started, while the first frame is not drawn yet and its time is asked.
    first_frame: Option<std::time::Instant>,
}

pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workspace".into())
}

impl HindsightApp {
    pub fn new(session: Session, workspace: &Path) -> Self {
        HindsightApp {
            session,
            prefs: Prefs::default(),
            selected: None,
            view: CentreView::Record,
            buffers: Buffers::default(),
            pending: Vec::new(),
            requests: Vec::new(),
            list: ListView::default(),
            detail: DetailView::default(),
            trace: TraceView::default(),
            palette: Palette::default(),
            overlays: Overlays::default(),
            history: HistoryView::default(),
            insights: InsightsView::default(),
            backups: BackupsView::default(),
            looked_outside: None,
            stakeholder: None,
            // Bottom right: clear of the header and its buttons, above the status bar.
            toasts: Toasts::default()
                .with_anchor(egui_notify::Anchor::BottomRight)
                .with_margin(egui::vec2(12.0, 36.0)),
            workspace_name: file_name(workspace),
            job: None,
            import_report: None,
            show_import_report: false,
            team: team::TeamState {
                check_ignore: true,
                ..Default::default()
            },
            files: files::FilesState::default(),
            arrival: None,
            first_frame: None,
        }
    }

    /// Prints to stderr how long after `started` the first frame is drawn.
    pub fn time_first_frame(&mut self, started: std::time::Instant) {
        self.first_frame = Some(started);
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

    /// Puts the workspace at `path` first in the recent list.
    pub fn remember_workspace(&mut self, path: &Path) {
        self.prefs.remember(path);
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

    /// The workspaces opened most recently, newest first.
    pub fn recent(&self) -> &[String] {
        &self.prefs.recent
    }

    /// Whether stakeholder mode is on.
    pub fn is_presenting(&self) -> bool {
        self.stakeholder.is_some()
    }

    /// The decision stakeholder mode shows.
    pub fn presented_decision(&self) -> Option<&str> {
        self.stakeholder.as_ref().map(|p| p.decision_id.as_str())
    }

    /// Whether the keyboard shortcuts are shown.
    pub fn is_showing_help(&self) -> bool {
        self.overlays.help
    }

    /// The filter typed above the list.
    pub fn list_filter(&self) -> &str {
        &self.list.filter
    }

    /// Sends a command; it is applied at the end of the frame.
    pub fn send(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Everything the views draw: the panels, left to right, and what floats over them.
    fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let HindsightApp {
            session,
            prefs,
            selected,
            view,
            buffers,
            pending,
            requests,
            list,
            detail,
            trace,
            palette,
            overlays,
            history,
            backups,
            insights,
            ..
        } = self;
        let mut cx = ViewCtx::new(
            session,
            prefs,
            selected.as_deref(),
            buffers,
            pending,
            requests,
        );
        cx.view = Some(*view);
        if cx.session.store().is_read_only() {
            read_only_banner(ui);
        }
        nav::ui(&mut cx, ui);
        list.ui(&mut cx, ui);
        egui::CentralPanel::default().show(ui, |ui| match view {
            CentreView::Trace => trace.ui(&mut cx, ui),
            CentreView::Record => detail.ui(&mut cx, ui),
            CentreView::Insights => insights.ui(&mut cx, ui),
        });
        palette.ui(&mut cx, &ctx);
        overlays.ui(&mut cx, &ctx);
        history.ui(&mut cx, &ctx);
        backups.ui(&mut cx, &ctx);
    }

    /// Stakeholder mode over the whole window; false when it was left.
    fn present(&mut self, ui: &mut egui::Ui) -> bool {
        let HindsightApp {
            session,
            prefs,
            selected,
            buffers,
            pending,
            requests,
            stakeholder,
            overlays,
            ..
        } = self;
        let Some(presentation) = stakeholder else {
            return false;
        };
        let mut cx = ViewCtx::new(
            session,
            prefs,
            selected.as_deref(),
            buffers,
            pending,
            requests,
        );
        let on = presentation.ui(&mut cx, ui);
        overlays.ui(&mut cx, ui.ctx());
        on
    }
}

/// The workspace cannot be written here: said once, above everything, calmly.
fn read_only_banner(ui: &mut egui::Ui) {
    egui::Panel::top("read-only").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                egui::RichText::new("Read-only").strong(),
            );
            ui.label(
                "This workspace cannot be written here (its file or folder is read-only): you can \
                 read, search, trace and write reports; changes are not saved.",
            );
        });
    });
}

/// How often the window asks whether another window or command changed the workspace.
const LOOK_OUTSIDE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl HindsightApp {
    /// Reads the workspace again when another process committed to it: every two seconds, and
    /// as soon as the window gets the focus back.
    fn look_outside(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        let due = self
            .looked_outside
            .is_none_or(|at| at.elapsed() >= LOOK_OUTSIDE_EVERY);
        if !(focused || due) {
            ctx.request_repaint_after(LOOK_OUTSIDE_EVERY);
            return;
        }
        self.looked_outside = Some(std::time::Instant::now());
        match self.session.refresh_if_changed_elsewhere() {
            Ok(true) => ctx.request_repaint(),
            Ok(false) => {}
            Err(e) => self.notify(super::Notice::Error, e.to_string()),
        }
        ctx.request_repaint_after(LOOK_OUTSIDE_EVERY);
    }
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
        self.look_at_git_ignore(ctx);
        self.look_outside(ctx);
        if ctx.input(|i| i.viewport().close_requested()) {
            self.flush_all();
        }
        self.apply_pending();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        self.start_import(&ctx, dropped);
        if self.stakeholder.is_some() {
            self.job_bar(ui);
            if !self.present(ui) {
                self.stakeholder = None;
            }
        } else {
            egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
            self.arrival_ui(ui);
            self.unignored_ui(ui);
            self.job_bar(ui);
            self.written_ui(ui);
            self.last_read_ui(ui);
            self.draw(ui);
            self.name_window(&ctx);
            self.arrived_window(&ctx);
            self.prompt_ui(&ctx);
            if let Some(report) = &self.import_report {
                jobs::report_ui(&ctx, report, &mut self.show_import_report);
            }
        }
        self.toasts.show(&ctx);
        if let Some(started) = self.first_frame.take() {
            eprintln!(
                "hindsight: first frame drawn {} ms after start",
                started.elapsed().as_millis()
            );
        }
        // What the views sent or asked while drawing takes effect before the next frame.
        let asked = !self.requests.is_empty() || !self.pending.is_empty();
        self.handle_requests(&ctx);
        self.apply_pending();
        if asked {
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
