//! Reviews and sign-offs through the session's commands, on a real workspace file: start a
//! review from a checklist, answer it, turn a risk into an action item, point a risk at a
//! lesson, sign off, and see the sign-off go out of date when the decision changes.

use hindsight::demo::load_checklists;
use hindsight::domain::{ActionItem, Answer, Checklist, Relation, Review, Verdict};
use hindsight::session::{Command, RiskAction, Session, SignOffForm};
use hindsight::store::Store;
use serde_json::json;

mod common;

fn session() -> (tempfile::TempDir, Session, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    load_checklists(&mut store).unwrap();
    let (decision, tradeoff, lesson, _) = common::chain(&mut store);
    let session = Session::new(store).unwrap();
    (dir, session, decision.id, tradeoff.id, lesson.id)
}

fn start(session: &mut Session, decision: &str, checklist: &str) -> Review {
    let outcome = session
        .apply(Command::StartReview {
            decision_id: decision.into(),
            checklist_id: checklist.into(),
        })
        .unwrap();
    session.store().get(&outcome.select.unwrap()).unwrap()
}

fn answer(session: &mut Session, review: &str, item: &str, a: Answer, note: Option<&str>) {
    session
        .apply(Command::Answer {
            review_id: review.into(),
            item_id: item.into(),
            answer: Some(a),
            note: note.map(str::to_string),
        })
        .unwrap();
}

fn sign(session: &mut Session, decision: &str, name: &str, verdict: Verdict) {
    session
        .apply(Command::SignOff {
            decision_id: decision.into(),
            review_id: None,
            form: SignOffForm {
                name: name.into(),
                role: "CTO".into(),
                verdict,
                comment: "Fine by me.".into(),
            },
        })
        .unwrap();
}

#[test]
fn a_review_walks_a_checklist_and_turns_a_risk_into_an_action_item() {
    let (_dir, mut session, decision, _, lesson) = session();
    let review = start(&mut session, &decision, "chk-database");
    assert_eq!(review.checklist_id, "chk-database");
    assert!(review.title.starts_with("Database and queries review of"));
    answer(
        &mut session,
        &review.id,
        "db-1",
        Answer::Ok,
        Some("EXPLAINed"),
    );
    answer(&mut session, &review.id, "db-2", Answer::Risk, None);
    let outcome = session
        .apply(Command::RiskToAction {
            review_id: review.id.clone(),
            item_id: "db-2".into(),
            action: RiskAction {
                title: String::new(),
                owner: Some("Tom Okafor".into()),
                due: Some("2026-12-01".parse().unwrap()),
            },
        })
        .unwrap();
    assert_eq!(
        outcome.message.as_deref(),
        Some(
            "Action item “Does load on the database grow with work done, not with clients watching?” for Tom Okafor."
        )
    );
    let store = session.store();
    let review: Review = store.get(&review.id).unwrap();
    assert_eq!(review.answer_for("db-1"), Answer::Ok);
    assert_eq!(review.answer("db-1").unwrap().note, "EXPLAINed");
    assert_eq!(review.risk_count(), 1);
    let actions: Vec<ActionItem> = store.children(&review.id).unwrap();
    assert_eq!(actions.len(), 1);
    let action = &actions[0];
    assert_eq!(
        review.answer("db-2").unwrap().actions,
        vec![action.id.clone()]
    );
    assert_eq!(action.owner.as_deref(), Some("Tom Okafor"));
    assert_eq!(action.due, Some("2026-12-01".parse().unwrap()));
    assert!(
        action.notes.contains("Risk found in the review"),
        "{}",
        action.notes
    );
    // db-2 comes from the fan-out polling lesson of the templates; it is not in this
    // workspace, so no link is made, and nothing fails.
    assert!(store.links_from(&action.id).unwrap().is_empty());

    // Pointing the risk at a lesson, and again to take it back.
    let relate = Command::RelateRisk {
        review_id: review.id.clone(),
        item_id: "db-4".into(),
        record_id: lesson.clone(),
    };
    session.apply(relate.clone()).unwrap();
    let after: Review = session.store().get(&review.id).unwrap();
    assert_eq!(after.answer("db-4").unwrap().related, vec![lesson.clone()]);
    assert_eq!(after.answer_for("db-4"), Answer::Risk);
    session.apply(relate).unwrap();
    let after: Review = session.store().get(&review.id).unwrap();
    assert!(after.answer("db-4").unwrap().related.is_empty());
    // Only lessons and incidents.
    let wrong = session.apply(Command::RelateRisk {
        review_id: review.id.clone(),
        item_id: "db-4".into(),
        record_id: decision.clone(),
    });
    assert!(
        wrong
            .unwrap_err()
            .to_string()
            .contains("lesson or an incident")
    );
}

#[test]
fn turning_a_risk_into_an_action_is_one_undo_step_and_links_the_items_lesson() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    hindsight::demo::load_demo(&mut store).unwrap();
    let mut session = Session::new(store).unwrap();
    let review = start(&mut session, "dec-analytics-warehouse", "chk-database");
    session
        .apply(Command::RiskToAction {
            review_id: review.id.clone(),
            item_id: "db-2".into(),
            action: RiskAction {
                title: "Size the warehouse's event stream".into(),
                owner: None,
                due: None,
            },
        })
        .unwrap();
    let actions: Vec<ActionItem> = session.store().children(&review.id).unwrap();
    let links = session.store().links_from(&actions[0].id).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].relation, Relation::Addresses);
    assert_eq!(links[0].to_id, "les-fanout-polling");
    session.apply(Command::Undo).unwrap();
    assert!(
        session
            .store()
            .children::<ActionItem>(&review.id)
            .unwrap()
            .is_empty()
    );
    let review: Review = session.store().get(&review.id).unwrap();
    assert!(review.answers.is_empty(), "the answer went with the undo");
}

fn signoffs(session: &Session, decision: &str) -> hindsight::domain::SignOffState {
    session.store().signoff_state(decision).unwrap()
}

#[test]
fn a_signoff_goes_out_of_date_when_the_decision_or_a_tradeoff_changes() {
    let (_dir, mut session, decision, tradeoff, _) = session();
    let state = signoffs(&session, &decision);
    assert_eq!(state.warning().as_deref(), Some("No sign-off yet."));
    assert!(
        !state.is_awaiting(),
        "not reviewed yet: nothing to wait for"
    );

    let review = start(&mut session, &decision, "chk-caching");
    assert!(
        !signoffs(&session, &decision).is_awaiting(),
        "a review just started is not yet a reason to ask"
    );
    let checklist: Checklist = session.store().get("chk-caching").unwrap();
    for item in &checklist.items {
        answer(&mut session, &review.id, &item.id, Answer::Ok, None);
    }
    assert!(signoffs(&session, &decision).is_awaiting());

    sign(&mut session, &decision, "Grace Kim", Verdict::Approved);
    let state = signoffs(&session, &decision);
    assert_eq!(state.entries.len(), 1);
    assert!(state.entries[0].current);
    assert!(state.entries[0].signoff.at.is_some());
    assert_eq!(state.warning(), None);
    assert!(!state.is_awaiting());

    // Editing a trade-off's cost changes what was signed.
    session
        .apply(Command::SetField {
            id: tradeoff.clone(),
            pointer: "/cost".into(),
            value: json!("a second service to run"),
        })
        .unwrap();
    let state = signoffs(&session, &decision);
    assert!(!state.entries[0].current);
    assert!(state.is_awaiting());
    assert_eq!(
        state.warning().as_deref(),
        Some("The decision changed after the sign-off of Grace Kim (CTO); ask for a new sign-off.")
    );

    // Signing again makes it current; the older sign-off stays in the review's record.
    sign(&mut session, &decision, "Grace Kim", Verdict::Concerns);
    let state = signoffs(&session, &decision);
    assert_eq!(state.entries.len(), 1);
    assert!(state.entries[0].current);
    assert_eq!(state.entries[0].signoff.verdict, Verdict::Concerns);
    let reviews: Vec<Review> = session.store().children(&decision).unwrap();
    assert_eq!(reviews.iter().map(|r| r.signoffs.len()).sum::<usize>(), 2);

    // Undo of the second sign-off brings the warning back.
    session.apply(Command::Undo).unwrap();
    assert!(signoffs(&session, &decision).is_awaiting());
}

#[test]
fn a_signoff_needs_a_name_and_lands_in_a_new_review_when_there_is_none() {
    let (_dir, mut session, decision, _, _) = session();
    let nameless = session.apply(Command::SignOff {
        decision_id: decision.clone(),
        review_id: None,
        form: SignOffForm::default(),
    });
    let message = nameless.unwrap_err().to_string();
    assert!(message.contains("name"), "{message}");
    assert!(
        session
            .store()
            .children::<Review>(&decision)
            .unwrap()
            .is_empty()
    );
    sign(&mut session, &decision, "Aisha Bello", Verdict::Rejected);
    let reviews: Vec<Review> = session.store().children(&decision).unwrap();
    assert_eq!(reviews.len(), 1);
    assert!(reviews[0].title.starts_with("Sign-off of"));
    assert!(reviews[0].checklist_id.is_empty());
}

#[test]
fn the_demo_shows_a_current_an_outdated_and_a_missing_signoff() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    hindsight::demo::load_demo(&mut store).unwrap();
    let current = store.signoff_state("dec-async-payments").unwrap();
    assert_eq!(current.entries.len(), 3);
    assert!(current.entries.iter().all(|e| e.current));
    assert!(!current.is_awaiting());
    let outdated = store.signoff_state("dec-order-push").unwrap();
    assert!(outdated.is_awaiting());
    assert_eq!(outdated.outdated().count(), 1);
    let missing = store.signoff_state("dec-analytics-warehouse").unwrap();
    assert!(missing.is_awaiting() && missing.entries.is_empty());
}

/// The checklists that come with every workspace are offered to the demo's decisions only where
/// their subject is named; a decision about something no checklist covers is offered none.
#[test]
fn the_bundled_checklists_are_offered_only_where_a_decision_names_their_subject() {
    let checklists = hindsight::demo::checklist_templates().unwrap();
    let offer = |tags: &[&str], title: &str| {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        hindsight::domain::suggest_checklist(&checklists, &tags, title).map(|c| c.name.clone())
    };
    for (tags, title, expected) in [
        (
            &["order-tracking", "real-time"][..],
            "Order tracking uses server push instead of polling",
            Some("Real-time updates and polling"),
        ),
        (
            &["order-tracking", "mobile"],
            "Poll order status with exponential back-off",
            Some("Real-time updates and polling"),
        ),
        (
            &["database", "capacity"],
            "Database connections go through a bounded pool",
            Some("Database and queries"),
        ),
        (
            &["caching", "menus"],
            "One read-through cache with short expiry instead of three layers",
            Some("Caching"),
        ),
        (
            &["monitoring"],
            "Alert on customer-facing service levels, not only on machines",
            Some("Monitoring"),
        ),
        // Monitoring's questions mention payments and a queue once each, by way of example.
        (
            &["checkout", "payments"],
            "Payments are processed asynchronously through a queue",
            None,
        ),
        (&[], "Use Markdown ADRs", None),
        // The trial's MADR sample: "work" recurs in the concurrency questions, as a word.
        (&[], "Dual License the Work", None),
        (&["reliability"], "Run active-active in two regions", None),
    ] {
        assert_eq!(offer(tags, title).as_deref(), expected, "{title}");
    }
}
