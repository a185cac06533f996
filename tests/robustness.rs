//! No input may panic, hang or take the good files down with it: every corpus file mutated the
//! ways real files go wrong (bytes flipped, cut short, CR or CRLF line endings, NUL bytes,
//! invalid UTF-8, huge lines, deep nesting, YAML aliases), imported beside good files.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::corpus;
use hindsight::interop::{self, Outcome};
use hindsight::store::Store;
use proptest::prelude::*;

/// Every Markdown file of the corpora, read once.
fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for folder in [
        "adr-tools",
        "govuk-aws",
        "madr",
        "log4brains-fixtures",
        "postmortems-dfds",
        "postmortems-taskcluster",
        "postmortem-templates",
    ] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// One way a file goes wrong.
#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    CrOnly,
    CrLf,
    Nul { at: usize },
    BadUtf8 { at: usize },
    HugeLine { at: usize, len: usize },
    DeepList { depth: usize },
    DeepQuote { depth: usize },
    YamlAliases,
    Headings { count: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        Just(Mutation::CrOnly),
        Just(Mutation::CrLf),
        any::<usize>().prop_map(|at| Mutation::Nul { at }),
        any::<usize>().prop_map(|at| Mutation::BadUtf8 { at }),
        (any::<usize>(), 10_000usize..400_000).prop_map(|(at, len)| Mutation::HugeLine { at, len }),
        (100usize..3_000).prop_map(|depth| Mutation::DeepList { depth }),
        (100usize..3_000).prop_map(|depth| Mutation::DeepQuote { depth }),
        Just(Mutation::YamlAliases),
        (100usize..5_000).prop_map(|count| Mutation::Headings { count }),
    ]
}

fn apply(bytes: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = |n: usize| if out.is_empty() { 0 } else { n % out.len() };
    match *mutation {
        Mutation::Flip { at: n, byte } => {
            if !out.is_empty() {
                let i = at(n);
                out[i] ^= byte | 1;
            }
        }
        Mutation::Truncate { at: n } => out.truncate(at(n)),
        Mutation::CrOnly => {
            out = String::from_utf8_lossy(&out)
                .replace('\n', "\r")
                .into_bytes();
        }
        Mutation::CrLf => {
            out = String::from_utf8_lossy(&out)
                .replace('\n', "\r\n")
                .into_bytes();
        }
        Mutation::Nul { at: n } => {
            let i = at(n);
            out.insert(i, 0);
        }
        Mutation::BadUtf8 { at: n } => {
            let i = at(n);
            out.splice(i..i, [0xff, 0xfe, 0xc3]);
        }
        Mutation::HugeLine { at: n, len } => {
            let i = at(n);
            out.splice(i..i, std::iter::repeat_n(b'x', len));
        }
        Mutation::DeepList { depth } => {
            for level in 0..depth {
                out.extend(" ".repeat(level * 2).as_bytes());
                out.extend(b"- Good, because nested\n");
            }
        }
        Mutation::DeepQuote { depth } => {
            out.extend(">".repeat(depth).as_bytes());
            out.extend(b" quoted [link](0001-x.md)\n");
        }
        Mutation::YamlAliases => {
            let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nstatus: accepted\n---\n";
            let mut with = bomb.as_bytes().to_vec();
            with.extend(&out);
            out = with;
        }
        Mutation::Headings { count } => {
            for n in 0..count {
                out.extend(format!("\n## Status\n\n### Option {n}\n\n* Bad, because\n").as_bytes());
            }
        }
    }
    out
}

/// Imports `bad` beside three good corpus files; the good ones must come in whatever `bad` is.
fn import_beside_good(name: &str, bad: &[u8], good: &[(String, Vec<u8>)]) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    let bad_path = folder.join(format!("zz-mutated-{name}"));
    std::fs::write(&bad_path, bad).unwrap();
    for (good_name, bytes) in good {
        std::fs::write(folder.join(good_name), bytes).unwrap();
    }
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let started = Instant::now();
    let report = interop::import(&mut store, std::slice::from_ref(&folder), |_| {}).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{name}: the import took {:?}",
        started.elapsed()
    );
    for (good_name, _) in good {
        let path = folder.join(good_name);
        let outcome = report.outcome(&path);
        // What the file makes on its own (a record, or a skip for a template or an index).
        match interop::read_file(&path) {
            Ok(_) => assert!(
                matches!(outcome, Some(Outcome::Created { .. })),
                "{good_name} beside a mutated {name}: {outcome:?}"
            ),
            Err(alone) => assert_eq!(outcome, Some(&alone), "{good_name} beside {name}"),
        }
    }
    assert!(
        report.outcome(&bad_path).is_some(),
        "the mutated file is not in the report"
    );
}

proptest! {
    // 96 cases in CI; `PROPTEST_CASES=2200` for a long sweep.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn mutated_corpus_files_never_panic_hang_or_stop_the_import(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..3),
    ) {
        let files = corpus_files();
        let (name, bytes) = &files[pick % files.len()];
        let mut mutated = bytes.clone();
        for m in &mutations {
            mutated = apply(&mutated, m);
        }
        let good: Vec<(String, Vec<u8>)> = [3usize, 40, 120]
            .iter()
            .map(|n| files[(pick + n) % files.len()].clone())
            .filter(|(n, _)| n != name)
            .collect();
        import_beside_good(name, &mutated, &good);
    }
}

#[test]
fn every_corpus_file_with_cr_line_endings_reads_as_with_lf() {
    for (name, bytes) in corpus_files() {
        let text = String::from_utf8(bytes).unwrap();
        let stem = Path::new(&name)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let lf = interop::parse_text(&text, &stem);
        for eol in ["\r", "\r\n"] {
            let other = interop::parse_text(&text.replace('\n', eol), &stem);
            match (&lf, &other) {
                (Ok(a), Ok(b)) => assert_eq!(
                    serde_json::to_value(&a.main).unwrap(),
                    serde_json::to_value(&b.main).unwrap(),
                    "{name} with {eol:?}"
                ),
                (Err(a), Err(b)) => assert_eq!(a, b, "{name} with {eol:?}"),
                _ => panic!("{name} with {eol:?}: {lf:?} / {other:?}"),
            }
        }
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("0001-big.md");
    let mut bytes = b"# 1. Big\n\n## Status\n\nAccepted\n\n## Context\n\n".to_vec();
    bytes.resize(interop::MAX_FILE_BYTES as usize + 10, b'x');
    std::fs::write(&big, bytes).unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&big), |_| {}).unwrap();
    match report.outcome(&big) {
        Some(Outcome::Failed { reason }) => assert!(reason.contains("larger than the 16 MB")),
        other => panic!("{other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn every_file_the_walk_meets_is_in_the_report() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("adr");
    std::fs::create_dir(&folder).unwrap();
    let good = corpus("adr-tools").join("0002-implement-as-shell-scripts.md");
    std::fs::copy(&good, folder.join("0002-implement-as-shell-scripts.md")).unwrap();
    std::os::unix::fs::symlink(&good, folder.join("0003-linked.md")).unwrap();
    std::os::unix::fs::symlink(dir.path(), folder.join("loop")).unwrap();
    std::os::unix::fs::symlink(folder.join("gone.md"), folder.join("0004-broken.md")).unwrap();
    let fifo = folder.join("0005-pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let odd = folder.join(std::ffi::OsStr::from_bytes(b"0006-caf\xe9.md"));
    std::fs::copy(&good, &odd).unwrap();
    std::fs::write(
        folder.join(".hidden.md"),
        "# 7. Hidden\n\n## Status\n\nAccepted\n",
    )
    .unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let report = interop::import(&mut store, std::slice::from_ref(&folder), |_| {}).unwrap();
    let reason = |name: &str| match report.outcome(&folder.join(name)) {
        Some(Outcome::Skipped { reason } | Outcome::Failed { reason }) => reason.clone(),
        Some(Outcome::Created { .. }) => "created".into(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(reason("0002-implement-as-shell-scripts.md"), "created");
    assert_eq!(reason("0003-linked.md"), "created");
    assert_eq!(reason("loop"), "a link to a folder, not followed");
    assert_eq!(reason("0004-broken.md"), "a broken symbolic link");
    assert_eq!(reason("0005-pipe.md"), "not a regular file (a named pipe)");
    assert_eq!(reason(".hidden.md"), "a hidden file");
    assert!(matches!(
        report.outcome(&odd),
        Some(Outcome::Created { .. })
    ));
    // The report as JSON names every file, the one whose name is not UTF-8 included.
    let json = serde_json::to_value(&report).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().expect("a path, not null"))
        .collect();
    assert_eq!(paths.len(), 7, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("0006-caf\u{fffd}.md")));
}
