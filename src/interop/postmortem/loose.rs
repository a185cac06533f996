//! A team's postmortem: the reference and title from the heading or the file name
//! ("PM2021-011 - Log4Shell"), metadata lines before the first heading, front matter; and a
//! postmortem written as a story: front matter (`title`, `url`, `company`, `product`, `summary`,
//! `categories`, `keywords`, `start_time`…) and paragraphs with no heading at all, as most
//! public postmortem collections and many wikis keep them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Map, Value};

use super::{date_prefix, first_date, incident_status, read_body};
use crate::domain::{AnyRecord, Incident, IncidentStatus, Severity};
use crate::interop::decision::{split_stem, title_from_name};
use crate::interop::front;
use crate::interop::markdown::{self, Document, fold};
use crate::interop::parsed::{Parsed, keep_text};
use crate::interop::when;

/// Front-matter keys only a postmortem has; two of them make a file with no postmortem
/// headings a postmortem written as a story.
const POSTMORTEM_KEYS: &[&str] = &[
    "company",
    "product",
    "url",
    "source_url",
    "start_time",
    "end_time",
    "started_at",
    "resolved_at",
    "severity",
    "impact",
    "incident",
    "outage",
    "services",
    "affected_services",
    "duration",
    "categories",
    "keywords",
    "root_cause",
];

/// Front-matter keys this reader gives a field of their own (in their serde spelling).
const KNOWN_KEYS: &[&str] = &[
    "summary",
    "url",
    "source_url",
    "company",
    "product",
    "categories",
    "keywords",
    "tags",
    "start_time",
    "started_at",
    "end_time",
    "resolved_at",
    "severity",
    "authors",
    "author",
    "status",
    "users_affected",
];

/// How much the front matter says "postmortem".
pub fn front_score(front: &Map<String, Value>) -> usize {
    front
        .keys()
        .filter(|k| POSTMORTEM_KEYS.contains(&k.replace('-', "_").as_str()))
        .count()
}

pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Parsed {
    let mut incident = Incident {
        status: IncidentStatus::Published,
        ..Default::default()
    };
    let mut parsed = Parsed::new(AnyRecord::Incident(Incident::default()), "postmortem");
    let mut context = when::Context::default();
    // "PM2021-011 - Log4Shell": a reference, then the title.
    let (reference, name) = match stem.split_once(" - ") {
        Some((r, n)) if !r.contains(' ') && r.chars().any(|c| c.is_ascii_digit()) => {
            (r.trim().to_string(), n.trim().to_string())
        }
        _ => (String::new(), stem.to_string()),
    };
    incident.reference = reference;
    let (_, stem_date, _) = split_stem(stem);
    context.date = date_prefix(stem).or(stem_date);
    read_front(front, &mut incident, &mut context);
    let front_title = front::text(front, "title");
    incident.title = match doc.title.as_deref() {
        Some(t) if !t.is_empty() && fold(t) != "incident title" => t.to_string(),
        _ => front_title.clone().unwrap_or_default(),
    };
    if incident.title.is_empty() {
        incident.title = untitled(&incident, &doc.preamble, &name);
    }
    incident.front_matter = unknown_keys(front, front_title.as_deref(), &incident.title);
    if context.date.is_none() {
        context.date = first_date(&incident.title);
    }
    parsed.dialect = if doc.headings.is_empty() && !front.is_empty() {
        "story with front matter"
    } else if doc
        .headings
        .iter()
        .any(|h| fold(&h.text) == "contributing factors")
    {
        "team postmortem"
    } else if doc.headings.iter().any(|h| fold(&h.text) == "trigger") {
        "SRE postmortem"
    } else {
        "retrospective"
    };
    let mut intro = Vec::new();
    for line in doc.preamble.lines() {
        let plain = markdown::bullet(line.trim()).unwrap_or(line.trim());
        match markdown::key_value(plain).map(|(key, at)| (key, &plain[at..])) {
            Some((key, value)) if !value.trim().is_empty() => match key.as_str() {
                "authors" | "author" | "name s" | "names" => {
                    incident.authors = front::split_names(value)
                }
                "date" => {
                    context.date = first_date(value).or(context.date);
                    intro.push(line);
                }
                "status" => {
                    incident.status = incident_status(value);
                    intro.push(line);
                }
                "started" | "start" | "start time" | "started at" | "detected" | "detected at"
                | "mitigated" | "mitigated at" | "resolved" | "resolved at" | "ended"
                | "end time"
                    if when::parse(value, &mut context.clone()).is_some() =>
                {
                    let at = when::parse(value, &mut context.clone());
                    let slot = match key.split(' ').next().unwrap_or("") {
                        "started" | "start" => &mut incident.started_at,
                        "detected" => &mut incident.detected_at,
                        "mitigated" => &mut incident.mitigated_at,
                        _ => &mut incident.resolved_at,
                    };
                    *slot = at;
                    intro.push(line);
                }
                "users affected" if users_of(value).is_some() => {
                    incident.users_affected = users_of(value);
                    intro.push(line);
                }
                "severity" if severity_of(value).is_some() => {
                    incident.severity = severity_of(value).unwrap_or_default();
                    intro.push(line);
                }
                _ => intro.push(line),
            },
            _ => intro.push(line),
        }
    }
    let intro = markdown::normalize(&intro.join("\n"));
    keep_text(&mut incident.sections, "", intro);
    read_body(doc, &mut incident, &mut parsed, &mut context, false);
    incident.started_at = incident
        .started_at
        .or_else(|| incident.timeline.iter().find_map(|e| e.at))
        .or_else(|| {
            context
                .date
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        });
    parsed.main = AnyRecord::Incident(incident);
    parsed
}

/// The fields front matter gives: summary, source, company, product, tags, times, severity.
fn read_front(front: &Map<String, Value>, incident: &mut Incident, context: &mut when::Context) {
    incident.summary = front::text(front, "summary").unwrap_or_default();
    incident.source_url = front::text(front, "url")
        .or_else(|| front::text(front, "source_url"))
        .unwrap_or_default();
    incident.company = front::text(front, "company").unwrap_or_default();
    incident.product = front::text(front, "product").unwrap_or_default();
    for key in ["categories", "keywords", "tags"] {
        for tag in front::list(front, key) {
            if !incident.tags.contains(&tag) {
                incident.tags.push(tag);
            }
        }
    }
    incident.authors = front::list(front, "authors");
    if incident.authors.is_empty() {
        incident.authors = front::list(front, "author");
    }
    if let Some(status) = front::text(front, "status") {
        incident.status = incident_status(&status);
    }
    if let Some(users) = front::get(front, "users_affected").and_then(|v| match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => users_of(s),
        _ => None,
    }) {
        incident.users_affected = Some(users);
    }
    if let Some(severity) = front::text(front, "severity").and_then(|s| severity_of(&s)) {
        incident.severity = severity;
    }
    let time = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| front::text(front, k))
            .and_then(|t| instant(&t))
    };
    incident.started_at = time(&["start_time", "started_at"]);
    incident.resolved_at = time(&["end_time", "resolved_at"]);
    context.date = front::text(front, "date")
        .and_then(|d| first_date(&d))
        .or(incident.started_at.map(|t| t.date_naive()))
        .or(context.date);
}

/// The front-matter keys no field took, as the file spelt them (a `date` included: it only
/// sets the day of the timeline).
fn unknown_keys(
    front: &Map<String, Value>,
    front_title: Option<&str>,
    title: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in front {
        let serde_key = key.replace('-', "_");
        let taken = KNOWN_KEYS.contains(&serde_key.as_str())
            && !(matches!(
                serde_key.as_str(),
                "start_time" | "started_at" | "end_time" | "resolved_at"
            ) && front::text(front, &serde_key)
                .and_then(|t| instant(&t))
                .is_none())
            && !(serde_key == "severity"
                && front::text(front, "severity")
                    .and_then(|s| severity_of(&s))
                    .is_none());
        let title_taken = serde_key == "title" && front_title == Some(title);
        if !taken && !title_taken {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

/// "2019-06-13T21:16:00Z", "2019-06-13 21:16", "2019-06-13".
fn instant(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim().trim_matches(['"', '\'']);
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Some(at.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(t, format) {
            return Some(at.and_utc());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|at| at.and_utc())
}

/// A number of people as teams write it: "12345", "12,345", "12 345", "about 12,345 users".
pub(super) fn users_of(text: &str) -> Option<u64> {
    let digits: String = text
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '_' | '\u{a0}' | '\u{202f}'))
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// "SEV1", "sev-2", "1", "critical".
fn severity_of(text: &str) -> Option<Severity> {
    let f = fold(text).replace(' ', "");
    let digit = f.trim_start_matches("sev").trim_start_matches('p');
    match digit {
        "1" | "critical" => Some(Severity::Sev1),
        "2" | "high" | "major" => Some(Severity::Sev2),
        "3" | "medium" | "moderate" => Some(Severity::Sev3),
        "4" | "low" | "minor" => Some(Severity::Sev4),
        _ => None,
    }
}

/// A title for a postmortem that has none: its first sentence, else its file name.
fn untitled(incident: &Incident, preamble: &str, name: &str) -> String {
    let text = if incident.summary.is_empty() {
        preamble
    } else {
        &incident.summary
    };
    let sentence = first_sentence(&markdown::plain(text));
    if sentence.is_empty() {
        title_from_name(name)
    } else {
        sentence
    }
}

/// The first sentence of a text, cut at a word near 90 characters.
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && text[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map_or(text.len(), |(i, _)| i);
    let sentence = text[..end].trim();
    if sentence.chars().count() <= 90 {
        return sentence.to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() > 88 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{out}…")
}
