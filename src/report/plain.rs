//! Markdown as plain lines, for text drawn without a Markdown renderer: the trace diagram's
//! boxes (SVG in the report, egui's painter in the window). A trade-off's gain read from a
//! MADR file is a list with links; a box should show "• it shortens the body", not
//! "- [it shortens](…)".

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The text of `markdown` as lines: each list item on its own line after a bullet, each
/// paragraph on its own, links and emphasis as their words; no empty lines.
pub fn plain_lines(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut depth: usize = 0;
    let line_break = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Item) => {
                line_break(&mut out);
                out.push_str(&"  ".repeat(depth.saturating_sub(1)));
                out.push_str("• ");
            }
            Event::Start(Tag::List(_)) => {
                depth += 1;
                line_break(&mut out);
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item,
            )
            | Event::HardBreak
            | Event::Rule => line_break(&mut out),
            Event::SoftBreak => out.push(' '),
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => out.push_str(&text),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_lines_of_words() {
        assert_eq!(plain_lines("flat database load"), "flat database load");
        assert_eq!(
            plain_lines("- [consistent](https://x) to *mustache*\n- no `confusion`\n  with links"),
            "• consistent to mustache\n• no confusion with links"
        );
        assert_eq!(plain_lines("One.\n\nTwo."), "One.\nTwo.");
        assert_eq!(plain_lines("* a\n  * b\n* c"), "• a\n  • b\n• c");
        assert_eq!(plain_lines(""), "");
        assert_eq!(
            plain_lines("<b>raw</b> stays text"),
            "<b>raw</b> stays text"
        );
    }
}
