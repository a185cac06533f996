//! Insights: did our decisions work? Incidents per month stacked by severity with the
//! decisions' dates on the time axis; the times to detect, mitigate and resolve as
//! distributions (each incident a point that opens it, the median and p90 named with the count
//! behind them); action items; the learning loop; each decision's incidents on its topic before
//! and after it; revisits. Filtered by time and tag.

mod charts;
mod figures;

use chrono::NaiveDate;
use egui::RichText;

use super::view::ViewCtx;
use super::widgets::{draft_line, field_label, named_combo, section};
use crate::domain::stats::Stats;
use crate::report::{actions_words, revisit_when, stretch_words};
use charts::{durations_ui, incidents_ui};
use figures::Figuring;

/// How many rows a list shows before "Show more": a workspace of 10,000 decisions must not
/// lay out 10,000 rows every frame.
const FIRST_ROWS: usize = 20;

/// The view's filters, as typed, how far each list is unfolded, and the figures.
#[derive(Default)]
pub struct InsightsView {
    since: String,
    until: String,
    tag: Option<String>,
    /// Rows shown beyond [`FIRST_ROWS`]: did it work, lessons, published without a lesson,
    /// revisits.
    more: [usize; 4],
    figures: Figuring,
}

/// "Show more" under a list of `total` rows of which `FIRST_ROWS + *more` are shown.
fn show_more(ui: &mut egui::Ui, more: &mut usize, total: usize) {
    let shown = (FIRST_ROWS + *more).min(total);
    if shown < total
        && ui
            .button(format!("Show more ({shown} of {total} shown)"))
            .clicked()
    {
        *more += 100;
    }
}

impl InsightsView {
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) {
        let session = cx.session;
        let key = (self.since.clone(), self.until.clone(), self.tag.clone());
        let (figures, working) = self
            .figures
            .get(&key, session.generation(), session, ui.ctx());
        let tags: &[String] = figures.as_ref().map_or(&[], |f| &f.tags);
        ui.add_space(6.0);
        ui.heading("Insights: did our decisions work?");
        ui.horizontal_wrapped(|ui| {
            draft_line(ui, "Since", &mut self.since, "YYYY-MM-DD");
            draft_line(ui, "Until", &mut self.until, "YYYY-MM-DD");
            field_label(ui, "Tag");
            let shown = self.tag.clone().unwrap_or_else(|| "all tags".into());
            named_combo(ui, "insights-tag", "Tag", &shown, |ui| {
                ui.selectable_value(&mut self.tag, None, "all tags");
                for t in tags {
                    ui.selectable_value(&mut self.tag, Some(t.clone()), t);
                }
            });
        });
        // What the filters cannot use, said under them.
        let day = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d");
        for (name, text) in [("Since", &self.since), ("Until", &self.until)] {
            if !text.trim().is_empty() && day(text).is_err() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{name}: write the date as YYYY-MM-DD"),
                );
            }
        }
        if let (Ok(since), Ok(until)) = (day(&self.since), day(&self.until))
            && since > until
        {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Since ({since}) is after Until ({until}): nothing can match."),
            );
        }
        ui.separator();
        if working {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Working out the figures…");
            });
        }
        let Some(figures) = figures.as_deref() else {
            return;
        };
        let stats = &figures.stats;
        let mut open = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt("insights")
            .show(ui, |ui| {
                ui.set_max_width(ui.available_width().min(1000.0));
                incidents_ui(ui, figures);
                let clicked = [
                    durations_ui(ui, figures),
                    {
                        actions_ui(ui, stats);
                        learning_ui(ui, stats, &mut self.more)
                    },
                    effects_ui(ui, stats, &mut self.more),
                ];
                open = clicked.into_iter().flatten().next();
                ui.add_space(40.0);
            });
        if let Some(id) = open {
            cx.open(id);
        }
    }
}

fn actions_ui(ui: &mut egui::Ui, stats: &Stats) {
    let a = &stats.actions;
    section(ui, "Action items");
    ui.weak("All of them, whatever the filters say.");
    ui.label(format!("{}.", actions_words(a)));
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

fn learning_ui(ui: &mut egui::Ui, stats: &Stats, more: &mut [usize; 4]) -> Option<String> {
    let l = &stats.lessons;
    let mut open = None;
    section(ui, "The learning loop");
    ui.weak("Every lesson; the incidents as filtered.");
    ui.label(format!(
        "{} of {} lessons changed something (a trade-off or a checklist item).",
        l.acted_on, l.count
    ));
    for n in l.not_acted_on.iter().take(FIRST_ROWS + more[1]) {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Changed nothing yet:");
            if ui.link(&n.title).clicked() {
                open = Some(n.id.clone());
            }
        });
    }
    show_more(ui, &mut more[1], l.not_acted_on.len());
    for n in l.published_without_lesson.iter().take(FIRST_ROWS + more[2]) {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Published, but taught no lesson:",
            );
            if ui.link(&n.title).clicked() {
                open = Some(n.id.clone());
            }
        });
    }
    show_more(ui, &mut more[2], l.published_without_lesson.len());
    open
}

fn effects_ui(ui: &mut egui::Ui, stats: &Stats, more: &mut [usize; 4]) -> Option<String> {
    let mut open = None;
    let d = &stats.decisions;
    section(ui, "Did it work?");
    ui.weak("For each decision: the incidents on its topic (its tags, and those of the incidents behind it) before and after it was taken.");
    for e in d.effects.iter().take(FIRST_ROWS + more[0]) {
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
            stretch_words(&e.before),
            stretch_words(&e.after)
        );
        ui.add(egui::Label::new(line).wrap());
    }
    show_more(ui, &mut more[0], d.effects.len());
    section(ui, "Decisions to look at again");
    if d.revisits.is_empty() {
        ui.weak("No decision in force has a revisit date. Set one on a decision (Revisit by).");
    }
    for r in d.revisits.iter().take(FIRST_ROWS + more[3]) {
        ui.horizontal_wrapped(|ui| {
            let words = RichText::new(revisit_when(r));
            ui.label(if r.due {
                words.color(ui.visuals().warn_fg_color)
            } else {
                words
            });
            if ui.link(&r.title).clicked() {
                open = Some(r.id.clone());
            }
        });
    }
    show_more(ui, &mut more[3], d.revisits.len());
    open
}
