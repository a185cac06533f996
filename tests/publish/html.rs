//! A small reader of the site's HTML: tags, attributes, the text between them (a script's or
//! a style's body kept whole), and the URLs it names.

use std::collections::HashSet;
use std::path::{Component, Path};

/// One tag as written.
#[derive(Clone, Debug)]
pub struct Tag {
    /// Lower case; `!doctype` for the doctype.
    pub name: String,
    pub closing: bool,
    /// Names in lower case, values with their character references decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offsets of `<` and just past `>`.
    pub start: usize,
    pub end: usize,
    /// For `<script>` and `<style>`: what is between it and its end tag.
    pub body: Option<String>,
    /// The tag as written, for messages.
    pub raw: String,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#NN;` and `&#xHH;` decoded.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every tag of a page, in order. Comments are skipped; a `<` not starting a tag is text.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let next = bytes.get(start + 1).copied().unwrap_or(b' ');
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map(|e| start + e + 3)
                .unwrap_or(html.len());
            continue;
        }
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
            i = start + 1;
            continue;
        }
        // The tag's end: the first `>` outside quotes.
        let mut quote: Option<u8> = None;
        let mut end = html.len();
        for (k, &b) in bytes.iter().enumerate().skip(start + 1) {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        let inner = &html[start + 1..end.saturating_sub(1).max(start + 1)];
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let name: String = inner
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect::<String>()
            .to_lowercase();
        let attrs = attributes(&inner[name.len().min(inner.len())..]);
        let mut tag = Tag {
            name: name.clone(),
            closing,
            attrs,
            start,
            end,
            body: None,
            raw: html[start..end].to_string(),
        };
        i = end;
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let body_end = html[end..]
                .to_ascii_lowercase()
                .find(&close)
                .map(|e| end + e)
                .unwrap_or(html.len());
            tag.body = Some(html[end..body_end].to_string());
            i = body_end;
        }
        out.push(tag);
    }
    out
}

/// The attributes after a tag's name.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let name: String = std::iter::from_fn(|| {
            chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/' && *c != '>')
        })
        .collect();
        if name.is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    value = std::iter::from_fn(|| chars.next_if(|c| *c != q)).collect();
                    chars.next();
                }
                _ => {
                    value =
                        std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '>'))
                            .collect()
                }
            }
        }
        out.push((name.to_lowercase(), decode(&value)));
    }
    out
}

/// The text between an opening tag and its end tag (tags inside dropped), decoded.
pub fn text_of(html: &str, tags: &[Tag], open: usize) -> String {
    let name = &tags[open].name;
    let mut depth = 0;
    let mut text = String::new();
    for pair in tags[open..].windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        text.push_str(&html[a.end..b.start]);
        if b.name == *name {
            if b.closing {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            } else {
                depth += 1;
            }
        }
    }
    decode(&text)
}

/// A page of the site.
pub struct Page {
    /// From OUT, with `/`.
    pub path: String,
    pub html: String,
    pub tags: Vec<Tag>,
}

/// Every `.html` file under OUT.
pub fn pages(out: &Path) -> Vec<Page> {
    let mut pages: Vec<Page> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let html = std::fs::read_to_string(e.path()).unwrap();
            Page {
                path: rel(out, e.path()),
                tags: tags(&html),
                html,
            }
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

/// A path under OUT as the site names it.
pub fn rel(out: &Path, path: &Path) -> String {
    path.strip_prefix(out)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `id`s a page gives its elements.
pub fn ids(page: &Page) -> HashSet<String> {
    page.tags
        .iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

/// Attributes that name a URL.
pub const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "manifest",
    "ping",
];

/// Whether a URL names a scheme or a host: it leaves the site.
pub fn is_external(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    squeezed.starts_with("//")
        || squeezed.starts_with("\\\\")
        || squeezed
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// `%20` and the like decoded.
pub fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A relative URL on the page at `from` as a path from OUT, `None` when it climbs out.
pub fn resolve(from: &str, url: &str) -> Option<String> {
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop();
    for piece in Path::new(&percent_decoded(url)).components() {
        match piece {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().to_string()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}
