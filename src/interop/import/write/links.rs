//! The links a file states, written when every record of the import exists: each end
//! resolved (the file's own record, one inside it, a stable id, or another file by its path),
//! an exported file's links the whole truth about its records, a loose file's added.

use std::collections::HashMap;

use super::super::Pending;
use super::super::read::{lexical, source_key};
use super::Import;
use crate::domain::{Link, Relation};
use crate::interop::parsed::End;
use crate::store::{Result, Writer};

/// Writes the links a file states. Returns warnings for the ones that cannot be made.
pub(super) fn write_links(
    w: &mut Writer<'_>,
    item: &Pending,
    ids: &[String],
    import: &Import,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let resolve = |end: &End| -> Option<String> {
        match end {
            End::Main => Some(ids[0].clone()),
            End::Child(n) => ids.get(n + 1).cloned(),
            End::Id(id) => Some(id.clone()),
            End::File(href) => {
                let path = href.split(['#', '?']).next().unwrap_or("");
                // A full URL to a file of the same collection (on its forge): by file name.
                let path = match path.split_once("://") {
                    Some((_, rest)) => rest.rsplit('/').next().unwrap_or(""),
                    None => path,
                };
                let target = item.dir.join(decode(path));
                if let Some(id) = import.ids_by_path.get(&lexical(&target)) {
                    return Some(id.clone());
                }
                let key = source_key(&target);
                import
                    .ids_by_key
                    .get(&key)
                    .or_else(|| import.sources.by_key.get(&key))
                    .cloned()
            }
        }
    };
    let mut wanted: Vec<Link> = Vec::new();
    // Where each (from, relation, to) is in `wanted`: a file states a link once or twice
    // (both its ends may be in it), and a postmortem with 50,000 lessons states 50,000.
    let mut seen: HashMap<(String, Relation, String), usize> = HashMap::new();
    for pending in &item.parsed.links {
        let (Some(from), Some(to)) = (resolve(&pending.from), resolve(&pending.to)) else {
            if pending.stated {
                let target = match (&pending.from, &pending.to) {
                    (End::File(f), _) | (_, End::File(f)) => f.clone(),
                    _ => String::new(),
                };
                warnings.push(format!(
                    "{} link to {target}: no such record was imported",
                    pending.relation
                ));
            }
            continue;
        };
        if from == to {
            continue;
        }
        let link = Link {
            label: pending.label.clone(),
            ..Link::new(from, pending.relation, to)
        };
        let key = (link.from_id.clone(), link.relation, link.to_id.clone());
        match seen.get(&key) {
            Some(&i) => {
                // The words of the side that states the link forwards win.
                let existing = &mut wanted[i];
                if existing.label.is_none() || (pending.from == End::Main && link.label.is_some()) {
                    existing.label = link.label;
                }
            }
            None => {
                seen.insert(key, wanted.len());
                wanted.push(link);
            }
        }
    }
    if item.parsed.structured {
        for id in ids {
            for old in w.links_from(id)? {
                let key = (old.from_id.clone(), old.relation, old.to_id.clone());
                if !seen.contains_key(&key) {
                    w.unlink(&old)?;
                }
            }
        }
    }
    for link in wanted {
        // No savepoint: `link` checks both ends and the relation before it writes anything.
        let made = if item.parsed.structured {
            w.link(&link)
        } else {
            w.add_link(&link)
        };
        if let Err(e) = made {
            if w.exists(&link.to_id)? || item.parsed.structured {
                warnings.push(format!(
                    "{} {} {}: {e}",
                    link.from_id, link.relation, link.to_id
                ));
            } else {
                warnings.push(format!(
                    "{} link to {}: no such record",
                    link.relation, link.to_id
                ));
            }
        }
    }
    Ok(warnings)
}

/// `%20` and friends in a link target.
fn decode(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = href.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}
