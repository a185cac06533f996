//! Insights speed on large workspaces: `stats` (read every incident, action item, lesson and
//! decision, then compute the figures, per-decision effects included) and "has this happened
//! before?" (`related` for one incident, and for text as it is typed) on 1,000 and 10,000
//! generated incidents, each with times, tags and a root cause, and a tenth as many decisions
//! with trade-offs motivated by lessons learned from them. Growth should be linear.
//! `cargo bench --bench insights`.

use criterion::{Criterion, criterion_group, criterion_main};
use hindsight::domain::stats::{Filter, compute};
use hindsight::store::Store;

fn workspace(path: &std::path::Path, incidents: usize) -> Store {
    let mut store = Store::open(path).unwrap();
    hindsight::demo::load_generated(&mut store, incidents / 10, incidents).unwrap();
    store
}

fn bench(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for incidents in [1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let store = workspace(&dir.path().join("insights.db"), incidents);
        let mut group = c.benchmark_group(format!("insights, {incidents} incidents"));
        group.sample_size(20);
        group.bench_function("stats: read and compute", |b| {
            b.iter(|| compute(&store.stats_input().unwrap(), &Filter::default(), today))
        });
        group.bench_function("stats: read", |b| b.iter(|| store.stats_input().unwrap()));
        let input = store.stats_input().unwrap();
        group.bench_function("stats: compute only", |b| {
            b.iter(|| compute(&input, &Filter::default(), today))
        });
        let tagged = Filter {
            tags: vec!["checkout".into()],
            ..Filter::default()
        };
        group.bench_function("stats: compute, one tag", |b| {
            b.iter(|| compute(&input, &tagged, today))
        });
        group.bench_function("related: one incident", |b| {
            b.iter(|| store.related("inc-00042", 10).unwrap())
        });
        group.bench_function("related: a summary being typed", |b| {
            b.iter(|| {
                store
                    .related_to_text(
                        "Checkout slowed because the connection pool ran dry after a deploy",
                        &[],
                        None,
                        10,
                    )
                    .unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
