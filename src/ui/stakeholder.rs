//! Stakeholder mode: the window as a calm, read-only presentation, one decision at a time, in
//! the words of the report — what we decided, what each trade-off gains and costs, the incident
//! that taught us (what happened, who was affected, for how long) and the lesson — with the
//! trace diagram. Large type for a projector; engineering fields only when asked. ←/→ move
//! between decisions, Esc (or F5) leaves.

use egui::{FontId, Key, RichText, TextStyle};

use super::trace::TraceText;
use super::view::{Cache, Request, ViewCtx};
use crate::domain::{Decision, Kind};
use crate::report::story::{self, DecisionStory, IncidentStory};
use crate::session::Session;

/// The presentation's place and what it shows.
pub struct Presentation {
    /// The decision shown.
    pub decision_id: String,
    pub details: bool,
    slide: Cache<String, Option<Slide>>,
    /// The slide that was shown last frame: a new one starts at its top.
    shown: Option<String>,
    markdown: egui_commonmark::CommonMarkCache,
}

struct Slide {
    story: DecisionStory,
    incidents: Vec<IncidentStory>,
    decision: Decision,
}

impl Presentation {
    pub fn new(decision_id: String) -> Presentation {
        Presentation {
            decision_id,
            details: false,
            slide: Cache::default(),
            shown: None,
            markdown: Default::default(),
        }
    }
}

fn load(session: &Session, id: &str) -> Option<Slide> {
    let store = session.store();
    let story = story::decision(store, id).ok()?;
    let incidents = story::incidents_behind(store, std::slice::from_ref(&story)).ok()?;
    let decision = store.get(id).ok()?;
    Some(Slide {
        story,
        incidents,
        decision,
    })
}

impl Presentation {
    /// Draws the presentation over the whole window. Returns false when it should close.
    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ui: &mut egui::Ui) -> bool {
        let ids: Vec<String> = cx
            .session
            .rows(Kind::Decision)
            .iter()
            .map(|r| r.id.clone())
            .collect();
        if ids.is_empty() {
            cx.request(Request::Notify(
                super::Notice::Info,
                "Stakeholder mode shows decisions; this workspace has none yet.".into(),
            ));
            return false;
        }
        let mut index = ids.iter().position(|i| *i == self.decision_id).unwrap_or(0);
        let mut close = false;
        let typing = ui.ctx().text_edit_focused();
        ui.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            if i.consume_key(none, Key::Escape) || i.consume_key(none, Key::F5) {
                close = true;
            }
            if !typing
                && (i.consume_key(none, Key::ArrowRight) || i.consume_key(none, Key::PageDown))
            {
                index = (index + 1).min(ids.len() - 1);
            }
            if !typing && (i.consume_key(none, Key::ArrowLeft) || i.consume_key(none, Key::PageUp))
            {
                index = index.saturating_sub(1);
            }
        });
        egui::Panel::top("stakeholder-bar").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong("Stakeholder view");
                ui.separator();
                if ui
                    .add_enabled(index > 0, egui::Button::new("< Previous"))
                    .clicked()
                {
                    index -= 1;
                }
                ui.label(format!("Decision {} of {}", index + 1, ids.len()));
                if ui
                    .add_enabled(index + 1 < ids.len(), egui::Button::new("Next >"))
                    .clicked()
                {
                    index += 1;
                }
                ui.separator();
                ui.checkbox(&mut self.details, "Show engineering details");
                ui.separator();
                if ui.button("Write report of this decision…").clicked() {
                    cx.request(Request::Report(Some(ids[index].clone())));
                }
                if ui.button("Leave (Esc)").clicked() {
                    close = true;
                }
            });
        });
        self.decision_id = ids[index].clone();
        // A slide opens at its top, whether it is new or shown again.
        let reopened = self.shown.as_ref() != Some(&self.decision_id);
        self.shown = Some(self.decision_id.clone());
        let session = cx.session;
        let slide = self
            .slide
            .get(self.decision_id.clone(), session.generation(), |id| {
                load(session, id)
            });
        let markdown = &mut self.markdown;
        let details = self.details;
        egui::CentralPanel::default().show(ui, |ui| {
            let mut area = egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .id_salt("slide");
            if reopened {
                area = area.vertical_scroll_offset(0.0);
            }
            area.show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.set_max_width(ui.available_width().min(1100.0));
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        projector_type(ui);
                        match slide {
                            Some(slide) => slide_ui(ui, slide, details, markdown),
                            None => {
                                ui.label("This decision cannot be shown.");
                            }
                        }
                        ui.add_space(60.0);
                    });
                });
            });
        });
        !close
    }
}

/// Type big enough to read from the back of a meeting room.
fn projector_type(ui: &mut egui::Ui) {
    let style = ui.style_mut();
    for (text_style, size) in [
        (TextStyle::Heading, 36.0),
        (TextStyle::Body, 21.0),
        (TextStyle::Button, 19.0),
        (TextStyle::Small, 16.0),
    ] {
        style
            .text_styles
            .insert(text_style, FontId::proportional(size));
    }
    style.spacing.item_spacing.y = 8.0;
    // Full-contrast text: the default grey washes out on a projector.
    style.visuals.override_text_color = Some(style.visuals.strong_text_color());
}

fn heading(ui: &mut egui::Ui, text: &str) {
    ui.add_space(18.0);
    ui.label(RichText::new(text).size(27.0).strong());
    ui.add_space(2.0);
}

fn slide_ui(
    ui: &mut egui::Ui,
    slide: &Slide,
    details: bool,
    cache: &mut egui_commonmark::CommonMarkCache,
) {
    let story = &slide.story;
    ui.add_space(16.0);
    ui.weak(&story.status_line);
    ui.label(RichText::new(&story.title).heading().strong());
    heading(ui, "What we decided");
    if !story.summary.is_empty() {
        ui.label(&story.summary);
    } else if !story.outcome.is_empty() {
        egui_commonmark::CommonMarkViewer::new().show(ui, cache, &story.outcome);
    } else {
        ui.weak("Not written down yet.");
    }
    for t in &story.tradeoffs {
        ui.add_space(12.0);
        egui::Frame::group(ui.style())
            .inner_margin(16.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&t.title).size(25.0).strong());
                ui.weak(format!("Risk: {}", t.risk.words()));
                argument(ui, cache, "What we gain", &t.gain);
                argument(ui, cache, "What it costs", &t.cost);
                if !t.explanation.is_empty() {
                    labelled(ui, "Why", &t.explanation);
                }
                for mention in &t.incidents {
                    let Some(i) = slide.incidents.iter().find(|i| i.id == mention.id) else {
                        continue;
                    };
                    ui.add_space(8.0);
                    let when = i
                        .when
                        .as_ref()
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default();
                    ui.label(
                        RichText::new(format!("The incident that taught us: {}{when}", i.title))
                            .strong(),
                    );
                    if !i.what_happened.is_empty() {
                        ui.label(RichText::new("What happened").strong());
                        egui_commonmark::CommonMarkViewer::new().show(ui, cache, &i.what_happened);
                    }
                    if !i.who_was_affected.is_empty() {
                        ui.label(RichText::new("Who was affected").strong());
                        for part in &i.who_was_affected {
                            egui_commonmark::CommonMarkViewer::new().show(ui, cache, part);
                        }
                    }
                    if let Some(how_long) = &i.how_long {
                        labelled(ui, "For how long", how_long);
                    }
                }
                for l in &t.lessons {
                    ui.add_space(8.0);
                    ui.label(RichText::new(format!("The lesson: {}", l.statement)).strong());
                    if details && !l.explanation.trim().is_empty() {
                        egui_commonmark::CommonMarkViewer::new().show(ui, cache, &l.explanation);
                    }
                }
                if t.incidents.is_empty() && t.lessons.is_empty() {
                    ui.weak("No incident or lesson is linked to this trade-off yet.");
                }
            });
    }
    if story.tradeoffs.is_empty() {
        ui.weak("No trade-offs recorded for this decision.");
    }
    heading(ui, "Who signed it off");
    super::review::signoffs_ui(ui, &story.signoffs);
    if story.signoffs.entries.is_empty() && story.signoffs.warning().is_none() {
        ui.weak("Nobody has signed this decision off.");
    }
    heading(ui, "How we got here");
    ui.weak("Read left to right: the incident taught a lesson, the lesson motivated a trade-off, the trade-off is part of the decision.");
    if story.incident_ids.is_empty() && story.tradeoffs.iter().all(|t| t.lessons.is_empty()) {
        ui.weak("No incident or lesson is linked to this decision yet.");
    } else {
        // Read-only: the diagram's boxes do not open records here.
        let _ = super::trace::draw(ui, &story.graph, TraceText::PROJECTOR, None);
    }
    if details {
        heading(ui, "Engineering details");
        let d = &slide.decision;
        for (label, text) in [
            ("Context", &d.context),
            ("Decision drivers", &d.drivers),
            ("Outcome", &d.outcome),
            ("Consequences", &d.consequences),
        ] {
            if !text.trim().is_empty() {
                ui.label(RichText::new(label).strong());
                egui_commonmark::CommonMarkViewer::new().show(ui, cache, text);
            }
        }
        for option in &d.options {
            ui.label(RichText::new(format!("Option: {}", option.name)).strong());
            for pro in &option.pros {
                ui.label(format!("+ {pro}"));
            }
            for con in &option.cons {
                ui.label(format!("- {con}"));
            }
        }
    }
}

/// What a trade-off gains or costs under its label, as Markdown: a list as a list (each
/// argument on its line), a link as its words.
fn argument(
    ui: &mut egui::Ui,
    cache: &mut egui_commonmark::CommonMarkCache,
    label: &str,
    text: &str,
) {
    ui.add_space(4.0);
    ui.label(
        RichText::new(label)
            .strong()
            .color(ui.visuals().strong_text_color()),
    );
    if text.trim().is_empty() {
        ui.weak("Not recorded.");
    } else {
        egui_commonmark::CommonMarkViewer::new().show(ui, cache, text);
    }
}

/// A label strong enough to read on a projector, and its text under it.
fn labelled(ui: &mut egui::Ui, label: &str, text: &str) {
    ui.add_space(4.0);
    ui.label(
        RichText::new(label)
            .strong()
            .color(ui.visuals().strong_text_color()),
    );
    ui.label(if text.is_empty() { "—" } else { text });
}
