//! Every page of the site walked: each relative link resolves to a file of the site and each
//! `#anchor` to an `id` on its page; nothing is loaded from outside (the only links out are
//! the http(s) links users wrote, as `noopener noreferrer` anchors); every page has a title,
//! one `<h1>`, headings that never skip a level, named SVGs and a content security policy.

use hindsight::publish::site::page_name;

use crate::fixture::{Sandbox, arg, list, team};
use crate::html;
use crate::search;
use crate::walk;

#[test]
fn every_link_resolves_and_nothing_is_loaded_from_outside_the_site() {
    let team = team();
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    sandbox.publish(&[arg(&out), "--from", arg(&team.folder)]);
    let problems = walk::walk(&out, &walk::Allow::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // What a page loads is the site's own: its stylesheet, and scripts only where they work.
    for page in html::pages(&out) {
        for t in page.tags.iter().filter(|t| !t.closing) {
            if t.name == "script" {
                let src = t.attr("src").unwrap_or("");
                let file = src.rsplit('/').next().unwrap();
                assert!(
                    ["search.js", "search-index.js", "filter.js"].contains(&file),
                    "{}: {}",
                    page.path,
                    t.raw
                );
                assert_eq!(t.body.as_deref().map(str::trim), Some(""), "{}", page.path);
            }
            if t.name == "link" {
                assert_eq!(
                    t.attr("rel"),
                    Some("stylesheet"),
                    "{}: {}",
                    page.path,
                    t.raw
                );
                assert!(t.attr("href").unwrap().ends_with("site.css"));
            }
            for banned in ["img", "iframe", "object", "embed", "style", "base", "video"] {
                assert_ne!(t.name, banned, "{}: {}", page.path, t.raw);
            }
        }
    }
    // Nor do the stylesheet and the scripts fetch anything.
    for file in ["site.css", "search.js", "filter.js"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        for word in [
            "url(",
            "@import",
            "http:",
            "https:",
            "fetch(",
            "XMLHttpRequest",
            "innerHTML",
        ] {
            assert!(!text.contains(word), "{file} has {word}");
        }
    }

    // The links users wrote between their files go to the pages of those files' records; the
    // one to a public page stays, marked.
    let decisions = list(&team.db, "decisions");
    let page_of = |n: u64| {
        let d = decisions
            .iter()
            .find(|d| d["number"] == n)
            .unwrap_or_else(|| panic!("ADR-{n}"));
        format!("{}.html", page_name(d["id"].as_str().unwrap()))
    };
    let adr3 = std::fs::read_to_string(out.join("decisions").join(page_of(3))).unwrap();
    let incident = format!("../incidents/{}.html", page_name(&team.incident));
    for href in [format!("../decisions/{}", page_of(2)), incident] {
        assert!(
            adr3.contains(&format!("<a href=\"{href}\"")),
            "ADR-3 links {href}"
        );
    }
    assert!(
        adr3.contains(
            "<a href=\"https://status.example.com/2024-05-sale\" rel=\"noopener noreferrer\">"
        ),
        "the user's link out"
    );
    // A link to a file whose name has a space and an accent, written `%20`, goes to its
    // record's page; links to a file that is not there, or outside the folder, keep their
    // words only.
    let adr4 = std::fs::read_to_string(out.join("decisions").join(page_of(4))).unwrap();
    assert!(
        adr4.contains(&format!(
            "<a href=\"../decisions/{}\" rel=\"noopener noreferrer\">the café decision</a>",
            page_of(5)
        )),
        "ADR-4 links ADR-5"
    );
    assert!(
        adr4.contains("not as the draft or the\nreadme say."),
        "{adr4}"
    );
    // A superseded decision leads to the one that replaced it, and back (the adr-tools
    // "Superseded by" and "Supersedes" lines).
    let adr2 = std::fs::read_to_string(out.join("decisions").join(page_of(2))).unwrap();
    let to3 = format!(
        "<p class=\"meta\">Replaced by “<a href=\"../decisions/{}\">ADR-3: Push order status</a>”",
        page_of(3)
    );
    assert!(adr2.contains(&to3), "ADR-2's page links to ADR-3: {to3}");
    let to2 = format!(
        "<p class=\"meta\">Replaces <a href=\"../decisions/{}\">ADR-2: Poll for order status</a></p>",
        page_of(2)
    );
    assert!(adr3.contains(&to2), "ADR-3's page links to ADR-2: {to2}");
}

/// The reader the walk relies on, on the shapes it must not misread.
#[test]
fn the_html_reader_reads_tags_attributes_and_links_as_a_browser_would() {
    let page = "<!DOCTYPE html><p title='a > b' data-x=\"&quot;q&quot;\">x < y <!-- <a href=no> --></p>\
        <script src=\"s.js\" defer></script><script>if (a<b) {}</script><a HREF=../x.html#y>t</a>";
    let tags = html::tags(page);
    let names: Vec<(&str, bool)> = tags.iter().map(|t| (t.name.as_str(), t.closing)).collect();
    assert_eq!(
        names,
        [
            ("!doctype", false),
            ("p", false),
            ("p", true),
            ("script", false),
            ("script", true),
            ("script", false),
            ("script", true),
            ("a", false),
            ("a", true)
        ]
    );
    assert_eq!(tags[1].attr("title"), Some("a > b"));
    assert_eq!(tags[1].attr("data-x"), Some("\"q\""));
    assert_eq!(tags[5].body.as_deref(), Some("if (a<b) {}"));
    assert_eq!(tags[7].attr("href"), Some("../x.html#y"));
    assert_eq!(
        html::resolve("a/b.html", "../x.html"),
        Some("x.html".into())
    );
    assert_eq!(html::resolve("b.html", "../x.html"), None);
    for out in [
        "http://x",
        "HTTPS://x",
        "//x.org/a",
        "javascript:alert(1)",
        " java\tscript:x",
        "mailto:a@b",
    ] {
        assert!(html::is_external(out), "{out}");
    }
    for inside in ["a.html", "../a.html#b", "#c", "a.html?q=x:y"] {
        assert!(!html::is_external(inside), "{inside}");
    }
    assert_eq!(
        search::words("ADR-3: Push, order's Über-café"),
        ["adr", "3", "push", "order", "s", "uber", "cafe"]
    );
}

/// The walk finds each thing it is there to find: a page changed one way at a time.
#[test]
fn the_walk_finds_every_kind_of_fault() {
    let team = team();
    let sandbox = Sandbox::new();
    let out = sandbox.out();
    sandbox.publish(&[arg(&out), "--from", arg(&team.folder)]);
    let page = out.join("decisions/index.html");
    let good = std::fs::read_to_string(&page).unwrap();
    let faults: &[(&str, &str, &str)] = &[
        (
            "</main>",
            "<a href=\"../nope.html\">x</a></main>",
            "does not exist",
        ),
        (
            "</main>",
            "<a href=\"#nowhere\">x</a></main>",
            "no id=\"nowhere\"",
        ),
        (
            "</main>",
            "<a href=\"../timeline.html#gone\">x</a></main>",
            "no id=\"gone\"",
        ),
        (
            "</main>",
            "<a href=\"../../../etc/passwd\">x</a></main>",
            "climbs out",
        ),
        (
            "</main>",
            "<img src=\"https://evil.example/x.png\"></main>",
            "outside",
        ),
        (
            "</main>",
            "<a href=\"https://example.org\">x</a></main>",
            "outside",
        ),
        (
            "</main>",
            "<a href=\"//example.org/x\" rel=\"noopener noreferrer\">x</a></main>",
            "outside",
        ),
        (
            "</main>",
            "<a href=\"javascript:alert(1)\">x</a></main>",
            "outside",
        ),
        (
            "</main>",
            "<form action=\"https://evil.example\"></form></main>",
            "outside",
        ),
        ("</main>", "<svg><rect/></svg></main>", "no title"),
        ("</main>", "<h1>Again</h1></main>", "2 <h1>"),
        (
            "</h1>",
            "</h1><h3>Skipped</h3>",
            "<h3> “Skipped” after <h1>",
        ),
        ("<title>", "<title> </title><x>", "no title"),
        ("script-src 'self'", "script-src 'none'", "script-src"),
        (
            "http-equiv=\"Content-Security-Policy\"",
            "name=\"x\"",
            "0 content security policies",
        ),
        (
            "default-src 'none'",
            "default-src 'self' https:",
            "does not start from nothing",
        ),
    ];
    for (at, with, found) in faults {
        assert!(good.contains(at), "{at}");
        std::fs::write(&page, good.replacen(at, with, 1)).unwrap();
        let problems = walk::walk(&out, &walk::Allow::default());
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("decisions/index.html: ") && p.contains(found)),
            "{with}: “{found}” in {problems:?}"
        );
    }
    std::fs::write(&page, good).unwrap();
    assert_eq!(
        walk::walk(&out, &walk::Allow::default()),
        Vec::<String>::new()
    );
}
