//! Insights and "has this happened before?" in the window.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hindsight::ui::CentreView;

use crate::fixture::*;

#[test]
fn insights_tell_the_figures_and_open_what_they_count() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND, Key::G);
    assert_eq!(f.app().view(), CentreView::Insights);
    assert!(
        f.harness
            .query_by_label_contains("32 incidents (SEV1 3, SEV2 11, SEV3 13, SEV4 5)")
            .is_some()
    );
    for words in [
        "Time to detect: median",
        "Time to resolve: median",
        "Published, but taught no lesson:",
        "due since 2026-03-01",
    ] {
        assert!(
            f.harness.query_by_label_contains(words).is_some(),
            "{words}"
        );
    }
    // A tag narrows every figure.
    f.click("Tag: all tags");
    f.click("payments");
    let payments = f
        .app()
        .session()
        .store()
        .list::<hindsight::domain::Incident>()
        .unwrap()
        .iter()
        .filter(|i| i.tags.iter().any(|t| t == "payments"))
        .count();
    assert!(
        f.harness
            .query_by_label_contains(&format!("{payments} incidents ("))
            .is_some()
    );
    // Every count opens what it counts: the incident nobody learned from.
    f.click("Customers charged twice after checkout retries");
    assert_eq!(f.app().selected(), Some("inc-h109"));
    assert_eq!(f.app().view(), CentreView::Record);
    // And back, through the kinds panel.
    f.click("Insights");
    assert_eq!(f.app().view(), CentreView::Insights);
    f.click("Tag: payments");
    f.click("all tags");
    f.click("ADR-2: Order tracking uses server push instead of polling (2024-06-03)");
    assert_eq!(f.app().selected(), Some("dec-order-push"));
}

#[test]
fn an_incident_being_written_is_told_what_happened_before() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    assert!(
        f.harness
            .query_by_label("Has this happened before?")
            .is_some()
    );
    f.type_into("Title", "Checkout failed: connection pool exhausted");
    f.type_into(
        "Summary",
        "Every checkout waited for a database connection; the pool was exhausted at the peak.",
    );
    assert!(
        f.harness
            .query_by_label("Database connections exhausted at the dinner peak")
            .is_some(),
        "the same cause, a year earlier"
    );
    f.click("Database connections exhausted at the dinner peak");
    assert_eq!(f.app().selected(), Some("inc-h103"));
}

/// A large workspace lays out a screenful, not every row: "did it work" shows the first rows
/// and unfolds on demand; the charts thin their dots and group the decisions' marks.
#[test]
fn long_lists_unfold_on_demand() {
    // 300 decisions, of which 180 were taken (accepted, deprecated or superseded).
    let mut f = open_with(|store| hindsight::demo::load_generated(store, 300, 2_000).unwrap());
    f.press(Modifiers::COMMAND, Key::G);
    // A workspace this large is figured on a thread of its own; the window says so meanwhile.
    let started = std::time::Instant::now();
    while f
        .harness
        .query_by_label("Working out the figures…")
        .is_some()
    {
        assert!(started.elapsed().as_secs() < 20, "the figures never came");
        std::thread::sleep(std::time::Duration::from_millis(20));
        f.harness.step();
    }
    f.harness.run();
    assert!(
        f.harness
            .query_by_label_contains("2000 incidents (")
            .is_some()
    );
    let rows = |f: &Fixture| {
        // "ADR-7: Decision 6: bound the pool of service 6 (2024-08-11)"
        f.harness.query_all_by_label_contains(": Decision ").count()
    };
    assert_eq!(rows(&f), 20);
    f.click("Show more (20 of 180 shown)");
    assert_eq!(rows(&f), 120);
    assert!(
        f.harness
            .query_by_label_contains("Show more (120 of 180 shown)")
            .is_some()
    );
}

/// The Status filter's "due for revisit" keeps the decisions past their revisit date.
#[test]
fn the_list_filters_decisions_due_for_revisit() {
    let mut f = open(true);
    f.harness.get_by_label("Status").click();
    f.harness.run();
    f.click("due for revisit");
    for (title, shown) in [
        ("Order tracking uses server push instead of polling", true),
        ("Database connections go through a bounded pool", true),
        ("Poll order status with exponential back-off", false),
    ] {
        assert_eq!(
            f.harness.query_by_label_contains(title).is_some(),
            shown,
            "{title}"
        );
    }
}

/// A decision's page says whether it worked: its subject's incidents before it and since, as
/// the Insights say; a proposed one, not taken yet, says nothing of the kind.
#[test]
fn a_decision_page_says_whether_it_worked() {
    let mut f = open(true);
    f.select("dec-order-push");
    assert!(f.harness.query_by_label("Did it work?").is_some());
    let input = f.app().session().store().stats_input().unwrap();
    let today = chrono::Utc::now().date_naive();
    let effect = hindsight::domain::stats::effect_of(&input, "dec-order-push", today).unwrap();
    for stretch in [&effect.before, &effect.after] {
        let words = hindsight::report::stretch_words(stretch);
        assert!(f.harness.query_by_label(&words).is_some(), "{words}");
    }
    f.select("dec-analytics-warehouse");
    assert!(f.harness.query_by_label("Did it work?").is_none());
}

/// The legend says what the colours mean beside the chart, not over the bars it explains.
#[test]
fn the_incidents_chart_legend_sits_outside_the_chart() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND, Key::G);
    let chart = f.harness.get_by_label("Chart: incidents per month").rect();
    assert!(chart.height() > 100.0, "{chart:?}");
    for entry in ["SEV1", "SEV2", "SEV3", "SEV4", "Decisions taken"] {
        let at = f.harness.get_by_label(entry).rect();
        assert!(
            !at.intersects(chart),
            "{entry} at {at:?} covers the chart {chart:?}"
        );
    }
}
