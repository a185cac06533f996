//! Counts of people, one way everywhere: "10,000" in the trace, the report, stakeholder mode,
//! `show` and the window's field alike, and read back however people type them ("10,000",
//! "10 000", "10000").

/// "48,000", "1,234,567", "999".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What a count must look like, for the messages that refuse one.
pub const COUNT_HINT: &str = "a whole number, such as 10,000";

/// A whole number as people write it: plain digits, or groups of three after the first
/// separated by commas, spaces (no-break and thin spaces too), underscores or apostrophes
/// ("10,000", "10 000", "10'000"). `None` for anything else: a decimal ("10.5", "10,5"), a
/// negative, words, or more than a u64 holds.
pub fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim();
    let is_separator = |c: char| matches!(c, ',' | '_' | '\'' | '’') || c.is_whitespace();
    let groups: Vec<&str> = text.split(is_separator).collect();
    let (first, rest) = groups.split_first()?;
    let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    if !digits(first) || rest.iter().any(|g| g.len() != 3 || !digits(g)) {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_one_way_and_read_the_ways_people_type_them() {
        assert_eq!(thousands(48000), "48,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
        for typed in [
            "10000",
            "10,000",
            "10 000",
            "10\u{a0}000",
            "10\u{202f}000",
            "10_000",
            "10'000",
            " 10,000 ",
        ] {
            assert_eq!(parse_count(typed), Some(10_000), "{typed:?}");
        }
        assert_eq!(parse_count("1,234,567"), Some(1_234_567));
        for refused in [
            "",
            "10.5",
            "10,5",
            "-3",
            "ten",
            "10,00",
            "1,0000",
            ",000",
            "10,",
            "1 2",
            "99999999999999999999999",
        ] {
            assert_eq!(parse_count(refused), None, "{refused:?}");
        }
    }
}
