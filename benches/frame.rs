//! Frame time of the whole window over a large workspace: 10,000 decisions and 10,000
//! incidents, each decision with a trade-off motivated by a lesson learned from an incident.
//! Measures one full `ui()` pass (layout and drawing commands, headless) for the list view and
//! for the trace view. `cargo bench --bench frame`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use hindsight::domain::{
    Decision, DecisionStatus, Incident, Lesson, Link, Relation, Severity, TradeOff,
};
use hindsight::session::Session;
use hindsight::store::Store;
use hindsight::ui::{CentreView, HindsightApp};

const DECISIONS: usize = 10_000;
const INCIDENTS: usize = 10_000;

fn large_workspace(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store
        .write("generate", |w| {
            for n in 0..INCIDENTS {
                let incident = Incident {
                    id: format!("inc-{n:05}"),
                    reference: format!("INC-{n:05}"),
                    severity: Severity::ALL[n % 4],
                    summary: format!("Incident {n}: the queue backed up and checkout slowed."),
                    ..Incident::new(format!("Incident {n}: checkout slowed by a full queue"))
                };
                w.put(&incident)?;
            }
            for n in 0..DECISIONS {
                let decision = Decision {
                    id: format!("dec-{n:05}"),
                    number: Some(n as u32 + 1),
                    status: DecisionStatus::ALL[n % 5],
                    tags: vec!["generated".into(), format!("team-{}", n % 12)],
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
                let incident = format!("inc-{:05}", n % INCIDENTS);
                w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident))?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.db");
    let session = Session::new(large_workspace(&path)).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_max_steps(10_000)
        .build_eframe(|_cc| HindsightApp::new(session, &path));

    harness.state_mut().select(Some("dec-05000".into()));
    harness.run_steps(3);
    c.bench_function("frame: decision list (10k) and record", |b| {
        b.iter(|| harness.step())
    });

    harness.state_mut().select(Some("inc-00042".into()));
    harness.run_steps(3);
    c.bench_function("frame: incident list (10k) and record", |b| {
        b.iter(|| harness.step())
    });

    harness.state_mut().select(Some("dec-00042".into()));
    harness.state_mut().set_view(CentreView::Trace);
    harness.run_steps(3);
    c.bench_function("frame: trace view", |b| b.iter(|| harness.step()));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60);
    targets = frames
}
criterion_main!(benches);
