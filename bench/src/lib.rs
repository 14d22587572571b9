//! Synthetic OKR data for benchmarks.
//!
//! This crate owns the generators of large, realistic OKR files and
//! repositories that the benchmarks run git-okr against: one file of any
//! size, a tree of sets, a git repository with two revisions to compare
//! ([`write_diff_repository`], [`pack_repository`]) and one with a long
//! history of check-ins ([`write_history_repository`]); those three are the
//! only code here that runs `git`. It must never be a dependency of the
//! shipped crates.
//!
//! Everything here is deterministic: numbers and words are derived from the
//! indexes of the objectives and key results, so a benchmark reads the same
//! bytes on every run and every machine.

mod history;
mod repository;

use std::fmt::Write as _;

pub use history::{
    FOCUS_CHECK_IN_ONE_IN, FOCUS_ITERATION_EVERY, HISTORY_PERIOD, HISTORY_SETS, HISTORY_SOURCES,
    STRUCTURAL_ONE_IN, write_focused_history_repository, write_history_repository,
    write_report_repository,
};
pub use repository::{
    DIFF_CHANGES, DIFF_FILES, DIFF_KEY_RESULTS, DIFF_PERIODS, diff_edits, diff_repository,
    pack_repository, write_diff_repository,
};

/// The team of the files [`file_of_lines`] writes.
pub const TEAM: &str = "platform";

/// The period of every generated file that does not name its own.
pub const PERIOD: &str = "2026-Q1";

/// A valid format-1 OKR file of `team` for `period`, with `objectives`
/// objectives of `key_results_per_objective` key results each.
///
/// The file has the set's header (`team`, `period`, `parent`, `status`,
/// `version`), a `[positioning]`, two `[[needs]]`, and every key result has
/// all its numeric fields (`baseline`, `target`, `current`, `confidence`,
/// `weight`) and its `metric`, `unit`, `owner` and `caveat`. Objectives have
/// no `theme` and no `aligns`, so the file is valid on its own.
///
/// The parent is `engineering`, except for `engineering` itself (whose parent
/// is `company`) and `company`, the root, which has none. `team` must be a
/// slug and `period` a period label for the file to be valid.
pub fn okr_file(
    team: &str,
    period: &str,
    objectives: usize,
    key_results_per_objective: usize,
) -> String {
    Shape::full(objectives, key_results_per_objective).write(team, period)
}

/// A valid OKR file of [`TEAM`] for [`PERIOD`] of about `lines` lines.
///
/// Files of 40 lines and more are like [`okr_file`]'s, with the sizes (and
/// one to three needs) that come closest; smaller files leave out needs, the
/// positioning and the optional fields of their key results to come close (no
/// file is below 20 lines: one objective with one key result).
pub fn file_of_lines(lines: usize) -> String {
    Shape::for_lines(lines).write(TEAM, PERIOD)
}

/// `count` valid OKR files of one period that form a tree, each of about
/// `lines_each` lines, as `(path, text)`: `company` (the root), then
/// `engineering` (its child), then `team-1`, `team-2`, … (children of
/// `engineering`). Together they pass `okr_model::check_sets` without a
/// diagnostic.
pub fn okr_tree(count: usize, lines_each: usize) -> Vec<(String, String)> {
    let shape = Shape::for_lines(lines_each);
    (0..count)
        .map(|i| {
            let team = match i {
                0 => "company".to_owned(),
                1 => "engineering".to_owned(),
                _ => format!("team-{}", i - 1),
            };
            let path = format!("okrs/{PERIOD}/{team}.toml");
            let text = shape.write(&team, PERIOD);
            (path, text)
        })
        .collect()
}

/// The sizes and level of detail of a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    objectives: usize,
    key_results: usize,
    needs: usize,
    positioning: bool,
    /// Key results with every field, or only the ones progress needs.
    full_key_results: bool,
}

/// Lines of the set's header: `format`, `team`, `period`, `parent`, `status`, `version`.
const HEADER_LINES: usize = 6;
/// Lines of `[positioning]`, with the blank line before it.
const POSITIONING_LINES: usize = 5;
/// Lines of one `[[needs]]`, with the blank line before it.
const NEED_LINES: usize = 5;
/// Lines of one `[[objectives]]` without its key results.
const OBJECTIVE_LINES: usize = 4;
/// Lines of one key result with every field.
const FULL_KR_LINES: usize = 15;
/// Lines of one key result with the fields progress needs.
const BRIEF_KR_LINES: usize = 10;
/// The most key results per objective [`Shape::for_lines`] picks.
const MAX_KRS: usize = 4;

impl Shape {
    fn full(objectives: usize, key_results: usize) -> Shape {
        Shape {
            objectives,
            key_results,
            needs: 2,
            positioning: true,
            full_key_results: true,
        }
    }

    /// The number of lines [`Shape::write`] produces.
    fn lines(&self) -> usize {
        let kr = if self.full_key_results {
            FULL_KR_LINES
        } else {
            BRIEF_KR_LINES
        };
        HEADER_LINES
            + if self.positioning {
                POSITIONING_LINES
            } else {
                0
            }
            + self.needs * NEED_LINES
            + self.objectives * (OBJECTIVE_LINES + self.key_results * kr)
    }

    /// The shape whose file comes closest to `lines` lines: full key
    /// results, as many per objective as fit (up to four), with one to three
    /// needs to take up the slack; small files leave out details.
    fn for_lines(lines: usize) -> Shape {
        let mut best = Shape::full(1, 1);
        let mut consider = |shape: Shape| {
            if shape.lines().abs_diff(lines) < best.lines().abs_diff(lines) {
                best = shape;
            }
        };
        // Large files have the most key results per objective (and come
        // within 3% of `lines`).
        let fewest = if lines >= 1000 { MAX_KRS } else { 1 };
        for key_results in (fewest..=MAX_KRS).rev() {
            for needs in [2, 1, 3] {
                let mut shape = Shape {
                    needs,
                    ..Shape::full(0, key_results)
                };
                let fixed = shape.lines();
                let per_objective = OBJECTIVE_LINES + key_results * FULL_KR_LINES;
                shape.objectives =
                    (lines.saturating_sub(fixed) + per_objective / 2) / per_objective;
                consider(Shape {
                    objectives: shape.objectives.max(1),
                    ..shape
                });
            }
        }
        // Below the smallest full file: one objective, fewer details.
        for key_results in 1..=2 {
            for needs in 0..=2 {
                for positioning in [true, false] {
                    for full_key_results in [true, false] {
                        consider(Shape {
                            objectives: 1,
                            key_results,
                            needs,
                            positioning,
                            full_key_results,
                        });
                    }
                }
            }
        }
        best
    }

    fn write(&self, team: &str, period: &str) -> String {
        self.write_layout(team, period, &vec![self.key_results; self.objectives])
    }

    /// The file with `layout[o]` key results under objective `o` (and as
    /// many objectives as `layout` has entries) instead of the shape's own
    /// counts.
    fn write_layout(&self, team: &str, period: &str, layout: &[usize]) -> String {
        let mut out = String::with_capacity(self.lines() * 40);
        // `write!` to a `String` cannot fail.
        let _ = self.write_to(&mut out, team, period, layout);
        out
    }

    fn write_to(
        &self,
        out: &mut String,
        team: &str,
        period: &str,
        layout: &[usize],
    ) -> std::fmt::Result {
        writeln!(out, "format = 1")?;
        writeln!(out, "team = {}", quote(team))?;
        writeln!(out, "period = {}", quote(period))?;
        match team {
            "company" => writeln!(out, "# the root of the tree: no parent")?,
            "engineering" => writeln!(out, "parent = \"company\"")?,
            _ => writeln!(out, "parent = \"engineering\"")?,
        }
        let status = ["draft", "review", "final"][team.len() % 3];
        writeln!(out, "status = \"{status}\"")?;
        writeln!(out, "version = \"1.{}\"", team.len() % 7)?;

        if self.positioning {
            writeln!(out)?;
            writeln!(out, "[positioning]")?;
            writeln!(
                out,
                "why = {}",
                quote(&format!(
                    "the company needs {} it can rely on without thinking about it",
                    pick(WHATS, team.len())
                ))
            )?;
            writeln!(
                out,
                "value = \"fast, safe changes to the systems customers depend on\""
            )?;
            writeln!(
                out,
                "measured_by = [\"lead time\", \"availability\", \"cost per request\"]"
            )?;
        }

        for n in 0..self.needs {
            writeln!(out)?;
            writeln!(out, "[[needs]]")?;
            writeln!(
                out,
                "level = \"{}\"",
                ["business", "department", "company"][n % 3]
            )?;
            writeln!(out, "who = \"the {} team\"", pick(WHOS, n))?;
            writeln!(
                out,
                "need = \"{} that do not {}\"",
                pick(WHATS, n + 1),
                pick(VERBS, n)
            )?;
        }

        for (o, &key_results) in layout.iter().enumerate() {
            writeln!(out)?;
            writeln!(out, "[[objectives]]")?;
            writeln!(out, "id = \"objective-{}\"", o + 1)?;
            writeln!(
                out,
                "title = \"Make {} something {} never think about\"",
                pick(WHATS, o),
                pick(WHOS, o / 3)
            )?;
            for k in 0..key_results {
                self.write_key_result(out, team, o, k)?;
            }
        }
        Ok(())
    }

    fn write_key_result(
        &self,
        out: &mut String,
        team: &str,
        o: usize,
        k: usize,
    ) -> std::fmt::Result {
        let seed = mix(o as u64, k as u64);
        // Every fifth key result is a milestone; the rest are metrics, half
        // of them decreasing.
        let milestone = seed.is_multiple_of(5);
        let (baseline, target, current) = if milestone {
            (0.0, 1.0, (seed / 5 % 2) as f64)
        } else {
            let baseline = 1.0 + (seed % 900) as f64 / 10.0;
            let step = 1.0 + (seed / 1000 % 200) as f64 / 10.0;
            let target = if (seed / 7).is_multiple_of(2) {
                baseline + step
            } else {
                (baseline - step).max(0.0).min(baseline - 0.5)
            };
            let share = (seed / 13 % 11) as f64 / 10.0;
            (baseline, target, baseline + (target - baseline) * share)
        };
        let confidence = (seed / 17 % 11) as f64 / 10.0;
        let weight = 1 + seed / 19 % 3;
        let what = pick(WHATS, o + k);

        writeln!(out)?;
        writeln!(out, "[[objectives.key_results]]")?;
        writeln!(out, "id = \"kr-{}-{}\"", o + 1, k + 1)?;
        if milestone {
            writeln!(out, "title = \"Ship the new {what} to every team\"")?;
        } else {
            writeln!(
                out,
                "title = \"Move {what} from {baseline:.1} to {target:.1}\""
            )?;
        }
        if self.full_key_results {
            writeln!(
                out,
                "kind = \"{}\"",
                if milestone { "milestone" } else { "metric" }
            )?;
        }
        let unit = if milestone {
            "done"
        } else {
            pick(UNITS, (seed / 29) as usize)
        };
        writeln!(out, "metric = \"{what}, in {unit}, 7-day mean\"")?;
        writeln!(out, "unit = \"{unit}\"")?;
        writeln!(out, "baseline = {baseline:.1}")?;
        writeln!(out, "target = {target:.1}")?;
        writeln!(out, "current = {current:.1}")?;
        writeln!(out, "confidence = {confidence:.1}")?;
        if self.full_key_results {
            writeln!(
                out,
                "ambition = \"{}\"",
                if (seed / 23).is_multiple_of(3) {
                    "aspirational"
                } else {
                    "committed"
                }
            )?;
            writeln!(out, "weight = {weight}")?;
            writeln!(out, "owner = {}", quote(team))?;
            writeln!(
                out,
                "caveat = \"baseline from two weeks of logs; {} not instrumented\"",
                pick(WHOS, k)
            )?;
        }
        Ok(())
    }
}

const WHATS: &[&str] = &[
    "checkout",
    "the build pipeline",
    "search latency",
    "deploys",
    "the payment gateway",
    "on-call load",
    "the data platform",
    "incident response",
    "test flakiness",
    "cloud spend",
    "the login flow",
    "release notes",
];

const WHOS: &[&str] = &[
    "customers",
    "checkout product",
    "mobile",
    "data science",
    "support",
    "finance",
    "security",
];

const VERBS: &[&str] = &["break", "wait", "page anyone", "surprise them", "drift"];

const UNITS: &[&str] = &["%", "ms", "minutes", "requests", "euro", "incidents"];

fn pick<'a>(words: &[&'a str], i: usize) -> &'a str {
    words.get(i % words.len().max(1)).copied().unwrap_or("")
}

/// A well-mixed number from two indexes (splitmix64's finaliser).
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(0x94D0_49BB_1331_11EB);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `text` as a TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_clean(path: &str, text: &str) -> okr_model::ParsedFile {
        let parsed = okr_model::parse(path, text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{path} has diagnostics: {:#?}\n{text}",
            parsed.diagnostics
        );
        assert!(parsed.set.is_some(), "{path} has no set");
        parsed
    }

    #[test]
    fn generated_files_parse_without_diagnostics() {
        for (team, period) in [
            ("platform", "2026-Q1"),
            ("engineering", "2026"),
            ("company", "2027-H2"),
        ] {
            for objectives in [0, 1, 3, 10] {
                for krs in [0, 1, 4, 7] {
                    let text = okr_file(team, period, objectives, krs);
                    let parsed = okr_model::parse("gen.toml", &text);
                    // A set without objectives is valid, with a warning.
                    let expected: &[&str] = if objectives == 0 {
                        &[okr_model::codes::EMPTY_SET]
                    } else {
                        &[]
                    };
                    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
                    assert_eq!(
                        codes, expected,
                        "{team} {period} {objectives}x{krs}:\n{text}"
                    );
                    let set = parsed.set.as_ref().expect("a set");
                    assert_eq!(set.objectives.len(), objectives);
                    assert_eq!(set.key_results().count(), objectives * krs);
                    assert_eq!(
                        text.lines().count(),
                        Shape::full(objectives, krs).lines(),
                        "line count of {objectives}x{krs}"
                    );
                }
            }
        }
    }

    #[test]
    fn key_results_have_every_field() {
        let parsed = assert_clean("gen.toml", &okr_file("platform", "2026-Q1", 5, 5));
        let set = parsed.set.expect("a set");
        assert_eq!(set.parent.as_deref(), Some("engineering"));
        assert!(set.positioning.is_some());
        assert_eq!(set.needs.len(), 2);
        for (objective, kr) in set.key_results() {
            assert!(objective.theme.is_none() && objective.aligns.is_empty());
            assert!(kr.baseline.is_some() && kr.target.is_some() && kr.current.is_some());
            assert!(kr.confidence.is_some() && kr.weight.is_some() && kr.ambition.is_some());
            assert!(kr.metric.is_some() && kr.unit.is_some());
            assert!(kr.owner.is_some() && kr.caveat.is_some());
        }
        assert!(
            set.key_results()
                .any(|(_, kr)| kr.kind == okr_model::KrKind::Milestone)
        );
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(file_of_lines(1000), file_of_lines(1000));
        assert_eq!(
            okr_file("platform", "2026-Q1", 3, 3),
            okr_file("platform", "2026-Q1", 3, 3)
        );
    }

    #[test]
    fn file_of_lines_comes_close() {
        let text = file_of_lines(5000);
        let lines = text.lines().count();
        assert!((4750..=5250).contains(&lines), "{lines} lines");
        assert_clean("big.toml", &text);

        for wanted in [20, 25, 30, 40, 60, 100, 250, 1000, 20_000] {
            let text = file_of_lines(wanted);
            let lines = text.lines().count();
            assert!(
                lines.abs_diff(wanted) * 20 <= wanted,
                "{wanted} lines wanted, {lines} written"
            );
            assert_clean("sized.toml", &text);
        }
        for wanted in (40..=12_000).step_by(13) {
            let lines = Shape::for_lines(wanted).lines();
            assert!(
                lines.abs_diff(wanted) * 20 <= wanted,
                "{wanted} lines wanted, {lines} would be written"
            );
        }
        assert_eq!(file_of_lines(25).lines().count(), 25);
        assert_eq!(file_of_lines(0).lines().count(), 20);
    }

    #[test]
    fn trees_pass_check_sets() {
        let files: Vec<_> = okr_tree(20, 25)
            .iter()
            .map(|(path, text)| assert_clean(path, text))
            .collect();
        let diagnostics = okr_model::check_sets(&files);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }

    #[test]
    fn team_and_period_are_quoted() {
        let text = okr_file("a\"b\\c\nd", "2026-Q1", 1, 1);
        let parsed = okr_model::parse("odd.toml", &text);
        assert!(
            parsed
                .diagnostics
                .iter()
                .all(|d| d.code == okr_model::codes::INVALID_ID),
            "{:#?}",
            parsed.diagnostics
        );
    }
}
