//! What every record has in common: an id, a kind, a title, and text to search.

use serde::{Serialize, de::DeserializeOwned};

use super::{
    ActionItem, Checklist, Decision, DomainError, Incident, Kind, Lesson, Review, TradeOff,
};

/// A record kept in the workspace. The store keeps any `Record` the same way: its serde form is
/// the document, and the methods below fill the columns it is listed, filtered and searched by.
pub trait Record: Serialize + DeserializeOwned + Clone + std::fmt::Debug {
    const KIND: Kind;

    /// The stable id: never reused, never changed, unique across kinds.
    fn id(&self) -> &str;
    /// One line that names the record in lists and links.
    fn title(&self) -> &str;
    /// The value lists filter on (decision status, incident severity…), if any.
    fn status(&self) -> Option<String> {
        None
    }
    /// The name of the field that holds `parent_id`, for error messages.
    const PARENT_FIELD: &'static str = "parent_id";
    /// The record this one belongs to (a trade-off's decision, an action's incident or review).
    fn parent_id(&self) -> Option<&str> {
        None
    }
    /// All the words of the record, for full-text search (the title is indexed apart).
    fn search_text(&self) -> String;
    /// Checks the record on its own; the store calls this before every write.
    fn validate(&self) -> Result<(), DomainError> {
        if self.id().trim().is_empty() {
            return Err(DomainError::EmptyField {
                kind: Self::KIND.as_str(),
                id: String::new(),
                field: "id",
            });
        }
        if self.title().trim().is_empty() {
            return Err(DomainError::EmptyField {
                kind: Self::KIND.as_str(),
                id: self.id().to_string(),
                field: "title",
            });
        }
        Ok(())
    }
    /// The order lists show records in (by title unless the kind has a better one).
    fn list_order(&self, other: &Self) -> std::cmp::Ordering {
        self.title()
            .to_lowercase()
            .cmp(&other.title().to_lowercase())
    }
    fn into_any(self) -> AnyRecord;
}

/// A fresh id for a record of this kind, such as `dec-5f0c2a9e41b7`.
pub fn new_id(kind: Kind) -> String {
    let uuid = uuid::Uuid::new_v4().simple().to_string();
    format!("{}-{}", kind.id_prefix(), &uuid[..12])
}

/// A record of any kind, for code that handles them all alike (history, search results).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnyRecord {
    Decision(Decision),
    TradeOff(TradeOff),
    Lesson(Lesson),
    Incident(Incident),
    Action(ActionItem),
    Checklist(Checklist),
    Review(Review),
}

/// Runs the same expression on whichever record an `AnyRecord` holds.
macro_rules! each_record {
    ($value:expr, $r:ident => $body:expr) => {
        match $value {
            AnyRecord::Decision($r) => $body,
            AnyRecord::TradeOff($r) => $body,
            AnyRecord::Lesson($r) => $body,
            AnyRecord::Incident($r) => $body,
            AnyRecord::Action($r) => $body,
            AnyRecord::Checklist($r) => $body,
            AnyRecord::Review($r) => $body,
        }
    };
}

impl AnyRecord {
    pub fn kind(&self) -> Kind {
        each_record!(self, r => kind_of(r))
    }
    pub fn id(&self) -> &str {
        each_record!(self, r => r.id())
    }
    pub fn title(&self) -> &str {
        each_record!(self, r => r.title())
    }
    pub fn to_json(&self) -> serde_json::Value {
        each_record!(self, r => serde_json::to_value(r).unwrap_or_default())
    }
    /// The text the search index holds for it (title aside).
    pub fn search_text(&self) -> String {
        each_record!(self, r => r.search_text())
    }

    /// Reads a record of the given kind from its JSON document.
    pub fn from_json(kind: Kind, json: &str) -> Result<AnyRecord, serde_json::Error> {
        Ok(match kind {
            Kind::Decision => AnyRecord::Decision(serde_json::from_str(json)?),
            Kind::TradeOff => AnyRecord::TradeOff(serde_json::from_str(json)?),
            Kind::Lesson => AnyRecord::Lesson(serde_json::from_str(json)?),
            Kind::Incident => AnyRecord::Incident(serde_json::from_str(json)?),
            Kind::Action => AnyRecord::Action(serde_json::from_str(json)?),
            Kind::Checklist => AnyRecord::Checklist(serde_json::from_str(json)?),
            Kind::Review => AnyRecord::Review(serde_json::from_str(json)?),
        })
    }
}

fn kind_of<R: Record>(_: &R) -> Kind {
    R::KIND
}

/// A part of an imported document that has no field of its own ("Background", "Attendees",
/// "More Information"), kept with its heading so that nothing a file says is lost. An empty
/// heading holds the text between the title and the first heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Section {
    pub heading: String,
    /// Markdown.
    pub body: String,
}

impl Section {
    pub fn new(heading: impl Into<String>, body: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            body: body.into(),
        }
    }
}

/// Joins the non-empty parts of a record's text with blank lines, for the search index.
pub(crate) fn join_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
