//! The human-readable output of the commands that read and write the team's files: what an
//! import did file by file, what writing back changed, what a sync did and what it brought
//! from the team.

use std::io::{self, Write};

use crate::interop::{ImportReport, Outcome};

/// One line per file (path shown relative to the folder it was found under), warnings, totals.
pub fn import_report(
    out: &mut dyn Write,
    roots: &[std::path::PathBuf],
    report: &ImportReport,
) -> io::Result<()> {
    let shown = |path: &std::path::Path| {
        roots
            .iter()
            .filter(|r| r.is_dir())
            .find_map(|r| path.strip_prefix(r).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    };
    for file in &report.files {
        let path = shown(&file.path);
        match &file.outcome {
            Outcome::Created {
                kind,
                title,
                dialect,
                ..
            }
            | Outcome::Updated {
                kind,
                title,
                dialect,
                ..
            } => {
                let verb = if matches!(file.outcome, Outcome::Created { .. }) {
                    "created"
                } else {
                    "updated"
                };
                writeln!(
                    out,
                    "{verb:<8} {:<9} {path}  “{title}” ({dialect})",
                    kind.as_str()
                )?;
            }
            Outcome::Skipped { reason } => writeln!(out, "skipped  {path}: {reason}")?,
            Outcome::Failed { reason } => writeln!(out, "failed   {path}: {reason}")?,
        }
    }
    for warning in &report.warnings {
        writeln!(out, "warning  {warning}")?;
    }
    writeln!(out, "{}.", report.summary())
}

/// What `export --in-place` did, a line per file touched or left alone.
pub fn in_place(out: &mut dyn Write, report: &crate::interop::InPlaceReport) -> io::Result<()> {
    for path in &report.written {
        writeln!(out, "written     {}", path.display())?;
    }
    for path in &report.created {
        writeln!(out, "created     {}", path.display())?;
    }
    for kept in &report.left_alone {
        writeln!(out, "left alone  {}: {}", kept.path.display(), kept.reason)?;
    }
    for kept in &report.not_written {
        writeln!(out, "NOT WRITTEN {}: {}", kept.path.display(), kept.reason)?;
    }
    let failed = if report.not_written.is_empty() {
        String::new()
    } else {
        format!(", {} NOT WRITTEN", report.not_written.len())
    };
    writeln!(
        out,
        "{} written, {} created, {} unchanged, {} left alone{failed}.",
        report.written.len(),
        report.created.len(),
        report.unchanged,
        report.left_alone.len()
    )
}

/// What `sync` did; conflicts one per line.
pub fn sync(out: &mut dyn Write, report: &crate::sync::SyncReport) -> io::Result<()> {
    for kept in &report.left_alone {
        writeln!(out, "left alone  {}: {}", kept.path.display(), kept.reason)?;
    }
    for kept in &report.not_written {
        writeln!(out, "NOT WRITTEN {}: {}", kept.path.display(), kept.reason)?;
    }
    for c in &report.conflicts {
        writeln!(
            out,
            "conflict    {} {}: mine {} / theirs {}  (hindsight resolve {} {} --mine|--theirs)",
            c.id, c.field, c.mine, c.theirs, c.id, c.field
        )?;
    }
    if let Some(words) = report.arrived.words() {
        let by = match report.arrived.authors.as_slice() {
            [] => String::new(),
            authors => format!(" ({})", authors.join(", ")),
        };
        writeln!(out, "From the team: {words}{by}.")?;
    }
    writeln!(
        out,
        "Synced {}: {} files committed, {} pulled{}; {} conflicts.",
        report.folder.display(),
        report.committed,
        report.pulled,
        if report.pushed { ", pushed" } else { "" },
        report.conflicts.len()
    )
}
