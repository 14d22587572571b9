//! What the reports show: every set's status, each key result's check-ins
//! as a series of points, each set's history, the alignment, and the
//! window a review looks back over. `git okr report` gathers it from git;
//! [`crate::html`] and [`crate::review`] render it.

use chrono::NaiveDate;
use okr_model::alignment::Alignment;
use okr_model::timeline::Entry;
use serde::Serialize;

use crate::history::History;
use crate::status::Status;

/// Everything a report shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The revision the report is of; `None` for the working tree.
    pub revision: Option<RevisionInfo>,
    /// The status of every set shown, judged on its `as_of`.
    pub status: Status,
    /// For each set of `status.sets`, in the same order, what only the
    /// reports show.
    pub sets: Vec<SetOverview>,
    /// The alignment of the sets shown.
    pub alignment: Alignment,
    /// The window a review looks back over, when one was asked for.
    pub since: Option<Since>,
}

/// The revision a report is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionInfo {
    /// As the user named it (`HEAD`, `v1.0`, a commit id).
    pub spec: String,
    /// The full commit id.
    pub commit: String,
    /// The commit's author date, RFC 3339.
    pub date: String,
}

/// The start of a review's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Since {
    /// As the user wrote it: a revision or a date.
    pub label: String,
    /// The first moment in the window, seconds since the Unix epoch: the
    /// check-ins at or after it are in the window.
    pub time: i64,
}

/// One set, beyond its status.
#[derive(Debug, Clone, Serialize)]
pub struct SetOverview {
    /// `period:team`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// The set above it, as written.
    pub parent: Option<String>,
    /// Each key result's series, in the order of the set's key results
    /// (the order of `status`).
    pub key_results: Vec<KrSeries>,
    /// Key results that were checked in but are no longer in the set:
    /// dropped in an iteration.
    pub dropped: Vec<KrSeries>,
    /// How the set came to be.
    pub history: History,
}

/// One key result's values over time.
#[derive(Debug, Clone, Serialize)]
pub struct KrSeries {
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its title, as the set has it now (or had it last, when dropped).
    pub title: String,
    /// Its unit.
    pub unit: Option<String>,
    /// Where it started.
    pub baseline: Option<f64>,
    /// Where it should end.
    pub target: Option<f64>,
    /// Its value when the set was defined, before any check-in.
    pub initial: Option<f64>,
    /// What its measure cannot show, as the set says.
    pub caveat: Option<String>,
    /// Each check-in, oldest first.
    pub points: Vec<Point>,
}

/// One check-in of a key result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The commit's full id.
    pub commit: String,
    /// The author date, seconds since the Unix epoch.
    pub time: i64,
    /// The author date, RFC 3339, in the author's time zone.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The value before.
    pub before: Option<f64>,
    /// The value after; `None` when the check-in cleared it.
    pub value: Option<f64>,
    /// The confidence before.
    pub confidence_before: Option<f64>,
    /// The confidence after.
    pub confidence: Option<f64>,
    /// What the author wrote about it: the key result's own note in a batch
    /// check-in, the message's body, what was learned, what to stop.
    pub note: String,
}

impl Point {
    /// The point of a check-in entry.
    pub fn of(entry: &Entry) -> Point {
        let before = entry.change.before.as_ref();
        Point {
            commit: entry.commit.id.clone(),
            time: entry.commit.time,
            date: crate::log::date(&entry.commit),
            author: entry.commit.author.clone(),
            before: before.and_then(|b| b.current),
            value: entry.change.after.current,
            confidence_before: before.and_then(|b| b.confidence),
            confidence: entry.change.after.confidence,
            note: note(entry),
        }
    }
}

/// What the author of `entry`'s commit wrote about its key result: the
/// key result's item of a batch check-in, the paragraphs written in the
/// body, and the `OKR-Learned` and `OKR-Stop` trailers, one per line.
pub fn note(entry: &Entry) -> String {
    let mut lines: Vec<String> = crate::log::item_note(entry)
        .into_iter()
        .map(str::to_owned)
        .collect();
    lines.extend(crate::log::message_notes(&entry.commit.message));
    lines.join("\n")
}

/// A sample overview for the renderers' tests: the bundled 2026-Q4
/// examples (a department and two teams), each key result with a value
/// checked in three times between its baseline and its current value, as
/// of 2026-11-21.
#[cfg(test)]
pub(crate) fn sample() -> Overview {
    use crate::history::{CheckIns, Iteration};

    let texts = [
        (
            "okrs/2026-Q4/engineering.toml",
            include_str!("../../../okrs/2026-Q4/engineering.toml"),
        ),
        (
            "okrs/2026-Q4/platform.toml",
            include_str!("../../../okrs/2026-Q4/platform.toml"),
        ),
        (
            "okrs/2026-Q4/checkout.toml",
            include_str!("../../../okrs/2026-Q4/checkout.toml"),
        ),
    ];
    let files: Vec<okr_model::ParsedFile> = texts
        .iter()
        .map(|(path, text)| okr_model::parse(path, text))
        .collect();
    let sets: Vec<(&str, &okr_model::OkrSet)> = files
        .iter()
        .filter_map(|f| f.set.as_ref().map(|s| (f.source.path(), s)))
        .collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    let status = Status::new(&sets, |_, _| None, as_of, 14);
    let authors = ["Ada Lovelace", "Grace Hopper", "Edsger Dijkstra"];
    let overviews = sets
        .iter()
        .map(|(path, set)| {
            let start = set.period.start;
            let key_results = set
                .key_results()
                .map(|(objective, kr)| {
                    let mut points = Vec::new();
                    if let (Some(from), Some(to)) = (kr.baseline, kr.current) {
                        let mut before = from;
                        for (i, week) in [2i64, 5, 8].into_iter().enumerate() {
                            let value = from + (to - from) * (i as f64 + 1.0) / 3.0;
                            let day = start + chrono::Duration::weeks(week);
                            let time = day
                                .and_hms_opt(9, 30, 0)
                                .map_or(0, |t| t.and_utc().timestamp());
                            points.push(Point {
                                commit: format!("{:040x}", (i + 1) * 0x1111),
                                time,
                                date: format!("{day}T09:30:00+00:00"),
                                author: authors[i].to_owned(),
                                before: Some(before),
                                value: Some(value),
                                confidence_before: None,
                                confidence: kr.confidence,
                                note: format!("week {week}: measured on the dashboard"),
                            });
                            before = value;
                        }
                    }
                    KrSeries {
                        reference: format!("{}/{}/{}", set.team, objective.id, kr.id),
                        title: kr.title.clone(),
                        unit: kr.unit.clone(),
                        baseline: kr.baseline,
                        target: kr.target,
                        initial: kr.baseline,
                        caveat: kr.caveat.clone(),
                        points,
                    }
                })
                .collect();
            SetOverview {
                reference: format!("{}:{}", set.period.label, set.team),
                start,
                end: set.period.end,
                parent: set.parent.clone(),
                key_results,
                dropped: Vec::new(),
                history: History {
                    set: format!("{}:{}", set.period.label, set.team),
                    path: (*path).to_owned(),
                    status: set.status.to_string(),
                    version: set.version.to_string(),
                    iterations: vec![Iteration {
                        version: "1.0".to_owned(),
                        status: "draft".to_owned(),
                        commit: format!("{:040x}", 0xabc),
                        date: "2026-09-20T10:00:00+00:00".to_owned(),
                        author: authors[0].to_owned(),
                        stage: Some("draft".to_owned()),
                        subject: format!("okr({}): draft for {}", set.team, set.period.label),
                        why: String::new(),
                        tag: None,
                        path: (*path).to_owned(),
                        changes: None,
                    }],
                    check_ins: CheckIns::default(),
                    grade: None,
                    notes: Vec::new(),
                },
            }
        })
        .collect();
    Overview {
        revision: Some(RevisionInfo {
            spec: "HEAD".to_owned(),
            commit: format!("{:040x}", 0xfeed),
            date: "2026-11-20T17:00:00+00:00".to_owned(),
        }),
        status,
        sets: overviews,
        alignment: okr_model::alignment::align(&files),
        since: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_a_series_per_key_result() {
        let overview = sample();
        assert_eq!(overview.sets.len(), 3);
        for (set, status) in overview.sets.iter().zip(&overview.status.sets) {
            let krs = status.objectives.iter().flat_map(|o| &o.key_results);
            assert_eq!(set.key_results.len(), krs.count());
        }
    }
}
