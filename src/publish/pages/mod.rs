//! The site's pages, one module per kind of page; what they share is here: the context a page
//! is written in (the site's map, the repository it is about, where it sits), the dates and
//! tags lines, a Markdown section, the links across repositories and the history.

pub mod decision;
pub mod home;
pub mod incident;
pub mod layout;
pub mod lists;
pub mod record;

use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use super::history::FileHistory;
use super::site::{Entry, PageLinks, Site, depth, slug, up};
use crate::report::html::linked;
use crate::report::safe::{PagePolicy, escape, markdown_html};
use crate::report::story::long_date;
use crate::store::Store;

/// What a page is written with.
pub struct Ctx<'a> {
    pub site: &'a Site,
    /// The repository the page's record is from.
    pub repo: usize,
    /// The page's path from the site's root.
    pub path: &'a str,
    pub store: &'a Store,
    pub history: &'a FileHistory,
    /// Whether the workspace's own revisions tell a record's history when git does not (a
    /// published workspace; a folder read for the site has only the read itself).
    pub revisions: bool,
}

impl Ctx<'_> {
    pub fn links(&self) -> PageLinks<'_> {
        self.site.links(self.repo, depth(self.path))
    }

    pub fn up(&self) -> String {
        up(depth(self.path))
    }

    pub fn repo_badge(&self) -> String {
        layout::repo_badge(self.site, self.repo)
    }

    /// How Markdown written in `file` renders on this page: a relative link to another record's
    /// file goes to that record's page, any other relative link keeps only its text; the
    /// user's headings start at level 4 (under the page's sections).
    pub fn policy(&self, file: Option<&Path>) -> PagePolicy {
        let dir = file.and_then(Path::parent).map(Path::to_path_buf);
        let pages = self.site.file_pages();
        let up = self.up();
        PagePolicy {
            relative: Box::new(move |url: &str| {
                let dir = dir.as_ref()?;
                let path = url.split(['#', '?']).next().unwrap_or("");
                if path.is_empty() {
                    return None;
                }
                let target = normalise(&dir.join(percent_decoded(path)));
                pages.get(&target).map(|page| format!("{up}{page}"))
            }),
            top_heading: 4,
        }
    }
}

/// `a/./b/../c` as `a/c`, without asking the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `%20` and the like decoded (a link to `my%20file.md`).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && text.is_char_boundary(i + 3)
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// "First written 3 March 2024 · last changed 9 May 2025": its file's first and last commit.
pub fn dates_line(out: &mut String, entry: &Entry) {
    let Some(written) = entry.written else {
        return;
    };
    let mut line = format!("First written {}", long_date(written));
    if let Some(changed) = entry.changed.filter(|c| *c != written) {
        line.push_str(&format!(" · last changed {}", long_date(changed)));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&line));
}

/// A tag as a link to its page, from a page `up` folders deep.
pub fn tag_link(up: &str, tag: &str) -> String {
    format!(
        "<a class=\"tag\" href=\"{up}tags/{}.html\">{}</a>",
        slug(tag),
        escape(tag)
    )
}

/// The record's tags, each a link to its tag's page.
pub fn tags_line(out: &mut String, cx: &Ctx<'_>, tags: &[String]) {
    if tags.is_empty() {
        return;
    }
    out.push_str("<p class=\"tags\">Tags: ");
    let up = cx.up();
    let links: Vec<String> = tags.iter().map(|t| tag_link(&up, t)).collect();
    out.push_str(&links.join(" "));
    out.push_str("</p>\n");
}

/// A heading (level 3) and the user's Markdown under it, when there is any.
pub fn markdown_section(out: &mut String, heading: &str, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let _ = writeln!(out, "<h3>{}</h3>", escape(heading));
    out.push_str(&markdown_html(text));
}

/// A record's action items (a postmortem's, a review's), each a link to its line on the page
/// of every action item, with its owner and due day; nothing when there are none.
pub fn action_items(out: &mut String, cx: &Ctx<'_>, items: &[crate::domain::ActionItem]) {
    if items.is_empty() {
        return;
    }
    let links = cx.links();
    out.push_str("<h2>Action items</h2>\n<ul>\n");
    for a in items {
        let title = crate::report::plain::plain_lines(&a.title).replace('\n', " ");
        let mut line = linked(
            &title,
            crate::report::html::Links::href(&links, crate::domain::Kind::Action, &a.id),
        );
        if let Some(owner) = &a.owner {
            let _ = write!(line, " · {}", escape(owner));
        }
        if let Some(due) = a.due {
            let _ = write!(line, " · due {due}");
        }
        if a.status == crate::domain::ActionStatus::Done {
            line.push_str(" <span class=\"badge\">done</span>");
        }
        let _ = writeln!(out, "<li>{line}</li>");
    }
    out.push_str("</ul>\n");
}

/// The links across repositories that touch this record, when there are any.
pub fn across(out: &mut String, cx: &Ctx<'_>, entry: &Entry) {
    let Some(me) = cx.site.index_of(entry.repo, &entry.id) else {
        return;
    };
    let mut items = Vec::new();
    let up = cx.up();
    for link in cx.site.cross_of(me) {
        let other = if link.from == me { link.to } else { link.from };
        let e = &cx.site.entries[other];
        let words = if link.from == me {
            link.relation.to_string()
        } else {
            format!("{} (from there)", link.relation)
        };
        items.push(format!(
            "<li>{} {}: {}{}</li>",
            escape(&words),
            escape(&e.kind.label().to_lowercase()),
            linked(&e.title, Some(format!("{up}{}", e.path))),
            layout::repo_badge(cx.site, e.repo)
        ));
    }
    if items.is_empty() {
        return;
    }
    out.push_str("<h2>In other repositories</h2>\n<ul>\n");
    for item in items {
        out.push_str(&item);
        out.push('\n');
    }
    out.push_str("</ul>\n");
}

/// Who changed the record and when: its file's commits, else the workspace's revisions.
pub fn history(out: &mut String, cx: &Ctx<'_>, entry: &Entry) {
    let commits = entry
        .file
        .as_deref()
        .map(|f| cx.history.of(f))
        .unwrap_or(&[]);
    let mut rows: Vec<(String, String, String)> = commits
        .iter()
        .map(|c| {
            (
                long_date(c.at.date_naive()),
                c.author.clone(),
                c.subject.clone(),
            )
        })
        .collect();
    if rows.is_empty() && cx.revisions {
        rows = cx
            .store
            .history(&entry.id)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .take(super::history::SHOWN)
            .map(|r| (long_date(r.at.date_naive()), r.author, r.summary))
            .collect();
    }
    if rows.is_empty() {
        return;
    }
    out.push_str("<h2>History</h2>\n<table class=\"history\">\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What changed</th></tr></thead>\n<tbody>\n");
    for (when, who, what) in rows {
        let _ = writeln!(
            out,
            "<tr><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&when),
            escape(&who),
            escape(&what)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}
