//! The values a diff returns: the sets that changed, each change with what
//! it means, and the fields behind it.

use std::collections::BTreeMap;

use okr_model::Status;
use serde::Serialize;

/// What a change means to a reviewer. One change has one class; a key
/// result whose title and target both changed gives two changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// A set, objective or key result that was not there before.
    Added,
    /// A set, objective or key result that is gone.
    Removed,
    /// The same objective or key result under a new id.
    Renamed,
    /// A key result under another objective, or a set in another file.
    Moved,
    /// A title or metric worded differently.
    Reworded,
    /// What counts as success changed: the target, its unit or the kind
    /// of key result.
    TargetChanged,
    /// The expectation changed: committed (expected at 1.0) or
    /// aspirational (0.7 is good). The target stays where it was.
    AmbitionChanged,
    /// The starting value changed.
    BaselineChanged,
    /// Only the latest check-in changed: `current` or `confidence`.
    CheckIn,
    /// The set moved along draft → review → final → closed (or back).
    StatusChanged,
    /// The set's iteration changed.
    VersionChanged,
    /// What the set or objective aligns to, or what a key result is
    /// measured by: `parent`, `aligns`, a key result's `from` and `rollup`.
    AlignmentChanged,
    /// Anything else: owner, caveat, weight, theme, positioning, needs,
    /// review, accepted lint findings.
    Edited,
}

impl Class {
    /// Every class, in the order reports list them.
    pub const ALL: [Class; 13] = [
        Class::Added,
        Class::Removed,
        Class::Renamed,
        Class::Moved,
        Class::Reworded,
        Class::TargetChanged,
        Class::AmbitionChanged,
        Class::BaselineChanged,
        Class::CheckIn,
        Class::StatusChanged,
        Class::VersionChanged,
        Class::AlignmentChanged,
        Class::Edited,
    ];

    /// The class's name, as the JSON output and the docs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Added => "added",
            Class::Removed => "removed",
            Class::Renamed => "renamed",
            Class::Moved => "moved",
            Class::Reworded => "reworded",
            Class::TargetChanged => "target-changed",
            Class::AmbitionChanged => "ambition-changed",
            Class::BaselineChanged => "baseline-changed",
            Class::CheckIn => "check-in",
            Class::StatusChanged => "status-changed",
            Class::VersionChanged => "version-changed",
            Class::AlignmentChanged => "alignment-changed",
            Class::Edited => "edited",
        }
    }

    /// Whether a change of this class changes the definition of a set:
    /// what it aims at and how success is measured. Such a change to a set
    /// that was `final` is flagged as changed after final.
    pub fn is_definition(self) -> bool {
        matches!(
            self,
            Class::Added
                | Class::Removed
                | Class::Renamed
                | Class::Moved
                | Class::Reworded
                | Class::TargetChanged
                | Class::AmbitionChanged
                | Class::BaselineChanged
                | Class::AlignmentChanged
        )
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "subject", rename_all = "kebab-case")]
pub enum Subject {
    /// The set itself.
    Set,
    /// An objective, by its id (the new id when it was renamed).
    Objective {
        /// The objective's id.
        id: String,
    },
    /// A key result, by its objective's id and its own (the new ones when
    /// it was renamed or moved).
    KeyResult {
        /// The id of its objective.
        objective: String,
        /// The key result's id.
        id: String,
    },
}

impl Subject {
    /// The subject's reference below its set: `objective` or
    /// `objective/key-result`; empty for the set.
    pub fn path(&self) -> String {
        match self {
            Subject::Set => String::new(),
            Subject::Objective { id } => id.clone(),
            Subject::KeyResult { objective, id } => format!("{objective}/{id}"),
        }
    }

    /// The id of the objective the subject is or belongs to.
    pub fn objective(&self) -> Option<&str> {
        match self {
            Subject::Set => None,
            Subject::Objective { id } => Some(id),
            Subject::KeyResult { objective, .. } => Some(objective),
        }
    }
}

/// One meaningful change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What the change means.
    pub class: Class,
    /// What it is about.
    #[serde(flatten)]
    pub subject: Subject,
    /// The subject's title: the new one, or the old one when it was removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether it changes what a set froze: the definition of a set that
    /// was `final`, or also a check-in of one that was `closed` (graded).
    pub changed_after_final: bool,
    /// The fields behind the change, old and new. An added or removed
    /// subject lists the fields that define it, on one side only.
    pub fields: Vec<FieldChange>,
}

/// A field's old and new value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field, as written in the file: `target`, `title`, `aligns`,
    /// `positioning.why`, `needs`, and `id`, `objective`, `file` for
    /// renames and moves.
    pub field: String,
    /// The value before.
    pub old: Value,
    /// The value after.
    pub new: Value,
    /// For text, the words kept, deleted and inserted, in order; empty for
    /// other values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Segment>,
}

impl FieldChange {
    /// For a list, the items only in the old list and only in the new one.
    pub fn list_delta(&self) -> (Vec<&str>, Vec<&str>) {
        fn items(value: &Value) -> Vec<&str> {
            match value {
                Value::List(items) => items.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            }
        }
        let (old, new) = (items(&self.old), items(&self.new));
        let removed = old.iter().filter(|i| !new.contains(i)).copied().collect();
        let added = new.iter().filter(|i| !old.contains(i)).copied().collect();
        (removed, added)
    }
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Not set.
    None,
    /// Text, or a word of a closed set (`final`, `quality`).
    Text(String),
    /// A number.
    Number(f64),
    /// A list of texts.
    List(Vec<String>),
}

/// A run of words in a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Whether the words were kept, deleted or inserted.
    pub op: Op,
    /// The words, with the whitespace between them.
    pub text: String,
}

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// The changes to one set, found by its period and team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetDiff {
    /// The set's period.
    pub period: String,
    /// The set's team.
    pub team: String,
    /// Its file on the old side, when it was there.
    pub old_path: Option<String>,
    /// Its file on the new side, when it is there.
    pub new_path: Option<String>,
    /// Its status on the old side.
    pub old_status: Option<Status>,
    /// Its status on the new side.
    pub new_status: Option<Status>,
    /// The changes, in the order of the file: the set's own first, then
    /// each objective followed by its key results.
    pub changes: Vec<Change>,
}

impl SetDiff {
    /// `period:team`, the set's full reference.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.period, self.team)
    }

    /// The path to show for the set: the new one, or the old one when the
    /// set was removed.
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or_default()
    }
}

/// Everything that changed between two versions of a collection of sets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    /// The sets with changes, ordered by period then team.
    pub sets: Vec<SetDiff>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Every change, with its set.
    pub fn changes(&self) -> impl Iterator<Item = (&SetDiff, &Change)> {
        self.sets
            .iter()
            .flat_map(|set| set.changes.iter().map(move |change| (set, change)))
    }

    /// The counts a summary shows.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            sets: self.sets.len(),
            ..Summary::default()
        };
        for (_, change) in self.changes() {
            summary.changes += 1;
            if change.changed_after_final {
                summary.changed_after_final += 1;
            }
            *summary.by_class.entry(change.class).or_default() += 1;
        }
        summary
    }
}

/// How much changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Sets with at least one change.
    pub sets: usize,
    /// Changes in all.
    pub changes: usize,
    /// Changes to the definition of a set that was final.
    pub changed_after_final: usize,
    /// Changes per class.
    pub by_class: BTreeMap<Class, usize>,
}
