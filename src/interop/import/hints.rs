//! The ids a team's files give their records, the same in every clone of the repository: an
//! id a teammate pasted in a chat, or that Hindsight's own files name (a trade-off's decision,
//! a lesson's incident), means the same record everywhere. An id comes from the committed map
//! (`.hindsight/ids/`, written by sync) when the file is in it, else it is derived from the
//! file's path inside the repository, so two members reading the same new file agree without
//! having talked.

use std::collections::HashMap;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::domain::Kind;

/// Ids for file keys (`/abs/path.md`, `/abs/path.md#lesson-1`) not yet in the workspace.
#[derive(Clone, Debug, Default)]
pub struct IdHints {
    /// The committed map: file key → id.
    map: HashMap<String, String>,
    /// The folder keys are made relative to for derived ids (the synced folder); none for a
    /// plain import, whose new records get new ids.
    root: Option<String>,
}

impl IdHints {
    /// Ids from `map`, else derived from the key's path under `root`.
    pub fn new(map: HashMap<String, String>, root: Option<PathBuf>) -> Self {
        IdHints {
            map,
            root: root.map(|r| {
                let mut r = r.display().to_string();
                if !r.ends_with('/') {
                    r.push('/');
                }
                r
            }),
        }
    }

    /// The id the record a file key makes should have, if the hints say one.
    pub fn id_for(&self, key: &str, kind: Kind) -> Option<String> {
        if let Some(id) = self.map.get(key)
            && id.starts_with(&format!("{}-", kind.id_prefix()))
        {
            return Some(id.clone());
        }
        let rel = key.strip_prefix(self.root.as_deref()?)?;
        Some(derived_id(kind, rel))
    }
}

/// `dec-` and the first 12 hex digits of SHA-256 of the key relative to the synced folder.
pub fn derived_id(kind: Kind, rel: &str) -> String {
    let digest = Sha256::digest(rel.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", kind.id_prefix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_entry_wins_else_the_path_names_the_record() {
        let mut map = HashMap::new();
        map.insert(
            "/repo/adr/0001-a.md".to_string(),
            "dec-0123456789ab".to_string(),
        );
        let hints = IdHints::new(map, Some(PathBuf::from("/repo/adr")));
        assert_eq!(
            hints
                .id_for("/repo/adr/0001-a.md", Kind::Decision)
                .as_deref(),
            Some("dec-0123456789ab")
        );
        let derived = hints.id_for("/repo/adr/0002-b.md", Kind::Decision).unwrap();
        assert_eq!(derived, derived_id(Kind::Decision, "0002-b.md"));
        assert!(derived.starts_with("dec-") && derived.len() == 16);
        // Outside the folder, and without a folder: no hint.
        assert!(hints.id_for("/elsewhere/x.md", Kind::Decision).is_none());
        assert!(
            IdHints::default()
                .id_for("/repo/adr/0002-b.md", Kind::Decision)
                .is_none()
        );
    }
}
