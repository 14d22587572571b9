//! The rules: their ids, default severities and one-line summaries. Each
//! rule's reasoning, with a bad and a good example, is in `docs/lint.md`.

use okr_model::Severity;

/// A lint rule's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable id, used in output, `okr.toml` and `allow`.
    pub id: &'static str,
    /// The severity unless `okr.toml` sets another.
    pub severity: Severity,
    /// What the rule looks for, in one line.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $severity:ident, $summary:literal;)+) => {
        $(
            #[doc = $summary]
            pub const $name: Rule = Rule { id: $id, severity: Severity::$severity, summary: $summary };
        )+

        /// Every rule, in the order `docs/lint.md` presents them.
        pub const RULES: &[Rule] = &[$($name),+];
    };
}

rules! {
    KR_IS_TASK = "kr-is-task", Warning,
        "A key result is a to-do or a deliverable, not evidence of a change.";
    KR_IS_OUTPUT = "kr-is-output", Warning,
        "A key result counts the team's own activity or artifacts rather than a result.";
    KR_IS_VAGUE = "kr-is-vague", Warning,
        "A key result has no measure at all.";
    KR_NO_TARGET = "kr-no-target", Warning,
        "A key result has no numeric target.";
    KR_NO_BASELINE = "kr-no-baseline", Warning,
        "A key result has a target but no starting value.";
    KR_TARGET_DIRECTION = "kr-target-direction", Error,
        "The wording says reduce but the target is above the baseline, or the reverse.";
    KR_TITLE_NUMBERS = "kr-title-numbers", Warning,
        "The title's \"from X to Y\" disagrees with the key result's `baseline` or `target`.";
    OBJECTIVE_IS_METRIC = "objective-is-metric", Warning,
        "An objective is a number or a key result, not a qualitative direction.";
    OBJECTIVE_WITHOUT_KEY_RESULTS = "objective-without-key-results", Warning,
        "An objective has no key results to show progress.";
    TOO_MANY_OBJECTIVES = "too-many-objectives", Warning,
        "A set has more objectives than the focus limit.";
    TOO_MANY_KEY_RESULTS = "too-many-key-results", Warning,
        "An objective has more key results than the focus limit.";
    OWNER_IS_PERSON = "owner-is-person", Warning,
        "A key result is owned by a person rather than a team.";
    INDIVIDUAL_METRIC = "individual-metric", Warning,
        "A key result measures a per-person figure.";
    UNBALANCED_SET = "unbalanced-set", Hint,
        "A set lacks a customer-facing, a quality or a capability-building objective.";
    UNNAMED_WEAKNESS = "unnamed-weakness", Warning,
        "A key result's measure is weak (a proxy, an estimate, a partial baseline) and no caveat says so.";
    AGGREGATE_OF_CHILDREN = "aggregate-of-children", Warning,
        "A parent set's key results are mostly copies of its child sets' key results.";
    MISSING_REVIEW = "missing-review", Warning,
        "A closed set has no review with lessons, failures and what to continue.";
    CHANGED_AFTER_FINAL = "changed-after-final", Error,
        "The definition of a final set changed without a reopen.";
}

/// The diagnostic for an `allow` that names no rule. It is not a rule of
/// its own: it cannot be configured or allowed, so it is not in [`RULES`].
pub const UNKNOWN_RULE: Rule = Rule {
    id: "unknown-rule",
    severity: Severity::Warning,
    summary: "An `allow` names a rule that does not exist.",
};

/// Every rule id.
pub fn ids() -> Vec<&'static str> {
    RULES.iter().map(|rule| rule.id).collect()
}

/// The rule with `id`.
pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.id == id)
}

/// The default focus limits.
pub const DEFAULT_MAX_OBJECTIVES: usize = 5;
/// The default number of key results an objective should not exceed.
pub const DEFAULT_MAX_KEY_RESULTS: usize = 5;
