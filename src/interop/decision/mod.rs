//! Decision files: every ADR dialect teams keep in git (adr-tools / Nygard, MADR 2 bullets, MADR
//! 3 and 4 front matter, log4brains) read by the meaning of their sections, and the MADR 4
//! layout of Hindsight's own tree, which the same reader reads back exactly.
//!
//! - `loose`: a team's file: title and number, metadata lines and front matter, the status
//!   section and its links, links in the text.
//! - `options`: considered options, their pros and cons, the chosen one.
//! - `tree`: the export's layout, written and read.
//!
//! Nothing a file says is dropped: a section with no field of its own is kept with its heading,
//! and what a field's reader does not take from its section (a sentence after a list) is kept as
//! a section of the same heading, written back next to the field.

mod inplace;
mod loose;
mod options;
mod tree;

use serde_json::{Map, Value};

use super::markdown::{Document, fold, links};
use super::parsed::Parsed;
use crate::domain::{ConsideredOption, Decision, Section, TradeOff};
use crate::interop::ReadError;

pub use inplace::{patch, set_status_links};
pub use loose::{split_stem, title_from_name};
pub use tree::write;

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
    Some(match h.trim_end_matches(" optional") {
        "status" => Field::Status,
        "summary" | "in plain words" => Field::Summary,
        "context"
        | "context and problem statement"
        | "problem statement"
        | "context and problem" => Field::Context,
        "decision drivers" | "drivers" => Field::Drivers,
        "considered options" | "options considered" | "options" => Field::OptionNames,
        "decision outcome" | "decision" | "outcome" => Field::Outcome,
        "consequences" | "positive consequences" | "negative consequences" => Field::Consequences,
        "confirmation" => Field::Confirmation,
        "pros and cons of the options" => Field::ProsAndCons,
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
        .filter(|l| loose::metadata_line(l).is_some())
        .count();
    headings + metadata
}

/// Reads one decision file. `stem` is the file name without its extension.
pub fn read(doc: &Document, front: &Map<String, Value>, stem: &str) -> Result<Parsed, ReadError> {
    let structured = front
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("dec-"));
    if structured {
        tree::read(doc, front)
    } else {
        Ok(loose::read(doc, front, stem))
    }
}

/// What the body gave besides the decision's fields: the arguments of its consequences, for
/// the trade-offs of a team's file.
#[derive(Default)]
struct Consequences {
    good: Vec<String>,
    bad: Vec<String>,
}

/// The body of a decision, whatever the dialect: every section by meaning.
fn read_body(
    doc: &Document,
    decision: &mut Decision,
    parsed: &mut Parsed,
    loose: bool,
) -> Consequences {
    let mut names: Vec<ConsideredOption> = Vec::new();
    let mut details: Vec<ConsideredOption> = Vec::new();
    let mut filled: Vec<Field> = Vec::new();
    let mut consequences = Consequences::default();
    for part in doc.parts(|h| field_of(h).is_some()) {
        let field = field_of(&part.name)
            .filter(|f| !filled.contains(f) || *f == Field::Consequences)
            .filter(|f| loose || !matches!(f, Field::Status | Field::Links));
        let Some(field) = field else {
            decision
                .sections
                .push(Section::new(part.heading, part.body));
            continue;
        };
        filled.push(field);
        match field {
            Field::Status => loose::read_status_section(&part.body, decision, parsed),
            Field::Summary => decision.summary = part.body,
            Field::Context => decision.context = part.body,
            Field::Drivers => decision.drivers = part.body,
            Field::OptionNames => {
                let (found, rest) = options::read_names(&part.body);
                names = found;
                keep_beside(decision, &part.heading, rest);
            }
            Field::Outcome => decision.outcome = part.body,
            Field::Consequences => {
                let name = fold(&part.name);
                let body = if name == "consequences" {
                    let arguments = options::read_arguments(&part.body);
                    consequences.good.extend(arguments.good);
                    consequences.bad.extend(arguments.bad);
                    part.body
                } else {
                    let items = item_texts(&part.body);
                    if name.starts_with("positive") {
                        consequences.good.extend(items);
                    } else {
                        consequences.bad.extend(items);
                    }
                    format!("**{}**\n\n{}", part.name, part.body)
                };
                if decision.consequences.is_empty() {
                    decision.consequences = body;
                } else {
                    decision.consequences = format!("{}\n\n{body}", decision.consequences);
                }
            }
            Field::Confirmation => decision.confirmation = part.body,
            Field::ProsAndCons => {
                let (found, rest) = options::read_details(&part.body);
                details = found;
                keep_beside(decision, &part.heading, rest);
            }
            Field::Links => {
                for link in links(&part.body) {
                    loose::stated_link(parsed, &link.before, &link.target);
                }
                decision
                    .sections
                    .push(Section::new(part.heading, part.body));
            }
        }
    }
    decision.options = options::merge(names, details);
    consequences
}

/// Keeps what a field's reader left of its section, under the section's heading; the export
/// writes it back right after the field.
fn keep_beside(decision: &mut Decision, heading: &str, rest: String) {
    if !rest.is_empty() {
        decision.sections.push(Section::new(heading, rest));
    }
}

/// The items of a list, or the whole text when it has none.
fn item_texts(body: &str) -> Vec<String> {
    let (items, rest) = super::markdown::split_list(body);
    let mut out: Vec<String> = items
        .into_iter()
        .map(|i| i.text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    if out.is_empty() && !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The trade-off a team's decision accepted: what its consequences (or, without them, the
/// chosen option's pros and cons) say it gains and costs. `None` when the file says neither.
fn accepted_tradeoff(decision: &Decision, consequences: Consequences) -> Option<TradeOff> {
    let chosen =
        options::chosen(&decision.outcome, &decision.options).and_then(|i| decision.options.get(i));
    let (good, bad) = if !(consequences.good.is_empty() && consequences.bad.is_empty()) {
        (consequences.good, consequences.bad)
    } else if let Some(option) = chosen.filter(|o| !(o.pros.is_empty() && o.cons.is_empty())) {
        (option.pros.clone(), option.cons.clone())
    } else {
        // "Chosen option: "X", because Y": Y is what the decision gains.
        (options::justification(&decision.outcome), Vec::new())
    };
    if good.is_empty() && bad.is_empty() {
        return None;
    }
    let title = match chosen {
        Some(option) => super::markdown::plain(&option.name),
        None => decision.title.clone(),
    };
    Some(TradeOff {
        title,
        gain: as_list(&good),
        cost: as_list(&bad),
        ..Default::default()
    })
}

/// One item as it is, several as a Markdown list.
fn as_list(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        _ => items
            .iter()
            .map(|i| format!("- {}", super::layout::item_text(i)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}
