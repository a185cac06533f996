//! What every page of the site shares: the head (a content security policy that lets nothing
//! leave the site, the one stylesheet, the page's own scripts only), the site's header with its
//! navigation and search box, and the footer. Every link is relative, so the site reads the
//! same from a `file://` folder, a sub-path or GitHub or GitLab Pages.

use std::fmt::Write;

use crate::publish::site::{Site, depth, up};
use crate::report::safe::escape;

/// The scripts a page may run: none, or the site's own files (`search.js`, `filter.js`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scripts {
    None,
    Own(&'static [&'static str]),
}

/// What a page says about itself in its head.
pub struct Head<'a> {
    /// The page's path from the site's root.
    pub path: &'a str,
    pub title: &'a str,
    /// One sentence for search engines and link previews.
    pub description: &'a str,
    pub scripts: Scripts,
}

/// Writes the head, the site's header and opens `<main>`.
pub fn start(out: &mut String, site: &Site, base_url: Option<&str>, head: &Head<'_>) {
    let up = up(depth(head.path));
    let script_src = match head.scripts {
        Scripts::None => "'none'",
        Scripts::Own(_) => "'self'",
    };
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:; script-src {script_src}; form-action 'self'; base-uri 'none'">
<meta name="generator" content="Hindsight">
<meta name="description" content="{description}">
<title>{title} · {site_title}</title>
<link rel="stylesheet" href="{up}site.css">
"#,
        description = escape(head.description),
        title = escape(head.title),
        site_title = escape(&site.title),
    );
    if let Some(base) = base_url {
        let _ = writeln!(
            out,
            "<link rel=\"canonical\" href=\"{}/{}\">",
            escape(base.trim_end_matches('/')),
            escape(head.path)
        );
    }
    if let Scripts::Own(scripts) = head.scripts {
        for script in scripts {
            let _ = writeln!(out, "<script src=\"{up}{script}\" defer></script>");
        }
    }
    let _ = write!(
        out,
        r##"</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site">
<a class="home" href="{up}index.html">{site_title}</a>
<nav aria-label="Site">
<a href="{up}decisions/index.html">Decisions</a>
<a href="{up}incidents/index.html">Incidents</a>
<a href="{up}lessons/index.html">Lessons</a>
<a href="{up}reviews/index.html">Reviews</a>
<a href="{up}actions.html">Action items</a>
<a href="{up}timeline.html">Timeline</a>
<a href="{up}tags/index.html">Tags</a>
<a href="{up}insights.html">Insights</a>
</nav>
<form class="search" role="search" action="{up}search.html" method="get">
<label for="site-search">Search</label>
<input id="site-search" name="q" type="search" placeholder="Any word">
<button type="submit">Search</button>
</form>
</header>
<main id="main">
"##,
        site_title = escape(&site.title),
    );
}

/// Closes `<main>` and the page.
pub fn end(out: &mut String) {
    out.push_str("</main>\n<footer>Published by Hindsight from the team's decision records and postmortems.</footer>\n</body>\n</html>\n");
}

/// A badge naming the repository a record is from, on a site of several.
pub fn repo_badge(site: &Site, repo: usize) -> String {
    if site.several_repos() {
        format!(
            "<span class=\"badge repo\">{}</span>",
            escape(&site.repos[repo].name)
        )
    } else {
        String::new()
    }
}
