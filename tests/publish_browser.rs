//! The published site in a real browser, opened from the folder (`file://`), as a stakeholder
//! who was sent the folder reads it: headless Chromium prints each page's DOM after its scripts
//! ran. The decision page has its trace with every box a link to a page that exists; the
//! search page, under the site's Content-Security-Policy (`script-src 'self'`), lists the
//! decision a word of its title finds; and the policy is in force there (an inline script
//! added to a copy of the page does not run). Skipped, saying so, where no Chromium is
//! installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::adr_repo::{between, pages};
use common::{hindsight, ok};

/// The first of the usual names of Chromium on the PATH.
fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

/// The DOM of `url` once loaded and its scripts run, as headless Chromium prints it.
fn dump_dom(browser: &Path, url: &str, work: &Path) -> String {
    let out = work.join("dom.html");
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(url)
        .stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .expect("the browser starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{} {url}: {status}", browser.display());
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} {url}: no DOM after 90 s", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(&out).unwrap();
    assert!(dom.contains("</html>"), "{url}: {dom}");
    dom
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

/// The start tags named `name` (`<svg …>`), whole.
fn tags<'a>(dom: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    dom.match_indices(&open)
        .filter_map(|(at, _)| dom[at..].find('>').map(|end| &dom[at..=at + end]))
        .collect()
}

/// The `href`s in `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn the_site_works_in_a_browser_from_its_folder() {
    let Some(browser) = browser() else {
        println!("skipped: chromium not installed (apt install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    ok(hindsight(&db, &["demo"]));
    let site = dir.path().join("site");
    ok(hindsight(&db, &["publish", site.to_str().unwrap()]));

    // The decision with the largest trace, and a word of its title.
    let decisions = pages(&site, "decisions");
    let (title, page, _) = decisions
        .iter()
        .max_by_key(|(_, _, html)| hrefs(between(html, "<svg", "</svg>").unwrap_or("")).len())
        .unwrap();
    let word = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 6)
        .max_by_key(|w| w.len())
        .unwrap()
        .to_lowercase();

    // The home page: the search box, and a way to the decision.
    let home = dump_dom(&browser, &file_url(&site.join("index.html")), dir.path());
    assert!(home.contains("id=\"site-search\""), "{home}");
    assert!(home.contains("href=\"decisions/index.html\""), "{home}");

    // The decision page: its trace, every box a link to a page of the site.
    let decision = dump_dom(
        &browser,
        &file_url(&site.join("decisions").join(page)),
        dir.path(),
    );
    assert!(decision.contains("id=\"site-search\""), "{decision}");
    let svg = tags(&decision, "svg");
    assert!(
        svg.iter().any(|t| t.contains(" class=\"trace\"")),
        "no trace diagram: {svg:?}"
    );
    let trace = between(&decision, " class=\"trace\"", "</svg>").unwrap();
    let boxes = hrefs(trace);
    assert!(boxes.len() >= 4, "the trace's boxes are links: {trace}");
    for href in &boxes {
        let file = href.split('#').next().unwrap();
        assert!(
            site.join("decisions").join(file).is_file(),
            "{href}: no such page"
        );
    }

    // The search page: its scripts ran under its policy and listed the decision.
    let url = format!("{}?q={word}", file_url(&site.join("search.html")));
    let search = dump_dom(&browser, &url, dir.path());
    let results = between(&search, "<ol id=\"search-results\">", "</ol>")
        .unwrap_or_else(|| panic!("{search}"));
    assert!(
        results.contains(&format!("<a href=\"decisions/{page}\">")),
        "“{word}” does not find {page} ({title}): {results}"
    );
    let status = between(&search, "id=\"search-status\"", "</p>").unwrap();
    assert!(status.contains(&format!("match “{word}”")), "{status}");

    // The policy is in force from file://: an inline script added to a copy of the search page
    // is refused, while the page's own scripts (same folder, 'self') still run.
    let page_html = std::fs::read_to_string(site.join("search.html")).unwrap();
    assert!(page_html.contains("script-src 'self'"));
    let probe = page_html.replacen(
        "</main>",
        "<script>document.body.setAttribute('data-inline', 'ran')</script></main>",
        1,
    );
    std::fs::write(site.join("probe.html"), probe).unwrap();
    let url = format!("{}?q={word}", file_url(&site.join("probe.html")));
    let probed = dump_dom(&browser, &url, dir.path());
    let body = &probed[probed.find("<body").unwrap()..];
    let body = &body[..=body.find('>').unwrap()];
    assert!(
        !body.contains("data-inline"),
        "an inline script ran: {body}"
    );
    assert!(
        between(&probed, "<ol id=\"search-results\">", "</ol>")
            .is_some_and(|r| r.contains(&format!("decisions/{page}"))),
        "{probed}"
    );
}
