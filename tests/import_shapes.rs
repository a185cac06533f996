//! Collections in the shapes teams keep them: one folder per ADR (`0005-name/README.md`,
//! `name/index.md`), records about templates that are not templates, and an adr-tools export
//! read back into the workspace it came from.

mod common;

use std::path::Path;

use common::corpus;
use hindsight::domain::{Decision, DecisionStatus};
use hindsight::interop::{self, AdrToolsOptions, Outcome};
use hindsight::store::Store;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const ADR: &str = "# {title}\n\nDate: 2022-03-04\n\n## Status\n\nAccepted\n\n## Context\n\nWe need {title}.\n\n## Decision\n\nWe do it.\n\n## Consequences\n\nSome.\n";

fn adr(title: &str) -> String {
    ADR.replace("{title}", title)
}

#[test]
fn adrs_kept_one_folder_each_are_read_and_named_by_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("adr");
    write(
        &root.join("README.md"),
        "# Decisions\n\n- [Use Kafka](0005-use-kafka/README.md)\n",
    );
    write(&root.join("0005-use-kafka/README.md"), &adr("5. Use Kafka"));
    write(
        &root.join("0005-use-kafka/diagram.png"),
        "not really a picture",
    );
    write(
        &root.join("use-grpc/index.md"),
        &adr("Use gRPC between services"),
    );
    write(
        &root.join("0007-split/README.md"),
        "# Notes\n\nJust notes, no record.\n",
    );
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    let decisions: Vec<Decision> = store.list().unwrap();
    let mut titles: Vec<(Option<u32>, String)> = decisions
        .iter()
        .map(|d| (d.number, d.title.clone()))
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            (None, "Use gRPC between services".to_string()),
            (Some(5), "Use Kafka".to_string()),
        ],
        "{report:#?}"
    );
    let outcome = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .map(|f| f.outcome.clone())
            .unwrap()
    };
    assert!(matches!(outcome("adr/README.md"), Outcome::Skipped { .. }));
    assert!(matches!(
        outcome("0007-split/README.md"),
        Outcome::Skipped { .. }
    ));
    // Written back in place, into the folder's file.
    let mut kafka = decisions
        .iter()
        .find(|d| d.title == "Use Kafka")
        .unwrap()
        .clone();
    kafka.status = DecisionStatus::Deprecated;
    store.put(&kafka).unwrap();
    let written = interop::export_in_place(&mut store, |_| {}).unwrap();
    assert_eq!(written.written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(root.join("0005-use-kafka/README.md")).unwrap();
    assert!(text.contains("## Status\n\nDeprecated\n"), "{text}");
}

#[test]
fn a_record_about_templates_is_a_record_and_a_template_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("adr");
    write(
        &root.join("0012-project-templates.md"),
        &adr("12. Project templates"),
    );
    write(
        &root.join("0013-use-templates.md"),
        "# 13. Generate services from templates\n\n## Status\n\nAccepted\n\n## Context\n\nNew services are copied by hand.\n\n## Decision\n\nWe use cookiecutter:\n\n```\n{{ cookiecutter.name }}\n```\n",
    );
    write(
        &root.join("adr-template.md"),
        "# ADR 0000: <Title>\n\n## Status\n\n<Proposed | Accepted>\n\n## Context\n\n<What is the issue?>\n\n## Decision\n\n## Consequences\n",
    );
    write(
        &root.join("template.md"),
        "# Short title\n\n## Status\n\n## Context\n\n## Decision\n\n## Consequences\n",
    );
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&root), |_| {}).unwrap();
    let mut titles: Vec<String> = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .map(|d| d.title)
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Generate services from templates", "Project templates"],
        "{report:#?}"
    );
}

#[test]
fn an_adr_tools_export_read_back_into_its_workspace_makes_no_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    interop::import(&mut store, &[corpus("adr-tools")], |_| {}).unwrap();
    let before: Vec<Decision> = store.list().unwrap();
    assert!(before.len() > 5);
    let out = dir.path().join("exported");
    interop::export_adr_tools(&store, &out, AdrToolsOptions::default(), |_| {}).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&out), |_| {}).unwrap();
    assert_eq!(report.failed(), 0);
    let after: Vec<Decision> = store.list().unwrap();
    assert_eq!(after.len(), before.len(), "{report:#?}");
    // Read back twice: still none.
    interop::import(&mut store, std::slice::from_ref(&out), |_| {}).unwrap();
    assert_eq!(store.list::<Decision>().unwrap().len(), before.len());
    // Two teams' own "1. Record architecture decisions", of different dates, stay two.
    let other = dir.path().join("other-team");
    write(
        &other.join("0001-record-architecture-decisions.md"),
        &adr("1. Record architecture decisions").replace("2022-03-04", "1999-01-01"),
    );
    interop::import(&mut store, std::slice::from_ref(&other), |_| {}).unwrap();
    assert_eq!(store.list::<Decision>().unwrap().len(), before.len() + 1);
}
