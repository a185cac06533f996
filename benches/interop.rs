//! Import and export speed on 1,000 and 10,000 adr-tools records with filled-in text and the
//! links adr-tools makes (supersedes, amends, clarifies), and one postmortem with 50,000
//! lessons learned: growth must be linear. The records are generated here so the benchmark
//! needs nothing outside the repository; `../shared/tools/gen-adr-corpus.sh -b filled N DIR`
//! writes the same shape, and the README gives the figures for both.
//! `cargo bench --bench interop`.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use hindsight::interop::{self, AdrToolsOptions};
use hindsight::store::Store;

const SUBJECTS: &[&str] = &[
    "Kafka for the billing service",
    "object storage for batch jobs",
    "JSON Web Tokens",
    "CQRS for search and reporting",
    "a read-through cache for menus",
    "trunk-based development",
    "feature flags for releases",
    "a service mesh for internal calls",
];

const SENTENCES: &[&str] = &[
    "The current approach has grown organically and nobody owns it end to end.",
    "Existing data will be migrated in place with a dual-write period.",
    "We expect traffic to double within the next twelve months.",
    "Latency at the p99 is above the agreed service level objective.",
    "Security review flagged the lack of a consistent audit trail.",
    "The change will be rolled out behind a flag and measured for two weeks.",
    "Onboarding new engineers takes longer than it should because the behaviour is undocumented.",
];

fn slug(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

fn paragraph(seed: usize, len: usize) -> String {
    (0..len)
        .map(|k| SENTENCES[(seed * 7 + k * 3) % SENTENCES.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `records` adr-tools files into `dir`, linked the way adr-tools links them.
fn generate(dir: &Path, records: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let title = |i: usize| {
        let verb = ["Use", "Adopt", "Standardise on", "Prefer"][i % 4];
        format!("{verb} {}", SUBJECTS[i % SUBJECTS.len()])
    };
    let file = |i: usize| format!("{i:04}-{}.md", slug(&title(i)));
    for i in 1..=records {
        let mut status = vec!["Accepted".to_string()];
        if i % 10 == 3 && i + 2 <= records {
            status = vec![format!(
                "Superceded by [{}. {}]({})",
                i + 2,
                title(i + 2),
                file(i + 2)
            )];
        }
        if i % 10 == 5 && i > 2 {
            status.push(format!(
                "Supercedes [{}. {}]({})",
                i - 2,
                title(i - 2),
                file(i - 2)
            ));
        }
        if i % 10 == 7 {
            status.push(format!(
                "Amends [{}. {}]({})",
                i - 1,
                title(i - 1),
                file(i - 1)
            ));
        }
        if i % 10 == 9 {
            status.push(format!(
                "Clarifies [{}. {}]({})",
                i - 4,
                title(i - 4),
                file(i - 4)
            ));
        }
        let status = status.join("\n\n");
        let text = format!(
            "# {i}. {}\n\nDate: 2019-01-01\n\n## Status\n\n{status}\n\n## Context\n\n{}\n\n{}\n\n## Decision\n\nWe will {}. {}\n\n## Consequences\n\n{}\n\n* Rollback is a configuration change rather than a redeploy.\n* Engineers need training before the rollout.\n",
            title(i),
            paragraph(i, 5),
            paragraph(i + 1, 3),
            title(i).to_lowercase(),
            paragraph(i + 2, 4),
            paragraph(i + 3, 3),
        );
        std::fs::write(dir.join(file(i)), text).unwrap();
    }
}

/// One postmortem whose "Lessons Learned" lists `lessons` lessons.
fn postmortem(dir: &Path, lessons: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut text = String::from(
        "# Checkout went down\n\n## Summary\n\nPayments failed for an hour.\n\n## Lessons Learned\n\n",
    );
    for i in 0..lessons {
        text.push_str(&format!(
            "- Lesson {i}: {}\n",
            SENTENCES[i % SENTENCES.len()]
        ));
    }
    std::fs::write(dir.join("2024-11-29-checkout.md"), text).unwrap();
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("interop");
    group.sample_size(10);
    let mut n = 0;
    for records in [1_000, 10_000] {
        let adr = tmp.path().join(format!("adr-{records}"));
        generate(&adr, records);
        let paths: Vec<PathBuf> = vec![adr.clone()];
        group.bench_function(format!("import {records} adr-tools records"), |b| {
            b.iter(|| {
                n += 1;
                let mut store = Store::open(tmp.path().join(format!("import-{n}.db"))).unwrap();
                let report = interop::import(&mut store, &paths, |_| {}).unwrap();
                assert_eq!(report.created(), records);
            })
        });
    }
    let pm = tmp.path().join("pm");
    postmortem(&pm, 50_000);
    group.bench_function("import a postmortem with 50000 lessons", |b| {
        b.iter(|| {
            n += 1;
            let mut store = Store::open(tmp.path().join(format!("pm-{n}.db"))).unwrap();
            let report = interop::import(&mut store, std::slice::from_ref(&pm), |_| {}).unwrap();
            assert_eq!(report.created(), 1);
        })
    });
    let paths = vec![tmp.path().join("adr-1000")];
    let mut store = Store::open(tmp.path().join("export.db")).unwrap();
    interop::import(&mut store, &paths, |_| {}).unwrap();
    group.bench_function("import 1000 adr-tools records again, unchanged", |b| {
        b.iter(|| {
            let report = interop::import(&mut store, &paths, |_| {}).unwrap();
            assert_eq!(report.updated(), 1000);
        })
    });
    let mut m = 0;
    group.bench_function("export 1000 decisions (git tree)", |b| {
        b.iter(|| {
            m += 1;
            let out = tmp.path().join(format!("tree-{m}"));
            interop::export(&store, &out, |_| {}).unwrap();
        })
    });
    group.bench_function("export 1000 decisions --adr-tools --toc --graph", |b| {
        b.iter(|| {
            m += 1;
            let out = tmp.path().join(format!("adr-{m}"));
            let options = AdrToolsOptions {
                toc: true,
                graph: true,
                ..Default::default()
            };
            interop::export_adr_tools(&store, &out, options, |_| {}).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
