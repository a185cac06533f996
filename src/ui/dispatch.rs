//! What the window does: a user action (menu, shortcut, palette), a view's request, a command
//! applied through the session. One place, so a shortcut and a menu item cannot disagree.

use super::overlays::PendingDelete;
use super::stakeholder::Presentation;
use super::view::Request;
use super::{CentreView, HindsightApp, Notice, UiAction, apply_theme, files};
use crate::domain::{AnyRecord, Kind};
use crate::session::Command;

impl HindsightApp {
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
            UiAction::PublishSite => self.choose_path(ctx, files::Purpose::Publish),
            UiAction::WriteBack => self.start_write_back(ctx),
            UiAction::Sync => self.start_sync(ctx, None),
            UiAction::YourName => {
                self.team.naming = Some(self.author_name().unwrap_or_default());
            }
            UiAction::Backups => {
                self.flush_all();
                self.apply_pending();
                self.backups.show();
            }
            UiAction::Stakeholder => self.toggle_stakeholder_mode(),
            UiAction::Palette => self.palette.open(),
            UiAction::NewRecord => self.create(self.prefs.kind),
            UiAction::NewDecision => self.create(Kind::Decision),
            UiAction::NewIncident => self.create(Kind::Incident),
            UiAction::Duplicate => {
                if let Some(id) = self.selected.clone() {
                    self.flush_all();
                    self.send(Command::Duplicate { id });
                }
            }
            UiAction::Delete => {
                if let Some(id) = self.selected.clone()
                    && let Ok(record) = self.session.record(&id)
                {
                    self.overlays.confirm_delete = Some(PendingDelete {
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
                    CentreView::Record | CentreView::Insights => CentreView::Trace,
                    CentreView::Trace => CentreView::Record,
                }
            }
            UiAction::Insights => {
                self.flush_all();
                self.view = match self.view {
                    CentreView::Insights => CentreView::Record,
                    _ => CentreView::Insights,
                };
            }
            UiAction::TogglePanels => {
                let width = ctx.content_rect().width();
                self.prefs.show_kinds = Some(!self.prefs.kinds_shown(width));
            }
            UiAction::History => self.history.open(self.selected.clone()),
            UiAction::FocusFilter => self.list.focus_filter = true,
            UiAction::ToggleTheme => {
                let dark = !ctx.global_style().visuals.dark_mode;
                self.prefs.dark = Some(dark);
                apply_theme(ctx, self.prefs.dark);
            }
            UiAction::Help => self.overlays.help = !self.overlays.help,
        }
    }

    /// Carries out what the views asked for while drawing.
    pub(super) fn handle_requests(&mut self, ctx: &egui::Context) {
        for request in std::mem::take(&mut self.requests) {
            match request {
                Request::Select(id) => self.select(id),
                Request::Browse(kind) => {
                    self.flush_all();
                    self.prefs.kind = kind;
                    self.list.reset_filters();
                }
                Request::Create(kind) => self.create(kind),
                Request::Run(action) => self.run_action(ctx, action),
                Request::Centre(view) => self.view = view,
                Request::Report(decision) => self.ask_for_report(ctx, decision),
                Request::Notify(notice, message) => self.notify(notice, message),
            }
        }
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

    /// Shows a toast, bottom right, clear of the header's buttons. The icons are plain
    /// characters the default fonts have.
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

    /// Selects a record (or nothing), switching the navigation to its kind and clearing a
    /// list filter that would hide it.
    pub fn select(&mut self, id: Option<String>) {
        self.flush_all();
        if let Some(id) = &id
            && let Ok(Some(kind)) = self.session.store().kind_of(id)
        {
            if self.prefs.kind != kind {
                self.list.reset_filters();
            }
            self.prefs.kind = kind;
            self.list.reveal(&self.session, kind, id);
            if !matches!(kind, Kind::Decision | Kind::Incident) || self.view == CentreView::Insights
            {
                self.view = CentreView::Record;
            }
        }
        if let Some(id) = &id
            && let Err(e) = self.session.mark_seen(id)
        {
            self.notify(
                Notice::Error,
                format!("The mark “new from the team” stays: {e}"),
            );
        }
        self.selected = id;
        self.detail.reset();
    }

    /// Sends every buffered edit now (on selection change, undo and exit).
    pub fn flush_all(&mut self) {
        let commands = self.buffers.flush_all();
        self.pending.extend(commands);
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
            AnyRecord::Decision(d) => Some(d.id),
            AnyRecord::TradeOff(t) => Some(t.decision_id),
            AnyRecord::Review(r) => Some(r.decision_id),
            _ => None,
        }
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
            Some(id) => self.stakeholder = Some(Presentation::new(id)),
            None => self.notify(
                Notice::Info,
                "Stakeholder mode shows decisions; this workspace has none yet.",
            ),
        }
    }

    /// The shortcuts of every action, most specific first.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
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
}
