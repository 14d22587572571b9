//! The git-okr semantic diff.
//!
//! This crate owns comparing two versions of a collection of OKR sets by
//! meaning: sets are found by period and team whatever file holds them,
//! objectives and key results by id, an id that changed with the rest
//! nearly the same is a rename, a key result under another objective is a
//! move; each change gets a class that says what it means to a reviewer,
//! and changes to the definition of a set that was `final` are flagged.
//!
//! It is pure: values in, values out. It must never read files, touch git,
//! print or format output (that is `okr-report`'s job).

mod change;
mod compare;
mod words;

pub use change::{Change, Class, Diff, FieldChange, Op, Segment, SetDiff, Subject, Summary, Value};
pub use words::{RENAME_THRESHOLD, similarity, word_diff};

use std::collections::BTreeMap;

use okr_model::OkrSet;

/// A set and the file that holds it on one side of a diff.
#[derive(Debug, Clone, Copy)]
pub struct SetFile<'a> {
    /// The file's path, as it should be shown.
    pub path: &'a str,
    /// The set read from it.
    pub set: &'a OkrSet,
}

/// A set's file on the old side and on the new one.
type Sides<'a> = (Option<SetFile<'a>>, Option<SetFile<'a>>);

/// What changed from `old` to `new`. Sets are matched by period and team;
/// when one side holds the same set twice (an error `git okr lint`
/// reports), the first file wins.
pub fn diff(old: &[SetFile<'_>], new: &[SetFile<'_>]) -> Diff {
    let mut pairs: BTreeMap<(&str, &str), Sides<'_>> = BTreeMap::new();
    for file in old {
        let entry = pairs
            .entry((file.set.period.label.as_str(), file.set.team.as_str()))
            .or_default();
        entry.0.get_or_insert(*file);
    }
    for file in new {
        let entry = pairs
            .entry((file.set.period.label.as_str(), file.set.team.as_str()))
            .or_default();
        entry.1.get_or_insert(*file);
    }
    let sets = pairs
        .into_values()
        .filter_map(|(old, new)| compare::sets(old, new))
        .collect();
    Diff { sets }
}
