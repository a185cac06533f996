//! Times as postmortem timelines write them: "2021-12-10 15:40", "19:26 UTC", "12:21 PT",
//! "2:08pm", "~19:00 UTC Monday Aug 27", "2018-08-10 1250 UTC". A line without a date takes the
//! date of the line before it (or of the document); a time without a zone is UTC unless the
//! section says otherwise ("Timeline (PST)").

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};

/// What the timeline knows while reading it line by line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The date of the last line that had one.
    pub date: Option<NaiveDate>,
    /// Minutes east of UTC for times without a zone.
    pub offset: Option<i32>,
}

/// The zone a heading names ("Timeline (PST)", "Timeline: (in PT)"), in minutes east of UTC.
pub fn zone_in(text: &str, date: Option<NaiveDate>) -> Option<i32> {
    text.split(|c: char| !c.is_alphanumeric())
        .find_map(|w| zone(w, date))
}

fn zone(word: &str, date: Option<NaiveDate>) -> Option<i32> {
    let summer = date.is_some_and(|d| (3..=10).contains(&d.month()));
    Some(match word.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => 0,
        "PST" => -8 * 60,
        "PDT" => -7 * 60,
        "PT" | "PACIFIC" => {
            if summer {
                -7 * 60
            } else {
                -8 * 60
            }
        }
        "EST" => -5 * 60,
        "EDT" => -4 * 60,
        "ET" => {
            if summer {
                -4 * 60
            } else {
                -5 * 60
            }
        }
        "CET" => 60,
        "CEST" => 120,
        "BST" => 60,
        _ => return None,
    })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && m.len() <= w.len())
        .map(|i| i as u32 + 1)
}

/// Whether a line only names a day ("8 Jan", "Monday, March 3rd 2020", "2018-01-08"); if so,
/// it becomes the date of the lines after it.
pub fn date_line(text: &str, context: &mut Context) -> bool {
    const NAMES: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const DAYS: &[&str] = &[
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let iso = |w: &str| NaiveDate::parse_from_str(w, "%Y-%m-%d").is_ok();
    let named = words.iter().any(|w| iso(w) || NAMES.contains(&w.as_str()));
    let only_dates = words.iter().all(|w| {
        iso(w)
            || NAMES.contains(&w.as_str())
            || DAYS.contains(&w.as_str())
            || (w.len() <= 6
                && w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).len() <= 4
                && w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
                && w.starts_with(|c: char| c.is_ascii_digit()))
    });
    if !(named && only_dates) {
        return false;
    }
    let mut probe = *context;
    if parse(&format!("{text} 00:00"), &mut probe).is_some() {
        context.date = probe.date;
        true
    } else {
        false
    }
}

/// Reads a time. Returns the UTC time when both a date (here or in `context`) and a clock time
/// are found, and updates `context` with any date seen.
pub fn parse(text: &str, context: &mut Context) -> Option<DateTime<Utc>> {
    let cleaned = text.replace([',', '~', '(', ')'], " ");
    let mut words: Vec<String> = Vec::new();
    for w in cleaned.split_whitespace() {
        // "2017-07-25T17:06" and "17:06Z"
        if w.len() > 11 && w.as_bytes().get(10) == Some(&b'T') {
            words.push(w[..10].to_string());
            words.push(w[11..].trim_end_matches('Z').to_string());
            if w.ends_with('Z') {
                words.push("UTC".into());
            }
        } else {
            words.push(w.to_string());
        }
    }
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    let mut offset: Option<i32> = None;
    let mut month_day: Option<(u32, u32)> = None;
    let mut year: Option<i32> = None;
    for (i, w) in words.iter().enumerate() {
        if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
            date = Some(d);
        } else if let Some(t) = clock(w, words.get(i + 1).map(String::as_str)) {
            time = time.or(Some(t));
        } else if let Some(m) = month(w) {
            let day = |s: Option<&String>| {
                s.and_then(|s| {
                    s.trim_end_matches(['.', 't', 'h', 's', 'n', 'd', 'r'])
                        .parse::<u32>()
                        .ok()
                })
                .filter(|d| (1..=31).contains(d))
            };
            let before = i.checked_sub(1).and_then(|j| words.get(j));
            if let Some(d) = day(words.get(i + 1)).or_else(|| day(before)) {
                month_day = Some((m, d));
            }
        } else if let Some(z) = zone(w, date.or(context.date)) {
            offset = Some(z);
        } else if w.len() == 4
            && let Ok(y) = w.parse::<i32>()
            && (1990..2100).contains(&y)
            && month_day.is_some()
        {
            year = Some(y);
        } else if w.len() == 4
            && date.is_some()
            && time.is_none()
            && let Some(t) = hhmm(w)
        {
            time = Some(t);
        }
    }
    if date.is_none()
        && let Some((m, d)) = month_day
    {
        let y = year.or(context.date.map(|c| c.year()))?;
        date = NaiveDate::from_ymd_opt(y, m, d);
    }
    if let Some(d) = date {
        context.date = Some(d);
    }
    let date = date.or(context.date)?;
    let time = time?;
    let offset = offset.or(context.offset).unwrap_or(0);
    let local = date.and_time(time);
    Some(local.and_utc() - TimeDelta::minutes(offset as i64))
}

/// "19:26", "17:33:50", "2pm", "2:08pm", "12:21" followed by "pm".
fn clock(word: &str, next: Option<&str>) -> Option<NaiveTime> {
    let lower = word.to_ascii_lowercase();
    let (body, pm) = if let Some(b) = lower.strip_suffix("pm") {
        (b.to_string(), Some(true))
    } else if let Some(b) = lower.strip_suffix("am") {
        (b.to_string(), Some(false))
    } else {
        let pm = match next.map(str::to_ascii_lowercase).as_deref() {
            Some("pm") => Some(true),
            Some("am") => Some(false),
            _ => None,
        };
        (lower, pm)
    };
    let parts: Vec<&str> = body.split(':').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if parts.len() == 1 && pm.is_none() {
        return None;
    }
    let mut h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts.get(1).map_or(Some(0), |p| p.parse().ok())?;
    let s: u32 = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, s)
}

fn hhmm(word: &str) -> Option<NaiveTime> {
    let h: u32 = word.get(..2)?.parse().ok()?;
    let m: u32 = word.get(2..)?.parse().ok()?;
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Splits a timeline line into its time and its text: "19:26 UTC - sheriffs detect …",
/// "2021-12-10 19:44 UTC ::::: deployed", "12:21 PT gps noticed …". Lines without a leading
/// time come back with an empty time.
pub fn split_line(line: &str) -> (String, String) {
    for sep in [" ::::: ", " -- ", " — ", " – ", " - ", ": "] {
        if let Some((left, right)) = line.split_once(sep) {
            let left_t = left.trim();
            if left_t.len() <= 45
                && left_t.chars().any(|c| c.is_ascii_digit())
                && starts_like_time(left_t)
            {
                return (left_t.to_string(), right.trim().to_string());
            }
        }
    }
    // "12:21 PT gps noticed …", "2pm Callek pings"
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = words
        .first()
        .map(|w| w.trim_start_matches('~'))
        .unwrap_or("");
    if clock(first, words.get(1).copied()).is_some() {
        let mut n = 1;
        while n < words.len()
            && (zone(words[n], None).is_some()
                || matches!(words[n].to_ascii_lowercase().as_str(), "am" | "pm"))
        {
            n += 1;
        }
        let time = words[..n].join(" ");
        let rest = words[n..].join(" ");
        return (time, rest);
    }
    (String::new(), line.trim().to_string())
}

fn starts_like_time(text: &str) -> bool {
    let first = text.trim_start_matches('~').chars().next();
    first.is_some_and(|c| c.is_ascii_digit())
        || text.split_whitespace().next().and_then(month).is_some()
}

/// A UTC time as the export writes it: "2024-03-01 12:05" (seconds only when there are some).
pub fn write(at: DateTime<Utc>) -> String {
    if at.timestamp() % 60 == 0 {
        at.format("%Y-%m-%d %H:%M").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

/// Reads back exactly what [`write`] writes, and nothing else.
pub fn read_exact(text: &str) -> Option<DateTime<Utc>> {
    let parsed = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()?
        .and_utc();
    (write(parsed) == text).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Option<DateTime<Utc>> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn timelines_are_read_the_ways_teams_write_them() {
        let mut c = Context::default();
        assert_eq!(
            parse("2021-12-10   15:40", &mut c),
            utc("2021-12-10T15:40:00Z")
        );
        assert_eq!(parse("2021-12-11", &mut c), None);
        assert_eq!(parse("16:10", &mut c), utc("2021-12-11T16:10:00Z"));
        let mut c = Context {
            date: NaiveDate::from_ymd_opt(2016, 7, 19),
            offset: None,
        };
        assert_eq!(parse("12:21 PT", &mut c), utc("2016-07-19T19:21:00Z"));
        assert_eq!(parse("2:08pm", &mut c), utc("2016-07-19T14:08:00Z"));
        let mut c = Context {
            date: NaiveDate::from_ymd_opt(2018, 8, 27),
            offset: None,
        };
        assert_eq!(
            parse("~19:00 UTC Monday Aug 27", &mut c),
            utc("2018-08-27T19:00:00Z")
        );
        assert_eq!(
            parse("11:14 UTC Tuesday Aug 28", &mut c),
            utc("2018-08-28T11:14:00Z")
        );
        assert_eq!(
            parse("2018-08-10 1250 UTC", &mut c),
            utc("2018-08-10T12:50:00Z")
        );
        assert_eq!(
            parse("2017-07-25T17:06", &mut c),
            utc("2017-07-25T17:06:00Z")
        );
        assert_eq!(parse("1 hour later", &mut c), None);
    }

    #[test]
    fn lines_split_at_their_separator() {
        assert_eq!(
            split_line("19:26 UTC - sheriffs detect infra issue"),
            ("19:26 UTC".into(), "sheriffs detect infra issue".into())
        );
        assert_eq!(
            split_line("12:21 PT gps noticed"),
            ("12:21 PT".into(), "gps noticed".into())
        );
        assert_eq!(
            split_line("As cached records timed out - all failed"),
            (
                String::new(),
                "As cached records timed out - all failed".into()
            )
        );
        let at = utc("2024-03-01T12:05:00Z").unwrap();
        assert_eq!(read_exact(&write(at)), Some(at));
        assert_eq!(read_exact("2024-03-01"), None);
    }
}
