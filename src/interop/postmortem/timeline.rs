//! A postmortem's timeline: rows of a table (a time column, an event column, a marker column in
//! Hindsight's tree) or items of a list (`- 10:02 UTC: alert fires`, a line naming a day sets the
//! date of the lines after it). Times that cannot be read keep their text.

use crate::domain::{Incident, Marker, TimelineEntry};
use crate::interop::markdown::{self, Block, table};
use crate::interop::when;

/// Timeline rows from a table or a list; returns the text that was neither.
pub fn read(
    body: &str,
    incident: &mut Incident,
    context: &mut when::Context,
    structured: bool,
) -> String {
    if let Some((t, before, after)) = table(body) {
        let time_col = t.column(&["time", "date", "when"]).unwrap_or(0);
        let text_col = t
            .column(&["event", "description", "what", "action"])
            .unwrap_or(if time_col == 0 { 1 } else { 0 });
        let marker_col = t.column(&["marker"]);
        for row in &t.rows {
            let time_text = row.get(time_col).cloned().unwrap_or_default();
            let text = row
                .get(text_col)
                .cloned()
                .unwrap_or_default()
                .replace("<br>", "\n");
            let at = if structured {
                when::read_exact(&time_text)
            } else {
                when::parse(&time_text, context)
            };
            let marker = marker_col
                .and_then(|c| row.get(c))
                .and_then(|m| m.parse::<Marker>().ok());
            if time_text.is_empty() && text.is_empty() && !structured {
                continue;
            }
            incident.timeline.push(TimelineEntry {
                at,
                time_text: if at.is_some() {
                    String::new()
                } else {
                    time_text
                },
                text,
                marker,
            });
        }
        let note_lines: Vec<&str> = [before.as_str(), after.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        return note_lines.join("\n\n");
    }
    // A list, read in order: a line that only names a day ("8 Jan") sets the date of the
    // items after it; other text is kept as notes.
    let mut notes = Vec::new();
    for block in markdown::blocks(body) {
        match block {
            Block::Text(text) => {
                for line in text.lines() {
                    if when::date_line(line.trim(), context) {
                        continue;
                    }
                    notes.push(line.to_string());
                }
            }
            Block::Item { item, .. } => {
                let (time, text) = when::split_line(&item.text);
                let at = if time.is_empty() {
                    None
                } else {
                    when::parse(&time, context)
                };
                incident.timeline.push(TimelineEntry {
                    at,
                    time_text: if at.is_some() { String::new() } else { time },
                    text,
                    marker: None,
                });
            }
        }
    }
    markdown::normalize(&notes.join("\n"))
}
