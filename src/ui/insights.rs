//! Insights: did our decisions work? Incidents per month stacked by severity with the
//! decisions' dates on the time axis; the times to detect, mitigate and resolve as
//! distributions (each incident a point that opens it, the median and p90 named with the count
//! behind them); action items; the learning loop; each decision's incidents on its topic before
//! and after it; revisits. Filtered by time and tag.

use chrono::{Datelike, NaiveDate};
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot, PlotPoints, Points, VLine};

use super::view::{Cache, ViewCtx};
use super::widgets::{draft_line, field_label, named_combo, section};
use crate::domain::human_duration;
use crate::domain::stats::{Distribution, Filter, Stats, compute, severities};
use crate::domain::{Incident, Severity};

/// The filters as typed: since, until, tag.
type FilterText = (String, String, Option<String>);

/// The view's filters, as typed, and the figures they give (with every tag to choose from).
#[derive(Default)]
pub struct InsightsView {
    since: String,
    until: String,
    tag: Option<String>,
    stats: Cache<FilterText, (Stats, Vec<String>)>,
}

pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Sev1 => Color32::from_rgb(214, 69, 65),
        Severity::Sev2 => Color32::from_rgb(235, 140, 52),
        Severity::Sev3 => Color32::from_rgb(222, 190, 60),
        Severity::Sev4 => Color32::from_rgb(120, 150, 190),
    }
}

/// Months since year 0, the x axis of the time chart.
fn month_index(day: NaiveDate) -> f64 {
    f64::from(day.year()) * 12.0 + f64::from(day.month0())
}

fn month_label(x: f64) -> String {
    let n = x.round() as i32;
    format!("{}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

fn minutes(m: Option<f64>) -> String {
    m.map(|m| human_duration(chrono::TimeDelta::seconds((m * 60.0).round() as i64)))
        .unwrap_or_else(|| "—".into())
}

impl InsightsView {
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
        let session = cx.session;
        let key = (self.since.clone(), self.until.clone(), self.tag.clone());
        let (stats, tags) = self
            .stats
            .get(key, session.generation(), |(since, until, tag)| {
                let input = session.store().stats_input().unwrap_or_default();
                let filter = Filter {
                    since: NaiveDate::parse_from_str(since.trim(), "%Y-%m-%d").ok(),
                    until: NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d").ok(),
                    tags: tag.iter().cloned().collect(),
                };
                let mut tags: Vec<String> = input
                    .incidents
                    .iter()
                    .flat_map(|i| i.tags.iter().cloned())
                    .collect();
                tags.sort();
                tags.dedup();
                let today = chrono::Utc::now().date_naive();
                (compute(&input, &filter, today), tags)
            });
        let (stats, tags) = (stats.clone(), tags.clone());
        ui.add_space(6.0);
        ui.heading("Insights: did our decisions work?");
        ui.horizontal_wrapped(|ui| {
            draft_line(ui, "Since", &mut self.since, "YYYY-MM-DD");
            draft_line(ui, "Until", &mut self.until, "YYYY-MM-DD");
            field_label(ui, "Tag");
            let shown = self.tag.clone().unwrap_or_else(|| "all tags".into());
            named_combo(ui, "insights-tag", "Tag", &shown, |ui| {
                ui.selectable_value(&mut self.tag, None, "all tags");
                for t in &tags {
                    ui.selectable_value(&mut self.tag, Some(t.clone()), t);
                }
            });
        });
        ui.separator();
        let mut open = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt("insights")
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(1000.0));
                incidents_ui(ui, &stats);
                let clicked = [
                    durations_ui(ui, cx, &stats),
                    {
                        actions_ui(ui, &stats);
                        learning_ui(ui, &stats)
                    },
                    effects_ui(ui, &stats),
                ];
                open = clicked.into_iter().flatten().next();
                ui.add_space(40.0);
            });
        if let Some(id) = open {
            cx.open(id);
        }
    }
}

fn incidents_ui(ui: &mut egui::Ui, stats: &Stats) {
    let i = &stats.incidents;
    section(ui, "Incidents over time");
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
    let mut charts: Vec<BarChart> = Vec::new();
    for severity in severities() {
        let bars: Vec<Bar> = i
            .by_month_and_severity
            .iter()
            .filter_map(|(month, counts)| {
                let n = *counts.get(severity.as_str())?;
                let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
                Some(Bar::new(month_index(day), n as f64).width(0.8))
            })
            .collect();
        let others: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(severity.as_str(), bars)
            .color(severity_color(severity))
            .stack_on(&others);
        charts.push(chart);
    }
    let decisions = stats.decisions.taken.clone();
    let named = decisions.clone();
    Plot::new("incidents-per-month")
        .height(220.0)
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::LeftTop))
        .label_formatter(move |hover| {
            let (egui_plot::HoverPosition::NearDataPoint { position, .. }
            | egui_plot::HoverPosition::Elsewhere { position }) = hover;
            // The decision nearest the pointer, within a fortnight.
            let near = named.iter().find(|(_, _, date)| {
                (month_index(*date) + f64::from(date.day0()) / 30.0 - position.x).abs() < 0.5
            });
            Some(match near {
                Some((_, title, date)) => format!("{title} ({date})"),
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
            // One legend entry for all decisions; each line names its decision on hover.
            for (_, _, date) in &decisions {
                let x = month_index(*date) + f64::from(date.day0()) / 30.0;
                plot.vline(
                    VLine::new("Decisions taken", x)
                        .color(Color32::from_rgb(64, 150, 96))
                        .width(1.5),
                );
            }
        });
}

/// One distribution: its figures in words, each incident a point (log scale of minutes).
/// Returns an incident clicked.
fn distribution_ui(ui: &mut egui::Ui, name: &str, d: &Distribution) -> Option<String> {
    ui.label(format!(
        "{name}: median {}, p90 {} ({} incidents)",
        minutes(d.median_minutes),
        minutes(d.p90_minutes),
        d.count
    ));
    if d.points.is_empty() {
        return None;
    }
    let points: Vec<[f64; 2]> = d
        .points
        .iter()
        .enumerate()
        .map(|(n, (_, m))| [m.max(1.0).log10(), ((n * 7) % 5) as f64 * 0.1])
        .collect();
    let marks: Vec<[f64; 2]> = [d.median_minutes, d.p90_minutes]
        .iter()
        .flatten()
        .map(|m| [m.max(1.0).log10(), 0.2])
        .collect();
    let response = Plot::new(("distribution", name))
        .height(70.0)
        .show_y(false)
        .show_axes([true, false])
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .x_axis_formatter(|mark, _| minutes(Some(10f64.powf(mark.value))))
        .label_formatter(|hover| {
            let (egui_plot::HoverPosition::NearDataPoint { position, .. }
            | egui_plot::HoverPosition::Elsewhere { position }) = hover;
            Some(minutes(Some(10f64.powf(position.x))))
        })
        .show(ui, |plot| {
            plot.points(Points::new("incidents", PlotPoints::from(points.clone())).radius(3.5));
            plot.points(
                Points::new("median and p90", PlotPoints::from(marks))
                    .radius(6.0)
                    .shape(egui_plot::MarkerShape::Diamond)
                    .color(Color32::from_rgb(64, 150, 96)),
            );
            plot.response()
                .clicked()
                .then(|| plot.pointer_coordinate())
                .flatten()
        });
    // A click opens the nearest incident.
    let at = response.inner?;
    let nearest = points.iter().zip(&d.points).min_by(|(a, _), (b, _)| {
        let da = (a[0] - at.x).powi(2) + (a[1] - at.y).powi(2);
        let db = (b[0] - at.x).powi(2) + (b[1] - at.y).powi(2);
        da.total_cmp(&db)
    })?;
    Some(nearest.1.0.clone())
}

fn durations_ui(ui: &mut egui::Ui, cx: &ViewCtx<'_>, stats: &Stats) -> Option<String> {
    let i = &stats.incidents;
    section(ui, "How long they lasted");
    ui.weak("From the incident's start. Durations are skewed: a few incidents last far longer than most, so the median and the 90th percentile say more than an average. Click a point to open the incident.");
    let mut open = None;
    for (name, d) in [
        ("Time to detect", &i.time_to_detect),
        ("Time to mitigate", &i.time_to_mitigate),
        ("Time to resolve", &i.time_to_resolve),
    ] {
        open = open.or(distribution_ui(ui, name, d));
    }
    // The longest, as links: the same incidents for a keyboard or a screen reader.
    let longest: Vec<&(String, f64)> = i.time_to_resolve.points.iter().rev().take(3).collect();
    if !longest.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Longest to resolve:");
            for (id, m) in longest {
                let title = cx
                    .session
                    .store()
                    .get::<Incident>(id)
                    .map(|i| i.title)
                    .unwrap_or_else(|_| id.clone());
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

fn actions_ui(ui: &mut egui::Ui, stats: &Stats) {
    let a = &stats.actions;
    section(ui, "Action items");
    ui.label(format!(
        "{} open, {} overdue{}, {} done; median {} days from written down to done ({} with both dates).",
        a.open,
        a.overdue,
        a.most_days_overdue
            .map(|d| format!(" (the oldest by {d} days)"))
            .unwrap_or_default(),
        a.done,
        a.median_days_to_close
            .map(|d| format!("{d:.0}"))
            .unwrap_or_else(|| "—".into()),
        a.closed_with_dates
    ));
    egui::Grid::new("by-owner").striped(true).show(ui, |ui| {
        for head in ["Owner", "Open", "Overdue", "Done"] {
            ui.strong(head);
        }
        ui.end_row();
        for (owner, o) in &a.by_owner {
            ui.label(owner);
            ui.label(o.open.to_string());
            if o.overdue > 0 {
                ui.colored_label(ui.visuals().error_fg_color, o.overdue.to_string());
            } else {
                ui.label("0");
            }
            ui.label(o.done.to_string());
            ui.end_row();
        }
    });
}

fn learning_ui(ui: &mut egui::Ui, stats: &Stats) -> Option<String> {
    let l = &stats.lessons;
    let mut open = None;
    section(ui, "The learning loop");
    ui.label(format!(
        "{} of {} lessons changed something (a trade-off or a checklist item).",
        l.acted_on, l.count
    ));
    for (id, statement) in &l.not_acted_on {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Changed nothing yet:");
            if ui.link(statement).clicked() {
                open = Some(id.clone());
            }
        });
    }
    for (id, title) in &l.published_without_lesson {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Published, but taught no lesson:",
            );
            if ui.link(title).clicked() {
                open = Some(id.clone());
            }
        });
    }
    open
}

fn effects_ui(ui: &mut egui::Ui, stats: &Stats) -> Option<String> {
    let mut open = None;
    let d = &stats.decisions;
    section(ui, "Did it work?");
    ui.weak("For each decision: the incidents on its topic (its tags, and those of the incidents behind it) before and after it was taken.");
    let today = chrono::Utc::now().date_naive();
    let words = |s: &crate::domain::stats::Stretch| {
        if s.count == 0 {
            return "none".to_string();
        }
        let sevs: Vec<String> = s
            .by_severity
            .iter()
            .map(|(sev, n)| format!("{sev} {n}"))
            .collect();
        format!(
            "{} ({}), median {} to resolve",
            s.count,
            sevs.join(", "),
            minutes(s.median_minutes_to_resolve)
        )
    };
    for e in &d.effects {
        ui.add_space(4.0);
        if ui
            .link(format!("{} ({})", e.title, e.date))
            .on_hover_text(format!("topic: {}", e.topic.join(", ")))
            .clicked()
        {
            open = Some(e.id.clone());
        }
        let line = format!(
            "Before: {}.   After: {}.",
            words(&e.before),
            words(&e.after)
        );
        ui.add(egui::Label::new(line).wrap());
    }
    section(ui, "Revisits");
    if d.revisits.is_empty() {
        ui.weak("No decision has a revisit date. Set one on a decision (Revisit by).");
    }
    for (id, title, date) in &d.revisits {
        ui.horizontal_wrapped(|ui| {
            let words = if *date < today {
                RichText::new(format!("due since {date}")).color(ui.visuals().warn_fg_color)
            } else {
                RichText::new(format!("by {date}"))
            };
            ui.label(words);
            if ui.link(title).clicked() {
                open = Some(id.clone());
            }
        });
    }
    open
}
