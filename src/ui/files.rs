//! Choosing files and folders, and saying where things were written. The system's file dialog
//! is tried first; where none appears (no dialog service, as on a bare X session) a path field
//! opens in the window instead, filled with the last folder used, so an action never fails
//! silently. After a report, an export or a publish, a bar names the path with *Open* and
//! *Show in folder* (a publish's warnings under it); a publish refused says why in the bar.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{HindsightApp, Notice};

/// What a chosen path is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    OpenWorkspace,
    NewWorkspace,
    ImportFiles,
    ImportFolder,
    Export {
        adr_tools: bool,
    },
    Report {
        decision: Option<String>,
    },
    SyncFolder,
    /// The folder a static site of the workspace goes into.
    Publish,
}

impl Purpose {
    fn title(&self) -> &'static str {
        match self {
            Purpose::OpenWorkspace => "Open a Hindsight workspace",
            Purpose::NewWorkspace => "Create a Hindsight workspace",
            Purpose::ImportFiles => "Import Markdown files",
            Purpose::ImportFolder => "Import a folder of ADRs or postmortems",
            Purpose::Export { .. } => "Export into a folder (for a git repository)",
            Purpose::Report { .. } => "Write the stakeholder report",
            Purpose::SyncFolder => "Sync with which folder of a git repository?",
            Purpose::Publish => "Publish the site into a folder",
        }
    }

    fn is_folder(&self) -> bool {
        matches!(
            self,
            Purpose::ImportFolder | Purpose::Export { .. } | Purpose::SyncFolder | Purpose::Publish
        )
    }

    /// The file name offered in the path field.
    fn default_name(&self) -> &'static str {
        match self {
            Purpose::NewWorkspace => "workspace.hindsight",
            Purpose::Report { .. } => "report.html",
            Purpose::Publish => "site",
            _ => "",
        }
    }
}

/// The path field shown when no dialog appeared.
#[derive(Clone, Debug)]
pub struct PathPrompt {
    pub purpose: Purpose,
    pub path: String,
    /// The field is waiting for the keyboard: it takes it as soon as it is drawn.
    pub take_focus: bool,
}

/// A file or folder just written, with what can be done with it.
#[derive(Clone, Debug)]
pub struct Written {
    /// The line the bar shows: what was written, and where.
    pub line: String,
    /// What *Open* opens: the file written, or a site's home page.
    pub open: PathBuf,
    /// What *Show in folder* opens.
    pub folder: PathBuf,
    /// What to know about it, one line each (a publish's warnings).
    pub notes: Vec<String>,
}

/// What the bar at the bottom says after a job that wrote somewhere.
#[derive(Clone, Debug)]
pub enum Outcome {
    Written(Written),
    /// Nothing was written: why, in one line.
    Refused(String),
}

/// A dialog that returns this fast was never shown.
const NO_DIALOG: Duration = Duration::from_millis(150);

impl HindsightApp {
    /// Asks for a path for `purpose`: the system's dialog, else a field in the window.
    pub fn choose_path(&mut self, ctx: &egui::Context, purpose: Purpose) {
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().set_title(purpose.title());
        let dialog = match &self.files.last_folder {
            Some(dir) => dialog.set_directory(dir),
            None => dialog,
        };
        let picked: Option<Vec<PathBuf>> = match &purpose {
            Purpose::OpenWorkspace => dialog
                .add_filter("Hindsight workspace", &["db", "sqlite", "hindsight"])
                .pick_file()
                .map(|p| vec![p]),
            Purpose::NewWorkspace => dialog
                .set_file_name("workspace.hindsight")
                .save_file()
                .map(|p| vec![p]),
            Purpose::ImportFiles => dialog
                .add_filter("Markdown", &["md", "markdown"])
                .pick_files(),
            Purpose::Report { .. } => dialog
                .add_filter("Web page (HTML)", &["html"])
                .add_filter("Markdown", &["md"])
                .set_file_name("report.html")
                .save_file()
                .map(|p| vec![p]),
            Purpose::Publish => {
                // In the last site's folder, else beside the workspace (where `site` goes).
                let site = self.site_folder();
                let start = if site.is_dir() {
                    site
                } else {
                    site.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                dialog.set_directory(start).pick_folder().map(|p| vec![p])
            }
            _ => dialog.pick_folder().map(|p| vec![p]),
        };
        match picked {
            Some(paths) if !paths.is_empty() => self.use_paths(ctx, purpose, paths),
            Some(_) => {}
            // Cancelled, or no dialog was shown at all: then ask here.
            None if started.elapsed() < NO_DIALOG || self.files.no_dialogs => {
                self.files.no_dialogs = true;
                let path = if purpose == Purpose::Publish {
                    self.site_folder()
                } else {
                    self.files
                        .last_folder
                        .clone()
                        .or_else(|| std::env::current_dir().ok())
                        .unwrap_or_default()
                        .join(purpose.default_name())
                };
                self.files.prompt = Some(PathPrompt {
                    path: path.display().to_string(),
                    purpose,
                    take_focus: true,
                });
            }
            None => {}
        }
    }

    /// The path the window's path field shows, while it is open.
    pub fn files_prompt_path(&self) -> Option<String> {
        self.files.prompt.as_ref().map(|p| p.path.clone())
    }

    /// Acts on chosen paths.
    pub fn use_paths(&mut self, ctx: &egui::Context, purpose: Purpose, paths: Vec<PathBuf>) {
        if let Some(first) = paths.first() {
            // A site's folder is its own: the next file chosen starts beside it, not in it.
            let folder = if purpose.is_folder() && purpose != Purpose::Publish {
                first.clone()
            } else {
                first.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            self.files.last_folder = Some(folder);
        }
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::OpenWorkspace => self.open_workspace(&first),
            Purpose::NewWorkspace => self.new_workspace(&first),
            Purpose::ImportFiles | Purpose::ImportFolder => self.start_import(ctx, paths),
            Purpose::Export { adr_tools } => self.start_export(ctx, first, adr_tools),
            Purpose::Report { decision } => {
                let format = crate::report::Format::from_path(&first).unwrap_or_default();
                self.start_report(ctx, first, format, decision);
            }
            Purpose::SyncFolder => self.start_sync(ctx, Some(first)),
            Purpose::Publish => self.start_publish(ctx, first),
        }
    }

    /// Remembers a file or folder written, for the bar with Open / Show in folder.
    pub(crate) fn wrote(&mut self, what: impl Into<String>, path: PathBuf) {
        let folder = if path.is_dir() {
            path.clone()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        self.files.outcome = Some(Outcome::Written(Written {
            line: format!("{} {}", what.into(), path.display()),
            open: path,
            folder,
            notes: Vec::new(),
        }));
    }

    /// The path field, when no dialog appeared.
    pub(crate) fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(mut prompt) = self.files.prompt.take() else {
            return;
        };
        let mut open = true;
        let mut go = false;
        egui::Window::new(prompt.purpose.title())
            .id(egui::Id::unique("path-prompt"))
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label("No file dialog is available here; type the path instead.");
                let noun = if prompt.purpose.is_folder() {
                    "Folder"
                } else {
                    "File"
                };
                let label = ui.label(noun);
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut prompt.path)
                            .id(egui::Id::unique("path-prompt-field"))
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                // It opens ready for typing: the keyboard is in it, the file name selected
                // (typing replaces the name and keeps the folder), else the cursor at the end.
                if prompt.take_focus {
                    if field.has_focus() {
                        prompt.take_focus = false;
                    } else {
                        field.request_focus();
                        select_file_name(ui, field.id, &prompt.path, prompt.purpose.default_name());
                    }
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    go = true;
                }
                if ui.button("OK").clicked() {
                    go = true;
                }
            });
        if go {
            let path = PathBuf::from(prompt.path.trim());
            if prompt.path.trim().is_empty() {
                self.notify(Notice::Warning, "Type a path first.");
                self.files.prompt = Some(prompt);
            } else {
                self.use_paths(ctx, prompt.purpose, vec![path]);
            }
        } else if open {
            self.files.prompt = Some(prompt);
        }
    }

    /// The bar of the last file written, with Open and Show in folder (and what to know about
    /// it), or of the write refused, with why.
    pub(crate) fn written_ui(&mut self, ui: &mut egui::Ui) {
        let Some(outcome) = self.files.outcome.clone() else {
            return;
        };
        egui::Panel::bottom("written").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                match &outcome {
                    Outcome::Written(written) => {
                        ui.label(&written.line);
                        if ui.button("Open").clicked() {
                            self.open_path(&written.open);
                        }
                        if ui.button("Show in folder").clicked() {
                            self.open_path(&written.folder);
                        }
                    }
                    Outcome::Refused(why) => {
                        ui.colored_label(ui.visuals().error_fg_color, why);
                    }
                }
                if ui.small_button("Dismiss").clicked() {
                    self.files.outcome = None;
                }
            });
            if let Outcome::Written(written) = &outcome
                && !written.notes.is_empty()
            {
                let heading =
                    crate::report::story::count(written.notes.len(), "warning", "warnings");
                egui::CollapsingHeader::new(heading)
                    .id_salt("written-notes")
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical()
                            .max_height(160.0)
                            .show(ui, |ui| {
                                for note in &written.notes {
                                    ui.colored_label(ui.visuals().warn_fg_color, note);
                                }
                            });
                    });
            }
        });
    }

    /// Opens a file or folder with the system's program for it.
    fn open_path(&mut self, path: &Path) {
        let program = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(target_os = "windows") {
            "explorer"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(program).arg(path).spawn() {
            self.notify(
                Notice::Error,
                format!("Could not open {} ({program}: {e})", path.display()),
            );
        }
    }
}

/// Puts the cursor of the text field `id` at the end of `path`, with `name` (its last part)
/// selected when it ends with it.
fn select_file_name(ui: &egui::Ui, id: egui::Id, path: &str, name: &str) {
    let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
    let end = path.chars().count();
    let start = if !name.is_empty() && path.ends_with(name) {
        end - name.chars().count()
    } else {
        end
    };
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(start),
            egui::text::CCursor::new(end),
        )));
    state.store(ui.ctx(), id);
}

/// What the window keeps about files: the last folder, the path field, the last file written.
#[derive(Default)]
pub struct FilesState {
    pub last_folder: Option<PathBuf>,
    /// The folder the site was last published to, from this workspace.
    pub last_site: Option<PathBuf>,
    pub prompt: Option<PathPrompt>,
    /// What the bar at the bottom says about the last write.
    pub outcome: Option<Outcome>,
    /// Once a dialog failed to appear, go straight to the path field.
    pub no_dialogs: bool,
}
