//! The command palette (Ctrl+K), the window's front door: one box that searches every record
//! (the store's full-text index) and every command. Results come grouped by kind, each record
//! with the words around the match and the matched words highlighted, each command with its
//! shortcut; a dozen fit at once. Arrows move, Enter opens, Escape closes.

use egui::text::LayoutJob;
use egui::{Color32, FontId, TextFormat};

use super::view::{Cache, Request, ViewCtx};
use super::{CentreView, UiAction};
use crate::domain::Kind;
use crate::session::Session;

/// Marks around matched words in snippets: characters no text has.
const MARK_START: &str = "\u{E000}";
const MARK_END: &str = "\u{E001}";

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

impl Entry {
    /// The group heading it is listed under.
    fn group(&self) -> &'static str {
        match self {
            Entry::Action(_) => "Commands",
            Entry::Record { kind, .. } => super::nav::plural_label(*kind),
        }
    }
}

#[derive(Default)]
pub struct Palette {
    pub is_open: bool,
    query: String,
    selected: usize,
    /// Results for a query, so the index is asked once per keystroke, not per frame.
    results: Cache<String, Vec<Entry>>,
    just_opened: bool,
}

impl Palette {
    pub fn open(&mut self) {
        self.is_open = true;
        self.just_opened = true;
        self.query.clear();
        self.selected = 0;
        self.results.clear();
    }
}

fn entries(session: &Session, query: &str) -> Vec<Entry> {
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
    if let Ok(hits) = session
        .store()
        .search_marked(query, 40, MARK_START, MARK_END)
    {
        let mut records: Vec<Entry> = hits
            .into_iter()
            .map(|h| Entry::Record {
                kind: h.kind,
                id: h.id,
                title: h.title,
                snippet: h.snippet,
            })
            .collect();
        // A record named exactly (INC-2024-019, ADR-4, 4, its id) comes first, whatever the
        // words of other records say.
        let named = query.trim();
        if !named.is_empty()
            && !named.contains(char::is_whitespace)
            && let Ok((kind, id)) = session.store().resolve(named)
            && let Ok(record) = session.store().get_any(&id)
        {
            records.retain(|e| !matches!(e, Entry::Record { id: other, .. } if *other == id));
            records.insert(
                0,
                Entry::Record {
                    kind,
                    id,
                    title: record.title().to_string(),
                    snippet: String::new(),
                },
            );
        }
        // Grouped by kind, best match first within each, kinds in the order of the best hit.
        let order: Vec<&'static str> = records.iter().fold(Vec::new(), |mut seen, e| {
            if !seen.contains(&e.group()) {
                seen.push(e.group());
            }
            seen
        });
        records.sort_by_key(|e| order.iter().position(|g| *g == e.group()));
        entries.extend(records);
    }
    if query.trim().is_empty() {
        entries.extend(
            [
                UiAction::NewDecision,
                UiAction::NewIncident,
                UiAction::Sync,
                UiAction::WriteReport,
                UiAction::Stakeholder,
                UiAction::ToggleTheme,
                UiAction::Help,
            ]
            .map(Entry::Action),
        );
    }
    entries
}

/// Text with the marked words highlighted; `query` words are highlighted too (a title has no
/// marks of its own).
fn highlighted(ui: &egui::Ui, text: &str, query: &str, strong: bool, size: f32) -> LayoutJob {
    let visuals = ui.visuals();
    let normal = TextFormat {
        font_id: FontId::proportional(size),
        color: if strong {
            visuals.strong_text_color()
        } else {
            visuals.weak_text_color()
        },
        ..Default::default()
    };
    let hit = TextFormat {
        color: visuals.strong_text_color(),
        background: visuals.selection.bg_fill.gamma_multiply(0.6),
        ..normal.clone()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_rows = 1;
    job.wrap.break_anywhere = true;
    let text = text.replace('\n', " ");
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .collect();
    let mut marked = false;
    for piece in text.split_inclusive([
        MARK_START.chars().next().unwrap_or('\u{E000}'),
        MARK_END.chars().next().unwrap_or('\u{E001}'),
    ]) {
        let (body, next) = if let Some(b) = piece.strip_suffix(MARK_START) {
            (b, true)
        } else if let Some(b) = piece.strip_suffix(MARK_END) {
            (b, false)
        } else {
            (piece, marked)
        };
        if marked {
            job.append(body, 0.0, hit.clone());
        } else {
            // Words of the query inside unmarked text (a title).
            let mut rest = body;
            while !rest.is_empty() {
                let lower = rest.to_lowercase();
                let found = words
                    .iter()
                    .filter_map(|w| lower.find(w.as_str()).map(|at| (at, w.len())))
                    .min();
                match found {
                    Some((at, len))
                        if rest.is_char_boundary(at) && rest.is_char_boundary(at + len) =>
                    {
                        job.append(&rest[..at], 0.0, normal.clone());
                        job.append(&rest[at..at + len], 0.0, hit.clone());
                        rest = &rest[at + len..];
                    }
                    _ => {
                        job.append(rest, 0.0, normal.clone());
                        rest = "";
                    }
                }
            }
        }
        marked = next;
    }
    job
}

impl Palette {
    /// The palette over the window, while it is open.
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ctx: &egui::Context) {
        if !self.is_open {
            return;
        }
        let session = cx.session;
        let mut fresh = false;
        let results = self
            .results
            .get(self.query.clone(), session.generation(), |query| {
                fresh = true;
                entries(session, query)
            })
            .clone();
        if fresh {
            self.selected = 0;
        }
        let (down, up, enter) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Enter),
            )
        });
        if down {
            self.selected = (self.selected + 1).min(results.len().saturating_sub(1));
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        let screen = ctx.content_rect();
        let width = (screen.width() - 80.0).clamp(360.0, 760.0);
        let height = (screen.height() * 0.7).max(240.0);
        let query = self.query.clone();
        let mut chosen = None;
        let modal = egui::Modal::new(egui::Id::unique("palette")).show(ctx, |ui| {
            ui.set_width(width);
            let label = ui.label("Search everything");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text(super::widgets::hint(
                            "decisions, incidents, lessons, commands…",
                        ))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.just_opened) {
                response.request_focus();
            }
            ui.separator();
            if results.is_empty() && !query.trim().is_empty() {
                ui.weak("Nothing found. Try fewer words, or the start of a word.");
            }
            egui::ScrollArea::vertical()
                .max_height(height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let mut group = "";
                    for (n, entry) in results.iter().enumerate() {
                        if entry.group() != group {
                            group = entry.group();
                            ui.add_space(4.0);
                            ui.label(egui::RichText::new(group).small().strong());
                        }
                        let selected = n == self.selected;
                        let response = entry_ui(ui, entry, &query, selected);
                        if selected && (down || up) {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() {
                            chosen = Some(entry.clone());
                        }
                    }
                });
            ui.add_space(4.0);
            ui.weak("Up and Down to move · Enter to open · Esc to close");
        });
        if enter {
            chosen = chosen.or_else(|| results.get(self.selected).cloned());
        }
        if modal.should_close() && chosen.is_none() {
            self.is_open = false;
        }
        if let Some(entry) = chosen {
            self.is_open = false;
            match entry {
                Entry::Action(action) => cx.request(Request::Run(action)),
                Entry::Record { id, .. } => {
                    cx.open(id);
                    cx.request(Request::Centre(CentreView::Record));
                }
            }
        }
    }
}

/// One result: a command with its shortcut, or a record's title and the words around the match.
fn entry_ui(ui: &mut egui::Ui, entry: &Entry, query: &str, selected: bool) -> egui::Response {
    let (label, detail) = match entry {
        Entry::Action(a) => (a.name().to_string(), a.shortcut_text(ui.ctx())),
        Entry::Record { title, snippet, .. } => (title.clone(), snippet.clone()),
    };
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let width = ui.available_width();
    let fill = if selected {
        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
    } else {
        Color32::TRANSPARENT
    };
    let frame = egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .corner_radius(4.0);
    let inner = frame.show(ui, |ui| {
        ui.set_width(width - 12.0);
        match entry {
            Entry::Action(_) => {
                ui.horizontal(|ui| {
                    ui.label(highlighted(ui, &label, query, true, size));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.weak(detail);
                    });
                });
            }
            Entry::Record { .. } => {
                ui.label(highlighted(ui, &label, query, true, size));
                if !detail.trim().is_empty() {
                    ui.label(highlighted(ui, &detail, "", false, size * 0.9));
                }
            }
        }
    });
    let response = ui.interact(
        inner.response.rect,
        ui.scope_id().with(("entry", &label)),
        egui::Sense::click(),
    );
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response
}
