//! The kinds of record, and how the command line and ids name them.

use super::{DomainError, string_enum};

string_enum! {
    /// What a record is. Every record has exactly one kind for its whole life.
    Kind {
        #[default]
        Decision => "decision",
        TradeOff => "tradeoff",
        Lesson => "lesson",
        Incident => "incident",
        Action => "action",
        Checklist => "checklist",
        Review => "review",
    }
}

impl Kind {
    /// The plural used in `hindsight list KIND` and in headings.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Decision => "decisions",
            Kind::TradeOff => "tradeoffs",
            Kind::Lesson => "lessons",
            Kind::Incident => "incidents",
            Kind::Action => "actions",
            Kind::Checklist => "checklists",
            Kind::Review => "reviews",
        }
    }

    /// The words people use for the kind: "Trade-off", "Action item".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Decision => "Decision",
            Kind::TradeOff => "Trade-off",
            Kind::Lesson => "Lesson",
            Kind::Incident => "Incident",
            Kind::Action => "Action item",
            Kind::Checklist => "Checklist",
            Kind::Review => "Review",
        }
    }

    /// The prefix of ids that Hindsight makes for this kind (imported ids may differ).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Decision => "dec",
            Kind::TradeOff => "tof",
            Kind::Lesson => "les",
            Kind::Incident => "inc",
            Kind::Action => "act",
            Kind::Checklist => "chk",
            Kind::Review => "rev",
        }
    }

    /// The field that holds the record's title in its document.
    pub fn title_field(self) -> &'static str {
        match self {
            Kind::Lesson => "statement",
            Kind::Checklist => "name",
            _ => "title",
        }
    }

    /// Reads a kind as a user types it: singular or plural, with or without a hyphen
    /// (`decisions`, `trade-off`, `action-items`).
    pub fn parse_loose(text: &str) -> Result<Kind, DomainError> {
        let t = text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "");
        Kind::ALL
            .iter()
            .copied()
            .find(|k| {
                t == k.as_str()
                    || t == k.plural()
                    || (*k == Kind::Action && (t == "actionitem" || t == "actionitems"))
            })
            .ok_or_else(|| DomainError::UnknownValue {
                field: "kind",
                value: text.to_string(),
                expected: Kind::ALL
                    .iter()
                    .map(|k| k.plural())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kinds_as_people_type_them() {
        for (text, kind) in [
            ("decisions", Kind::Decision),
            ("decision", Kind::Decision),
            ("trade-offs", Kind::TradeOff),
            ("tradeoffs", Kind::TradeOff),
            ("actions", Kind::Action),
            ("action-items", Kind::Action),
            ("Reviews", Kind::Review),
        ] {
            assert_eq!(Kind::parse_loose(text), Ok(kind), "{text}");
        }
        assert!(Kind::parse_loose("widgets").is_err());
    }
}
