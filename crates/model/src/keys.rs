//! The keys the format defines, table by table. The parser rejects every
//! other key, and a test checks that `docs/okr.schema.json` lists the same.

/// Keys of the top level of an OKR file.
pub const SET: &[&str] = &[
    "format",
    "team",
    "period",
    "start",
    "end",
    "parent",
    "status",
    "version",
    "positioning",
    "needs",
    "objectives",
    "review",
    "allow",
];

/// Keys of `[positioning]`.
pub const POSITIONING: &[&str] = &["why", "value", "measured_by"];

/// Keys of each `[[needs]]`.
pub const NEED: &[&str] = &["level", "who", "need"];

/// Keys of each `[[objectives]]`.
pub const OBJECTIVE: &[&str] = &[
    "id",
    "title",
    "theme",
    "aligns",
    "weight",
    "key_results",
    "allow",
];

/// Keys of each `[[objectives.key_results]]`.
pub const KEY_RESULT: &[&str] = &[
    "id",
    "title",
    "kind",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "confidence",
    "ambition",
    "score",
    "weight",
    "owner",
    "caveat",
    "from",
    "rollup",
    "allow",
];

/// Keys of `[review]`.
pub const REVIEW: &[&str] = &["score", "lessons", "failures", "continue"];

/// The format version this crate reads and writes.
pub const FORMAT_VERSION: i64 = 1;
