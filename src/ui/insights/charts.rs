//! The Insights view's charts: incidents per month stacked by severity with the decisions on
//! the time axis, and each duration as dots on a log scale (round durations marked) with the
//! median and p90; a click opens the nearest incident.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use egui::Color32;
use egui_plot::{Bar, BarChart, Plot, PlotPoints, Points, VLine};

use super::figures::{Figures, dot_at};
use crate::domain::Severity;
use crate::domain::stats::{Distribution, ROUND_DURATIONS, minutes_words, severities};
use crate::ui::widgets::section;

pub(super) fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Sev1 => Color32::from_rgb(214, 69, 65),
        Severity::Sev2 => Color32::from_rgb(235, 140, 52),
        Severity::Sev3 => Color32::from_rgb(222, 190, 60),
        Severity::Sev4 => Color32::from_rgb(120, 150, 190),
    }
}

/// Months since year 0, the x axis of the time chart.
pub(super) fn month_index(day: NaiveDate) -> f64 {
    f64::from(day.year()) * 12.0 + f64::from(day.month0())
}

pub(super) fn month_label(x: f64) -> String {
    let n = x.round() as i32;
    format!("{}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

pub(super) fn minutes(m: Option<f64>) -> String {
    m.map(minutes_words).unwrap_or_else(|| "—".into())
}

pub(super) fn incidents_ui(ui: &mut egui::Ui, figures: &Figures) {
    let i = &figures.stats.incidents;
    section(ui, "Incidents over time");
    if i.count == 0 {
        ui.weak("No incident matches the filters.");
        return;
    }
    let by: Vec<String> = i
        .by_severity
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    ui.label(format!(
        "{} incidents ({}), per month by severity; the lines are decisions taken.",
        i.count,
        by.join(", ")
    ));
    let months: Vec<(f64, &std::collections::BTreeMap<String, usize>)> = i
        .by_month_and_severity
        .iter()
        .filter_map(|(month, counts)| {
            let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
            Some((month_index(day), counts))
        })
        .collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for severity in severities() {
        // A bar for every month, zero where this severity had none: egui_plot stacks a chart
        // on the others bar by bar, by position, not by x.
        let bars: Vec<Bar> = months
            .iter()
            .map(|(x, counts)| {
                let n = counts.get(severity.as_str()).copied().unwrap_or(0);
                Bar::new(*x, n as f64).width(0.8)
            })
            .collect();
        let others: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(severity.as_str(), bars)
            .color(severity_color(severity))
            .stack_on(&others);
        charts.push(chart);
    }
    let marks = &figures.marks;
    // The legend sits above the chart, outside it: it covers no bar.
    legend_ui(ui);
    let most = i.by_month.values().copied().max().unwrap_or(1) as f64;
    let plot = Plot::new("incidents-per-month")
        .height(220.0)
        .include_y(0.0)
        .include_y(most + 0.5)
        .label_formatter(move |hover| {
            let (egui_plot::HoverPosition::NearDataPoint { position, .. }
            | egui_plot::HoverPosition::Elsewhere { position }) = hover;
            // The decision nearest the pointer, within a fortnight.
            let near = marks.iter().find(|(x, _)| (x - position.x).abs() < 0.5);
            Some(match near {
                Some((_, words)) => words.clone(),
                None => month_label(position.x),
            })
        })
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| month_label(mark.value))
        .y_axis_min_width(24.0)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            // Each line names its decision on hover.
            for (x, _) in marks {
                plot.vline(
                    VLine::new("Decisions taken", *x)
                        .color(DECISION_COLOR)
                        .width(1.5),
                );
            }
        });
    plot.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, "Chart: incidents per month")
    });
}

/// The colour of the decisions' lines on the time axis.
const DECISION_COLOR: Color32 = Color32::from_rgb(64, 150, 96);

/// What the colours of the incidents chart mean, in a row of its own above it.
fn legend_ui(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        let swatch = |ui: &mut egui::Ui, color: Color32, tall: bool| {
            let size = if tall {
                egui::vec2(3.0, 12.0)
            } else {
                egui::vec2(12.0, 12.0)
            };
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
        };
        for severity in severities() {
            swatch(ui, severity_color(severity), false);
            ui.label(severity.as_str());
            ui.add_space(6.0);
        }
        swatch(ui, DECISION_COLOR, true);
        ui.label("Decisions taken");
    });
}

/// One distribution: its figures in words, each incident a point (log scale of minutes).
/// Returns an incident clicked.
fn distribution_ui(
    ui: &mut egui::Ui,
    name: &str,
    d: &Distribution,
    dots: &[[f64; 2]],
    titles: &HashMap<String, String>,
) -> Option<String> {
    ui.label(format!(
        "{name}: median {}, p90 {} ({})",
        minutes(d.median_minutes),
        minutes(d.p90_minutes),
        crate::report::story::count(d.count, "incident", "incidents")
    ));
    if d.points.is_empty() {
        return None;
    }
    let marks: Vec<[f64; 2]> = [d.median_minutes, d.p90_minutes]
        .iter()
        .flatten()
        .map(|m| [m.max(1.0).log10(), 0.2])
        .collect();
    let response = Plot::new(("distribution", name))
        // The five lanes of dots (0 to 0.4) whole, not cut at the edges.
        .include_y(-0.12)
        .include_y(0.52)
        .height(70.0)
        .show_y(false)
        .show_axes([true, false])
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .x_grid_spacer(|_| {
            ROUND_DURATIONS
                .iter()
                .map(|(m, _)| egui_plot::GridMark {
                    value: m.log10(),
                    step_size: 1.0,
                })
                .collect()
        })
        .x_axis_formatter(|mark, _| {
            ROUND_DURATIONS
                .iter()
                .find(|(m, _)| (m.log10() - mark.value).abs() < 1e-9)
                .map(|(_, label)| label.to_string())
                .unwrap_or_default()
        })
        .label_formatter(|hover| {
            let (egui_plot::HoverPosition::NearDataPoint { position, .. }
            | egui_plot::HoverPosition::Elsewhere { position }) = hover;
            // The incident under the pointer, by name; else the duration there.
            let under = nearest(d, position.x, position.y)
                .filter(|(_, distance)| *distance < 0.004)
                .and_then(|((id, m), _)| {
                    Some(format!("{}: {}", titles.get(id)?, minutes(Some(*m))))
                });
            Some(under.unwrap_or_else(|| minutes(Some(10f64.powf(position.x)))))
        })
        .show(ui, |plot| {
            plot.points(Points::new("incidents", PlotPoints::from(dots.to_vec())).radius(3.5));
            plot.points(
                Points::new("median and p90", PlotPoints::from(marks))
                    .radius(6.0)
                    .shape(egui_plot::MarkerShape::Diamond)
                    .color(DECISION_COLOR),
            );
            plot.response()
                .clicked()
                .then(|| plot.pointer_coordinate())
                .flatten()
        });
    // A click opens the nearest incident.
    let at = response.inner?;
    nearest(d, at.x, at.y).map(|((id, _), _)| id.clone())
}

/// The incident drawn nearest to (x, y) in the plot's units, with its squared distance.
fn nearest(d: &Distribution, x: f64, y: f64) -> Option<(&(String, f64), f64)> {
    d.points
        .iter()
        .enumerate()
        .map(|(n, point)| {
            let [px, py] = dot_at(n, point.1);
            (point, (px - x).powi(2) + (py - y).powi(2))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

pub(super) fn durations_ui(ui: &mut egui::Ui, figures: &Figures) -> Option<String> {
    let i = &figures.stats.incidents;
    section(ui, "How long they lasted");
    ui.weak("From the incident's start. Durations are skewed: a few incidents last far longer than most, so the median and the 90th percentile say more than an average. Click a point to open the incident.");
    let mut open = None;
    for ((name, d), dots) in [
        ("Time to detect", &i.time_to_detect),
        ("Time to mitigate", &i.time_to_mitigate),
        ("Time to resolve", &i.time_to_resolve),
    ]
    .into_iter()
    .zip(&figures.dots)
    {
        open = open.or(distribution_ui(ui, name, d, dots, &figures.titles));
    }
    // The longest, as links: the same incidents for a keyboard or a screen reader.
    if !figures.longest.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Longest to resolve:");
            for (id, title, m) in &figures.longest {
                if ui
                    .link(format!("{title} ({})", minutes(Some(*m))))
                    .clicked()
                {
                    open = Some(id.clone());
                }
            }
        });
    }
    open
}
