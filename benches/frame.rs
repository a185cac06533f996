//! Frame time of the whole window over a large workspace: 10,000 decisions and 10,000
//! incidents, each decision with a trade-off motivated by a lesson learned from an incident.
//! Measures one full `ui()` pass (layout and drawing commands, headless) for the list view and
//! for the trace and Insights views. `cargo bench --bench frame`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hindsight::session::Session;
use hindsight::store::Store;
use hindsight::ui::{CentreView, HindsightApp};

const DECISIONS: usize = 10_000;
const INCIDENTS: usize = 10_000;

fn large_workspace(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).unwrap();
    hindsight::demo::load_generated(&mut store, DECISIONS, INCIDENTS).unwrap();
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

    harness.state_mut().set_view(CentreView::Insights);
    // The figures of so large a workspace are worked out on a thread: wait for them.
    harness.run_steps(3);
    while harness.query_by_label("Working out the figures…").is_some() {
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
    c.bench_function("frame: insights view (10k incidents)", |b| {
        b.iter(|| harness.step())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(60);
    targets = frames
}
criterion_main!(benches);
