//! Publishing into a site a publish made: with nothing changed nothing is written (no file's
//! bytes, inode or time change, the manifest's included); one ADR changed writes its page and
//! the lists that name it; a record deleted takes its page away; what a user put into OUT
//! stays, and a page a user edited is kept and named.

use std::collections::BTreeMap;
use std::path::Path;

use hindsight::publish::site::page_name;
use serde_json::Value;

use crate::common::git;
use crate::fixture::{ADR_1, Sandbox, arg, commit_all, init_repo, list, team};
use crate::html;
use crate::walk;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The page of ADR `n`, from the workspace the fixture was made in.
fn adr_page(db: &Path, n: u64) -> String {
    let d = list(db, "decisions")
        .into_iter()
        .find(|d| d["number"] == n)
        .unwrap();
    format!("decisions/{}.html", page_name(d["id"].as_str().unwrap()))
}

#[test]
fn publishing_again_writes_only_what_changed_and_leaves_what_users_put_there() {
    let team = team();
    let sandbox = Sandbox::new();
    let (repo, folder) = team.copy_into(sandbox.path());
    let out = sandbox.out();
    // OUT is the checkout of a Pages branch: its `.git` and `.nojekyll` are not the site's.
    init_repo(&out, "Pages");
    std::fs::write(out.join(".nojekyll"), "").unwrap();
    let publish = || sandbox.publish(&[arg(&out), "--from", arg(&folder)]);
    let first = publish();
    let files = first["files"].as_u64().unwrap();
    assert!(files > 20, "{first}");
    assert_eq!(first["written"], files);
    assert!(out.join(hindsight::publish::MANIFEST).is_file());

    // Nothing changed: nothing written, every file as it was.
    let before = site_files(&out);
    let again = publish();
    assert_eq!(again["written"], 0, "{again}");
    assert_eq!(again["unchanged"], files, "{again}");
    assert_eq!(touched(&before, &site_files(&out)), Vec::<String>::new());

    // What a user puts into the site is theirs.
    std::fs::write(out.join("CNAME"), "decisions.example.org\n").unwrap();
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("notes/readme.txt"), "Our notes.\n").unwrap();
    let theirs = |out: &Path| {
        (
            std::fs::read(out.join("CNAME")).unwrap(),
            std::fs::read(out.join("notes/readme.txt")).unwrap(),
        )
    };
    let user_files = theirs(&out);

    // One ADR's title changed: its page and the lists that name it.
    let adr1 = adr_page(&team.db, 1);
    std::fs::write(
        folder.join("0001-record-architecture-decisions.md"),
        ADR_1.replace(
            "# 1. Record architecture decisions",
            "# 1. Record every architecture decision",
        ),
    )
    .unwrap();
    commit_all(&repo, "ADR 1: a clearer title");
    let before = site_files(&out);
    let changed = publish();
    let after = site_files(&out);
    let written: Vec<String> = touched(&before, &after)
        .into_iter()
        .filter(|p| p != hindsight::publish::MANIFEST)
        .collect();
    assert!(written.contains(&adr1), "{written:?}");
    let lists = [
        adr1.as_str(),
        "decisions/index.html",
        "index.html",
        "timeline.html",
        "search-index.js",
        // Its chart marks each decision, by title.
        "insights.html",
    ];
    for path in &written {
        assert!(
            lists.contains(&path.as_str()),
            "{path} written: {written:?}"
        );
    }
    assert_eq!(changed["written"], written.len(), "{changed}");
    assert!(
        String::from_utf8_lossy(&after[&adr1].0).contains("Record every architecture decision")
    );
    assert_eq!(theirs(&out), user_files);

    // A page a user edited: kept, and named, when the record changes.
    let adr2 = adr_page(&team.db, 2);
    let mut edited = std::fs::read_to_string(out.join(&adr2)).unwrap();
    edited.push_str("<!-- Reviewed by the architecture board. -->\n");
    std::fs::write(out.join(&adr2), &edited).unwrap();
    let adr2_file = folder.join("0002-poll-for-order-status.md");
    let text = std::fs::read_to_string(&adr2_file).unwrap();
    std::fs::write(
        &adr2_file,
        text.replace(
            "Load grows with the number of clients.",
            "Load grows with the number of clients, and with every sale.",
        ),
    )
    .unwrap();
    commit_all(&repo, "ADR 2: what it cost");
    for _ in 0..2 {
        let kept = publish();
        assert_eq!(
            strings(&kept["kept"]),
            std::slice::from_ref(&adr2),
            "{kept}"
        );
        assert_eq!(std::fs::read_to_string(out.join(&adr2)).unwrap(), edited);
    }
    // The command's words name it.
    let words = sandbox.run(&["publish", arg(&out), "--from", arg(&folder)]);
    let text = String::from_utf8_lossy(&words.stdout);
    assert!(
        text.contains(&format!("Kept {adr2}: changed since Hindsight wrote it.")),
        "{text}"
    );

    // A record deleted: its page goes, and the tag pages only it had.
    let adr4 = adr_page(&team.db, 4);
    git(
        &repo,
        &["rm", "-q", "docs/adr/0004-use-a-payments-queue.md"],
    );
    commit_all(&repo, "ADR 4 withdrawn");
    let gone = publish();
    let removed = sorted(strings(&gone["removed"]));
    assert_eq!(
        removed,
        sorted(vec![
            adr4.clone(),
            "tags/payments.html".into(),
            "tags/queues.html".into()
        ]),
        "{gone}"
    );
    for path in &removed {
        assert!(!out.join(path).exists(), "{path} removed");
    }
    assert_eq!(gone["decisions"], 4);
    assert_eq!(theirs(&out), user_files);
    assert_eq!(std::fs::read_to_string(out.join(&adr2)).unwrap(), edited);
    // The Pages checkout is as it was but for the site; no temporary file is left anywhere.
    assert_eq!(std::fs::read(out.join(".nojekyll")).unwrap(), b"");
    let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .filter(|e| hindsight::atomic::is_leftover(&e.file_name().to_string_lossy()))
        .map(|e| e.into_path())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    git(&out, &["add", "-A"]);
    git(&out, &["commit", "-q", "-m", "The site"]);
    // And the site is still whole.
    let problems = walk::walk(&out, &walk::Allow::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every file under OUT with its bytes, inode and modification time.
fn site_files(out: &Path) -> BTreeMap<String, (Vec<u8>, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                html::rel(out, e.path()),
                (
                    std::fs::read(e.path()).unwrap(),
                    meta.ino(),
                    meta.modified().unwrap(),
                ),
            )
        })
        .collect()
}

/// The files of `after` that are new or were written since `before`.
fn touched(
    before: &BTreeMap<String, (Vec<u8>, u64, std::time::SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, u64, std::time::SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, (bytes, ino, at))| {
            before
                .get(*path)
                .is_none_or(|(b, i, t)| b != bytes || i != ino || t != at)
        })
        .map(|(path, _)| path.clone())
        .collect()
}
