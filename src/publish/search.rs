//! The search index, built when the site is: one entry per record (its page, kind, title,
//! repository and the words to match), written as a script the search page loads, so search
//! works from a `file://` folder with no server and nothing fetched. The search page's own
//! script (`assets/site/search.js`, inside the binary) matches every word typed against the
//! start of the words of each entry and shows the results as text (never as HTML).

use super::site::Site;
use crate::domain::Kind;

/// The index as a script: `window.HINDSIGHT_SEARCH = [[path, kind, title, repository, words],
/// ...];`. JSON is valid JavaScript, and no text in it can end the script: it is a file of
/// its own, never inlined in a page.
pub fn index_script(site: &Site) -> String {
    let entries: Vec<[&str; 5]> = site
        .entries
        .iter()
        .filter(|e| e.kind != Kind::Action || !e.title.is_empty())
        .map(|e| {
            [
                e.path.as_str(),
                e.kind.label(),
                e.title.as_str(),
                if site.several_repos() {
                    site.repos[e.repo].name.as_str()
                } else {
                    ""
                },
                e.words.as_str(),
            ]
        })
        .collect();
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    // `<`, `>` and `&` as escapes: harmless in a script file, and safe even if pasted inline.
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("window.HINDSIGHT_SEARCH = {json};\n")
}
