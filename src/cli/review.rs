//! A review from the command line: `answer` records the answer to one checklist item, and
//! `sign-off` records a stakeholder's sign-off of a decision. Both go through the session
//! functions the window's review page uses (`session::record_answer`,
//! `session::record_signoff`), so the answer, the sign-off's time and its fingerprint of the
//! decision are what the window would record; each is one change (one undo step), and every
//! id, item and value is checked before anything is written.

use super::CliError;
use super::args::{AnswerArg, VerdictArg};
use super::kinds::{a, resolve_as};
use crate::domain::{Answer, Checklist, Kind, Review, SignOff, Verdict};
use crate::session::SignOffForm;
use crate::store::Store;

impl From<AnswerArg> for Answer {
    fn from(answer: AnswerArg) -> Answer {
        match answer {
            AnswerArg::Ok => Answer::Ok,
            AnswerArg::Risk => Answer::Risk,
            AnswerArg::Na => Answer::NotApplicable,
        }
    }
}

impl From<VerdictArg> for Verdict {
    fn from(verdict: VerdictArg) -> Verdict {
        match verdict {
            VerdictArg::Approved => Verdict::Approved,
            VerdictArg::ApprovedWithConcerns => Verdict::Concerns,
            VerdictArg::Rejected => Verdict::Rejected,
        }
    }
}

/// `answer REVIEW ITEM ok|risk|na [--note TEXT]`: the review's id, once the answer is
/// recorded (nothing is written when it was already so).
pub fn answer(
    store: &mut Store,
    review: &str,
    item: &str,
    answer: AnswerArg,
    note: Option<&str>,
) -> Result<String, CliError> {
    let review_id = resolve_as(store, "answer", review, Kind::Review)?;
    let review: Review = store.get(&review_id)?;
    let item_id = item_id(store, &review, item)?;
    crate::session::record_answer(
        store,
        &review_id,
        &item_id,
        Some(answer.into()),
        note.map(|n| n.trim().to_string()),
    )?;
    Ok(review_id)
}

/// The id of the checklist item ITEM names: its number in the checklist's order (from 1, as
/// the window walks it and `show review` numbers it), else its id (an item whose id is a
/// number out of range is still found by it).
fn item_id(store: &Store, review: &Review, item: &str) -> Result<String, CliError> {
    let items = match store.find::<Checklist>(&review.checklist_id)? {
        Some(checklist) => checklist.items,
        None => Vec::new(),
    };
    if items.is_empty() {
        return Err(CliError::Usage(format!(
            "answer: review {} has no checklist items to answer",
            review.id
        )));
    }
    let item = item.trim();
    let number = item.parse::<usize>();
    if let Ok(n) = number
        && (1..=items.len()).contains(&n)
    {
        return Ok(items[n - 1].id.clone());
    }
    if let Some(found) = items.iter().find(|i| i.id == item) {
        return Ok(found.id.clone());
    }
    match number {
        Ok(n) => Err(CliError::Usage(format!(
            "answer: review {} has items 1 to {}; there is no item {n}",
            review.id,
            items.len()
        ))),
        Err(_) => Err(CliError::Usage(format!(
            "answer: review {} has no item '{item}' (give its number, 1 to {}, or its id)",
            review.id,
            items.len()
        ))),
    }
}

/// What `sign-off` recorded.
pub struct Signed {
    pub decision_id: String,
    pub review_id: String,
    pub signoff: SignOff,
}

/// `sign-off ID --name NAME --role ROLE --verdict V [--comment TEXT]`: ID a decision (the
/// sign-off goes into its newest review, made when there is none) or a review (into that one,
/// for its decision).
pub fn sign_off(store: &mut Store, id: &str, form: SignOffForm) -> Result<Signed, CliError> {
    let (kind, id) = store.resolve(id)?;
    let (decision_id, review_id) = match kind {
        Kind::Decision => (id, None),
        Kind::Review => {
            let review: Review = store.get(&id)?;
            if store.kind_of(&review.decision_id)? != Some(Kind::Decision) {
                return Err(CliError::Usage(format!(
                    "sign-off: review {id} belongs to no decision ('{}')",
                    review.decision_id
                )));
            }
            (review.decision_id, Some(id))
        }
        other => {
            return Err(CliError::Usage(format!(
                "sign-off: '{id}' is {}; sign off a decision or a review",
                a(other)
            )));
        }
    };
    if form.name.trim().is_empty() {
        return Err(CliError::Usage("sign-off: --name must not be empty".into()));
    }
    let (signoff, review) =
        crate::session::record_signoff(store, &decision_id, review_id.as_deref(), form)?;
    Ok(Signed {
        decision_id,
        review_id: review.id,
        signoff,
    })
}
