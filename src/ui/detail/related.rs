//! "Has this happened before?" beside an incident or a decision: the past incidents, lessons
//! and decisions that share its causes, tags and rarest words, each with the words it shares.
//! While an incident is being written, the panel follows what is typed.

use super::{Loaded, PageState};
use crate::domain::AnyRecord;
use crate::ui::view::ViewCtx;
use crate::ui::widgets::section;

/// The fields whose words are asked about, per kind.
fn pointers(record: &AnyRecord) -> &'static [&'static str] {
    match record {
        AnyRecord::Incident(_) => &["/title", "/summary", "/root_causes", "/trigger", "/impact"],
        AnyRecord::Decision(_) => &["/title", "/summary", "/context", "/drivers"],
        _ => &[],
    }
}

/// The record's words as they stand, what is typed included.
fn text(cx: &ViewCtx<'_>, loaded: &Loaded) -> String {
    let mut text = String::new();
    for pointer in pointers(&loaded.record) {
        let typed = cx.buffers.typed(&loaded.id, pointer).map(str::to_string);
        let stored = loaded
            .doc
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        text.push_str(&typed.unwrap_or(stored));
        text.push('\n');
    }
    if let Some(tags) = loaded.doc.get("tags").and_then(|t| t.as_array()) {
        for tag in tags.iter().filter_map(|t| t.as_str()) {
            // Tags count twice: a shared tag says more than a shared word.
            text.push_str(&format!("{tag} {tag}\n"));
        }
    }
    text
}

/// The records like this one, as it stands (what is typed included): worked out again only
/// when its words or the workspace change. Past incidents only, for an incident; never the
/// record itself or what it is already linked to.
pub(super) fn related_to(
    page: &mut PageState,
    cx: &ViewCtx<'_>,
    loaded: &Loaded,
) -> Vec<crate::store::Related> {
    if pointers(&loaded.record).is_empty() {
        return Vec::new();
    }
    let text = text(cx, loaded);
    let store = cx.session.store();
    let id = loaded.id.clone();
    let before = match &loaded.record {
        AnyRecord::Incident(i) => i.started_at,
        _ => None,
    };
    page.related
        .get(text, cx.session.generation(), |text| {
            let known = store.neighbourhood(&id).unwrap_or_default();
            let except: Vec<&str> = known.iter().map(String::as_str).collect();
            store
                .related_to_text(text, &except, before, 6)
                .unwrap_or_default()
        })
        .clone()
}

/// The panel; returns a record to open.
pub(super) fn related_ui(ui: &mut egui::Ui, related: &[crate::store::Related]) -> Option<String> {
    section(ui, "Has this happened before?");
    if related.is_empty() {
        ui.weak("Nothing else in the workspace shares its words yet.");
        return None;
    }
    let mut open = None;
    for r in related {
        ui.horizontal_wrapped(|ui| {
            ui.weak(r.kind.label());
            if ui.link(&r.title).clicked() {
                open = Some(r.id.clone());
            }
            if !r.why.is_empty() {
                ui.weak(format!("shares: {}", r.why.join(", ")));
            }
        });
    }
    open
}

/// "Did it work?" on a decision's page: the incidents on its subject before it and since, side
/// by side.
pub(super) fn effect_ui(ui: &mut egui::Ui, effect: Option<&crate::domain::stats::Effect>) {
    let Some(e) = effect else {
        return;
    };
    section(ui, "Did it work?");
    ui.weak(format!(
        "Incidents on its subject ({}) before {} and since.",
        e.topic.join(", "),
        e.date
    ));
    // Two columns of equal width, each wrapping within its own half.
    ui.columns(2, |columns| {
        for (column, (heading, stretch)) in columns
            .iter_mut()
            .zip([("Before", &e.before), ("Since", &e.after)])
        {
            column.strong(heading);
            column.add(egui::Label::new(crate::report::stretch_words(stretch)).wrap());
        }
    });
}
