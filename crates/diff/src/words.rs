//! Word-level comparison of texts, with `similar`.

use similar::{ChangeTag, TextDiff};

use crate::change::{Op, Segment};

/// How alike two texts must be, word for word, for an objective or key
/// result with a new id to count as the old one renamed rather than one
/// removed and another added: `similar`'s ratio of the diff of their words,
/// whitespace aside (2 × words in common ÷ words in both texts, 0 to 1). At 0.6,
/// "Reduce failed checkout attempts from 4% to 2.8%" and "Cut failed
/// checkout attempts from 4% to 2.5%" are alike (0.75); two key results
/// that only share "Reduce … to" are not.
pub const RENAME_THRESHOLD: f32 = 0.6;

/// How alike `old` and `new` are, word for word, from 0 to 1.
pub fn similarity(old: &str, new: &str) -> f32 {
    if old == new {
        return 1.0;
    }
    let old: Vec<&str> = old.split_whitespace().collect();
    let new: Vec<&str> = new.split_whitespace().collect();
    TextDiff::configure().diff_slices(&old, &new).ratio()
}

/// The words of `old` and `new`, kept, deleted and inserted, with runs of
/// the same kind joined.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Delete => Op::Delete,
            ChangeTag::Insert => Op::Insert,
        };
        match segments.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => segments.push(Segment {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reworded_title_is_alike() {
        let old = "Reduce failed checkout attempts from 4% to 2.8%";
        assert!(
            similarity(old, "Cut failed checkout attempts from 4% to 2.5%") >= RENAME_THRESHOLD
        );
        assert!(similarity(old, "Reduce build time from 10 to 2 minutes") < RENAME_THRESHOLD);
        assert_eq!(similarity(old, old), 1.0);
    }

    #[test]
    fn words_are_kept_deleted_and_inserted() {
        let segments = word_diff("Reduce failures to 2.8%", "Reduce failures to 3.2%");
        let ops: Vec<(Op, &str)> = segments.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (Op::Equal, "Reduce failures to "),
                (Op::Delete, "2.8%"),
                (Op::Insert, "3.2%"),
            ]
        );
    }
}
