//! A record's links, both ways, and the records that belong to it: a decision's trade-offs and
//! reviews, an incident's or review's action items; each jumps to the other record, a link is
//! made with a searchable picker and removed with its ✕.

use serde_json::Value;

use super::{Loaded, PageState, Picker};
use crate::domain::{ActionStatus, AnyRecord, DecisionStatus, Kind, Link, Relation};
use crate::domain::{LinkDirection, LinkedRecord};
use crate::session::{Command, Session};
use crate::ui::fields::Editor;
use crate::ui::review::DecisionReviews;
use crate::ui::view::ViewCtx;
use crate::ui::widgets::{Choice, record_chooser, section};

/// What a reviewer of a decision needs first: its trade-offs, who signed it off, its reviews
/// and the way to start one. Returns a record to open.
pub(super) fn decision_parts(
    review: &mut crate::ui::review::ReviewUi,
    editor: &mut Editor<'_>,
    session: &Session,
    ui: &mut egui::Ui,
    loaded: &Loaded,
) -> Option<String> {
    let mut jump = None;
    section(ui, &format!("Trade-offs ({})", loaded.tradeoffs.len()));
    for t in &loaded.tradeoffs {
        ui.horizontal_wrapped(|ui| {
            if ui.link(&t.title).clicked() {
                jump = Some(t.id.clone());
            }
            ui.weak(format!("risk: {}", t.risk.words()));
        });
    }
    if ui.button("Add trade-off").clicked() {
        // What is typed goes in first: the new trade-off opens in its place.
        let typed = editor.buffers.flush_all();
        editor.out.extend(typed);
        editor.out.push(Command::Create {
            kind: Kind::TradeOff,
            parent_id: Some(loaded.id.clone()),
        });
    }
    if let Some(signoffs) = &loaded.signoffs {
        let opened = crate::ui::review::decision_ui(
            review,
            editor.out,
            ui,
            DecisionReviews {
                decision_id: &loaded.id,
                signoffs,
                reviews: &loaded.reviews,
                checklists: session.rows(Kind::Checklist),
                suggested: loaded.suggested_checklist.as_deref(),
            },
        );
        jump = jump.or(opened);
    }
    jump
}

/// Links, both ways, and the records that belong to this one; each jumps to the other record.
pub(super) fn relations_ui(
    page: &mut PageState,
    cx: &mut ViewCtx<'_>,
    ui: &mut egui::Ui,
    loaded: &Loaded,
) {
    let kind = loaded.record.kind();
    let mut jump = None;
    let pickers: &[(&str, Relation, bool, &[Kind])] = match kind {
        Kind::TradeOff => &[(
            "Motivated by",
            Relation::MotivatedBy,
            false,
            &[Kind::Lesson, Kind::Incident],
        )],
        Kind::Lesson => &[(
            "Learned from",
            Relation::LearnedFrom,
            false,
            &[Kind::Incident],
        )],
        Kind::Decision => &[
            (
                "Superseded by",
                Relation::Supersedes,
                true,
                &[Kind::Decision],
            ),
            ("Supersedes", Relation::Supersedes, false, &[Kind::Decision]),
        ],
        Kind::Action => &[(
            "Addresses",
            Relation::Addresses,
            false,
            &[Kind::Lesson, Kind::TradeOff, Kind::Review],
        )],
        _ => &[],
    };
    let mut shown = Vec::new();
    for (title, relation, incoming, kinds) in pickers {
        let direction = if *incoming {
            LinkDirection::Incoming
        } else {
            LinkDirection::Outgoing
        };
        let is_superseded = matches!(&loaded.record, AnyRecord::Decision(d) if d.status == DecisionStatus::Superseded);
        let ends: Vec<&LinkedRecord> = loaded
            .links
            .iter()
            .filter(|l| l.relation == *relation && l.direction == direction)
            .collect();
        if *title == "Superseded by" && !is_superseded && ends.is_empty() {
            continue;
        }
        section(ui, title);
        for end in &ends {
            shown.push((end.relation, end.direction, end.id.clone()));
            link_row(cx, ui, loaded, end, &mut jump);
        }
        if ends.is_empty() && *title == "Superseded by" {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Superseded, but by which decision? Pick its successor.",
            );
        }
        picker_ui(page, cx, ui, loaded, (title, *relation, *incoming), kinds);
    }
    // An incident's lessons have a list of their own below.
    for (id, _) in &loaded.lessons {
        shown.push((Relation::LearnedFrom, LinkDirection::Incoming, id.clone()));
    }
    let others: Vec<&LinkedRecord> = loaded
        .links
        .iter()
        .filter(|l| !shown.contains(&(l.relation, l.direction, l.id.clone())))
        .collect();
    if !others.is_empty() {
        section(ui, "Linked");
        for end in others {
            link_row(cx, ui, loaded, end, &mut jump);
        }
    }
    if matches!(kind, Kind::Incident | Kind::Review) {
        section(ui, "Action items");
        let today = chrono::Utc::now().date_naive();
        for a in &loaded.actions {
            ui.horizontal(|ui| {
                let mut done = a.status == ActionStatus::Done;
                if ui.checkbox(&mut done, "").on_hover_text("Done").changed() {
                    cx.send(Command::SetField {
                        id: a.id.clone(),
                        pointer: "/status".into(),
                        value: Value::String(if done { "done" } else { "open" }.into()),
                    });
                }
                if ui.link(&a.title).clicked() {
                    jump = Some(a.id.clone());
                }
                let owner = a.owner.clone().unwrap_or_else(|| "no owner".into());
                let due = a.due.map(|d| format!("due {d}")).unwrap_or_default();
                if a.is_overdue(today) {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("overdue · {owner} · {due}"),
                    );
                } else {
                    ui.weak(format!("{owner} · {due}"));
                }
            });
        }
        super::incident::add_action_ui(ui, &loaded.id, &mut page.drafts, cx.commands());
    }
    if kind == Kind::Incident {
        super::incident::lessons_ui(
            ui,
            &loaded.id,
            &loaded.lessons,
            &mut page.drafts,
            cx.commands(),
            &mut jump,
        );
    }
    if let Some(id) = jump {
        cx.open(id);
    }
}

fn link_row(
    cx: &mut ViewCtx<'_>,
    ui: &mut egui::Ui,
    loaded: &Loaded,
    end: &LinkedRecord,
    jump: &mut Option<String>,
) {
    // Wrapped, so a long title never pushes the remove button out of reach.
    ui.horizontal_wrapped(|ui| {
        let words = match end.direction {
            LinkDirection::Outgoing => end.relation.as_str().replace('-', " "),
            LinkDirection::Incoming => end.relation.inverse_label().to_string(),
        };
        ui.weak(format!("{words} {}", end.kind.label().to_lowercase()));
        if ui.link(&end.title).clicked() {
            *jump = Some(end.id.clone());
        }
        if ui
            .small_button("×")
            .on_hover_text(format!("Remove the link to “{}”", end.title))
            .clicked()
        {
            let link = match end.direction {
                LinkDirection::Outgoing => Link::new(&loaded.id, end.relation, &end.id),
                LinkDirection::Incoming => Link::new(&end.id, end.relation, &loaded.id),
            };
            cx.send(Command::Unlink(link));
        }
    });
}

/// The "Link a …" button of one relation (its title, and whether the link comes in), and the
/// chooser it opens.
fn picker_ui(
    page: &mut PageState,
    cx: &mut ViewCtx<'_>,
    ui: &mut egui::Ui,
    loaded: &Loaded,
    (title, relation, incoming): (&str, Relation, bool),
    kinds: &[Kind],
) {
    let open = page
        .picker
        .as_ref()
        .is_some_and(|p| p.relation == relation && p.incoming == incoming && p.anchor == loaded.id);
    let noun = kinds
        .iter()
        .map(|k| k.label().to_lowercase())
        .collect::<Vec<_>>()
        .join(" or ");
    if !open {
        if ui
            .button(format!("Link a {noun}…"))
            .on_hover_text(format!("{title}: pick a {noun}"))
            .clicked()
        {
            page.picker = Some(Picker {
                relation,
                anchor: loaded.id.clone(),
                incoming,
                query: String::new(),
            });
        }
        return;
    }
    let Some(picker) = page.picker.as_mut() else {
        return;
    };
    let chosen = match record_chooser(
        ui,
        cx.session,
        &format!("Find a {noun}"),
        &mut picker.query,
        kinds,
        &loaded.id,
    ) {
        Choice::Open => None,
        Choice::Cancelled => {
            page.picker = None;
            None
        }
        Choice::Picked(id) => Some(id),
    };
    if let Some(other) = chosen {
        let link = if incoming {
            Link::new(&other, relation, &loaded.id)
        } else {
            Link::new(&loaded.id, relation, &other)
        };
        cx.send(Command::Link(link));
        page.picker = None;
    }
}
