//! The window under test: a workspace in a temporary folder, the app on it in an
//! egui_kittest harness, and the moves a user makes (click by label, type, press keys).

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hindsight::demo::load_demo;
use hindsight::domain::Record;
use hindsight::session::Session;
use hindsight::store::Store;
use hindsight::ui::HindsightApp;

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub harness: Harness<'static, HindsightApp>,
}

pub fn open(with_demo: bool) -> Fixture {
    open_with(|store| {
        if with_demo {
            load_demo(store).unwrap();
        }
    })
}

/// A window on a workspace that `setup` fills first.
pub fn open_with(setup: impl FnOnce(&mut Store)) -> Fixture {
    open_sized(egui::vec2(1400.0, 1000.0), setup)
}

/// A window of `size` on a workspace that `setup` fills first.
pub fn open_sized(size: egui::Vec2, setup: impl FnOnce(&mut Store)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.db");
    let mut store = Store::open(&path).unwrap();
    setup(&mut store);
    let session = Session::new(store).unwrap();
    open_session_sized(session, &path, dir, size)
}

/// A window on a session the test opened itself (read-only, say), on the file at `path`.
pub fn open_session(session: Session, path: &std::path::Path, dir: tempfile::TempDir) -> Fixture {
    open_session_sized(session, path, dir, egui::vec2(1400.0, 1000.0))
}

fn open_session_sized(
    session: Session,
    path: &std::path::Path,
    dir: tempfile::TempDir,
    size: egui::Vec2,
) -> Fixture {
    let path = path.to_path_buf();
    let harness = Harness::builder()
        .with_size(size)
        // Toasts animate for a few seconds; let them settle.
        .with_max_steps(1000)
        .build_eframe(move |_cc| HindsightApp::new(session, &path));
    Fixture { _dir: dir, harness }
}

impl Fixture {
    pub fn app(&self) -> &HindsightApp {
        self.harness.state()
    }

    pub fn press(&mut self, modifiers: Modifiers, key: Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
    }

    /// Clicks the widget labelled `label`, scrolled into view first, as a user would.
    pub fn click(&mut self, label: &str) {
        self.harness
            .get_all_by_label(label)
            .next()
            .unwrap_or_else(|| panic!("no widget labelled {label:?}"))
            .scroll_to_me();
        self.harness.run();
        self.harness
            .get_all_by_label(label)
            .next()
            .unwrap_or_else(|| panic!("no widget labelled {label:?}"))
            .click();
        self.harness.run();
    }

    /// Replaces the text of the field labelled `label` and leaves it, as a user would.
    pub fn type_into(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.get_by_label(label).type_text(text);
        self.harness.run();
        self.harness.key_press(Key::Tab);
        self.harness.run();
    }

    pub fn selected<R: Record>(&self) -> R {
        let id = self
            .app()
            .selected()
            .expect("a record is selected")
            .to_string();
        self.app().session().store().get(&id).unwrap()
    }

    pub fn select(&mut self, id: &str) {
        // As a user would: Ctrl+K, type the title, Enter.
        let title = self
            .app()
            .session()
            .store()
            .get_any(id)
            .unwrap()
            .title()
            .to_string();
        self.press(Modifiers::COMMAND, Key::K);
        self.harness
            .get_by_label("Search everything")
            .type_text(&title);
        self.harness.run();
        self.press(Modifiers::NONE, Key::Enter);
        assert_eq!(self.app().selected(), Some(id));
    }
}

/// A file dropped on the window, as the platform hands it over.
#[derive(Debug)]
pub struct Dropped(pub std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

impl Fixture {
    /// Runs frames until the import or export running off the UI thread is done.
    pub fn wait_for_job(&mut self) {
        let start = std::time::Instant::now();
        while self.app().is_busy() {
            assert!(start.elapsed().as_secs() < 30, "the job did not finish");
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.harness.step();
        }
        self.harness.run();
    }
}

pub fn review_of(f: &Fixture, id: &str) -> hindsight::domain::Review {
    f.app().session().store().get(id).unwrap()
}

/// Types as a user would into whatever has the keyboard focus.
pub fn type_keys(f: &mut Fixture, text: &str) {
    f.harness
        .input_mut()
        .events
        .push(egui::Event::Text(text.to_string()));
    f.harness.run();
    f.harness.key_press(Key::Tab);
    f.harness.run();
}
