//! What the figures are computed from, and no more: for incidents and decisions only the
//! fields the figures use, so that reading 10,000 incidents does not build 10,000 whole
//! postmortems (their timelines, stories and sections) only to count them. The store fills
//! these from the same JSON the records are kept in; unknown fields are skipped.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::{
    ActionItem, Decision, DecisionStatus, Incident, IncidentStatus, Lesson, Severity,
};

/// What the figures need of an incident.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct IncidentFacts {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    #[serde(deserialize_with = "time")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "time")]
    pub detected_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "time")]
    pub mitigated_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "time")]
    pub resolved_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
}

/// A time as the store writes it ("2024-03-15T18:02:00Z") read without the general RFC 3339
/// parser (four times per incident, it was a sixth of reading 10,000 of them); any other
/// spelling goes to that parser, so nothing reads differently from the whole record.
fn time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let Some(text) = Option::<std::borrow::Cow<'de, str>>::deserialize(d)? else {
        return Ok(None);
    };
    if let Some(t) = plain_utc(&text) {
        return Ok(Some(t));
    }
    text.parse::<DateTime<Utc>>()
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// "YYYY-MM-DDTHH:MM:SSZ" exactly, else `None`.
fn plain_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let day = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let time = day.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(time.and_utc())
}

impl From<&Incident> for IncidentFacts {
    fn from(i: &Incident) -> Self {
        IncidentFacts {
            id: i.id.clone(),
            title: i.title.clone(),
            severity: i.severity,
            status: i.status,
            started_at: i.started_at,
            detected_at: i.detected_at,
            mitigated_at: i.mitigated_at,
            resolved_at: i.resolved_at,
            tags: i.tags.clone(),
        }
    }
}

/// What the figures need of a decision.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DecisionFacts {
    pub id: String,
    pub number: Option<u32>,
    pub title: String,
    pub status: DecisionStatus,
    pub date: Option<NaiveDate>,
    pub revisit_by: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl DecisionFacts {
    /// "ADR-4: …", as [`Decision::display_title`] says it.
    pub fn display_title(&self) -> String {
        crate::domain::decision::adr_title(self.number, &self.title)
    }
}

impl From<&Decision> for DecisionFacts {
    fn from(d: &Decision) -> Self {
        DecisionFacts {
            id: d.id.clone(),
            number: d.number,
            title: d.title.clone(),
            status: d.status,
            date: d.date,
            revisit_by: d.revisit_by,
            tags: d.tags.clone(),
        }
    }
}

/// What the figures are computed from: the records, and the links between them that matter.
#[derive(Clone, Debug, Default)]
pub struct StatsInput {
    pub incidents: Vec<IncidentFacts>,
    pub actions: Vec<ActionItem>,
    pub lessons: Vec<Lesson>,
    pub decisions: Vec<DecisionFacts>,
    /// Lessons a trade-off or checklist item points to (motivated by, the item's lesson).
    pub acted_on: BTreeSet<String>,
    /// (lesson id, incident id) for each lesson learned from an incident.
    pub learned_from: Vec<(String, String)>,
    /// (decision id, lesson or incident id) for what motivated each decision's trade-offs.
    pub motivated_by: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_read_from_a_whole_record_are_the_record_s() {
        let incident = Incident {
            severity: Severity::Sev1,
            started_at: "2025-01-02T03:04:05Z".parse().ok(),
            resolved_at: "2025-01-02T05:04:05Z".parse().ok(),
            tags: vec!["db".into()],
            summary: "long story".into(),
            ..Incident::new("Orders failed")
        };
        let json = serde_json::to_string(&incident).unwrap();
        let facts: IncidentFacts = serde_json::from_str(&json).unwrap();
        assert_eq!(facts, IncidentFacts::from(&incident));
        assert!(
            json.contains("\"2025-01-02T03:04:05Z\""),
            "the fast path is taken: {json}"
        );
        // Other spellings go through the general parser, as the whole record would read them.
        for text in [
            "2025-01-02T03:04:05.250Z",
            "2025-01-02T05:04:05+02:00",
            "2025-01-02T03:04:05+00:00",
        ] {
            let json = format!("{{\"started_at\": \"{text}\"}}");
            let whole: Incident = serde_json::from_str(&json).unwrap();
            let facts: IncidentFacts = serde_json::from_str(&json).unwrap();
            assert_eq!(facts.started_at, whole.started_at, "{text}");
        }
        for bad in ["2025-13-02T03:04:05Z", "2025-01-02T25:04:05Z", "not a time"] {
            let json = format!("{{\"started_at\": \"{bad}\"}}");
            assert!(
                serde_json::from_str::<IncidentFacts>(&json).is_err(),
                "{bad}"
            );
            assert!(serde_json::from_str::<Incident>(&json).is_err(), "{bad}");
        }

        let decision = Decision {
            number: Some(4),
            date: "2024-12-12".parse().ok(),
            revisit_by: "2026-03-01".parse().ok(),
            tags: vec!["db".into()],
            context: "why".into(),
            ..Decision::new("Bound the pool")
        };
        let json = serde_json::to_string(&decision).unwrap();
        let facts: DecisionFacts = serde_json::from_str(&json).unwrap();
        assert_eq!(facts, DecisionFacts::from(&decision));
        assert_eq!(facts.display_title(), decision.display_title());
    }
}
