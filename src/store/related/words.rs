//! The words "has this happened before?" compares: a text's words without those that say
//! nothing about a cause, and when two words are one word with another ending.

/// Words that say nothing about a cause, whatever the workspace: English function words and
/// the everyday verbs and adverbs any text has. A word rare in a small workspace is not a cause
/// for being rare ("whether", "through", "everything").
#[rustfmt::skip]
pub(super) const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "was", "were", "are", "not", "but", "all",
    "our", "its", "into", "out", "has", "had", "have", "been", "when", "what", "which", "who",
    "will", "would", "could", "should", "than", "then", "they", "them", "their", "there", "over",
    "under", "after", "before", "about", "every", "each", "more", "less", "only", "also",
    "because", "while", "until", "one", "two", "new", "per", "via", "can", "did", "does", "any",
    "you", "your", "yours", "ours", "she", "her", "his", "him", "hers", "it's", "whether",
    "everything", "anything", "something", "nothing", "everyone", "someone", "anyone", "through",
    "above", "below", "between", "without", "within", "again", "still", "just", "very", "much",
    "many", "most", "some", "such", "same", "other", "another", "own", "where", "how", "why",
    "here", "these", "those", "being", "both", "few", "further", "once", "off", "down", "make",
    "makes", "made", "take", "takes", "took", "get", "gets", "got", "give", "gives", "keep",
    "keeps", "kept", "need", "needs", "use", "used", "uses", "using", "way", "ways", "like",
    "even", "ever", "never", "always", "often", "yet", "though", "although", "since", "whose",
    "whom", "shall", "might", "must", "may", "let", "lets", "see", "say", "says", "said", "know",
    "goes", "went", "come", "comes", "came", "back", "first", "last", "next", "now", "thing",
    "things", "well", "good", "better", "best", "long", "least", "too", "onto", "upon",
    "across", "along", "around", "behind", "beside", "beyond", "during", "toward", "towards",
    "among", "against", "either", "neither", "nor", "else", "instead", "rather", "quite", "almost",
    "already", "enough", "indeed", "perhaps", "really", "simply", "therefore", "thus", "however",
    "whatever", "whenever", "wherever", "whichever", "whoever", "don't", "can't",
    "isn't", "wasn't", "aren't", "won't", "doesn't", "didn't", "able", "put", "set", "try",
    "tried", "want", "wants", "look", "looks", "seem", "seems", "become", "became", "part", "kind",
    "run", "runs", "ran", "running", "work", "works", "worked", "done", "doing", "going",
];

/// The words of `text` as the index stems them (lower case, porter stemming as FTS5's porter
/// tokenizer does it is approximated by the prefix the query matches on).
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// Whether two words are the same word give or take an ending ("pools", "pooling", "pool").
pub(super) fn shares_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common == shorter || (common >= 4 && common + 3 >= shorter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_what_says_nothing() {
        assert_eq!(
            words("The pool of 200 DB connections, and the retries"),
            ["pool", "connections", "retries"]
        );
        assert!(shares_stem("pools", "pool"));
        assert!(shares_stem("pooling", "pool"));
        assert!(!shares_stem("polling", "pool"));
    }
}
