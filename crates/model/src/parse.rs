//! Reading an OKR file: TOML with spans into an [`OkrSet`], every problem
//! reported as a [`Diagnostic`] at once.
//!
//! TOML syntax errors stop the reading of a file (all of them are reported,
//! nothing else). Past that, each table is read on its own: an unknown key,
//! a wrong type or a bad value in one place is reported and the rest of the
//! file is still read, so a user sees every problem in one run.

use std::collections::HashMap;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::keys;
use crate::period::Period;
use crate::set::{
    Allow, Ambition, KeyResult, KrKind, Need, NeedLevel, Objective, OkrSet, Positioning, Review,
    Rollup, Spans, Status, Theme, Version, is_slug, slugify,
};
use crate::source::{SourceFile, Span};
use crate::suggest;

/// The largest OKR file git-okr reads: 1 MiB.
pub const MAX_FILE_SIZE: usize = 1 << 20;

/// The most syntax errors reported for one file.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// One OKR file, read: its source, the set it holds (when its team and
/// period could be read) and the problems found in it.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The file's path and text.
    pub source: SourceFile,
    /// The set, as far as it could be read. Objectives and key results whose
    /// `id` or `title` could not be read are left out.
    pub set: Option<OkrSet>,
    /// The problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedFile {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Reads an OKR file from its bytes: checks size and encoding, then parses.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> ParsedFile {
    if bytes.len() > MAX_FILE_SIZE {
        return too_large(path, bytes.len() as u64);
    }
    match decode(path, bytes) {
        Ok(text) => parse(path, text),
        Err(failed) => {
            let (source, diagnostic) = *failed;
            ParsedFile {
                source,
                set: None,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// The bytes of a file as text, or the `not-utf8` diagnostic located at the
/// first bad byte, with the readable text before it as the source.
pub fn decode<'b>(path: &str, bytes: &'b [u8]) -> Result<&'b str, Box<(SourceFile, Diagnostic)>> {
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = error.valid_up_to();
        let source = SourceFile::new(path, String::from_utf8_lossy(&bytes[..valid]));
        let diagnostic = Diagnostic::new(
            &source,
            codes::NOT_UTF8,
            Severity::Error,
            Span::new(valid, valid),
            format!("the file is not UTF-8 text: invalid byte at offset {valid}"),
        )
        .with_help("save the file as UTF-8, as TOML requires");
        Box::new((source, diagnostic))
    })
}

/// The result for a file of `size` bytes, over [`MAX_FILE_SIZE`]: callers
/// that know the size need not read such a file at all.
pub fn too_large(path: &str, size: u64) -> ParsedFile {
    let source = SourceFile::new(path, "");
    let diagnostic = Diagnostic::new(
        &source,
        codes::FILE_TOO_LARGE,
        Severity::Error,
        Span::default(),
        format!("the file is {size} bytes; OKR files may be at most {MAX_FILE_SIZE} bytes (1 MiB)"),
    )
    .with_help("split the set into several files, one per team and period");
    ParsedFile {
        source,
        set: None,
        diagnostics: vec![diagnostic],
    }
}

/// Parses the text of an OKR file at `path`.
pub fn parse(path: &str, text: &str) -> ParsedFile {
    if text.len() > MAX_FILE_SIZE {
        return too_large(path, text.len() as u64);
    }
    let source = SourceFile::new(path, text);
    let mut reader = Reader {
        source: &source,
        diagnostics: Vec::new(),
    };
    let set = reader.document();
    let mut diagnostics = reader.diagnostics;
    Diagnostic::sort(&mut diagnostics);
    diagnostics.dedup_by(|a, b| (a.code, a.span, &a.message) == (b.code, b.span, &b.message));
    ParsedFile {
        source,
        set,
        diagnostics,
    }
}

struct Reader<'s> {
    source: &'s SourceFile,
    diagnostics: Vec<Diagnostic>,
}

/// A TOML value with its span.
type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn report(
        &mut self,
        code: &'static str,
        severity: Severity,
        span: Span,
        subject: &Option<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(self.source, code, severity, span, message)
            .with_subject(subject.clone());
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Span,
        subject: &Option<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.report(
            code,
            Severity::Error,
            span,
            subject,
            message,
            Some(help.into()),
        );
    }

    fn document(&mut self) -> Option<OkrSet> {
        let text = self.source.text();
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            // Past a point, more syntax errors are echoes of the first ones.
            let total = errors.len();
            for (n, error) in errors.into_iter().enumerate().take(MAX_SYNTAX_ERRORS) {
                let span = error.span().map(Span::from).unwrap_or_default();
                let mut message = error.message().trim_end().to_owned();
                if message == "duplicate key"
                    && let Some(key) = text.get(span.start..span.end).filter(|k| !k.is_empty())
                {
                    message =
                        format!("duplicate key `{key}`: a key may be set only once in a table");
                }
                if message.contains("recurs") {
                    self.error(
                        codes::TOO_DEEP,
                        span,
                        &None,
                        "tables or arrays are nested too deeply",
                        "an OKR file nests at most `[[objectives.key_results]]` deep; flatten the value",
                    );
                } else {
                    let more = total.saturating_sub(MAX_SYNTAX_ERRORS);
                    if n + 1 == MAX_SYNTAX_ERRORS && more > 0 {
                        message = format!(
                            "{message} (and {more} more syntax errors after this one, not shown)"
                        );
                    }
                    self.error(
                        codes::SYNTAX,
                        span,
                        &None,
                        format!("invalid TOML: {message}"),
                        "fix the TOML syntax; nothing else in this file is checked until it parses",
                    );
                }
            }
            return None;
        }
        let root = DeValue::Table(root.into_inner());
        let table = Table::open(self, &root, Span::new(0, 0), keys::SET, None, "the file");
        self.set(&table)
    }

    fn set(&mut self, t: &Table<'_, '_>) -> Option<OkrSet> {
        let format_ok = match t.get("format") {
            None => {
                self.error(
                    codes::MISSING_KEY,
                    t.spans.table(),
                    &None,
                    "missing key `format` in the file",
                    format!("start the file with `format = {}`", keys::FORMAT_VERSION),
                );
                // Read on as format 1: the rest of the file is still checked.
                true
            }
            Some(value) => match value.get_ref() {
                DeValue::Integer(i) if integer(i) == Some(keys::FORMAT_VERSION) => true,
                DeValue::Integer(i) => {
                    self.error(
                        codes::UNSUPPORTED_FORMAT,
                        value.span().into(),
                        &None,
                        format!("format {} is not supported", i.as_str()),
                        format!(
                            "this git-okr reads format {}; upgrade git-okr or write `format = {}`",
                            keys::FORMAT_VERSION,
                            keys::FORMAT_VERSION
                        ),
                    );
                    false
                }
                other => {
                    self.wrong_type(value.span().into(), &None, "format", "an integer", other);
                    true
                }
            },
        };

        let team = self.id_field(t, "team", &None);
        let subject = team.clone();
        let period = self.period(t);
        // A parent that is not a slug is reported once, here, and not
        // looked up among the sets.
        let parent = t.string(self, "parent", &subject).filter(|parent| {
            self.check_slug(t.spans.field_or_table("parent"), &subject, "parent", parent)
        });
        let status = t
            .word(self, "status", &subject, Status::from_word, Status::WORDS)
            .unwrap_or_default();
        let version = match t.get("version") {
            None => Version::default(),
            Some(value) => match value.get_ref() {
                DeValue::String(text) => match Version::parse(text) {
                    Some(version) if version.major > 0 => version,
                    parsed => {
                        let message = match parsed {
                            Some(_) => format!("version `{text}` is before 1.0"),
                            None if text.trim().is_empty() => "`version` is empty".to_owned(),
                            None => format!("`{text}` is not a version"),
                        };
                        self.error(
                            codes::INVALID_VERSION,
                            value.span().into(),
                            &subject,
                            message,
                            "write the iteration as MAJOR.MINOR from \"1.0\" on: the first draft is \"1.0\", each iteration adds one to the minor number",
                        );
                        Version::default()
                    }
                },
                DeValue::Float(f) => {
                    self.error(
                        codes::WRONG_TYPE,
                        value.span().into(),
                        &subject,
                        "`version` must be a string, found a float",
                        format!("quote it: `version = \"{}\"`", f.as_str()),
                    );
                    Version::default()
                }
                other => {
                    self.wrong_type(value.span().into(), &subject, "version", "a string", other);
                    Version::default()
                }
            },
        };

        let positioning = t.table(self, "positioning", &subject).map(|(value, span)| {
            let p = Table::open(
                self,
                value,
                span,
                keys::POSITIONING,
                subject.clone(),
                "[positioning]",
            );
            Positioning {
                why: p.text(self, "why", &subject),
                value: p.text(self, "value", &subject),
                measured_by: p.strings(self, "measured_by", &subject),
                spans: p.spans,
            }
        });

        let needs = t
            .tables(self, "needs", &subject)
            .into_iter()
            .filter_map(|(value, span)| {
                let n = Table::open(
                    self,
                    value,
                    span,
                    keys::NEED,
                    subject.clone(),
                    "a `[[needs]]` entry",
                );
                let level = n.required(self, "level", &subject).and_then(|_| {
                    n.word(
                        self,
                        "level",
                        &subject,
                        NeedLevel::from_word,
                        NeedLevel::WORDS,
                    )
                });
                let who = n.required_text(self, "who", &subject);
                let need = n.required_text(self, "need", &subject);
                Some(Need {
                    level: level?,
                    who: who?,
                    need: need?,
                    spans: n.spans,
                })
            })
            .collect();

        let objectives = self.objectives(t, &subject);
        let no_objectives = match t.get("objectives").map(|v| v.get_ref()) {
            None => true,
            Some(DeValue::Array(items)) => items.is_empty(),
            Some(_) => false,
        };
        if no_objectives && team.is_some() {
            self.report(
                codes::EMPTY_SET,
                codes::severity(codes::EMPTY_SET),
                t.spans.field_or_table("team"),
                &subject,
                "the set has no objectives",
                Some(
                    "add an `[[objectives]]` table with an `id`, a `title` and its key results"
                        .into(),
                ),
            );
        }

        let review = t.table(self, "review", &subject).map(|(value, span)| {
            let r = Table::open(self, value, span, keys::REVIEW, subject.clone(), "[review]");
            Review {
                score: r.score(self, &subject),
                lessons: r.strings(self, "lessons", &subject),
                failures: r.strings(self, "failures", &subject),
                continue_: r.strings(self, "continue", &subject),
                spans: r.spans,
            }
        });

        if !format_ok {
            return None;
        }
        Some(OkrSet {
            team: team?,
            period: period?,
            parent,
            status,
            version,
            positioning,
            needs,
            objectives,
            review,
            allow: t.allow(self, &subject),
            spans: t.spans.clone(),
        })
    }

    fn period(&mut self, t: &Table<'_, '_>) -> Option<Period> {
        let label = t.required_text(self, "period", &None);
        let start = t.date(self, "start", &None);
        let end = t.date(self, "end", &None);
        let label_span = t.spans.field_or_table("period");
        let label = label?;
        let result = match (t.get("start"), t.get("end")) {
            (None, None) => Period::calendar(&label),
            (Some(_), Some(_)) => Period::explicit(&label, start?, end?),
            (Some(value), None) | (None, Some(value)) => {
                let (has, lacks) = if t.get("start").is_some() {
                    ("start", "end")
                } else {
                    ("end", "start")
                };
                self.error(
                    codes::INVALID_PERIOD,
                    value.span().into(),
                    &None,
                    format!("the period has `{has}` but no `{lacks}`"),
                    "give both `start` and `end` dates, or neither and a calendar period such as \"2026-Q1\"",
                );
                return None;
            }
        };
        let period = match result {
            Ok(period) => period,
            Err(error) => {
                let (span, help) = match error {
                    crate::period::PeriodError::EndBeforeStart { .. } => (
                        t.spans.field_or_table("end"),
                        "`start` is the first day of the period and `end` the last: swap them or fix the dates".to_owned(),
                    ),
                    crate::period::PeriodError::BadLabel { .. } => (
                        label_span,
                        "with `start` and `end` dates, `period` is a label of your choice, such as \"fy27-t1\"".to_owned(),
                    ),
                    crate::period::PeriodError::Unknown { .. } => {
                        let help = if Period::calendar(&label.to_uppercase()).is_ok() {
                            format!("write it in capitals: \"{}\"", label.to_uppercase())
                        } else {
                            "a calendar period is \"2026\", \"2026-H1\" or \"2026-Q3\"; for other periods add `start` and `end` dates, such as `start = 2026-01-05`".to_owned()
                        };
                        (label_span, help)
                    }
                };
                self.error(codes::INVALID_PERIOD, span, &None, error.to_string(), help);
                return None;
            }
        };
        // A calendar label with explicit dates must mean the same days.
        if let Ok(calendar) = Period::calendar(&label)
            && (calendar.start, calendar.end) != (period.start, period.end)
        {
            self.error(
                codes::INVALID_PERIOD,
                label_span,
                &None,
                format!(
                    "`{label}` runs from {} to {}, but `start` and `end` say {} to {}",
                    calendar.start, calendar.end, period.start, period.end
                ),
                "remove `start` and `end`, or give the period a label of its own, such as \"fy27-t1\"",
            );
            return None;
        }
        Some(period)
    }

    fn objectives(&mut self, t: &Table<'_, '_>, team: &Option<String>) -> Vec<Objective> {
        let mut objectives = Vec::new();
        let mut seen_objectives: HashMap<String, Span> = HashMap::new();
        let mut seen_key_results: HashMap<String, (Span, Option<String>)> = HashMap::new();
        for (value, span) in t.tables(self, "objectives", team) {
            let o = Table::open(
                self,
                value,
                span,
                keys::OBJECTIVE,
                team.clone(),
                "an objective",
            );
            let id = self.id_field(&o, "id", team);
            let subject = join(team, id.as_deref());
            let title = o.required_text(self, "title", &subject);
            let theme = o.word(self, "theme", &subject, Theme::from_word, Theme::WORDS);
            let aligns = o.strings(self, "aligns", &subject);
            let weight = o.weight(self, &subject);
            let allow = o.allow(self, &subject);
            let id_span = o.spans.field_or_table("id");
            if let Some(id) = &id
                && let Some(&first) = seen_objectives.get(id)
            {
                let line = self.source.position(first.start).line;
                self.error(
                    codes::DUPLICATE_ID,
                    id_span,
                    &subject,
                    format!("objective id `{id}` is already used on line {line}"),
                    "ids identify objectives across versions: give each objective its own",
                );
            } else if let Some(id) = &id {
                seen_objectives.insert(id.clone(), id_span);
            }
            let mut key_results = Vec::new();
            for (value, span) in o.tables(self, "key_results", &subject) {
                let (kr_id, kr) = self.key_result(value, span, &subject);
                if let Some((kr_id, kr_span)) = kr_id {
                    let kr_subject = join(&subject, Some(&kr_id));
                    if let Some((first, owner)) = seen_key_results.get(&kr_id).cloned() {
                        let line = self.source.position(first.start).line;
                        let owner = match owner {
                            Some(owner) => format!(" (objective `{owner}`)"),
                            None => String::new(),
                        };
                        self.error(
                            codes::DUPLICATE_ID,
                            kr_span,
                            &kr_subject,
                            format!("key result id `{kr_id}` is already used on line {line}{owner}"),
                            "key result ids are unique in a set, so that a suffix such as `team/kr` finds one",
                        );
                    } else {
                        seen_key_results.insert(kr_id, (kr_span, id.clone()));
                    }
                }
                key_results.extend(kr);
            }
            if let (Some(id), Some(title)) = (id, title) {
                objectives.push(Objective {
                    id,
                    title,
                    theme,
                    aligns,
                    weight,
                    key_results,
                    allow,
                    spans: o.spans,
                });
            }
        }
        objectives
    }

    /// Reads a key result. Returns its id and the id's span whenever the id
    /// is readable (for duplicate checks), and the key result when all its
    /// required fields are.
    fn key_result(
        &mut self,
        value: &DeValue<'_>,
        span: Span,
        objective: &Option<String>,
    ) -> (Option<(String, Span)>, Option<KeyResult>) {
        let k = Table::open(
            self,
            value,
            span,
            keys::KEY_RESULT,
            objective.clone(),
            "a key result",
        );
        let id = self.id_field(&k, "id", objective);
        let subject = match &id {
            Some(id) => join(objective, Some(id)),
            None => objective.clone(),
        };
        let title = k.required_text(self, "title", &subject);
        let kind = k
            .word(self, "kind", &subject, KrKind::from_word, KrKind::WORDS)
            .unwrap_or_default();
        let metric = k.text(self, "metric", &subject);
        let unit = k.text(self, "unit", &subject);
        let baseline = k.number(self, "baseline", &subject);
        let target = k.number(self, "target", &subject);
        let current = k.number(self, "current", &subject);
        let raw_confidence = k.number(self, "confidence", &subject);
        let ambition = k.word(
            self,
            "ambition",
            &subject,
            Ambition::from_word,
            Ambition::WORDS,
        );
        let score = k.score(self, &subject);
        let weight = k.weight(self, &subject);
        let owner = k.text(self, "owner", &subject);
        let caveat = k.text(self, "caveat", &subject);
        let allow = k.allow(self, &subject);
        let from = k.strings(self, "from", &subject);
        let rollup = k.word(self, "rollup", &subject, Rollup::from_word, Rollup::WORDS);
        let derived = !from.is_empty();
        if let Some(value) = k.get("from")
            && matches!(value.get_ref(), DeValue::Array(items) if items.is_empty())
        {
            self.error(
                codes::EMPTY_VALUE,
                value.span().into(),
                &subject,
                "`from` is empty",
                "name the key results that measure this one, such as `from = [\"payments/payment-rtt\"]`, or remove `from`",
            );
        }
        if derived && current.is_some() {
            self.error(
                codes::DERIVED_CURRENT,
                k.spans.field_or_table("current"),
                &subject,
                "`current` is set on a key result measured by others (`from`)",
                "remove `current`: the value is derived from the key results in `from`, which are checked in instead",
            );
        }
        if k.get("rollup").is_some() && k.get("from").is_none() {
            self.report(
                codes::ROLLUP_WITHOUT_FROM,
                codes::severity(codes::ROLLUP_WITHOUT_FROM),
                k.spans.field_or_table("rollup"),
                &subject,
                "`rollup` is set but `from` is not: there is nothing to roll up",
                Some(
                    "name the key results that measure this one in `from`, or remove `rollup`"
                        .to_owned(),
                ),
            );
        }
        // A derived key result's `current` is not its own: it is left out.
        let current = current.filter(|_| !derived);

        // An out-of-range confidence is reported and not kept, as a bad
        // weight is not.
        let confidence = raw_confidence.filter(|c| (0.0..=1.0).contains(c));
        if let Some(c) = raw_confidence.filter(|c| !(0.0..=1.0).contains(c)) {
            self.error(
                codes::OUT_OF_RANGE,
                k.spans.field_or_table("confidence"),
                &subject,
                format!("confidence {c} is outside 0 to 1"),
                "confidence is a probability: 0.0 (no chance) to 1.0 (certain); 0.5 is a coin toss",
            );
        }
        match kind {
            KrKind::Metric => {
                if let (Some(b), Some(t)) = (baseline, target)
                    && b == t
                {
                    self.error(
                        codes::BASELINE_EQUALS_TARGET,
                        k.spans.field_or_table("target"),
                        &subject,
                        format!("the target equals the baseline ({t}): there is nothing to achieve"),
                        "set the target to the value you aim for; to hold a value steady, make the key result the range you must not leave",
                    );
                }
                if current.is_some() && (baseline.is_none() || target.is_none()) {
                    let missing = match (baseline, target) {
                        (None, None) => "`baseline` and `target` are",
                        (None, Some(_)) => "`baseline` is",
                        _ => "`target` is",
                    };
                    self.error(
                        codes::CURRENT_WITHOUT_RANGE,
                        k.spans.field_or_table("current"),
                        &subject,
                        format!(
                            "`current` is set but {missing} not, so progress cannot be measured"
                        ),
                        match (baseline, target) {
                            (None, None) => "add the starting value as `baseline` and the value aimed for as `target`",
                            (None, Some(_)) => "add the starting value as `baseline`",
                            _ => "add the value aimed for as `target`",
                        },
                    );
                }
            }
            KrKind::Milestone => {
                for (key, value, expected) in [("baseline", baseline, 0.0), ("target", target, 1.0)]
                {
                    if let Some(v) = value
                        && v != expected
                    {
                        self.report(
                            codes::MILESTONE_RANGE,
                            codes::severity(codes::MILESTONE_RANGE),
                            k.spans.field_or_table(key),
                            &subject,
                            format!("a milestone's {key} is {expected}, not {v}"),
                            Some(format!(
                                "remove `{key}` (a milestone goes from 0 to 1), or make the key result `kind = \"metric\"`"
                            )),
                        );
                    }
                }
            }
        }
        let located = id.clone().map(|id| (id, k.spans.field_or_table("id")));
        let (Some(id), Some(title)) = (id, title) else {
            return (located, None);
        };
        let kr = KeyResult {
            id,
            title,
            kind,
            metric,
            unit,
            baseline,
            target,
            current,
            confidence,
            ambition,
            score,
            weight,
            owner,
            caveat,
            from,
            rollup,
            allow,
            derived: None,
            spans: k.spans,
        };
        (located, Some(kr))
    }

    /// A required slug: `team`, or an objective's or key result's `id`.
    fn id_field(
        &mut self,
        t: &Table<'_, '_>,
        key: &'static str,
        subject: &Option<String>,
    ) -> Option<String> {
        let id = t.required_text(self, key, subject)?;
        let span = t.spans.field_or_table(key);
        self.check_slug(span, subject, key, &id).then_some(id)
    }

    fn check_slug(&mut self, span: Span, subject: &Option<String>, key: &str, id: &str) -> bool {
        if is_slug(id) {
            return true;
        }
        let suggestion = slugify(id);
        let help = if suggestion.is_empty() {
            "use lowercase letters, digits and single hyphens, such as `failed-checkouts`"
                .to_owned()
        } else {
            format!("use lowercase letters, digits and single hyphens: `{suggestion}`")
        };
        self.error(
            codes::INVALID_ID,
            span,
            subject,
            format!("`{key}` must be a lowercase slug, not `{id}`"),
            help,
        );
        false
    }

    fn wrong_type(
        &mut self,
        span: Span,
        subject: &Option<String>,
        key: &str,
        expected: &str,
        found: &DeValue<'_>,
    ) {
        let help = match (expected, found) {
            ("a string", DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_)) => {
                format!("put the value in quotes: `{key} = \"…\"`")
            }
            ("a number", DeValue::String(s)) if s.trim().parse::<f64>().is_ok() => {
                format!("remove the quotes: `{key} = {}`", s.trim())
            }
            ("a number", DeValue::String(_)) => {
                format!("write `{key}` as a plain number; put the unit in `unit`")
            }
            ("a list of strings", DeValue::String(s)) => {
                format!("make it a list: `{key} = [\"{s}\"]`")
            }
            ("a date", DeValue::String(s)) => {
                format!("write the date without quotes: `{key} = {s}`")
            }
            ("a date", DeValue::Datetime(d)) => match d.date {
                Some(date) => format!("write the day only: `{key} = {date}`"),
                None => format!("write a day such as `{key} = 2026-01-05`"),
            },
            ("an integer", DeValue::String(s)) if s.trim().parse::<i64>().is_ok() => {
                format!("remove the quotes: `{key} = {}`", s.trim())
            }
            _ => format!("write `{key}` as {expected}"),
        };
        self.error(
            codes::WRONG_TYPE,
            span,
            subject,
            format!("`{key}` must be {expected}, found {}", type_name(found)),
            help,
        );
    }
}

/// One TOML table being read: its entries, what it is called in messages,
/// and where each known key's value was written.
struct Table<'a, 'i> {
    entries: Option<&'a DeTable<'i>>,
    spans: Spans,
    what: &'static str,
}

impl<'a, 'i> Table<'a, 'i> {
    /// Opens `value` as a table, reporting every key not in `allowed`.
    fn open(
        reader: &mut Reader<'_>,
        value: &'a DeValue<'i>,
        span: Span,
        allowed: &[&'static str],
        subject: Option<String>,
        what: &'static str,
    ) -> Self {
        let mut spans = Spans::new(span);
        let DeValue::Table(entries) = value else {
            return Table {
                entries: None,
                spans,
                what,
            };
        };
        for (key, value) in entries.iter() {
            let name: &str = key.get_ref();
            match allowed.iter().find(|&&k| k == name) {
                Some(&known) => {
                    spans.insert(known, value.span().into());
                    if let DeValue::Array(items) = value.get_ref() {
                        spans.insert_items(known, items.iter().map(|i| i.span().into()).collect());
                    }
                }
                None => {
                    let help = match suggest::closest(name, allowed) {
                        Some(hint) => format!("did you mean `{hint}`?"),
                        None => format!("the keys of {what} are {}", suggest::all_of(allowed)),
                    };
                    reader.error(
                        codes::UNKNOWN_KEY,
                        key.span().into(),
                        &subject,
                        format!("unknown key `{name}` in {what}"),
                        help,
                    );
                }
            }
        }
        Table {
            entries: Some(entries),
            spans,
            what,
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.entries?.get(key)
    }

    /// Reports a missing key and returns `None`, or returns the value.
    fn required(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Option<&'a Value<'i>> {
        let value = self.get(key);
        if value.is_none() && self.entries.is_some() {
            reader.error(
                codes::MISSING_KEY,
                self.spans.table(),
                subject,
                format!("missing key `{key}` in {}", self.what),
                format!("add `{key} = …` to {}", self.what),
            );
        }
        value
    }

    fn string(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Option<String> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                reader.wrong_type(value.span().into(), subject, key, "a string", other);
                None
            }
        }
    }

    /// A string that must say something when present.
    fn text(&self, reader: &mut Reader<'_>, key: &str, subject: &Option<String>) -> Option<String> {
        self.text_with(reader, key, subject, false)
    }

    fn text_with(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
        required: bool,
    ) -> Option<String> {
        let text = self.string(reader, key, subject)?;
        if text.trim().is_empty() {
            let help = if required {
                format!("`{key}` is required: write it")
            } else {
                format!("write the {key}, or remove the key")
            };
            reader.error(
                codes::EMPTY_VALUE,
                self.spans.field_or_table(key),
                subject,
                format!("`{key}` is empty"),
                help,
            );
            return None;
        }
        Some(text)
    }

    fn required_text(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Option<String> {
        self.required(reader, key, subject)?;
        self.text_with(reader, key, subject, true)
    }

    fn number(&self, reader: &mut Reader<'_>, key: &str, subject: &Option<String>) -> Option<f64> {
        let value = self.get(key)?;
        let number = match value.get_ref() {
            DeValue::Integer(i) => integer(i).map(|i| i as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                reader.wrong_type(value.span().into(), subject, key, "a number", other);
                return None;
            }
        };
        match number {
            Some(n) if n.is_finite() => Some(n),
            None if matches!(value.get_ref(), DeValue::Integer(_)) => {
                reader.error(
                    codes::OUT_OF_RANGE,
                    value.span().into(),
                    subject,
                    format!("`{key}` is too large: integers are 64-bit"),
                    "use a smaller number, or a float",
                );
                None
            }
            _ => {
                reader.error(
                    codes::OUT_OF_RANGE,
                    value.span().into(),
                    subject,
                    format!("`{key}` must be a finite number"),
                    "use an ordinary number: nan, inf and integers beyond 64 bits cannot be measured against",
                );
                None
            }
        }
    }

    /// `allow = { rule-id = "reason", … }`: accepted lint findings.
    fn allow(&self, reader: &mut Reader<'_>, subject: &Option<String>) -> Vec<Allow> {
        let Some(value) = self.get("allow") else {
            return Vec::new();
        };
        let DeValue::Table(entries) = value.get_ref() else {
            reader.error(
                codes::WRONG_TYPE,
                value.span().into(),
                subject,
                format!("`allow` must be a table, found {}", type_name(value.get_ref())),
                "name each accepted lint rule with the reason: `allow = { kr-is-output = \"why this is fine\" }`",
            );
            return Vec::new();
        };
        let mut allows = Vec::new();
        for (rule, reason) in entries.iter() {
            let rule_name: &str = rule.get_ref();
            let span = Span::from(rule.span());
            match reason.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => allows.push(Allow {
                    rule: rule_name.to_owned(),
                    reason: text.to_string(),
                    span,
                }),
                DeValue::String(_) => reader.error(
                    codes::EMPTY_VALUE,
                    reason.span().into(),
                    subject,
                    format!("the reason for allowing `{rule_name}` is empty"),
                    "say why the finding is accepted: the reason is shown by `git okr lint --verbose`",
                ),
                other => reader.error(
                    codes::WRONG_TYPE,
                    reason.span().into(),
                    subject,
                    format!("the reason for allowing `{rule_name}` must be a string, found {}", type_name(other)),
                    format!("write `{rule_name} = \"why this is fine\"`"),
                ),
            }
        }
        allows
    }

    fn weight(&self, reader: &mut Reader<'_>, subject: &Option<String>) -> Option<f64> {
        let weight = self.number(reader, "weight", subject)?;
        if weight <= 0.0 {
            reader.error(
                codes::OUT_OF_RANGE,
                self.spans.field_or_table("weight"),
                subject,
                format!("weight {weight} is not above 0"),
                "weights are relative and positive (the default is 1); remove the item instead of weighting it 0",
            );
            return None;
        }
        Some(weight)
    }

    /// `score`: a grade from 0 to 1, as `git okr grade` writes it.
    fn score(&self, reader: &mut Reader<'_>, subject: &Option<String>) -> Option<f64> {
        let score = self.number(reader, "score", subject)?;
        if !(0.0..=1.0).contains(&score) {
            let help = if (1.0..=100.0).contains(&score) && score.fract() == 0.0 {
                format!(
                    "a score runs from 0.0 to 1.0: for {score}%, write {}",
                    score / 100.0
                )
            } else {
                "a score runs from 0.0 (no progress) to 1.0 (the target reached); 0.7 is a good result for an aspirational key result".to_owned()
            };
            reader.error(
                codes::OUT_OF_RANGE,
                self.spans.field_or_table("score"),
                subject,
                format!("score {score} is outside 0 to 1"),
                help,
            );
            return None;
        }
        Some(score)
    }

    fn strings(&self, reader: &mut Reader<'_>, key: &str, subject: &Option<String>) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            reader.wrong_type(
                value.span().into(),
                subject,
                key,
                "a list of strings",
                value.get_ref(),
            );
            return Vec::new();
        };
        let mut strings = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => strings.push(s.to_string()),
                other => reader.error(
                    codes::WRONG_TYPE,
                    item.span().into(),
                    subject,
                    format!(
                        "the items of `{key}` must be strings, found {}",
                        type_name(other)
                    ),
                    "put each item in quotes",
                ),
            }
        }
        strings
    }

    fn date(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Option<NaiveDate> {
        let value = self.get(key)?;
        if let DeValue::Datetime(datetime) = value.get_ref()
            && let (Some(date), None) = (datetime.date, datetime.time)
        {
            let date =
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into());
            if date.is_some() {
                return date;
            }
        }
        reader.wrong_type(value.span().into(), subject, key, "a date", value.get_ref());
        None
    }

    fn word<T>(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
        from_word: fn(&str) -> Option<T>,
        words: &[&str],
    ) -> Option<T> {
        let text = self.string(reader, key, subject)?;
        if let Some(value) = from_word(&text) {
            return Some(value);
        }
        let mut help = format!("`{key}` is one of {}", suggest::one_of(words));
        if let Some(hint) = suggest::closest(&text, words) {
            help = format!("did you mean `{hint}`? {help}");
        }
        reader.error(
            codes::UNKNOWN_VALUE,
            self.spans.field_or_table(key),
            subject,
            format!("unknown {key} `{text}`"),
            help,
        );
        None
    }

    /// A sub-table (`[positioning]`), with the span to point at.
    fn table(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Option<(&'a DeValue<'i>, Span)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(_) => Some((value.get_ref(), value.span().into())),
            other => {
                reader.error(
                    codes::WRONG_TYPE,
                    value.span().into(),
                    subject,
                    format!("`{key}` must be a table, found {}", type_name(other)),
                    format!("write it as a section: `[{key}]` followed by its keys"),
                );
                None
            }
        }
    }

    /// An array of tables (`[[objectives]]`), each with the span to point at.
    fn tables(
        &self,
        reader: &mut Reader<'_>,
        key: &str,
        subject: &Option<String>,
    ) -> Vec<(&'a DeValue<'i>, Span)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let section = match self.what {
            "an objective" => format!("[[objectives.{key}]]"),
            _ => format!("[[{key}]]"),
        };
        let DeValue::Array(items) = value.get_ref() else {
            reader.error(
                codes::WRONG_TYPE,
                value.span().into(),
                subject,
                format!(
                    "`{key}` must be an array of tables, found {}",
                    type_name(value.get_ref())
                ),
                format!("write each item as a `{section}` section"),
            );
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(_) => tables.push((item.get_ref(), Span::from(item.span()))),
                other => reader.error(
                    codes::WRONG_TYPE,
                    item.span().into(),
                    subject,
                    format!(
                        "the items of `{key}` must be tables, found {}",
                        type_name(other)
                    ),
                    format!("write each item as a `{section}` section"),
                ),
            }
        }
        tables
    }
}

fn join(parent: &Option<String>, id: Option<&str>) -> Option<String> {
    match (parent, id) {
        (Some(parent), Some(id)) => Some(format!("{parent}/{id}")),
        (None, Some(id)) => Some(id.to_owned()),
        (parent, None) => parent.clone(),
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(d) if d.time.is_none() => "a date",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn integer(value: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(value.as_str(), value.radix()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_capped() {
        let text = "x\n".repeat(500);
        let parsed = parse("f.toml", &text);
        assert_eq!(parsed.diagnostics.len(), MAX_SYNTAX_ERRORS);
        let last = &parsed.diagnostics[MAX_SYNTAX_ERRORS - 1];
        assert!(
            last.message.contains("more syntax errors"),
            "{}",
            last.message
        );
        let few = parse("f.toml", "x\ny\n");
        assert_eq!(few.diagnostics.len(), 2);
        assert!(!few.diagnostics[1].message.contains("more syntax errors"));
    }

    /// A set with a graded key result and a review, `score` written as given.
    fn scored(kr_score: &str, review_score: &str) -> String {
        format!(
            "format = 1\nteam = \"platform\"\nperiod = \"2026-Q4\"\nstatus = \"closed\"\n\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n\n[[objectives.key_results]]\nid = \"k\"\ntitle = \"K from 0 to 10\"\nbaseline = 0\ntarget = 10\ncurrent = 7\nscore = {kr_score}\n\n[review]\nscore = {review_score}\nlessons = []\n"
        )
    }

    /// `(code, line, column, message)` of each diagnostic.
    fn located(text: &str) -> Vec<(&'static str, usize, usize, String)> {
        parse("f.toml", text)
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn scores_are_read() {
        let parsed = parse("f.toml", &scored("0.7", "1"));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let set = parsed.set.expect("a set");
        assert_eq!(set.objectives[0].key_results[0].score, Some(0.7));
        assert_eq!(set.review.and_then(|r| r.score), Some(1.0));
    }

    #[test]
    fn scores_out_of_range_are_located() {
        assert_eq!(
            located(&scored("1.5", "-0.1")),
            [
                (
                    codes::OUT_OF_RANGE,
                    16,
                    9,
                    "score 1.5 is outside 0 to 1".to_owned()
                ),
                (
                    codes::OUT_OF_RANGE,
                    19,
                    9,
                    "score -0.1 is outside 0 to 1".to_owned()
                ),
            ]
        );
        let percent = parse("f.toml", &scored("70", "0.7"));
        assert_eq!(
            percent.diagnostics[0].help.as_deref(),
            Some("a score runs from 0.0 to 1.0: for 70%, write 0.7")
        );
        assert!(
            percent
                .set
                .is_some_and(|s| s.objectives[0].key_results[0].score.is_none())
        );
        assert_eq!(
            located(&scored("nan", "0.5"))[0].0,
            codes::OUT_OF_RANGE,
            "not finite"
        );
    }

    #[test]
    fn scores_of_the_wrong_type_are_located() {
        let found = parse("f.toml", &scored("\"0.7\"", "true"));
        let found: Vec<_> = found
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.help.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    codes::WRONG_TYPE,
                    16,
                    9,
                    "`score` must be a number, found a string",
                    Some("remove the quotes: `score = 0.7`")
                ),
                (
                    codes::WRONG_TYPE,
                    19,
                    9,
                    "`score` must be a number, found a boolean",
                    Some("write `score` as a number")
                ),
            ]
        );
        let typo = located(&scored("0.7", "0.5").replace("score = 0.7", "scor = 0.7"));
        assert_eq!(typo[0].0, codes::UNKNOWN_KEY);
        assert_eq!(typo[0].1, 16);
    }

    #[test]
    fn text_over_the_limit_is_not_parsed() {
        let text = "#".repeat(MAX_FILE_SIZE + 1);
        let parsed = parse("f.toml", &text);
        assert_eq!(parsed.diagnostics[0].code, codes::FILE_TOO_LARGE);
    }
}
