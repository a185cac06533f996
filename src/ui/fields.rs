//! Field editors. Each edits one field of the selected record, addressed by a JSON pointer
//! into the record's document, and is labelled so screen readers and tests can find it.
//!
//! Typing goes into a buffer, not into a copy of the record; the buffer becomes one
//! `Command::SetField` when the typing pauses for a second, when the field loses focus, or when
//! the selection changes or the window closes. So a typing burst is one undo step and nothing
//! typed is lost.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

use super::widgets::{field_label, indented, named_combo};
use crate::session::Command;

/// How a field's text maps to its value in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    Text,
    /// A string, or `null` when empty.
    OptText,
    /// A list of strings, one per line.
    Lines,
    /// A list of strings, separated by commas.
    Commas,
    /// `YYYY-MM-DD`, or `null` when empty.
    Date,
    /// `YYYY-MM-DD HH:MM` in UTC, or `null` when empty.
    DateTime,
    /// A whole number, or `null` when empty.
    Number,
    /// A count of people: a whole number written "10,000" (typed "10,000", "10 000" or
    /// "10000"), or `null` when empty.
    Count,
}

/// What an empty Markdown field says, so it reads as an invitation, not as content.
pub const MARKDOWN_HINT: &str = "Write here (Markdown)…";

/// Seconds of quiet after which typing is saved.
pub const DEBOUNCE_SECS: f64 = 1.0;

#[derive(Debug)]
struct Buffer {
    text: String,
    /// The field's value when the typing began: if someone else changes it meanwhile, the
    /// session keeps both values instead of overwriting theirs.
    base: Value,
    field_type: FieldType,
    last_edit: f64,
    error: Option<String>,
}

/// Edits typed but not yet sent, by (record id, pointer).
#[derive(Default, Debug)]
pub struct Buffers {
    map: HashMap<(String, String), Buffer>,
}

impl Buffers {
    /// What is typed but not saved yet into the field `pointer` of record `id`.
    pub fn typed(&self, id: &str, pointer: &str) -> Option<&str> {
        self.map
            .get(&(id.to_string(), pointer.to_string()))
            .map(|b| b.text.as_str())
    }

    pub fn has_pending(&self) -> bool {
        self.map.values().any(|b| b.error.is_none())
    }

    /// Commands for the buffers whose typing paused at least [`DEBOUNCE_SECS`] ago.
    pub fn flush_due(&mut self, now: f64) -> Vec<Command> {
        let due: Vec<_> = self
            .map
            .iter()
            .filter(|(_, b)| b.error.is_none() && now - b.last_edit >= DEBOUNCE_SECS)
            .map(|(k, _)| k.clone())
            .collect();
        due.into_iter().filter_map(|k| self.flush(&k)).collect()
    }

    /// Commands for every buffer that holds a valid value.
    pub fn flush_all(&mut self) -> Vec<Command> {
        let keys: Vec<_> = self.map.keys().cloned().collect();
        keys.into_iter().filter_map(|k| self.flush(&k)).collect()
    }

    fn flush(&mut self, key: &(String, String)) -> Option<Command> {
        let buffer = self.map.get_mut(key)?;
        match to_value(&buffer.text, buffer.field_type) {
            Ok(value) => {
                let base = self.map.remove(key)?.base;
                Some(Command::Edit {
                    id: key.0.clone(),
                    pointer: key.1.clone(),
                    value,
                    base,
                })
            }
            Err(message) => {
                buffer.error = Some(message);
                None
            }
        }
    }
}

/// Reads a field's text as its document value.
pub fn to_value(text: &str, field_type: FieldType) -> Result<Value, String> {
    let trimmed = text.trim();
    let null_if_empty = |f: &dyn Fn() -> Result<Value, String>| {
        if trimmed.is_empty() {
            Ok(Value::Null)
        } else {
            f()
        }
    };
    match field_type {
        FieldType::Text => Ok(Value::String(text.to_string())),
        FieldType::OptText => null_if_empty(&|| Ok(Value::String(trimmed.to_string()))),
        FieldType::Lines => Ok(split(text, '\n')),
        FieldType::Commas => Ok(split(text, ',')),
        FieldType::Date => null_if_empty(&|| {
            NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                .map(|d| Value::String(d.to_string()))
                .map_err(|_| "write the date as YYYY-MM-DD".to_string())
        }),
        FieldType::DateTime => null_if_empty(&|| {
            parse_time(trimmed)
                .map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
                .ok_or_else(|| "write the time as YYYY-MM-DD HH:MM (UTC)".to_string())
        }),
        FieldType::Number => null_if_empty(&|| {
            trimmed
                .replace([',', '_', ' '], "")
                .parse::<u64>()
                .map(Value::from)
                .map_err(|_| "write a whole number".to_string())
        }),
        FieldType::Count => null_if_empty(&|| {
            crate::domain::parse_count(trimmed)
                .map(Value::from)
                .ok_or_else(|| format!("write {}", crate::domain::COUNT_HINT))
        }),
    }
}

fn split(text: &str, separator: char) -> Value {
    Value::Array(
        text.split(separator)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_string()))
            .collect(),
    )
}

/// Reads a UTC time as people type it: `2025-01-10 18:05`, with seconds, with a `T`, or RFC 3339.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let text = text.trim_end_matches(['Z', 'z']).replace('T', " ");
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
        .map(|t| t.and_utc())
}

/// A field's value as the text its editor shows.
pub fn to_text(value: Option<&Value>, field_type: FieldType) -> String {
    let Some(value) = value else {
        return String::new();
    };
    match (value, field_type) {
        (Value::Null, _) => String::new(),
        (Value::Array(items), FieldType::Lines | FieldType::Commas) => {
            let separator = if field_type == FieldType::Lines {
                "\n"
            } else {
                ", "
            };
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(separator)
        }
        (Value::String(s), FieldType::DateTime) => parse_time(s)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) => s.clone(),
        (Value::Number(n), FieldType::Count) => n
            .as_u64()
            .map_or_else(|| n.to_string(), crate::domain::thousands),
        (other, _) => other.to_string(),
    }
}

/// Draws field editors for one record.
pub struct Editor<'a> {
    pub id: &'a str,
    pub doc: &'a Value,
    pub buffers: &'a mut Buffers,
    pub out: &'a mut Vec<Command>,
    pub now: f64,
}

impl Editor<'_> {
    /// A labelled one-line field, in a two-column grid row.
    pub fn line(&mut self, ui: &mut egui::Ui, label: &str, pointer: &str, field_type: FieldType) {
        let _ = self.text_field(ui, label, pointer, field_type, false, "");
    }

    /// A labelled one-line field with a hint shown while it is empty.
    pub fn line_hint(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        field_type: FieldType,
        hint: &str,
    ) {
        let _ = self.text_field(ui, label, pointer, field_type, false, hint);
    }

    /// A labelled one-line field (with a hint while empty), and its response.
    pub fn line_response(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        field_type: FieldType,
        hint: &str,
    ) -> egui::Response {
        self.text_field(ui, label, pointer, field_type, false, hint)
    }

    /// A labelled multi-line field.
    pub fn area(&mut self, ui: &mut egui::Ui, label: &str, pointer: &str, field_type: FieldType) {
        let _ = self.text_field(ui, label, pointer, field_type, true, "");
    }

    /// A labelled multi-line field with a hint while it is empty.
    pub fn area_hint(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        field_type: FieldType,
        hint: &str,
    ) {
        let _ = self.text_field(ui, label, pointer, field_type, true, hint);
    }

    /// A labelled multi-line field, and its response (to give it focus).
    pub fn area_response(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        field_type: FieldType,
    ) -> egui::Response {
        self.text_field(ui, label, pointer, field_type, true, "")
    }

    /// The text a field shows now: the buffer while editing, else the document's value.
    pub fn current_text(&self, pointer: &str, field_type: FieldType) -> String {
        self.buffers
            .map
            .get(&(self.id.to_string(), pointer.to_string()))
            .map(|b| b.text.clone())
            .unwrap_or_else(|| to_text(self.doc.pointer(pointer), field_type))
    }

    fn text_field(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        field_type: FieldType,
        multiline: bool,
        hint: &str,
    ) -> egui::Response {
        let key = (self.id.to_string(), pointer.to_string());
        let mut text = self.current_text(pointer, field_type);
        let response = ui
            .horizontal_top(|ui| {
                let label_response = field_label(ui, label);
                let width = ui.available_width();
                let edit = if multiline {
                    egui::TextEdit::multiline(&mut text).desired_rows(3)
                } else {
                    egui::TextEdit::singleline(&mut text)
                }
                .hint_text(super::widgets::hint(hint))
                .desired_width(width)
                .id_salt(("field", self.id, pointer));
                ui.add(edit).labelled_by(label_response.id)
            })
            .inner;
        if response.changed() {
            let base = match self.buffers.map.get(&key) {
                Some(typing) => typing.base.clone(),
                None => self.doc.pointer(pointer).cloned().unwrap_or(Value::Null),
            };
            self.buffers.map.insert(
                key.clone(),
                Buffer {
                    text,
                    base,
                    field_type,
                    last_edit: self.now,
                    error: None,
                },
            );
        }
        if response.lost_focus()
            && let Some(command) = self.buffers.flush(&key)
        {
            self.out.push(command);
        }
        if let Some(error) = self.buffers.map.get(&key).and_then(|b| b.error.clone()) {
            indented(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, error);
            });
        }
        ui.add_space(2.0);
        response
    }

    /// A labelled Markdown field with a live preview under it.
    pub fn markdown(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        pointer: &str,
        preview: Option<&mut egui_commonmark::CommonMarkCache>,
    ) {
        let _ = self.text_field(ui, label, pointer, FieldType::Text, true, MARKDOWN_HINT);
        if let Some(cache) = preview {
            let text = self.current_text(pointer, FieldType::Text);
            if looks_like_markdown(&text) {
                indented(ui, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        egui_commonmark::CommonMarkViewer::new().show(ui, cache, &text);
                    });
                });
                ui.add_space(4.0);
            }
        }
    }

    /// A labelled drop-down of fixed values; a choice is sent at once.
    /// One of `options`, each shown in words ("not-assessed" as "not assessed").
    pub fn choice(&mut self, ui: &mut egui::Ui, label: &str, pointer: &str, options: &[&str]) {
        let current = to_text(self.doc.pointer(pointer), FieldType::Text);
        let mut chosen = current.clone();
        let words = |value: &str| value.replace('-', " ");
        ui.horizontal(|ui| {
            field_label(ui, label);
            named_combo(
                ui,
                ("choice", self.id, pointer),
                label,
                &words(&current),
                |ui| {
                    for option in options {
                        ui.selectable_value(&mut chosen, option.to_string(), words(option));
                    }
                },
            );
        });
        if chosen != current {
            self.out.push(Command::SetField {
                id: self.id.to_string(),
                pointer: pointer.to_string(),
                value: Value::String(chosen),
            });
        }
    }
}

/// Whether a text uses Markdown markup, so a preview shows something the editor does not.
pub fn looks_like_markdown(text: &str) -> bool {
    text.contains(['*', '#', '`', '[', '|', '_', '>'])
        || text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("- ") || line.starts_with("1. ")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_become_values() {
        use FieldType::*;
        assert_eq!(to_value("", Date), Ok(Value::Null));
        assert_eq!(to_value("2025-01-10", Date), Ok(Value::from("2025-01-10")));
        assert!(to_value("10/01/2025", Date).is_err());
        assert_eq!(
            to_value("2025-01-10 18:05", DateTime),
            Ok(Value::from("2025-01-10T18:05:00Z"))
        );
        assert_eq!(
            to_value("a, b,,c ", Commas),
            Ok(serde_json::json!(["a", "b", "c"]))
        );
        assert_eq!(to_value("12,000", Number), Ok(Value::from(12000)));
        assert_eq!(to_value("12 000", Count), Ok(Value::from(12000)));
        assert_eq!(to_value("12,000", Count), Ok(Value::from(12000)));
        assert_eq!(to_value("", Count), Ok(Value::Null));
        assert_eq!(
            to_value("12.5", Count),
            Err("write a whole number, such as 10,000".to_string())
        );
        assert_eq!(to_text(Some(&Value::from(12000)), Count), "12,000");
        assert_eq!(
            to_text(Some(&Value::from("2025-01-10T18:05:00Z")), DateTime),
            "2025-01-10 18:05"
        );
    }
}
