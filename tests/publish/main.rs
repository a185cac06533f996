//! `hindsight publish` as a process against the binary, on a team's repository made the way a
//! team makes one (adr-tools and MADR decisions, a postmortem, and through the command line
//! lessons, trade-offs, a review with its answers, risk, action item and sign-off, synced into
//! Hindsight's own files and committed):
//!
//! - `records`: a page for every record the repository holds, with no workspace opened or made;
//!   the search index finds each by a word of its title, as the site's script matches;
//!   `--base-url` for canonical links and the sitemap only.
//! - `links`: every page walked — relative links and anchors resolve, nothing is loaded from
//!   outside the site, titles, one `<h1>`, heading levels, SVG titles, the content security
//!   policy.
//! - `hostile`: a workspace with XSS vectors in every field publishes nothing active.
//! - `incremental`: publishing again writes only what changed, removes what went, and leaves
//!   what users put or changed in the site.
//! - `repos`: two repositories make one site, with a trace across them.
//! - `refused`: bad input is one line naming the path, and nothing outside OUT is written.
//!
//! Their tools: `fixture` (the repository, made once per run; the sandbox a publish runs in),
//! `html` (a small reader of tags and attributes), `walk` (the checks of every page), `search`
//! (the site's search as its script does it).

#[path = "../common/mod.rs"]
mod common;
mod fixture;
mod html;
mod search;
mod walk;

mod hostile;
mod incremental;
mod links;
mod records;
mod refused;
mod repos;
