//! The lossless promise, tested on every line of every corpus file: each sentence a file says
//! is in the records it made (fields, options, pros and cons, sections, figures, the records
//! found inside it) and in the export of those records. Set `HINDSIGHT_EXTRA_CORPUS` to more
//! folders (separated by `:`) to run the same check on other collections.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::corpus;
use common::sentences::{Haystack, sentences};

use hindsight::domain::{AnyRecord, Decision, Incident, Kind, Relation, RiskLevel, TradeOff};
use hindsight::interop::{self, Outcome};
use hindsight::store::Store;

const FOLDERS: &[&str] = &[
    "adr-tools",
    "govuk-aws",
    "madr",
    "log4brains-fixtures",
    "postmortems-dfds",
    "postmortems-taskcluster",
    "postmortem-templates",
];

/// The records a file made: its own, and those found inside it (trade-offs, action items,
/// lessons), as JSON.
fn records_of(store: &Store, id: &str) -> Vec<(String, serde_json::Value)> {
    let mut ids = vec![id.to_string()];
    let main = store.get_any(id).unwrap();
    match main.kind() {
        Kind::Decision => ids.extend(store.summaries_of_children(id)),
        Kind::Incident => {
            ids.extend(store.summaries_of_children(id));
            for link in store.links_to(id).unwrap() {
                if link.relation == Relation::LearnedFrom {
                    ids.push(link.from_id);
                }
            }
        }
        _ => {}
    }
    let mut out = Vec::new();
    for id in ids {
        let record = store.get_any(&id).unwrap();
        let mut value = serde_json::to_value(&record).unwrap();
        // A link's words ("Clarified by") are part of what the file said.
        for link in store.links_from(&id).unwrap() {
            if let (Some(label), serde_json::Value::Object(map)) = (link.label, &mut value) {
                map.insert(format!("link {}", link.to_id), label.into());
            }
        }
        out.push((id, value));
    }
    out
}

trait Children {
    fn summaries_of_children(&self, id: &str) -> Vec<String>;
}

impl Children for Store {
    fn summaries_of_children(&self, id: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for kind in [Kind::TradeOff, Kind::Action] {
            for record in self.list_any(kind).unwrap() {
                let parent = match &record {
                    AnyRecord::TradeOff(t) => Some(t.decision_id.as_str()),
                    AnyRecord::Action(a) => a.source_id.as_deref(),
                    _ => None,
                };
                if parent == Some(id) {
                    ids.push(record.id().to_string());
                }
            }
        }
        ids
    }
}

/// Checks every file under `folders`; returns the sentences missing, file by file.
fn missing(folders: &[PathBuf]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, folders, |_| {}).unwrap();
    let tree = interop::render(&store).unwrap();
    // Which exported file holds which record: the id in its front matter.
    let mut file_of: HashMap<String, usize> = HashMap::new();
    for (n, (_, text)) in tree.iter().enumerate() {
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("id: ") {
                file_of.entry(id.trim().to_string()).or_insert(n);
            }
            if line.starts_with('#') {
                break;
            }
        }
    }
    let mut problems = Vec::new();
    for file in &report.files {
        let id = match &file.outcome {
            Outcome::Created { id, .. } | Outcome::Updated { id, .. } => id,
            Outcome::Skipped { .. } => continue,
            Outcome::Failed { reason } => {
                problems.push(format!("{}: failed: {reason}", file.path.display()));
                continue;
            }
        };
        let source = std::fs::read_to_string(&file.path).unwrap();
        let records = records_of(&store, id);
        let values: Vec<serde_json::Value> = records.iter().map(|(_, v)| v.clone()).collect();
        let in_record = Haystack::of_json(&values);
        let exported: Vec<&str> = records
            .iter()
            .filter_map(|(id, _)| file_of.get(id).map(|n| tree[*n].1.as_str()))
            .collect();
        let in_export = Haystack::of_files(&exported);
        for sentence in sentences(&source) {
            if !in_record.says(&sentence) {
                problems.push(format!(
                    "{}: not in the record: {sentence}",
                    file.path.display()
                ));
            } else if !in_export.says(&sentence) {
                problems.push(format!(
                    "{}: not in the export: {sentence}",
                    file.path.display()
                ));
            }
        }
    }
    problems
}

#[test]
fn every_sentence_of_every_corpus_file_is_kept() {
    let folders: Vec<PathBuf> = FOLDERS.iter().map(|f| corpus(f)).collect();
    let problems = missing(&folders);
    assert!(
        problems.is_empty(),
        "{} sentences lost:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_sentence_of_other_collections_is_kept() {
    let Ok(extra) = std::env::var("HINDSIGHT_EXTRA_CORPUS") else {
        return;
    };
    for folder in extra.split(':').filter(|f| !f.is_empty()) {
        let problems = missing(&[Path::new(folder).to_path_buf()]);
        assert!(
            problems.is_empty(),
            "{folder}: {} sentences lost:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn workspace() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("ws.db")).unwrap();
    (dir, store)
}

fn id_of(report: &interop::ImportReport, path: &Path) -> String {
    match report.outcome(path) {
        Some(Outcome::Created { id, .. } | Outcome::Updated { id, .. }) => id.clone(),
        other => panic!("{}: {other:?}", path.display()),
    }
}

#[test]
fn postmortems_written_as_stories_are_incidents() {
    let folder = fixture("prose-postmortems");
    assert!(missing(std::slice::from_ref(&folder)).is_empty());
    let (_dir, mut store) = workspace();
    let report = interop::import(&mut store, std::slice::from_ref(&folder), |_| {}).unwrap();
    assert_eq!(report.created(), 3, "{:#?}", report.files);
    let incident =
        |name: &str| -> Incident { store.get(&id_of(&report, &folder.join(name))).unwrap() };
    let cache = incident("2b9e7c1a-cache-stampede.md");
    assert_eq!(cache.title, "Cache stampede took the menu service down");
    assert!(
        cache
            .summary
            .starts_with("A cache flush made every menu request miss")
    );
    assert_eq!(
        cache.source_url,
        "https://status.example.com/incidents/2023-03-14-cache"
    );
    assert_eq!(
        (cache.company.as_str(), cache.product.as_str()),
        ("Forkful", "Menu service")
    );
    assert_eq!(
        cache.tags,
        ["cloud", "config-change", "cache", "thundering herd", "ttl"]
    );
    assert_eq!(
        cache
            .time_to_resolve()
            .map(hindsight::domain::human_duration)
            .as_deref(),
        Some("1 h 45 min")
    );
    // The story is the description; keys with no field of their own come back out.
    assert!(cache.sections[0].heading.is_empty());
    assert!(
        cache.sections[0]
            .body
            .starts_with("At 18:02 UTC an operator flushed")
    );
    assert_eq!(
        cache.front_matter.keys().collect::<Vec<_>>(),
        ["uuid", "archive_url", "source_published_at"]
    );
    // No title: the first sentence; a date without a time is the day it started.
    let dns = incident("7f0d2e44-dns.md");
    assert_eq!(
        dns.title,
        "On June 13 a malformed zone file was pushed to every authoritative server at once"
    );
    assert_eq!(
        dns.started_at.unwrap().date_naive().to_string(),
        "2019-06-13"
    );
    assert_eq!(
        dns.front_matter.get("date").and_then(|d| d.as_str()),
        Some("2019-06-13")
    );
    let queue = incident("c41a9b03-no-front.md");
    assert_eq!(queue.severity.as_str(), "SEV2");
    assert_eq!(queue.tags, ["queue", "retries"]);
    assert_eq!(
        queue.started_at.unwrap().to_rfc3339(),
        "2024-02-01T10:15:00+00:00"
    );
}

#[test]
fn front_matter_keys_without_a_field_go_back_out() {
    let (_dir, mut store) = workspace();
    let file = corpus("madr").join("0001-use-CC0-or-MIT-as-license.md");
    let report = interop::import(&mut store, std::slice::from_ref(&file), |_| {}).unwrap();
    let decision: Decision = store.get(&id_of(&report, &file)).unwrap();
    assert_eq!(
        serde_json::Value::Object(decision.front_matter.clone()),
        serde_json::json!({"parent": "Decisions", "nav_order": 1})
    );
    let tree = interop::render(&store).unwrap();
    let (_, text) = tree
        .iter()
        .find(|(p, _)| p.starts_with("decisions"))
        .unwrap();
    assert!(
        text.contains("front-matter:\n  parent: Decisions\n  nav_order: 1\n"),
        "{text}"
    );
    // Read back from the tree, they are still there, spelt as the file spelt them.
    let out = tempfile::tempdir().unwrap();
    interop::export(&store, out.path(), |_| {}).unwrap();
    let (_dir2, mut second) = workspace();
    interop::import(&mut second, &[out.path().to_path_buf()], |_| {}).unwrap();
    let again: Decision = second.get(&decision.id).unwrap();
    assert_eq!(again.front_matter, decision.front_matter);
}

#[test]
fn madr_decisions_bring_the_trade_off_they_accepted() {
    let (_dir, mut store) = workspace();
    let folder = corpus("madr");
    let report = interop::import(&mut store, std::slice::from_ref(&folder), |_| {}).unwrap();
    let tradeoffs_of = |name: &str| -> Vec<TradeOff> {
        let id = id_of(&report, &folder.join(name));
        store.children(&id).unwrap()
    };
    // "Chosen option: …" with its pros and cons.
    let neutral = tradeoffs_of("0014-allow-neutral-arguments.md");
    assert_eq!(neutral.len(), 1, "{neutral:#?}");
    assert!(!neutral[0].gain.is_empty());
    // "Chosen option: "X", because" and a list of reasons: what it gains.
    let dashes = tradeoffs_of("0005-use-dashes-in-filenames.md");
    assert_eq!(dashes.len(), 1);
    assert!(
        dashes[0].gain.contains("provides a unique number"),
        "{}",
        dashes[0].gain
    );
    // The trace tells the story from the first minute.
    let id = id_of(&report, &folder.join("0005-use-dashes-in-filenames.md"));
    let trace = store.trace_decision(&id).unwrap();
    assert_eq!(trace.tradeoffs.len(), 1);
    // Re-importing keeps the trade-off's id and what was added to it in Hindsight.
    let mut t = dashes[0].clone();
    t.explanation = "Numbers make ADRs easy to cite.".into();
    t.risk = RiskLevel::Low;
    store.put(&t).unwrap();
    interop::import(&mut store, std::slice::from_ref(&folder), |_| {}).unwrap();
    let after: TradeOff = store.get(&t.id).unwrap();
    assert_eq!(after.explanation, t.explanation);
    assert_eq!(after.risk, RiskLevel::Low);
}

#[test]
fn importing_again_keeps_edits_made_on_each_side() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("0002-implement-as-shell-scripts.md");
    std::fs::copy(
        corpus("adr-tools").join("0002-implement-as-shell-scripts.md"),
        &file,
    )
    .unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&file), |_| {}).unwrap();
    let id = id_of(&report, &file);
    // In Hindsight: a summary for stakeholders and a sharper context.
    let mut d: Decision = store.get(&id).unwrap();
    d.summary = "Scripts keep the tool small.".into();
    d.context.push_str("\n\nEdited in Hindsight.");
    store.put(&d).unwrap();
    // In the file: the status.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Accepted", "Deprecated")).unwrap();
    interop::import(&mut store, std::slice::from_ref(&file), |_| {}).unwrap();
    let after: Decision = store.get(&id).unwrap();
    assert_eq!(after.status.as_str(), "deprecated", "the file's change");
    assert_eq!(after.summary, d.summary, "Hindsight's change");
    assert_eq!(after.context, d.context, "Hindsight's change");
    // Both changed the same field: the file wins, and the workspace's value is in history.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Deprecated", "Rejected")).unwrap();
    let mut d = after.clone();
    d.status = hindsight::domain::DecisionStatus::Superseded;
    store.put(&d).unwrap();
    interop::import(&mut store, std::slice::from_ref(&file), |_| {}).unwrap();
    assert_eq!(
        store.get::<Decision>(&id).unwrap().status.as_str(),
        "rejected"
    );
    assert!(store.history(&id).unwrap().iter().any(|r| {
        r.before
            .as_deref()
            .is_some_and(|b| b.contains("\"superseded\""))
    }));
}

#[test]
fn an_adr_tools_export_read_back_is_the_same_records() {
    let (_dir, mut store) = workspace();
    hindsight::demo::load_demo(&mut store).unwrap();
    let before = store.counts().unwrap();
    let decisions: Vec<Decision> = store.list().unwrap();
    let out = tempfile::tempdir().unwrap();
    interop::export_adr_tools(&store, out.path(), Default::default(), |_| {}).unwrap();
    let report = interop::import(&mut store, &[out.path().to_path_buf()], |_| {}).unwrap();
    assert_eq!(report.created(), 0, "{:#?}", report.files);
    assert_eq!(report.updated(), decisions.len());
    assert_eq!(store.counts().unwrap(), before, "no duplicates");
    // What adr-tools files cannot say (trade-offs, the options' pros and cons) is still there.
    for d in decisions {
        let after: Decision = store.get(&d.id).unwrap();
        assert_eq!(after.options.len(), d.options.len(), "{}", d.title);
        for (a, b) in after.options.iter().zip(&d.options) {
            assert_eq!(a.pros, b.pros, "{}", d.title);
        }
        assert_eq!(after.summary, d.summary, "{}", d.title);
    }
}

#[test]
fn only_a_template_is_skipped_as_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir
        .path()
        .join("0039-use-apache-velocity-as-template-engine.md");
    std::fs::write(
        &real,
        "---\nnav_order: 39\n---\n# Use Apache Velocity as template engine\n\n## Context and Problem Statement\n\nWe need a template engine.\n\n## Decision Outcome\n\nChosen option: \"Apache Velocity\", because it is simple.\n",
    )
    .unwrap();
    let placeholder = dir.path().join("0000-new.md");
    std::fs::write(
        &placeholder,
        "# {short title, representative of solved problem and found solution}\n\n## Context and Problem Statement\n\n{Describe the context}\n",
    )
    .unwrap();
    let named = dir.path().join("adr-template.md");
    std::fs::write(&named, "# Title\n\n## Status\n\nproposed\n").unwrap();
    let (_ws, mut store) = workspace();
    let report = interop::import(&mut store, &[dir.path().to_path_buf()], |_| {}).unwrap();
    assert!(matches!(
        report.outcome(&real),
        Some(Outcome::Created { .. })
    ));
    for t in [&placeholder, &named] {
        assert_eq!(
            report.outcome(t),
            Some(&Outcome::Skipped {
                reason: "a template, not a record".into()
            })
        );
    }
}
