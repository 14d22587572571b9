//! A set's grade, for people and tools, and the commit messages of the
//! period's end and the next one's start: `git okr grade` and
//! `git okr new` (with what a new set carries over).
//!
//! Bands are always written as words (red, yellow, green), so colour is
//! never the only carrier.

use okr_model::grade::{Band, Grade, KrGrade};
use okr_model::scaffold::CarryOver;
use okr_model::trailers;
use serde::Serialize;

use crate::checkin::number;
use crate::style::{BOLD, DIM, GREEN, RED, YELLOW, paint};

/// A grade as `git okr grade --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'g> {
    /// The grade.
    #[serde(flatten)]
    pub grade: &'g Grade,
    /// The file, relative to the top.
    pub path: &'g str,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The commit that closed the set, when one was made.
    pub commit: Option<&'g str>,
}

/// The band as a word, coloured when `styled`.
fn band(band: Band, styled: bool) -> String {
    let colour = match band {
        Band::Red => RED,
        Band::Yellow => YELLOW,
        Band::Green => GREEN,
    };
    paint(band.as_str(), colour, styled)
}

/// A score with one decimal.
fn score(value: f64) -> String {
    format!("{value:.1}")
}

/// `9.5 of 6 minutes (from 14)`.
fn values(kr: &KrGrade) -> String {
    let unit = kr
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    if kr.kind == okr_model::KrKind::Milestone {
        return match kr.progress {
            Some(p) if p >= 1.0 => "done".to_owned(),
            Some(_) => "not done".to_owned(),
            None => "—".to_owned(),
        };
    }
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

/// The grade for a terminal.
pub fn human(report: &Report<'_>, styled: bool) -> String {
    let grade = report.grade;
    let mut out = format!(
        "{}  {} {} ({})  {}\n",
        paint(&grade.set, BOLD, styled),
        score(grade.score),
        band(grade.band, styled),
        grade.band.meaning(),
        paint(report.path, DIM, styled),
    );
    let krs = || grade.objectives.iter().flat_map(|o| &o.key_results);
    let id_width = krs().map(|k| k.id.chars().count()).max().unwrap_or(0);
    let ambition = |k: &KrGrade| {
        if k.ambition_written {
            k.ambition.as_str().to_owned()
        } else {
            format!("{} (default)", k.ambition.as_str())
        }
    };
    let ambition_width = krs()
        .map(|k| ambition(k).chars().count())
        .max()
        .unwrap_or(0);
    for objective in &grade.objectives {
        let (objective_score, objective_band) = match (objective.score, objective.band) {
            (Some(s), Some(b)) => (score(s), band(b, styled)),
            _ => ("—".to_owned(), "no key results".to_owned()),
        };
        out += &format!(
            "\n  {}  {objective_score} {objective_band}  {}\n",
            paint(&objective.id, BOLD, styled),
            objective.title
        );
        for kr in &objective.key_results {
            let met = if kr.met { "met    " } else { "not met" };
            let mut line = format!(
                "    {:<id_width$}  {} {:<6}  {:<ambition_width$}  expected {}  {met}  {}",
                kr.id,
                score(kr.score),
                band(kr.band, styled),
                ambition(kr),
                score(kr.expectation),
                values(kr),
            );
            if let Some(from) = &kr.from {
                line += &format!(" = {from}");
            }
            if kr.by_hand {
                line += &match kr.computed {
                    Some(computed) => format!(", scored by hand (computed {})", score(computed)),
                    None => ", scored by hand".to_owned(),
                };
            }
            out += line.trim_end();
            out.push('\n');
        }
    }
    out += &format!(
        "\n{} of {} key results met their expectation (committed 1.0, aspirational 0.7).\n",
        grade.met, grade.graded
    );
    out += "Bands: 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green.\n";
    out
}

/// The grade as JSON.
pub fn json(report: &Report<'_>) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_owned())
}

/// The message of the commit that grades and closes a set:
///
/// ```text
/// grade(platform): 0.6 (yellow)
///
/// The review on 2026-12-18.
///
/// OKR-Set: 2026-Q4:platform
/// OKR-Grade: 0.6
/// ```
pub fn message(grade: &Grade, why: Option<&str>) -> String {
    let mut text = format!(
        "grade({}): {} ({})\n",
        grade.team,
        score(grade.score),
        grade.band.as_str()
    );
    if let Some(why) = why.map(str::trim).filter(|w| !w.is_empty()) {
        text += &format!("\n{why}\n");
    }
    text += &format!(
        "\n{}: {}\n{}: {}\n",
        trailers::SET,
        grade.set,
        trailers::GRADE,
        score(grade.score)
    );
    text
}

/// The message of the commit that adds a new set:
///
/// ```text
/// new(platform): 2027-Q1, draft 1.0
///
/// Carried over from 2026-Q4:platform: 1 item to continue, 2 key results
/// not met, 1 failure to avoid.
///
/// OKR-Set: 2027-Q1:platform
/// ```
pub fn new_message(team: &str, period: &str, carry: Option<&CarryOver>) -> String {
    let mut text = format!("new({team}): {period}, draft 1.0\n");
    if let Some(carry) = carry {
        text += &format!("\n{}\n", carried(carry));
    }
    text += &format!("\n{}: {period}:{team}\n", trailers::SET);
    text
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `Carried over from 2026-Q4:platform: 1 item to continue, …`.
fn carried(carry: &CarryOver) -> String {
    format!(
        "Carried over from {}: {}, {}, {}.",
        carry.from,
        plural(
            carry.continue_.len(),
            "item to continue",
            "items to continue"
        ),
        plural(
            carry.key_results(),
            "key result not met",
            "key results not met"
        ),
        plural(
            carry.failures.len(),
            "failure to avoid",
            "failures to avoid"
        ),
    )
}

/// What `git okr new` prints about a carry-over: the items to continue, the
/// key results carried with their new baselines, and the failures to avoid.
pub fn carry_over(carry: &CarryOver, styled: bool) -> String {
    let mut out = format!("{}\n", carried(carry));
    if !carry.continue_.is_empty() {
        out += &format!("\n{}\n", paint("To continue:", BOLD, styled));
        for item in &carry.continue_ {
            out += &bullet(item);
        }
    }
    if carry.key_results() > 0 {
        out += &format!(
            "\n{}\n",
            paint(
                "Not met, carried with the last value as the new baseline:",
                BOLD,
                styled
            )
        );
        for objective in &carry.objectives {
            for kr in &objective.key_results {
                let unit = kr
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                let was = kr.score.map_or_else(
                    || "not scored".to_owned(),
                    |s| format!("score {}", score(s)),
                );
                let baseline = match (kr.kind, kr.baseline()) {
                    (okr_model::KrKind::Milestone, _) => "a milestone, 0 to 1 again".to_owned(),
                    (_, Some(b)) => format!("baseline {}{unit}", number(b)),
                    (_, None) => "no baseline".to_owned(),
                };
                out += &format!(
                    "  - {}/{} ({was}, expected {}): {baseline}\n",
                    objective.id,
                    kr.id,
                    score(kr.expectation)
                );
            }
        }
    }
    if !carry.failures.is_empty() {
        out += &format!("\n{}\n", paint("Failures to avoid:", BOLD, styled));
        for item in &carry.failures {
            out += &bullet(item);
        }
    }
    out
}

/// `  - text`, further lines indented under the first.
fn bullet(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.trim().lines().enumerate() {
        out += if i == 0 { "  - " } else { "    " };
        out += line.trim_end();
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade() -> Grade {
        let parsed = okr_model::parse(
            "t.toml",
            "format = 1\nteam = \"platform\"\nperiod = \"2026-Q4\"\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n[[objectives.key_results]]\nid = \"k\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\ncurrent = 6\n",
        );
        let set = parsed.set.expect("a set");
        okr_model::grade::grade(&set).expect("graded")
    }

    #[test]
    fn messages() {
        let grade = grade();
        assert_eq!(
            message(&grade, Some("Review on Friday.\n")),
            "grade(platform): 0.6 (yellow)\n\nReview on Friday.\n\nOKR-Set: 2026-Q4:platform\nOKR-Grade: 0.6\n"
        );
        assert_eq!(
            message(&grade, None),
            "grade(platform): 0.6 (yellow)\n\nOKR-Set: 2026-Q4:platform\nOKR-Grade: 0.6\n"
        );
        assert_eq!(
            new_message("platform", "2027-Q1", None),
            "new(platform): 2027-Q1, draft 1.0\n\nOKR-Set: 2027-Q1:platform\n"
        );
    }

    #[test]
    fn bands_are_words() {
        let grade = grade();
        let report = Report {
            grade: &grade,
            path: "okrs/2026-Q4/platform.toml",
            dry_run: true,
            commit: None,
        };
        let text = human(&report, false);
        assert!(
            text.starts_with("2026-Q4:platform  0.6 yellow (progress, short of the goal)"),
            "{text}"
        );
        assert!(
            text.contains(
                "k  0.6 yellow  committed (default)  expected 1.0  not met  6 of 10 (from 0)"
            ),
            "{text}"
        );
    }
}
