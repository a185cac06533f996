//! A workspace whose every text field holds the classic XSS vectors (`<script>`, event
//! handlers, `javascript:` and `data:` links, `"><svg onload=…>`, `</script>` for the search
//! index), published from the workspace: nothing active survives on any page or in the index,
//! and the words are still there, as text.

use std::path::Path;

use hindsight::store::Store;

use crate::common::hostile::{CONTENT_TAGS, VECTORS, poison_demo};
use crate::fixture::{Sandbox, arg};
use crate::html;
use crate::search;
use crate::walk;

/// The frame every page of the site has, around the records' content
/// (`common::hostile::CONTENT_TAGS`).
const FRAME: &[&str] = &[
    "!doctype", "html", "head", "meta", "link", "script", "body", "header", "main", "footer",
    "nav", "form", "label", "button", "select", "option", "output", "noscript",
];

/// The site's own scripts: the only ones a page may load.
const SCRIPTS: &[&str] = &["search.js", "search-index.js", "filter.js"];

#[test]
fn a_workspace_with_xss_vectors_in_every_field_publishes_nothing_active() {
    let sandbox = Sandbox::new();
    let db = sandbox.path().join("hostile.db");
    {
        let mut store = Store::open(&db).unwrap();
        hindsight::demo::load_demo(&mut store).unwrap();
        poison_demo(&mut store);
        let decision: hindsight::domain::Decision = store.get("dec-async-payments").unwrap();
        assert_eq!(decision.title, VECTORS, "the workspace really is poisoned");
        // Imported ids are the user's words: ones that name the site's own pages.
        for id in ["index", "../index", "index.html"] {
            store
                .put(&hindsight::domain::Decision {
                    id: id.into(),
                    ..hindsight::domain::Decision::new(format!("Imported as {id}"))
                })
                .unwrap();
        }
        store
            .put(&hindsight::domain::Incident {
                id: "INDEX".into(),
                ..hindsight::domain::Incident::new("An incident imported as INDEX")
            })
            .unwrap();
    }
    let out = sandbox.out();
    let title = "Our <script>alert('title')</script> \"><b onmouseover=alert(1)>decisions";
    let published = sandbox.publish(&["--db", arg(&db), arg(&out), "--title", title]);
    assert!(published["decisions"].as_u64().unwrap() > 3, "{published}");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(
        "<h1>Our &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot;&gt;&lt;b onmouseover=alert(1)&gt;decisions</h1>"
    ));
    // Each has a page of its own, and the lists stay the lists (on a file system that ignores
    // case too).
    let index = search::search_index(&out);
    for title in [
        "Imported as index",
        "Imported as ../index",
        "Imported as index.html",
        "An incident imported as INDEX",
    ] {
        let path = &index.iter().find(|e| e[2] == title).expect(title)[0];
        let page = std::fs::read_to_string(out.join(path)).unwrap();
        assert!(
            page.contains(&format!("<h1>{title}</h1>")),
            "{path}: {title}"
        );
        let name = path.rsplit('/').next().unwrap();
        assert_ne!(name.to_lowercase(), "index.html", "{path}");
    }
    for (list, h1) in [
        ("decisions/index.html", "<h1>Decisions</h1>"),
        ("incidents/index.html", "<h1>Incidents</h1>"),
    ] {
        let page = std::fs::read_to_string(out.join(list)).unwrap();
        assert!(page.contains(h1), "{list} is the list");
    }

    assert_inert(&out);

    // The words are there, as text, on the decision's page.
    let page = std::fs::read_to_string(out.join("decisions/dec-async-payments.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));

    // The search index is JSON after its one assignment, with no `<` that could end a script
    // if it were ever inlined, and holds the hostile titles as plain text.
    let text = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    assert!(
        !text.contains('<') && !text.contains('>'),
        "raw < or > in the index"
    );
    assert_eq!(text.matches("window.").count(), 1);
    let index = search::search_index(&out);
    let hostile = index
        .iter()
        .find(|e| e[0] == "decisions/dec-async-payments.html")
        .expect("the decision is in the index");
    assert_eq!(hostile[2], format!("ADR-3: {VECTORS}"));
    let paths: Vec<&str> = index.iter().map(|e| e[0].as_str()).collect();
    for path in &paths {
        let file = path.split('#').next().unwrap();
        assert!(out.join(file).is_file(), "the index names {path}");
        assert!(!html::is_external(path), "{path}");
    }
    // The hostile id from an import has a page of a safe name.
    let odd = index
        .iter()
        .find(|e| e[2] == "Hostile id")
        .expect("the hostile id is in the index");
    assert!(
        odd[0].starts_with("decisions/dec-") && !odd[0].contains(['<', '>', '"', ' ']),
        "{}",
        odd[0]
    );
}

/// Nothing on any page of the site at `out` can run: only the elements the site writes, no
/// handler, no inline style, no script but the site's own files, no `javascript:`, `data:` or
/// `vbscript:` URL; and the site still walks clean (links resolve, nothing from outside).
#[track_caller]
fn assert_inert(out: &Path) {
    let pages = html::pages(out);
    let mut problems = Vec::new();
    for page in &pages {
        let p = &page.path;
        for t in &page.tags {
            if !FRAME.contains(&t.name.as_str()) && !CONTENT_TAGS.contains(&t.name.as_str()) {
                problems.push(format!(
                    "{p}: an element the site does not write: {}",
                    t.raw
                ));
            }
            for (name, value) in &t.attrs {
                if name.starts_with("on") {
                    problems.push(format!("{p}: a handler: {}", t.raw));
                }
                if ["style", "srcdoc", "formaction", "xlink:href", "background"]
                    .contains(&name.as_str())
                {
                    problems.push(format!("{p}: {name} in {}", t.raw));
                }
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    if squeezed.starts_with(scheme) {
                        problems.push(format!("{p}: {scheme} in {}", t.raw));
                    }
                }
            }
            if t.name == "script" && !t.closing {
                let src = t.attr("src").unwrap_or("");
                let file = src.rsplit('/').next().unwrap_or("");
                if !SCRIPTS.contains(&file) || src.contains(':') {
                    problems.push(format!("{p}: a script not the site's: {}", t.raw));
                }
                if t.body.as_deref().is_some_and(|b| !b.trim().is_empty()) {
                    problems.push(format!("{p}: an inline script: {}", t.raw));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And still a site whose links all resolve, with nothing loaded from outside.
    let problems = walk::walk(out, &walk::Allow::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_repository_with_xss_vectors_in_its_files_names_and_history_publishes_nothing_active() {
    use crate::common::git;
    use crate::fixture::init_repo;
    let sandbox = Sandbox::new();
    let repo = sandbox.path().join("hostile");
    init_repo(&repo, "<img src=x onerror=alert('author')>");
    let folder = repo.join("docs/adr");
    std::fs::create_dir_all(folder.join("postmortems")).unwrap();
    let vectors = VECTORS.replace("\n\n", " ");
    let links = "[up](../../../../etc/passwd) [self](0001-x.md#\"><script>alert(1)</script>) \
        [spaced](0002-%22%3E%3Cscript%3E.md) [js](JAVASCRIPT:alert(1)) <https://example.org/\"onmouseover=\"alert(1)>";
    std::fs::write(
        folder.join("0001-\"><svg onload=alert(1)>.md"),
        format!(
            "# 1. {vectors}\n\nDate: 2024-01-10\n\n## Status\n\nAccepted\n\n## Context\n\n{VECTORS}\n\n{links}\n\n## Decision\n\n{VECTORS}\n\n## Consequences\n\n{VECTORS}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        folder.join("postmortems/2024-05-01-\"><script>alert(2)<\\script>.md"),
        format!(
            "---\nurl: \"javascript:alert('source')\"\ntags: [\"<script>alert('tag')</script>\", \"\\\"><b>\"]\n---\n\n# {vectors}\n\n### Summary\n\n{VECTORS}\n\n## Lessons Learned\n\n* {vectors}\n\n## Action Items\n\n* {vectors}\n\n## Timeline\n\n* 10:00 {vectors}\n"
        ),
    )
    .unwrap();
    git(&repo, &["add", "-A"]);
    git(
        &repo,
        &[
            "commit",
            "-q",
            "-m",
            "<script>alert('commit')</script> \"><img src=x onerror=alert(1)>",
        ],
    );
    let out = sandbox.out();
    let published = sandbox.publish(&[arg(&out), "--from", arg(&folder)]);
    assert_eq!(published["decisions"], 1, "{published}");
    assert_eq!(published["incidents"], 1, "{published}");
    assert_inert(&out);
    let index = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    assert!(
        !index.contains('<') && !index.contains('>'),
        "raw < or > in the index"
    );
    search::search_index(&out);
    // The history is there, as text.
    let decision = html::pages(&out)
        .into_iter()
        .find(|p| p.path.starts_with("decisions/") && !p.path.ends_with("index.html"))
        .expect("the decision's page");
    assert!(
        decision
            .html
            .contains("&lt;script&gt;alert(&#39;commit&#39;)&lt;/script&gt;"),
        "the commit's subject, escaped"
    );
    // (git keeps no `<` or `>` in a name.)
    assert!(
        decision
            .html
            .contains("<td>img src=x onerror=alert(&#39;author&#39;)</td>"),
        "the author, escaped"
    );
}
