//! What a risk found in a review turns into: an action item (what will be done, by whom, by
//! when) or a link to the lesson or incident where it was seen before.

use chrono::NaiveDate;
use egui::Key;

use super::walk::Walk;
use crate::domain::{ChecklistItem, Kind};
use crate::session::{Command, RiskAction, Session};
use crate::ui::widgets::{Choice, draft_line, indented, record_chooser};

/// An action item being written from a risk.
pub(super) struct ActionDraft {
    /// The title field takes the keyboard when the form opens.
    focus: bool,
    item_id: String,
    title: String,
    owner: String,
    due: String,
    error: Option<String>,
}

impl ActionDraft {
    /// An empty form: the action is what will be done about the risk, which the checklist's
    /// question does not say; the question stays above the form as the reminder.
    pub(super) fn for_item(item: &ChecklistItem) -> ActionDraft {
        ActionDraft {
            focus: true,
            item_id: item.id.clone(),
            title: String::new(),
            owner: String::new(),
            due: String::new(),
            error: None,
        }
    }

    /// The command the form makes, or what is wrong with it.
    fn command(&self, review_id: &str) -> Result<Command, String> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err("say what will be done: the action item needs a title".into());
        }
        let due = self.due.trim();
        let due = if due.is_empty() {
            None
        } else {
            let parsed = NaiveDate::parse_from_str(due, "%Y-%m-%d");
            Some(parsed.map_err(|_| "write the due date as YYYY-MM-DD".to_string())?)
        };
        let owner = Some(self.owner.trim().to_string()).filter(|o| !o.is_empty());
        Ok(Command::RiskToAction {
            review_id: review_id.to_string(),
            item_id: self.item_id.clone(),
            action: RiskAction {
                title: title.to_string(),
                owner,
                due,
            },
        })
    }
}

/// The action item form of a risk: title, owner, due date; Enter in the last field creates it.
pub(super) fn action_form_ui(
    walk: &mut Walk,
    out: &mut Vec<Command>,
    ui: &mut egui::Ui,
    review_id: &str,
    item_id: &str,
) {
    let Some(draft) = walk.action.as_mut().filter(|d| d.item_id == item_id) else {
        return;
    };
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("New action item from this risk");
        let title = draft_line(ui, "Action item", &mut draft.title, "what will be done");
        if std::mem::take(&mut draft.focus) {
            title.request_focus();
        }
        draft_line(ui, "Owner", &mut draft.owner, "who does it");
        let due = draft_line(ui, "Due", &mut draft.due, "YYYY-MM-DD");
        let entered = due.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(error) = &draft.error {
            indented(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, error);
            });
        }
        ui.horizontal(|ui| {
            if ui.button("Create action item").clicked() || entered {
                match draft.command(review_id) {
                    Ok(command) => {
                        out.push(command);
                        close = true;
                    }
                    Err(error) => draft.error = Some(error),
                }
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close {
        walk.action = None;
    }
}

/// The chooser of a lesson or incident a risk was seen in before; one click links it.
pub(super) fn relate_ui(
    walk: &mut Walk,
    out: &mut Vec<Command>,
    session: &Session,
    ui: &mut egui::Ui,
    review_id: &str,
    item_id: &str,
) {
    let Some(query) = walk.relate.as_mut() else {
        return;
    };
    let label = "Find a lesson or incident";
    let kinds = [Kind::Lesson, Kind::Incident];
    let choice = egui::Frame::group(ui.style())
        .show(ui, |ui| {
            record_chooser(ui, session, label, query, &kinds, "")
        })
        .inner;
    match choice {
        Choice::Open => {}
        Choice::Cancelled => walk.relate = None,
        Choice::Picked(record_id) => {
            out.push(Command::RelateRisk {
                review_id: review_id.to_string(),
                item_id: item_id.to_string(),
                record_id,
            });
            walk.relate = None;
        }
    }
}
