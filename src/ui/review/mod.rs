//! Design reviews in the window. A decision shows who signed it off (and whether that still
//! holds), its reviews and their progress, and starts a review from the checklist that fits it
//! best. A review is walked one item at a time from the keyboard (see `walk`).
//!
//! - `signoff`: sign-offs, their warning, and the form to sign.
//! - `walk`: a review's page: progress, the item being answered, every item at a glance.
//! - `risk`: what a risk turns into: an action item, or a link to a lesson or incident.

mod risk;
mod signoff;
mod walk;

pub use signoff::{signoff_summary_ui, signoffs_ui};
pub use walk::{ReviewPage, review_ui};

use crate::domain::{Checklist, Review, SignOffState};
use crate::report::story::count;
use crate::session::{Command, ListRow};
use crate::ui::widgets::{field_label, named_combo_width, section};
use signoff::{SignOffDraft, signoff_form_ui};

/// What the review parts of the detail view keep between frames.
#[derive(Default)]
pub struct ReviewUi {
    walk: Option<walk::Walk>,
    signoff: Option<SignOffDraft>,
    /// The checklist chosen to start a review with, and the decision it was chosen on.
    start_with: Option<(String, String)>,
}

/// A review of a decision, summed up for the decision's page.
#[derive(Clone, Debug)]
pub struct ReviewLine {
    pub id: String,
    pub title: String,
    pub answered: usize,
    pub items: usize,
    pub risks: usize,
}

impl ReviewLine {
    pub fn of(review: &Review, checklist: Option<&Checklist>) -> ReviewLine {
        let items = checklist.map_or(0, |c| c.items.len());
        let answered = checklist.map_or(0, |c| {
            review.answered_count(c.items.iter().map(|i| i.id.as_str()))
        });
        ReviewLine {
            id: review.id.clone(),
            title: review.title.clone(),
            answered,
            items,
            risks: review.risk_count(),
        }
    }
}

/// The width of the checklist drop-down: the longest template name, whatever is chosen.
const CHECKLIST_WIDTH: f32 = 240.0;

/// What a decision's page shows of its reviews.
pub struct DecisionReviews<'a> {
    pub decision_id: &'a str,
    pub signoffs: &'a SignOffState,
    pub reviews: &'a [ReviewLine],
    pub checklists: &'a [ListRow],
    /// The checklist offered first (its tags or title name its subject), if one matches.
    pub suggested: Option<&'a str>,
}

/// The decision's sign-offs and reviews, with the forms to start a review and to sign off.
/// Returns a record to open.
pub fn decision_ui(
    state: &mut ReviewUi,
    out: &mut Vec<Command>,
    ui: &mut egui::Ui,
    page: DecisionReviews<'_>,
) -> Option<String> {
    let DecisionReviews {
        decision_id,
        signoffs,
        reviews,
        checklists,
        suggested,
    } = page;
    let mut open = None;
    section(ui, "Sign-off");
    signoffs_ui(ui, signoffs);
    signoff_form_ui(state, out, ui, decision_id, decision_id, None);

    section(ui, "Reviews");
    if reviews.is_empty() {
        ui.weak("Not reviewed yet. Walk it through a checklist:");
    }
    for r in reviews {
        ui.horizontal_wrapped(|ui| {
            if ui.link(&r.title).clicked() {
                open = Some(r.id.clone());
            }
            let risks = match r.risks {
                0 => "no risk".to_string(),
                n => count(n, "risk", "risks"),
            };
            ui.weak(format!("{} of {} answered · {risks}", r.answered, r.items));
        });
    }
    let known = |id: &str| checklists.iter().any(|c| c.id == id);
    let suggested = suggested.filter(|id| known(id));
    if suggested.is_none() {
        // Said whatever is picked, so the row below never moves.
        ui.weak("No checklist matches its tags or title: choose one.");
    }
    ui.horizontal_wrapped(|ui| {
        let chosen = state
            .start_with
            .as_ref()
            .filter(|(on, id)| on == decision_id && known(id))
            .map(|(_, id)| id.clone())
            .or_else(|| suggested.map(str::to_string));
        let name = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| checklists.iter().find(|c| &c.id == id))
                .map(|c| c.title.clone())
                .unwrap_or_else(|| "Choose a checklist…".into())
        };
        field_label(ui, "Checklist");
        let mut picked = chosen.clone();
        // A fixed width: a longer name does not push "Start review" from under the pointer.
        named_combo_width(
            ui,
            "start-review",
            "Checklist",
            &name(&chosen),
            CHECKLIST_WIDTH,
            |ui| {
                for c in checklists {
                    ui.selectable_value(&mut picked, Some(c.id.clone()), &c.title);
                }
            },
        );
        if picked != chosen
            && let Some(id) = &picked
        {
            state.start_with = Some((decision_id.to_string(), id.clone()));
        }
        let start = ui
            .add_enabled(picked.is_some(), egui::Button::new("Start review"))
            .on_disabled_hover_text("Choose a checklist first");
        if start.clicked()
            && let Some(checklist_id) = picked
        {
            out.push(Command::StartReview {
                decision_id: decision_id.to_string(),
                checklist_id,
            });
        }
    });
    open
}
