//! The trace as a graph: incidents → lessons → trade-offs → decisions in four layers, with
//! the arrows between them. The window draws it with egui's painter, the report as inline SVG;
//! both start from this one description.

use crate::domain::{DecisionTrace, Kind, Relation};
use crate::store::Store;

/// One box in the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub note: String,
}

/// Four layers, left to right, and the arrows between nodes (by id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub headline: String,
    pub summary: String,
    pub layers: [Vec<Node>; 4],
    pub edges: Vec<(String, String)>,
}

pub const LAYER_TITLES: [&str; 4] = ["Incidents", "Lessons", "Trade-offs", "Decisions"];

/// Builds the graph for a decision or an incident.
pub fn graph(store: &Store, id: &str) -> Option<Graph> {
    let mut g = Graph::default();
    match store.kind_of(id).ok()?? {
        Kind::Decision => return Some(decision_graph(&store.trace_decision(id).ok()?)),
        Kind::Incident => {
            let trace = store.trace_incident(id).ok()?;
            g.headline = format!("What “{}” changed", trace.incident.title);
            g.summary = trace.incident.summary.clone();
            push(&mut g.layers[0], incident_node(&trace.incident));
            for l in &trace.lessons {
                push(&mut g.layers[1], lesson_node(l));
                g.edges.push((trace.incident.id.clone(), l.id.clone()));
            }
            for t in &trace.tradeoffs {
                push(
                    &mut g.layers[2],
                    Node {
                        id: t.id.clone(),
                        kind: Kind::TradeOff,
                        title: t.title.clone(),
                        note: tradeoff_note(t),
                    },
                );
                g.edges.push((t.id.clone(), t.decision_id.clone()));
                for link in store.links_from(&t.id).ok()? {
                    let from_shown = link.to_id == trace.incident.id
                        || trace.lessons.iter().any(|l| l.id == link.to_id);
                    if link.relation == Relation::MotivatedBy && from_shown {
                        g.edges.push((link.to_id.clone(), t.id.clone()));
                    }
                }
            }
            for d in &trace.decisions {
                push(&mut g.layers[3], decision_node(d));
            }
        }
        _ => return None,
    }
    g.edges.sort();
    g.edges.dedup();
    Some(g)
}

/// The graph of a decision's trace: its trade-offs, the lessons and incidents behind them.
pub fn decision_graph(trace: &DecisionTrace) -> Graph {
    let mut g = Graph {
        headline: trace.decision.display_title(),
        summary: trace.decision.summary.clone(),
        ..Default::default()
    };
    push(&mut g.layers[3], decision_node(&trace.decision));
    for t in &trace.tradeoffs {
        push(
            &mut g.layers[2],
            Node {
                id: t.tradeoff.id.clone(),
                kind: Kind::TradeOff,
                title: t.tradeoff.title.clone(),
                note: tradeoff_note(&t.tradeoff),
            },
        );
        g.edges
            .push((t.tradeoff.id.clone(), trace.decision.id.clone()));
        for l in &t.lessons {
            push(&mut g.layers[1], lesson_node(&l.lesson));
            g.edges.push((l.lesson.id.clone(), t.tradeoff.id.clone()));
            for incident in &l.learned_from {
                g.edges.push((incident.clone(), l.lesson.id.clone()));
            }
        }
        for i in &t.incidents {
            push(&mut g.layers[0], incident_node(i));
            if !t.lessons.iter().any(|l| l.learned_from.contains(&i.id)) {
                g.edges.push((i.id.clone(), t.tradeoff.id.clone()));
            }
        }
    }
    g.edges.sort();
    g.edges.dedup();
    g
}

/// "gain: …" and "cost: …" in plain words; several gains (a MADR list) one a line.
fn tradeoff_note(t: &crate::domain::TradeOff) -> String {
    let part = |label: &str, text: &str| {
        let lines = super::plain::plain_lines(text);
        match lines.lines().count() {
            0 => format!("{label}: not recorded"),
            1 => format!("{label}: {lines}"),
            _ => format!("{label}:\n{lines}"),
        }
    };
    format!("{}\n{}", part("gain", &t.gain), part("cost", &t.cost))
}

fn push(layer: &mut Vec<Node>, node: Node) {
    if !layer.iter().any(|n| n.id == node.id) {
        layer.push(node);
    }
}

fn decision_node(d: &crate::domain::Decision) -> Node {
    Node {
        id: d.id.clone(),
        kind: Kind::Decision,
        title: d.display_title(),
        note: d.status.to_string(),
    }
}

fn lesson_node(l: &crate::domain::Lesson) -> Node {
    Node {
        id: l.id.clone(),
        kind: Kind::Lesson,
        title: l.statement.clone(),
        note: l.category.to_string(),
    }
}

fn incident_node(i: &crate::domain::Incident) -> Node {
    let mut note = i.severity.to_string();
    if let Some(start) = i.started_at {
        note.push_str(&format!(" · {}", start.format("%Y-%m-%d")));
    }
    if let Some(users) = i.users_affected {
        note.push_str(&format!(
            " · {} users affected",
            crate::domain::thousands(users)
        ));
    }
    Node {
        id: i.id.clone(),
        kind: Kind::Incident,
        title: i.title.clone(),
        note,
    }
}
