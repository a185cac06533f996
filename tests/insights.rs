//! Did the learning work: the figures of `stats` computed again here, independently, from the
//! demo's records; `related` ranking a same-cause incident above ones that only share common
//! words; revisit dates from `set` to `check`; the JSON the commands print.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::TimeZone;
use hindsight::demo::load_demo;
use hindsight::domain::stats::{Filter, compute};
use hindsight::domain::{ActionItem, ActionStatus, Incident};
use hindsight::store::Store;
use serde_json::Value;

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    load_demo(&mut store).unwrap();
    (dir, store)
}

/// The value below which a fraction `p` of the sorted values lie, the textbook way: position
/// `1 + p (n − 1)` counted from one, interpolated.
fn quantile(mut values: Vec<f64>, p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let h = 1.0 + p * (values.len() as f64 - 1.0);
    let below = values[h.floor() as usize - 1];
    let above = values[(h.ceil() as usize - 1).min(values.len() - 1)];
    Some(below + (h - h.floor()) * (above - below))
}

#[test]
fn the_figures_match_what_the_records_say() {
    let (_dir, store) = demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let stats = compute(&store.stats_input().unwrap(), &Filter::default(), today);
    let incidents: Vec<Incident> = store.list().unwrap();
    assert!(incidents.len() >= 30, "two years of history");

    assert_eq!(stats.incidents.count, incidents.len());
    let mut by_month: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_severity: BTreeMap<String, usize> = BTreeMap::new();
    for i in &incidents {
        *by_month
            .entry(i.started_at.unwrap().format("%Y-%m").to_string())
            .or_default() += 1;
        *by_severity.entry(i.severity.to_string()).or_default() += 1;
    }
    assert_eq!(stats.incidents.by_month, by_month);
    assert_eq!(stats.incidents.by_severity, by_severity);

    let resolve: Vec<f64> = incidents
        .iter()
        .filter_map(|i| Some((i.resolved_at? - i.started_at?).num_seconds() as f64 / 60.0))
        .collect();
    let ttr = &stats.incidents.time_to_resolve;
    assert_eq!(ttr.count, resolve.len());
    let close = |a: Option<f64>, b: Option<f64>| (a.unwrap() - b.unwrap()).abs() < 1e-6;
    assert!(close(ttr.median_minutes, quantile(resolve.clone(), 0.5)));
    assert!(close(ttr.p90_minutes, quantile(resolve.clone(), 0.9)));
    // Skewed as real durations are: the p90 far above the median, the mean misleading.
    let mean = resolve.iter().sum::<f64>() / resolve.len() as f64;
    assert!(ttr.p90_minutes.unwrap() > 2.0 * ttr.median_minutes.unwrap());
    assert!(mean > ttr.median_minutes.unwrap());

    let actions: Vec<ActionItem> = store.list().unwrap();
    let open = actions
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .count();
    let overdue = actions.iter().filter(|a| a.is_overdue(today)).count();
    assert_eq!(stats.actions.open, open);
    assert_eq!(stats.actions.overdue, overdue);
    assert_eq!(stats.actions.done, actions.len() - open);
    let days: Vec<f64> = actions
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .filter_map(|a| Some((a.done_on? - a.opened_on?).num_days() as f64))
        .collect();
    assert!(close(
        stats.actions.median_days_to_close,
        quantile(days, 0.5)
    ));

    // The learning loop: the demo's one published incident nobody learned from.
    assert_eq!(
        stats.lessons.published_without_lesson,
        [hindsight::domain::stats::Named {
            id: "inc-h109".to_string(),
            title: "Customers charged twice after checkout retries".to_string()
        }]
    );
    // Did it work: order-tracking incidents before and after server push.
    let push = stats
        .decisions
        .effects
        .iter()
        .find(|e| e.id == "dec-order-push")
        .expect("the decision's effect");
    assert!(push.topic.contains(&"order-tracking".to_string()));
    let on_topic = |before: bool| {
        incidents
            .iter()
            .filter(|i| i.tags.iter().any(|t| push.topic.contains(t)))
            .filter(|i| (i.started_at.unwrap().date_naive() < push.date) == before)
            .count()
    };
    assert_eq!(push.before.count, on_topic(true));
    assert_eq!(push.after.count, on_topic(false));
    assert!(
        push.after.by_severity.keys().all(|s| s == "SEV4"),
        "after: minor only"
    );
    assert_eq!(stats.decisions.revisit_due, 2);
}

#[test]
fn filters_narrow_the_figures_to_a_time_and_a_topic() {
    let (_dir, store) = demo();
    let input = store.stats_input().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let filter = Filter {
        since: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        until: None,
        tags: vec!["payments".into()],
    };
    let stats = compute(&input, &filter, today);
    let expected = input
        .incidents
        .iter()
        .filter(|i| i.tags.iter().any(|t| t == "payments"))
        .filter(|i| i.started_at.unwrap().date_naive() >= filter.since.unwrap())
        .count();
    assert_eq!(stats.incidents.count, expected);
    assert!(
        stats
            .incidents
            .by_month
            .keys()
            .all(|m| m.as_str() >= "2025-01")
    );
}

fn incident(store: &mut Store, id: &str, title: &str, causes: &str, tags: &[&str]) {
    let mut i = Incident::new(title);
    i.id = id.into();
    i.root_causes = causes.into();
    i.summary = format!("{title}. The database was slow for the team at the peak.");
    i.tags = tags.iter().map(|t| t.to_string()).collect();
    store.put(&i).unwrap();
}

#[test]
fn a_same_cause_incident_ranks_above_ones_that_share_only_common_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    for n in 0..40 {
        incident(
            &mut store,
            &format!("inc-noise-{n}"),
            &format!("Database slow at the peak, case {n}"),
            "The database was slow at the peak; the team restarted it.",
            &["database"],
        );
    }
    incident(
        &mut store,
        "inc-now",
        "Checkout failed when the connection pool was exhausted",
        "No upper bound on the connection pool; retries piled up on exhausted connections.",
        &["checkout"],
    );
    incident(
        &mut store,
        "inc-before",
        "Logins failed: pool exhausted",
        "Unbounded connection pool in the auth service; exhausted under retries.",
        &["auth"],
    );
    let related = store.related("inc-now", 5).unwrap();
    assert_eq!(related[0].id, "inc-before", "{related:#?}");
    assert!(related[0].why.iter().any(|w| w.starts_with("exhaust")));
    assert!(related.iter().all(|r| r.id != "inc-now"));
    // As a new incident is written: its words alone find the same one.
    let typing = store
        .related_to_text("the pool was exhausted again", &["inc-now"], None, 3)
        .unwrap();
    assert_eq!(typing[0].id, "inc-before");
}

/// "Has this happened before?" answers with what is not known yet: never the incident's own
/// action items or the lesson learned from it, never a later incident, and only incidents,
/// lessons and decisions; another incident that taught the same lesson stays.
#[test]
fn related_leaves_out_what_is_already_known_and_what_came_later() {
    use hindsight::domain::{Lesson, Link, Relation, TradeOff};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("ws.db")).unwrap();
    let words = "the connection pool was exhausted under retries";
    let at = |day: u32| {
        Some(
            chrono::Utc
                .with_ymd_and_hms(2025, 3, day, 12, 0, 0)
                .unwrap(),
        )
    };
    for (id, day) in [("inc-now", 10), ("inc-sibling", 1), ("inc-later", 20)] {
        let mut i = Incident::new(format!("Checkout failed: {words} ({id})"));
        i.id = id.into();
        i.started_at = at(day);
        store.put(&i).unwrap();
    }
    let mut action = ActionItem::new(format!("Bound it: {words}"));
    action.id = "act-own".into();
    action.source_id = Some("inc-now".into());
    store.put(&action).unwrap();
    let mut lesson = Lesson::new(format!("Bound every pool: {words}"));
    lesson.id = "les-own".into();
    store.put(&lesson).unwrap();
    store
        .link(&Link::new("les-own", Relation::LearnedFrom, "inc-now"))
        .unwrap();
    store
        .link(&Link::new("les-own", Relation::LearnedFrom, "inc-sibling"))
        .unwrap();
    let decision = hindsight::domain::Decision::new(format!("Bounded pools: {words}"));
    store.put(&decision).unwrap();
    let mut tradeoff = TradeOff::new(&decision.id, format!("Wait instead of fail: {words}"));
    tradeoff.id = "tof-any".into();
    store.put(&tradeoff).unwrap();

    let related = store.related("inc-now", 10).unwrap();
    let ids: Vec<&str> = related.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&"inc-sibling"), "{ids:?}");
    assert!(ids.contains(&decision.id.as_str()), "{ids:?}");
    for gone in ["inc-now", "inc-later", "act-own", "les-own", "tof-any"] {
        assert!(!ids.contains(&gone), "{gone} in {ids:?}");
    }
}

fn hindsight(db: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("HINDSIGHT_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

#[test]
fn stats_and_related_print_the_documented_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.db");
    let stats = hindsight(&db, &["stats", "--json"]);
    for key in [
        "count",
        "by_severity",
        "by_month",
        "time_to_detect",
        "time_to_mitigate",
        "time_to_resolve",
    ] {
        assert!(!stats["incidents"][key].is_null(), "incidents.{key}");
    }
    for key in ["median_minutes", "p90_minutes", "count"] {
        assert!(
            !stats["incidents"]["time_to_resolve"][key].is_null(),
            "{key}"
        );
    }
    for key in ["open", "overdue", "done", "median_days_to_close"] {
        assert!(!stats["actions"][key].is_null(), "actions.{key}");
    }
    assert!(stats["lessons"]["count"].is_u64() && stats["lessons"]["acted_on"].is_u64());
    assert!(stats["decisions"]["revisit_due"].is_u64());

    let related = hindsight(&db, &["related", "INC-2024-019", "--json"]);
    let first = &related[0];
    for key in ["kind", "id", "title", "score", "why"] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }

    // A revisit date set from the command line is due in `check`.
    hindsight(&db, &["set", "ADR-3", "revisit_by", "2025-01-01"]);
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("revisit-due: decision dec-async-payments"),
        "{text}"
    );
    // A date written loosely is read as the day it means; an empty value clears it; anything
    // else is one line saying how to write a date, exit 2, nothing changed.
    hindsight(&db, &["set", "ADR-3", "revisit_by", "2027-1-5"]);
    let shown = hindsight(&db, &["show", "decision", "ADR-3", "--json"]);
    assert_eq!(shown["revisit_by"], "2027-01-05");
    let bad = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "set",
            "ADR-3",
            "revisit_by",
            "soon",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("revisit_by: write the date as YYYY-MM-DD"),
        "{said}"
    );
    hindsight(&db, &["set", "ADR-3", "revisit_by", ""]);
    let shown = hindsight(&db, &["show", "decision", "ADR-3", "--json"]);
    assert!(shown["revisit_by"].is_null(), "{shown}");

    // Bad input: one line naming what is wrong, exit 2.
    for (args, says) in [
        (&["stats", "--since", "soon"][..], "--since"),
        (
            &["stats", "--since", "2025-06-01", "--until", "2025-01-01"],
            "is after --until",
        ),
        (&["stats", "--tag", "nosuchtag"], "--tag nosuchtag"),
        (&["related", "ADR-3", "--limit", "0"], "--limit"),
        (&["related", "nosuchid"], "nosuchid"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert_eq!(said.lines().count(), 1, "{args:?}: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
    }
}

/// The report's "What we learned": every incident is in the monthly bars exactly once, each
/// duration strip has a dot per incident it is based on, and the Markdown says the same.
#[test]
fn the_report_draws_what_the_figures_say() {
    use hindsight::report::{self, Format};
    let (_dir, store) = demo();
    let gathered = report::gather(&store, None, |_, _| {}).unwrap();
    let stats = gathered
        .learned
        .clone()
        .expect("a full report has the section");
    let html = report::render(&gathered, Format::Html);
    let start = html.find("id=\"learned\"").expect("the section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];

    // The monthly bars: "<title>2024-03: 2 SEV2</title>", summed, is every incident.
    let mut in_bars = 0;
    let bars = &section[..section.find("</svg>").unwrap()];
    let mut rest = bars;
    while let Some(at) = rest.find("<rect x=") {
        rest = &rest[at..];
        let end = rest.find('>').unwrap();
        let swatch = rest[..end].ends_with('/');
        rest = &rest[end..];
        if swatch {
            continue; // the legend's swatches
        }
        let title = &rest[rest.find("<title>").unwrap() + 7..rest.find("</title>").unwrap()];
        if let Some((month, n)) = title.split_once(": ") {
            assert_eq!(month.len(), 7, "{title}");
            in_bars += n.split(' ').next().unwrap().parse::<usize>().unwrap();
        }
    }
    assert_eq!(in_bars, stats.incidents.count);

    // One dot per incident in each of the three strips.
    let dots = section.matches("<circle").count();
    let i = &stats.incidents;
    assert_eq!(
        dots,
        i.time_to_detect.count + i.time_to_mitigate.count + i.time_to_resolve.count
    );
    // Each decision's row in "Did our decisions work?", and the revisits coming up.
    for e in &stats.decisions.effects {
        assert!(section.contains(&report::anchor(&e.id)), "{}", e.title);
    }
    assert!(section.contains("Decisions to look at again"));
    for r in &stats.decisions.revisits {
        let when = if r.due { "overdue since" } else { "by" };
        assert!(
            section.contains(&format!(
                "{when} {}: <a href=\"#{}\"",
                r.date,
                report::anchor(&r.id)
            )),
            "{}",
            r.title
        );
    }

    let markdown = report::render(&gathered, Format::Markdown);
    assert!(markdown.contains("## What we learned"));
    assert!(markdown.contains(&format!("{} incidents in all", i.count)));
}
