//! The site's search as `assets/site/search.js` does it, over `search-index.js`.

use std::path::Path;

/// The search index: `window.HINDSIGHT_SEARCH = [...];`, as JSON.
pub fn search_index(out: &Path) -> Vec<[String; 5]> {
    let text = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    let json = text
        .strip_prefix("window.HINDSIGHT_SEARCH = ")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("not the index's form: {}", &text[..text.len().min(200)]));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("search-index.js is not JSON: {e}"))
}

/// Words as `assets/site/search.js` makes them: lower case, accents off (the script's NFKD and
/// the marks dropped; here for the Latin letters the records searched use), split at anything
/// not a letter or a digit.
pub fn words(text: &str) -> Vec<String> {
    let plain: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            c => c,
        })
        .collect();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The pages `assets/site/search.js` lists for `query`: every word typed is the start of a
/// word of the entry's title, repository, words or kind; at most 200.
pub fn search(index: &[[String; 5]], query: &str) -> Vec<String> {
    let terms = words(query);
    if terms.is_empty() {
        return Vec::new();
    }
    index
        .iter()
        .filter(|e| {
            let hay = format!(
                " {}",
                words(&format!("{} {} {} {}", e[2], e[3], e[4], e[1])).join(" ")
            );
            terms.iter().all(|t| hay.contains(&format!(" {t}")))
        })
        .take(200)
        .map(|e| e[0].clone())
        .collect()
}
