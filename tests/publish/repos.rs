//! Two repositories make one site: the team's, whose trade-off is motivated by an incident
//! written up in the operations team's repository (a link file in Hindsight's own files
//! naming the other repository's incident). The decision's page links to that incident, its
//! trace draws it as a box linking there, the incident's page says what it changed; each
//! repository has its page and each record says where it is from; two repositories that both
//! hold `0001-record-architecture-decisions.md` keep two pages.

use std::path::Path;

use hindsight::publish::site::page_name;

use crate::common::{hindsight, ok};
use crate::fixture::{ADR_1, Sandbox, arg, commit_all, init_repo, list, team};
use crate::html;
use crate::search;
use crate::walk;

const PROVIDER_POSTMORTEM: &str = "# Payment provider throttled checkout

### Date

2024-07-02

### Status

Complete

### Summary

At the summer sale the payment provider throttled our calls; checkout failed for 1 in 5 customers.

### Impact

2,000 payments failed.

## Timeline

2024-07-02 (all times UTC)

* 18:00 Throttling starts
* 18:25 Retries slowed down
";

/// The operations team's repository: their postmortem, and the same first ADR as the team's.
fn ops_repo(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("ops");
    init_repo(&repo, "Ola Ops");
    let folder = repo.join("docs/adr");
    std::fs::create_dir_all(folder.join("postmortems")).unwrap();
    std::fs::write(folder.join("0001-record-architecture-decisions.md"), ADR_1).unwrap();
    std::fs::write(
        folder.join("postmortems/2024-07-02-provider-throttled-checkout.md"),
        PROVIDER_POSTMORTEM,
    )
    .unwrap();
    commit_all(&repo, "Our postmortems");
    folder
}

fn id_of(db: &Path, kind: &str, pick: impl Fn(&serde_json::Value) -> bool) -> String {
    list(db, kind)
        .into_iter()
        .find(|r| pick(r))
        .unwrap_or_else(|| panic!("a {kind}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn two_repositories_make_one_site_with_a_trace_across_them() {
    let team = team();
    let sandbox = Sandbox::new();
    let (repo, folder) = team.copy_into(sandbox.path());
    let ops = ops_repo(sandbox.path());
    // The ids the operations team's clones give their records.
    let ops_db = sandbox.path().join("ops.db");
    ok(hindsight(&ops_db, &["sync", arg(&ops), "--no-push"]));
    let incident = id_of(&ops_db, "incidents", |_| true);
    let ops_adr1 = id_of(&ops_db, "decisions", |d| d["number"] == 1);
    let team_adr1 = id_of(&team.db, "decisions", |d| d["number"] == 1);
    let team_adr4 = id_of(&team.db, "decisions", |d| d["number"] == 4);
    // The trade-off of the team's ADR 4 is motivated by the operations team's incident: a link
    // file as Hindsight writes one.
    let tradeoff = &team.queue_tradeoff;
    let link = folder.join(format!(
        ".hindsight/links/{tradeoff}--motivated-by--{incident}.md"
    ));
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::fs::write(
        &link,
        format!("---\nfrom: {tradeoff}\nrelation: motivated-by\nto: {incident}\n---\n"),
    )
    .unwrap();
    commit_all(
        &repo,
        "Queue payments: because of the provider's throttling",
    );

    let out = sandbox.out();
    let published = sandbox.publish(&[arg(&out), "--from", arg(&folder), "--from", arg(&ops)]);
    sandbox.assert_no_workspace();
    assert_eq!(
        published["repositories"],
        serde_json::json!(["team", "ops"])
    );
    assert_eq!(published["warnings"], serde_json::json!([]), "{published}");
    assert_eq!(published["decisions"], 6, "{published}");
    assert_eq!(published["incidents"], 2, "{published}");
    let read = |page: &str| {
        std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("{page} exists"))
    };

    // The decision's page names the other repository's incident as a reason, and its trace
    // draws it as a box that opens that incident's page.
    let decision = format!("team/decisions/{}.html", page_name(&team_adr4));
    let incident_page = format!("ops/incidents/{}.html", page_name(&incident));
    let href = format!("href=\"../../{incident_page}\"");
    let page = read(&decision);
    let table = &page[page.find("<table class=\"tradeoffs\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains(&href), "the trade-off's why links {href}");
    let svg = &page[page.find("<svg").expect("a trace")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(
        svg.contains(&format!("<a {href}>")),
        "a box links {href}: {svg}"
    );
    assert!(svg.contains("Payment provider throttled checkout"));
    // The incident's page says what it changed, in the other repository.
    let other = read(&incident_page);
    assert!(
        other.contains(&format!(
            "href=\"../../team/decisions/{}.html\"",
            page_name(&team_adr4)
        )),
        "{incident_page} links the decision it changed"
    );
    assert!(!other.contains("has not led to a decision yet"));
    let incidents = read("incidents/index.html");
    let changed = &incidents[incidents.find("Incidents that changed a decision").unwrap()..];
    assert!(
        changed.contains(&incident_page),
        "listed as having changed one"
    );

    // Both repositories' first ADR (the same path, so the same id in each): two pages, each
    // saying where it is from.
    assert_eq!(team_adr1, ops_adr1, "ids derived from the same path");
    for (name, id) in [("team", &team_adr1), ("ops", &ops_adr1)] {
        let page = read(&format!("{name}/decisions/{}.html", page_name(id)));
        assert!(page.contains(&format!("<span class=\"badge repo\">{name}</span>")));
        assert!(page.contains("<h1>ADR-1: Record architecture decisions</h1>"));
    }
    // Every record's page says its repository: the folder it is in.
    for page in html::pages(&out) {
        let (repo, rest) = page.path.split_once('/').unwrap_or(("", ""));
        if !["team", "ops"].contains(&repo) || rest.ends_with("index.html") {
            continue;
        }
        assert!(
            page.html
                .contains(&format!("<span class=\"badge repo\">{repo}</span>")),
            "{} says it is from {repo}",
            page.path
        );
    }
    // A page per repository, listing its records.
    for (name, record) in [("team", &decision), ("ops", &incident_page)] {
        let page = read(&format!("repos/{name}.html"));
        assert!(page.contains(&format!("<h1>{name}</h1>")));
        assert!(
            page.contains(&format!("href=\"../{record}\"")),
            "{name} lists {record}"
        );
    }
    // The search index names each record's repository (action items share one page).
    for e in search::search_index(&out) {
        match e[0].split_once('/') {
            Some((repo, _)) => assert_eq!(e[3], repo, "{e:?}"),
            None => assert!(["team", "ops"].contains(&e[3].as_str()), "{e:?}"),
        }
    }
    assert!(search::search(&search::search_index(&out), "ops throttled").contains(&incident_page));
    let problems = walk::walk(&out, &walk::Allow::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
