//! The left panel: the kinds of record, each with its count.

use super::HindsightApp;
use crate::domain::Kind;

pub fn ui(app: &mut HindsightApp, ui: &mut egui::Ui) {
    egui::Panel::left("nav")
        .resizable(false)
        .exact_size(170.0)
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.heading("Hindsight");
            ui.add_space(8.0);
            let counts = app.session.counts().to_vec();
            for &kind in Kind::ALL {
                let count = counts
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                let label = format!("{}  {count}", plural_label(kind));
                let selected = app.prefs.kind == kind;
                if ui
                    .add_sized(
                        [ui.available_width(), 26.0],
                        egui::Button::selectable(selected, label),
                    )
                    .clicked()
                    && !selected
                {
                    app.flush_all();
                    app.prefs.kind = kind;
                    app.list.reset_filters();
                }
            }
            ui.add_space(16.0);
            ui.separator();
            ui.weak("Ctrl+K search · F1 shortcuts");
        });
}

/// "Decisions", "Trade-offs", "Action items"…
pub fn plural_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Decision => "Decisions",
        Kind::TradeOff => "Trade-offs",
        Kind::Lesson => "Lessons",
        Kind::Incident => "Incidents",
        Kind::Action => "Action items",
        Kind::Checklist => "Checklists",
        Kind::Review => "Reviews",
    }
}
