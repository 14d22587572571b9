//! Nothing panics on any input: arbitrary bytes, arbitrary strings and
//! mutations of a valid OKR file go through `parse_bytes` and `check_sets`,
//! and every diagnostic they produce points inside the text it names.
//!
//! Failing inputs are printed (shrunk) by proptest; add them below as
//! deterministic tests when fixing the model.

use std::sync::LazyLock;

use okr_model::{Diagnostic, ParsedFile, check_sets, codes, parse, parse_bytes};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

/// A valid set that uses every part of the format.
const VALID: &str = r#"#:schema ../../docs/okr.schema.json
format = 1
team = "platform"            # a team, never a person
period = "2026-Q1"
parent = "engineering"
status = "review"
version = "1.2"

[positioning]
why = "Checkout, search and payments run on what we build"
value = "Fast, safe changes to the systems customers depend on"
measured_by = ["lead time", "availability"]

[[needs]]
level = "business"
who = "checkout product team"
need = "a checkout that never fails for reasons of ours"

[[needs]]
level = "department"
who = "platform engineers"
need = "fewer pages at night"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
theme = "quality"
aligns = ["engineering/customer-trust"]
weight = 2

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
metric = "failed checkout attempts / all attempts, 7-day mean"
unit = "%"
baseline = 4.0
target = 2.8                 # lower than baseline: a decreasing metric
current = 3.6
confidence = 0.6
ambition = "aspirational"
owner = "platform"
caveat = "baseline from two weeks of logs; mobile not instrumented"

[[objectives.key_results]]
id = "p99-latency"
title = "Bring p99 checkout latency from 900 ms to 400 ms"
kind = "metric"
metric = "p99 of checkout API latency, daily"
unit = "ms"
baseline = 900
target = 400
current = 720
confidence = 0.5
ambition = "committed"
weight = 1.5

[[objectives]]
id = "paved-road"
title = "Give every team a paved road to production"
theme = "efficiency"
aligns = ["customer-trust"]

[[objectives.key_results]]
id = "golden-path"
title = "Ship the golden-path service template"
kind = "milestone"
current = 0
confidence = 0.8

[[objectives.key_results]]
id = "lead-time"
title = "Cut lead time for changes from 3 days to 1 day"
metric = "median commit-to-production time"
unit = "days"
baseline = 3
target = 1
current = 2.5
confidence = 0.4

[review]
lessons = ["baselines need a month of data"]
failures = []
continue = ["weekly check-ins"]
"#;

/// The parent of [`VALID`], so that its references resolve.
const PARENT: &str = r#"format = 1
team = "engineering"
period = "2026-Q1"
status = "final"

[[objectives]]
id = "customer-trust"
title = "Earn the trust of customers every day"

[[objectives.key_results]]
id = "nps"
title = "Raise NPS from 20 to 35"
baseline = 20
target = 35
"#;

/// Bits of TOML and values that reach the corners of the parser and the model.
static FRAGMENTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut fragments: Vec<String> = [
        "[[objectives]]\n",
        "[[objectives.key_results]]\n",
        "[[objectives.key_results]]\nid = \"failed-checkouts\"\ntitle = \"again\"\n",
        "[[objectives]]\nid = \"reliable-checkout\"\ntitle = \"again\"\n",
        "[positioning]\n",
        "[review]\n",
        "[[needs]]\n",
        "[objectives]\n",
        "[[format]]\n",
        "objectives = 5\n",
        "key_results = []\n",
        "needs = [1, 2]\n",
        "start = 2026-01-01\nend = 2025-01-01\n",
        "start = 2026-02-30\n",
        "end = 2026-03-31\n",
        "format = 2\n",
        "team = \"Platform Team\"\n",
        "\nbaseline = 1\ntarget = 1\n",
        "kind = \"milestone\"\nbaseline = 5\n",
        "confidence = 7\n",
        "weight = -1\n",
        "a.b.c = 1\n",
        "=",
        "\"",
        "'",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        ",",
        ".",
        "#",
        "\\",
        "\\u",
        "\\U0010FFFF",
        "\\uD800",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{7f}",
        "\u{feff}",
        "\u{2028}",
        "\"\"\"",
        "'''",
        "\"\"\"\n\"\"\"",
        " = ",
        "99999999999999999999999999999",
        "-9223372036854775808",
        "9223372036854775807",
        "0x7fffffffffffffff",
        "0xffffffffffffffffff",
        "0o777",
        "0b102",
        "1_000",
        "1__0",
        "1e308",
        "1e309",
        "-1e-400",
        "nan",
        "-nan",
        "+inf",
        "inf",
        "-inf",
        "1.",
        ".5",
        "true",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "1979-05-27 07:32:00.999999-07:00",
        "07:32:00",
        "0000-00-00",
        "9999-12-31",
        "2026-02-29",
        "é",
        "ü",
        "日本語",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "🦀",
        "\u{301}",
        "e\u{301}",
        "Ω",
        "ǅ",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for depth in [64, 200, 1000] {
        fragments.push(format!("a = {}", "[".repeat(depth)));
        fragments.push(format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth)));
        fragments.push(format!(
            "a = {}1{}\n",
            "{ b = ".repeat(depth),
            " }".repeat(depth)
        ));
        fragments.push(format!("[{}]\n", vec!["a"; depth].join(".")));
        fragments.push("[".repeat(depth));
    }
    fragments.push(format!("\"{}\"", "x".repeat(10_000)));
    fragments.push(format!("{}\n", "# comment ".repeat(1_000)));
    fragments
});

/// Whole values for `key = …` lines: wrong types, edge numbers, odd words.
static VALUES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut values: Vec<String> = [
        "nan",
        "inf",
        "-inf",
        "-0.0",
        "0",
        "-1",
        "1.0000000001",
        "1e308",
        "-1e308",
        "5e-324",
        "99999999999999999999",
        "-9223372036854775808",
        "9223372036854775807",
        "0x7fffffffffffffff",
        "0b1",
        "0o7",
        "true",
        "1979-05-27",
        "1979-05-27T00:00:00",
        "1979-05-27T00:00:00+01:00",
        "00:00:00",
        "[]",
        "[1, \"a\"]",
        "[\"a\", \"a\"]",
        "[[]]",
        "{}",
        "{ a = 1 }",
        "{ id = \"x\", title = \"y\" }",
        "[{ id = \"x\", title = \"y\" }]",
        "\"\"",
        "\"   \"",
        "\"\\t\\n\"",
        "\"UPPER Case\"",
        "\"2026\"",
        "\"2026-q1\"",
        "\"2026-Q5\"",
        "\"2026-H3\"",
        "\"9999-Q4\"",
        "\"0000\"",
        "\"+2026\"",
        "\"-1\"",
        "\"1.0\"",
        "\"1\"",
        "\"1.2.3\"",
        "\"4294967296.0\"",
        "\"999999999.999999999\"",
        "\"a--b\"",
        "\"-a\"",
        "\"é\"",
        "\"draft\"",
        "\"closed\"",
        "\"Final\"",
        "\"milestone\"",
        "\"company\"",
        "\"platform\"",
        "\"engineering\"",
        "\"team/objective\"",
        "\"engineering/customer-trust\"",
        "\"platform/reliable-checkout\"",
        "\"reliable-checkout\"",
        "\"2026-Q1:engineering/customer-trust\"",
        "\"2025-Q4:engineering\"",
        "\"/\"",
        "\":\"",
        "\"a/b/c/d\"",
        "[\"platform/failed-checkouts\", \"nps\", \"\"]",
        "'''multi\nline'''",
        "\"\"\"\n\"\"\"",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    values.push(format!("\"{}\"", "a".repeat(65)));
    values.push(format!("\"{}\"", "a-".repeat(40)));
    values.push(format!("{}{}", "[".repeat(1000), "]".repeat(1000)));
    values
});

/// A position in something of yet unknown size: see [`At::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At(usize);

impl At {
    /// A position in `0..size` (`size` must not be 0).
    fn index(self, size: usize) -> usize {
        self.0 % size
    }
}

impl Arbitrary for At {
    type Parameters = ();
    type Strategy = prop::strategy::Map<prop::num::usize::Any, fn(usize) -> At>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        any::<usize>().prop_map(At)
    }
}

/// One edit of a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(At, Vec<u8>),
    Delete(At, usize),
    Replace(At, usize, Vec<u8>),
    SwapLines(At, At),
    DuplicateLine(At),
    DeleteLine(At),
    Inject(At, String),
    /// Replaces the value of a `key = value` line.
    SetValue(At, String),
}

fn some_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => "\\PC{1,8}".prop_map(String::into_bytes),
        1 => vec(any::<u8>(), 1..8),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<At>(), some_bytes()).prop_map(|(at, b)| Mutation::Insert(at, b)),
        2 => (any::<At>(), 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        2 => (any::<At>(), 1..16usize, some_bytes())
            .prop_map(|(at, n, b)| Mutation::Replace(at, n, b)),
        1 => (any::<At>(), any::<At>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<At>().prop_map(Mutation::DuplicateLine),
        1 => any::<At>().prop_map(Mutation::DeleteLine),
        3 => (any::<At>(), proptest::sample::select(FRAGMENTS.clone()))
            .prop_map(|(at, f)| Mutation::Inject(at, f)),
        4 => (any::<At>(), proptest::sample::select(VALUES.clone()))
            .prop_map(|(at, v)| Mutation::SetValue(at, v)),
    ]
}

/// Byte ranges of the lines of `bytes`, each with its line break.
fn line_ranges(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        ranges.push(start..bytes.len());
    }
    ranges
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    let lines = line_ranges(bytes);
    match mutation {
        Mutation::Insert(at, new) => {
            let at = at.index(len + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::Delete(at, n) => {
            let at = at.index(len + 1);
            bytes.drain(at..(at + n).min(len));
        }
        Mutation::Replace(at, n, new) => {
            let at = at.index(len + 1);
            bytes.splice(at..(at + n).min(len), new.iter().copied());
        }
        Mutation::Inject(at, fragment) => {
            // Half the time at the start of a line, where a header belongs.
            let at = if at.index(2) == 0 && !lines.is_empty() {
                lines[at.index(lines.len())].start
            } else {
                at.index(len + 1)
            };
            bytes.splice(at..at, fragment.bytes());
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            let (first, second) = (lines[a.min(b)].clone(), lines[a.max(b)].clone());
            if first != second {
                let mut out = Vec::with_capacity(len);
                out.extend_from_slice(&bytes[..first.start]);
                out.extend_from_slice(&bytes[second.clone()]);
                out.extend_from_slice(&bytes[first.end..second.start]);
                out.extend_from_slice(&bytes[first.clone()]);
                out.extend_from_slice(&bytes[second.end..]);
                *bytes = out;
            }
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let line = lines[at.index(lines.len())].clone();
            let copy = bytes[line.clone()].to_vec();
            bytes.splice(line.start..line.start, copy);
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            let line = lines[at.index(lines.len())].clone();
            bytes.drain(line);
        }
        Mutation::SetValue(at, value) => {
            let assignments: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|line| {
                    let eq = bytes[line.clone()].iter().position(|&b| b == b'=')?;
                    let end = if bytes[..line.end].ends_with(b"\n") {
                        line.end - 1
                    } else {
                        line.end
                    };
                    Some((line.start + eq + 1, end))
                })
                .collect();
            if !assignments.is_empty() {
                let (start, end) = assignments[at.index(assignments.len())];
                let new = format!(" {value}");
                bytes.splice(start..end, new.bytes());
            }
        }
        Mutation::SwapLines(..) | Mutation::DuplicateLine(_) | Mutation::DeleteLine(_) => {}
    }
}

fn mutated(mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = VALID.as_bytes().to_vec();
    for mutation in mutations {
        apply(&mut bytes, mutation);
    }
    bytes
}

/// A diagnostic points inside the text of its file, at 1-based positions.
fn check_diagnostic(d: &Diagnostic, file: &ParsedFile) -> TestCaseResult {
    let text = file.source.text();
    prop_assert_eq!(d.file.as_str(), file.source.path());
    prop_assert!(codes::ALL.contains(&d.code), "unlisted code {}", d.code);
    prop_assert!(
        d.line >= 1 && d.column >= 1 && d.end_line >= 1 && d.end_column >= 1,
        "position below 1: {d:?}"
    );
    prop_assert!(
        (d.line, d.column) <= (d.end_line, d.end_column),
        "ends before it starts: {d:?}"
    );
    prop_assert!(
        d.line <= text.lines().count() + 1,
        "line beyond the text: {d:?}"
    );
    prop_assert!(
        d.span.start <= d.span.end && d.span.end <= text.len(),
        "span {:?} outside the text ({} bytes): {d:?}",
        d.span,
        text.len()
    );
    prop_assert!(
        text.get(d.span.start..d.span.end).is_some(),
        "span {:?} splits a character: {d:?}",
        d.span
    );
    prop_assert!(!d.message.trim().is_empty(), "no message: {d:?}");
    Ok(())
}

fn check_file(file: &ParsedFile) -> TestCaseResult {
    for d in &file.diagnostics {
        check_diagnostic(d, file)?;
    }
    if file.set.is_none() {
        prop_assert!(
            file.has_errors(),
            "no set and no error: {:?}",
            file.diagnostics
        );
    }
    Ok(())
}

/// Parses `inputs` as files of one folder, checks each and the set of them.
fn check_all(inputs: &[&[u8]]) -> TestCaseResult {
    let files: Vec<ParsedFile> = inputs
        .iter()
        .enumerate()
        .map(|(i, bytes)| parse_bytes(&format!("okrs/2026-Q1/file-{i}.toml"), bytes))
        .collect();
    for file in &files {
        check_file(file)?;
    }
    for d in check_sets(&files) {
        let file = files.iter().find(|f| f.source.path() == d.file);
        prop_assert!(file.is_some(), "check_sets names an unknown file: {d:?}");
        if let Some(file) = file {
            check_diagnostic(&d, file)?;
        }
    }
    Ok(())
}

/// Soup of TOML tokens and OKR keys: mostly invalid, but often far enough
/// into the grammar to reach the model.
fn token_soup() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "format",
        "team",
        "period",
        "objectives",
        "key_results",
        "id",
        "title",
        "baseline",
        "target",
        "current",
        "confidence",
        "kind",
        "needs",
        "level",
        "aligns",
        "parent",
        " = ",
        "=",
        "[",
        "]",
        "[[",
        "]]",
        "{",
        "}",
        ",",
        ".",
        "\"",
        "'",
        "\n",
        " ",
        "1",
        "0.5",
        "-",
        "\"x\"",
        "\"2026-Q1\"",
        "\"a-b\"",
        "nan",
        "inf",
        "1979-05-27",
        "true",
        "#",
        "é",
        "\\",
    ];
    vec(proptest::sample::select(TOKENS), 0..80).prop_map(|tokens| tokens.concat())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failing inputs are printed; keep no files next to the tests.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn arbitrary_bytes(bytes in vec(any::<u8>(), 0..2048)) {
        check_all(&[&bytes])?;
    }

    #[test]
    fn mostly_text_bytes(bytes in vec(prop_oneof![
        20 => proptest::sample::select(b"ab=[]{}\"'.,#\n\r\t 0123456789-_:+eTZ".to_vec()),
        1 => any::<u8>(),
    ], 0..512)) {
        check_all(&[&bytes])?;
    }

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check_all(&[text.as_bytes()])?;
        check_file(&parse("any.toml", &text))?;
    }

    #[test]
    fn token_soups(text in token_soup()) {
        check_all(&[text.as_bytes(), PARENT.as_bytes()])?;
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn mutations_of_a_valid_file(
        first in vec(mutation(), 1..6),
        second in vec(mutation(), 0..3),
    ) {
        let a = mutated(&first);
        let b = mutated(&second);
        check_all(&[PARENT.as_bytes(), &a, &b])?;
    }
}

#[test]
fn the_examples_are_valid() {
    let files = [parse("parent.toml", PARENT), parse("valid.toml", VALID)];
    for file in &files {
        assert!(
            file.diagnostics.is_empty(),
            "{}: {:#?}",
            file.source.path(),
            file.diagnostics
        );
        assert!(file.set.is_some());
    }
    assert_eq!(check_sets(&files), []);
}

#[test]
fn the_mutations_do_what_they_say() {
    let (first, second) = (At(0), At(1));
    let swapped = mutated(&[Mutation::SwapLines(first, second)]);
    assert!(swapped.starts_with(b"format = 1\n#:schema"));
    let duplicated = mutated(&[Mutation::DuplicateLine(second)]);
    assert!(
        duplicated.starts_with(b"#:schema ../../docs/okr.schema.json\nformat = 1\nformat = 1\n")
    );
    let deleted = mutated(&[Mutation::DeleteLine(first)]);
    assert!(deleted.starts_with(b"format = 1\n"));
    let set = mutated(&[Mutation::SetValue(first, "nan".into())]);
    assert!(set.starts_with(b"#:schema ../../docs/okr.schema.json\nformat = nan\n"));
    assert_eq!(mutated(&[]), VALID.as_bytes());
}

fn assert_codes(file: &ParsedFile, allowed: &[&str]) {
    assert!(file.set.is_none(), "{}: a set was read", file.source.path());
    assert!(
        !file.diagnostics.is_empty(),
        "{}: no diagnostic",
        file.source.path()
    );
    for d in &file.diagnostics {
        assert!(allowed.contains(&d.code), "{}: {d:?}", file.source.path());
        assert!(d.span.end <= file.source.text().len());
        assert!(d.line >= 1 && d.column >= 1);
    }
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    let deep = 10_000;
    let inputs = [
        format!("a = {}{}", "[".repeat(deep), "]".repeat(deep)),
        format!("a = {}", "[".repeat(deep)),
        format!("a = {}1{}", "{ b = ".repeat(deep), " }".repeat(deep)),
        format!(
            "format = 1\nteam = \"t\"\nperiod = \"2026\"\n[[objectives]]\nid = \"o\"\ntitle = \"o\"\naligns = {}{}\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
        format!("[{}]\n", vec!["a"; deep].join(".")),
        format!("{} = 1\n", vec!["a"; deep].join(".")),
        // As deep as a file within the size limit can nest.
        format!("a = {}", "[".repeat(okr_model::MAX_FILE_SIZE - 4)),
        format!("[{}a]\n", "a.".repeat(okr_model::MAX_FILE_SIZE / 2 - 2)),
    ];
    for (i, text) in inputs.iter().enumerate() {
        let path = format!("deep-{i}.toml");
        for file in [parse_bytes(&path, text.as_bytes()), parse(&path, text)] {
            assert_codes(&file, &[codes::TOO_DEEP, codes::SYNTAX]);
            assert!(
                file.diagnostics.iter().any(|d| d.code == codes::TOO_DEEP),
                "{path}: nesting not named: {:?}",
                file.diagnostics
            );
            assert!(check_sets(&[file]).is_empty());
        }
    }
}

#[test]
fn a_file_over_the_limit_is_refused() {
    let mut big = VALID.to_owned();
    while big.len() < 2 << 20 {
        big.push_str("# padding, padding, padding, padding, padding, padding\n");
    }
    let file = parse_bytes("big.toml", big.as_bytes());
    assert_codes(&file, &[codes::FILE_TOO_LARGE]);
    assert_eq!(file.diagnostics.len(), 1);
    assert!(check_sets(&[file]).is_empty());

    // Deeply nested and too large: the size is checked first.
    let nested = "[".repeat(2 << 20);
    assert_codes(
        &parse_bytes("big.toml", nested.as_bytes()),
        &[codes::FILE_TOO_LARGE],
    );

    // One byte over the limit is refused; the limit itself is read.
    let mut limit = VALID.to_owned();
    while limit.len() < okr_model::MAX_FILE_SIZE {
        limit.push('#');
    }
    let file = parse_bytes("limit.toml", limit.as_bytes());
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    limit.push('#');
    assert_codes(
        &parse_bytes("over.toml", limit.as_bytes()),
        &[codes::FILE_TOO_LARGE],
    );
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = VALID.as_bytes().to_vec();
    bytes.insert(100, 0xff);
    let file = parse_bytes("bad.toml", &bytes);
    assert_codes(&file, &[codes::NOT_UTF8]);
    assert_eq!(file.diagnostics[0].span.start, 100);
    // A truncated multi-byte character at the end.
    let file = parse_bytes("cut.toml", &"é".as_bytes()[..1]);
    assert_codes(&file, &[codes::NOT_UTF8]);
}
