//! The menu bar: every action under Workspace, Edit, View and Help with its shortcut, the
//! recent workspaces, and the search button.

use std::path::Path;

use super::{HindsightApp, UiAction};

impl HindsightApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
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
                    UiAction::PublishSite,
                ] {
                    self.menu_item(ui, action);
                }
                ui.separator();
                for action in [
                    UiAction::Sync,
                    UiAction::WriteBack,
                    UiAction::YourName,
                    UiAction::Backups,
                ] {
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
                    UiAction::Insights,
                    UiAction::TogglePanels,
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
                let search = format!("Search  {}", UiAction::Palette.shortcut_text(ui.ctx()));
                if ui
                    .button(search)
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
