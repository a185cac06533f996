//! The list of records of the chosen kind: type-to-filter, a status filter, sorting, and only
//! the visible rows built, so lists of tens of thousands scroll smoothly. The filtered order
//! is cached and recomputed only when the data or the filter changes.

use super::HindsightApp;
use super::nav::plural_label;
use crate::domain::Kind;
use crate::session::ListRow;

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

#[derive(Default)]
pub struct ListState {
    pub filter: String,
    pub status: Option<String>,
    pub sort: SortBy,
    pub focus_filter: bool,
    cache: Option<VisibleRows>,
    /// The values the status filter offers, per (generation, kind).
    statuses: Option<(u64, Kind, Vec<String>)>,
}

/// The rows a filter let through, and what they were computed for.
struct VisibleRows {
    generation: u64,
    kind: Kind,
    filter: String,
    status: Option<String>,
    sort: SortBy,
    /// Indices into the session's rows.
    indices: Vec<usize>,
}

impl ListState {
    pub fn reset_filters(&mut self) {
        self.filter.clear();
        self.status = None;
        self.sort = SortBy::Natural;
    }

    fn statuses(&mut self, generation: u64, kind: Kind, rows: &[ListRow]) -> Vec<String> {
        let fresh = matches!(&self.statuses, Some((g, k, _)) if *g == generation && *k == kind);
        if !fresh {
            let mut statuses: Vec<String> = rows
                .iter()
                .flat_map(|r| {
                    let badge = if kind == Kind::Incident {
                        r.badge.clone()
                    } else {
                        String::new()
                    };
                    [r.status.clone(), badge]
                })
                .filter(|s| !s.is_empty())
                .collect();
            statuses.sort();
            statuses.dedup();
            self.statuses = Some((generation, kind, statuses));
        }
        self.statuses
            .as_ref()
            .map(|s| s.2.clone())
            .unwrap_or_default()
    }

    fn visible(&mut self, generation: u64, kind: Kind, rows: &[ListRow]) -> &[usize] {
        let fresh = self.cache.as_ref().is_some_and(|c| {
            c.generation == generation
                && c.kind == kind
                && c.filter == self.filter
                && c.status == self.status
                && c.sort == self.sort
        });
        if !fresh {
            let mut indices: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    self.status
                        .as_ref()
                        .is_none_or(|s| &r.status == s || &r.badge == s)
                })
                .filter(|(_, r)| r.matches(&self.filter))
                .map(|(i, _)| i)
                .collect();
            match self.sort {
                SortBy::Natural => {}
                SortBy::Title => indices.sort_by_key(|&i| rows[i].title.to_lowercase()),
                SortBy::Date => indices.sort_by(|&a, &b| rows[b].date.cmp(&rows[a].date)),
                SortBy::Status => indices.sort_by(|&a, &b| rows[a].status.cmp(&rows[b].status)),
            }
            self.cache = Some(VisibleRows {
                generation,
                kind,
                filter: self.filter.clone(),
                status: self.status.clone(),
                sort: self.sort,
                indices,
            });
        }
        self.cache
            .as_ref()
            .map(|c| c.indices.as_slice())
            .unwrap_or(&[])
    }
}

pub fn ui(app: &mut HindsightApp, ui: &mut egui::Ui) {
    let kind = app.prefs.kind;
    egui::Panel::left("list")
        .resizable(true)
        .default_size(360.0)
        .min_size(240.0)
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.heading(plural_label(kind));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button("+ New")
                        .on_hover_text(format!("New {} (Ctrl+N)", kind.label().to_lowercase()))
                        .clicked()
                    {
                        app.create(kind);
                    }
                });
            });
            filters_ui(app, ui, kind);
            ui.separator();
            rows_ui(app, ui, kind);
        });
}

fn filters_ui(app: &mut HindsightApp, ui: &mut egui::Ui, kind: Kind) {
    let label = ui.label("Filter");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut app.list.filter)
                .hint_text("type to filter: words, tags, owners")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if std::mem::take(&mut app.list.focus_filter) {
        response.request_focus();
    }
    let statuses = app
        .list
        .statuses(app.session.generation(), kind, app.session.rows(kind));
    ui.horizontal(|ui| {
        let shown = app.list.status.clone().unwrap_or_else(|| "any".into());
        egui::ComboBox::from_label("Status")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut app.list.status, None, "any");
                for status in statuses {
                    ui.selectable_value(&mut app.list.status, Some(status.clone()), status);
                }
            });
        egui::ComboBox::from_label("Sort")
            .selected_text(app.list.sort.label())
            .show_ui(ui, |ui| {
                for sort in SortBy::ALL {
                    ui.selectable_value(&mut app.list.sort, sort, sort.label());
                }
            });
    });
}

fn rows_ui(app: &mut HindsightApp, ui: &mut egui::Ui, kind: Kind) {
    let generation = app.session.generation();
    let rows = app.session.rows(kind);
    let visible = app.list.visible(generation, kind, rows).to_vec();
    if visible.is_empty() {
        ui.add_space(12.0);
        ui.weak(if rows.is_empty() {
            format!(
                "No {} yet. Ctrl+N makes one.",
                plural_label(kind).to_lowercase()
            )
        } else {
            "Nothing matches the filter.".to_string()
        });
        return;
    }
    let row_height = 44.0;
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, visible.len(), |ui, range| {
            let rows = app.session.rows(kind);
            for &index in &visible[range] {
                let row = &rows[index];
                let selected = app.selected.as_deref() == Some(row.id.as_str());
                if row_ui(ui, row, selected, row_height).clicked() {
                    clicked = Some(row.id.clone());
                }
            }
        });
    if let Some(id) = clicked {
        app.select(Some(id));
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
        let left = rect.left() + 8.0;
        let title = painter.layout(
            row.title.clone(),
            egui::FontId::proportional(14.0),
            text_color,
            rect.width() - 16.0,
        );
        let title = clip_galley(ui, title, rect.width() - 16.0, &row.title, text_color);
        painter.galley(egui::pos2(left, rect.top() + 5.0), title, text_color);
        let mut meta: Vec<&str> = Vec::new();
        for part in [&row.badge, &row.status, &row.date] {
            if !part.is_empty() {
                meta.push(part);
            }
        }
        let meta_color = if row.alert {
            visuals.error_fg_color
        } else {
            weak
        };
        let alert = if row.alert && row.kind == Kind::Action {
            "  · overdue"
        } else {
            ""
        };
        painter.text(
            egui::pos2(left, rect.bottom() - 6.0),
            egui::Align2::LEFT_BOTTOM,
            format!("{}{alert}", meta.join(" · ")),
            egui::FontId::proportional(12.0),
            meta_color,
        );
    }
    response
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
