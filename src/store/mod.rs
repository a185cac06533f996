//! The store: a workspace is one SQLite file, and this module is the only code that speaks SQL.
//!
//! - `inspect`: what a file is, found out before anything writes to it.
//! - `schema`: tables and versioned migrations (a verified backup is taken before any upgrade).
//! - `backup`: automatic backups through SQLite's online backup API, listed and restored.
//! - `read`: records by id or kind, id resolution, links.
//! - `write`: every write runs in one transaction (`Store::write`) and leaves a revision.
//! - `history`: revisions, undo and redo across records, restore of an earlier version.
//! - `search`: ranked full-text search (FTS5) with snippets.
//! - `trace`: decision → trade-offs → lessons → incidents, and back.

mod backup;
mod error;
mod files;
mod history;
mod inspect;
mod read;
mod related;
mod schema;
mod search;
mod signoff;
mod stats;
mod sync;
mod trace;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use inspect::Found;

pub use backup::{Backup, BackupReason, folder as backup_folder};
pub use error::{Result, StoreError};
pub use files::{FileSource, WrittenFile};
pub use inspect::APPLICATION_ID;
pub use read::RecordSummary;
pub use related::{LessonHistory, Related};
pub use search::SearchHit;
pub use sync::Conflict;
pub use write::{DecisionToMatch, Writer};

/// An open workspace.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    author: String,
    /// Opened for reading only: every write is refused.
    read_only: bool,
    /// A throw-away workspace (one a site is published from): no search index and no
    /// revisions are kept, as nothing will search it, undo in it or show its history.
    scratch: bool,
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
    /// upgrading its schema if it is older than this build, after a verified backup (see
    /// `backup`). A file that is neither empty nor a workspace is refused untouched; a file this
    /// process may not write opens read-only.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if path.is_dir() {
            return Err(StoreError::IsAFolder(path.to_path_buf()));
        }
        let found = inspect::inspect(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let known = schema::latest_version();
        match found {
            Found::NotSqlite => return Err(StoreError::NotADatabase(path.to_path_buf())),
            Found::Foreign(why) => {
                return Err(StoreError::NotOurs {
                    path: path.to_path_buf(),
                    why,
                });
            }
            Found::Workspace { version } if version > known => {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found: version,
                    known,
                });
            }
            Found::Workspace { version } if !writable(path) => {
                return Self::open_read_only_at(path, version < known);
            }
            Found::Workspace { version } if version < known => {
                // The original is only touched once a copy of it is safe and verified.
                backup::take_of_file(path, &format!("before-upgrade-v{version}"))?;
            }
            _ => {}
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            // A failure here shows up, with the path, when SQLite tries to open the file.
            let _ = std::fs::create_dir_all(parent);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| StoreError::at(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            author: default_author(),
            read_only: false,
            scratch: false,
        };
        store.prepare().map_err(|e| e.in_file(path))?;
        Ok(store)
    }

    /// Opens the workspace at `path` for reading only: nothing is written to it, and every
    /// write is refused with one line saying so. (A backup is opened this way to be listed.)
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        match inspect::inspect(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })? {
            Found::Workspace { version } if version <= schema::latest_version() => {
                Self::open_read_only_at(path, version < schema::latest_version())
            }
            Found::Workspace { version } => Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: schema::latest_version(),
            }),
            Found::Nothing | Found::EmptyDatabase => {
                Err(StoreError::NotFound(path.display().to_string()))
            }
            Found::NotSqlite => Err(StoreError::NotADatabase(path.to_path_buf())),
            Found::Foreign(why) => Err(StoreError::NotOurs {
                path: path.to_path_buf(),
                why,
            }),
        }
    }

    fn open_read_only_at(path: &Path, older: bool) -> Result<Store> {
        if older {
            // Upgrading means writing; an older workspace that cannot be written cannot be read
            // by this build either.
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        // Read-only in place when SQLite can share the file's write-ahead log; else as an
        // unchanging file (a folder we may not write cannot hold the log's index).
        let readable = |c: Connection| {
            c.query_row("SELECT count(*) FROM records", [], |_| Ok(()))
                .map(|()| c)
        };
        let conn = Connection::open_with_flags(path, flags)
            .and_then(readable)
            .or_else(|_| Connection::open_with_flags(inspect::immutable_uri(path), flags))
            .map_err(|e| StoreError::at(path, e))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            author: default_author(),
            read_only: true,
            scratch: false,
        })
    }

    /// Whether this workspace was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A workspace that lives only in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            author: default_author(),
            read_only: false,
            scratch: false,
        };
        store.prepare()?;
        Ok(store)
    }

    /// A throw-away workspace in a new file at `path` (in a temporary folder the caller removes):
    /// as [`Store::open_scratch`], and another connection can read it (`open_read_only`), so
    /// two threads can read it at once. Nothing is flushed to disk.
    pub fn open_scratch_at(path: &Path) -> Result<Store> {
        let mut store = Store::open(path)?;
        store.scratch = true;
        store.conn.execute_batch("PRAGMA synchronous = OFF;")?;
        Ok(store)
    }

    /// A throw-away workspace in memory: records, links and where they came from, without the
    /// search index or the revisions a workspace someone works in keeps (see [`Store`]'s
    /// `scratch`).
    pub fn open_scratch() -> Result<Store> {
        let mut store = Store::open_in_memory()?;
        store.scratch = true;
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
        // A trace or an import runs a few dozen distinct statements per record: rusqlite's 16
        // would be prepared again and again.
        self.conn.set_prepared_statement_cache_capacity(128);
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
        let before = schema::upgrade(&mut self.conn).map_err(|e| StoreError::Migration {
            path: display_path,
            message: e.to_string(),
        })?;
        if before < schema::latest_version() && self.path.is_some() {
            // The header on disk says what the file is (the application id) from the first
            // moment, not only once SQLite checkpoints at the last close: the desktop's file
            // manager recognises a workspace by it (packaging/linux/hindsight.xml).
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

/// Whether this process may write the file (opening it for appending changes nothing).
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_ok()
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
