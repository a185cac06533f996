//! Two people, two clones of one repository (a bare repository as the remote), two workspaces,
//! the real `git`: edits on both sides of different fields and records all arrive; the same
//! field changed on both sides is a conflict that is listed, resolved and converges; nothing is
//! lost when one side deletes what the other edited; no conflict marker ever reaches a file.

mod common;

use std::path::PathBuf;

use common::{corpus, git, hindsight, ok};
use serde_json::Value;

struct Team {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Team {
    /// A remote holding the MADR corpus in docs/adr, cloned by alice and bob.
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        git(&root, &["init", "-q", "--bare", "remote.git"]);
        git(&root, &["clone", "-q", "remote.git", "alice"]);
        let alice = root.join("alice");
        git(&alice, &["checkout", "-q", "-b", "main"]);
        let adr = alice.join("docs/adr");
        std::fs::create_dir_all(&adr).unwrap();
        for entry in std::fs::read_dir(corpus("madr")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::copy(&path, adr.join(path.file_name().unwrap())).unwrap();
            }
        }
        git(
            &alice,
            &[
                "-c",
                "user.name=alice",
                "-c",
                "user.email=a@example.com",
                "add",
                "-A",
            ],
        );
        git(
            &alice,
            &[
                "-c",
                "user.name=alice",
                "-c",
                "user.email=a@example.com",
                "commit",
                "-q",
                "-m",
                "Our ADRs",
            ],
        );
        git(&alice, &["push", "-q", "-u", "origin", "main"]);
        git(&root, &["clone", "-q", "-b", "main", "remote.git", "bob"]);
        for who in ["alice", "bob"] {
            let clone = root.join(who);
            git(&clone, &["config", "user.name", who]);
            git(
                &clone,
                &["config", "user.email", &format!("{who}@example.com")],
            );
        }
        Team { _dir: dir, root }
    }

    fn db(&self, who: &str) -> PathBuf {
        self.root.join(format!("{who}.db"))
    }

    fn folder(&self, who: &str) -> PathBuf {
        self.root.join(who).join("docs/adr")
    }

    fn sync(&self, who: &str) -> Value {
        let out = hindsight(&self.db(who), &["sync", "--json"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The id of the decision titled `title` in `who`'s workspace.
    fn id(&self, who: &str, title: &str) -> String {
        let list: Value = serde_json::from_str(&ok(hindsight(
            &self.db(who),
            &["list", "decisions", "--json"],
        )))
        .unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == title)
            .unwrap_or_else(|| panic!("{who} has no {title}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn show(&self, who: &str, title: &str) -> Value {
        let id = self.id(who, title);
        serde_json::from_str(&ok(hindsight(
            &self.db(who),
            &["show", "decision", &id, "--json"],
        )))
        .unwrap()
    }

    fn set(&self, who: &str, title: &str, field: &str, value: &str) {
        let id = self.id(who, title);
        ok(hindsight(&self.db(who), &["set", &id, field, value]));
    }

    fn no_markers(&self) {
        for who in ["alice", "bob"] {
            for entry in walkdir::WalkDir::new(self.folder(who))
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    assert!(
                        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
                        "conflict markers in {}",
                        entry.path().display()
                    );
                }
            }
        }
    }
}

const YAML: &str = "Use YAML front matter for metadata";
const DASHES: &str = "Use Dashes in Filenames";

#[test]
fn edits_on_both_sides_all_arrive() {
    let team = Team::new();
    // The first sync binds each workspace to its clone's folder; nothing changes in git.
    let first = hindsight(
        &team.db("alice"),
        &["sync", team.folder("alice").to_str().unwrap()],
    );
    ok(first);
    ok(hindsight(
        &team.db("bob"),
        &["sync", team.folder("bob").to_str().unwrap()],
    ));
    assert_eq!(git(&team.root.join("alice"), &["status", "--short"]), "");
    // Different fields of one record, and another record.
    team.set("alice", YAML, "status", "deprecated");
    team.set(
        "bob",
        YAML,
        "summary",
        "Metadata lives in YAML front matter.",
    );
    team.set("bob", DASHES, "tags", "naming, files");
    let a = team.sync("alice");
    assert_eq!(a["committed"], 1);
    assert_eq!(a["pushed"], true);
    let b = team.sync("bob");
    assert_eq!(b["pulled"], 1, "{b}");
    assert!(b["conflicts"].as_array().unwrap().is_empty(), "{b}");
    team.sync("alice");
    for who in ["alice", "bob"] {
        let yaml = team.show(who, YAML);
        assert_eq!(yaml["status"], "deprecated", "{who}");
        assert_eq!(
            yaml["summary"], "Metadata lives in YAML front matter.",
            "{who}"
        );
        assert_eq!(
            team.show(who, DASHES)["tags"],
            serde_json::json!(["naming", "files"])
        );
    }
    // Both clones hold the same files, and every revision says who made it.
    let file = "0013-use-yaml-front-matter-for-meta-data.md";
    assert_eq!(
        std::fs::read(team.folder("alice").join(file)).unwrap(),
        std::fs::read(team.folder("bob").join(file)).unwrap()
    );
    let log = git(&team.root.join("alice"), &["log", "--format=%an %s"]);
    assert!(
        log.contains("alice Hindsight: ADR-13: Use YAML front matter for metadata"),
        "{log}"
    );
    assert!(log.contains("bob Hindsight:"), "{log}");
    team.no_markers();
}

#[test]
fn the_same_field_changed_on_both_sides_is_listed_resolved_and_converges() {
    let team = Team::new();
    ok(hindsight(
        &team.db("alice"),
        &["sync", team.folder("alice").to_str().unwrap()],
    ));
    ok(hindsight(
        &team.db("bob"),
        &["sync", team.folder("bob").to_str().unwrap()],
    ));
    team.set("alice", YAML, "status", "rejected");
    team.set("bob", YAML, "status", "deprecated");
    team.sync("alice");
    let out = hindsight(&team.db("bob"), &["sync", "--json"]);
    assert_eq!(out.status.code(), Some(1), "conflicts left: exit 1");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report}");
    let id = team.id("bob", YAML);
    assert_eq!(conflicts[0]["id"], id.as_str());
    assert_eq!(conflicts[0]["field"], "status");
    assert_eq!(conflicts[0]["mine"], "deprecated");
    assert_eq!(conflicts[0]["theirs"], "rejected");
    team.no_markers();
    // Bob keeps both values until he chooses; he takes Alice's.
    assert_eq!(team.show("bob", YAML)["status"], "deprecated");
    ok(hindsight(
        &team.db("bob"),
        &["resolve", &id, "status", "--theirs"],
    ));
    let after = team.sync("bob");
    assert!(after["conflicts"].as_array().unwrap().is_empty(), "{after}");
    team.sync("alice");
    for who in ["alice", "bob"] {
        assert_eq!(team.show(who, YAML)["status"], "rejected", "{who}");
    }
    team.no_markers();
}

#[test]
fn nothing_is_lost_when_one_side_deletes_what_the_other_edited() {
    let team = Team::new();
    ok(hindsight(
        &team.db("alice"),
        &["sync", team.folder("alice").to_str().unwrap()],
    ));
    ok(hindsight(
        &team.db("bob"),
        &["sync", team.folder("bob").to_str().unwrap()],
    ));
    // Alice deletes the file; Bob edits the record.
    let alice = team.root.join("alice");
    git(
        &alice,
        &["rm", "-q", "docs/adr/0005-use-dashes-in-filenames.md"],
    );
    git(&alice, &["commit", "-q", "-m", "Drop ADR 5"]);
    git(&alice, &["push", "-q"]);
    team.set(
        "bob",
        DASHES,
        "summary",
        "Dashes, because shells like them.",
    );
    let report = team.sync("bob");
    assert!(
        report["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "file"),
        "{report}"
    );
    assert!(
        team.folder("bob")
            .join("0005-use-dashes-in-filenames.md")
            .exists()
    );
    assert_eq!(
        team.show("bob", DASHES)["summary"],
        "Dashes, because shells like them."
    );
    // Alice gets the edited file back.
    team.sync("alice");
    assert!(
        team.folder("alice")
            .join("0005-use-dashes-in-filenames.md")
            .exists()
    );
}

#[test]
fn a_folder_outside_git_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = hindsight(
        &dir.path().join("ws.db"),
        &["sync", dir.path().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("not a folder inside a git work tree"),
        "{stderr}"
    );
    let unbound = hindsight(&dir.path().join("other.db"), &["sync"]);
    assert_eq!(unbound.status.code(), Some(2));
}

#[test]
fn a_moved_file_stays_its_record_and_links_to_it_follow() {
    let team = Team::new();
    ok(hindsight(
        &team.db("bob"),
        &["sync", team.folder("bob").to_str().unwrap()],
    ));
    let id = team.id("bob", YAML);
    let bob = team.root.join("bob");
    git(
        &bob,
        &[
            "mv",
            "docs/adr/0013-use-yaml-front-matter-for-meta-data.md",
            "docs/adr/0013-yaml-front-matter.md",
        ],
    );
    team.set("bob", YAML, "status", "accepted");
    let report = team.sync("bob");
    assert!(
        report["conflicts"].as_array().unwrap().is_empty(),
        "{report}"
    );
    assert_eq!(team.id("bob", YAML), id, "the same record");
    let list: Value = serde_json::from_str(&ok(hindsight(
        &team.db("bob"),
        &["list", "decisions", "--json"],
    )))
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 19, "no second record");
    let linking =
        std::fs::read_to_string(team.folder("bob").join("0008-add-status-field.md")).unwrap();
    assert!(
        linking.contains("](0013-yaml-front-matter.md)"),
        "{linking}"
    );
    assert!(!linking.contains("0013-use-yaml-front-matter-for-meta-data.md"));
    assert_eq!(git(&bob, &["status", "--short"]), "", "all committed");
}
