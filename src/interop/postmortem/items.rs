//! The records found inside a postmortem: action items (from a table, a list, checkboxes,
//! `DONE` / `TODO`, `[owner]`) and lessons learned (one per list item), each kept with a key that
//! names it within the file, so importing the file again updates it.

use super::first_date;
use crate::domain::{
    ActionItem, ActionStatus, ActionType, AnyRecord, Lesson, LessonCategory, Relation,
};
use crate::interop::markdown::{self, Table, fold, split_list, table};
use crate::interop::parsed::{Child, End, Parsed};

/// Action items from a table, a list or checkboxes; returns the text that was neither.
pub fn read_actions(body: &str, parsed: &mut Parsed) -> String {
    if let Some((t, before, after)) = table(body) {
        for (n, row) in t.rows.iter().enumerate() {
            if let Some(action) = action_from_row(&t, row) {
                parsed.children.push(Child {
                    key: format!("action-{}", n + 1),
                    record: AnyRecord::Action(action),
                });
            }
        }
        return [before, after]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    let mut found = 0;
    let (items, rest) = split_list(body);
    for item in items {
        if let Some(action) = action_from_item(&item.text, item.checked) {
            found += 1;
            parsed.children.push(Child {
                key: format!("action-{found}"),
                record: AnyRecord::Action(action),
            });
        }
    }
    rest
}

/// An action item from a table row. Cells no field takes (a priority, a due date that is not a
/// date) are kept in the notes as "Header: value".
fn action_from_row(t: &Table, row: &[String]) -> Option<ActionItem> {
    let col = |names: &[&str]| t.column(names).filter(|&c| c < row.len());
    let title_col = t
        .column(&["action", "item", "task", "what", "description"])
        .unwrap_or(0);
    let title = row.get(title_col)?.replace("<br>", " ");
    if title.trim().is_empty() {
        return None;
    }
    let mut action = ActionItem {
        title: title.trim().to_string(),
        ..Default::default()
    };
    let mut taken = vec![title_col];
    if let Some(c) = t
        .header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("id"))
        .filter(|&c| row.get(c).is_some_and(|id| id.starts_with("act-")))
    {
        action.id = row[c].clone();
        taken.push(c);
    }
    if let Some(c) = col(&["type", "kind", "category"])
        && let Some(kind) = action_type(&row[c])
    {
        action.action_type = kind;
        taken.push(c);
    }
    if let Some(c) = col(&["owner", "who", "assignee", "responsible"]) {
        action.owner = Some(row[c].clone()).filter(|o| !o.is_empty());
        taken.push(c);
    }
    if let Some(c) = col(&["due", "deadline"])
        && let Some(due) = first_date(&row[c])
    {
        action.due = Some(due);
        taken.push(c);
    }
    if let Some(c) = col(&["opened", "created"]) {
        action.opened_on = first_date(&row[c]);
        taken.push(c);
    }
    if let Some(c) = col(&["done on", "closed", "completed"]) {
        action.done_on = first_date(&row[c]);
        taken.push(c);
    }
    match col(&["status", "state"]) {
        Some(c) => {
            if let Some(status) = action_status(&row[c]) {
                action.status = status;
                taken.push(c);
            }
        }
        // The SRE book marks items **DONE** / **TODO** in any cell.
        None if row.iter().any(|c| c.contains("DONE")) => action.status = ActionStatus::Done,
        None => {}
    }
    let mut notes = Vec::new();
    if let Some(c) = col(&["notes", "bug", "ticket", "tracking", "link"]) {
        notes.push(row[c].replace("<br>", "\n"));
        taken.push(c);
    }
    for (c, value) in row.iter().enumerate() {
        if !taken.contains(&c) && !value.trim().is_empty() {
            let header = t.header.get(c).map_or("", |h| h.trim());
            let value = value.replace("<br>", "\n");
            notes.push(if header.is_empty() {
                value
            } else {
                format!("{header}: {value}")
            });
        }
    }
    action.notes = notes
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Some(action)
}

/// The type a cell names, if it names one.
fn action_type(text: &str) -> Option<ActionType> {
    let f = fold(text);
    if f.starts_with("mitigat") {
        Some(ActionType::Mitigate)
    } else if f.starts_with("prevent") {
        Some(ActionType::Prevent)
    } else if f.starts_with("process") {
        Some(ActionType::Process)
    } else if f == "other" || f.is_empty() {
        Some(ActionType::Other)
    } else {
        None
    }
}

fn action_status(text: &str) -> Option<ActionStatus> {
    let f = fold(text);
    if [
        "done",
        "closed",
        "fixed",
        "complete",
        "completed",
        "resolved",
    ]
    .iter()
    .any(|w| f.starts_with(w))
    {
        Some(ActionStatus::Done)
    } else if ["todo", "open", "in progress", "pending", "not started"]
        .iter()
        .any(|w| f.starts_with(w))
    {
        Some(ActionStatus::Open)
    } else {
        None
    }
}

/// "- [ ] Tune TTLs", "- DONE: thing", "- [jhford] Try setting up …", "- Add alerts (due
/// 2026-05-01)".
pub(super) fn action_from_item(text: &str, checked: Option<bool>) -> Option<ActionItem> {
    let mut lines = text.lines();
    let mut title = lines.next()?.trim().to_string();
    let notes = markdown::dedent(&lines.collect::<Vec<_>>().join("\n"));
    let mut status = match checked {
        Some(true) => ActionStatus::Done,
        _ => ActionStatus::Open,
    };
    for (word, s) in [("DONE", ActionStatus::Done), ("TODO", ActionStatus::Open)] {
        for form in [
            format!("[{word}]"),
            format!("{word}:"),
            format!("{word} -"),
            format!("{word} "),
        ] {
            if let Some(rest) = title.strip_prefix(&form) {
                title = rest.trim().to_string();
                status = s;
            }
        }
    }
    let mut owner = None;
    if let Some(rest) = title.strip_prefix('[')
        && let Some((name, after)) = rest.split_once(']')
        && !name.contains(' ')
        && !name.is_empty()
        && !after.starts_with('(')
    {
        owner = Some(name.to_string());
        title = after.trim().to_string();
    }
    let mut due = None;
    if let Some(open) = title.rfind("(due ")
        && title.ends_with(')')
        && let Ok(day) =
            chrono::NaiveDate::parse_from_str(&title[open + 5..title.len() - 1], "%Y-%m-%d")
    {
        due = Some(day);
        title = title[..open].trim_end().to_string();
    }
    if title.is_empty() {
        return None;
    }
    Some(ActionItem {
        title,
        owner,
        status,
        due,
        notes,
        ..Default::default()
    })
}

/// Lessons from a "Lessons Learned" section: one per list item, or one for the text when it
/// has no list. Returns the text beside the list.
pub fn read_lessons(body: &str, parsed: &mut Parsed) -> String {
    let (items, rest) = split_list(body);
    let (texts, rest): (Vec<String>, String) = if items.is_empty() {
        (vec![body.to_string()], String::new())
    } else {
        (items.into_iter().map(|i| i.text).collect(), rest)
    };
    let mut count = 0;
    for text in texts {
        let Some((statement, explanation)) = lesson_from_item(&text) else {
            continue;
        };
        let text = markdown::normalize(&text);
        let lesson = Lesson {
            category: category_of(&text),
            statement,
            explanation,
            ..Default::default()
        };
        count += 1;
        let n = parsed.children.len();
        parsed.children.push(Child {
            key: format!("lesson-{count}"),
            record: AnyRecord::Lesson(lesson),
        });
        parsed.link(End::Child(n), Relation::LearnedFrom, End::Main, None);
    }
    rest
}

/// A lesson's statement (the first line) and explanation (the rest), from a list item's
/// text; `None` for an empty item.
pub(super) fn lesson_from_item(text: &str) -> Option<(String, String)> {
    let text = markdown::normalize(text);
    if text.trim().is_empty() || text.trim() == "-" {
        return None;
    }
    Some(match text.split_once('\n') {
        Some((first, rest)) => (first.trim().to_string(), markdown::dedent(rest)),
        None => (text.trim().to_string(), String::new()),
    })
}

/// A first guess at what a lesson is about, from its words; editable in the window.
fn category_of(text: &str) -> LessonCategory {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["secur", "vulnerab", "cve", "credential", "secret", "leak"]) {
        LessonCategory::Security
    } else if has(&["communicat", "message", "notif", "inform", "slack", "teams"]) {
        LessonCategory::Communication
    } else if has(&["process", "runbook", "document", "checklist", "review"]) {
        LessonCategory::Process
    } else if has(&["capacity", "scal", "load", "limit", "quota"]) {
        LessonCategory::Scalability
    } else if has(&["slow", "latency", "performance", "timeout"]) {
        LessonCategory::Performance
    } else if has(&["maintain", "upgrade", "version", "refactor", "legacy"]) {
        LessonCategory::Maintainability
    } else {
        LessonCategory::Reliability
    }
}
