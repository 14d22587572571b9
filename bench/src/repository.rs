//! The repository `git okr diff` is measured on: [`DIFF_FILES`] sets of
//! [`DIFF_KEY_RESULTS`] key results in all at revision `A`, and revision
//! `B` with [`DIFF_CHANGES`] changes of every kind a reviewer sees, one per
//! file.
//!
//! Edits are made to the text, line by line, as a person would make them:
//! each one changes one thing, so that `okr_diff::diff` reports exactly one
//! change for it.

use std::io;
use std::ops::Range;
use std::path::Path;
use std::process::Command;

use crate::{Shape, quote};

/// The periods of [`diff_repository`]'s sets, each a folder of `okrs/`.
pub const DIFF_PERIODS: [&str; 4] = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"];

/// The sets of each period: `company`, `engineering`, `team-1` … `team-48`.
const SETS_PER_PERIOD: usize = 50;

/// The key results of each objective of a set: `objective-1` has three,
/// `objective-2` two.
const LAYOUT: [usize; 2] = [3, 2];

/// The number of OKR files [`diff_repository`] writes.
pub const DIFF_FILES: usize = DIFF_PERIODS.len() * SETS_PER_PERIOD;

/// The number of key results in [`diff_repository`]'s files, together.
pub const DIFF_KEY_RESULTS: usize = DIFF_FILES * (LAYOUT[0] + LAYOUT[1]);

/// The number of changes [`diff_edits`] makes, each in its own file.
pub const DIFF_CHANGES: usize = 50;

/// The files of a repository's OKRs for measuring `git okr diff`, as
/// `(path, text)` sorted by path: [`DIFF_FILES`] valid sets under
/// `okrs/<period>/<team>.toml` for each of [`DIFF_PERIODS`] (in each, the
/// `company` root, its `engineering` department and 48 teams under it),
/// each with two objectives of three and two key results, every key result
/// with all its fields: [`DIFF_KEY_RESULTS`] in all. Together they pass
/// `okr_model::check_sets` without a diagnostic.
pub fn diff_repository() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = DIFF_PERIODS
        .iter()
        .flat_map(|period| (0..SETS_PER_PERIOD).map(move |slot| set_file(period, slot)))
        .collect();
    files.sort();
    files
}

/// The [`DIFF_CHANGES`] files of [`diff_repository`] that change from
/// revision `A` to `B`, with their new text, as `(path, text)`.
///
/// Each file gets one edit, and `okr_diff::diff` reports each edit as one
/// change. The edits cycle through every kind a reviewer meets, check-ins
/// most often: `current`, `current` with `confidence`, `confidence`,
/// `target`, `baseline`, a key result's title and metric reworded, a
/// caveat, the set's `status` and `version`, `ambition`, `weight`, an
/// objective's title reworded, a key result's and an objective's id
/// renamed, a key result moved to the other objective, one added, one
/// removed, and the set's `parent`. The files are spread over every period
/// and over teams; all stay valid.
pub fn diff_edits() -> Vec<(String, String)> {
    edits()
        .into_iter()
        .map(|(_, path, text)| (path, text))
        .collect()
}

/// Writes the repository of [`diff_repository`] and [`diff_edits`] into the
/// empty (or missing) folder `dir` with the `git` program: the files at
/// `A`, committed and tagged `A`, then the edits, committed and tagged `B`,
/// on branch `main`. A folder that is not empty is an error.
///
/// Git runs without the user's or the system's settings, with a fixed
/// author, committer and dates, so the two commits have the same ids on
/// every machine.
pub fn write_diff_repository(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    if std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty: give a new or empty folder", dir.display()),
        ));
    }
    git(dir, &["init", "--quiet", "--initial-branch=main"])?;
    write_files(dir, &diff_repository())?;
    git(dir, &["add", "--all"])?;
    commit(dir, "OKRs at A", "2026-01-05T09:00:00Z")?;
    git(dir, &["tag", "A"])?;
    write_files(dir, &diff_edits())?;
    git(dir, &["add", "--all"])?;
    commit(dir, "50 changes to the OKRs", "2026-02-02T09:00:00Z")?;
    git(dir, &["tag", "B"])?;
    Ok(())
}

/// Packs the objects of the repository in `dir` with `git gc`, as they are
/// after a clone or once git has tidied up: [`write_diff_repository`]
/// leaves each object in a file of its own ("loose").
pub fn pack_repository(dir: &Path) -> io::Result<()> {
    git(dir, &["gc", "--quiet"])
}

/// Writes each `(path, text)` under `dir`, with the folders it needs.
fn write_files(dir: &Path, files: &[(String, String)]) -> io::Result<()> {
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// Commits what is staged in `dir`, authored and committed at `date`.
fn commit(dir: &Path, message: &str, date: &str) -> io::Result<()> {
    let mut command = Command::new("git");
    command.args(["commit", "--quiet", "--no-verify", "--message", message]);
    run(dir, command, date)
}

/// Runs `git ARGS` in `dir`.
fn git(dir: &Path, args: &[&str]) -> io::Result<()> {
    let mut command = Command::new("git");
    command.args(args);
    run(dir, command, "2026-01-05T09:00:00Z")
}

/// Runs a git `command` in `dir` hermetically, as the fixed author and
/// committer at `date`; an error with git's message when it fails.
fn run(dir: &Path, mut command: Command, date: &str) -> io::Result<()> {
    for name in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
    ] {
        command.env_remove(name);
    }
    let output = command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "OKR Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "OKR Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "`git {}` failed in {}: {}",
            command
                .get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// The team of the set in `slot` of a period, as [`crate::okr_tree`] names
/// them.
fn team(slot: usize) -> String {
    match slot {
        0 => "company".to_owned(),
        1 => "engineering".to_owned(),
        _ => format!("team-{}", slot - 1),
    }
}

/// The path and text of the set in `slot` of `period`.
fn set_file(period: &str, slot: usize) -> (String, String) {
    let team = team(slot);
    let text = Shape::full(LAYOUT.len(), LAYOUT[0]).write_layout(&team, period, &LAYOUT);
    (format!("okrs/{period}/{team}.toml"), text)
}

/// One kind of edit, each reported as one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Current,
    CheckIn,
    Confidence,
    Target,
    Baseline,
    KeyResultTitle,
    Metric,
    Caveat,
    Status,
    Version,
    Ambition,
    Weight,
    ObjectiveTitle,
    KeyResultRenamed,
    ObjectiveRenamed,
    KeyResultMoved,
    KeyResultAdded,
    KeyResultRemoved,
    Parent,
}

/// Every kind of edit, in the order [`diff_edits`] cycles through them.
const EDITS: [Edit; 19] = [
    Edit::Current,
    Edit::CheckIn,
    Edit::Confidence,
    Edit::Target,
    Edit::Baseline,
    Edit::KeyResultTitle,
    Edit::Metric,
    Edit::Caveat,
    Edit::Status,
    Edit::Version,
    Edit::Ambition,
    Edit::Weight,
    Edit::ObjectiveTitle,
    Edit::KeyResultRenamed,
    Edit::ObjectiveRenamed,
    Edit::KeyResultMoved,
    Edit::KeyResultAdded,
    Edit::KeyResultRemoved,
    Edit::Parent,
];

/// The edits of [`diff_edits`], each with its kind.
fn edits() -> Vec<(Edit, String, String)> {
    (0..DIFF_CHANGES)
        .map(|j| {
            // Change j goes to a period in turn, and to a different team of
            // it each time round (never `company` or `engineering`).
            let period = DIFF_PERIODS[j % DIFF_PERIODS.len()];
            let slot = 2 + 3 * (j / DIFF_PERIODS.len()) + j % DIFF_PERIODS.len();
            let (path, text) = set_file(period, slot);
            let edit = EDITS[j % EDITS.len()];
            let mut doc = Doc::new(&text);
            // Which key result an edit of key results picks, so that they
            // are spread over the file.
            let pick = j / EDITS.len();
            let edited = doc.apply(edit, pick);
            assert!(
                edited.is_some(),
                "edit {edit:?} does not apply to {path}: the generator changed"
            );
            (edit, path, doc.text())
        })
        .collect()
}

/// A generated file as lines, with the edits a person makes.
struct Doc {
    lines: Vec<String>,
}

/// The header of a key result's table.
const KR_HEADER: &str = "[[objectives.key_results]]";
/// The header of an objective's table.
const OBJECTIVE_HEADER: &str = "[[objectives]]";

impl Doc {
    fn new(text: &str) -> Doc {
        Doc {
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    /// The lines of each table with `header`, from the header to the line
    /// before the next blank one (as the generator writes them).
    fn tables(&self, header: &str) -> Vec<Range<usize>> {
        let mut tables = Vec::new();
        for (start, line) in self.lines.iter().enumerate() {
            if line == header {
                let end = (start..self.lines.len())
                    .find(|&i| self.lines[i].is_empty())
                    .unwrap_or(self.lines.len());
                tables.push(start..end);
            }
        }
        tables
    }

    /// The lines of the set's own header, before the first table.
    fn head(&self) -> Range<usize> {
        0..self
            .lines
            .iter()
            .position(|line| line.is_empty())
            .unwrap_or(self.lines.len())
    }

    /// The line of `key` in `table`.
    fn line(&self, table: &Range<usize>, key: &str) -> Option<usize> {
        let prefix = format!("{key} = ");
        table.clone().find(|&i| self.lines[i].starts_with(&prefix))
    }

    /// The value of `key` in `table`, as written.
    fn get(&self, table: &Range<usize>, key: &str) -> Option<&str> {
        let line = self.line(table, key)?;
        self.lines[line].split_once(" = ").map(|(_, value)| value)
    }

    /// The value of `key` in `table` as a number.
    fn number(&self, table: &Range<usize>, key: &str) -> Option<f64> {
        self.get(table, key)?.parse().ok()
    }

    /// The value of `key` in `table` as text (the generator's strings have
    /// no escapes).
    fn string(&self, table: &Range<usize>, key: &str) -> Option<String> {
        let value = self.get(table, key)?;
        Some(value.strip_prefix('"')?.strip_suffix('"')?.to_owned())
    }

    /// Sets `key` in `table` to `value`, as written.
    fn set(&mut self, table: &Range<usize>, key: &str, value: &str) -> Option<()> {
        let line = self.line(table, key)?;
        self.lines[line] = format!("{key} = {value}");
        Some(())
    }

    /// The `pick`-th metric key result (counting round), which has a
    /// baseline, target, current and confidence of its own.
    fn metric(&self, pick: usize) -> Option<Range<usize>> {
        let metrics: Vec<Range<usize>> = self
            .tables(KR_HEADER)
            .into_iter()
            .filter(|table| self.get(table, "kind") == Some("\"metric\""))
            .collect();
        metrics.get(pick % metrics.len().max(1)).cloned()
    }

    /// The `pick`-th key result (counting round).
    fn key_result(&self, pick: usize) -> Option<Range<usize>> {
        let tables = self.tables(KR_HEADER);
        tables.get(pick % tables.len().max(1)).cloned()
    }

    /// Makes the edit `edit` to the `pick`-th key result it applies to;
    /// `None` when the file lacks what it changes.
    fn apply(&mut self, edit: Edit, pick: usize) -> Option<()> {
        match edit {
            Edit::Current => self.check_in(pick, true, false),
            Edit::CheckIn => self.check_in(pick, true, true),
            Edit::Confidence => self.check_in(pick, false, true),
            Edit::Target => {
                let kr = self.metric(pick)?;
                let (baseline, target) =
                    (self.number(&kr, "baseline")?, self.number(&kr, "target")?);
                // Further from the baseline, or closer to it, but never on it.
                let new = if target > baseline {
                    target + 1.0
                } else if target >= 0.5 {
                    target - 0.5
                } else {
                    target + 0.2
                };
                self.set(&kr, "target", &format!("{new:.1}"))
            }
            Edit::Baseline => {
                let kr = self.metric(pick)?;
                let (baseline, target) =
                    (self.number(&kr, "baseline")?, self.number(&kr, "target")?);
                // Away from the target (at least 0.5 from the baseline).
                let new = if target > baseline {
                    baseline - 0.3
                } else {
                    baseline + 0.3
                };
                self.set(&kr, "baseline", &format!("{new:.1}"))
            }
            Edit::KeyResultTitle => {
                let kr = self.key_result(pick)?;
                let title = self.string(&kr, "title")?;
                self.set(
                    &kr,
                    "title",
                    &quote(&format!("{title} by the end of the period")),
                )
            }
            Edit::Metric => {
                let kr = self.key_result(pick)?;
                let metric = self.string(&kr, "metric")?;
                let new = metric.replace("7-day mean", "28-day median");
                (new != metric).then_some(())?;
                self.set(&kr, "metric", &quote(&new))
            }
            Edit::Caveat => {
                let kr = self.key_result(pick)?;
                let caveat = self.string(&kr, "caveat")?;
                self.set(&kr, "caveat", &quote(&format!("{caveat}; sampled hourly")))
            }
            Edit::Status => {
                let head = self.head();
                let new = match self.string(&head, "status")?.as_str() {
                    "draft" => "review",
                    "review" => "final",
                    _ => "closed",
                };
                self.set(&head, "status", &quote(new))
            }
            Edit::Version => {
                let head = self.head();
                let version = self.string(&head, "version")?;
                let (major, minor) = version.split_once('.')?;
                let minor: u32 = minor.parse().ok()?;
                self.set(&head, "version", &quote(&format!("{major}.{}", minor + 1)))
            }
            Edit::Ambition => {
                let kr = self.key_result(pick)?;
                let new = match self.string(&kr, "ambition")?.as_str() {
                    "committed" => "aspirational",
                    _ => "committed",
                };
                self.set(&kr, "ambition", &quote(new))
            }
            Edit::Weight => {
                let kr = self.key_result(pick)?;
                let weight = self.number(&kr, "weight")?;
                self.set(&kr, "weight", &format!("{}", weight + 1.0))
            }
            Edit::ObjectiveTitle => {
                let objectives = self.tables(OBJECTIVE_HEADER);
                let objective = objectives.get(pick % objectives.len().max(1))?.clone();
                let title = self.string(&objective, "title")?;
                let new = title.replace("never think about", "can stop worrying about");
                (new != title).then_some(())?;
                self.set(&objective, "title", &quote(&new))
            }
            Edit::KeyResultRenamed => {
                let kr = self.key_result(pick)?;
                let id = self.string(&kr, "id")?;
                self.set(&kr, "id", &quote(&format!("{id}-renamed")))
            }
            Edit::ObjectiveRenamed => {
                let objectives = self.tables(OBJECTIVE_HEADER);
                let objective = objectives.get(pick % objectives.len().max(1))?.clone();
                let id = self.string(&objective, "id")?;
                self.set(&objective, "id", &quote(&format!("{id}-renamed")))
            }
            Edit::KeyResultMoved => {
                // A key result of the first objective, moved to the end of
                // the last one (the end of the file).
                let first = *LAYOUT.first()?;
                let kr = self.key_result(pick % first)?;
                let moved: Vec<String> = self.lines.drain(kr.start - 1..kr.end).collect();
                self.lines.extend(moved);
                Some(())
            }
            Edit::KeyResultAdded => {
                let team = self.string(&self.head(), "team")?;
                self.lines.extend(added_key_result(&team));
                Some(())
            }
            Edit::KeyResultRemoved => {
                // From the first objective, which keeps two.
                let first = *LAYOUT.first()?;
                let kr = self.key_result(pick % first)?;
                self.lines.drain(kr.start - 1..kr.end);
                Some(())
            }
            Edit::Parent => {
                let head = self.head();
                (self.string(&head, "parent")? == "engineering").then_some(())?;
                self.set(&head, "parent", &quote("company"))
            }
        }
    }

    /// A check-in on the `pick`-th metric key result: `current` a step
    /// towards the target, `confidence` 0.2 away from where it was.
    fn check_in(&mut self, pick: usize, current: bool, confidence: bool) -> Option<()> {
        let kr = self.metric(pick)?;
        if current {
            let (baseline, target) = (self.number(&kr, "baseline")?, self.number(&kr, "target")?);
            let step = if target > baseline { 0.3 } else { -0.3 };
            let new = self.number(&kr, "current")? + step;
            self.set(&kr, "current", &format!("{new:.1}"))?;
        }
        if confidence {
            let old = self.number(&kr, "confidence")?;
            let new = if old >= 0.5 { old - 0.2 } else { old + 0.2 };
            self.set(&kr, "confidence", &format!("{new:.1}"))?;
        }
        Some(())
    }
}

/// The lines of a key result added at the end of a set of `team`, with a
/// blank line before it.
fn added_key_result(team: &str) -> Vec<String> {
    [
        "",
        KR_HEADER,
        "id = \"restore-time\"",
        "title = \"Cut the time to restore service after a failed release from 45 to 20 minutes\"",
        "kind = \"metric\"",
        "metric = \"time from a failed release to service restored, in minutes, median\"",
        "unit = \"minutes\"",
        "baseline = 45.0",
        "target = 20.0",
        "current = 41.0",
        "confidence = 0.6",
        "ambition = \"committed\"",
        "weight = 1",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([
        format!("owner = {}", quote(team)),
        "caveat = \"restores before the incident tool existed are estimates\"".to_owned(),
    ])
    .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use okr_diff::{Class, SetFile};
    use okr_model::ParsedFile;

    use super::*;

    /// Each file parsed, with its path; fails on any diagnostic, in a file
    /// or across files.
    fn parse_clean(files: &[(String, String)]) -> Vec<(String, ParsedFile)> {
        let parsed: Vec<(String, ParsedFile)> = files
            .iter()
            .map(|(path, text)| (path.clone(), okr_model::parse(path, text)))
            .collect();
        assert_clean(&parsed);
        parsed
    }

    fn assert_clean(files: &[(String, ParsedFile)]) {
        for (path, file) in files {
            assert!(
                file.diagnostics.is_empty(),
                "{path} has diagnostics: {:#?}",
                file.diagnostics
            );
            assert!(file.set.is_some(), "{path} has no set");
        }
        let parsed: Vec<ParsedFile> = files.iter().map(|(_, file)| file.clone()).collect();
        let diagnostics = okr_model::check_sets(&parsed);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }

    fn set_files(files: &[(String, ParsedFile)]) -> Vec<SetFile<'_>> {
        files
            .iter()
            .filter_map(|(path, file)| file.set.as_ref().map(|set| SetFile { path, set }))
            .collect()
    }

    /// The repository at B: A with the edited files replaced.
    fn after() -> Vec<(String, String)> {
        let mut files = diff_repository();
        for (path, text) in diff_edits() {
            let file = files.iter_mut().find(|(p, _)| *p == path);
            file.expect("an edited file is in the repository").1 = text;
        }
        files
    }

    fn class(edit: Edit) -> Class {
        match edit {
            Edit::Current | Edit::CheckIn | Edit::Confidence => Class::CheckIn,
            Edit::Target => Class::TargetChanged,
            Edit::Ambition => Class::AmbitionChanged,
            Edit::Baseline => Class::BaselineChanged,
            Edit::KeyResultTitle | Edit::Metric | Edit::ObjectiveTitle => Class::Reworded,
            Edit::Caveat | Edit::Weight => Class::Edited,
            Edit::Status => Class::StatusChanged,
            Edit::Version => Class::VersionChanged,
            Edit::KeyResultRenamed | Edit::ObjectiveRenamed => Class::Renamed,
            Edit::KeyResultMoved => Class::Moved,
            Edit::KeyResultAdded => Class::Added,
            Edit::KeyResultRemoved => Class::Removed,
            Edit::Parent => Class::AlignmentChanged,
        }
    }

    #[test]
    fn the_repository_has_its_sizes_and_is_valid() {
        let files = diff_repository();
        assert_eq!(files.len(), DIFF_FILES);
        assert_eq!(files.len(), 200);
        let parsed = parse_clean(&files);
        let key_results: usize = parsed
            .iter()
            .filter_map(|(_, file)| file.set.as_ref())
            .map(|set| set.key_results().count())
            .sum();
        assert_eq!(key_results, DIFF_KEY_RESULTS);
        assert_eq!(key_results, 1000);
        let paths: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths.len(), files.len(), "paths are unique");
        for (path, _) in &files {
            assert!(
                path.starts_with("okrs/") && path.ends_with(".toml"),
                "{path}"
            );
        }
    }

    #[test]
    fn the_edits_are_fifty_files_that_stay_valid() {
        let edits = diff_edits();
        assert_eq!(edits.len(), DIFF_CHANGES);
        let paths: BTreeSet<&str> = edits.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths.len(), DIFF_CHANGES, "one edit per file");
        let base = diff_repository();
        for (path, text) in &edits {
            let old = base.iter().find(|(p, _)| p == path);
            assert_ne!(old.map(|(_, t)| t), Some(text), "{path} changed");
        }
        // Spread over every period.
        for period in DIFF_PERIODS {
            assert!(paths.iter().any(|path| path.contains(period)), "{period}");
        }
        parse_clean(&after());
    }

    #[test]
    fn each_edit_is_one_change_of_its_class() {
        let (old, new) = (parse_clean(&diff_repository()), parse_clean(&after()));
        let diff = okr_diff::diff(&set_files(&old), &set_files(&new));
        let summary = diff.summary();
        assert_eq!(summary.changes, DIFF_CHANGES, "{diff:#?}");
        assert_eq!(summary.sets, DIFF_CHANGES);

        for (edit, path, _) in edits() {
            let set = diff
                .sets
                .iter()
                .find(|set| set.path() == path)
                .unwrap_or_else(|| panic!("no change reported in {path}"));
            let classes: Vec<Class> = set.changes.iter().map(|c| c.class).collect();
            assert_eq!(classes, [class(edit)], "{edit:?} in {path}");
        }
        // Every class a key result or a set's header can change shows up.
        let classes: BTreeSet<Class> = summary.by_class.keys().copied().collect();
        assert_eq!(classes.len(), Class::ALL.len(), "{:?}", summary.by_class);
    }

    #[test]
    fn the_git_repository_diffs_to_fifty_changes() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        write_diff_repository(dir.path())?;
        let repo = okr_git::Repository::open(dir.path())?;
        let load = |spec: &str| -> Result<Vec<okr_git::OkrFile>, okr_git::Error> {
            repo.load(&okr_git::Side::Revision(repo.revision(spec)?), "okrs")
        };
        let (old, new) = (load("A")?, load("B")?);
        assert_eq!((old.len(), new.len()), (DIFF_FILES, DIFF_FILES));
        let pairs = |files: Vec<okr_git::OkrFile>| -> Vec<(String, ParsedFile)> {
            files.into_iter().map(|f| (f.path, f.parsed)).collect()
        };
        let (old, new) = (pairs(old), pairs(new));
        assert_clean(&old);
        assert_clean(&new);
        let diff = okr_diff::diff(&set_files(&old), &set_files(&new));
        assert_eq!(diff.summary().changes, DIFF_CHANGES);

        // The commits are the same every time, and packing keeps them.
        let again = tempfile::tempdir()?;
        write_diff_repository(again.path())?;
        pack_repository(again.path())?;
        let other = okr_git::Repository::open(again.path())?;
        for spec in ["A", "B"] {
            assert_eq!(repo.revision(spec)?.id, other.revision(spec)?.id, "{spec}");
        }
        assert!(write_diff_repository(again.path()).is_err(), "not empty");
        Ok(())
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(diff_repository(), diff_repository());
        assert_eq!(diff_edits(), diff_edits());
    }
}
