//! `git okr status`: every set's objectives and key results with progress,
//! confidence, health against the calendar, and the age of the last
//! check-in, for a terminal or as JSON.
//!
//! Health is always written as a word (on-track, at-risk, off-track), so
//! colour is never the only carrier of it.

use chrono::{DateTime, NaiveDate};
use okr_model::rollup::Derivation;
use okr_model::timeline::CommitInfo;
use okr_model::{Health, KeyResult, OkrSet};
use serde::Serialize;

use crate::checkin::{number, percent};
use crate::style::{BOLD, DIM, GREEN, RED, YELLOW, paint};

/// The status of every set shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The day health and staleness are judged on.
    pub as_of: NaiveDate,
    /// Days without a check-in before a key result is stale.
    pub cadence_days: usize,
    /// The sets.
    pub sets: Vec<SetStatus>,
}

/// One set's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetStatus {
    /// The file, relative to the top.
    pub path: String,
    /// The period's label.
    pub period: String,
    /// The team.
    pub team: String,
    /// `draft`, `review`, `final` or `closed`.
    pub status: String,
    /// The version.
    pub version: String,
    /// Weighted progress of the objectives.
    pub progress: Option<f64>,
    /// The share of the period gone by on `as_of`.
    pub elapsed: f64,
    /// The objectives.
    pub objectives: Vec<ObjectiveStatus>,
}

/// One objective's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveStatus {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Weighted progress of its key results.
    pub progress: Option<f64>,
    /// Its key results.
    pub key_results: Vec<KrStatus>,
}

/// One key result's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KrStatus {
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its unit.
    pub unit: Option<String>,
    /// Where it started.
    pub baseline: Option<f64>,
    /// Where it should end.
    pub target: Option<f64>,
    /// The latest value.
    pub current: Option<f64>,
    /// The latest confidence.
    pub confidence: Option<f64>,
    /// Progress, 0 to 1.
    pub progress: Option<f64>,
    /// The progress expected by `as_of` at an even pace.
    pub expected: f64,
    /// Health; `None` before the first value.
    pub health: Option<Health>,
    /// The owner.
    pub owner: Option<String>,
    /// The last check-in's commit, date and author.
    pub last_checkin: Option<CheckInStamp>,
    /// Days since the last check-in (or since the period began, without one).
    pub days_since_checkin: Option<i64>,
    /// No check-in for longer than the cadence.
    pub stale: bool,
    /// Where `current` came from, for a key result measured by others
    /// (`from`): its last check-in is then its newest source's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derivation>,
}

/// When and by whom a key result was last checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckInStamp {
    /// The commit's full id.
    pub commit: String,
    /// The author date, RFC 3339.
    pub date: String,
    /// The author.
    pub author: String,
}

impl Status {
    /// The status of `sets` (each with its path) on `as_of`, with the
    /// commit of each key result's last check-in from `last`.
    pub fn new<'c>(
        sets: &[(&str, &OkrSet)],
        last: impl Fn(&OkrSet, &KeyResult) -> Option<&'c CommitInfo>,
        as_of: NaiveDate,
        cadence_days: usize,
    ) -> Status {
        let sets = sets
            .iter()
            .map(|(path, set)| SetStatus {
                path: (*path).to_owned(),
                period: set.period.label.clone(),
                team: set.team.clone(),
                status: set.status.as_str().to_owned(),
                version: set.version.to_string(),
                progress: set.progress(),
                elapsed: set.period.elapsed_share(as_of),
                objectives: set
                    .objectives
                    .iter()
                    .map(|objective| ObjectiveStatus {
                        id: objective.id.clone(),
                        title: objective.title.clone(),
                        progress: objective.progress(),
                        key_results: objective
                            .key_results
                            .iter()
                            .map(|kr| {
                                let last = last(set, kr);
                                let since = match &last {
                                    Some(commit) => DateTime::from_timestamp(commit.time, 0)
                                        .map(|d| (as_of - d.date_naive()).num_days()),
                                    None if as_of >= set.period.start => {
                                        Some((as_of - set.period.start).num_days())
                                    }
                                    None => None,
                                };
                                KrStatus {
                                    reference: format!("{}/{}/{}", set.team, objective.id, kr.id),
                                    id: kr.id.clone(),
                                    title: kr.title.clone(),
                                    unit: kr.unit.clone(),
                                    baseline: kr.baseline,
                                    target: kr.target,
                                    current: kr.current,
                                    confidence: kr.confidence,
                                    progress: kr.progress(),
                                    expected: kr.expected_progress(&set.period, as_of),
                                    health: kr.health(&set.period, as_of),
                                    owner: kr.owner.clone(),
                                    last_checkin: last.map(|commit| CheckInStamp {
                                        commit: commit.id.clone(),
                                        date: crate::log::date(commit),
                                        author: commit.author.clone(),
                                    }),
                                    stale: set.period.contains(as_of)
                                        && since.is_some_and(|d| d > cadence_days as i64),
                                    days_since_checkin: since,
                                    derived: kr.derived.clone(),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        Status {
            as_of,
            cadence_days,
            sets,
        }
    }
}

/// The width of a progress bar.
const BAR: usize = 20;

/// A progress bar, `████████░░░░`, with the expected pace marked `│` when
/// it falls inside the unfilled part.
fn bar(progress: Option<f64>, expected: f64) -> String {
    let filled = progress.map_or(0, |p| (p.clamp(0.0, 1.0) * BAR as f64).round() as usize);
    let mark = (expected.clamp(0.0, 1.0) * BAR as f64).round() as usize;
    (0..BAR)
        .map(|i| {
            if i < filled {
                '█'
            } else if i + 1 == mark.max(1) && mark > filled {
                '│'
            } else {
                '░'
            }
        })
        .collect()
}

/// Health as a word, coloured when `styled`.
fn health_word(health: Option<Health>, styled: bool) -> String {
    match health {
        Some(health) => {
            let colour = match health {
                Health::OnTrack => GREEN,
                Health::AtRisk => YELLOW,
                Health::OffTrack => RED,
            };
            paint(&format!("{:<9}", health.as_str()), colour, styled)
        }
        None => paint(&format!("{:<9}", "no value"), DIM, styled),
    }
}

/// `8.5 of 6 minutes (from 14)`.
fn values(kr: &KrStatus) -> String {
    let unit = kr
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let current = kr.current.map_or_else(|| "—".to_owned(), number);
    let mut text = match kr.target {
        Some(target) => format!("{current} of {}{unit}", number(target)),
        None => format!("{current}{unit}"),
    };
    if let Some(baseline) = kr.baseline {
        text += &format!(" (from {})", number(baseline));
    }
    text
}

/// `3 days ago`, `today`, `never`.
fn age(kr: &KrStatus) -> String {
    match (&kr.last_checkin, kr.days_since_checkin) {
        (None, _) => "no check-in yet".to_owned(),
        (Some(_), Some(0)) => "checked in today".to_owned(),
        (Some(_), Some(1)) => "1 day ago".to_owned(),
        (Some(_), Some(days)) if days < 0 => "checked in later".to_owned(),
        (Some(_), Some(days)) => format!("{days} days ago"),
        (Some(_), None) => String::new(),
    }
}

impl Status {
    /// Keeps the key results `keep` accepts (given the set's team and the
    /// key result), and the objectives and sets that still hold one
    /// (`status --owner`, `--health`).
    pub fn retain_key_results(&mut self, keep: impl Fn(&str, &KrStatus) -> bool) {
        for set in &mut self.sets {
            let team = set.team.as_str();
            for objective in &mut set.objectives {
                objective.key_results.retain(|kr| keep(team, kr));
            }
            set.objectives.retain(|o| !o.key_results.is_empty());
        }
        self.sets.retain(|s| !s.objectives.is_empty());
    }
}

/// The status for a terminal.
pub fn human(status: &Status, styled: bool) -> String {
    let mut out = String::new();
    for (i, set) in status.sets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out += &format!(
            "{}  {} v{}  {}\n",
            paint(&format!("{}:{}", set.period, set.team), BOLD, styled),
            set.status,
            set.version,
            paint(&set.path, DIM, styled)
        );
        out += &format!(
            "  {} {:>4}  ({} of the period gone)\n",
            bar(set.progress, set.elapsed),
            set.progress.map_or_else(|| "—".to_owned(), percent),
            percent(set.elapsed)
        );
        let width = set
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .map(|kr| kr.id.chars().count())
            .max()
            .unwrap_or(0);
        let values_width = set
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .map(|kr| values(kr).chars().count())
            .max()
            .unwrap_or(0);
        for objective in &set.objectives {
            out += &format!(
                "\n  {} {}  {}\n",
                paint(&objective.id, BOLD, styled),
                objective.progress.map_or_else(|| "—".to_owned(), percent),
                objective.title
            );
            for kr in &objective.key_results {
                let confidence = kr
                    .confidence
                    .map(|c| format!("confidence {:<4}", number(c)))
                    .unwrap_or_else(|| " ".repeat(15));
                let mut age = age(kr);
                if kr.stale {
                    age = format!("{age}, stale");
                }
                out += &format!(
                    "    {:<width$}  {} {:>4}  {}  {:<values_width$}  {}  {}\n",
                    kr.id,
                    bar(kr.progress, kr.expected),
                    kr.progress.map_or_else(|| "—".to_owned(), percent),
                    health_word(kr.health, styled),
                    values(kr),
                    confidence,
                    if kr.stale {
                        paint(&age, YELLOW, styled)
                    } else {
                        age
                    },
                );
                while out.ends_with(" \n") {
                    out.truncate(out.len() - 2);
                    out.push('\n');
                }
                if let Some(derived) = &kr.derived {
                    let line = format!("{:width$}  = {}", "", derived.describe());
                    out += &format!("    {}\n", paint(&line, DIM, styled));
                }
            }
        }
    }
    if status.sets.is_empty() {
        out += "no OKR sets\n";
    }
    out
}

/// The status as JSON.
pub fn json(status: &Status) -> String {
    serde_json::to_string_pretty(status).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars() {
        assert_eq!(bar(Some(0.5), 0.5), "██████████░░░░░░░░░░");
        assert_eq!(bar(Some(0.25), 0.5), "█████░░░░│░░░░░░░░░░");
        assert_eq!(bar(None, 0.0), "░░░░░░░░░░░░░░░░░░░░");
        assert_eq!(bar(Some(1.0), 0.3), "████████████████████");
    }
}
