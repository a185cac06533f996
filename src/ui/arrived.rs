//! What a sync brought from the team, in the window: a line in the sync's bar ("From the team:
//! 3 lessons, 1 sign-off, 2 links — Ada Park, Bo Chen") and a small window that lists every
//! record, sign-off and link that arrived with who made it, each one click from opening it.
//! The sync works it out (`sync::Arrived`); this only shows it.

use super::HindsightApp;
use super::view::Request;
use crate::domain::who as signoff_who;
use crate::sync::{Arrival, Arrived};

/// "From the team: 3 lessons, 1 sign-off, 2 links — Ada Park, Bo Chen", or `None` when
/// nothing arrived.
pub fn sentence(arrived: &Arrived) -> Option<String> {
    let words = arrived.words()?;
    Some(match arrived.authors.as_slice() {
        [] => format!("From the team: {words}."),
        authors => format!("From the team: {words} — {}.", authors.join(", ")),
    })
}

/// "by Ada Park", or nothing when the commits do not say.
fn by(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("by {}", names.join(", "))
    }
}

impl HindsightApp {
    /// The line of the sync's bar that says what arrived, with the list a click away.
    pub(crate) fn arrived_line_ui(&mut self, ui: &mut egui::Ui) {
        let Some(text) = self.team.arrived.as_ref().and_then(sentence) else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.strong(text);
            if ui
                .button("Show what arrived")
                .on_hover_text("Each record, sign-off and link, who made it; click one to open it")
                .clicked()
            {
                self.team.show_arrived = true;
            }
        });
    }

    /// The "From the team" window: what the last sync brought, one row each.
    pub(crate) fn arrived_window(&mut self, ctx: &egui::Context) {
        if !self.team.show_arrived {
            return;
        }
        let Some(arrived) = &self.team.arrived else {
            self.team.show_arrived = false;
            return;
        };
        let mut open = true;
        let mut chosen = None;
        egui::Window::new("From the team")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                if let Some(text) = sentence(arrived) {
                    ui.label(text);
                }
                ui.add_space(4.0);
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        egui::Grid::new("arrived")
                            .num_columns(3)
                            .striped(true)
                            .show(ui, |ui| rows_ui(ui, arrived, &mut chosen));
                    });
            });
        self.team.show_arrived = open;
        if let Some(id) = chosen {
            self.requests.push(Request::Select(Some(id)));
        }
    }
}

/// The rows: what happened (kind), the record as a link to open it, who.
fn rows_ui(ui: &mut egui::Ui, arrived: &Arrived, chosen: &mut Option<String>) {
    let mut row =
        |ui: &mut egui::Ui, what: String, title: &str, id: Option<&str>, who: &[String]| {
            ui.weak(what);
            match id {
                Some(id) => {
                    if ui.link(title).on_hover_text("Open it").clicked() {
                        *chosen = Some(id.to_string());
                    }
                }
                None => {
                    ui.label(title);
                }
            }
            ui.weak(by(who));
            ui.end_row();
        };
    for r in &arrived.records {
        let kind = r.kind.label();
        let (what, id) = match r.arrival {
            Arrival::New => (format!("New {}", kind.to_lowercase()), Some(r.id.as_str())),
            Arrival::Changed => (
                format!("Changed {}", kind.to_lowercase()),
                Some(r.id.as_str()),
            ),
            Arrival::Removed => (format!("Removed {}", kind.to_lowercase()), None),
        };
        row(ui, what, &r.title, id, &r.by);
    }
    for s in &arrived.signoffs {
        let signed = crate::domain::SignOff {
            name: s.name.clone(),
            role: s.role.clone(),
            ..Default::default()
        };
        let title = format!(
            "{}: {} (in {})",
            signoff_who(&signed),
            s.verdict.words(),
            s.review
        );
        row(ui, "Sign-off".into(), &title, Some(&s.review_id), &s.by);
    }
    for l in &arrived.links {
        let relation = l.relation.as_str().replace('-', " ");
        let title = format!("{} {relation} {}", l.from, l.to);
        let (what, id) = match l.removed {
            false => ("Link".to_string(), Some(l.from_id.as_str())),
            true => ("Link removed".to_string(), None),
        };
        row(ui, what, &title, id, &l.by);
    }
}
