//! Working as a team in the window: Sync (Ctrl+Shift+S) and Write back run off the UI thread;
//! what a sync brought from the team is said in its bar (`arrived.rs`); a record a sync found
//! changed on both sides shows both values side by side with a choice;
//! the name revisions and commits are made under is set once (Workspace → Your name…).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::{HindsightApp, Notice, jobs};
use crate::session::Command;
use crate::store::Conflict;
use crate::sync::Unignored;

/// The window's part of team work: the name being typed, what the last sync or import read.
#[derive(Default)]
pub struct TeamState {
    /// The "Your name" window, with what is typed in it, while it is open.
    pub naming: Option<String>,
    /// What the last sync or import read, in words, shown in a bar with the import report a
    /// click away until dismissed.
    pub last_read: Option<String>,
    /// Ask git, at the next frame, whether the workspace file is an untracked file of a work
    /// tree (set when a workspace opens).
    pub check_ignore: bool,
    /// Git's answer, while it is on its way (git runs off the UI thread).
    pub ignore_answer: Option<Receiver<Option<Unignored>>>,
    /// An untracked workspace file, offered to the repository's `.gitignore`.
    pub unignored: Option<Unignored>,
    /// What the last sync brought from the team (nothing: `None`), said in the bar.
    pub arrived: Option<crate::sync::Arrived>,
    /// Whether the "From the team" window, listing it, is open.
    pub show_arrived: bool,
}

/// What a sync did, in words: what it read (records by kind; created, changed, skipped), what
/// it committed and pulled.
pub fn sync_words(report: &crate::sync::SyncReport) -> String {
    let read = &report.imported;
    let mut text = format!(
        "Synced {}: read {} from {} ({} new, {} changed",
        report.folder.display(),
        read.records_words(),
        crate::report::story::count(read.files.len(), "file", "files"),
        read.records_created(),
        read.records_changed(),
    );
    if read.skipped() > 0 {
        text.push_str(&format!(
            ", {} skipped",
            crate::report::story::count(read.skipped(), "file", "files")
        ));
    }
    if read.failed() > 0 {
        text.push_str(&format!(
            ", {} could not be read",
            crate::report::story::count(read.failed(), "file", "files")
        ));
    }
    let committed = match report.committed {
        0 => "nothing to commit".to_string(),
        n => format!(
            "{} committed",
            crate::report::story::count(n, "file", "files")
        ),
    };
    let pulled = match report.pulled {
        0 => "nothing new from the team".to_string(),
        n => format!(
            "{} changed by the team",
            crate::report::story::count(n, "record", "records")
        ),
    };
    text.push_str(&format!(
        "); {committed}, {pulled}{}.",
        if report.pushed { ", pushed" } else { "" }
    ));
    text
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
                let report = *report;
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
                let mut text = sync_words(&report);
                if conflicts > 0 {
                    text.push_str(&format!(
                        " {conflicts} changes clash: open the records marked “Changed on both sides”."
                    ));
                }
                let arrived = (!report.arrived.is_empty()).then(|| report.arrived.clone());
                let toast = match arrived.as_ref().and_then(super::arrived::sentence) {
                    Some(sentence) => format!("{text} {sentence}"),
                    None => text.clone(),
                };
                self.notify(notice, toast);
                self.team.arrived = arrived;
                self.team.show_arrived = false;
                let read = report.imported;
                self.show_import_report = read.failed() > 0 || !read.warnings.is_empty();
                self.import_report = Some(read);
                self.team.last_read = Some(text);
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

    /// The bar that says what the last sync or import read, with its import report one click
    /// away.
    pub(crate) fn last_read_ui(&mut self, ui: &mut egui::Ui) {
        let Some(text) = self.team.last_read.clone() else {
            return;
        };
        egui::Panel::bottom("last-read").show(ui, |ui| {
            self.arrived_line_ui(ui);
            ui.horizontal_wrapped(|ui| {
                ui.label(text);
                if self.import_report.is_some()
                    && ui
                        .button("Show the import report")
                        .on_hover_text("Every file read, what it became, and why any was skipped")
                        .clicked()
                {
                    self.show_import_report = true;
                }
                if ui.small_button("Dismiss").clicked() {
                    self.team.last_read = None;
                    self.team.arrived = None;
                }
            });
        });
    }

    /// Asks git, off the UI thread, whether the open workspace's file is an untracked file of a
    /// work tree (unless the user said to leave this one be); then polls for the answer.
    pub(crate) fn look_at_git_ignore(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.team.check_ignore) {
            self.team.unignored = None;
            self.team.ignore_answer = None;
            let Some(path) = self.session.store().path().map(PathBuf::from) else {
                return;
            };
            if self
                .prefs
                .left_unignored
                .contains(&path.display().to_string())
            {
                return;
            }
            let (sender, receiver) = channel();
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let _ = sender.send(crate::sync::unignored(&path));
                ctx.request_repaint();
            });
            self.team.ignore_answer = Some(receiver);
        }
        if let Some(receiver) = &self.team.ignore_answer {
            match receiver.try_recv() {
                Ok(answer) => {
                    self.team.unignored = answer;
                    self.team.ignore_answer = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.team.ignore_answer = None,
            }
        }
    }

    /// Whether git is still being asked about the workspace file.
    pub fn is_asking_git(&self) -> bool {
        self.team.check_ignore || self.team.ignore_answer.is_some()
    }

    /// The warning that git sees the workspace file, with the offer to ignore it.
    pub(crate) fn unignored_ui(&mut self, ui: &mut egui::Ui) {
        let Some(unignored) = self.team.unignored.clone() else {
            return;
        };
        let name = super::app::file_name(&unignored.workspace);
        let mut add = false;
        let mut leave = false;
        egui::Panel::top("unignored").show(ui, |ui| {
            ui.add_space(2.0);
            ui.colored_label(
                ui.visuals().warn_fg_color,
                egui::RichText::new("Untracked in git").strong(),
            );
            ui.label(format!(
                "{name} is inside the git repository {}. Git lists it, and the {name}-wal and \
                 {name}-shm files SQLite keeps beside it, as untracked, and `git add -A` would \
                 commit the database.",
                unignored.root.display()
            ));
            ui.horizontal(|ui| {
                add = ui
                    .button("Add them to .gitignore")
                    .on_hover_text(format!(
                        "Appends {} to {}; its lines stay as they are",
                        unignored.lines.join(", "),
                        unignored.gitignore.display()
                    ))
                    .clicked();
                leave = ui
                    .button("Leave it")
                    .on_hover_text("Not asked again for this workspace")
                    .clicked();
            });
            ui.add_space(2.0);
        });
        if add {
            match crate::sync::add_to_gitignore(&unignored) {
                Ok(()) => {
                    self.team.unignored = None;
                    self.notify(
                        Notice::Info,
                        format!(
                            "Added {} to {}.",
                            unignored.lines.join(", "),
                            unignored.gitignore.display()
                        ),
                    );
                }
                Err(e) => self.notify(
                    Notice::Error,
                    format!("{}: not changed ({e})", unignored.gitignore.display()),
                ),
            }
        } else if leave {
            self.team.unignored = None;
            self.prefs
                .left_unignored
                .push(unignored.workspace.display().to_string());
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
                    .add(
                        egui::TextEdit::singleline(&mut name)
                            .hint_text(super::widgets::hint("Grace Kim")),
                    )
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
