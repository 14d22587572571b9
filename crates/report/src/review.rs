//! The markdown review document of `git okr report --markdown` and
//! `git okr status --format markdown`: what a monthly or quarterly business
//! review, or a wiki page, needs from every set.
//!
//! The document opens with a title, the revision, the day the sets are
//! judged on and the window the review looks back over (`--since`), and a
//! count of the key results by health. Then, per set:
//!
//! - its progress against the share of the period gone;
//! - a table of its key results: objective, key result (title and
//!   reference), value against target and baseline, progress, health (always
//!   a word; the coloured mark only repeats it), confidence with its change
//!   in the window, and the change of the value in the window;
//! - the notes of the check-ins in the window, per key result, oldest first;
//!   without a window, the latest check-in of each key result instead, so
//!   that a page written without `--since` still says what the teams last
//!   wrote;
//! - the key results without a check-in in the window (without a window:
//!   never checked in) and the stale ones, with their age;
//! - the key results dropped from the set after they were checked in.
//!
//! Everything a user wrote (titles, notes, authors, units, labels) is
//! escaped with [`crate::diff::escape`], so no text can break a table,
//! start a heading or inject HTML; a note keeps its lines inside its quote.
//! Like the rest of this crate, it never reads files, talks to git or
//! prints: it takes an [`Overview`] and returns text, the same text for the
//! same overview.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate};
use okr_model::Health;

use crate::checkin::{number, percent};
use crate::diff::escape;
use crate::overview::{KrSeries, Overview, Point, SetOverview, Since};
use crate::status::{KrStatus, SetStatus};

/// The review document: see the [module documentation](self) for what it
/// holds. Without a window (`since` is `None`) the change column says `—`,
/// the notes are each key result's latest check-in, and "without a
/// check-in" means never checked in. An overview without sets gives a
/// short document that says so.
pub fn markdown(overview: &Overview) -> String {
    let mut out = String::new();
    let since = overview.since.as_ref();
    let status = &overview.status;

    let mut periods: Vec<&str> = status.sets.iter().map(|s| s.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    match periods.as_slice() {
        [period] => {
            let _ = writeln!(out, "# OKR review: {}\n", escape(period));
        }
        _ => out.push_str("# OKR review\n\n"),
    }
    let _ = writeln!(out, "{}\n", heading_line(overview));

    if status.sets.is_empty() {
        out.push_str("There are no OKR sets to review.\n");
        return out;
    }

    let _ = writeln!(out, "{}\n", summary_line(overview));

    for set in &status.sets {
        let reference = format!("{}:{}", set.period, set.team);
        let extra = overview.sets.iter().find(|s| s.reference == reference);
        set_section(&mut out, set, extra, since, status.cadence_days);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The line under the title: the revision (short id, as named, its date),
/// the day the sets are judged on, and the window, as in
/// "Revision `abc1234` (HEAD, 2026-11-20) · as of 2026-11-21 · since 4
/// weeks ago (2026-10-24)".
fn heading_line(overview: &Overview) -> String {
    let revision = match &overview.revision {
        Some(revision) => {
            let short: String = revision.commit.chars().take(7).collect();
            let mut about = Vec::new();
            if !revision.spec.is_empty() && !revision.commit.starts_with(&revision.spec) {
                about.push(escape(&revision.spec));
            }
            let date = day(&revision.date);
            if !date.is_empty() {
                about.push(date.to_owned());
            }
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            format!("Revision {}{about}", code(&short))
        }
        None => "The working tree".to_owned(),
    };
    let window = match &overview.since {
        Some(since) => format!("since {}", since_label(since)),
        None => "no window".to_owned(),
    };
    format!(
        "{revision} · as of {} · {window}",
        overview.status.as_of.format("%Y-%m-%d")
    )
}

/// `4 weeks ago (2026-10-24)`: the label as written and the window's first
/// day; a label that is a day already is said once.
fn since_label(since: &Since) -> String {
    let date = since_day(since);
    if date.is_empty() || date == since.label.trim() {
        escape(&since.label)
    } else {
        format!("{} ({date})", escape(&since.label))
    }
}

/// The window's first day, `2026-10-24`: the label itself when it is a
/// day (the user's midnight, which in UTC may be the day before), else
/// the day of its first moment in UTC.
fn since_day(since: &Since) -> String {
    let label = since.label.trim();
    if NaiveDate::parse_from_str(label, "%Y-%m-%d").is_ok() {
        return label.to_owned();
    }
    DateTime::from_timestamp(since.time, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `24 key results in 3 sets: 10 on-track, … 16 check-ins in the window.`
fn summary_line(overview: &Overview) -> String {
    let krs: Vec<&KrStatus> = overview
        .status
        .sets
        .iter()
        .flat_map(|s| &s.objectives)
        .flat_map(|o| &o.key_results)
        .collect();
    let mut line = format!(
        "{} in {}",
        plural(krs.len(), "key result", "key results"),
        plural(overview.status.sets.len(), "set", "sets")
    );
    let tally = health_tally(&krs);
    if !tally.is_empty() {
        line += &format!(": {tally}");
    }
    line.push('.');
    let all = overview
        .sets
        .iter()
        .flat_map(|s| &s.key_results)
        .flat_map(|s| &s.points);
    match &overview.since {
        Some(since) => {
            let count = all.filter(|p| p.time >= since.time).count();
            let count = match count {
                0 => "No check-ins".to_owned(),
                n => plural(n, "check-in", "check-ins"),
            };
            line += &format!(" {count} since {}.", since_day(since));
        }
        None => {
            let count = all.count();
            line += &format!(" {} in all.", plural(count, "check-in", "check-ins"));
        }
    }
    line
}

/// `3 🟢 on-track, 1 🟡 at-risk`: the non-zero counts of each health.
fn health_tally(krs: &[&KrStatus]) -> String {
    [
        Some(Health::OnTrack),
        Some(Health::AtRisk),
        Some(Health::OffTrack),
        None,
    ]
    .into_iter()
    .filter_map(|health| {
        let count = krs.iter().filter(|kr| kr.health == health).count();
        (count > 0).then(|| format!("{count} {}", health_word(health)))
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// Health as a mark and a word: the word carries it, the mark repeats it.
fn health_word(health: Option<Health>) -> &'static str {
    match health {
        Some(Health::OnTrack) => "🟢 on-track",
        Some(Health::AtRisk) => "🟡 at-risk",
        Some(Health::OffTrack) => "🔴 off-track",
        None => "⚪ no value",
    }
}

/// One set: heading, progress, the table, the notes, the key results
/// without a check-in and the dropped ones.
fn set_section(
    out: &mut String,
    set: &SetStatus,
    extra: Option<&SetOverview>,
    since: Option<&Since>,
    cadence_days: usize,
) {
    let _ = writeln!(
        out,
        "## {}:{} ({}, version {})\n",
        escape(&set.period),
        escape(&set.team),
        escape(&set.status),
        escape(&set.version)
    );
    let mut about = vec![code(&set.path)];
    if let Some(extra) = extra {
        about.push(format!("{} to {}", extra.start, extra.end));
        if let Some(parent) = &extra.parent {
            about.push(format!("aligns to {}", escape(parent)));
        }
    }
    let _ = writeln!(out, "{}\n", about.join(" · "));

    let krs: Vec<&KrStatus> = set.objectives.iter().flat_map(|o| &o.key_results).collect();
    let progress = set.progress.map_or_else(|| "—".to_owned(), percent);
    let _ = write!(
        out,
        "Progress **{progress}** with {} of the period gone",
        percent(set.elapsed)
    );
    let tally = health_tally(&krs);
    if tally.is_empty() {
        out.push_str(".\n\n");
    } else {
        let _ = writeln!(out, "; {tally}.\n");
    }

    let series = |kr: &KrStatus| {
        extra.and_then(|e| e.key_results.iter().find(|s| s.reference == kr.reference))
    };

    // The table.
    let change_heading = match since {
        Some(since) => format!("Change since {}", since_day(since)),
        None => "Change".to_owned(),
    };
    let _ = writeln!(
        out,
        "| Objective | Key result | Value | Progress | Health | Confidence | {change_heading} |"
    );
    out.push_str("| --- | --- | --- | ---: | --- | --- | --- |\n");
    for objective in &set.objectives {
        if objective.key_results.is_empty() {
            let _ = writeln!(
                out,
                "| {} | *no key results* | | | | | |",
                escape(&objective.title)
            );
        }
        for (i, kr) in objective.key_results.iter().enumerate() {
            let objective_cell = if i == 0 {
                let progress = objective
                    .progress
                    .map(|p| format!(" ({})", percent(p)))
                    .unwrap_or_default();
                format!("{}{progress}", escape(&objective.title))
            } else {
                String::new()
            };
            let window = in_window(series(kr), since);
            let _ = writeln!(
                out,
                "| {objective_cell} | {} {} | {} | {} | {} | {} | {} |",
                escape(&kr.title),
                cell(&code(&kr.reference)),
                values(kr),
                kr.progress.map_or_else(|| "—".to_owned(), percent),
                health_word(kr.health),
                confidence(kr, &window),
                change(kr, &window, since),
            );
        }
    }
    if set.objectives.is_empty() {
        out.push_str("| *no objectives* | | | | | | |\n");
    }
    out.push('\n');

    notes_section(out, &krs, series, since);
    missing_section(out, &krs, series, since, cadence_days);
    if let Some(extra) = extra {
        dropped_section(out, &extra.dropped);
    }
}

/// The check-ins of `series` in the window (all of them without one),
/// oldest first.
fn in_window<'a>(series: Option<&'a KrSeries>, since: Option<&Since>) -> Vec<&'a Point> {
    let points = series.map_or(&[][..], |s| &s.points[..]);
    match since {
        Some(since) => points.iter().filter(|p| p.time >= since.time).collect(),
        None => points.iter().collect(),
    }
}

/// `9.5 of 6 minutes (from 14)`.
fn values(kr: &KrStatus) -> String {
    let unit = unit_suffix(kr.unit.as_deref());
    let current = kr.current.map_or_else(|| "—".to_owned(), number);
    let mut text = match kr.target {
        Some(target) => format!("{current} of {}{unit}", number(target)),
        None => format!("{current}{unit}"),
    };
    if let Some(baseline) = kr.baseline {
        text += &format!(" (from {})", number(baseline));
    }
    if let Some(derived) = &kr.derived {
        text += &format!(", {}", escape(&derived.describe()));
    }
    text
}

/// The confidence now, with where it stood at the window's start when a
/// check-in in the window changed it: `0.7 → 0.6`.
fn confidence(kr: &KrStatus, window: &[&Point]) -> String {
    let now = kr.confidence.map_or_else(|| "—".to_owned(), number);
    match window.first().and_then(|p| p.confidence_before) {
        Some(before) if Some(before) != kr.confidence => format!("{} → {now}", number(before)),
        _ => now,
    }
}

/// The change of the value in the window: `3.6 → 3.2 % (2 check-ins)`,
/// `no change`, or `—` without a window.
fn change(kr: &KrStatus, window: &[&Point], since: Option<&Since>) -> String {
    if since.is_none() {
        return "—".to_owned();
    }
    let Some(first) = window.first() else {
        return "no change".to_owned();
    };
    let count = plural(window.len(), "check-in", "check-ins");
    if first.before == kr.current {
        return format!("no change ({count})");
    }
    format!(
        "{} → {}{} ({count})",
        value(first.before),
        value(kr.current),
        unit_suffix(kr.unit.as_deref())
    )
}

/// The notes of the check-ins in the window, or without a window the
/// latest check-in of each key result.
fn notes_section<'a>(
    out: &mut String,
    krs: &[&KrStatus],
    series: impl Fn(&KrStatus) -> Option<&'a KrSeries>,
    since: Option<&Since>,
) {
    let mut body = String::new();
    for kr in krs {
        let points = in_window(series(kr), since);
        let points = match since {
            Some(_) => &points[..],
            None => points.last().map_or(&[][..], std::slice::from_ref),
        };
        if points.is_empty() {
            continue;
        }
        let _ = writeln!(body, "- **{}** {}", escape(&kr.title), code(&kr.reference));
        for point in points {
            let _ = writeln!(body, "  - {}", check_in_line(point, kr.unit.as_deref()));
            body.push_str(&quote(&point.note, "    "));
        }
    }
    match since {
        Some(since) => {
            out.push_str("### Notes from the check-ins\n\n");
            if body.is_empty() {
                let _ = writeln!(out, "No check-ins since {}.\n", since_day(since));
            } else {
                out.push_str(&body);
                out.push('\n');
            }
        }
        None => {
            if !body.is_empty() {
                out.push_str("### Latest check-ins\n\n");
                out.push_str(&body);
                out.push('\n');
            }
        }
    }
}

/// `2026-11-05, Grace Hopper: 12.5 → 11 minutes, confidence 0.6 → 0.7`.
fn check_in_line(point: &Point, unit: Option<&str>) -> String {
    let mut line = format!(
        "{}, {}: {} → {}{}",
        day(&point.date),
        escape(&point.author),
        value(point.before),
        value(point.value),
        unit_suffix(unit)
    );
    match (point.confidence_before, point.confidence) {
        (Some(before), Some(after)) if before != after => {
            line += &format!(", confidence {} → {}", number(before), number(after));
        }
        (_, Some(after)) => line += &format!(", confidence {}", number(after)),
        (Some(before), None) => line += &format!(", confidence {} → —", number(before)),
        (None, None) => {}
    }
    line
}

/// The key results without a check-in in the window (without a window:
/// never checked in), and the stale ones with their age.
fn missing_section<'a>(
    out: &mut String,
    krs: &[&KrStatus],
    series: impl Fn(&KrStatus) -> Option<&'a KrSeries>,
    since: Option<&Since>,
    cadence_days: usize,
) {
    let mut items = Vec::new();
    for kr in krs {
        let all = in_window(series(kr), None);
        let window = in_window(series(kr), since);
        let mut reasons = Vec::new();
        if window.is_empty() {
            match (since, all.last()) {
                (Some(since), Some(last)) => reasons.push(format!(
                    "no check-in since {} (last {}, {})",
                    since_day(since),
                    day(&last.date),
                    escape(&last.author)
                )),
                // Without a window, the window is every check-in.
                _ => reasons.push("never checked in".to_owned()),
            }
        }
        if kr.stale {
            let age = match (kr.days_since_checkin, &kr.last_checkin) {
                (Some(days), Some(_)) => {
                    format!(
                        "stale: {} since the last check-in",
                        plural_i(days, "day", "days")
                    )
                }
                (Some(days), None) => {
                    format!(
                        "stale: {} since the period began",
                        plural_i(days, "day", "days")
                    )
                }
                (None, _) => "stale".to_owned(),
            };
            reasons.push(age);
        }
        if !reasons.is_empty() {
            items.push(format!(
                "- {} {}: {}",
                escape(&kr.title),
                code(&kr.reference),
                reasons.join("; ")
            ));
        }
    }
    out.push_str("### Without a check-in\n\n");
    if items.is_empty() {
        let _ = match since {
            Some(since) => writeln!(
                out,
                "Every key result was checked in since {}, and none is stale.\n",
                since_day(since)
            ),
            None => writeln!(out, "Every key result has a check-in, and none is stale.\n"),
        };
        return;
    }
    let _ = match since {
        Some(since) => writeln!(
            out,
            "The key results with no check-in since {}, and those with none for more than {} (stale).\n",
            since_day(since),
            plural(cadence_days, "day", "days")
        ),
        None => writeln!(
            out,
            "The key results never checked in, and those with no check-in for more than {} (stale).\n",
            plural(cadence_days, "day", "days")
        ),
    };
    for item in items {
        let _ = writeln!(out, "{item}");
    }
    out.push('\n');
}

/// The key results checked in and later dropped from the set.
fn dropped_section(out: &mut String, dropped: &[KrSeries]) {
    if dropped.is_empty() {
        return;
    }
    out.push_str("### Dropped key results\n\n");
    for series in dropped {
        let last = series
            .points
            .last()
            .map(|p| {
                format!(
                    ", the last {}{} on {}",
                    value(p.value),
                    unit_suffix(series.unit.as_deref()),
                    day(&p.date)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {} {}: {}{last}",
            escape(&series.title),
            code(&series.reference),
            plural(series.points.len(), "check-in", "check-ins")
        );
    }
    out.push('\n');
}

/// A note as a block quote nested under a list item at `indent`, one
/// quoted line per line of the note (ending in a hard line break, `\`,
/// when the next line is of the same paragraph), each escaped and kept
/// from starting a list or a heading underline. Empty for an empty note.
fn quote(note: &str, indent: &str) -> String {
    let lines: Vec<&str> = note.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent}>");
            continue;
        }
        // A line followed by another of the same paragraph ends in a hard
        // line break, so that the note keeps its lines when rendered.
        let brk = if lines.get(i + 1).is_some_and(|l| !l.is_empty()) {
            "\\"
        } else {
            ""
        };
        let _ = writeln!(out, "{indent}> {}{brk}", block_safe(&escape(line)));
    }
    out
}

/// An escaped line that cannot open a block: a leading `-`, `+` or `=`
/// (a list item, a thematic break, a heading underline) is escaped, as is
/// the `.` of a leading `1.` (an ordered list).
fn block_safe(line: &str) -> String {
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with('.') {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_owned()
}

/// A value, or `—` without one.
fn value(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), number)
}

/// ` minutes`, escaped; empty without a unit.
fn unit_suffix(unit: Option<&str>) -> String {
    unit.map(|u| format!(" {}", escape(u))).unwrap_or_default()
}

/// The date part of an RFC 3339 time.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// A reference or path as a code span; backticks and control characters in
/// it become `'`.
fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '`' || c.is_control() { '\'' } else { c })
        .collect();
    format!("`{text}`")
}

/// A code span for a table cell: a `|` would end the cell even inside it.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn plural_i(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::sample;

    /// The sample as a repository would give it: the last check-in moved
    /// from after the revision (2026-11-20) to the day before it, values
    /// to four significant digits as people write them, and each key
    /// result's last check-in, age and staleness taken from its series.
    fn reviewed() -> Overview {
        let mut overview = sample();
        let end = time("2026-11-20T17:00:00+00:00");
        for set in &mut overview.sets {
            for point in set.key_results.iter_mut().flat_map(|s| &mut s.points) {
                if point.time > end {
                    point.time = time("2026-11-19T09:30:00+00:00");
                    point.date = "2026-11-19T09:30:00+00:00".to_owned();
                }
                point.before = point.before.map(round);
                point.value = point.value.map(round);
            }
        }
        stamp(&mut overview);
        overview
    }

    /// The sample with what a review has to point out: a key result never
    /// checked in, one checked in only before the window, a change of
    /// confidence, a note of several lines, and a key result dropped.
    fn eventful() -> Overview {
        let mut overview = reviewed();
        overview.since = Some(since("4 weeks ago", "2026-10-24"));
        let platform = &mut overview.sets[1].key_results;
        // ci-pipeline-time: the confidence rose, 0.6 → 0.7 → 0.8 → 0.8.
        for (point, (before, after)) in
            platform[0]
                .points
                .iter_mut()
                .zip([(0.6, 0.7), (0.7, 0.8), (0.8, 0.8)])
        {
            point.confidence_before = Some(before);
            point.confidence = Some(after);
        }
        // idle-compute: a note of several lines.
        if let Some(point) = platform[6].points.last_mut() {
            point.note = "Rightsizing bot on for all namespaces.\n\
                          - batch: -12%\n\
                          - search: not yet (owner on leave)"
                .to_owned();
        }
        // cost-per-replica-hour: one check-in, before the window.
        platform[7].points.truncate(1);
        if let Some(point) = platform[7].points.first_mut() {
            point.value = Some(0.044);
            point.note = "Spot instances for the batch jobs.\n\nNext: right-size the \
                          search cluster (its requests are twice its use)."
                .to_owned();
        }
        let checkout = &mut overview.sets[2];
        // pci-assessment-passed: never checked in.
        let pci = checkout.key_results[3].points.split_off(0);
        checkout.dropped.push(KrSeries {
            reference: "checkout/trusted-with-cards/3ds-challenge-rate".to_owned(),
            title: "Cut the 3-D Secure challenge rate from 30% to 15%".to_owned(),
            unit: Some("%".to_owned()),
            points: pci.into_iter().take(1).collect(),
            ..checkout.key_results[3].clone()
        });
        stamp(&mut overview);
        overview
    }

    /// Each key result's last check-in, age and staleness, from its series.
    fn stamp(overview: &mut Overview) {
        let as_of = overview.status.as_of;
        let cadence = overview.status.cadence_days as i64;
        for (set, extra) in overview.status.sets.iter_mut().zip(&overview.sets) {
            let krs = set.objectives.iter_mut().flat_map(|o| &mut o.key_results);
            for (kr, series) in krs.zip(&extra.key_results) {
                let last = series.points.last();
                kr.last_checkin = last.map(|last| crate::status::CheckInStamp {
                    commit: last.commit.clone(),
                    date: last.date.clone(),
                    author: last.author.clone(),
                });
                let from = last
                    .and_then(|p| DateTime::from_timestamp(p.time, 0))
                    .map_or(extra.start, |t| t.date_naive());
                let days = (as_of - from).num_days();
                kr.days_since_checkin = Some(days);
                kr.stale = days > cadence;
            }
        }
    }

    /// Seconds since the epoch of an RFC 3339 time.
    fn time(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text).map_or(0, |t| t.timestamp())
    }

    /// `value` to four significant digits.
    fn round(value: f64) -> f64 {
        format!("{value:.3e}").parse().unwrap_or(value)
    }

    /// A window from the start of `date` (UTC), labelled `label`.
    fn since(label: &str, date: &str) -> Since {
        Since {
            label: label.to_owned(),
            time: time(&format!("{date}T00:00:00+00:00")),
        }
    }

    /// The rows of the table of the set `reference`.
    fn rows<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
        text.split("\n## ")
            .find(|s| s.starts_with(heading))
            .map(|s| s.lines().filter(|l| l.starts_with("| ")).collect())
            .unwrap_or_default()
    }

    /// The cells of a table row, split on unescaped `|`.
    fn cells(row: &str) -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut chars = row.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let (Some(last), Some(next)) = (cells.last_mut(), chars.next()) {
                        last.push(c);
                        last.push(next);
                    }
                }
                '|' => cells.push(String::new()),
                c => {
                    if let Some(last) = cells.last_mut() {
                        last.push(c);
                    }
                }
            }
        }
        // The empty strings before the first and after the last `|`.
        cells.remove(0);
        cells.pop();
        cells.into_iter().map(|c| c.trim().to_owned()).collect()
    }

    #[test]
    fn with_a_window() {
        insta::assert_snapshot!("review_with_window", markdown(&eventful()));
    }

    #[test]
    fn without_a_window() {
        insta::assert_snapshot!("review_without_window", markdown(&reviewed()));
    }

    #[test]
    fn the_heading_says_revision_day_and_window() {
        let mut overview = reviewed();
        let text = markdown(&overview);
        assert!(text.starts_with("# OKR review: 2026-Q4\n\n"));
        assert!(
            text.contains("Revision `0000000` (HEAD, 2026-11-20) · as of 2026-11-21 · no window\n")
        );
        overview.since = Some(since("4 weeks ago", "2026-10-24"));
        let text = markdown(&overview);
        assert!(text.contains("· as of 2026-11-21 · since 4 weeks ago (2026-10-24)\n"));
        overview.revision = None;
        assert!(markdown(&overview).contains("The working tree · as of 2026-11-21"));
    }

    #[test]
    fn the_change_starts_from_the_first_check_in_of_the_window() {
        let mut overview = reviewed();
        // Check-ins on 2026-10-15, 2026-11-05 and 2026-11-19: one is in.
        overview.since = Some(since("2026-11-10", "2026-11-10"));
        let text = markdown(&overview);
        let failed = rows(&text, "2026-Q4:checkout")
            .into_iter()
            .find(|r| r.contains("failed-checkouts"))
            .map(cells)
            .unwrap_or_default();
        assert_eq!(failed.len(), 7, "{failed:?}");
        assert_eq!(failed[2], "3.6 of 2.8 % (from 4)");
        assert_eq!(failed[3], "33%");
        assert_eq!(failed[4], "🟢 on-track");
        assert_eq!(failed[6], "3.733 → 3.6 % (1 check-in)");
        assert!(text.contains("| Change since 2026-11-10 |"));
        // The label is the date: it is said once.
        assert!(text.contains("· since 2026-11-10\n"));

        overview.since = Some(since("4 weeks ago", "2026-10-24"));
        let text = markdown(&overview);
        let failed = rows(&text, "2026-Q4:checkout")
            .into_iter()
            .find(|r| r.contains("failed-checkouts"))
            .map(cells)
            .unwrap_or_default();
        assert_eq!(failed[6], "3.867 → 3.6 % (2 check-ins)");
    }

    #[test]
    fn a_day_as_label_is_the_day_shown() {
        let mut overview = reviewed();
        // Local midnight of 2026-11-10 east of UTC: 2026-11-09 in UTC.
        overview.since = Some(Since {
            label: "2026-11-10".to_owned(),
            time: time("2026-11-10T00:00:00+02:00"),
        });
        let text = markdown(&overview);
        assert!(text.contains("· since 2026-11-10\n"));
        assert!(text.contains("| Change since 2026-11-10 |"));
        assert!(!text.contains("2026-11-09"));
    }

    #[test]
    fn a_quiet_window_shows_no_change_and_lists_every_key_result() {
        let mut overview = reviewed();
        overview.since = Some(since("yesterday", "2026-11-20"));
        let text = markdown(&overview);
        for row in rows(&text, "2026-Q4:platform").iter().skip(2) {
            assert_eq!(cells(row)[6], "no change", "{row}");
        }
        assert!(text.contains("No check-ins since 2026-11-20."));
        assert!(text.contains("1 🔴 off-track. No check-ins since 2026-11-20.\n"));
        assert!(text.contains(
            "- Cut median CI pipeline time on main from 14 minutes to 6 minutes \
             `platform/paved-road/ci-pipeline-time`: no check-in since 2026-11-20 \
             (last 2026-11-19, Edsger Dijkstra)\n"
        ));
    }

    #[test]
    fn without_a_window_the_change_is_a_dash_and_the_latest_notes_are_shown() {
        let text = markdown(&reviewed());
        for row in rows(&text, "2026-Q4:platform").iter().skip(2) {
            assert_eq!(cells(row)[6], "—", "{row}");
        }
        assert!(text.contains("### Latest check-ins"));
        assert!(!text.contains("### Notes from the check-ins"));
        assert!(text.contains("week 8: measured on the dashboard"));
        assert!(!text.contains("week 5: measured on the dashboard"));
        assert!(text.contains("Every key result has a check-in, and none is stale."));
    }

    #[test]
    fn a_confidence_change_in_the_window_is_shown() {
        let text = markdown(&eventful());
        let row = rows(&text, "2026-Q4:platform")
            .into_iter()
            .find(|r| r.contains("ci-pipeline-time"))
            .map(cells)
            .unwrap_or_default();
        assert_eq!(row[5], "0.7 → 0.8");
        assert!(
            text.contains(
                "  - 2026-11-05, Grace Hopper: 12.5 → 11 minutes, confidence 0.7 → 0.8\n"
            )
        );
    }

    #[test]
    fn key_results_never_checked_in_and_stale_ones_are_listed() {
        let mut overview = eventful();
        let text = markdown(&overview);
        assert!(text.contains(
            "The key results with no check-in since 2026-10-24, and those with none \
             for more than 14 days (stale).\n"
        ));
        assert!(text.contains(
            "`checkout/trusted-with-cards/pci-assessment-passed`: never checked in; \
             stale: 51 days since the period began\n"
        ));
        assert!(text.contains(
            "`platform/lean-cloud/cost-per-replica-hour`: no check-in since 2026-10-24 \
             (last 2026-10-15, Ada Lovelace); stale: 37 days since the last check-in\n"
        ));

        // A check-in in a long window, but longer ago than the cadence.
        overview.since = Some(since("2026-10-01", "2026-10-01"));
        let text = markdown(&overview);
        assert!(text.contains(
            "`platform/lean-cloud/cost-per-replica-hour`: stale: 37 days since the last check-in\n"
        ));

        overview.since = None;
        let text = markdown(&overview);
        assert!(text.contains(
            "The key results never checked in, and those with no check-in \
             for more than 14 days (stale).\n"
        ));
        assert!(text.contains(
            "`checkout/trusted-with-cards/pci-assessment-passed`: never checked in; \
             stale: 51 days since the period began\n"
        ));
        // Its notes are the latest check-in's, though before any window.
        assert!(text.contains("    > Spot instances for the batch jobs.\n    >\n    > Next:"));
    }

    #[test]
    fn dropped_key_results_are_listed() {
        let text = markdown(&eventful());
        assert!(text.contains(
            "### Dropped key results\n\n\
             - Cut the 3-D Secure challenge rate from 30% to 15% \
             `checkout/trusted-with-cards/3ds-challenge-rate`: 1 check-in, the last 0 % on 2026-10-15\n"
        ));
        assert!(!markdown(&reviewed()).contains("### Dropped"));
    }

    #[test]
    fn objectives_without_key_results_keep_the_table_whole() {
        let mut overview = reviewed();
        overview.status.sets[1].objectives[0].key_results.clear();
        overview.status.sets[2].objectives.clear();
        let text = markdown(&overview);
        assert!(text.contains(
            "| A paved road so smooth that teams stop asking for exceptions | \
             *no key results* | | | | | |\n"
        ));
        assert!(text.contains("| *no objectives* | | | | | | |\n"));
        for line in text.lines().filter(|l| l.starts_with('|')) {
            assert_eq!(cells(line).len(), 7, "{line}");
        }
    }

    #[test]
    fn no_sets_say_so() {
        let mut overview = reviewed();
        overview.status.sets.clear();
        overview.sets.clear();
        let text = markdown(&overview);
        assert_eq!(
            text,
            "# OKR review\n\n\
             Revision `0000000` (HEAD, 2026-11-20) · as of 2026-11-21 · no window\n\n\
             There are no OKR sets to review.\n"
        );
    }

    #[test]
    fn the_output_is_deterministic() {
        let mut overview = reviewed();
        overview.since = Some(since("4 weeks ago", "2026-10-24"));
        assert_eq!(markdown(&overview), markdown(&overview));
    }

    #[test]
    fn hostile_text_neither_breaks_the_table_nor_injects_html() {
        let mut overview = reviewed();
        overview.since = Some(since("<b>`4` | weeks</b>\nago", "2026-10-24"));
        let hostile = "a | b\n| c |\r\n<script>alert(1)</script> `code` *bold* @team";
        {
            let objective = &mut overview.status.sets[1].objectives[0];
            objective.title = hostile.to_owned();
            let kr = &mut objective.key_results[0];
            kr.title = hostile.to_owned();
            kr.unit = Some("min|<i>".to_owned());
            kr.reference = "platform/paved-road/ci`|x".to_owned();
        }
        {
            let series = &mut overview.sets[1].key_results[0];
            series.reference = "platform/paved-road/ci`|x".to_owned();
            for point in &mut series.points {
                point.author = "Mallory | <img src=x onerror=alert(1)>".to_owned();
                point.note = format!(
                    "{hostile}\n\n- not a list\n1. not a list either\n===\n# not a heading\n> not a quote"
                );
            }
        }
        overview.status.sets[1].team = "plat|form\n## x".to_owned();
        overview.sets[1].reference = "2026-Q4:plat|form\n## x".to_owned();
        let text = markdown(&overview);

        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("<img"), "{text}");
        assert!(!text.contains("<b>"), "{text}");
        assert!(!text.contains("<i>"), "{text}");
        assert!(text.contains("&lt;script&gt;"));
        assert!(text.contains("@\u{200b}team"));

        // Every row of every table has the seven cells of its heading.
        let mut tables = 0;
        for line in text.lines().filter(|l| l.starts_with('|')) {
            tables += 1;
            assert_eq!(cells(line).len(), 7, "{line}");
        }
        assert!(tables > 20);

        // No line that the user wrote opens a heading, a list or a quote of
        // its own: every heading is ours, and every note line is quoted.
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
        assert!(headings.iter().all(|h| {
            h.starts_with("# OKR review") || h.starts_with("## 2026-Q4:") || h.starts_with("### ")
        }));
        assert!(text.contains("    > \\- not a list\\\n"));
        assert!(text.contains("    > 1\\. not a list either\\\n"));
        assert!(text.contains("    > \\===\\\n"));
        assert!(text.contains("    > \\# not a heading\\\n"));
        assert!(text.contains("    > &gt; not a quote\n"));
        assert!(text.contains("    >\n"));
        // The note keeps its lines, each inside the quote.
        assert!(text.contains("    > a \\| b\\\n    > \\| c \\|\\\n"));
    }

    #[test]
    fn block_safe_lines() {
        assert_eq!(block_safe("- x"), "\\- x");
        assert_eq!(block_safe("+ x"), "\\+ x");
        assert_eq!(block_safe("12. x"), "12\\. x");
        assert_eq!(block_safe("12 x"), "12 x");
        assert_eq!(block_safe("x - y"), "x - y");
        assert_eq!(quote("\n\n", "  "), "");
        assert_eq!(quote(" a \n\n b", ""), "> a\n>\n> b\n");
        assert_eq!(
            quote("a\nb\\\n\nc", "  "),
            "  > a\\\n  > b\\\\\n  >\n  > c\n"
        );
    }
}
