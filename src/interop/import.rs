//! Importing files and folders: each file is read and recognised on its own (a bad file is
//! reported with its path and reason, and the rest goes on); then everything is written in one
//! transaction, each file inside its own savepoint, and the links between files are resolved
//! last, when every record they may point at exists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::markdown::{self, Document};
use super::parsed::{End, Parsed};
use super::{Progress, decision, front, postmortem, record_file};
use crate::domain::{AnyRecord, Kind, Link, Prefer, fill, merge3, new_id};
use crate::store::{Result, Store, Writer};

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// It made new records.
    Created {
        kind: Kind,
        id: String,
        title: String,
        dialect: String,
        /// How many records it made, its own included (action items, lessons, trade-offs).
        records: usize,
    },
    /// It updated the records an earlier import of it (or of its export) made.
    Updated {
        kind: Kind,
        id: String,
        title: String,
        dialect: String,
        records: usize,
    },
    /// It is not a record (an index, a template, an image); nothing was read from it.
    Skipped { reason: String },
    /// It could not be read or written; nothing of it was kept.
    Failed { reason: String },
}

/// One file and what happened to it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FileReport {
    /// The path; a name that is not UTF-8 is written with U+FFFD for its bad bytes.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
}

fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// What an import did, file by file, and the links it could not make.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub warnings: Vec<String>,
}

impl ImportReport {
    pub fn count(&self, pick: impl Fn(&Outcome) -> bool) -> usize {
        self.files.iter().filter(|f| pick(&f.outcome)).count()
    }
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Created { .. }))
    }
    pub fn updated(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Updated { .. }))
    }
    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }
    /// The outcome for a file, by its path as given or found.
    pub fn outcome(&self, path: &Path) -> Option<&Outcome> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| &f.outcome)
    }
    /// "9 created, 0 updated, 2 skipped, 0 failed".
    pub fn summary(&self) -> String {
        format!(
            "{} created, {} updated, {} skipped, {} failed",
            self.created(),
            self.updated(),
            self.skipped(),
            self.failed()
        )
    }
}

/// A file read and recognised, waiting to be written.
struct Pending {
    index: usize,
    key: String,
    dir: PathBuf,
    parsed: Parsed,
    /// The file as read: the base of the next import's merge.
    text: String,
    /// The file name without its extension, which the readers take titles and dates from.
    stem: String,
}

/// Imports files and folders (folders recursively) into the workspace, as one change.
pub fn import(
    store: &mut Store,
    paths: &[PathBuf],
    mut progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let files = collect(paths, &mut report);
    let total = files.len() * 2;
    let mut pending = Vec::new();
    for (n, path) in files.iter().enumerate() {
        progress(Progress::new(n, total, path));
        match read_source(path) {
            Ok((parsed, text, stem)) => {
                let key = source_key(path);
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                pending.push(Pending {
                    index: report.files.len(),
                    key,
                    dir,
                    parsed,
                    text,
                    stem,
                });
                report.files.push(FileReport {
                    path: path.clone(),
                    outcome: Outcome::Skipped {
                        reason: String::new(),
                    },
                });
            }
            Err(outcome) => report.files.push(FileReport {
                path: path.clone(),
                outcome,
            }),
        }
    }
    // Records that others belong to first: a review needs its decision, an action its review.
    pending.sort_by_key(|p| write_rank(p.parsed.main.kind()));
    let origin = paths
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let summary = format!("Import {} files from {origin}", pending.len());
    let files_done = files.len();
    store.write(summary, |w| {
        // Read inside the write transaction: two imports at once wait for each other, and the
        // second sees what the first made.
        let mut sources = Sources::read(w)?;
        let mut ids_by_key: HashMap<String, String> = HashMap::new();
        // The records this import has written to, so no two files take the same one.
        let mut claimed: HashSet<String> = HashSet::new();
        let mut written: Vec<(usize, Vec<String>)> = Vec::new();
        for (n, item) in pending.iter_mut().enumerate() {
            progress(Progress::new(
                files_done + n,
                total,
                &report.files[item.index].path,
            ));
            let result = w.attempt(|w| write_records(w, item, &sources, &claimed));
            match result {
                Ok((outcome, ids, changes)) => {
                    sources.apply(changes);
                    claimed.insert(ids[0].clone());
                    ids_by_key.insert(item.key.clone(), ids[0].clone());
                    written.push((n, ids));
                    report.files[item.index].outcome = outcome;
                }
                Err(e) => {
                    report.files[item.index].outcome = Outcome::Failed {
                        reason: e.to_string(),
                    }
                }
            }
        }
        for (n, ids) in &written {
            let item = &pending[*n];
            let warnings = write_links(w, item, ids, &ids_by_key, &sources.by_key)?;
            let path = &report.files[item.index].path;
            report.warnings.extend(
                warnings
                    .into_iter()
                    .map(|m| format!("{}: {m}", path.display())),
            );
        }
        Ok(())
    })?;
    progress(Progress::new(total, total, Path::new("")));
    Ok(report)
}

fn write_rank(kind: Kind) -> usize {
    [
        Kind::Decision,
        Kind::Incident,
        Kind::Lesson,
        Kind::Checklist,
        Kind::Review,
        Kind::TradeOff,
        Kind::Action,
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

/// Every file under the given paths, in name order; missing paths are reported as failed.
fn collect(paths: &[PathBuf], report: &mut ImportReport) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut note = |path: &Path, outcome: Outcome| {
        report.files.push(FileReport {
            path: path.to_path_buf(),
            outcome,
        })
    };
    for path in paths {
        if !path.is_dir() {
            match what_is(path) {
                Ok(()) => files.push(path.clone()),
                Err(outcome) => note(path, outcome),
            }
            continue;
        }
        let mut walker = walkdir::WalkDir::new(path).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    note(&at, failed(e.to_string()));
                    continue;
                }
            };
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            if entry.file_type().is_dir() {
                if hidden {
                    note(entry.path(), skipped("a hidden folder, not read"));
                    walker.skip_current_dir();
                }
                continue;
            }
            if hidden {
                note(entry.path(), skipped("a hidden file"));
                continue;
            }
            match what_is(entry.path()) {
                Ok(()) => files.push(entry.into_path()),
                Err(outcome) => note(entry.path(), outcome),
            }
        }
    }
    files
}

/// `Ok` for a file to read (a symbolic link to one included); otherwise why not, without
/// opening it (a named pipe would never answer).
fn what_is(path: &Path) -> std::result::Result<(), Outcome> {
    let link = std::fs::symlink_metadata(path)
        .map_err(|e| failed(format!("cannot read it: {}", io_reason(&e))))?;
    let meta = if link.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(skipped("a link to a folder, not followed")),
            Ok(m) => m,
            Err(_) => return Err(skipped("a broken symbolic link")),
        }
    } else {
        link
    };
    if meta.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let what = if t.is_fifo() {
            "a named pipe"
        } else if t.is_socket() {
            "a socket"
        } else if t.is_block_device() || t.is_char_device() {
            "a device"
        } else {
            "something else"
        };
        return Err(skipped(format!("not a regular file ({what})")));
    }
    #[allow(unreachable_code)]
    Err(skipped("not a regular file"))
}

/// An I/O error in words, without Rust's "(os error 2)".
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The largest file read: a record is a few kilobytes; anything this size is not one, and
/// reading it would hold the whole of it in memory several times over.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn skipped(reason: impl Into<String>) -> Outcome {
    Outcome::Skipped {
        reason: reason.into(),
    }
}

fn failed(reason: impl Into<String>) -> Outcome {
    Outcome::Failed {
        reason: reason.into(),
    }
}

/// Reads and recognises one file, or says why not.
pub fn read_file(path: &Path) -> std::result::Result<Parsed, Outcome> {
    read_source(path).map(|(parsed, _, _)| parsed)
}

/// Reads and recognises one file: what it holds, its text and its stem.
fn read_source(path: &Path) -> std::result::Result<(Parsed, String, String), Outcome> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = if ext.is_empty() || matches!(ext.as_str(), "md" | "markdown" | "mdx") {
        path.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    } else {
        name.clone()
    };
    if !matches!(ext.as_str(), "md" | "markdown" | "mdx" | "") && !looks_extensionless(&name) {
        return Err(skipped(format!("not a Markdown file (.{ext})")));
    }
    if lower.starts_with("readme") {
        return Err(skipped("a read-me, not a record"));
    }
    if matches!(
        lower.as_str(),
        "index.md" | "_index.md" | "toc.md" | "summary.md"
    ) {
        return Err(skipped("an index, not a record"));
    }
    if template_name(&stem) {
        return Err(skipped("a template, not a record"));
    }
    let size = std::fs::metadata(path)
        .map_err(|e| failed(format!("cannot read it: {}", io_reason(&e))))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(failed(format!(
            "{} MB, larger than the {} MB a record file may have; not read",
            size.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| failed(format!("cannot read it: {}", io_reason(&e))))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(failed("the file is empty"));
    }
    if bytes.contains(&0) {
        return Err(failed("a binary file, not text"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        failed(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let parsed = parse_text(body, &stem)?;
    Ok((parsed, text, stem))
}

/// A file name that, without an extension, may still be Markdown ("PM2022-009 - Bad AMI").
fn looks_extensionless(name: &str) -> bool {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_string())
        .unwrap_or_default();
    ext.contains(' ') || ext.is_empty()
}

/// A file named as a template: "template.md", "adr-template.md", "template-postmortem.md",
/// "PMyyyy-nnn Postmortem template" (not "0039-use-velocity-as-template-engine.md").
fn template_name(stem: &str) -> bool {
    let words: Vec<String> = markdown::fold(stem)
        .split(' ')
        .map(str::to_string)
        .collect();
    let is = |w: Option<&String>| w.is_some_and(|w| w == "template" || w == "templates");
    is(words.first()) || is(words.last())
}

/// A document that is a template: its title is a placeholder ("Title (incident #)",
/// "{short title of solved problem}", "[short title of solved problem and solution]").
fn template_text(doc: &Document, front: &serde_json::Map<String, serde_json::Value>) -> bool {
    let title = doc
        .title
        .clone()
        .or_else(|| front::text(front, "title"))
        .unwrap_or_default();
    let t = title.trim();
    let bracketed = (t.starts_with('[') && t.ends_with(']') && !t.contains("]("))
        || (t.contains('{') && t.contains('}'));
    let f = markdown::fold(t);
    bracketed
        || [
            "title",
            "title incident",
            "title of the incident",
            "incident title",
            "adr template",
            "template",
            "short title of solved problem and solution",
        ]
        .contains(&f.as_str())
}

/// Recognises a document's kind and dialect and reads it.
pub fn parse_text(text: &str, stem: &str) -> std::result::Result<Parsed, Outcome> {
    let doc = Document::parse(text);
    let front = match &doc.front {
        Some(yaml) => front::from_yaml(yaml).map_err(|e| failed(format!("front matter: {e}")))?,
        None => Default::default(),
    };
    if front.get("id").is_none() && template_text(&doc, &front) {
        return Err(skipped("a template, not a record"));
    }
    let id = front.get("id").and_then(|v| v.as_str()).unwrap_or("");
    let result = if let Some(kind) = record_file::kind_of(&front) {
        record_file::read(kind, &doc, &front)
    } else if id.starts_with("dec-") {
        decision::read(&doc, &front, stem)
    } else if id.starts_with("inc-") {
        postmortem::read(&doc, &front, stem)
    } else {
        let story = postmortem::front_score(&front);
        let adr = decision::score(&doc) + usize::from(has_adr_front(&front, story == 0));
        let pm = postmortem::score(&doc) + story;
        if adr == 0 && pm == 0 {
            return Err(skipped(
                "not a record: no sections of a decision record or a postmortem",
            ));
        }
        if adr >= pm {
            decision::read(&doc, &front, stem)
        } else {
            postmortem::read(&doc, &front, stem)
        }
    };
    result.map_err(failed)
}

/// Whether front matter has keys of a decision record (`date` only counts when nothing in the
/// front matter says "postmortem").
fn has_adr_front(front: &serde_json::Map<String, serde_json::Value>, date_counts: bool) -> bool {
    [
        "status",
        "decision_makers",
        "deciders",
        "consulted",
        "informed",
    ]
    .iter()
    .any(|k| front::get(front, k).is_some())
        || (date_counts && front.contains_key("date"))
}

/// The key a file is known by in the workspace's sources: its absolute, normalised path.
fn source_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| lexical(path))
        .display()
        .to_string()
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where imported files came from, as the write transaction sees them, kept up to date as
/// the import writes.
struct Sources {
    /// File part (`path`, `path#part`) → record id, in path order.
    by_key: BTreeMap<String, String>,
}

/// What one file changed in the sources: a key now maps to a record, or to nothing.
type SourceChanges = Vec<(String, Option<String>)>;

impl Sources {
    fn read(w: &Writer<'_>) -> Result<Sources> {
        Ok(Sources {
            by_key: w.sources()?,
        })
    }

    fn apply(&mut self, changes: SourceChanges) {
        for (key, id) in changes {
            match id {
                Some(id) => self.by_key.insert(key, id),
                None => self.by_key.remove(&key),
            };
        }
    }

    /// The parts of the file `key` earlier imports made: `key#…`.
    fn parts_of<'a>(&'a self, key: &str) -> impl Iterator<Item = (&'a String, &'a String)> {
        let prefix = format!("{key}#");
        self.by_key
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
    }
}

/// Writes a file's records. Returns the outcome, the ids written (the file's own first) and
/// what changed in the sources.
fn write_records(
    w: &mut Writer<'_>,
    item: &mut Pending,
    sources: &Sources,
    claimed: &HashSet<String>,
) -> Result<(Outcome, Vec<String>, SourceChanges)> {
    let parsed = &mut item.parsed;
    let kind = parsed.main.kind();
    let mut changes: SourceChanges = Vec::new();
    let known = match parsed.main.id() {
        "" => sources.by_key.get(&item.key).cloned(),
        id => Some(id.to_string()),
    };
    // A file with no stable id that no import made yet may still be a record's: one written
    // as adr-tools writes it, read back. Same number and title, and no other file's.
    let matched = match &known {
        None => same_decision(w, &parsed.main, claimed)?,
        Some(_) => None,
    };
    let main_id = known
        .clone()
        .or_else(|| matched.clone())
        .unwrap_or_else(|| new_id(kind));
    let existed = w.exists(&main_id)?;
    set_id(&mut parsed.main, &main_id);
    // What the file said when Hindsight last read it: the base each record merges against.
    let base = match existed {
        true => w
            .source_base(&item.key)?
            .and_then(|text| parse_text(&text, &item.stem).ok()),
        false => None,
    };
    if existed {
        let base_main = base.as_ref().map(|b| with_id(&b.main, &main_id));
        merge_into(w, &mut parsed.main, base_main.as_ref(), matched.is_some())?;
    }
    w.put_any(&parsed.main)?;
    w.set_source(&item.key, &main_id, Some(&item.text))?;
    changes.push((item.key.clone(), Some(main_id.clone())));
    let mut ids = vec![main_id.clone()];
    let mut child_keys = HashSet::new();
    // A decision that already has trade-offs of its own (made in Hindsight, then written out
    // as adr-tools files) does not get another one from what its file's consequences say.
    let own_tradeoffs =
        existed && kind == Kind::Decision && !w.children_of(&main_id, Kind::TradeOff)?.is_empty();
    if own_tradeoffs && !parsed.structured {
        parsed.children.retain(|child| {
            child.record.kind() != Kind::TradeOff
                || sources
                    .by_key
                    .contains_key(&format!("{}#{}", item.key, child.key))
        });
    }
    for child in &mut parsed.children {
        let key = format!("{}#{}", item.key, child.key);
        let id = match child.record.id() {
            "" => sources
                .by_key
                .get(&key)
                .cloned()
                .unwrap_or_else(|| new_id(child.record.kind())),
            id => id.to_string(),
        };
        set_id(&mut child.record, &id);
        set_parent(&mut child.record, &main_id);
        if !parsed.structured && w.exists(&id)? {
            let base_child = base
                .as_ref()
                .and_then(|b| b.children.iter().find(|c| c.key == child.key))
                .map(|c| {
                    let mut record = with_id(&c.record, &id);
                    set_parent(&mut record, &main_id);
                    record
                });
            match base_child {
                Some(base_child) => merge_into(w, &mut child.record, Some(&base_child), false)?,
                None => keep_what_the_file_does_not_say(w, &mut child.record)?,
            }
        }
        w.put_any(&child.record)?;
        if parsed.structured {
            w.forget_source(&key)?;
            changes.push((key.clone(), None));
        } else {
            w.set_source(&key, &id, None)?;
            changes.push((key.clone(), Some(id.clone())));
        }
        child_keys.insert(key);
        ids.push(id);
    }
    // Parts the file no longer has: an exported file is the whole truth about its children;
    // a loose file about the records earlier imports of it made.
    if parsed.structured {
        let child_kind = match kind {
            Kind::Decision => Some(Kind::TradeOff),
            Kind::Incident => Some(Kind::Action),
            _ => None,
        };
        if let Some(child_kind) = child_kind {
            let kept: HashSet<&String> = ids.iter().collect();
            for old in w.children_of(&main_id, child_kind)? {
                if !kept.contains(&old) {
                    w.delete(&old)?;
                }
            }
        }
    } else {
        for (key, old) in sources.parts_of(&item.key) {
            if !child_keys.contains(key) {
                if w.exists(old)? {
                    w.delete(old)?;
                }
                w.forget_source(key)?;
                changes.push((key.clone(), None));
            }
        }
    }
    let (id, title) = (main_id.clone(), parsed.main.title().to_string());
    let dialect = parsed.dialect.to_string();
    let records = ids.len();
    let outcome = if existed {
        Outcome::Updated {
            kind,
            id,
            title,
            dialect,
            records,
        }
    } else {
        Outcome::Created {
            kind,
            id,
            title,
            dialect,
            records,
        }
    };
    Ok((outcome, ids, changes))
}

/// A record as the file says it, merged with what the workspace has: field by field against
/// what the file said last time (`base`), so edits made in Hindsight since then stay unless the
/// file changed the same field (then the file wins; the workspace's value is in the history).
/// Without a base, a file matched by number and title only fills in what it says.
fn merge_into(
    w: &Writer<'_>,
    record: &mut AnyRecord,
    base: Option<&AnyRecord>,
    partial: bool,
) -> Result<()> {
    let Some((kind, mine)) = w.get_json(record.id())? else {
        return Ok(());
    };
    if kind != record.kind() {
        return Ok(());
    }
    let theirs = record.to_json();
    let merged = match base {
        Some(base) => merge3(&mine, &base.to_json(), &theirs, Prefer::Theirs).value,
        None if partial => fill(&mine, &theirs),
        None => return Ok(()),
    };
    if let Ok(json) = serde_json::to_string(&merged)
        && let Ok(back) = AnyRecord::from_json(kind, &json)
    {
        *record = back;
    }
    Ok(())
}

/// A copy of `record` with the id `id`.
fn with_id(record: &AnyRecord, id: &str) -> AnyRecord {
    let mut out = record.clone();
    set_id(&mut out, id);
    out
}

/// The decision a file without an id is, when no file is known to have made it: the one with
/// the same number and title that no other file made and this import has not taken.
fn same_decision(
    w: &Writer<'_>,
    record: &AnyRecord,
    claimed: &HashSet<String>,
) -> Result<Option<String>> {
    let AnyRecord::Decision(decision) = record else {
        return Ok(None);
    };
    for (id, number) in w.decisions_titled(&decision.title)? {
        let same_number = number == decision.number || number.is_none();
        if same_number && !claimed.contains(&id) && !w.has_source(&id)? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// A record found inside a file (a trade-off, a lesson) carries only what the file says; what
/// the team added in Hindsight since the last import (a trade-off's explanation and risk, a
/// lesson's category) stays.
fn keep_what_the_file_does_not_say(w: &Writer<'_>, record: &mut AnyRecord) -> Result<()> {
    if !w.exists(record.id())? {
        return Ok(());
    }
    match record {
        AnyRecord::TradeOff(t) => {
            let old: crate::domain::TradeOff = w.get(&t.id)?;
            t.explanation = old.explanation;
            t.risk = old.risk;
        }
        AnyRecord::Lesson(l) => {
            let old: crate::domain::Lesson = w.get(&l.id)?;
            l.category = old.category;
        }
        _ => {}
    }
    Ok(())
}

fn set_id(record: &mut AnyRecord, id: &str) {
    let id = id.to_string();
    match record {
        AnyRecord::Decision(r) => r.id = id,
        AnyRecord::TradeOff(r) => r.id = id,
        AnyRecord::Lesson(r) => r.id = id,
        AnyRecord::Incident(r) => r.id = id,
        AnyRecord::Action(r) => r.id = id,
        AnyRecord::Checklist(r) => r.id = id,
        AnyRecord::Review(r) => r.id = id,
    }
}

fn set_parent(record: &mut AnyRecord, parent: &str) {
    match record {
        AnyRecord::TradeOff(r) => r.decision_id = parent.to_string(),
        AnyRecord::Action(r) => r.source_id = Some(parent.to_string()),
        _ => {}
    }
}

/// Writes the links a file states. Returns warnings for the ones that cannot be made.
fn write_links(
    w: &mut Writer<'_>,
    item: &Pending,
    ids: &[String],
    ids_by_key: &HashMap<String, String>,
    sources: &BTreeMap<String, String>,
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
                let key = source_key(&item.dir.join(decode(path)));
                ids_by_key.get(&key).or_else(|| sources.get(&key)).cloned()
            }
        }
    };
    let mut wanted: Vec<Link> = Vec::new();
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
        match wanted.iter_mut().find(|l| {
            l.from_id == link.from_id && l.relation == link.relation && l.to_id == link.to_id
        }) {
            Some(existing) => {
                // The words of the side that states the link forwards win.
                if existing.label.is_none() || (pending.from == End::Main && link.label.is_some()) {
                    existing.label = link.label;
                }
            }
            None => wanted.push(link),
        }
    }
    if item.parsed.structured {
        for id in ids {
            for old in w.links_from(id)? {
                let keep = wanted.iter().any(|l| {
                    l.from_id == old.from_id && l.relation == old.relation && l.to_id == old.to_id
                });
                if !keep {
                    w.unlink(&old)?;
                }
            }
        }
    }
    for link in wanted {
        if !item.parsed.structured && (link.label.is_none() && w.has_link(&link)?) {
            continue;
        }
        if let Err(e) = w.attempt(|w| w.link(&link)) {
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
