//! Sign-offs over time. A stakeholder signs a decision as it stood that day; the sign-off keeps
//! a fingerprint of the decision and its trade-offs, so when either changes afterwards the
//! window, `check` and the report can say the sign-off is outdated rather than trust it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Decision, DecisionStatus, SignOff, TradeOff};

/// A short, stable fingerprint of what a stakeholder signs: the decision and its trade-offs
/// (in id order), as stored. Any edit of either changes it.
pub fn fingerprint(decision: &Decision, tradeoffs: &[TradeOff]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(decision).unwrap_or_default());
    let mut sorted: Vec<&TradeOff> = tradeoffs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for tradeoff in sorted {
        hasher.update(b"\0");
        hasher.update(serde_json::to_vec(tradeoff).unwrap_or_default());
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One person's latest sign-off of a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignOffEntry {
    /// The review it was recorded in.
    pub review_id: String,
    pub signoff: SignOff,
    /// False when the decision changed after this sign-off.
    pub current: bool,
}

/// Who signed a decision off, and whether that still holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SignOffState {
    /// The decision has been through at least one review.
    pub reviewed: bool,
    /// Whether the decision is one that waits for approval (proposed or accepted).
    pub needs_signoff: bool,
    /// The latest sign-off of each person, in the order they signed.
    pub entries: Vec<SignOffEntry>,
}

impl SignOffState {
    /// Works out the state from the decision's status, its current fingerprint and the
    /// sign-offs of its reviews (`(review id, sign-off)`, any order).
    pub fn new(
        status: DecisionStatus,
        current_fingerprint: &str,
        reviewed: bool,
        signoffs: Vec<(String, SignOff)>,
    ) -> SignOffState {
        let mut all = signoffs;
        all.sort_by_key(|a| a.1.at);
        let mut entries: Vec<SignOffEntry> = Vec::new();
        for (review_id, signoff) in all {
            // A sign-off from before fingerprints were kept cannot be checked; it stands.
            let current = signoff
                .decision_fingerprint
                .as_deref()
                .is_none_or(|f| f == current_fingerprint);
            let entry = SignOffEntry {
                review_id,
                signoff,
                current,
            };
            let name = entry.signoff.name.trim().to_lowercase();
            entries.retain(|e| e.signoff.name.trim().to_lowercase() != name);
            entries.push(entry);
        }
        SignOffState {
            reviewed,
            needs_signoff: matches!(status, DecisionStatus::Proposed | DecisionStatus::Accepted),
            entries,
        }
    }

    /// The sign-offs given before the decision last changed.
    pub fn outdated(&self) -> impl Iterator<Item = &SignOffEntry> {
        self.entries.iter().filter(|e| !e.current)
    }

    /// The sign-offs that still hold.
    pub fn current(&self) -> impl Iterator<Item = &SignOffEntry> {
        self.entries.iter().filter(|e| e.current)
    }

    /// A reviewed decision that nobody has signed off, or that changed after a sign-off.
    pub fn is_awaiting(&self) -> bool {
        self.needs_signoff
            && (self.outdated().next().is_some() || (self.reviewed && self.entries.is_empty()))
    }

    /// What is missing, in a phrase ("reviewed, but nobody has signed it off yet"), or
    /// `None` when every sign-off holds.
    pub fn reason(&self) -> Option<String> {
        let outdated: Vec<String> = self.outdated().map(|e| who(&e.signoff)).collect();
        if !outdated.is_empty() {
            return Some(format!(
                "the decision changed after the sign-off of {}; ask for a new sign-off",
                outdated.join(", ")
            ));
        }
        if self.entries.is_empty() && self.needs_signoff {
            return Some(if self.reviewed {
                "reviewed, but nobody has signed it off yet".to_string()
            } else {
                "no sign-off yet".to_string()
            });
        }
        None
    }

    /// [`Self::reason`] as a sentence for the window.
    pub fn warning(&self) -> Option<String> {
        let reason = self.reason()?;
        let mut chars = reason.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        Some(format!("{}{}.", first.unwrap_or_default(), chars.as_str()))
    }
}

/// "Grace Kim (CTO)", or the name alone.
pub fn who(signoff: &SignOff) -> String {
    if signoff.role.trim().is_empty() {
        signoff.name.clone()
    } else {
        format!("{} ({})", signoff.name, signoff.role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Verdict;

    fn signed(name: &str, fingerprint: Option<&str>, day: u32) -> (String, SignOff) {
        let at = format!("2024-12-{day:02}T10:00:00Z").parse().ok();
        (
            "rev-1".into(),
            SignOff {
                name: name.into(),
                role: "CTO".into(),
                verdict: Verdict::Approved,
                decision_fingerprint: fingerprint.map(str::to_string),
                at,
                ..Default::default()
            },
        )
    }

    #[test]
    fn fingerprint_changes_with_the_decision_or_a_tradeoff() {
        let decision = Decision::new("Queue payments");
        let tradeoff = TradeOff::new(&decision.id, "Wait instead of fail");
        let before = fingerprint(&decision, std::slice::from_ref(&tradeoff));
        assert_eq!(
            before,
            fingerprint(&decision, std::slice::from_ref(&tradeoff))
        );
        assert_eq!(before.len(), 16);
        let mut edited = tradeoff.clone();
        edited.cost = "a few seconds of pending".into();
        assert_ne!(before, fingerprint(&decision, &[edited]));
        let mut retitled = decision.clone();
        retitled.title = "Queue every payment".into();
        assert_ne!(before, fingerprint(&retitled, &[tradeoff]));
    }

    #[test]
    fn latest_signoff_per_person_decides() {
        let state = SignOffState::new(
            DecisionStatus::Accepted,
            "new",
            true,
            vec![
                signed("Grace Kim", Some("new"), 12),
                signed("grace kim", Some("old"), 11),
                signed("Daniel Ortiz", Some("old"), 11),
            ],
        );
        assert_eq!(state.entries.len(), 2);
        assert!(
            state
                .entries
                .iter()
                .any(|e| e.signoff.name == "Grace Kim" && e.current)
        );
        assert!(state.is_awaiting());
        let warning = state.warning().unwrap();
        assert!(warning.contains("Daniel Ortiz (CTO)"), "{warning}");
        assert!(!warning.contains("Grace"), "{warning}");
    }

    #[test]
    fn reviewed_without_signoff_awaits_and_untracked_signoffs_stand() {
        let none = SignOffState::new(DecisionStatus::Proposed, "f", true, vec![]);
        assert!(none.is_awaiting());
        assert_eq!(
            none.warning().as_deref(),
            Some("Reviewed, but nobody has signed it off yet.")
        );
        assert_eq!(
            none.reason().as_deref(),
            Some("reviewed, but nobody has signed it off yet")
        );
        let unreviewed = SignOffState::new(DecisionStatus::Accepted, "f", false, vec![]);
        assert!(!unreviewed.is_awaiting());
        let old = SignOffState::new(
            DecisionStatus::Accepted,
            "f",
            true,
            vec![signed("Aisha Bello", None, 12)],
        );
        assert!(!old.is_awaiting());
        assert_eq!(old.warning(), None);
        let rejected = SignOffState::new(DecisionStatus::Rejected, "f", true, vec![]);
        assert!(!rejected.is_awaiting());
    }
}
