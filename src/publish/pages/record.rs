//! The pages of lessons and reviews, and the one page of every action item: what a lesson
//! says, the incidents it was learned from and the trade-offs it motivated; a review's answers
//! question by question, its risks and the action items they became, and its sign-offs.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Ctx, history};
use crate::domain::{ActionItem, ActionStatus, Answer, Checklist, Kind, Lesson, Relation, Review};
use crate::publish::site::{Entry, Site};
use crate::report::html::{Links, linked};
use crate::report::safe::{escape, markdown_html, under_heading};

pub fn lesson(out: &mut String, cx: &Ctx<'_>, entry: &Entry, l: &Lesson) {
    let links = cx.links();
    let _ = writeln!(out, "<h1>{}</h1>", escape(&l.statement));
    let _ = writeln!(
        out,
        "<p class=\"meta\">A lesson about {}{}</p>",
        escape(&l.category.to_string()),
        cx.repo_badge()
    );
    super::dates_line(out, entry);
    if !l.explanation.trim().is_empty() {
        out.push_str("<h2>Why</h2>\n");
        out.push_str(&under_heading(2, || markdown_html(&l.explanation)));
    }
    let mut learned_from = Vec::new();
    let mut motivated = Vec::new();
    for link in cx.store.links_to(&l.id).unwrap_or_default() {
        if link.relation == Relation::MotivatedBy {
            motivated.push(link.from_id);
        }
    }
    for link in cx.store.links_from(&l.id).unwrap_or_default() {
        if link.relation == Relation::LearnedFrom {
            learned_from.push(link.to_id);
        }
    }
    out.push_str("<h2>Learned from</h2>\n");
    list_of(
        out,
        cx,
        &learned_from,
        "No incident is linked to this lesson yet.",
    );
    out.push_str("<h2>What it changed</h2>\n");
    if motivated.is_empty() {
        out.push_str("<p>No trade-off cites this lesson yet.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for id in &motivated {
            let title = cx.site.find(cx.repo, id).map(|e| e.title.clone());
            let decision = cx
                .store
                .get::<crate::domain::TradeOff>(id)
                .ok()
                .and_then(|t| cx.site.find(cx.repo, &t.decision_id).cloned());
            let _ = write!(
                out,
                "<li>{}",
                linked(
                    title.as_deref().unwrap_or(id),
                    links.href(Kind::TradeOff, id)
                )
            );
            if let Some(d) = decision {
                let _ = write!(
                    out,
                    ", part of {}",
                    linked(&d.title, Some(format!("{}{}", cx.up(), d.path)))
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    super::across(out, cx, entry);
    history(out, cx, entry);
}

/// Records named by id, each a link, or `none` when there are none.
fn list_of(out: &mut String, cx: &Ctx<'_>, ids: &[String], none: &str) {
    if ids.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(none));
        return;
    }
    out.push_str("<ul>\n");
    for id in ids {
        match cx.site.find(cx.repo, id) {
            Some(e) => {
                let _ = writeln!(
                    out,
                    "<li>{}</li>",
                    linked(&e.title, Some(format!("{}{}", cx.up(), e.path)))
                );
            }
            None => {
                let _ = writeln!(out, "<li>{}</li>", escape(id));
            }
        }
    }
    out.push_str("</ul>\n");
}

pub fn review(out: &mut String, cx: &Ctx<'_>, entry: &Entry, r: &Review) {
    let links = cx.links();
    let _ = writeln!(out, "<h1>{}</h1>", escape(&r.title));
    let decision = cx.site.find(cx.repo, &r.decision_id);
    let _ = write!(out, "<p class=\"meta\">A review of ");
    match decision {
        Some(d) => out.push_str(&linked(&d.title, Some(format!("{}{}", cx.up(), d.path)))),
        None => out.push_str(&escape(&r.decision_id)),
    }
    if let Some(date) = r.date {
        let _ = write!(out, " on {date}");
    }
    if !r.participants.is_empty() {
        let _ = write!(out, " · with {}", escape(&r.participants.join(", ")));
    }
    let _ = writeln!(out, "{}</p>", cx.repo_badge());
    let checklist = cx.store.get::<Checklist>(&r.checklist_id).ok();
    let questions: HashMap<&str, (&str, &str)> = checklist
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i| (i.id.as_str(), (i.section.as_str(), i.question.as_str())))
        .collect();
    if let Some(c) = &checklist {
        let _ = writeln!(
            out,
            "<p>Walked through the checklist “{}”.</p>",
            escape(&c.name)
        );
    }
    out.push_str("<h2>Answers</h2>\n");
    if r.answers.is_empty() {
        out.push_str("<p>No question answered yet.</p>\n");
    } else {
        out.push_str("<table class=\"answers\">\n<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Answer</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
        for a in &r.answers {
            let (section, question) = questions
                .get(a.item_id.as_str())
                .copied()
                .unwrap_or(("", a.item_id.as_str()));
            let section = if section.is_empty() {
                String::new()
            } else {
                format!("<span class=\"hint\">{}</span> ", escape(section))
            };
            let _ = writeln!(
                out,
                "<tr><td>{section}{}</td><td><span class=\"badge{}\">{}</span></td><td>{}</td></tr>",
                escape(question),
                if a.answer == Answer::Risk {
                    " warn"
                } else {
                    ""
                },
                a.answer.words(),
                escape(&a.note)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let risks: Vec<_> = r
        .answers
        .iter()
        .filter(|a| a.answer == Answer::Risk)
        .collect();
    out.push_str("<h2>Risks and what we do about them</h2>\n");
    if risks.is_empty() {
        out.push_str("<p>The review found no risk.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for a in risks {
            let question = questions
                .get(a.item_id.as_str())
                .map(|(_, q)| *q)
                .unwrap_or(a.item_id.as_str());
            let _ = write!(out, "<li><strong>{}</strong>", escape(question));
            if !a.note.trim().is_empty() {
                let _ = write!(out, ": {}", escape(&a.note));
            }
            if !a.actions.is_empty() {
                let items: Vec<String> = a
                    .actions
                    .iter()
                    .map(|id| {
                        let title = cx.site.find(cx.repo, id).map(|e| e.title.clone());
                        linked(title.as_deref().unwrap_or(id), links.href(Kind::Action, id))
                    })
                    .collect();
                let _ = write!(out, " — action items: {}", items.join(", "));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    // Action items made for the review but for none of its risks.
    let for_risks: std::collections::HashSet<&str> = r
        .answers
        .iter()
        .flat_map(|a| a.actions.iter().map(String::as_str))
        .collect();
    let others: Vec<ActionItem> = cx
        .store
        .children::<ActionItem>(&r.id)
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !for_risks.contains(a.id.as_str()))
        .collect();
    super::action_items(out, cx, &others);
    out.push_str("<h2>Sign-offs</h2>\n");
    let state = cx.store.signoff_state(&r.decision_id).ok();
    let entries: Vec<_> = state
        .iter()
        .flat_map(|s| s.entries.iter())
        .filter(|e| e.review_id == r.id)
        .collect();
    if entries.is_empty() {
        out.push_str("<p>Nobody has signed off in this review yet.</p>\n");
    } else {
        crate::report::html::signoff_list(
            out,
            entries.into_iter(),
            "out of date: the decision changed since",
        );
    }
    super::across(out, cx, entry);
    history(out, cx, entry);
}

/// How urgent an open action item is, from where it came from: the level of the review
/// question whose risk it answers, or the severity of its incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    High,
    Medium,
    Low,
    NotAssessed,
}

impl Urgency {
    pub fn words(self) -> &'static str {
        match self {
            Urgency::High => "High risk",
            Urgency::Medium => "Medium risk",
            Urgency::Low => "Low risk",
            Urgency::NotAssessed => "Risk not assessed",
        }
    }
}

/// Each action item's urgency, in one repository.
pub fn urgencies(store: &crate::store::Store) -> HashMap<String, Urgency> {
    use crate::domain::{Incident, Level, Severity};
    let mut out = HashMap::new();
    let checklists: HashMap<String, Checklist> = store
        .list::<Checklist>()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    for r in store.list::<Review>().unwrap_or_default() {
        for a in &r.answers {
            let level = checklists
                .get(&r.checklist_id)
                .and_then(|c| c.items.iter().find(|i| i.id == a.item_id))
                .map(|i| i.level);
            let urgency = match level {
                Some(Level::Must) => Urgency::High,
                Some(Level::Should) => Urgency::Medium,
                Some(Level::Could) => Urgency::Low,
                None => Urgency::NotAssessed,
            };
            for id in &a.actions {
                out.insert(id.clone(), urgency);
            }
        }
    }
    let severities: HashMap<String, Severity> = store
        .list::<Incident>()
        .unwrap_or_default()
        .into_iter()
        .map(|i| (i.id, i.severity))
        .collect();
    for a in store.list::<ActionItem>().unwrap_or_default() {
        if out.contains_key(&a.id) {
            continue;
        }
        let urgency = match a.source_id.as_ref().and_then(|s| severities.get(s)) {
            Some(Severity::Sev1 | Severity::Sev2) => Urgency::High,
            Some(Severity::Sev3) => Urgency::Medium,
            Some(Severity::Sev4) => Urgency::Low,
            _ => Urgency::NotAssessed,
        };
        out.insert(a.id, urgency);
    }
    out
}

/// One action item as a list line: its title, owner, due day and where it came from.
pub fn action_line(site: &Site, repo: usize, up: &str, a: &ActionItem) -> String {
    let mut line = escape(&crate::report::plain::plain_lines(&a.title).replace('\n', " "));
    if let Some(owner) = &a.owner {
        let _ = write!(line, " · {}", escape(owner));
    }
    if let Some(due) = a.due {
        let _ = write!(line, " · due {due}");
    }
    if let Some(source) = a.source_id.as_ref().and_then(|s| site.find(repo, s)) {
        let _ = write!(
            line,
            " · from {}",
            linked(&source.title, Some(format!("{up}{}", source.path)))
        );
    }
    if a.status == ActionStatus::Done {
        line.push_str(" <span class=\"badge\">done</span>");
    }
    line
}
