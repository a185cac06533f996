//! A postmortem's lessons and action items written back item by item: an item the workspace
//! still has stays byte for byte, a changed one is rewritten in its own place with its own
//! marker, a removed one goes, a new one follows the last item. Sub-headings, paragraphs and
//! every line between the items are never touched: adding one lesson adds one item.

use std::ops::Range;

use super::items::{action_from_item, lesson_from_item};
use crate::domain::{ActionItem, ActionStatus, Lesson};
use crate::interop::edit::Edits;
use crate::interop::layout::one_line;
use crate::interop::markdown::{self, Block, Document, Part, blocks};

/// One top-level list item of a part, where it is in the document text.
struct Placed {
    /// Its lines, the last one's newline included.
    range: Range<usize>,
    /// How its first line starts: indentation and list marker ("- ", "1. ", "* ").
    marker: String,
    text: String,
    checked: Option<bool>,
}

/// The part's top-level list items, in order, each located in the document text.
fn placed_items(doc: &Document, part: &Part) -> Vec<Placed> {
    let text = doc.text();
    let body = &text[part.body_range.clone()];
    // Each line of the body: where it starts in the document, and its text without newline.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = part.body_range.start;
    for line in body.split_inclusive('\n') {
        lines.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    let mut out = Vec::new();
    let mut cursor = 0;
    for block in blocks(body) {
        let Block::Item { item, raw } = block else {
            continue;
        };
        let first = raw.lines().next().unwrap_or("");
        let Some(found) = lines[cursor..]
            .iter()
            .position(|(_, l)| l.trim_end() == first)
        else {
            continue;
        };
        let start = cursor + found;
        let end = (start + raw.lines().count()).min(lines.len());
        cursor = end;
        let line = lines[start].1;
        let trimmed = line.trim_start();
        let after = markdown::bullet(trimmed).unwrap_or(trimmed);
        let marker = line[..line.len() - after.len()].to_string();
        let range_end = lines
            .get(end)
            .map_or(part.body_range.end, |(offset, _)| *offset);
        out.push(Placed {
            range: lines[start].0..range_end,
            marker,
            text: item.text,
            checked: item.checked,
        });
    }
    out
}

/// An item's lines: the marker, then the first line; the rest indented under it.
fn item_lines(marker: &str, first: &str, rest: &str) -> String {
    let indent = " ".repeat(marker.chars().count());
    let mut out = format!("{marker}{first}\n");
    for line in rest.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str(&indent);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The marker for an item after `last`: the same bullet, or the next number.
fn next_marker(last: &str) -> String {
    let lead = &last[..last.len() - last.trim_start().len()];
    let trimmed = last.trim_start();
    let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u32>() {
        Ok(n) => format!("{lead}{}{}", n + 1, &trimmed[digits.len()..]),
        Err(_) => last.to_string(),
    }
}

/// Brings the part's items to `now`, item by item. `key_of` gives an item's key from its text
/// and checkbox (`None`: not one of ours, left alone); `render` writes one, after a marker.
/// Returns `false` when the part has no list to edit (the caller writes it whole).
fn edit_items<T, K: PartialEq>(
    edits: &mut Edits,
    doc: &Document,
    part: &Part,
    now: &[T],
    key: impl Fn(&T) -> K,
    key_of: impl Fn(&Placed) -> Option<K>,
    render: impl Fn(&T, &str, Option<bool>) -> String,
) -> bool {
    let placed: Vec<Placed> = placed_items(doc, part);
    let ours: Vec<(&Placed, K)> = placed
        .iter()
        .filter_map(|p| key_of(p).map(|k| (p, k)))
        .collect();
    if ours.is_empty() {
        return false;
    }
    let mut kept = vec![false; ours.len()];
    let mut placed_now = vec![false; now.len()];
    for (n, item) in now.iter().enumerate() {
        let k = key(item);
        if let Some(i) = (0..ours.len()).find(|&i| !kept[i] && ours[i].1 == k) {
            kept[i] = true;
            placed_now[n] = true;
        }
    }
    let mut new_items = (0..now.len()).filter(|&n| !placed_now[n]);
    let checkboxes = ours.iter().any(|(p, _)| p.checked.is_some());
    for (i, (p, _)) in ours.iter().enumerate() {
        if kept[i] {
            continue;
        }
        match new_items.next() {
            // A changed item, in its own place and style.
            Some(n) => edits.replace(p.range.clone(), render(&now[n], &p.marker, p.checked)),
            // A removed one.
            None => edits.replace(p.range.clone(), ""),
        }
    }
    let (last, _) = ours[ours.len() - 1];
    let mut marker = last.marker.clone();
    let mut added = String::new();
    for n in new_items {
        marker = next_marker(&marker);
        added.push_str(&render(&now[n], &marker, checkboxes.then_some(false)));
    }
    if !added.is_empty() {
        let at = last.range.end;
        let text = doc.text();
        // After an item that ends the file without a newline, start a line.
        if !text[..at].ends_with('\n') {
            added.insert(0, '\n');
        }
        edits.insert(at, added);
    }
    true
}

/// The lessons, item by item; `false` when the part has no list of lessons.
pub fn edit_lessons(edits: &mut Edits, doc: &Document, part: &Part, now: &[Lesson]) -> bool {
    edit_items(
        edits,
        doc,
        part,
        now,
        lesson_key,
        |p| lesson_from_item(&p.text).map(|(s, e)| (s, markdown::normalize(&e))),
        |lesson, marker, _| item_lines(marker, &one_line(&lesson.statement), &lesson.explanation),
    )
}

fn lesson_key(l: &Lesson) -> (String, String) {
    (
        l.statement.trim().to_string(),
        markdown::normalize(&l.explanation),
    )
}

/// The action items of a list, item by item; `false` when the part has no such list.
pub fn edit_actions(edits: &mut Edits, doc: &Document, part: &Part, now: &[ActionItem]) -> bool {
    edit_items(
        edits,
        doc,
        part,
        now,
        action_key,
        |p| action_from_item(&p.text, p.checked).map(|a| action_key(&a)),
        |action, marker, checked| {
            let done = action.status == ActionStatus::Done;
            let check = match checked {
                Some(_) => format!("[{}] ", if done { "x" } else { " " }),
                None if done => "DONE: ".to_string(),
                None => String::new(),
            };
            let owner = action
                .owner
                .as_deref()
                .filter(|o| !o.contains(' ') && !o.is_empty())
                .map(|o| format!("[{o}] "))
                .unwrap_or_default();
            let due = action
                .due
                .map(|d| format!(" (due {d})"))
                .unwrap_or_default();
            let first = format!("{check}{owner}{}{due}", one_line(&action.title));
            item_lines(marker, &first, &action.notes)
        },
    )
}

type ActionKey = (
    String,
    Option<String>,
    ActionStatus,
    Option<chrono::NaiveDate>,
    String,
);

fn action_key(a: &ActionItem) -> ActionKey {
    (
        a.title.trim().to_string(),
        a.owner.clone().filter(|o| !o.trim().is_empty()),
        a.status,
        a.due,
        markdown::normalize(&a.notes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::postmortem::{Field, field_of};

    fn lessons_part(doc: &Document) -> Part {
        doc.parts(|h| field_of(h).is_some())
            .into_iter()
            .find(|p| field_of(&p.name) == Some(Field::Lessons))
            .unwrap()
    }

    #[test]
    fn one_new_lesson_is_one_new_line_and_sub_headings_stay() {
        let text = "# Outage\n\n## Lessons Learned\n\n### Technical\n\n* Caches need limits\n* Alerts need owners\n\n### Process\n\n1. Page early\n\n## Other\n\nx\n";
        let doc = Document::parse(text);
        let part = lessons_part(&doc);
        let lesson = |s: &str| Lesson {
            statement: s.into(),
            ..Lesson::default()
        };
        let now = [
            lesson("Page early"),
            lesson("Caches need limits"),
            lesson("Alerts need owners"),
            lesson("Test the restore"),
        ];
        let mut edits = Edits::new(doc.text());
        assert!(edit_lessons(&mut edits, &doc, &part, &now));
        assert_eq!(
            edits.finish(),
            "# Outage\n\n## Lessons Learned\n\n### Technical\n\n* Caches need limits\n* Alerts need owners\n\n### Process\n\n1. Page early\n2. Test the restore\n\n## Other\n\nx\n"
        );
        // A changed lesson is rewritten where it was; a removed one goes.
        let now = [lesson("Caches need size limits"), lesson("Page early")];
        let mut edits = Edits::new(doc.text());
        assert!(edit_lessons(&mut edits, &doc, &part, &now));
        assert_eq!(
            edits.finish(),
            "# Outage\n\n## Lessons Learned\n\n### Technical\n\n* Caches need size limits\n\n### Process\n\n1. Page early\n\n## Other\n\nx\n"
        );
    }

    #[test]
    fn a_done_action_item_is_ticked_in_place() {
        let text = "# Outage\n\n## Action Items\n\n- [ ] [ana] Add an alert\n- [ ] Rotate keys\n";
        let doc = Document::parse(text);
        let part = doc
            .parts(|h| field_of(h).is_some())
            .into_iter()
            .find(|p| field_of(&p.name) == Some(Field::Actions))
            .unwrap();
        let now = [
            ActionItem {
                title: "Add an alert".into(),
                owner: Some("ana".into()),
                ..ActionItem::default()
            },
            ActionItem {
                title: "Rotate keys".into(),
                status: ActionStatus::Done,
                ..ActionItem::default()
            },
        ];
        let mut edits = Edits::new(doc.text());
        assert!(edit_actions(&mut edits, &doc, &part, &now));
        assert_eq!(
            edits.finish(),
            "# Outage\n\n## Action Items\n\n- [ ] [ana] Add an alert\n- [x] Rotate keys\n"
        );
    }
}
