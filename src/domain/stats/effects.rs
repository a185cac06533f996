//! "Did it work?": for each decision, the incidents on its topic (its tags, and those of the
//! incidents behind its trade-offs) before and after its date.
//!
//! Done naively this visits every incident on a decision's topic once per decision: a thousand
//! decisions over ten thousand incidents is millions of visits, and grows with the product.
//! Decisions on one subject share a topic, so the work is done once per topic: its incidents
//! are in day order, and its decisions, in date order, sweep through them once forwards (what
//! came before each) and once backwards (what came since), keeping counts, and the times to
//! resolve in a Fenwick tree over their ranks so each median is a logarithmic lookup.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{DecisionFacts, Effect, IncidentFacts, StatsInput, Stretch, severities};

/// What the effects need of each counted incident with a start, worked out once.
#[derive(Clone, Copy)]
struct Fact {
    day: NaiveDate,
    /// Index into [`severities`].
    severity: usize,
    /// The rank of its time to resolve among all counted incidents' (see
    /// `Topics::resolve_sorted`), when start and resolution are known and in order.
    rank: Option<u32>,
}

/// How many of each value have arrived, by the value's rank among a topic's values: a Fenwick
/// tree, so that adding one and finding the k-th smallest both take `log n` steps.
struct RankCounts {
    tree: Vec<u32>,
    total: u32,
}

impl RankCounts {
    fn new(size: usize) -> RankCounts {
        RankCounts {
            tree: vec![0; size + 1],
            total: 0,
        }
    }

    fn add(&mut self, rank: usize) {
        self.total += 1;
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// The rank of the k-th smallest value that has arrived (k from 0).
    fn kth(&self, k: u32) -> usize {
        let (mut position, mut left) = (0, k);
        let mut step = (self.tree.len() - 1).next_power_of_two();
        while step > 0 {
            let next = position + step;
            if next < self.tree.len() && self.tree[next] <= left {
                left -= self.tree[next];
                position = next;
            }
            step /= 2;
        }
        position
    }
}

/// Counts and times of the incidents in one stretch, gathered one incident at a time.
struct Tally<'a> {
    by_severity: [usize; 4],
    count: usize,
    resolve: RankCounts,
    /// Every counted incident's time to resolve in seconds, ascending: what a rank stands for.
    sorted: &'a [i64],
}

impl<'a> Tally<'a> {
    fn new(sorted: &'a [i64]) -> Tally<'a> {
        Tally {
            by_severity: [0; 4],
            count: 0,
            resolve: RankCounts::new(sorted.len()),
            sorted,
        }
    }

    fn add(&mut self, fact: &Fact) {
        self.count += 1;
        self.by_severity[fact.severity] += 1;
        if let Some(rank) = fact.rank {
            self.resolve.add(rank as usize);
        }
    }

    /// The median time to resolve in minutes, interpolated between the two middle values as
    /// `percentile` does.
    fn median(&self) -> Option<f64> {
        let n = self.resolve.total.checked_sub(1)?;
        let below = self.sorted[self.resolve.kth(n / 2)] as f64 / 60.0;
        let above = self.sorted[self.resolve.kth(n.div_ceil(2))] as f64 / 60.0;
        Some(below + (above - below) * 0.5)
    }

    fn stretch(&self, days: i64) -> Stretch {
        Stretch {
            count: self.count,
            days: days.max(0),
            by_severity: severities()
                .iter()
                .zip(self.by_severity)
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| (s.as_str().to_string(), n))
                .collect(),
            median_minutes_to_resolve: self.median(),
        }
    }
}

/// The links and indexes the effects of many decisions are computed from, built once.
pub(super) struct Topics<'a> {
    motivated_by: HashMap<&'a str, Vec<&'a str>>,
    learned_from: HashMap<&'a str, Vec<&'a str>>,
    tags_of: HashMap<&'a str, &'a [String]>,
    /// The counted incidents with each (lower-case) tag: positions in `facts`, ascending.
    by_tag: HashMap<String, Vec<u32>>,
    /// The counted incidents with a start, in day order.
    facts: Vec<Fact>,
    /// Their times to resolve in seconds, ascending.
    resolve_sorted: Vec<i64>,
}

impl<'a> Topics<'a> {
    pub(super) fn new(input: &'a StatsInput, incidents: &[&'a IncidentFacts]) -> Topics<'a> {
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
        // The incidents with a start, in day order; each tag lists its incidents in that order.
        let mut dated: Vec<(NaiveDate, &IncidentFacts)> = incidents
            .iter()
            .filter_map(|i| Some((i.started_at?.date_naive(), *i)))
            .collect();
        dated.sort_by_key(|(day, _)| *day);
        let mut by_tag: HashMap<String, Vec<u32>> = HashMap::new();
        let mut facts = Vec::with_capacity(dated.len());
        let mut resolves = Vec::with_capacity(dated.len());
        for (position, (day, i)) in dated.iter().enumerate() {
            for tag in &i.tags {
                // Keys are lower case: a tag found as it is needs no new string.
                if let Some(list) = by_tag.get_mut(tag.as_str()) {
                    list.push(position as u32);
                } else {
                    let list = by_tag.entry(tag.to_lowercase()).or_default();
                    list.push(position as u32);
                }
            }
            let resolve = i
                .resolved_at
                .zip(i.started_at)
                .map(|(end, start)| (end - start).num_seconds())
                .filter(|s| *s >= 0);
            resolves.push(resolve);
            facts.push(Fact {
                day: *day,
                severity: severities()
                    .iter()
                    .position(|s| *s == i.severity)
                    .unwrap_or(3),
                rank: None,
            });
        }
        let mut resolve_sorted: Vec<i64> = resolves.iter().flatten().copied().collect();
        resolve_sorted.sort_unstable();
        for (fact, resolve) in facts.iter_mut().zip(resolves) {
            fact.rank = resolve.map(|r| resolve_sorted.partition_point(|v| *v < r) as u32);
        }
        // A tag only undated incidents carry still makes a topic, with none on either side.
        for i in incidents.iter().filter(|i| i.started_at.is_none()) {
            for tag in &i.tags {
                by_tag.entry(tag.to_lowercase()).or_default();
            }
        }
        Topics {
            motivated_by,
            learned_from,
            tags_of,
            by_tag,
            facts,
            resolve_sorted,
        }
    }

    /// The decision's topic: its tags and those of the incidents behind its trade-offs.
    fn of(&self, d: &DecisionFacts) -> BTreeSet<String> {
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

    /// The topic's incidents (each once, however many of its tags it has) as positions in
    /// day order; `None` when no counted incident has any of its tags.
    fn incidents_on(&self, topic: &BTreeSet<String>) -> Option<Vec<u32>> {
        let lists: Vec<&Vec<u32>> = topic.iter().filter_map(|t| self.by_tag.get(t)).collect();
        let mut on: Vec<u32> = match lists.as_slice() {
            [] => return None,
            [one] => (*one).clone(),
            _ => lists.iter().flat_map(|l| l.iter().copied()).collect(),
        };
        if lists.len() > 1 {
            on.sort_unstable();
            on.dedup();
        }
        Some(on)
    }

    /// Each dated decision whose topic has incidents, with the incidents before its date (the
    /// stretch from `start`) and since (until `end`), in the order of `decisions`.
    pub(super) fn effects(
        &self,
        decisions: &[&DecisionFacts],
        start: Option<NaiveDate>,
        end: NaiveDate,
    ) -> Vec<Effect> {
        let mut by_topic: BTreeMap<BTreeSet<String>, Vec<(NaiveDate, usize)>> = BTreeMap::new();
        for (n, d) in decisions.iter().enumerate() {
            if let Some(date) = d.date {
                by_topic.entry(self.of(d)).or_default().push((date, n));
            }
        }
        let mut found: Vec<Option<Effect>> = vec![None; decisions.len()];
        for (topic, mut dated) in by_topic {
            let Some(on) = self.incidents_on(&topic) else {
                continue;
            };
            let facts: Vec<&Fact> = on.iter().map(|p| &self.facts[*p as usize]).collect();
            let sorted = &self.resolve_sorted;
            dated.sort();
            let mut before = Vec::with_capacity(dated.len());
            let (mut tally, mut next) = (Tally::new(sorted), 0);
            for (date, _) in &dated {
                while next < facts.len() && facts[next].day < *date {
                    tally.add(facts[next]);
                    next += 1;
                }
                let days = start.map_or(0, |start| (*date - start).num_days());
                before.push(tally.stretch(days));
            }
            let (mut tally, mut next) = (Tally::new(sorted), facts.len());
            let topic: Vec<String> = topic.into_iter().collect();
            for ((date, n), before) in dated.iter().zip(before).rev() {
                while next > 0 && facts[next - 1].day >= *date {
                    next -= 1;
                    tally.add(facts[next]);
                }
                let d = decisions[*n];
                found[*n] = Some(Effect {
                    id: d.id.clone(),
                    title: d.display_title(),
                    date: *date,
                    topic: topic.clone(),
                    before,
                    after: tally.stretch((end - *date).num_days()),
                });
            }
        }
        found.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::percentile;

    #[test]
    fn the_running_median_is_the_sorted_one() {
        let values: Vec<i64> = (0..80i64).map(|k| (k * 7919) % 1013 * 60 + k % 7).collect();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        let mut tally = Tally::new(&sorted);
        assert_eq!(tally.median(), None);
        let mut seen = Vec::new();
        for value in &values {
            tally.add(&Fact {
                day: NaiveDate::default(),
                severity: 0,
                rank: Some(sorted.partition_point(|v| v < value) as u32),
            });
            seen.push(*value as f64 / 60.0);
            seen.sort_by(f64::total_cmp);
            assert_eq!(
                tally.median(),
                percentile(&seen, 0.5),
                "after {}",
                seen.len()
            );
        }
    }

    /// Every effect equals the one counted the plain way, incident by incident, on a
    /// workspace of mixed tags, days, severities and missing times.
    #[test]
    fn effects_are_what_counting_one_by_one_gives() {
        use crate::domain::stats::{Filter, compute};
        use crate::domain::{DecisionStatus, Incident, Severity};
        let tags = ["db", "queue", "cache", "auth", "dns"];
        let day0: chrono::DateTime<chrono::Utc> = "2024-01-01T00:00:00Z".parse().unwrap();
        let mut input = StatsInput::default();
        for n in 0..400u64 {
            let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33;
            let start = day0 + chrono::TimeDelta::hours((h % 20_000) as i64);
            let incident = Incident {
                id: format!("inc-{n}"),
                severity: Severity::ALL[(h % 4) as usize],
                started_at: (h % 13 != 0).then_some(start),
                resolved_at: (h % 5 != 0)
                    .then(|| start + chrono::TimeDelta::minutes((h % 997) as i64 - 20)),
                tags: (0..(h % 3))
                    .map(|k| tags[((h / 7 + k) % 5) as usize].to_string())
                    .collect(),
                ..Incident::new(format!("Incident {n}"))
            };
            input.incidents.push(IncidentFacts::from(&incident));
        }
        for n in 0..60u64 {
            let h = n.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33;
            input.decisions.push(DecisionFacts {
                id: format!("dec-{n}"),
                title: format!("Decision {n}"),
                date: (h % 9 != 0)
                    .then(|| day0.date_naive() + chrono::TimeDelta::days((h % 800) as i64)),
                tags: vec![tags[(h % 5) as usize].to_uppercase()],
                status: if n % 7 == 0 {
                    DecisionStatus::Rejected
                } else {
                    DecisionStatus::ALL[1 + (n % 2) as usize * 3]
                },
                ..Default::default()
            });
        }
        input.motivated_by = vec![
            ("dec-3".into(), "inc-10".into()),
            ("dec-4".into(), "les-1".into()),
        ];
        input.learned_from = vec![("les-1".into(), "inc-11".into())];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let stats = compute(&input, &Filter::default(), today);
        let of = |id: &str| {
            input
                .incidents
                .iter()
                .find(|i| i.id == id)
                .unwrap()
                .tags
                .clone()
        };
        let mut checked = 0;
        for d in &input.decisions {
            let Some(date) = d.date else { continue };
            if !d.status.was_taken() {
                // Proposed or rejected: nothing was done that could have worked.
                assert!(stats.decisions.effects.iter().all(|e| e.id != d.id));
                continue;
            }
            let mut topic: Vec<String> = d.tags.iter().map(|t| t.to_lowercase()).collect();
            match d.id.as_str() {
                "dec-3" => topic.extend(of("inc-10")),
                "dec-4" => topic.extend(of("inc-11")),
                _ => {}
            }
            let on: Vec<&IncidentFacts> = input
                .incidents
                .iter()
                .filter(|i| i.tags.iter().any(|t| topic.contains(&t.to_lowercase())))
                .collect();
            let effect = stats.decisions.effects.iter().find(|e| e.id == d.id);
            if on.is_empty() {
                assert!(effect.is_none(), "{}", d.id);
                continue;
            }
            let effect = effect.expect("an effect");
            for (stretch, before) in [(&effect.before, true), (&effect.after, false)] {
                let side: Vec<&&IncidentFacts> = on
                    .iter()
                    .filter(|i| {
                        i.started_at
                            .is_some_and(|s| (s.date_naive() < date) == before)
                    })
                    .collect();
                assert_eq!(stretch.count, side.len(), "{} before={before}", d.id);
                let mut resolve: Vec<f64> = side
                    .iter()
                    .filter_map(|i| {
                        let s = (i.resolved_at? - i.started_at?).num_seconds();
                        (s >= 0).then_some(s as f64 / 60.0)
                    })
                    .collect();
                resolve.sort_by(f64::total_cmp);
                assert_eq!(stretch.median_minutes_to_resolve, percentile(&resolve, 0.5));
                let sev1 = side.iter().filter(|i| i.severity == Severity::Sev1).count();
                assert_eq!(stretch.by_severity.get("SEV1").copied().unwrap_or(0), sev1);
            }
            checked += 1;
        }
        assert!(checked > 30, "{checked}");
    }
}
