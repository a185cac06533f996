//! What writing an incident needs besides its fields: a reference proposed in the team's
//! pattern (`INC-2025-007`), a warning when its times contradict each other, and action items
//! and lessons learned added right on the incident's page, without leaving it.

use crate::domain::{ActionItem, ActionStatus, AnyRecord, Incident, Kind, Lesson, Link, Relation};
use crate::session::{Command, Session};
use crate::ui::fields::Editor;
use crate::ui::widgets::section;

/// What is being typed into the incident's "add" rows.
#[derive(Default)]
pub struct Drafts {
    pub action: String,
    pub owner: String,
    pub due: String,
    pub lesson: String,
}

/// The next reference in the pattern the workspace uses: `INC-YYYY-NNN` for the incident's year.
pub fn next_reference(session: &Session, incident: &Incident) -> String {
    let year = incident
        .started_at
        .map(|t| t.format("%Y").to_string())
        .unwrap_or_else(|| chrono::Utc::now().format("%Y").to_string());
    let prefix = format!("INC-{year}-");
    let next = session
        .rows(Kind::Incident)
        .iter()
        .filter_map(|row| row.reference.as_deref())
        .filter_map(|r| r.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    format!("{prefix}{next:03}")
}

/// Under the reference, one click takes the next one while it is empty; once it is set, the
/// same row names the pattern, so taking it moves nothing below (the next click lands where the
/// user aimed).
pub fn reference_ui(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    incident: &Incident,
    session: &Session,
) {
    let proposal = next_reference(session, incident);
    crate::ui::widgets::indented(ui, |ui| {
        ui.horizontal(|ui| {
            ui.set_min_height(ui.spacing().interact_size.y);
            if incident.reference.is_empty() {
                if ui
                    .small_button(format!("Use {proposal}"))
                    .on_hover_text("The next reference of this year")
                    .clicked()
                {
                    editor.out.push(Command::SetField {
                        id: incident.id.clone(),
                        pointer: "/reference".into(),
                        value: serde_json::Value::String(proposal),
                    });
                }
            } else if is_in_pattern(&incident.reference) {
                ui.weak("In the team's pattern, INC-YYYY-NNN.");
            } else {
                ui.weak(format!(
                    "The team's pattern is INC-YYYY-NNN; the next is {proposal}."
                ));
            }
        });
    });
}

/// `INC-2025-007`: the pattern references are proposed in.
fn is_in_pattern(reference: &str) -> bool {
    let parts: Vec<&str> = reference.split('-').collect();
    matches!(parts.as_slice(), ["INC", year, n]
        if year.len() == 4
            && year.chars().all(|c| c.is_ascii_digit())
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit()))
}

/// Times that cannot be: detected, mitigated or resolved before it started; resolved before it
/// was mitigated.
pub fn time_problems(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(start) = incident.started_at {
        for (what, at) in [
            ("detected", incident.detected_at),
            ("mitigated", incident.mitigated_at),
            ("resolved", incident.resolved_at),
        ] {
            if at.is_some_and(|t| t < start) {
                out.push(format!("It is {what} before it started: check the times."));
            }
        }
    }
    if let (Some(m), Some(r)) = (incident.mitigated_at, incident.resolved_at)
        && r < m
    {
        out.push("It is resolved before it was mitigated: check the times.".into());
    }
    out
}

pub fn incident_checks_ui(ui: &mut egui::Ui, incident: &Incident) {
    for problem in time_problems(incident) {
        crate::ui::widgets::indented(ui, |ui| {
            ui.colored_label(ui.visuals().warn_fg_color, format!("! {problem}"));
        });
    }
}

/// An action item added where it is written: title, owner, due date, then Add.
pub fn add_action_ui(ui: &mut egui::Ui, parent: &str, drafts: &mut Drafts, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New action item");
        let title = ui
            .add(
                egui::TextEdit::singleline(&mut drafts.action)
                    .hint_text(crate::ui::widgets::hint("what to do"))
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        let label = ui.label("Its owner");
        ui.add(egui::TextEdit::singleline(&mut drafts.owner).desired_width(110.0))
            .labelled_by(label.id);
        let label = ui.label("Due by");
        ui.add(
            egui::TextEdit::singleline(&mut drafts.due)
                .hint_text(crate::ui::widgets::hint("YYYY-MM-DD"))
                .desired_width(100.0),
        )
        .labelled_by(label.id);
        let enter = title.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add action item").clicked() || enter) && !drafts.action.trim().is_empty() {
            let action = ActionItem {
                source_id: Some(parent.to_string()),
                owner: Some(drafts.owner.trim().to_string()).filter(|o| !o.is_empty()),
                due: chrono::NaiveDate::parse_from_str(drafts.due.trim(), "%Y-%m-%d").ok(),
                status: ActionStatus::Open,
                opened_on: Some(chrono::Utc::now().date_naive()),
                ..ActionItem::new(drafts.action.trim())
            };
            out.push(Command::Add {
                record: Box::new(AnyRecord::Action(action)),
                link: None,
            });
            *drafts = Drafts {
                lesson: std::mem::take(&mut drafts.lesson),
                ..Default::default()
            };
        }
    });
}

/// The lessons learned from an incident, and one added in a sentence.
pub fn lessons_ui(
    ui: &mut egui::Ui,
    incident_id: &str,
    lessons: &[(String, String)],
    drafts: &mut Drafts,
    out: &mut Vec<Command>,
    jump: &mut Option<String>,
) {
    section(ui, "Lessons learned");
    for (id, statement) in lessons {
        if ui.link(statement).clicked() {
            *jump = Some(id.clone());
        }
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New lesson learned");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut drafts.lesson)
                    .hint_text(crate::ui::widgets::hint("what we learned, in one sentence"))
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add lesson learned").clicked() || enter) && !drafts.lesson.trim().is_empty()
        {
            let lesson = Lesson::new(drafts.lesson.trim());
            let link = Link::new(&lesson.id, Relation::LearnedFrom, incident_id);
            out.push(Command::Add {
                record: Box::new(AnyRecord::Lesson(lesson)),
                link: Some(link),
            });
            drafts.lesson.clear();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_the_teams_pattern_are_known() {
        assert!(is_in_pattern("INC-2025-007"));
        assert!(!is_in_pattern("PM2021-011"));
        assert!(!is_in_pattern("INC-25-7"));
    }

    #[test]
    fn contradicting_times_are_named() {
        let at = |t: &str| Some(t.parse().unwrap());
        let incident = Incident {
            started_at: at("2025-01-10T18:00:00Z"),
            mitigated_at: at("2025-01-10T19:00:00Z"),
            resolved_at: at("2025-01-10T17:00:00Z"),
            ..Incident::new("x")
        };
        let problems = time_problems(&incident);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("resolved before it started"));
    }
}
