//! The repository `git okr log` is measured on: a long, linear history on
//! `main` in which [`HISTORY_SETS`] OKR files get check-ins between commits
//! that only touch [`HISTORY_SOURCES`] unrelated source files, written in one
//! pass by `git fast-import` ([`write_history_repository`]).
//!
//! The commits are made in memory by a pure generator, [`History`]: each
//! file is kept as its lines, and a commit replaces one or two of them (a
//! key result's `current`, and in about half the check-ins its
//! `confidence`), or, about once in [`STRUCTURAL_ONE_IN`] commits, changes
//! the definition of a set (a title reworded, a caveat restated, a key
//! result added, each with the set's `version` bumped), so that a tool
//! cannot assume that only numbers change. Values are kept as integers in
//! the key result's precision, so they never drift and are written as a
//! person would write them (`3.2`, `41`, `0.65`).
//!
//! A seeded generator (splitmix64) makes every choice, and the authors and
//! dates are part of the stream: the same number of commits gives the same
//! commit ids on every run and every machine.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::quote;

/// The number of OKR files, `okrs/2026-Q4/team-00.toml` to `team-19.toml`.
pub const HISTORY_SETS: usize = 20;

/// The number of source files under `src/` that the other half of the
/// commits change, one at a time.
pub const HISTORY_SOURCES: usize = 200;

/// The period of every set of the history.
pub const HISTORY_PERIOD: &str = "2026-Q4";

/// About one commit in this many changes a set's definition rather than its
/// numbers.
pub const STRUCTURAL_ONE_IN: usize = 500;

/// In a focused history ([`write_focused_history_repository`]), the first
/// set gets a definition change, with its version bumped, every this many
/// commits...
pub const FOCUS_ITERATION_EVERY: usize = 2_000;

/// ...and one check-in in this many goes to it before the others are drawn
/// among all sets: with 20 sets, a tenth of all check-ins.
pub const FOCUS_CHECK_IN_ONE_IN: usize = 19;

/// The first commit's date: 2026-10-01T09:00:00Z, in seconds since the epoch.
const START: i64 = 1_790_845_200;

/// The seed of every choice the generator makes ("OKR_LOG!" in ASCII).
const SEED: u64 = 0x4F4B_525F_4C4F_4721;

/// Writes a repository with a history of `commits` commits on `main` into
/// the empty (or missing) folder `dir`, and checks `main` out.
///
/// The first commit adds [`HISTORY_SETS`] OKR files of [`HISTORY_PERIOD`]
/// under `okrs/` (each of 10 to 12 key results, 5.5 to 7 KB), an `okr.toml`
/// and [`HISTORY_SOURCES`] source files under `src/`. Of the commits after
/// it, about half are check-ins, each changing one key result in one OKR
/// file with a message as `git okr` writes it (`checkin(team/kr): old → new
/// unit, progress a% → b%`, a note, and the trailers `OKR-Checkin`,
/// `OKR-Value` and `OKR-Confidence`); the other half change one source
/// file; and about one in [`STRUCTURAL_ONE_IN`] changes a set's definition.
/// The authors are a handful of fixed people, the committer is the author,
/// and the dates rise from 2026-10-01 by one to five minutes a commit.
///
/// The commits are streamed to `git fast-import`; git runs without the
/// user's or the system's settings. The same `commits` gives the same commit
/// ids every time. A folder that is not empty, or no commits, is an error.
pub fn write_history_repository(dir: &Path, commits: usize) -> io::Result<()> {
    write_repository(dir, commits, false, HISTORY_SETS)
}

/// Writes a history as [`write_history_repository`] does, but with one set,
/// `team-00`, much busier than the others: a definition change (an
/// iteration, its `version` bumped) every [`FOCUS_ITERATION_EVERY`] commits
/// and a tenth of all check-ins. At 100,000 commits that is about 60
/// iterations and 5,000 check-ins of one set, which `git okr history` is
/// measured on (`bench/history.sh`). The other commits are drawn as in the
/// plain history, from the same seed.
pub fn write_focused_history_repository(dir: &Path, commits: usize) -> io::Result<()> {
    write_repository(dir, commits, true, HISTORY_SETS)
}

/// Writes a history as [`write_history_repository`] does, but of `sets`
/// OKR files instead of [`HISTORY_SETS`]: `git okr report` is measured on
/// 200 sets and 100,000 commits (`bench/report.sh`), about 250 check-ins
/// and one iteration a set.
pub fn write_report_repository(dir: &Path, commits: usize, sets: usize) -> io::Result<()> {
    write_repository(dir, commits, false, sets.max(1))
}

fn write_repository(dir: &Path, commits: usize, focus: bool, sets: usize) -> io::Result<()> {
    if commits == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a history needs at least one commit",
        ));
    }
    std::fs::create_dir_all(dir)?;
    if std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty: give a new or empty folder", dir.display()),
        ));
    }
    run(git(dir).args(["init", "--quiet", "--initial-branch=main"]))?;
    fast_import(dir, commits, focus, sets)?;
    run(git(dir).args(["reset", "--hard", "--quiet"]))?;
    Ok(())
}

/// Streams the history of `commits` commits to `git fast-import` in `dir`.
fn fast_import(dir: &Path, commits: usize, focus: bool, sets: usize) -> io::Result<()> {
    let mut child = git(dir)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git fast-import: {e}")))?;
    let written = match child.stdin.take() {
        Some(stdin) => {
            let mut out = BufWriter::with_capacity(1 << 16, stdin);
            // Dropping the writer closes the pipe, which ends the import.
            write_stream(&mut out, commits, focus, sets).and_then(|()| out.flush())
        }
        None => Err(io::Error::other("git fast-import has no standard input")),
    };
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "`git fast-import` failed in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    written
}

/// Writes the fast-import commands of a history of `commits` commits on
/// `refs/heads/main` to `out`, closed by `done`.
fn write_stream(out: &mut impl Write, commits: usize, focus: bool, sets: usize) -> io::Result<()> {
    let mut history = History::new(focus, sets);
    let mut text = String::new();
    for n in 0..commits {
        let step = if n == 0 {
            history.first()
        } else {
            history.step()
        };
        write_commit(out, &step)?;
        if step.kind == Kind::Start {
            for file in history.files() {
                history.render(file, &mut text);
                write_file(out, history.path(file), &text)?;
            }
        } else {
            history.render(step.file, &mut text);
            write_file(out, history.path(step.file), &text)?;
        }
    }
    out.write_all(b"done\n")
}

/// The header and message of a commit on `main`, authored and committed
/// by the step's author at its time.
fn write_commit(out: &mut impl Write, step: &Step) -> io::Result<()> {
    let author = &AUTHORS[step.author % AUTHORS.len()];
    let who = format!(
        "{} <{}> {} {}",
        author.name, author.email, step.time, author.zone
    );
    write!(
        out,
        "commit refs/heads/main\nauthor {who}\ncommitter {who}\ndata {}\n{}\n",
        step.message.len(),
        step.message
    )
}

/// A file of the commit being written, with its whole `text` inline.
fn write_file(out: &mut impl Write, path: &str, text: &str) -> io::Result<()> {
    write!(out, "M 100644 inline {path}\ndata {}\n{text}\n", text.len())
}

/// `git` to run in `dir` without the user's or the system's settings.
fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
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
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// Runs a git `command` to the end: its standard output, or an error with
/// git's message when it fails.
fn run(command: &mut Command) -> io::Result<String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(io::Error::other(format!(
            "`git {}` failed: {}",
            command
                .get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One of the people who commit.
struct Author {
    name: &'static str,
    email: &'static str,
    /// The offset of their clock from UTC, as git writes it.
    zone: &'static str,
}

const AUTHORS: [Author; 6] = [
    Author {
        name: "Amara Okafor",
        email: "amara.okafor@example.com",
        zone: "+0100",
    },
    Author {
        name: "Jonas Lindqvist",
        email: "jonas.lindqvist@example.com",
        zone: "+0200",
    },
    Author {
        name: "Priya Raman",
        email: "priya.raman@example.com",
        zone: "+0530",
    },
    Author {
        name: "Mateo García",
        email: "mateo.garcia@example.com",
        zone: "+0100",
    },
    Author {
        name: "Hannah Schulz",
        email: "hannah.schulz@example.com",
        zone: "+0200",
    },
    Author {
        name: "Kenji Watanabe",
        email: "kenji.watanabe@example.com",
        zone: "+0900",
    },
];

/// A file of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    /// `okr.toml`.
    Config,
    /// The OKR file of the `n`-th set.
    Set(usize),
    /// The `n`-th source file.
    Source(usize),
}

/// What a commit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The first commit: every file.
    Start,
    /// A key result's `current`, and maybe its `confidence`.
    CheckIn,
    /// A change to a set's definition.
    Structural,
    /// A change to a source file.
    Source,
}

/// A commit: what, who, when, why, and the one file it changes (the
/// first commit adds every file).
struct Step {
    kind: Kind,
    author: usize,
    time: i64,
    message: String,
    file: File,
}

/// The files of the repository as they are at the latest commit, and the
/// generator of the next.
struct History {
    rng: Rng,
    /// Whether the first set is the busy one.
    focus: bool,
    /// The number of commits made.
    made: usize,
    time: i64,
    sets: Vec<Set>,
    sources: Vec<Source>,
}

impl History {
    fn new(focus: bool, sets: usize) -> History {
        let mut rng = Rng(SEED);
        let sets = (0..sets).map(|n| Set::new(n, &mut rng)).collect();
        let sources = (0..HISTORY_SOURCES).map(Source::new).collect();
        History {
            rng,
            focus,
            made: 1,
            time: START,
            sets,
            sources,
        }
    }

    /// The first commit, which adds [`History::files`].
    fn first(&self) -> Step {
        Step {
            kind: Kind::Start,
            author: 0,
            time: self.time,
            message: format!(
                "Start the {HISTORY_PERIOD} OKRs of {} teams beside the code\n",
                self.sets.len()
            ),
            file: File::Config,
        }
    }

    /// Every file.
    fn files(&self) -> impl Iterator<Item = File> + use<> {
        std::iter::once(File::Config)
            .chain((0..self.sets.len()).map(File::Set))
            .chain((0..HISTORY_SOURCES).map(File::Source))
    }

    fn path(&self, file: File) -> &str {
        match file {
            File::Config => "okr.toml",
            File::Set(n) => &self.sets[n].path,
            File::Source(n) => &self.sources[n].path,
        }
    }

    /// The text of `file`, into `out` (cleared first).
    fn render(&self, file: File, out: &mut String) {
        out.clear();
        let lines = match file {
            File::Config => {
                out.push_str("root = \"okrs\"\n");
                return;
            }
            File::Set(n) => &self.sets[n].lines,
            File::Source(n) => &self.sources[n].lines,
        };
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
    }

    /// The next commit, with its change made to the files.
    fn step(&mut self) -> Step {
        self.time += 60 * (1 + self.rng.below(5)) as i64;
        let author = self.rng.below(AUTHORS.len());
        self.made += 1;
        let (kind, file, message) = if self.focus && self.made.is_multiple_of(FOCUS_ITERATION_EVERY)
        {
            let message = self.sets[0].restructure(&mut self.rng);
            (Kind::Structural, File::Set(0), message)
        } else if self.rng.below(STRUCTURAL_ONE_IN) == 0 {
            let n = self.rng.below(self.sets.len());
            let message = self.sets[n].restructure(&mut self.rng);
            (Kind::Structural, File::Set(n), message)
        } else if self.rng.below(2) == 0 {
            let n = if self.focus && self.rng.below(FOCUS_CHECK_IN_ONE_IN) == 0 {
                0
            } else {
                self.rng.below(self.sets.len())
            };
            let message = self.sets[n].check_in(&mut self.rng);
            (Kind::CheckIn, File::Set(n), message)
        } else {
            let n = self.rng.below(self.sources.len());
            let message = self.sources[n].change(&mut self.rng);
            (Kind::Source, File::Source(n), message)
        };
        Step {
            kind,
            author,
            time: self.time,
            message,
            file,
        }
    }
}

/// One OKR file, as lines, with where each value a commit changes is.
struct Set {
    team: String,
    path: String,
    lines: Vec<String>,
    version_line: usize,
    minor: u32,
    objectives: Vec<Objective>,
    key_results: Vec<KeyResult>,
}

struct Objective {
    template: &'static ObjectiveTemplate,
    wording: usize,
    title_line: usize,
}

/// A key result: its numbers in units of its precision (`3.2` with one
/// decimal is 32), and the lines they are on.
struct KeyResult {
    metric: &'static Metric,
    id: String,
    /// The index of its objective in [`Set::objectives`].
    objective: usize,
    wording: usize,
    current: i64,
    /// Hundredths: 70 is `0.7`.
    confidence: i64,
    restated: bool,
    title_line: usize,
    current_line: usize,
    confidence_line: usize,
    caveat_line: usize,
}

/// The key results under each objective of a set, by the set's index: 10
/// to 12 in all, which makes files of 5.5 to 7 KB.
const LAYOUTS: [&[usize]; 4] = [&[4, 3, 3], &[3, 3, 3, 3], &[4, 4, 3], &[3, 3, 4]];

/// The lowest and highest confidence a check-in sets, in hundredths.
const CONFIDENCE: (i64, i64) = (10, 95);

impl Set {
    fn new(n: usize, rng: &mut Rng) -> Set {
        let team = format!("team-{n:02}");
        let domain = &DOMAINS[n % DOMAINS.len()];
        let mut set = Set {
            path: format!("okrs/{HISTORY_PERIOD}/{team}.toml"),
            team,
            lines: Vec::with_capacity(200),
            version_line: 0,
            minor: 0,
            objectives: Vec::new(),
            key_results: Vec::new(),
        };
        let team = set.team.clone();
        let status = ["final", "review"][n % 2];
        set.push("format = 1");
        set.push(format!("team = {}", quote(&team)));
        set.push(format!("period = {}", quote(HISTORY_PERIOD)));
        set.push(format!("status = \"{status}\""));
        set.version_line = set.lines.len();
        set.push("version = \"1.0\"");
        set.push("");
        set.push("[positioning]");
        set.push(format!(
            "why = \"The company set up {team} so that {} does not depend on heroics: one team owns it end to end, from the code to the pager.\"",
            domain.name
        ));
        set.push(format!(
            "value = \"{} that is fast, rarely fails and costs what it should, so that product teams build on it without asking first.\"",
            capitalized(domain.name)
        ));
        set.push("measured_by = [");
        for dimension in domain.measured_by {
            set.push(format!("  \"{dimension}\","));
        }
        set.push("]");
        for (level, who, need) in [
            ("company", "executive team", domain.company_need),
            ("business", domain.customer, domain.business_need),
            ("department", "the team's engineers", domain.team_need),
        ] {
            set.push("");
            set.push("[[needs]]");
            set.push(format!("level = \"{level}\""));
            set.push(format!("who = \"{who}\""));
            set.push(format!("need = \"{need}\""));
        }

        let layout = LAYOUTS[n % LAYOUTS.len()];
        let mut metrics = (0..METRICS.len()).map(|k| &METRICS[(n * 7 + k) % METRICS.len()]);
        for (o, &key_results) in layout.iter().enumerate() {
            let template = &OBJECTIVES[(n + o) % OBJECTIVES.len()];
            set.push("");
            set.push("[[objectives]]");
            set.push(format!("id = \"{}\"", template.id));
            set.objectives.push(Objective {
                template,
                wording: 0,
                title_line: set.lines.len(),
            });
            set.push(format!("title = {}", quote(template.titles[0])));
            set.push(format!("theme = \"{}\"", template.theme));
            for _ in 0..key_results {
                if let Some(metric) = metrics.next() {
                    set.add_key_result(metric, metric.id.to_owned(), o, rng);
                }
            }
        }
        set
    }

    fn push(&mut self, line: impl Into<String>) {
        self.lines.push(line.into());
    }

    /// Appends a key result of `metric` to the end of the file, the last
    /// objective's, which is objective `objective`.
    fn add_key_result(
        &mut self,
        metric: &'static Metric,
        id: String,
        objective: usize,
        rng: &mut Rng,
    ) {
        let range = metric.target - metric.baseline;
        // A fifth to a half of the way there, rounded to the precision.
        let current = metric.baseline + range * (20 + rng.below(31) as i64) / 100;
        let confidence = 40 + 10 * rng.below(5) as i64;
        self.push("");
        self.push("[[objectives.key_results]]");
        self.push(format!("id = \"{id}\""));
        let title_line = self.lines.len();
        self.push(metric.title(0));
        self.push(format!("metric = {}", quote(metric.metric)));
        self.push(format!("unit = {}", quote(metric.unit)));
        self.push(format!("baseline = {}", metric.value(metric.baseline)));
        self.push(format!("target = {}", metric.value(metric.target)));
        let current_line = self.lines.len();
        self.push(format!("current = {}", metric.value(current)));
        let confidence_line = self.lines.len();
        self.push(format!("confidence = {}", confidence_text(confidence)));
        self.push(format!(
            "ambition = \"{}\"",
            ["committed", "aspirational"][self.key_results.len() % 2]
        ));
        self.push(format!("owner = {}", quote(&self.team)));
        let caveat_line = self.lines.len();
        self.push(format!("caveat = {}", quote(metric.caveat)));
        self.key_results.push(KeyResult {
            metric,
            id,
            objective,
            wording: 0,
            current,
            confidence,
            restated: false,
            title_line,
            current_line,
            confidence_line,
            caveat_line,
        });
    }

    /// A check-in on one key result: `current` a step or two (usually
    /// towards the target, never past the baseline or the target), and in
    /// about half of them `confidence` too. Returns the commit message.
    fn check_in(&mut self, rng: &mut Rng) -> String {
        let k = rng.below(self.key_results.len());
        let kr = &mut self.key_results[k];
        let metric = kr.metric;
        let (low, high) = (
            metric.baseline.min(metric.target),
            metric.baseline.max(metric.target),
        );
        let towards = if metric.target > metric.baseline {
            1
        } else {
            -1
        };
        let step = ((high - low) / 16).max(1) * (1 + rng.below(2) as i64);
        let direction = if rng.below(20) < 11 {
            towards
        } else {
            -towards
        };
        let old = kr.current;
        kr.current = (old + direction * step).clamp(low, high);
        if kr.current == old {
            kr.current = (old - direction * step).clamp(low, high);
        }
        let old_confidence = kr.confidence;
        let confidence_moved = rng.below(2) == 0;
        if confidence_moved {
            let by = 5 * (1 + rng.below(2) as i64);
            let by = if rng.below(2) == 0 { by } else { -by };
            kr.confidence = (old_confidence + by).clamp(CONFIDENCE.0, CONFIDENCE.1);
            if kr.confidence == old_confidence {
                kr.confidence = (old_confidence - by).clamp(CONFIDENCE.0, CONFIDENCE.1);
            }
        }
        let (value, confidence) = (metric.value(kr.current), confidence_text(kr.confidence));
        self.lines[kr.current_line] = format!("current = {value}");
        self.lines[kr.confidence_line] = format!("confidence = {confidence}");

        let objective = self.objectives[kr.objective].template.id;
        let mut note = NOTES[rng.below(NOTES.len())].to_owned();
        if confidence_moved {
            note.push_str(&format!(
                " Confidence {} → {confidence}.",
                confidence_text(old_confidence)
            ));
        }
        format!(
            "checkin({team}/{id}): {old} → {value} {unit}, progress {from}% → {to}%\n\n{note}\n\nOKR-Checkin: {team}/{objective}/{id}\nOKR-Value: {value}\nOKR-Confidence: {confidence}\n",
            team = self.team,
            id = kr.id,
            old = metric.value(old),
            unit = metric.unit,
            from = metric.progress(old),
            to = metric.progress(kr.current),
        )
    }

    /// A change to the set's definition, with its `version` bumped: a key
    /// result's or an objective's title reworded, a caveat restated, or a
    /// key result added to the last objective. Returns the commit message.
    fn restructure(&mut self, rng: &mut Rng) -> String {
        self.minor += 1;
        self.lines[self.version_line] = format!("version = \"1.{}\"", self.minor);
        let subject = match rng.below(4) {
            0 => {
                let k = rng.below(self.key_results.len());
                let kr = &mut self.key_results[k];
                kr.wording += 1;
                self.lines[kr.title_line] = kr.metric.title(kr.wording);
                format!("reword key result {}", kr.id)
            }
            1 => {
                let o = rng.below(self.objectives.len());
                let objective = &mut self.objectives[o];
                objective.wording += 1;
                let titles = objective.template.titles;
                self.lines[objective.title_line] = format!(
                    "title = {}",
                    quote(titles[objective.wording % titles.len()])
                );
                format!("reword objective {}", objective.template.id)
            }
            2 => {
                let k = rng.below(self.key_results.len());
                let kr = &mut self.key_results[k];
                kr.restated = !kr.restated;
                let caveat = if kr.restated {
                    format!(
                        "{} Re-checked against the raw data in the monthly review.",
                        kr.metric.caveat
                    )
                } else {
                    kr.metric.caveat.to_owned()
                };
                self.lines[kr.caveat_line] = format!("caveat = {}", quote(&caveat));
                format!("restate the caveat of {}", kr.id)
            }
            _ => {
                let metric = &METRICS[rng.below(METRICS.len())];
                let id = self.unused_id(metric.id);
                let objective = self.objectives.len() - 1;
                self.add_key_result(metric, id.clone(), objective, rng);
                format!(
                    "add key result {id} to {}",
                    self.objectives[objective].template.id
                )
            }
        };
        format!(
            "okr({}): {subject}\n\nAgreed in the monthly review; version 1.{}.\n",
            self.team, self.minor
        )
    }

    /// `id`, or `id-2`, `id-3`, … if a key result of the set has it.
    fn unused_id(&self, id: &str) -> String {
        let taken = |candidate: &str| self.key_results.iter().any(|kr| kr.id == candidate);
        let mut candidate = id.to_owned();
        let mut n = 1;
        while taken(&candidate) {
            n += 1;
            candidate = format!("{id}-{n}");
        }
        candidate
    }
}

/// `0.65`, `0.7`: a confidence of `hundredths` as a person writes it.
fn confidence_text(hundredths: i64) -> String {
    decimal(hundredths, 2)
}

/// `units` of 10^-`decimals` written without trailing zeros: `decimal(320,
/// 2)` is `3.2`, `decimal(41, 0)` is `41`.
fn decimal(units: i64, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals);
    let (whole, fraction) = (units / scale, (units % scale).abs());
    let sign = if units < 0 && whole == 0 { "-" } else { "" };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{fraction:0width$}", width = decimals as usize);
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A source file: a few constants, two of which its commits tune.
struct Source {
    path: String,
    area: &'static str,
    module: String,
    lines: Vec<String>,
    retries: u32,
    timeout: u32,
    revision: u32,
}

/// The lines of [`Source::lines`] that change.
const RETRIES_LINE: usize = 3;
const TIMEOUT_LINE: usize = 6;
const REVISION_LINE: usize = 9;

const AREAS: [&str; 10] = [
    "api",
    "billing",
    "catalog",
    "checkout",
    "db",
    "jobs",
    "search",
    "storefront",
    "auth",
    "util",
];

impl Source {
    fn new(n: usize) -> Source {
        let area = AREAS[n % AREAS.len()];
        let module = format!("module_{:02}", n / AREAS.len());
        let (retries, timeout) = (1 + n as u32 % 5, 200 + 50 * (n as u32 % 7));
        let lines = vec![
            format!("//! The {area} service: {module}, and how it talks to the others."),
            String::new(),
            "/// How many times a call is retried before its error is returned.".to_owned(),
            format!("pub const RETRIES: u32 = {retries};"),
            String::new(),
            "/// How long a call may take, in milliseconds.".to_owned(),
            format!("pub const TIMEOUT_MS: u32 = {timeout};"),
            String::new(),
            "/// The revision of these settings, bumped on each change.".to_owned(),
            "pub const REVISION: u32 = 1;".to_owned(),
            String::new(),
            "/// What this module is, for logs.".to_owned(),
            "pub fn describe() -> &'static str {".to_owned(),
            format!("    \"{area}/{module}\""),
            "}".to_owned(),
        ];
        Source {
            path: format!("src/{area}/{module}.rs"),
            area,
            module,
            lines,
            retries,
            timeout,
            revision: 1,
        }
    }

    /// Tunes the retries or the timeout, and bumps the revision. Returns
    /// the commit message.
    fn change(&mut self, rng: &mut Rng) -> String {
        self.revision += 1;
        self.lines[REVISION_LINE] = format!("pub const REVISION: u32 = {};", self.revision);
        let (area, module) = (self.area, &self.module);
        if rng.below(2) == 0 {
            let old = self.retries;
            self.retries = 1 + (old + rng.below(4) as u32) % 6;
            if self.retries == old {
                self.retries = old % 6 + 1;
            }
            self.lines[RETRIES_LINE] = format!("pub const RETRIES: u32 = {};", self.retries);
            format!(
                "fix({area}): retry {module} calls {} times, not {old}\n\n{}\n",
                self.retries,
                REASONS[rng.below(REASONS.len())]
            )
        } else {
            let old = self.timeout;
            self.timeout = 100 + (old + 50 * (1 + rng.below(8) as u32)) % 900;
            self.lines[TIMEOUT_LINE] = format!("pub const TIMEOUT_MS: u32 = {};", self.timeout);
            format!(
                "perf({area}): time {module} calls out after {} ms, not {old}\n\n{}\n",
                self.timeout,
                REASONS[rng.below(REASONS.len())]
            )
        }
    }
}

const REASONS: [&str; 4] = [
    "Seen in last week's traces; the old value was a guess.",
    "The downstream service changed its limits.",
    "Follows the load test of Tuesday.",
    "Asked for in the incident review.",
];

const NOTES: [&str; 6] = [
    "Weekly numbers from the dashboard.",
    "Read off the monthly report; the trend holds.",
    "Moved after the release on Tuesday; watching whether it lasts.",
    "Measured over the last seven days, as the metric says.",
    "Slower than planned: two of us were on call this week.",
    "The fix from the last retro shows up in the numbers.",
];

/// What a team looks after, for the text of its set's header.
struct Domain {
    name: &'static str,
    customer: &'static str,
    measured_by: [&'static str; 3],
    company_need: &'static str,
    business_need: &'static str,
    team_need: &'static str,
}

const DOMAINS: [Domain; 5] = [
    Domain {
        name: "the road to production",
        customer: "product teams",
        measured_by: [
            "CI and deploy times",
            "availability of the runtime",
            "cloud spend per workload",
        ],
        company_need: "Cloud spend that does not grow in step with orders.",
        business_need: "Deploy without waiting for a shared CI queue that takes longer than the change took to write.",
        team_need: "Nights without pages from alerts nobody can act on, and time to pay down hand-written configuration.",
    },
    Domain {
        name: "checkout",
        customer: "commerce business unit",
        measured_by: [
            "failed checkout attempts",
            "checkout latency",
            "support tickets about payments",
        ],
        company_need: "Revenue that is never lost to an outage in the peak weeks.",
        business_need: "A checkout that customers finish on the first try, on every device.",
        team_need: "Releases small enough to review in one sitting, and a rollback that takes seconds.",
    },
    Domain {
        name: "search",
        customer: "catalogue and marketing teams",
        measured_by: [
            "search latency",
            "searches that end in a click",
            "cost per thousand queries",
        ],
        company_need: "Customers who find what they came for without calling support.",
        business_need: "New products searchable within minutes of being listed, not the next morning.",
        team_need: "An index rebuild that nobody has to babysit overnight.",
    },
    Domain {
        name: "the data platform",
        customer: "analysts and finance",
        measured_by: [
            "freshness of the certified dashboards",
            "failed pipeline runs",
            "warehouse cost per query",
        ],
        company_need: "Numbers in the board report that nobody has to double-check.",
        business_need: "Dashboards that are fresh before the morning stand-up, every day.",
        team_need: "Pipelines with owners, tests and alerts, instead of tribal knowledge.",
    },
    Domain {
        name: "the mobile apps",
        customer: "mobile product team",
        measured_by: ["crash-free sessions", "app start time", "release cadence"],
        company_need: "An app store rating that helps marketing rather than hurting it.",
        business_need: "A release every week without a manual test marathon.",
        team_need: "A build that finishes before the coffee does, and fewer flaky UI tests.",
    },
];

/// An objective a set can have, in the words of each rewording.
struct ObjectiveTemplate {
    id: &'static str,
    theme: &'static str,
    titles: &'static [&'static str],
}

const OBJECTIVES: [ObjectiveTemplate; 8] = [
    ObjectiveTemplate {
        id: "paved-road",
        theme: "efficiency",
        titles: &[
            "A paved road so smooth that teams stop asking for exceptions",
            "A road to production so smooth that nobody asks for an exception",
        ],
    },
    ObjectiveTemplate {
        id: "quiet-at-peak",
        theme: "quality",
        titles: &[
            "Peak season is the part of the year nobody talks about",
            "Peak season passes without anyone noticing the systems",
        ],
    },
    ObjectiveTemplate {
        id: "lean-cloud",
        theme: "cost",
        titles: &[
            "Every dollar of cloud spend does useful work",
            "No dollar of cloud spend goes to idle machines",
        ],
    },
    ObjectiveTemplate {
        id: "fast-feedback",
        theme: "efficiency",
        titles: &[
            "Engineers learn whether a change works within minutes",
            "A change tells its author whether it works before lunch",
        ],
    },
    ObjectiveTemplate {
        id: "trusted-data",
        theme: "assets",
        titles: &[
            "Decisions rest on data people trust without checking",
            "Nobody double-checks a dashboard before a decision",
        ],
    },
    ObjectiveTemplate {
        id: "calm-on-call",
        theme: "quality",
        titles: &[
            "On-call is a week people do not dread",
            "On-call is a quiet week, not a dreaded one",
        ],
    },
    ObjectiveTemplate {
        id: "customers-never-wait",
        theme: "business",
        titles: &[
            "Customers never wait for us",
            "Customers never notice us making them wait",
        ],
    },
    ObjectiveTemplate {
        id: "safe-by-default",
        theme: "security",
        titles: &[
            "Doing the safe thing is the easy thing",
            "The safe way is the shortest way",
        ],
    },
];

/// A key result a set can have: what it measures, its range in units of
/// its precision (`decimals`), and the words around it.
struct Metric {
    id: &'static str,
    what: &'static str,
    metric: &'static str,
    unit: &'static str,
    baseline: i64,
    target: i64,
    decimals: u32,
    caveat: &'static str,
}

impl Metric {
    /// `units` in this metric's precision, as a person writes it.
    fn value(&self, units: i64) -> String {
        decimal(units, self.decimals)
    }

    /// The progress of `current` from the baseline to the target, in whole
    /// percent (0 to 100 between them).
    fn progress(&self, current: i64) -> i64 {
        let (mut done, mut range) = (current - self.baseline, self.target - self.baseline);
        if range < 0 {
            (done, range) = (-done, -range);
        }
        (2 * done * 100 + range) / (2 * range).max(1)
    }

    /// The `title = …` line in the `wording`-th words.
    fn title(&self, wording: usize) -> String {
        let verbs = if self.target > self.baseline {
            ["Raise", "Grow", "Lift"]
        } else {
            ["Cut", "Reduce", "Bring down"]
        };
        let with_unit = |units: i64| match self.unit {
            "%" | "×" => format!("{}{}", self.value(units), self.unit),
            unit => format!("{} {unit}", self.value(units)),
        };
        let title = format!(
            "{} {} from {} to {}",
            verbs[wording % verbs.len()],
            self.what,
            with_unit(self.baseline),
            with_unit(self.target)
        );
        format!("title = {}", quote(&title))
    }
}

const METRICS: [Metric; 20] = [
    Metric {
        id: "ci-pipeline-time",
        what: "median CI pipeline time on main",
        metric: "median wall-clock minutes from push to green pipeline on the default branch, all repositories on the shared CI, weekly",
        unit: "minutes",
        baseline: 140,
        target: 60,
        decimals: 1,
        caveat: "Queue time is included, so the number also moves with how busy the runners are, not only with build speed.",
    },
    Metric {
        id: "rollback-time",
        what: "the time to roll back a bad deploy",
        metric: "median minutes from the decision to roll back to the previous version serving all traffic, real rollbacks and monthly drills",
        unit: "minutes",
        baseline: 25,
        target: 3,
        decimals: 0,
        caveat: "Real rollbacks are rare, so most samples come from drills, which are calmer than a real incident.",
    },
    Metric {
        id: "services-on-shared-pipeline",
        what: "the share of services deployed through the shared pipeline",
        metric: "services whose last production deploy went through the shared pipeline / all production services in the service catalogue",
        unit: "%",
        baseline: 62,
        target: 90,
        decimals: 0,
        caveat: "Counts services, not deploys; the service catalogue misses some internal tools, and three batch jobs cannot move this quarter.",
    },
    Metric {
        id: "ingress-availability",
        what: "ingress availability",
        metric: "successful synthetic probes / all probes against the public ingress, every 30 seconds from two regions, monthly",
        unit: "%",
        baseline: 9992,
        target: 9999,
        decimals: 2,
        caveat: "Synthetic probes miss partial failures that affect one availability zone or one customer segment.",
    },
    Metric {
        id: "peak-load-headroom",
        what: "the load the checkout path sustains, as a multiple of last year's peak,",
        metric: "highest multiple of last year's peak request rate held for 30 minutes with p99 under 500 ms in the monthly load test",
        unit: "×",
        baseline: 18,
        target: 32,
        decimals: 1,
        caveat: "The load test runs against staging with production-sized data but a synthetic traffic mix; real peak traffic has more search.",
    },
    Metric {
        id: "out-of-hours-pages",
        what: "out-of-hours pages to on-call",
        metric: "pages outside 08:00-19:00 local time to the team's rotation, mean per week over the last four weeks",
        unit: "pages/week",
        baseline: 9,
        target: 3,
        decimals: 0,
        caveat: "A page that wakes two people counts once; pages the alerting tool dropped are not counted at all.",
    },
    Metric {
        id: "idle-compute",
        what: "the idle share of reserved compute",
        metric: "CPU requested but not used / CPU requested, across the production clusters, hourly samples averaged per week",
        unit: "%",
        baseline: 38,
        target: 20,
        decimals: 0,
        caveat: "CPU only: memory-bound workloads look idle by this measure even when they are sized right.",
    },
    Metric {
        id: "cost-per-replica-hour",
        what: "compute cost per replica-hour",
        metric: "compute cost of the production clusters / replica-hours served, from the billing export and the cluster scheduler, monthly",
        unit: "USD",
        baseline: 48,
        target: 36,
        decimals: 3,
        caveat: "Shared cluster costs are split by requested CPU, not use, so a team that over-requests is charged for it here.",
    },
    Metric {
        id: "failed-checkouts",
        what: "failed checkout attempts",
        metric: "failed checkout attempts / all checkout attempts, web and both apps, 7-day mean",
        unit: "%",
        baseline: 40,
        target: 28,
        decimals: 1,
        caveat: "Baseline from two weeks of logs; the oldest versions of the mobile apps are not instrumented.",
    },
    Metric {
        id: "search-latency",
        what: "p95 search latency",
        metric: "95th percentile of server-side search response time over all queries, 7-day window",
        unit: "ms",
        baseline: 420,
        target: 250,
        decimals: 0,
        caveat: "Server-side only: the time spent in the browser and on the network is not measured here.",
    },
    Metric {
        id: "flaky-test-failures",
        what: "the share of CI runs failed by a flaky test",
        metric: "runs on the default branch that failed and then passed on retry with no change / all runs, weekly",
        unit: "%",
        baseline: 75,
        target: 20,
        decimals: 1,
        caveat: "A retry that passes is taken to mean a flaky test, which also counts some real race conditions as flakes.",
    },
    Metric {
        id: "lead-time",
        what: "the median lead time from merge to production",
        metric: "median hours from a change merged on the default branch to that change serving production traffic, weekly",
        unit: "hours",
        baseline: 30,
        target: 4,
        decimals: 0,
        caveat: "Changes behind feature flags count as deployed when the code ships, not when the flag is turned on.",
    },
    Metric {
        id: "restore-time",
        what: "the time to restore service after a failed release",
        metric: "median minutes from a failed release detected to service restored, all incidents of severity 1 and 2",
        unit: "minutes",
        baseline: 45,
        target: 20,
        decimals: 0,
        caveat: "Restores from before the incident tool existed are estimates from the chat history.",
    },
    Metric {
        id: "fresh-dashboards",
        what: "the share of dashboards refreshed within the hour",
        metric: "certified dashboards whose source tables were updated less than 60 minutes before the check / all certified dashboards, hourly",
        unit: "%",
        baseline: 71,
        target: 95,
        decimals: 0,
        caveat: "Only certified dashboards count; ad-hoc notebooks and exports are out of scope.",
    },
    Metric {
        id: "crash-free-sessions",
        what: "crash-free mobile sessions",
        metric: "sessions without an app crash / all sessions, both apps, 28-day rolling mean",
        unit: "%",
        baseline: 991,
        target: 997,
        decimals: 1,
        caveat: "Crashes that kill the app before the crash reporter starts are not seen at all.",
    },
    Metric {
        id: "support-tickets",
        what: "technical support tickets per thousand orders",
        metric: "tickets tagged with a technical cause / thousands of orders, monthly",
        unit: "tickets/1k orders",
        baseline: 64,
        target: 35,
        decimals: 1,
        caveat: "Tagging is done by the support agents and is not always consistent between shifts.",
    },
    Metric {
        id: "first-try-logins",
        what: "the first-try login success rate",
        metric: "logins that succeed on the first attempt / all login attempts, web and apps, 7-day mean",
        unit: "%",
        baseline: 88,
        target: 96,
        decimals: 0,
        caveat: "Attempts abandoned before the form is submitted are not counted.",
    },
    Metric {
        id: "page-weight",
        what: "the median page weight of the storefront",
        metric: "median transferred kilobytes of the ten most visited storefront pages, first visit, weekly crawl",
        unit: "KB",
        baseline: 2400,
        target: 1200,
        decimals: 0,
        caveat: "The crawl uses a desktop browser; the mobile pages may be lighter or heavier.",
    },
    Metric {
        id: "actionable-alerts",
        what: "the share of alerts that need action",
        metric: "alerts acted upon within an hour / all alerts sent to the rotation, monthly",
        unit: "%",
        baseline: 35,
        target: 80,
        decimals: 0,
        caveat: "Whether an alert was acted upon is read from the incident notes, which are sometimes missing.",
    },
    Metric {
        id: "query-cost",
        what: "the warehouse cost per query",
        metric: "warehouse spend / queries run, from the billing export, monthly",
        unit: "USD",
        baseline: 21,
        target: 12,
        decimals: 2,
        caveat: "Scheduled and interactive queries are mixed, so one new heavy job moves the mean.",
    },
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use okr_model::ParsedFile;

    use super::*;

    fn parse_clean(path: &str, text: &str) -> ParsedFile {
        let parsed = okr_model::parse(path, text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{path} has diagnostics: {:#?}\n{text}",
            parsed.diagnostics
        );
        assert!(parsed.set.is_some(), "{path} has no set");
        parsed
    }

    /// Every set of `history`, parsed; fails on any diagnostic, in a file
    /// or across files.
    fn parse_sets(history: &History) -> Vec<ParsedFile> {
        let mut text = String::new();
        let parsed: Vec<ParsedFile> = (0..HISTORY_SETS)
            .map(|n| {
                history.render(File::Set(n), &mut text);
                parse_clean(history.path(File::Set(n)), &text)
            })
            .collect();
        let diagnostics = okr_model::check_sets(&parsed);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        parsed
    }

    /// The trailers of a commit message, by key.
    fn trailers(message: &str) -> BTreeMap<&str, &str> {
        let last = message.trim_end().rsplit("\n\n").next().unwrap_or("");
        last.lines().filter_map(|l| l.split_once(": ")).collect()
    }

    #[test]
    fn values_are_written_as_a_person_writes_them() {
        assert_eq!(decimal(320, 2), "3.2");
        assert_eq!(decimal(41, 0), "41");
        assert_eq!(decimal(60, 1), "6");
        assert_eq!(decimal(48, 3), "0.048");
        assert_eq!(decimal(9999, 2), "99.99");
        assert_eq!(decimal(9990, 2), "99.9");
        assert_eq!(decimal(-5, 1), "-0.5");
        assert_eq!(confidence_text(65), "0.65");
        assert_eq!(confidence_text(70), "0.7");
        assert_eq!(METRICS[0].progress(140), 0);
        assert_eq!(METRICS[0].progress(60), 100);
        assert_eq!(METRICS[0].progress(95), 56);
        assert_eq!(
            METRICS[0].title(0),
            "title = \"Cut median CI pipeline time on main from 14 minutes to 6 minutes\""
        );
        assert_eq!(
            METRICS[2].title(1),
            "title = \"Grow the share of services deployed through the shared pipeline from 62% to 90%\""
        );
    }

    #[test]
    fn the_sets_start_valid_and_of_their_size() {
        let history = History::new(false, HISTORY_SETS);
        let sets = parse_sets(&history);
        let mut text = String::new();
        for (n, parsed) in sets.iter().enumerate() {
            history.render(File::Set(n), &mut text);
            assert!(
                (5_000..=7_000).contains(&text.len()),
                "{} bytes",
                text.len()
            );
            let set = parsed.set.as_ref().expect("a set");
            let objectives = set.objectives.len();
            assert!((3..=4).contains(&objectives), "{objectives} objectives");
            for objective in &set.objectives {
                let krs = objective.key_results.len();
                assert!((3..=4).contains(&krs), "{krs} key results");
            }
            for (_, kr) in set.key_results() {
                assert!(kr.metric.is_some() && kr.unit.is_some() && kr.caveat.is_some());
                assert!(kr.owner.is_some() && kr.confidence.is_some());
                assert!(kr.baseline.is_some() && kr.target.is_some() && kr.current.is_some());
            }
        }
    }

    #[test]
    fn a_focused_history_makes_one_set_busy() {
        let mut history = History::new(true, HISTORY_SETS);
        let (mut check_ins, mut iterations) = (0, 0);
        let steps = 20_000;
        for _ in 0..steps {
            let step = history.step();
            match (step.kind, step.file) {
                (Kind::CheckIn, File::Set(0)) => check_ins += 1,
                (Kind::Structural, File::Set(0)) => iterations += 1,
                _ => {}
            }
        }
        // A tenth of about 10,000 check-ins; one iteration in 2,000 commits
        // and its share of the others.
        assert!((850..=1_150).contains(&check_ins), "{check_ins} check-ins");
        assert!((10..=15).contains(&iterations), "{iterations} iterations");
        let mut text = String::new();
        history.render(File::Set(0), &mut text);
        parse_clean(history.path(File::Set(0)), &text);
    }

    #[test]
    fn the_generator_keeps_every_set_valid() {
        let mut history = History::new(false, HISTORY_SETS);
        let mut text = String::new();
        let mut before: Vec<String> = history
            .files()
            .map(|file| {
                history.render(file, &mut text);
                text.clone()
            })
            .collect();
        let index = |file: File| match file {
            File::Config => 0,
            File::Set(n) => 1 + n,
            File::Source(n) => 1 + HISTORY_SETS + n,
        };
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut time = START;
        let steps = 20_000;
        for i in 0..steps {
            let step = history.step();
            assert!(step.time > time, "dates rise");
            time = step.time;
            history.render(step.file, &mut text);
            let old = &before[index(step.file)];
            let changed = old
                .lines()
                .zip(text.lines())
                .filter(|(a, b)| a != b)
                .count();
            let added = text.lines().count() - old.lines().count();
            match step.kind {
                Kind::CheckIn => {
                    *kinds.entry("check-in").or_default() += 1;
                    assert!((1..=2).contains(&changed) && added == 0, "{}", step.message);
                    // The first few thousand: the message says what the file does.
                    if i < 3_000 {
                        let parsed = parse_clean(history.path(step.file), &text);
                        let trailers = trailers(&step.message);
                        let checkin = trailers.get("OKR-Checkin").expect("OKR-Checkin");
                        let (team, rest) = checkin.split_once('/').expect("team/…");
                        let (objective, id) = rest.split_once('/').expect("objective/kr");
                        let set = parsed.set.as_ref().expect("a set");
                        assert_eq!(set.team, team);
                        let (_, kr) = set
                            .key_results()
                            .find(|(o, kr)| o.id == objective && kr.id == id)
                            .unwrap_or_else(|| panic!("{checkin} in {}", step.message));
                        let value: f64 = trailers["OKR-Value"].parse().expect("a number");
                        let confidence: f64 = trailers["OKR-Confidence"].parse().expect("a number");
                        assert_eq!(kr.current, Some(value));
                        assert_eq!(kr.confidence, Some(confidence));
                        assert!(step.message.starts_with(&format!("checkin({team}/{id}): ")));
                    }
                }
                Kind::Structural => {
                    *kinds.entry("structural").or_default() += 1;
                    assert!(
                        changed == 2 || (changed == 1 && added > 0),
                        "{}",
                        step.message
                    );
                    parse_clean(history.path(step.file), &text);
                }
                Kind::Source => {
                    *kinds.entry("source").or_default() += 1;
                    assert!(matches!(step.file, File::Source(_)));
                    assert_eq!((changed, added), (2, 0), "{}", step.message);
                }
                Kind::Start => panic!("a second start"),
            }
            before[index(step.file)] = text.clone();
            if i % 5_000 == 0 {
                parse_sets(&history);
            }
        }
        // About half and half, and about one in 500 structural.
        assert!(
            kinds["check-in"].abs_diff(steps / 2) < steps / 20,
            "{kinds:?}"
        );
        assert!(
            kinds["source"].abs_diff(steps / 2) < steps / 20,
            "{kinds:?}"
        );
        assert!((20..=60).contains(&kinds["structural"]), "{kinds:?}");

        // Every value stayed between its baseline and target, every
        // confidence between 0 and 1.
        for parsed in parse_sets(&history) {
            let set = parsed.set.expect("a set");
            assert!(set.key_results().count() >= 10);
            for (_, kr) in set.key_results() {
                let (b, t, c) = (
                    kr.baseline.expect("baseline"),
                    kr.target.expect("target"),
                    kr.current.expect("current"),
                );
                assert!(
                    b.min(t) <= c && c <= b.max(t),
                    "{}: {c} not in {b}..{t}",
                    kr.id
                );
                let confidence = kr.confidence.expect("confidence");
                assert!((0.0..=1.0).contains(&confidence));
            }
        }
    }

    /// `git ARGS` in `dir`, its output.
    fn git_out(dir: &Path, args: &[&str]) -> io::Result<String> {
        run(git(dir).args(args))
    }

    #[test]
    fn the_repository_has_the_history() -> Result<(), Box<dyn std::error::Error>> {
        let commits = 200;
        let dir = tempfile::tempdir()?;
        let repo = dir.path().join("repo");
        write_history_repository(&repo, commits)?;

        let count = git_out(&repo, &["rev-list", "--count", "main"])?;
        assert_eq!(count.trim(), commits.to_string());
        let okrs = git_out(&repo, &["log", "--format=%H", "--", "okrs/"])?;
        let okrs = okrs.lines().count();
        assert!((70..=130).contains(&okrs), "{okrs} commits change okrs/");
        assert_eq!(
            git_out(&repo, &["status", "--porcelain"])?,
            "",
            "checked out"
        );
        assert_eq!(
            git_out(&repo, &["symbolic-ref", "HEAD"])?.trim(),
            "refs/heads/main"
        );

        // Every OKR file at HEAD is valid.
        let paths = git_out(
            &repo,
            &["ls-tree", "-r", "--name-only", "HEAD", "--", "okrs"],
        )?;
        let paths: Vec<&str> = paths.lines().collect();
        assert_eq!(paths.len(), HISTORY_SETS);
        let parsed: Vec<ParsedFile> = paths
            .iter()
            .map(|path| {
                Ok(parse_clean(
                    path,
                    &std::fs::read_to_string(repo.join(path))?,
                ))
            })
            .collect::<io::Result<_>>()?;
        assert!(okr_model::check_sets(&parsed).is_empty());
        let sources = git_out(
            &repo,
            &["ls-tree", "-r", "--name-only", "HEAD", "--", "src"],
        )?;
        assert_eq!(sources.lines().count(), HISTORY_SOURCES);
        assert_eq!(
            std::fs::read_to_string(repo.join("okr.toml"))?,
            "root = \"okrs\"\n"
        );

        // A check-in changes one file, and git reads its three trailers.
        let checkin = git_out(&repo, &["log", "-1", "--format=%H", "--grep=^checkin("])?;
        let checkin = checkin.trim();
        let files = git_out(&repo, &["show", "--format=", "--name-only", checkin])?;
        assert_eq!(files.lines().count(), 1, "{files}");
        assert!(files.starts_with("okrs/2026-Q4/team-"), "{files}");
        let message = git_out(&repo, &["log", "-1", "--format=%B", checkin])?;
        let message_file = dir.path().join("message");
        std::fs::write(&message_file, &message)?;
        let parsed = git_out(
            &repo,
            &[
                "interpret-trailers",
                "--parse",
                &message_file.to_string_lossy(),
            ],
        )?;
        let keys: Vec<&str> = parsed
            .lines()
            .filter_map(|l| l.split_once(": ").map(|(k, _)| k))
            .collect();
        assert_eq!(
            keys,
            ["OKR-Checkin", "OKR-Value", "OKR-Confidence"],
            "{message}"
        );
        let people = git_out(&repo, &["log", "--format=%an %ae %ad|%cn %ce %cd"])?;
        for line in people.lines() {
            let (author, committer) = line.split_once('|').expect("two sides");
            assert_eq!(author, committer);
        }
        let first = git_out(&repo, &["log", "--reverse", "--format=%aI", "main"])?;
        assert!(first.starts_with("2026-10-01T"), "{first}");

        // The same commits every time.
        let again = dir.path().join("again");
        write_history_repository(&again, commits)?;
        assert_eq!(
            git_out(&repo, &["rev-parse", "HEAD"])?,
            git_out(&again, &["rev-parse", "HEAD"])?
        );
        assert!(
            write_history_repository(&again, commits).is_err(),
            "not empty"
        );
        assert!(write_history_repository(&dir.path().join("none"), 0).is_err());
        Ok(())
    }
}
