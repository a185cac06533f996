//! Exporting the workspace as a folder meant for a git repository: one Markdown file per
//! decision, postmortem, lesson, checklist, review and free-standing action item, and an
//! `index.md`. The output depends only on the records (sorted, with ids as tie-breaks), so
//! export → import → export gives the same bytes, and a file is rewritten only when its bytes
//! change, which keeps git diffs to what changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::files::{ExportOptions, ExportReport, write_tree};
use super::markdown::slug;
use super::{InteropError, Progress, decision, layout, postmortem, record_file};
use crate::domain::{ActionItem, AnyRecord, Decision, Incident, Kind, Link, Relation, TradeOff};
use crate::store::Store;

/// The folders the export owns: stale `.md` files it wrote in them are removed.
pub const FOLDERS: &[&str] = &[
    "decisions",
    "postmortems",
    "lessons",
    "checklists",
    "reviews",
    "actions",
];

/// The whole tree as relative paths and contents, in a stable order.
pub fn render(store: &Store) -> Result<Vec<(PathBuf, String)>, InteropError> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut names = Names::default();
    let mut index = Index::default();

    // A record that came from a team's file keeps that file's name: links between the files
    // keep working, and git sees no rename.
    let own_names: HashMap<String, String> = store
        .file_sources()?
        .into_iter()
        .filter_map(|f| {
            let name = Path::new(&f.path)
                .file_name()?
                .to_string_lossy()
                .to_string();
            let stem = name
                .strip_suffix(".md")
                .or_else(|| name.strip_suffix(".markdown"))
                .unwrap_or(&name)
                .to_string();
            Some((f.record_id, stem))
        })
        .collect();
    let decisions: Vec<Decision> = store.list()?;
    for decision in &decisions {
        let tradeoffs: Vec<TradeOff> = store.children(&decision.id)?;
        let mut with_links = Vec::new();
        for t in tradeoffs {
            let motivated: Vec<String> = sorted_links(store.links_from(&t.id)?)
                .into_iter()
                .filter(|l| l.relation == Relation::MotivatedBy)
                .map(|l| l.to_id)
                .collect();
            with_links.push((t, motivated));
        }
        let mut links = sorted_links(store.links_from(&decision.id)?);
        for (t, _) in &with_links {
            links.extend(
                sorted_links(store.links_from(&t.id)?)
                    .into_iter()
                    .filter(|l| l.relation != Relation::MotivatedBy),
            );
        }
        let stem = match (own_names.get(&decision.id), decision.number, decision.date) {
            (Some(name), _, _) => name.clone(),
            (None, Some(n), _) => format!("{n:04}-{}", slug(&decision.title)),
            (None, None, Some(date)) => {
                format!("{}-{}", date.format("%Y%m%d"), slug(&decision.title))
            }
            (None, None, None) => slug(&decision.title),
        };
        let path = names.claim("decisions", &stem, &decision.id);
        index.add(
            "Decisions",
            &decision.display_title(),
            &path,
            decision.status.as_str(),
        );
        files.push((path, decision::write(decision, &with_links, &links)));
    }

    let incidents: Vec<Incident> = store.list()?;
    let mut incident_ids = HashSet::new();
    for incident in &incidents {
        incident_ids.insert(incident.id.clone());
        let actions: Vec<ActionItem> = store.children(&incident.id)?;
        let mut links = sorted_links(store.links_from(&incident.id)?);
        for a in &actions {
            links.extend(sorted_links(store.links_from(&a.id)?));
        }
        let day = incident
            .started_at
            .or_else(|| incident.timeline.iter().filter_map(|e| e.at).min())
            .map(|at| at.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "undated".to_string());
        let stem = own_names
            .get(&incident.id)
            .cloned()
            .unwrap_or_else(|| format!("{day}-{}", slug(&incident.title)));
        let path = names.claim("postmortems", &stem, &incident.id);
        let label = if incident.reference.is_empty() {
            incident.title.clone()
        } else {
            format!("{}: {}", incident.reference, incident.title)
        };
        index.add("Postmortems", &label, &path, incident.severity.as_str());
        files.push((path, postmortem::write(incident, &actions, &links)));
    }

    for (kind, folder, section) in [
        (Kind::Lesson, "lessons", "Lessons"),
        (Kind::Checklist, "checklists", "Checklists"),
        (Kind::Review, "reviews", "Reviews"),
        (Kind::Action, "actions", "Other action items"),
    ] {
        // The store lists in each kind's order with the id as tie-break: a stable order.
        let records = store.list_any(kind)?;
        for record in records {
            if let AnyRecord::Action(a) = &record
                && a.source_id
                    .as_ref()
                    .is_some_and(|s| incident_ids.contains(s))
            {
                continue;
            }
            let links = sorted_links(store.links_from(record.id())?);
            let path = names.claim(folder, &slug(record.title()), record.id());
            index.add(section, record.title(), &path, "");
            files.push((path, record_file::write(&record, &links)));
        }
    }
    files.push((PathBuf::from("index.md"), index.render()));
    Ok(files)
}

/// Writes the tree into `dir`, rewriting only files whose bytes change and removing the files
/// of records that no longer exist (only files this workspace wrote: see [`write_tree`]).
pub fn export(
    store: &Store,
    dir: &Path,
    progress: impl FnMut(Progress),
) -> Result<ExportReport, InteropError> {
    export_with(store, dir, ExportOptions::default(), progress)
}

/// [`export`], with `--force`.
pub fn export_with(
    store: &Store,
    dir: &Path,
    options: ExportOptions,
    mut progress: impl FnMut(Progress),
) -> Result<ExportReport, InteropError> {
    let files = render(store)?;
    let workspace = store.workspace_id()?;
    write_tree(dir, files, FOLDERS, &workspace, options, &mut progress)
}

pub(crate) fn sorted_links(mut links: Vec<Link>) -> Vec<Link> {
    links.sort_by(|a, b| {
        (a.relation, &a.to_id, &a.from_id).cmp(&(b.relation, &b.to_id, &b.from_id))
    });
    links
}

/// File names, unique within each folder by construction: a record whose name is taken gets
/// its id added, and ids are unique.
#[derive(Default)]
struct Names {
    taken: HashSet<PathBuf>,
}

impl Names {
    fn claim(&mut self, folder: &str, stem: &str, id: &str) -> PathBuf {
        let mut path = Path::new(folder).join(format!("{stem}.md"));
        if self.taken.contains(&path) {
            let tag: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            path = Path::new(folder).join(format!("{stem}--{tag}.md"));
            let mut n = 2;
            while self.taken.contains(&path) {
                path = Path::new(folder).join(format!("{stem}--{tag}-{n}.md"));
                n += 1;
            }
        }
        self.taken.insert(path.clone());
        path
    }
}

/// `index.md`: every record by section, linked to its file.
#[derive(Default)]
struct Index {
    sections: BTreeMap<usize, (&'static str, Vec<String>)>,
}

impl Index {
    fn add(&mut self, section: &'static str, label: &str, path: &Path, note: &str) {
        let order = [
            "Decisions",
            "Postmortems",
            "Lessons",
            "Checklists",
            "Reviews",
            "Other action items",
        ]
        .iter()
        .position(|s| *s == section)
        .unwrap_or(9);
        let entry = self
            .sections
            .entry(order)
            .or_insert_with(|| (section, Vec::new()));
        let href = path.to_string_lossy().replace(' ', "%20");
        let label = layout::one_line(label).replace(['[', ']'], "");
        let line = if note.is_empty() {
            format!("* [{label}]({href})")
        } else {
            format!("* [{label}]({href}) ({note})")
        };
        entry.1.push(line);
    }

    fn render(&self) -> String {
        let mut out = String::from(
            "# Hindsight workspace\n\nDecisions, postmortems and what links them, exported by Hindsight.\nEach file carries its stable id in its front matter; `hindsight import` this folder to\nopen it as a workspace.\n",
        );
        for (section, lines) in self.sections.values() {
            out.push_str(&format!("\n## {section}\n\n"));
            out.push_str(&lines.join("\n"));
            out.push('\n');
        }
        out
    }
}
