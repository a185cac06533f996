//! Considered options as MADR writes them: a list under "Considered Options" (bullets, numbers,
//! nested details, a sentence around it), an option per heading under "Pros and Cons of the
//! Options" with its description and its arguments (`Good, because …`, `Bad, because: …` with a
//! sub-list, `Neutral, because …`), and the option the outcome chose. The list and the headings
//! rarely say an option's name word for word alike ("[Velocity](…)" and "Apache Velocity"), so
//! they are matched by their words.

use crate::domain::ConsideredOption;
use crate::interop::markdown::{self, Block, Document, blocks, fold, plain};

/// The options a "Considered Options" list names, each item's nested lines as its
/// description, and the text beside the list.
pub fn read_names(body: &str) -> (Vec<ConsideredOption>, String) {
    let mut options = Vec::new();
    let mut rest = Vec::new();
    for block in blocks(body) {
        match block {
            Block::Item { item, .. } => {
                let (name, more) = item.text.split_once('\n').unwrap_or((&item.text, ""));
                if name.trim().is_empty() && more.trim().is_empty() {
                    continue;
                }
                options.push(ConsideredOption {
                    name: name.trim().to_string(),
                    description: markdown::dedent(more),
                    ..Default::default()
                });
            }
            Block::Text(text) => rest.push(text),
        }
    }
    (options, rest.join("\n\n"))
}

/// The options of "Pros and Cons of the Options", one per heading (deeper headings stay in the
/// option's text), and the text before the first one.
pub fn read_details(body: &str) -> (Vec<ConsideredOption>, String) {
    let doc = Document::parse(body);
    let options = doc
        .parts(|_| false)
        .into_iter()
        .map(|part| {
            let arguments = read_arguments(&part.body);
            ConsideredOption {
                name: part.heading,
                description: arguments.rest,
                pros: arguments.good,
                cons: arguments.bad,
                neutral: arguments.neutral,
            }
        })
        .collect();
    (options, doc.preamble)
}

/// Which way an argument speaks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Good,
    Bad,
    Neutral,
}

/// The arguments of a text, and everything else in it, in order.
#[derive(Debug, Default, PartialEq)]
pub struct Arguments {
    pub good: Vec<String>,
    pub bad: Vec<String>,
    pub neutral: Vec<String>,
    pub rest: String,
}

pub fn read_arguments(text: &str) -> Arguments {
    let mut out = Arguments::default();
    let mut rest = Vec::new();
    for block in blocks(text) {
        match block {
            Block::Item { item, raw } => match argument(&item.text) {
                Some((side, text)) => {
                    let text = markdown::normalize(text);
                    match side {
                        Side::Good => out.good.push(text),
                        Side::Bad => out.bad.push(text),
                        Side::Neutral => out.neutral.push(text),
                    }
                }
                None => rest.push(raw),
            },
            Block::Text(text) => rest.push(text),
        }
    }
    out.rest = join_blocks(&rest);
    out
}

/// Blocks of text back together: list items next to each other stay one list.
fn join_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    for (n, block) in blocks.iter().enumerate() {
        if n > 0 {
            let item = |b: &str| markdown::bullet(b.trim_start()).is_some();
            out.push_str(if item(&blocks[n - 1]) && item(block) {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(block);
    }
    markdown::normalize(&out)
}

/// "Good, because X" / "Bad, because: X" / "Neutral, because, X" / "Good: X" → the side and X.
/// A word such as "Good documentation" is not an argument: it needs "because" or a colon.
pub fn argument(text: &str) -> Option<(Side, &str)> {
    let lead: String = text
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let side = match lead.as_str() {
        "good" | "pro" => Side::Good,
        "bad" | "con" => Side::Bad,
        "neutral" => Side::Neutral,
        _ => return None,
    };
    let after = text[lead.len()..].trim_start_matches([',', ' ', '\t']);
    let (because, after) = match after.get(..7) {
        Some(word) if word.eq_ignore_ascii_case("because") => (true, &after[7..]),
        _ => (false, after),
    };
    let colon = after.starts_with(':');
    if !because && !colon {
        return None;
    }
    Some((side, after.trim_start_matches([',', ':', ' ', '\t'])))
}

/// A name's words for matching: link text without targets, no "Option 2:" in front.
fn key(name: &str) -> Vec<String> {
    let words: Vec<String> = fold(&plain(name))
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    match words.as_slice() {
        [first, n, rest @ ..]
            if first == "option" && n.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() =>
        {
            rest.to_vec()
        }
        _ => words,
    }
}

/// How well two names match, from 4 (the same words) to 1 (most words shared); 0 for none.
fn closeness(a: &[String], b: &[String]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 4;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.starts_with(short) {
        return 3;
    }
    if long.windows(short.len()).any(|w| w == short) {
        return 2;
    }
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "to", "with", "for", "in",
    ];
    let significant: Vec<&String> = short
        .iter()
        .filter(|w| !SMALL.contains(&w.as_str()))
        .collect();
    let shared = significant.iter().filter(|w| long.contains(w)).count();
    if !significant.is_empty() && shared * 2 >= significant.len().max(2) {
        return 1;
    }
    0
}

/// The options named in the list, each with the pros and cons of the heading that is about it;
/// options that have only a heading come after.
pub fn merge(
    names: Vec<ConsideredOption>,
    details: Vec<ConsideredOption>,
) -> Vec<ConsideredOption> {
    let name_keys: Vec<Vec<String>> = names.iter().map(|o| key(&o.name)).collect();
    let detail_keys: Vec<Vec<String>> = details.iter().map(|o| key(&o.name)).collect();
    let mut pair: Vec<Option<usize>> = vec![None; names.len()];
    let mut used = vec![false; details.len()];
    for level in (1..=4).rev() {
        for (n, nk) in name_keys.iter().enumerate() {
            if pair[n].is_some() {
                continue;
            }
            if let Some(d) =
                (0..details.len()).find(|&d| !used[d] && closeness(nk, &detail_keys[d]) == level)
            {
                pair[n] = Some(d);
                used[d] = true;
            }
        }
    }
    // What is left, when as many names as headings are left, goes together in order.
    let free_names: Vec<usize> = (0..names.len()).filter(|&n| pair[n].is_none()).collect();
    let free_details: Vec<usize> = (0..details.len()).filter(|&d| !used[d]).collect();
    if free_names.len() == free_details.len() {
        for (n, d) in free_names.into_iter().zip(free_details) {
            pair[n] = Some(d);
            used[d] = true;
        }
    }
    let mut details: Vec<Option<ConsideredOption>> = details.into_iter().map(Some).collect();
    let mut out: Vec<ConsideredOption> = names
        .into_iter()
        .zip(pair)
        .map(|(name, d)| match d.and_then(|d| details[d].take()) {
            Some(detail) => ConsideredOption {
                description: join_text(&name.description, &detail.description),
                name: name.name,
                ..detail
            },
            None => name,
        })
        .collect();
    out.extend(details.into_iter().flatten());
    out
}

fn join_text(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

/// The option the outcome says was chosen: `Chosen option: "X", because …`.
pub fn chosen(outcome: &str, options: &[ConsideredOption]) -> Option<usize> {
    let lower = outcome.to_ascii_lowercase();
    let at = lower.find("chosen option")?;
    let after = outcome[at + "chosen option".len()..].trim_start_matches([':', ' ', '*', '_']);
    let name = match after.chars().next() {
        Some(q @ ('"' | '“' | '\'' | '`')) => {
            let close = if q == '“' { '”' } else { q };
            let inner = &after[q.len_utf8()..];
            inner.split(close).next().unwrap_or(inner)
        }
        _ => {
            let line = after.lines().next().unwrap_or("");
            let cut = line
                .to_ascii_lowercase()
                .find(", because")
                .unwrap_or(line.len());
            &line[..cut]
        }
    };
    let wanted = key(name);
    (1..=4)
        .rev()
        .find_map(|level| {
            options
                .iter()
                .position(|o| closeness(&wanted, &key(&o.name)) == level)
        })
        .filter(|_| !wanted.is_empty())
}

/// The reasons the outcome gives for its choice: the words after "because" in the sentence
/// that names the chosen option, or the list that follows it.
pub fn justification(outcome: &str) -> Vec<String> {
    let lower = outcome.to_ascii_lowercase();
    let Some(at) = lower.find("chosen option") else {
        return Vec::new();
    };
    // The reasons come after the name: a quoted name may hold "because" itself
    // (`Chosen option: "Neutral, because …", because`).
    let named = &outcome[at + "chosen option".len()..];
    let named = named.trim_start_matches([':', ' ', '*', '_']);
    let rest = match named.chars().next() {
        Some(q @ ('"' | '“' | '\'' | '`')) => {
            let close = if q == '“' { '”' } else { q };
            let inner = &named[q.len_utf8()..];
            inner
                .find(close)
                .map_or(inner, |end| &inner[end + close.len_utf8()..])
        }
        _ => named,
    };
    let Some(because) = rest.to_ascii_lowercase().find("because") else {
        return Vec::new();
    };
    let after = &rest[because + "because".len()..];
    let first_paragraph = after.split("\n\n").next().unwrap_or("");
    let words = first_paragraph.trim().trim_start_matches([',', ':']).trim();
    if !words.is_empty() {
        return vec![markdown::normalize(words)];
    }
    // "because" at the end of its line, then a list.
    let (items, _) = markdown::split_list(after);
    items
        .into_iter()
        .map(|i| i.text)
        .filter(|t| !t.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_the_ways_teams_write_them() {
        for (text, side, rest) in [
            ("Good, because it is fast", Side::Good, "it is fast"),
            ("Good, because, it is fast", Side::Good, "it is fast"),
            ("Bad, because:", Side::Bad, ""),
            ("Neutral, because it is new", Side::Neutral, "it is new"),
            ("good because cheap", Side::Good, "cheap"),
            ("Bad: slow", Side::Bad, "slow"),
        ] {
            assert_eq!(argument(text), Some((side, rest)), "{text}");
        }
        assert_eq!(argument("Good documentation"), None);
        assert_eq!(argument("Badger"), None);
    }

    #[test]
    fn a_sub_list_belongs_to_its_argument() {
        let a = read_arguments(
            "Intro.\n\n* Main page: <https://x>\n* Good, because fast\n* Bad, because:\n  * one\n  * two\n* Neutral, because new\n\nOutro.",
        );
        assert_eq!(a.good, vec!["fast"]);
        assert_eq!(a.bad, vec!["* one\n* two"]);
        assert_eq!(a.neutral, vec!["new"]);
        assert_eq!(a.rest, "Intro.\n\n* Main page: <https://x>\n\nOutro.");
    }

    #[test]
    fn names_and_headings_match_by_their_words() {
        let (names, rest) = read_names(
            "1. [Apache Velocity](https://velocity.apache.org/)\n2. FreeMarker\n   * nested detail\n3. Use Thymeleaf for templates\n\nOther alternatives are listed at <https://x>.",
        );
        assert_eq!(rest, "Other alternatives are listed at <https://x>.");
        assert_eq!(names[1].description, "* nested detail");
        let (details, intro) = read_details(
            "Some words first.\n\n### Apache Velocity\n\n* Good, because simple\n\n### Apache FreeMarker\n\n* Bad, because big\n\n### Thymeleaf\n\n#### Details\n\nText\n",
        );
        assert_eq!(intro, "Some words first.");
        assert_eq!(details.len(), 3, "a deeper heading stays in its option");
        let merged = merge(names, details);
        assert_eq!(merged.len(), 3);
        assert_eq!(merged[0].pros, vec!["simple"]);
        assert_eq!(merged[1].cons, vec!["big"]);
        assert_eq!(merged[1].description, "* nested detail");
        assert!(merged[2].description.contains("#### Details"));
        assert_eq!(
            chosen(
                "Chosen option: \"Apache Velocity\", because it is simple.",
                &merged
            ),
            Some(0)
        );
        assert_eq!(
            chosen("Chosen option: Thymeleaf, because", &merged),
            Some(2)
        );
        assert_eq!(
            justification("Chosen option: \"X\", because it is free.\n\nMore."),
            vec!["it is free."]
        );
        assert_eq!(
            justification("Chosen option: \"X\", because\n\n* one\n* two\n\nAfter."),
            vec!["one", "two"]
        );
        // A name that says "because" itself (MADR's own ADR-14 and ADR-17).
        assert_eq!(
            justification(
                "Chosen option: \"Neutral, because …\", because\n\n* it fits best.\n* consistent"
            ),
            vec!["it fits best.", "consistent"]
        );
        assert_eq!(
            justification("Chosen option: 'Use \"Good, because\"', because resolves all forces."),
            vec!["resolves all forces."]
        );
    }
}
