//! Progress, expected pace and health: the arithmetic of key results.
//!
//! Progress of a key result is `(current − baseline) / (target − baseline)`,
//! clamped to 0..=1. The same formula serves increasing and decreasing
//! metrics: for "from 4% to 2.8%", 3.6% is a third of the way. Taking an
//! absolute value instead, as some trackers do, gets decreasing metrics wrong.

use chrono::NaiveDate;
use serde::Serialize;

use crate::period::Period;
use crate::set::{Ambition, KeyResult, KrKind, Objective, OkrSet};

/// The share of the way from `baseline` to `target` that `current` has come,
/// clamped to 0..=1. `None` when the range is empty or a value is not finite.
pub fn progress(baseline: f64, target: f64, current: f64) -> Option<f64> {
    let span = target - baseline;
    if span == 0.0 || !span.is_finite() || !current.is_finite() {
        return None;
    }
    let share = (current - baseline) / span;
    share.is_finite().then(|| share.clamp(0.0, 1.0))
}

/// How a key result, objective or set is doing against the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    /// At or near the expected pace, with reasonable confidence.
    OnTrack,
    /// Behind the expected pace, or confidence below a coin toss.
    AtRisk,
    /// Far behind, or the team does not believe in it.
    OffTrack,
}

impl Health {
    /// `on-track`, `at-risk` or `off-track`.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::OnTrack => "on-track",
            Health::AtRisk => "at-risk",
            Health::OffTrack => "off-track",
        }
    }
}

/// How far behind the expected progress a key result may be and still be
/// on track.
pub const AT_RISK_GAP: f64 = 0.1;
/// How far behind it may be and still only be at risk.
pub const OFF_TRACK_GAP: f64 = 0.3;
/// Confidence below this is at risk.
pub const AT_RISK_CONFIDENCE: f64 = 0.5;
/// Confidence below this is off track.
pub const OFF_TRACK_CONFIDENCE: f64 = 0.3;
/// The score that counts as success for an aspirational key result.
pub const ASPIRATIONAL_EXPECTATION: f64 = 0.7;

/// Health from progress against the expected progress and the confidence.
/// `None` without progress: nothing has been measured yet.
pub fn health(progress: Option<f64>, expected: f64, confidence: Option<f64>) -> Option<Health> {
    let progress = progress?;
    let gap = expected - progress;
    let confidence = confidence.unwrap_or(1.0);
    Some(
        if gap > OFF_TRACK_GAP || confidence < OFF_TRACK_CONFIDENCE {
            Health::OffTrack
        } else if gap > AT_RISK_GAP || confidence < AT_RISK_CONFIDENCE {
            Health::AtRisk
        } else {
            Health::OnTrack
        },
    )
}

impl KeyResult {
    /// The baseline and target progress is measured between: the written
    /// values for a metric, 0 and 1 for a milestone.
    pub fn range(&self) -> Option<(f64, f64)> {
        match self.kind {
            KrKind::Milestone => Some((self.baseline.unwrap_or(0.0), self.target.unwrap_or(1.0))),
            KrKind::Metric => Some((self.baseline?, self.target?)),
        }
    }

    /// Progress at the latest check-in; `None` before the first (no
    /// `current`), which is not the same as no progress.
    pub fn progress(&self) -> Option<f64> {
        let (baseline, target) = self.range()?;
        progress(baseline, target, self.current?)
    }

    /// The score that counts as success: 1.0, or 0.7 for an aspirational one.
    pub fn expectation(&self) -> f64 {
        match self.ambition {
            Some(Ambition::Aspirational) => ASPIRATIONAL_EXPECTATION,
            _ => 1.0,
        }
    }

    /// The progress expected by the end of `today`, at an even pace toward
    /// the key result's expectation.
    pub fn expected_progress(&self, period: &Period, today: NaiveDate) -> f64 {
        period.elapsed_share(today) * self.expectation()
    }

    /// Health on `today`.
    pub fn health(&self, period: &Period, today: NaiveDate) -> Option<Health> {
        health(
            self.progress(),
            self.expected_progress(period, today),
            self.confidence,
        )
    }
}

/// Weighted mean of `(value, weight)` pairs; `None` when there are none.
pub fn weighted_mean(items: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items
        .into_iter()
        .fold((0.0, 0.0), |(sum, weights), (value, weight)| {
            (sum + value * weight, weights + weight)
        });
    (weights > 0.0).then(|| sum / weights)
}

/// Rolls `(progress, weight)` pairs up into a weighted mean, counting
/// items without progress as 0 once any item has some; `None` before that.
pub fn roll_up(items: impl IntoIterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let items: Vec<(Option<f64>, f64)> = items.into_iter().collect();
    if items.iter().all(|(progress, _)| progress.is_none()) {
        return None;
    }
    weighted_mean(items.into_iter().map(|(p, w)| (p.unwrap_or(0.0), w)))
}

impl Objective {
    /// Weighted mean of its key results' progress (see [`roll_up`]).
    pub fn progress(&self) -> Option<f64> {
        roll_up(
            self.key_results
                .iter()
                .map(|kr| (kr.progress(), kr.weight.unwrap_or(1.0))),
        )
    }
}

impl OkrSet {
    /// Weighted mean of its objectives' progress (see [`roll_up`]).
    pub fn progress(&self) -> Option<f64> {
        roll_up(
            self.objectives
                .iter()
                .map(|o| (o.progress(), o.weight.unwrap_or(1.0))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn increasing_and_decreasing_metrics() {
        assert_eq!(progress(10.0, 20.0, 15.0), Some(0.5));
        // From 4% down to 2.8%: 3.6% is a third of the way.
        assert!(close(
            progress(4.0, 2.8, 3.6).unwrap_or(f64::NAN),
            1.0 / 3.0
        ));
        assert_eq!(progress(4.0, 2.8, 2.0), Some(1.0), "past the target");
        assert_eq!(
            progress(4.0, 2.8, 5.0),
            Some(0.0),
            "worse than the baseline"
        );
        assert_eq!(progress(1.0, 1.0, 1.0), None, "empty range");
        assert_eq!(progress(0.0, f64::INFINITY, 1.0), None);
    }

    #[test]
    fn health_bands() {
        assert_eq!(health(None, 0.5, Some(0.9)), None);
        assert_eq!(health(Some(0.5), 0.5, Some(0.9)), Some(Health::OnTrack));
        assert_eq!(health(Some(0.45), 0.5, None), Some(Health::OnTrack));
        assert_eq!(health(Some(0.35), 0.5, Some(0.9)), Some(Health::AtRisk));
        assert_eq!(health(Some(0.1), 0.5, Some(0.9)), Some(Health::OffTrack));
        assert_eq!(health(Some(0.9), 0.5, Some(0.4)), Some(Health::AtRisk));
        assert_eq!(health(Some(0.9), 0.5, Some(0.2)), Some(Health::OffTrack));
    }

    #[test]
    fn roll_ups_count_unmeasured_items_once_any_is_measured() {
        assert_eq!(roll_up([(None, 1.0), (None, 2.0)]), None);
        assert_eq!(roll_up([(Some(1.0), 1.0), (None, 1.0)]), Some(0.5));
        assert_eq!(roll_up([(Some(0.5), 3.0), (Some(1.0), 1.0)]), Some(0.625));
    }

    #[test]
    fn objective_and_set_progress() {
        let parsed = crate::parse(
            "t.toml",
            r#"
format = 1
team = "platform"
period = "2026-Q1"
[[objectives]]
id = "a"
title = "A"
weight = 3
[[objectives.key_results]]
id = "down"
title = "From 4 to 2"
baseline = 4
target = 2
current = 3
[[objectives.key_results]]
id = "ship"
title = "Milestone"
kind = "milestone"
current = 1
weight = 2
[[objectives]]
id = "b"
title = "B"
[[objectives.key_results]]
id = "later"
title = "From 0 to 10"
baseline = 0
target = 10
"#,
        );
        let set = parsed.set.expect("a set");
        // (0.5 × 1 + 1.0 × 2) / 3
        assert!(close(
            set.objectives[0].progress().unwrap_or(f64::NAN),
            2.5 / 3.0
        ));
        assert_eq!(set.objectives[1].progress(), None);
        // Objective b has no check-in yet: it counts as 0 in the set.
        assert!(close(
            set.progress().unwrap_or(f64::NAN),
            (2.5 / 3.0 * 3.0) / 4.0
        ));
    }

    #[test]
    fn weighted_means() {
        assert_eq!(weighted_mean([(1.0, 1.0), (0.0, 1.0)]), Some(0.5));
        assert_eq!(weighted_mean([(1.0, 3.0), (0.0, 1.0)]), Some(0.75));
        assert_eq!(weighted_mean(std::iter::empty()), None);
    }

    proptest! {
        #[test]
        fn zero_at_baseline_one_at_target(b in -1e6..1e6f64, t in -1e6..1e6f64) {
            prop_assume!((t - b).abs() > 1e-6);
            prop_assert_eq!(progress(b, t, b), Some(0.0));
            prop_assert!(close(progress(b, t, t).unwrap_or(f64::NAN), 1.0));
        }

        #[test]
        fn clamped(b in -1e6..1e6f64, t in -1e6..1e6f64, c in -1e7..1e7f64) {
            prop_assume!((t - b).abs() > 1e-6);
            let p = progress(b, t, c).unwrap_or(f64::NAN);
            prop_assert!((0.0..=1.0).contains(&p));
        }

        #[test]
        fn monotone_toward_the_target(b in -1e6..1e6f64, t in -1e6..1e6f64, c1 in -1e7..1e7f64, c2 in -1e7..1e7f64) {
            prop_assume!((t - b).abs() > 1e-6);
            // Moving toward the target never lowers progress, whichever
            // direction the metric runs.
            let (lo, hi) = (c1.min(c2), c1.max(c2));
            if t > b {
                prop_assert!(progress(b, t, lo) <= progress(b, t, hi));
            } else {
                prop_assert!(progress(b, t, hi) <= progress(b, t, lo));
            }
        }

        #[test]
        fn decreasing_mirrors_increasing(b in -1e6..1e6f64, t in -1e6..1e6f64, c in -1e7..1e7f64) {
            prop_assume!((t - b).abs() > 1e-6);
            let up = progress(b, t, c).unwrap_or(f64::NAN);
            let down = progress(-b, -t, -c).unwrap_or(f64::NAN);
            prop_assert!(close(up, down));
        }
    }
}
