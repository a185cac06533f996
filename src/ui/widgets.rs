//! The small widgets every view draws its forms with: a label column that gives way in a
//! narrow window, a section heading, a labelled one-line field, a drop-down with an
//! accessible name, and the searchable chooser of a record. One place, so the record page,
//! the review walk and the incident page look and behave alike.

use egui::Key;

use super::UiAction;
use crate::domain::Kind;
use crate::session::{ListRow, Session};

/// Width of the label column of a form in a wide window.
pub const LABEL_WIDTH: f32 = 150.0;

/// The label column's width in `ui`: a quarter of a narrow window, at most [`LABEL_WIDTH`].
pub fn label_width(ui: &egui::Ui) -> f32 {
    (ui.available_width() * 0.25).clamp(80.0, LABEL_WIDTH)
}

/// A field's label in the form's label column.
pub fn field_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let width = label_width(ui);
    ui.allocate_ui_with_layout(
        egui::vec2(width, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.add(egui::Label::new(text).wrap())
        },
    )
    .inner
}

/// Content lined up with the fields, right of the label column.
pub fn indented(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let width = label_width(ui);
    ui.horizontal_top(|ui| {
        ui.add_space(width + ui.spacing().item_spacing.x);
        ui.vertical(add);
    });
}

/// A section heading of a record's page.
pub fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(14.0);
    ui.strong(title);
    ui.separator();
}

/// A drop-down whose accessible name is `name` (its visible label sits beside it in the grid).
pub fn named_combo(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    selected: &str,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .show_ui(ui, add_contents)
        .response;
    let text = format!("{name}: {selected}");
    response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &text));
}

/// A [`named_combo`] of a fixed width, so what follows it on the row stays where it is
/// whatever is chosen.
pub fn named_combo_width(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    selected: &str,
    width: f32,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let size = egui::vec2(width, ui.spacing().interact_size.y);
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    ui.allocate_ui_with_layout(size, layout, |ui| {
        // A longer name is cut with an ellipsis instead of widening the box.
        ui.set_max_width(width);
        let response = egui::ComboBox::from_id_salt(id_salt)
            .selected_text(selected)
            .width(width)
            .truncate()
            .show_ui(ui, add_contents)
            .response;
        let text = format!("{name}: {selected}");
        response.widget_info(move || egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &text));
    });
}

/// An empty field's hint, unmistakably not content: weak and in italics.
pub fn hint(text: &str) -> egui::RichText {
    egui::RichText::new(text).italics().weak()
}

/// A labelled one-line field over a draft's text (a form not yet sent to the store).
pub fn draft_line(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(self::hint(hint))
                .desired_width(ui.available_width().min(420.0)),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// What the user did with a [`record_chooser`] this frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Choice {
    Open,
    Picked(String),
    Cancelled,
}

/// At most this many matches are offered at once.
const SHOWN: usize = 8;

/// A search field and the records of `kinds` matching it (never `except`): a click or Enter
/// (on the first) picks one, Escape or Cancel gives up. The field takes the keyboard.
pub fn record_chooser(
    ui: &mut egui::Ui,
    session: &Session,
    label: &str,
    query: &mut String,
    kinds: &[Kind],
    except: &str,
) -> Choice {
    let mut choice = Choice::Open;
    let response = draft_line(ui, label, query, "type to search");
    if !response.has_focus() && query.is_empty() {
        response.request_focus();
    }
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let matches: Vec<(Kind, &ListRow)> = kinds
        .iter()
        .flat_map(|&kind| session.rows(kind).iter().map(move |row| (kind, row)))
        .filter(|(_, row)| row.id != except && row.matches(query))
        .take(SHOWN)
        .collect();
    for (kind, row) in &matches {
        if ui
            .button(format!("{}: {}", kind.label(), row.title))
            .clicked()
        {
            choice = Choice::Picked(row.id.clone());
        }
    }
    match matches.first() {
        Some((_, first)) if entered => choice = Choice::Picked(first.id.clone()),
        None => {
            ui.weak("Nothing matches.");
        }
        _ => {}
    }
    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
        choice = Choice::Cancelled;
    }
    choice
}

/// "New decision (Ctrl+N)": a hover text naming an action's shortcut as this platform writes
/// it (⌘ on a Mac).
pub fn shortcut_hint(ui: &egui::Ui, what: &str, action: UiAction) -> String {
    match action.shortcut_text(ui.ctx()) {
        keys if keys.is_empty() => what.to_string(),
        keys => format!("{what} ({keys})"),
    }
}
