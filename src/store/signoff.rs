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
