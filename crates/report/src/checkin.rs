//! Check-in commit messages: a subject that says what moved, the note, then
//! one git trailer per fact, so that `git log` alone reads well and tools
//! can parse it (`git interpret-trailers --parse`).
//!
//! ```text
//! checkin(platform/failed-checkouts): 3.6 → 3.2 %, progress 33% → 67%
//!
//! The retry fix landed on Tuesday.
//!
//! OKR-Checkin: platform/reliable-checkout/failed-checkouts
//! OKR-Value: 3.2
//! OKR-Confidence: 0.7
//! ```

use okr_model::trailers;

/// One key result's check-in, as the message tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The full reference, `team/objective/kr` (with `period:` when needed).
    pub reference: String,
    /// The short name for the subject, `team/kr`.
    pub short: String,
    /// The key result's unit.
    pub unit: Option<String>,
    /// `current` before, if there was one.
    pub old: Option<f64>,
    /// The new value as written in the file (`3.20` stays `3.20`).
    pub new: String,
    /// Progress before and after, when the key result has a range.
    pub progress: (Option<f64>, Option<f64>),
    /// The new confidence as written, when given.
    pub confidence: Option<String>,
    /// This key result's own note (batch check-ins).
    pub note: Option<String>,
}

/// What moved, `3.6 → 3.2 %, progress 33% → 67%`.
pub fn summary(line: &Line) -> String {
    let unit = line
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let mut text = match line.old {
        Some(old) => format!("{} → {}{unit}", number(old), line.new),
        None => format!("{}{unit}", line.new),
    };
    match line.progress {
        (Some(old), Some(new)) if line.old.is_some() => {
            text += &format!(", progress {} → {}", percent(old), percent(new));
        }
        (_, Some(new)) => text += &format!(", progress {}", percent(new)),
        _ => {}
    }
    text
}

/// The whole message for `lines`, with the note (free text, any number of
/// lines), and what was learned and what to stop (one line each; the caller
/// checks with [`trailers::is_value`]).
pub fn message(
    lines: &[Line],
    note: Option<&str>,
    learned: Option<&str>,
    stop: Option<&str>,
) -> String {
    let mut text = match lines {
        [line] => format!("checkin({}): {}\n", line.short, summary(line)),
        _ => {
            let teams: Vec<&str> = lines
                .iter()
                .filter_map(|l| l.short.split('/').next())
                .collect();
            let scope = match teams.first() {
                Some(first) if teams.iter().all(|t| t == first) => format!("({first})"),
                _ => String::new(),
            };
            let mut text = format!("checkin{scope}: {} key results\n\n", lines.len());
            for line in lines {
                text += &format!("- {}: {}\n", line.short, summary(line));
                if let Some(note) = line
                    .note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                {
                    for row in note.lines() {
                        text += &format!("  {row}\n");
                    }
                }
            }
            text
        }
    };
    let single_note = match lines {
        [line] => line.note.as_deref(),
        _ => None,
    };
    for note in [note, single_note].into_iter().flatten() {
        let note = note.trim();
        if !note.is_empty() {
            text += &format!("\n{note}\n");
        }
    }
    text.push('\n');
    for line in lines {
        text += &format!("{}: {}\n", trailers::CHECKIN, line.reference);
        text += &format!("{}: {}\n", trailers::VALUE, line.new);
        if let Some(confidence) = &line.confidence {
            text += &format!("{}: {confidence}\n", trailers::CONFIDENCE);
        }
    }
    if let Some(learned) = learned {
        text += &format!("{}: {}\n", trailers::LEARNED, learned.trim());
    }
    if let Some(stop) = stop {
        text += &format!("{}: {}\n", trailers::STOP, stop.trim());
    }
    text
}

/// A number as people write it: `3.2`, `41`, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value}");
    if text.contains('e') || text.len() > 12 {
        // Round away float noise such as 0.30000000000000004.
        let rounded = format!("{value:.6}");
        let rounded = rounded.trim_end_matches('0').trim_end_matches('.');
        return rounded.to_owned();
    }
    text
}

/// A share as a whole percentage, `67%`; never `-0%` (a key result still
/// at its baseline, with a target below it, has a progress of −0).
pub fn percent(share: f64) -> String {
    let whole = (share * 100.0).round();
    format!("{}%", if whole == 0.0 { 0.0 } else { whole })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> Line {
        Line {
            reference: "platform/reliable-checkout/failed-checkouts".into(),
            short: "platform/failed-checkouts".into(),
            unit: Some("%".into()),
            old: Some(3.6),
            new: "3.2".into(),
            progress: (Some(1.0 / 3.0), Some(2.0 / 3.0)),
            confidence: Some("0.7".into()),
            note: None,
        }
    }

    #[test]
    fn a_single_check_in() {
        assert_eq!(
            message(
                &[line()],
                Some("The retry fix landed.\n"),
                None,
                Some("paging on 5xx")
            ),
            "checkin(platform/failed-checkouts): 3.6 → 3.2 %, progress 33% → 67%\n\
             \n\
             The retry fix landed.\n\
             \n\
             OKR-Checkin: platform/reliable-checkout/failed-checkouts\n\
             OKR-Value: 3.2\n\
             OKR-Confidence: 0.7\n\
             OKR-Stop: paging on 5xx\n"
        );
    }

    #[test]
    fn a_first_check_in_and_one_without_a_range() {
        let mut first = line();
        first.old = None;
        first.progress = (None, Some(2.0 / 3.0));
        assert_eq!(summary(&first), "3.2 %, progress 67%");
        let mut bare = line();
        bare.unit = None;
        bare.progress = (None, None);
        assert_eq!(summary(&bare), "3.6 → 3.2");
    }

    #[test]
    fn a_batch() {
        let mut other = line();
        other.short = "platform/p99".into();
        other.reference = "platform/reliable-checkout/p99".into();
        other.note = Some("measured at the edge".into());
        other.confidence = None;
        let text = message(&[line(), other], None, Some("caches help"), None);
        assert!(
            text.starts_with(
                "checkin(platform): 2 key results\n\n- platform/failed-checkouts: 3.6 → 3.2 %"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "- platform/p99: 3.6 → 3.2 %, progress 33% → 67%\n  measured at the edge\n"
            ),
            "{text}"
        );
        assert!(text.ends_with("OKR-Checkin: platform/reliable-checkout/p99\nOKR-Value: 3.2\nOKR-Learned: caches help\n"), "{text}");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(percent(0.666), "67%");
    }
}
