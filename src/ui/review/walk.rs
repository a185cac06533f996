//! A review's page: its progress, the item being answered, and every item at a glance. The
//! walk goes one item at a time from the keyboard: O ok, R risk, N not applicable, J/K or the
//! arrow keys to move, Enter to write a note, A to turn a risk into an action item, L to point
//! it at a lesson or incident; each of those is a click or two with the mouse too.

use egui::{Key, RichText};

use super::ReviewUi;
use super::risk::{ActionDraft, action_form_ui, relate_ui};
use super::signoff::{signoff_form_ui, signoffs_ui};
use crate::domain::{ActionItem, ActionStatus, Answer, Checklist, Review, SignOffState};
use crate::report::story::count;
use crate::session::{Command, Session};
use crate::ui::fields::{Editor, FieldType};
use crate::ui::widgets::section;

/// Where the walk through a review is.
pub(super) struct Walk {
    review_id: String,
    pub(super) index: usize,
    pub(super) action: Option<ActionDraft>,
    /// The search text of the lesson-or-incident chooser, while it is open.
    pub(super) relate: Option<String>,
}

/// What the review page shows, read once per change.
pub struct ReviewPage<'a> {
    pub review: &'a Review,
    pub checklist: Option<&'a Checklist>,
    pub actions: &'a [ActionItem],
    pub signoffs: Option<&'a SignOffState>,
    /// Titles of the records answers and items point to, when the workspace holds them.
    pub title_of: &'a dyn Fn(&str) -> Option<String>,
    /// Each item lesson's incidents: learned from, and on its subject since.
    pub lesson_histories: &'a std::collections::HashMap<String, crate::store::LessonHistory>,
}

/// A review: progress and summary, the walk through its items, every item at a glance, and
/// the sign-offs. Returns a record to open.
pub fn review_ui(
    state: &mut ReviewUi,
    editor: &mut Editor<'_>,
    session: &Session,
    ui: &mut egui::Ui,
    page: ReviewPage<'_>,
) -> Option<String> {
    let review = page.review;
    let mut open = None;
    let Some(checklist) = page.checklist.filter(|c| !c.items.is_empty()) else {
        review_signoffs_ui(state, editor.out, ui, &page);
        return None;
    };
    let items = &checklist.items;
    if state.walk.as_ref().is_none_or(|w| w.review_id != review.id) {
        let first_open = items
            .iter()
            .position(|i| review.answer_for(&i.id) == Answer::Unanswered)
            .unwrap_or(0);
        state.walk = Some(Walk {
            review_id: review.id.clone(),
            index: first_open,
            action: None,
            relate: None,
        });
    }

    // Progress and summary.
    let answered = review.answered_count(items.iter().map(|i| i.id.as_str()));
    let open_actions = page
        .actions
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .count();
    let answered_with = |a: Answer| review.answers.iter().filter(|x| x.answer == a).count();
    section(ui, "Progress");
    ui.add(
        egui::ProgressBar::new(answered as f32 / items.len() as f32)
            .text(format!("{answered} of {} answered", items.len())),
    );
    ui.label(format!(
        "{} · {} · {} ok · {} not applicable",
        count(review.risk_count(), "risk", "risks"),
        count(open_actions, "open action item", "open action items"),
        answered_with(Answer::Ok),
        answered_with(Answer::NotApplicable),
    ));

    section(ui, "Walk through");
    ui.weak("O ok · R risk · N not applicable · J/K or the arrow keys next and previous · Enter note · A action item · L link a lesson or incident");
    let walk = state.walk.as_mut()?;
    walk.index = walk.index.min(items.len() - 1);
    let item = &items[walk.index];
    let answer = review.answer(&item.id);
    let current = answer.map_or(Answer::Unanswered, |a| a.answer);

    // The keyboard, unless a text field is being typed in.
    let typing = ui.ctx().text_edit_focused();
    let mut chosen = None;
    let mut step: isize = 0;
    let mut focus_note = false;
    if !typing {
        ui.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            if i.consume_key(none, Key::O) {
                chosen = Some(Answer::Ok);
            } else if i.consume_key(none, Key::R) {
                chosen = Some(Answer::Risk);
            } else if i.consume_key(none, Key::N) {
                chosen = Some(Answer::NotApplicable);
            }
            if i.consume_key(none, Key::J) || i.consume_key(none, Key::ArrowDown) {
                step = 1;
            }
            if i.consume_key(none, Key::K) || i.consume_key(none, Key::ArrowUp) {
                step = -1;
            }
            if i.consume_key(none, Key::Enter) && answer.is_some() {
                focus_note = true;
            }
            if i.consume_key(none, Key::A) && walk.action.is_none() {
                walk.action = Some(ActionDraft::for_item(item));
            }
            if i.consume_key(none, Key::L) && walk.relate.is_none() {
                walk.relate = Some(String::new());
            }
        });
    }

    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let mut heading = format!("Item {} of {}", walk.index + 1, items.len());
        if !item.section.is_empty() {
            heading.push_str(&format!(" · {}", item.section));
        }
        heading.push_str(&format!(" · {}", item.level.as_str().to_uppercase()));
        ui.weak(heading);
        ui.label(RichText::new(&item.question).size(20.0).strong());
        if !item.guidance.is_empty() {
            ui.label(&item.guidance);
        }
        // The lesson: a link when the workspace holds it, else the statement the checklist
        // carries (a template's lesson a team's workspace may not hold), else nothing.
        let found = item.lesson_id.as_deref().and_then(page.title_of);
        if let Some(words) = item.lesson_words(found.as_deref()) {
            ui.horizontal_wrapped(|ui| {
                ui.weak("From the lesson:");
                match (&item.lesson_id, &found) {
                    (Some(lesson), Some(_)) => {
                        if ui.link(words).clicked() {
                            open = Some(lesson.clone());
                        }
                    }
                    _ => {
                        ui.label(words);
                    }
                }
            });
        }
        if let Some(lesson) = &item.lesson_id
            && let Some(history) = page.lesson_histories.get(lesson)
        {
            for (words, incidents) in [
                ("Learned from:", &history.learned_from),
                ("On its subject since:", &history.since),
            ] {
                if incidents.is_empty() {
                    continue;
                }
                ui.horizontal_wrapped(|ui| {
                    ui.weak(words);
                    for (id, title) in incidents {
                        if ui.link(title).clicked() {
                            open = Some(id.clone());
                        }
                    }
                });
            }
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            for (answer, label) in [
                (Answer::Ok, "OK (O)"),
                (Answer::Risk, "Risk (R)"),
                (Answer::NotApplicable, "Not applicable (N)"),
            ] {
                if ui.selectable_label(current == answer, label).clicked() {
                    chosen = Some(answer);
                }
            }
        });
        if answer.is_some() {
            let pointer = note_pointer(review, &item.id);
            // Escape leaves the note (egui's text fields let go of focus on Escape).
            let note = editor.area_response(ui, "Note", &pointer, FieldType::Text);
            if focus_note {
                note.request_focus();
            }
        } else {
            ui.weak("Answer first, then add a note (Enter).");
        }
        if current == Answer::Risk || chosen == Some(Answer::Risk) {
            if let Some(a) = answer {
                for id in &a.actions {
                    let action = page.actions.iter().find(|x| &x.id == id);
                    ui.horizontal(|ui| {
                        ui.weak("Action item:");
                        let title = action.map_or_else(|| id.clone(), |x| x.title.clone());
                        if ui.link(title).clicked() {
                            open = Some(id.clone());
                        }
                        if let Some(x) = action {
                            let owner = x.owner.as_deref().unwrap_or("no owner");
                            let due = x.due.map(|d| format!(" · due {d}")).unwrap_or_default();
                            ui.weak(format!("{owner}{due} · {}", x.status));
                        }
                    });
                }
                for id in &a.related {
                    ui.horizontal(|ui| {
                        ui.weak("Seen before:");
                        let title = (page.title_of)(id).unwrap_or_else(|| id.clone());
                        if ui.link(title).clicked() {
                            open = Some(id.clone());
                        }
                    });
                }
            }
            ui.horizontal(|ui| {
                if ui.button("Make an action item… (A)").clicked() {
                    walk.action = Some(ActionDraft::for_item(item));
                }
                if ui.button("Link a lesson or incident… (L)").clicked() {
                    walk.relate = Some(String::new());
                }
            });
        }
        action_form_ui(walk, editor.out, ui, &review.id, &item.id);
        relate_ui(walk, editor.out, session, ui, &review.id, &item.id);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(walk.index > 0, egui::Button::new("Previous (K)"))
                .clicked()
            {
                step = -1;
            }
            if ui
                .add_enabled(walk.index + 1 < items.len(), egui::Button::new("Next (J)"))
                .clicked()
            {
                step = 1;
            }
        });
    });

    if let Some(answer) = chosen {
        editor.out.push(Command::Answer {
            review_id: review.id.clone(),
            item_id: item.id.clone(),
            answer: Some(answer),
            note: None,
        });
        // Ok and not applicable move on; a risk stays, to be noted and acted on.
        if answer != Answer::Risk {
            step = 1;
        }
    }
    if step != 0 {
        let next = walk.index as isize + step;
        if (0..items.len() as isize).contains(&next) {
            walk.index = next as usize;
            walk.action = None;
            walk.relate = None;
        }
    }

    section(ui, "All items");
    let mut jump = None;
    for (n, item) in items.iter().enumerate() {
        let mark = match review.answer_for(&item.id) {
            Answer::Unanswered => "—",
            Answer::Ok => "ok",
            Answer::Risk => "RISK",
            Answer::NotApplicable => "n/a",
        };
        let text = format!("{}. [{mark}] {}", n + 1, item.question);
        if ui.selectable_label(n == walk.index, text).clicked() {
            jump = Some(n);
        }
    }
    if let Some(n) = jump {
        walk.index = n;
        walk.action = None;
        walk.relate = None;
    }

    review_signoffs_ui(state, editor.out, ui, &page);
    open
}

/// A review's sign-offs section: the decision's sign-offs and the form to add one here.
fn review_signoffs_ui(
    state: &mut ReviewUi,
    out: &mut Vec<Command>,
    ui: &mut egui::Ui,
    page: &ReviewPage<'_>,
) {
    let review = page.review;
    section(ui, "Sign-offs");
    if let Some(s) = page.signoffs {
        signoffs_ui(ui, s);
    }
    signoff_form_ui(
        state,
        out,
        ui,
        &review.id,
        &review.decision_id,
        Some(&review.id),
    );
}

fn note_pointer(review: &Review, item_id: &str) -> String {
    let index = review
        .answers
        .iter()
        .position(|a| a.item_id == item_id)
        .unwrap_or(review.answers.len());
    format!("/answers/{index}/note")
}
