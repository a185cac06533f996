//! A decision's status written back: in the file's place for it (front matter, a metadata
//! line, adr-tools' Status section with its link lines) and in the file's style — its own words
//! while they still say the status, else the new word in their case and emphasis.

use serde_json::json;

use super::super::field_of;
use super::set_metadata;
use crate::domain::{Decision, DecisionStatus};
use crate::interop::edit::{Edits, front_key, metadata_value, set_body, set_front};
use crate::interop::markdown::{self, Document, Part, fold};

/// The status as the file will write it. The record's own words when they were just changed
/// (the check after writing refuses them if they say another status) or still say its
/// status; else the words the file has now when they already say it; else the new status in
/// the style of the file's words: their case ("ACCEPTED" → "DEPRECATED") and the emphasis
/// around them; a link or a note after the old word said something of the old status and goes.
fn status_words(was: &Decision, now: &Decision, old: Option<&str>, capital: bool) -> String {
    if let Some(text) = &now.status_text
        && (now.status_text != was.status_text || now.status.is_said_by(&markdown::plain(text)))
    {
        return text.clone();
    }
    let old = old.map(str::trim).filter(|o| !o.is_empty());
    if let Some(old) = old
        && now.status.is_said_by(&markdown::plain(old))
        && DecisionStatus::from_words(&markdown::plain(old)).is_some()
    {
        return old.to_string();
    }
    restyle(now.status.as_str(), old, capital)
}

/// `word` written as the file wrote its status word in `old`: upper case, capitalised or lower
/// case, inside the same emphasis (`**Accepted** by the board` → `**Deprecated**`).
fn restyle(word: &str, old: Option<&str>, capital: bool) -> String {
    let Some(old) = old else {
        return if capital {
            capitalised(word)
        } else {
            word.to_string()
        };
    };
    // The old text without a link around it: "[**Accepted**](…)" → "**Accepted**".
    let inner = markdown::links(old)
        .into_iter()
        .find(|l| l.before.is_empty())
        .map_or(old.to_string(), |_| {
            let end = old.find("](").unwrap_or(old.len());
            old[..end].trim_start_matches('[').to_string()
        });
    let marks: String = inner
        .chars()
        .take_while(|c| matches!(c, '*' | '_'))
        .collect();
    let first: String = inner[marks.len()..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let cased = if first.chars().count() > 1 && first.chars().all(|c| !c.is_lowercase()) {
        word.to_uppercase()
    } else if first.starts_with(char::is_uppercase) || (first.is_empty() && capital) {
        capitalised(word)
    } else {
        word.to_string()
    };
    let closes = inner[marks.len() + first.len()..].starts_with(&marks);
    if !marks.is_empty() && closes {
        format!("{marks}{cased}{marks}")
    } else {
        cased
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

pub(super) fn set_status(
    edits: &mut Edits,
    doc: &Document,
    parts: &[Part],
    was: &Decision,
    now: &Decision,
) {
    if let Some(key) = front_key(doc, &["status"]) {
        let old = doc
            .front
            .as_deref()
            .and_then(|y| crate::interop::front::from_yaml(y).ok())
            .and_then(|m| m.get(key).and_then(|v| v.as_str().map(str::to_string)));
        let capital = old
            .as_deref()
            .is_some_and(|o| o.starts_with(char::is_uppercase));
        set_front(
            edits,
            doc,
            key,
            Some(&json!(status_words(was, now, old.as_deref(), capital))),
        );
        return;
    }
    if let Some(range) = metadata_value(doc, &["status"]) {
        let old = doc.text()[range.clone()].to_string();
        edits.replace(range, status_words(was, now, Some(&old), true));
        return;
    }
    if let Some(part) = parts.iter().find(|p| fold(&p.name) == "status") {
        // adr-tools: the words first, the link lines after them stay.
        let is_link = |l: &str| l.contains("](") && l.contains(".md");
        let links: Vec<&str> = part.body.lines().filter(|l| is_link(l)).collect();
        let old: Vec<&str> = part
            .body
            .lines()
            .filter(|l| !is_link(l) && !l.trim().is_empty())
            .collect();
        let old = (!old.is_empty()).then(|| old.join("\n"));
        let mut lines = Vec::new();
        if !(now.status == DecisionStatus::Superseded
            && now.status_text.is_none()
            && !links.is_empty())
        {
            lines.push(status_words(was, now, old.as_deref(), true));
        }
        let mut body = lines.join("\n");
        for link in links {
            body.push_str("\n\n");
            body.push_str(link);
        }
        set_body(edits, doc, part, &body);
        return;
    }
    let words = status_words(was, now, None, doc.front.is_none());
    set_metadata(edits, doc, &["status"], &["status"], "Status", Some(&words));
}

/// adr-tools keeps a decision's links as lines of its Status section ("Supercedes [2. Use
/// PostgreSQL](0002-use-postgresql.md)", "Superceded by …"). Rewrites those lines to `lines`
/// when they differ, the status words kept (a superseded record says only who superseded it, as
/// adr-tools writes it). `None` when the file has no Status section or nothing changes.
pub fn set_status_links(text: &str, now: &Decision, lines: &[String]) -> Option<String> {
    let doc = Document::parse(text);
    let parts = doc.parts(|h| field_of(h).is_some());
    let part = parts.iter().find(|p| fold(&p.name) == "status")?;
    let is_link = |l: &str| l.contains("](") && l.contains(".md");
    let current: Vec<&str> = part
        .body
        .lines()
        .filter(|l| is_link(l))
        .map(str::trim)
        .collect();
    if current == lines.iter().map(String::as_str).collect::<Vec<_>>() {
        return None;
    }
    let words: Vec<&str> = part
        .body
        .lines()
        .filter(|l| !is_link(l) && !l.trim().is_empty())
        .collect();
    let superseded_by = lines
        .iter()
        .any(|l| fold(l).starts_with("superse") && fold(l).contains(" by "))
        || lines
            .iter()
            .any(|l| fold(l).starts_with("superce") && fold(l).contains(" by "));
    let mut body: Vec<String> = Vec::new();
    if !(superseded_by && now.status == DecisionStatus::Superseded && now.status_text.is_none()) {
        if words.is_empty() {
            body.push(status_words(now, now, None, true));
        } else {
            body.extend(words.iter().map(|w| w.to_string()));
        }
    }
    body.extend(lines.iter().cloned());
    let mut edits = Edits::new(doc.text());
    set_body(&mut edits, &doc, part, &body.join("\n\n"));
    Some(edits.finish())
}
