//! Decision files: reading every ADR dialect teams keep in git (adr-tools / Nygard, MADR 2
//! bullets, MADR 3 and 4 front matter, log4brains) and writing the MADR 4 layout of the export,
//! which the same reader reads back exactly.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::front;
use super::markdown::{self, Document, fold, links, list_items};
use super::parsed::{Child, End, Parsed, keep_text};
use crate::domain::{
    AnyRecord, ConsideredOption, Decision, DecisionStatus, Link, Relation, Section, TradeOff,
};

/// Where each heading of a decision goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Status,
    Summary,
    Context,
    Drivers,
    OptionNames,
    Outcome,
    Consequences,
    Confirmation,
    ProsAndCons,
    Links,
}

fn field_of(heading: &str) -> Option<Field> {
    let h = fold(heading);
    Some(match h.as_str() {
        "status" => Field::Status,
        "summary" | "in plain words" => Field::Summary,
        "context"
        | "context and problem statement"
        | "problem statement"
        | "context and problem" => Field::Context,
        "decision drivers" | "drivers" => Field::Drivers,
        "considered options" | "options considered" | "options" => Field::OptionNames,
        "decision outcome" | "decision" | "outcome" => Field::Outcome,
        "consequences"
        | "positive consequences"
        | "negative consequences"
        | "positive consequences optional"
        | "negative consequences optional" => Field::Consequences,
        "confirmation" => Field::Confirmation,
        "pros and cons of the options" | "pros and cons of the options optional" => {
            Field::ProsAndCons
        }
        "links" => Field::Links,
        _ => return None,
    })
}

/// How sure we are that a document is a decision record: one point per heading only ADRs use,
/// and for ADR metadata.
pub fn score(doc: &Document) -> usize {
    let headings = doc
        .headings
        .iter()
        .filter(|h| field_of(&h.text).is_some_and(|f| !matches!(f, Field::Summary | Field::Links)))
        .count();
    let metadata = doc
        .preamble
        .lines()
        .filter(|l| metadata_line(l).is_some())
        .count();
    headings + metadata
}

/// Reads one decision file. `stem` is the file name without its extension.
pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Result<Parsed, String> {
    let structured = front
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("dec-"));
    if structured {
        read_structured(doc, front)
    } else {
        Ok(read_loose(doc, front, stem))
    }
}

/// The body of a decision, whatever the dialect: every section by meaning.
fn read_body(doc: &Document, decision: &mut Decision, parsed: &mut Parsed, loose: bool) {
    let parts = doc.parts(|h| field_of(h).is_some());
    let mut option_names: Vec<String> = Vec::new();
    let mut details: Vec<ConsideredOption> = Vec::new();
    let mut filled: Vec<Field> = Vec::new();
    for part in parts {
        let field =
            field_of(&part.heading).filter(|f| !filled.contains(f) || *f == Field::Consequences);
        let field = match field {
            Some(Field::Status) if !loose => None,
            Some(Field::Links) if !loose => None,
            other => other,
        };
        let Some(field) = field else {
            decision
                .sections
                .push(Section::new(part.heading, part.body));
            continue;
        };
        filled.push(field);
        match field {
            Field::Status => read_status_section(&part.body, decision, parsed),
            Field::Summary => decision.summary = part.body,
            Field::Context => decision.context = part.body,
            Field::Drivers => decision.drivers = part.body,
            Field::OptionNames => {
                option_names = list_items(&part.body)
                    .into_iter()
                    .map(|i| i.text)
                    .filter(|t| !t.trim().is_empty())
                    .collect();
            }
            Field::Outcome => decision.outcome = part.body,
            Field::Consequences => {
                let body = if fold(&part.heading) == "consequences" {
                    part.body
                } else {
                    format!("**{}**\n\n{}", part.heading, part.body)
                };
                if decision.consequences.is_empty() {
                    decision.consequences = body;
                } else {
                    decision.consequences = format!("{}\n\n{body}", decision.consequences);
                }
            }
            Field::Confirmation => decision.confirmation = part.body,
            Field::ProsAndCons => details = read_pros_and_cons(&part.body),
            Field::Links => {
                for link in links(&part.body) {
                    stated_link(parsed, &link.before, &link.target);
                }
                decision
                    .sections
                    .push(Section::new(part.heading, part.body));
            }
        }
    }
    decision.options = merge_options(option_names, details);
}

/// Options named in "Considered Options", with the pros and cons their own sections give.
fn merge_options(names: Vec<String>, mut details: Vec<ConsideredOption>) -> Vec<ConsideredOption> {
    let mut options: Vec<ConsideredOption> = names
        .into_iter()
        .map(|name| {
            let found = details
                .iter()
                .position(|d| d.name == name)
                .or_else(|| details.iter().position(|d| fold(&d.name) == fold(&name)))
                .or_else(|| {
                    details.iter().position(|d| {
                        let (a, b) = (fold(&d.name), fold(&name));
                        !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
                    })
                });
            match found {
                Some(i) => ConsideredOption {
                    name,
                    ..details.remove(i)
                },
                None => ConsideredOption {
                    name,
                    ..Default::default()
                },
            }
        })
        .collect();
    options.extend(details);
    options
}

/// "### Option" sections with "* Good, because …" and "* Bad, because …" bullets.
fn read_pros_and_cons(body: &str) -> Vec<ConsideredOption> {
    let doc = Document::parse(body);
    let mut out = Vec::new();
    if !doc.preamble.is_empty() && doc.headings.is_empty() {
        return out;
    }
    for part in doc.parts(|_| true) {
        let mut option = ConsideredOption {
            name: part.heading,
            ..Default::default()
        };
        let mut description: Vec<&str> = Vec::new();
        let mut current: Option<&mut String> = None;
        for line in part.body.lines() {
            if let Some(rest) = markdown::bullet(line) {
                if let Some(pro) = rest.strip_prefix("Good, because ") {
                    option.pros.push(pro.to_string());
                    current = option.pros.last_mut();
                    continue;
                }
                if let Some(con) = rest.strip_prefix("Bad, because ") {
                    option.cons.push(con.to_string());
                    current = option.cons.last_mut();
                    continue;
                }
            }
            if let (Some(item), Some(cont)) = (current.as_deref_mut(), line.strip_prefix("  ")) {
                item.push('\n');
                item.push_str(cont);
                continue;
            }
            current = None;
            description.push(line);
        }
        option.description = markdown::normalize(&description.join("\n"));
        out.push(option);
    }
    out
}

/// A link stated with a verb ("Supercedes [..](..)", "Superseded by [..](..)").
fn stated_link(parsed: &mut Parsed, verb: &str, target: &str) {
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

fn is_local(target: &str) -> bool {
    !target.is_empty()
        && !target.contains("://")
        && !target.starts_with("mailto:")
        && !target.starts_with('#')
        && target.split('#').next().is_some_and(|p| p.ends_with(".md"))
}

/// adr-tools' "## Status" section: the status words, then link lines.
fn read_status_section(body: &str, decision: &mut Decision, parsed: &mut Parsed) {
    let mut words = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let found = links(line);
        match found.first() {
            Some(link) if is_local(&link.target) => {
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

/// Maps a status as teams write it onto the status set, keeping the words when they differ.
fn set_status(decision: &mut Decision, text: &str) {
    let text = text.trim();
    let text = links(text)
        .first()
        .map(|l| l.before.clone())
        .unwrap_or_else(|| text.to_string());
    let f = fold(&text);
    if f.is_empty() {
        decision.status = DecisionStatus::Accepted;
        decision.status_text = None;
        return;
    }
    let status =
        if f.starts_with("supersed") || f.starts_with("superced") || f.starts_with("superseed") {
            DecisionStatus::Superseded
        } else if [
            "accepted",
            "approved",
            "adopted",
            "agreed",
            "done",
            "implemented",
            "decided",
        ]
        .iter()
        .any(|w| f.starts_with(w))
            || f.contains("supersed")
        {
            DecisionStatus::Accepted
        } else if ["rejected", "declined", "refused"]
            .iter()
            .any(|w| f.starts_with(w))
        {
            DecisionStatus::Rejected
        } else if ["deprecated", "obsolete", "retired", "withdrawn"]
            .iter()
            .any(|w| f.starts_with(w))
        {
            DecisionStatus::Deprecated
        } else {
            DecisionStatus::Proposed
        };
    decision.status = status;
    let plain = f == status.as_str()
        || (status == DecisionStatus::Superseded
            && ["superseded by", "superceded by", "superseeded by"].contains(&f.as_str()));
    decision.status_text = (!plain).then(|| text.trim().to_string());
}

/// A metadata line of adr-tools ("Date: 2018-06-26") or MADR 2 / log4brains ("* Status: x").
fn metadata_line(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let line = markdown::bullet(line).unwrap_or(line);
    let (key, value) = line.split_once(':')?;
    let key = fold(key);
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

fn read_loose(doc: &Document, front: &Map<String, Value>, stem: &str) -> Parsed {
    let mut decision = Decision::default();
    let mut parsed = Parsed::new(AnyRecord::Decision(Decision::default()), "");
    let (prefix_number, prefix_date, name) = split_stem(stem);
    // Title and number: "# 9. Help scripts", "# Title", or the file name.
    match doc.title.as_deref().map(split_numbered_title) {
        Some((number, title)) if !title.is_empty() => {
            decision.number = prefix_number.or(number);
            decision.title = title;
        }
        _ => {
            decision.number = prefix_number;
            decision.title = title_from_name(&name);
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
    decision.date = front::text(front, "date").and_then(|d| parse_date(&d));
    decision.decision_makers = front::list(front, "decision_makers");
    if decision.decision_makers.is_empty() {
        decision.decision_makers = front::list(front, "deciders");
    }
    decision.consulted = front::list(front, "consulted");
    decision.informed = front::list(front, "informed");
    decision.tags = front::list(front, "tags");
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
                    "date" => decision.date = parse_date(&value).or(decision.date),
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
    read_body(doc, &mut decision, &mut parsed, true);
    if doc.headings.iter().any(|h| fold(&h.text) == "status") && dialect == "MADR" {
        dialect = "adr-tools";
    }
    prose_links(&decision, &mut parsed);
    parsed.main = AnyRecord::Decision(decision);
    parsed.dialect = dialect;
    parsed
}

/// Links in the text to other records' files, as `relates-to` (or the verb before them).
fn prose_links(decision: &Decision, parsed: &mut Parsed) {
    let texts = [
        &decision.context,
        &decision.drivers,
        &decision.outcome,
        &decision.consequences,
        &decision.confirmation,
    ];
    let sections = decision
        .sections
        .iter()
        .filter(|s| fold(&s.heading) != "links")
        .map(|s| &s.body);
    for text in texts.into_iter().chain(sections) {
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
            let (relation, reverse) = relation_of(&link.before);
            let (relation, reverse) = if words_end_with_verb(&link.before) {
                (relation, reverse)
            } else {
                (Relation::RelatesTo, false)
            };
            let (from, to) = if reverse {
                (target, End::Main)
            } else {
                (End::Main, target)
            };
            parsed.links.push(super::parsed::PendingLink {
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

fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim().trim_matches(['"', '\'']);
    let head: String = t.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
}

// ---- the export's own layout ------------------------------------------------------------

/// The parts of a decision the body carries; everything else goes in the front matter.
const BODY_FIELDS: &[&str] = &[
    "title",
    "summary",
    "context",
    "drivers",
    "options",
    "outcome",
    "consequences",
    "confirmation",
    "sections",
];

/// The parts of a trade-off its front matter entry leaves out (it sits under its decision).
const TRADEOFF_SKIP: &[&str] = &["decision_id"];

fn read_structured(doc: &Document, front: &Map<String, Value>) -> Result<Parsed, String> {
    let mut fields = front.clone();
    let tradeoffs = fields.remove("tradeoffs");
    let links_value = fields.remove("links");
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    let mut decision: Decision =
        serde_json::from_value(Value::Object(fields)).map_err(|e| format!("front matter: {e}"))?;
    decision.title = doc.title.clone().unwrap_or_default();
    let mut parsed = Parsed::new(AnyRecord::Decision(Decision::default()), "Hindsight");
    parsed.structured = true;
    keep_text(&mut decision.sections, "", doc.preamble.clone());
    read_body(doc, &mut decision, &mut parsed, false);
    if let Some(Value::Array(entries)) = tradeoffs {
        for (n, entry) in entries.into_iter().enumerate() {
            let Value::Object(mut entry) = entry else {
                return Err(format!("tradeoffs[{n}]: not a mapping"));
            };
            let motivated = entry.remove("motivated_by");
            let mut tradeoff: TradeOff = serde_json::from_value(Value::Object(entry))
                .map_err(|e| format!("tradeoffs[{n}]: {e}"))?;
            tradeoff.decision_id = decision.id.clone();
            for target in string_list(motivated) {
                parsed.link(End::Child(n), Relation::MotivatedBy, End::Id(target), None);
            }
            parsed.children.push(Child {
                key: format!("tradeoff-{}", n + 1),
                record: AnyRecord::TradeOff(tradeoff),
            });
        }
    }
    read_link_list(links_value, &mut parsed)?;
    parsed.main = AnyRecord::Decision(decision);
    Ok(parsed)
}

fn string_list(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s],
        _ => Vec::new(),
    }
}

/// The `links:` list of an exported file: `{from?, relation, to, label?}` entries; `from`
/// defaults to the file's own record.
pub(super) fn read_link_list(value: Option<Value>, parsed: &mut Parsed) -> Result<(), String> {
    let Some(Value::Array(entries)) = value else {
        return Ok(());
    };
    let child_ids: Vec<String> = parsed
        .children
        .iter()
        .map(|c| c.record.id().to_string())
        .collect();
    for (n, entry) in entries.into_iter().enumerate() {
        let field = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
        let relation: Relation = field("relation")
            .unwrap_or_default()
            .parse()
            .map_err(|e| format!("links[{n}]: {e}"))?;
        let to = field("to").ok_or_else(|| format!("links[{n}]: no 'to'"))?;
        let from = match field("from") {
            None => End::Main,
            Some(id) => match child_ids.iter().position(|c| *c == id) {
                Some(i) => End::Child(i),
                None => End::Id(id),
            },
        };
        parsed.link(from, relation, End::Id(to), field("label"));
    }
    Ok(())
}

/// The `links:` entries for links from `from_id`, leaving `from` out for the file's own record.
pub(super) fn link_entries(links: &[Link], main_id: &str) -> Vec<Value> {
    links
        .iter()
        .map(|l| {
            let mut entry = Map::new();
            if l.from_id != main_id {
                entry.insert("from".into(), json!(l.from_id));
            }
            entry.insert("relation".into(), json!(l.relation.as_str()));
            entry.insert("to".into(), json!(l.to_id));
            if let Some(label) = &l.label {
                entry.insert("label".into(), json!(label));
            }
            Value::Object(entry)
        })
        .collect()
}

/// A decision in the MADR 4 layout, with its trade-offs and links in the front matter.
/// `links` are the links from the decision; `tradeoffs` come with their `motivated-by` targets.
pub fn write(decision: &Decision, tradeoffs: &[(TradeOff, Vec<String>)], links: &[Link]) -> String {
    let mut fields = match serde_json::to_value(decision) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for key in BODY_FIELDS {
        fields.remove(*key);
    }
    let entries: Vec<Value> = tradeoffs
        .iter()
        .map(|(tradeoff, motivated)| {
            let mut entry = match serde_json::to_value(tradeoff) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            for key in TRADEOFF_SKIP {
                entry.remove(*key);
            }
            entry.insert("motivated_by".into(), json!(motivated));
            Value::Object(entry)
        })
        .collect();
    fields.insert("tradeoffs".into(), Value::Array(entries));
    fields.insert(
        "links".into(),
        Value::Array(link_entries(links, &decision.id)),
    );
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&front::to_yaml(Value::Object(fields)));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", one_line(&decision.title)));
    let mut extra = decision.sections.iter().peekable();
    if let Some(intro) = extra.next_if(|s| s.heading.is_empty()) {
        push_text(&mut out, &intro.body);
    }
    push_section(&mut out, "## Summary", &decision.summary);
    push_section(
        &mut out,
        "## Context and Problem Statement",
        &decision.context,
    );
    push_section(&mut out, "## Decision Drivers", &decision.drivers);
    let names: Vec<String> = decision
        .options
        .iter()
        .map(|o| format!("* {}", one_line(&o.name)))
        .collect();
    push_section(&mut out, "## Considered Options", &names.join("\n"));
    let has_outcome = !(decision.outcome.trim().is_empty()
        && decision.consequences.trim().is_empty()
        && decision.confirmation.trim().is_empty());
    if has_outcome {
        out.push_str("\n## Decision Outcome\n");
        push_text(&mut out, &decision.outcome);
    }
    push_section(&mut out, "### Consequences", &decision.consequences);
    push_section(&mut out, "### Confirmation", &decision.confirmation);
    let detailed: Vec<&ConsideredOption> = decision
        .options
        .iter()
        .filter(|o| !(o.description.trim().is_empty() && o.pros.is_empty() && o.cons.is_empty()))
        .collect();
    if !detailed.is_empty() {
        out.push_str("\n## Pros and Cons of the Options\n");
        for option in detailed {
            out.push_str(&format!("\n### {}\n", one_line(&option.name)));
            push_text(&mut out, &option.description);
            let bullets: Vec<String> = option
                .pros
                .iter()
                .map(|p| format!("* Good, because {}", item_text(p)))
                .chain(
                    option
                        .cons
                        .iter()
                        .map(|c| format!("* Bad, because {}", item_text(c))),
                )
                .collect();
            push_text(&mut out, &bullets.join("\n"));
        }
    }
    for section in extra {
        let heading = if section.heading.is_empty() {
            "More Information"
        } else {
            &section.heading
        };
        out.push_str(&format!("\n## {}\n", one_line(heading)));
        push_text(&mut out, &section.body);
    }
    out
}

/// A list item's text: one paragraph, continuation lines indented.
fn item_text(text: &str) -> String {
    markdown::normalize(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Text for a heading or a table cell: its lines joined with spaces, spacing inside kept.
pub(super) fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `## Heading` and its text, when there is text.
pub(super) fn push_section(out: &mut String, heading: &str, text: &str) {
    let text = markdown::normalize(text);
    if text.is_empty() {
        return;
    }
    out.push_str(&format!("\n{heading}\n"));
    push_text(out, &text);
}

pub(super) fn push_text(out: &mut String, text: &str) {
    let text = markdown::normalize(text);
    if text.is_empty() {
        return;
    }
    out.push('\n');
    out.push_str(&text);
    out.push('\n');
}
