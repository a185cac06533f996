//! Publish speed as a team's repository grows: 1,000 decisions and 1,000 incidents, and 10,000
//! and 10,000 (the generated workspace of `demo --generate`: linked trade-offs, lessons,
//! incidents with timelines), exported as the team's Markdown files into a git repository and
//! published from it with `--from`, as a CI job does. Measured: a full publish into an empty
//! folder, a publish again with nothing changed, and one after a single record's file changed.
//! Growth must be linear; the README gives the figures. `cargo bench --bench publish`.

mod common;

use std::path::Path;

use common::git;
use criterion::{Criterion, criterion_group, criterion_main};
use hindsight::publish::{PublishOptions, publish_folders};
use hindsight::store::Store;

/// The generated workspace of `n` decisions and `n` incidents, exported into `dir/repo` and
/// committed; returns the folder to publish from.
fn repository(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut store = Store::open(dir.join("ws.db")).unwrap();
    hindsight::demo::load_generated(&mut store, n, n).unwrap();
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    hindsight::interop::export(&store, &repo.join("docs"), |_| {}).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "records"]);
    repo.join("docs")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("publish");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let folder = repository(dir.path(), n);
        let options = PublishOptions::default();
        let mut run = 0;
        group.bench_function(format!("{n} and {n}: full publish"), |b| {
            b.iter(|| {
                run += 1;
                let out = dir.path().join(format!("site-{run}"));
                publish_folders(std::slice::from_ref(&folder), &out, &options, |_| {}).unwrap()
            })
        });
        let out = dir.path().join("site");
        publish_folders(std::slice::from_ref(&folder), &out, &options, |_| {}).unwrap();
        group.bench_function(format!("{n} and {n}: nothing changed"), |b| {
            b.iter(|| {
                publish_folders(std::slice::from_ref(&folder), &out, &options, |_| {}).unwrap()
            })
        });
        // One decision's file changed (its text, not its name).
        let file = walkdir::WalkDir::new(folder.join("decisions"))
            .into_iter()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.into_path())
            .unwrap();
        let mut turn = 0;
        group.bench_function(format!("{n} and {n}: one record changed"), |b| {
            b.iter(|| {
                turn += 1;
                let text = std::fs::read_to_string(&file).unwrap();
                std::fs::write(&file, format!("{text}\nChanged {turn}.\n")).unwrap();
                publish_folders(std::slice::from_ref(&folder), &out, &options, |_| {}).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
