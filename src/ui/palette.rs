//! The command palette (Ctrl+K): one box that searches every record (the store's full-text
//! index) and every command. Arrows move, Enter opens, Escape closes.

use super::{HindsightApp, UiAction};
use crate::domain::Kind;

#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Action(UiAction),
    Record {
        kind: Kind,
        id: String,
        title: String,
        snippet: String,
    },
}

#[derive(Default)]
pub struct Palette {
    pub is_open: bool,
    query: String,
    selected: usize,
    /// Results for (query, generation), so the index is asked once per keystroke, not per frame.
    results: Option<(String, u64, Vec<Entry>)>,
    just_opened: bool,
}

impl Palette {
    pub fn open(&mut self) {
        self.is_open = true;
        self.just_opened = true;
        self.query.clear();
        self.selected = 0;
        self.results = None;
    }
}

fn entries(app: &HindsightApp, query: &str) -> Vec<Entry> {
    let words = query.to_lowercase();
    let mut entries: Vec<Entry> = UiAction::ALL
        .iter()
        .filter(|a| **a != UiAction::Palette)
        .filter(|a| {
            !words.is_empty()
                && words
                    .split_whitespace()
                    .all(|w| a.name().to_lowercase().contains(w))
        })
        .map(|a| Entry::Action(*a))
        .collect();
    if let Ok(hits) = app.session.store().search(query, 20) {
        entries.extend(hits.into_iter().map(|h| Entry::Record {
            kind: h.kind,
            id: h.id,
            title: h.title,
            snippet: h.snippet,
        }));
    }
    if query.trim().is_empty() {
        entries.extend(
            [
                UiAction::NewDecision,
                UiAction::NewIncident,
                UiAction::ToggleTheme,
                UiAction::Help,
            ]
            .map(Entry::Action),
        );
    }
    entries
}

pub fn ui(app: &mut HindsightApp, ctx: &egui::Context) {
    if !app.palette.is_open {
        return;
    }
    let generation = app.session.generation();
    let fresh = matches!(&app.palette.results, Some((q, g, _)) if *q == app.palette.query && *g == generation);
    if !fresh {
        let results = entries(app, &app.palette.query);
        app.palette.selected = 0;
        app.palette.results = Some((app.palette.query.clone(), generation, results));
    }
    let results = app
        .palette
        .results
        .as_ref()
        .map(|r| r.2.clone())
        .unwrap_or_default();
    let (down, up, enter) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.key_pressed(egui::Key::Enter),
        )
    });
    if down {
        app.palette.selected = (app.palette.selected + 1).min(results.len().saturating_sub(1));
    }
    if up {
        app.palette.selected = app.palette.selected.saturating_sub(1);
    }
    let mut chosen = None;
    let modal = egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
        ui.set_width(560.0);
        let label = ui.label("Search everything");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut app.palette.query)
                    .hint_text("records, commands…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut app.palette.just_opened) {
            response.request_focus();
        }
        ui.separator();
        if results.is_empty() && !app.palette.query.trim().is_empty() {
            ui.weak("Nothing found.");
        }
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for (n, entry) in results.iter().enumerate() {
                    let selected = n == app.palette.selected;
                    let text = match entry {
                        Entry::Action(a) => {
                            format!("{}    {}", a.name(), a.shortcut_text(ui.ctx()))
                        }
                        Entry::Record { kind, title, .. } => format!("{}: {title}", kind.label()),
                    };
                    let response = ui.add(egui::Button::selectable(selected, text).wrap());
                    if let Entry::Record { snippet, .. } = entry {
                        ui.weak(snippet);
                    }
                    if selected && (down || up) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        chosen = Some(entry.clone());
                    }
                }
            });
    });
    if enter {
        chosen = chosen.or_else(|| results.get(app.palette.selected).cloned());
    }
    if modal.should_close() && chosen.is_none() {
        app.palette.is_open = false;
    }
    if let Some(entry) = chosen {
        app.palette.is_open = false;
        match entry {
            Entry::Action(action) => app.run_action(ctx, action),
            Entry::Record { id, .. } => {
                app.select(Some(id));
                app.view = super::CentreView::Record;
            }
        }
    }
}
