//! The types of an OKR set: one team's objectives and key results for one period.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::period::Period;
use crate::source::Span;

/// Defines a closed set of lowercase words as an enum, with parsing and the
/// list of allowed words for error messages.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every allowed word, in the order the format lists them.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value for `word`, if it is one of [`Self::WORDS`].
            pub fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum! {
    /// Where a set is in its life: drafted, reviewed, final, then closed and graded.
    #[derive(Default)]
    Status {
        /// Being written (version 1.0 and its iterations).
        #[default]
        Draft = "draft",
        /// In review with the manager and aligned teams.
        Review = "review",
        /// Agreed: the definition is frozen, check-ins go on.
        Final = "final",
        /// The period is over and the set is graded.
        Closed = "closed",
    }
}

word_enum! {
    /// The themes of a technical department's OKRs.
    Theme {
        /// Business goals.
        Business = "business",
        /// Development quality and reliability.
        Quality = "quality",
        /// Technical cost.
        Cost = "cost",
        /// Development assets.
        Assets = "assets",
        /// Efficiency.
        Efficiency = "efficiency",
        /// Security.
        Security = "security",
        /// Organization building.
        Organization = "organization",
        /// Talent pipeline.
        Talent = "talent",
        /// Infrastructure.
        Infrastructure = "infrastructure",
    }
}

word_enum! {
    /// The level of a customer need: the three views of a balanced scorecard.
    NeedLevel {
        /// Corporate strategy and the department's role in it.
        Company = "company",
        /// The business units' OKRs and what technology must do for them.
        Business = "business",
        /// The department's own people: growth, craft, ways of working.
        Department = "department",
    }
}

word_enum! {
    /// How a key result is expected to score.
    Ambition {
        /// Expected to be met in full (1.0).
        Committed = "committed",
        /// A stretch: 0.7 is a good result.
        Aspirational = "aspirational",
    }
}

word_enum! {
    /// What a key result measures.
    #[derive(Default)]
    KrKind {
        /// A number moving from a baseline to a target.
        #[default]
        Metric = "metric",
        /// Done or not done: baseline 0, target 1.
        Milestone = "milestone",
    }
}

word_enum! {
    /// How a key result measured by others (`from`) combines their values.
    #[derive(Default)]
    Rollup {
        /// The mean of the sources' values.
        #[default]
        Mean = "mean",
        /// Their sum.
        Sum = "sum",
        /// The smallest.
        Min = "min",
        /// The largest.
        Max = "max",
        /// The value of the source checked in most recently.
        Latest = "latest",
    }
}

/// The iteration of a set: `MAJOR.MINOR`, starting at 1.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Bumped when a final set is reopened.
    pub major: u32,
    /// Bumped by each iteration.
    pub minor: u32,
}

impl Default for Version {
    fn default() -> Self {
        Version { major: 1, minor: 0 }
    }
}

impl Version {
    /// Parses `MAJOR.MINOR`, such as `1.0` or `2.13`.
    pub fn parse(text: &str) -> Option<Version> {
        let (major, minor) = text.split_once('.')?;
        let number = |s: &str| {
            if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                s.parse().ok()
            }
        };
        Some(Version {
            major: number(major)?,
            minor: number(minor)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The spans of a table and of each of its keys' values, so that later checks
/// can point at a field without the model carrying a span in every value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spans {
    table: Span,
    fields: BTreeMap<&'static str, Span>,
    items: BTreeMap<&'static str, Vec<Span>>,
}

impl Spans {
    pub(crate) fn new(table: Span) -> Self {
        Spans {
            table,
            fields: BTreeMap::new(),
            items: BTreeMap::new(),
        }
    }

    pub(crate) fn insert_items(&mut self, key: &'static str, spans: Vec<Span>) {
        self.items.insert(key, spans);
    }

    /// The span of item `index` of the list under `key`, or of the whole
    /// value (or table) when there is no such item.
    pub fn item(&self, key: &str, index: usize) -> Span {
        self.items
            .get(key)
            .and_then(|items| items.get(index))
            .copied()
            .unwrap_or_else(|| self.field_or_table(key))
    }

    pub(crate) fn insert(&mut self, key: &'static str, span: Span) {
        self.fields.insert(key, span);
    }

    /// The span of the table itself (its header, or the inline table).
    pub fn table(&self) -> Span {
        self.table
    }

    /// The span of `key`'s value, if the key was written.
    pub fn field(&self, key: &str) -> Option<Span> {
        self.fields.get(key).copied()
    }

    /// The span of `key`'s value, or of the table when the key is absent.
    pub fn field_or_table(&self, key: &str) -> Span {
        self.field(key).unwrap_or(self.table)
    }
}

/// One team's OKRs for one period: the content of one OKR file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OkrSet {
    /// The team that owns the set (a slug).
    pub team: String,
    /// The period the set covers.
    pub period: Period,
    /// The team whose set this one aligns to, in the same period.
    pub parent: Option<String>,
    /// Where the set is in its life.
    pub status: Status,
    /// The iteration.
    pub version: Version,
    /// Why the team exists and how its value is measured.
    pub positioning: Option<Positioning>,
    /// The customers and their needs.
    pub needs: Vec<Need>,
    /// The objectives.
    pub objectives: Vec<Objective>,
    /// The review at the end of the period.
    pub review: Option<Review>,
    /// Lint findings accepted for the whole set.
    pub allow: Vec<Allow>,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

impl OkrSet {
    /// The set's reference: its team.
    pub fn reference(&self) -> String {
        self.team.clone()
    }

    /// The objective with `id`.
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    /// Every key result, with its objective.
    pub fn key_results(&self) -> impl Iterator<Item = (&Objective, &KeyResult)> {
        self.objectives
            .iter()
            .flat_map(|o| o.key_results.iter().map(move |kr| (o, kr)))
    }
}

/// Why the team exists (the positioning of seed 000, §2.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Positioning {
    /// Why the company set up this team.
    pub why: Option<String>,
    /// The unique value it delivers.
    pub value: Option<String>,
    /// The dimensions its value is measured by.
    pub measured_by: Vec<String>,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

/// A customer and a need of theirs (seed 000, §2.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    /// Company, business or department level.
    pub level: NeedLevel,
    /// Who has the need.
    pub who: String,
    /// What they need from the team.
    pub need: String,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

/// A qualitative, memorable direction, with the key results that evidence it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// Stable slug, unique in the set: the identity used by diff and history.
    pub id: String,
    /// The objective, in plain words.
    pub title: String,
    /// The theme it serves.
    pub theme: Option<Theme>,
    /// References to the objectives of other sets it supports.
    pub aligns: Vec<String>,
    /// Relative weight in the set's progress (default 1).
    pub weight: Option<f64>,
    /// The key results.
    pub key_results: Vec<KeyResult>,
    /// Lint findings accepted for this objective and its key results.
    pub allow: Vec<Allow>,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

/// Evidence of progress toward an objective: a measure from a baseline to a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResult {
    /// Stable slug, unique in the set.
    pub id: String,
    /// The key result, in plain words.
    pub title: String,
    /// Metric or milestone.
    pub kind: KrKind,
    /// How the value is measured.
    pub metric: Option<String>,
    /// The unit of the values.
    pub unit: Option<String>,
    /// The value at the start.
    pub baseline: Option<f64>,
    /// The value aimed for; below the baseline for a decreasing metric.
    pub target: Option<f64>,
    /// The value at the latest check-in.
    pub current: Option<f64>,
    /// The confidence (0..=1) at the latest check-in that the target will be met.
    pub confidence: Option<f64>,
    /// Committed or aspirational.
    pub ambition: Option<Ambition>,
    /// The score (0..=1) given at the end of the period by `git okr grade`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Relative weight in the objective's progress (default 1).
    pub weight: Option<f64>,
    /// The team accountable for it.
    pub owner: Option<String>,
    /// The known weakness of the measure.
    pub caveat: Option<String>,
    /// The key results that measure this one (`from`), as written: its
    /// value is derived from theirs (see [`crate::rollup`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// How the values of `from` combine, as written; `None` means mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollup: Option<Rollup>,
    /// Lint findings accepted for this key result.
    pub allow: Vec<Allow>,
    /// Where the derived `current` came from: filled in by
    /// [`crate::rollup::apply`] for the read views, `None` as parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<crate::rollup::Derivation>,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

/// A lint finding accepted on purpose, with the reason: `allow = {
/// kr-is-output = "why" }` on a set, an objective or a key result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allow {
    /// The lint rule's id.
    pub rule: String,
    /// Why the finding is accepted.
    pub reason: String,
    /// Where the rule's name was written.
    #[serde(skip)]
    pub span: Span,
}

/// The review at the end of a period (seed 000, §2.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    /// The set's score (0..=1), written by `git okr grade`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// What was learned.
    pub lessons: Vec<String>,
    /// What failed, written down so it is not repeated.
    pub failures: Vec<String>,
    /// What to continue next period.
    #[serde(rename = "continue")]
    pub continue_: Vec<String>,
    /// Where each field was written.
    #[serde(skip)]
    pub spans: Spans,
}

/// Whether `text` is a valid id: a lowercase slug such as `failed-checkouts`.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The slug closest to `text`: lowercase, other characters folded to `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(64);
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("failed-checkouts"));
        assert!(is_slug("p99-latency"));
        assert!(!is_slug("Failed"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a_b"));
        assert!(!is_slug(""));
        assert_eq!(slugify("Failed Checkouts!"), "failed-checkouts");
        assert_eq!(slugify("a_b"), "a-b");
        assert_eq!(slugify("__"), "");
    }

    #[test]
    fn versions() {
        assert_eq!(Version::parse("1.0"), Some(Version { major: 1, minor: 0 }));
        assert_eq!(
            Version::parse("2.13").map(|v| v.to_string()),
            Some("2.13".into())
        );
        assert_eq!(Version::parse("1"), None);
        assert_eq!(Version::parse("1.0.0"), None);
        assert_eq!(Version::parse("1.x"), None);
        assert_eq!(Version::parse(".1"), None);
        assert_eq!(Version::parse("99999999999.0"), None);
    }

    #[test]
    fn words_round_trip() {
        for word in Theme::WORDS {
            assert_eq!(Theme::from_word(word).map(Theme::as_str), Some(*word));
        }
        assert_eq!(Status::from_word("Final"), None);
    }
}
