//! The journeys the window redesign smoothed: a small window, the trace, history, help,
//! notices in words.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hindsight::ui::CentreView;

use crate::fixture::*;

fn demo_in(size: egui::Vec2) -> Fixture {
    open_sized(size, |store| {
        hindsight::demo::load_demo(store).unwrap();
    })
}

#[test]
fn a_small_window_gives_the_form_its_width_and_keeps_every_button_reachable() {
    let mut f = demo_in(egui::vec2(900.0, 600.0));
    // The kinds panel folds away; the list offers the kinds instead.
    assert!(f.harness.query_by_label("Decisions  10").is_none());
    assert!(f.harness.query_by_label("Kind: Decisions").is_some());
    f.select("dec-order-push");
    let title = f.harness.get_by_label("Title").rect();
    assert!(
        title.width() >= 380.0,
        "the title field is {} points wide",
        title.width()
    );
    for label in ["Delete…", "Duplicate", "History…", "Show trace"] {
        let button = f.harness.get_by_label(label).rect();
        assert!(button.right() <= 900.0, "{label} at {button:?}");
        assert!(
            !button.intersects(f.harness.get_by_label("Decision").rect()),
            "{label} covers the record's kind"
        );
    }
    // Every link's remove button is on screen, however long the linked title.
    for remove in f.harness.get_all_by_label("×") {
        assert!(remove.rect().right() <= 900.0, "{:?}", remove.rect());
    }
    // Ctrl+B brings the kinds back.
    f.press(Modifiers::COMMAND, Key::B);
    assert!(f.harness.query_by_label("Decisions  10").is_some());
}

#[test]
fn a_record_opened_from_the_trace_is_in_the_list_beside_it() {
    let mut f = demo_in(egui::vec2(1400.0, 1000.0));
    f.select("dec-order-push");
    f.type_into("Filter", "server push");
    f.press(Modifiers::COMMAND, Key::T);
    assert_eq!(f.app().view(), CentreView::Trace);
    // The lesson behind the decision, one click away in the trace.
    let lesson = f
        .app()
        .session()
        .store()
        .trace_decision("dec-order-push")
        .unwrap()
        .tradeoffs
        .iter()
        .flat_map(|t| t.lessons.iter())
        .next()
        .expect("the demo decision has a lesson")
        .lesson
        .clone();
    // The diagram pans and zooms, so its boxes are clicked by what they are (AccessKit), not
    // where they were drawn before the view moved.
    let node = format!("Lesson: {}", lesson.statement);
    f.harness.get_by_label(&node).click_accesskit();
    f.harness.run();
    assert_eq!(f.app().selected(), Some(lesson.id.as_str()));
    assert_eq!(f.app().view(), CentreView::Record);
    assert_eq!(
        f.app().list_filter(),
        "",
        "the filter that hid it is cleared"
    );
    assert!(
        f.harness.query_all_by_label(&lesson.statement).count() >= 2,
        "in the list and on the page"
    );
}

#[test]
fn history_says_what_changed_who_changed_it_and_restores_it() {
    let mut f = demo_in(egui::vec2(1400.0, 1000.0));
    f.select("dec-bounded-pool");
    let before = "Database connections go through a bounded pool";
    f.type_into("Title", "Database connections share one pool per service");
    f.press(Modifiers::COMMAND, Key::H);
    assert!(
        f.harness
            .query_by_label_contains("Now: ")
            .is_some_and(|n| format!("{n:?}").contains("Title")),
        "the latest version names the field it changed"
    );
    f.harness
        .get_by_label_contains("Load the demo workspace")
        .click();
    f.harness.run();
    // Field by field: the title then, and now.
    assert!(f.harness.query_by_label("Then").is_some());
    assert!(
        f.harness
            .query_all_by_label("Database connections share one pool per service")
            .count()
            >= 2,
        "now, in the history as on the page"
    );
    assert!(f.harness.query_by_label(before).is_some());
    f.click("Restore this version");
    let title = f
        .app()
        .session()
        .store()
        .get::<hindsight::domain::Decision>("dec-bounded-pool")
        .unwrap()
        .title;
    assert_eq!(title, before);
}

#[test]
fn help_lists_every_key_including_the_review_walk_and_escape_closes_it() {
    let mut f = demo_in(egui::vec2(1400.0, 1000.0));
    f.press(Modifiers::NONE, Key::F1);
    assert!(f.app().is_showing_help());
    for words in [
        "Walking a review",
        "Turn the risk into an action item",
        "Move the diagram",
        "Show / hide the kinds panel",
    ] {
        assert!(f.harness.query_by_label(words).is_some(), "{words}");
    }
    f.press(Modifiers::NONE, Key::Escape);
    assert!(!f.app().is_showing_help());
}

#[test]
fn the_list_scrolls_to_a_record_opened_elsewhere() {
    let mut f = demo_in(egui::vec2(1000.0, 600.0));
    // The last trade-off in the list's order, far below the fold of a short window.
    let last = f
        .app()
        .session()
        .rows(hindsight::domain::Kind::TradeOff)
        .last()
        .unwrap()
        .clone();
    f.select(&last.id);
    let row = f
        .harness
        .query_all(egui_kittest::kittest::By::new().role(egui::accesskit::Role::ListBoxOption))
        .find(|n| format!("{n:?}").contains(&last.title));
    assert!(row.is_some(), "the list shows the record it opened");
}

#[test]
fn a_narrow_window_switches_kinds_from_the_list() {
    let mut f = demo_in(egui::vec2(900.0, 600.0));
    f.click("Kind: Decisions");
    f.click("Incidents");
    assert!(f.harness.query_by_label("Kind: Incidents").is_some());
    assert!(
        f.harness
            .query_by_label("Checkout slowed at the winter campaign peak")
            .is_some(),
        "the newest incident heads the list"
    );
}

#[test]
fn stakeholder_mode_names_the_decision_that_replaced_this_one() {
    let mut f = demo_in(egui::vec2(1400.0, 1000.0));
    f.select("dec-polling-backoff");
    f.press(Modifiers::NONE, Key::F5);
    assert!(f.app().is_presenting());
    assert!(
        f.harness
            .query_by_label_contains(
                "Replaced by “ADR-2: Order tracking uses server push instead of polling”"
            )
            .is_some()
    );
    // Strong labels a projector can show.
    assert!(f.harness.query_by_label("What we gain").is_some());
    f.press(Modifiers::NONE, Key::Escape);
    assert!(!f.app().is_presenting());
}

/// Ctrl+T on `id` shows the trace of `root`, outlining nothing else, and Ctrl+T again goes
/// back to the record.
fn trace_leads_to(f: &mut Fixture, id: &str, root: &str) {
    f.select(id);
    f.press(Modifiers::COMMAND, Key::T);
    assert_eq!(f.app().view(), CentreView::Trace, "{id}");
    let graph = hindsight::report::graph(f.app().session().store(), root).unwrap();
    assert!(
        f.harness.query_by_label(&graph.headline).is_some(),
        "{id} opens the trace of {root}: {}",
        graph.headline
    );
    assert!(
        f.harness
            .query_by_label_contains("A trace starts at")
            .is_none()
    );
    f.press(Modifiers::COMMAND, Key::T);
    assert_eq!(f.app().view(), CentreView::Record);
    assert_eq!(f.app().selected(), Some(id), "the record stays selected");
}

#[test]
fn ctrl_t_on_a_tradeoff_lesson_or_action_item_opens_the_trace_it_belongs_to() {
    use hindsight::domain::{ActionItem, Lesson, Link, Relation, TradeOff};
    let mut lone_lesson = Lesson::new("Queues need an owner who watches their age");
    lone_lesson.id = "les-queue-owner".into();
    let mut f = open_with(|store| {
        hindsight::demo::load_demo(store).unwrap();
        // A lesson learned from no incident, that motivated a trade-off of ADR-3.
        store.put(&lone_lesson).unwrap();
        let tradeoff = store
            .children::<TradeOff>("dec-async-payments")
            .unwrap()
            .remove(0);
        store
            .link(&Link::new(
                &tradeoff.id,
                Relation::MotivatedBy,
                "les-queue-owner",
            ))
            .unwrap();
    });
    let store = f.app().session().store();
    // A trade-off: its decision.
    let tradeoff = store
        .children::<TradeOff>("dec-async-payments")
        .unwrap()
        .remove(0);
    // A lesson: the incident it was learned from.
    let (lesson, incident) = store
        .links()
        .unwrap()
        .into_iter()
        .find(|l| l.relation == Relation::LearnedFrom)
        .map(|l| (l.from_id, l.to_id))
        .unwrap();
    // An action item: its incident; one of a review: the review's decision.
    let actions = store.list::<ActionItem>().unwrap();
    let kind_of = |id: &Option<String>| id.as_deref().and_then(|id| store.kind_of(id).unwrap());
    let of_incident = actions
        .iter()
        .find(|a| kind_of(&a.source_id) == Some(hindsight::domain::Kind::Incident))
        .unwrap()
        .clone();
    let of_review = actions
        .iter()
        .find(|a| kind_of(&a.source_id) == Some(hindsight::domain::Kind::Review))
        .unwrap()
        .clone();
    let review: hindsight::domain::Review =
        store.get(of_review.source_id.as_deref().unwrap()).unwrap();

    trace_leads_to(&mut f, &tradeoff.id, &tradeoff.decision_id);
    trace_leads_to(&mut f, &lesson, &incident);
    trace_leads_to(&mut f, "les-queue-owner", "dec-async-payments");
    trace_leads_to(
        &mut f,
        &of_incident.id,
        of_incident.source_id.as_deref().unwrap(),
    );
    trace_leads_to(&mut f, &of_review.id, &review.decision_id);
}
