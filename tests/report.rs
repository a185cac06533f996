//! The stakeholder report, on the demo (every trade-off with its incident and lesson, the
//! sign-offs, the appendix) and on a hostile workspace where every text field carries the
//! classic XSS vectors: nothing active may survive, in HTML or in Markdown once rendered.

use hindsight::demo::load_demo;
use hindsight::domain::Decision;
use hindsight::report::safe::{escape, markdown_html, markdown_source};
use hindsight::report::{self, Format};
use hindsight::store::Store;

mod common;

use common::hostile::VECTORS;

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("demo.db")).unwrap();
    load_demo(&mut store).unwrap();
    (dir, store)
}

fn html_of(store: &Store, decision: Option<&str>) -> String {
    let report = report::gather(store, decision, |_, _| {}).unwrap();
    report::render(&report, Format::Html)
}

/// The part of the page about one record: from its anchor to the end of its section.
fn section<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{}\"", report::anchor(id)))
        .unwrap_or_else(|| panic!("no section for {id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn every_tradeoff_of_the_demo_appears_with_its_incident_and_lesson() {
    let (_dir, store) = demo();
    let html = html_of(&store, None);
    let markdown = report::render(
        &report::gather(&store, None, |_, _| {}).unwrap(),
        Format::Markdown,
    );
    let decisions: Vec<Decision> = store.list().unwrap();
    assert_eq!(decisions.len(), 10);
    let mut chains = 0;
    for decision in &decisions {
        let part = section(&html, &decision.id, "</section>");
        let md_start = markdown
            .find(&format!("<a id=\"{}\"></a>", report::anchor(&decision.id)))
            .unwrap();
        let md_part = &markdown[md_start..];
        let md_part = &md_part[..md_part[10..]
            .find("<a id=")
            .map_or(md_part.len(), |e| e + 10)];
        assert!(part.contains(&escape(&decision.display_title())));
        assert!(part.contains("<h3>What we decided</h3>"));
        assert!(part.contains(&escape(&decision.summary)), "{}", decision.id);
        assert!(part.contains("<svg"), "trace diagram for {}", decision.id);
        let trace = store.trace_decision(&decision.id).unwrap();
        for t in &trace.tradeoffs {
            assert!(
                part.contains(&escape(&t.tradeoff.title)),
                "{}",
                t.tradeoff.id
            );
            // Gains and costs are Markdown, rendered in the page and kept in the Markdown.
            for text in [&t.tradeoff.gain, &t.tradeoff.cost] {
                assert!(
                    part.contains(&markdown_html(text)),
                    "{}: {text}",
                    t.tradeoff.id
                );
                assert!(md_part.contains(&markdown_source(text)), "{text}");
            }
            assert!(!t.is_unmotivated(), "the demo motivates every trade-off");
            for l in &t.lessons {
                assert!(
                    part.contains(&escape(&l.lesson.statement)),
                    "{}",
                    l.lesson.id
                );
                assert!(md_part.contains("lesson “"), "{}", l.lesson.id);
                chains += 1;
            }
            for i in &t.incidents {
                let link = format!(
                    "href=\"#{}\">{}</a>",
                    report::anchor(&i.id),
                    escape(&i.title)
                );
                assert!(part.contains(&link), "{} in {}", i.id, decision.id);
                assert!(md_part.contains(&format!("(#{})", report::anchor(&i.id))));
                // The appendix tells it in plain words.
                let appendix = section(&html, &i.id, "</article>");
                assert!(appendix.contains("<dt>What happened</dt>"), "{}", i.id);
            }
        }
    }
    assert!(chains >= 17, "{chains}");
    // Sign-offs: current, outdated, missing.
    let payments = section(&html, "dec-async-payments", "</section>");
    assert!(
        payments.contains(
            "<strong>Grace Kim (CTO)</strong>: approved on 11 December 2024 at 16:30 UTC"
        )
    );
    assert!(
        payments
            .contains("<strong>Daniel Ortiz (Head of Finance)</strong>: approved with concerns")
    );
    assert!(!payments.contains("class=\"warn\""));
    let push = section(&html, "dec-order-push", "</section>");
    assert!(push.contains("The decision changed after the sign-off of Grace Kim (CTO)"));
    assert!(push.contains("(given before the decision last changed)"));
    let warehouse = section(&html, "dec-analytics-warehouse", "</section>");
    assert!(warehouse.contains("Reviewed, but nobody has signed it off yet."));
    // The appendix: what happened, who, how long, what it taught, what changed.
    let polling = section(&html, "inc-order-polling", "</article>");
    for part in [
        "<dt>When</dt><dd>15 March 2024</dd>",
        "<dt>Who was affected</dt>",
        "<dt>For how long</dt><dd>",
        "<dt>What it taught us</dt>",
        "<dt>What we changed</dt>",
    ] {
        assert!(polling.contains(part), "{part} in {polling}");
    }
    assert!(html.contains("<nav class=\"contents\">"));
    assert!(markdown.contains("## Contents"));
    assert!(markdown.contains("## Appendix: the incidents behind our decisions"));
}

#[test]
fn the_report_is_self_contained_and_printable() {
    let (_dir, store) = demo();
    let html = html_of(&store, None);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    assert!(html.contains("@media print"));
    let lower = html.to_lowercase();
    for request in [
        " src=", "<link", "@import", "url(http", "url(//", "<script", "<iframe",
    ] {
        assert!(!lower.contains(request), "{request}");
    }
    assert_tags_are_inert(&html, "demo html");
}

#[test]
fn one_decision_alone_and_clear_errors() {
    let (_dir, store) = demo();
    let html = html_of(&store, Some("dec-async-payments"));
    assert_eq!(html.matches("<section class=\"decision\"").count(), 1);
    assert!(html.contains("<title>Why we decided: ADR-3: Payments are processed asynchronously through a queue</title>"));
    assert!(!html.contains("<nav class=\"contents\">") || html.contains("#incidents"));
    let error = report::gather(&store, Some("les-fanout-polling"), |_, _| {}).unwrap_err();
    assert_eq!(
        error.to_string(),
        "les-fanout-polling: is a lesson, not a decision; a report is about decisions"
    );
    assert!(report::gather(&store, Some("dec-nope"), |_, _| {}).is_err());
}

fn hostile() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = demo();
    common::hostile::poison_demo(&mut store);
    (dir, store)
}

#[test]
fn no_vector_survives_in_html_through_any_field() {
    let (_dir, store) = hostile();
    let decision: Decision = store.get("dec-async-payments").unwrap();
    assert_eq!(
        decision.summary, VECTORS,
        "the workspace really is poisoned"
    );
    assert_eq!(decision.title, VECTORS);
    let html = html_of(&store, None);
    assert_tags_are_inert(&html, "hostile html");
    // The words are still there, as text.
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    let lower = html.to_lowercase();
    // (" src=", "onerror=" may stay as visible, escaped text; the tags above say none is live.)
    for active in [
        "<script",
        "<iframe",
        "<img",
        "<svg onload",
        "<a href=\"javascript",
        "<a href=\"data:",
    ] {
        assert!(!lower.contains(active), "{active} survived");
    }
}

#[test]
fn no_vector_survives_in_markdown_once_rendered() {
    let (_dir, store) = hostile();
    let report = report::gather(&store, None, |_, _| {}).unwrap();
    let markdown = report::render(&report, Format::Markdown);
    // Rendered as a permissive renderer would (raw HTML passed through).
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    assert_tags_are_inert(&html, "hostile markdown");
    let lower = html.to_lowercase();
    for active in [
        "<script",
        "<iframe",
        "<img",
        "<a href=\"javascript",
        "<a href=\"data:",
    ] {
        assert!(!lower.contains(active), "{active} survived");
    }
}

/// Every tag in the page is one the report writes itself, with no event handler, no inline
/// style, nothing loaded, and links only to anchors, http(s) or mail.
fn assert_tags_are_inert(html: &str, what: &str) {
    // The report's own frame, around the records' content (`common::hostile::CONTENT_TAGS`).
    const FRAME: &[&str] = &[
        "!doctype", "html", "head", "meta", "style", "body", "header", "footer", "nav",
    ];
    let mut rest = html;
    let mut in_style = false;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let mut quote = None;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let tag = &after[..end];
        rest = &after[end.min(after.len())..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_lowercase();
        if in_style && name != "style" {
            continue;
        }
        if name == "style" {
            in_style = !tag.starts_with('/');
            assert!(!in_style || tag == "style", "{what}: <{tag}>");
            continue;
        }
        assert!(
            FRAME.contains(&name.as_str())
                || common::hostile::CONTENT_TAGS.contains(&name.as_str()),
            "{what}: tag <{tag}>"
        );
        let attributes = attributes(tag);
        for (attr, value) in attributes {
            assert!(!attr.starts_with("on"), "{what}: handler in <{tag}>");
            assert!(
                ![
                    "src",
                    "style",
                    "srcdoc",
                    "formaction",
                    "xlink:href",
                    "action"
                ]
                .contains(&attr.as_str()),
                "{what}: {attr} in <{tag}>"
            );
            if attr == "href" {
                let v = value.to_lowercase();
                assert!(
                    v.starts_with('#')
                        || v.starts_with("http://")
                        || v.starts_with("https://")
                        || v.starts_with("mailto:"),
                    "{what}: href {value} in <{tag}>"
                );
            }
        }
    }
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.chars().peekable();
    // Skip the name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/'))
                .collect();
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    value = std::iter::from_fn(|| chars.next_if(|c| *c != q)).collect();
                    chars.next();
                }
                _ => value = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect(),
            }
        }
        out.push((name.to_lowercase(), value));
    }
    out
}

#[test]
fn an_incident_from_a_public_write_up_links_to_it() {
    let (_dir, mut store) = demo();
    // A story postmortem, then linked as the lesson behind a demo trade-off.
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prose-postmortems");
    hindsight::interop::import(&mut store, &[folder], |_| {}).unwrap();
    let incident = store
        .list::<hindsight::domain::Incident>()
        .unwrap()
        .into_iter()
        .find(|i| i.company == "Example Org")
        .unwrap();
    let story = report::story::incident(&store, &incident.id).unwrap();
    assert_eq!(
        story.source,
        Some((
            "Example Org's own write-up".to_string(),
            "https://blog.example.org/2019/dns-outage".to_string()
        ))
    );
    // No summary: what happened is its story.
    assert!(
        story
            .what_happened
            .starts_with("On June 13 a malformed zone file")
    );
    let lesson = hindsight::domain::Lesson::new("Zone files are code: canary them");
    let tradeoff = store
        .list::<hindsight::domain::TradeOff>()
        .unwrap()
        .remove(0);
    store
        .write("link", |w| {
            w.put(&lesson)?;
            w.link(&hindsight::domain::Link::new(
                &lesson.id,
                hindsight::domain::Relation::LearnedFrom,
                &incident.id,
            ))?;
            w.link(&hindsight::domain::Link::new(
                &tradeoff.id,
                hindsight::domain::Relation::MotivatedBy,
                &lesson.id,
            ))
        })
        .unwrap();
    let html = html_of(&store, None);
    let article = section(&html, &incident.id, "</article>");
    assert!(
        article.contains(
            "<dt>Source</dt><dd><a href=\"https://blog.example.org/2019/dns-outage\" rel=\"noopener noreferrer\">Example Org&#39;s own write-up</a></dd>"
        ),
        "{article}"
    );
    let report = report::gather(&store, None, |_, _| {}).unwrap();
    let md = report::render(&report, Format::Markdown);
    assert!(
        md.contains(
            "**Source:** [Example Org's own write-up](https://blog.example.org/2019/dns-outage)"
        ),
        "{md}"
    );
}

#[test]
fn a_superseded_decision_names_the_decision_that_replaced_it() {
    let (_dir, store) = demo();
    let story = report::story::decision(&store, "dec-polling-backoff").unwrap();
    assert!(
        story
            .status_line
            .starts_with("Replaced by “ADR-2: Order tracking uses server push instead of polling”"),
        "{}",
        story.status_line
    );
}
