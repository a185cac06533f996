//! What a section's text holds: list items (with checkboxes and continuation lines), blocks
//! (lists, code, quotes, paragraphs, each with the text around it kept), tables, links and the
//! words of a line as plain text, slugs and folded forms for matching.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::normalize;

/// One item of a Markdown list: its text (continuation lines dedented) and its checkbox.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub text: String,
    /// `Some(true)` for `[x]`, `Some(false)` for `[ ]`, `None` without a checkbox.
    pub checked: Option<bool>,
}

/// The top-level items of the lists in `text`, in order. Text outside lists is ignored.
pub fn list_items(text: &str) -> Vec<ListItem> {
    split_list(text).0
}

/// The top-level items of the lists in `text`, and the text that is not in any of them
/// (an introduction, a closing sentence), normalised, paragraphs kept apart.
pub fn split_list(text: &str) -> (Vec<ListItem>, String) {
    let mut items = Vec::new();
    let mut rest = Vec::new();
    for block in blocks(text) {
        match block {
            Block::Item { item, .. } => items.push(item),
            Block::Text(text) => rest.push(text),
        }
    }
    (items, rest.join("\n\n"))
}

/// A part of a text: a top-level list item, or the text between items.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Item {
        item: ListItem,
        /// The item's lines as written, marker and indentation included.
        raw: String,
    },
    /// Text outside any list, normalised.
    Text(String),
}

/// `text` taken apart into top-level list items and the text between them, in order. Lines
/// inside a fenced code block are never list markers.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut other: Vec<&str> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut blank = false;
    let mut blanks = 0;
    let mut fence: Option<&str> = None;
    let flush = |other: &mut Vec<&str>, out: &mut Vec<Block>| {
        let text = normalize(&other.join("\n"));
        other.clear();
        if !text.is_empty() {
            out.push(Block::Text(text));
        }
    };
    for line in text.lines() {
        let leading = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        let fence_line = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        let in_fence = fence.is_some();
        match fence {
            Some(marker) if fence_line && trimmed.starts_with(marker) => fence = None,
            None if fence_line => fence = trimmed.get(..3),
            _ => {}
        }
        if !in_fence
            && let Some(body) = bullet(trimmed)
            && indent.is_none_or(|i| leading <= i)
        {
            flush(&mut other, &mut out);
            indent = Some(leading);
            blanks = 0;
            let (checked, body) = checkbox(body);
            out.push(Block::Item {
                item: ListItem {
                    text: body.trim_end().to_string(),
                    checked,
                },
                raw: line.trim_end().to_string(),
            });
            blank = false;
            continue;
        }
        let continues = indent.is_some_and(|i| {
            (!trimmed.is_empty() && (leading > i || (!blank && !fence_line) || in_fence))
                || (trimmed.is_empty() && in_fence)
        });
        match (out.last_mut(), indent) {
            (Some(Block::Item { item, raw }), Some(i)) if continues && other.is_empty() => {
                let cut = line
                    .char_indices()
                    .nth((i + 2).min(leading))
                    .map_or(line.len(), |(n, _)| n);
                for _ in 0..blanks {
                    item.text.push('\n');
                    raw.push('\n');
                }
                blanks = 0;
                item.text.push('\n');
                item.text.push_str(line[cut..].trim_end());
                raw.push('\n');
                raw.push_str(line.trim_end());
                blank = trimmed.is_empty();
            }
            // A blank line may still be inside an item: it is if an indented line follows.
            (Some(Block::Item { .. }), Some(_)) if trimmed.is_empty() && other.is_empty() => {
                blank = true;
                blanks += 1;
            }
            _ if trimmed.is_empty() => {
                blank = true;
                other.push("");
            }
            _ => {
                indent = None;
                blanks = 0;
                other.push(line);
            }
        }
    }
    flush(&mut other, &mut out);
    for block in &mut out {
        if let Block::Item { item, .. } = block {
            item.text = item.text.trim_end().to_string();
        }
    }
    out
}

/// The text after a list marker (`- `, `* `, `+ `, `1. `, `1) `), if the line starts with one.
pub fn bullet(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    if matches!(line, "-" | "*" | "+") {
        return Some("");
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest);
        }
    }
    None
}

fn checkbox(text: &str) -> (Option<bool>, &str) {
    for (mark, checked) in [("[ ] ", false), ("[x] ", true), ("[X] ", true)] {
        if let Some(rest) = text.strip_prefix(mark) {
            return (Some(checked), rest);
        }
    }
    match text {
        "[ ]" => (Some(false), ""),
        "[x]" | "[X]" => (Some(true), ""),
        _ => (None, text),
    }
}

/// A pipe table: the header cells and the rows, cells trimmed and `\|` unescaped.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The index of the first column whose header contains one of `names` (lower case).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = h.to_lowercase();
            names.iter().any(|n| h.contains(n))
        })
    }
}

/// The first pipe table in `text`, with the text before and after it.
pub fn table(text: &str) -> Option<(Table, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = (0..lines.len().saturating_sub(1))
        .find(|&i| lines[i].contains('|') && is_separator(lines[i + 1]))?;
    let header = cells(lines[start]);
    let mut rows = Vec::new();
    let mut end = start + 2;
    while end < lines.len() && lines[end].contains('|') && !lines[end].trim().is_empty() {
        rows.push(cells(lines[end]));
        end += 1;
    }
    let before = normalize(&lines[..start].join("\n"));
    let after = normalize(&lines[end..].join("\n"));
    Some((Table { header, rows }, before, after))
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// A table cell as written: pipes escaped, line breaks as `<br>`.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

/// A Markdown link found in a line: the words before it, its text and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLink {
    pub before: String,
    pub text: String,
    pub target: String,
}

/// Every link in `text` (inline, reference or autolink; a badge's outer link, not its image),
/// with the words between it and the previous link (or the start of its line).
pub fn links(text: &str) -> Vec<LineLink> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    let mut last_end = 0;
    let mut depth = 0;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                depth += 1;
                if depth == 1 {
                    current = Some((range.start, dest_url.to_string(), String::new()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, words)) = current.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                depth -= 1;
                if depth == 0
                    && let Some((start, target, words)) = current.take()
                {
                    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let from = last_end.max(line_start).min(start);
                    out.push(LineLink {
                        before: text[from..start].trim().to_string(),
                        text: words,
                        target: target.split_whitespace().next().unwrap_or("").to_string(),
                    });
                    last_end = range.end;
                }
            }
            _ => {}
        }
    }
    out
}

/// The words of inline Markdown without its markup: link text without targets, no emphasis,
/// no HTML ("[Apache Velocity](https://…)" → "Apache Velocity").
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file-name slug: lower case, words joined with `-`, at most about 60 characters.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() > 60 && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        out.push_str("untitled");
    }
    out
}

/// A "Key: value" line's key (folded) and where its value starts; the key may be in emphasis
/// with the colon inside or outside it ("**Status:** Accepted", "*Date*: 2020-01-01", as
/// MADR 2 writes them).
pub fn key_value(line: &str) -> Option<(String, usize)> {
    let (key, _) = line.split_once(':')?;
    let mut at = key.len() + 1;
    if key.trim_start().starts_with(['*', '_']) {
        let rest = &line[at..];
        at += rest.len() - rest.trim_start_matches(['*', '_']).len();
    }
    let rest = &line[at..];
    at += rest.len() - rest.trim_start().len();
    Some((fold(key), at))
}

/// Lower case, with punctuation and runs of spaces folded, for matching headings and labels.
pub fn fold(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
