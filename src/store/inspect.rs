//! What a file is, found out before anything writes to it: its first 100 bytes (SQLite's header
//! carries the application id and the schema version) and, only when those do not say, its
//! list of tables read through an immutable connection, which takes no lock and leaves no
//! `-wal` or `-shm` beside the file. A file that is neither empty nor a Hindsight workspace is
//! refused, byte for byte untouched.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// SQLite's `application_id` of a Hindsight workspace: "HIND".
pub const APPLICATION_ID: u32 = 0x4849_4E44;

/// The tables every Hindsight schema has had since its first version.
const OUR_TABLES: [&str; 3] = ["records", "changes", "revisions"];

/// What a path holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing yet (no file, or an empty one): a new workspace.
    Nothing,
    /// An SQLite database with no tables: a new workspace too.
    EmptyDatabase,
    /// A Hindsight workspace of this schema version.
    Workspace { version: i64 },
    /// Not an SQLite database at all.
    NotSqlite,
    /// Another application's database, and why we think so.
    Foreign(String),
}

/// Looks at `path` without writing to it.
pub fn inspect(path: &Path) -> std::io::Result<Found> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(e),
    };
    let mut header = Vec::with_capacity(100);
    file.by_ref().take(100).read_to_end(&mut header)?;
    if header.is_empty() {
        return Ok(Found::Nothing);
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Ok(Found::NotSqlite);
    }
    let word = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (mut application_id, mut version) = (word(68), i64::from(word(60) as i32));
    let pending = wal_pending(path);
    if pending {
        // The header on disk may be older than what the write-ahead log holds (a workspace
        // open in a window right now): ask SQLite, read-only.
        match read_only_pragmas(path) {
            Ok((id, v)) => (application_id, version) = (id, v),
            Err(e) => return Ok(Found::Foreign(format!("it cannot be read ({e})"))),
        }
    }
    match application_id {
        APPLICATION_ID => return Ok(Found::Workspace { version }),
        0 => {}
        other => {
            return Ok(Found::Foreign(format!(
                "it belongs to another application (application id {other:#010x})"
            )));
        }
    }
    // No application id: an empty database, a workspace from before ids were set, or another
    // application's file. Its tables tell.
    let tables = match tables(path, pending) {
        Ok(tables) => tables,
        Err(e) => return Ok(Found::Foreign(format!("its tables cannot be read ({e})"))),
    };
    if tables.is_empty() && version == 0 {
        return Ok(Found::EmptyDatabase);
    }
    if version >= 1 && OUR_TABLES.iter().all(|t| tables.iter().any(|x| x == t)) {
        return Ok(Found::Workspace { version });
    }
    let mut named: Vec<&str> = tables.iter().map(String::as_str).take(5).collect();
    if tables.len() > 5 {
        named.push("…");
    }
    Ok(Found::Foreign(format!(
        "it is another application's database (tables: {})",
        named.join(", ")
    )))
}

/// Whether a `-wal` beside the file holds changes not yet in the file itself.
fn wal_pending(path: &Path) -> bool {
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0)
}

const READ_ONLY: OpenFlags = OpenFlags::SQLITE_OPEN_READ_ONLY
    .union(OpenFlags::SQLITE_OPEN_URI)
    .union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

fn read_only_pragmas(path: &Path) -> rusqlite::Result<(u32, i64)> {
    let conn = Connection::open_with_flags(path, READ_ONLY)?;
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((id as u32, version))
}

/// The names of the file's tables. Immutable when nothing is pending in a `-wal` beside it (no
/// lock, nothing created); read-only otherwise, so pending tables are seen too.
fn tables(path: &Path, pending: bool) -> rusqlite::Result<Vec<String>> {
    let conn = if pending {
        Connection::open_with_flags(path, READ_ONLY)?
    } else {
        Connection::open_with_flags(immutable_uri(path), READ_ONLY)?
    };
    let mut statement =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// `file:PATH?immutable=1`, with the characters a URI reserves escaped.
pub(super) fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(byte as char),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_header_and_tables() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        assert_eq!(inspect(&at("missing.db")).unwrap(), Found::Nothing);
        std::fs::write(at("empty.db"), b"").unwrap();
        assert_eq!(inspect(&at("empty.db")).unwrap(), Found::Nothing);
        std::fs::write(at("notes.txt"), b"# Notes\nnot a database at all, surely").unwrap();
        assert_eq!(inspect(&at("notes.txt")).unwrap(), Found::NotSqlite);

        let other = Connection::open(at("other.sqlite")).unwrap();
        other
            .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a');")
            .unwrap();
        drop(other);
        let Found::Foreign(why) = inspect(&at("other.sqlite")).unwrap() else {
            panic!("taken for ours")
        };
        assert!(why.contains("contacts"), "{why}");

        let marked = Connection::open(at("marked.sqlite")).unwrap();
        marked
            .execute_batch("PRAGMA application_id = 42; CREATE TABLE records (id TEXT);")
            .unwrap();
        drop(marked);
        assert!(matches!(
            inspect(&at("marked.sqlite")).unwrap(),
            Found::Foreign(_)
        ));

        let blank = Connection::open(at("blank.sqlite")).unwrap();
        blank
            .execute_batch("PRAGMA user_version = 0; VACUUM;")
            .unwrap();
        drop(blank);
        let found = inspect(&at("blank.sqlite")).unwrap();
        assert!(
            matches!(found, Found::EmptyDatabase | Found::Nothing),
            "{found:?}"
        );
    }
}
