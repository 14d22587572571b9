//! What the reports show: every set's status, each key result's check-ins
//! as a series of points, each set's history, the alignment, and the
//! window a review looks back over. `git okr report` gathers it from git;
//! [`crate::html`] and [`crate::review`] render it.

use chrono::NaiveDate;
use okr_model::alignment::Alignment;
use okr_model::timeline::Entry;
use okr_model::{KeyResult, Objective, OkrSet};
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
    /// Whether closed sets count in the totals and in what needs attention
    /// (`--all`, or sets asked for by name or period). Otherwise they are
    /// the archive: their pages are there, the live views leave them out.
    pub count_closed: bool,
}

impl Overview {
    /// The overview without its closed sets, for a live view.
    pub fn without_closed(mut self) -> Overview {
        let keep: Vec<bool> = self
            .status
            .sets
            .iter()
            .map(|s| s.status != okr_model::Status::Closed.as_str())
            .collect();
        let mut flags = keep.iter();
        self.status
            .sets
            .retain(|_| flags.next().copied().unwrap_or(true));
        let mut flags = keep.iter();
        self.sets.retain(|_| flags.next().copied().unwrap_or(true));
        self
    }

    /// Whether `set` counts in the live totals.
    pub fn counts(&self, set: &crate::status::SetStatus) -> bool {
        self.count_closed || set.status != okr_model::Status::Closed.as_str()
    }
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
    /// Why the team exists, its value and its measures.
    pub positioning: Option<okr_model::Positioning>,
    /// Its customers and their needs.
    pub needs: Vec<okr_model::Need>,
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

/// Each key result's series, in the order of `set`'s key results, from the
/// set's check-ins (oldest first).
pub fn series(set: &OkrSet, check_ins: &[Entry]) -> Vec<KrSeries> {
    set.key_results()
        .map(|(objective, kr)| {
            let entries: Vec<&Entry> = check_ins
                .iter()
                .filter(|e| *e.change.objective == *objective.id && *e.change.id == *kr.id)
                .collect();
            let initial = entries
                .first()
                .and_then(|e| e.change.before.as_ref())
                .map_or(kr.current, |b| b.current);
            KrSeries::of(
                set,
                objective,
                kr,
                initial,
                entries.into_iter().map(Point::of).collect(),
            )
        })
        .collect()
}

/// The series of the key results checked in that `set` no longer has
/// (dropped in an iteration), each with its title and caveat from the
/// newest of the set's earlier `versions` (oldest first; asked for only
/// when there is such a key result) that had it.
pub fn dropped(
    set: &OkrSet,
    check_ins: &[Entry],
    versions: impl FnOnce() -> Vec<OkrSet>,
) -> Vec<KrSeries> {
    let gone: Vec<&Entry> = check_ins
        .iter()
        .filter(|e| {
            !set.key_results()
                .any(|(o, k)| *e.change.objective == *o.id && *e.change.id == *k.id)
        })
        .collect();
    if gone.is_empty() {
        return Vec::new();
    }
    let versions = versions();
    let mut series: Vec<KrSeries> = Vec::new();
    for entry in gone {
        let reference = entry.reference();
        if let Some(known) = series.iter_mut().find(|s| s.reference == reference) {
            known.points.push(Point::of(entry));
            continue;
        }
        let (objective, id) = (&*entry.change.objective, &*entry.change.id);
        let was = versions
            .iter()
            .rev()
            .flat_map(|s| s.key_results())
            .find(|(o, k)| o.id == objective && k.id == id)
            .map(|(_, k)| k);
        let after = &entry.change.after;
        series.push(KrSeries {
            reference,
            title: was.map_or_else(|| id.to_owned(), |k| k.title.clone()),
            unit: after.unit.as_deref().map(str::to_owned),
            baseline: after.baseline,
            target: after.target,
            initial: entry.change.before.as_ref().and_then(|b| b.current),
            caveat: was.and_then(|k| k.caveat.clone()),
            points: vec![Point::of(entry)],
        });
    }
    series
}

impl KrSeries {
    /// The series of key result `kr` of `objective` in `set`, from
    /// `initial` through `points`.
    pub fn of(
        set: &OkrSet,
        objective: &Objective,
        kr: &KeyResult,
        initial: Option<f64>,
        points: Vec<Point>,
    ) -> KrSeries {
        KrSeries {
            reference: format!("{}/{}/{}", set.team, objective.id, kr.id),
            title: kr.title.clone(),
            unit: kr.unit.clone(),
            baseline: kr.baseline,
            target: kr.target,
            initial,
            caveat: kr.caveat.clone(),
            points,
        }
    }
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
                    KrSeries::of(set, objective, kr, kr.baseline, points)
                })
                .collect();
            SetOverview {
                reference: format!("{}:{}", set.period.label, set.team),
                start,
                end: set.period.end,
                parent: set.parent.clone(),
                positioning: set.positioning.clone(),
                needs: set.needs.clone(),
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
        count_closed: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check-in of `objective/id` of team `platform` from 3.6 to `value`.
    fn check_in(objective: &str, id: &str, value: f64) -> Entry {
        use okr_model::snapshot::{KrChange, KrState};
        let state = |current| KrState {
            objective: objective.into(),
            id: id.into(),
            kind: okr_model::KrKind::Metric,
            unit: Some("%".into()),
            baseline: Some(4.0),
            target: Some(2.8),
            current: Some(current),
            confidence: None,
            weight: None,
        };
        Entry {
            commit: std::sync::Arc::new(okr_model::timeline::CommitInfo {
                id: "c".repeat(40),
                author: "Ada".to_owned(),
                email: "ada@example.com".to_owned(),
                time: 1_790_000_000,
                offset_minutes: 0,
                message: "checkin\n\nThe retry fix landed.\n".to_owned(),
            }),
            path: "okrs/2026-Q4/platform.toml".into(),
            period: "2026-Q4".into(),
            team: "platform".into(),
            change: KrChange {
                objective: objective.into(),
                id: id.into(),
                before: Some(state(3.6)),
                after: state(value),
            },
        }
    }

    #[test]
    fn series_follow_the_set_and_dropped_key_results_keep_their_old_title() {
        let text = include_str!("../../../okrs/2026-Q4/platform.toml");
        let now = okr_model::parse("p.toml", text)
            .set
            .expect("the example parses");
        let (objective, kr) = now.key_results().next().expect("a key result");
        let kept = check_in(&objective.id, &kr.id, 3.4);
        let gone = check_in(&objective.id, "dropped-kr", 3.1);

        let series = series(&now, &[kept.clone(), gone.clone()]);
        assert_eq!(series.len(), now.key_results().count());
        assert_eq!(series[0].points.len(), 1);
        assert_eq!(
            series[0].initial,
            Some(3.6),
            "the value before the first check-in"
        );
        assert_eq!(series[0].points[0].note, "The retry fix landed.");

        // Nothing dropped: the old versions are never read.
        assert!(dropped(&now, std::slice::from_ref(&kept), unreachable_versions).is_empty());

        let old_text = text.replacen(&format!("id = \"{}\"", kr.id), "id = \"dropped-kr\"", 1);
        let old = okr_model::parse("p.toml", &old_text).set.expect("parses");
        let dropped = dropped(&now, &[kept, gone.clone(), gone], || vec![old]);
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].title, kr.title, "the title it had");
        assert_eq!(dropped[0].points.len(), 2);
    }

    fn unreachable_versions() -> Vec<OkrSet> {
        panic!("the versions are read only for dropped key results")
    }

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
