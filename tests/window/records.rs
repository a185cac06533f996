//! Writing records in the window: create, edit, undo, search, delete, incidents, checklists.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hindsight::domain::{Decision, Incident, Kind, TradeOff};
use hindsight::ui::CentreView;

use crate::fixture::*;

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

/// A reference typed whole opens that record, whatever else shares its digits.
#[test]
fn ctrl_k_opens_a_record_named_by_its_reference() {
    let mut f = open(true);
    for (typed, id) in [
        ("INC-2024-019", "inc-checkout-crash"),
        ("ADR-4", "dec-bounded-pool"),
    ] {
        f.press(Modifiers::COMMAND, Key::K);
        f.harness.get_by_label("Search everything").type_text(typed);
        f.harness.run();
        f.press(Modifiers::NONE, Key::Enter);
        assert_eq!(f.app().selected(), Some(id), "{typed}");
    }
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
            .query_all_by_label("A stalled queue must page someone")
            .next()
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
