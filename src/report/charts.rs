//! The report's pictures of what we learned, as inline SVG a stakeholder can print: incidents
//! per month stacked by severity with the decisions marked on the time axis, and each duration
//! as a strip of dots (one per incident) with its median and 90th percentile marked. Every
//! piece of text is escaped; nothing in them is active.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::safe::escape;
use crate::domain::Severity;
use crate::domain::stats::{Distribution, ROUND_DURATIONS, Stats, minutes_words, severities};

const WIDTH: f32 = 720.0;
const LEFT: f32 = 34.0;

pub fn severity_fill(severity: Severity) -> &'static str {
    match severity {
        Severity::Sev1 => "#d6453f",
        Severity::Sev2 => "#eb8c34",
        Severity::Sev3 => "#dfbe3c",
        Severity::Sev4 => "#7896be",
    }
}

fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) {
        out.push(format!("{y}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// Incidents per month, stacked by severity, with a marker under the axis for each decision.
pub fn incidents_per_month(stats: &Stats) -> Option<String> {
    let by = &stats.incidents.by_month_and_severity;
    let first = by.keys().next()?;
    let last = by.keys().next_back()?;
    let day = |m: &str| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
    let mut from = day(first)?;
    let mut to = day(last)?;
    for (_, _, date) in &stats.decisions.taken {
        from = from.min(*date);
        to = to.max(*date);
    }
    let months = months(from, to);
    let most = by.values().map(|s| s.values().sum::<usize>()).max()?.max(1);
    let (top, plot_h) = (10.0, 150.0);
    let step = (WIDTH - LEFT) / months.len() as f32;
    let bar = (step * 0.75).max(2.0);
    let unit = plot_h / most as f32;
    let mut svg = String::new();
    // The count axis: 0 and the highest month.
    for n in [0, most] {
        let y = top + plot_h - n as f32 * unit;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#555">{n}</text><line x1="{LEFT}" x2="{WIDTH}" y1="{y}" y2="{y}" stroke="#e3e5e8"/>"##,
            LEFT - 6.0,
            y + 4.0
        );
    }
    for (i, month) in months.iter().enumerate() {
        let x = LEFT + i as f32 * step + (step - bar) / 2.0;
        let mut y = top + plot_h;
        if let Some(counts) = by.get(month) {
            for severity in severities() {
                let n = counts.get(severity.as_str()).copied().unwrap_or(0);
                if n == 0 {
                    continue;
                }
                let h = n as f32 * unit;
                y -= h;
                let _ = write!(
                    svg,
                    r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{}"><title>{month}: {n} {}</title></rect>"##,
                    severity_fill(severity),
                    severity.as_str()
                );
            }
        }
        if month.ends_with("-01") || i == 0 {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" font-size="11" fill="#555">{}</text>"##,
                LEFT + i as f32 * step,
                top + plot_h + 14.0,
                &month[..4]
            );
        }
    }
    // Decisions: a tick and its ADR number (or a dot) under the axis.
    let start = from.year() * 12 + from.month0() as i32;
    for (n, (_, title, date)) in stats.decisions.taken.iter().enumerate() {
        let index =
            (date.year() * 12 + date.month0() as i32 - start) as f32 + date.day0() as f32 / 31.0;
        let x = LEFT + index * step;
        let label = title.split(':').next().unwrap_or("").trim();
        let label = if label.len() <= 7 { label } else { "•" };
        let y = top + plot_h + 30.0 + (n % 2) as f32 * 13.0;
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{top}" y2="{}" stroke="#40965f" stroke-width="1.2" stroke-dasharray="3 2"><title>{}</title></line><text x="{x:.1}" y="{y}" font-size="10" text-anchor="middle" fill="#2f6e47">{}</text>"##,
            top + plot_h,
            escape(&format!("{title} ({date})")),
            escape(label)
        );
    }
    let legend: String = severities()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = LEFT + i as f32 * 70.0;
            let y = top + plot_h + 58.0;
            format!(
                r##"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{y}" font-size="11" fill="#333">{}</text>"##,
                y - 9.0,
                severity_fill(*s),
                x + 14.0,
                s.as_str()
            )
        })
        .collect();
    let height = top + plot_h + 66.0;
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" font-family="system-ui, -apple-system, Segoe UI, sans-serif"><title>Incidents per month by severity, with the decisions we took</title>{svg}{legend}<text x="{}" y="{}" font-size="11" fill="#2f6e47">dashed lines: decisions taken</text></svg>"##,
        LEFT + 300.0,
        top + plot_h + 58.0
    ))
}

/// Where a label at `x` may be anchored so it stays inside the picture.
fn anchor(x: f32) -> &'static str {
    if x < LEFT + 40.0 {
        "start"
    } else if x > WIDTH - 60.0 {
        "end"
    } else {
        "middle"
    }
}

/// One duration as a strip of dots on a log scale, with the median and p90 marked.
pub fn strip(name: &str, d: &Distribution) -> Option<String> {
    let (first, last) = (d.points.first()?.1.max(1.0), d.points.last()?.1.max(1.0));
    let low = ROUND_DURATIONS
        .iter()
        .rposition(|(m, _)| *m <= first)
        .unwrap_or(0);
    let high = ROUND_DURATIONS
        .iter()
        .position(|(m, _)| *m >= last)
        .unwrap_or(ROUND_DURATIONS.len() - 1)
        .max(low + 1);
    let (lo, hi) = (
        ROUND_DURATIONS[low].0.log10(),
        ROUND_DURATIONS[high].0.log10().max(last.log10()),
    );
    let x = |m: f64| {
        LEFT + ((m.max(1.0).log10() - lo) / (hi - lo)).clamp(0.0, 1.0) as f32
            * (WIDTH - LEFT - 10.0)
    };
    let mut svg = String::new();
    for (n, (_, m)) in d.points.iter().enumerate() {
        let y = 24.0 + ((n * 7) % 5) as f32 * 4.0;
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{y}" r="3.2" fill="#d6453f" fill-opacity="0.75"><title>{}</title></circle>"##,
            x(*m),
            minutes_words(*m)
        );
    }
    for (label, value) in [("half:", d.median_minutes), ("nine in ten:", d.p90_minutes)] {
        let Some(m) = value else { continue };
        let _ = write!(
            svg,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="14" y2="48" stroke="#40965f" stroke-width="2"/><text x="{0:.1}" y="60" font-size="11" text-anchor="{2}" fill="#2f6e47">{label} {1}</text>"##,
            x(m),
            minutes_words(m),
            anchor(x(m))
        );
    }
    for (m, label) in &ROUND_DURATIONS[low..=high] {
        let _ = write!(
            svg,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="13" y2="17" stroke="#bbb"/><text x="{0:.1}" y="10" font-size="10" text-anchor="{1}" fill="#777">{label}</text>"##,
            x(*m),
            anchor(x(*m)),
        );
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} 66" width="100%" font-family="system-ui, -apple-system, Segoe UI, sans-serif"><title>{}</title>{svg}</svg>"##,
        escape(&format!("{name}: each incident a dot, on a log scale"))
    ))
}
