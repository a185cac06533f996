//! `hindsight check`: lints a workspace for the gaps that break its promise: a trade-off
//! nobody can explain, a follow-up nobody owns, a published incident that taught nothing, a
//! reviewed decision nobody signed off (or that changed after it was signed).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{
    ActionItem, Decision, DecisionStatus, Incident, IncidentStatus, Kind, Record, Relation,
    TradeOff,
};
use crate::store::{Result, Store};

/// One problem found in the workspace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// A stable name for the rule, for scripts: `unmotivated-tradeoff`, …
    pub rule: &'static str,
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// What is wrong and what to do, in words.
    pub message: String,
}

/// Every finding in the workspace, as of `today` (for due dates), in a stable order.
pub fn check(store: &Store, today: NaiveDate) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    let decisions: Vec<Decision> = store.list()?;
    for decision in &decisions {
        if decision.status == DecisionStatus::Accepted {
            for tradeoff in store.children::<TradeOff>(&decision.id)? {
                let motivated = store
                    .links_from(&tradeoff.id)?
                    .iter()
                    .any(|l| l.relation == Relation::MotivatedBy);
                if !motivated {
                    findings.push(finding(
                        "unmotivated-tradeoff",
                        &tradeoff,
                        format!(
                            "trade-off of accepted decision “{}” has no lesson or incident behind it; link what motivated it",
                            decision.display_title()
                        ),
                    ));
                }
            }
        }
        let signoffs = store.signoff_state(&decision.id)?;
        if signoffs.is_awaiting() {
            let message = signoffs.reason().unwrap_or_default();
            findings.push(finding(
                "awaiting-signoff",
                decision,
                format!("awaits sign-off: {message}"),
            ));
        }
        if decision.status.is_in_force()
            && let Some(revisit) = decision.revisit_by.filter(|r| *r < today)
        {
            findings.push(finding(
                "revisit-due",
                decision,
                format!(
                    "was to be revisited by {revisit} ({} days ago): did it work? see `hindsight stats`",
                    (today - revisit).num_days()
                ),
            ));
        }
        if decision.status == DecisionStatus::Superseded {
            let has_successor = store
                .links_to(&decision.id)?
                .iter()
                .any(|l| l.relation == Relation::Supersedes);
            if !has_successor {
                findings.push(finding(
                    "superseded-without-successor",
                    decision,
                    "is superseded, but no decision supersedes it; link its successor".to_string(),
                ));
            }
        }
    }
    for action in store.list::<ActionItem>()? {
        if action.is_unowned() {
            findings.push(finding(
                "action-without-owner",
                &action,
                "action item has no owner; give it one".to_string(),
            ));
        }
        if let Some(due) = action.due.filter(|_| action.is_overdue(today)) {
            findings.push(finding(
                "action-overdue",
                &action,
                format!("action item is open and was due on {due}"),
            ));
        }
    }
    for incident in store.list::<Incident>()? {
        if incident.status != IncidentStatus::Published {
            continue;
        }
        let taught = store
            .links_to(&incident.id)?
            .iter()
            .any(|l| l.relation == Relation::LearnedFrom);
        if !taught {
            findings.push(finding(
                "incident-without-lesson",
                &incident,
                "published incident has no lesson learned from it; record what it taught"
                    .to_string(),
            ));
        }
    }
    Ok(findings)
}

fn finding<R: Record>(rule: &'static str, record: &R, message: String) -> Finding {
    Finding {
        rule,
        kind: R::KIND,
        id: record.id().to_string(),
        title: record.title().to_string(),
        message,
    }
}
