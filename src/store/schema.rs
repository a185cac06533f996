//! The schema and its versioned migrations. A workspace file records its schema version in
//! SQLite's `user_version`; opening an older file copies it aside before upgrading it.
//!
//! Each record is one row of `records`: a few columns to list, filter and join on, and `body`,
//! the record's full JSON document (the serde form of the domain type). The columns are always
//! written from the body in one place (`write::Writer::put`), so they cannot disagree with it.

use rusqlite::{Connection, TransactionBehavior};

const V1: &str = r#"
CREATE TABLE records (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('decision','tradeoff','lesson','incident','action','checklist','review')),
    title       TEXT NOT NULL,
    status      TEXT,
    parent_id   TEXT REFERENCES records(id),
    body        TEXT NOT NULL CHECK (json_valid(body)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX records_by_kind ON records(kind, title);
CREATE INDEX records_by_parent ON records(parent_id);

CREATE TABLE links (
    from_id   TEXT NOT NULL REFERENCES records(id),
    relation  TEXT NOT NULL,
    to_id     TEXT NOT NULL REFERENCES records(id),
    label     TEXT,
    PRIMARY KEY (from_id, relation, to_id)
) WITHOUT ROWID;
CREATE INDEX links_by_target ON links(to_id, relation);

-- One row per write transaction. state: done (on the undo stack), undone (on the redo stack),
-- discarded (undone, then a new change cleared the redo stack), undo / redo (the record of an
-- undo or redo itself, kept for the audit trail).
CREATE TABLE changes (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    author     TEXT NOT NULL,
    summary    TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'done'
                 CHECK (state IN ('done','undone','discarded','undo','redo')),
    undone_by  INTEGER REFERENCES changes(id)
);

-- The content of a record (or a link, kind NULL) before and after one change.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    change_id  INTEGER NOT NULL REFERENCES changes(id),
    record_id  TEXT NOT NULL,
    kind       TEXT,
    before     TEXT,
    after      TEXT
);
CREATE INDEX revisions_by_record ON revisions(record_id);
CREATE INDEX revisions_by_change ON revisions(change_id);

CREATE VIRTUAL TABLE search USING fts5(
    id UNINDEXED,
    kind UNINDEXED,
    title,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"#;

/// Version 2: where imported records came from, so importing the same files again updates the
/// records they made instead of adding copies. A path (or `path#part` for the action items and
/// lessons found inside a postmortem) maps to one record id. Provenance is local to one machine,
/// so it is not part of a record's content, its revisions or the exported tree.
const V2: &str = r#"
CREATE TABLE sources (
    path       TEXT PRIMARY KEY,
    record_id  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sources_by_record ON sources(record_id);
"#;

/// Version 3: each imported (or written) file's text as Hindsight last saw it, the base a later
/// import or sync merges against field by field, so edits made on both sides since then are
/// both kept; and the last change the workspace had then (`base_change`), so writing back knows
/// which links were made or removed since.
///
/// And each search row takes the rowid of its record, so writing a record replaces its row by
/// rowid instead of scanning the index for its id (imports of 10,000 files were quadratic).
///
/// And the workspace's own identity (`meta`): its id names it in the trees it exports, so an
/// export over another workspace's tree asks first; the folder it syncs with. `conflicts`: a
/// field a sync found changed differently on both sides, both values kept until someone
/// chooses. SQLite's `application_id` marks the file
/// as a Hindsight workspace ("HIND").
const V3: &str = r#"
ALTER TABLE sources ADD COLUMN base TEXT;
ALTER TABLE sources ADD COLUMN base_change INTEGER;
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('workspace_id', lower(hex(randomblob(8))));
CREATE TABLE conflicts (
    record_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    mine       TEXT NOT NULL,
    theirs     TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
) WITHOUT ROWID;
PRAGMA application_id = 1212763716;
CREATE TEMP TABLE search_rows AS
    SELECT r.rowid AS rid, s.id, s.kind, s.title, s.body
    FROM search s JOIN records r ON r.id = s.id;
DELETE FROM search;
INSERT INTO search (rowid, id, kind, title, body)
    SELECT rid, id, kind, title, body FROM search_rows;
DROP TABLE search_rows;
"#;

/// Every schema step, oldest first. Append; never edit a released step.
const STEPS: &[&str] = &[V1, V2, V3];

/// Brings the file to the latest schema, inside one write transaction begun at once
/// (`BEGIN IMMEDIATE`): two processes opening a new or older file at the same time wait for
/// each other, and the second finds the work done. Returns the version found before.
pub fn upgrade(conn: &mut Connection) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let from = usize::try_from(version).unwrap_or(usize::MAX);
    for step in STEPS.iter().skip(from) {
        tx.execute_batch(step)?;
    }
    if from < STEPS.len() {
        tx.pragma_update(None, "user_version", latest_version())?;
    }
    tx.commit()?;
    Ok(version)
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_step_applies_and_the_second_upgrade_does_nothing() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        assert_eq!(super::upgrade(&mut conn).unwrap(), 0);
        assert_eq!(super::upgrade(&mut conn).unwrap(), 3);
        assert_eq!(super::latest_version(), 3);
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .unwrap();
        assert_eq!(app, 1212763716);
    }
}
