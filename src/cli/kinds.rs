//! `new` for the kinds that belong to something or are made from something: a trade-off (of a
//! decision), an action item (of an incident or a review), a checklist, and a review (a
//! decision walked through a checklist). Each is made by the same session function the window
//! uses (`session::new_record`, `session::start_review`), so a record made here is the record
//! the window would make, and each is one change (one undo step). Every flag and id is checked
//! before anything is written.

use super::CliError;
use super::args::NewArgs;
use crate::domain::{AnyRecord, Kind};
use crate::store::{Store, StoreError};

/// The flags `new` takes, with the kinds each is for.
const FLAGS: &[(&str, &[Kind])] = &[
    ("--supersedes", &[Kind::Decision]),
    ("--decision", &[Kind::TradeOff, Kind::Review]),
    ("--checklist", &[Kind::Review]),
    ("--owner", &[Kind::Action]),
    ("--due", &[Kind::Action]),
    ("--incident", &[Kind::Action]),
    ("--review", &[Kind::Action]),
];

/// Refuses a flag given for a kind it is not for: `new lesson X --decision 3` says so rather
/// than dropping the decision silently.
pub fn refuse_other_flags(kind: Kind, args: &NewArgs) -> Result<(), CliError> {
    let given = [
        args.supersedes.is_some(),
        args.decision.is_some(),
        args.checklist.is_some(),
        args.owner.is_some(),
        args.due.is_some(),
        args.incident.is_some(),
        args.review.is_some(),
    ];
    for ((flag, kinds), given) in FLAGS.iter().zip(given) {
        if given && !kinds.contains(&kind) {
            let for_kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            return Err(CliError::Usage(format!(
                "new {kind}: {flag} is not for {} (only for: {})",
                a(kind),
                for_kinds.join(", ")
            )));
        }
    }
    Ok(())
}

/// The title given, trimmed: present and not blank.
pub fn title(kind: Kind, title: Option<&str>) -> Result<String, CliError> {
    match title.map(str::trim) {
        None => Err(CliError::Usage(format!("new {kind}: give its title"))),
        Some("") => Err(CliError::Usage(format!(
            "new {kind}: the title must not be empty"
        ))),
        Some(text) => Ok(text.to_string()),
    }
}

/// The id `text` names, which must be a record of `kind`; errors name the flag.
pub fn resolve_as(store: &Store, flag: &str, text: &str, kind: Kind) -> Result<String, CliError> {
    let (actual, id) = store.resolve(text).map_err(|e| match e {
        StoreError::NotFound(_) | StoreError::Ambiguous { .. } => {
            CliError::Usage(format!("{flag}: {e}"))
        }
        other => other.into(),
    })?;
    if actual != kind {
        return Err(CliError::Usage(format!(
            "{flag}: '{id}' is {}, not {}",
            a(actual),
            a(kind)
        )));
    }
    Ok(id)
}

/// `new tradeoff|action|checklist|review …`: the record made, once written.
pub fn new(store: &mut Store, kind: Kind, args: &NewArgs) -> Result<AnyRecord, CliError> {
    let record = match kind {
        Kind::Review => return new_review(store, args),
        Kind::TradeOff => {
            let title = title(kind, args.title.as_deref())?;
            let Some(decision) = args.decision.as_deref() else {
                return Err(CliError::Usage(
                    "new tradeoff: give the decision it belongs to (--decision ID)".into(),
                ));
            };
            let decision = resolve_as(store, "--decision", decision, Kind::Decision)?;
            crate::session::new_record(store, kind, Some(decision), &title)?
        }
        Kind::Action => {
            let title = title(kind, args.title.as_deref())?;
            let source = match (&args.incident, &args.review) {
                (Some(incident), _) => {
                    Some(resolve_as(store, "--incident", incident, Kind::Incident)?)
                }
                (None, Some(review)) => Some(resolve_as(store, "--review", review, Kind::Review)?),
                (None, None) => None,
            };
            let mut record = crate::session::new_record(store, kind, source, &title)?;
            if let AnyRecord::Action(action) = &mut record {
                // As the incident page's *Add action item* fills it in.
                action.owner = args
                    .owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(str::to_string);
                action.due = args.due;
            }
            record
        }
        Kind::Checklist => {
            let title = title(kind, args.title.as_deref())?;
            crate::session::new_record(store, kind, None, &title)?
        }
        other => {
            return Err(CliError::Usage(format!(
                "new: {other} is made by edit::new, not here"
            )));
        }
    };
    let summary = format!("New {} “{}”", kind.label(), record.title());
    store.write(summary, |w| w.put_any(&record))?;
    Ok(record)
}

/// `new review --decision ID --checklist ID`: started as the window's *Start review* starts
/// one, titled after the checklist and the decision.
fn new_review(store: &mut Store, args: &NewArgs) -> Result<AnyRecord, CliError> {
    if let Some(title) = &args.title {
        return Err(CliError::Usage(format!(
            "new review: takes no title (\"{title}\"); it is titled after its checklist and decision"
        )));
    }
    let (Some(decision), Some(checklist)) = (&args.decision, &args.checklist) else {
        return Err(CliError::Usage(
            "new review: give the decision and the checklist (--decision ID --checklist ID)".into(),
        ));
    };
    let decision = resolve_as(store, "--decision", decision, Kind::Decision)?;
    let checklist = resolve_as(store, "--checklist", checklist, Kind::Checklist)?;
    let review = crate::session::start_review(store, &decision, &checklist)?;
    Ok(AnyRecord::Review(review))
}

/// The kind with its article: "a decision", "an incident".
pub fn a(kind: Kind) -> String {
    let word = kind.label().to_lowercase();
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}
