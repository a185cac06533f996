//! The adr-tools side: decisions written as adr-tools itself writes them (`NNNN-slug.md`,
//! `# N. Title`, `Date:`, `## Status` with link lines, `Supercedes` spelt as adr-tools spells
//! it), and what `adr generate toc` and `adr generate graph` print, the graph extended with the
//! lessons and incidents behind each decision.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::export::sorted_links;
use super::files::{ExportOptions, ExportReport, write_tree};
use super::layout::{push_section, push_text};
use super::{InteropError, Progress};
use crate::domain::{Decision, DecisionStatus, Incident, Kind, Lesson, Relation, TradeOff};
use crate::store::Store;

/// Which extras to write beside the records.
#[derive(Clone, Copy, Debug, Default)]
pub struct AdrToolsOptions {
    /// `toc.md`, as `adr generate toc` prints it.
    pub toc: bool,
    /// `graph.dot`, as `adr generate graph` prints it, with lessons and incidents.
    pub graph: bool,
    /// Write over files changed since, or a folder another workspace exported.
    pub force: bool,
}

/// Where adr-tools puts a link line: when the later of the two records was written, the
/// record's own links before links from newer records, newer targets first among equals.
type LineOrder = (u32, bool, std::cmp::Reverse<u32>);

/// A decision as adr-tools names it: its number, and the file name adr-tools would give it.
struct Numbered<'a> {
    decision: &'a Decision,
    number: u32,
    file: String,
}

/// adr-tools' slug: lower case, every run of other characters one `-`.
fn adr_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn numbered(decisions: &[Decision]) -> Vec<Numbered<'_>> {
    let mut next = decisions.iter().filter_map(|d| d.number).max().unwrap_or(0) + 1;
    decisions
        .iter()
        .map(|decision| {
            let number = decision.number.unwrap_or_else(|| {
                next += 1;
                next - 1
            });
            let file = format!("{number:04}-{}.md", adr_slug(&decision.title));
            Numbered {
                decision,
                number,
                file,
            }
        })
        .collect()
}

fn status_word(decision: &Decision) -> String {
    if let Some(text) = &decision.status_text {
        return text.clone();
    }
    let s = decision.status.as_str();
    let mut word = s.to_string();
    word.replace_range(..1, &s[..1].to_uppercase());
    word
}

/// The files of the adr-tools tree, relative to its folder.
pub fn render(
    store: &Store,
    options: AdrToolsOptions,
) -> Result<Vec<(PathBuf, String)>, InteropError> {
    // In ADR-number order (unnumbered last), ids breaking ties: the store's list order.
    let decisions: Vec<Decision> = store.list()?;
    let records = numbered(&decisions);
    let by_id: HashMap<&str, &Numbered> = records
        .iter()
        .map(|r| (r.decision.id.as_str(), r))
        .collect();
    let reference = |r: &Numbered| format!("[{}. {}]({})", r.number, r.decision.title, r.file);
    let mut files = Vec::new();
    let mut edges: Vec<(u32, u32, String)> = Vec::new();
    for r in &records {
        let d = r.decision;
        // Link lines in the order adr-tools adds them: a link appears when the later of
        // its two records is written, the record's own links first.
        let mut link_lines: Vec<(LineOrder, String)> = Vec::new();
        let mut superseded = false;
        let mut own_edges = Vec::new();
        for link in sorted_links(store.links_from(&d.id)?) {
            let Some(t) = by_id.get(link.to_id.as_str()) else {
                continue;
            };
            let verb = link.label.clone().unwrap_or_else(|| match link.relation {
                Relation::Supersedes => "Supercedes".into(),
                Relation::Amends => "Amends".into(),
                _ => "Relates to".into(),
            });
            let key = (
                r.number.max(t.number),
                t.number > r.number,
                std::cmp::Reverse(t.number),
            );
            if !verb.ends_with(" by") {
                own_edges.push((key, (r.number, t.number, verb.clone())));
            }
            link_lines.push((key, format!("{verb} {}", reference(t))));
        }
        for link in sorted_links(store.links_to(&d.id)?) {
            let Some(s) = by_id.get(link.from_id.as_str()) else {
                continue;
            };
            let spelt = link.label.as_deref().unwrap_or("");
            let verb = match link.relation {
                Relation::Supersedes if spelt.contains("ced") => "Superceded by",
                Relation::Supersedes => "Superseded by",
                Relation::Amends => "Amended by",
                _ => continue,
            };
            superseded |= link.relation == Relation::Supersedes;
            let key = (
                r.number.max(s.number),
                s.number > r.number,
                std::cmp::Reverse(s.number),
            );
            link_lines.push((key, format!("{verb} {}", reference(s))));
        }
        link_lines.sort_by_key(|l| l.0);
        own_edges.sort_by_key(|e| e.0);
        edges.extend(own_edges.into_iter().map(|(_, e)| e));
        let link_lines: Vec<String> = link_lines.into_iter().map(|(_, l)| l).collect();
        let mut out = format!("# {}. {}\n", r.number, d.title);
        for s in d.sections.iter().filter(|s| s.heading.is_empty()) {
            push_text(&mut out, &s.body);
        }
        if let Some(date) = d.date {
            push_text(&mut out, &format!("Date: {date}"));
        }
        out.push_str("\n## Status\n");
        if !(superseded && d.status == DecisionStatus::Superseded && d.status_text.is_none()) {
            push_text(&mut out, &status_word(d));
        }
        for line in link_lines {
            push_text(&mut out, &line);
        }
        push_section(&mut out, "## Summary", &d.summary);
        push_section(&mut out, "## Context", &d.context);
        push_section(&mut out, "## Decision Drivers", &d.drivers);
        let names: Vec<String> = d.options.iter().map(|o| format!("* {}", o.name)).collect();
        push_section(&mut out, "## Considered Options", &names.join("\n"));
        push_section(&mut out, "## Decision", &d.outcome);
        push_section(&mut out, "## Consequences", &d.consequences);
        push_section(&mut out, "## Confirmation", &d.confirmation);
        for s in d.sections.iter().filter(|s| !s.heading.is_empty()) {
            push_section(&mut out, &format!("## {}", s.heading), &s.body);
            if s.body.trim().is_empty() {
                out.push_str(&format!("\n## {}\n", s.heading));
            }
        }
        files.push((PathBuf::from(&r.file), out));
    }
    if options.toc {
        let mut toc = String::from("# Architecture Decision Records\n\n");
        for r in &records {
            toc.push_str(&format!(
                "* [{}. {}]({})\n",
                r.number, r.decision.title, r.file
            ));
        }
        files.push((PathBuf::from("toc.md"), toc));
    }
    if options.graph {
        files.push((PathBuf::from("graph.dot"), graph(store, &records, &edges)?));
    }
    Ok(files)
}

fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `adr generate graph`'s digraph: decisions in number order joined by dotted lines, their
/// links as labelled edges; then each decision's trade-offs' lessons and incidents.
fn graph(
    store: &Store,
    records: &[Numbered<'_>],
    edges: &[(u32, u32, String)],
) -> Result<String, InteropError> {
    let mut out = String::from("digraph {\n  node [shape=plaintext];\n  subgraph {\n");
    for (n, r) in records.iter().enumerate() {
        let html = r.file.trim_end_matches(".md");
        out.push_str(&format!(
            "    _{num} [label=\"{num}. {title}\"; URL=\"{html}.html\"];\n",
            num = r.number,
            title = dot_text(&r.decision.title)
        ));
        if n > 0 {
            out.push_str(&format!(
                "    _{} -> _{} [style=\"dotted\", weight=1];\n",
                records[n - 1].number,
                r.number
            ));
        }
    }
    out.push_str("  }\n");
    for (from, to, verb) in edges {
        out.push_str(&format!(
            "  _{from} -> _{to} [label=\"{}\", weight=0]\n",
            dot_text(verb)
        ));
    }
    // Hindsight's addition: why each decision was made.
    let mut lessons_seen: HashMap<String, String> = HashMap::new();
    let mut incidents_seen: HashMap<String, String> = HashMap::new();
    let mut extra = String::new();
    for r in records {
        let tradeoffs: Vec<TradeOff> = store.children(&r.decision.id)?;
        for t in tradeoffs {
            for link in sorted_links(store.links_from(&t.id)?) {
                if link.relation != Relation::MotivatedBy {
                    continue;
                }
                let node = node_for(
                    store,
                    &link.to_id,
                    &mut lessons_seen,
                    &mut incidents_seen,
                    &mut extra,
                )?;
                if let Some(node) = node {
                    extra.push_str(&format!(
                        "  _{} -> {node} [label=\"{}\", style=\"dashed\"]\n",
                        r.number,
                        dot_text(&t.title)
                    ));
                }
            }
        }
    }
    let lesson_ids: Vec<String> = {
        let mut ids: Vec<String> = lessons_seen.keys().cloned().collect();
        ids.sort();
        ids
    };
    for lesson_id in lesson_ids {
        for link in sorted_links(store.links_from(&lesson_id)?) {
            if link.relation != Relation::LearnedFrom {
                continue;
            }
            if let Some(node) = node_for(
                store,
                &link.to_id,
                &mut lessons_seen,
                &mut incidents_seen,
                &mut extra,
            )? {
                extra.push_str(&format!(
                    "  {} -> {node} [label=\"learned from\", style=\"dashed\"]\n",
                    lessons_seen[&lesson_id]
                ));
            }
        }
    }
    out.push_str(&extra);
    out.push_str("}\n");
    Ok(out)
}

/// The graph node of a lesson or incident, declared on first use.
fn node_for(
    store: &Store,
    id: &str,
    lessons: &mut HashMap<String, String>,
    incidents: &mut HashMap<String, String>,
    out: &mut String,
) -> Result<Option<String>, InteropError> {
    if let Some(node) = lessons.get(id).or_else(|| incidents.get(id)) {
        return Ok(Some(node.clone()));
    }
    let kind = store.kind_of(id)?;
    if kind == Some(Kind::Lesson) {
        let lesson: Lesson = store.get(id)?;
        let node = format!("lesson_{}", lessons.len() + 1);
        out.push_str(&format!(
            "  {node} [shape=note, label=\"Lesson: {}\"];\n",
            dot_text(&lesson.statement)
        ));
        lessons.insert(id.to_string(), node.clone());
        return Ok(Some(node));
    }
    if kind == Some(Kind::Incident) {
        let incident: Incident = store.get(id)?;
        let node = format!("incident_{}", incidents.len() + 1);
        out.push_str(&format!(
            "  {node} [shape=box, color=red, label=\"Incident: {}\"];\n",
            dot_text(&incident.title)
        ));
        incidents.insert(id.to_string(), node.clone());
        return Ok(Some(node));
    }
    Ok(None)
}

/// Writes the adr-tools tree into `dir`.
pub fn export(
    store: &Store,
    dir: &Path,
    options: AdrToolsOptions,
    mut progress: impl FnMut(Progress),
) -> Result<ExportReport, InteropError> {
    let files = render(store, options)?;
    let workspace = store.workspace_id()?;
    let force = ExportOptions {
        force: options.force,
    };
    write_tree(dir, files, &[], &workspace, force, &mut progress)
}
