//! The trace diagram, the heart of the product: incidents → lessons → trade-offs → decision,
//! as a layered graph drawn with egui's painter. Every node is a button that opens its record,
//! so the chain can be walked on a projector. For an incident, the same layers show everything
//! it changed.

use std::collections::HashMap;

use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::view::{Cache, Request, ViewCtx};
use super::widgets::shortcut_hint;
use super::{CentreView, UiAction};
use crate::domain::Kind;
use crate::report::{Graph, LAYER_TITLES, graph};

fn kind_color(kind: Kind, dark: bool) -> Color32 {
    let (light, dark_c) = match kind {
        Kind::Incident => (
            Color32::from_rgb(253, 226, 222),
            Color32::from_rgb(92, 40, 36),
        ),
        Kind::Lesson => (
            Color32::from_rgb(254, 240, 205),
            Color32::from_rgb(88, 70, 28),
        ),
        Kind::TradeOff => (
            Color32::from_rgb(222, 234, 252),
            Color32::from_rgb(34, 58, 92),
        ),
        _ => (
            Color32::from_rgb(222, 245, 228),
            Color32::from_rgb(32, 80, 50),
        ),
    };
    if dark { dark_c } else { light }
}

/// The trace of the selected record (or of the decision or incident it belongs to), panned by
/// dragging and zoomed with Ctrl+scroll.
#[derive(Default)]
pub struct TraceView {
    /// The trace shown for a record: its root (the decision or incident) and the diagram.
    graph: Cache<String, Option<(String, Graph)>>,
    /// The part of the diagram in view, and the record it is of (a new record starts fitted).
    scene: Option<Framing>,
}

/// How a trace is framed: the record, the width its diagram is laid out at, and the part of it
/// in view (panned and zoomed by the user).
struct Framing {
    of: String,
    width: f32,
    rect: Rect,
}

impl TraceView {
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
        let Some(id) = cx.selected.map(str::to_string) else {
            cx.request(Request::Centre(CentreView::Record));
            return;
        };
        let store = cx.session.store();
        // A trade-off, lesson, action item or review opens the trace it belongs to.
        let traced = self.graph.get(id.clone(), cx.session.generation(), |id| {
            let root = store.trace_root(id).ok().flatten()?;
            Some((root.clone(), graph(store, &root)?))
        });
        let Some((root, graph)) = traced.clone() else {
            let kind = store.kind_of(&id).ok().flatten().unwrap_or_default();
            ui.add_space(6.0);
            ui.label(no_trace_words(kind));
            if ui.button("Back to the record").clicked() {
                cx.request(Request::Centre(CentreView::Record));
            }
            return;
        };
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.weak("Trace");
            let back = ui.button("Back to the record").on_hover_text(shortcut_hint(
                ui,
                "Back",
                UiAction::ToggleTrace,
            ));
            if back.clicked() {
                cx.request(Request::Centre(CentreView::Record));
            }
            if ui
                .button("Fit")
                .on_hover_text("Show the whole trace")
                .clicked()
            {
                self.scene = None;
            }
        });
        if root != id
            && let Ok(record) = store.get_any(&id)
        {
            let kind = record.kind().label().to_lowercase();
            let drawn = graph.layers.iter().flatten().any(|n| n.id == id);
            ui.weak(if drawn {
                format!("The trace this {kind} belongs to; its box is outlined.")
            } else {
                format!("The trace this {kind} belongs to (“{}”).", record.title())
            });
        }
        ui.heading(&graph.headline);
        if !graph.summary.is_empty() {
            ui.label(egui::RichText::new(&graph.summary).size(16.0));
        }
        ui.weak("Read left to right: the incident taught a lesson, the lesson motivated a trade-off, the trade-off is part of the decision. Click any box to open it; drag to move, Ctrl+scroll to zoom.");
        ui.separator();
        // A new trace is laid out for the width it has (never so narrow that boxes crowd) and
        // starts at its top, at its natural size or smaller.
        let view = ui.available_size().max(vec2(100.0, 100.0));
        let framing = match &mut self.scene {
            Some(framing) if framing.of == id => framing,
            scene => {
                let width = (view.x - 16.0).clamp(MIN_WIDTH, MAX_WIDTH);
                let scale = (view.x / (width + 16.0)).min(1.0);
                scene.insert(Framing {
                    of: id.clone(),
                    width,
                    rect: Rect::from_min_size(pos2(-8.0, -8.0), view / scale),
                })
            }
        };
        let clicked = egui::Scene::new()
            .zoom_range(0.2..=1.5)
            .max_inner_size(vec2(framing.width, 20_000.0))
            .show(ui, &mut framing.rect, |ui| {
                draw(ui, &graph, TraceText::SCREEN, Some(&id))
            })
            .inner;
        if let Some(id) = clicked {
            cx.open(id);
            cx.request(Request::Centre(CentreView::Record));
        }
    }
}

/// The sizes of a trace's text: on screen, or on a projector.
#[derive(Clone, Copy)]
pub struct TraceText {
    pub title: f32,
    pub note: f32,
    pub layer: f32,
}

impl TraceText {
    pub const SCREEN: TraceText = TraceText {
        title: 15.0,
        note: 13.0,
        layer: 13.0,
    };
    /// Read from the back of a room.
    pub const PROJECTOR: TraceText = TraceText {
        title: 20.0,
        note: 16.0,
        layer: 16.0,
    };
}

/// The narrowest and widest the diagram is laid out at: four readable columns, and no wider
/// than a reader's eye can follow.
const MIN_WIDTH: f32 = 660.0;
const MAX_WIDTH: f32 = 1400.0;

/// Why a record of `kind` has no trace to show, and what would give it one.
fn no_trace_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Lesson => {
            "This lesson is in no trace yet: link the incident it was learned from (Learned \
             from), or a trade-off it motivated, and it shows in theirs."
        }
        Kind::Action => {
            "This action item belongs to no incident or review, so it is in no trace yet."
        }
        Kind::Checklist => {
            "A checklist is in no trace: a trace runs from incidents through lessons and \
             trade-offs to a decision. Start a review from a decision to use it."
        }
        _ => "This record is in no trace yet: a trace starts at a decision or an incident.",
    }
}

/// Draws the layers and arrows, `mark`'s box outlined; returns the id of a clicked node.
pub(super) fn draw(
    ui: &mut egui::Ui,
    graph: &Graph,
    text: TraceText,
    mark: Option<&str>,
) -> Option<String> {
    let dark = ui.visuals().dark_mode;
    let gap = 28.0;
    let column_width = ((ui.available_width() - 3.0 * gap) / 4.0).max(140.0);
    let origin = ui.cursor().min;
    let text_width = column_width - 20.0;
    let mut rects: HashMap<String, Rect> = HashMap::new();
    let mut layouts = Vec::new();
    let mut bottom: f32 = origin.y;
    for (column, layer) in graph.layers.iter().enumerate() {
        let x = origin.x + column as f32 * (column_width + gap);
        let mut y = origin.y + text.layer + 15.0;
        for node in layer {
            let title = ui.painter().layout(
                node.title.clone(),
                egui::FontId::proportional(text.title),
                ui.visuals().strong_text_color(),
                text_width,
            );
            let note = ui.painter().layout(
                node.note.clone(),
                egui::FontId::proportional(text.note),
                ui.visuals().text_color(),
                text_width,
            );
            let height = title.size().y + note.size().y + 24.0;
            let rect = Rect::from_min_size(pos2(x, y), vec2(column_width, height));
            rects.insert(node.id.clone(), rect);
            layouts.push((node.clone(), rect, title, note));
            y += height + 14.0;
        }
        bottom = bottom.max(y);
    }
    let total = Rect::from_min_max(
        origin,
        pos2(origin.x + 4.0 * column_width + 3.0 * gap, bottom),
    );
    ui.allocate_rect(total, Sense::hover());
    let painter = ui.painter();
    for (column, title) in LAYER_TITLES.iter().enumerate() {
        let x = origin.x + column as f32 * (column_width + gap);
        painter.text(
            pos2(x, origin.y),
            egui::Align2::LEFT_TOP,
            *title,
            egui::FontId::proportional(text.layer),
            ui.visuals().weak_text_color(),
        );
    }
    let edge_color = ui.visuals().weak_text_color();
    for (from, to) in &graph.edges {
        if let (Some(a), Some(b)) = (rects.get(from), rects.get(to)) {
            arrow(painter, a.right_center(), b.left_center(), edge_color);
        }
    }
    let mut clicked = None;
    for (node, rect, title, note) in layouts {
        let response = ui.interact(rect, ui.scope_id().with(("node", &node.id)), Sense::click());
        let label = format!("{}: {}", node.kind.label(), node.title);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let stroke = if mark == Some(node.id.as_str()) {
            Stroke::new(3.0, ui.visuals().selection.bg_fill)
        } else if response.hovered() {
            Stroke::new(2.0, ui.visuals().selection.stroke.color)
        } else {
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
        };
        let painter = ui.painter();
        painter.rect(
            rect,
            8.0,
            kind_color(node.kind, dark),
            stroke,
            egui::StrokeKind::Inside,
        );
        let text_pos = rect.min + vec2(10.0, 8.0);
        let title_height = title.size().y;
        painter.galley(text_pos, title, ui.visuals().strong_text_color());
        painter.galley(
            text_pos + vec2(0.0, title_height + 6.0),
            note,
            ui.visuals().text_color(),
        );
        if response.clicked() {
            clicked = Some(node.id.clone());
        }
        response.on_hover_text(format!("Open this {}", node.kind.label().to_lowercase()));
    }
    clicked
}

fn arrow(painter: &egui::Painter, from: Pos2, to: Pos2, color: Color32) {
    let mid = (to.x - from.x) / 2.0;
    let curve = egui::epaint::CubicBezierShape::from_points_stroke(
        [
            from,
            from + Vec2::new(mid, 0.0),
            to - Vec2::new(mid, 0.0),
            to,
        ],
        false,
        Color32::TRANSPARENT,
        Stroke::new(1.5, color),
    );
    painter.add(curve);
    let head = 7.0;
    painter.add(egui::Shape::convex_polygon(
        vec![
            to,
            to + vec2(-head, -head / 2.0),
            to + vec2(-head, head / 2.0),
        ],
        color,
        Stroke::NONE,
    ));
}
