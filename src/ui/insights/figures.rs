//! What the Insights view draws, worked out once per filter and workspace change and never in
//! a frame: the figures, the tags to filter by, the longest incidents with their titles, the
//! dots of each distribution (thinned to one per spot), and the decisions' marks on the time
//! axis (one a month when there are too many to tell apart). A large workspace is figured on
//! a thread of its own.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use chrono::{Datelike, NaiveDate};

use super::charts::{month_index, month_label};
use crate::domain::Kind;
use crate::domain::stats::{Distribution, Filter, Stats, compute};
use crate::session::Session;
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

/// The filters as typed: since, until, tag.
pub(super) type FilterText = (String, String, Option<String>);

/// A workspace with fewer incidents and decisions than this is figured in the frame (a few
/// milliseconds); a larger one on a thread of its own, the window showing the last figures
/// meanwhile (10,000 incidents and decisions take a fifth of a second).
const IN_FRAME_BELOW: usize = 2_000;

fn filter_of((since, until, tag): &FilterText) -> Filter {
    Filter {
        since: NaiveDate::parse_from_str(since.trim(), "%Y-%m-%d").ok(),
        until: NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d").ok(),
        tags: tag.iter().cloned().collect(),
    }
}

/// The figures for the filters and workspace shown, worked out once per change: in the frame
/// for a small workspace, else off the UI thread on a connection of its own.
#[derive(Default)]
pub(super) struct Figuring {
    shown: Option<(FilterText, u64, Arc<Figures>)>,
    pending: Option<(FilterText, u64, Receiver<Option<Figures>>)>,
}

impl Figuring {
    /// The figures for `key` at `generation`, or the last ones while those are worked out
    /// (then `true`, and the window is asked to draw again when they are ready).
    pub(super) fn get(
        &mut self,
        key: &FilterText,
        generation: u64,
        session: &Session,
        ctx: &egui::Context,
    ) -> (Option<Arc<Figures>>, bool) {
        let current = |k: &FilterText, g: u64| k == key && g == generation;
        if let Some((k, g, figures)) = &self.shown
            && current(k, *g)
        {
            return (Some(figures.clone()), false);
        }
        let size = session.rows(Kind::Incident).len() + session.rows(Kind::Decision).len();
        let path = session.store().path().map(Path::to_path_buf);
        let Some(path) = path.filter(|_| size >= IN_FRAME_BELOW) else {
            let figures = Arc::new(Figures::read(session.store(), &filter_of(key)));
            self.shown = Some((key.clone(), generation, figures.clone()));
            self.pending = None;
            return (Some(figures), false);
        };
        let started = matches!(&self.pending, Some((k, g, _)) if current(k, *g));
        if !started {
            let (sender, receiver) = channel();
            let (filter, repaint) = (filter_of(key), ctx.clone());
            std::thread::spawn(move || {
                let figures = Store::open_read_only(&path)
                    .ok()
                    .map(|store| Figures::read(&store, &filter));
                let _ = sender.send(figures);
                repaint.request_repaint();
            });
            self.pending = Some((key.clone(), generation, receiver));
        }
        if let Some((k, g, receiver)) = &self.pending
            && let Ok(done) = receiver.try_recv()
        {
            let figures =
                Arc::new(done.unwrap_or_else(|| Figures::read(session.store(), &filter_of(k))));
            self.shown = Some((k.clone(), *g, figures.clone()));
            self.pending = None;
            return (Some(figures), false);
        }
        (self.shown.as_ref().map(|(_, _, f)| f.clone()), true)
    }
}
