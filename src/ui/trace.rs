//! The trace diagram, the heart of the product: incidents → lessons → trade-offs → decision,
//! as a layered graph drawn with egui's painter. Every node is a button that opens its record,
//! so the chain can be walked on a projector. For an incident, the same layers show everything
//! it changed.

use std::collections::HashMap;

use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};

use super::{CentreView, HindsightApp};
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

#[derive(Default)]
pub struct TraceState {
    cached: Option<(String, u64, Option<Graph>)>,
}

pub fn ui(app: &mut HindsightApp, ui: &mut egui::Ui) {
    let Some(id) = app.selected.clone() else {
        app.view = CentreView::Record;
        return;
    };
    let generation = app.session.generation();
    let fresh =
        matches!(&app.overlays.trace.cached, Some((i, g, _)) if *i == id && *g == generation);
    if !fresh {
        let graph = graph(app.session.store(), &id);
        app.overlays.trace.cached = Some((id.clone(), generation, graph));
    }
    let Some((_, _, Some(graph))) = &app.overlays.trace.cached else {
        ui.label("A trace starts at a decision or an incident.");
        if ui.button("Back to the record").clicked() {
            app.view = CentreView::Record;
        }
        return;
    };
    let graph = graph.clone();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.weak("Trace");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Back to the record")
                .on_hover_text("Ctrl+T")
                .clicked()
            {
                app.view = CentreView::Record;
            }
        });
    });
    ui.heading(&graph.headline);
    if !graph.summary.is_empty() {
        ui.label(egui::RichText::new(&graph.summary).size(16.0));
    }
    ui.weak("Read left to right: the incident taught a lesson, the lesson motivated a trade-off, the trade-off is part of the decision. Click any box to open it.");
    ui.separator();
    let mut clicked = None;
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            clicked = draw(ui, &graph);
        });
    if let Some(id) = clicked {
        app.select(Some(id));
        app.view = CentreView::Record;
    }
}

/// Draws the layers and arrows; returns the id of a clicked node.
pub(super) fn draw(ui: &mut egui::Ui, graph: &Graph) -> Option<String> {
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
        let mut y = origin.y + 28.0;
        for node in layer {
            let title = ui.painter().layout(
                node.title.clone(),
                egui::FontId::proportional(15.0),
                ui.visuals().strong_text_color(),
                text_width,
            );
            let note = ui.painter().layout(
                node.note.clone(),
                egui::FontId::proportional(12.0),
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
            egui::FontId::proportional(13.0),
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
        let stroke = if response.hovered() {
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
