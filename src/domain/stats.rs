//! Did the learning work? Figures over the incidents, action items, lessons and decisions of a
//! workspace: incidents per month by severity, the times to detect, mitigate and resolve as
//! distributions (median and p90 with the count behind them, never a lone mean: incident
//! durations are heavily skewed), action items, the learning loop, and for each decision the
//! incidents on its topic before and after it.
//!
//! Pure: the store gathers the records, this computes; tests compute the same figures from the
//! records by hand and compare.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{ActionItem, ActionStatus, Decision, Incident, IncidentStatus, Lesson, Severity};

/// The value at fraction `p` (0..=1) of `sorted` (ascending), by linear interpolation between
/// the closest ranks: rank `p × (n − 1)`.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let weight = rank - low as f64;
    Some(sorted[low] + (sorted[high] - sorted[low]) * weight)
}

/// A duration's distribution over incidents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Distribution {
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    /// How many incidents the figures come from (those with both times).
    pub count: usize,
    /// Each incident's value, for a chart where every incident is a point: (id, minutes).
    #[serde(skip)]
    pub points: Vec<(String, f64)>,
}

impl Distribution {
    fn of(mut points: Vec<(String, f64)>) -> Distribution {
        points.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        let values: Vec<f64> = points.iter().map(|(_, v)| *v).collect();
        Distribution {
            median_minutes: percentile(&values, 0.5),
            p90_minutes: percentile(&values, 0.9),
            count: values.len(),
            points,
        }
    }
}

/// What to count: a time range (by the incident's start, the decision's date) and tags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Incidents and decisions with any of these tags; all when empty.
    pub tags: Vec<String>,
}

impl Filter {
    fn day(&self, day: Option<NaiveDate>) -> bool {
        match day {
            Some(d) => self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u),
            None => self.since.is_none() && self.until.is_none(),
        }
    }

    fn tagged(&self, tags: &[String]) -> bool {
        self.tags.is_empty()
            || tags
                .iter()
                .any(|t| self.tags.iter().any(|f| f.eq_ignore_ascii_case(t)))
    }

    pub fn incident(&self, i: &Incident) -> bool {
        self.day(i.started_at.map(|t| t.date_naive())) && self.tagged(&i.tags)
    }

    pub fn decision(&self, d: &Decision) -> bool {
        self.day(d.date) && self.tagged(&d.tags)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IncidentFigures {
    pub count: usize,
    pub by_severity: BTreeMap<String, usize>,
    /// Incidents per month ("2024-11"), all severities.
    pub by_month: BTreeMap<String, usize>,
    /// Incidents per month and severity, for the stacked chart.
    pub by_month_and_severity: BTreeMap<String, BTreeMap<String, usize>>,
    pub time_to_detect: Distribution,
    pub time_to_mitigate: Distribution,
    pub time_to_resolve: Distribution,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OwnerFigures {
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActionFigures {
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
    /// Days the most overdue item is past its due date.
    pub most_days_overdue: Option<i64>,
    pub median_days_to_close: Option<f64>,
    /// How many done items the median comes from (those whose opening and closing days are
    /// known).
    pub closed_with_dates: usize,
    pub by_owner: BTreeMap<String, OwnerFigures>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LessonFigures {
    pub count: usize,
    /// Lessons that motivated a trade-off or a checklist item.
    pub acted_on: usize,
    /// Lessons that changed nothing yet: (id, statement).
    pub not_acted_on: Vec<(String, String)>,
    /// Published incidents that taught no lesson: (id, title).
    pub published_without_lesson: Vec<(String, String)>,
}

/// The incidents on one topic in a stretch of time.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stretch {
    pub count: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub median_minutes_to_resolve: Option<f64>,
    /// The incidents: (id, title).
    pub incidents: Vec<(String, String)>,
}

/// Did a decision work: the incidents on its topic before and after its date.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Effect {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
    /// The tags the topic is made of: the decision's, and those of the incidents behind it.
    pub topic: Vec<String>,
    pub before: Stretch,
    pub after: Stretch,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DecisionFigures {
    /// Decisions past their revisit date.
    pub revisit_due: usize,
    /// Every revisit date, soonest first: (id, title, date).
    pub revisits: Vec<(String, String, NaiveDate)>,
    /// The dates decisions were taken, for the time axis: (id, title, date).
    pub taken: Vec<(String, String, NaiveDate)>,
    pub effects: Vec<Effect>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    pub incidents: IncidentFigures,
    pub actions: ActionFigures,
    pub lessons: LessonFigures,
    pub decisions: DecisionFigures,
}

/// What the figures are computed from: the records, and the links between them that matter.
#[derive(Clone, Debug, Default)]
pub struct StatsInput {
    pub incidents: Vec<Incident>,
    pub actions: Vec<ActionItem>,
    pub lessons: Vec<Lesson>,
    pub decisions: Vec<Decision>,
    /// Lessons a trade-off or checklist item points to (motivated by, the item's lesson).
    pub acted_on: BTreeSet<String>,
    /// (lesson id, incident id) for each lesson learned from an incident.
    pub learned_from: Vec<(String, String)>,
    /// (decision id, lesson or incident id) for what motivated each decision's trade-offs.
    pub motivated_by: Vec<(String, String)>,
}

fn minutes(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Option<f64> {
    let m = (to? - from?).num_seconds() as f64 / 60.0;
    (m >= 0.0).then_some(m)
}

fn incident_figures(incidents: &[&Incident]) -> IncidentFigures {
    let mut figures = IncidentFigures {
        count: incidents.len(),
        ..Default::default()
    };
    let (mut detect, mut mitigate, mut resolve) = (Vec::new(), Vec::new(), Vec::new());
    for i in incidents {
        let severity = i.severity.as_str().to_string();
        *figures.by_severity.entry(severity.clone()).or_default() += 1;
        if let Some(start) = i.started_at {
            let month = start.format("%Y-%m").to_string();
            *figures.by_month.entry(month.clone()).or_default() += 1;
            *figures
                .by_month_and_severity
                .entry(month)
                .or_default()
                .entry(severity)
                .or_default() += 1;
        }
        let point = |into: &mut Vec<(String, f64)>, to| {
            if let Some(m) = minutes(i.started_at, to) {
                into.push((i.id.clone(), m));
            }
        };
        point(&mut detect, i.detected_at);
        point(&mut mitigate, i.mitigated_at);
        point(&mut resolve, i.resolved_at);
    }
    figures.time_to_detect = Distribution::of(detect);
    figures.time_to_mitigate = Distribution::of(mitigate);
    figures.time_to_resolve = Distribution::of(resolve);
    figures
}

fn action_figures(actions: &[ActionItem], today: NaiveDate) -> ActionFigures {
    let mut figures = ActionFigures::default();
    let mut days = Vec::new();
    for a in actions {
        let owner = a
            .owner
            .clone()
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| "(nobody)".into());
        let by_owner = figures.by_owner.entry(owner).or_default();
        match a.status {
            ActionStatus::Done => {
                figures.done += 1;
                by_owner.done += 1;
                if let Some(d) = a.days_to_close() {
                    days.push(d as f64);
                }
            }
            ActionStatus::Open => {
                figures.open += 1;
                by_owner.open += 1;
                if a.is_overdue(today) {
                    figures.overdue += 1;
                    by_owner.overdue += 1;
                    let late = a.due.map(|d| (today - d).num_days());
                    figures.most_days_overdue = figures.most_days_overdue.max(late);
                }
            }
        }
    }
    days.sort_by(f64::total_cmp);
    figures.closed_with_dates = days.len();
    figures.median_days_to_close = percentile(&days, 0.5);
    figures
}

fn stretch(incidents: Vec<&Incident>) -> Stretch {
    let mut by_severity = BTreeMap::new();
    let mut resolve: Vec<f64> = Vec::new();
    for i in &incidents {
        *by_severity
            .entry(i.severity.as_str().to_string())
            .or_default() += 1;
        resolve.extend(minutes(i.started_at, i.resolved_at));
    }
    resolve.sort_by(f64::total_cmp);
    Stretch {
        count: incidents.len(),
        by_severity,
        median_minutes_to_resolve: percentile(&resolve, 0.5),
        incidents: incidents
            .iter()
            .map(|i| (i.id.clone(), i.title.clone()))
            .collect(),
    }
}

/// The links and indexes the effects of many decisions are computed from, built once.
struct Topics<'a> {
    motivated_by: HashMap<&'a str, Vec<&'a str>>,
    learned_from: HashMap<&'a str, Vec<&'a str>>,
    tags_of: HashMap<&'a str, &'a [String]>,
    /// The counted incidents with each (lower-case) tag: indices into them.
    by_tag: HashMap<String, Vec<usize>>,
}

impl<'a> Topics<'a> {
    fn new(input: &'a StatsInput, incidents: &[&'a Incident]) -> Topics<'a> {
        let mut motivated_by: HashMap<&str, Vec<&str>> = HashMap::new();
        for (decision, why) in &input.motivated_by {
            motivated_by.entry(decision).or_default().push(why);
        }
        let mut learned_from: HashMap<&str, Vec<&str>> = HashMap::new();
        for (lesson, incident) in &input.learned_from {
            learned_from.entry(lesson).or_default().push(incident);
        }
        let tags_of = input
            .incidents
            .iter()
            .map(|i| (i.id.as_str(), i.tags.as_slice()))
            .collect();
        let mut by_tag: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, i) in incidents.iter().enumerate() {
            for tag in &i.tags {
                by_tag.entry(tag.to_lowercase()).or_default().push(n);
            }
        }
        Topics {
            motivated_by,
            learned_from,
            tags_of,
            by_tag,
        }
    }

    /// The decision's topic: its tags and those of the incidents behind its trade-offs.
    fn of(&self, d: &Decision) -> BTreeSet<String> {
        let mut topic: BTreeSet<String> = d.tags.iter().map(|t| t.to_lowercase()).collect();
        for why in self.motivated_by.get(d.id.as_str()).into_iter().flatten() {
            let learned = self.learned_from.get(why).into_iter().flatten();
            for incident in std::iter::once(why).chain(learned) {
                for tag in self.tags_of.get(incident).copied().unwrap_or_default() {
                    topic.insert(tag.to_lowercase());
                }
            }
        }
        topic
    }
}

/// The incidents on the decision's topic before and after its date.
fn effect(d: &Decision, topics: &Topics<'_>, incidents: &[&Incident]) -> Option<Effect> {
    let date = d.date?;
    let topic = topics.of(d);
    let mut on_topic: Vec<usize> = topic
        .iter()
        .flat_map(|t| topics.by_tag.get(t).into_iter().flatten().copied())
        .collect();
    if on_topic.is_empty() {
        return None;
    }
    on_topic.sort_unstable();
    on_topic.dedup();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for n in on_topic {
        let i = incidents[n];
        match i.started_at.map(|t| t.date_naive()) {
            Some(s) if s < date => before.push(i),
            Some(_) => after.push(i),
            None => {}
        }
    }
    Some(Effect {
        id: d.id.clone(),
        title: d.display_title(),
        date,
        topic: topic.into_iter().collect(),
        before: stretch(before),
        after: stretch(after),
    })
}

/// Every figure, for the records `filter` lets through, as of `today`.
pub fn compute(input: &StatsInput, filter: &Filter, today: NaiveDate) -> Stats {
    let incidents: Vec<&Incident> = input
        .incidents
        .iter()
        .filter(|i| filter.incident(i))
        .collect();
    let decisions: Vec<&Decision> = input
        .decisions
        .iter()
        .filter(|d| filter.decision(d))
        .collect();
    let taught: BTreeSet<&str> = input
        .learned_from
        .iter()
        .map(|(_, incident)| incident.as_str())
        .collect();
    let lessons = LessonFigures {
        count: input.lessons.len(),
        acted_on: input
            .lessons
            .iter()
            .filter(|l| input.acted_on.contains(&l.id))
            .count(),
        not_acted_on: input
            .lessons
            .iter()
            .filter(|l| !input.acted_on.contains(&l.id))
            .map(|l| (l.id.clone(), l.statement.clone()))
            .collect(),
        published_without_lesson: incidents
            .iter()
            .filter(|i| i.status == IncidentStatus::Published && !taught.contains(i.id.as_str()))
            .map(|i| (i.id.clone(), i.title.clone()))
            .collect(),
    };
    let mut revisits: Vec<(String, String, NaiveDate)> = decisions
        .iter()
        .filter_map(|d| Some((d.id.clone(), d.display_title(), d.revisit_by?)))
        .collect();
    revisits.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    let mut taken: Vec<(String, String, NaiveDate)> = decisions
        .iter()
        .filter_map(|d| Some((d.id.clone(), d.display_title(), d.date?)))
        .collect();
    taken.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    Stats {
        incidents: incident_figures(&incidents),
        actions: action_figures(&input.actions, today),
        lessons,
        decisions: DecisionFigures {
            revisit_due: revisits.iter().filter(|r| r.2 < today).count(),
            revisits,
            taken,
            effects: {
                let topics = Topics::new(input, &incidents);
                decisions
                    .iter()
                    .filter_map(|d| effect(d, &topics, &incidents))
                    .collect()
            },
        },
    }
}

/// The severities, worst first, as the charts stack them.
pub fn severities() -> [Severity; 4] {
    [
        Severity::Sev1,
        Severity::Sev2,
        Severity::Sev3,
        Severity::Sev4,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_the_closest_ranks() {
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        // rank 0.9 × 9 = 8.1: 9 + 0.1 × (100 − 9)
        let skewed = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 100.0];
        let p90 = percentile(&skewed, 0.9).unwrap();
        assert!((p90 - 18.1).abs() < 1e-9, "{p90}");
    }
}
