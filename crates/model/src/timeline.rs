//! The check-in timeline as data: each [`Entry`] is one key result's
//! change in one commit. `okr-git` derives them from history; renderers
//! show them.

use std::sync::Arc;

use crate::snapshot::KrChange;

/// The commit an entry comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The full id, in hex.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// The author date, seconds since the Unix epoch.
    pub time: i64,
    /// The author date's offset from UTC, in minutes.
    pub offset_minutes: i32,
    /// The whole message.
    pub message: String,
}

/// One key result's check-in: its change in one commit.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The commit.
    pub commit: Arc<CommitInfo>,
    /// The file the key result was in, relative to the top.
    pub path: Arc<str>,
    /// The set's period.
    pub period: Arc<str>,
    /// The set's team.
    pub team: Arc<str>,
    /// What changed.
    pub change: KrChange,
}

impl Entry {
    /// `team/objective/kr`.
    pub fn reference(&self) -> String {
        format!("{}/{}/{}", self.team, self.change.objective, self.change.id)
    }
}
