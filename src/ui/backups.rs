//! Workspace → Backups…: the workspace's automatic backups, newest first (when, why, what each
//! holds), and restoring one — after backing up what the workspace holds now, so a restore is
//! itself undone by restoring that.

use std::path::PathBuf;

use super::view::ViewCtx;
use crate::session::Command;
use crate::store::Backup;

/// The backups window, while it is open.
#[derive(Default)]
pub struct BackupsView {
    pub open: bool,
    /// Read when the window opens (a backup is a file; listing opens each one).
    listed: Option<Result<Vec<Backup>, String>>,
    /// The backup the user asked to restore, waiting for the second click.
    confirming: Option<PathBuf>,
}

impl BackupsView {
    pub fn show(&mut self) {
        self.open = true;
        self.listed = None;
        self.confirming = None;
    }

    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let store = cx.session.store();
        let listed = self
            .listed
            .get_or_insert_with(|| store.backups().map_err(|e| e.to_string()));
        let mut open = true;
        let mut restore = None;
        let centre = ctx.content_rect().center();
        egui::Window::new("Backups")
            .open(&mut open)
            .default_width(640.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(egui::pos2(centre.x, 80.0))
            .show(ctx, |ui| {
                ui.label(
                    "Made before each import, sync, upgrade and restore, and at most once an hour \
                     while you edit; the newest 20 are kept, and one a day for 30 days.",
                );
                if let Some(folder) = store.path().map(crate::store::backup_folder) {
                    ui.weak(format!("In {}", folder.display()));
                }
                ui.separator();
                match listed {
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                    }
                    Ok(backups) if backups.is_empty() => {
                        ui.weak("No backups yet.");
                    }
                    Ok(backups) => {
                        egui::ScrollArea::vertical()
                            .max_height(420.0)
                            .show(ui, |ui| {
                                for b in backups.iter() {
                                    if let Some(path) = row(ui, b, &mut self.confirming) {
                                        restore = Some(path);
                                    }
                                }
                            });
                    }
                }
            });
        if let Some(path) = restore {
            cx.flush();
            cx.send(Command::RestoreBackup { path });
            self.open = false;
        }
        if !open {
            self.open = false;
        }
    }
}

/// One backup: when, why, what it holds; Restore…, then the confirmation.
fn row(ui: &mut egui::Ui, b: &Backup, confirming: &mut Option<PathBuf>) -> Option<PathBuf> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.strong(b.at.format("%Y-%m-%d %H:%M").to_string());
        ui.label(b.reason.replace('-', " "));
        let holds: Vec<String> = b
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(kind, n)| format!("{n} {}", kind.plural()))
            .collect();
        ui.weak(if holds.is_empty() {
            "no records".to_string()
        } else {
            holds.join(", ")
        });
        if confirming.as_ref() == Some(&b.path) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Restore it? What the workspace holds now is backed up first.",
            );
            if ui.button("Restore").clicked() {
                chosen = Some(b.path.clone());
            }
            if ui.button("Cancel").clicked() {
                *confirming = None;
            }
        } else if ui
            .button("Restore…")
            .on_hover_text(b.path.display().to_string())
            .clicked()
        {
            *confirming = Some(b.path.clone());
        }
    });
    chosen
}
