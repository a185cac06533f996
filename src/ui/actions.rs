//! Every user action the window offers, in one list: each knows its name, its keyboard
//! shortcut and what it means, so menus, shortcuts, the command palette and the help overlay
//! (F1) all come from here and cannot disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiAction {
    OpenWorkspace,
    NewWorkspace,
    ImportFiles,
    ImportFolder,
    ExportTree,
    ExportAdrTools,
    WriteBack,
    Sync,
    YourName,
    Backups,
    WriteReport,
    PublishSite,
    Stakeholder,
    Palette,
    NewRecord,
    NewDecision,
    NewIncident,
    Duplicate,
    Delete,
    Undo,
    Redo,
    ToggleTrace,
    Insights,
    TogglePanels,
    History,
    FocusFilter,
    ToggleTheme,
    Help,
}

impl UiAction {
    pub const ALL: &'static [UiAction] = &[
        UiAction::OpenWorkspace,
        UiAction::NewWorkspace,
        UiAction::ImportFiles,
        UiAction::ImportFolder,
        UiAction::ExportTree,
        UiAction::ExportAdrTools,
        UiAction::WriteBack,
        UiAction::Sync,
        UiAction::YourName,
        UiAction::Backups,
        UiAction::WriteReport,
        UiAction::PublishSite,
        UiAction::Stakeholder,
        UiAction::Palette,
        UiAction::NewRecord,
        UiAction::NewDecision,
        UiAction::NewIncident,
        UiAction::Duplicate,
        UiAction::Delete,
        UiAction::Undo,
        UiAction::Redo,
        UiAction::ToggleTrace,
        UiAction::Insights,
        UiAction::TogglePanels,
        UiAction::History,
        UiAction::FocusFilter,
        UiAction::ToggleTheme,
        UiAction::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            UiAction::OpenWorkspace => "Open workspace…",
            UiAction::NewWorkspace => "New workspace…",
            UiAction::ImportFiles => "Import Markdown files…",
            UiAction::ImportFolder => "Import a folder…",
            UiAction::ExportTree => "Export for git…",
            UiAction::ExportAdrTools => "Export as adr-tools…",
            UiAction::WriteBack => "Write back into the team's files",
            UiAction::Sync => "Sync with the team's repository",
            UiAction::YourName => "Your name…",
            UiAction::Backups => "Backups…",
            UiAction::WriteReport => "Write stakeholder report…",
            UiAction::PublishSite => "Publish site…",
            UiAction::Stakeholder => "Stakeholder mode",
            UiAction::Palette => "Search everything…",
            UiAction::NewRecord => "New record of this kind",
            UiAction::NewDecision => "New decision",
            UiAction::NewIncident => "New incident",
            UiAction::Duplicate => "Duplicate record",
            UiAction::Delete => "Delete record…",
            UiAction::Undo => "Undo",
            UiAction::Redo => "Redo",
            UiAction::ToggleTrace => "Show trace / record",
            UiAction::TogglePanels => "Show / hide the kinds panel",
            UiAction::Insights => "Insights: did our decisions work?",
            UiAction::History => "Record history…",
            UiAction::FocusFilter => "Filter the list",
            UiAction::ToggleTheme => "Toggle light / dark theme",
            UiAction::Help => "Keyboard shortcuts",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let shortcut = |modifiers, key| Some(KeyboardShortcut::new(modifiers, key));
        match self {
            UiAction::OpenWorkspace => shortcut(cmd, Key::O),
            UiAction::NewWorkspace => shortcut(cmd | Modifiers::SHIFT, Key::N),
            UiAction::ImportFiles => shortcut(cmd, Key::I),
            UiAction::ImportFolder => None,
            UiAction::ExportTree => shortcut(cmd, Key::E),
            UiAction::ExportAdrTools => None,
            UiAction::WriteBack => None,
            UiAction::Sync => shortcut(cmd | Modifiers::SHIFT, Key::S),
            UiAction::YourName => None,
            UiAction::Backups => None,
            UiAction::WriteReport => shortcut(cmd, Key::R),
            UiAction::PublishSite => None,
            UiAction::Stakeholder => shortcut(Modifiers::NONE, Key::F5),
            UiAction::Palette => shortcut(cmd, Key::K),
            UiAction::NewRecord => shortcut(cmd, Key::N),
            UiAction::NewDecision => shortcut(cmd | Modifiers::SHIFT, Key::D),
            UiAction::NewIncident => shortcut(cmd | Modifiers::SHIFT, Key::I),
            UiAction::Duplicate => shortcut(cmd, Key::D),
            UiAction::Delete => shortcut(cmd, Key::Delete),
            // Redo before undo: Ctrl+Shift+Z must not be taken as Ctrl+Z.
            UiAction::Redo => shortcut(cmd | Modifiers::SHIFT, Key::Z),
            UiAction::Undo => shortcut(cmd, Key::Z),
            UiAction::ToggleTrace => shortcut(cmd, Key::T),
            UiAction::TogglePanels => shortcut(cmd, Key::B),
            UiAction::Insights => shortcut(cmd, Key::G),
            UiAction::History => shortcut(cmd, Key::H),
            UiAction::FocusFilter => shortcut(cmd, Key::F),
            UiAction::ToggleTheme => shortcut(cmd | Modifiers::SHIFT, Key::L),
            UiAction::Help => shortcut(Modifiers::NONE, Key::F1),
        }
    }

    /// The shortcut as the help overlay and menus print it.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|s| ctx.format_shortcut(&s))
            .unwrap_or_default()
    }

    /// Shortcuts are matched most-specific first (more modifiers win).
    pub fn by_specificity() -> Vec<UiAction> {
        let mut all = UiAction::ALL.to_vec();
        all.sort_by_key(|a| {
            std::cmp::Reverse(a.shortcut().map_or(0, |s| {
                s.modifiers.shift as u8 + s.modifiers.command as u8 + s.modifiers.alt as u8
            }))
        });
        all
    }
}
