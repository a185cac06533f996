//! A page for every record the repository holds, built from the repository alone with no
//! workspace made anywhere; the search index finds each record as the site's script would;
//! `--base-url` gives canonical links and a sitemap and nothing else.

use std::collections::BTreeSet;
use std::path::Path;

use hindsight::publish::site::page_name;
use hindsight::report::anchor;
use serde_json::Value;

use crate::fixture::{PAGED, Sandbox, arg, list, snapshot, team};
use crate::html;
use crate::search;
use crate::walk;

/// The record's title as its page's `<h1>` gives it.
fn title(kind: &str, record: &Value) -> String {
    let title = record["title"]
        .as_str()
        .or(record["statement"].as_str())
        .unwrap_or_else(|| panic!("a title: {record}"))
        .to_string();
    match (kind, record["number"].as_u64()) {
        ("decisions", Some(n)) => format!("ADR-{n}: {title}"),
        _ => title,
    }
}

/// The pages of records in one folder of the site (its list aside), by file name.
fn record_pages(out: &Path, folder: &str) -> BTreeSet<String> {
    std::fs::read_dir(out.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "index.html")
        .collect()
}

/// The text of a page's `<h1>`.
fn h1(out: &Path, page: &str) -> String {
    let text = std::fs::read_to_string(out.join(page)).unwrap();
    let tags = html::tags(&text);
    let at = tags
        .iter()
        .position(|t| t.name == "h1" && !t.closing)
        .unwrap_or_else(|| panic!("{page}: no <h1>"));
    html::text_of(&text, &tags, at)
}

#[test]
fn every_record_has_its_page_from_the_repository_alone_and_no_workspace_is_made() {
    let team = team();
    let before = snapshot(&team.repo);
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    let published = sandbox.publish(&[arg(&out), "--from", arg(&team.folder)]);
    sandbox.assert_no_workspace();
    assert!(!sandbox.home().join("hindsight.db").exists());
    let after = snapshot(&team.repo);
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v))
        .map(|(p, _)| p)
        .chain(before.keys().filter(|p| !after.contains_key(*p)))
        .collect();
    assert!(
        changed.is_empty(),
        "the repository was written: {changed:?}"
    );
    assert_eq!(published["repositories"], serde_json::json!(["team"]));
    assert_eq!(published["warnings"], serde_json::json!([]), "{published}");

    for (kind, folder) in PAGED {
        let pages = record_pages(&out, folder);
        // Every record of the workspace the team made them in has its page, titled as it is.
        let made = list(&team.db, kind);
        assert!(!made.is_empty(), "the fixture has {kind}");
        for record in &made {
            let id = record["id"].as_str().unwrap();
            let page = format!("{}.html", page_name(id));
            assert!(
                pages.contains(&page),
                "{kind}: no page for {id} in {pages:?}"
            );
            assert_eq!(h1(&out, &format!("{folder}/{page}")), title(kind, record));
        }
        // And the site has a page for exactly what the repository holds (a new member's
        // workspace): nothing more.
        let fresh = list(&team.fresh, kind);
        let expected: BTreeSet<String> = fresh
            .iter()
            .map(|r| format!("{}.html", page_name(r["id"].as_str().unwrap())))
            .collect();
        assert_eq!(pages, expected, "{kind}");
        assert_eq!(published[kind].as_u64(), Some(fresh.len() as u64), "{kind}");
        // Each listed on its kind's page.
        let index = std::fs::read_to_string(out.join(folder).join("index.html")).unwrap();
        for page in &pages {
            assert!(
                index.contains(&format!("href=\"../{folder}/{page}\"")),
                "{folder}/index.html lists {page}"
            );
        }
    }
    // Every file the report counts is there, once.
    let on_disk = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(
        published["files"].as_u64(),
        Some(on_disk as u64 - 1),
        "{published}"
    );
    // The tags' page lists every tag, each with its own page (a tag named “index” too).
    assert_eq!(h1(&out, "tags/index.html"), "Tags");
    let tags = std::fs::read_to_string(out.join("tags/index.html")).unwrap();
    let listed: Vec<(String, String)> = html::tags(&tags)
        .iter()
        .filter(|t| t.name == "a" && !t.closing)
        .filter_map(|t| t.attr("href"))
        .filter(|h| !h.starts_with("../") && !h.starts_with('#'))
        .map(|h| (h.to_string(), h1(&out, &format!("tags/{h}"))))
        .collect();
    let names: BTreeSet<&str> = listed.iter().map(|(_, h)| h.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "Tagged “index”",
        "Tagged “orders”",
        "Tagged “payments”",
        "Tagged “queues”",
    ]
    .into();
    assert_eq!(names, expected, "{listed:?}");
    // Trade-offs are told on their decision's page, at their anchor.
    // (Those made from the command line, and ADR 4's chosen option.)
    let tradeoffs = list(&team.db, "tradeoffs");
    assert_eq!(tradeoffs.len(), 3);
    for t in &tradeoffs {
        let page = format!(
            "decisions/{}.html",
            page_name(t["decision_id"].as_str().unwrap())
        );
        let text = std::fs::read_to_string(out.join(&page)).unwrap();
        let id = anchor(t["id"].as_str().unwrap());
        assert!(text.contains(&format!(" id=\"{id}\"")), "{page}: #{id}");
        assert!(
            text.contains(&hindsight::report::safe::escape(
                t["title"].as_str().unwrap()
            )),
            "{page}: {}",
            t["title"]
        );
    }
    // Action items on the page of every action item, each at its anchor.
    let actions = std::fs::read_to_string(out.join("actions.html")).unwrap();
    for a in list(&team.db, "actions") {
        let id = anchor(a["id"].as_str().unwrap());
        assert!(
            actions.contains(&format!(" id=\"{id}\"")),
            "actions.html#{id}"
        );
    }
    // The postmortem's timeline, lessons and action items are on the incident's page.
    let incident =
        std::fs::read_to_string(out.join(format!("incidents/{}.html", page_name(&team.incident))))
            .unwrap();
    for said in [
        "Order database CPU at 100%",
        "<dt>To resolve</dt><dd>40 minutes",
        "Fan-out polling multiplies database load by the number of clients",
        "Load-test order status at twice the peak",
    ] {
        assert!(incident.contains(said), "the incident's page says {said}");
    }
    // The review's answers, its risk and action item, and the sign-off are on its page.
    let review = &list(&team.db, "reviews")[0];
    let page = std::fs::read_to_string(out.join(format!(
        "reviews/{}.html",
        page_name(review["id"].as_str().unwrap())
    )))
    .unwrap();
    for said in [
        "Measured at peak.",
        "No back-pressure yet.",
        "Add back-pressure to the push service",
        "Grace Kim",
    ] {
        assert!(page.contains(said), "the review's page says {said}");
    }
}

/// Published from the workspace instead (`--db WS publish OUT`): a page for each of its
/// records, dated and told from the repository its files are in, and the same walk passes.
#[test]
fn the_workspace_publishes_a_page_for_each_of_its_records() {
    let team = team();
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    let published = sandbox.publish(&["--db", arg(&team.db), arg(&out)]);
    sandbox.assert_no_workspace();
    assert_eq!(published["repositories"], serde_json::json!(["ws"]));
    for (kind, folder) in PAGED {
        let expected: BTreeSet<String> = list(&team.db, kind)
            .iter()
            .map(|r| format!("{}.html", page_name(r["id"].as_str().unwrap())))
            .collect();
        assert_eq!(record_pages(&out, folder), expected, "{kind}");
    }
    // The history of a record whose file is in the repository: its commits.
    let adr = list(&team.db, "decisions")
        .into_iter()
        .find(|d| d["number"] == 1)
        .unwrap();
    let page = std::fs::read_to_string(out.join(format!(
        "decisions/{}.html",
        page_name(adr["id"].as_str().unwrap())
    )))
    .unwrap();
    assert!(
        page.contains("Our decisions and the spring sale postmortem"),
        "the commit that wrote it"
    );
    let problems = walk::walk(&out, &walk::Allow::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_search_index_finds_every_record_by_a_word_of_its_title() {
    let team = team();
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    sandbox.publish(&[arg(&out), "--from", arg(&team.folder)]);
    let index = search::search_index(&out);
    let search = std::fs::read_to_string(out.join("search.html")).unwrap();
    for script in ["search-index.js", "search.js"] {
        assert!(search.contains(&format!("<script src=\"{script}\" defer></script>")));
    }
    let mut searched = 0;
    for (kind, folder) in PAGED {
        for record in list(&team.fresh, kind) {
            let id = record["id"].as_str().unwrap();
            let path = format!("{folder}/{}.html", page_name(id));
            let entry = index
                .iter()
                .find(|e| e[0] == path)
                .unwrap_or_else(|| panic!("{path} is not in the index"));
            let title = title(kind, &record);
            assert_eq!(entry[2], title);
            // Each word of three letters or more, whole and by its start.
            for word in search::words(&title).iter().filter(|w| w.len() >= 3) {
                let start: String = word.chars().take(3).collect();
                for query in [word.as_str(), &start, &word.to_uppercase()] {
                    let found = search::search(&index, query);
                    assert!(found.contains(&path), "“{query}” finds {path}: {found:?}");
                    searched += 1;
                }
            }
            // Two words of its title together narrow it down to it (and those sharing both).
            let words = search::words(&title);
            let query = words[words.len().saturating_sub(2)..].join(" ");
            assert!(search::search(&index, &query).contains(&path), "“{query}”");
        }
    }
    assert!(searched > 30, "{searched} searches");
    // Accents or none, as typed.
    for query in ["uber cafe", "ÜBER Café", "caf"] {
        assert!(
            search::search(&index, query)
                .iter()
                .any(|p| p.starts_with("decisions/")),
            "“{query}” finds ADR 5"
        );
    }
    // A word of no record finds nothing; a word's middle finds nothing.
    assert!(search::search(&index, "zyzzyva").is_empty());
    assert!(
        !search::search(&index, "olling")
            .iter()
            .any(|p| p.contains("decisions/"))
    );
}

#[test]
fn base_url_gives_canonical_links_and_a_sitemap_and_every_link_stays_relative() {
    let team = team();
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    let base = "https://hindsight.example.org/team/adr";
    sandbox.publish(&[
        arg(&out),
        "--from",
        arg(&team.folder),
        "--base-url",
        &format!("{base}/"),
    ]);
    let pages = html::pages(&out);
    for page in &pages {
        let canonical: Vec<&str> = page
            .tags
            .iter()
            .filter(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
            .filter_map(|t| t.attr("href"))
            .collect();
        assert_eq!(
            canonical,
            [format!("{base}/{}", page.path)],
            "{}",
            page.path
        );
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let locs: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| html::decode(s.split("</loc>").next().unwrap()))
        .collect();
    let expected: BTreeSet<String> = pages.iter().map(|p| format!("{base}/{}", p.path)).collect();
    assert_eq!(locs, expected);
    assert!(sitemap.starts_with("<?xml"));
    let problems = walk::walk(
        &out,
        &walk::Allow {
            canonical: Some(base),
        },
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Without it: no canonical link and no sitemap, the one of before removed.
    let again = sandbox.publish(&[arg(&out), "--from", arg(&team.folder)]);
    assert!(!out.join("sitemap.xml").exists());
    assert!(
        again["removed"]
            .as_array()
            .unwrap()
            .contains(&"sitemap.xml".into()),
        "{again}"
    );
    for page in html::pages(&out) {
        assert!(!page.html.contains("canonical"), "{}", page.path);
    }
    // Not an address: refused in one line.
    let bad = sandbox.run(&[
        "publish",
        arg(&out),
        "--from",
        arg(&team.folder),
        "--base-url",
        "ftp://example.org",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("ftp://example.org"), "{stderr}");
}
