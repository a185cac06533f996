//! Text written by users never becomes active content in a report. Plain fields are escaped;
//! Markdown fields are rendered with pulldown-cmark with raw HTML turned into visible text and
//! images into links (a report makes no requests), then cleaned by `ammonia`, which keeps only
//! http(s), mailto and relative links. For the Markdown report the same rules are applied to
//! the Markdown source itself, so whatever renders it later finds nothing active either.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(SCHEMES))
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link may stay a link: http(s), mailto, or relative (no scheme at all).
pub fn is_safe_url(url: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    match lower.find(':') {
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            SCHEMES.contains(&&lower[..colon])
        }
        _ => true,
    }
}

/// Where a relative link written in a user's file goes on a page: its new target, or `None`
/// (the link's text stays, without the link).
pub type RelativeLinks = Box<dyn Fn(&str) -> Option<String>>;

/// How Markdown is rendered inside a page of the published site: where the user's relative
/// links go (to the page of the record a link names, or nowhere: the text stays), and the
/// level the user's own headings start at, so a page's headings stay in order.
pub struct PagePolicy {
    /// A relative link's target (as written) to its place on the site, if any.
    pub relative: RelativeLinks,
    /// The level of the user's first heading level (`4`: a `#` becomes `<h4>`).
    pub top_heading: u8,
}

thread_local! {
    static POLICY: std::cell::RefCell<Option<std::rc::Rc<PagePolicy>>> =
        const { std::cell::RefCell::new(None) };
    /// The level the user's headings start at inside the section being written, when it is
    /// not the policy's (see [`under_heading`]).
    static TOP_HEADING: std::cell::Cell<Option<u8>> = const { std::cell::Cell::new(None) };
}

/// Runs `render` with `policy` applied to every Markdown field it renders on this thread.
pub fn within_page<T>(policy: PagePolicy, render: impl FnOnce() -> T) -> T {
    let before = POLICY.with(|p| p.replace(Some(std::rc::Rc::new(policy))));
    let out = render();
    POLICY.with(|p| *p.borrow_mut() = before);
    out
}

/// Runs `render` inside a page's section headed at `level`: the user's headings in the
/// Markdown it renders start one level below (a section of level 2 holds them from `<h3>`),
/// so the page's headings never skip a level.
pub fn under_heading<T>(level: u8, render: impl FnOnce() -> T) -> T {
    let before = TOP_HEADING.with(|t| t.replace(Some(level + 1)));
    let out = render();
    TOP_HEADING.with(|t| t.set(before));
    out
}

/// Whether a link target names no scheme: relative to the file it was written in.
fn is_relative(url: &str) -> bool {
    !url.starts_with("//")
        && url
            .split(['/', '?', '#'])
            .next()
            .is_none_or(|first| !first.contains(':'))
}

/// Applies the page's policy to a field's events: relative links to their page or to text,
/// headings from the policy's level, in the order of their own levels.
fn under_policy<'a>(events: Vec<Event<'a>>, policy: &PagePolicy, top: u8) -> Vec<Event<'a>> {
    use pulldown_cmark::HeadingLevel;
    let mut levels: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    let as_level = |n: u8| match n.min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    // Each heading by the rank of its level among the field's levels, and never more than
    // one below the heading before it (a field may open with `###` and go on with `##`).
    let mut previous = top.saturating_sub(1);
    let mut level_of = |level: HeadingLevel| {
        let rank = levels.iter().position(|l| *l == level).unwrap_or(0) as u8;
        let n = (top + rank).min(previous + 1).max(top);
        previous = n;
        as_level(n)
    };
    let mut current: Vec<HeadingLevel> = Vec::new();
    let mut open_links: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let level = level_of(level);
                current.push(level);
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }))
            }
            Event::End(TagEnd::Heading(_)) => {
                let level = current.pop().unwrap_or(HeadingLevel::H6);
                out.push(Event::End(TagEnd::Heading(level)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_relative(&dest_url) => match (policy.relative)(&dest_url) {
                Some(target) => {
                    open_links.push(true);
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(target),
                        title,
                        id,
                    }));
                }
                None => {
                    open_links.push(false);
                }
            },
            Event::Start(Tag::Link { .. }) => {
                open_links.push(true);
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop().unwrap_or(true) {
                    out.push(event);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Markdown written by a user as HTML safe to embed.
pub fn markdown_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 2);
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            title,
            id: CowStr::Borrowed(""),
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    match POLICY.with(|p| p.borrow().clone()) {
        Some(policy) => {
            let top = TOP_HEADING.with(|t| t.get()).unwrap_or(policy.top_heading);
            let events = under_policy(events.collect(), &policy, top);
            pulldown_cmark::html::push_html(&mut html, events.into_iter());
        }
        None => pulldown_cmark::html::push_html(&mut html, events),
    }
    CLEANER.clean(&html).to_string()
}

/// Plain text written by a user, as Markdown that shows exactly that text: every character
/// Markdown or HTML would act on is escaped, and line breaks become spaces (for headings and
/// table cells).
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markdown written by a user, made safe to render anywhere: raw HTML is escaped so it shows
/// as text, links to other schemes lose their target (their text stays), images become links.
pub fn markdown_source(markdown: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut covered = 0..0;
    let mut link: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if range.start < covered.end && range.end <= covered.end {
            continue;
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                let raw = &markdown[range.clone()];
                edits.push((range, raw.replace('&', "&amp;").replace('<', "&lt;")));
            }
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_url(&dest_url) => {
                link = Some((range, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if is_safe_url(&dest_url) {
                    // `![alt](url)` → `[alt](url)`: a link to the picture, not a request.
                    edits.push((range.start..range.start + 1, String::new()));
                } else {
                    link = Some((range, String::new()));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = link.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((whole, words)) = link.take() {
                    covered = whole.clone();
                    edits.retain(|(r, _)| r.end <= whole.start || r.start >= whole.end);
                    edits.push((whole, markdown_text(&words)));
                }
            }
            _ => {}
        }
    }
    edits.extend(unsafe_definitions(markdown));
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&markdown[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    out
}

/// Link reference definitions (`[notes]: javascript:…`) whose target is not safe, however a
/// Markdown renderer might read them (CommonMark, or python-markdown, which also takes them
/// indented or inside lists and quotes): their `[` is escaped so they show as text. A
/// definition in one record would otherwise arm a `[text][notes]` in another record of the
/// same report.
fn unsafe_definitions(markdown: &str) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    let mut at = 0;
    for line in markdown.split_inclusive('\n') {
        let start = at;
        at += line.len();
        // Past indentation, quote markers and list markers.
        let body = line.trim_start_matches([' ', '\t', '>', '-', '*', '+']);
        let offset = line.len() - body.len();
        let Some(rest) = body.strip_prefix('[') else {
            continue;
        };
        let Some(close) = rest.find("]:") else {
            continue;
        };
        if rest[..close].is_empty() || rest[..close].contains('[') {
            continue;
        }
        let target = rest[close + 2..].trim_start();
        let target = target
            .strip_prefix('<')
            .map_or(target, |t| t.split('>').next().unwrap_or(t));
        let target = target.split_whitespace().next().unwrap_or("");
        if target.is_empty() || is_safe_url(target) {
            continue;
        }
        // The whole definition as plain text: its target must not become an autolink either.
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let bracket = start + offset;
        edits.push((bracket..end, markdown_text(&markdown[bracket..end])));
    }
    edits
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_fields_headings_never_skip_a_level_under_the_pages_section() {
        let policy = PagePolicy {
            relative: Box::new(|_| None),
            top_heading: 4,
        };
        // Opens with `###`, goes on with `##`: as the DNS decision of the govuk-aws corpus.
        let html = within_page(policy, || {
            under_heading(2, || markdown_html("### a\n\nx\n\n## b\n\ny\n\n### c\n\nz"))
        });
        let levels: Vec<&str> = html.matches("<h").map(|_| "").collect();
        assert_eq!(levels.len(), 3, "{html}");
        assert!(html.contains("<h3>a</h3>"), "{html}");
        assert!(html.contains("<h3>b</h3>"), "{html}");
        assert!(html.contains("<h4>c</h4>"), "{html}");
    }
    use super::*;

    #[test]
    fn only_web_mail_and_relative_links_are_safe() {
        for safe in [
            "https://example.com",
            "http://x",
            "mailto:a@b.c",
            "../adr/0001.md",
            "#top",
            "page?x=a:b",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn markdown_html_keeps_formatting_and_drops_everything_active() {
        let html = markdown_html(
            "**bold** [ok](https://example.com) <script>alert(1)</script>\n\n\
             [bad](javascript:alert(1)) ![pic](https://tracker.example/p.png)\n\n\
             <img src=x onerror=alert(1)>\n\n<svg onload=alert(1)><circle/></svg>",
        );
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("&lt;script&gt;"), "shown as text: {html}");
        // Handlers may stay as visible text after an escaped `&lt;`, never inside a tag.
        for active in ["<script", "href=\"javascript", "<img", "<svg", "<p onerror"] {
            assert!(!html.contains(active), "{active} survived: {html}");
        }
    }

    #[test]
    fn markdown_source_escapes_raw_html_and_defuses_links() {
        let md = markdown_source(
            "Keep **this** and [ok](https://example.com).\n\n<script>alert(1)</script>\n\n\
             A [bad *link*](javascript:alert(1)) and ![pic](https://x.example/p.png) and \
             <javascript:alert(2)> and `<b>code</b>`.",
        );
        assert!(
            md.contains("Keep **this** and [ok](https://example.com)."),
            "{md}"
        );
        assert!(md.contains("&lt;script>alert(1)&lt;/script>"), "{md}");
        assert!(
            md.contains("A bad link and [pic](https://x.example/p.png)"),
            "{md}"
        );
        assert!(md.contains("`<b>code</b>`"), "code stays code: {md}");
        let rendered = markdown_html(&md);
        assert!(!rendered.contains("href=\"javascript"), "{rendered}");
        let mut raw = String::new();
        pulldown_cmark::html::push_html(&mut raw, Parser::new(&md));
        for active in ["<script", "href=\"javascript", "<img", "<b>code"] {
            assert!(!raw.contains(active), "{active} in {raw}");
        }
    }

    #[test]
    fn unsafe_reference_definitions_are_defused_wherever_they_stand() {
        for definition in [
            "[notes]: javascript:alert(1)",
            "   [notes]: <javascript:alert(1)> \"t\"",
            "> [notes]: JAVASCRIPT:alert(1)",
            "- [notes]: data:text/html,x",
        ] {
            let source = markdown_source(&format!("Intro.\n\n{definition}\n"));
            // Another record's text, in the same report, using the label.
            let report = format!("{source}\nSee the [design notes][notes].\n");
            let rendered = markdown_html(&report);
            assert!(
                !rendered.to_lowercase().contains("href=\"javascript"),
                "{rendered}"
            );
            assert!(!rendered.contains("href=\"data"), "{rendered}");
            assert!(source.contains("\\[notes\\]"), "{source}");
        }
        // A safe definition stays a definition.
        let kept = markdown_source("[docs]: https://example.com/docs\n\nSee [docs].\n");
        assert!(kept.contains("[docs]: https://example.com/docs"), "{kept}");
    }

    #[test]
    fn plain_text_stays_plain_in_markdown() {
        let md = markdown_text("<b>x</b> | [y](javascript:z) *w*\nnext");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new(&md));
        assert_eq!(
            html.trim(),
            "<p>&lt;b&gt;x&lt;/b&gt; | [y](javascript:z) *w* next</p>"
        );
    }
}
