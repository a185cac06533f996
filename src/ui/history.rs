//! A record's history (Ctrl+H): every version with when, who and which fields it changed;
//! picking one shows, field by field, how it differs from the record now, and restores it in
//! one click (itself one undo step).

use serde_json::Value;

use super::view::{Cache, ViewCtx};
use crate::domain::{FieldChange, Revision, field_changes};
use crate::session::Command;

/// The history window of one record, while it is open.
#[derive(Default)]
pub struct HistoryView {
    /// The record whose history is open.
    pub of: Option<String>,
    revisions: Cache<String, Vec<Line>>,
    /// The revision whose difference from now is shown.
    picked: Option<i64>,
}

/// A version, with what it changed and how it differs from now.
#[derive(Clone)]
struct Line {
    revision: Revision,
    /// The fields this change touched.
    changed: Vec<String>,
    /// How this version differs from the record as it is now.
    from_now: Vec<FieldChange>,
}

fn parse(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null)
}

fn lines(revisions: Vec<Revision>) -> Vec<Line> {
    // Newest first: the first revision's "after" is the record now.
    let now = revisions
        .first()
        .map(|r| parse(r.after.as_deref()))
        .unwrap_or(Value::Null);
    revisions
        .into_iter()
        .map(|revision| {
            let (before, after) = (
                parse(revision.before.as_deref()),
                parse(revision.after.as_deref()),
            );
            let changed = match (&revision.before, &revision.after) {
                (None, _) => vec!["created".to_string()],
                (_, None) => vec!["deleted".to_string()],
                _ => field_changes(&before, &after)
                    .into_iter()
                    .map(|c| c.field)
                    .collect(),
            };
            let from_now = field_changes(&after, &now);
            Line {
                revision,
                changed,
                from_now,
            }
        })
        .collect()
}

impl HistoryView {
    pub fn open(&mut self, id: Option<String>) {
        self.of = id;
        self.picked = None;
    }

    pub fn ui(&mut self, cx: &mut ViewCtx<'_>, ctx: &egui::Context) {
        let Some(id) = self.of.clone() else {
            return;
        };
        let store = cx.session.store();
        let lines = self
            .revisions
            .get(id, cx.session.generation(), |id| {
                lines(store.history(id).unwrap_or_default())
            })
            .clone();
        let mut open = true;
        let mut restore = None;
        let centre = ctx.content_rect().center();
        egui::Window::new("History")
            .open(&mut open)
            .default_width(620.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(egui::pos2(centre.x, 80.0))
            .show(ctx, |ui| {
                if lines.is_empty() {
                    ui.weak("No changes recorded yet.");
                }
                ui.weak("Pick a version to see how it differs from now.");
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .id_salt("versions")
                    .show(ui, |ui| {
                        for (n, line) in lines.iter().enumerate() {
                            let r = &line.revision;
                            let changed = if line.changed.is_empty() {
                                String::new()
                            } else {
                                format!(" · {}", line.changed.join(", "))
                            };
                            let text = format!(
                                "{} · {} · {}{changed}",
                                r.at.format("%Y-%m-%d %H:%M"),
                                r.author,
                                r.summary
                            );
                            let picked = self.picked == Some(r.id);
                            let label = if n == 0 { format!("Now: {text}") } else { text };
                            if ui.selectable_label(picked, label).clicked() {
                                self.picked = Some(r.id);
                            }
                        }
                    });
                let Some(line) = lines.iter().find(|l| Some(l.revision.id) == self.picked) else {
                    return;
                };
                ui.separator();
                let r = &line.revision;
                ui.strong(format!(
                    "The version of {} by {}",
                    r.at.format("%Y-%m-%d %H:%M"),
                    r.author
                ));
                if line.from_now.is_empty() {
                    ui.weak("Same as now.");
                    return;
                }
                diff_ui(ui, &line.from_now);
                if ui
                    .button("Restore this version")
                    .on_hover_text(format!(
                        "Its fields come back; {} undoes it",
                        super::UiAction::Undo.shortcut_text(ui.ctx())
                    ))
                    .clicked()
                {
                    restore = Some(r.id);
                }
            });
        if let Some(revision_id) = restore {
            cx.flush();
            cx.send(Command::Restore { revision_id });
        }
        if !open {
            self.of = None;
        }
    }
}

/// Each field that differs: its name, then what it said in that version and what it says now,
/// side by side.
fn diff_ui(ui: &mut egui::Ui, changes: &[FieldChange]) {
    egui::ScrollArea::vertical()
        .max_height(340.0)
        .id_salt("diff")
        .show(ui, |ui| {
            for c in changes {
                ui.add_space(4.0);
                ui.strong(&c.field);
                ui.columns(2, |columns| {
                    for (ui, (title, text)) in columns
                        .iter_mut()
                        .zip([("Then", &c.before), ("Now", &c.after)])
                    {
                        ui.weak(title);
                        let shown = if text.is_empty() { "(empty)" } else { text };
                        ui.add(egui::Label::new(shown).wrap());
                    }
                });
                ui.separator();
            }
        });
}
