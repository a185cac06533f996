//! Sign-off state of a decision, read from its reviews: who signed, and whether the decision
//! changed since (its fingerprint then and now).

use super::{Result, Store, Writer};
use crate::domain::{Checklist, Decision, Kind, Review, SignOffState, TradeOff, fingerprint};

impl Store {
    /// The fingerprint of the decision and its trade-offs as they are now.
    pub fn fingerprint_of(&self, decision_id: &str) -> Result<String> {
        let decision: Decision = self.get(decision_id)?;
        let tradeoffs: Vec<TradeOff> = self.children(decision_id)?;
        Ok(fingerprint(&decision, &tradeoffs))
    }

    /// Who signed the decision off, and whether each sign-off still holds.
    pub fn signoff_state(&self, decision_id: &str) -> Result<SignOffState> {
        let decision: Decision = self.get(decision_id)?;
        let tradeoffs: Vec<TradeOff> = self.children(decision_id)?;
        let reviews: Vec<Review> = self.children(decision_id)?;
        // A design review counts once every item of its checklist is answered: a review just
        // started is not yet a reason to ask for a sign-off.
        let mut reviewed = false;
        for r in &reviews {
            if let Some(checklist) = self.find::<Checklist>(&r.checklist_id)? {
                let items = checklist.items.iter().map(|i| i.id.as_str());
                reviewed |=
                    !checklist.items.is_empty() && r.answered_count(items) == checklist.items.len();
            }
        }
        Ok(state(&decision, &tradeoffs, reviews, reviewed))
    }
}

impl Store {
    /// The decision's most recent review, where a sign-off given on the decision goes: the
    /// latest date, and of one day the one written last (ids are random, so they cannot tell
    /// which came first).
    pub fn newest_review(&self, decision_id: &str) -> Result<Option<Review>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM records WHERE kind = 'review' AND parent_id = ?1 ORDER BY rowid",
        )?;
        let ids = stmt
            .query_map([decision_id], |row| row.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut newest: Option<Review> = None;
        for id in ids {
            let review: Review = self.get(&id)?;
            if newest.as_ref().is_none_or(|n| review.date >= n.date) {
                newest = Some(review);
            }
        }
        Ok(newest)
    }
}

impl Writer<'_> {
    /// The fingerprint of the decision and its trade-offs as this transaction sees them.
    pub fn fingerprint_of(&self, decision_id: &str) -> Result<String> {
        let decision: Decision = self.get(decision_id)?;
        let tradeoffs = self
            .children_of(decision_id, Kind::TradeOff)?
            .iter()
            .map(|id| self.get::<TradeOff>(id))
            .collect::<Result<Vec<_>>>()?;
        Ok(fingerprint(&decision, &tradeoffs))
    }
}

fn state(
    decision: &Decision,
    tradeoffs: &[TradeOff],
    reviews: Vec<Review>,
    reviewed: bool,
) -> SignOffState {
    let signoffs = reviews
        .into_iter()
        .flat_map(|r| {
            let id = r.id;
            r.signoffs.into_iter().map(move |s| (id.clone(), s))
        })
        .collect();
    SignOffState::new(
        decision.status,
        &fingerprint(decision, tradeoffs),
        reviewed,
        signoffs,
    )
}
