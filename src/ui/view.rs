//! What a view of the window is given to draw one frame, and what it may ask for. A view reads
//! the session, sends commands, and asks the window for the rest (open a record, run an
//! action, show a notice) through [`Request`]s the window carries out after drawing: no view
//! reaches into the window or into another view.
//!
//! [`Cache`] keeps what a view read from the workspace until the workspace changes (its
//! generation) or what it was read for (its key) does.

use serde_json::Value;

use super::fields::{Buffers, Editor};
use super::{CentreView, Notice, Prefs, UiAction};
use crate::domain::Kind;
use crate::session::{Command, Session};

/// What a view may ask the window to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Open a record (or none), switching the navigation to its kind.
    Select(Option<String>),
    /// Show the list of a kind, with its filters cleared.
    Browse(Kind),
    /// A new record of a kind (trade-offs and reviews go to the selected decision).
    Create(Kind),
    /// What a menu item or shortcut does.
    Run(UiAction),
    /// The record or its trace in the centre.
    Centre(CentreView),
    /// Ask where to write the report (of one decision, or of all), then write it.
    Report(Option<String>),
    /// A toast.
    Notify(Notice, String),
}

/// A view's window on the app for one frame: the session to read, the selection, the
/// preferences, the typing buffers, and the senders of commands and requests.
pub struct ViewCtx<'a> {
    pub session: &'a Session,
    pub prefs: &'a Prefs,
    pub selected: Option<&'a str>,
    /// What the centre shows, for the views beside it (the kinds panel marks Insights).
    pub view: Option<CentreView>,
    pub buffers: &'a mut Buffers,
    commands: &'a mut Vec<Command>,
    requests: &'a mut Vec<Request>,
}

impl<'a> ViewCtx<'a> {
    pub fn new(
        session: &'a Session,
        prefs: &'a Prefs,
        selected: Option<&'a str>,
        buffers: &'a mut Buffers,
        commands: &'a mut Vec<Command>,
        requests: &'a mut Vec<Request>,
    ) -> Self {
        ViewCtx {
            session,
            prefs,
            selected,
            view: None,
            buffers,
            commands,
            requests,
        }
    }

    /// Sends a command; it is applied after the frame is drawn.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The command queue, for the parts of a view that only send.
    pub fn commands(&mut self) -> &mut Vec<Command> {
        self.commands
    }

    /// Sends what is typed but not yet saved, ahead of a command that depends on it.
    pub fn flush(&mut self) {
        let typed = self.buffers.flush_all();
        self.commands.extend(typed);
    }

    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    /// Opens a record.
    pub fn open(&mut self, id: impl Into<String>) {
        self.request(Request::Select(Some(id.into())));
    }

    /// The field editors of one record.
    pub fn editor<'b>(&'b mut self, id: &'b str, doc: &'b Value, now: f64) -> Editor<'b> {
        Editor {
            id,
            doc,
            buffers: self.buffers,
            out: self.commands,
            now,
        }
    }
}

/// A value read from the workspace for a key (a record, a query), kept until the workspace
/// changes or the key does.
pub struct Cache<K, V> {
    entry: Option<(K, u64, V)>,
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache { entry: None }
    }
}

impl<K: PartialEq, V> Cache<K, V> {
    /// The value for `key` at `generation`, read with `read` when it is not kept yet.
    pub fn get(&mut self, key: K, generation: u64, read: impl FnOnce(&K) -> V) -> &mut V {
        let fresh = matches!(&self.entry, Some((k, g, _)) if *k == key && *g == generation);
        if !fresh {
            self.entry = None;
        }
        let (_, _, value) = self.entry.get_or_insert_with(|| {
            let value = read(&key);
            (key, generation, value)
        });
        value
    }

    /// Forgets the value, so the next [`Cache::get`] reads it again.
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_again_only_when_the_key_or_the_generation_changes() {
        let mut cache: Cache<&str, usize> = Cache::default();
        let reads = std::cell::Cell::new(0);
        let read = |k: &&str| {
            reads.set(reads.get() + 1);
            k.len()
        };
        assert_eq!(*cache.get("abc", 1, read), 3);
        assert_eq!(*cache.get("abc", 1, read), 3);
        assert_eq!(*cache.get("abcd", 1, read), 4);
        assert_eq!(*cache.get("abcd", 2, read), 4);
        assert_eq!(reads.get(), 3);
        cache.clear();
        assert_eq!(*cache.get("abcd", 2, read), 4);
        assert_eq!(reads.get(), 4);
    }
}
