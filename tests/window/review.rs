//! Reviews, sign-offs and stakeholder mode in the window.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use crate::fixture::*;

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
fn a_review_page_leads_back_and_a_checklist_is_offered_only_when_it_matches() {
    let mut f = open(true);
    // Tagged checkout and payments, "…through a queue": no checklist is about that, so none is
    // offered (not Monitoring, whose example mentions payments); the user picks.
    f.select("dec-async-payments");
    assert!(
        f.harness
            .query_by_label("Checklist: Choose a checklist…")
            .is_some()
    );
    assert!(
        f.harness
            .query_by_label_contains("No checklist matches its tags or title")
            .is_some()
    );
    {
        use egui_kittest::kittest::NodeT;
        let start = f.harness.get_by_label("Start review");
        assert!(start.accesskit_node().is_disabled(), "nothing to start yet");
    }
    // The sign-off form opens with the name taking what is typed, and no sign-off is asked
    // for on a decision whose review is half done.
    f.click("Checklist: Choose a checklist…");
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

    // A decision whose tags and title name no checklist is offered none, not the one used
    // last.
    f.select("dec-multi-region");
    assert!(
        f.harness
            .query_by_label("Checklist: Choose a checklist…")
            .is_some()
    );
    // One whose tags do is offered that one.
    f.select("dec-simple-cache");
    assert!(f.harness.query_by_label("Checklist: Caching").is_some());
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
