//! Windows over the workbench: keyboard shortcuts (F1), the delete confirmation, and a
//! record's history with restore.

use super::{HindsightApp, UiAction};
use crate::session::Command;

#[derive(Default)]
pub struct Overlays {
    pub help: bool,
    pub confirm_delete: Option<PendingDelete>,
    pub history_for: Option<String>,
    /// The revisions shown, read once per (record, generation).
    history: Option<(String, u64, Vec<crate::domain::Revision>)>,
    pub trace: super::trace::TraceState,
}

/// The record the delete confirmation asks about.
pub struct PendingDelete {
    pub id: String,
    pub kind: crate::domain::Kind,
    pub title: String,
}

pub fn ui(app: &mut HindsightApp, ctx: &egui::Context) {
    help_ui(app, ctx);
    confirm_delete_ui(app, ctx);
    history_ui(app, ctx);
}

fn help_ui(app: &mut HindsightApp, ctx: &egui::Context) {
    let mut open = app.overlays.help;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for action in UiAction::ALL {
                        ui.label(action.name());
                        ui.monospace(action.shortcut_text(ctx));
                        ui.end_row();
                    }
                    ui.label("Move in the palette and lists");
                    ui.monospace("Up, Down, Enter, Esc");
                    ui.end_row();
                });
            ui.separator();
            ui.weak("Every edit is saved as you type; Ctrl+Z undoes across records.");
        });
    app.overlays.help = open;
}

fn confirm_delete_ui(app: &mut HindsightApp, ctx: &egui::Context) {
    let Some(pending) = app.overlays.confirm_delete.as_ref() else {
        return;
    };
    let (id, kind, title) = (pending.id.clone(), pending.kind, pending.title.clone());
    let mut decision = None;
    let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading(format!("Delete this {}?", kind.label().to_lowercase()));
        ui.label(format!("“{title}”"));
        ui.label("Its links, and the trade-offs, reviews or action items that belong to it, go with it. Ctrl+Z brings everything back.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                decision = Some(true);
            }
            if ui.button("Cancel").clicked() {
                decision = Some(false);
            }
        });
    });
    if modal.should_close() && decision.is_none() {
        decision = Some(false);
    }
    match decision {
        Some(true) => {
            app.overlays.confirm_delete = None;
            app.flush_all();
            app.send(Command::Delete { id });
        }
        Some(false) => app.overlays.confirm_delete = None,
        None => {}
    }
}

fn history_ui(app: &mut HindsightApp, ctx: &egui::Context) {
    let Some(id) = app.overlays.history_for.clone() else {
        return;
    };
    let generation = app.session.generation();
    let fresh = matches!(&app.overlays.history, Some((i, g, _)) if *i == id && *g == generation);
    if !fresh {
        let revisions = app.session.store().history(&id).unwrap_or_default();
        app.overlays.history = Some((id.clone(), generation, revisions));
    }
    let revisions = app
        .overlays
        .history
        .as_ref()
        .map(|h| h.2.clone())
        .unwrap_or_default();
    let mut open = true;
    let mut restore = None;
    egui::Window::new("History")
        .open(&mut open)
        .default_width(480.0)
        .show(ctx, |ui| {
            if revisions.is_empty() {
                ui.weak("No changes recorded yet.");
            }
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (n, revision) in revisions.iter().enumerate() {
                        ui.horizontal(|ui| {
                            ui.label(format!(
                                "{} · {} · {}",
                                revision.at.format("%Y-%m-%d %H:%M:%S"),
                                revision.author,
                                revision.summary
                            ));
                            if n > 0 && ui.small_button("Restore this version").clicked() {
                                restore = Some(revision.id);
                            }
                        });
                    }
                });
        });
    if let Some(revision_id) = restore {
        app.flush_all();
        app.send(Command::Restore { revision_id });
    }
    if !open {
        app.overlays.history_for = None;
    }
}
