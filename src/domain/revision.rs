//! Revisions: the audit trail. Every write is one `Change`; each record it touched gets a
//! `Revision` holding the content before and after, so nothing is ever lost and any change can
//! be undone, redone or restored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Kind;

/// One transaction's worth of edits, as the user sees it in undo and history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
}

/// One record's content before and after one change. `before` is `None` for a creation,
/// `after` is `None` for a deletion. Links are kept as revisions of kind `None` on their own id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub id: i64,
    pub change_id: i64,
    pub record_id: String,
    pub kind: Option<Kind>,
    pub at: DateTime<Utc>,
    pub author: String,
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
}
