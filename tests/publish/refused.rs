//! Bad input is refused in one line naming the path, with exit 2, and nothing is written
//! anywhere (the repository with its `.git`, HOME, the working directory and OUT are as they
//! were, to the file time); a link file that points nowhere is a warning, and the site is made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fixture::{Sandbox, arg, commit_all, snapshot, team};

/// What differs between two snapshots.
fn differences<V: PartialEq>(
    before: &BTreeMap<PathBuf, V>,
    after: &BTreeMap<PathBuf, V>,
) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(*v))
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    changed
}

/// `publish ARGS` exits with 2 and one line on stderr holding each of `words`, prints nothing
/// and writes nothing anywhere in the sandbox (the repository copy is in it).
#[track_caller]
fn refused(sandbox: &Sandbox, args: &[&str], words: &[&str]) {
    let before = snapshot(sandbox.path());
    let mut all = vec!["publish"];
    all.extend_from_slice(args);
    let out = sandbox.run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{all:?}: {stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "{all:?}: one line: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    for word in words {
        assert!(stderr.contains(word), "{all:?}: '{word}' in {stderr}");
    }
    assert!(out.stdout.is_empty(), "{all:?} printed nothing");
    let changed = differences(&before, &snapshot(sandbox.path()));
    assert!(changed.is_empty(), "{all:?} wrote {changed:?}");
}

/// Whether this process may write into a folder it made read-only (root may).
fn chmod_bites(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let bites = std::fs::write(&probe, "").is_err();
    let _ = std::fs::remove_file(&probe);
    bites
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn bad_input_is_one_line_naming_the_path_and_nothing_is_written() {
    let team = team();
    let sandbox = Sandbox::new();
    let (_repo, folder) = team.copy_into(sandbox.path());
    let from = arg(&folder);
    let at = |name: &str| sandbox.path().join(name);

    // The folders read.
    let missing = at("no-such-folder");
    refused(
        &sandbox,
        &[arg(&at("site")), "--from", arg(&missing)],
        &[arg(&missing), "no such folder"],
    );
    let empty = at("notes");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("shopping.txt"), "Milk.\n").unwrap();
    refused(
        &sandbox,
        &[arg(&at("site")), "--from", arg(&empty)],
        &[arg(&empty), "no decision record"],
    );
    let file = folder.join("0001-record-architecture-decisions.md");
    refused(
        &sandbox,
        &[arg(&at("site")), "--from", arg(&file)],
        &[arg(&file), "is a file"],
    );
    refused(&sandbox, &[from, "--from", from], &[from, "read from"]);
    // Nor inside one (given relative to the working directory too), where the team's next
    // sync would commit it.
    let inside = folder.join("site");
    refused(
        &sandbox,
        &[arg(&inside), "--from", from],
        &[arg(&inside), "read from"],
    );
    refused(
        &sandbox,
        &["../team/docs/site", "--from", "../team/docs"],
        &["../team/docs/site", "read from"],
    );

    // OUT.
    let out_file = at("site.html");
    std::fs::write(&out_file, "<p>Our page</p>\n").unwrap();
    refused(
        &sandbox,
        &[arg(&out_file), "--from", from],
        &[arg(&out_file), "is a file"],
    );
    let theirs = at("their-site");
    std::fs::create_dir_all(theirs.join("css")).unwrap();
    std::fs::write(theirs.join("index.html"), "<p>Their page</p>\n").unwrap();
    std::fs::write(theirs.join("css/site.css"), "p {}\n").unwrap();
    refused(
        &sandbox,
        &[arg(&theirs), "--from", from],
        &[arg(&theirs), "did not write", "css"],
    );
    let garbled = at("garbled");
    std::fs::create_dir_all(&garbled).unwrap();
    std::fs::write(garbled.join(hindsight::publish::MANIFEST), "not json").unwrap();
    refused(
        &sandbox,
        &[arg(&garbled), "--from", from],
        &[hindsight::publish::MANIFEST],
    );
    let locked = at("locked");
    std::fs::create_dir_all(&locked).unwrap();
    set_mode(&locked, 0o555);
    if chmod_bites(&locked) {
        // Into the read-only folder, and a site to make inside it.
        refused(&sandbox, &[arg(&locked), "--from", from], &[arg(&locked)]);
        let inside = locked.join("site");
        refused(&sandbox, &[arg(&inside), "--from", from], &[arg(&inside)]);
    } else {
        eprintln!("skipped: a read-only folder is writable here (root)");
    }
    set_mode(&locked, 0o755);
    // A folder nobody may make, root included.
    if cfg!(target_os = "linux") {
        let proc = Path::new("/proc/hindsight-publish/site");
        refused(&sandbox, &[arg(proc), "--from", from], &[arg(proc)]);
    }
}

#[test]
fn a_link_file_that_points_nowhere_is_a_warning_and_the_site_is_made() {
    let team = team();
    let sandbox = Sandbox::new();
    let (repo, folder) = team.copy_into(sandbox.path());
    let links = folder.join(".hindsight/links");
    std::fs::create_dir_all(&links).unwrap();
    let nowhere = links.join(format!(
        "{}--motivated-by--inc-nowhere.md",
        team.queue_tradeoff
    ));
    std::fs::write(
        &nowhere,
        format!(
            "---\nfrom: {}\nrelation: motivated-by\nto: inc-nowhere\n---\n",
            team.queue_tradeoff
        ),
    )
    .unwrap();
    let garbage = links.join("not-a-link.md");
    std::fs::write(&garbage, "Just some words.\n").unwrap();
    commit_all(&repo, "Links");
    let out = sandbox.out();
    let before = snapshot(sandbox.path());
    let run = sandbox.run(&["publish", arg(&out), "--from", arg(&folder), "--json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    for (file, words) in [(&nowhere, "inc-nowhere"), (&garbage, "not a link")] {
        let line = warnings
            .iter()
            .find(|l| l.contains(arg(file)))
            .unwrap_or_else(|| panic!("a warning names {}: {stderr}", file.display()));
        assert!(line.starts_with("hindsight: warning: "), "{line}");
        assert!(line.contains(words), "{line}");
    }
    let published: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(published["warnings"].as_array().unwrap().len(), 2);
    assert!(out.join("index.html").is_file());
    // Only OUT was written (and so the folder it was made in).
    let after = snapshot(sandbox.path());
    let changed: Vec<PathBuf> = differences(&before, &after)
        .into_iter()
        .filter(|p| !p.starts_with("site") && *p != Path::new(""))
        .collect();
    assert!(changed.is_empty(), "written outside OUT: {changed:?}");
    sandbox.assert_no_workspace();
}
