//! Design reviews in the window. A decision shows who signed it off (and whether that still
//! holds), its reviews and their progress, and starts a review from a checklist. A review is
//! walked one item at a time from the keyboard: O ok, R risk, N not applicable, J/K or ↓/↑ to
//! move, Enter to write a note, A to turn a risk into an action item, L to point it at a
//! lesson or incident; each of those is two clicks with the mouse too.

use chrono::NaiveDate;
use egui::{Key, RichText};

use super::detail::section;
use super::fields::{Editor, FieldType, field_label, indented, named_combo};
use crate::domain::{
    ActionItem, ActionStatus, Answer, Checklist, Kind, Review, SignOffState, Verdict, who,
};
use crate::report::story::{count, long_time};
use crate::session::{Command, ListRow, RiskAction, Session, SignOffForm};

/// What the review parts of the detail view keep between frames.
#[derive(Default)]
pub struct ReviewUi {
    walk: Option<Walk>,
    signoff: Option<SignOffDraft>,
    /// The checklist chosen to start a review with.
    start_with: Option<String>,
}

/// Where the walk through a review is.
struct Walk {
    review_id: String,
    index: usize,
    action: Option<ActionDraft>,
    /// The search text of the lesson-or-incident chooser, while it is open.
    relate: Option<String>,
}

struct ActionDraft {
    /// The owner field takes the keyboard when the form opens.
    focus: bool,
    item_id: String,
    title: String,
    owner: String,
    due: String,
    error: Option<String>,
}

struct SignOffDraft {
    /// The record whose page the form is on (a decision or a review).
    on: String,
    form: SignOffForm,
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

/// A labelled one-line field over a draft's text.
fn draft_line(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(ui.available_width().min(420.0)),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// The decision's sign-offs and reviews, with the forms to start a review and to sign off.
/// Returns a record to open.
pub fn decision_ui(
    state: &mut ReviewUi,
    out: &mut Vec<Command>,
    ui: &mut egui::Ui,
    decision_id: &str,
    signoffs: &SignOffState,
    reviews: &[ReviewLine],
    checklists: &[ListRow],
) -> Option<String> {
    let mut open = None;
    section(ui, "Sign-off");
    signoffs_ui(ui, signoffs);
    signoff_form_ui(state, out, ui, decision_id, decision_id, None);

    section(ui, "Reviews");
    if reviews.is_empty() {
        ui.weak("Not reviewed yet. Walk it through a checklist:");
    }
    for r in reviews {
        ui.horizontal(|ui| {
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
    ui.horizontal(|ui| {
        let chosen = state
            .start_with
            .clone()
            .filter(|id| checklists.iter().any(|c| &c.id == id))
            .or_else(|| checklists.first().map(|c| c.id.clone()));
        let name = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| checklists.iter().find(|c| &c.id == id))
                .map(|c| c.title.clone())
                .unwrap_or_else(|| "no checklist".into())
        };
        field_label(ui, "Checklist");
        let mut picked = chosen.clone();
        named_combo(ui, "start-review", "Checklist", &name(&chosen), |ui| {
            for c in checklists {
                ui.selectable_value(&mut picked, Some(c.id.clone()), &c.title);
            }
        });
        if picked != chosen {
            state.start_with = picked.clone();
        }
        let start = ui.add_enabled(picked.is_some(), egui::Button::new("Start review"));
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

/// Who signed, with outdated sign-offs marked, and the warning when one is missing.
pub fn signoffs_ui(ui: &mut egui::Ui, state: &SignOffState) {
    if let Some(warning) = state.warning() {
        if state.is_awaiting() {
            ui.colored_label(ui.visuals().warn_fg_color, format!("! {warning}"));
        } else {
            ui.weak(warning);
        }
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

/// The "Sign off…" button, and the form it opens.
fn signoff_form_ui(
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
            });
        }
        return;
    }
    let Some(draft) = state.signoff.as_mut() else {
        return;
    };
    let form = &mut draft.form;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Sign off this decision as it stands now");
        draft_line(ui, "Name", &mut form.name, "who is signing");
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
    });
    let mut close = false;
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
    if close {
        state.signoff = None;
    }
}

/// What the review page shows, read once per change.
pub struct ReviewPage<'a> {
    pub review: &'a Review,
    pub checklist: Option<&'a Checklist>,
    pub actions: &'a [ActionItem],
    pub signoffs: Option<&'a SignOffState>,
    /// Titles of the records answers and items point to.
    pub title_of: &'a dyn Fn(&str) -> String,
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
        if let Some(lesson) = &item.lesson_id {
            ui.horizontal(|ui| {
                ui.weak("From the lesson:");
                if ui.link((page.title_of)(lesson)).clicked() {
                    open = Some(lesson.clone());
                }
            });
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
                        if ui.link((page.title_of)(id)).clicked() {
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

impl ActionDraft {
    fn for_item(item: &crate::domain::ChecklistItem) -> ActionDraft {
        ActionDraft {
            focus: true,
            item_id: item.id.clone(),
            title: item.question.clone(),
            owner: String::new(),
            due: String::new(),
            error: None,
        }
    }
}

/// The action item form of a risk: title, owner, due date.
fn action_form_ui(
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
        draft_line(ui, "Action item", &mut draft.title, "what will be done");
        let owner = draft_line(ui, "Owner", &mut draft.owner, "who does it");
        if std::mem::take(&mut draft.focus) {
            owner.request_focus();
        }
        let due = draft_line(ui, "Due", &mut draft.due, "YYYY-MM-DD");
        let entered = due.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(error) = &draft.error {
            indented(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, error);
            });
        }
        ui.horizontal(|ui| {
            if ui.button("Create action item").clicked() || entered {
                let due = draft.due.trim();
                let parsed = if due.is_empty() {
                    Ok(None)
                } else {
                    NaiveDate::parse_from_str(due, "%Y-%m-%d").map(Some)
                };
                match parsed {
                    Ok(due) => {
                        out.push(Command::RiskToAction {
                            review_id: review_id.to_string(),
                            item_id: item_id.to_string(),
                            action: RiskAction {
                                title: draft.title.clone(),
                                owner: Some(draft.owner.clone()),
                                due,
                            },
                        });
                        close = true;
                    }
                    Err(_) => draft.error = Some("write the due date as YYYY-MM-DD".into()),
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
fn relate_ui(
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
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let response = draft_line(ui, "Find a lesson or incident", query, "type to search");
        if !response.has_focus() && query.is_empty() {
            response.request_focus();
        }
        let mut shown = 0;
        for kind in [Kind::Lesson, Kind::Incident] {
            for row in session.rows(kind) {
                if shown >= 8 || !row.matches(query) {
                    continue;
                }
                shown += 1;
                if ui
                    .button(format!("{}: {}", kind.label(), row.title))
                    .clicked()
                {
                    out.push(Command::RelateRisk {
                        review_id: review_id.to_string(),
                        item_id: item_id.to_string(),
                        record_id: row.id.clone(),
                    });
                    close = true;
                }
            }
        }
        if shown == 0 {
            ui.weak("Nothing matches.");
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            close = true;
        }
    });
    if close {
        walk.relate = None;
    }
}
