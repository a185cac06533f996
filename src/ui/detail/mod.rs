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
mod related;

use std::collections::HashMap;

use serde_json::Value;

use super::UiAction;
use super::review::{ReviewLine, ReviewUi, signoff_summary_ui};
use super::view::{Cache, Request, ViewCtx};
use super::widgets::shortcut_hint;
use crate::domain::LinkedRecord;
use crate::domain::{
    ActionItem, AnyRecord, Checklist, Kind, Relation, Review, SignOffState, TradeOff,
    suggest_checklist,
};
use crate::session::Session;
use body::body_ui;

/// The record page: what it read of the selected record, and what its parts keep between
/// frames.
#[derive(Default)]
pub struct DetailView {
    pub page: PageState,
    loaded: Cache<String, Result<Loaded, String>>,
}

/// What the page's parts keep between frames (drafts, the open picker, the review walk).
#[derive(Default)]
pub struct PageState {
    pub markdown: egui_commonmark::CommonMarkCache,
    picker: Option<Picker>,
    review: ReviewUi,
    /// A field to give the cursor to, its text selected, when it is next drawn (a new
    /// record's title).
    focus: Option<&'static str>,
    /// What is typed into an incident's "add" rows.
    drafts: incident::Drafts,
    /// The records related to the words of the record shown (see `related`).
    related: Cache<String, Vec<crate::store::Related>>,
    /// Empty parts the user asked to fill in (an option's pros), by address; folded otherwise.
    asked: std::collections::HashSet<String>,
}

impl DetailView {
    /// Forgets what was typed into the page's drafts and pickers (another record opens).
    pub fn reset(&mut self) {
        self.page.picker = None;
        self.page.focus = None;
        self.page.drafts = Default::default();
        self.page.asked.clear();
    }

    /// The next time the record of `kind` is drawn, its title takes the cursor.
    pub fn focus_title(&mut self, kind: Kind) {
        self.page.focus = Some(forms::title_of(kind));
    }

    /// The selected record's page: its header, any conflict from a sync, its form and parts.
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
        let Some(id) = cx.selected.map(str::to_string) else {
            empty_ui(cx, ui);
            return;
        };
        let session = cx.session;
        let loaded = self
            .loaded
            .get(id.clone(), session.generation(), |id| load(session, id));
        let loaded = match loaded {
            Ok(loaded) => &*loaded,
            Err(why) => {
                // A damaged record: say which and why; the rest of the workspace works on.
                ui.add_space(12.0);
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("This record cannot be read: {why}"),
                );
                ui.label("Its earlier versions are in its history (Ctrl+H), and in the workspace's backups (Workspace → Backups…).");
                return;
            }
        };
        header_ui(cx, ui, loaded);
        ui.separator();
        let page = &mut self.page;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt(("detail", &id))
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(900.0));
                let conflicts = session.conflicts_of(&id);
                super::team::conflicts_ui(ui, &conflicts, cx.commands());
                body_ui(page, cx, ui, loaded);
                ui.add_space(40.0);
            });
    }
}

/// The selected record and what surrounds it, read once per change.
struct Loaded {
    id: String,
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
    /// For a review: each item's lesson, the incidents it was learned from and those since.
    lesson_histories: HashMap<String, crate::store::LessonHistory>,
    /// An incident's lessons learned: id and statement.
    lessons: Vec<(String, String)>,
    /// A decision's incidents on its topic before and since it (see `domain::stats`).
    effect: Option<crate::domain::stats::Effect>,
    /// The decision or incident whose trace this record is in (itself for those).
    trace_root: Option<String>,
}

/// A searchable chooser of records to link to.
pub struct Picker {
    pub relation: Relation,
    /// The selected record; the link goes from it, or to it when `incoming`.
    pub anchor: String,
    pub incoming: bool,
    pub query: String,
}

fn load(session: &Session, id: &str) -> Result<Loaded, String> {
    let store = session.store();
    let record = store.get_any(id).map_err(|e| e.to_string())?;
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
            suggest_checklist(&checklists, &d.tags, &d.title).map(|c| c.id.clone())
        }
        _ => None,
    };
    let mut titles = HashMap::new();
    let mut lesson_histories = HashMap::new();
    for lesson in checklist
        .iter()
        .flat_map(|c| c.items.iter().filter_map(|i| i.lesson_id.as_ref()))
    {
        if let Ok(history) = store.lesson_history(lesson) {
            lesson_histories.insert(lesson.clone(), history);
        }
    }
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
    let effect = match &record {
        AnyRecord::Decision(d) => store.stats_input().ok().and_then(|input| {
            crate::domain::stats::effect_of(&input, &d.id, chrono::Utc::now().date_naive())
        }),
        _ => None,
    };
    let trace_root = store.trace_root(id).ok().flatten();
    Ok(Loaded {
        trace_root,
        effect,
        lessons,
        signoffs,
        reviews,
        titles,
        lesson_histories,
        parent,
        suggested_checklist,
        id: id.to_string(),
        record,
        doc,
        links,
        tradeoffs,
        actions,
        checklist,
    })
}

fn empty_ui(cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.heading("Why did we build it this way?");
        ui.add_space(8.0);
        ui.label(format!(
            "Pick a record on the left, or search everything with {}.",
            UiAction::Palette.shortcut_text(ui.ctx())
        ));
        ui.add_space(8.0);
        if ui.button("New decision").clicked() {
            cx.request(Request::Create(Kind::Decision));
        }
    });
}

fn header_ui(cx: &mut ViewCtx<'_>, ui: &mut egui::Ui, loaded: &Loaded) {
    ui.add_space(6.0);
    // The kind and the record's buttons wrap onto a second line in a narrow window.
    ui.horizontal_wrapped(|ui| {
        ui.weak(loaded.record.kind().label());
        ui.separator();
        let mut button = |ui: &mut egui::Ui, label: &str, action: UiAction| {
            if ui
                .button(label)
                .on_hover_text(shortcut_hint(ui, action.name(), action))
                .clicked()
            {
                cx.request(Request::Run(action));
            }
        };
        if loaded.trace_root.is_some() {
            button(ui, "Show trace", UiAction::ToggleTrace);
        }
        button(ui, "History…", UiAction::History);
        button(ui, "Duplicate", UiAction::Duplicate);
        button(ui, "Delete…", UiAction::Delete);
    });
    if let Some((id, kind, title)) = &loaded.parent {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Part of");
            if ui
                .link(format!("{}: {title}", kind.label()))
                .on_hover_text("Open it")
                .clicked()
            {
                cx.open(id.clone());
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
