//! List rows: what the window's lists show of each record, made once per change.

use std::collections::HashMap;

use crate::domain::{AnyRecord, Kind};
use crate::store::{Result, Store};

/// One row of a list view.
#[derive(Clone, Debug, PartialEq)]
pub struct ListRow {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    /// Status (decision, incident, action) or the kind's main value (risk, category).
    pub status: String,
    /// A short extra column: ADR number, severity, owner, item count.
    pub badge: String,
    /// Date shown in the list (decision date, incident start, action due).
    pub date: String,
    /// Words the filters look at: tags, owner, people.
    pub tags: Vec<String>,
    /// Stands out in the list (an overdue action, a SEV1).
    pub alert: bool,
    /// An incident's own reference ("INC-2024-019").
    pub reference: Option<String>,
    /// A state the status filter offers besides the status ("due for revisit").
    pub mark: Option<&'static str>,
    /// The record this one belongs to: a trade-off's or review's decision, an action item's
    /// incident or review.
    pub parent_id: Option<String>,
    /// That record as the list names it ("ADR-3: Payments are queued", "INC-2024-019 Checkout
    /// crashed"), filled in once every list is read.
    pub part_of: Option<String>,
    /// Brought or changed by a teammate through a sync, and not opened here since.
    pub unseen: bool,
}

/// The mark of a decision past its revisit date.
pub const DUE_FOR_REVISIT: &str = "due for revisit";

/// The mark of a record a sync brought from the team, not opened here since.
pub const NEW_FROM_TEAM: &str = "new from the team";

impl ListRow {
    pub fn of(record: &AnyRecord) -> ListRow {
        let mut row = ListRow {
            id: record.id().to_string(),
            kind: record.kind(),
            title: record.title().to_string(),
            status: String::new(),
            badge: String::new(),
            date: String::new(),
            tags: Vec::new(),
            alert: false,
            reference: None,
            mark: None,
            parent_id: None,
            part_of: None,
            unseen: false,
        };
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match record {
            AnyRecord::Decision(d) => {
                row.status = d.status.to_string();
                row.badge = d.number.map(|n| format!("ADR-{n}")).unwrap_or_default();
                row.date = date(d.date);
                row.tags = d.tags.clone();
                let today = chrono::Utc::now().date_naive();
                if d.revisit_by.is_some_and(|r| r < today) && d.status.is_in_force() {
                    row.mark = Some(DUE_FOR_REVISIT);
                    row.alert = true;
                }
            }
            AnyRecord::TradeOff(t) => {
                row.parent_id = Some(t.decision_id.clone());
                row.status = t.risk.words().to_string();
                row.alert = t.risk == crate::domain::RiskLevel::High;
            }
            AnyRecord::Lesson(l) => row.status = l.category.to_string(),
            AnyRecord::Incident(i) => {
                row.status = i.status.to_string();
                row.badge = i.severity.to_string();
                row.date = i
                    .started_at
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                row.alert = i.severity == crate::domain::Severity::Sev1;
                row.tags = i.authors.iter().chain(&i.tags).cloned().collect();
                row.reference = Some(i.reference.clone()).filter(|r| !r.is_empty());
            }
            AnyRecord::Action(a) => {
                row.parent_id = a.source_id.clone();
                row.status = a.status.to_string();
                row.badge = a.owner.clone().unwrap_or_default();
                row.date = date(a.due);
                row.alert = a.is_overdue(chrono::Utc::now().date_naive());
                row.tags = a.owner.iter().cloned().collect();
            }
            AnyRecord::Checklist(c) => row.badge = format!("{} items", c.items.len()),
            AnyRecord::Review(r) => {
                row.parent_id = Some(r.decision_id.clone());
                row.date = date(r.date);
                row.badge = match r.risk_count() {
                    1 => "1 risk".to_string(),
                    n => format!("{n} risks"),
                };
                row.tags = r.participants.clone();
            }
        }
        row
    }

    /// Whether the status filter's value `state` fits: the status, the badge or a mark.
    pub fn has_state(&self, state: &str) -> bool {
        self.status == state
            || self.badge == state
            || self.mark == Some(state)
            || (self.unseen && state == NEW_FROM_TEAM)
    }

    /// How the list names this record when another belongs to it.
    pub fn name(&self) -> String {
        match (self.kind, self.reference.as_deref()) {
            (Kind::Decision, _) if !self.badge.is_empty() => {
                format!("{}: {}", self.badge, self.title)
            }
            (Kind::Incident, Some(reference)) => format!("{reference} {}", self.title),
            _ => self.title.clone(),
        }
    }

    /// Whether every word of `filter` appears in the title, id, status, badge, tags or the
    /// record it belongs to.
    pub fn matches(&self, filter: &str) -> bool {
        let haystack = format!(
            "{} {} {} {} {} {} {}",
            self.title,
            self.id,
            self.status,
            self.badge,
            self.tags.join(" "),
            self.reference.as_deref().unwrap_or(""),
            self.part_of.as_deref().unwrap_or("")
        )
        .to_lowercase();
        filter
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}

pub(super) fn load(
    store: &Store,
    kind: Kind,
    unseen: &std::collections::HashSet<String>,
) -> Result<Vec<ListRow>> {
    Ok(store
        .list_any(kind)?
        .iter()
        .map(|record| {
            let mut row = ListRow::of(record);
            row.unseen = unseen.contains(&row.id);
            row
        })
        .collect())
}

/// The kinds others belong to.
pub(super) const PARENTS: [Kind; 3] = [Kind::Decision, Kind::Incident, Kind::Review];

/// Fills in, for every row that belongs to another record, how the list names that record.
pub(super) fn name_parents(rows: &mut HashMap<Kind, Vec<ListRow>>) {
    let names: HashMap<String, String> = PARENTS
        .iter()
        .flat_map(|k| rows.get(k).into_iter().flatten())
        .map(|r| (r.id.clone(), r.name()))
        .collect();
    for kind in [Kind::TradeOff, Kind::Action, Kind::Review] {
        for row in rows.get_mut(&kind).into_iter().flatten() {
            row.part_of = row.parent_id.as_ref().and_then(|p| names.get(p).cloned());
        }
    }
}

/// Fills in the name of the record `row` belongs to, from the lists read.
pub(super) fn name_parent(row: &mut ListRow, rows: &HashMap<Kind, Vec<ListRow>>) {
    row.part_of = row.parent_id.as_ref().and_then(|p| {
        PARENTS
            .iter()
            .flat_map(|k| rows.get(k).into_iter().flatten())
            .find(|r| &r.id == p)
            .map(ListRow::name)
    });
}
