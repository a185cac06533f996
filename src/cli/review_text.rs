//! The text `show` prints for a review's items (numbered in walk order, the numbers `answer`
//! takes) and for sign-offs (who, verdict, when, whether outdated, the comment), apart from
//! `text.rs` so each stays short.

use std::io::{self, Write};

use serde_json::Value;

use super::text::{hanging, str_of};

/// A review's items in walk order: `1. [ok] question`, the note below.
pub fn walk(out: &mut dyn Write, items: &Value) -> io::Result<()> {
    writeln!(out, "\n## Items\n")?;
    for item in items.as_array().into_iter().flatten() {
        writeln!(
            out,
            "{}. [{}] {} ({})",
            str_of(&item["number"]),
            str_of(&item["answer"]),
            str_of(&item["question"]),
            str_of(&item["id"])
        )?;
        let note = str_of(&item["note"]);
        if !note.trim().is_empty() {
            writeln!(out, "   note: {}", hanging(&note, 9))?;
        }
    }
    Ok(())
}

/// Who signed off, with the verdict, the time, whether it is outdated and the comment; what
/// is missing first.
pub fn signoffs(out: &mut dyn Write, object: &serde_json::Map<String, Value>) -> io::Result<()> {
    let entries = object
        .get("signoffs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let warning = object.get("signoff_warning").map(str_of);
    if entries.is_empty() && warning.is_none() {
        return Ok(());
    }
    writeln!(out, "\n## Sign-offs\n")?;
    if let Some(warning) = warning {
        writeln!(out, "{warning}\n")?;
    }
    for s in entries {
        let role = str_of(&s["role"]);
        let who = if role.trim().is_empty() {
            str_of(&s["name"])
        } else {
            format!("{} ({role})", str_of(&s["name"]))
        };
        let verdict = str_of(&s["verdict"])
            .parse::<crate::domain::Verdict>()
            .map(|v| v.words().to_string())
            .unwrap_or_else(|_| str_of(&s["verdict"]));
        let mut parts = vec![format!("- {who}: {verdict}")];
        if let Some(at) = s["at"]
            .as_str()
            .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
        {
            parts.push(at.format("%Y-%m-%d %H:%M UTC").to_string());
        }
        if let Some(outdated) = s["outdated"].as_bool() {
            parts.push(format!("outdated: {outdated}"));
        }
        if let Some(review) = s.get("review_id") {
            parts.push(format!("in {}", str_of(review)));
        }
        writeln!(out, "{}", parts.join(" · "))?;
        let comment = str_of(&s["comment"]);
        if !comment.trim().is_empty() {
            writeln!(out, "  “{}”", hanging(&comment, 3))?;
        }
    }
    Ok(())
}
