//! The plain-language story of a decision, as a stakeholder reads it: what we decided, what
//! each trade-off gains and costs, the incident and lesson behind it, and who signed it off;
//! and of an incident: what happened, who was affected, for how long, what it taught. The
//! report and the window's stakeholder mode both tell it from here, in the same words.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::graph::{Graph, decision_graph};
use crate::domain::{
    Decision, DecisionStatus, Incident, Lesson, Record, RiskLevel, SignOffState, TracedTradeOff,
    thousands,
};
use crate::store::{Result, Store};

/// One decision, told plainly.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionStory {
    pub id: String,
    /// "ADR-3: Payments are processed asynchronously through a queue".
    pub title: String,
    pub status: DecisionStatus,
    /// "Accepted on 10 December 2024".
    pub status_line: String,
    /// Who decided, as the record names them.
    pub decided_by: Vec<String>,
    /// The plain-language summary, when the decision has one.
    pub summary: String,
    /// The decision outcome as engineers wrote it (Markdown); told when there is no summary.
    pub outcome: String,
    pub tradeoffs: Vec<TradeOffStory>,
    pub signoffs: SignOffState,
    /// The trace diagram.
    pub graph: Graph,
    /// The incidents behind the trade-offs, in the order they first appear.
    pub incident_ids: Vec<String>,
}

/// One trade-off and why we accepted it.
#[derive(Clone, Debug, PartialEq)]
pub struct TradeOffStory {
    pub id: String,
    pub title: String,
    pub gain: String,
    pub cost: String,
    /// "Why, in plain words".
    pub explanation: String,
    pub risk: RiskLevel,
    pub incidents: Vec<IncidentMention>,
    pub lessons: Vec<Lesson>,
}

/// An incident named in a trade-off's "why".
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentMention {
    pub id: String,
    pub title: String,
    /// The day it started, in words.
    pub when: Option<String>,
}

/// One incident, told plainly.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentStory {
    pub id: String,
    pub title: String,
    /// "12 March 2024".
    pub when: Option<String>,
    /// The summary (Markdown).
    pub what_happened: String,
    /// "About 48,000 customers" and the impact as written (Markdown), when known.
    pub who_was_affected: Vec<String>,
    /// "2 hours and 10 minutes, until it was resolved".
    pub how_long: Option<String>,
    /// What it taught: lesson statements.
    pub lessons: Vec<Lesson>,
    /// The decisions it changed: (id, title).
    pub decisions: Vec<(String, String)>,
    /// Where it was first written up, when elsewhere: the words for the link, and the link.
    pub source: Option<(String, String)>,
}

/// Tells one decision.
pub fn decision(store: &Store, id: &str) -> Result<DecisionStory> {
    let trace = store.trace_decision(id)?;
    let signoffs = store.signoff_state(id)?;
    let graph = decision_graph(&trace);
    let d = &trace.decision;
    // The decision that replaced this one, named in its status.
    let successor = store
        .links_to(id)?
        .into_iter()
        .filter(|l| l.relation == crate::domain::Relation::Supersedes)
        .find_map(|l| store.get::<Decision>(&l.from_id).ok())
        .map(|later| later.display_title());
    let mut incident_ids: Vec<String> = Vec::new();
    for t in &trace.tradeoffs {
        for i in &t.incidents {
            if !incident_ids.contains(&i.id) {
                incident_ids.push(i.id.clone());
            }
        }
    }
    Ok(DecisionStory {
        id: d.id.clone(),
        title: d.display_title(),
        status: d.status,
        status_line: status_line(d, successor.as_deref()),
        decided_by: d.decision_makers.clone(),
        summary: d.summary.trim().to_string(),
        outcome: d.outcome.trim().to_string(),
        tradeoffs: trace.tradeoffs.iter().map(tradeoff).collect(),
        signoffs,
        graph,
        incident_ids,
    })
}

/// Tells every decision of the workspace, in list order, calling `progress(done, total)`.
pub fn decisions(
    store: &Store,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<DecisionStory>> {
    let ids: Vec<String> = store
        .list::<Decision>()?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let total = ids.len();
    let mut stories = Vec::with_capacity(total);
    for (n, id) in ids.iter().enumerate() {
        stories.push(decision(store, id)?);
        progress(n + 1, total);
    }
    Ok(stories)
}

/// Tells one incident.
pub fn incident(store: &Store, id: &str) -> Result<IncidentStory> {
    let trace = store.trace_incident(id)?;
    let i = &trace.incident;
    let mut who_was_affected = Vec::new();
    if let Some(users) = i.users_affected {
        who_was_affected.push(format!("{} people", thousands(users)));
    }
    for figure in &i.figures {
        who_was_affected.push(format!("{}: {}", figure.label, figure.value));
    }
    if !i.impact.trim().is_empty() {
        who_was_affected.push(i.impact.trim().to_string());
    }
    Ok(IncidentStory {
        id: i.id.clone(),
        title: i.title.clone(),
        when: i.started_at.map(|t| long_date(t.date_naive())),
        what_happened: match i.summary.trim() {
            // A postmortem written as a story with no summary: its story.
            "" => i
                .sections
                .first()
                .filter(|s| s.heading.is_empty())
                .map(|s| s.body.trim().to_string())
                .unwrap_or_default(),
            summary => summary.to_string(),
        },
        who_was_affected,
        how_long: how_long(i),
        lessons: trace.lessons.clone(),
        decisions: trace
            .decisions
            .iter()
            .map(|d| (d.id.clone(), d.display_title()))
            .collect(),
        source: (!i.source_url.trim().is_empty()).then(|| {
            let words = match i.company.trim() {
                "" => "The original write-up".to_string(),
                company => format!("{company}'s own write-up"),
            };
            (words, i.source_url.trim().to_string())
        }),
    })
}

/// The incidents behind a set of decisions, each once, oldest first.
pub fn incidents_behind(store: &Store, stories: &[DecisionStory]) -> Result<Vec<IncidentStory>> {
    let mut ids: Vec<&str> = Vec::new();
    for story in stories {
        for id in &story.incident_ids {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    let mut incidents: Vec<Incident> = ids
        .iter()
        .map(|id| store.get::<Incident>(id))
        .collect::<Result<_>>()?;
    // Oldest first reads as a history; the store lists newest first.
    incidents.sort_by(|a, b| b.list_order(a));
    incidents.iter().map(|i| incident(store, &i.id)).collect()
}

fn tradeoff(t: &TracedTradeOff) -> TradeOffStory {
    TradeOffStory {
        id: t.tradeoff.id.clone(),
        title: t.tradeoff.title.clone(),
        gain: t.tradeoff.gain.trim().to_string(),
        cost: t.tradeoff.cost.trim().to_string(),
        explanation: t.tradeoff.explanation.trim().to_string(),
        risk: t.tradeoff.risk,
        incidents: t
            .incidents
            .iter()
            .map(|i| IncidentMention {
                id: i.id.clone(),
                title: i.title.clone(),
                when: i.started_at.map(|t| long_date(t.date_naive())),
            })
            .collect(),
        lessons: t.lessons.iter().map(|l| l.lesson.clone()).collect(),
    }
}

fn status_line(d: &Decision, successor: Option<&str>) -> String {
    let date = d.date.map(long_date);
    if let (DecisionStatus::Superseded, Some(later)) = (d.status, successor) {
        return match date {
            Some(date) => format!("Replaced by “{later}” (decided on {date})"),
            None => format!("Replaced by “{later}”"),
        };
    }
    match (d.status, date) {
        (DecisionStatus::Proposed, Some(date)) => format!("Proposed on {date}"),
        (DecisionStatus::Accepted, Some(date)) => format!("Accepted on {date}"),
        (DecisionStatus::Rejected, Some(date)) => format!("Rejected on {date}"),
        (DecisionStatus::Deprecated, Some(date)) => {
            format!("No longer in force (decided on {date})")
        }
        (DecisionStatus::Superseded, Some(date)) => {
            format!("Replaced by a later decision (decided on {date})")
        }
        (DecisionStatus::Proposed, None) => "Proposed".into(),
        (DecisionStatus::Accepted, None) => "Accepted".into(),
        (DecisionStatus::Rejected, None) => "Rejected".into(),
        (DecisionStatus::Deprecated, None) => "No longer in force".into(),
        (DecisionStatus::Superseded, None) => "Replaced by a later decision".into(),
    }
}

/// A trade-off's "why", from its incidents and lessons already written for the page:
/// "incidents → lessons", either alone, or that nothing is recorded.
pub fn why_chain(incidents: &[String], lessons: &[String]) -> String {
    match (incidents.is_empty(), lessons.is_empty()) {
        (true, true) => "Nothing recorded yet.".to_string(),
        (false, true) => incidents.join("; "),
        (true, false) => lessons.join("; "),
        (false, false) => format!("{} → {}", incidents.join("; "), lessons.join("; ")),
    }
}

/// "1 risk", "3 risks".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "10 December 2024".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "10 December 2024 at 16:30 UTC".
pub fn long_time(at: DateTime<Utc>) -> String {
    format!(
        "{} at {} UTC",
        long_date(at.date_naive()),
        at.format("%H:%M")
    )
}

fn how_long(i: &Incident) -> Option<String> {
    let mitigated = i.time_to_mitigate().map(plain_duration);
    let resolved = i.time_to_resolve().map(plain_duration);
    match (mitigated, resolved) {
        (Some(m), Some(r)) if m != r => Some(format!(
            "{m} until it was under control; {r} until it was fully resolved"
        )),
        (_, Some(r)) => Some(format!("{r}, until it was resolved")),
        (Some(m), None) => Some(format!("{m}, until it was under control")),
        (None, None) => None,
    }
}

/// "2 hours and 10 minutes", "3 days and 4 hours", "45 minutes".
pub fn plain_duration(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    let unit = |n: i64, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} and {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} and {}", unit(d, "day"), unit(h, "hour")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_numbers_read_as_words() {
        assert_eq!(plain_duration(TimeDelta::minutes(45)), "45 minutes");
        assert_eq!(
            plain_duration(TimeDelta::minutes(61)),
            "1 hour and 1 minute"
        );
        assert_eq!(plain_duration(TimeDelta::minutes(120)), "2 hours");
        assert_eq!(plain_duration(TimeDelta::hours(76)), "3 days and 4 hours");
        assert_eq!(
            long_date("2024-03-05".parse().unwrap()),
            "5 March 2024".to_string()
        );
    }
}
