//! Did the learning work? Figures over the incidents, action items, lessons and decisions of a
//! workspace: incidents per month by severity, the times to detect, mitigate and resolve as
//! distributions (median and p90 with the count behind them, never a lone mean: incident
//! durations are heavily skewed), action items, the learning loop, and for each decision the
//! incidents on its topic before and after it.
//!
//! Pure: the store gathers the records, this computes; tests compute the same figures from the
//! records by hand and compare.

mod effects;
mod input;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use super::{ActionItem, ActionStatus, IncidentStatus, Severity};
pub use input::{DecisionFacts, IncidentFacts, StatsInput};

/// The value at fraction `p` (0..=1) of `sorted` (ascending), by linear interpolation between
/// the closest ranks: rank `p × (n − 1)`.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let weight = rank - low as f64;
    Some(sorted[low] + (sorted[high] - sorted[low]) * weight)
}

/// A figure to two decimals in JSON: interpolation leaves float noise (174.00000000000023)
/// that says nothing and trips a script's equality.
fn rounded<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_some(&((v * 100.0).round() / 100.0)),
        None => s.serialize_none(),
    }
}

/// A figure in minutes as people say it ("2 h 54 min"), to the second.
pub fn minutes_words(minutes: f64) -> String {
    super::human_duration(chrono::TimeDelta::seconds((minutes * 60.0).round() as i64))
}

/// A duration's distribution over incidents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Distribution {
    #[serde(serialize_with = "rounded")]
    pub median_minutes: Option<f64>,
    #[serde(serialize_with = "rounded")]
    pub p90_minutes: Option<f64>,
    /// How many incidents the figures come from (those with both times).
    pub count: usize,
    /// Each incident's value, for a chart where every incident is a point: (id, minutes).
    #[serde(skip)]
    pub points: Vec<(String, f64)>,
}

impl Distribution {
    fn of(mut points: Vec<(String, f64)>) -> Distribution {
        points.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
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

    pub fn incident(&self, i: &IncidentFacts) -> bool {
        self.day(i.started_at.map(|t| t.date_naive())) && self.tagged(&i.tags)
    }

    pub fn decision(&self, d: &DecisionFacts) -> bool {
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
    #[serde(serialize_with = "rounded")]
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
    /// Lessons that changed nothing yet (the title is the lesson's statement).
    pub not_acted_on: Vec<Named>,
    /// Published incidents that taught no lesson.
    pub published_without_lesson: Vec<Named>,
}

/// A record a figure points to.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub title: String,
}

/// A decision's date for a second look.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Revisit {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
    /// Whether the date has passed.
    pub due: bool,
}

/// The incidents on one topic in a stretch of time.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stretch {
    pub count: usize,
    /// How long the stretch is, in days: from the workspace's first incident (or the filter's
    /// start) to the decision, or from the decision to today (or the filter's end). Counts of
    /// stretches of different lengths compare only per day.
    pub days: i64,
    pub by_severity: BTreeMap<String, usize>,
    #[serde(serialize_with = "rounded")]
    pub median_minutes_to_resolve: Option<f64>,
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
    /// Decisions in force past their revisit date.
    pub revisit_due: usize,
    /// The revisit dates of decisions in force (proposed or accepted), soonest first; not
    /// narrowed by the filter: a second look is due now whatever is being looked at.
    pub revisits: Vec<Revisit>,
    /// The dates decisions were taken (accepted, and perhaps since deprecated or superseded),
    /// for the time axis: (id, title, date); the effects carry
    /// the same dates for scripts.
    #[serde(skip)]
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

fn minutes(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Option<f64> {
    let m = (to? - from?).num_seconds() as f64 / 60.0;
    (m >= 0.0).then_some(m)
}

fn incident_figures(incidents: &[&IncidentFacts]) -> IncidentFigures {
    let mut figures = IncidentFigures {
        count: incidents.len(),
        ..Default::default()
    };
    let (mut detect, mut mitigate, mut resolve) = (Vec::new(), Vec::new(), Vec::new());
    // Counted by (year, month) and severity index, named once at the end.
    let mut by_month: BTreeMap<(i32, u32), [usize; 4]> = BTreeMap::new();
    let mut by_severity = [0usize; 4];
    for i in incidents {
        let severity = severities()
            .iter()
            .position(|s| *s == i.severity)
            .unwrap_or(3);
        by_severity[severity] += 1;
        if let Some(start) = i.started_at {
            by_month.entry((start.year(), start.month())).or_default()[severity] += 1;
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
    let named = |counts: [usize; 4]| -> BTreeMap<String, usize> {
        severities()
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| (s.as_str().to_string(), n))
            .collect()
    };
    figures.by_severity = named(by_severity);
    for ((year, month), counts) in by_month {
        let month = format!("{year:04}-{month:02}");
        figures.by_month.insert(month.clone(), counts.iter().sum());
        figures.by_month_and_severity.insert(month, named(counts));
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

/// Every figure, for the records `filter` lets through, as of `today`.
pub fn compute(input: &StatsInput, filter: &Filter, today: NaiveDate) -> Stats {
    let incidents: Vec<&IncidentFacts> = input
        .incidents
        .iter()
        .filter(|i| filter.incident(i))
        .collect();
    let decisions: Vec<&DecisionFacts> = input
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
            .map(|l| Named {
                id: l.id.clone(),
                title: l.statement.clone(),
            })
            .collect(),
        published_without_lesson: incidents
            .iter()
            .filter(|i| i.status == IncidentStatus::Published && !taught.contains(i.id.as_str()))
            .map(|i| Named {
                id: i.id.clone(),
                title: i.title.clone(),
            })
            .collect(),
    };
    let mut revisits: Vec<Revisit> = input
        .decisions
        .iter()
        .filter(|d| d.status.is_in_force())
        .filter_map(|d| {
            let date = d.revisit_by?;
            Some(Revisit {
                id: d.id.clone(),
                title: d.display_title(),
                date,
                due: date < today,
            })
        })
        .collect();
    revisits.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let taken_decisions: Vec<&DecisionFacts> = decisions
        .into_iter()
        .filter(|d| d.status.was_taken())
        .collect();
    let mut taken: Vec<(String, String, NaiveDate)> = taken_decisions
        .iter()
        .filter_map(|d| Some((d.id.clone(), d.display_title(), d.date?)))
        .collect();
    taken.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    Stats {
        incidents: incident_figures(&incidents),
        actions: action_figures(&input.actions, today),
        lessons,
        decisions: DecisionFigures {
            revisit_due: revisits.iter().filter(|r| r.due).count(),
            revisits,
            taken,
            effects: effects::Topics::new(input, &incidents).effects(
                &taken_decisions,
                filter.since.or(first_day(input)),
                filter.until.map_or(today, |u| u.min(today)),
            ),
        },
    }
}

/// The day the first incident of the workspace started, whatever the filter: where the
/// record of incidents begins, so where a decision's "before" begins.
fn first_day(input: &StatsInput) -> Option<NaiveDate> {
    input
        .incidents
        .iter()
        .filter_map(|i| i.started_at)
        .min()
        .map(|t| t.date_naive())
}

/// "Did it work?" for one decision, over every incident: what its page shows. `None` when it
/// was not taken (proposed, rejected), has no date, or no incident is on its topic.
pub fn effect_of(input: &StatsInput, decision_id: &str, today: NaiveDate) -> Option<Effect> {
    let decision = input.decisions.iter().find(|d| d.id == decision_id)?;
    if !decision.status.was_taken() {
        return None;
    }
    let incidents: Vec<&IncidentFacts> = input.incidents.iter().collect();
    effects::Topics::new(input, &incidents)
        .effects(&[decision], first_day(input), today)
        .into_iter()
        .next()
}

/// Round durations for a log axis, in minutes, with the words a reader uses for them: the
/// window's and the report's duration charts mark these rather than powers of ten of minutes
/// ("1 h 40 min").
pub const ROUND_DURATIONS: [(f64, &str); 8] = [
    (1.0, "1 min"),
    (10.0, "10 min"),
    (60.0, "1 h"),
    (360.0, "6 h"),
    (1440.0, "1 day"),
    (10_080.0, "1 week"),
    (43_200.0, "30 days"),
    (525_600.0, "1 year"),
];

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
