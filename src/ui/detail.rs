//! The selected record, editable in place: every field of the design, long texts as Markdown
//! with a live preview, and per kind the parts around it (a decision's trade-offs, a
//! trade-off's motivations, an incident's times, timeline and action items).

use serde_json::{Value, json};

use std::collections::HashMap;

use super::fields::{Editor, FieldType, field_label, named_combo};
use super::review::{ReviewLine, ReviewPage, ReviewUi};
use super::{CentreView, HindsightApp};
use crate::domain::{
    ActionItem, ActionStatus, ActionType, AnyRecord, Checklist, DecisionStatus, IncidentStatus,
    Kind, LessonCategory, Level, Link, Marker, Relation, Review, RiskLevel, Severity, SignOffState,
    TradeOff, human_duration, who,
};
use crate::session::Command;
use crate::store::{LinkDirection, LinkedRecord};

/// What the detail view keeps between frames.
#[derive(Default)]
pub struct DetailState {
    pub markdown: egui_commonmark::CommonMarkCache,
    pub picker: Option<Picker>,
    pub review: ReviewUi,
    cached: Option<Loaded>,
}

impl DetailState {
    pub fn reset(&mut self) {
        self.picker = None;
    }
}

/// The selected record and what surrounds it, read once per change.
struct Loaded {
    id: String,
    generation: u64,
    record: AnyRecord,
    doc: Value,
    links: Vec<LinkedRecord>,
    tradeoffs: Vec<TradeOff>,
    actions: Vec<ActionItem>,
    checklist: Option<Checklist>,
    /// "Decision: …" for a trade-off, "Incident: …" for an action item.
    parent_title: Option<String>,
    /// A decision's sign-offs, or those of a review's decision.
    signoffs: Option<SignOffState>,
    /// A decision's reviews, summed up.
    reviews: Vec<ReviewLine>,
    /// Titles of the records a review's answers and items point to.
    titles: HashMap<String, String>,
}

/// A searchable chooser of records to link to.
pub struct Picker {
    pub relation: Relation,
    /// The selected record; the link goes from it, or to it when `incoming`.
    pub anchor: String,
    pub incoming: bool,
    pub query: String,
}

fn load(app: &HindsightApp, id: &str) -> Option<Loaded> {
    let store = app.session.store();
    let record = store.get_any(id).ok()?;
    let doc = record.to_json();
    let links = store.linked(id).unwrap_or_default();
    let tradeoffs = if record.kind() == Kind::Decision {
        store.children::<TradeOff>(id).unwrap_or_default()
    } else {
        Vec::new()
    };
    let actions = store.children::<ActionItem>(id).unwrap_or_default();
    let checklist = match &record {
        AnyRecord::Review(r) => store.find::<Checklist>(&r.checklist_id).ok().flatten(),
        _ => None,
    };
    let parent_id = match &record {
        AnyRecord::TradeOff(t) => Some(t.decision_id.as_str()),
        AnyRecord::Action(a) => a.source_id.as_deref(),
        _ => None,
    };
    let parent_title = parent_id.map(|p| title_of(app, p));
    let decision_id = match &record {
        AnyRecord::Decision(d) => Some(d.id.as_str()),
        AnyRecord::Review(r) => Some(r.decision_id.as_str()),
        _ => None,
    };
    let signoffs = decision_id.and_then(|d| store.signoff_state(d).ok());
    let reviews = if record.kind() == Kind::Decision {
        store
            .children::<Review>(id)
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let checklist = store.find::<Checklist>(&r.checklist_id).ok().flatten();
                ReviewLine::of(r, checklist.as_ref())
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut titles = HashMap::new();
    if let AnyRecord::Review(r) = &record {
        let related = r.answers.iter().flat_map(|a| a.related.iter());
        let lessons = checklist
            .iter()
            .flat_map(|c| c.items.iter().filter_map(|i| i.lesson_id.as_ref()));
        for other in related.chain(lessons) {
            if let Ok(found) = store.get_any(other) {
                titles.insert(other.clone(), found.title().to_string());
            }
        }
    }
    Some(Loaded {
        signoffs,
        reviews,
        titles,
        parent_title,
        id: id.to_string(),
        generation: app.session.generation(),
        record,
        doc,
        links,
        tradeoffs,
        actions,
        checklist,
    })
}

pub fn ui(app: &mut HindsightApp, ui: &mut egui::Ui) {
    let Some(id) = app.selected.clone() else {
        empty_ui(app, ui);
        return;
    };
    let stale = app
        .detail
        .cached
        .as_ref()
        .is_none_or(|c| c.id != id || c.generation != app.session.generation());
    if stale {
        app.detail.cached = load(app, &id);
    }
    let Some(loaded) = app.detail.cached.take() else {
        empty_ui(app, ui);
        return;
    };
    header_ui(app, ui, &loaded);
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .id_salt(("detail", &id))
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().min(900.0));
            let conflicts = app.session.conflicts_of(&id);
            super::team::conflicts_ui(ui, &conflicts, &mut app.pending);
            body_ui(app, ui, &loaded);
            ui.add_space(40.0);
        });
    app.detail.cached = Some(loaded);
}

fn empty_ui(app: &mut HindsightApp, ui: &mut egui::Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.heading("Why did we build it this way?");
        ui.add_space(8.0);
        ui.label("Pick a record on the left, or search everything with Ctrl+K.");
        ui.add_space(8.0);
        if ui.button("New decision").clicked() {
            app.create(Kind::Decision);
        }
    });
}

fn header_ui(app: &mut HindsightApp, ui: &mut egui::Ui, loaded: &Loaded) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.weak(loaded.record.kind().label());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let ctx = ui.ctx().clone();
            if ui.button("Delete…").on_hover_text("Ctrl+Delete").clicked() {
                app.run_action(&ctx, super::UiAction::Delete);
            }
            if ui.button("Duplicate").on_hover_text("Ctrl+D").clicked() {
                app.run_action(&ctx, super::UiAction::Duplicate);
            }
            if ui.button("History…").on_hover_text("Ctrl+H").clicked() {
                app.run_action(&ctx, super::UiAction::History);
            }
            if matches!(loaded.record.kind(), Kind::Decision | Kind::Incident)
                && ui.button("Show trace").on_hover_text("Ctrl+T").clicked()
            {
                app.view = CentreView::Trace;
            }
        });
    });
    ui.heading(loaded.record.title());
    if loaded.record.kind() == Kind::Decision
        && let Some(state) = &loaded.signoffs
    {
        match state.warning() {
            Some(warning) if state.is_awaiting() => {
                ui.colored_label(ui.visuals().warn_fg_color, format!("! {warning}"));
            }
            Some(warning) => {
                ui.weak(warning);
            }
            None if !state.entries.is_empty() => {
                let names: Vec<String> = state.entries.iter().map(|e| who(&e.signoff)).collect();
                ui.weak(format!("Signed off by {}", names.join(", ")));
            }
            None => {}
        }
    }
}

fn body_ui(app: &mut HindsightApp, ui: &mut egui::Ui, loaded: &Loaded) {
    let now = ui.input(|i| i.time);
    let show_preview = app.prefs.show_preview;
    let mut open = None;
    let HindsightApp {
        buffers,
        pending,
        detail,
        session,
        ..
    } = app;
    let mut editor = Editor {
        id: &loaded.id,
        doc: &loaded.doc,
        buffers,
        out: pending,
        now,
    };
    fn preview(d: &mut DetailState, show: bool) -> Option<&mut egui_commonmark::CommonMarkCache> {
        show.then_some(&mut d.markdown)
    }
    let form = |ui: &mut egui::Ui, _part: &str, add: &mut dyn FnMut(&mut egui::Ui)| {
        ui.vertical(|ui| add(ui));
    };
    match &loaded.record {
        AnyRecord::Decision(_) => {
            form(ui, "decision", &mut |ui| {
                editor.line(ui, "Title", "/title", FieldType::Text);
                editor.line(ui, "ADR number", "/number", FieldType::Number);
                editor.choice(ui, "Status", "/status", DecisionStatus::NAMES);
                if loaded.doc.get("status_text").is_some_and(|t| !t.is_null()) {
                    editor.line(ui, "Status as written", "/status_text", FieldType::OptText);
                }
                editor.line_hint(ui, "Date", "/date", FieldType::Date, "YYYY-MM-DD");
                editor.line(ui, "Decision makers", "/decision_makers", FieldType::Commas);
                editor.line(ui, "Consulted", "/consulted", FieldType::Commas);
                editor.line(ui, "Informed", "/informed", FieldType::Commas);
                editor.line(ui, "Tags", "/tags", FieldType::Commas);
                editor.area(ui, "Plain-language summary", "/summary", FieldType::Text);
                editor.markdown(ui, "Context", "/context", preview(detail, show_preview));
                editor.markdown(
                    ui,
                    "Decision drivers",
                    "/drivers",
                    preview(detail, show_preview),
                );
                editor.markdown(ui, "Outcome", "/outcome", preview(detail, show_preview));
                editor.markdown(
                    ui,
                    "Consequences",
                    "/consequences",
                    preview(detail, show_preview),
                );
                editor.markdown(
                    ui,
                    "Confirmation",
                    "/confirmation",
                    preview(detail, show_preview),
                );
            });
            options_ui(&mut editor, ui, &loaded.doc);
            sections_ui(
                &mut editor,
                ui,
                &loaded.doc,
                preview(detail, show_preview),
                0,
            );
        }
        AnyRecord::TradeOff(_) => form(ui, "tradeoff", &mut |ui| {
            editor.line(ui, "Title", "/title", FieldType::Text);
            editor.area(ui, "What we gain", "/gain", FieldType::Text);
            editor.area(ui, "What it costs", "/cost", FieldType::Text);
            editor.area(ui, "Why, in plain words", "/explanation", FieldType::Text);
            editor.choice(ui, "Risk", "/risk", RiskLevel::NAMES);
        }),
        AnyRecord::Lesson(_) => form(ui, "lesson", &mut |ui| {
            editor.area(ui, "Statement", "/statement", FieldType::Text);
            editor.choice(ui, "Category", "/category", LessonCategory::NAMES);
            editor.markdown(
                ui,
                "Explanation",
                "/explanation",
                preview(detail, show_preview),
            );
        }),
        AnyRecord::Incident(incident) => {
            form(ui, "incident", &mut |ui| {
                editor.line(ui, "Title", "/title", FieldType::Text);
                editor.line(ui, "Reference", "/reference", FieldType::Text);
                editor.choice(ui, "Severity", "/severity", Severity::NAMES);
                editor.choice(ui, "Status", "/status", IncidentStatus::NAMES);
                for (label, pointer) in [
                    ("Started (UTC)", "/started_at"),
                    ("Detected (UTC)", "/detected_at"),
                    ("Mitigated (UTC)", "/mitigated_at"),
                    ("Resolved (UTC)", "/resolved_at"),
                ] {
                    editor.line_hint(ui, label, pointer, FieldType::DateTime, "YYYY-MM-DD HH:MM");
                }
            });
            durations_ui(ui, incident);
            let described = incident
                .sections
                .first()
                .is_some_and(|s| s.heading.is_empty());
            form(ui, "incident-text", &mut |ui| {
                editor.line(ui, "Authors", "/authors", FieldType::Commas);
                editor.line(ui, "Users affected", "/users_affected", FieldType::Number);
                editor.line(ui, "Tags", "/tags", FieldType::Commas);
                editor.line(ui, "Company", "/company", FieldType::Text);
                editor.line(ui, "Product", "/product", FieldType::Text);
                editor.line(ui, "Source", "/source_url", FieldType::Text);
                if !incident.source_url.is_empty() {
                    ui.label("");
                    ui.hyperlink_to("Open the original write-up", &incident.source_url);
                    ui.end_row();
                }
                editor.markdown(ui, "Summary", "/summary", preview(detail, show_preview));
                if described {
                    // A postmortem written as a story: its text, right under the summary.
                    editor.markdown(
                        ui,
                        "Description",
                        "/sections/0/body",
                        preview(detail, show_preview),
                    );
                }
                for (label, pointer) in [
                    ("Impact", "/impact"),
                    ("Root causes", "/root_causes"),
                    ("Trigger", "/trigger"),
                    ("Resolution", "/resolution"),
                    ("Detection", "/detection"),
                    ("What went well", "/went_well"),
                    ("What went wrong", "/went_wrong"),
                    ("Where we got lucky", "/lucky"),
                ] {
                    editor.markdown(ui, label, pointer, preview(detail, show_preview));
                }
            });
            timeline_ui(&mut editor, ui, &loaded.doc);
            sections_ui(
                &mut editor,
                ui,
                &loaded.doc,
                preview(detail, show_preview),
                usize::from(described),
            );
        }
        AnyRecord::Action(_) => form(ui, "action", &mut |ui| {
            editor.line(ui, "Title", "/title", FieldType::Text);
            editor.choice(ui, "Type", "/type", ActionType::NAMES);
            editor.line(ui, "Owner", "/owner", FieldType::OptText);
            editor.line_hint(ui, "Due", "/due", FieldType::Date, "YYYY-MM-DD");
            editor.choice(ui, "Status", "/status", ActionStatus::NAMES);
            editor.area(ui, "Notes", "/notes", FieldType::Text);
        }),
        AnyRecord::Checklist(_) => {
            form(ui, "checklist", &mut |ui| {
                editor.line(ui, "Name", "/name", FieldType::Text);
                editor.area(ui, "Description", "/description", FieldType::Text);
            });
            checklist_items_ui(&mut editor, ui, &loaded.doc, session.rows(Kind::Lesson));
        }
        AnyRecord::Review(review) => {
            form(ui, "review", &mut |ui| {
                editor.line(ui, "Title", "/title", FieldType::Text);
                editor.line_hint(ui, "Date", "/date", FieldType::Date, "YYYY-MM-DD");
                editor.line(ui, "Participants", "/participants", FieldType::Commas);
            });
            let title_of = |id: &str| {
                loaded
                    .titles
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string())
            };
            let page = ReviewPage {
                review,
                checklist: loaded.checklist.as_ref(),
                actions: &loaded.actions,
                signoffs: loaded.signoffs.as_ref(),
                title_of: &title_of,
            };
            open = super::review::review_ui(&mut detail.review, &mut editor, session, ui, page);
        }
    }
    relations_ui(app, ui, loaded);
    if let Some(id) = open {
        app.select(Some(id));
    }
}

/// The parts of an imported file that have no field of their own, each editable under its
/// own heading.
/// The sections with no field of their own, from the `skip`-th (a postmortem's story is shown
/// higher up).
fn sections_ui(
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

/// A titled part of a record's page.
pub(super) fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(14.0);
    ui.strong(title);
    ui.separator();
}

fn durations_ui(ui: &mut egui::Ui, incident: &crate::domain::Incident) {
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

fn set(editor: &mut Editor<'_>, pointer: &str, value: Value) {
    editor.out.push(Command::SetField {
        id: editor.id.to_string(),
        pointer: pointer.to_string(),
        value,
    });
}

fn array(doc: &Value, pointer: &str) -> Vec<Value> {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn options_ui(editor: &mut Editor<'_>, ui: &mut egui::Ui, doc: &Value) {
    section(ui, "Considered options");
    let options = array(doc, "/options");
    for i in 0..options.len() {
        ui.vertical(|ui| {
            editor.line(
                ui,
                &format!("Option {}", i + 1),
                &format!("/options/{i}/name"),
                FieldType::Text,
            );
            editor.area(
                ui,
                "Pros (one a line)",
                &format!("/options/{i}/pros"),
                FieldType::Lines,
            );
            editor.area(
                ui,
                "Cons (one a line)",
                &format!("/options/{i}/cons"),
                FieldType::Lines,
            );
        });
        if ui
            .small_button(format!("Remove option {}", i + 1))
            .clicked()
        {
            let mut rest = options.clone();
            rest.remove(i);
            set(editor, "/options", Value::Array(rest));
        }
        ui.add_space(6.0);
    }
    if ui.button("Add option").clicked() {
        let mut more = options;
        more.push(json!({"name": "New option", "description": "", "pros": [], "cons": []}));
        set(editor, "/options", Value::Array(more));
    }
}

fn timeline_ui(editor: &mut Editor<'_>, ui: &mut egui::Ui, doc: &Value) {
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
            let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
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

fn checklist_items_ui(
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
            let name = |id: &Option<String>| {
                id.as_ref()
                    .map(|id| {
                        lessons
                            .iter()
                            .find(|l| &l.id == id)
                            .map_or_else(|| id.clone(), |l| l.title.clone())
                    })
                    .unwrap_or_else(|| "—".into())
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
                set(
                    editor,
                    &format!("/items/{i}/lesson_id"),
                    chosen.map_or(Value::Null, Value::String),
                );
            }
            ui.horizontal(|ui| {
                ui.add_space(super::fields::LABEL_WIDTH + ui.spacing().item_spacing.x);
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

/// Links, both ways, and the records that belong to this one; each jumps to the other record.
fn relations_ui(app: &mut HindsightApp, ui: &mut egui::Ui, loaded: &Loaded) {
    let kind = loaded.record.kind();
    let mut jump = None;
    if let AnyRecord::TradeOff(t) = &loaded.record {
        section(ui, "Decision");
        let title = loaded.parent_title.clone().unwrap_or_default();
        if ui.link(title).clicked() {
            jump = Some(t.decision_id.clone());
        }
    }
    if let AnyRecord::Action(a) = &loaded.record
        && let Some(source) = &a.source_id
    {
        section(ui, "From");
        let title = loaded.parent_title.clone().unwrap_or_default();
        if ui.link(title).clicked() {
            jump = Some(source.clone());
        }
    }
    if kind == Kind::Decision {
        section(ui, "Trade-offs");
        for t in &loaded.tradeoffs {
            ui.horizontal(|ui| {
                if ui.link(&t.title).clicked() {
                    jump = Some(t.id.clone());
                }
                ui.weak(format!("risk: {}", t.risk));
            });
        }
        if ui.button("Add trade-off").clicked() {
            app.flush_all();
            app.send(Command::Create {
                kind: Kind::TradeOff,
                parent_id: Some(loaded.id.clone()),
            });
        }
        if let Some(signoffs) = &loaded.signoffs {
            let checklists = app.session.rows(Kind::Checklist).to_vec();
            let HindsightApp {
                detail, pending, ..
            } = &mut *app;
            let opened = super::review::decision_ui(
                &mut detail.review,
                pending,
                ui,
                &loaded.id,
                signoffs,
                &loaded.reviews,
                &checklists,
            );
            if opened.is_some() {
                jump = opened;
            }
        }
    }
    let pickers: &[(&str, Relation, bool, &[Kind])] = match kind {
        Kind::TradeOff => &[(
            "Motivated by",
            Relation::MotivatedBy,
            false,
            &[Kind::Lesson, Kind::Incident],
        )],
        Kind::Lesson => &[(
            "Learned from",
            Relation::LearnedFrom,
            false,
            &[Kind::Incident],
        )],
        Kind::Decision => &[
            (
                "Superseded by",
                Relation::Supersedes,
                true,
                &[Kind::Decision],
            ),
            ("Supersedes", Relation::Supersedes, false, &[Kind::Decision]),
        ],
        Kind::Action => &[(
            "Addresses",
            Relation::Addresses,
            false,
            &[Kind::Lesson, Kind::TradeOff, Kind::Review],
        )],
        _ => &[],
    };
    let mut shown = Vec::new();
    for (title, relation, incoming, kinds) in pickers {
        let direction = if *incoming {
            LinkDirection::Incoming
        } else {
            LinkDirection::Outgoing
        };
        let is_superseded = matches!(&loaded.record, AnyRecord::Decision(d) if d.status == DecisionStatus::Superseded);
        let ends: Vec<&LinkedRecord> = loaded
            .links
            .iter()
            .filter(|l| l.relation == *relation && l.direction == direction)
            .collect();
        if *title == "Superseded by" && !is_superseded && ends.is_empty() {
            continue;
        }
        section(ui, title);
        for end in &ends {
            shown.push((end.relation, end.direction, end.id.clone()));
            link_row(app, ui, loaded, end, &mut jump);
        }
        if ends.is_empty() && *title == "Superseded by" {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Superseded, but by which decision? Pick its successor.",
            );
        }
        picker_ui(app, ui, loaded, title, *relation, *incoming, kinds);
    }
    let others: Vec<&LinkedRecord> = loaded
        .links
        .iter()
        .filter(|l| !shown.contains(&(l.relation, l.direction, l.id.clone())))
        .collect();
    if !others.is_empty() {
        section(ui, "Linked");
        for end in others {
            link_row(app, ui, loaded, end, &mut jump);
        }
    }
    if matches!(kind, Kind::Incident | Kind::Review) {
        section(ui, "Action items");
        let today = chrono::Utc::now().date_naive();
        for a in &loaded.actions {
            ui.horizontal(|ui| {
                let mut done = a.status == ActionStatus::Done;
                if ui.checkbox(&mut done, "").on_hover_text("Done").changed() {
                    app.send(Command::SetField {
                        id: a.id.clone(),
                        pointer: "/status".into(),
                        value: Value::String(if done { "done" } else { "open" }.into()),
                    });
                }
                if ui.link(&a.title).clicked() {
                    jump = Some(a.id.clone());
                }
                let owner = a.owner.clone().unwrap_or_else(|| "no owner".into());
                let due = a.due.map(|d| format!("due {d}")).unwrap_or_default();
                if a.is_overdue(today) {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("overdue · {owner} · {due}"),
                    );
                } else {
                    ui.weak(format!("{owner} · {due}"));
                }
            });
        }
        if ui.button("Add action item").clicked() {
            app.flush_all();
            app.send(Command::Create {
                kind: Kind::Action,
                parent_id: Some(loaded.id.clone()),
            });
        }
    }
    if let Some(id) = jump {
        app.select(Some(id));
    }
}

fn title_of(app: &HindsightApp, id: &str) -> String {
    app.session
        .store()
        .get_any(id)
        .map(|r| format!("{}: {}", r.kind().label(), r.title()))
        .unwrap_or_else(|_| id.to_string())
}

fn link_row(
    app: &mut HindsightApp,
    ui: &mut egui::Ui,
    loaded: &Loaded,
    end: &LinkedRecord,
    jump: &mut Option<String>,
) {
    ui.horizontal(|ui| {
        let words = match end.direction {
            LinkDirection::Outgoing => end.relation.as_str().replace('-', " "),
            LinkDirection::Incoming => end.relation.inverse_label().to_string(),
        };
        ui.weak(format!("{words} {}", end.kind.label().to_lowercase()));
        if ui.link(&end.title).clicked() {
            *jump = Some(end.id.clone());
        }
        if ui
            .small_button("×")
            .on_hover_text(format!("Remove the link to “{}”", end.title))
            .clicked()
        {
            let link = match end.direction {
                LinkDirection::Outgoing => Link::new(&loaded.id, end.relation, &end.id),
                LinkDirection::Incoming => Link::new(&end.id, end.relation, &loaded.id),
            };
            app.send(Command::Unlink(link));
        }
    });
}

fn picker_ui(
    app: &mut HindsightApp,
    ui: &mut egui::Ui,
    loaded: &Loaded,
    title: &str,
    relation: Relation,
    incoming: bool,
    kinds: &[Kind],
) {
    let open =
        app.detail.picker.as_ref().is_some_and(|p| {
            p.relation == relation && p.incoming == incoming && p.anchor == loaded.id
        });
    let noun = kinds
        .iter()
        .map(|k| k.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(" or ");
    if !open {
        if ui
            .button(format!("Link a {noun}…"))
            .on_hover_text(format!("{title}: pick a {noun}"))
            .clicked()
        {
            app.detail.picker = Some(Picker {
                relation,
                anchor: loaded.id.clone(),
                incoming,
                query: String::new(),
            });
        }
        return;
    }
    let Some(picker) = app.detail.picker.as_mut() else {
        return;
    };
    let label = ui.label(format!("Find a {noun}"));
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut picker.query)
                .hint_text("type to search")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if !response.has_focus() && picker.query.is_empty() {
        response.request_focus();
    }
    let query = picker.query.clone();
    let mut chosen = None;
    let mut shown = 0;
    for &kind in kinds {
        for row in app.session.rows(kind) {
            if shown >= 8 || row.id == loaded.id || !row.matches(&query) {
                continue;
            }
            shown += 1;
            if ui
                .button(format!("{}: {}", kind.label(), row.title))
                .clicked()
            {
                chosen = Some(row.id.clone());
            }
        }
    }
    if shown == 0 {
        ui.weak("Nothing matches.");
    }
    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        app.detail.picker = None;
    }
    if let Some(other) = chosen {
        let link = if incoming {
            Link::new(&other, relation, &loaded.id)
        } else {
            Link::new(&loaded.id, relation, &other)
        };
        app.send(Command::Link(link));
        app.detail.picker = None;
    }
}
