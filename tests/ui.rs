//! The window, driven headless through egui_kittest as a user would: by labels, clicks and
//! keys. No display needed.

mod common;

use common::corpus;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hindsight::demo::load_demo;
use hindsight::domain::{Decision, Incident, Kind, Record, TradeOff};
use hindsight::session::Session;
use hindsight::store::Store;
use hindsight::ui::{CentreView, HindsightApp};

struct Fixture {
    _dir: tempfile::TempDir,
    harness: Harness<'static, HindsightApp>,
}

fn open(with_demo: bool) -> Fixture {
    open_with(|store| {
        if with_demo {
            load_demo(store).unwrap();
        }
    })
}

/// A window on a workspace that `setup` fills first.
fn open_with(setup: impl FnOnce(&mut Store)) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.db");
    let mut store = Store::open(&path).unwrap();
    setup(&mut store);
    let session = Session::new(store).unwrap();
    let harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        // Toasts animate for a few seconds; let them settle.
        .with_max_steps(1000)
        .build_eframe(move |_cc| HindsightApp::new(session, &path));
    Fixture { _dir: dir, harness }
}

impl Fixture {
    fn app(&self) -> &HindsightApp {
        self.harness.state()
    }

    fn press(&mut self, modifiers: Modifiers, key: Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
    }

    /// Clicks the widget labelled `label`, scrolled into view first, as a user would.
    fn click(&mut self, label: &str) {
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
    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.get_by_label(label).type_text(text);
        self.harness.run();
        self.harness.key_press(Key::Tab);
        self.harness.run();
    }

    fn selected<R: Record>(&self) -> R {
        let id = self
            .app()
            .selected()
            .expect("a record is selected")
            .to_string();
        self.app().session().store().get(&id).unwrap()
    }

    fn select(&mut self, id: &str) {
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

#[test]
fn opens_on_the_demo_workspace() {
    let f = open(true);
    assert!(f.harness.query_by_label_contains("Decisions  10").is_some());
    assert!(
        f.harness
            .query_by_label("Order tracking uses server push instead of polling")
            .is_some()
    );
}

#[test]
fn opens_on_an_empty_workspace() {
    let f = open(false);
    assert!(
        f.harness
            .query_by_label_contains("No decisions yet")
            .is_some()
    );
    assert!(
        f.harness
            .query_by_label_contains("Why did we build it this way?")
            .is_some()
    );
}

#[test]
fn create_a_decision_add_a_tradeoff_link_a_lesson_and_see_it_in_the_trace() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND, Key::N);
    let decision: Decision = f.selected();
    assert_eq!(decision.title, "New decision");
    f.type_into("Title", "Queue refunds too");
    assert_eq!(f.selected::<Decision>().title, "Queue refunds too");

    f.click("Add trade-off");
    let tradeoff: TradeOff = f.selected();
    assert_eq!(tradeoff.decision_id, decision.id);
    f.type_into("Title", "Refunds wait a minute; none is lost");

    f.click("Link a lesson or incident…");
    f.harness
        .get_by_label("Find a lesson or incident")
        .type_text("need a queue");
    f.harness.run();
    f.click("Lesson: Payments need a queue between the customer and the provider, so a peak waits instead of failing.");
    let motivations = f.app().session().store().links_from(&tradeoff.id).unwrap();
    assert_eq!(motivations[0].to_id, "les-queue-payments");

    f.click("Decision: Queue refunds too");
    assert_eq!(f.app().selected(), Some(decision.id.as_str()));
    f.click("Show trace");
    assert_eq!(f.app().view(), CentreView::Trace);
    assert!(
        f.harness
            .query_by_label("Lesson: Payments need a queue between the customer and the provider, so a peak waits instead of failing.")
            .is_some(),
        "the lesson is in the trace"
    );
    assert!(
        f.harness
            .query_by_label_contains("Incident: Checkout crashed")
            .is_some(),
        "and its incident"
    );
}

#[test]
fn edit_undo_redo() {
    let mut f = open(true);
    f.select("dec-async-payments");
    f.type_into("Title", "Payments go through a queue");
    assert_eq!(
        f.selected::<Decision>().title,
        "Payments go through a queue"
    );
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(
        f.selected::<Decision>().title,
        "Payments are processed asynchronously through a queue"
    );
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        f.selected::<Decision>().title,
        "Payments go through a queue"
    );
}

#[test]
fn ctrl_k_finds_a_demo_incident_and_opens_it() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND, Key::K);
    f.harness
        .get_by_label("Search everything")
        .type_text("stalled");
    f.harness.run();
    // Grouped by kind, the title and the words around the match.
    assert!(f.harness.query_all_by_label("Incidents").count() >= 1);
    let result = egui_kittest::kittest::by()
        .role(egui::Role::Button)
        .label("Payment queue stalled for three hours and nobody noticed");
    assert!(f.harness.query_all(result).count() >= 1);
    f.press(Modifiers::NONE, Key::Enter);
    assert_eq!(f.app().selected(), Some("inc-silent-queue"));
    let shown = f
        .harness
        .query_all_by_label("Payment queue stalled for three hours and nobody noticed");
    assert!(shown.count() >= 2, "in the list and as the heading");
    // A broad word: more than a dozen results, commands listed with their shortcut.
    f.press(Modifiers::COMMAND, Key::K);
    f.harness.get_by_label("Search everything").type_text("p");
    f.harness.run();
    let results = f
        .harness
        .query_all(egui_kittest::kittest::by().role(egui::Role::Button))
        .count();
    assert!(results >= 12, "{results} results");
    f.harness.key_press(Key::Escape);
    f.harness.run();
    f.press(Modifiers::COMMAND, Key::K);
    f.harness
        .get_by_label("Search everything")
        .type_text("sync");
    f.harness.run();
    assert!(f.harness.query_by_label("Commands").is_some());
    assert!(f.harness.query_by_label_contains("Ctrl+Shift+S").is_some());
}

#[test]
fn incident_durations_follow_its_times() {
    let mut f = open(true);
    f.select("inc-checkout-crash");
    assert!(f.harness.query_by_label("Time to detect: 3 min").is_some());
    f.type_into("Detected (UTC)", "2024-11-29 17:45");
    assert_eq!(
        f.selected::<Incident>().detected_at.unwrap().to_rfc3339(),
        "2024-11-29T17:45:00+00:00"
    );
    assert!(f.harness.query_by_label("Time to detect: 45 min").is_some());
}

#[test]
fn deleting_asks_first_and_can_be_undone() {
    let mut f = open(true);
    f.select("dec-simple-cache");
    f.click("Delete…");
    assert!(f.harness.query_by_label("Delete this decision?").is_some());
    f.click("Cancel");
    assert!(
        f.app()
            .session()
            .store()
            .find::<Decision>("dec-simple-cache")
            .unwrap()
            .is_some()
    );

    f.press(Modifiers::COMMAND, Key::Delete);
    f.click("Delete");
    let store = f.app().session().store();
    assert!(
        store
            .find::<Decision>("dec-simple-cache")
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .find::<TradeOff>("tof-cache-expiry")
            .unwrap()
            .is_none(),
        "its trade-offs went too"
    );
    f.press(Modifiers::COMMAND, Key::Z);
    let store = f.app().session().store();
    assert!(
        store
            .find::<Decision>("dec-simple-cache")
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .trace_decision("dec-simple-cache")
            .unwrap()
            .tradeoffs
            .len(),
        2
    );
    assert_eq!(
        f.app()
            .session()
            .counts()
            .iter()
            .find(|(k, _)| *k == Kind::Decision)
            .unwrap()
            .1,
        10
    );
}

#[test]
fn new_and_open_workspace_switch_the_window_and_remember_it() {
    let mut f = open(true);
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("team.db");
    f.harness.state_mut().new_workspace(&fresh);
    f.harness.run();
    assert!(f.harness.query_by_label_contains("Decisions  0").is_some());
    assert!(
        f.harness.query_by_label_contains("Checklists  8").is_some(),
        "templates come along"
    );
    f.press(Modifiers::COMMAND, Key::N);
    f.type_into("Title", "Our first decision");

    let demo = f._dir.path().join("ws.db");
    f.harness.state_mut().open_workspace(&demo);
    f.harness.run();
    assert!(f.harness.query_by_label_contains("Decisions  10").is_some());
    f.harness.state_mut().open_workspace(&fresh);
    f.harness.run();
    assert!(
        f.harness.query_by_label("Our first decision").is_some(),
        "the edit was saved"
    );
    f.click("Workspace");
    assert!(
        f.harness.query_by_label("Open workspace… Ctrl+O").is_some(),
        "in the Workspace menu"
    );
    f.harness.key_press(Key::Escape);
    f.harness.run();
    let recent = f.app().recent().to_vec();
    assert_eq!(recent[0], fresh.display().to_string());
    assert_eq!(recent[1], demo.display().to_string());

    f.harness
        .state_mut()
        .open_workspace(&dir.path().join("missing.db"));
    f.harness.run();
    assert!(
        f.harness.query_by_label_contains("Decisions  1").is_some(),
        "a bad path changes nothing"
    );
}

/// A file dropped on the window, as the platform hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

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
    fn wait_for_job(&mut self) {
        let start = std::time::Instant::now();
        while self.app().is_busy() {
            assert!(start.elapsed().as_secs() < 30, "the job did not finish");
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.harness.step();
        }
        self.harness.run();
    }
}

#[test]
fn dropping_a_folder_imports_it_in_the_background() {
    let mut f = open(false);
    f.harness.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(corpus("adr-tools")),
        ..Default::default()
    });
    // Hovering files keeps egui repainting: step instead of waiting to settle.
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label_contains("Drop files or folders to import")
            .is_some()
    );
    f.harness.input_mut().hovered_files.clear();
    f.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(corpus("adr-tools"))));
    f.harness.step();
    assert!(f.app().is_busy(), "the import runs off the UI thread");
    f.wait_for_job();
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    assert!(f.harness.query_by_label("Help scripts").is_some());
    let report = f.app().last_import().unwrap();
    assert_eq!(report.created(), 9);
    assert_eq!(report.skipped(), 2);
    // Opening an imported record shows what the file said.
    f.click("Help scripts");
    let decision: Decision = f.selected();
    assert_eq!(decision.number, Some(9));
}

#[test]
fn a_failed_file_opens_the_import_report_and_export_writes_the_tree() {
    let mut f = open(true);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("incoming");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        corpus("postmortems-dfds").join("PM2021-011 - Log4Shell.md"),
        folder.join("PM2021-011 - Log4Shell.md"),
    )
    .unwrap();
    std::fs::write(folder.join("broken.md"), b"# Broken\n\xff\xfe").unwrap();
    let ctx = f.harness.ctx.clone();
    f.harness
        .state_mut()
        .start_import(&ctx, vec![folder.clone()]);
    f.wait_for_job();
    assert!(f.harness.query_by_label("Import report").is_some());
    assert!(
        f.harness
            .query_by_label_contains("broken.md: not UTF-8 text")
            .is_some(),
        "the report names the file and the reason"
    );
    assert!(f.harness.query_by_label_contains("Incidents  7").is_some());
    // A section with no field of its own is kept, and editable under its heading.
    let (_, id) = f.app().session().store().resolve("PM2021-011").unwrap();
    f.harness.state_mut().select(Some(id));
    f.harness.run();
    f.harness.get_by_label("Attendees");

    f.click("Workspace");
    assert!(
        f.harness
            .query_by_label("Import Markdown files… Ctrl+I")
            .is_some()
    );
    assert!(f.harness.query_by_label("Export for git… Ctrl+E").is_some());
    f.harness.key_press(Key::Escape);
    f.harness.run();

    let out = dir.path().join("tree");
    f.harness.state_mut().start_export(&ctx, out.clone(), false);
    f.wait_for_job();
    assert!(out.join("index.md").exists());
    assert_eq!(
        std::fs::read_dir(out.join("decisions")).unwrap().count(),
        10
    );
    assert_eq!(
        std::fs::read_dir(out.join("postmortems")).unwrap().count(),
        7
    );
}

fn review_of(f: &Fixture, id: &str) -> hindsight::domain::Review {
    f.app().session().store().get(id).unwrap()
}

#[test]
fn a_review_is_started_from_a_checklist_and_walked_from_the_keyboard() {
    use hindsight::domain::{Answer, Review};
    let mut f = open(true);
    f.select("dec-bounded-pool");
    assert!(
        f.harness
            .query_by_label_contains("Not reviewed yet")
            .is_some()
    );
    // The checklist offered first is the one the decision's tags and title name.
    assert!(
        f.harness
            .query_by_label("Checklist: Database and queries")
            .is_some()
    );
    f.click("Start review");
    let review: Review = f.selected();
    // The way back to the decision is above the review's title.
    assert!(
        f.harness
            .query_by_label("Decision: Database connections go through a bounded pool")
            .is_some()
    );
    assert_eq!(review.checklist_id, "chk-database");
    assert_eq!(review.decision_id, "dec-bounded-pool");
    assert!(f.harness.query_by_label("0 of 5 answered").is_some());
    assert!(f.harness.query_by_label_contains("Item 1 of 5").is_some());

    // O answers ok and moves on; R marks a risk and stays for the note.
    f.press(Modifiers::NONE, Key::O);
    assert!(f.harness.query_by_label_contains("Item 2 of 5").is_some());
    f.press(Modifiers::NONE, Key::R);
    assert!(f.harness.query_by_label_contains("Item 2 of 5").is_some());
    // Enter writes the note; Escape leaves it (saved on the way out).
    f.press(Modifiers::NONE, Key::Enter);
    f.harness
        .get_by_label("Note")
        .type_text("Load grows with every open screen.");
    f.harness.run();
    f.press(Modifiers::NONE, Key::Escape);
    // J moves on, N answers not applicable, K goes back.
    f.press(Modifiers::NONE, Key::J);
    f.press(Modifiers::NONE, Key::N);
    assert!(f.harness.query_by_label_contains("Item 4 of 5").is_some());
    f.press(Modifiers::NONE, Key::K);
    assert!(f.harness.query_by_label_contains("Item 3 of 5").is_some());

    let review = review_of(&f, &review.id);
    assert_eq!(review.answer_for("db-1"), Answer::Ok);
    assert_eq!(review.answer_for("db-2"), Answer::Risk);
    assert_eq!(
        review.answer("db-2").unwrap().note,
        "Load grows with every open screen."
    );
    assert_eq!(review.answer_for("db-3"), Answer::NotApplicable);
    assert!(f.harness.query_by_label("3 of 5 answered").is_some());
    assert!(
        f.harness
            .query_by_label("1 risk · 0 open action items · 1 ok · 1 not applicable")
            .is_some()
    );
}

#[test]
fn a_risk_becomes_an_action_item_or_points_to_a_lesson_in_two_clicks() {
    use hindsight::domain::ActionItem;
    let mut f = open(true);
    f.select("rev-analytics-warehouse");
    f.click("5. [RISK] Do we know the size of the largest tables in a year, and their migrations' cost?");
    // Click one: the form opens with its title ready for typing what will be done (the
    // checklist's question stays above it; it is not the action).
    f.click("Make an action item… (A)");
    f.harness
        .get_by_label("Action item")
        .type_text("Estimate the tables' growth from a month of events");
    f.harness.run();
    f.type_into("Owner", "Sam Chen");
    f.type_into("Due", "2026-12-15");
    // Click two.
    f.click("Create action item");
    let actions: Vec<ActionItem> = f
        .app()
        .session()
        .store()
        .children("rev-analytics-warehouse")
        .unwrap();
    assert_eq!(actions.len(), 1);
    let action = &actions[0];
    assert_eq!(action.owner.as_deref(), Some("Sam Chen"));
    assert_eq!(action.due, Some("2026-12-15".parse().unwrap()));
    assert_eq!(
        action.title,
        "Estimate the tables' growth from a month of events"
    );
    let review = review_of(&f, "rev-analytics-warehouse");
    assert_eq!(
        review.answer("db-5").unwrap().actions,
        vec![action.id.clone()]
    );
    assert!(
        f.harness
            .query_by_label("1 risk · 1 open action item · 3 ok · 1 not applicable")
            .is_some()
    );

    // The same risk was seen before: L, then the lesson.
    f.press(Modifiers::NONE, Key::L);
    f.harness
        .get_by_label("Find a lesson or incident")
        .type_text("separate");
    f.harness.run();
    let lesson = f
        .app()
        .session()
        .store()
        .get_any("les-separate-analytics")
        .unwrap()
        .title()
        .to_string();
    f.click(&format!("Lesson: {lesson}"));
    let review = review_of(&f, "rev-analytics-warehouse");
    assert_eq!(
        review.answer("db-5").unwrap().related,
        vec!["les-separate-analytics".to_string()]
    );
    assert!(
        f.harness.query_by_label(&lesson).is_some(),
        "shown as seen before"
    );
}

#[test]
fn a_signoff_is_recorded_and_goes_out_of_date_when_the_decision_changes() {
    let mut f = open(true);
    f.select("dec-bounded-pool");
    assert!(
        f.harness
            .query_by_label("Signed off by Grace Kim (CTO)")
            .is_none()
    );
    f.click("Sign off…");
    f.type_into("Name", "Grace Kim");
    f.type_into("Role", "CTO");
    f.click("Verdict: approved");
    f.click("approved with concerns");
    f.type_into("Comment", "Watch the queue at peak.");
    f.click("Record sign-off");
    let state = f
        .app()
        .session()
        .store()
        .signoff_state("dec-bounded-pool")
        .unwrap();
    assert_eq!(state.entries.len(), 1);
    assert!(state.entries[0].current);
    assert_eq!(
        state.entries[0].signoff.verdict,
        hindsight::domain::Verdict::Concerns
    );
    assert!(
        f.harness
            .query_by_label("Signed off by Grace Kim (CTO)")
            .is_some()
    );
    assert!(
        f.harness
            .query_by_label_contains("The decision changed")
            .is_none()
    );

    // The decision changes after the sign-off: the window says so.
    f.type_into("Title", "Database connections go through one bounded pool");
    // At the top of the page, and in the sign-off section.
    let warnings = f
        .harness
        .query_all_by_label(
            "! The decision changed after the sign-off of Grace Kim (CTO); ask for a new sign-off.",
        )
        .count();
    assert_eq!(warnings, 2);
    assert!(
        f.harness
            .query_by_label("outdated: given before the decision last changed")
            .is_some()
    );
}

#[test]
fn stakeholder_mode_presents_one_decision_at_a_time_read_only() {
    let mut f = open(true);
    f.select("dec-async-payments");
    f.press(Modifiers::NONE, Key::F5);
    assert!(f.app().is_presenting());
    assert_eq!(f.app().presented_decision(), Some("dec-async-payments"));
    for text in [
        "What we decided",
        "What we gain",
        "What it costs",
        "The incident that taught us: Checkout crashed under 10,000 concurrent payments (29 November 2024)",
        "Who was affected",
        "For how long",
        "The lesson: Payments need a queue between the customer and the provider, so a peak waits instead of failing.",
        "Who signed it off",
        "How we got here",
    ] {
        assert!(
            f.harness.query_all_by_label(text).next().is_some(),
            "{text}"
        );
    }
    // Read-only: no fields, no engineering text unless asked.
    assert!(f.harness.query_by_label("Title").is_none());
    assert!(f.harness.query_by_label("Engineering details").is_none());
    f.click("Show engineering details");
    assert!(f.harness.query_by_label("Engineering details").is_some());
    f.press(Modifiers::NONE, Key::ArrowRight);
    assert_eq!(f.app().presented_decision(), Some("dec-bounded-pool"));
    f.press(Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(f.app().presented_decision(), Some("dec-async-payments"));
    // Editing shortcuts do nothing here.
    f.press(Modifiers::COMMAND, Key::N);
    assert_eq!(f.app().selected(), Some("dec-async-payments"));
    f.press(Modifiers::NONE, Key::Escape);
    assert!(!f.app().is_presenting());
    assert!(f.harness.query_by_label("Title").is_some());
}

#[test]
fn the_report_is_written_from_the_window_in_the_background() {
    let mut f = open(true);
    let out = f._dir.path().join("report.html");
    let ctx = f.harness.ctx.clone();
    f.harness
        .state_mut()
        .start_report(&ctx, out.clone(), hindsight::report::Format::Html, None);
    f.wait_for_job();
    let page = std::fs::read_to_string(&out).unwrap();
    assert_eq!(page.matches("<section class=\"decision\"").count(), 10);
}

#[test]
fn a_checklist_is_made_and_edited_in_the_window() {
    use hindsight::domain::{Checklist, Level};
    let mut f = open(true);
    f.click("Checklists  8");
    f.press(Modifiers::COMMAND, Key::N);
    let checklist: Checklist = f.selected();
    assert_eq!(checklist.name, "New checklist");
    f.type_into("Name", "Payments at peak");
    f.click("Add item");
    f.type_into("Question 1", "Can a payment be charged twice?");
    f.type_into(
        "Guidance 1",
        "Retry a payment by hand and watch the provider.",
    );
    f.click("Level 1: should");
    f.click("must");
    f.click("Lesson 1: —");
    let lesson = f
        .app()
        .session()
        .store()
        .get_any("les-queue-payments")
        .unwrap()
        .title()
        .to_string();
    f.click(&lesson);
    let checklist: Checklist = f.selected();
    assert_eq!(checklist.name, "Payments at peak");
    let item = &checklist.items[0];
    assert_eq!(item.question, "Can a payment be charged twice?");
    assert_eq!(
        item.guidance,
        "Retry a payment by hand and watch the provider."
    );
    assert_eq!(item.level, Level::Must);
    assert_eq!(item.lesson_id.as_deref(), Some("les-queue-payments"));
    f.click("Remove item 1");
    assert!(f.selected::<Checklist>().items.is_empty());
}

#[test]
fn a_postmortem_written_as_a_story_shows_its_source_and_its_story() {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prose-postmortems");
    let mut f = open_with(|store| {
        hindsight::interop::import(store, &[folder], |_| {}).unwrap();
    });
    let id = f
        .app()
        .session()
        .store()
        .list::<Incident>()
        .unwrap()
        .into_iter()
        .find(|i| i.company == "Forkful")
        .unwrap()
        .id;
    f.select(&id);
    for label in ["Company", "Product", "Source", "Tags", "Description"] {
        assert!(
            f.harness.query_by_label(label).is_some(),
            "no field labelled {label}"
        );
    }
    assert!(
        f.harness
            .query_by_label("Open the original write-up")
            .is_some()
    );
    // The company is a field like any other: edited in place.
    f.type_into("Product", "Menus");
    assert_eq!(f.selected::<Incident>().product, "Menus");
}

#[test]
fn a_field_changed_on_both_sides_shows_both_values_and_a_choice() {
    let decision = Decision {
        status: hindsight::domain::DecisionStatus::Deprecated,
        ..Decision::new("Queue refunds")
    };
    let id = decision.id.clone();
    let mut f = open_with(|store| {
        store
            .write("a sync found a clash", |w| {
                w.put(&decision)?;
                w.add_conflict(&hindsight::store::Conflict {
                    id: decision.id.clone(),
                    field: "status".into(),
                    mine: "deprecated".into(),
                    theirs: "rejected".into(),
                })
            })
            .unwrap();
    });
    f.select(&id);
    assert!(f.harness.query_by_label("Changed on both sides").is_some());
    assert!(
        f.harness.query_by_label("rejected").is_some(),
        "their value is shown"
    );
    f.click("Take theirs (status)");
    let now: Decision = f.selected();
    assert_eq!(now.status.as_str(), "rejected");
    assert!(f.harness.query_by_label("Changed on both sides").is_none());
    assert!(f.app().session().store().conflicts().unwrap().is_empty());
}

#[test]
fn your_name_is_set_once_and_carried_by_every_change() {
    let mut f = open(true);
    f.click("Workspace");
    f.harness.get_by_label_contains("Your name…").click();
    f.harness.run();
    f.type_into("Name on your changes", "Grace Kim");
    f.click("Save name");
    assert_eq!(f.app().prefs().author.as_deref(), Some("Grace Kim"));
    // The next change carries it.
    let id = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .remove(0)
        .id;
    f.select(&id);
    f.type_into("Plain-language summary", "Said plainly.");
    let history = f.app().session().store().history(&id).unwrap();
    assert_eq!(history[0].author, "Grace Kim", "the newest revision");
}

#[test]
fn sync_runs_in_the_background_and_writes_changes_into_the_teams_files() {
    // A team's repository with adr-tools records, no remote.
    let repo = tempfile::tempdir().unwrap();
    let adr = repo.path().join("doc/adr");
    std::fs::create_dir_all(&adr).unwrap();
    for entry in std::fs::read_dir(corpus("adr-tools")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, adr.join(path.file_name().unwrap())).unwrap();
        }
    }
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(["-c", "user.name=Team", "-c", "user.email=team@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "ADRs"]);
    let mut f = open(false);
    let ctx = f.harness.ctx.clone();
    f.harness.state_mut().start_sync(&ctx, Some(adr.clone()));
    f.wait_for_job();
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    // An edit in the window goes into the file and a commit at the next sync.
    let id = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2))
        .unwrap()
        .id;
    f.select(&id);
    f.type_into(
        "Plain-language summary",
        "Shell scripts keep adr-tools small.",
    );
    f.harness.state_mut().start_sync(&ctx, None);
    f.wait_for_job();
    let text = std::fs::read_to_string(adr.join("0002-implement-as-shell-scripts.md")).unwrap();
    assert!(
        text.contains("## Summary\n\nShell scripts keep adr-tools small.\n"),
        "{text}"
    );
    assert!(git(&["log", "--format=%s"]).contains("Hindsight: ADR-2: Implement as shell scripts"));
    assert_eq!(git(&["status", "--short"]), "");
}

/// Types as a user would into whatever has the keyboard focus.
fn type_keys(f: &mut Fixture, text: &str) {
    f.harness
        .input_mut()
        .events
        .push(egui::Event::Text(text.to_string()));
    f.harness.run();
    f.harness.key_press(Key::Tab);
    f.harness.run();
}

#[test]
fn a_new_record_opens_with_its_title_ready_for_typing_in_every_kind() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    type_keys(&mut f, "Use a queue for refunds");
    assert_eq!(f.selected::<Decision>().title, "Use a queue for refunds");
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    type_keys(&mut f, "Refunds stalled");
    assert_eq!(f.selected::<Incident>().title, "Refunds stalled");
    // Ctrl+N in the lessons list: the statement.
    f.click("Lessons  9");
    f.press(Modifiers::COMMAND, Key::N);
    type_keys(&mut f, "Refunds need idempotency keys");
    assert_eq!(
        f.selected::<hindsight::domain::Lesson>().statement,
        "Refunds need idempotency keys"
    );
}

#[test]
fn an_incident_is_written_without_leaving_it() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    type_keys(&mut f, "Refunds stalled");
    let id = f.selected::<Incident>().id;
    // A reference in the team's pattern, one click away.
    let year = chrono::Utc::now().format("%Y");
    f.click(&format!("Use INC-{year}-001"));
    assert_eq!(
        f.selected::<Incident>().reference,
        format!("INC-{year}-001")
    );
    // An action item and a lesson, added right here.
    f.type_into("New action item", "Add a dead-letter alert");
    f.type_into("Its owner", "Sam Chen");
    f.click("Add action item");
    f.type_into("New lesson learned", "A stalled queue must page someone");
    f.click("Add lesson learned");
    assert_eq!(
        f.app().selected(),
        Some(id.as_str()),
        "still on the incident"
    );
    let store = f.app().session().store();
    let actions: Vec<hindsight::domain::ActionItem> = store.children(&id).unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].owner.as_deref(), Some("Sam Chen"));
    assert!(
        store
            .links_to(&id)
            .unwrap()
            .iter()
            .any(|l| l.relation.as_str() == "learned-from")
    );
    assert!(
        f.harness
            .query_by_label("A stalled queue must page someone")
            .is_some()
    );
    // Times that contradict each other are named.
    let started = f.selected::<Incident>().started_at.unwrap();
    let before = (started - chrono::TimeDelta::hours(1))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    f.type_into("Resolved (UTC)", &before);
    assert!(
        f.harness
            .query_by_label_contains("resolved before it started")
            .is_some()
    );
    // A new timeline entry starts at the incident's start, not now.
    f.click("Add timeline entry");
    let entry = f.selected::<Incident>().timeline[0].at;
    assert_eq!(entry, Some(started));
}

#[test]
fn without_a_file_dialog_the_window_asks_for_the_path_and_names_what_it_wrote() {
    let mut f = open(true);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("for-the-board.html");
    // No dialog service here: Ctrl+R opens a path field instead of failing silently.
    f.press(Modifiers::COMMAND, Key::R);
    assert!(
        f.harness
            .query_by_label_contains("No file dialog is available here")
            .is_some()
    );
    f.type_into("File", target.to_str().unwrap());
    f.click("OK");
    f.wait_for_job();
    assert!(target.exists(), "the report was written");
    assert!(
        f.harness
            .query_by_label_contains(&format!("Report written to {}", target.display()))
            .is_some()
    );
    assert!(f.harness.query_by_label("Open").is_some());
    assert!(f.harness.query_by_label("Show in folder").is_some());
    // The next time, the field starts in that folder.
    f.press(Modifiers::COMMAND, Key::R);
    f.harness.run();
    let again = f.app().files_prompt_path().unwrap();
    assert!(again.starts_with(out.path().to_str().unwrap()), "{again}");
}

#[test]
fn a_review_page_leads_back_and_the_next_review_is_offered_the_checklist_used_last() {
    let mut f = open(true);
    // The sign-off form opens with the name taking what is typed, and no sign-off is asked
    // for on a decision whose review is half done.
    f.select("dec-async-payments");
    let offered = {
        use egui_kittest::kittest::NodeT;
        let node = f.harness.query_by_label_contains("Checklist: ");
        let node = node.expect("a checklist is offered");
        node.accesskit_node()
            .label()
            .unwrap_or_default()
            .to_string()
    };
    f.click(&offered);
    f.click("Monitoring");
    f.click("Start review");
    assert!(
        f.harness
            .query_by_label_contains("nobody has signed it off")
            .is_none(),
        "a review just started asks for nothing"
    );
    f.click("Sign off…");
    type_keys(&mut f, "Grace Kim");
    f.click("Record sign-off");
    let state = f
        .app()
        .session()
        .store()
        .signoff_state("dec-async-payments")
        .unwrap();
    assert!(state.entries.iter().any(|e| e.signoff.name == "Grace Kim"));

    // Back to the decision from the review, in one click above its title.
    f.click("Decision: Payments are processed asynchronously through a queue");
    assert_eq!(f.app().selected(), Some("dec-async-payments"));

    // A decision whose tags name no checklist is offered the one used last.
    f.select("dec-multi-region");
    assert!(f.harness.query_by_label("Checklist: Monitoring").is_some());
    // One whose tags do is offered that one.
    f.select("dec-simple-cache");
    assert!(f.harness.query_by_label("Checklist: Caching").is_some());
}
