//! Hindsight's own files in the team's repository: everything a team's ADRs and postmortems
//! have no place for, so the whole workbench travels through git — lessons, trade-offs and
//! what motivated them, checklists, reviews with their answers and sign-offs, action items,
//! incidents when the folder keeps no postmortems, and the ids the team's files' records have.
//!
//! The layout (under `.hindsight/` inside the synced folder) is one small file per record,
//! named by its id so a new title never renames it, written in the same form as Hindsight's
//! export (front matter with the record's fields and the links it owns, sorted; the title as
//! heading; no time that changes when nothing changed), so `git diff` of a change is a few
//! readable lines and two members' unrelated changes never touch the same file:
//!
//! - `lessons/`, `tradeoffs/`, `checklists/`, `reviews/`, `actions/`, `decisions/`,
//!   `postmortems/`: `<id>.md`, one record each;
//! - `links/<from>--<relation>--<to>.md`: a link from a record the team's file holds that the
//!   file has no way to state (a trade-off's motivation, an action item's lesson);
//! - `ids/<file>.ids`: for a team file whose records' ids are not the ones derived from its
//!   path (read before the folder was synced, or moved since), those ids (`<file> <id>`,
//!   `<file>#lesson-1 <id>`), so every clone gives them the same ids.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::export::sorted_links;
use super::import::derived_id;
use super::{InteropError, decision, postmortem, record_file};
use crate::domain::{ActionItem, Decision, Incident, Kind, Link, Relation, TradeOff};
use crate::store::Store;

/// The folder, inside the synced one, that holds Hindsight's own files.
pub const OWN_FOLDER: &str = ".hindsight";

/// The version of this layout, written in `OWN_FOLDER/FORMAT`: a Hindsight that knows an older
/// one refuses to sync rather than misread the files.
pub const OWN_FORMAT: u32 = 1;

/// The file that holds the layout's version.
pub const FORMAT_FILE: &str = "FORMAT";

/// The folders of `OWN_FOLDER` that hold one record per file (what an import reads).
pub const RECORD_FOLDERS: &[&str] = &[
    "decisions",
    "postmortems",
    "lessons",
    "tradeoffs",
    "checklists",
    "reviews",
    "actions",
];

const README: &str = "# Hindsight's files\n\nWhat the team's decision records and postmortems have no place for, kept by\n[Hindsight](https://github.com/) so every member's workspace holds the same reasoning: one\nfile per record, named by its id.\n\n- `lessons/`, `tradeoffs/`, `checklists/`, `reviews/`, `actions/`, `decisions/`,\n  `postmortems/`: a record each, its fields in the front matter, the links it owns under\n  `links:`.\n- `links/`: a link from a record the team's own file holds (a trade-off's motivation).\n- `ids/`: the ids of the records each team file makes, the same in every clone.\n\n`hindsight sync` writes and reads these files; review them in pull requests like any other.\n";

/// Every file of Hindsight's own, relative to `OWN_FOLDER`, with its text. `folder` is the
/// synced folder (canonical): team files under it are the ones whose records are the team's.
pub fn render_own(store: &Store, folder: &Path) -> Result<BTreeMap<PathBuf, String>, InteropError> {
    let own = folder.join(OWN_FOLDER);
    let mut out = BTreeMap::new();
    out.insert(PathBuf::from("README.md"), README.to_string());
    out.insert(
        PathBuf::from(FORMAT_FILE),
        format!("hindsight-files {OWN_FORMAT}\n"),
    );
    // The team's files under the folder, and the records they make.
    let mut by_file: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut team: HashSet<String> = HashSet::new();
    for (source_path, record_id) in store.sources()? {
        let (file, part) = match source_path.split_once('#') {
            Some((file, part)) => (file.to_string(), Some(part.to_string())),
            None => (source_path.clone(), None),
        };
        let path = Path::new(&file);
        if path.starts_with(&own) {
            continue;
        }
        team.insert(record_id.clone());
        let Ok(rel) = path.strip_prefix(folder) else {
            continue;
        };
        let rel = rel.display().to_string();
        let key = match part {
            Some(part) => format!("{rel}#{part}"),
            None => rel.clone(),
        };
        by_file.entry(rel).or_default().push((key, record_id));
    }
    for (rel, mut entries) in by_file {
        // Ids derived from the path need no entry: every clone derives them alike. Only the
        // others (records read before the folder was synced, files moved since) are mapped.
        entries.retain(|(key, id)| {
            let prefix = id.split('-').next().unwrap_or("");
            !Kind::ALL
                .iter()
                .any(|k| k.id_prefix() == prefix && derived_id(*k, key) == *id)
        });
        if entries.is_empty() {
            continue;
        }
        entries.sort();
        let text: String = entries
            .iter()
            .map(|(key, id)| format!("{key} {id}\n"))
            .collect();
        out.insert(PathBuf::from("ids").join(format!("{rel}.ids")), text);
    }
    let links_of =
        |id: &str| -> Result<Vec<Link>, InteropError> { Ok(sorted_links(store.links_from(id)?)) };
    // Decisions and incidents with no team file: whole, their trade-offs and action items inside.
    let mut inside: HashSet<String> = HashSet::new();
    for d in store.list::<Decision>()? {
        if team.contains(&d.id) {
            continue;
        }
        let mut with_links = Vec::new();
        let mut links = links_of(&d.id)?;
        for t in store.children::<TradeOff>(&d.id)? {
            inside.insert(t.id.clone());
            let own_links = links_of(&t.id)?;
            let motivated = own_links
                .iter()
                .filter(|l| l.relation == Relation::MotivatedBy)
                .map(|l| l.to_id.clone())
                .collect();
            links.extend(
                own_links
                    .into_iter()
                    .filter(|l| l.relation != Relation::MotivatedBy),
            );
            with_links.push((t, motivated));
        }
        let path = PathBuf::from("decisions").join(format!("{}.md", d.id));
        out.insert(path, decision::write(&d, &with_links, &links));
    }
    for i in store.list::<Incident>()? {
        if team.contains(&i.id) {
            continue;
        }
        let actions: Vec<ActionItem> = store.children(&i.id)?;
        let mut links = links_of(&i.id)?;
        for a in &actions {
            inside.insert(a.id.clone());
            links.extend(links_of(&a.id)?);
        }
        let path = PathBuf::from("postmortems").join(format!("{}.md", i.id));
        out.insert(path, postmortem::write(&i, &actions, &links));
    }
    for (kind, dir) in [
        (Kind::Lesson, "lessons"),
        (Kind::TradeOff, "tradeoffs"),
        (Kind::Checklist, "checklists"),
        (Kind::Review, "reviews"),
        (Kind::Action, "actions"),
    ] {
        for record in store.list_any(kind)? {
            let id = record.id();
            if team.contains(id) || inside.contains(id) {
                continue;
            }
            let path = PathBuf::from(dir).join(format!("{id}.md"));
            out.insert(path, record_file::write(&record, &links_of(id)?));
        }
    }
    // Links from records the team's files hold, that those files cannot state.
    for link in store.links()? {
        if !team.contains(&link.from_id) || !carried_beside(&link, &team) {
            continue;
        }
        out.insert(link_path(&link), link_text(&link));
    }
    Ok(out)
}

/// Whether a link from a record of a team file lives in Hindsight's files: a relation no team
/// file states (a motivation, an action's lesson), or a link to a record no team file holds.
fn carried_beside(link: &Link, team: &HashSet<String>) -> bool {
    matches!(link.relation, Relation::MotivatedBy | Relation::Addresses)
        || !team.contains(&link.to_id)
}

/// `links/<from>--<relation>--<to>.md`
pub fn link_path(link: &Link) -> PathBuf {
    PathBuf::from("links").join(format!(
        "{}--{}--{}.md",
        link.from_id,
        link.relation.as_str(),
        link.to_id
    ))
}

fn link_text(link: &Link) -> String {
    let mut out = format!(
        "---\nfrom: {}\nrelation: {}\nto: {}\n",
        link.from_id,
        link.relation.as_str(),
        link.to_id
    );
    if let Some(label) = &link.label {
        out.push_str(&format!(
            "label: {}\n",
            serde_json::Value::from(label.as_str())
        ));
    }
    out.push_str("---\n");
    out
}

/// The link a `links/` file states, if it reads as one.
pub fn read_link_file(text: &str) -> Option<Link> {
    let doc = super::markdown::Document::parse(text);
    let front = super::front::from_yaml(doc.front.as_deref()?).ok()?;
    let field = |k: &str| front.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let relation = field("relation")?.parse::<Relation>().ok()?;
    Some(Link {
        label: field("label"),
        ..Link::new(field("from")?, relation, field("to")?)
    })
}

/// The committed id map: each team file key (absolute, as the workspace's sources name files)
/// with the id of its record, read from `ids/` under the folder's `OWN_FOLDER`.
pub fn read_id_map(folder: &Path) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let ids = folder.join(OWN_FOLDER).join("ids");
    for entry in walkdir::WalkDir::new(&ids).into_iter().flatten() {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "ids") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for line in text.lines() {
            if let Some((key, id)) = line.rsplit_once(' ') {
                map.insert(
                    folder.join(key).display().to_string(),
                    id.trim().to_string(),
                );
            }
        }
    }
    map
}

/// The layout version a folder's `OWN_FOLDER` says it is written in (`None` when it has none).
pub fn own_format(folder: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(folder.join(OWN_FOLDER).join(FORMAT_FILE)).ok()?;
    text.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_file_reads_back_as_its_link() {
        let link = Link {
            label: Some("Because: \"peaks\"".into()),
            ..Link::new("tof-1", Relation::MotivatedBy, "les-2")
        };
        let text = link_text(&link);
        assert_eq!(read_link_file(&text), Some(link.clone()));
        assert_eq!(
            link_path(&link),
            PathBuf::from("links/tof-1--motivated-by--les-2.md")
        );
    }
}
