//! The team's repository every test publishes (made once per run, copied by the tests that
//! change it), the sandbox a publish runs in (its own HOME, data folders and HINDSIGHT_DB, so
//! a workspace made anywhere would show), and snapshots of folders to prove what was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{git, hindsight, ok};

pub const ADR_1: &str = "# 1. Record architecture decisions

Date: 2024-01-10

## Status

Accepted

## Context

We need to record the architectural decisions made on this project.

## Decision

We will use Architecture Decision Records, as described by Michael Nygard.

## Consequences

See Michael Nygard's article, linked above.
";

pub const ADR_2: &str = "# 2. Poll for order status

Date: 2024-02-01

## Status

Superseded by [3. Push order status](0003-push-order-status.md)

## Context

Clients need the status of their orders.

## Decision

Clients poll the order service every five seconds.

## Consequences

Load grows with the number of clients.
";

const ADR_3: &str = "# 3. Push order status

Date: 2024-06-01

## Status

Accepted

Supersedes [2. Poll for order status](0002-poll-for-order-status.md)

## Context

Polling melted the database during the spring sale. See [the old way](0002-poll-for-order-status.md),
[the postmortem](postmortems/2024-05-20-spring-sale-outage.md) and
[the status page](https://status.example.com/2024-05-sale).

## Decision

The order service pushes status changes over server-sent events.

### How clients reconnect

With jittered back-off, from the last event they saw.

## Consequences

A push service to run.
";

/// MADR 4, with front matter.
const ADR_4: &str = "---
status: accepted
date: 2024-07-15
decision-makers: Ada Park, Bo Chen
tags: [payments, queues]
---

# Use a queue between checkout and the payment provider

## Context and Problem Statement

Checkout calls the payment provider directly; at peak the provider throttles us and payments fail.
As with [the café decision](0005-über%20café.md), not as the [draft](0009-draft.md) or the
[readme](../../README.md) say.

## Considered Options

* A queue with retries
* Call the provider directly, with a bigger timeout

## Decision Outcome

Chosen option: \"A queue with retries\", because no payment is lost at peak.

### Consequences

* Good, because every payment is kept.
* Bad, because customers wait a few seconds.
";

/// A file name with a space and an accent, linked from ADR 4 as `0005-über%20café.md`.
const ADR_5: &str = "# 5. Über café: coffee for the on-call engineers

Date: 2024-08-01

## Status

Proposed

## Context

Nights are long.

## Decision

Coffee.
";

/// The SRE book's layout: timeline, lessons, action items.
const POSTMORTEM: &str = "---
url: https://status.example.com/2024-05-sale
tags: [orders, index]
start_time: 2024-05-20T10:12:00Z
end_time: 2024-05-20T10:52:00Z
---

# Spring sale outage: polling melted the order database

### Date

2024-05-20

### Status

Complete

### Summary

Every client polled the order service every five seconds; at the sale's peak the order database saturated.

### Impact

Customers could not see their orders for 40 minutes.

### Root Causes

Fan-out polling multiplies load by the number of clients.

## Action Items

| Action Item | Type | Owner | Bug |
|---|---|---|---|
| Load-test order status at twice the peak | prevent | Bo Chen | n/a |

## Lessons Learned

* Fan-out polling multiplies database load by the number of clients
* Load tests must use sale volumes, not a normal day's

### What went well

* The on-call engineer found the cause quickly.

## Timeline

2024-05-20 (all times UTC)

* 10:00 The sale starts
* 10:12 Order database CPU at 100%
* 10:52 Polling interval raised to 60 seconds
";

/// Kinds as `list` names them, with the folder of their pages on the site.
pub const PAGED: [(&str, &str); 4] = [
    ("decisions", "decisions"),
    ("incidents", "incidents"),
    ("lessons", "lessons"),
    ("reviews", "reviews"),
];

/// The repository and what was made in it.
pub struct Team {
    /// The work tree, `team/`.
    pub repo: PathBuf,
    /// `team/docs/adr`, the folder synced.
    pub folder: PathBuf,
    /// The workspace the team's records were made in and synced from.
    pub db: PathBuf,
    /// A clone of the repository synced into a new workspace: what the repository holds.
    pub fresh: PathBuf,
    /// The trade-off of ADR 4 (a queue for payments), which no incident motivates yet.
    pub queue_tradeoff: String,
    /// The incident of the postmortem.
    pub incident: String,
}

static TEAM: OnceLock<Team> = OnceLock::new();

/// The team's repository, made on first use.
pub fn team() -> &'static Team {
    TEAM.get_or_init(make_team)
}

/// `git init` with an identity, on branch main.
pub fn init_repo(repo: &Path, who: &str) {
    std::fs::create_dir_all(repo).unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["config", "user.name", who]);
    git(repo, &["config", "user.email", "team@example.com"]);
    git(repo, &["config", "commit.gpgsign", "false"]);
}

pub fn commit_all(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn make_team() -> Team {
    // One per test process (runs at once do not share it); those of runs that ended go.
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for entry in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some(pid) = name
            .strip_prefix("publish-fixture-")
            .and_then(|p| p.parse().ok())
            && !hindsight::atomic::process_alive(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let root = tmp.join(format!("publish-fixture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let repo = root.join("team");
    init_repo(&repo, "Ada Park");
    let folder = repo.join("docs/adr");
    write(&folder.join("0001-record-architecture-decisions.md"), ADR_1);
    write(&folder.join("0002-poll-for-order-status.md"), ADR_2);
    write(&folder.join("0003-push-order-status.md"), ADR_3);
    write(&folder.join("0004-use-a-payments-queue.md"), ADR_4);
    write(&folder.join("0005-über café.md"), ADR_5);
    write(
        &folder.join("postmortems/2024-05-20-spring-sale-outage.md"),
        POSTMORTEM,
    );
    commit_all(&repo, "Our decisions and the spring sale postmortem");
    let db = root.join("ws.db");
    let adr = folder.to_str().unwrap();
    ok(hindsight(&db, &["sync", adr, "--no-push"]));
    let run = |args: &[&str]| ok(hindsight(&db, args)).trim().to_string();
    let incident = list(&db, "incidents")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let pm_lesson = list(&db, "lessons")
        .into_iter()
        .find(|l| l["statement"].as_str().unwrap().starts_with("Fan-out"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The reasoning behind ADR 3, from the command line.
    let lesson = run(&["new", "lesson", "Push beats polling at sale volumes"]);
    run(&[
        "set",
        &lesson,
        "explanation",
        "Polling load grows with the clients, push load with the changes.",
    ]);
    run(&["link", &lesson, "learned-from", &incident]);
    // One with headings of its own in its text (kept in Hindsight's files: a postmortem's
    // list of lessons has no room for them).
    let pressure = run(&["new", "lesson", "A push service needs back-pressure"]);
    run(&[
        "set",
        &pressure,
        "explanation",
        "Clients reconnect all at once after a deploy.\n\n## The numbers\n\n40,000 clients reconnecting in a second.\n\n### Where\n\nIn the [review](https://reviews.example.com/push).",
    ]);
    let push = run(&[
        "new",
        "tradeoff",
        "A push service to run, for a flat database load",
        "--decision",
        "ADR-3",
    ]);
    run(&[
        "set",
        &push,
        "gain",
        "The database load stays flat at peak.",
    ]);
    run(&[
        "set",
        &push,
        "cost",
        "One more service to run and page for.",
    ]);
    run(&["link", &push, "motivated-by", &lesson]);
    run(&["link", &push, "motivated-by", &pm_lesson]);
    run(&["link", &push, "motivated-by", &pressure]);
    run(&["link", &push, "motivated-by", &incident]);
    let queue = run(&[
        "new",
        "tradeoff",
        "Customers wait a few seconds, no payment lost",
        "--decision",
        "ADR-4",
    ]);
    let review = run(&[
        "new",
        "review",
        "--decision",
        "ADR-3",
        "--checklist",
        "chk-realtime",
    ]);
    run(&["answer", &review, "1", "ok", "--note", "Measured at peak."]);
    run(&[
        "answer",
        &review,
        "2",
        "risk",
        "--note",
        "No back-pressure yet.",
    ]);
    run(&[
        "new",
        "action",
        "Add back-pressure to the push service",
        "--review",
        &review,
        "--owner",
        "Bo Chen",
        "--due",
        "2024-09-01",
    ]);
    run(&[
        "sign-off",
        "ADR-3",
        "--name",
        "Grace Kim",
        "--role",
        "CTO",
        "--verdict",
        "approved",
        "--comment",
        "Ship it.",
    ]);
    ok(hindsight(&db, &["sync", "--no-push"]));
    assert_eq!(git(&repo, &["status", "--porcelain"]), "", "all committed");
    let own = folder.join(".hindsight");
    // The lesson learned from the postmortem went into its list of lessons (and its id into
    // `ids/`), not into a file of its own.
    assert!(!own.join(format!("lessons/{lesson}.md")).exists());
    let postmortems: String = walkdir::WalkDir::new(&folder)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().starts_with(&own))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(postmortems.contains("Push beats polling at sale volumes"));
    for made in [
        format!("tradeoffs/{push}.md"),
        format!("reviews/{review}.md"),
    ] {
        assert!(own.join(&made).is_file(), "{made} committed");
    }
    // What the repository alone holds: a new member's workspace.
    git(&root, &["clone", "-q", "team", "clone"]);
    let fresh = root.join("fresh.db");
    let clone = root.join("clone/docs/adr");
    ok(hindsight(
        &fresh,
        &["sync", clone.to_str().unwrap(), "--no-push"],
    ));
    Team {
        repo,
        folder,
        db,
        fresh,
        queue_tradeoff: queue,
        incident,
    }
}

/// `list KIND --json` of a workspace.
pub fn list(db: &Path, kind: &str) -> Vec<Value> {
    serde_json::from_str(&ok(hindsight(db, &["list", kind, "--json"]))).unwrap()
}

/// A copy of a folder (a repository with its `.git`), for a test that changes it.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Team {
    /// A copy of the repository in `dir` (as `dir/team`), and its synced folder.
    pub fn copy_into(&self, dir: &Path) -> (PathBuf, PathBuf) {
        let repo = dir.join("team");
        copy_tree(&self.repo, &repo);
        let folder = repo.join("docs/adr");
        (repo, folder)
    }
}

/// Every file and folder under `root` (`.git` included): its kind, bytes and modification time.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, (bool, Vec<u8>, std::time::SystemTime)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                (meta.is_dir(), bytes, meta.modified().unwrap()),
            )
        })
        .collect()
}

/// Where a publish runs: a folder with its own HOME (data, config and cache folders inside)
/// and HINDSIGHT_DB pointing into it, a working directory of its own, and OUT.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "cwd"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.path().join("home")
    }

    /// The usual OUT of a test.
    pub fn out(&self) -> PathBuf {
        self.path().join("site")
    }

    /// The binary, with no workspace but the sandbox's to fall back on.
    pub fn command(&self) -> Command {
        let home = self.home();
        let mut command = Command::new(env!("CARGO_BIN_EXE_hindsight"));
        command
            .current_dir(self.path().join("cwd"))
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("HINDSIGHT_DB", home.join("hindsight.db"))
            .env_remove("HINDSIGHT_AUTHOR");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("the binary runs")
    }

    /// `publish ARGS --json`, which must succeed; what it reported.
    #[track_caller]
    pub fn publish(&self, args: &[&str]) -> Value {
        let mut all = vec!["publish"];
        all.extend_from_slice(args);
        all.push("--json");
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("one JSON document")
    }

    /// Publishing made no workspace or any other file in HOME or the working directory.
    #[track_caller]
    pub fn assert_no_workspace(&self) {
        for sub in ["home", "cwd"] {
            let made: Vec<PathBuf> = walkdir::WalkDir::new(self.path().join(sub))
                .min_depth(1)
                .into_iter()
                .map(|e| e.unwrap().into_path())
                .collect();
            assert!(made.is_empty(), "written in {sub}: {made:?}");
        }
    }
}

/// The folder of a path given to the binary.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}
