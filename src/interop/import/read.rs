//! Reading files: the walk (every file it meets is reported, hidden ones, links, pipes
//! included), each file read on its own with a size limit, and its kind and dialect recognised
//! from its headings and metadata; templates, indexes and read-mes are skipped by name or by a
//! placeholder title.

use std::path::{Component, Path, PathBuf};

use super::{FileReport, ImportReport, Outcome};
use crate::interop::markdown::{self, Document};
use crate::interop::parsed::Parsed;
use crate::interop::{decision, front, postmortem, record_file};

/// Every file under the given paths, in name order; missing paths are reported as failed.
pub(super) fn collect(paths: &[PathBuf], report: &mut ImportReport) -> Vec<PathBuf> {
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
pub(super) fn read_source(path: &Path) -> std::result::Result<(Parsed, String, String), Outcome> {
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
    // A record kept as a folder of its own (`0005-use-kafka/README.md`, `use-kafka/index.md`)
    // is named by its folder; any other read-me or index is not a record.
    let own_folder = record_folder(path);
    let stem = match &own_folder {
        Some(folder) => folder.clone(),
        None if lower.starts_with("readme") => return Err(skipped("a read-me, not a record")),
        None if matches!(
            lower.as_str(),
            "index.md" | "_index.md" | "toc.md" | "summary.md"
        ) =>
        {
            return Err(skipped("an index, not a record"));
        }
        None => stem,
    };
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
    if template_name(&stem) && template_body(body) {
        return Err(skipped("a template, not a record"));
    }
    let parsed = match parse_text(body, &stem) {
        Err(Outcome::Skipped { .. }) if own_folder.is_some() && lower.starts_with("readme") => {
            return Err(skipped("a read-me, not a record"));
        }
        Err(Outcome::Skipped { .. }) if own_folder.is_some() => {
            return Err(skipped("an index, not a record"));
        }
        other => other?,
    };
    Ok((parsed, text, stem))
}

/// The name a file's record goes by: the file's stem, or for a record kept as a folder of its
/// own (`0005-use-kafka/README.md`) the folder's name.
pub fn record_stem(path: &Path) -> String {
    record_folder(path).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    })
}

/// For a `README.md` or `index.md` that is a record's own folder, the folder's name: the folder
/// is numbered (`0005-use-kafka`), or holds no other Markdown file beside it (a record with
/// its pictures). An index of a folder of records has records beside it and is not one.
fn record_folder(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if !matches!(
        name.as_str(),
        "readme.md" | "readme.markdown" | "index.md" | "_index.md" | "index.markdown"
    ) {
        return None;
    }
    let folder = path.parent()?;
    let folder_name = folder.file_name()?.to_string_lossy().to_string();
    let numbered = folder_name
        .split(['-', '_', ' ', '.'])
        .next()
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    // A record's folder holds the record and its pictures: no other Markdown file, and no
    // folder but one of pictures (an index of a tree of records has folders of them).
    let more_than_a_record = || {
        std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let n = e.file_name().to_string_lossy().to_lowercase();
                let dir = e.file_type().is_ok_and(|t| t.is_dir());
                (dir && !matches!(
                    n.as_str(),
                    "images" | "img" | "assets" | "media" | "diagrams" | "static" | "files"
                )) || (n != name && (n.ends_with(".md") || n.ends_with(".markdown")))
            })
    };
    (numbered || !more_than_a_record()).then_some(folder_name)
}

/// Whether a file named as a template holds a template's text: placeholders
/// ("{short title}", "<decision>", "[describe the context]"), or mostly empty sections. A
/// record about templates ("Project templates") has neither and is read.
fn template_body(text: &str) -> bool {
    let doc = Document::parse(text);
    let front = doc
        .front
        .as_deref()
        .and_then(|y| front::from_yaml(y).ok())
        .unwrap_or_default();
    if template_text(&doc, &front) {
        return true;
    }
    let mut fence = false;
    let prose: String = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fence = !fence;
                return false;
            }
            !fence
        })
        .collect::<Vec<_>>()
        .join("\n");
    let placeholders = prose
        .split(['{', '<'])
        .skip(1)
        .filter(|after| {
            after.split_once(['}', '>']).is_some_and(|(inside, _)| {
                inside.starts_with(char::is_alphabetic) && inside.len() < 200
            })
        })
        .count();
    let parts = doc.parts(|_| true);
    let empty = parts.iter().filter(|p| p.body.trim().is_empty()).count();
    placeholders >= 2 || (parts.len() >= 3 && empty * 2 > parts.len())
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
    result.map_err(|e| failed(e.to_string()))
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
pub(super) fn source_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| lexical(path))
        .display()
        .to_string()
}

/// `a/b/../c` → `a/c`, without touching the file system.
pub(super) fn lexical(path: &Path) -> PathBuf {
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
