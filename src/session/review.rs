//! The review and sign-off commands: starting a review from a checklist, answering its items,
//! turning a risk into an action item or pointing it at a lesson or incident, and signing a
//! decision off. Each is one transaction, so one undo step. Starting a review, answering and
//! signing off are also functions over a [`Store`], so the command line records them exactly
//! as the window does.

use chrono::{NaiveDate, Utc};

use super::{Outcome, Session};
use crate::domain::{
    ActionItem, ActionType, Answer, Checklist, Decision, Kind, Link, Relation, Review, SignOff,
    Verdict, new_id, who,
};
use crate::store::{Result, Store, StoreError};

/// A sign-off as the person giving it fills it in; the time and the decision's fingerprint
/// are added when it is recorded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignOffForm {
    pub name: String,
    pub role: String,
    pub verdict: Verdict,
    pub comment: String,
}

/// An action item as a reviewer fills it in from a risk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RiskAction {
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

impl Session {
    pub(super) fn start_review(
        &mut self,
        decision_id: &str,
        checklist_id: &str,
    ) -> Result<Outcome> {
        let review = start_review(&mut self.store, decision_id, checklist_id)?;
        self.refresh_all()?;
        Ok(Outcome {
            message: None,
            select: Some(review.id),
        })
    }

    pub(super) fn answer(
        &mut self,
        review_id: &str,
        item_id: &str,
        answer: Option<Answer>,
        note: Option<String>,
    ) -> Result<Outcome> {
        if record_answer(&mut self.store, review_id, item_id, answer, note)? {
            self.refresh_one(review_id)?;
        }
        Ok(Outcome::default())
    }

    pub(super) fn risk_to_action(
        &mut self,
        review_id: &str,
        item_id: &str,
        form: RiskAction,
    ) -> Result<Outcome> {
        let mut review: Review = self.store.get(review_id)?;
        let item = self
            .store
            .find::<Checklist>(&review.checklist_id)?
            .and_then(|c| c.items.into_iter().find(|i| i.id == item_id));
        let question = item.as_ref().map_or(item_id, |i| i.question.as_str());
        let mut notes = format!("Risk found in the review “{}”: {question}", review.title);
        let source_id = Some(review.id.clone());
        let answer = review.answer_mut(item_id);
        answer.answer = Answer::Risk;
        if !answer.note.trim().is_empty() {
            notes.push_str(&format!("\n\n{}", answer.note.trim()));
        }
        let title = if form.title.trim().is_empty() {
            question.to_string()
        } else {
            form.title.trim().to_string()
        };
        let action = ActionItem {
            action_type: ActionType::Prevent,
            owner: form.owner.filter(|o| !o.trim().is_empty()),
            due: form.due,
            source_id,
            notes,
            opened_on: Some(chrono::Utc::now().date_naive()),
            ..ActionItem::new(title)
        };
        answer.actions.push(action.id.clone());
        let lesson = item.and_then(|i| i.lesson_id);
        let summary = format!("Action item “{}” from a risk", action.title);
        self.store.write(summary, |w| {
            w.put(&action)?;
            w.put(&review)?;
            if let Some(lesson) = lesson.filter(|l| w.exists(l).unwrap_or(false)) {
                w.link(&Link::new(&action.id, Relation::Addresses, lesson))?;
            }
            Ok(())
        })?;
        self.refresh_all()?;
        let owner = action.owner.as_deref().unwrap_or("nobody yet");
        Ok(Outcome {
            message: Some(format!("Action item “{}” for {owner}.", action.title)),
            select: None,
        })
    }

    pub(super) fn relate_risk(
        &mut self,
        review_id: &str,
        item_id: &str,
        record_id: &str,
    ) -> Result<Outcome> {
        let kind = self.store.kind_of(record_id)?;
        if !matches!(kind, Some(Kind::Lesson | Kind::Incident)) {
            return Err(StoreError::BadValue {
                kind: Kind::Review,
                id: review_id.to_string(),
                message: format!("{record_id}: a risk points to a lesson or an incident"),
            });
        }
        let mut review: Review = self.store.get(review_id)?;
        let answer = review.answer_mut(item_id);
        let was_linked = answer.related.iter().any(|r| r == record_id);
        if was_linked {
            answer.related.retain(|r| r != record_id);
        } else {
            answer.related.push(record_id.to_string());
            if answer.answer == Answer::Unanswered {
                answer.answer = Answer::Risk;
            }
        }
        let verb = if was_linked { "Unlink" } else { "Link" };
        let record = self
            .store
            .get_any(record_id)
            .map(|r| r.title().to_string())
            .unwrap_or_else(|_| record_id.to_string());
        let summary = format!("{verb} “{record}” and a risk of “{}”", review.title);
        self.store.write(summary, |w| w.put(&review))?;
        self.refresh_one(review_id)?;
        Ok(Outcome::default())
    }

    pub(super) fn sign_off(
        &mut self,
        decision_id: &str,
        review_id: Option<&str>,
        form: SignOffForm,
    ) -> Result<Outcome> {
        let (signoff, _) = record_signoff(&mut self.store, decision_id, review_id, form)?;
        let decision: Decision = self.store.get(decision_id)?;
        let message = format!(
            "{} signed off “{}”: {}.",
            who(&signoff),
            decision.display_title(),
            signoff.verdict.words()
        );
        self.refresh_all()?;
        Ok(Outcome {
            message: Some(message),
            select: None,
        })
    }
}

/// Starts a review of a decision against a checklist, titled after both ("Concurrency review
/// of ADR-3 …") and dated today, as one change; the window's *Start review* and the command
/// line's `new review` both make it here.
pub fn start_review(store: &mut Store, decision_id: &str, checklist_id: &str) -> Result<Review> {
    let decision: Decision = store.get(decision_id)?;
    let checklist: Checklist = store.get(checklist_id)?;
    let review = Review {
        id: new_id(Kind::Review),
        title: format!("{} review of {}", checklist.name, decision.display_title()),
        decision_id: decision.id.clone(),
        checklist_id: checklist.id.clone(),
        date: Some(Utc::now().date_naive()),
        ..Default::default()
    };
    let summary = format!("Start “{}”", review.title);
    store.write(summary, |w| w.put(&review))?;
    Ok(review)
}

/// Records the answer to one checklist item of a review, its note, or both, as one change;
/// nothing is written (and `false` returned) when neither differs from what is recorded.
pub fn record_answer(
    store: &mut Store,
    review_id: &str,
    item_id: &str,
    answer: Option<Answer>,
    note: Option<String>,
) -> Result<bool> {
    let mut review: Review = store.get(review_id)?;
    let slot = review.answer_mut(item_id);
    let before = slot.clone();
    if let Some(answer) = answer {
        slot.answer = answer;
    }
    if let Some(note) = note {
        slot.note = note;
    }
    if *slot == before {
        return Ok(false);
    }
    let summary = match answer {
        Some(a) => format!("Answer {item_id} of “{}”: {a}", review.title),
        None => format!("Note on {item_id} of “{}”", review.title),
    };
    store.write(summary, |w| w.put(&review))?;
    Ok(true)
}

/// Records a sign-off of a decision as it stands now (its fingerprint and the time), in the
/// given review or else the decision's newest, made ("Sign-off of …") when it has none; one
/// change. Returns the sign-off and the review it was recorded in.
pub fn record_signoff(
    store: &mut Store,
    decision_id: &str,
    review_id: Option<&str>,
    form: SignOffForm,
) -> Result<(SignOff, Review)> {
    if form.name.trim().is_empty() {
        return Err(StoreError::BadValue {
            kind: Kind::Decision,
            id: decision_id.to_string(),
            message: "sign-off: the name of the person signing is empty".into(),
        });
    }
    let decision: Decision = store.get(decision_id)?;
    let review = match review_id {
        Some(id) => Some(store.get::<Review>(id)?),
        None => store.newest_review(decision_id)?,
    };
    let mut review = review.unwrap_or_else(|| Review {
        id: new_id(Kind::Review),
        title: format!("Sign-off of {}", decision.display_title()),
        decision_id: decision.id.clone(),
        date: Some(Utc::now().date_naive()),
        ..Default::default()
    });
    if review.decision_id != decision.id {
        return Err(StoreError::BadValue {
            kind: Kind::Review,
            id: review.id.clone(),
            message: format!("is a review of another decision than {decision_id}"),
        });
    }
    let signoff = SignOff {
        name: form.name.trim().to_string(),
        role: form.role.trim().to_string(),
        verdict: form.verdict,
        comment: form.comment.trim().to_string(),
        at: Some(Utc::now()),
        decision_fingerprint: Some(store.fingerprint_of(decision_id)?),
    };
    review.signoffs.push(signoff.clone());
    let summary = format!("Sign-off of “{}”", decision.display_title());
    store.write(summary, |w| w.put(&review))?;
    Ok((signoff, review))
}
