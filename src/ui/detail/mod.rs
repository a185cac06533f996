//! The selected record, editable in place: every field of the design, long texts as Markdown
//! with a live preview, and per kind the parts around it (a decision's trade-offs, a
//! trade-off's motivations, an incident's times, timeline and action items).
//!
//! - `forms`: the fields each kind's form edits, as data (typed addresses).
//! - `body`: each kind's form, drawn from those tables, and its parts.
//! - `parts`: options, timeline, checklist items, other sections.
//! - `links`: links both ways, a decision's trade-offs and reviews, action items; the picker.

mod body;
mod forms;
mod incident;
mod links;
mod parts;

use std::collections::HashMap;

use serde_json::Value;

use super::review::{ReviewLine, ReviewUi, signoff_summary_ui};
use super::{CentreView, HindsightApp};
use crate::domain::{
    ActionItem, AnyRecord, Checklist, Kind, Relation, Review, SignOffState, TradeOff,
    suggest_checklist,
};
use crate::store::LinkedRecord;
use body::body_ui;

/// What the detail view keeps between frames.
#[derive(Default)]
pub struct DetailState {
    pub markdown: egui_commonmark::CommonMarkCache,
    pub picker: Option<Picker>,
    pub review: ReviewUi,
    /// A field to give the cursor to, its text selected, when it is next drawn (a new
    /// record's title).
    pub focus: Option<&'static str>,
    /// What is typed into an incident's "add" rows.
    pub drafts: incident::Drafts,
    cached: Option<Loaded>,
}

impl DetailState {
    pub fn reset(&mut self) {
        self.picker = None;
        self.focus = None;
        self.drafts = Default::default();
    }

    /// The next time the record of `kind` is drawn, its title takes the cursor.
    pub fn focus_title(&mut self, kind: Kind) {
        self.focus = Some(forms::title_of(kind));
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
    /// The record this one belongs to (a trade-off's or review's decision, an action item's
    /// incident or review): id, kind and title, shown above the title as the way back.
    parent: Option<(String, Kind, String)>,
    /// A decision's sign-offs, or those of a review's decision.
    signoffs: Option<SignOffState>,
    /// A decision's reviews, summed up.
    reviews: Vec<ReviewLine>,
    /// The checklist a decision's next review is offered first.
    suggested_checklist: Option<String>,
    /// Titles of the records a review's answers and items point to.
    titles: HashMap<String, String>,
    /// An incident's lessons learned: id and statement.
    lessons: Vec<(String, String)>,
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
        AnyRecord::Review(r) => Some(r.decision_id.as_str()),
        AnyRecord::Action(a) => a.source_id.as_deref(),
        _ => None,
    };
    let parent = parent_id
        .and_then(|p| store.get_any(p).ok())
        .map(|p| (p.id().to_string(), p.kind(), p.title().to_string()));
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
    let suggested_checklist = match &record {
        AnyRecord::Decision(d) => {
            let checklists = store.list::<Checklist>().unwrap_or_default();
            let last = app.prefs.last_checklist.as_deref();
            suggest_checklist(&checklists, &d.tags, &d.title, last).map(|c| c.id.clone())
        }
        _ => None,
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
    let lessons = if record.kind() == Kind::Incident {
        links
            .iter()
            .filter(|l| l.relation == Relation::LearnedFrom && l.kind == Kind::Lesson)
            .map(|l| (l.id.clone(), l.title.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Some(Loaded {
        lessons,
        signoffs,
        reviews,
        titles,
        parent,
        suggested_checklist,
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
    if let Some((id, kind, title)) = &loaded.parent {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Part of");
            if ui
                .link(format!("{}: {title}", kind.label()))
                .on_hover_text("Open it")
                .clicked()
            {
                app.select(Some(id.clone()));
            }
        });
    }
    ui.heading(loaded.record.title());
    if loaded.record.kind() == Kind::Decision
        && let Some(state) = &loaded.signoffs
    {
        signoff_summary_ui(ui, state);
    }
}
