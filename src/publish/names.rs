//! The names of the site's files: a record's page from its id (ids imported are the user's
//! words, so only safe characters, with a hash where any were dropped), a tag's or a
//! repository's from its words. Never `index`: the list of each folder is `index.html`.

use sha2::{Digest, Sha256};

/// A file name for a record's page: its id when that is a safe name, else the id's safe
/// characters and a short hash of the whole (ids imported are the user's words). Never
/// `index`, in any case: the list of its kind is `index.html` beside it.
pub fn page_name(id: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    if !id.is_empty()
        && id.len() <= 80
        && id.chars().all(safe)
        && !id.starts_with('.')
        && !id.eq_ignore_ascii_case("index")
    {
        return id.to_string();
    }
    let kept: String = id.chars().filter(|&c| safe(c)).take(60).collect();
    let kept = kept.trim_start_matches('.');
    format!("{kept}-{}", short_hash(id))
}

/// A folder or file name for a tag or a repository: lower case letters, digits and `-`; never
/// `index`, the name of the list a tag's page sits beside (`tags/index.html`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out
        .trim_end_matches('-')
        .chars()
        .take(60)
        .collect::<String>();
    if out == "index" {
        return format!("index-{}", short_hash(&out));
    }
    if out.is_empty() || !text.is_ascii() {
        let base = if out.is_empty() { "t".to_string() } else { out };
        return format!("{base}-{}", short_hash(text));
    }
    out
}

fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::site::depth;

    #[test]
    fn page_names_are_safe_and_distinct() {
        assert_eq!(page_name("dec-0123456789ab"), "dec-0123456789ab");
        assert_eq!(page_name("ADR-3"), "ADR-3");
        let odd = page_name("../../etc/passwd");
        assert!(!odd.contains('/') && !odd.starts_with('.'), "{odd}");
        assert_ne!(page_name("a b"), page_name("a  b"));
        assert!(page_name("index").starts_with("index-"));
        assert_ne!(page_name("INDEX").to_lowercase(), "index");
        assert!(page_name("").len() > 3);
        assert_eq!(slug("Payments Team"), "payments-team");
        assert_ne!(slug("Zahlungsverkehr ü"), slug("Zahlungsverkehr ö"));
        assert!(slug("Index").starts_with("index-"), "{}", slug("Index"));
        assert_eq!(slug("Index"), slug("index"));
        assert_eq!(depth("payments/decisions/d.html#x"), 2);
    }
}
