//! The domain: plain data types for every record Hindsight keeps, and the rules that hold for
//! them whatever stores or shows them.
//!
//! Nothing here knows about SQL, Markdown or egui; `store`, `interop`, `report` and `ui` all
//! speak in these types. Records are serialised with serde, and that serialisation is both the
//! store's document format and the `--json` output of the command line, so field names here are
//! part of the public interface.

mod action;
mod checklist;
mod count;
mod decision;
mod error;
mod field;
mod incident;
mod kind;
mod lesson;
mod link;
mod merge;
mod record;
mod review;
mod revision;
mod signoff;
pub mod stats;
mod trace;
mod tradeoff;

pub use action::{ActionItem, ActionStatus, ActionType};
pub use checklist::{Checklist, ChecklistItem, Level, suggest_checklist};
pub use count::{COUNT_HINT, parse_count, thousands};
pub use decision::{ConsideredOption, Decision, DecisionStatus};
pub use error::DomainError;
pub use field::{FieldError, stamp_field, with_field};
pub use incident::{
    Figure, Incident, IncidentStatus, Marker, Severity, TimelineEntry, human_duration,
};
pub use kind::Kind;
pub use lesson::{Lesson, LessonCategory};
pub use link::{Link, LinkDirection, LinkedRecord, Relation};
pub use merge::{FieldConflict, Merged, Prefer, fill, merge3};
pub use record::{AnyRecord, Record, Section, new_id};
pub use review::{Answer, Review, ReviewAnswer, SignOff, Verdict};
pub use revision::{Change, FieldChange, Revision, field_changes};
pub use signoff::{SignOffEntry, SignOffState, fingerprint, who};
pub use trace::{DecisionTrace, IncidentTrace, TracedLesson, TracedTradeOff};
pub use tradeoff::{RiskLevel, TradeOff};

/// Declares a closed set of lower-case string values as an enum with `as_str`, `ALL`,
/// `FromStr` and serde in that spelling, so every layer parses and prints them alike.
/// One variant must carry `#[default]`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value as written, in display order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in files, the database and the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| $crate::domain::DomainError::UnknownValue {
                        field: stringify!($name),
                        value: s.to_string(),
                        expected: $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}
pub(crate) use string_enum;
