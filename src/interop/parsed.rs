//! What reading one file yields, before the import gives it ids and writes it: the file's own
//! record, the records found inside it, and links whose ends may still be file names.

use crate::domain::{AnyRecord, Relation, Section};

/// One end of a link found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum End {
    /// The file's own record.
    Main,
    /// The n-th record found inside the file (a trade-off, an action item, a lesson).
    Child(usize),
    /// A record named by its stable id.
    Id(String),
    /// Another file, as the link wrote it (relative to this file's folder).
    File(String),
}

/// A link as a file states it.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingLink {
    pub from: End,
    pub relation: Relation,
    pub to: End,
    /// The words the file used ("Supercedes", "Clarified by"), kept for writing it back.
    pub label: Option<String>,
    /// Whether a missing target is worth a warning (a status line) or not (a link in prose).
    pub stated: bool,
}

/// A record found inside a file. `key` names it within the file, stably across imports of the
/// same file, when it has no id of its own.
#[derive(Clone, Debug)]
pub struct Child {
    pub key: String,
    pub record: AnyRecord,
}

/// Everything one file holds.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The file's own record. Its id is empty when the file carries none.
    pub main: AnyRecord,
    pub children: Vec<Child>,
    pub links: Vec<PendingLink>,
    /// Whether the file is a Hindsight export (front matter with a stable id): then the file is
    /// the whole truth about its records, their children and their links.
    pub structured: bool,
    /// The dialect it was read as, for the import report ("adr-tools", "MADR 3/4", …).
    pub dialect: &'static str,
}

impl Parsed {
    pub fn new(main: AnyRecord, dialect: &'static str) -> Parsed {
        Parsed {
            main,
            children: Vec::new(),
            links: Vec::new(),
            structured: false,
            dialect,
        }
    }

    pub fn link(&mut self, from: End, relation: Relation, to: End, label: Option<String>) {
        self.links.push(PendingLink {
            from,
            relation,
            to,
            label,
            stated: true,
        });
    }
}

/// Keeps a part of a file that has text but no field of its own.
pub fn keep_text(sections: &mut Vec<Section>, heading: impl Into<String>, body: String) {
    if !body.is_empty() {
        sections.push(Section::new(heading, body));
    }
}
