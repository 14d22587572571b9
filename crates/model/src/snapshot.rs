//! What the check-in timeline needs of one version of an OKR file, and a
//! cheap way to read the next version when only numbers changed.
//!
//! `git okr log` reads every version of every OKR file in a history, and most
//! versions differ from the one before only by a check-in: `current = 3.6`
//! became `current = 3.2`, and maybe the `confidence` line changed too. A
//! [`Snapshot`] keeps where each key result's numbers are written, so that
//! [`Snapshot::update`] can read just the new numbers and shift the later
//! places instead of parsing the file again. Whenever the texts differ in any
//! other way it falls back to a full read: its result is always the result
//! of [`Snapshot::read`].
//!
//! Pure, like the rest of the crate: text in, values out.

use std::sync::Arc;

use serde::Serialize;

use crate::parse::{MAX_FILE_SIZE, parse};
use crate::progress::progress;
use crate::set::KrKind;
use crate::source::Span;

/// What the check-in timeline needs of one version of an OKR file.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The set's period label (`2026-Q4`).
    pub period: Arc<str>,
    /// The set's team.
    pub team: Arc<str>,
    /// Every key result, in file order.
    pub key_results: Vec<KrState>,
    /// The numbers [`Snapshot::update`] may re-read, in text order.
    numbers: Vec<Number>,
}

/// One key result's numbers in one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KrState {
    /// The id of its objective.
    pub objective: Arc<str>,
    /// The key result's id.
    pub id: Arc<str>,
    /// Metric or milestone.
    pub kind: KrKind,
    /// The unit of the values.
    pub unit: Option<Arc<str>>,
    /// The value at the start.
    pub baseline: Option<f64>,
    /// The value aimed for.
    pub target: Option<f64>,
    /// The value at the latest check-in.
    pub current: Option<f64>,
    /// The confidence (0..=1) that the target will be met.
    pub confidence: Option<f64>,
    /// Relative weight in the objective's progress.
    pub weight: Option<f64>,
}

/// A change of one key result's check-in fields between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KrChange {
    /// The id of its objective in the newer version.
    pub objective: Arc<str>,
    /// The key result's id.
    pub id: Arc<str>,
    /// The key result in the older version; `None` when it is new.
    pub before: Option<KrState>,
    /// The key result in the newer version.
    pub after: KrState,
}

/// A number written in the file: where, and which field of which key
/// result it sets.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Number {
    span: Span,
    kr: usize,
    field: Field,
}

/// The numeric fields of a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Baseline,
    Target,
    Current,
    Confidence,
    Weight,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Baseline,
        Field::Target,
        Field::Current,
        Field::Confidence,
        Field::Weight,
    ];

    fn key(self) -> &'static str {
        match self {
            Field::Baseline => "baseline",
            Field::Target => "target",
            Field::Current => "current",
            Field::Confidence => "confidence",
            Field::Weight => "weight",
        }
    }

    /// The value the parser keeps of a finite `number` under this key: an
    /// out-of-range confidence or weight is reported and dropped.
    fn keep(self, number: f64) -> Option<f64> {
        match self {
            Field::Confidence => (0.0..=1.0).contains(&number).then_some(number),
            Field::Weight => (number > 0.0).then_some(number),
            Field::Baseline | Field::Target | Field::Current => Some(number),
        }
    }

    fn slot(self, kr: &mut KrState) -> &mut Option<f64> {
        match self {
            Field::Baseline => &mut kr.baseline,
            Field::Target => &mut kr.target,
            Field::Current => &mut kr.current,
            Field::Confidence => &mut kr.confidence,
            Field::Weight => &mut kr.weight,
        }
    }
}

impl KrState {
    /// Progress at `current`, as [`KeyResult::progress`](crate::KeyResult::progress)
    /// measures it: between baseline and target for a metric, 0 to 1 by
    /// default for a milestone.
    pub fn progress(&self) -> Option<f64> {
        let (baseline, target) = match self.kind {
            KrKind::Milestone => (self.baseline.unwrap_or(0.0), self.target.unwrap_or(1.0)),
            KrKind::Metric => (self.baseline?, self.target?),
        };
        progress(baseline, target, self.current?)
    }
}

impl Snapshot {
    /// Reads `text` in full. `None` when it holds no set (a syntax error, no
    /// team or period, an unsupported format); otherwise the set as the
    /// parser kept it, whatever problems the file has elsewhere.
    pub fn read(text: &str) -> Option<Snapshot> {
        let set = parse("snapshot.toml", text).set?;
        let mut key_results = Vec::new();
        let mut numbers = Vec::new();
        for (objective, kr) in set.key_results() {
            for field in Field::ALL {
                let Some(span) = kr.spans.field(field.key()) else {
                    continue;
                };
                let token = token_at(text.as_bytes(), span.start);
                if token.is_some_and(|t| t.len() == span.end - span.start && decimal(t).is_some()) {
                    let kr = key_results.len();
                    numbers.push(Number { span, kr, field });
                }
            }
            key_results.push(KrState {
                objective: Arc::from(objective.id.as_str()),
                id: Arc::from(kr.id.as_str()),
                kind: kr.kind,
                unit: kr.unit.as_deref().map(Arc::from),
                baseline: kr.baseline,
                target: kr.target,
                current: kr.current,
                confidence: kr.confidence,
                weight: kr.weight,
            });
        }
        numbers.sort_by_key(|n| n.span.start);
        Some(Snapshot {
            period: Arc::from(set.period.label),
            team: Arc::from(set.team),
            key_results,
            numbers,
        })
    }

    /// The snapshot of `new`, given that `self` is the snapshot of `old`.
    ///
    /// When the texts differ only inside key results' numbers (baseline,
    /// target, current, confidence, weight) and each new number is a plain
    /// TOML decimal integer or float, only those numbers are read. Any other
    /// difference (a comment, a string, a key, a number written as `0x10` or
    /// `inf`, an objective's weight) falls back to [`Snapshot::read`], whose
    /// result this always equals.
    pub fn update(&self, old: &str, new: &str) -> Option<Snapshot> {
        self.reread(old.as_bytes(), new.as_bytes())
            .or_else(|| Snapshot::read(new))
    }

    /// The fast path of [`Snapshot::update`]: `None` when it does not apply.
    fn reread(&self, old: &[u8], new: &[u8]) -> Option<Snapshot> {
        if new.len() > MAX_FILE_SIZE {
            return None;
        }
        if old == new {
            return Some(self.clone());
        }
        // The changed region: old[prefix..old_end] became new[prefix..new_end].
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        let old_end = old.len() - suffix;

        // Numbers wholly before or after the region are unchanged; those
        // touching it must cover every changed byte.
        let first = self.numbers.partition_point(|n| n.span.end < prefix);
        let last = self.numbers.partition_point(|n| n.span.start <= old_end);
        let touched = self.numbers.get(first..last)?;
        let head = touched.first()?.span.start;
        if head > prefix {
            return None;
        }
        let mut next = self.clone();
        let (mut old_at, mut new_at) = (head, head);
        for (index, number) in (first..).zip(touched) {
            let gap = old.get(old_at..number.span.start)?;
            let start = new_at + gap.len();
            if new.get(new_at..start)? != gap {
                return None;
            }
            let token = token_at(new, start)?;
            let value = number_value(token, decimal(token)?);
            let end = start + token.len();
            next.numbers.get_mut(index)?.span = Span::new(start, end);
            *number.field.slot(next.key_results.get_mut(number.kr)?) =
                value.and_then(|v| number.field.keep(v));
            (old_at, new_at) = (number.span.end, end);
        }
        // After the last touched number, the texts must agree to the end.
        if old.len().checked_sub(old_at)? != new.len().checked_sub(new_at)? {
            return None;
        }
        if old_at < old_end
            && old.get(old_at..old_end)? != new.get(new_at..)?.get(..old_end - old_at)?
        {
            return None;
        }
        for later in next.numbers.get_mut(last..)? {
            let moved = |at: usize| Some(at.checked_sub(old_at)? + new_at);
            later.span = Span::new(moved(later.span.start)?, moved(later.span.end)?);
        }
        Some(next)
    }
}

/// The key results whose `current` or `confidence` differ between `older`
/// and `newer`, in `newer`'s order.
///
/// A key result is matched by objective and id, or by id alone when it
/// moved and exactly one key result of `older` has that id. One that is new
/// counts only when it has a `current` or a `confidence`; one removed in
/// `newer` is not a change. Numbers compare with `==` (the parser keeps no
/// NaN).
pub fn changes(older: Option<&Snapshot>, newer: &Snapshot) -> Vec<KrChange> {
    let before = |kr: &KrState| {
        let older = &older?.key_results;
        older
            .iter()
            .find(|o| o.objective == kr.objective && o.id == kr.id)
            .or_else(|| {
                let mut same = older.iter().filter(|o| o.id == kr.id);
                match (same.next(), same.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            })
    };
    newer
        .key_results
        .iter()
        .filter_map(|after| {
            let before = before(after);
            let changed = match before {
                Some(b) => b.current != after.current || b.confidence != after.confidence,
                None => after.current.is_some() || after.confidence.is_some(),
            };
            changed.then(|| KrChange {
                objective: after.objective.clone(),
                id: after.id.clone(),
                before: before.cloned(),
                after: after.clone(),
            })
        })
        .collect()
}

/// Whether `byte` can be part of a bare TOML number, date or word.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.' | b'_')
}

/// The run of token bytes from `start`.
fn token_at(text: &[u8], start: usize) -> Option<&[u8]> {
    let rest = text.get(start..)?;
    let len = rest.iter().take_while(|&&b| is_token_byte(b)).count();
    Some(&rest[..len])
}

/// How TOML reads a plain decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decimal {
    Integer,
    Float,
}

/// The kind of `token` when it is a plain TOML decimal number: an optional
/// sign, an integer part without leading zeros, an optional fraction and
/// exponent, `_` only between digits. `None` for anything else (`0x10`,
/// `inf`, `01`, `1.`).
fn decimal(token: &[u8]) -> Option<Decimal> {
    let unsigned = token
        .strip_prefix(b"+")
        .or_else(|| token.strip_prefix(b"-"));
    let (integer, mut rest) = digits(unsigned.unwrap_or(token))?;
    if integer.len() > 1 && integer.starts_with(b"0") {
        return None;
    }
    let mut kind = Decimal::Integer;
    if let Some(fraction) = rest.strip_prefix(b".") {
        kind = Decimal::Float;
        rest = digits(fraction)?.1;
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        kind = Decimal::Float;
        let unsigned = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"));
        rest = digits(unsigned.unwrap_or(exponent))?.1;
    }
    rest.is_empty().then_some(kind)
}

/// Splits a run of digits, with single `_` between digits, off the front of
/// `text`; `None` when there is none or an `_` is out of place.
fn digits(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = text
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'_')
        .count();
    let (run, rest) = text.split_at(len);
    let well_formed = run.first().is_some_and(u8::is_ascii_digit)
        && run.last().is_some_and(u8::is_ascii_digit)
        && !run.windows(2).any(|pair| pair == b"__");
    well_formed.then_some((run, rest))
}

/// The number the parser reads from a plain decimal `token`: `None` for an
/// integer beyond 64 bits or a float beyond `f64`, which it reports.
fn number_value(token: &[u8], kind: Decimal) -> Option<f64> {
    let text: String = token
        .iter()
        .filter(|&&b| b != b'_')
        .map(|&b| char::from(b))
        .collect();
    match kind {
        Decimal::Integer => text.parse::<i64>().ok().map(|i| i as f64),
        Decimal::Float => text.parse::<f64>().ok().filter(|f| f.is_finite()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// The shape of `okrs/2026-Q4/platform.toml`: 3 objectives of 3 key
    /// results, numbers written as integers, floats, with `_` and signs.
    const FILE: &str = r#"#:schema ../../docs/okr.schema.json
format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "final"
version = "1.1"

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"
weight = 2

[[objectives.key_results]]
id = "ci-pipeline-time"
title = "Cut median CI pipeline time on main from 14 minutes to 6 minutes"
unit = "minutes"
baseline = 14
target = 6
current = 9.5 # last week
confidence = 0.8
weight = 2

[[objectives.key_results]]
id = "rollback-time"
title = "Reduce rollback time from 25 minutes to 3 minutes, café included"
unit = "minutes"
baseline = 25
target = 3
current = 11
confidence = 0.6

[[objectives.key_results]]
id = "shared-pipeline"
title = "Raise the share of services on the shared pipeline"
kind = "milestone"
current = 0
confidence = 1

[[objectives]]
id = "quiet-runtime"
title = "The runtime is the part of peak season nobody talks about"
theme = "infrastructure"

[[objectives.key_results]]
id = "ingress-availability"
title = "Raise ingress availability from 99.92% to 99.99%"
unit = "%"
baseline = 99.92
target = 99.99
current = 9.997e1
confidence = 0.7

[[objectives.key_results]]
id = "requests-served"
title = "Serve 1.2 million requests a minute at peak"
unit = "requests/minute"
baseline = 800_000
target = +1_200_000
current = 1_050_000
confidence = 0.65
weight = 1.5

[[objectives.key_results]]
id = "out-of-hours-pages"
title = "Cut out-of-hours pages to platform on-call from 9 to 3 per week"
unit = "pages/week"
baseline = 9
target = 3

[[objectives]]
id = "lean-cloud"
title = "Every dollar of cloud spend does useful work"
theme = "cost"

[[objectives.key_results]]
id = "idle-compute"
title = "Cut the idle share of reserved compute from 38% to 20%"
unit = "%"
baseline = 38
target = 20
current = 29
confidence = 0.6

[[objectives.key_results]]
id = "cost-per-replica-hour"
title = "Reduce compute cost per replica-hour"
unit = "USD"
baseline = 0.048
target = 0.036
current = 0.044
confidence = 0.5

[[objectives.key_results]]
id = "savings"
title = "Save money"
key_results_note = "an unknown key: reported, the key result is still read"
unit = "USD"
baseline = -1_000
target = -5E3
current = -2.5e3
"#;

    /// Whether two results are the same to the bit: `Debug` shows every
    /// span and tells `-0.0` from `0.0`, which `==` does not.
    fn same(a: &Option<Snapshot>, b: &Option<Snapshot>) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    fn read(text: &str) -> Snapshot {
        Snapshot::read(text).unwrap_or_else(|| panic!("no set in:\n{text}"))
    }

    /// Replaces the first `from` in `text`, which must be there.
    fn edit(text: &str, from: &str, to: &str) -> String {
        assert!(text.contains(from), "`{from}` is not in the text");
        text.replacen(from, to, 1)
    }

    /// Updates `old` to `new` and checks the result against a full read;
    /// returns whether the fast path was taken.
    fn check(old: &str, new: &str) -> bool {
        let snapshot = read(old);
        let updated = snapshot.update(old, new);
        assert!(
            same(&updated, &Snapshot::read(new)),
            "update differs from read:\n{updated:?}\n{:?}",
            Snapshot::read(new)
        );
        snapshot.reread(old.as_bytes(), new.as_bytes()).is_some()
    }

    fn kr<'s>(snapshot: &'s Snapshot, id: &str) -> &'s KrState {
        snapshot
            .key_results
            .iter()
            .find(|kr| &*kr.id == id)
            .unwrap_or_else(|| panic!("no key result {id}"))
    }

    #[test]
    fn reads_what_the_parser_keeps() {
        let snapshot = read(FILE);
        assert_eq!(
            (&*snapshot.team, &*snapshot.period),
            ("platform", "2026-Q4")
        );
        assert_eq!(snapshot.key_results.len(), 9);
        let requests = kr(&snapshot, "requests-served");
        assert_eq!(&*requests.objective, "quiet-runtime");
        assert_eq!(
            (
                requests.baseline,
                requests.target,
                requests.current,
                requests.weight
            ),
            (
                Some(800_000.0),
                Some(1_200_000.0),
                Some(1_050_000.0),
                Some(1.5)
            )
        );
        assert_eq!(kr(&snapshot, "ingress-availability").current, Some(99.97));
        assert_eq!(kr(&snapshot, "savings").target, Some(-5000.0));
        // Every number of every key result is held.
        assert_eq!(snapshot.numbers.len(), 33);
        assert!(
            snapshot
                .numbers
                .windows(2)
                .all(|w| w[0].span.end < w[1].span.start)
        );
    }

    #[test]
    fn progress_as_the_model_measures_it() {
        let snapshot = read(FILE);
        let set = crate::parse("f.toml", FILE).set.expect("a set");
        for ((_, model), state) in set.key_results().zip(&snapshot.key_results) {
            assert_eq!(model.progress(), state.progress(), "{}", model.id);
        }
        assert_eq!(kr(&snapshot, "ci-pipeline-time").progress(), Some(0.5625));
        assert_eq!(kr(&snapshot, "shared-pipeline").progress(), Some(0.0));
        assert_eq!(kr(&snapshot, "out-of-hours-pages").progress(), None);
    }

    #[test]
    fn number_edits_take_the_fast_path() {
        let cases = [
            // One value.
            edit(FILE, "current = 9.5", "current = 9.2"),
            // Two values on two lines.
            edit(
                FILE,
                "current = 11\nconfidence = 0.6",
                "current = 8\nconfidence = 0.55",
            ),
            // Digits added and removed.
            edit(FILE, "current = 9.5", "current = 10.25"),
            edit(FILE, "current = 1_050_000", "current = 7"),
            edit(FILE, "current = 11", "current = 110"),
            edit(FILE, "current = 11", "current = 1"),
            // A sign, added and removed.
            edit(FILE, "current = 29", "current = -29"),
            edit(FILE, "baseline = -1_000", "baseline = 1_000"),
            edit(FILE, "target = +1_200_000", "target = 1_200_000"),
            // Integer to float and back; exponents.
            edit(FILE, "current = 29", "current = 29.5"),
            edit(FILE, "current = 9.5", "current = 10"),
            edit(FILE, "current = 9.997e1", "current = 99.98"),
            edit(FILE, "current = 0.044", "current = 4.1e-2"),
            // Values the parser reads but does not keep, and back.
            edit(FILE, "confidence = 0.8", "confidence = 1.5"),
            edit(
                FILE,
                "confidence = 0.8\nweight = 2",
                "confidence = 0.8\nweight = 0",
            ),
            edit(FILE, "current = 29", "current = 99999999999999999999"),
            edit(FILE, "current = 29", "current = 1e400"),
            edit(FILE, "current = 29", "current = -0.0"),
            // Many values at once, the first and the last of the file.
            edit(
                &edit(FILE, "baseline = 14", "baseline = 15"),
                "current = -2.5e3",
                "current = -3e3",
            ),
        ];
        for new in &cases {
            assert!(check(FILE, new), "slow path for:\n{new}");
        }
        let chained = cases.iter().fold(
            (FILE.to_owned(), Some(read(FILE))),
            |(old, snapshot), new| {
                let next = snapshot.and_then(|s| s.update(&old, new));
                (new.clone(), next)
            },
        );
        assert!(same(&chained.1, &Snapshot::read(&chained.0)));
    }

    #[test]
    fn the_fast_path_reads_the_new_values() {
        let new = edit(
            FILE,
            "current = 11\nconfidence = 0.6",
            "current = 8\nconfidence = 1.5",
        );
        let updated = read(FILE).update(FILE, &new).expect("a set");
        let rollback = kr(&updated, "rollback-time");
        assert_eq!((rollback.current, rollback.confidence), (Some(8.0), None));
    }

    #[test]
    fn other_edits_fall_back() {
        let cases = [
            // A comment, a title, a string, a key added or removed.
            edit(FILE, "# last week", "# last month"),
            edit(FILE, "9.5 # last week", "9.5"),
            edit(FILE, "café included", "cafe included"),
            edit(FILE, "unit = \"minutes\"", "unit = \"hours\""),
            edit(
                FILE,
                "current = 11\n",
                "current = 11\nowner = \"platform\"\n",
            ),
            edit(FILE, "confidence = 0.8\n", ""),
            edit(FILE, "current = 11", "current = 11 # estimated"),
            // Numbers that are not plain decimals, or not numbers.
            edit(FILE, "current = 29", "current = 0x1d"),
            edit(FILE, "current = 29", "current = inf"),
            edit(FILE, "current = 29", "current = nan"),
            edit(FILE, "current = 29", "current = 029"),
            edit(FILE, "current = 29", "current = 2__9"),
            edit(FILE, "current = 29", "current = 29."),
            edit(FILE, "current = 29", "current = 29e"),
            edit(FILE, "current = 29", "current = \"29\""),
            edit(FILE, "current = 29", "current = 2026-01-05"),
            edit(FILE, "current = 29", "current = 2 9"),
            edit(FILE, "current = 29", "current = "),
            // Numbers, and between them a string of the same length.
            edit(
                &edit(
                    &edit(FILE, "current = 9.5", "current = 9.2"),
                    "\"minutes\"\nbaseline = 25",
                    "\"seconds\"\nbaseline = 25",
                ),
                "baseline = 25",
                "baseline = 26",
            ),
            // A string of the same length before a number, or after one.
            edit(
                &edit(
                    FILE,
                    "\"minutes\"\nbaseline = 25",
                    "\"seconds\"\nbaseline = 25",
                ),
                "baseline = 25",
                "baseline = 26",
            ),
            edit(
                FILE,
                "weight = 2\n\n[[objectives.key_results]]\nid = \"rollback-time",
                "weight = 3\n\n[[objectives.key_results]]\nid = \"rollback-tame",
            ),
            // A number that is not a key result's.
            edit(
                FILE,
                "weight = 2\n\n[[objectives.key_results]]\nid = \"ci",
                "weight = 3\n\n[[objectives.key_results]]\nid = \"ci",
            ),
            edit(FILE, "format = 1", "format = 2"),
            // A key whose number is held, renamed.
            edit(FILE, "current = 9.5", "curren = 9.5"),
        ];
        for new in &cases {
            assert!(!check(FILE, new), "fast path for:\n{new}");
        }
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        assert_eq!(Snapshot::read(""), None);
        assert_eq!(read(FILE).update(FILE, ""), None);
        assert!(check(FILE, FILE));
        // A snapshot used with texts it was not read from: wrong, not a panic.
        let snapshot = read(FILE);
        let short = "current = 9";
        for (old, new) in [
            (short, "current = 10"),
            ("", FILE),
            (FILE, short),
            ("é", "e"),
        ] {
            let _ = snapshot.update(old, new);
        }
        let big = format!("{FILE}#{}", "x".repeat(MAX_FILE_SIZE));
        assert_eq!(snapshot.update(FILE, &big), None);
    }

    #[test]
    fn plain_decimals() {
        for token in [
            "0", "-0", "+7", "1_000", "3.14", "-0.0", "1e5", "1E-05", "6.02e+23", "0.000_1",
        ] {
            assert!(decimal(token.as_bytes()).is_some(), "{token}");
        }
        for token in [
            "", "+", "01", "_1", "1_", "1__0", "1.", ".5", "1e", "1e_5", "0x10", "inf", "1.2.3",
            "+-1", "1-2",
        ] {
            assert_eq!(decimal(token.as_bytes()), None, "{token}");
        }
        assert_eq!(decimal(b"12"), Some(Decimal::Integer));
        assert_eq!(decimal(b"1e2"), Some(Decimal::Float));
        assert_eq!(
            number_value(b"-0", Decimal::Integer).map(f64::to_bits),
            Some(0)
        );
        assert_eq!(number_value(b"9223372036854775808", Decimal::Integer), None);
    }

    #[test]
    fn changes_between_versions() {
        let older = read(FILE);
        assert!(changes(Some(&older), &older).is_empty(), "unchanged");

        let newer = edit(FILE, "current = 9.5", "current = 9.0");
        let newer = edit(&newer, "confidence = 0.5", "confidence = 0.4");
        let found = changes(Some(&older), &read(&newer));
        let ids: Vec<&str> = found.iter().map(|c| &*c.id).collect();
        assert_eq!(ids, ["ci-pipeline-time", "cost-per-replica-hour"]);
        assert_eq!(found[0].before.as_ref().and_then(|b| b.current), Some(9.5));
        assert_eq!(found[0].after.current, Some(9.0));

        // A key result moved to another objective is matched by its id.
        let moved = edit(
            FILE,
            "[[objectives]]\nid = \"lean-cloud\"",
            "[[objectives]]\nid = \"lean-cloud\"\ntitle = \"Moved\"\n[[objectives.key_results]]\nid = \"rollback-time\"\ntitle = \"Moved\"\ncurrent = 11\nconfidence = 0.6\n[[objectives]]\nid = \"other\"",
        );
        let moved = edit(
            &moved,
            "id = \"rollback-time\"\ntitle = \"Reduce",
            "id = \"rollback-gone\"\ntitle = \"Reduce",
        );
        let snapshot = read(&moved);
        assert_eq!(&*kr(&snapshot, "rollback-time").objective, "lean-cloud");
        let found = changes(Some(&older), &snapshot);
        let ids: Vec<&str> = found.iter().map(|c| &*c.id).collect();
        // rollback-time moved unchanged; rollback-gone is new and checked in.
        assert_eq!(ids, ["rollback-gone"]);
        assert_eq!(found[0].before, None);

        // New key results count only with a check-in; removed ones never.
        let added = edit(
            FILE,
            "[[objectives]]\nid = \"lean-cloud\"",
            "[[objectives.key_results]]\nid = \"fresh\"\ntitle = \"Fresh\"\nbaseline = 1\ntarget = 2\n[[objectives.key_results]]\nid = \"measured\"\ntitle = \"Measured\"\nconfidence = 0.5\n[[objectives]]\nid = \"lean-cloud\"",
        );
        let end = added.find("[[objectives.key_results]]\nid = \"savings\"");
        let removed = &added[..end.expect("the last key result")];
        let found = changes(Some(&older), &read(removed));
        let ids: Vec<&str> = found.iter().map(|c| &*c.id).collect();
        assert_eq!(ids, ["measured"]);

        // Without an older version, every checked-in key result is new.
        assert_eq!(changes(None, &older).len(), 8);
    }

    /// A number in one of the spellings TOML allows.
    fn plain_number() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<i64>().prop_map(|i| i.to_string()),
            (-1e7..1e7f64).prop_map(|f| format!("{f}")),
            (-1e7..1e7f64).prop_map(|f| format!("{f:?}")),
            (-1e7..1e7f64).prop_map(|f| format!("{f:e}")),
            (0.0..=1.0f64).prop_map(|f| format!("{f:.2}")),
            "[+-]?(0|[1-9](_?[0-9]){0,24})(\\.[0-9](_?[0-9]){0,6})?([eE][+-]?[0-9](_?[0-9]){0,3})?",
        ]
    }

    /// A value of any kind, mostly not a plain number.
    fn any_value() -> impl Strategy<Value = String> {
        prop_oneof![
            plain_number(),
            prop::sample::select(vec![
                "0x10",
                "0o7",
                "0b1",
                "inf",
                "-inf",
                "nan",
                "01",
                "1__0",
                "1_",
                "1.",
                ".5",
                "1e",
                "\"3\"",
                "true",
                "[1]",
                "{}",
                "2026-01-05",
                "07:30:00",
                "1 2",
                "",
                "1 # note",
                "1\nx = 2",
                "é",
            ])
            .prop_map(str::to_owned),
            "[0-9a-z+._\\-]{1,8}",
        ]
    }

    #[derive(Debug, Clone)]
    enum Edit {
        /// Replace held numbers with new spellings.
        Numbers(Vec<(Index, String)>),
        /// Insert text at a character boundary.
        Insert(Index, String),
        /// Delete up to `usize` characters from a character boundary.
        Delete(Index, usize),
        /// Overwrite as many characters as the string has.
        Overwrite(Index, String),
    }

    fn byte_edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<Index>(), "[0-9a-z=#.\n \"'_+\\-\\[\\]é]{1,6}")
                .prop_map(|(i, s)| Edit::Insert(i, s)),
            (any::<Index>(), 1..8usize).prop_map(|(i, n)| Edit::Delete(i, n)),
            (any::<Index>(), "[0-9a-z=#.\n \"_\\-é]{1,3}").prop_map(|(i, s)| Edit::Overwrite(i, s)),
        ]
    }

    fn number_edit(value: impl Strategy<Value = String>) -> impl Strategy<Value = Edit> {
        prop::collection::vec((any::<Index>(), value), 1..=3).prop_map(Edit::Numbers)
    }

    fn apply(text: &str, snapshot: Option<&Snapshot>, edit: &Edit) -> String {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut text = text.to_owned();
        match edit {
            Edit::Numbers(replacements) => {
                let Some(numbers) = snapshot.map(|s| &s.numbers).filter(|n| !n.is_empty()) else {
                    return text;
                };
                let mut spans: Vec<(Span, &String)> = replacements
                    .iter()
                    .map(|(index, value)| (numbers[index.index(numbers.len())].span, value))
                    .collect();
                spans.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
                spans.dedup_by_key(|(span, _)| span.start);
                for (span, value) in spans {
                    text.replace_range(span.start..span.end, value);
                }
            }
            Edit::Insert(index, inserted) => {
                text.insert_str(boundaries[index.index(boundaries.len())], inserted);
            }
            Edit::Delete(index, count) => {
                let at = index.index(boundaries.len());
                let end = boundaries[(at + count).min(boundaries.len() - 1)];
                text.replace_range(boundaries[at]..end, "");
            }
            Edit::Overwrite(index, written) => {
                let at = index.index(boundaries.len());
                let end = boundaries[(at + written.chars().count()).min(boundaries.len() - 1)];
                text.replace_range(boundaries[at]..end, written);
            }
        }
        text
    }

    fn step(snapshot: Option<Snapshot>, old: &str, new: &str) -> Option<Snapshot> {
        match snapshot {
            Some(snapshot) => snapshot.update(old, new),
            None => Snapshot::read(new),
        }
    }

    proptest! {
        #[test]
        fn plain_number_edits_are_fast_and_exact(edit in number_edit(plain_number())) {
            let snapshot = read(FILE);
            let new = apply(FILE, Some(&snapshot), &edit);
            let fast = snapshot.reread(FILE.as_bytes(), new.as_bytes());
            prop_assert!(fast.is_some(), "slow path for {:?}", edit);
            prop_assert!(same(&fast, &Snapshot::read(&new)), "{:?}", edit);
        }

        #[test]
        fn any_value_edit_equals_a_read(edit in number_edit(any_value())) {
            let snapshot = read(FILE);
            let new = apply(FILE, Some(&snapshot), &edit);
            prop_assert!(same(&snapshot.update(FILE, &new), &Snapshot::read(&new)), "{:?}", edit);
        }

        #[test]
        fn byte_edits_equal_a_read(edit in byte_edit()) {
            let snapshot = read(FILE);
            let new = apply(FILE, Some(&snapshot), &edit);
            prop_assert!(same(&snapshot.update(FILE, &new), &Snapshot::read(&new)), "{:?}", edit);
        }

        #[test]
        fn chained_updates_equal_a_read(
            edits in prop::collection::vec(
                (prop_oneof![number_edit(any_value()), byte_edit()], any::<bool>()),
                2..8,
            )
        ) {
            // Several edits may land in one version: `read` is updated to
            // `text` only where an edit says so, and at the end.
            let (mut read, mut snapshot) = (FILE.to_owned(), Snapshot::read(FILE));
            let mut text = FILE.to_owned();
            for (n, (edit, version)) in edits.iter().enumerate() {
                text = apply(&text, Snapshot::read(&text).as_ref(), edit);
                if *version || n + 1 == edits.len() {
                    snapshot = step(snapshot, &read, &text);
                    read.clone_from(&text);
                    prop_assert!(same(&snapshot, &Snapshot::read(&text)), "{:?}", edits);
                }
            }
        }
    }
}
