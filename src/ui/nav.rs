//! The left panel: the kinds of record, each with its count.

use super::view::{Request, ViewCtx};
use super::{CentreView, UiAction};
use crate::domain::Kind;

/// The kinds of record, each with its count; it folds away in a narrow window (Ctrl+B brings
/// it back), and the list offers the kinds instead.
pub fn ui(cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
    if !cx.prefs.kinds_shown(ui.ctx().content_rect().width()) {
        return;
    }
    egui::Panel::left("nav")
        .resizable(true)
        .default_size(170.0)
        .min_size(120.0)
        .max_size(260.0)
        .show(ui, |ui| {
            ui.add_space(8.0);
            ui.heading("Hindsight");
            ui.add_space(8.0);
            let counts = cx.session.counts();
            for &kind in Kind::ALL {
                let count = counts
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                let label = format!("{}  {count}", plural_label(kind));
                let selected = cx.prefs.kind == kind;
                if ui
                    .add_sized(
                        [ui.available_width(), 26.0],
                        egui::Button::selectable(selected, label),
                    )
                    .clicked()
                    && !selected
                {
                    cx.request(Request::Browse(kind));
                }
            }
            ui.add_space(8.0);
            let insights = cx.view == Some(CentreView::Insights);
            if ui
                .add_sized(
                    [ui.available_width(), 26.0],
                    egui::Button::selectable(insights, "Insights"),
                )
                .on_hover_text(
                    "Did our decisions work? Incidents, durations, action items, lessons",
                )
                .clicked()
            {
                cx.request(Request::Run(UiAction::Insights));
            }
            ui.add_space(16.0);
            ui.separator();
            let keys = |action: UiAction| action.shortcut_text(ui.ctx());
            ui.weak(format!(
                "{} search · {} shortcuts · {} hide this panel",
                keys(UiAction::Palette),
                keys(UiAction::Help),
                keys(UiAction::TogglePanels)
            ));
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
