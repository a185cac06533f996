//! The parts of a record's page that repeat: considered options, a timeline, checklist items,
//! the sections with no field of their own, an incident's durations; and the small helpers
//! every part uses.

use serde_json::{Value, json};

use crate::domain::{Level, Marker, human_duration};
use crate::session::Command;
use crate::ui::fields::{Editor, FieldType};
use crate::ui::widgets::{field_label, named_combo, section};

/// The sections with no field of their own, from the `skip`-th (a postmortem's story is shown
/// higher up).
pub(super) fn sections_ui(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    doc: &Value,
    mut preview: Option<&mut egui_commonmark::CommonMarkCache>,
    skip: usize,
) {
    let sections = array(doc, "/sections");
    if sections.len() <= skip {
        return;
    }
    section(ui, "Other sections");
    for (n, s) in sections.iter().enumerate().skip(skip) {
        let heading = s["heading"].as_str().unwrap_or_default();
        let label = if heading.is_empty() {
            "Introduction".to_string()
        } else {
            heading.to_string()
        };
        editor.markdown(
            ui,
            &label,
            &format!("/sections/{n}/body"),
            preview.as_deref_mut(),
        );
    }
}

pub(super) fn durations_ui(ui: &mut egui::Ui, incident: &crate::domain::Incident) {
    let show = |d: Option<chrono::TimeDelta>| d.map(human_duration).unwrap_or_else(|| "—".into());
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Time to detect: {}",
            show(incident.time_to_detect())
        ));
        ui.separator();
        ui.label(format!(
            "Time to mitigate: {}",
            show(incident.time_to_mitigate())
        ));
        ui.separator();
        ui.label(format!(
            "Time to resolve: {}",
            show(incident.time_to_resolve())
        ));
    });
}

pub(super) fn set(editor: &mut Editor<'_>, pointer: &str, value: Value) {
    editor.out.push(Command::SetField {
        id: editor.id.to_string(),
        pointer: pointer.to_string(),
        value,
    });
}

pub(super) fn array(doc: &Value, pointer: &str) -> Vec<Value> {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// A decision's considered options, folded: each a header with its name as plain words
/// (a Markdown link shows its text), wrapped, and how many pros and cons it has; opened, its
/// name, pros and cons. An empty list of pros or cons is a button until asked for.
pub(super) fn options_ui(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    doc: &Value,
    asked: &mut std::collections::HashSet<String>,
) {
    let options = array(doc, "/options");
    section(ui, &format!("Considered options ({})", options.len()));
    for (i, option) in options.iter().enumerate() {
        let n = i + 1;
        let name = plain(option["name"].as_str().unwrap_or_default());
        let count = |key: &str| option[key].as_array().map_or(0, Vec::len);
        let (pros, cons) = (count("pros"), count("cons"));
        let tally = match (pros, cons) {
            (0, 0) => "no pros or cons yet".to_string(),
            _ => format!(
                "{}, {}",
                crate::report::story::count(pros, "pro", "pros"),
                crate::report::story::count(cons, "con", "cons")
            ),
        };
        let header = wrapped(ui, format!("Option {n}: {name} · {tally}"));
        egui::CollapsingHeader::new(header)
            .id_salt(("option", editor.id, i))
            .default_open(false)
            .show(ui, |ui| {
                editor.line(
                    ui,
                    &format!("Name of option {n}"),
                    &format!("/options/{i}/name"),
                    FieldType::Text,
                );
                for (key, what) in [("pros", "Pros"), ("cons", "Cons")] {
                    let pointer = format!("/options/{i}/{key}");
                    let label = format!("{what} of option {n}");
                    let typed = !editor.current_text(&pointer, FieldType::Lines).is_empty();
                    if typed || asked.contains(&pointer) {
                        editor.area_hint(ui, &label, &pointer, FieldType::Lines, "one a line");
                    } else {
                        crate::ui::widgets::indented(ui, |ui| {
                            if ui
                                .small_button(format!("Add {key} to option {n}"))
                                .clicked()
                            {
                                asked.insert(pointer.clone());
                            }
                        });
                    }
                }
                crate::ui::widgets::indented(ui, |ui| {
                    if ui.small_button(format!("Remove option {n}")).clicked() {
                        let mut rest = options.clone();
                        rest.remove(i);
                        set(editor, "/options", Value::Array(rest));
                    }
                });
            });
    }
    if ui.button("Add option").clicked() {
        let mut more = options;
        more.push(json!({"name": "New option", "description": "", "pros": [], "cons": []}));
        set(editor, "/options", Value::Array(more));
    }
}

/// The words of an option's name as a reader sees them: `[MADR](https://…) 2.1.2` is
/// "MADR 2.1.2".
fn plain(name: &str) -> String {
    match crate::interop::markdown::plain(name) {
        words if words.is_empty() => name.trim().to_string(),
        words => words,
    }
}

/// `text` laid out to wrap at the width left for a folding header's title, in the header's
/// font and the theme's text colour.
fn wrapped(ui: &egui::Ui, text: String) -> egui::WidgetText {
    let width = (ui.available_width() - ui.spacing().indent - 8.0).max(80.0);
    let font = egui::TextStyle::Button.resolve(ui.style());
    let mut job = egui::text::LayoutJob::simple(text, font, egui::Color32::PLACEHOLDER, width);
    job.wrap.max_width = width;
    egui::WidgetText::Galley(ui.fonts_mut(|f| f.layout_job(job)))
}

/// An incident's timeline; a new entry starts at the last entry's time (or the incident's
/// start), not at now.
pub(super) fn timeline_ui(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    doc: &Value,
    started: Option<chrono::DateTime<chrono::Utc>>,
) {
    section(ui, "Timeline (UTC)");
    let entries = array(doc, "/timeline");
    let mut markers = vec!["—"];
    markers.extend(Marker::NAMES);
    ui.vertical(|ui| {
        for i in 0..entries.len() {
            editor.line_hint(
                ui,
                &format!("Time {}", i + 1),
                &format!("/timeline/{i}/at"),
                FieldType::DateTime,
                "YYYY-MM-DD HH:MM",
            );
            editor.line(
                ui,
                &format!("What happened {}", i + 1),
                &format!("/timeline/{i}/text"),
                FieldType::Text,
            );
            let marker = entries[i]["marker"].as_str().unwrap_or("—").to_string();
            ui.horizontal(|ui| {
                field_label(ui, &format!("Marker {}", i + 1));
                let mut chosen = marker.clone();
                let name = format!("Marker {}", i + 1);
                named_combo(ui, ("marker", editor.id, i), &name, &marker, |ui| {
                    for m in &markers {
                        ui.selectable_value(&mut chosen, m.to_string(), *m);
                    }
                });
                if chosen != marker {
                    let value = if chosen == "—" {
                        Value::Null
                    } else {
                        Value::String(chosen)
                    };
                    set(editor, &format!("/timeline/{i}/marker"), value);
                }
                if ui.small_button(format!("Remove entry {}", i + 1)).clicked() {
                    let mut rest = entries.clone();
                    rest.remove(i);
                    set(editor, "/timeline", Value::Array(rest));
                }
            });
            ui.add_space(6.0);
        }
    });
    ui.horizontal(|ui| {
        if ui.button("Add timeline entry").clicked() {
            let mut more = entries.clone();
            let last = entries
                .iter()
                .rev()
                .find_map(|e| e["at"].as_str().map(str::to_string));
            let at = last
                .or_else(|| started.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
            more.push(json!({"at": at, "text": ""}));
            set(editor, "/timeline", Value::Array(more));
        }
        if ui.button("Sort by time").clicked() {
            let mut sorted = entries.clone();
            sorted.sort_by_key(|e| {
                let at = e["at"].as_str().map(str::to_string);
                (at.is_none(), at)
            });
            set(editor, "/timeline", Value::Array(sorted));
        }
    });
}

pub(super) fn checklist_items_ui(
    editor: &mut Editor<'_>,
    ui: &mut egui::Ui,
    doc: &Value,
    lessons: &[crate::session::ListRow],
) {
    section(ui, "Items");
    let items = array(doc, "/items");
    for i in 0..items.len() {
        ui.vertical(|ui| {
            editor.line(
                ui,
                &format!("Section {}", i + 1),
                &format!("/items/{i}/section"),
                FieldType::Text,
            );
            editor.line(
                ui,
                &format!("Question {}", i + 1),
                &format!("/items/{i}/question"),
                FieldType::Text,
            );
            editor.area(
                ui,
                &format!("Guidance {}", i + 1),
                &format!("/items/{i}/guidance"),
                FieldType::Text,
            );
            editor.choice(
                ui,
                &format!("Level {}", i + 1),
                &format!("/items/{i}/level"),
                Level::NAMES,
            );
            let current = items[i]["lesson_id"].as_str().map(str::to_string);
            // The lesson in the workspace, else the statement the item carries; never an id.
            let carried = items[i]["lesson_statement"].as_str().unwrap_or_default();
            let name = |id: &Option<String>| {
                let found = id
                    .as_ref()
                    .and_then(|id| lessons.iter().find(|l| &l.id == id))
                    .map(|l| l.title.as_str());
                match (found, carried.trim()) {
                    (Some(title), _) => title.to_string(),
                    (None, "") => "—".to_string(),
                    (None, statement) => statement.to_string(),
                }
            };
            let mut chosen = current.clone();
            ui.horizontal(|ui| {
                let label = format!("Lesson {}", i + 1);
                field_label(ui, &label);
                named_combo(
                    ui,
                    ("item-lesson", editor.id, i),
                    &label,
                    &name(&current),
                    |ui| {
                        ui.selectable_value(&mut chosen, None, "—");
                        for l in lessons {
                            ui.selectable_value(&mut chosen, Some(l.id.clone()), &l.title);
                        }
                    },
                );
            });
            if chosen != current {
                // The item carries the chosen lesson's statement with its id: one edit.
                let mut item = items[i].clone();
                if let Some(object) = item.as_object_mut() {
                    let statement = chosen
                        .as_ref()
                        .and_then(|id| lessons.iter().find(|l| &l.id == id))
                        .map(|l| l.title.clone());
                    object.insert(
                        "lesson_id".into(),
                        chosen.map_or(Value::Null, Value::String),
                    );
                    match statement {
                        Some(s) => object.insert("lesson_statement".into(), Value::String(s)),
                        None => object.remove("lesson_statement"),
                    };
                }
                set(editor, &format!("/items/{i}"), item);
            }
            ui.horizontal(|ui| {
                ui.add_space(crate::ui::widgets::label_width(ui) + ui.spacing().item_spacing.x);
                if ui.small_button(format!("Remove item {}", i + 1)).clicked() {
                    let mut rest = items.clone();
                    rest.remove(i);
                    set(editor, "/items", Value::Array(rest));
                }
                if i > 0 && ui.small_button(format!("Move item {} up", i + 1)).clicked() {
                    let mut moved = items.clone();
                    moved.swap(i - 1, i);
                    set(editor, "/items", Value::Array(moved));
                }
            });
        });
        ui.add_space(6.0);
    }
    if ui.button("Add item").clicked() {
        let mut more = items.clone();
        // Ids stay unique after removals: one past the highest number in use.
        let next = items
            .iter()
            .filter_map(|it| it["id"].as_str()?.rsplit('-').next()?.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let id = format!("item-{next}");
        more.push(json!({"id": id, "section": "", "question": "New question", "guidance": "", "level": "should"}));
        set(editor, "/items", Value::Array(more));
    }
}
