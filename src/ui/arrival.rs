//! What the window says about the path it was launched on (`hindsight PATH`, a file opened
//! from the file manager through the launcher's `%f`): Markdown is offered for import into the
//! open workspace, and a file that is not a workspace is named with the reason, in a bar above
//! the panels, since no terminal may be there to read a line on standard error.

use crate::workspace::Arrival;

use super::HindsightApp;

impl HindsightApp {
    /// Shows what became of the path the window was launched on (see [`Arrival`]).
    pub fn arrived(&mut self, arrival: Arrival) {
        self.arrival = Some(arrival);
    }

    /// The bar about the path launched on, while it is there.
    pub(crate) fn arrival_ui(&mut self, ui: &mut egui::Ui) {
        let Some(arrival) = self.arrival.clone() else {
            return;
        };
        let mut import = false;
        let mut open_other = false;
        let mut close = false;
        egui::Panel::top("arrival").show(ui, |ui| {
            ui.add_space(2.0);
            match &arrival {
                Arrival::Import(path) => {
                    ui.colored_label(
                        ui.visuals().hyperlink_color,
                        egui::RichText::new("Import Markdown?").strong(),
                    );
                    let what = if path.is_dir() { "folder" } else { "file" };
                    ui.label(format!(
                        "{} is a Markdown {what}, not a workspace. Import the decisions and \
                         postmortems it holds into {}?",
                        path.display(),
                        self.workspace_name
                    ));
                    ui.horizontal(|ui| {
                        import = ui
                            .button(format!("Import into {}", self.workspace_name))
                            .on_hover_text(
                                "Reads every ADR and postmortem in it, as Workspace → Import \
                                 does; one undo step",
                            )
                            .clicked();
                        close = ui.button("Not now").clicked();
                    });
                }
                Arrival::Refused(line) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        egui::RichText::new("Could not open that file").strong(),
                    );
                    ui.label(format!(
                        "{line}. It was not changed; {} is open instead.",
                        self.workspace_name
                    ));
                    ui.horizontal(|ui| {
                        open_other = ui.button("Open another workspace…").clicked();
                        close = ui.button("Close").clicked();
                    });
                }
            }
            ui.add_space(2.0);
        });
        if import {
            self.arrival = None;
            if let Arrival::Import(path) = arrival {
                self.start_import(ui.ctx(), vec![path]);
            }
        } else if open_other {
            self.arrival = None;
            self.choose_path(ui.ctx(), super::files::Purpose::OpenWorkspace);
        } else if close {
            self.arrival = None;
        }
    }

    /// Whether the bar about the path launched on is showing (for tests).
    pub fn arrival(&self) -> Option<&Arrival> {
        self.arrival.as_ref()
    }
}
