//! What a team sees of its own imported collection, through the command line as a process: a
//! MADR decision's trade-off as the trace, `show`, `list` and the report tell it; the risk
//! nobody assessed; the checklists an imported workspace starts with; `set` on every kind.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;

use common::{corpus, hindsight};

#[track_caller]
fn stdout(db: &Path, args: &[&str]) -> String {
    let out = hindsight(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[track_caller]
fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(db, args)).expect("one JSON document")
}

/// A workspace made by importing the MADR corpus file about YAML front matter (its chosen
/// option has three pros and three cons), and the id of its decision.
fn madr_workspace(dir: &Path) -> (std::path::PathBuf, String) {
    let db = dir.join("team.db");
    let file = corpus("madr").join("0013-use-yaml-front-matter-for-meta-data.md");
    stdout(&db, &["import", file.to_str().unwrap()]);
    let decisions = json(&db, &["list", "decisions", "--json"]);
    let id = decisions[0]["id"].as_str().unwrap().to_string();
    (db, id)
}

#[test]
fn an_imported_tradeoff_says_its_risk_was_not_assessed_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (db, decision) = madr_workspace(dir.path());
    let trace = stdout(&db, &["trace", &decision]);
    assert!(trace.contains("(risk: not assessed)"), "{trace}");
    assert!(!trace.contains("medium"), "{trace}");
    let show = stdout(&db, &["show", "decision", &decision]);
    assert!(show.contains("(risk: not assessed)"), "{show}");
    let list = stdout(&db, &["list", "tradeoffs"]);
    assert!(list.contains("not assessed"), "{list}");
    assert!(!list.contains("medium"), "{list}");
    let tradeoffs = json(&db, &["list", "tradeoffs", "--json"]);
    assert_eq!(tradeoffs[0]["risk"], "not-assessed");
    let tradeoff = tradeoffs[0]["id"].as_str().unwrap();
    let shown = stdout(&db, &["show", "tradeoff", tradeoff]);
    assert!(shown.contains("Risk: not assessed"), "{shown}");

    for name in ["report.html", "report.md"] {
        let report = dir.path().join(name);
        stdout(&db, &["report", "-o", report.to_str().unwrap()]);
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.contains("risk not assessed"), "{name}");
        assert!(!text.contains("medium risk"), "{name}");
    }

    // Exported and read back, it is still not assessed; an assessed one keeps its level.
    let tree = dir.path().join("tree");
    stdout(&db, &["export", tree.to_str().unwrap()]);
    let again = dir.path().join("again.db");
    stdout(&again, &["import", tree.to_str().unwrap()]);
    assert_eq!(
        json(&again, &["list", "tradeoffs", "--json"])[0]["risk"],
        "not-assessed"
    );
    stdout(&db, &["set", tradeoff, "risk", "high"]);
    assert!(stdout(&db, &["trace", &decision]).contains("(risk: high)"));
    let tree = dir.path().join("tree-2");
    stdout(&db, &["export", tree.to_str().unwrap()]);
    let third = dir.path().join("third.db");
    stdout(&third, &["import", tree.to_str().unwrap()]);
    assert_eq!(
        json(&third, &["list", "tradeoffs", "--json"])[0]["risk"],
        "high"
    );
}

#[test]
fn the_demo_keeps_the_risks_it_states() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let tradeoffs = json(&db, &["list", "tradeoffs", "--json"]);
    let risks: Vec<&str> = tradeoffs
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["risk"].as_str().unwrap())
        .collect();
    assert!(risks.len() > 10);
    assert!(risks.iter().all(|r| *r != "not-assessed"), "{risks:?}");
    assert!(risks.contains(&"low") && risks.contains(&"high"));
}

/// The part of a report from `start` to the next `end` after it.
fn part<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the report"));
    let rest = &text[at..];
    &rest[..rest[1..].find(end).map_or(rest.len(), |e| e + 1)]
}

#[test]
fn a_madr_tradeoff_reads_as_lists_of_gains_and_costs_with_links_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let madr = corpus("madr");
    let files: Vec<String> = [
        "0000-use-markdown-architectural-decision-records.md",
        "0012-use-curly-braces-to-denote-placeholder.md",
        "0013-use-yaml-front-matter-for-meta-data.md",
        "0014-allow-neutral-arguments.md",
    ]
    .iter()
    .map(|f| madr.join(f).display().to_string())
    .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    stdout(&db, &args);
    let html_path = dir.path().join("report.html");
    stdout(&db, &["report", "-o", html_path.to_str().unwrap()]);
    let html = std::fs::read_to_string(&html_path).unwrap();

    // ADR-13: the chosen option's three pros are what we gain, its three cons what it costs,
    // each an item of its own list.
    let yaml = part(&html, "<h2>ADR-13", "</tbody>");
    let gains = part(yaml, "<td>", "</td>");
    for gain in [
        "<li>it shortens the body (essence of the ADR)</li>",
        "<li>tools can handle it more easily</li>",
        "<li>indicates the lower importance of the data</li>",
    ] {
        assert!(gains.contains(gain), "{gain} in {gains}");
    }
    let costs = part(&yaml[yaml.find("</td>").unwrap()..], "<td>", "</td>");
    assert!(
        costs.contains("<li>rendering not standardized</li>"),
        "{costs}"
    );
    assert!(!yaml.contains("Good, because") && !yaml.contains("- it shortens"));
    // ADR-12: a link reads as its words, not as Markdown.
    let braces = part(&html, "<h2>ADR-12", "</tbody>");
    assert!(
        braces.contains(">consistent to mustache templates</a>"),
        "{braces}"
    );
    assert!(!braces.contains("]("), "{braces}");
    // ADR-0 says what it gains and nothing of a cost: the page says so in words.
    let madr0 = part(&html, "<h2>ADR-0", "</tbody>");
    assert!(madr0.contains("Not recorded."), "{madr0}");
    // ADR-14's chosen option is named "Neutral, because …": its reasons come after the name.
    let neutral = part(&html, "<h2>ADR-14", "</tbody>");
    assert!(neutral.contains("<li>it fits best.</li>"), "{neutral}");
    // The columns are laid out for what they hold, not squeezed by the longest cell.
    assert!(html.contains("<table class=\"tradeoffs\">"));
    assert!(html.contains("table.tradeoffs { table-layout: fixed; }"));

    let md_path = dir.path().join("report.md");
    stdout(&db, &["report", "-o", md_path.to_str().unwrap()]);
    let md = std::fs::read_to_string(&md_path).unwrap();
    let yaml = part(&md, "## ADR-13", "### Who signed it off");
    assert!(
        yaml.contains("**What we gain:**\n\n- it shortens the body (essence of the ADR)\n- tools can handle it more easily\n"),
        "{yaml}"
    );
    assert!(yaml.contains("**What it costs:**\n\n- pretends to be more accurate"));
}

/// The words of the `<text>` elements of the report's first trace diagram, joined by spaces,
/// and whether any of them ends cut short.
fn diagram_words(html: &str) -> (String, bool) {
    let svg = part(html, "<svg", "</svg>");
    let mut words = Vec::new();
    let mut cut = false;
    for piece in svg.split("<text").skip(1) {
        let text = &piece[piece.find('>').unwrap() + 1..piece.find("</text>").unwrap()];
        cut |= text.ends_with('…');
        words.push(text.replace('\u{a0}', " ").trim().to_string());
    }
    (words.join(" "), cut)
}

#[test]
fn the_reports_trace_boxes_hold_all_their_text() {
    let dir = tempfile::tempdir().unwrap();
    // The demo's ADR-3: its trade-off's gain and cost fill five lines of a box.
    let demo = dir.path().join("demo.db");
    let html_path = dir.path().join("adr-3.html");
    stdout(
        &demo,
        &[
            "report",
            "-o",
            html_path.to_str().unwrap(),
            "--decision",
            "ADR-3",
        ],
    );
    let (words, cut) = diagram_words(&std::fs::read_to_string(&html_path).unwrap());
    assert!(!cut, "{words}");
    assert!(
        words.contains("every payment is kept.") && words.contains("before the confirmation."),
        "{words}"
    );

    // An imported MADR decision whose trade-off a lesson motivated: its pros and cons are
    // items in the box, in words, however many.
    let (db, decision) = madr_workspace(dir.path());
    let lesson = stdout(
        &db,
        &["new", "lesson", "Metadata belongs where tools can read it"],
    );
    let tradeoffs = json(&db, &["list", "tradeoffs", "--json"]);
    let tradeoff = tradeoffs[0]["id"].as_str().unwrap();
    stdout(&db, &["link", tradeoff, "motivated-by", lesson.trim()]);
    let html_path = dir.path().join("adr-13.html");
    stdout(
        &db,
        &[
            "report",
            "-o",
            html_path.to_str().unwrap(),
            "--decision",
            &decision,
        ],
    );
    let (words, cut) = diagram_words(&std::fs::read_to_string(&html_path).unwrap());
    assert!(!cut, "{words}");
    let squeezed = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for item in [
        "• it shortens the body (essence of the ADR)",
        "• indicates the lower importance of the data",
        "• pretends to be more accurate than it can be (e.g., possible status values)",
        "• not all Markdown parsers can parse it",
    ] {
        assert!(squeezed.contains(item), "{item} in {squeezed}");
    }
    assert!(!squeezed.contains("- it shortens"), "{squeezed}");
}

#[test]
fn users_affected_takes_10_000_as_people_write_it_and_shows_it_one_way() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    // The demo's checkout crash; "10 000" and "10,000" both read as 10000.
    for typed in ["10 000", "10,000", "10000"] {
        stdout(&db, &["set", "INC-2024-019", "users_affected", typed]);
        let incident = json(&db, &["show", "incident", "INC-2024-019", "--json"]);
        assert_eq!(incident["users_affected"], 10000, "{typed}");
    }
    let show = stdout(&db, &["show", "incident", "INC-2024-019"]);
    assert!(show.contains("Users affected: 10,000"), "{show}");
    // A decimal is refused in one line naming the record and the field, and changes nothing.
    let out = hindsight(&db, &["set", "INC-2024-019", "users_affected", "10.5"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("users_affected") && stderr.contains("a whole number, such as 10,000"),
        "{stderr}"
    );
    assert_eq!(
        json(&db, &["show", "incident", "INC-2024-019", "--json"])["users_affected"],
        10000
    );
    // The report says 10,000 in the story and in the trace diagram alike.
    let html_path = dir.path().join("adr-3.html");
    stdout(
        &db,
        &[
            "report",
            "-o",
            html_path.to_str().unwrap(),
            "--decision",
            "ADR-3",
        ],
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("10,000 people"), "the appendix");
    let (words, _) = diagram_words(&html);
    assert!(words.contains("10,000 users affected"), "{words}");
    assert!(!html.contains("10000"), "no count written another way");
}

#[test]
fn set_takes_a_list_with_commas_on_every_kind_that_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let decision = stdout(&db, &["new", "decision", "Queue the payments"]);
    let incident = stdout(&db, &["new", "incident", "Checkout crashed"]);
    // A new incident has no tags or authors at all: its document leaves them out.
    let before = json(&db, &["show", "incident", incident.trim(), "--json"]);
    assert!(before.get("tags").is_none(), "{before}");
    let review = "rev-async-payments";
    for (kind, id, field) in [
        ("decision", decision.trim(), "decision_makers"),
        ("decision", decision.trim(), "consulted"),
        ("decision", decision.trim(), "informed"),
        ("decision", decision.trim(), "tags"),
        ("incident", incident.trim(), "tags"),
        ("incident", incident.trim(), "authors"),
        ("review", review, "participants"),
    ] {
        // Cleared first, so the list is empty (left out of the document) when set.
        stdout(&db, &["set", id, field, ""]);
        stdout(&db, &["set", id, field, "payments, checkout,,peak "]);
        let record = json(&db, &["show", kind, id, "--json"]);
        assert_eq!(
            record[field],
            serde_json::json!(["payments", "checkout", "peak"]),
            "{kind} {field}"
        );
        stdout(&db, &["set", id, field, "one"]);
        let record = json(&db, &["show", kind, id, "--json"]);
        assert_eq!(record[field], serde_json::json!(["one"]), "{kind} {field}");
    }
    // Text that looks like a number stays text where the field holds text.
    stdout(&db, &["set", incident.trim(), "company", "42"]);
    let record = json(&db, &["show", "incident", incident.trim(), "--json"]);
    assert_eq!(record["company"], "42");
}

#[test]
fn the_readme_says_what_the_demo_holds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let intro = part(&readme, "The first run creates your workspace", "## ");
    let count = |kind: &str| {
        json(&db, &["list", kind, "--json"])
            .as_array()
            .unwrap()
            .len()
    };
    let words = |n: usize| match n {
        3 => "three".to_string(),
        6 => "six".to_string(),
        8 => "eight".to_string(),
        n => n.to_string(),
    };
    for (kind, said) in [
        ("incidents", "incidents"),
        ("lessons", "lessons"),
        ("decisions", "decisions"),
        ("tradeoffs", "trade-offs"),
        ("actions", "action items"),
        ("checklists", "bottleneck checklists"),
        ("reviews", "design reviews"),
    ] {
        let n = count(kind);
        let wanted = format!("{} {said}", words(n));
        assert!(
            intro.contains(&wanted),
            "the README says how many {kind}: {wanted}"
        );
    }
    let incidents = json(&db, &["list", "incidents", "--json"]);
    for severity in ["SEV1", "SEV2", "SEV3", "SEV4"] {
        let n = incidents
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == severity)
            .count();
        assert!(intro.contains(&format!("{n} {severity}")), "{severity}");
    }
}

fn checklist_count(db: &Path) -> usize {
    json(db, &["list", "checklists", "--json"])
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_workspace_made_by_import_comes_with_the_eight_checklists_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let madr = corpus("madr");
    stdout(&db, &["import", madr.to_str().unwrap()]);
    assert_eq!(checklist_count(&db), 8);
    assert!(
        json(&db, &["list", "incidents", "--json"])
            .as_array()
            .unwrap()
            .is_empty(),
        "no demo records"
    );
    stdout(&db, &["import", madr.to_str().unwrap()]);
    assert_eq!(checklist_count(&db), 8, "a second import adds none");

    // A checklist item names its lesson by the statement it carries: this workspace does not
    // hold the demo's lessons, and no id is shown that leads nowhere.
    let show = stdout(&db, &["show", "checklist", "chk-capacity"]);
    assert!(
        show.contains(
            "from the lesson: Load-test at twice the expected peak before a campaign, not after it."
        ),
        "{show}"
    );
    assert!(!show.contains("les-"), "{show}");
    let shown = json(&db, &["show", "checklist", "chk-capacity", "--json"]);
    assert_eq!(
        shown["items"][0]["lesson"],
        "Load-test at twice the expected peak before a campaign, not after it."
    );
    // Nor does the report.
    let report = dir.path().join("report.html");
    stdout(&db, &["report", "-o", report.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(&report).unwrap().contains("les-"));

    // A workspace an earlier import made (no checklists, never given them) gets them now.
    let older = dir.path().join("older.db");
    drop(hindsight::store::Store::open(&older).unwrap());
    let file = madr.join("0013-use-yaml-front-matter-for-meta-data.md");
    stdout(&older, &["import", file.to_str().unwrap()]);
    assert_eq!(checklist_count(&older), 8);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn a_workspace_made_by_sync_comes_with_the_eight_checklists_once() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let adr = repo.join("docs/adr");
    std::fs::create_dir_all(&adr).unwrap();
    for name in [
        "0012-use-curly-braces-to-denote-placeholder.md",
        "0013-use-yaml-front-matter-for-meta-data.md",
    ] {
        std::fs::copy(corpus("madr").join(name), adr.join(name)).unwrap();
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "Our ADRs"]);
    let db = dir.path().join("team.db");
    stdout(&db, &["sync", adr.to_str().unwrap(), "--no-push"]);
    assert_eq!(checklist_count(&db), 8);
    // They travel with the team's repository, in Hindsight's own files beside the ADRs.
    let own = adr.join(".hindsight/checklists");
    assert_eq!(std::fs::read_dir(&own).unwrap().count(), 8);
    let commits = git(&repo, &["log", "--format=%s"]).lines().count();
    stdout(&db, &["sync", "--no-push"]);
    assert_eq!(checklist_count(&db), 8, "a second sync adds none");
    assert_eq!(git(&repo, &["status", "--short"]), "");
    assert_eq!(
        git(&repo, &["log", "--format=%s"]).lines().count(),
        commits,
        "nothing to commit"
    );
}
