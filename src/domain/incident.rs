//! Incidents: postmortems in the Google SRE layout, with their timeline.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::record::join_text;
use super::{AnyRecord, Kind, Record, Section, string_enum};

string_enum! {
    /// How bad it was: SEV1 is the worst.
    Severity {
        Sev1 => "SEV1",
        Sev2 => "SEV2",
        #[default]
        Sev3 => "SEV3",
        Sev4 => "SEV4",
    }
}

string_enum! {
    /// Where the postmortem document stands.
    IncidentStatus {
        #[default]
        Draft => "draft",
        InReview => "in-review",
        Published => "published",
    }
}

string_enum! {
    /// What a timeline moment marks, when it marks one of the incident's turning points.
    Marker {
        #[default]
        OutageBegins => "outage-begins",
        Detected => "detected",
        Escalated => "escalated",
        Mitigated => "mitigated",
        Resolved => "resolved",
    }
}

/// One moment in an incident's timeline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineEntry {
    pub at: Option<DateTime<Utc>>,
    /// The time as the source wrote it, kept when it could not be read as a UTC time.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub time_text: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<Marker>,
}

/// A number that says how big the impact was ("failed orders", "4,200").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figure {
    pub label: String,
    pub value: String,
}

/// A postmortem.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Incident {
    pub id: String,
    /// The team's own reference, such as "INC-2024-031".
    pub reference: String,
    pub title: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub detected_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub authors: Vec<String>,
    pub summary: String,
    pub impact: String,
    pub users_affected: Option<u64>,
    pub figures: Vec<Figure>,
    pub root_causes: String,
    pub trigger: String,
    pub resolution: String,
    pub detection: String,
    pub went_well: String,
    pub went_wrong: String,
    pub lucky: String,
    pub timeline: Vec<TimelineEntry>,
    /// Parts of an imported postmortem that have no field of their own, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Where the postmortem was published, when it was written elsewhere (a public write-up).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_url: String,
    /// The company whose incident it was, for postmortems collected from other teams.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub company: String,
    /// The product or service that failed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub product: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Front-matter keys of the file it came from that have no field here, in the file's
    /// order, written back out.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub front_matter: serde_json::Map<String, serde_json::Value>,
}

impl Incident {
    pub fn new(title: impl Into<String>) -> Self {
        Incident {
            id: super::new_id(Kind::Incident),
            title: title.into(),
            ..Default::default()
        }
    }

    /// From the start of the outage until someone knew.
    pub fn time_to_detect(&self) -> Option<TimeDelta> {
        between(self.started_at, self.detected_at)
    }
    /// From the start of the outage until users stopped hurting.
    pub fn time_to_mitigate(&self) -> Option<TimeDelta> {
        between(self.started_at, self.mitigated_at)
    }
    /// From the start of the outage until it was fixed for good.
    pub fn time_to_resolve(&self) -> Option<TimeDelta> {
        between(self.started_at, self.resolved_at)
    }

    /// The timeline in time order; entries without a time keep their place after the dated ones.
    pub fn sort_timeline(&mut self) {
        self.timeline.sort_by_key(|e| (e.at.is_none(), e.at));
    }
}

fn between(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Option<TimeDelta> {
    Some(to? - from?).filter(|d| *d >= TimeDelta::zero())
}

/// A duration as people say it: "45 min", "2 h 5 min", "3 d 4 h".
pub fn human_duration(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

impl Record for Incident {
    const KIND: Kind = Kind::Incident;
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn status(&self) -> Option<String> {
        Some(self.status.to_string())
    }
    fn search_text(&self) -> String {
        let timeline: Vec<&str> = self.timeline.iter().map(|e| e.text.as_str()).collect();
        let authors = self.authors.join(", ");
        let tags = self.tags.join(", ");
        let sections: Vec<String> = self
            .sections
            .iter()
            .map(|s| format!("{}\n{}", s.heading, s.body))
            .collect();
        join_text(
            [
                self.reference.as_str(),
                &self.summary,
                &self.impact,
                &self.root_causes,
                &self.trigger,
                &self.resolution,
                &self.detection,
                &self.went_well,
                &self.went_wrong,
                &self.lucky,
                &authors,
                &self.company,
                &self.product,
                &tags,
            ]
            .into_iter()
            .chain(timeline)
            .chain(sections.iter().map(String::as_str)),
        )
    }
    /// Newest first; undated ones last.
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        (other.started_at.is_some(), other.started_at, &self.title).cmp(&(
            self.started_at.is_some(),
            self.started_at,
            &other.title,
        ))
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Incident(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<DateTime<Utc>> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn durations_come_from_the_four_times() {
        let mut incident = Incident::new("Checkout down");
        incident.started_at = at("2025-01-10T18:00:00Z");
        incident.detected_at = at("2025-01-10T18:12:00Z");
        incident.mitigated_at = at("2025-01-10T19:05:00Z");
        assert_eq!(
            incident.time_to_detect().map(human_duration).as_deref(),
            Some("12 min")
        );
        assert_eq!(
            incident.time_to_mitigate().map(human_duration).as_deref(),
            Some("1 h 5 min")
        );
        assert_eq!(incident.time_to_resolve(), None);
        incident.detected_at = at("2025-01-10T17:00:00Z");
        assert_eq!(
            incident.time_to_detect(),
            None,
            "detection before the start is no duration"
        );
    }

    #[test]
    fn human_durations() {
        for (minutes, text) in [(0, "0 min"), (60, "1 h"), (1500, "1 d 1 h"), (2880, "2 d")] {
            assert_eq!(human_duration(TimeDelta::minutes(minutes)), text);
        }
    }
}
