//! Workspaces and test files that several integration tests use alike. Not every test
//! crate uses every helper.
#![allow(dead_code)]

use hindsight::domain::{
    Decision, DecisionStatus, Incident, IncidentStatus, Lesson, Link, Relation, TradeOff,
};
use hindsight::store::Store;

/// A workspace with one chain: incident → lesson → trade-off → decision.
pub fn chain(store: &mut Store) -> (Decision, TradeOff, Lesson, Incident) {
    let mut incident = Incident::new("Polling melted the database");
    incident.summary = "Every client polled every five seconds.".into();
    incident.status = IncidentStatus::Published;
    let lesson = Lesson::new("Fan-out polling multiplies load by the number of clients");
    let mut decision = Decision::new("Use server push for order tracking");
    decision.status = DecisionStatus::Accepted;
    let mut tradeoff = TradeOff::new(&decision.id, "A push service to run, for a flat DB load");
    tradeoff.gain = "flat database load".into();
    store
        .write("chain", |w| {
            w.put(&incident)?;
            w.put(&lesson)?;
            w.put(&decision)?;
            w.put(&tradeoff)?;
            w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident.id))?;
            w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))
        })
        .unwrap();
    (decision, tradeoff, lesson, incident)
}

/// A folder of the corpora of real ADRs and postmortems in `tests/fixtures/corpus`.
pub fn corpus(folder: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(folder)
}
pub mod sentences;
