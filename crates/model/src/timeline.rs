//! The check-in timeline as data: each [`Entry`] is one key result's
//! change in one commit. `okr-git` derives them from history; renderers
//! show them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

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

/// One key result over a run of check-ins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KrRun {
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The unit.
    pub unit: Option<String>,
    /// Its value before the first check-in, or its baseline when it had
    /// none.
    pub start: Option<f64>,
    /// Its value after the last.
    pub last: Option<f64>,
    /// How many check-ins changed it.
    pub check_ins: usize,
}

/// Each key result's run over `entries` (oldest first), in the order of
/// `set`'s key results, then any that `set` no longer has.
pub fn runs(entries: &[Entry], set: &crate::OkrSet) -> Vec<KrRun> {
    let mut runs: BTreeMap<(&str, &str), KrRun> = BTreeMap::new();
    for entry in entries {
        let key = (&*entry.change.objective, &*entry.change.id);
        let run = runs.entry(key).or_insert_with(|| KrRun {
            reference: entry.reference(),
            unit: entry.change.after.unit.as_deref().map(str::to_owned),
            start: entry
                .change
                .before
                .as_ref()
                .and_then(|b| b.current)
                .or(entry.change.after.baseline),
            last: None,
            check_ins: 0,
        });
        run.last = entry.change.after.current;
        run.check_ins += 1;
    }
    let mut ordered = Vec::with_capacity(runs.len());
    for (objective, kr) in set.key_results() {
        if let Some(run) = runs.remove(&(objective.id.as_str(), kr.id.as_str())) {
            ordered.push(run);
        }
    }
    ordered.extend(runs.into_values());
    ordered
}
