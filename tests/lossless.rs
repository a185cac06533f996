//! The lossless promise, tested on every line of every corpus file: each sentence a file says
//! is in the records it made (fields, options, pros and cons, sections, figures, the records
//! found inside it) and in the export of those records. Set `HINDSIGHT_EXTRA_CORPUS` to more
//! folders (separated by `:`) to run the same check on other collections.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::corpus;
use common::sentences::{Haystack, sentences};

use hindsight::domain::{AnyRecord, Kind, Relation};
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
