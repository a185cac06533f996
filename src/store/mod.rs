//! The store: a workspace is one SQLite file, and this module is the only code that speaks SQL.
//!
//! - `schema`: tables and versioned migrations (a copy is taken before any upgrade).
//! - `read`: records by id or kind, id resolution, links.
//! - `write`: every write runs in one transaction (`Store::write`) and leaves a revision.
//! - `history`: revisions, undo and redo across records, restore of an earlier version.
//! - `search`: ranked full-text search (FTS5) with snippets.
//! - `trace`: decision → trade-offs → lessons → incidents, and back.

mod error;
mod history;
mod read;
mod schema;
mod search;
mod signoff;
mod sync;
mod trace;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use error::{Result, StoreError};
pub use read::{FileSource, RecordSummary};
pub use search::SearchHit;
pub use sync::Conflict;
pub use write::Writer;

/// An open workspace.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    author: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("author", &self.author)
            .finish()
    }
}

impl Store {
    /// Opens the workspace at `path`, creating the file (and its folder) if it is missing and
    /// upgrading its schema if it is older than this build. Before an upgrade the file is copied
    /// to `PATH.vN.bak`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if path.is_dir() {
            return Err(StoreError::IsAFolder(path.to_path_buf()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            // A failure here shows up, with the path, when SQLite tries to open the file.
            let _ = std::fs::create_dir_all(parent);
        }
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(open_err)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            author: default_author(),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == ErrorCode::NotADatabase =>
            {
                StoreError::NotADatabase(path.to_path_buf())
            }
            StoreError::Sqlite(source) => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?;
        Ok(store)
    }

    /// A workspace that lives only in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            author: default_author(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// The file this workspace lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The name written into revisions (defaults to `$HINDSIGHT_AUTHOR`, else `$USER`).
    pub fn set_author(&mut self, author: impl Into<String>) {
        self.author = author.into();
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // The first statement that reads the file: a file that is not SQLite fails here.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let display_path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"));
        let known = schema::latest_version();
        if version > known {
            return Err(StoreError::TooNew {
                path: display_path,
                found: version,
                known,
            });
        }
        if version == 0 {
            // A new file: records are JSON documents of a few kilobytes, and 16 KB pages hold
            // them with less waste than SQLite's 4 KB default (a third less file, and large
            // imports about 20% faster). Only a file with no tables yet takes a page size.
            self.conn.execute_batch("PRAGMA page_size = 16384;")?;
        }
        if self.path.is_some() {
            // Another process creating the same file may hold it for a moment.
            let started = std::time::Instant::now();
            loop {
                match self
                    .conn
                    .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                {
                    Err(rusqlite::Error::SqliteFailure(f, _))
                        if f.code == ErrorCode::DatabaseBusy
                            && started.elapsed() < Duration::from_secs(5) =>
                    {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    other => break other?,
                }
            }
        }
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;\n             PRAGMA cache_size = -32768;",
        )?;
        if version > 0 && version < known {
            self.backup_before_upgrade(&display_path, version)?;
        }
        schema::upgrade(&mut self.conn).map_err(|e| StoreError::Migration {
            path: display_path,
            message: e.to_string(),
        })?;
        Ok(())
    }

    /// Copies the file to `PATH.vN.bak` (a consistent snapshot, even under WAL).
    fn backup_before_upgrade(&self, path: &Path, version: i64) -> Result<()> {
        let mut target = PathBuf::from(format!("{}.v{version}.bak", path.display()));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = PathBuf::from(format!("{}.v{version}.{n}.bak", path.display()));
        }
        self.conn
            .execute("VACUUM INTO ?1", [target.to_string_lossy()])
            .map_err(|source| StoreError::Backup {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

fn default_author() -> String {
    std::env::var("HINDSIGHT_AUTHOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The time format of every stored timestamp: RFC 3339 in UTC, to the second.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
