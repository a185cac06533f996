//! The workbench window (eframe/egui). The app owns a [`Session`] and changes data only by
//! sending [`Command`]s, applied once per frame; each view draws from the session's caches
//! through a narrow [`view::ViewCtx`] (read the session, send commands, ask the window for the
//! rest), so no SQL runs per frame unless a command changed something, and no view reaches
//! into the window or another view.
//!
//! - `app`: the window's state and its frame; `dispatch`: actions, requests, commands;
//!   `menu`: the menu bar; `background`: imports, exports and reports off the UI thread;
//!   `site`: Workspace → Publish site… (the static site, then Open).
//! - `view`: what a view is given; `widgets`: the small widgets every form uses.
//! - `nav`, `list`, `detail`, `trace`: the panels, left to right; `review` inside `detail`.
//! - `palette`, `overlays`, `history`, `stakeholder`: Ctrl+K, help and delete, a record's
//!   versions, the presentation.
//! - `fields`: labelled field editors that buffer typing and send one command per burst.
//! - `files`, `team`, `jobs`: file choices, sync and write-back, the jobs' threads.
//! - `arrival`: the bar about the path the window was launched on (`hindsight PATH`).

mod actions;
mod app;
mod arrival;
mod arrived;
mod background;
mod backups;
mod detail;
mod dispatch;
mod fields;
mod files;
mod history;
mod insights;
mod jobs;
mod list;
mod menu;
mod nav;
mod overlays;
mod palette;
mod review;
mod site;
mod stakeholder;
mod team;
mod trace;
mod view;
mod widgets;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::session::Session;
pub use actions::UiAction;
pub use app::HindsightApp;

/// What the window remembers between runs (UI preferences only; data lives in the workspace).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub kind: Kind,
    /// `None` follows the system theme.
    pub dark: Option<bool>,
    pub show_preview: bool,
    pub recent: Vec<String>,
    /// The name changes are made under, set once in the window (else git's `user.name`).
    pub author: Option<String>,
    /// The kinds panel on the left: shown, hidden, or (`None`) shown when the window is wide.
    pub show_kinds: Option<bool>,
    /// Workspace files inside a git work tree the user chose to leave untracked.
    pub left_unignored: Vec<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            kind: Kind::Decision,
            dark: None,
            show_preview: true,
            recent: Vec::new(),
            author: None,
            show_kinds: None,
            left_unignored: Vec::new(),
        }
    }
}

/// Below this width the kinds panel folds away unless it was asked for.
pub const WIDE: f32 = 1000.0;

impl Prefs {
    /// Whether the kinds panel shows in a window `width` points wide.
    pub fn kinds_shown(&self, width: f32) -> bool {
        self.show_kinds.unwrap_or(width >= WIDE)
    }

    /// Puts `path` first in the recent list (at most eight, no repeats).
    pub fn remember(&mut self, path: &Path) {
        let shown = path.display().to_string();
        self.recent.retain(|p| *p != shown);
        self.recent.insert(0, shown);
        self.recent.truncate(8);
    }
}

const PREFS_KEY: &str = "hindsight-prefs";

/// How serious a toast is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Info,
    Warning,
    Error,
}

/// Which view the centre shows for the selected record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CentreView {
    Record,
    Trace,
    /// Insights over the whole workspace, whatever is selected.
    Insights,
}

pub(crate) fn apply_theme(ctx: &egui::Context, dark: Option<bool>) {
    ctx.set_theme(match dark {
        None => egui::ThemePreference::System,
        Some(true) => egui::ThemePreference::Dark,
        Some(false) => egui::ThemePreference::Light,
    });
}

/// The window's icon: the 128 px rendering of `assets/icon/hindsight.svg`, the one source of
/// the packages' icons too.
fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/hindsight-128.png"))
        .unwrap_or_default()
}

/// Opens the window on what it was launched on: the workspace given (created with the demo if
/// missing), else the usual one with a bar about the path given (Markdown to import, or why
/// it is not a workspace).
pub fn run(launch: &crate::workspace::Launch) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let opening = crate::workspace::open_for_window(launch)?;
    let session = Session::new(opening.store)?;
    let path: PathBuf = opening.path;
    let arrival = opening.arrival;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Hindsight")
            .with_app_id("hindsight")
            .with_icon(icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 420.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "Hindsight",
        options,
        Box::new(move |cc| {
            let mut app = HindsightApp::new(session, &path).with_storage(cc.storage);
            // HINDSIGHT_TIMING=1 prints when the first frame is drawn (see the README).
            if std::env::var_os("HINDSIGHT_TIMING").is_some() {
                app.time_first_frame(started);
            }
            app.remember_workspace(&path);
            if let Some(arrival) = arrival {
                app.arrived(arrival);
            }
            apply_theme(&cc.egui_ctx, app.prefs().dark);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "cannot open the window ({e}); without a display, use the commands (hindsight --help)"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_square_and_drawn() {
        let icon = super::icon();
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), (icon.width * icon.height * 4) as usize);
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 255));
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 0));
    }
}
