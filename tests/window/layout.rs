//! A record's page and the lists as a newcomer meets them: what a reviewer needs first, the
//! parts folded until wanted, hints that read as hints, rows that say what they belong to,
//! and nothing moving under the pointer after a click.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hindsight::domain::{Decision, Incident, TradeOff};

use crate::fixture::*;

#[test]
fn an_imported_madr_decision_puts_trade_offs_sign_off_and_reviews_before_its_folded_options() {
    let madr = crate::common::corpus("madr").join("0001-use-CC0-or-MIT-as-license.md");
    let mut f = open_sized(egui::vec2(1000.0, 800.0), |store| {
        let templates = hindsight::demo::checklist_templates().unwrap();
        for checklist in &templates {
            store.put(checklist).unwrap();
        }
        hindsight::interop::import(store, std::slice::from_ref(&madr), |_| {}).unwrap();
    });
    let decision = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .remove(0);
    assert!(decision.options.len() >= 6, "the sample has six options");
    f.select(&decision.id);
    // What a reviewer needs comes first, above the options.
    let first_option = f.harness.get_by_label_contains("Option 1: ").rect();
    for part in ["Add trade-off", "Sign off…", "Start review"] {
        let at = f.harness.get_by_label(part).rect();
        assert!(at.top() < first_option.top(), "{part} is below the options");
    }
    // Options are folded: titles in plain words, whole; no empty pros and cons boxes.
    for (n, option) in decision.options.iter().enumerate() {
        let prefix = format!("Option {}: ", n + 1);
        let header = f.harness.get_by_label_contains(&prefix);
        let label = format!("{header:?}");
        assert!(!label.contains("]("), "raw Markdown in {label}");
        assert!(header.rect().right() <= 1000.0, "cut at the edge: {label}");
        if option.name.contains("](") {
            let words = option
                .name
                .split("](")
                .next()
                .unwrap()
                .trim_start_matches('[');
            assert!(label.contains(words), "{label} shows {words}");
        }
    }
    assert!(f.harness.query_by_label("Pros of option 1").is_none());
    assert!(f.harness.query_by_label("Cons of option 1").is_none());
    // Opened, an option shows what it has; an empty list is a button until asked for.
    let empty = decision
        .options
        .iter()
        .position(|o| o.pros.is_empty())
        .expect("an option without pros");
    let n = empty + 1;
    let header = header_of(&f, n);
    f.click(&header);
    assert!(
        f.harness
            .query_by_label(&format!("Pros of option {n}"))
            .is_none()
    );
    f.click(&format!("Add pros to option {n}"));
    f.type_into(&format!("Pros of option {n}"), "Known to every lawyer");
    let now: Decision = f.selected();
    assert_eq!(now.options[empty].pros, vec!["Known to every lawyer"]);
}

/// The label of option `n`'s folding header.
fn header_of(f: &Fixture, n: usize) -> String {
    use egui_kittest::kittest::NodeT;
    f.harness
        .get_by_label_contains(&format!("Option {n}: "))
        .accesskit_node()
        .label()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn taking_the_proposed_reference_or_choosing_a_checklist_moves_nothing_under_the_pointer() {
    let mut f = open(true);
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    let incident: Incident = f.selected();
    assert!(incident.reference.is_empty());
    let below = f.harness.get_by_label("Started (UTC)").rect();
    f.harness.get_by_label_contains("Use INC-").click();
    f.harness.run();
    let incident: Incident = f.selected();
    assert!(
        incident.reference.starts_with("INC-"),
        "the reference is taken"
    );
    assert_eq!(
        f.harness.get_by_label("Started (UTC)").rect(),
        below,
        "the field below kept its place"
    );

    // The checklist drop-down keeps its width whatever is chosen: Start review stays put
    // beside it (the page may scroll to show the list; what matters is the row).
    f.select("dec-bounded-pool");
    let row = |f: &Fixture, chosen: &str| {
        let combo = f
            .harness
            .get_by_label(&format!("Checklist: {chosen}"))
            .rect();
        let start = f.harness.get_by_label("Start review").rect();
        (combo.width(), start.left() - combo.left(), start.width())
    };
    let before = row(&f, "Database and queries");
    f.click("Checklist: Database and queries");
    f.click("Real-time updates and polling");
    assert_eq!(row(&f, "Real-time updates and polling"), before);
    f.click("Checklist: Real-time updates and polling");
    f.click("Caching");
    assert_eq!(row(&f, "Caching"), before);
}

#[test]
fn lists_label_their_filters_first_hint_unmistakably_and_name_what_a_tradeoff_belongs_to() {
    use egui_kittest::kittest::{By, NodeT};
    let mut f = open(true);
    // "Status [any ▼]", not "[any ▼] Status".
    for name in ["Status", "Sort"] {
        let label = f
            .harness
            .get(
                By::new()
                    .label(name)
                    .include_labels()
                    .role(egui::accesskit::Role::Label),
            )
            .rect();
        let combo = f.harness.get_by_label(name).rect();
        assert!(label.right() <= combo.left(), "{name}: {label:?} {combo:?}");
        assert!((label.center().y - combo.center().y).abs() < 4.0);
    }
    // An empty Markdown field invites, in words no one takes for content.
    f.press(Modifiers::COMMAND, Key::N);
    let context = f.harness.get_by_label("Context");
    assert_eq!(
        context.accesskit_node().placeholder(),
        Some("Write here (Markdown)…")
    );
    // Each trade-off row says which decision it is part of.
    let count = f.app().session().store().list::<TradeOff>().unwrap().len();
    f.click(&format!("Trade-offs  {count}"));
    let store = f.app().session().store();
    let tradeoffs = store.list::<TradeOff>().unwrap();
    let rows: Vec<_> = f
        .harness
        .query_all(By::new().role(egui::accesskit::Role::ListBoxOption))
        .map(|n| {
            let node = n.accesskit_node();
            (
                node.label().unwrap_or_default().to_string(),
                node.description().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(!rows.is_empty());
    for (title, description) in &rows {
        let tradeoff = tradeoffs.iter().find(|t| &t.title == title).unwrap();
        let decision: Decision = store.get(&tradeoff.decision_id).unwrap();
        assert!(
            description.contains(&format!("of {}", decision.display_title())),
            "{title}: {description}"
        );
    }
}
