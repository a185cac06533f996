//! Report speed on a 1,000-decision workspace: each decision with a plain-language summary,
//! Markdown outcome, two trade-offs motivated by lessons learned from incidents, and a review
//! with a sign-off; 100 incidents with Markdown summaries and impact. Gathering reads every
//! trace and sign-off from the store; rendering writes HTML (sanitised Markdown, inline SVG)
//! or Markdown. `cargo bench --bench report`.

use criterion::{Criterion, criterion_group, criterion_main};
use hindsight::domain::{
    Decision, DecisionStatus, Incident, Lesson, Link, Relation, Review, SignOff, TradeOff, Verdict,
};
use hindsight::report::{self, Format};
use hindsight::store::Store;

const DECISIONS: usize = 1_000;
const INCIDENTS: usize = 100;
const LESSONS: usize = 300;

fn workspace(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let start: chrono::DateTime<chrono::Utc> = "2024-01-01T08:00:00Z".parse().unwrap();
    store
        .write("generate", |w| {
            for n in 0..INCIDENTS {
                let started = start + chrono::TimeDelta::days(n as i64 * 3);
                w.put(&Incident {
                    id: format!("inc-{n:04}"),
                    summary: format!(
                        "Checkout slowed for **{} minutes** when the queue of service {} backed up.\n\n- orders waited\n- [runbook](https://wiki.example/runbook-{n})",
                        20 + n % 40,
                        n % 17
                    ),
                    impact: "About one order in five failed; support received *hundreds* of calls.".into(),
                    users_affected: Some(1_000 + n as u64 * 37),
                    started_at: Some(started),
                    resolved_at: Some(started + chrono::TimeDelta::minutes(95)),
                    ..Incident::new(format!("Incident {n}: checkout slowed by a full queue"))
                })?;
            }
            for n in 0..LESSONS {
                let lesson = Lesson {
                    id: format!("les-{n:04}"),
                    explanation: "Bound every pool and queue; *unbounded* work turns a slow day into an outage.".into(),
                    ..Lesson::new(format!("Lesson {n}: bound every pool and queue"))
                };
                w.put(&lesson)?;
                w.link(&Link::new(&lesson.id, Relation::LearnedFrom, format!("inc-{:04}", n % INCIDENTS)))?;
            }
            for n in 0..DECISIONS {
                let decision = Decision {
                    id: format!("dec-{n:04}"),
                    number: Some(n as u32 + 1),
                    status: DecisionStatus::ALL[n % 5],
                    date: "2024-06-01".parse().ok(),
                    decision_makers: vec!["Lena Fischer".into(), "Tom Okafor".into()],
                    summary: format!("Decision {n} in plain words: requests wait in line instead of failing when the database is busy."),
                    outcome: format!("Chosen option: **a bounded pool** for service {}, with a queue in front.", n % 97),
                    context: "Context with **Markdown** and a [link](https://example.com).".into(),
                    ..Decision::new(format!("Decision {n}: bound the pool of service {}", n % 97))
                };
                w.put(&decision)?;
                for k in 0..2 {
                    let tradeoff = TradeOff {
                        id: format!("tof-{n:04}-{k}"),
                        gain: "The database stays up at peak traffic.".into(),
                        cost: "Some requests wait up to two seconds at peaks.".into(),
                        explanation: "Waiting a moment is better than an error page.".into(),
                        ..TradeOff::new(&decision.id, format!("Trade-off {n}.{k}: wait instead of fail"))
                    };
                    w.put(&tradeoff)?;
                    let lesson = format!("les-{:04}", (n * 2 + k) % LESSONS);
                    w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, lesson))?;
                }
                w.put(&Review {
                    id: format!("rev-{n:04}"),
                    title: format!("Review of decision {n}"),
                    decision_id: decision.id.clone(),
                    checklist_id: "chk-database".into(),
                    signoffs: vec![SignOff {
                        name: "Grace Kim".into(),
                        role: "CTO".into(),
                        verdict: Verdict::Approved,
                        comment: "Fine.".into(),
                        at: "2024-06-02T10:00:00Z".parse().ok(),
                        decision_fingerprint: Some("0000000000000000".into()),
                    }],
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = workspace(&dir.path().join("report.db"));
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("1000 decisions: gather", |b| {
        b.iter(|| report::gather(&store, None, |_, _| {}).unwrap())
    });
    let gathered = report::gather(&store, None, |_, _| {}).unwrap();
    assert_eq!(gathered.decisions.len(), DECISIONS);
    assert_eq!(gathered.incidents.len(), INCIDENTS);
    group.bench_function("1000 decisions: render HTML", |b| {
        b.iter(|| report::render(&gathered, Format::Html))
    });
    group.bench_function("1000 decisions: render Markdown", |b| {
        b.iter(|| report::render(&gathered, Format::Markdown))
    });
    let out = dir.path().join("report.html");
    group.bench_function("1000 decisions: write report.html (all of it)", |b| {
        b.iter(|| report::write(&store, &out, Format::Html, None, |_, _| {}).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
