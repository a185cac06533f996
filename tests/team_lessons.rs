//! A lesson or action item made in Hindsight for an incident that came from the team's own
//! postmortem is written into that postmortem's list (write-back in place), and there only:
//! every clone reads the list item as the same record, with the same id, once. A fresh clone
//! synced into a new workspace reproduces the workspace, and a second sync commits nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{git, hindsight, ok};
use serde_json::Value;

const POSTMORTEM: &str = "# Cache stampede took checkout down\n\n## Summary\n\nThe price cache expired at once.\n\n## Lessons Learned\n\n* Caches need jittered expiry\n* Alerts need owners\n  who answer at night\n\n## Action Items\n\n- [ ] [ana] Add jitter\n";

const FILE: &str = "docs/postmortems/2024-05-01-cache-stampede.md";

struct Team {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Team {
    /// A remote holding one SRE-style postmortem in docs/postmortems, cloned by alice.
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        git(&root, &["init", "-q", "--bare", "remote.git"]);
        git(&root, &["clone", "-q", "remote.git", "alice"]);
        let alice = root.join("alice");
        git(&alice, &["checkout", "-q", "-b", "main"]);
        Team::identity(&alice, "alice");
        let file = alice.join(FILE);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, POSTMORTEM).unwrap();
        git(&alice, &["add", "-A"]);
        git(&alice, &["commit", "-q", "-m", "Our postmortem"]);
        git(&alice, &["push", "-q", "-u", "origin", "main"]);
        Team { _dir: dir, root }
    }

    fn identity(clone: &Path, who: &str) {
        git(clone, &["config", "user.name", who]);
        git(
            clone,
            &["config", "user.email", &format!("{who}@example.com")],
        );
    }

    fn join(&self, who: &str) {
        git(
            &self.root,
            &["clone", "-q", "-b", "main", "remote.git", who],
        );
        Team::identity(&self.root.join(who), who);
    }

    fn db(&self, who: &str) -> PathBuf {
        self.root.join(format!("{who}.db"))
    }

    fn run(&self, who: &str, args: &[&str]) -> String {
        ok(hindsight(&self.db(who), args))
    }

    fn sync(&self, who: &str) -> Value {
        let folder = self.root.join(who).join("docs");
        let out = hindsight(&self.db(who), &["sync", folder.to_str().unwrap(), "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// `list KIND --json`, sorted by id.
    fn list(&self, who: &str, kind: &str) -> Vec<Value> {
        let mut items: Vec<Value> =
            serde_json::from_str(&self.run(who, &["list", kind, "--json"])).unwrap();
        items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        items
    }

    fn links(&self, who: &str) -> Vec<(String, String, String)> {
        let mut links: Vec<(String, String, String)> = hindsight::store::Store::open(self.db(who))
            .unwrap()
            .links()
            .unwrap()
            .into_iter()
            .map(|l| (l.from_id, l.relation.as_str().to_string(), l.to_id))
            .collect();
        links.sort();
        links
    }

    #[track_caller]
    fn same_workspace(&self, a: &str, b: &str) {
        for kind in ["incidents", "lessons", "actions"] {
            assert_eq!(self.list(a, kind), self.list(b, kind), "{kind}: {a} / {b}");
        }
        assert_eq!(self.links(a), self.links(b), "links: {a} / {b}");
    }

    fn incident(&self, who: &str) -> String {
        let incidents = self.list(who, "incidents");
        assert_eq!(incidents.len(), 1, "{incidents:?}");
        incidents[0]["id"].as_str().unwrap().to_string()
    }

    fn titles(&self, who: &str, kind: &str) -> Vec<String> {
        let mut titles: Vec<String> = self
            .list(who, kind)
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect();
        titles.sort();
        titles
    }
}

#[test]
fn a_lesson_written_into_the_postmortem_is_read_once_by_every_clone() {
    let team = Team::new();
    team.sync("alice");
    let incident = team.incident("alice");
    let lesson = team
        .run(
            "alice",
            &["new", "lesson", "Test the restore, not only the backup"],
        )
        .trim()
        .to_string();
    team.run("alice", &["link", &lesson, "learned-from", &incident]);
    team.sync("alice");
    let alice = team.root.join("alice");
    // The lesson is in the postmortem's list, and not again in Hindsight's own files.
    let text = std::fs::read_to_string(alice.join(FILE)).unwrap();
    assert!(
        text.contains("* Test the restore, not only the backup\n"),
        "{text}"
    );
    let own = alice.join("docs/.hindsight");
    assert!(!own.join(format!("lessons/{lesson}.md")).exists());
    // Its id travels with the repository, by the list item's key.
    let ids = std::fs::read_to_string(own.join("ids/postmortems/2024-05-01-cache-stampede.md.ids"))
        .unwrap();
    assert!(
        ids.contains(&format!("2024-05-01-cache-stampede.md#lesson-3 {lesson}\n")),
        "{ids}"
    );
    assert_eq!(team.titles("alice", "lessons").len(), 3);
    let again = team.sync("alice");
    assert_eq!(again["committed"], 0, "{again}");

    team.join("bob");
    team.sync("bob");
    assert_eq!(team.titles("bob", "lessons").len(), 3, "read once");
    team.same_workspace("alice", "bob");
    assert_eq!(git(&team.root.join("bob"), &["status", "--porcelain"]), "");
    let again = team.sync("bob");
    assert_eq!(again["committed"], 0, "{again}");

    // A teammate's edit of the postmortem is read by alice without a second copy of the lesson.
    let bob = team.root.join("bob");
    let edited = std::fs::read_to_string(bob.join(FILE))
        .unwrap()
        .replace("expired at once.", "expired at once, at noon.");
    std::fs::write(bob.join(FILE), edited).unwrap();
    git(&bob, &["commit", "-qam", "Noon"]);
    git(&bob, &["push", "-q"]);
    team.sync("alice");
    assert_eq!(team.titles("alice", "lessons").len(), 3);
    team.sync("bob");
    team.same_workspace("alice", "bob");
    assert!(
        team.list("alice", "lessons")
            .iter()
            .any(|l| l["id"] == lesson)
    );
}

#[test]
fn an_action_item_written_into_the_postmortem_is_read_once_by_every_clone() {
    let team = Team::new();
    team.sync("alice");
    let incident = team.incident("alice");
    let action = team
        .run(
            "alice",
            &[
                "new",
                "action",
                "Rehearse a restore",
                "--incident",
                &incident,
            ],
        )
        .trim()
        .to_string();
    team.sync("alice");
    let alice = team.root.join("alice");
    let text = std::fs::read_to_string(alice.join(FILE)).unwrap();
    assert!(text.contains("- [ ] Rehearse a restore\n"), "{text}");
    let own = alice.join("docs/.hindsight");
    assert!(!own.join(format!("actions/{action}.md")).exists());
    assert_eq!(team.titles("alice", "actions").len(), 2);
    let again = team.sync("alice");
    assert_eq!(again["committed"], 0, "{again}");

    team.join("bob");
    team.sync("bob");
    assert_eq!(team.titles("bob", "actions").len(), 2, "read once");
    // The same ids, the same words; the day it was opened is not something a list item says
    // (see the ignored test below).
    let without_opened = |who: &str| -> Vec<Value> {
        let mut list = team.list(who, "actions");
        for item in &mut list {
            item.as_object_mut().unwrap().remove("opened_on");
        }
        list
    };
    assert_eq!(without_opened("alice"), without_opened("bob"));
    assert!(
        team.list("bob", "actions")
            .iter()
            .any(|a| a["id"] == action)
    );
    assert_eq!(team.list("alice", "lessons"), team.list("bob", "lessons"));
    assert_eq!(team.links("alice"), team.links("bob"));
    assert_eq!(git(&team.root.join("bob"), &["status", "--porcelain"]), "");
    let again = team.sync("bob");
    assert_eq!(again["committed"], 0, "{again}");
}

#[test]
#[ignore = "an action item held by a postmortem's list keeps only what the list says: its \
            opened_on (and done_on, type) do not travel to other clones yet"]
fn an_action_item_written_into_the_postmortem_reproduces_exactly_in_a_fresh_clone() {
    let team = Team::new();
    team.sync("alice");
    let incident = team.incident("alice");
    team.run(
        "alice",
        &[
            "new",
            "action",
            "Rehearse a restore",
            "--incident",
            &incident,
        ],
    );
    team.sync("alice");
    team.join("bob");
    team.sync("bob");
    team.same_workspace("alice", "bob");
}

/// `hindsight publish --from` reads the folder as a first sync does: the lesson is one page.
#[test]
fn a_published_folder_has_the_lesson_once() {
    let team = Team::new();
    team.sync("alice");
    let incident = team.incident("alice");
    let lesson = team
        .run(
            "alice",
            &["new", "lesson", "Test the restore, not only the backup"],
        )
        .trim()
        .to_string();
    team.run("alice", &["link", &lesson, "learned-from", &incident]);
    team.sync("alice");
    let site = team.root.join("site");
    let folder = team.root.join("alice/docs");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("publish")
        .arg(&site)
        .arg("--from")
        .arg(&folder)
        .env_remove("HINDSIGHT_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&site).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html")
            && std::fs::read_to_string(entry.path())
                .unwrap()
                .contains("<h1>Test the restore, not only the backup</h1>")
        {
            pages += 1;
        }
    }
    assert_eq!(pages, 1, "one page for the lesson");
}
