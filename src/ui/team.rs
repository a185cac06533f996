//! Working as a team in the window: Sync (Ctrl+Shift+S) and Write back run off the UI thread;
//! a record a sync found changed on both sides shows both values side by side with a choice;
//! the name revisions and commits are made under is set once (Workspace → Your name…).

use std::path::PathBuf;

use super::{HindsightApp, Notice, jobs};
use crate::session::Command;
use crate::store::Conflict;

/// The window's part of team work: the name being typed.
#[derive(Default)]
pub struct TeamState {
    /// The "Your name" window, with what is typed in it, while it is open.
    pub naming: Option<String>,
}

impl HindsightApp {
    /// Syncs with the team's repository; the first time, asks which folder (a repository's
    /// `docs/adr`, say).
    pub fn start_sync(&mut self, ctx: &egui::Context, folder: Option<PathBuf>) {
        let bound = self
            .session
            .store()
            .meta("sync_folder")
            .ok()
            .flatten()
            .is_some();
        let folder = match folder {
            Some(folder) => Some(folder),
            None if bound => None,
            None => {
                self.choose_path(ctx, super::files::Purpose::SyncFolder);
                return;
            }
        };
        let author = self.author_name();
        self.start_job(ctx, jobs::JobRequest::Sync { folder, author });
    }

    /// Writes the records back into the files they came from, off the UI thread.
    pub fn start_write_back(&mut self, ctx: &egui::Context) {
        self.start_job(ctx, jobs::JobRequest::WriteBack);
    }

    /// The name set in the window, else git's `user.name`.
    pub(crate) fn author_name(&self) -> Option<String> {
        self.prefs
            .author
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(crate::sync::author)
    }

    /// Shows what a sync or a write-back did.
    pub(crate) fn team_job_done(&mut self, result: jobs::JobResult) {
        if let Err(e) = self.session.refresh_all() {
            self.notify(Notice::Error, e.to_string());
        }
        match result {
            jobs::JobResult::Synced(report) => {
                for file in &report.not_written {
                    self.notify(
                        Notice::Error,
                        format!("NOT WRITTEN {}: {}.", file.path.display(), file.reason),
                    );
                }
                let conflicts = report.conflicts.len();
                let notice = if conflicts > 0 {
                    Notice::Warning
                } else {
                    Notice::Info
                };
                let mut text = format!(
                    "Synced {}: {} files committed, {} pulled{}.",
                    report.folder.display(),
                    report.committed,
                    report.pulled,
                    if report.pushed { ", pushed" } else { "" }
                );
                if conflicts > 0 {
                    text.push_str(&format!(
                        " {conflicts} changes clash: open the records marked “Changed on both sides”."
                    ));
                }
                self.notify(notice, text);
            }
            jobs::JobResult::WroteBack(report) => {
                let mut text = format!(
                    "Wrote back: {} files written, {} created, {} unchanged, {} left alone.",
                    report.written.len(),
                    report.created.len(),
                    report.unchanged,
                    report.left_alone.len()
                );
                for file in &report.not_written {
                    text.push_str(&format!(
                        " NOT WRITTEN {}: {}.",
                        file.path.display(),
                        file.reason
                    ));
                }
                self.notify(
                    if !report.not_written.is_empty() {
                        Notice::Error
                    } else if report.left_alone.is_empty() {
                        Notice::Info
                    } else {
                        Notice::Warning
                    },
                    text,
                );
            }
            _ => {}
        }
    }

    /// The "Your name" window.
    pub(crate) fn name_window(&mut self, ctx: &egui::Context) {
        let Some(mut name) = self.team.naming.take() else {
            return;
        };
        let mut open = true;
        let mut done = false;
        egui::Window::new("Your name")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label("Your changes, in history and in the team's commits, carry this name.");
                let label = ui.label("Name on your changes");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut name).hint_text("Grace Kim"))
                    .labelled_by(label.id);
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    done = true;
                }
                if ui.button("Save name").clicked() {
                    done = true;
                }
            });
        if done {
            let name = name.trim().to_string();
            self.prefs.author = (!name.is_empty()).then(|| name.clone());
            if let Some(author) = self.author_name() {
                self.session.set_author(author);
            }
            self.notify(
                Notice::Info,
                format!("Your changes now carry the name {name}."),
            );
        } else if open {
            self.team.naming = Some(name);
        }
    }
}

/// "Changed on both sides": each field with both values and a choice.
pub(crate) fn conflicts_ui(ui: &mut egui::Ui, conflicts: &[&Conflict], pending: &mut Vec<Command>) {
    if conflicts.is_empty() {
        return;
    }
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, ui.visuals().warn_fg_color))
        .show(ui, |ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                egui::RichText::new("Changed on both sides").strong(),
            );
            ui.label(
                "Someone else changed these fields too (a teammate, through sync, or another \
                 window on this workspace). Keep one value.",
            );
            for c in conflicts {
                ui.separator();
                ui.strong(c.field.replace('_', " "));
                egui::Grid::new(("conflict", &c.id, &c.field))
                    .num_columns(3)
                    .show(ui, |ui| {
                        ui.label("Yours");
                        ui.label(shown(&c.mine));
                        if ui.button(format!("Keep mine ({})", c.field)).clicked() {
                            pending.push(Command::Resolve {
                                id: c.id.clone(),
                                field: c.field.clone(),
                                theirs: false,
                            });
                        }
                        ui.end_row();
                        ui.label("Theirs");
                        ui.label(shown(&c.theirs));
                        if ui.button(format!("Take theirs ({})", c.field)).clicked() {
                            pending.push(Command::Resolve {
                                id: c.id.clone(),
                                field: c.field.clone(),
                                theirs: true,
                            });
                        }
                        ui.end_row();
                    });
            }
        });
    ui.add_space(8.0);
}

/// A value as a person reads it: text without quotes, lists joined.
fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => "(empty)".into(),
        other => other.to_string(),
    }
}
