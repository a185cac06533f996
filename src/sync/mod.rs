//! The team's git repository as the shared workspace. A sync reads what the bound folder's
//! files say now (a teammate's or a hand edit), writes the workspace's changes back into them in
//! place, commits the folder, fetches, merges what others pushed by record and by field (never
//! by text: no conflict marker reaches a file), reads the merged files in, and pushes. A field
//! changed differently on both sides is a conflict: the workspace keeps both values until
//! someone chooses (`resolve`).
//!
//! Git is the engine: the user's own `git` runs (`git.rs`), so credentials, SSH keys and hooks
//! work as in their terminal. SQLite stays each member's fast local index and editor.

mod arrived;
mod git;
mod ignore;
mod merge;
pub(crate) mod own;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::AnyRecord;
use crate::interop::{self, InteropError, Progress};
use crate::store::{Conflict, Store, StoreError};

pub use arrived::{Arrival, Arrived, ArrivedLink, ArrivedRecord, ArrivedSignOff};
pub use git::Git;
pub use ignore::{Unignored, add_to_gitignore, unignored};

/// The meta key the bound folder is kept under.
const FOLDER: &str = "sync_folder";

/// What every `git add` and commit of a sync leaves out: Hindsight's temporary files
/// (`.NAME.hindsight-PID-N.tmp`, and earlier builds' `.NAME.PID.tmp`), should one be in the
/// folder (a write running in another process, one outside git's reach of the git directory,
/// or one an earlier build left beside its file).
const NOT_TEMPORARY: [&str; 2] = [
    ":(exclude,glob)**/.*.hindsight-[0-9]*.tmp",
    ":(exclude,glob)**/.*.[0-9]*.tmp",
];

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Interop(#[from] InteropError),
    #[error("{}: not a folder inside a git work tree (git init, or clone the team's repository)", .0.display())]
    NotAWorkTree(PathBuf),
    #[error("{}: no such folder", .0.display())]
    NoFolder(PathBuf),
    #[error("{folder}: written by a newer Hindsight (its files' format {format}, this one reads up to {known}); install the newer version to sync — nothing was changed", folder = .0.display(), format = .1, known = crate::interop::OWN_FORMAT)]
    NewerFormat(PathBuf, u32),
    #[error("no folder to sync with yet: give one (hindsight sync docs/adr)")]
    NotBound,
    #[error("git is not installed, or not on the PATH; sync runs your own git")]
    NoGit,
    #[error("git {command}: {message}")]
    Git { command: String, message: String },
}

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// The folder synced.
    pub folder: PathBuf,
    /// Records written back into files and committed.
    pub committed: usize,
    /// Records changed by what others pushed.
    pub pulled: usize,
    /// Whether the commits went to the remote.
    pub pushed: bool,
    /// Fields changed differently here and there: both values kept, nothing written into files.
    pub conflicts: Vec<Conflict>,
    /// Files left as they were, and why.
    pub left_alone: Vec<interop::LeftAlone>,
    /// Files whose record's change could not be placed in their text (not committed): an
    /// error the user must see.
    pub not_written: Vec<interop::LeftAlone>,
    /// What reading the folder did: each file, and the records read, created and changed
    /// (the folder as it was, and again after merging what others pushed).
    pub imported: interop::ImportReport,
    /// How long the sync took, and how much of it was git's own work (milliseconds).
    pub took_ms: u128,
    pub git_ms: u128,
    /// What arrived from teammates: records by kind, sign-offs, links, and who made them.
    pub arrived: Arrived,
}

/// How to sync.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// The folder to bind to (the first time), or the bound one.
    pub folder: Option<PathBuf>,
    /// Push when there is a remote.
    pub push: bool,
}

/// Syncs the workspace with the folder it is bound to (binding it to `options.folder` first).
pub fn sync(
    store: &mut Store,
    options: &SyncOptions,
    mut progress: impl FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let started = std::time::Instant::now();
    let folder = match &options.folder {
        Some(folder) => folder.clone(),
        None => PathBuf::from(store.meta(FOLDER)?.ok_or(SyncError::NotBound)?),
    };
    if !folder.is_dir() {
        return Err(SyncError::NoFolder(folder));
    }
    let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
    let git = Git::find(&folder)?;
    if let Some(format) = interop::own_format(&folder)
        && format > interop::OWN_FORMAT
    {
        return Err(SyncError::NewerFormat(
            folder.join(interop::OWN_FOLDER),
            format,
        ));
    }
    store.backup_before("sync")?;
    store.set_meta(FOLDER, &folder.display().to_string())?;
    if let Some(name) = git.user_name() {
        store.set_author(name);
    }
    let rel = git.relative(&folder);
    let pathspec = if rel.is_empty() {
        ".".to_string()
    } else {
        rel.clone()
    };
    let mut report = SyncReport {
        folder: folder.clone(),
        ..Default::default()
    };
    // What a killed write into the folder left, before git looks at it.
    crate::atomic::clear_under(&folder);
    // git on the folder, never on Hindsight's temporary files.
    let scope = ["--", pathspec.as_str(), NOT_TEMPORARY[0], NOT_TEMPORARY[1]];
    let in_folder = |args: &[&str]| git.run(&[args, &scope[..]].concat());
    // The stretches that read teammates' changes in, for what arrived (`arrived.rs`).
    let mut pulled: Vec<arrived::Pulled> = Vec::new();
    let synced_before = store.meta(own::SYNC_COMMIT)?.is_some();
    let mut fast_forwarded = None;
    // 0. A new member's first sync (a workspace that has read no file yet) takes what others
    // pushed as it is (a fast-forward): no merge commit, and the team's files and Hindsight's
    // are read as the team wrote them. Later syncs merge by record (step 3), so an edit made
    // here and not yet written is never overtaken by a file.
    let upstream = git.ask(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"]);
    if let Some(upstream) = &upstream {
        git.run(&["fetch", "-q"])?;
        let new_member =
            store.meta(own::SYNC_COMMIT)?.is_none() && store.file_sources()?.is_empty();
        let clean = git
            .ask(&["status", "--porcelain", "--", &pathspec])
            .is_some_and(|s| s.trim().is_empty());
        if new_member
            && clean
            && git
                .ask(&["merge-base", "--is-ancestor", "HEAD", upstream])
                .is_some()
        {
            let before = git.run(&["rev-parse", "HEAD"])?;
            if git.ask(&["merge", "--ff-only", "-q", upstream]).is_some() {
                let pulled = git.run(&[
                    "diff",
                    "--name-only",
                    before.trim(),
                    "HEAD",
                    "--",
                    &pathspec,
                ])?;
                report.pulled = pulled.lines().filter(|l| !l.is_empty()).count();
                fast_forwarded = Some(before.trim().to_string());
            }
        }
    }
    // 1. What the files say now: a hand edit, a file moved, or what an earlier pull brought.
    in_folder(&["add", "-A"])?;
    let moved = renames(
        &git,
        &["diff", "--cached", "-M", "--name-status", "HEAD"],
        &pathspec,
    )?;
    follow_renames(store, &git, &moved, &folder)?;
    // Only what changed since the last sync is read (everything, the first time).
    let since = store.meta(own::SYNC_COMMIT)?.filter(|c| {
        git.ask(&["cat-file", "-e", &format!("{c}^{{commit}}")])
            .is_some()
    });
    let changed = match &since {
        Some(commit) => {
            let (present, gone) = own::changed_since(&git, commit, &pathspec)?;
            own::Changed::of(&folder, present, gone)
        }
        None => own::Changed::everything(&folder),
    };
    let start = store.last_change()?;
    report.imported = own::read_changed(store, &folder, &changed, &mut progress)?;
    if let Some(before) = fast_forwarded {
        // The new member read what the team wrote: all of it arrived from the team.
        let head = git.run(&["rev-parse", "HEAD"])?;
        pulled.push(arrived::Pulled {
            changes: (start, store.last_change()?),
            range: format!("{before}..{}", head.trim()),
        });
    }
    // 2. The workspace's changes into the files (the team's, in place; the rest into
    // Hindsight's own), and a commit of the folder.
    let written = interop::export_in_place(store, &mut progress)?;
    report.left_alone = written.left_alone.clone();
    report.not_written = written.not_written.clone();
    own::write_own(store, &folder)?;
    in_folder(&["add", "-A"])?;
    let staged = in_folder(&["diff", "--cached", "--name-only"])?;
    let staged: Vec<&str> = staged.lines().filter(|l| !l.is_empty()).collect();
    if !staged.is_empty() {
        report.committed = staged.len();
        let message = commit_message(store, &git, &staged)?;
        in_folder(&["commit", "-q", "-m", &message])?;
    }
    // 3. What others pushed, merged by record and by field.
    if let Some(upstream) = &upstream {
        let behind = git.ask(&["rev-list", "--count", &format!("HEAD..{upstream}")]);
        if behind.as_deref().is_some_and(|n| n != "0") {
            let before = git.run(&["rev-parse", "HEAD"])?.trim().to_string();
            let merged = merge::merge(&git, upstream, &pathspec)?;
            report.pulled += merged.changed.len();
            let moved = renames(
                &git,
                &["diff", "-M", "--name-status", &before, "HEAD"],
                &pathspec,
            )?;
            follow_renames(store, &git, &moved, &folder)?;
            // The merged files in: teammates' changes reach the records.
            let full = |rel: &String| git.root.join(rel);
            let changed = own::Changed::of(
                &folder,
                merged
                    .changed
                    .iter()
                    .map(full)
                    .filter(|p| p.is_file())
                    .collect(),
                merged.deleted.iter().map(full).collect(),
            );
            let start = store.last_change()?;
            let pulled_in = own::read_changed(store, &folder, &changed, &mut progress)?;
            report.imported.absorb(pulled_in);
            let conflicts = merged.conflicts_with_ids(store, &git.root)?;
            store.write("Sync: conflicts to choose", |w| {
                for c in &conflicts {
                    w.add_conflict(c)?;
                }
                Ok(())
            })?;
            for gone in &merged.deleted {
                forget_deleted(store, &git.root.join(gone))?;
            }
            let theirs = git.run(&["rev-parse", upstream])?;
            pulled.push(arrived::Pulled {
                changes: (start, store.last_change()?),
                range: format!("{before}..{}", theirs.trim()),
            });
            // Links rewritten to follow files others moved, and Hindsight's files as the merged
            // workspace writes them: committed now, not left behind.
            own::write_own(store, &folder)?;
            in_folder(&["add", "-A"])?;
            let left = in_folder(&["diff", "--cached", "--name-only"])?;
            if !left.trim().is_empty() {
                in_folder(&["commit", "-q", "-m", "Hindsight: links follow moved files"])?;
            }
        }
        // 4. Ours to the remote.
        let ahead = git.ask(&["rev-list", "--count", &format!("{upstream}..HEAD")]);
        if options.push && ahead.as_deref().is_some_and(|n| n != "0") {
            git.run(&["push", "-q"])?;
            report.pushed = true;
        }
    }
    report.arrived = arrived::gather(store, &git, &pulled, &pathspec)?;
    // Marked in the lists until opened; a first sync brings everything, and marks nothing.
    if synced_before {
        store.add_unseen(report.arrived.to_mark())?;
    }
    for gone in report.arrived.records.iter() {
        if gone.arrival == Arrival::Removed {
            store.mark_seen(&gone.id)?;
        }
    }
    let head = git.run(&["rev-parse", "HEAD"])?;
    store.set_meta(own::SYNC_COMMIT, head.trim())?;
    report.conflicts = store.conflicts()?;
    report.took_ms = started.elapsed().as_millis();
    report.git_ms = git.spent().as_millis();
    Ok(report)
}

/// Who the revisions of this user are by: `$HINDSIGHT_AUTHOR`, else git's `user.name` (as
/// their commits are), else `None` (the store's default, the login name).
pub fn author() -> Option<String> {
    if let Ok(name) = std::env::var("HINDSIGHT_AUTHOR")
        && !name.trim().is_empty()
    {
        return Some(name);
    }
    let out = std::process::Command::new("git")
        .args(["config", "user.name"])
        .output()
        .ok()?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

/// "Hindsight: ADR-3 Payments are queued; INC-2024-019 Checkout crashed (+2 more)".
fn commit_message(store: &Store, git: &Git, files: &[&str]) -> Result<String, SyncError> {
    let mut names = Vec::new();
    let sources = store.sources()?;
    for file in files {
        let path = git.root.join(file);
        let key = std::fs::canonicalize(&path).unwrap_or(path);
        let title = sources
            .get(&key.display().to_string())
            .and_then(|id| store.find_any(id).ok().flatten())
            .map(|r| match r {
                AnyRecord::Decision(d) => d.display_title(),
                AnyRecord::Incident(i) if !i.reference.is_empty() => {
                    format!("{} {}", i.reference, i.title)
                }
                other => other.title().to_string(),
            });
        names.push(title.unwrap_or_else(|| file.to_string()));
    }
    let shown: Vec<String> = names.iter().take(3).cloned().collect();
    let mut message = format!("Hindsight: {}", shown.join("; "));
    if names.len() > 3 {
        message.push_str(&format!(" (+{} more)", names.len() - 3));
    }
    Ok(message)
}

/// The files git sees moved (`R…` lines of `--name-status -M`), old and new path relative to the
/// work tree.
fn renames(git: &Git, diff: &[&str], pathspec: &str) -> Result<Vec<(String, String)>, SyncError> {
    let mut args = diff.to_vec();
    args.extend(["--", pathspec]);
    Ok(git
        .run(&args)?
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let status = parts.next()?;
            (status.starts_with('R'))
                .then(|| Some((parts.next()?.to_string(), parts.next()?.to_string())))
                .flatten()
        })
        .collect())
}

/// A moved file stays the same record; links to its old name in the folder's other files are
/// rewritten to the new one (nothing else in them is touched).
fn follow_renames(
    store: &mut Store,
    git: &Git,
    moved: &[(String, String)],
    folder: &Path,
) -> Result<(), SyncError> {
    if moved.is_empty() {
        return Ok(());
    }
    let key = |rel: &str| {
        let path = git.root.join(rel);
        std::fs::canonicalize(&path)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    store.write("Follow moved files", |w| {
        for (from, to) in moved {
            // The old path no longer exists: it is named as it was under the work tree.
            let old = git.root.join(from);
            let old_key = std::fs::canonicalize(old.parent().unwrap_or(&git.root))
                .map(|p| p.join(old.file_name().unwrap_or_default()))
                .unwrap_or(old)
                .display()
                .to_string();
            w.move_source(&old_key, &key(to))?;
        }
        Ok(())
    })?;
    let names: Vec<(String, String)> = moved
        .iter()
        .filter_map(|(from, to)| {
            let name = |p: &str| {
                Path::new(p)
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
            };
            Some((name(from)?, name(to)?))
        })
        .filter(|(a, b)| a != b)
        .collect();
    for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let mut changed = text.clone();
        for (old, new) in &names {
            for (a, b) in [
                (format!("]({old})"), format!("]({new})")),
                (format!("](./{old})"), format!("](./{new})")),
                (
                    format!("]({})", old.replace(' ', "%20")),
                    format!("]({})", new.replace(' ', "%20")),
                ),
            ] {
                changed = changed.replace(&a, &b);
            }
        }
        if changed != text {
            interop::write_atomic(path, changed.as_bytes()).map_err(|e| SyncError::Git {
                command: "mv".into(),
                message: format!("{}: {e}", path.display()),
            })?;
        }
    }
    Ok(())
}

/// A file a teammate deleted: its record goes too (undoable), unless it changed here.
fn forget_deleted(store: &mut Store, path: &Path) -> Result<(), SyncError> {
    let key = path.display().to_string();
    let sources = store.file_sources()?;
    let Some(source) = sources.iter().find(|f| f.path == key) else {
        return Ok(());
    };
    // A record another file still makes (a decision that moved from Hindsight's files into
    // the team's folder) stays.
    let elsewhere = sources
        .iter()
        .any(|f| f.record_id == source.record_id && f.path != key && Path::new(&f.path).exists());
    if !elsewhere && store.find_any(&source.record_id)?.is_some() {
        store.delete(&source.record_id)?;
    }
    Ok(())
}

/// Settles a conflict: the field takes our value or theirs, and the next sync writes it.
pub fn resolve(store: &mut Store, id: &str, field: &str, theirs: bool) -> Result<(), SyncError> {
    let (_, id) = store.resolve(id)?;
    store.resolve_conflict(&id, field, theirs)?;
    Ok(())
}
