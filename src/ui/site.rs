//! Workspace → Publish site…: the workspace as a static site (`crate::publish`), written into
//! a folder off the UI thread with its stage and pages shown as it goes; then a bar says how
//! many files it wrote where, with *Open* (the site's home page in the browser) and *Show in
//! folder*, and its warnings under it. A folder the site may not go into (files Hindsight did
//! not write, say) is refused with the reason in that bar, and nothing is written.

use std::path::{Path, PathBuf};

use super::files::{Outcome, Written};
use super::{HindsightApp, Notice, jobs};
use crate::publish::Published;
use crate::report::story::count;

impl HindsightApp {
    /// Publishes the workspace as a site into `out` off the UI thread (the menu, the palette
    /// and the path field end here; tests call it directly).
    pub fn start_publish(&mut self, ctx: &egui::Context, out: PathBuf) {
        self.start_job(ctx, jobs::JobRequest::Publish { out });
    }

    /// The folder offered for the site: the last one published to (a folder refused is not
    /// offered again), else `site` beside the workspace file.
    pub(super) fn site_folder(&self) -> PathBuf {
        if let Some(last) = &self.files.last_site {
            return last.clone();
        }
        let beside = self
            .session
            .store()
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        beside.join("site")
    }

    /// A publish is done: the bar with Open and Show in folder, and a notice.
    pub(super) fn published(&mut self, published: Published) {
        let notes = notes(&published);
        let mut text = format!(
            "Published the site: {}, {}.",
            count(published.decisions, "decision", "decisions"),
            count(published.incidents, "incident", "incidents"),
        );
        let notice = if notes.is_empty() {
            Notice::Info
        } else {
            text.push_str(&format!(
                " {} (listed in the bar below).",
                count(notes.len(), "warning", "warnings")
            ));
            Notice::Warning
        };
        self.notify(notice, text);
        self.files.last_site = Some(published.out.clone());
        self.files.outcome = Some(Outcome::Written(Written {
            line: line(&published),
            open: published.out.join("index.html"),
            folder: published.out.clone(),
            notes,
        }));
    }

    /// A publish refused or failed: its one line, as a notice and in the bar.
    pub(super) fn not_published(&mut self, why: String) {
        self.notify(Notice::Error, why.clone());
        self.files.outcome = Some(Outcome::Refused(why));
    }
}

/// "Published 57 files to /home/ada/site (57 written)", and what it removed.
fn line(p: &Published) -> String {
    let removed = if p.removed.is_empty() {
        String::new()
    } else {
        format!(", {} removed", p.removed.len())
    };
    format!(
        "Published {} to {} ({} written{removed})",
        count(p.files, "file", "files"),
        p.out.display(),
        p.written,
    )
}

/// The warnings, and the pages kept because someone changed them since the last publish.
fn notes(p: &Published) -> Vec<String> {
    let kept = p
        .kept
        .iter()
        .map(|k| format!("Kept {k}: changed since Hindsight wrote it."));
    p.warnings.iter().cloned().chain(kept).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_says_how_many_files_where_and_what_was_removed() {
        let mut p = Published {
            out: PathBuf::from("/tmp/site"),
            files: 57,
            written: 3,
            ..Default::default()
        };
        assert_eq!(line(&p), "Published 57 files to /tmp/site (3 written)");
        p.removed = vec!["decisions/old.html".into()];
        p.kept = vec!["index.html".into()];
        p.warnings = vec!["a link to ADR-9 points nowhere".into()];
        assert_eq!(
            line(&p),
            "Published 57 files to /tmp/site (3 written, 1 removed)"
        );
        assert_eq!(
            notes(&p),
            [
                "a link to ADR-9 points nowhere",
                "Kept index.html: changed since Hindsight wrote it."
            ]
        );
    }
}
