//! A decision's considered options written back into its file: the names in the options
//! list, in the list's own markers, and each option's pros and cons under its heading.

use super::super::{Field, options};
use super::{beside, part_of, slot_for};
use crate::domain::{ConsideredOption, Decision};
use crate::interop::edit::{Edits, add_part, set_body};
use crate::interop::layout::{item_text, one_line};
use crate::interop::markdown::{self, Document, Part};

pub(super) fn set_option_names(edits: &mut Edits, doc: &Document, parts: &[Part], now: &Decision) {
    let part = part_of(parts, Field::OptionNames);
    // The list's own marker ("* ", "- ", "1. ").
    let numbered = part.is_some_and(|p| {
        p.body
            .lines()
            .any(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    });
    let marker = part
        .and_then(|p| {
            p.body
                .lines()
                .find_map(|l| markdown::bullet(l.trim_start()).map(|_| l.trim_start()))
        })
        .map_or("* ", |l| if l.starts_with('-') { "- " } else { "* " });
    let body: Vec<String> = now
        .options
        .iter()
        .enumerate()
        .map(|(n, o)| {
            let name = one_line(&o.name);
            if numbered {
                format!("{}. {name}", n + 1)
            } else {
                format!("{marker}{name}")
            }
        })
        .collect();
    let mut text = body.join("\n");
    if let Some(rest) = beside(now, Field::OptionNames) {
        text = format!("{text}\n\n{rest}");
    }
    match part {
        Some(part) => set_body(edits, doc, part, &text),
        None if !now.options.is_empty() => {
            let at = slot_for(doc, parts, Field::OptionNames);
            add_part(edits, doc, at, "## Considered Options", &text);
        }
        None => {}
    }
}

pub(super) fn set_pros_and_cons(edits: &mut Edits, doc: &Document, parts: &[Part], now: &Decision) {
    let detailed: Vec<&ConsideredOption> = now
        .options
        .iter()
        .filter(|o| {
            !(o.description.trim().is_empty()
                && o.pros.is_empty()
                && o.cons.is_empty()
                && o.neutral.is_empty())
        })
        .collect();
    let part = part_of(parts, Field::ProsAndCons);
    let level = part.map_or(2, |p| p.level) + 1;
    let marker = part
        .and_then(|p| {
            p.body.lines().find(|l| {
                options::argument(markdown::bullet(l.trim_start()).unwrap_or("")).is_some()
            })
        })
        .map_or("* ", |l| {
            if l.trim_start().starts_with('-') {
                "- "
            } else {
                "* "
            }
        });
    let mut text = beside(now, Field::ProsAndCons).unwrap_or("").to_string();
    for option in detailed {
        text.push_str(&format!(
            "\n\n{} {}\n",
            "#".repeat(level as usize),
            one_line(&option.name)
        ));
        if !option.description.trim().is_empty() {
            text.push_str(&format!("\n{}\n", option.description.trim()));
        }
        let lines: Vec<String> = [
            ("Good", &option.pros),
            ("Neutral", &option.neutral),
            ("Bad", &option.cons),
        ]
        .into_iter()
        .flat_map(|(side, items)| {
            items
                .iter()
                .map(move |i| format!("{marker}{side}, because {}", item_text(i)))
        })
        .collect();
        if !lines.is_empty() {
            text.push_str(&format!("\n{}\n", lines.join("\n")));
        }
    }
    match part {
        Some(part) => set_body(edits, doc, part, &text),
        None if !text.trim().is_empty() => {
            let at = slot_for(doc, parts, Field::ProsAndCons);
            add_part(edits, doc, at, "## Pros and Cons of the Options", &text);
        }
        None => {}
    }
}
