//! The git trailers git-okr writes in its commit messages, one key per
//! trailer, and reads back: `OKR-Checkin: platform/reliable/failed-checkouts`.

/// The key result a check-in is for, as a full reference.
pub const CHECKIN: &str = "OKR-Checkin";
/// The value recorded, as written in the file.
pub const VALUE: &str = "OKR-Value";
/// The confidence recorded, when given.
pub const CONFIDENCE: &str = "OKR-Confidence";
/// What the team learned since the last check-in.
pub const LEARNED: &str = "OKR-Learned";
/// What the team will stop doing.
pub const STOP: &str = "OKR-Stop";

/// Whether `value` can be a trailer's value: one line, not empty.
pub fn is_value(value: &str) -> bool {
    !value.trim().is_empty() && !value.contains(['\n', '\r'])
}
