//! `hindsight publish`: the site from the team's folders (no workspace opened) or from the
//! workspace, then what it did in a few lines (or JSON), each warning on stderr.

use std::io::Write;

use super::{CliError, Command, ExitStatus};
use crate::publish::{PublishOptions, Published, publish_folders, publish_workspace};
use crate::store::Store;

pub fn run(
    store: Option<&Store>,
    command: Command,
    out: &mut dyn Write,
) -> Result<ExitStatus, CliError> {
    let Command::Publish {
        out: site,
        from,
        title,
        base_url,
        json,
    } = command
    else {
        return Ok(ExitStatus::Ok);
    };
    let options = PublishOptions { title, base_url };
    let published = match store {
        Some(store) if from.is_empty() => publish_workspace(store, &site, &options, |_| {})?,
        _ => publish_folders(&from, &site, &options, |_| {})?,
    };
    for warning in &published.warnings {
        eprintln!("hindsight: warning: {warning}");
    }
    if json {
        super::json::print(out, &serde_json::to_value(&published).unwrap_or_default())?;
    } else {
        text(out, &published)?;
    }
    Ok(ExitStatus::Ok)
}

fn text(out: &mut dyn Write, p: &Published) -> std::io::Result<()> {
    use crate::report::story::count;
    let from = if p.repositories.len() > 1 {
        format!(
            " from {} repositories ({})",
            p.repositories.len(),
            p.repositories.join(", ")
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "Published {}{from}: {}, {}, {}, {}.",
        p.out.display(),
        count(p.decisions, "decision", "decisions"),
        count(p.incidents, "incident", "incidents"),
        count(p.lessons, "lesson", "lessons"),
        count(p.reviews, "review", "reviews"),
    )?;
    writeln!(
        out,
        "{} files: {} written, {} unchanged{} ({} ms).",
        p.files,
        p.written,
        p.unchanged,
        if p.removed.is_empty() {
            String::new()
        } else {
            format!(", {} removed", p.removed.len())
        },
        p.took_ms
    )?;
    for kept in &p.kept {
        writeln!(
            out,
            "Kept {kept}: changed since Hindsight wrote it. To have it written again, delete it \
             and publish again."
        )?;
    }
    writeln!(out, "Open {}", p.out.join("index.html").display())?;
    Ok(())
}
