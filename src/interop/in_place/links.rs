//! adr-tools' link lines in a decision's Status section ("Supercedes [2. Use X](0002-use-x.md)"),
//! kept in step with the workspace's links when a decision is written back: a link made since
//! the file was read gets its line, a line whose link was removed goes, every other line stays.

use std::collections::HashMap;
use std::path::PathBuf;

use super::super::markdown::{self, fold};
use super::super::{InteropError, decision};
use crate::domain::{AnyRecord, Decision, Link, Relation};
use crate::store::Store;

/// adr-tools' link lines for a decision, when its file keeps them in its Status section: a
/// link made in Hindsight since the file was read (`since`) gets its line, as adr-tools writes
/// it; a line whose link was removed since goes; every other line stays as the file has it.
pub(super) fn with_links(
    store: &Store,
    decision: &Decision,
    text: &str,
    files: &HashMap<String, PathBuf>,
    since: i64,
) -> Result<Option<String>, InteropError> {
    let file_of = |id: &str| {
        files
            .get(id)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
    };
    let id_of = |file: &str| {
        files
            .iter()
            .find(|(_, p)| p.file_name().is_some_and(|n| n.to_string_lossy() == file))
            .map(|(id, _)| id.clone())
    };
    let reference = |id: &str| -> Result<Option<String>, InteropError> {
        let Some(file) = file_of(id) else {
            return Ok(None);
        };
        let Some(AnyRecord::Decision(d)) = store.find_any(id)? else {
            return Ok(None);
        };
        let label = match d.number {
            Some(n) => format!("{n}. {}", d.title),
            None => d.title.clone(),
        };
        Ok(Some(format!("[{label}]({})", file.replace(' ', "%20"))))
    };
    let changed_since = |link: &Link| -> Result<bool, InteropError> {
        Ok(store.link_changed_at(link)?.is_some_and(|c| c > since))
    };
    // The Status section's link lines as the file has them.
    let doc = markdown::Document::parse(text);
    let Some(status) = doc
        .parts(|h| fold(h) == "status")
        .into_iter()
        .find(|p| fold(&p.name) == "status")
    else {
        return Ok(None);
    };
    let existing: Vec<String> = status
        .body
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("](") && l.contains(".md"))
        .map(str::to_string)
        .collect();
    let relation_of = |words: &str| {
        let f = fold(words);
        if f.contains("supersed") || f.contains("superced") {
            Relation::Supersedes
        } else if f.contains("amend") {
            Relation::Amends
        } else {
            Relation::RelatesTo
        }
    };
    // (backwards, relation, the other record) of a line.
    let key = |line: &str| -> Option<(bool, Relation, String)> {
        let link = markdown::links(line).into_iter().next()?;
        let target = link.target.rsplit('/').next()?.replace("%20", " ");
        Some((
            fold(&link.before).ends_with(" by"),
            relation_of(&link.before),
            id_of(&target)?,
        ))
    };
    let as_link = |(back, relation, other): &(bool, Relation, String)| {
        if *back {
            Link::new(other, *relation, &decision.id)
        } else {
            Link::new(&decision.id, *relation, other)
        }
    };
    let mut lines = Vec::new();
    for line in &existing {
        match key(line) {
            Some(k) if !store.has_link(&as_link(&k))? && changed_since(&as_link(&k))? => {}
            _ => lines.push(line.clone()),
        }
    }
    let known: Vec<(bool, Relation, String)> = existing.iter().filter_map(|l| key(l)).collect();
    for link in store.links_from(&decision.id)? {
        if !matches!(
            link.relation,
            Relation::Supersedes | Relation::Amends | Relation::RelatesTo
        ) || (link.relation == Relation::RelatesTo && link.label.is_none())
            || known.contains(&(false, link.relation, link.to_id.clone()))
            || !changed_since(&link)?
        {
            continue;
        }
        let verb = link.label.clone().unwrap_or_else(|| {
            match link.relation {
                Relation::Supersedes => "Supercedes",
                Relation::Amends => "Amends",
                _ => "Relates to",
            }
            .to_string()
        });
        if let Some(target) = reference(&link.to_id)? {
            lines.push(format!("{verb} {target}"));
        }
    }
    for link in store.links_to(&decision.id)? {
        if known.contains(&(true, link.relation, link.from_id.clone())) || !changed_since(&link)? {
            continue;
        }
        let spelt = link.label.as_deref().unwrap_or("Supercedes");
        let verb = match link.relation {
            Relation::Supersedes if spelt.contains("ced") => "Superceded by",
            Relation::Supersedes => "Superseded by",
            Relation::Amends => "Amended by",
            _ => continue,
        };
        if let Some(source) = reference(&link.from_id)? {
            lines.push(format!("{verb} {source}"));
        }
    }
    Ok(decision::set_status_links(text, decision, &lines))
}
