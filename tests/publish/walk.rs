//! The walk over every page of a site: links and anchors resolve, nothing is loaded from
//! outside, titles, one `<h1>`, heading levels, SVG titles and the content security policy.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::html::{
    Page, Tag, URL_ATTRS, ids, is_external, pages, percent_decoded, resolve, text_of,
};

/// What a walk of the site accepts besides links inside it.
#[derive(Default)]
pub struct Allow<'a> {
    /// `--base-url`: a `<link rel="canonical">` to BASE/the page's path.
    pub canonical: Option<&'a str>,
}

/// Walks every page of the site at `out` and returns every problem found, one line each.
pub fn walk(out: &Path, allow: &Allow<'_>) -> Vec<String> {
    let pages = pages(out);
    assert!(!pages.is_empty(), "no page in {}", out.display());
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    for page in &pages {
        anchors.insert(page.path.clone(), ids(page));
    }
    let mut problems = Vec::new();
    for page in &pages {
        check_page(out, page, &anchors, allow, &mut problems);
    }
    problems
}

fn check_page(
    out: &Path,
    page: &Page,
    anchors: &HashMap<String, HashSet<String>>,
    allow: &Allow<'_>,
    problems: &mut Vec<String>,
) {
    let p = &page.path;
    let mut problem = |what: String| problems.push(format!("{p}: {what}"));
    // The head: a content security policy, a title.
    let csp: Vec<&Tag> = page
        .tags
        .iter()
        .filter(|t| {
            t.name == "meta"
                && t.attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
        })
        .collect();
    let scripts = page.tags.iter().any(|t| t.name == "script" && !t.closing);
    match csp.as_slice() {
        [meta] => {
            let policy = meta.attr("content").unwrap_or("");
            let directive = |name: &str| {
                policy
                    .split(';')
                    .map(str::trim)
                    .find(|d| d.split_whitespace().next() == Some(name))
                    .map(str::to_string)
            };
            if directive("default-src").as_deref() != Some("default-src 'none'") {
                problem(format!("the policy does not start from nothing: {policy}"));
            }
            if policy.contains("unsafe-") || policy.contains("http") || policy.contains('*') {
                problem(format!("the policy lets more in: {policy}"));
            }
            let script_src = directive("script-src").unwrap_or_default();
            let expected = if scripts {
                "script-src 'self'"
            } else {
                "script-src 'none'"
            };
            if script_src != expected {
                problem(format!(
                    "{script_src:?} where {expected:?} (scripts: {scripts})"
                ));
            }
        }
        _ => problem(format!("{} content security policies", csp.len())),
    }
    let titles: Vec<usize> = (0..page.tags.len())
        .filter(|&i| page.tags[i].name == "title" && !page.tags[i].closing)
        .collect();
    // The page's own title is the first; an SVG's come later, inside <svg>.
    match titles.first() {
        Some(&i) if !text_of(&page.html, &page.tags, i).trim().is_empty() => {}
        _ => problem("no title, or an empty one".into()),
    }
    // One <h1>, and headings that never skip a level going down.
    let mut last = 0u8;
    let mut h1 = 0;
    for (i, t) in page.tags.iter().enumerate() {
        let level = match t.name.as_str() {
            "h1" => 1,
            "h2" => 2,
            "h3" => 3,
            "h4" => 4,
            "h5" => 5,
            "h6" => 6,
            _ => continue,
        };
        if t.closing {
            continue;
        }
        if level == 1 {
            h1 += 1;
            if text_of(&page.html, &page.tags, i).trim().is_empty() {
                problem("an empty <h1>".into());
            }
        }
        if level > last + 1 {
            problem(format!(
                "<h{level}> “{}” after <h{last}>",
                text_of(&page.html, &page.tags, i).trim()
            ));
        }
        last = level;
    }
    if h1 != 1 {
        problem(format!("{h1} <h1>"));
    }
    // Every SVG named.
    for (i, t) in page.tags.iter().enumerate() {
        if t.name != "svg" || t.closing {
            continue;
        }
        let labelled = t.attr("aria-label").is_some_and(|l| !l.trim().is_empty());
        let titled = page.tags[i + 1..]
            .iter()
            .take_while(|x| !(x.name == "svg" && x.closing))
            .position(|x| x.name == "title" && !x.closing)
            .is_some_and(|k| !text_of(&page.html, &page.tags, i + 1 + k).trim().is_empty());
        if !labelled && !titled {
            problem(format!("an SVG with no title or label: {}", t.raw));
        }
    }
    // Links and what the page loads.
    for t in page.tags.iter().filter(|t| !t.closing) {
        for (name, value) in &t.attrs {
            if !URL_ATTRS.contains(&name.as_str()) {
                continue;
            }
            if value.trim().is_empty() {
                problem(format!("an empty {name} in {}", t.raw));
                continue;
            }
            if is_external(value) {
                let lower = value.trim().to_ascii_lowercase();
                let canonical = t.name == "link"
                    && t.attr("rel") == Some("canonical")
                    && allow.canonical.is_some_and(|base| {
                        *value == format!("{}/{p}", base.trim_end_matches('/'))
                    });
                let rel = t.attr("rel").unwrap_or("");
                let users_link = t.name == "a"
                    && name == "href"
                    && (lower.starts_with("http://")
                        || lower.starts_with("https://")
                        || lower.starts_with("mailto:"))
                    && rel.split_whitespace().any(|r| r == "noopener")
                    && rel.split_whitespace().any(|r| r == "noreferrer");
                if !canonical && !users_link {
                    problem(format!("refers outside the site: {}", t.raw));
                }
                continue;
            }
            let (path, fragment) = match value.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (value.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(p.clone())
            } else {
                resolve(p, path)
            };
            let Some(target) = target else {
                problem(format!("climbs out of the site: {}", t.raw));
                continue;
            };
            if !out.join(&target).is_file() {
                problem(format!("{target} does not exist: {}", t.raw));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let fragment = percent_decoded(fragment);
                match anchors.get(&target) {
                    Some(ids) if ids.contains(&fragment) => {}
                    Some(_) => problem(format!("no id=\"{fragment}\" in {target}: {}", t.raw)),
                    None => problem(format!("#{fragment} into {target}, not a page: {}", t.raw)),
                }
            }
        }
    }
}
