//! The fields the window edits, per kind, as data: each with its label, its address in the
//! record's document and how it is typed. One table per form; the forms draw from them, and a
//! test sets a value through every address and checks it lands (a misspelt address would drop
//! what the user typed without a word).

use crate::domain::{
    ActionStatus, ActionType, DecisionStatus, IncidentStatus, Kind, LessonCategory, RiskLevel,
    Severity,
};
use crate::ui::fields::{Editor, FieldType};

/// How a field is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Widget {
    Line,
    /// One line with a hint while empty ("YYYY-MM-DD").
    Hint(&'static str),
    /// Several lines of plain text.
    Area,
    /// Markdown with a live preview.
    Markdown,
    /// One of a closed set of values.
    Choice(&'static [&'static str]),
}

/// One field of a form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub label: &'static str,
    /// Where it lives in the record's document (a JSON pointer).
    pub pointer: &'static str,
    pub field_type: FieldType,
    pub widget: Widget,
}

const fn field(
    label: &'static str,
    pointer: &'static str,
    field_type: FieldType,
    widget: Widget,
) -> Field {
    Field {
        label,
        pointer,
        field_type,
        widget,
    }
}

const fn text(label: &'static str, pointer: &'static str) -> Field {
    field(label, pointer, FieldType::Text, Widget::Line)
}

const fn markdown(label: &'static str, pointer: &'static str) -> Field {
    field(label, pointer, FieldType::Text, Widget::Markdown)
}

const fn date(label: &'static str, pointer: &'static str) -> Field {
    field(label, pointer, FieldType::Date, Widget::Hint("YYYY-MM-DD"))
}

const fn time(label: &'static str, pointer: &'static str) -> Field {
    field(
        label,
        pointer,
        FieldType::DateTime,
        Widget::Hint("YYYY-MM-DD HH:MM"),
    )
}

const fn names(label: &'static str, pointer: &'static str) -> Field {
    field(label, pointer, FieldType::Commas, Widget::Line)
}

pub const DECISION: &[Field] = &[
    text("Title", "/title"),
    field("ADR number", "/number", FieldType::Number, Widget::Line),
    field(
        "Status",
        "/status",
        FieldType::Text,
        Widget::Choice(DecisionStatus::NAMES),
    ),
    date("Date", "/date"),
    date("Revisit by", "/revisit_by"),
    names("Decision makers", "/decision_makers"),
    names("Consulted", "/consulted"),
    names("Informed", "/informed"),
    names("Tags", "/tags"),
    field(
        "Plain-language summary",
        "/summary",
        FieldType::Text,
        Widget::Area,
    ),
    markdown("Context", "/context"),
    markdown("Decision drivers", "/drivers"),
    markdown("Outcome", "/outcome"),
    markdown("Consequences", "/consequences"),
    markdown("Confirmation", "/confirmation"),
];

/// Shown only when a file wrote its status in its own words.
pub const STATUS_TEXT: Field = field(
    "Status as written",
    "/status_text",
    FieldType::OptText,
    Widget::Line,
);

pub const TRADEOFF: &[Field] = &[
    text("Title", "/title"),
    field("What we gain", "/gain", FieldType::Text, Widget::Area),
    field("What it costs", "/cost", FieldType::Text, Widget::Area),
    field(
        "Why, in plain words",
        "/explanation",
        FieldType::Text,
        Widget::Area,
    ),
    field(
        "Risk",
        "/risk",
        FieldType::Text,
        Widget::Choice(RiskLevel::NAMES),
    ),
];

pub const LESSON: &[Field] = &[
    field("Statement", "/statement", FieldType::Text, Widget::Area),
    field(
        "Category",
        "/category",
        FieldType::Text,
        Widget::Choice(LessonCategory::NAMES),
    ),
    markdown("Explanation", "/explanation"),
];

pub const INCIDENT: &[Field] = &[
    text("Title", "/title"),
    text("Reference", "/reference"),
    field(
        "Severity",
        "/severity",
        FieldType::Text,
        Widget::Choice(Severity::NAMES),
    ),
    field(
        "Status",
        "/status",
        FieldType::Text,
        Widget::Choice(IncidentStatus::NAMES),
    ),
    time("Started (UTC)", "/started_at"),
    time("Detected (UTC)", "/detected_at"),
    time("Mitigated (UTC)", "/mitigated_at"),
    time("Resolved (UTC)", "/resolved_at"),
];

/// The label says what the field takes.
const USERS_AFFECTED: &str = "Users affected (a number)";

pub const INCIDENT_ABOUT: &[Field] = &[
    names("Authors", "/authors"),
    field(
        USERS_AFFECTED,
        "/users_affected",
        FieldType::Count,
        Widget::Hint("such as 10,000"),
    ),
    names("Tags", "/tags"),
    text("Company", "/company"),
    text("Product", "/product"),
    text("Source", "/source_url"),
];

pub const INCIDENT_SUMMARY: Field = markdown("Summary", "/summary");

pub const INCIDENT_TEXT: &[Field] = &[
    markdown("Impact", "/impact"),
    markdown("Root causes", "/root_causes"),
    markdown("Trigger", "/trigger"),
    markdown("Resolution", "/resolution"),
    markdown("Detection", "/detection"),
    markdown("What went well", "/went_well"),
    markdown("What went wrong", "/went_wrong"),
    markdown("Where we got lucky", "/lucky"),
];

pub const ACTION: &[Field] = &[
    text("Title", "/title"),
    field(
        "Type",
        "/type",
        FieldType::Text,
        Widget::Choice(ActionType::NAMES),
    ),
    field("Owner", "/owner", FieldType::OptText, Widget::Line),
    date("Due", "/due"),
    field(
        "Status",
        "/status",
        FieldType::Text,
        Widget::Choice(ActionStatus::NAMES),
    ),
    date("Opened on", "/opened_on"),
    date("Done on", "/done_on"),
    field("Notes", "/notes", FieldType::Text, Widget::Area),
];

pub const CHECKLIST: &[Field] = &[
    text("Name", "/name"),
    field("Description", "/description", FieldType::Text, Widget::Area),
];

pub const REVIEW: &[Field] = &[
    text("Title", "/title"),
    date("Date", "/date"),
    names("Participants", "/participants"),
];

/// Every table, with its kind: what the round-trip test walks.
#[cfg(test)]
pub const ALL: &[(Kind, &[Field])] = &[
    (Kind::Decision, DECISION),
    (Kind::Decision, &[STATUS_TEXT]),
    (Kind::TradeOff, TRADEOFF),
    (Kind::Lesson, LESSON),
    (Kind::Incident, INCIDENT),
    (Kind::Incident, INCIDENT_ABOUT),
    (Kind::Incident, &[INCIDENT_SUMMARY]),
    (Kind::Incident, INCIDENT_TEXT),
    (Kind::Action, ACTION),
    (Kind::Checklist, CHECKLIST),
    (Kind::Review, REVIEW),
];

/// The field a new record of `kind` opens with its cursor in.
pub fn title_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Lesson => "/statement",
        Kind::Checklist => "/name",
        _ => "/title",
    }
}

/// Draws fields. `focus` names a field to give the cursor to, with its text selected (a new
/// record's title); it is taken once drawn.
pub fn draw(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    fields: &[Field],
    mut preview: Option<&mut egui_commonmark::CommonMarkCache>,
    focus: &mut Option<&'static str>,
) {
    for f in fields {
        let response = match f.widget {
            Widget::Line => Some(editor.line_response(ui, f.label, f.pointer, f.field_type, "")),
            Widget::Hint(hint) => {
                Some(editor.line_response(ui, f.label, f.pointer, f.field_type, hint))
            }
            Widget::Area => Some(editor.area_response(ui, f.label, f.pointer, f.field_type)),
            Widget::Markdown => {
                editor.markdown(ui, f.label, f.pointer, preview.as_deref_mut());
                None
            }
            Widget::Choice(options) => {
                editor.choice(ui, f.label, f.pointer, options);
                None
            }
        };
        if let Some(response) = response
            && *focus == Some(f.pointer)
        {
            *focus = None;
            select_all(ui, &response);
        }
    }
}

/// Gives a text field the cursor with all its text selected, so typing replaces it.
pub fn select_all(ui: &egui::Ui, response: &egui::Response) {
    response.request_focus();
    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), response.id) {
        let end = egui::text::CCursor::new(usize::MAX / 2);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                end,
            )));
        state.store(ui.ctx(), response.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        ActionItem, AnyRecord, Checklist, Decision, Incident, Lesson, Review, TradeOff, with_field,
    };
    use serde_json::{Value, json};

    fn sample(kind: Kind) -> AnyRecord {
        match kind {
            Kind::Decision => AnyRecord::Decision(Decision::new("D")),
            Kind::TradeOff => AnyRecord::TradeOff(TradeOff::new("dec-1", "T")),
            Kind::Lesson => AnyRecord::Lesson(Lesson::new("L")),
            Kind::Incident => AnyRecord::Incident(Incident::new("I")),
            Kind::Action => AnyRecord::Action(ActionItem::new("A")),
            Kind::Checklist => AnyRecord::Checklist(Checklist {
                id: "chk-1".into(),
                name: "C".into(),
                ..Default::default()
            }),
            Kind::Review => AnyRecord::Review(Review {
                id: "rev-1".into(),
                decision_id: "dec-1".into(),
                ..Default::default()
            }),
        }
    }

    fn value_for(f: &Field) -> Value {
        if let Widget::Choice(options) = f.widget {
            return json!(options[options.len() - 1]);
        }
        match f.field_type {
            FieldType::Text | FieldType::OptText => json!("typed by a user"),
            FieldType::Number | FieldType::Count => json!(7),
            FieldType::Date => json!("2024-05-06"),
            FieldType::DateTime => json!("2024-05-06T07:08:00Z"),
            FieldType::Commas | FieldType::Lines => json!(["one", "two"]),
        }
    }

    #[test]
    fn every_field_the_window_edits_lands_in_its_record() {
        for (kind, fields) in ALL {
            for f in *fields {
                let record = sample(*kind);
                let value = value_for(f);
                let set = with_field(&record, f.pointer, value.clone());
                let updated = set
                    .unwrap_or_else(|e| panic!("{kind} {}: {e}", f.label))
                    .unwrap_or_else(|| panic!("{kind} {}: nothing changed", f.label));
                assert_eq!(
                    updated.to_json().pointer(f.pointer),
                    Some(&value),
                    "{kind} {}",
                    f.label
                );
            }
        }
    }
}
