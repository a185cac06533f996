//! The command line: every command and flag, with the help text `hindsight --help` prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The version `--version` prints: the crate's, and the git commit it was built from
/// (`build.rs`; "unknown" when built outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("HINDSIGHT_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "hindsight",
    version = VERSION,
    about = "Design reviews and incident postmortems, with every trade-off linked to the incident that taught it.",
    long_about = "Design reviews and incident postmortems, with every trade-off linked to the \
                  incident that taught it.\n\n\
                  Hindsight keeps architecture decisions, their trade-offs, the lessons a team \
                  learned and the incidents that taught them in one SQLite workspace. With no \
                  command it opens the workbench window; the commands read and change the same \
                  workspace from a shell or a script.",
    after_help = "With no command, opens the workbench window (on PATH when given)."
)]
pub struct Cli {
    /// Open the window on this workspace file. A Markdown file or folder is offered for import
    /// into the workspace (--db, else the default one); a file that is not a workspace is
    /// named in the window, untouched.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// The workspace file [default: $HINDSIGHT_DB, else workspace.db in the platform data folder].
    /// A missing file is created with the demo workspace.
    #[arg(long, global = true, value_name = "PATH", env = "HINDSIGHT_DB")]
    pub db: Option<PathBuf>,
    /// Open the workspace for reading only: nothing is written to it (a backup, a colleague's
    /// copy). A workspace you may not write opens this way by itself.
    #[arg(long, global = true)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the demo workspace into the workspace (adds what is missing; keeps your edits).
    Demo {
        /// Instead, add N generated decisions and N incidents, linked through trade-offs and
        /// lessons: a large workspace to try the app's speed on.
        #[arg(long, value_name = "N")]
        generate: Option<usize>,
    },
    /// List records of one kind.
    List {
        /// decisions | tradeoffs | lessons | incidents | actions | checklists | reviews
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Show one record in full, with its links.
    Show {
        /// decision | tradeoff | lesson | incident | action | checklist | review
        kind: String,
        /// The record's id, a unique prefix of it, an ADR number (ADR-3) or an incident reference.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The chain of a decision (trade-offs, lessons, incidents), or what an incident changed.
    Trace {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over every record.
    Search {
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        query: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Lint the workspace; prints findings and exits with 1 when there are any.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Import Markdown files or folders: ADRs (adr-tools, MADR, log4brains), postmortems, or a
    /// folder exported by Hindsight. Importing the same files again updates what they made.
    /// A missing workspace file is created empty. Exits with 1 when a file could not be read.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Export the workspace as a folder of Markdown files for a git repository.
    Export {
        #[arg(value_name = "DIR", required_unless_present = "in_place")]
        dir: Option<PathBuf>,
        /// Write the decisions as adr-tools files instead (NNNN-slug.md, `adr` reads them).
        #[arg(long)]
        adr_tools: bool,
        /// With --adr-tools: also toc.md, as `adr generate toc` prints it.
        #[arg(long, requires = "adr_tools")]
        toc: bool,
        /// With --adr-tools: also graph.dot (Graphviz), as `adr generate graph` prints it, with
        /// the lessons and incidents behind each decision.
        #[arg(long, requires = "adr_tools")]
        graph: bool,
        /// Write over files changed since Hindsight wrote them, and over a folder another
        /// workspace exported. Files Hindsight never wrote are never removed.
        #[arg(long)]
        force: bool,
        /// Write each record back into the file it came from, in that file's dialect (only
        /// what changed; unchanged files are not touched), and new decisions and postmortems
        /// next to their neighbours. No DIR.
        #[arg(long, conflicts_with_all = ["adr_tools", "force"])]
        in_place: bool,
        #[arg(long)]
        json: bool,
    },
    /// Publish a static site for stakeholders: a page per decision, incident, lesson and
    /// review, tags, a timeline, the Insights and an offline search; no request leaves it.
    ///
    /// With --from, the site is built from the team's folders alone (their files and
    /// Hindsight's own files beside them): no workspace is needed, so a CI job can publish it
    /// on every push. Several --from folders make one site. Without --from, the workspace is
    /// published. Publishing again rewrites only the pages that changed.
    Publish {
        /// The folder the site goes into (made if missing; empty, or a site Hindsight wrote).
        out: PathBuf,
        /// A folder of the team's records (repeat for several repositories).
        #[arg(long, value_name = "FOLDER")]
        from: Vec<PathBuf>,
        /// The home page's title [default: "Why we built it this way"].
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        /// Where the site will be served, for canonical links and sitemap.xml (links inside
        /// the site stay relative).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the stakeholder report: every decision in plain words, what each trade-off gains
    /// and costs, the incident and lesson behind it, sign-offs, the trace diagram, and an
    /// appendix of the incidents. One self-contained HTML file, or Markdown.
    Report {
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// html or md [default: from the file's extension, else html].
        #[arg(long, value_parser = ["html", "md", "markdown"])]
        format: Option<String>,
        /// Only this decision (id, or ADR number such as ADR-3).
        #[arg(long, value_name = "ID")]
        decision: Option<String>,
    },
    /// Make a record of any kind and print its id (with --json, the record). One undo step.
    ///
    /// decision (numbered after the last one), incident, lesson, checklist, tradeoff
    /// (--decision), action ([--owner] [--due] [--incident | --review]), review (--decision
    /// and --checklist, no TITLE: it is titled after both, as the window's Start review titles
    /// it).
    New(NewArgs),
    /// Answer one item of a review: ok, risk or na, with a note. One undo step.
    ///
    /// As the window's O / R / N keys answer it. Prints the review's id (with --json, the
    /// review as `show` gives it).
    Answer {
        /// The review (its id or a unique prefix).
        review: String,
        /// The item: its number in the checklist's order, from 1, as `show review` numbers
        /// the items, or its id.
        item: String,
        answer: AnswerArg,
        /// A note on the answer (replaces the note the item had).
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sign off a decision (or a review) as it stands now. One undo step.
    ///
    /// As the window's Sign off… records it: name, role, verdict, comment, the time and a
    /// fingerprint of the decision and its trade-offs, so a later change shows the sign-off
    /// outdated. A decision's sign-off goes into its newest review (one is made when it has
    /// none); a review's into that review, for its decision. Prints the review's id (with
    /// --json, the sign-off with decision_id and review_id).
    SignOff {
        /// The decision (id or ADR number such as ADR-3) or the review.
        id: String,
        /// Who signs.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Their role (CTO, Head of Finance, …).
        #[arg(long, value_name = "ROLE")]
        role: String,
        #[arg(long)]
        verdict: VerdictArg,
        /// A comment, in a sentence.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        comment: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Set one top-level field of a record (a field of `show --json`: status, title, tags,
    /// revisit_by, …). Lists take commas; an empty VALUE clears the field. One undo step.
    Set {
        id: String,
        field: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Link two records: supersedes, amends, relates-to, motivated-by (trade-off → lesson or
    /// incident), learned-from (lesson → incident), addresses. One undo step.
    Link {
        from: String,
        relation: String,
        to: String,
    },
    /// Sync with the team's git repository: write changes back into the bound folder's files,
    /// commit them, fetch and merge by record and by field, read what others changed, push.
    /// The first sync binds the workspace to DIR (a folder inside a git work tree). Exits with
    /// 1 when conflicts are left to choose (hindsight resolve).
    Sync {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Commit and merge, but do not push.
        #[arg(long)]
        no_push: bool,
        #[arg(long)]
        json: bool,
    },
    /// Did our decisions work? Incidents per month and severity, time to detect / mitigate /
    /// resolve (median and p90, with the count behind each), action items, the learning loop,
    /// revisits due, and each decision's incidents on its topic before and after it.
    Stats {
        /// Only incidents that started (and decisions taken) on or after this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<chrono::NaiveDate>,
        /// Only those up to this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<chrono::NaiveDate>,
        /// Only incidents and decisions with this tag (repeat for several); a tag nothing
        /// carries is refused, so a typo does not read as "no incidents".
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Has this happened before? Past incidents, lessons and decisions that share the record's
    /// causes, tags and words, best first, each with the words it shares.
    Related {
        id: String,
        /// How many to list (at least 1).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        limit: u16,
        #[arg(long)]
        json: bool,
    },
    /// List the workspace's automatic backups, newest first: when, why, what each holds. They
    /// live in backups/ beside the workspace; each opens like a workspace (--db BACKUP).
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Bring the workspace back to a backup (see `backups`). What it holds now is backed up
    /// first, so a restore can be undone by restoring that.
    Restore {
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// Choose the value of a field a sync found changed differently on both sides.
    Resolve {
        id: String,
        field: String,
        /// Keep this workspace's value.
        #[arg(long, conflicts_with = "theirs", required_unless_present = "theirs")]
        mine: bool,
        /// Take the value from the repository.
        #[arg(long)]
        theirs: bool,
    },
    /// Print the completion script of SHELL (bash, zsh, fish, elvish, powershell) to standard
    /// output. Packages install them; from a checkout, for example:
    /// `hindsight completions bash > ~/.local/share/bash-completion/completions/hindsight`.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output (`hindsight manual | man -l -`), or
    /// with --dir write it and one page per command (hindsight-import.1, …) into DIR.
    Manual {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// An answer to a checklist item, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnswerArg {
    Ok,
    Risk,
    /// Not applicable.
    #[value(alias = "n/a")]
    Na,
}

/// A sign-off's verdict, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerdictArg {
    Approved,
    /// Stored as "concerns", which is taken too.
    #[value(alias = "concerns")]
    ApprovedWithConcerns,
    Rejected,
}

/// A day as YYYY-MM-DD (2026-1-5 is read as 2026-01-05).
fn day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "write the date as YYYY-MM-DD".to_string())
}

/// `new`: the kind, its title, and the flags some kinds take.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// decision | incident | lesson | checklist | tradeoff | action | review
    pub kind: String,
    /// The title (a lesson's statement, a checklist's name); a review takes none.
    pub title: Option<String>,
    /// decision: the decision this one supersedes: it is marked superseded and linked.
    #[arg(long, value_name = "ID")]
    pub supersedes: Option<String>,
    /// tradeoff, review: the decision it belongs to (id or ADR number such as ADR-3).
    #[arg(long, value_name = "ID")]
    pub decision: Option<String>,
    /// review: the checklist it walks.
    #[arg(long, value_name = "ID")]
    pub checklist: Option<String>,
    /// action: who will do it.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// action: the day it is due by.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = day)]
    pub due: Option<chrono::NaiveDate>,
    /// action: the incident it follows up (id or reference such as INC-2024-019).
    #[arg(long, value_name = "ID", conflicts_with = "review")]
    pub incident: Option<String>,
    /// action: the review it follows up.
    #[arg(long, value_name = "ID")]
    pub review: Option<String>,
    #[arg(long)]
    pub json: bool,
}
