//! Windows over the workbench: the keyboard shortcuts (F1, closed again by F1 or Escape) and
//! the delete confirmation.

use super::UiAction;
use super::view::ViewCtx;
use crate::session::Command;

#[derive(Default)]
pub struct Overlays {
    pub help: bool,
    pub confirm_delete: Option<PendingDelete>,
}

/// The record the delete confirmation asks about.
pub struct PendingDelete {
    pub id: String,
    pub kind: crate::domain::Kind,
    pub title: String,
}

/// Keys that work in one place of the window, beside the actions' own shortcuts.
const PLACE_KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Walking a review",
        &[
            ("O / R / N", "Answer ok, risk, not applicable"),
            ("J / K, Down / Up", "Next and previous item"),
            ("Enter", "Write a note on the answer (Esc leaves it)"),
            ("A", "Turn the risk into an action item"),
            ("L", "Link the lesson or incident it was seen in"),
        ],
    ),
    (
        "Search, lists and pickers",
        &[
            ("Up / Down", "Move"),
            ("Enter", "Open or pick"),
            ("Esc", "Close"),
        ],
    ),
    (
        "The trace",
        &[("Drag", "Move the diagram"), ("Ctrl + scroll", "Zoom")],
    ),
];

impl Overlays {
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ctx: &egui::Context) {
        self.help_ui(ctx);
        self.confirm_delete_ui(cx, ctx);
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        if !self.help {
            return;
        }
        let mut open = true;
        let centre = ctx.content_rect().center();
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(centre)
            .show(ctx, |ui| {
                // The actions on the left, the keys of each place on the right: all at once.
                ui.horizontal_top(|ui| {
                    egui::Grid::new("shortcuts")
                        .num_columns(2)
                        .spacing([20.0, 4.0])
                        .show(ui, |ui| {
                            for action in UiAction::ALL {
                                let keys = action.shortcut_text(ctx);
                                if !keys.is_empty() {
                                    ui.label(action.name());
                                    ui.monospace(keys);
                                    ui.end_row();
                                }
                            }
                        });
                    ui.add_space(28.0);
                    egui::Grid::new("place-keys")
                        .num_columns(2)
                        .spacing([20.0, 4.0])
                        .show(ui, |ui| {
                            for (n, (place, keys)) in PLACE_KEYS.iter().enumerate() {
                                if n > 0 {
                                    ui.end_row();
                                }
                                ui.strong(*place);
                                ui.end_row();
                                for (key, what) in *keys {
                                    ui.label(*what);
                                    ui.monospace(*key);
                                    ui.end_row();
                                }
                            }
                        });
                });
                ui.separator();
                ui.weak(format!(
                    "Every edit is saved as you type; {} undoes across records. Esc closes this.",
                    UiAction::Undo.shortcut_text(ctx)
                ));
            });
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        if !open || escape {
            self.help = false;
        }
    }

    fn confirm_delete_ui(&mut self, cx: &mut ViewCtx<'_>, ctx: &egui::Context) {
        let Some(pending) = self.confirm_delete.as_ref() else {
            return;
        };
        let (id, kind, title) = (pending.id.clone(), pending.kind, pending.title.clone());
        let mut decision = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(format!("Delete this {}?", kind.label().to_lowercase()));
            ui.label(format!("“{title}”"));
            ui.label(format!(
                "Its links, and the trade-offs, reviews or action items that belong to it, go with it. {} brings everything back.",
                UiAction::Undo.shortcut_text(ctx)
            ));
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
                self.confirm_delete = None;
                cx.flush();
                cx.send(Command::Delete { id });
            }
            Some(false) => self.confirm_delete = None,
            None => {}
        }
    }
}
