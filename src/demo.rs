//! The demo workspace and the checklist templates, shipped in `assets/` as TOML and compiled
//! into the binary, so a new user sees the product's idea on first run with no files to find.
//!
//! The demo tells the story of Forkful, a food-delivery app: two years of incidents (32: six
//! full postmortems in `incidents.toml`, the smaller ones in `history.toml`), the lessons they
//! taught, and the decisions and trade-offs those lessons motivated. README.md says how many of
//! each it holds; a test keeps that true.

use serde::Deserialize;
use thiserror::Error;

use crate::domain::{
    ActionItem, Checklist, Decision, Incident, Lesson, Link, Record, Relation, Review, TradeOff,
};
use crate::store::{Store, StoreError, Writer};

/// The demo's files, by name, in the order they are loaded.
const DEMO_FILES: &[(&str, &str)] = &[
    (
        "incidents.toml",
        include_str!("../assets/demo/incidents.toml"),
    ),
    ("history.toml", include_str!("../assets/demo/history.toml")),
    ("lessons.toml", include_str!("../assets/demo/lessons.toml")),
    (
        "decisions.toml",
        include_str!("../assets/demo/decisions.toml"),
    ),
    (
        "tradeoffs.toml",
        include_str!("../assets/demo/tradeoffs.toml"),
    ),
    ("reviews.toml", include_str!("../assets/demo/reviews.toml")),
    ("actions.toml", include_str!("../assets/demo/actions.toml")),
];

/// The checklist templates, one file each.
const CHECKLIST_FILES: &[(&str, &str)] = &[
    (
        "database.toml",
        include_str!("../assets/checklists/database.toml"),
    ),
    (
        "network.toml",
        include_str!("../assets/checklists/network.toml"),
    ),
    (
        "concurrency.toml",
        include_str!("../assets/checklists/concurrency.toml"),
    ),
    (
        "realtime.toml",
        include_str!("../assets/checklists/realtime.toml"),
    ),
    (
        "caching.toml",
        include_str!("../assets/checklists/caching.toml"),
    ),
    (
        "capacity.toml",
        include_str!("../assets/checklists/capacity.toml"),
    ),
    (
        "failure.toml",
        include_str!("../assets/checklists/failure.toml"),
    ),
    (
        "monitoring.toml",
        include_str!("../assets/checklists/monitoring.toml"),
    ),
];

#[derive(Debug, Error)]
pub enum DemoError {
    #[error("assets/{file}: {message}")]
    Asset { file: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A record as the demo files write it, with its links beside it.
#[derive(Deserialize)]
struct Linked<R> {
    #[serde(flatten)]
    record: R,
    #[serde(default)]
    learned_from: Vec<String>,
    #[serde(default)]
    motivated_by: Vec<String>,
    #[serde(default)]
    supersedes: Vec<String>,
    #[serde(default)]
    addresses: Vec<String>,
}

impl<R: Record> Linked<R> {
    fn links(&self) -> impl Iterator<Item = Link> + '_ {
        let id = self.record.id();
        [
            (Relation::LearnedFrom, &self.learned_from),
            (Relation::MotivatedBy, &self.motivated_by),
            (Relation::Supersedes, &self.supersedes),
            (Relation::Addresses, &self.addresses),
        ]
        .into_iter()
        .flat_map(move |(relation, targets)| {
            targets.iter().map(move |to| Link::new(id, relation, to))
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DemoFile {
    incident: Vec<Linked<Incident>>,
    lesson: Vec<Linked<Lesson>>,
    decision: Vec<Linked<Decision>>,
    tradeoff: Vec<Linked<TradeOff>>,
    review: Vec<Linked<Review>>,
    action: Vec<Linked<ActionItem>>,
}

/// The checklist templates that every new workspace starts with.
pub fn checklist_templates() -> Result<Vec<Checklist>, DemoError> {
    CHECKLIST_FILES
        .iter()
        .map(|(file, text)| parse(file, text))
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<T, DemoError> {
    toml::from_str(text).map_err(|e| DemoError::Asset {
        file,
        message: e.to_string(),
    })
}

/// What loading the demo did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoOutcome {
    /// Records added (those already present are left as they are).
    pub added: usize,
}

/// Adds the checklist templates to the workspace, leaving any that already exist untouched.
pub fn load_checklists(store: &mut Store) -> Result<DemoOutcome, DemoError> {
    let templates = checklist_templates()?;
    let added = store.write("Add checklist templates", |w| {
        let mut added = 0;
        for checklist in &templates {
            added += put_missing(w, checklist)?;
        }
        Ok(added)
    })?;
    Ok(DemoOutcome { added })
}

/// Loads the demo workspace and the checklist templates in one transaction. Idempotent: a
/// record that is already there (even edited) is kept as it is, a missing one is added.
pub fn load_demo(store: &mut Store) -> Result<DemoOutcome, DemoError> {
    let files: Vec<DemoFile> = DEMO_FILES
        .iter()
        .map(|(file, text)| parse(file, text))
        .collect::<Result<_, _>>()?;
    let checklists = checklist_templates()?;
    let added = store.write("Load the demo workspace", |w| {
        let mut added = 0;
        let mut links = Vec::new();
        for checklist in &checklists {
            added += put_missing(w, checklist)?;
        }
        for file in &files {
            added += put_all(w, &file.incident, &mut links)?;
            added += put_all(w, &file.lesson, &mut links)?;
            added += put_all(w, &file.decision, &mut links)?;
            added += put_all(w, &file.tradeoff, &mut links)?;
            added += put_all(w, &file.review, &mut links)?;
            added += put_all(w, &file.action, &mut links)?;
        }
        for link in &links {
            w.link(link)?;
        }
        for file in &files {
            for linked in &file.review {
                fingerprint_signoffs(w, &linked.record.id)?;
            }
        }
        Ok(added)
    })?;
    Ok(DemoOutcome { added })
}

/// The demo's sign-offs are of the decisions as shipped: each without a fingerprint gets the
/// decision's fingerprint now (one the asset names stays, to show an outdated sign-off).
fn fingerprint_signoffs(w: &mut Writer<'_>, review_id: &str) -> Result<(), StoreError> {
    let mut review: Review = w.get(review_id)?;
    if review
        .signoffs
        .iter()
        .all(|s| s.decision_fingerprint.is_some())
    {
        return Ok(());
    }
    let fingerprint = w.fingerprint_of(&review.decision_id)?;
    for signoff in &mut review.signoffs {
        signoff
            .decision_fingerprint
            .get_or_insert_with(|| fingerprint.clone());
    }
    w.put(&review)
}

fn put_all<R: Record>(
    w: &mut Writer<'_>,
    records: &[Linked<R>],
    links: &mut Vec<Link>,
) -> Result<usize, StoreError> {
    let mut added = 0;
    for linked in records {
        added += put_missing(w, &linked.record)?;
        links.extend(linked.links());
    }
    Ok(added)
}

fn put_missing<R: Record>(w: &mut Writer<'_>, record: &R) -> Result<usize, StoreError> {
    if w.exists(record.id())? {
        return Ok(0);
    }
    w.put(record)?;
    Ok(1)
}

/// Words the generated incidents are made of, so that search and "has this happened
/// before?" work on varied text rather than one sentence repeated.
const PARTS: [&str; 12] = [
    "checkout",
    "payments",
    "search",
    "login",
    "orders",
    "catalog",
    "images",
    "notifications",
    "partner-api",
    "analytics",
    "tracking",
    "menus",
];
const CAUSES: [&str; 10] = [
    "an unbounded queue backed up",
    "the connection pool ran dry",
    "a certificate expired",
    "a configuration push disabled a feature flag",
    "a cache stampede after a deploy",
    "the primary database failed over",
    "a slow query locked the orders table",
    "a retry storm from the mobile apps",
    "the disk filled with logs",
    "a dependency timed out without a circuit breaker",
];

/// A generated incident: spread over two years, of every severity, with durations skewed as
/// real ones are (most short, a few very long), tags and a root cause.
fn generated_incident(n: usize) -> crate::domain::Incident {
    use crate::domain::{Incident, Severity};
    use chrono::TimeDelta;
    let start: chrono::DateTime<chrono::Utc> = "2024-01-01T08:00:00Z".parse().expect("a date");
    // A cheap deterministic scramble so neighbours differ.
    let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    let started = start + TimeDelta::minutes((n as i64 * 7919) % (730 * 24 * 60));
    let skew = |base: u64, spread: u32| base * 2u64.pow(((h >> spread) % 7) as u32);
    let detect = skew(2, 3);
    let mitigate = detect + skew(10, 6);
    let resolve = mitigate + skew(30, 9);
    let (part, cause) = (PARTS[n % PARTS.len()], CAUSES[(h as usize) % CAUSES.len()]);
    Incident {
        id: format!("inc-{n:05}"),
        reference: format!("INC-{n:05}"),
        severity: Severity::ALL[(h as usize / 7) % 4],
        started_at: Some(started),
        detected_at: Some(started + TimeDelta::minutes(detect as i64)),
        mitigated_at: Some(started + TimeDelta::minutes(mitigate as i64)),
        resolved_at: Some(started + TimeDelta::minutes(resolve as i64)),
        summary: format!("Incident {n}: {part} slowed for customers because {cause}."),
        root_causes: format!("{cause} in {part}"),
        tags: vec![
            part.to_string(),
            format!("cause-{}", (h as usize) % CAUSES.len()),
        ],
        ..Incident::new(format!("Incident {n}: {part} degraded"))
    }
}

/// Fills the workspace with `decisions` generated decisions, each with a trade-off motivated
/// by a lesson learned from one of `incidents` generated incidents: the large workspace the
/// benchmarks and the first-frame measurement run on.
pub fn load_generated(
    store: &mut Store,
    decisions: usize,
    incidents: usize,
) -> Result<(), crate::store::StoreError> {
    use crate::domain::{Decision, DecisionStatus, Lesson, Link, Relation, TradeOff};
    store.write("Generate a large workspace", |w| {
        for n in 0..incidents {
            w.put(&generated_incident(n))?;
        }
        for n in 0..decisions {
            let decision = Decision {
                id: format!("dec-{n:05}"),
                number: Some(n as u32 + 1),
                status: DecisionStatus::ALL[n % 5],
                tags: vec!["generated".into(), PARTS[n % PARTS.len()].into()],
                date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                    .map(|d| d + chrono::TimeDelta::days((n as i64 * 37) % 730)),
                summary: format!("Decision {n} in plain words."),
                context: format!("Context of decision {n}, with **Markdown**."),
                ..Decision::new(format!(
                    "Decision {n}: bound the pool of service {}",
                    n % 97
                ))
            };
            w.put(&decision)?;
            let lesson = Lesson {
                id: format!("les-{n:05}"),
                ..Lesson::new(format!("Lesson {n}: bound every pool"))
            };
            w.put(&lesson)?;
            let tradeoff = TradeOff {
                id: format!("tof-{n:05}"),
                gain: "the database stays up".into(),
                cost: "requests wait at peaks".into(),
                ..TradeOff::new(&decision.id, format!("Trade-off {n}: wait instead of fail"))
            };
            w.put(&tradeoff)?;
            w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))?;
            if incidents > 0 {
                let incident = format!("inc-{:05}", n % incidents);
                w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_item_carries_the_statement_of_the_lesson_it_names() {
        let lessons: Vec<Linked<Lesson>> = DEMO_FILES
            .iter()
            .filter(|(file, _)| *file == "lessons.toml")
            .flat_map(|(file, text)| parse::<DemoFile>(file, text).unwrap().lesson)
            .collect();
        let mut named = 0;
        for checklist in checklist_templates().unwrap() {
            for item in &checklist.items {
                let Some(id) = &item.lesson_id else {
                    assert!(item.lesson_statement.is_empty(), "{}", item.id);
                    continue;
                };
                named += 1;
                let lesson = lessons
                    .iter()
                    .find(|l| &l.record.id == id)
                    .unwrap_or_else(|| panic!("{}: no demo lesson {id}", item.id));
                assert_eq!(
                    item.lesson_statement, lesson.record.statement,
                    "{}",
                    item.id
                );
            }
        }
        assert!(named >= 9);
    }
}
