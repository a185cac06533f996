//! Who signed a decision off, whether that still holds, and the form to sign it: on the
//! decision's page, on each of its reviews' pages and, summed up, under its title.

use super::ReviewUi;
use crate::domain::{SignOffState, Verdict, who};
use crate::report::story::long_time;
use crate::session::{Command, SignOffForm};
use crate::ui::widgets::{draft_line, field_label, named_combo};

/// A sign-off form being filled in.
pub(super) struct SignOffDraft {
    /// The record whose page the form is on (a decision or a review).
    on: String,
    form: SignOffForm,
    /// The form was just opened: bring it into view once.
    reveal: bool,
}

/// One line under a decision's title: what is missing (in the warning colour when someone
/// should act), or who signed it.
pub fn signoff_summary_ui(ui: &mut egui::Ui, state: &SignOffState) {
    match state.warning() {
        Some(warning) => warning_ui(ui, state, warning),
        None if !state.entries.is_empty() => {
            let names: Vec<String> = state.entries.iter().map(|e| who(&e.signoff)).collect();
            ui.weak(format!("Signed off by {}", names.join(", ")));
        }
        None => {}
    }
}

fn warning_ui(ui: &mut egui::Ui, state: &SignOffState, warning: String) {
    if state.is_awaiting() {
        ui.colored_label(ui.visuals().warn_fg_color, format!("! {warning}"));
    } else {
        ui.weak(warning);
    }
}

/// Who signed, with outdated sign-offs marked, and the warning when one is missing.
pub fn signoffs_ui(ui: &mut egui::Ui, state: &SignOffState) {
    if let Some(warning) = state.warning() {
        warning_ui(ui, state, warning);
    }
    for e in &state.entries {
        let s = &e.signoff;
        ui.horizontal_wrapped(|ui| {
            ui.strong(who(s));
            let when =
                s.at.map(|t| format!(" on {}", long_time(t)))
                    .unwrap_or_default();
            ui.label(format!("{}{when}", s.verdict.words()));
            if !s.comment.is_empty() {
                ui.weak(format!("“{}”", s.comment));
            }
            if !e.current {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "outdated: given before the decision last changed",
                );
            }
        });
    }
}

/// The "Sign off…" button, and the form it opens, scrolled into view when it opens.
pub(super) fn signoff_form_ui(
    state: &mut ReviewUi,
    out: &mut Vec<Command>,
    ui: &mut egui::Ui,
    page: &str,
    decision_id: &str,
    review_id: Option<&str>,
) {
    let open = state.signoff.as_ref().is_some_and(|d| d.on == page);
    if !open {
        if ui
            .button("Sign off…")
            .on_hover_text("Record your verdict on this decision as it stands now")
            .clicked()
        {
            state.signoff = Some(SignOffDraft {
                on: page.to_string(),
                form: SignOffForm::default(),
                reveal: true,
            });
        }
        return;
    }
    let Some(draft) = state.signoff.as_mut() else {
        return;
    };
    let form = &mut draft.form;
    let mut close = false;
    let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Sign off this decision as it stands now");
        let name = draft_line(ui, "Name", &mut form.name, "who is signing");
        if draft.reveal {
            name.request_focus();
        }
        draft_line(ui, "Role", &mut form.role, "CTO, Head of Finance, …");
        ui.horizontal(|ui| {
            field_label(ui, "Verdict");
            named_combo(
                ui,
                ("verdict", page),
                "Verdict",
                form.verdict.words(),
                |ui| {
                    for v in Verdict::ALL {
                        ui.selectable_value(&mut form.verdict, *v, v.words());
                    }
                },
            );
        });
        draft_line(ui, "Comment", &mut form.comment, "in a sentence");
        ui.horizontal(|ui| {
            let ready = !form.name.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("Record sign-off"))
                .clicked()
            {
                out.push(Command::SignOff {
                    decision_id: decision_id.to_string(),
                    review_id: review_id.map(str::to_string),
                    form: form.clone(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
            if !ready {
                ui.weak("A sign-off needs a name.");
            }
        });
    });
    if std::mem::take(&mut draft.reveal) {
        frame.response.scroll_to_me(Some(egui::Align::Center));
    }
    if close {
        state.signoff = None;
    }
}
