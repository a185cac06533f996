//! A team's decision file: the title and number from the heading or the file name, metadata
//! from front matter and from lines before the first heading (`Date:`, `* Status:`), the status
//! section with its link lines, links in the text, and the trade-off the decision accepted.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{Consequences, accepted_tradeoff, read_body};
use crate::domain::{AnyRecord, Decision, DecisionStatus, Relation};
use crate::interop::front;
use crate::interop::markdown::{self, Document, fold, links};
use crate::interop::parsed::{Child, End, Parsed, PendingLink, keep_text};

/// Front-matter keys that have a field of their own (in their serde spelling).
const KNOWN_KEYS: &[&str] = &[
    "status",
    "date",
    "decision_makers",
    "deciders",
    "consulted",
    "informed",
    "tags",
];

pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Parsed {
    let mut decision = Decision::default();
    let mut parsed = Parsed::new(AnyRecord::Decision(Decision::default()), "");
    let (prefix_number, prefix_date, name) = split_stem(stem);
    // Title and number: "# 9. Help scripts", "# Title", the front matter's title, the file name.
    let front_title = front::text(front, "title");
    match doc.title.as_deref().map(split_numbered_title) {
        Some((number, title)) if !title.is_empty() => {
            decision.number = prefix_number.or(number);
            decision.title = title;
        }
        _ => {
            decision.number = prefix_number;
            decision.title = front_title
                .clone()
                .unwrap_or_else(|| title_from_name(&name));
        }
    }
    let mut dialect = if !front.is_empty() {
        "MADR 3/4"
    } else if prefix_date.is_some() {
        "log4brains"
    } else {
        "MADR"
    };
    // Metadata: front matter, then lines before the first heading.
    let mut status: Option<String> = front::text(front, "status");
    let front_date = front::text(front, "date");
    decision.date = front_date.as_deref().and_then(parse_date);
    decision.decision_makers = front::list(front, "decision_makers");
    if decision.decision_makers.is_empty() {
        decision.decision_makers = front::list(front, "deciders");
    }
    decision.consulted = front::list(front, "consulted");
    decision.informed = front::list(front, "informed");
    decision.tags = front::list(front, "tags");
    decision.front_matter = unknown_keys(front, &decision, front_title.as_deref(), doc);
    if front_date.is_some() && decision.date.is_none() {
        // A date written some other way is kept as the file wrote it.
        if let Some(value) = front.get("date") {
            decision.front_matter.insert("date".into(), value.clone());
        }
    }
    let mut intro = Vec::new();
    for line in doc.preamble.lines() {
        match metadata_line(line) {
            Some((key, value)) => {
                if key == "date" && markdown::bullet(line.trim()).is_none() {
                    dialect = "adr-tools";
                } else if front.is_empty() && dialect != "log4brains" {
                    dialect = "MADR 2";
                }
                match key.as_str() {
                    "status" => status = Some(value),
                    "date" => match parse_date(&value) {
                        Some(date) => decision.date = Some(date),
                        None => intro.push(line),
                    },
                    "deciders" | "decision makers" | "decision-makers" => {
                        decision.decision_makers = front::split_names(&value)
                    }
                    "consulted" => decision.consulted = front::split_names(&value),
                    "informed" => decision.informed = front::split_names(&value),
                    _ => decision.tags = front::split_names(&value),
                }
            }
            None => intro.push(line),
        }
    }
    let intro = markdown::normalize(&intro.join("\n"));
    keep_text(&mut decision.sections, "", intro);
    match &status {
        Some(text) => {
            for link in links(text) {
                stated_link(&mut parsed, "Superseded by", &link.target);
            }
            set_status(&mut decision, text);
        }
        None => set_status(&mut decision, ""),
    }
    let consequences: Consequences = read_body(doc, &mut decision, &mut parsed, true);
    if doc.headings.iter().any(|h| fold(&h.text) == "status") && dialect == "MADR" {
        dialect = "adr-tools";
    }
    prose_links(&decision, &mut parsed);
    if let Some(tradeoff) = accepted_tradeoff(&decision, consequences) {
        parsed.children.push(Child {
            key: "tradeoff-1".into(),
            record: AnyRecord::TradeOff(tradeoff),
        });
    }
    parsed.main = AnyRecord::Decision(decision);
    parsed.dialect = dialect;
    parsed
}

/// The front-matter keys no field took, as the file spelt them: everything not in
/// [`KNOWN_KEYS`], and a title that is not the record's.
fn unknown_keys(
    front: &Map<String, Value>,
    decision: &Decision,
    front_title: Option<&str>,
    doc: &Document,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in front {
        let serde_key = key.replace('-', "_");
        if KNOWN_KEYS.contains(&serde_key.as_str()) {
            continue;
        }
        if serde_key == "title"
            && (doc.title.is_none() || front_title == Some(decision.title.as_str()))
        {
            continue;
        }
        out.insert(key.clone(), value.clone());
    }
    out
}

/// A link stated with a verb ("Supercedes [..](..)", "Superseded by [..](..)").
pub fn stated_link(parsed: &mut Parsed, verb: &str, target: &str) {
    if !is_local(target) {
        return;
    }
    let verb = verb.trim().trim_start_matches(['-', '*', '+']).trim();
    let (relation, reverse) = relation_of(verb);
    let target = End::File(target.to_string());
    let label = (!verb.is_empty() && !reverse).then(|| verb.to_string());
    if reverse {
        // The other side's verb, in the spelling this file uses ("Superceded by" →
        // "Supercedes"), so writing the pair back keeps the file's spelling.
        let forward = match relation {
            Relation::Supersedes if fold(verb).contains("superced") => Some("Supercedes"),
            Relation::Supersedes => Some("Supersedes"),
            Relation::Amends => Some("Amends"),
            _ => None,
        };
        parsed.link(target, relation, End::Main, forward.map(str::to_string));
    } else {
        parsed.link(End::Main, relation, target, label);
    }
    // A full URL may point anywhere: it becomes a link only if its file was imported too.
    if let Some(link) = parsed.links.last_mut()
        && matches!((&link.from, &link.to), (End::File(f), _) | (_, End::File(f)) if f.contains("://"))
    {
        link.stated = false;
    }
}

/// What a link verb means, and whether it points backwards ("superseded by").
fn relation_of(verb: &str) -> (Relation, bool) {
    let v = fold(verb);
    let by = v.ends_with(" by");
    if v.contains("supersed") || v.contains("superced") || v.contains("superseed") {
        (Relation::Supersedes, by)
    } else if v.contains("amend") {
        (Relation::Amends, by)
    } else {
        (Relation::RelatesTo, false)
    }
}

/// A link to another Markdown file: relative, or a full URL (a link to the same repository's
/// file on its forge), which is matched by its file name among the files imported.
pub fn is_local(target: &str) -> bool {
    let path = target.split(['#', '?']).next().unwrap_or("");
    !path.is_empty()
        && !target.starts_with("mailto:")
        && !target.starts_with('#')
        && (path.ends_with(".md") || path.ends_with(".markdown"))
}

/// adr-tools' "## Status" section: the status words, then link lines.
pub fn read_status_section(body: &str, decision: &mut Decision, parsed: &mut Parsed) {
    let mut words = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let found = links(line);
        match found.first() {
            Some(link) if is_local(&link.target) && !link.target.contains("://") => {
                stated_link(parsed, &link.before, &link.target);
                if words.is_empty() && relation_of(&link.before) == (Relation::Supersedes, true) {
                    words.push("Superseded".to_string());
                }
            }
            _ => words.push(line.trim().to_string()),
        }
    }
    set_status(decision, &words.join(" "));
}

/// Maps a status as teams write it onto the status set, keeping the words when they differ
/// (a link after the words included: "superseded by [the new one](…)").
fn set_status(decision: &mut Decision, text: &str) {
    let text = text.trim();
    let words = markdown::plain(text);
    if fold(&words).is_empty() {
        decision.status = DecisionStatus::Accepted;
        decision.status_text = (!text.is_empty()).then(|| text.to_string());
        return;
    }
    let status = DecisionStatus::from_words(&words).unwrap_or(DecisionStatus::Proposed);
    decision.status = status;
    let plain = fold(text) == status.as_str() && !text.contains(['*', '_', '[', '`']);
    decision.status_text = (!plain).then(|| text.to_string());
}

/// A metadata line of adr-tools ("Date: 2018-06-26") or MADR 2 / log4brains ("* Status: x").
pub fn metadata_line(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let line = markdown::bullet(line).unwrap_or(line);
    let (key, value_at) = markdown::key_value(line)?;
    let value = &line[value_at..];
    let known = [
        "status",
        "date",
        "deciders",
        "decision makers",
        "decision-makers",
        "consulted",
        "informed",
        "tags",
    ];
    known
        .contains(&key.as_str())
        .then(|| (key, value.trim().to_string()))
}

/// Links in the text to other records' files, as `relates-to` (or the verb before them):
/// in every text field, the options' names, descriptions and arguments included.
fn prose_links(decision: &Decision, parsed: &mut Parsed) {
    let mut texts: Vec<&str> = vec![
        &decision.context,
        &decision.drivers,
        &decision.outcome,
        &decision.consequences,
        &decision.confirmation,
    ];
    for option in &decision.options {
        texts.push(&option.name);
        texts.push(&option.description);
        texts.extend(option.pros.iter().map(String::as_str));
        texts.extend(option.cons.iter().map(String::as_str));
        texts.extend(option.neutral.iter().map(String::as_str));
    }
    texts.extend(
        decision
            .sections
            .iter()
            .filter(|s| fold(&s.heading) != "links")
            .map(|s| s.body.as_str()),
    );
    if let Some(status) = &decision.status_text {
        texts.push(status);
    }
    for text in texts {
        for link in links(text) {
            if !is_local(&link.target) {
                continue;
            }
            let target = End::File(link.target.clone());
            if parsed
                .links
                .iter()
                .any(|l| l.to == target || l.from == target)
            {
                continue;
            }
            let (relation, reverse) = if words_end_with_verb(&link.before) {
                relation_of(&link.before)
            } else {
                (Relation::RelatesTo, false)
            };
            let (from, to) = if reverse {
                (target, End::Main)
            } else {
                (End::Main, target)
            };
            parsed.links.push(PendingLink {
                from,
                relation,
                to,
                label: None,
                stated: false,
            });
        }
    }
}

fn words_end_with_verb(before: &str) -> bool {
    let f = fold(before);
    [
        "supersedes",
        "supercedes",
        "superseded by",
        "amends",
        "amended by",
    ]
    .iter()
    .any(|v| f.ends_with(v))
}

/// "0009-help-scripts" → (9, None, "help-scripts"); "20200101-first-adr" → (None, date, …).
pub fn split_stem(stem: &str) -> (Option<u32>, Option<NaiveDate>, String) {
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    let rest = stem[digits.len()..].trim_start_matches(['-', '_', ' ', '.']);
    if digits.len() == 8
        && let Ok(date) = NaiveDate::parse_from_str(&digits, "%Y%m%d")
    {
        return (None, Some(date), rest.to_string());
    }
    if !digits.is_empty() && digits.len() <= 5 && !rest.is_empty() {
        return (digits.parse().ok(), None, rest.to_string());
    }
    (None, None, stem.to_string())
}

/// "9. Help scripts" → (9, "Help scripts"); "ADR-12: X" → (12, "X"); "Title" → (None, "Title").
fn split_numbered_title(title: &str) -> (Option<u32>, String) {
    let t = title.trim();
    let t2 = t
        .strip_prefix("ADR-")
        .or_else(|| t.strip_prefix("ADR "))
        .unwrap_or(t);
    let digits: String = t2.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &t2[digits.len()..];
        if let Some(rest) = rest
            .strip_prefix(". ")
            .or_else(|| rest.strip_prefix(": "))
            .or_else(|| rest.strip_prefix(" - "))
        {
            return (digits.parse().ok(), rest.trim().to_string());
        }
    }
    (None, t.to_string())
}

/// "adr_with_a_WeIrd-filename" → "Adr with a WeIrd filename".
pub fn title_from_name(name: &str) -> String {
    let words: Vec<&str> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        title.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    }
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_matches(['"', '\'']);
    let head: String = t.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
}
