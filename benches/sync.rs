//! Sync and write-back speed as a team's repository grows: 1,000 and 10,000 ADRs (100,000 with
//! `HINDSIGHT_BENCH_100K=1`), a tenth of them with a trade-off motivated by a lesson (so
//! Hindsight's own files are there too), in a real git repository. Measured: a sync with nothing
//! changed, a sync after 10 records changed, and `export --in-place` with nothing changed.
//! Growth must be linear; the README gives the figures. `cargo bench --bench sync`.

mod common;

use std::path::Path;

use common::git;
use criterion::{Criterion, criterion_group, criterion_main};
use hindsight::domain::{Decision, DecisionStatus, Lesson, Link, Relation, TradeOff};
use hindsight::store::Store;
use hindsight::sync::{SyncOptions, sync};

/// `records` adr-tools files in `repo/doc/adr`, committed; a workspace synced to them, with
/// a trade-off and a lesson for every tenth decision, synced again.
fn team(dir: &Path, records: usize) -> Store {
    let repo = dir.join("repo");
    let adr = repo.join("doc/adr");
    std::fs::create_dir_all(&adr).unwrap();
    for i in 1..=records {
        let text = format!(
            "# {i}. Use service number {i} for orders\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nOrders grow; service {i} is what we have.\n\n## Decision\n\nWe use service {i}.\n\n## Consequences\n\nOne more thing to run.\n"
        );
        std::fs::write(adr.join(format!("{i:05}-use-service-{i}.md")), text).unwrap();
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "ADRs"]);
    let mut store = Store::open(dir.join("ws.db")).unwrap();
    let options = SyncOptions {
        folder: Some(adr.clone()),
        push: false,
    };
    sync(&mut store, &options, |_| {}).unwrap();
    let decisions: Vec<Decision> = store.list().unwrap();
    store
        .write("reasoning", |w| {
            for d in decisions.iter().step_by(10) {
                let lesson = Lesson::new(format!("What {} taught us", d.title));
                let tradeoff = TradeOff::new(&d.id, "Speed for simplicity");
                w.put(&lesson)?;
                w.put(&tradeoff)?;
                w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))?;
            }
            Ok(())
        })
        .unwrap();
    sync(&mut store, &SyncOptions::default(), |_| {}).unwrap();
    store
}

fn bench(c: &mut Criterion) {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("HINDSIGHT_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    for records in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut store = team(dir.path(), records);
        group.bench_function(format!("sync, nothing changed, {records} ADRs"), |b| {
            b.iter(|| sync(&mut store, &SyncOptions::default(), |_| {}).unwrap())
        });
        group.bench_function(
            format!("export --in-place, nothing changed, {records} ADRs"),
            |b| b.iter(|| hindsight::interop::export_in_place(&mut store, |_| {}).unwrap()),
        );
        let ids: Vec<String> = store
            .list::<Decision>()
            .unwrap()
            .into_iter()
            .take(10)
            .map(|d| d.id)
            .collect();
        let mut round = 0usize;
        group.bench_function(format!("sync, 10 records changed, {records} ADRs"), |b| {
            // The ten edits are a few milliseconds of the time measured.
            b.iter(|| {
                round += 1;
                let status = if round.is_multiple_of(2) {
                    DecisionStatus::Accepted
                } else {
                    DecisionStatus::Deprecated
                };
                store
                    .write("ten", |w| {
                        for id in &ids {
                            let mut d: Decision = w.get(id)?;
                            d.status = status;
                            d.status_text = None;
                            w.put(&d)?;
                        }
                        Ok(())
                    })
                    .unwrap();
                sync(&mut store, &SyncOptions::default(), |_| {}).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
