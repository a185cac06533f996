//! Commands: every change a front end can make, as data. [`Session::apply`] runs each one
//! through the store in one transaction (so each is one undo step) and refreshes the cached
//! lists it touched.

use chrono::Utc;
use serde_json::Value;

use super::Session;
use super::review::{RiskAction, SignOffForm};
use crate::domain::{
    ActionItem, Answer, AnyRecord, Checklist, Decision, Incident, Kind, Lesson, Link, Review,
    TradeOff, new_id,
};
use crate::store::{Result, Store, StoreError};

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A new record of this kind; trade-offs and reviews need the decision they belong to,
    /// an action item may name its incident or review.
    Create {
        kind: Kind,
        parent_id: Option<String>,
    },
    /// A record made where the user is (an incident's action item, its lesson learned), with
    /// the link that ties it there; the selection stays.
    Add {
        record: Box<AnyRecord>,
        link: Option<Link>,
    },
    /// Sets one field of a record, addressed by a JSON pointer into its document
    /// (`/title`, `/options/0/pros`, `/started_at`).
    SetField {
        id: String,
        pointer: String,
        value: Value,
    },
    /// What was typed into a field, with the value the field had when the typing began: if
    /// someone else (another window, a command) changed that field since, both values are kept
    /// as a conflict to choose from, never overwritten.
    Edit {
        id: String,
        pointer: String,
        value: Value,
        base: Value,
    },
    /// Brings the whole workspace back to one of its backups (after backing up what it is).
    RestoreBackup {
        path: std::path::PathBuf,
    },
    /// A copy of the record under a new id.
    Duplicate {
        id: String,
    },
    /// Deletes the record and what belongs to it (undoable).
    Delete {
        id: String,
    },
    Link(Link),
    Unlink(Link),
    /// Starts a review of a decision against a checklist, and selects it.
    StartReview {
        decision_id: String,
        checklist_id: String,
    },
    /// Records the answer to one checklist item of a review, its note, or both.
    Answer {
        review_id: String,
        item_id: String,
        answer: Option<Answer>,
        note: Option<String>,
    },
    /// Turns a risk found in a review into an action item (with the lesson the checklist item
    /// comes from as what it addresses).
    RiskToAction {
        review_id: String,
        item_id: String,
        action: RiskAction,
    },
    /// Points a review answer at a lesson or incident; again, and the pointer goes.
    RelateRisk {
        review_id: String,
        item_id: String,
        record_id: String,
    },
    /// Records a stakeholder's sign-off of a decision as it stands now, in the given review or
    /// the decision's newest (made when it has none).
    SignOff {
        decision_id: String,
        review_id: Option<String>,
        form: SignOffForm,
    },
    /// Settles a field a sync found changed on both sides: ours, or theirs.
    Resolve {
        id: String,
        field: String,
        theirs: bool,
    },
    Undo,
    Redo,
    /// Brings a record back to one of its earlier versions.
    Restore {
        revision_id: i64,
    },
}

/// What applying a command did, for the front end to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// A sentence for a toast ("Undid: Save Decision …"), if the command warrants one.
    pub message: Option<String>,
    /// A record to select (the one created or duplicated).
    pub select: Option<String>,
}

impl Session {
    /// Applies one command. On error nothing is changed. At most once an hour while edits
    /// happen, the workspace is backed up after one.
    pub fn apply(&mut self, command: Command) -> Result<Outcome> {
        let before = self.generation;
        let mut outcome = self.apply_one(command)?;
        if self.generation != before
            && let Some(problem) = self.backup_if_due()
        {
            let said = outcome
                .message
                .take()
                .map(|m| format!("{m} "))
                .unwrap_or_default();
            outcome.message = Some(format!("{said}{problem}"));
        }
        Ok(outcome)
    }

    pub(super) fn apply_one(&mut self, command: Command) -> Result<Outcome> {
        match command {
            Command::Create { kind, parent_id } => {
                let record = self.new_record(kind, parent_id)?;
                let id = record.id().to_string();
                let summary = format!("Create {}", kind.label());
                self.store.write(summary, |w| w.put_any(&record))?;
                self.after_many()?;
                Ok(Outcome {
                    message: None,
                    select: Some(id),
                })
            }
            Command::Add { record, link } => {
                let summary = format!("Add {} “{}”", record.kind().label(), record.title());
                self.store.write(summary, |w| {
                    w.put_any(record.as_ref())?;
                    if let Some(link) = &link {
                        w.link(link)?;
                    }
                    Ok(())
                })?;
                self.after_many()?;
                Ok(Outcome::default())
            }
            Command::SetField { id, pointer, value } => {
                self.set_field(&id, &pointer, value)?;
                Ok(Outcome::default())
            }
            Command::Duplicate { id } => {
                let original = self.store.get_any(&id)?;
                let kind = original.kind();
                let mut json = original.to_json();
                let new = new_id(kind);
                json["id"] = Value::String(new.clone());
                json[kind.title_field()] = Value::String(format!("Copy of {}", original.title()));
                if kind == Kind::Decision {
                    json["number"] = Value::from(next_decision_number(&self.store)?);
                }
                let copy = decode(kind, &new, json)?;
                let summary = format!("Duplicate “{}”", original.title());
                self.store.write(summary, |w| w.put_any(&copy))?;
                self.after_many()?;
                Ok(Outcome {
                    message: Some(format!("Duplicated “{}”.", original.title())),
                    select: Some(new),
                })
            }
            Command::Delete { id } => {
                let title = self.store.get_any(&id)?.title().to_string();
                let deleted = self.store.delete(&id)?;
                self.after_many()?;
                let more = deleted.len().saturating_sub(1);
                let extra = if more > 0 {
                    format!(" and {more} record(s) that belonged to it")
                } else {
                    String::new()
                };
                Ok(Outcome {
                    message: Some(format!("Deleted “{title}”{extra}. Undo brings it back.")),
                    select: None,
                })
            }
            Command::Link(link) => {
                self.store.link(&link)?;
                self.generation += 1;
                Ok(Outcome::default())
            }
            Command::Unlink(link) => {
                self.store.unlink(&link)?;
                self.generation += 1;
                Ok(Outcome::default())
            }
            Command::StartReview {
                decision_id,
                checklist_id,
            } => self.start_review(&decision_id, &checklist_id),
            Command::Answer {
                review_id,
                item_id,
                answer,
                note,
            } => self.answer(&review_id, &item_id, answer, note),
            Command::RiskToAction {
                review_id,
                item_id,
                action,
            } => self.risk_to_action(&review_id, &item_id, action),
            Command::RelateRisk {
                review_id,
                item_id,
                record_id,
            } => self.relate_risk(&review_id, &item_id, &record_id),
            Command::SignOff {
                decision_id,
                review_id,
                form,
            } => self.sign_off(&decision_id, review_id.as_deref(), form),
            Command::Edit {
                id,
                pointer,
                value,
                base,
            } => self.edit(&id, &pointer, value, base),
            Command::RestoreBackup { path } => {
                let before = self.store.restore_backup(&path)?;
                self.after_many()?;
                let undo = before
                    .map(|b| format!(" What it held before is backed up too ({}).", b.display()))
                    .unwrap_or_default();
                Ok(Outcome {
                    message: Some(format!("Restored the backup {}.{undo}", path.display())),
                    select: None,
                })
            }
            Command::Resolve { id, field, theirs } => {
                self.store.resolve_conflict(&id, &field, theirs)?;
                self.refresh_all()?;
                let side = if theirs {
                    "their value"
                } else {
                    "this workspace's value"
                };
                Ok(Outcome {
                    message: Some(format!("Kept {side} for {field}.")),
                    select: None,
                })
            }
            Command::Undo => {
                let change = self.store.undo()?;
                self.after_history_move(change, "Undid", "Nothing to undo.")
            }
            Command::Redo => {
                let change = self.store.redo()?;
                self.after_history_move(change, "Redid", "Nothing to redo.")
            }
            Command::Restore { revision_id } => {
                let revision = self.store.revision(revision_id)?;
                self.store.restore(revision_id)?;
                self.after_many()?;
                Ok(Outcome {
                    message: Some(format!(
                        "Restored the version of {}.",
                        revision.at.format("%Y-%m-%d %H:%M")
                    )),
                    select: Some(revision.record_id),
                })
            }
        }
    }

    /// Refreshes after an undo or redo and says what moved.
    fn after_history_move(
        &mut self,
        change: Option<crate::domain::Change>,
        done: &str,
        nothing: &str,
    ) -> Result<Outcome> {
        self.after_many()?;
        Ok(Outcome {
            message: Some(match change {
                Some(c) => format!("{done}: {}", c.summary),
                None => nothing.to_string(),
            }),
            select: None,
        })
    }

    fn after_many(&mut self) -> Result<()> {
        self.refresh_all()
    }

    fn set_field(&mut self, id: &str, pointer: &str, value: Value) -> Result<()> {
        let record = self.store.get_any(id)?;
        let Some(mut updated) = crate::domain::with_field(&record, pointer, value)? else {
            return Ok(());
        };
        crate::domain::stamp_field(&mut updated, pointer, Utc::now().date_naive());
        let field = pointer.trim_start_matches('/').replace(['/', '_'], " ");
        let summary = format!("Edit {field} of “{}”", updated.title());
        self.store.write(summary, |w| w.put_any(&updated))?;
        if field.starts_with("title") || field.starts_with("statement") || field.starts_with("name")
        {
            // Titles show in other records' lists and links too.
            self.refresh_all()
        } else {
            self.refresh_one(id)
        }
    }

    fn new_record(&self, kind: Kind, parent_id: Option<String>) -> Result<AnyRecord> {
        let title = match kind {
            Kind::Decision => "New decision",
            Kind::TradeOff => "New trade-off",
            Kind::Lesson => "New lesson",
            Kind::Incident => "New incident",
            Kind::Action => "New action item",
            Kind::Checklist => "New checklist",
            Kind::Review => "New review",
        };
        new_record(&self.store, kind, parent_id, title)
    }
}

fn next_decision_number(store: &Store) -> Result<u32> {
    Ok(store
        .list::<Decision>()?
        .iter()
        .filter_map(|d| d.number)
        .max()
        .unwrap_or(0)
        + 1)
}

/// A new record of `kind` as the window makes it (*New …*, Ctrl+N), not yet written: a
/// decision numbered after the last one and dated today, an incident started now, an action
/// item opened today; trade-offs and reviews need the decision they belong to (`parent_id`),
/// an action item may name the incident or review it came from. The command line's `new`
/// makes its trade-offs, action items and checklists here too.
pub fn new_record(
    store: &Store,
    kind: Kind,
    parent_id: Option<String>,
    title: &str,
) -> Result<AnyRecord> {
    let today = Utc::now().date_naive();
    let need_parent = |what: &'static str| {
        parent_id.clone().ok_or(StoreError::MissingReference {
            kind,
            id: String::new(),
            field: what,
            target: String::new(),
        })
    };
    Ok(match kind {
        Kind::Decision => AnyRecord::Decision(Decision {
            number: Some(next_decision_number(store)?),
            date: Some(today),
            ..Decision::new(title)
        }),
        Kind::TradeOff => AnyRecord::TradeOff(TradeOff::new(need_parent("decision_id")?, title)),
        Kind::Lesson => AnyRecord::Lesson(Lesson::new(title)),
        Kind::Incident => AnyRecord::Incident(Incident {
            // To the second: times are typed and shown to the minute.
            started_at: Some(chrono::SubsecRound::trunc_subsecs(Utc::now(), 0)),
            ..Incident::new(title)
        }),
        Kind::Action => AnyRecord::Action(ActionItem {
            source_id: parent_id,
            opened_on: Some(today),
            ..ActionItem::new(title)
        }),
        Kind::Checklist => AnyRecord::Checklist(Checklist {
            id: new_id(Kind::Checklist),
            name: title.into(),
            ..Default::default()
        }),
        Kind::Review => {
            let decision_id = need_parent("decision_id")?;
            let checklist_id = store
                .list::<Checklist>()?
                .first()
                .map(|c| c.id.clone())
                .unwrap_or_default();
            AnyRecord::Review(Review {
                id: new_id(Kind::Review),
                title: title.into(),
                decision_id,
                checklist_id,
                date: Some(today),
                ..Default::default()
            })
        }
    })
}

fn decode(kind: Kind, id: &str, json: Value) -> Result<AnyRecord> {
    let text = json.to_string();
    AnyRecord::from_json(kind, &text).map_err(|e| StoreError::BadValue {
        kind,
        id: id.to_string(),
        message: e.to_string(),
    })
}
