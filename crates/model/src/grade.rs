//! Grading a set at the end of its period.
//!
//! A key result's **score** is its progress rounded *down* to one decimal, so
//! that 1.0 means the target was reached and 0.7 that at least 70% of the way
//! was covered (a 0.69 is a 0.6); a milestone scores 0 or 1. A score written
//! in the file by hand before grading (`score = 0.5`, the team's judgment of
//! a key result the numbers do not capture) is kept. A committed key result
//! (and one without `ambition`, as for health) is expected at 1.0, an
//! aspirational one at 0.7
//! ([`crate::progress::ASPIRATIONAL_EXPECTATION`]); it *met its
//! expectation* when its score is at least that.
//!
//! An objective's score is the weighted mean (`weight`, default 1) of its key
//! results' scores, the set's the weighted mean of its objectives' (from the
//! unrounded means), both rounded to the nearest tenth. Each score falls in a
//! band of the OKR literature: 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green.

use serde::Serialize;

use crate::progress::weighted_mean;
use crate::set::{Ambition, KeyResult, KrKind, OkrSet, Status};

/// Absorbs float noise when a share is turned into tenths: 0.7 computed as
/// 0.6999999999999 is still 0.7.
const NOISE: f64 = 1e-9;

/// The lowest score of the yellow band.
pub const YELLOW_FROM: f64 = 0.4;
/// The lowest score of the green band.
pub const GREEN_FROM: f64 = 0.7;

/// The bands of the OKR literature, always written as a word so that colour
/// is never the only carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// 0.0 to 0.3: the key result failed to make real progress.
    Red,
    /// 0.4 to 0.6: progress, short of the goal.
    Yellow,
    /// 0.7 to 1.0: delivered.
    Green,
}

impl Band {
    /// The band of a one-decimal `score`.
    pub fn of(score: f64) -> Band {
        if score + NOISE >= GREEN_FROM {
            Band::Green
        } else if score + NOISE >= YELLOW_FROM {
            Band::Yellow
        } else {
            Band::Red
        }
    }

    /// `red`, `yellow` or `green`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Yellow => "yellow",
            Band::Green => "green",
        }
    }

    /// What the band means, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Band::Red => "no real progress",
            Band::Yellow => "progress, short of the goal",
            Band::Green => "delivered",
        }
    }
}

/// `share` (0..=1) rounded down to one decimal.
pub fn tenths_down(share: f64) -> f64 {
    ((share.clamp(0.0, 1.0) * 10.0 + NOISE).floor() / 10.0).clamp(0.0, 1.0)
}

/// `share` (0..=1) rounded to the nearest tenth, halves up.
pub fn tenths(share: f64) -> f64 {
    ((share.clamp(0.0, 1.0) * 10.0 + NOISE).round() / 10.0).clamp(0.0, 1.0)
}

/// A set's grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// `period:team`.
    pub set: String,
    /// The team.
    pub team: String,
    /// The period's label.
    pub period: String,
    /// The status before grading.
    pub status: Status,
    /// The set's score, one decimal.
    pub score: f64,
    /// Its band.
    pub band: Band,
    /// How many key results met their expectation.
    pub met: usize,
    /// How many key results were graded.
    pub graded: usize,
    /// The objectives.
    pub objectives: Vec<ObjectiveGrade>,
}

/// One objective's grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveGrade {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its weight in the set's score.
    pub weight: f64,
    /// Its score, one decimal; `None` without key results.
    pub score: Option<f64>,
    /// Its band.
    pub band: Option<Band>,
    /// Its key results.
    pub key_results: Vec<KrGrade>,
    /// The unrounded weighted mean, for the set's score.
    #[serde(skip)]
    mean: Option<f64>,
}

/// One key result's grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KrGrade {
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Metric or milestone.
    pub kind: KrKind,
    /// Committed or aspirational, as graded.
    pub ambition: Ambition,
    /// Whether `ambition` was written (otherwise committed is assumed).
    pub ambition_written: bool,
    /// The score that counts as success: 1.0 or 0.7.
    pub expectation: f64,
    /// Its weight in the objective's score.
    pub weight: f64,
    /// The unit of the values.
    pub unit: Option<String>,
    /// The value at the start.
    pub baseline: Option<f64>,
    /// The value aimed for.
    pub target: Option<f64>,
    /// The last value checked in.
    pub current: Option<f64>,
    /// Progress, 0 to 1, when measurable.
    pub progress: Option<f64>,
    /// The score from the numbers, when measurable.
    pub computed: Option<f64>,
    /// The score graded: the one written by hand when there is one, else
    /// the computed one.
    pub score: f64,
    /// Whether the score was written in the file by hand and kept.
    pub by_hand: bool,
    /// Its band.
    pub band: Band,
    /// Whether the score is at least the expectation.
    pub met: bool,
    /// Where `current` came from, for a key result measured by others:
    /// `mean of payments/payment-rtt, web/page-rtt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// A key result that cannot be scored, and what it lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unscorable {
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// What is missing, such as "`current`" or "`baseline` and `target`".
    pub missing: String,
}

/// Why a set cannot be graded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// The set was graded already.
    #[error("`{set}` is closed: it was graded already")]
    Closed {
        /// `period:team`.
        set: String,
    },
    /// The set has no key result at all.
    #[error("`{set}` has no key results to grade")]
    Empty {
        /// `period:team`.
        set: String,
    },
    /// Key results without the numbers to score them.
    #[error(
        "`{set}` cannot be graded: {} the numbers to score: {}",
        if missing.len() == 1 { "1 key result lacks".to_owned() } else { format!("{} key results lack", missing.len()) },
        missing.iter().map(|m| format!("{} (no {})", m.reference, m.missing)).collect::<Vec<_>>().join(", ")
    )]
    Unscorable {
        /// `period:team`.
        set: String,
        /// Each key result and what it lacks.
        missing: Vec<Unscorable>,
    },
}

impl KeyResult {
    /// The score from the numbers: progress rounded down to one decimal, a
    /// milestone 0 or 1. `None` without the numbers.
    pub fn computed_score(&self) -> Option<f64> {
        let progress = self.progress()?;
        Some(match self.kind {
            KrKind::Milestone => {
                if progress + NOISE >= 1.0 {
                    1.0
                } else {
                    0.0
                }
            }
            KrKind::Metric => tenths_down(progress),
        })
    }

    /// What the key result lacks to be scored, when it lacks something.
    fn missing(&self) -> Option<String> {
        let mut missing = Vec::new();
        if self.kind == KrKind::Metric {
            if self.baseline.is_none() {
                missing.push("`baseline`");
            }
            if self.target.is_none() {
                missing.push("`target`");
            }
        }
        if self.current.is_none() {
            missing.push("`current`");
        }
        match missing.as_slice() {
            [] => None,
            [one] => Some((*one).to_owned()),
            [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
        }
    }
}

/// Grades `set`. Refuses a closed set, a set without key results, and key
/// results that have neither the numbers to score nor a score written.
pub fn grade(set: &OkrSet) -> Result<Grade, GradeError> {
    let name = format!("{}:{}", set.period.label, set.team);
    if set.status == Status::Closed {
        return Err(GradeError::Closed { set: name });
    }
    if set.key_results().next().is_none() {
        return Err(GradeError::Empty { set: name });
    }
    let mut missing = Vec::new();
    let mut objectives = Vec::new();
    for objective in &set.objectives {
        let mut key_results = Vec::new();
        for kr in &objective.key_results {
            let reference = format!("{}/{}/{}", set.team, objective.id, kr.id);
            let computed = kr.computed_score();
            let (score, by_hand) = match (kr.score, computed) {
                (Some(written), computed) => (written, computed != Some(written)),
                (None, Some(computed)) => (computed, false),
                (None, None) => {
                    missing.push(Unscorable {
                        reference,
                        missing: kr
                            .missing()
                            .unwrap_or_else(|| "measurable range".to_owned()),
                    });
                    continue;
                }
            };
            let expectation = kr.expectation();
            key_results.push(KrGrade {
                reference,
                id: kr.id.clone(),
                title: kr.title.clone(),
                kind: kr.kind,
                ambition: kr.ambition.unwrap_or(Ambition::Committed),
                ambition_written: kr.ambition.is_some(),
                expectation,
                weight: kr.weight.unwrap_or(1.0),
                unit: kr.unit.clone(),
                baseline: kr.baseline,
                target: kr.target,
                current: kr.current,
                progress: kr.progress(),
                computed,
                score,
                by_hand,
                band: Band::of(score),
                met: score + NOISE >= expectation,
                from: kr.derived.as_ref().map(|d| d.describe()),
            });
        }
        let mean = weighted_mean(key_results.iter().map(|k| (k.score, k.weight)));
        objectives.push(ObjectiveGrade {
            id: objective.id.clone(),
            title: objective.title.clone(),
            weight: objective.weight.unwrap_or(1.0),
            score: mean.map(tenths),
            band: mean.map(|m| Band::of(tenths(m))),
            key_results,
            mean,
        });
    }
    if !missing.is_empty() {
        return Err(GradeError::Unscorable { set: name, missing });
    }
    let mean = weighted_mean(
        objectives
            .iter()
            .filter_map(|o| o.mean.map(|m| (m, o.weight))),
    )
    .unwrap_or(0.0);
    let score = tenths(mean);
    let all = || objectives.iter().flat_map(|o| &o.key_results);
    Ok(Grade {
        set: name,
        team: set.team.clone(),
        period: set.period.label.clone(),
        status: set.status,
        score,
        band: Band::of(score),
        met: all().filter(|k| k.met).count(),
        graded: all().count(),
        objectives,
    })
}

impl Grade {
    /// The scores to write: `(objective, key result, score)` for each key
    /// result whose score was computed (a score written by hand stays as
    /// written).
    pub fn scores(&self) -> Vec<(String, String, f64)> {
        self.objectives
            .iter()
            .flat_map(|o| {
                o.key_results
                    .iter()
                    .filter(|k| !k.by_hand)
                    .map(move |k| (o.id.clone(), k.id.clone(), k.score))
            })
            .collect()
    }
}

/// Whether a key result met its expectation at the end of its period: by
/// its `score` when graded, else by its progress. `None` without either.
pub fn met(kr: &KeyResult) -> Option<bool> {
    let score = kr.score.or_else(|| kr.computed_score())?;
    Some(score + NOISE >= kr.expectation())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> OkrSet {
        let parsed = crate::parse("t.toml", text);
        assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
        parsed.set.expect("a set")
    }

    const SET: &str = r#"
format = 1
team = "platform"
period = "2026-Q4"
status = "final"

[[objectives]]
id = "fast"
title = "Fast"
weight = 3

[[objectives.key_results]]
id = "ci"
title = "CI from 14 to 6 minutes"
baseline = 14
target = 6
current = 9.5
ambition = "committed"

[[objectives.key_results]]
id = "rollback"
title = "Rollback from 25 to 3 minutes"
baseline = 25
target = 3
current = 8
ambition = "aspirational"
weight = 2

[[objectives]]
id = "launch"
title = "Launch"

[[objectives.key_results]]
id = "ship"
title = "Pass the audit"
kind = "milestone"
current = 1
"#;

    #[test]
    fn scores_bands_and_expectations() {
        let grade = grade(&set(SET)).expect("graded");
        let ci = &grade.objectives[0].key_results[0];
        // (14 − 9.5) / (14 − 6) = 0.5625, rounded down.
        assert_eq!(ci.score, 0.5);
        assert_eq!(ci.band, Band::Yellow);
        assert!(!ci.met);
        let rollback = &grade.objectives[0].key_results[1];
        // 17 / 22 = 0.77.
        assert_eq!(rollback.score, 0.7);
        assert!(rollback.met, "aspirational: 0.7 meets it");
        assert_eq!(rollback.band, Band::Green);
        // (0.5 + 0.7 × 2) / 3 = 0.633 → 0.6.
        assert_eq!(grade.objectives[0].score, Some(0.6));
        let ship = &grade.objectives[1].key_results[0];
        assert_eq!(
            (ship.score, ship.met, ship.ambition_written),
            (1.0, true, false)
        );
        assert_eq!(ship.ambition, Ambition::Committed);
        // (0.6333 × 3 + 1 × 1) / 4 = 0.725 → 0.7.
        assert_eq!(grade.score, 0.7);
        assert_eq!(grade.band, Band::Green);
        assert_eq!((grade.met, grade.graded), (2, 3));
        assert_eq!(grade.scores().len(), 3);
    }

    #[test]
    fn rounding() {
        assert_eq!(tenths_down(0.69), 0.6);
        assert_eq!(tenths_down(0.7 - 1e-12), 0.7);
        assert_eq!(tenths_down(1.0), 1.0);
        assert_eq!(tenths_down(0.0), 0.0);
        assert_eq!(tenths((0.7 + 0.6) / 2.0), 0.7);
        assert_eq!(tenths(0.64), 0.6);
        assert_eq!(Band::of(0.3), Band::Red);
        assert_eq!(Band::of(0.4), Band::Yellow);
        assert_eq!(Band::of(0.6), Band::Yellow);
        assert_eq!(Band::of(0.7), Band::Green);
    }

    #[test]
    fn a_milestone_half_done_scores_zero() {
        let text = SET.replace("current = 1\n", "current = 0.5\n");
        let grade = grade(&set(&text)).expect("graded");
        assert_eq!(grade.objectives[1].key_results[0].score, 0.0);
        assert_eq!(grade.objectives[1].key_results[0].band, Band::Red);
    }

    #[test]
    fn a_score_written_by_hand_is_kept() {
        let text = SET.replace("current = 9.5\n", "score = 0.8\n");
        let grade = grade(&set(&text)).expect("graded");
        let ci = &grade.objectives[0].key_results[0];
        assert_eq!((ci.score, ci.by_hand, ci.computed), (0.8, true, None));
        assert_eq!(grade.scores().len(), 2, "a hand score is not rewritten");
        // The same score as computed is not "by hand".
        let same = SET.replace("current = 9.5\n", "current = 9.5\nscore = 0.5\n");
        let grade = super::grade(&set(&same)).expect("graded");
        assert!(!grade.objectives[0].key_results[0].by_hand);
    }

    #[test]
    fn refusals() {
        let closed = SET.replace("status = \"final\"", "status = \"closed\"");
        assert_eq!(
            grade(&set(&closed)),
            Err(GradeError::Closed {
                set: "2026-Q4:platform".into()
            })
        );
        let unmeasured = SET
            .replace("current = 9.5\n", "")
            .replace("current = 1\n", "");
        let error = grade(&set(&unmeasured)).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "`2026-Q4:platform` cannot be graded: 2 key results lack the numbers to score: platform/fast/ci (no `current`), platform/launch/ship (no `current`)"
            )
        );
        let no_range = SET.replace("baseline = 14\ntarget = 6\ncurrent = 9.5\n", "");
        let Err(GradeError::Unscorable { missing, .. }) = grade(&set(&no_range)) else {
            panic!("expected a refusal");
        };
        assert_eq!(missing[0].missing, "`baseline`, `target` and `current`");
        let empty = "format = 1\nteam = \"a\"\nperiod = \"2026\"\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n";
        assert!(matches!(grade(&set(empty)), Err(GradeError::Empty { .. })));
    }

    #[test]
    fn met_by_score_or_progress() {
        let s = set(SET);
        let (_, ci) = s.key_results().next().expect("a key result");
        assert_eq!(met(ci), Some(false));
        let mut scored = ci.clone();
        scored.score = Some(1.0);
        assert_eq!(met(&scored), Some(true));
        scored.score = None;
        scored.current = None;
        assert_eq!(met(&scored), None);
    }
}
