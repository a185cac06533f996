//! Reading the shape of a Markdown document: front matter, title, the text before the first
//! heading, every heading with the text under it, and the lists, tables and links inside a
//! section. Headings are found with `pulldown-cmark`, so a `#` line inside a code block is text,
//! and setext headings count.

mod blocks;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A Markdown document taken apart at its headings.
#[derive(Debug, Default)]
pub struct Document {
    /// The YAML between `---` lines at the very top, if any.
    pub front: Option<String>,
    /// The first heading, when it is a level-1 heading and no other heading comes before it.
    pub title: Option<String>,
    /// The text after the title (or the front matter) and before the next heading.
    pub preamble: String,
    /// Every other heading, in order, with the text up to the next heading of any level.
    pub headings: Vec<Heading>,
    text: String,
    /// Where the preamble starts in `text`.
    preamble_start: usize,
    /// The front matter's YAML in `text` (between the `---` lines).
    front_range: Option<std::ops::Range<usize>>,
    /// The title's heading line in `text`, and where its words start.
    title_line: Option<(std::ops::Range<usize>, usize)>,
}

/// One heading of a [`Document`].
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The heading's text, without markup.
    pub text: String,
    /// The heading as written, links and emphasis included.
    pub raw: String,
    /// Where the heading starts in the document text.
    start: usize,
    /// Where the text under it starts.
    body_start: usize,
}

/// A heading and everything under it that belongs to it, by the rule of [`Document::parts`].
#[derive(Debug, Clone)]
pub struct Part {
    pub level: u8,
    /// The heading as written ("Decision Drivers <!-- optional -->").
    pub heading: String,
    /// The heading's words, without markup or comments ("Decision Drivers"): what it means.
    pub name: String,
    /// The normalised Markdown under the heading, sub-headings it owns included.
    pub body: String,
    /// The whole part in the document text: its heading line to the next part.
    pub range: std::ops::Range<usize>,
    /// The text under the heading, in the document text.
    pub body_range: std::ops::Range<usize>,
}

impl Document {
    pub fn parse(source: &str) -> Document {
        let text = unix_newlines(source).into_owned();
        let (front, offset) = split_front_matter(&text);
        let body = &text[offset..];
        let mut headings = Vec::new();
        let mut current: Option<(u8, usize, String)> = None;
        for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    current = Some((heading_level(level), range.start, String::new()));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, _, text)) = current.as_mut() {
                        text.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, text)) = current.take() {
                        let first_line = body[range.clone()].lines().next().unwrap_or("");
                        let raw = first_line
                            .trim()
                            .trim_start_matches('#')
                            .trim_end_matches('#')
                            .trim()
                            .to_string();
                        headings.push(Heading {
                            level,
                            raw,
                            text: text.trim().to_string(),
                            start: offset + start,
                            body_start: offset + line_end(body, range.end),
                        });
                    }
                }
                _ => {}
            }
        }
        let mut title = None;
        let mut title_line = None;
        let mut preamble_start = offset;
        if let Some(first) = headings.first()
            && first.level == 1
        {
            title = Some(first.raw.clone());
            preamble_start = first.body_start;
            let line = &text[first.start..first.body_start];
            let words = first.start + line.find(first.raw.as_str()).unwrap_or(0);
            title_line = Some((first.start..first.body_start, words));
            headings.remove(0);
        }
        let preamble_end = headings.first().map_or(text.len(), |h| h.start);
        let preamble = normalize(text.get(preamble_start..preamble_end).unwrap_or(""));
        let front_range = front.as_ref().map(|yaml| 4..4 + yaml.len());
        Document {
            front,
            title,
            preamble,
            headings,
            text,
            preamble_start,
            front_range,
            title_line,
        }
    }

    /// The whole text, line endings made `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the front matter's YAML lies in [`Document::text`].
    pub fn front_range(&self) -> Option<std::ops::Range<usize>> {
        self.front_range.clone()
    }

    /// Where the title's heading line lies, and where its words start.
    pub fn title_line(&self) -> Option<(std::ops::Range<usize>, usize)> {
        self.title_line.clone()
    }

    /// Where the text between the title (or front matter) and the first heading lies.
    pub fn preamble_range(&self) -> std::ops::Range<usize> {
        let end = self.headings.first().map_or(self.text.len(), |h| h.start);
        self.preamble_start.min(end)..end
    }

    /// Everything after the title, headings included, normalised.
    pub fn after_title(&self) -> String {
        normalize(self.text.get(self.preamble_start..).unwrap_or(""))
    }

    /// The headings grouped into parts: a heading `claims` says is one of its own starts a
    /// part; any other heading starts a part only when it is not deeper than the part before
    /// it, and otherwise stays inside that part's text (a "### Details" under "## Context").
    pub fn parts(&self, claims: impl Fn(&str) -> bool) -> Vec<Part> {
        let mut starts: Vec<usize> = Vec::new();
        let mut current_level: Option<u8> = None;
        for (i, h) in self.headings.iter().enumerate() {
            let owned = current_level.is_some_and(|level| h.level > level) && !claims(&h.text);
            if !owned {
                starts.push(i);
                current_level = Some(h.level);
            }
        }
        starts
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let h = &self.headings[i];
                let end = starts
                    .get(n + 1)
                    .map_or(self.text.len(), |&next| self.headings[next].start);
                Part {
                    level: h.level,
                    heading: h.raw.clone(),
                    name: h.text.clone(),
                    body: normalize(self.text.get(h.body_start..end).unwrap_or("")),
                    range: h.start..end,
                    body_range: h.body_start.min(end)..end,
                }
            })
            .collect()
    }
}

/// Text with every line ending (`\r\n`, a lone `\r`) made `\n`.
pub fn unix_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The offset just past the end of the line that `at` is on (or `at` if it starts a line).
fn line_end(text: &str, at: usize) -> usize {
    if at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Splits `---\nYAML\n---\n` off the top. Returns the YAML and where the rest starts.
fn split_front_matter(text: &str) -> (Option<String>, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, 0);
    };
    let mut at = 4;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (Some(text[4..at].to_string()), at + line.len());
        }
        at += line.len();
    }
    (None, 0)
}

/// Section text as it is kept: no blank lines before it, no white space after it.
pub fn normalize(text: &str) -> String {
    let trimmed = text.trim_end();
    let start = trimmed
        .split_inclusive('\n')
        .take_while(|line| line.trim().is_empty())
        .map(str::len)
        .sum::<usize>();
    trimmed[start..].to_string()
}

/// Removes the indentation all non-blank lines share, then normalises.
pub fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect();
    normalize(&lines.join("\n"))
}

pub use blocks::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_code_blocks_are_text() {
        let doc = Document::parse(
            "---\nstatus: accepted\n---\n# Title\n\nIntro\n\n## Context\n\n```\n# not a heading\n```\n\n### Detail\n\nMore\n\n## Decision\n\nYes\n",
        );
        assert_eq!(doc.front.as_deref(), Some("status: accepted\n"));
        assert_eq!(doc.title.as_deref(), Some("Title"));
        assert_eq!(doc.preamble, "Intro");
        let parts = doc.parts(|h| h == "Decision" || h == "Context");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].heading, "Context");
        assert_eq!(
            parts[0].body,
            "```\n# not a heading\n```\n\n### Detail\n\nMore"
        );
        assert_eq!(parts[1].body, "Yes");
    }

    #[test]
    fn lists_keep_checkboxes_and_continuations() {
        let items =
            list_items("Intro\n\n- [ ] open one\n  more\n- [x] done\n* plain\n  - nested\n");
        assert_eq!(
            items,
            vec![
                ListItem {
                    text: "open one\nmore".into(),
                    checked: Some(false)
                },
                ListItem {
                    text: "done".into(),
                    checked: Some(true)
                },
                ListItem {
                    text: "plain\n- nested".into(),
                    checked: None
                },
            ]
        );
    }

    #[test]
    fn tables_unescape_pipes() {
        let (t, before, after) = table(
            "All times in UTC.\n\n| Time | Event |\n| :--- | --- |\n| 10:00 | a \\| b |\n\nAfter",
        )
        .unwrap();
        assert_eq!(t.header, vec!["Time", "Event"]);
        assert_eq!(t.rows, vec![vec!["10:00".to_string(), "a | b".to_string()]]);
        assert_eq!(
            (before.as_str(), after.as_str()),
            ("All times in UTC.", "After")
        );
    }

    #[test]
    fn links_carry_the_words_before_them() {
        let l = links("Supercedes [1. Record](0001-record.md)\nSee [a](x.md) and [b](y.md)");
        assert_eq!(l[0].before, "Supercedes");
        assert_eq!(l[0].target, "0001-record.md");
        assert_eq!(l[2].before, "and");
        assert_eq!(slug("Use  PostgreSQL (v16)!"), "use-postgresql-v16");
    }
}
