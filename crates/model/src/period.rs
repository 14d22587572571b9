//! Periods: a year, a half, a quarter, or explicit start and end dates.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The time an OKR set covers, with its first and last day (both inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    /// The label used in paths, references and tags: `2026-Q1`, or the
    /// team's own word when dates are explicit.
    pub label: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

/// Why a period could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not `YYYY`, `YYYY-H1`/`H2` or `YYYY-Q1`..`Q4`.
    #[error(
        "`{label}` is not a period: use a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`), or give `start` and `end` dates"
    )]
    Unknown {
        /// The label as written.
        label: String,
    },
    /// A label that cannot be part of a reference or a git tag.
    #[error(
        "`{label}` cannot name a period: use letters, digits, `-`, `_` and `.` only, starting with a letter or digit"
    )]
    BadLabel {
        /// The label as written.
        label: String,
    },
    /// The end comes before the start.
    #[error("the period ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        /// The first day.
        start: NaiveDate,
        /// The last day.
        end: NaiveDate,
    },
}

impl Period {
    /// A calendar period from its label: `2026`, `2026-H2`, `2026-Q1`.
    pub fn calendar(label: &str) -> Result<Period, PeriodError> {
        let unknown = || PeriodError::Unknown {
            label: label.to_owned(),
        };
        let (year, part) = match label.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (label, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let year: i32 = year.parse().map_err(|_| unknown())?;
        let (first_month, months) = match part {
            None => (1, 12),
            Some("H1") => (1, 6),
            Some("H2") => (7, 6),
            Some("Q1") => (1, 3),
            Some("Q2") => (4, 3),
            Some("Q3") => (7, 3),
            Some("Q4") => (10, 3),
            Some(_) => return Err(unknown()),
        };
        let start = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(unknown)?;
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|next| next.pred_opt())
            .ok_or_else(unknown)?;
        Ok(Period {
            label: label.to_owned(),
            start,
            end,
        })
    }

    /// A period with explicit dates, named by `label`.
    pub fn explicit(label: &str, start: NaiveDate, end: NaiveDate) -> Result<Period, PeriodError> {
        if !is_label(label) {
            return Err(PeriodError::BadLabel {
                label: label.to_owned(),
            });
        }
        if end < start {
            return Err(PeriodError::EndBeforeStart { start, end });
        }
        Ok(Period {
            label: label.to_owned(),
            start,
            end,
        })
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The share of the period elapsed by the end of `today`: 0 before the
    /// period starts, 1 from its last day on.
    pub fn elapsed_share(&self, today: NaiveDate) -> f64 {
        if today < self.start {
            return 0.0;
        }
        let elapsed = (today - self.start).num_days() + 1;
        (elapsed as f64 / self.days() as f64).clamp(0.0, 1.0)
    }

    /// Whether `day` falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// The year the period starts in.
    pub fn year(&self) -> i32 {
        self.start.year()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Whether `label` can name a period in references (`period:team/obj`) and
/// in tags (`okr/<period>/<team>/v1.0`).
pub fn is_label(label: &str) -> bool {
    let mut bytes = label.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphanumeric())
        && label.len() <= 64
        && !label.contains("..")
        && !label.ends_with('.')
        && !label.ends_with(".lock")
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn calendar_periods() {
        let q1 = Period::calendar("2026-Q1").expect("quarter");
        assert_eq!((q1.start, q1.end), (date(2026, 1, 1), date(2026, 3, 31)));
        let q4 = Period::calendar("2026-Q4").expect("quarter");
        assert_eq!((q4.start, q4.end), (date(2026, 10, 1), date(2026, 12, 31)));
        let h1 = Period::calendar("2028-H1").expect("half");
        assert_eq!(
            (h1.start, h1.end, h1.days()),
            (date(2028, 1, 1), date(2028, 6, 30), 182)
        );
        let year = Period::calendar("2026").expect("year");
        assert_eq!(
            (year.start, year.end, year.days()),
            (date(2026, 1, 1), date(2026, 12, 31), 365)
        );
    }

    #[test]
    fn malformed_calendar_periods() {
        for label in [
            "2026-Q5",
            "2026-H3",
            "26-Q1",
            "2026-q1",
            "2026-",
            "Q1",
            "",
            "2026-Q1-x",
            "+026",
        ] {
            assert!(Period::calendar(label).is_err(), "{label}");
        }
    }

    #[test]
    fn explicit_periods() {
        let p = Period::explicit("fy27-t1", date(2026, 11, 2), date(2027, 2, 26)).expect("valid");
        assert_eq!(p.days(), 117);
        assert!(Period::explicit("fy27", date(2026, 2, 1), date(2026, 1, 1)).is_err());
        assert!(Period::explicit("a b", date(2026, 1, 1), date(2026, 2, 1)).is_err());
        assert!(Period::explicit("a:b", date(2026, 1, 1), date(2026, 2, 1)).is_err());
        assert!(Period::explicit("a..b", date(2026, 1, 1), date(2026, 2, 1)).is_err());
    }

    #[test]
    fn elapsed_share() {
        let q1 = Period::calendar("2026-Q1").expect("quarter");
        assert_eq!(q1.elapsed_share(date(2025, 12, 31)), 0.0);
        assert_eq!(q1.elapsed_share(date(2026, 3, 31)), 1.0);
        assert_eq!(q1.elapsed_share(date(2027, 1, 1)), 1.0);
        let mid = q1.elapsed_share(date(2026, 2, 14));
        assert!((mid - 45.0 / 90.0).abs() < 1e-9, "{mid}");
    }
}
