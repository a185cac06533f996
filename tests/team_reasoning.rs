//! The whole workbench travels through the team's repository: three members, three clones of
//! one bare remote, the real `git`. Every record kind and link one member makes (an incident,
//! the lesson learned from it, a trade-off motivated by it, a checklist, a review with its
//! answers and sign-off, an action item) reaches the others; a fresh clone synced into a new
//! workspace reproduces the workspace; ids agree; concurrent links both arrive; a second sync
//! changes nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{corpus, git, hindsight, ok};
use hindsight::domain::{
    ActionItem, Answer, Decision, Incident, Lesson, Link, Relation, Review, SignOff, TradeOff,
    Verdict,
};
use hindsight::store::Store;
use serde_json::Value;

struct Team {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Team {
    /// A remote holding the adr-tools corpus in docs/adr, pushed by alice.
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        git(&root, &["init", "-q", "--bare", "remote.git"]);
        git(&root, &["clone", "-q", "remote.git", "alice"]);
        let alice = root.join("alice");
        git(&alice, &["checkout", "-q", "-b", "main"]);
        Team::identity(&alice, "alice");
        let adr = alice.join("docs/adr");
        std::fs::create_dir_all(&adr).unwrap();
        for entry in std::fs::read_dir(corpus("adr-tools")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::copy(&path, adr.join(path.file_name().unwrap())).unwrap();
            }
        }
        git(&alice, &["add", "-A"]);
        git(&alice, &["commit", "-q", "-m", "Our ADRs"]);
        git(&alice, &["push", "-q", "-u", "origin", "main"]);
        Team { _dir: dir, root }
    }

    fn identity(clone: &Path, who: &str) {
        git(clone, &["config", "user.name", who]);
        git(
            clone,
            &["config", "user.email", &format!("{who}@example.com")],
        );
    }

    /// A new member clones the repository.
    fn join(&self, who: &str) {
        git(
            &self.root,
            &["clone", "-q", "-b", "main", "remote.git", who],
        );
        Team::identity(&self.root.join(who), who);
    }

    fn db(&self, who: &str) -> PathBuf {
        self.root.join(format!("{who}.db"))
    }

    fn sync(&self, who: &str) -> Value {
        let folder = self.root.join(who).join("docs/adr");
        let out = hindsight(&self.db(who), &["sync", folder.to_str().unwrap(), "--json"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn store(&self, who: &str) -> Store {
        Store::open(self.db(who)).unwrap()
    }

    /// `list KIND --json`, sorted by id.
    fn list(&self, who: &str, kind: &str) -> Vec<Value> {
        let mut items: Vec<Value> =
            serde_json::from_str(&ok(hindsight(&self.db(who), &["list", kind, "--json"]))).unwrap();
        items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        items
    }

    /// Every link, sorted.
    fn links(&self, who: &str) -> Vec<(String, String, String)> {
        let mut links: Vec<(String, String, String)> = self
            .store(who)
            .links()
            .unwrap()
            .into_iter()
            .map(|l| (l.from_id, l.relation.as_str().to_string(), l.to_id))
            .collect();
        links.sort();
        links
    }

    /// `trace` of every decision and incident.
    fn traces(&self, who: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .store(who)
            .list::<Decision>()
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        ids.extend(
            self.store(who)
                .list::<Incident>()
                .unwrap()
                .into_iter()
                .map(|i| i.id),
        );
        ids.sort();
        ids.iter()
            .map(|id| ok(hindsight(&self.db(who), &["trace", id])))
            .collect()
    }

    #[track_caller]
    fn same_workspace(&self, a: &str, b: &str) {
        for kind in [
            "decisions",
            "tradeoffs",
            "lessons",
            "incidents",
            "actions",
            "checklists",
            "reviews",
        ] {
            assert_eq!(self.list(a, kind), self.list(b, kind), "{kind}: {a} / {b}");
        }
        assert_eq!(self.links(a), self.links(b), "links: {a} / {b}");
        assert_eq!(self.traces(a), self.traces(b), "traces: {a} / {b}");
    }
}

/// What alice makes in her workspace: the reasoning behind ADR 2.
fn reason_about_a_decision(store: &mut Store) -> (TradeOff, Lesson) {
    hindsight::demo::load_checklists(store).unwrap();
    let decision = store
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2))
        .unwrap();
    let mut incident = Incident::new("Checkout crashed under 10,000 payments");
    incident.users_affected = Some(10_000);
    let lesson = Lesson::new("Payments need a queue between the customer and the provider");
    let mut tradeoff = TradeOff::new(&decision.id, "A few seconds pending, no payment lost");
    tradeoff.gain = "Every payment is kept at peak.".into();
    tradeoff.cost = "Customers wait a few seconds.".into();
    let action = ActionItem {
        source_id: Some(incident.id.clone()),
        ..ActionItem::new("Load-test at twice the peak")
    };
    let mut review = Review {
        id: hindsight::domain::new_id(hindsight::domain::Kind::Review),
        title: "Database review of ADR 2".into(),
        decision_id: decision.id.clone(),
        checklist_id: "chk-database".into(),
        ..Review::default()
    };
    review.answer_mut("db-1").answer = Answer::Ok;
    store
        .write("reasoning", |w| {
            w.put(&incident)?;
            w.put(&lesson)?;
            w.put(&tradeoff)?;
            w.put(&action)?;
            w.put(&review)?;
            w.link(&Link::new(&lesson.id, Relation::LearnedFrom, &incident.id))?;
            w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))?;
            w.link(&Link::new(
                &tradeoff.id,
                Relation::MotivatedBy,
                &incident.id,
            ))?;
            w.link(&Link::new(&action.id, Relation::Addresses, &lesson.id))
        })
        .unwrap();
    let fingerprint = store.fingerprint_of(&decision.id).unwrap();
    let mut review: Review = store.get(&review.id).unwrap();
    review.signoffs.push(SignOff {
        name: "Grace Kim".into(),
        role: "CTO".into(),
        verdict: Verdict::Approved,
        comment: String::new(),
        at: Some("2026-12-01T10:00:00Z".parse().unwrap()),
        decision_fingerprint: Some(fingerprint),
    });
    store.put(&review).unwrap();
    (tradeoff, lesson)
}

#[test]
fn every_record_and_link_reaches_the_team_and_a_fresh_clone_reproduces_the_workspace() {
    let team = Team::new();
    team.sync("alice");
    let (tradeoff, lesson) = reason_about_a_decision(&mut team.store("alice"));
    let first = team.sync("alice");
    assert!(first["committed"].as_u64().unwrap() >= 4, "{first}");
    // Hindsight's files are beside the team's, one per record, readable.
    let own = team.root.join("alice/docs/adr/.hindsight");
    assert!(own.join(format!("lessons/{}.md", lesson.id)).is_file());
    assert!(own.join(format!("tradeoffs/{}.md", tradeoff.id)).is_file());
    assert!(own.join("README.md").is_file());
    // A second sync with nothing changed commits nothing.
    let again = team.sync("alice");
    assert_eq!(again["committed"], 0, "{again}");
    team.join("bob");
    team.sync("bob");
    team.same_workspace("alice", "bob");
    // Bob's first sync wrote nothing new: no churn in the repository.
    assert_eq!(git(&team.root.join("bob"), &["status", "--porcelain"]), "");
    let again = team.sync("bob");
    assert_eq!(again["committed"], 0, "{again}");
    // The trace on bob's machine shows the lesson and the incident behind the trade-off.
    let decision: Decision = team.store("bob").get(&tradeoff.decision_id).unwrap();
    let trace = ok(hindsight(&team.db("bob"), &["trace", &decision.id]));
    assert!(trace.contains("Payments need a queue"), "{trace}");
    assert!(trace.contains("Checkout crashed"), "{trace}");
    // The sign-off holds on bob's machine too (same fingerprint), and goes out of date
    // everywhere after an edit on one.
    let state = team.store("bob").signoff_state(&decision.id).unwrap();
    assert!(format!("{state:?}").contains("Grace Kim"), "{state:?}");
    assert!(format!("{state:?}").contains("current: true"), "{state:?}");
    assert_eq!(
        team.store("bob").signoff_state(&decision.id).unwrap(),
        team.store("alice").signoff_state(&decision.id).unwrap()
    );
    ok(hindsight(
        &team.db("bob"),
        &[
            "set",
            &tradeoff.id,
            "cost",
            "Customers wait up to ten seconds.",
        ],
    ));
    team.sync("bob");
    team.sync("alice");
    team.same_workspace("alice", "bob");
    let state = team.store("alice").signoff_state(&decision.id).unwrap();
    assert!(format!("{state:?}").contains("current: false"), "{state:?}");
    // A member who joins later gets the same workspace from the repository alone.
    team.join("carol");
    team.sync("carol");
    team.same_workspace("alice", "carol");
}

#[test]
fn two_members_linking_at_once_both_arrive_and_a_deletion_travels() {
    let team = Team::new();
    team.sync("alice");
    let (tradeoff, _) = reason_about_a_decision(&mut team.store("alice"));
    team.sync("alice");
    team.join("bob");
    team.sync("bob");
    // At the same time: alice adds a lesson and links it; bob adds another and links it.
    let mut made = Vec::new();
    for who in ["alice", "bob"] {
        let mut store = team.store(who);
        let lesson = Lesson::new(format!("{who}'s lesson about peaks"));
        store
            .write("lesson", |w| {
                w.put(&lesson)?;
                w.link(&Link::new(&tradeoff.id, Relation::MotivatedBy, &lesson.id))
            })
            .unwrap();
        made.push(lesson.id);
    }
    team.sync("alice");
    let bob = team.sync("bob");
    assert!(bob["conflicts"].as_array().unwrap().is_empty(), "{bob}");
    team.sync("alice");
    team.same_workspace("alice", "bob");
    for id in &made {
        assert!(
            team.links("alice")
                .contains(&(tradeoff.id.clone(), "motivated-by".into(), id.clone())),
            "{id}"
        );
    }
    // Alice deletes her lesson: it goes for bob at his next sync.
    team.store("alice").delete(&made[0]).unwrap();
    team.sync("alice");
    assert!(team.store("bob").unseen().unwrap().contains(&made[0]));
    let bob = team.sync("bob");
    assert!(
        !team.store("bob").unseen().unwrap().contains(&made[0]),
        "gone, unmarked"
    );
    // Told as removed: the lesson and its link.
    let removed = &bob["arrived"]["records"][0];
    assert_eq!(
        (&removed["id"], &removed["arrival"]),
        (&made[0].clone().into(), &"removed".into())
    );
    assert_eq!(
        bob["arrived"]["counts"],
        serde_json::json!({"removed": 2}),
        "{bob}"
    );
    assert!(team.store("bob").find_any(&made[0]).unwrap().is_none());
    team.same_workspace("alice", "bob");
}

/// A member who had imported the folder before syncing it (ids made then, not derived from
/// the paths): the committed map gives the others the same ids.
#[test]
fn ids_made_before_the_first_sync_are_the_same_in_every_clone() {
    let team = Team::new();
    let folder = team.root.join("alice/docs/adr");
    ok(hindsight(
        &team.db("alice"),
        &["import", folder.to_str().unwrap()],
    ));
    team.sync("alice");
    let ids = team.root.join("alice/docs/adr/.hindsight/ids");
    assert!(ids.is_dir(), "the map of ids made before the sync");
    team.join("bob");
    team.sync("bob");
    team.same_workspace("alice", "bob");
}

/// A repository written by a newer Hindsight is refused in one line before anything is written.
#[test]
fn a_repository_from_a_newer_hindsight_is_refused_before_anything_is_written() {
    let team = Team::new();
    team.sync("alice");
    let alice = team.root.join("alice");
    std::fs::write(
        alice.join("docs/adr/.hindsight/FORMAT"),
        "hindsight-files 99\n",
    )
    .unwrap();
    git(&alice, &["commit", "-qam", "From the future"]);
    git(&alice, &["push", "-q"]);
    team.join("bob");
    let folder = team.root.join("bob/docs/adr");
    let out = hindsight(&team.db("bob"), &["sync", folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("newer Hindsight"), "{stderr}");
    assert_eq!(git(&team.root.join("bob"), &["status", "--porcelain"]), "");
    assert_eq!(
        git(&team.root.join("bob"), &["log", "--format=%s", "-1"]).trim(),
        "From the future"
    );
}

/// What a sync brought is told per kind, with who made it: two members add lessons, links and
/// a sign-off from the command line and sync; a third syncs and is told "3 lessons, 1 sign-off,
/// 2 links" by Ada Park and Bo Chen, each record with its author, and finds them marked until
/// opened.
#[test]
fn a_sync_says_what_arrived_from_whom_per_kind() {
    let team = Team::new();
    team.sync("alice");
    let (tradeoff, _) = reason_about_a_decision(&mut team.store("alice"));
    team.sync("alice");
    for who in ["bob", "carol"] {
        team.join(who);
        let first = team.sync(who);
        // A new member's first sync brings everything, and marks nothing.
        assert!(first["arrived"]["counts"]["decisions"].as_u64().unwrap() > 0);
        assert!(team.store(who).unseen().unwrap().is_empty());
    }
    let quiet = team.sync("bob");
    assert_eq!(quiet["arrived"]["counts"], serde_json::json!({}), "{quiet}");
    Team::identity(&team.root.join("alice"), "Ada Park");
    Team::identity(&team.root.join("carol"), "Bo Chen");
    let new = |who: &str, kind: &str, title: &str| {
        ok(hindsight(&team.db(who), &["new", kind, title]))
            .trim()
            .to_string()
    };
    // Ada: two lessons, a link of each, and a sign-off.
    let peaks = new("alice", "lesson", "Peaks need a queue");
    let retries = new("alice", "lesson", "Retries need a budget");
    let incident = team.store("alice").list::<Incident>().unwrap()[0]
        .id
        .clone();
    let alice = |args: &[&str]| ok(hindsight(&team.db("alice"), args));
    alice(&["link", &tradeoff.id, "motivated-by", &peaks]);
    alice(&["link", &retries, "learned-from", &incident]);
    alice(&[
        "sign-off",
        &tradeoff.decision_id,
        "--name",
        "Lin Wu",
        "--role",
        "Head of payments",
        "--verdict",
        "approved-with-concerns",
    ]);
    team.sync("alice");
    // Bo: a lesson of his own.
    let budgets = new("carol", "lesson", "Budgets need an owner");
    team.sync("carol");

    let bob = team.sync("bob");
    let arrived = &bob["arrived"];
    assert_eq!(
        arrived["counts"],
        serde_json::json!({"lessons": 3, "signoffs": 1, "links": 2}),
        "{arrived:#}"
    );
    assert_eq!(
        arrived["authors"],
        serde_json::json!(["Ada Park", "Bo Chen"])
    );
    let by = |id: &str| {
        arrived["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| (r["kind"].clone(), r["arrival"].clone(), r["by"].clone()))
    };
    let ada = serde_json::json!(["Ada Park"]);
    assert_eq!(
        by(&peaks),
        Some(("lesson".into(), "new".into(), ada.clone()))
    );
    assert_eq!(
        by(&retries),
        Some(("lesson".into(), "new".into(), ada.clone()))
    );
    let bo = serde_json::json!(["Bo Chen"]);
    assert_eq!(by(&budgets), Some(("lesson".into(), "new".into(), bo)));
    let signoff = &arrived["signoffs"][0];
    assert_eq!(signoff["name"], "Lin Wu", "{signoff}");
    assert_eq!(signoff["verdict"], "concerns", "{signoff}");
    assert_eq!(signoff["by"], ada, "{signoff}");
    let links: Vec<(&str, &str)> = arrived["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["relation"].as_str().unwrap(), l["to"].as_str().unwrap()))
        .collect();
    assert!(
        links.contains(&("motivated-by", "Peaks need a queue")),
        "{links:?}"
    );
    assert!(links.contains(&("learned-from", "Checkout crashed under 10,000 payments")));
    // Marked for bob until opened: the lessons, the review signed, the trade-off linked.
    let review = signoff["review_id"].as_str().unwrap();
    let unseen = team.store("bob").unseen().unwrap();
    for id in [peaks.as_str(), &retries, &budgets, review, &tradeoff.id] {
        assert!(unseen.contains(id), "{id} marked: {unseen:?}");
    }

    // The command's own words say it too.
    new("alice", "lesson", "Queues need a dashboard");
    team.sync("alice");
    let folder = team.root.join("bob/docs/adr");
    let text = ok(hindsight(
        &team.db("bob"),
        &["sync", folder.to_str().unwrap()],
    ));
    assert!(
        text.contains("From the team: 1 lesson (Ada Park).\n"),
        "{text}"
    );
}

/// Sign-offs are an append-only record: two members signing the same decision at once both
/// keep theirs, on every clone.
#[test]
fn two_sign_offs_at_once_both_arrive() {
    let team = Team::new();
    team.sync("alice");
    let (tradeoff, _) = reason_about_a_decision(&mut team.store("alice"));
    team.sync("alice");
    team.join("bob");
    team.sync("bob");
    for (who, name) in [("alice", "Grace Kim"), ("bob", "Lin Wu")] {
        ok(hindsight(
            &team.db(who),
            &[
                "sign-off",
                &tradeoff.decision_id,
                "--name",
                name,
                "--role",
                "Reviewer",
                "--verdict",
                "approved",
            ],
        ));
    }
    team.sync("alice");
    let bob = team.sync("bob");
    assert!(bob["conflicts"].as_array().unwrap().is_empty(), "{bob}");
    team.sync("alice");
    for who in ["alice", "bob"] {
        let state = format!(
            "{:?}",
            team.store(who)
                .signoff_state(&tradeoff.decision_id)
                .unwrap()
        );
        assert!(
            state.contains("Grace Kim") && state.contains("Lin Wu"),
            "{who}: {state}"
        );
    }
    team.same_workspace("alice", "bob");
}

/// A property over random sequences of edits on two clones (a small deterministic generator,
/// a few seeds): lessons added, restated and deleted, trade-offs linked to them, each member
/// editing their own records, syncs in between. After both have synced, the two workspaces are
/// equal and every acknowledged edit is there.
#[test]
fn random_edits_on_two_clones_end_in_equal_workspaces_with_every_edit_kept() {
    for seed in [7u64, 42, 1234] {
        let team = Team::new();
        team.sync("alice");
        let (tradeoff, _) = reason_about_a_decision(&mut team.store("alice"));
        team.sync("alice");
        team.join("bob");
        team.sync("bob");
        let mut state = seed;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        // What each member expects to find at the end: lesson id → statement (None: deleted).
        let mut expected: Vec<(String, Option<String>)> = Vec::new();
        let mut linked: Vec<String> = Vec::new();
        for round in 0..3 {
            for who in ["alice", "bob"] {
                let mut store = team.store(who);
                for step in 0..4 {
                    let mine: Vec<usize> = expected
                        .iter()
                        .enumerate()
                        .filter(|(_, (id, s))| s.is_some() && id.starts_with(&format!("les-{who}")))
                        .map(|(i, _)| i)
                        .collect();
                    match next(4) {
                        // A new lesson, perhaps linked to the trade-off.
                        0 | 1 => {
                            let id = format!("les-{who}-{seed}-{round}-{step}");
                            let lesson = Lesson {
                                id: id.clone(),
                                ..Lesson::new(format!("{who} learned {round}.{step}"))
                            };
                            let link = next(2) == 0;
                            store
                                .write("lesson", |w| {
                                    w.put(&lesson)?;
                                    if link {
                                        w.link(&Link::new(
                                            &tradeoff.id,
                                            Relation::MotivatedBy,
                                            &id,
                                        ))?;
                                    }
                                    Ok(())
                                })
                                .unwrap();
                            if link {
                                linked.push(id.clone());
                            }
                            expected.push((id, Some(lesson.statement)));
                        }
                        // One of mine restated.
                        2 if !mine.is_empty() => {
                            let i = mine[next(mine.len() as u64) as usize];
                            let mut lesson: Lesson = store.get(&expected[i].0).unwrap();
                            lesson.statement = format!("{} (restated {round})", lesson.statement);
                            store.put(&lesson).unwrap();
                            expected[i].1 = Some(lesson.statement);
                        }
                        // One of mine deleted.
                        3 if !mine.is_empty() => {
                            let i = mine[next(mine.len() as u64) as usize];
                            store.delete(&expected[i].0).unwrap();
                            expected[i].1 = None;
                            linked.retain(|l| *l != expected[i].0);
                        }
                        _ => {}
                    }
                }
                drop(store);
                if next(2) == 0 {
                    team.sync(who);
                }
            }
        }
        for who in ["alice", "bob", "alice"] {
            let report = team.sync(who);
            assert!(
                report["conflicts"].as_array().unwrap().is_empty(),
                "seed {seed}: {report}"
            );
        }
        team.same_workspace("alice", "bob");
        let store = team.store("bob");
        for (id, statement) in &expected {
            let found = store.find_any(id).unwrap();
            match statement {
                Some(s) => assert_eq!(
                    found.map(|r| r.title().to_string()).as_deref(),
                    Some(s.as_str()),
                    "seed {seed}: {id}"
                ),
                None => assert!(found.is_none(), "seed {seed}: {id} deleted"),
            }
        }
        for id in &linked {
            assert!(
                team.links("bob").contains(&(
                    tradeoff.id.clone(),
                    "motivated-by".into(),
                    id.clone()
                )),
                "seed {seed}: link to {id}"
            );
        }
    }
}
