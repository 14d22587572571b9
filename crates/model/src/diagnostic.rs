//! Diagnostics: a problem in an OKR file, with where it is and how to fix it.

use std::fmt;

use serde::Serialize;

use crate::source::{Position, SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file is wrong: `git okr lint` fails.
    Error,
    /// The file is probably not what its authors meant.
    Warning,
    /// A suggestion.
    Hint,
}

impl Severity {
    /// The lowercase name, as shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file, located by line and column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable identifier, such as `unknown-key` (see `docs/format.md`).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The file's path, as the user named it.
    pub file: String,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (characters) of the span's start.
    pub column: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column of the span's end (exclusive).
    pub end_column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The reference (`team/objective/kr`) of the objective or key result it
    /// concerns, when there is one.
    pub subject: Option<String>,
    /// How sure a finding that judges wording is, from 0 to 1: the
    /// probability the wording scorer gives it. Absent for findings that
    /// are facts of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The byte span in the file.
    #[serde(skip)]
    pub span: Span,
}

impl Diagnostic {
    /// A diagnostic at `span` of `source`.
    pub fn new(
        source: &SourceFile,
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let Position { line, column } = source.position(span.start);
        let end = source.position(span.end);
        Self {
            code,
            severity,
            file: source.path().to_owned(),
            line,
            column,
            end_line: end.line,
            end_column: end.column,
            message: message.into(),
            help: None,
            subject: None,
            confidence: None,
            span,
        }
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the objective or key result it concerns.
    pub fn with_subject(mut self, subject: Option<String>) -> Self {
        self.subject = subject;
        self
    }

    /// Says how sure the finding is (rounded to two decimals).
    pub fn with_confidence(mut self, confidence: Option<f64>) -> Self {
        self.confidence = confidence.map(|c| (c.clamp(0.0, 1.0) * 100.0).round() / 100.0);
        self
    }

    /// The order diagnostics are shown in: by file, then position, then code.
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by(|a, b| {
            (&a.file, a.span.start, a.span.end, a.code, &a.message).cmp(&(
                &b.file,
                b.span.start,
                b.span.end,
                b.code,
                &b.message,
            ))
        });
    }
}

/// Counts of diagnostics by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of hints.
    pub hints: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut tally = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Hint => tally.hints += 1,
            }
        }
        tally
    }
}

/// The stable codes of the diagnostics this crate produces.
pub mod codes {
    /// The file is not valid TOML.
    pub const SYNTAX: &str = "syntax";
    /// The file is not UTF-8 text.
    pub const NOT_UTF8: &str = "not-utf8";
    /// The file is larger than an OKR file may be.
    pub const FILE_TOO_LARGE: &str = "file-too-large";
    /// Tables or arrays are nested deeper than the format allows.
    pub const TOO_DEEP: &str = "too-deep";
    /// `format` names a version this git-okr does not read.
    pub const UNSUPPORTED_FORMAT: &str = "unsupported-format";
    /// A key the format does not define.
    pub const UNKNOWN_KEY: &str = "unknown-key";
    /// A required key is absent.
    pub const MISSING_KEY: &str = "missing-key";
    /// A value of the wrong TOML type.
    pub const WRONG_TYPE: &str = "wrong-type";
    /// A required text is empty.
    pub const EMPTY_VALUE: &str = "empty-value";
    /// A value outside the allowed set of words.
    pub const UNKNOWN_VALUE: &str = "unknown-value";
    /// An id or team that is not a lowercase slug.
    pub const INVALID_ID: &str = "invalid-id";
    /// Two objectives, or two key results of one set, share an id.
    pub const DUPLICATE_ID: &str = "duplicate-id";
    /// A number outside its range (confidence 0..=1, weight > 0) or not finite.
    pub const OUT_OF_RANGE: &str = "out-of-range";
    /// A key result whose baseline equals its target.
    pub const BASELINE_EQUALS_TARGET: &str = "baseline-equals-target";
    /// A key result with `current` but no baseline or target to measure it against.
    pub const CURRENT_WITHOUT_RANGE: &str = "current-without-range";
    /// A milestone key result with a baseline or target other than 0 and 1.
    pub const MILESTONE_RANGE: &str = "milestone-range";
    /// A period that is not `2026`, `2026-H1`, `2026-Q3` or explicit dates.
    pub const INVALID_PERIOD: &str = "invalid-period";
    /// A version that is not `MAJOR.MINOR`.
    pub const INVALID_VERSION: &str = "invalid-version";
    /// A set with no objectives.
    pub const EMPTY_SET: &str = "empty-set";
    /// A reference that resolves to nothing among the loaded files.
    pub const UNRESOLVED_REFERENCE: &str = "unresolved-reference";
    /// A reference that matches several objectives or sets.
    pub const AMBIGUOUS_REFERENCE: &str = "ambiguous-reference";
    /// A set that names itself as its parent, or aligns to its own objective.
    pub const SELF_REFERENCE: &str = "self-reference";
    /// Two files claim the same team and period.
    pub const DUPLICATE_SET: &str = "duplicate-set";
    /// A key result measured by others (`from`) that also carries `current`.
    pub const DERIVED_CURRENT: &str = "derived-current";
    /// `rollup` on a key result without `from`: nothing to roll up.
    pub const ROLLUP_WITHOUT_FROM: &str = "rollup-without-from";
    /// Key results whose `from` lead back to themselves.
    pub const ROLLUP_CYCLE: &str = "rollup-cycle";
    /// A source of `from` measured in another unit than the key result.
    pub const ROLLUP_UNIT: &str = "rollup-unit";

    /// A one-line description of `code`, for tools that list rules (SARIF).
    pub fn summary(code: &str) -> Option<&'static str> {
        Some(match code {
            SYNTAX => "The file is not valid TOML.",
            NOT_UTF8 => "The file is not UTF-8 text.",
            FILE_TOO_LARGE => "The file is larger than an OKR file may be (1 MiB).",
            TOO_DEEP => "Tables or arrays are nested deeper than the format allows.",
            UNSUPPORTED_FORMAT => "`format` names a version this git-okr does not read.",
            UNKNOWN_KEY => "A key the format does not define.",
            MISSING_KEY => "A required key is absent.",
            WRONG_TYPE => "A value of the wrong TOML type.",
            EMPTY_VALUE => "A required text is empty.",
            UNKNOWN_VALUE => "A value outside the allowed set of words.",
            INVALID_ID => "An id or team that is not a lowercase slug.",
            DUPLICATE_ID => "Two objectives, or two key results of one set, share an id.",
            OUT_OF_RANGE => "A number outside its range, or not finite.",
            BASELINE_EQUALS_TARGET => "A key result whose baseline equals its target.",
            CURRENT_WITHOUT_RANGE => {
                "`current` without a baseline and target to measure it against."
            }
            MILESTONE_RANGE => "A milestone with a baseline or target other than 0 and 1.",
            INVALID_PERIOD => "A period that is not a year, half, quarter or explicit dates.",
            INVALID_VERSION => "A version that is not MAJOR.MINOR from 1.0 on.",
            EMPTY_SET => "A set with no objectives.",
            UNRESOLVED_REFERENCE => "A reference that resolves to nothing among the loaded files.",
            AMBIGUOUS_REFERENCE => "A reference that matches several objectives or sets.",
            SELF_REFERENCE => "A set that is its own parent, or aligns to its own objective.",
            DUPLICATE_SET => "Two files claim the same team and period.",
            DERIVED_CURRENT => "A key result measured by others (`from`) that also has `current`.",
            ROLLUP_WITHOUT_FROM => "`rollup` on a key result without `from`.",
            ROLLUP_CYCLE => "Key results whose `from` references lead back to themselves.",
            ROLLUP_UNIT => "A source in `from` with another unit than the key result's.",
            _ => return None,
        })
    }

    /// The severity of the diagnostics with `code`: warnings for a set that
    /// is empty, a milestone with an odd range, a `rollup` without `from`
    /// and a source of another unit; errors for the rest.
    pub fn severity(code: &str) -> super::Severity {
        match code {
            EMPTY_SET | MILESTONE_RANGE | ROLLUP_WITHOUT_FROM | ROLLUP_UNIT => {
                super::Severity::Warning
            }
            _ => super::Severity::Error,
        }
    }

    /// Every code, for documentation and tests.
    pub const ALL: &[&str] = &[
        SYNTAX,
        NOT_UTF8,
        FILE_TOO_LARGE,
        TOO_DEEP,
        UNSUPPORTED_FORMAT,
        UNKNOWN_KEY,
        MISSING_KEY,
        WRONG_TYPE,
        EMPTY_VALUE,
        UNKNOWN_VALUE,
        INVALID_ID,
        DUPLICATE_ID,
        OUT_OF_RANGE,
        BASELINE_EQUALS_TARGET,
        CURRENT_WITHOUT_RANGE,
        MILESTONE_RANGE,
        INVALID_PERIOD,
        INVALID_VERSION,
        EMPTY_SET,
        UNRESOLVED_REFERENCE,
        AMBIGUOUS_REFERENCE,
        SELF_REFERENCE,
        DUPLICATE_SET,
        DERIVED_CURRENT,
        ROLLUP_WITHOUT_FROM,
        ROLLUP_CYCLE,
        ROLLUP_UNIT,
    ];

    #[cfg(test)]
    mod tests {
        #[test]
        fn every_code_is_described() {
            for code in super::ALL {
                assert!(super::summary(code).is_some(), "{code}");
            }
        }
    }
}
