//! `hindsight stats` and `hindsight related`: the figures that say whether the learning
//! worked, and the records that share a record's causes.

use std::io::Write;

use super::{CliError, json};
use crate::domain::stats::{Distribution, Filter, Stats, compute, minutes_words};
use crate::report::{actions_words, revisit_when, stretch_words};
use crate::store::Store;

pub fn stats(
    store: &Store,
    filter: &Filter,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = chrono::Utc::now().date_naive();
    let input = store.stats_input()?;
    for tag in &filter.tags {
        let carried = |tags: &[String]| tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
        if !input.incidents.iter().any(|i| carried(&i.tags))
            && !input.decisions.iter().any(|d| carried(&d.tags))
        {
            return Err(CliError::Usage(format!(
                "stats: --tag {tag}: no incident or decision carries this tag"
            )));
        }
    }
    let stats = compute(&input, filter, today);
    if as_json {
        json::print(out, &serde_json::to_value(&stats).unwrap_or_default())?;
    } else {
        text(&stats, out)?;
    }
    Ok(())
}

fn minutes(m: Option<f64>) -> String {
    m.map(minutes_words).unwrap_or_else(|| "—".into())
}

fn distribution(out: &mut dyn Write, what: &str, d: &Distribution) -> std::io::Result<()> {
    writeln!(
        out,
        "  {what:<18} median {:<12} p90 {:<12} ({})",
        minutes(d.median_minutes),
        minutes(d.p90_minutes),
        crate::report::story::count(d.count, "incident", "incidents")
    )
}

fn text(s: &Stats, out: &mut dyn Write) -> std::io::Result<()> {
    let i = &s.incidents;
    let severities: Vec<String> = i
        .by_severity
        .iter()
        .map(|(sev, n)| format!("{sev} {n}"))
        .collect();
    writeln!(out, "Incidents: {} ({})", i.count, severities.join(", "))?;
    distribution(out, "time to detect", &i.time_to_detect)?;
    distribution(out, "time to mitigate", &i.time_to_mitigate)?;
    distribution(out, "time to resolve", &i.time_to_resolve)?;
    if !i.by_month.is_empty() {
        writeln!(out, "  per month:")?;
        for (month, n) in &i.by_month {
            writeln!(out, "    {month}  {:<3} {}", n, "#".repeat((*n).min(60)))?;
        }
    }
    let a = &s.actions;
    writeln!(out, "\nAction items: {}", actions_words(a))?;
    for (owner, o) in &a.by_owner {
        writeln!(
            out,
            "  {owner:<24} {} open, {} overdue, {} done",
            o.open, o.overdue, o.done
        )?;
    }
    let l = &s.lessons;
    writeln!(
        out,
        "\nLessons: {} ({} changed a trade-off or a checklist item; {} changed nothing yet)",
        l.count,
        l.acted_on,
        l.not_acted_on.len()
    )?;
    for n in &l.published_without_lesson {
        writeln!(out, "  published without a lesson: {}", n.title)?;
    }
    let d = &s.decisions;
    writeln!(
        out,
        "\nDecisions: {} past their revisit date",
        d.revisit_due
    )?;
    for r in &d.revisits {
        writeln!(out, "  {}  {}", revisit_when(r), r.title)?;
    }
    if !d.effects.is_empty() {
        writeln!(
            out,
            "\nDid it work? Incidents on each decision's topic, before and after it:"
        )?;
    }
    for e in &d.effects {
        writeln!(
            out,
            "  {} ({}; topic: {})\n    before: {}\n    after:  {}",
            e.title,
            e.date,
            e.topic.join(", "),
            stretch_words(&e.before),
            stretch_words(&e.after),
        )?;
    }
    Ok(())
}

pub fn related(
    store: &Store,
    id: &str,
    limit: u16,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (_, id) = store.resolve(id)?;
    let related = store.related(&id, usize::from(limit))?;
    if as_json {
        json::print(out, &serde_json::to_value(&related).unwrap_or_default())?;
        return Ok(());
    }
    if related.is_empty() {
        writeln!(out, "Nothing else shares its words.")?;
    }
    for r in &related {
        writeln!(
            out,
            "{:<9} {:<14} {}\n          shares: {}",
            r.kind.as_str(),
            if r.reference.is_empty() {
                &r.id
            } else {
                &r.reference
            },
            r.title,
            r.why.join(", ")
        )?;
    }
    Ok(())
}
