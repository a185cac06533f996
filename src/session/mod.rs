//! A session: one open workspace as a front end sees it. It owns the `Store`, applies
//! [`Command`]s (the only way a front end changes data), and keeps the lists a window shows
//! cached, refreshing only what a command touched, so no query runs per frame.
//!
//! Modelled on rerun's command pattern: the UI sends values of a closed enum, the app applies
//! them once per frame here, and undo, autosave and tests hook in at this one place.

mod command;
mod review;
mod rows;
mod watch;

pub use command::new_record;
pub use command::{Command, Outcome};
pub use review::{RiskAction, SignOffForm, record_answer, record_signoff, start_review};
pub use rows::{ListRow, NEW_FROM_TEAM};

use std::collections::HashMap;

use crate::domain::{AnyRecord, Kind};
use crate::store::{Result, Store};

pub struct Session {
    store: Store,
    rows: HashMap<Kind, Vec<ListRow>>,
    counts: Vec<(Kind, usize)>,
    /// Fields a sync found changed on both sides, waiting for a choice.
    conflicts: Vec<crate::store::Conflict>,
    /// Records a sync brought from the team that are not opened here yet.
    unseen: std::collections::HashSet<String>,
    /// Bumped on every applied command that changed something; views cache against it.
    generation: u64,
    /// The workspace's `data_version` when this session last looked (see `watch`).
    data_version: Option<i64>,
    /// When the backups folder was last looked at for an hourly backup.
    last_backup_check: Option<std::time::Instant>,
}

impl Session {
    pub fn new(store: Store) -> Result<Session> {
        let mut session = Session {
            store,
            rows: HashMap::new(),
            counts: Vec::new(),
            conflicts: Vec::new(),
            unseen: Default::default(),
            generation: 0,
            data_version: None,
            last_backup_check: None,
        };
        session.refresh_all()?;
        session.refresh_if_changed_elsewhere()?;
        Ok(session)
    }

    /// Read access to the workspace (for traces, history, search).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many records of each kind, from the cache.
    pub fn counts(&self) -> &[(Kind, usize)] {
        &self.counts
    }

    /// The list rows of a kind, from the cache, in the kind's list order.
    pub fn rows(&self, kind: Kind) -> &[ListRow] {
        self.rows.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Re-reads every list (after opening, or after a command that touched many records).
    pub fn refresh_all(&mut self) -> Result<()> {
        self.unseen = self.store.unseen()?;
        for &kind in Kind::ALL {
            let rows = rows::load(&self.store, kind, &self.unseen)?;
            self.rows.insert(kind, rows);
        }
        rows::name_parents(&mut self.rows);
        self.counts = self.store.counts()?;
        self.conflicts = self.store.conflicts()?;
        self.generation += 1;
        Ok(())
    }

    /// The conflicts a sync left on this record, from the cache.
    pub fn conflicts_of(&self, id: &str) -> Vec<&crate::store::Conflict> {
        self.conflicts.iter().filter(|c| c.id == id).collect()
    }

    /// Whether a sync brought this record from the team and it has not been opened here since.
    pub fn is_unseen(&self, id: &str) -> bool {
        self.unseen.contains(id)
    }

    /// The record was opened: its "new from the team" mark goes, here and in the workspace
    /// (so it stays gone after a restart). A read-only workspace forgets it for this session.
    pub fn mark_seen(&mut self, id: &str) -> Result<()> {
        if !self.unseen.remove(id) {
            return Ok(());
        }
        for row in self.rows.values_mut().flatten() {
            if row.id == id {
                row.unseen = false;
            }
        }
        self.generation += 1;
        if !self.store.is_read_only() {
            self.store.mark_seen(id)?;
        }
        Ok(())
    }

    /// Sets the name revisions are made under.
    pub fn set_author(&mut self, name: impl Into<String>) {
        self.store.set_author(name);
    }

    /// Re-reads the row of one record (after an edit of it alone).
    pub(super) fn refresh_one(&mut self, id: &str) -> Result<()> {
        let record = self.store.get_any(id)?;
        let mut row = ListRow::of(&record);
        row.unseen = self.unseen.contains(id);
        rows::name_parent(&mut row, &self.rows);
        let rows = self.rows.entry(record.kind()).or_default();
        match rows.iter_mut().find(|r| r.id == id) {
            Some(existing) => *existing = row,
            None => rows.push(row),
        }
        // Its name (an ADR number, say) shows in the rows of what belongs to it.
        if rows::PARENTS.contains(&record.kind()) {
            rows::name_parents(&mut self.rows);
        }
        self.generation += 1;
        Ok(())
    }

    /// The record with this id, read from the store.
    pub fn record(&self, id: &str) -> Result<AnyRecord> {
        self.store.get_any(id)
    }
}
