//! The form of the selected record, per kind, drawn from the field tables of `forms`, with the
//! parts each kind has around its fields (options, timeline, checklist items, a review's walk,
//! an incident's action items and lessons).

use super::forms;
use super::incident::{incident_checks_ui, reference_ui};
use super::links::{decision_parts, relations_ui};
use super::parts::{checklist_items_ui, durations_ui, options_ui, sections_ui, timeline_ui};
use super::{Loaded, PageState};
use crate::domain::{AnyRecord, Kind};
use crate::ui::review::ReviewPage;
use crate::ui::view::ViewCtx;

pub(super) fn body_ui(
    page: &mut PageState,
    cx: &mut ViewCtx<'_>,
    ui: &mut egui::Ui,
    loaded: &Loaded,
) {
    let now = ui.input(|i| i.time);
    let related = super::related::related_to(page, cx, loaded);
    let show_preview = cx.prefs.show_preview;
    let session = cx.session;
    let mut open = None;
    let PageState {
        markdown,
        focus,
        review,
        asked,
        ..
    } = page;
    let mut editor = cx.editor(&loaded.id, &loaded.doc, now);
    // The Markdown preview's cache, when previews are on.
    fn preview(
        cache: &mut egui_commonmark::CommonMarkCache,
        show: bool,
    ) -> Option<&mut egui_commonmark::CommonMarkCache> {
        show.then_some(cache)
    }
    macro_rules! draw {
        ($fields:expr) => {
            forms::draw(
                &mut editor,
                ui,
                $fields,
                preview(markdown, show_preview),
                focus,
            )
        };
    }
    match &loaded.record {
        AnyRecord::Decision(_) => {
            let (head, text) = forms::DECISION.split_at(3);
            draw!(head);
            if loaded.doc.get("status_text").is_some_and(|t| !t.is_null()) {
                draw!(&[forms::STATUS_TEXT]);
            }
            draw!(text);
            // What a reviewer needs first: trade-offs, sign-off, reviews; then what the
            // decision was weighed against, folded.
            open = open.or(decision_parts(review, &mut editor, session, ui, loaded));
            super::related::effect_ui(ui, loaded.effect.as_ref());
            open = open.or(super::related::related_ui(ui, &related));
            options_ui(&mut editor, ui, &loaded.doc, asked);
            sections_ui(
                &mut editor,
                ui,
                &loaded.doc,
                preview(markdown, show_preview),
                0,
            );
        }
        AnyRecord::TradeOff(_) => draw!(forms::TRADEOFF),
        AnyRecord::Lesson(_) => draw!(forms::LESSON),
        AnyRecord::Incident(incident) => {
            let (title, rest) = forms::INCIDENT.split_at(2);
            draw!(title);
            reference_ui(&mut editor, ui, incident, session);
            draw!(rest);
            incident_checks_ui(ui, incident);
            durations_ui(ui, incident);
            draw!(forms::INCIDENT_ABOUT);
            if !incident.source_url.is_empty() {
                ui.hyperlink_to("Open the original write-up", &incident.source_url);
            }
            draw!(&[forms::INCIDENT_SUMMARY]);
            // Right under the summary, so it answers while the summary is being written.
            open = open.or(super::related::related_ui(ui, &related));
            let described = incident
                .sections
                .first()
                .is_some_and(|s| s.heading.is_empty());
            if described {
                // A postmortem written as a story: its text, right under the summary.
                let cache = preview(markdown, show_preview);
                editor.markdown(ui, "Description", "/sections/0/body", cache);
            }
            draw!(forms::INCIDENT_TEXT);
            timeline_ui(&mut editor, ui, &loaded.doc, incident.started_at);
            let cache = preview(markdown, show_preview);
            sections_ui(&mut editor, ui, &loaded.doc, cache, usize::from(described));
        }
        AnyRecord::Action(_) => draw!(forms::ACTION),
        AnyRecord::Checklist(_) => {
            draw!(forms::CHECKLIST);
            checklist_items_ui(&mut editor, ui, &loaded.doc, session.rows(Kind::Lesson));
        }
        AnyRecord::Review(r) => {
            draw!(forms::REVIEW);
            let title_of = |id: &str| loaded.titles.get(id).cloned();
            let page = ReviewPage {
                review: r,
                checklist: loaded.checklist.as_ref(),
                actions: &loaded.actions,
                signoffs: loaded.signoffs.as_ref(),
                title_of: &title_of,
                lesson_histories: &loaded.lesson_histories,
            };
            open = crate::ui::review::review_ui(review, &mut editor, session, ui, page);
        }
    }
    relations_ui(page, cx, ui, loaded);
    if let Some(id) = open {
        cx.open(id);
    }
}
