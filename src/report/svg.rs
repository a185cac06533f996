//! The trace diagram as inline SVG for the report: the same four layers as the window's
//! (incidents → lessons → trade-offs → decisions), laid out in fixed columns so it prints.
//! Every piece of text is escaped; nothing in it is active.

use std::collections::HashMap;
use std::fmt::Write;

use super::graph::{Graph, LAYER_TITLES, Node};
use super::safe::escape;
use crate::domain::Kind;

const COLUMN: f32 = 220.0;
const GAP: f32 = 44.0;
const TOP: f32 = 28.0;
const PAD: f32 = 10.0;
const TITLE_LINE: f32 = 16.0;
const NOTE_LINE: f32 = 14.0;
const TITLE_SIZE: f32 = 13.0;
const NOTE_SIZE: f32 = 11.0;
/// The width text may take inside a box.
const INNER: f32 = COLUMN - 2.0 * PAD;

fn fill(kind: Kind) -> &'static str {
    match kind {
        Kind::Incident => "#fde2de",
        Kind::Lesson => "#fef0cd",
        Kind::TradeOff => "#deeafc",
        _ => "#def5e4",
    }
}

/// The diagram; `n` makes its marker id unique in a page with several.
pub fn trace_svg(graph: &Graph, n: usize) -> String {
    trace_svg_linked(graph, n, &|_| None)
}

/// The diagram with each box a link to where its record is told (`link` says where, if
/// anywhere).
pub fn trace_svg_linked(graph: &Graph, n: usize, link: &dyn Fn(&Node) -> Option<String>) -> String {
    let mut boxes: HashMap<&str, (f32, f32, f32)> = HashMap::new();
    // A diagram of links is a group a screen reader can enter; one without, a picture.
    let mut role = "img";
    let mut body = String::new();
    let mut bottom = TOP;
    for (column, layer) in graph.layers.iter().enumerate() {
        let x = column as f32 * (COLUMN + GAP);
        let _ = write!(
            body,
            r##"<text x="{x}" y="16" font-size="12" fill="#555">{}</text>"##,
            LAYER_TITLES[column]
        );
        let mut y = TOP;
        for node in layer {
            let title = wrap(&node.title, INNER, TITLE_SIZE * BOLD);
            let note = wrap(&node.note, INNER, NOTE_SIZE);
            let height = PAD * 2.0
                + title.len() as f32 * TITLE_LINE
                + note.len() as f32 * NOTE_LINE
                + if note.is_empty() { 0.0 } else { 4.0 };
            let href = link(node);
            if let Some(href) = &href {
                role = "group";
                let _ = write!(body, r##"<a href="{}">"##, escape(href));
            }
            let _ = write!(
                body,
                r##"<g><title>{kind}: {full}</title><rect x="{x}" y="{y}" width="{COLUMN}" height="{height}" rx="8" fill="{fill}" stroke="#8a8f98"/>"##,
                kind = node.kind.label(),
                full = escape(&node.title),
                fill = fill(node.kind),
            );
            let mut line_y = y + PAD + 12.0;
            for line in &title {
                let _ = write!(
                    body,
                    r##"<text x="{}" y="{line_y}" font-size="13" font-weight="600" fill="#1d1f23">{}</text>"##,
                    x + PAD,
                    escape(line)
                );
                line_y += TITLE_LINE;
            }
            line_y += 4.0;
            for line in &note {
                let _ = write!(
                    body,
                    r##"<text x="{}" y="{line_y}" font-size="11" fill="#3a3d42">{}</text>"##,
                    x + PAD,
                    escape(line)
                );
                line_y += NOTE_LINE;
            }
            body.push_str("</g>");
            if href.is_some() {
                body.push_str("</a>");
            }
            boxes.insert(&node.id, (x, y, height));
            y += height + 14.0;
        }
        bottom = bottom.max(y);
    }
    let mut edges = String::new();
    for (from, to) in &graph.edges {
        let (Some(a), Some(b)) = (boxes.get(from.as_str()), boxes.get(to.as_str())) else {
            continue;
        };
        let (x1, y1) = (a.0 + COLUMN, a.1 + a.2 / 2.0);
        let (x2, y2) = (b.0 - 2.0, b.1 + b.2 / 2.0);
        let mid = (x1 + x2) / 2.0;
        let _ = write!(
            edges,
            r##"<path d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}" fill="none" stroke="#6b7078" stroke-width="1.5" marker-end="url(#arrow-{n})"/>"##
        );
    }
    // A unit of margin on every side so the boxes' outer strokes are not cut.
    let width = 4.0 * COLUMN + 3.0 * GAP + 2.0;
    let height = bottom.max(TOP + 20.0) + 2.0;
    let mut described = format!("How we got to {}", graph.headline);
    if graph.layers.iter().all(Vec::is_empty) {
        described = "Nothing to trace yet".into();
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="trace" role="{role}" aria-label="{title}" viewBox="-1 -1 {width} {height}" width="100%" font-family="system-ui, -apple-system, Segoe UI, sans-serif"><title>{title}</title><defs><marker id="arrow-{n}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#6b7078"/></marker></defs>{edges}{body}</svg>"##,
        title = escape(&described),
    )
}

/// How much wider bold text is than regular, at most.
const BOLD: f32 = 1.1;

/// The width of a character in em, a little more than the common sans-serif fonts give it
/// (DejaVu Sans, Liberation Sans, Segoe UI, Helvetica): text measured with these never
/// overflows its box, whichever of those fonts the reader's browser picks.
fn em(c: char) -> f32 {
    match c {
        ' ' | '\u{a0}' | 'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.36,
        '•' => 0.5,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.45,
        'm' | 'w' => 0.98,
        'M' | 'W' => 1.05,
        '0'..='9' => 0.66,
        'A'..='Z' => 0.8,
        'a'..='z' => 0.66,
        c if c.is_ascii() => 0.86,
        // Wide scripts, symbols, anything else.
        _ => 1.05,
    }
}

/// The width of `text` at `size` pixels, estimated from above.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(em).sum::<f32>() * size
}

/// Splits text into lines no wider than `width` pixels at `size`, at spaces, so the box grows
/// to hold all of it: nothing is cut. A word too long for a line is broken across lines; a
/// line's own indentation is kept, and the lines an item ("• …") wraps onto hang under its
/// words. (Leading spaces are no-break spaces, which SVG does not collapse.)
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let width_of = |s: &str| text_width(s, size);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let body = paragraph.trim_start();
        let indent = paragraph.len() - body.len();
        let lead = "\u{a0}".repeat(indent);
        let hang = if body.starts_with("• ") {
            "\u{a0}".repeat(indent + 2)
        } else {
            lead.clone()
        };
        let mut line = lead;
        let mut used = width_of(&line);
        let mut empty = true;
        for word in body.split_whitespace() {
            let word_width = width_of(word);
            let space = if empty { 0.0 } else { width_of(" ") };
            if used + space + word_width <= width {
                if !empty {
                    line.push(' ');
                }
                line.push_str(word);
                used += space + word_width;
                empty = false;
                continue;
            }
            if !empty {
                lines.push(std::mem::replace(&mut line, hang.clone()));
                used = width_of(&hang);
            }
            // On a line of its own; broken where it must be.
            for c in word.chars() {
                let w = width_of(c.encode_utf8(&mut [0; 4]));
                if used + w > width && line.chars().count() > hang.chars().count() {
                    lines.push(std::mem::replace(&mut line, hang.clone()));
                    used = width_of(&hang);
                }
                line.push(c);
                used += w;
            }
            empty = false;
        }
        if !empty {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_nothing() {
        let size = 10.0;
        let w = |s: &str| text_width(s, size);
        assert_eq!(
            wrap("one two three", w("one two"), size),
            vec!["one two", "three"]
        );
        assert_eq!(
            wrap("gain: x\ncost: y", 500.0, size),
            vec!["gain: x", "cost: y"]
        );
        // A word longer than a line is broken, every letter kept.
        let broken = wrap("supercalifragilistic", w("super"), size);
        assert!(broken.len() >= 4, "{broken:?}");
        assert_eq!(broken.concat(), "supercalifragilistic");
        assert!(broken.iter().all(|l| w(l) <= w("super")), "{broken:?}");
        // However long, all of it: no line is dropped, no word lost.
        let long = "every payment is kept and drained in minutes ".repeat(12);
        let lines = wrap(&long, w("every payment is kept"), size);
        assert!(lines.len() > 12);
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            long.split_whitespace().collect::<Vec<_>>()
        );
        // An item's wrapped lines hang under its words.
        let item = wrap("• a bb ccc", w("• a bb"), size);
        assert_eq!(item, vec!["• a bb", "\u{a0}\u{a0}ccc"]);
    }

    #[test]
    fn a_box_grows_to_hold_every_line_of_its_text() {
        use crate::report::graph::Node;
        let long = "A rush of 10,000 payments waits in line and drains in minutes; every payment is kept. ".repeat(6);
        let mut graph = Graph::default();
        graph.layers[2].push(Node {
            id: "t".into(),
            kind: Kind::TradeOff,
            title: "A trade-off".into(),
            note: format!("gain: {long}\ncost: none"),
        });
        let svg = trace_svg(&graph, 0);
        let attr = |tag: &str, name: &str| -> f32 {
            let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
        };
        let rect = &svg[svg.find("<rect").unwrap()..];
        let bottom = attr(rect, "y") + attr(rect, "height");
        let texts: Vec<&str> = svg.split("<text").skip(5).collect();
        assert!(texts.len() > 8, "{svg}");
        for text in &texts {
            assert!(attr(text, "y") < bottom, "a line below its box: {text}");
            assert!(!text.contains('…'), "{text}");
        }
        assert!(svg.contains("cost: none"));
    }

    #[test]
    fn no_label_of_the_demo_overflows_its_box() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(dir.path().join("ws.db")).unwrap();
        crate::demo::load_demo(&mut store).unwrap();
        let mut seen = 0;
        for d in store.list::<crate::domain::Decision>().unwrap() {
            let graph = crate::report::graph(&store, &d.id).unwrap();
            for node in graph.layers.iter().flatten() {
                for (text, size) in [(&node.title, TITLE_SIZE * BOLD), (&node.note, NOTE_SIZE)] {
                    for line in wrap(text, INNER, size) {
                        seen += 1;
                        assert!(
                            text_width(&line, size) <= INNER,
                            "{line:?} is wider than its box"
                        );
                    }
                }
            }
        }
        assert!(seen > 50);
        // "ADR-4: Database connection…" was cut at the edge at 28 characters a line.
        let title = wrap(
            "ADR-4: Database connections go through a bounded pool",
            INNER,
            TITLE_SIZE * BOLD,
        );
        assert!(title.iter().all(|l| !l.ends_with('…')), "{title:?}");
        assert!(title.len() >= 2);
    }
}
