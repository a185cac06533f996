//! The list of records of the chosen kind: type-to-filter, a status filter, sorting, and only
//! the visible rows built, so lists of tens of thousands scroll smoothly. The filtered order
//! is cached and recomputed only when the data or the filter changes.

use super::UiAction;
use super::nav::plural_label;
use super::view::{Cache, Request, ViewCtx};
use super::widgets::{named_combo, shortcut_hint};
use crate::domain::Kind;
use crate::session::{ListRow, NEW_FROM_TEAM, Session};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// The kind's own order (ADR number, newest incident first, due date).
    #[default]
    Natural,
    Title,
    Date,
    Status,
}

impl SortBy {
    const ALL: [SortBy; 4] = [SortBy::Natural, SortBy::Title, SortBy::Date, SortBy::Status];
    fn label(self) -> &'static str {
        match self {
            SortBy::Natural => "Natural order",
            SortBy::Title => "Title",
            SortBy::Date => "Date",
            SortBy::Status => "Status",
        }
    }
}

/// The list panel: its filters, and the rows they let through.
#[derive(Default)]
pub struct ListView {
    pub filter: String,
    pub status: Option<String>,
    pub sort: SortBy,
    pub focus_filter: bool,
    /// Indices into the session's rows of the kind, filtered and sorted.
    visible: Cache<(Kind, String, Option<String>, SortBy), Vec<usize>>,
    /// The values the status filter offers, per kind.
    statuses: Cache<Kind, Vec<String>>,
    /// The selection the list last showed; when it changes from elsewhere (the trace, Ctrl+K,
    /// a link), the list scrolls to the new one.
    followed: Option<String>,
}

impl ListView {
    pub fn reset_filters(&mut self) {
        self.filter.clear();
        self.status = None;
        self.sort = SortBy::Natural;
    }

    /// Clears the filters when they hide the record `id` of `kind`, so a record opened from
    /// elsewhere (the trace, Ctrl+K, a link) is in the list beside it.
    pub fn reveal(&mut self, session: &Session, kind: Kind, id: &str) {
        let hidden = session.rows(kind).iter().any(|r| {
            r.id == id
                && !(r.matches(&self.filter) && self.status.as_ref().is_none_or(|s| r.has_state(s)))
        });
        if hidden {
            self.reset_filters();
        }
    }

    /// The list of the kind being browsed, with its filters.
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
        let kind = cx.prefs.kind;
        egui::Panel::left("list")
            .resizable(true)
            .default_size(320.0)
            .min_size(180.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    if cx.prefs.kinds_shown(ui.ctx().content_rect().width()) {
                        ui.heading(plural_label(kind));
                    } else {
                        // The kinds panel is folded away: the kinds are offered here.
                        let mut chosen = kind;
                        named_combo(ui, "list-kind", "Kind", plural_label(kind), |ui| {
                            for &k in Kind::ALL {
                                ui.selectable_value(&mut chosen, k, plural_label(k));
                            }
                        });
                        if chosen != kind {
                            cx.request(Request::Browse(chosen));
                        }
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let hint = format!("New {}", kind.label().to_lowercase());
                        if ui
                            .button("+ New")
                            .on_hover_text(shortcut_hint(ui, &hint, UiAction::NewRecord))
                            .clicked()
                        {
                            cx.request(Request::Create(kind));
                        }
                    });
                });
                self.filters_ui(cx, ui, kind);
                ui.separator();
                self.rows_ui(cx, ui, kind);
            });
    }

    fn statuses(&mut self, generation: u64, kind: Kind, rows: &[ListRow]) -> Vec<String> {
        self.statuses
            .get(kind, generation, |&kind| {
                let mut statuses: Vec<String> = rows
                    .iter()
                    .flat_map(|r| {
                        let badge = if kind == Kind::Incident {
                            r.badge.clone()
                        } else {
                            String::new()
                        };
                        [
                            r.status.clone(),
                            badge,
                            r.mark.unwrap_or_default().to_string(),
                            if r.unseen {
                                NEW_FROM_TEAM.to_string()
                            } else {
                                String::new()
                            },
                        ]
                    })
                    .filter(|s| !s.is_empty())
                    .collect();
                statuses.sort();
                statuses.dedup();
                statuses
            })
            .clone()
    }

    fn visible(&mut self, generation: u64, kind: Kind, rows: &[ListRow]) -> &[usize] {
        let key = (kind, self.filter.clone(), self.status.clone(), self.sort);
        self.visible
            .get(key, generation, |(_, filter, status, sort)| {
                let mut indices: Vec<usize> = rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| status.as_ref().is_none_or(|s| r.has_state(s)))
                    .filter(|(_, r)| r.matches(filter))
                    .map(|(i, _)| i)
                    .collect();
                match sort {
                    SortBy::Natural => {}
                    SortBy::Title => indices.sort_by_key(|&i| rows[i].title.to_lowercase()),
                    SortBy::Date => indices.sort_by(|&a, &b| rows[b].date.cmp(&rows[a].date)),
                    SortBy::Status => indices.sort_by(|&a, &b| rows[a].status.cmp(&rows[b].status)),
                }
                indices
            })
    }

    fn filters_ui(&mut self, cx: &ViewCtx<'_>, ui: &mut egui::Ui, kind: Kind) {
        let label = ui.label("Filter");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(super::widgets::hint("type to filter: words, tags, owners"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_filter) {
            response.request_focus();
        }
        let statuses = self.statuses(cx.session.generation(), kind, cx.session.rows(kind));
        // Each drop-down after its label, as the form's fields are.
        ui.horizontal(|ui| {
            let shown = self.status.clone().unwrap_or_else(|| "any".into());
            let label = ui.label("Status");
            egui::ComboBox::from_id_salt("list-status")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, "any");
                    for status in statuses {
                        ui.selectable_value(&mut self.status, Some(status.clone()), status);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add_space(8.0);
            let label = ui.label("Sort");
            egui::ComboBox::from_id_salt("list-sort")
                .selected_text(self.sort.label())
                .show_ui(ui, |ui| {
                    for sort in SortBy::ALL {
                        ui.selectable_value(&mut self.sort, sort, sort.label());
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    fn rows_ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui, kind: Kind) {
        let generation = cx.session.generation();
        let rows = cx.session.rows(kind);
        let visible = self.visible(generation, kind, rows).to_vec();
        if visible.is_empty() {
            ui.add_space(12.0);
            if rows.is_empty() {
                ui.weak(format!(
                    "No {} yet. {} makes one, or bring in your team's ADRs and postmortems:",
                    plural_label(kind).to_lowercase(),
                    UiAction::NewRecord.shortcut_text(ui.ctx())
                ));
                ui.add_space(6.0);
                if ui
                    .button("Import a folder…")
                    .on_hover_text("Markdown ADRs (adr-tools, MADR, log4brains) and postmortems")
                    .clicked()
                {
                    cx.request(Request::Run(UiAction::ImportFolder));
                }
                if ui
                    .button("Sync with a repository…")
                    .on_hover_text(
                        "A folder of the team's git repository (docs/adr): read in, and kept in step",
                    )
                    .clicked()
                {
                    cx.request(Request::Run(UiAction::Sync));
                }
            } else {
                ui.weak("Nothing matches the filter.");
            }
            return;
        }
        let row_height = 44.0;
        let mut clicked = None;
        let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
        if cx.selected != self.followed.as_deref() {
            self.followed = cx.selected.map(str::to_string);
            let at = cx
                .selected
                .and_then(|id| visible.iter().position(|&i| rows[i].id == id));
            if let Some(at) = at {
                let pitch = row_height + ui.spacing().item_spacing.y;
                let offset = at as f32 * pitch - (ui.available_height() - pitch) / 2.0;
                area = area.vertical_scroll_offset(offset.max(0.0));
            }
        }
        area.show_rows(ui, row_height, visible.len(), |ui, range| {
            let rows = cx.session.rows(kind);
            for &index in &visible[range] {
                let row = &rows[index];
                let selected = cx.selected == Some(row.id.as_str());
                if row_ui(ui, row, selected, row_height).clicked() {
                    clicked = Some(row.id.clone());
                }
            }
        });
        if let Some(id) = clicked {
            // Clicked here: it is in view already.
            self.followed = Some(id.clone());
            cx.open(id);
        }
    }
}

fn row_ui(ui: &mut egui::Ui, row: &ListRow, selected: bool, height: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::click(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &row.title)
    });
    // The second line, for a screen reader too: what it belongs to, its status, its date.
    let description = meta_line(row);
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_description(description));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let fill = if selected {
            visuals.selection.bg_fill
        } else if response.hovered() {
            visuals.widgets.hovered.weak_bg_fill
        } else {
            egui::Color32::TRANSPARENT
        };
        let painter = ui.painter();
        painter.rect_filled(rect.shrink(1.0), 4.0, fill);
        let text_color = if selected {
            visuals.selection.stroke.color
        } else {
            visuals.text_color()
        };
        let weak = if selected {
            text_color
        } else {
            visuals.weak_text_color()
        };
        // New from the team: a dot before the title (the second line says it in words).
        let dot = if row.unseen { 10.0 } else { 0.0 };
        let left = rect.left() + 8.0 + dot;
        if row.unseen {
            let centre = egui::pos2(rect.left() + 10.0, rect.top() + 14.0);
            painter.circle_filled(centre, 3.5, visuals.hyperlink_color);
        }
        let width = rect.width() - 16.0 - dot;
        let title = painter.layout(
            row.title.clone(),
            egui::FontId::proportional(14.0),
            text_color,
            width,
        );
        let title = clip_galley(ui, title, width, &row.title, text_color);
        painter.galley(egui::pos2(left, rect.top() + 5.0), title, text_color);
        let meta = meta_line(row);
        // Red on the selection's blue is hard to read: a selected row's words say it.
        let meta_color = if row.alert && !selected {
            visuals.error_fg_color
        } else {
            weak
        };
        let mut job = egui::text::LayoutJob::simple_singleline(
            meta,
            egui::FontId::proportional(12.0),
            meta_color,
        );
        // Cut with an ellipsis at the row's edge, never under the panel's border.
        job.wrap = egui::text::TextWrapping::truncate_at_width(rect.width() - 16.0);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let at = egui::pos2(left, rect.bottom() - 6.0 - galley.size().y);
        ui.painter().galley(at, galley, meta_color);
    }
    response
}

/// A row's second line: new from the team, its badge, status and date, an alert, and what it
/// belongs to (a trade-off's decision, an action item's incident or review).
fn meta_line(row: &ListRow) -> String {
    let new = row.unseen.then(|| NEW_FROM_TEAM.to_string());
    let mut meta: Vec<String> = new
        .into_iter()
        .chain([&row.badge, &row.status, &row.date].into_iter().cloned())
        .filter(|part| !part.is_empty())
        .collect();
    match (row.alert, row.kind, row.mark) {
        (true, Kind::Action, _) => meta.push("overdue".into()),
        (_, _, Some(mark)) => meta.push(mark.into()),
        _ => {}
    }
    if let Some(parent) = &row.part_of {
        let of = match row.kind {
            Kind::Action => "from",
            _ => "of",
        };
        meta.push(format!("{of} {parent}"));
    }
    meta.join(" · ")
}

/// The title on one line, cut with an ellipsis when it does not fit.
fn clip_galley(
    ui: &egui::Ui,
    galley: std::sync::Arc<egui::Galley>,
    width: f32,
    text: &str,
    color: egui::Color32,
) -> std::sync::Arc<egui::Galley> {
    if galley.rows.len() <= 1 {
        return galley;
    }
    let mut job = egui::text::LayoutJob::simple_singleline(
        text.to_string(),
        egui::FontId::proportional(14.0),
        color,
    );
    job.wrap = egui::text::TextWrapping::truncate_at_width(width);
    ui.fonts_mut(|f| f.layout_job(job))
}
