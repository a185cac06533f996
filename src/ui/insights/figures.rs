//! What the Insights view draws, worked out once per filter and workspace change and never in
//! a frame: the figures, the tags to filter by, the longest incidents with their titles, the
//! dots of each distribution (thinned to one per spot), and the decisions' marks on the time
//! axis (one a month when there are too many to tell apart).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::charts::{month_index, month_label};
use crate::domain::stats::{Distribution, Filter, Stats, compute};
use crate::store::Store;

/// What the view draws, worked out once per filter and workspace change, never in a frame.
pub(super) struct Figures {
    pub stats: Stats,
    /// Every tag of an incident, to choose from.
    pub tags: Vec<String>,
    /// Each incident's title by id, to name a dot under the pointer.
    pub titles: HashMap<String, String>,
    /// The incidents that took longest to resolve: (id, title, minutes).
    pub longest: Vec<(String, String, f64)>,
    /// The dots of each distribution as drawn: incidents that would land on the same spot are
    /// drawn once (a click still finds the nearest incident among all).
    pub dots: [Vec<[f64; 2]>; 3],
    /// The decisions on the time axis: (x, what hovering says); one mark a month when there
    /// are too many to tell apart.
    pub marks: Vec<(f64, String)>,
}

impl Figures {
    pub(super) fn read(store: &Store, filter: &Filter) -> Figures {
        let input = store.stats_input().unwrap_or_default();
        let mut tags: Vec<String> = input
            .incidents
            .iter()
            .flat_map(|i| i.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        let stats = compute(&input, filter, chrono::Utc::now().date_naive());
        let longest = stats
            .incidents
            .time_to_resolve
            .points
            .iter()
            .rev()
            .take(3)
            .map(|(id, m)| {
                let title = input.incidents.iter().find(|i| &i.id == id);
                let title = title.map_or_else(|| id.clone(), |i| i.title.clone());
                (id.clone(), title, *m)
            })
            .collect();
        let i = &stats.incidents;
        let dots = [&i.time_to_detect, &i.time_to_mitigate, &i.time_to_resolve].map(dots);
        let marks = marks(&stats.decisions.taken);
        let titles = input
            .incidents
            .iter()
            .map(|i| (i.id.clone(), i.title.clone()))
            .collect();
        Figures {
            stats,
            tags,
            titles,
            longest,
            dots,
            marks,
        }
    }
}

/// Where the n-th incident of a distribution is drawn: minutes on a log scale, and one of five
/// lanes so that close values stay apart.
pub(super) fn dot_at(n: usize, minutes: f64) -> [f64; 2] {
    [minutes.max(1.0).log10(), ((n * 7) % 5) as f64 * 0.1]
}

/// The dots to draw: one for each spot some incident lands on (at 10,000 incidents most
/// overlap; drawing each would cost a frame tens of milliseconds).
fn dots(d: &Distribution) -> Vec<[f64; 2]> {
    let mut taken = HashSet::new();
    d.points
        .iter()
        .enumerate()
        .map(|(n, (_, m))| dot_at(n, *m))
        .filter(|[x, y]| taken.insert(((x * 400.0).round() as i64, (y * 10.0).round() as i64)))
        .collect()
}

/// The decisions' marks on the time axis; one a month, saying how many, when there are more
/// than a chart can show apart.
fn marks(taken: &[(String, String, NaiveDate)]) -> Vec<(f64, String)> {
    if taken.len() <= 150 {
        return taken
            .iter()
            .map(|(_, title, date)| {
                let x = month_index(*date) + f64::from(date.day0()) / 30.0;
                (x, format!("{title} ({date})"))
            })
            .collect();
    }
    let mut by_month: BTreeMap<i64, usize> = BTreeMap::new();
    for (_, _, date) in taken {
        *by_month.entry(month_index(*date) as i64).or_default() += 1;
    }
    by_month
        .into_iter()
        .map(|(month, n)| {
            let x = month as f64;
            (
                x + 0.5,
                format!("{n} decisions taken in {}", month_label(x)),
            )
        })
        .collect()
}
