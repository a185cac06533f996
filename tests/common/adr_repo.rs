//! A team's repository as `hindsight publish --from` meets it in CI: adr-tools decision records
//! in `docs/adr` that link to each other and to a postmortem, committed twice on known days.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The day of the first commit, and how a page writes it.
pub const FIRST_COMMIT: &str = "2023-03-14T10:00:00Z";
pub const FIRST_DAY: &str = "14 March 2023";
/// The day of the second commit, and how a page writes it.
pub const SECOND_COMMIT: &str = "2024-06-21T09:00:00Z";
pub const SECOND_DAY: &str = "21 June 2024";

/// The decisions' titles as their pages' headings give them; the second has no `Date:` line,
/// so git dates it: written in the first commit, superseded in the second (adr-tools' own
/// spelling, `Supercedes` / `Superceded by`).
pub const TITLES: [&str; 3] = [
    "ADR-1: Record architecture decisions",
    "ADR-2: Poll for order status",
    "ADR-3: Push order status over websockets",
];
pub const UNDATED: &str = TITLES[1];
/// The postmortem's title, as its page's heading gives it.
pub const INCIDENT: &str = "Polling melted the database";

const ADR_1: &str = "# 1. Record architecture decisions

Date: 2023-02-01

## Status

Accepted

## Context

We need to record the architectural decisions made on this project.

## Decision

We will use Architecture Decision Records, as described by Michael Nygard.

## Consequences

See Michael Nygard's article, linked above.
";

const ADR_2_FIRST: &str = "# 2. Poll for order status

## Status

Accepted

## Context

Customers want to know when their order ships.

## Decision

Every client polls the orders API every five seconds.

## Consequences

Simple to build; the load grows with the number of clients.
";

const ADR_2_SECOND: &str = "# 2. Poll for order status

## Status

Superceded by [3. Push order status over websockets](0003-push-order-status-over-websockets.md)

## Context

Customers want to know when their order ships.

## Decision

Every client polls the orders API every five seconds.

## Consequences

Simple to build; the load grows with the number of clients.
";

const ADR_3: &str = "# 3. Push order status over websockets

Date: 2024-06-20

## Status

Accepted

Supercedes [2. Poll for order status](0002-poll-for-order-status.md)

## Context

Polling melted the database during the spring sale: see the
[postmortem](postmortems/2024-05-02-polling-melted-the-database.md).

## Decision

A push service sends each client its orders' changes over a websocket.

## Consequences

A service to run, for a flat database load.
";

const POSTMORTEM: &str = "# Postmortem: Polling melted the database

## Summary

Every client polled the orders API every five seconds; during the spring sale the database
saturated.

## Impact

Checkout was unavailable for 42 minutes.

## Root Causes

Fan-out polling multiplies the load by the number of clients.

## Timeline

- 2024-05-02 14:03 UTC: alerts on database CPU
- 2024-05-02 14:45 UTC: polling interval raised to 60 seconds

## Action Items

- [ ] Replace polling with push [ops]

## Lessons Learned

- Fan-out polling multiplies load by the number of clients
";

/// Makes the repository in `parent/team` and returns its path: the first commit writes
/// decisions 1 and 2, the second decision 3, the postmortem, and decision 2's new status.
pub fn adr_repo(parent: &Path) -> PathBuf {
    let repo = parent.join("team");
    let adr = repo.join("docs/adr");
    std::fs::create_dir_all(adr.join("postmortems")).unwrap();
    run_git(&repo, &["init", "--quiet", "--initial-branch=main"], None);
    std::fs::write(adr.join("0001-record-architecture-decisions.md"), ADR_1).unwrap();
    std::fs::write(adr.join("0002-poll-for-order-status.md"), ADR_2_FIRST).unwrap();
    commit(&repo, "Record decisions 1 and 2", FIRST_COMMIT);
    std::fs::write(adr.join("0002-poll-for-order-status.md"), ADR_2_SECOND).unwrap();
    std::fs::write(adr.join("0003-push-order-status-over-websockets.md"), ADR_3).unwrap();
    std::fs::write(
        adr.join("postmortems/2024-05-02-polling-melted-the-database.md"),
        POSTMORTEM,
    )
    .unwrap();
    commit(
        &repo,
        "Push instead of polling, after the spring sale",
        SECOND_COMMIT,
    );
    repo
}

fn commit(repo: &Path, message: &str, date: &str) {
    run_git(repo, &["add", "--all"], None);
    run_git(repo, &["commit", "--quiet", "-m", message], Some(date));
}

/// git on `repo`, whatever the machine's configuration: no hooks, signing or identity from it.
fn run_git(repo: &Path, args: &[&str], date: Option<&str>) {
    let mut git = Command::new("git");
    git.arg("-C")
        .arg(repo)
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org");
    if let Some(date) = date {
        git.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = git.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The pages of `kind` (`decisions`, `incidents`) in the site at `out`, by their `<h1>`:
/// (heading, file name, the page's text). The list pages (`index.html`) are left out.
pub fn pages(out: &Path, kind: &str) -> Vec<(String, String, String)> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(out.join(kind)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "index.html" || !name.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        let heading = between(&html, "<h1>", "</h1>").unwrap_or_default();
        pages.push((heading.to_string(), name, html));
    }
    pages.sort();
    pages
}

/// The text between the first `start` and the next `end`.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}
