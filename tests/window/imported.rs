//! A team's imported collection in the window: a MADR decision's trade-off as the form and
//! stakeholder mode show it (its risk not assessed, its pros and cons as lists, links as their
//! words), and what a review walk says of a lesson the workspace does not hold.

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use hindsight::domain::{Decision, TradeOff};

use crate::common::corpus;
use crate::fixture::{Fixture, open_with};

/// A window on a workspace made by importing one MADR corpus file.
fn imported(file: &str) -> (Fixture, Decision, TradeOff) {
    let path = corpus("madr").join(file);
    let f = open_with(|store| {
        hindsight::interop::import(store, &[path], |_| {}).unwrap();
    });
    let store = f.app().session().store();
    let decision = store.list::<Decision>().unwrap().remove(0);
    let tradeoff = store.children::<TradeOff>(&decision.id).unwrap().remove(0);
    (f, decision, tradeoff)
}

#[test]
fn an_imported_tradeoff_shows_its_risk_as_not_assessed() {
    let (mut f, decision, tradeoff) = imported("0013-use-yaml-front-matter-for-meta-data.md");
    f.select(&decision.id);
    assert!(
        f.harness.query_by_label("risk: not assessed").is_some(),
        "the decision's list of trade-offs"
    );
    f.click("Trade-offs  1");
    f.harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Status")
        .click();
    f.harness.run();
    f.click("not assessed");
    assert!(
        f.harness
            .query_all_by_label_contains(&tradeoff.title)
            .next()
            .is_some()
    );
    f.select(&tradeoff.id);
    assert!(f.harness.query_by_label("Risk: not assessed").is_some());
    f.click("Risk: not assessed");
    f.click("low");
    assert_eq!(f.selected::<TradeOff>().risk.as_str(), "low");
    assert!(f.harness.query_by_label("Risk: low").is_some());
    // The list of trade-offs filters on it, in the same words.
    f.click("Trade-offs  1");
    f.harness
        .get_by_role_and_label(egui::accesskit::Role::ComboBox, "Status")
        .click();
    f.harness.run();
    assert!(f.harness.query_by_label("low").is_some());
    f.press(Modifiers::NONE, Key::Escape);
    // Stakeholder mode says it too.
    f.select(&decision.id);
    f.press(Modifiers::NONE, Key::F5);
    assert!(f.app().is_presenting());
    assert!(f.harness.query_by_label("Risk: low").is_some());
}

#[test]
fn stakeholder_mode_shows_gains_and_costs_as_lists_with_links_as_words() {
    let (mut f, decision, _) = imported("0012-use-curly-braces-to-denote-placeholder.md");
    f.select(&decision.id);
    f.press(Modifiers::NONE, Key::F5);
    assert!(f.app().is_presenting());
    // Each gain on its own line; the link reads as its words.
    for words in [
        "consistent to mustache templates",
        "no confusion with markdown notation for links.",
        "clear distinction between comments on the template usage and placeholders.",
    ] {
        assert!(
            f.harness.query_by_label_contains(words).is_some(),
            "{words}"
        );
    }
    assert!(
        f.harness.query_by_label_contains("](").is_none(),
        "no Markdown link syntax on the slide"
    );
    assert!(
        f.harness
            .query_by_label_contains("- no confusion")
            .is_none()
    );
    // The file names no cost: the slide says so in words.
    assert!(f.harness.query_by_label("Not recorded.").is_some());
}

#[test]
fn users_affected_says_what_it_takes_and_reads_10_000() {
    let mut f = crate::fixture::open(true);
    f.select("inc-checkout-crash");
    // The demo's figure, written as everywhere else.
    assert_eq!(
        f.harness
            .get_by_label("Users affected (a number)")
            .value()
            .as_deref(),
        Some("23,000")
    );
    f.type_into("Users affected (a number)", "12 500");
    let incident: hindsight::domain::Incident = f.selected();
    assert_eq!(incident.users_affected, Some(12_500));
    f.type_into("Users affected (a number)", "twelve");
    assert!(
        f.harness
            .query_by_label("write a whole number, such as 10,000")
            .is_some()
    );
    let incident: hindsight::domain::Incident = f.selected();
    assert_eq!(
        incident.users_affected,
        Some(12_500),
        "nothing bad is saved"
    );
}

#[test]
fn a_review_walk_in_an_imported_workspace_names_a_lesson_by_its_statement_never_its_id() {
    let path = corpus("madr").join("0013-use-yaml-front-matter-for-meta-data.md");
    let mut f = open_with(|store| {
        hindsight::interop::import(store, &[path], |_| {}).unwrap();
        // As `import` leaves a new workspace: with the checklist templates.
        hindsight::workspace::give_checklists(store).unwrap();
    });
    let decision = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .remove(0);
    f.select(&decision.id);
    // The checklist offered first is whichever fits; pick Capacity.
    let chooser = f
        .harness
        .get_all_by_label_contains("Checklist: ")
        .next()
        .and_then(|n| n.accesskit_node().label())
        .expect("the checklist chooser");
    f.click(&chooser);
    f.click("Capacity and load testing");
    f.click("Start review");
    assert!(f.harness.query_by_label_contains("Item 1 of 4").is_some());
    // The template's lesson is not in this workspace: the item says its statement.
    assert!(f.harness.query_by_label("From the lesson:").is_some());
    assert!(
        f.harness
            .query_by_label("Load-test at twice the expected peak before a campaign, not after it.")
            .is_some()
    );
    assert!(f.harness.query_by_label_contains("les-").is_none());
    // The checklist's own page says the same in its lesson chooser.
    f.click("Checklists  8");
    f.click("Capacity and load testing");
    assert_eq!(f.app().selected(), Some("chk-capacity"));
    assert!(
        f.harness
            .query_by_label(
                "Lesson 1: Load-test at twice the expected peak before a campaign, not after it."
            )
            .is_some()
    );
    assert!(f.harness.query_by_label_contains("les-").is_none());
}
