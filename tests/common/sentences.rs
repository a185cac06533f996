//! The lossless check: the sentences of a Markdown file, and whether a record (or a file
//! written from it) still says each of them.
//!
//! A sentence is a line of the source with its Markdown markers and white space taken off,
//! compared as a run of lower-case words. Structure is not a sentence: headings, table
//! separators, front-matter delimiters, the key of a metadata line (`Status:`, `Date:`), the
//! `Good, because` of a pro, a link line of an adr-tools status section (it becomes a typed
//! link), and a time on its own in a timeline (it becomes a time).

/// Lower-case words: runs of letters, and runs of digits, apart.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut digits = false;
    for c in text.replace("\\n", " ").chars() {
        if c.is_alphanumeric() {
            let d = c.is_ascii_digit();
            if !word.is_empty() && d != digits {
                out.push(std::mem::take(&mut word));
            }
            digits = d;
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Text to look sentences up in: each piece's words, pieces kept apart.
pub struct Haystack(String);

impl Haystack {
    pub fn new<'a>(pieces: impl IntoIterator<Item = &'a str>) -> Haystack {
        let mut text = String::from(" ");
        for piece in pieces {
            for w in words(piece) {
                text.push_str(&w);
                text.push(' ');
            }
            text.push_str("\u{b6} ");
        }
        Haystack(text)
    }

    /// Exported files: their text, and each figure of their front matter (`- label: X` over
    /// `value: Y`) as one piece.
    pub fn of_files(texts: &[&str]) -> Haystack {
        let mut pieces: Vec<String> = texts.iter().map(|t| t.replace("<br>", " ")).collect();
        for text in texts {
            let lines: Vec<&str> = text.lines().collect();
            for pair in lines.windows(2) {
                if let (Some(label), Some(value)) = (
                    pair[0].trim_start().strip_prefix("- label:"),
                    pair[1].trim_start().strip_prefix("value:"),
                ) {
                    pieces.push(format!("{label} {value}"));
                }
            }
        }
        Haystack::new(pieces.iter().map(String::as_str))
    }

    /// Every string, key and number of JSON values.
    pub fn of_json(values: &[serde_json::Value]) -> Haystack {
        fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Number(n) => out.push(n.to_string()),
                serde_json::Value::Bool(b) => out.push(b.to_string()),
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                serde_json::Value::Object(map) => {
                    // A figure: "Time to recovery: 31 minutes".
                    if let (Some(l), Some(v)) = (map.get("label"), map.get("value"))
                        && let (Some(l), Some(v)) = (l.as_str(), v.as_str())
                    {
                        out.push(format!("{l} {v}"));
                    }
                    for (k, v) in map {
                        out.push(k.clone());
                        walk(v, out);
                    }
                }
                serde_json::Value::Null => {}
            }
        }
        let mut pieces = Vec::new();
        values.iter().for_each(|v| walk(v, &mut pieces));
        Haystack::new(pieces.iter().map(String::as_str))
    }

    pub fn says(&self, sentence: &str) -> bool {
        self.0.contains(&format!(" {sentence} "))
    }
}

/// The sentences of a Markdown file, each as its words joined by one space.
pub fn sentences(source: &str) -> Vec<String> {
    let text = source.replace("\r\n", "\n").replace('\r', "\n");
    let text = strip_comments(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .replace("<br>", " ")
        .replace("<br/>", " ")
        .replace("<br />", " ");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Front matter: every value.
    if lines.first().map(|l| l.trim_end()) == Some("---")
        && let Some(end) = lines[1..]
            .iter()
            .position(|l| matches!(l.trim_end(), "---" | "..."))
    {
        for line in &lines[1..=end] {
            let t = line.trim();
            let t = t.strip_prefix("- ").unwrap_or(t);
            let (key, value) = match t.split_once(':') {
                Some((key, value)) if !key.contains(' ') && !key.is_empty() => (key, value),
                _ => ("", t),
            };
            // People and tags are kept one by one, and so are the items of `[a, b]`.
            let flow = value.trim().starts_with('[') && value.trim().ends_with(']');
            if flow
                || [
                    "decision-makers",
                    "deciders",
                    "consulted",
                    "informed",
                    "tags",
                    "authors",
                ]
                .contains(&key)
            {
                for part in value.split([',', ';']) {
                    push(&mut out, part);
                }
            } else {
                push(&mut out, value);
            }
        }
        i = end + 2;
    }
    let mut fence: Option<&str> = None;
    let mut section = String::new();
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        i += 1;
        if let Some(marker) = fence {
            if t.starts_with(marker) {
                fence = None;
            } else {
                push(&mut out, t);
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            push(&mut out, &t[3..]);
            continue;
        }
        if t.starts_with('#') {
            section = words(t).join(" ");
            continue;
        }
        // A setext heading: the line under it is all `=` or `-`.
        if let Some(next) = lines.get(i)
            && !t.is_empty()
            && is_rule(next.trim())
            && !next.trim().is_empty()
            && next.trim().len() > 1
            && !t.starts_with(['-', '*', '+', '|'])
        {
            section = words(t).join(" ");
            i += 1;
            continue;
        }
        if is_rule(t) {
            continue;
        }
        if t.contains('|') && (t.starts_with('|') || t.matches('|').count() >= 2) {
            // A table's header row is structure.
            if lines
                .get(i)
                .is_some_and(|next| is_rule(next.trim()) && next.contains('-'))
            {
                continue;
            }
            for cell in t.trim_matches('|').split('|') {
                push_fragment(&mut out, cell, &section);
            }
            continue;
        }
        push_fragment(&mut out, t, &section);
    }
    out
}

fn is_rule(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | ':' | ' ' | '|' | '*' | '_'))
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn push(out: &mut Vec<String>, text: &str) {
    let w = words(text);
    if !w.is_empty() && !is_time(&w) {
        out.push(w.join(" "));
    }
}

/// A line of the body: markers off, then what is structure off.
fn push_fragment(out: &mut Vec<String>, line: &str, section: &str) {
    let mut t = line.trim();
    loop {
        let before = t;
        t = t.trim_start_matches('>').trim_start();
        for marker in ["- ", "* ", "+ ", "[ ] ", "[x] ", "[X] "] {
            if let Some(rest) = t.strip_prefix(marker) {
                t = rest.trim_start();
            }
        }
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0
            && digits < 4
            && let Some(rest) = t[digits..]
                .strip_prefix(". ")
                .or_else(|| t[digits..].strip_prefix(") "))
        {
            t = rest.trim_start();
        }
        if t == before {
            break;
        }
    }
    // An action item's state and owner: "DONE:", "[TODO]", "[jhford]".
    let mut owner = None;
    loop {
        let before = t;
        for mark in ["DONE", "TODO", "[DONE]", "[TODO]"] {
            if let Some(rest) = t.strip_prefix(mark) {
                t = rest.trim_start_matches([':', '-', ' ']);
            }
        }
        if let Some(rest) = t.strip_prefix('[')
            && let Some((name, after)) = rest.split_once(']')
            && !name.contains(' ')
            && !after.starts_with('(')
        {
            owner = Some(name);
            t = after.trim_start();
        }
        if t == before {
            break;
        }
    }
    if let Some(owner) = owner.map(words).filter(|w| !w.is_empty()) {
        out.push(owner.join(" "));
    }
    let mut w = words(t);
    // A time in front of a timeline line.
    let lead = w
        .iter()
        .take_while(|x| is_time(std::slice::from_ref(x)))
        .count();
    if lead > 0 && lead < w.len() {
        w.drain(..lead);
    }
    // The key of a metadata line.
    const KEYS: &[&[&str]] = &[
        &["status"],
        &["date"],
        &["deciders"],
        &["decision", "makers"],
        &["consulted"],
        &["informed"],
        &["tags"],
        &["authors"],
        &["author"],
    ];
    if let Some((key, value)) = t.split_once(':') {
        let kw = words(key);
        if KEYS.iter().any(|k| kw == *k) {
            // People and tags are kept one by one.
            for part in value.split([',', ';']).flat_map(|p| p.split(" and ")) {
                let pw = words(part);
                if !pw.is_empty() && !is_time(&pw) {
                    out.push(pw.join(" "));
                }
            }
            return;
        }
    }
    // The structure of a pro or a con.
    for lead in ["good", "bad", "neutral"] {
        if w.first().is_some_and(|f| f == lead) && w.get(1).is_some_and(|b| b == "because") {
            w.drain(..2);
        }
    }
    // An adr-tools link line in the Status section becomes a typed link.
    if section == "status" && t.contains("](") && t.contains(".md") {
        return;
    }
    if !w.is_empty() && !is_time(&w) {
        out.push(w.join(" "));
    }
}

/// A time or a date on its own ("19:26 UTC", "8 Jan", "2pm PT").
fn is_time(words: &[String]) -> bool {
    const TIME_WORDS: &[&str] = &[
        "am",
        "pm",
        "utc",
        "gmt",
        "pt",
        "pst",
        "pdt",
        "et",
        "est",
        "edt",
        "ct",
        "cst",
        "cdt",
        "cet",
        "cest",
        "bst",
        "ist",
        "z",
        "t",
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
        "h",
        "th",
        "st",
        "nd",
        "rd",
        "ish",
        "approx",
    ];
    words.len() <= 10
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_digit()) || TIME_WORDS.contains(&w.as_str()))
}
