//! `git okr demo [DIR]`: build a git repository that plays a quarter of
//! OKRs for a technical department and three teams, then show it.
//!
//! The story is data: `demo/script.toml` (the steps, in order),
//! `demo/checkins.toml` (twelve weeks of check-ins) and the texts beside
//! them (each set's draft at 1.0). This module only plays it. Every step
//! runs this very binary, or git, as a child process in the demo's folder,
//! so what the demo shows is what the tool does; and every child gets the
//! same hermetic environment (the step's person as author and committer,
//! its date, no user or system git configuration), so the same binary makes
//! the same commits, byte for byte, wherever it runs.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::args::{Color, DemoArgs, styled};
use crate::error::CommandError;

// ---------------------------------------------------------------------------
// The data: what the demo plays.

/// The steps of the quarter, in order.
const SCRIPT: &str = include_str!("demo/script.toml");

/// The weekly check-ins.
const CHECKINS: &str = include_str!("demo/checkins.toml");

/// The texts a step may `write`, by name.
const TEXTS: &[(&str, &str)] = &[
    ("repo-readme.md", include_str!("demo/repo-readme.md")),
    ("okr.toml", include_str!("demo/okr.toml")),
    ("gitignore", include_str!("demo/gitignore")),
    ("okr.schema.json", crate::schema::SCHEMA),
    ("engineering.toml", include_str!("demo/engineering.toml")),
    ("platform.toml", include_str!("demo/platform.toml")),
    ("checkout.toml", include_str!("demo/checkout.toml")),
    ("mobile.toml", include_str!("demo/mobile.toml")),
];

/// `demo/script.toml`; its opening comment describes each key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    department: String,
    period: String,
    as_of: String,
    intro: String,
    people: BTreeMap<String, String>,
    step: Vec<Step>,
    #[serde(rename = "try")]
    tries: Vec<Try>,
}

/// One step of the script.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    phase: Option<String>,
    at: Option<String>,
    by: Option<String>,
    #[serde(default)]
    show: bool,
    #[serde(default)]
    write: BTreeMap<String, String>,
    file: Option<String>,
    #[serde(default)]
    edit: Vec<Edit>,
    remove: Option<String>,
    commit: Option<String>,
    reject: Option<String>,
    okr: Option<Vec<String>>,
    checkins: Option<(u32, u32)>,
}

/// A replacement in a file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    from: String,
    to: String,
}

/// A command the demo suggests trying at the end.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Try {
    command: String,
    what: String,
}

/// `demo/checkins.toml`; its opening comment describes each key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rounds {
    first: String,
    zone: String,
    team: Vec<Team>,
}

/// A team's weekly check-ins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Team {
    set: String,
    time: String,
    by: Vec<String>,
    weeks: Option<Vec<u32>>,
    notes: Vec<String>,
    #[serde(default)]
    learned: BTreeMap<String, String>,
    #[serde(default)]
    stop: BTreeMap<String, String>,
    kr: Vec<KeyResult>,
}

/// A key result's check-ins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyResult {
    id: String,
    by: Option<String>,
    weeks: Option<Vec<u32>>,
    values: Vec<f64>,
    confidence: Vec<f64>,
    #[serde(default)]
    notes: BTreeMap<String, String>,
    #[serde(default)]
    learned: BTreeMap<String, String>,
    #[serde(default)]
    stop: BTreeMap<String, String>,
}

/// The weeks of the quarter.
const WEEKS: u32 = 12;

impl Team {
    /// The weeks the team checks in.
    fn weeks(&self) -> Vec<u32> {
        self.weeks.clone().unwrap_or_else(|| (1..=WEEKS).collect())
    }
}

impl KeyResult {
    /// The key result's value and confidence in `week`, if it has a
    /// check-in then.
    fn in_week(&self, team: &Team, week: u32) -> Option<(f64, f64)> {
        let weeks = self.weeks.clone().unwrap_or_else(|| team.weeks());
        let index = weeks.iter().position(|w| *w == week)?;
        Some((*self.values.get(index)?, *self.confidence.get(index)?))
    }
}

/// A week's entry of a map keyed by week number.
fn of_week(map: &BTreeMap<String, String>, week: u32) -> Option<&str> {
    map.get(&week.to_string()).map(String::as_str)
}

/// Reads and checks the data; an error here is a mistake in the data.
fn load() -> Result<(Script, Rounds), String> {
    let script: Script = toml::from_str(SCRIPT).map_err(|e| format!("script.toml: {e}"))?;
    let rounds: Rounds = toml::from_str(CHECKINS).map_err(|e| format!("checkins.toml: {e}"))?;
    for person in script.people.values() {
        person_of(person).ok_or_else(|| format!("script.toml: `{person}` is not Name <email>"))?;
    }
    let known = |who: &str, place: &str| {
        if script.people.contains_key(who) {
            Ok(())
        } else {
            Err(format!("{place}: `{who}` is not in [people]"))
        }
    };
    if script.step.first().is_none_or(|step| step.phase.is_none()) {
        return Err("script.toml: the first step must start a phase".to_owned());
    }
    for (i, step) in script.step.iter().enumerate() {
        let place = format!("script.toml: step {}", i + 1);
        let actions = [
            step.commit.is_some(),
            step.reject.is_some(),
            step.okr.is_some(),
            step.checkins.is_some(),
        ];
        if actions.iter().filter(|a| **a).count() != 1 {
            return Err(format!(
                "{place}: give one of commit, reject, okr, checkins"
            ));
        }
        match step.checkins {
            Some((first, last)) => {
                if first < 1 || first > last || last > WEEKS {
                    return Err(format!("{place}: weeks {first} to {last}"));
                }
            }
            None => {
                let (Some(at), Some(by)) = (&step.at, &step.by) else {
                    return Err(format!("{place}: `at` and `by` are needed"));
                };
                date_of(at).ok_or_else(|| format!("{place}: `{at}` is not a date and time"))?;
                known(by, &place)?;
            }
        }
        if (!step.edit.is_empty() || step.remove.is_some()) && step.file.is_none() {
            return Err(format!("{place}: `edit` and `remove` need `file`"));
        }
        for name in step.write.values() {
            text(name).ok_or_else(|| format!("{place}: no text `{name}`"))?;
        }
    }
    NaiveDate::parse_from_str(&rounds.first, "%Y-%m-%d")
        .map_err(|_| format!("checkins.toml: first = `{}`", rounds.first))?;
    for team in &rounds.team {
        let place = format!("checkins.toml: team {}", team.set);
        NaiveTime::parse_from_str(&team.time, "%H:%M")
            .map_err(|_| format!("{place}: time = `{}`", team.time))?;
        if team.by.is_empty() {
            return Err(format!("{place}: `by` is empty"));
        }
        for who in &team.by {
            known(who, &place)?;
        }
        let weeks = team.weeks();
        for key in team.learned.keys().chain(team.stop.keys()) {
            if !key.parse().is_ok_and(|week: u32| weeks.contains(&week)) {
                return Err(format!("{place}: `{key}` is not one of its weeks"));
            }
        }
        if team.notes.len() != weeks.len() {
            return Err(format!(
                "{place}: one note for each of {} weeks",
                weeks.len()
            ));
        }
        for kr in &team.kr {
            let place = format!("{place}, key result {}", kr.id);
            if let Some(who) = &kr.by {
                known(who, &place)?;
            }
            let weeks = kr.weeks.clone().unwrap_or_else(|| weeks.clone());
            if kr.values.len() != kr.confidence.len() || kr.values.len() > weeks.len() {
                return Err(format!(
                    "{place}: {} values and {} confidences for {} weeks",
                    kr.values.len(),
                    kr.confidence.len(),
                    weeks.len()
                ));
            }
            for key in kr
                .notes
                .keys()
                .chain(kr.learned.keys())
                .chain(kr.stop.keys())
            {
                if !key.parse().is_ok_and(|week: u32| weeks.contains(&week)) {
                    return Err(format!("{place}: `{key}` is not one of its weeks"));
                }
            }
        }
    }
    Ok((script, rounds))
}

/// The text named `name`.
fn text(name: &str) -> Option<&'static str> {
    TEXTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

// ---------------------------------------------------------------------------
// The command.

/// Runs `git okr demo`.
pub fn run(args: &DemoArgs, color: Color) -> Result<ExitCode, CommandError> {
    let (script, rounds) = load().map_err(|message| CommandError::Usage {
        message: format!("the demo's scenario is broken (a bug in git-okr): {message}"),
        hint: None,
    })?;
    let dir = folder(args.dir.as_deref())?;
    let exe = std::env::current_exe().map_err(|source| CommandError::Usage {
        message: format!("cannot find this program's own path: {source}"),
        hint: None,
    })?;
    let mut player = Player::new(&dir, &exe, &script.people)?;
    let stdout = std::io::stdout();
    // The children's output is captured, so they are told whether to colour.
    let color = if styled(color, &stdout) {
        "always"
    } else {
        "never"
    };
    let mut out = stdout.lock();

    say(&mut out, "git okr demo: a quarter of OKRs, kept in git\n")?;
    say(&mut out, script.intro.trim())?;
    say(&mut out, &format!("\nThe repository: {}\n", dir.display()))?;
    player.init()?;
    play(&mut out, &mut player, &script, &rounds)?;
    show(&mut out, &mut player, &script, color)?;
    where_to_look(&mut out, &script, &dir)?;
    out.flush().map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// Plays every step, printing a line for each phase as it ends, then the
/// counts.
fn play(
    out: &mut impl std::io::Write,
    player: &mut Player,
    script: &Script,
    rounds: &Rounds,
) -> Result<(), CommandError> {
    let mut phase: Option<Phase> = None;
    for (index, step) in script.step.iter().enumerate() {
        if let Some(title) = &step.phase {
            if let Some(done) = phase.take() {
                done.print(out)?;
            }
            let date = match (step.checkins, &step.at) {
                (Some((first, _)), _) => week_date(rounds, first)?.to_string(),
                (None, Some(at)) => at.chars().take(10).collect(),
                (None, None) => String::new(),
            };
            phase = Some(Phase {
                date,
                title: title.clone(),
                details: Vec::new(),
            });
        }
        // The first step starts a phase (load() checks it).
        let current = phase.get_or_insert_with(|| Phase {
            date: String::new(),
            title: String::new(),
            details: Vec::new(),
        });
        player.step(index, step, rounds, current)?;
    }
    if let Some(done) = phase.take() {
        done.print(out)?;
    }

    let commits = player.git_stdout("count the commits", &["rev-list", "--count", "HEAD"])?;
    let tags = player.git_stdout("count the tags", &["tag", "--list"])?;
    let totals = &player.totals;
    say(
        out,
        &format!(
            "\n{} commits and {} tags; {} check-ins in {} commits by {} people.",
            commits.trim(),
            tags.lines().count(),
            totals.check_ins,
            totals.commits,
            totals.people.len()
        ),
    )
}

/// Shows the result with the tool itself: the status on the last day of
/// the period, the department's history, and the HTML report.
fn show(
    out: &mut impl std::io::Write,
    player: &mut Player,
    script: &Script,
    color: &str,
) -> Result<(), CommandError> {
    let as_of = script.as_of.as_str();
    let status = ["status", "--all", "--as-of", as_of];
    let history = ["history", script.department.as_str()];
    for args in [status.as_slice(), history.as_slice()] {
        let shown = format!("git okr {}", args.join(" "));
        say(out, &format!("\n$ {shown}\n"))?;
        player.context = format!("showing `{shown}`");
        let mut all = vec!["--color", color];
        all.extend(args);
        let output = player.okr(&shown, &all, None, None)?;
        out.write_all(&output.stdout)
            .map_err(CommandError::output)?;
    }

    // The report is written into the demo's folder (.gitignore leaves it
    // out of the repository). Its failing does not undo the demo.
    let report = [
        "report",
        "--html",
        "report",
        "--period",
        &script.period,
        "--as-of",
        as_of,
    ];
    say(out, &format!("\n$ git okr {}", report.join(" ")))?;
    let output = player.spawn(Program::Okr, &report, None, None)?;
    if output.status.success() {
        out.write_all(&output.stdout)
            .map_err(CommandError::output)?;
    } else {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no reason given");
        say(out, &format!("the report could not be written: {why}"))?;
    }
    Ok(())
}

/// Says where the report is and what to try in the repository.
fn where_to_look(
    out: &mut impl std::io::Write,
    script: &Script,
    dir: &Path,
) -> Result<(), CommandError> {
    say(out, "\nWhere to look")?;
    let index = dir.join("report").join("index.html");
    if index.is_file() {
        say(out, &format!("  the report:  {}", index.display()))?;
    }
    say(
        out,
        &format!("  the repository:  cd {}, then try", dir.display()),
    )?;
    for item in &script.tries {
        say(out, &format!("    {}\n        {}", item.command, item.what))?;
    }
    Ok(())
}

/// Prints one line (or several) to standard output.
fn say(out: &mut impl std::io::Write, text: &str) -> Result<(), CommandError> {
    writeln!(out, "{text}").map_err(CommandError::output)
}

/// A line of the demo's output: what a group of steps did.
struct Phase {
    date: String,
    title: String,
    details: Vec<String>,
}

impl Phase {
    /// Prints the phase's line and its details.
    fn print(&self, out: &mut impl std::io::Write) -> Result<(), CommandError> {
        say(out, &format!("{:<10}  {}", self.date, self.title))?;
        for detail in &self.details {
            say(out, &format!("{:<10}    {detail}", ""))?;
        }
        out.flush().map_err(CommandError::output)
    }
}

/// The demo's folder: DIR, which must not exist or be empty, or a new
/// folder under the system's temporary folder. Made here; canonical.
fn folder(dir: Option<&Path>) -> Result<PathBuf, CommandError> {
    let made = match dir {
        Some(dir) => {
            match std::fs::metadata(dir) {
                Ok(meta) if !meta.is_dir() => {
                    return Err(CommandError::Usage {
                        message: format!("DIR: `{}` is not a folder", dir.display()),
                        hint: Some(
                            "give a folder that does not exist yet, or an empty one".to_owned(),
                        ),
                    });
                }
                Ok(_) => {
                    let mut entries =
                        std::fs::read_dir(dir).map_err(|source| CommandError::Read {
                            path: dir.to_path_buf(),
                            source,
                        })?;
                    if entries.next().is_some() {
                        return Err(CommandError::Usage {
                            message: format!("DIR: `{}` is not empty", dir.display()),
                            hint: Some(
                                "give a folder that does not exist yet, or an empty one: the demo makes a git repository there"
                                    .to_owned(),
                            ),
                        });
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    std::fs::create_dir_all(dir).map_err(|source| CommandError::Write {
                        path: dir.to_path_buf(),
                        source,
                    })?;
                }
                Err(source) => {
                    return Err(CommandError::Read {
                        path: dir.to_path_buf(),
                        source,
                    });
                }
            }
            dir.to_path_buf()
        }
        None => temporary()?,
    };
    made.canonicalize().map_err(|source| CommandError::Read {
        path: made.clone(),
        source,
    })
}

/// A new folder `okr-demo-<process id>[-n]` in the system's temporary
/// folder; making it fails if it exists, so two demos never share one.
fn temporary() -> Result<PathBuf, CommandError> {
    let base = std::env::temp_dir();
    let id = std::process::id();
    let mut last = None;
    for n in 0..100 {
        let name = if n == 0 {
            format!("okr-demo-{id}")
        } else {
            format!("okr-demo-{id}-{n}")
        };
        let path = base.join(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => last = Some(path),
            Err(source) => return Err(CommandError::Write { path, source }),
        }
    }
    Err(CommandError::Usage {
        message: format!(
            "cannot make a new folder in `{}`: `{}` and 99 others exist",
            base.display(),
            last.unwrap_or_default().display()
        ),
        hint: Some("give the demo a folder: git okr demo DIR".to_owned()),
    })
}

// ---------------------------------------------------------------------------
// Playing the script.

/// A person of the script, as git writes them.
#[derive(Debug, Clone)]
struct Person {
    name: String,
    email: String,
}

/// `Name <email>` as a person.
fn person_of(text: &str) -> Option<Person> {
    let (name, rest) = text.split_once('<')?;
    let email = rest.strip_suffix('>')?;
    let name = name.trim();
    (!name.is_empty() && !email.is_empty()).then(|| Person {
        name: name.to_owned(),
        email: email.to_owned(),
    })
}

/// The date of `at`, an RFC 3339 date and time.
fn date_of(at: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(at).ok()
}

/// The Friday of week `week`.
fn week_date(rounds: &Rounds, week: u32) -> Result<NaiveDate, CommandError> {
    let first =
        NaiveDate::parse_from_str(&rounds.first, "%Y-%m-%d").map_err(|_| CommandError::Usage {
            message: format!("checkins.toml: first = `{}`", rounds.first),
            hint: None,
        })?;
    Ok(first + Duration::days(7 * i64::from(week.saturating_sub(1))))
}

/// What the demo runs.
#[derive(Debug, Clone, Copy)]
enum Program {
    /// This binary, as `git okr`.
    Okr,
    /// git.
    Git,
}

/// Who and when, for a child that commits.
struct Stamp<'a> {
    person: &'a Person,
    at: &'a str,
}

/// The counts of the check-ins played.
#[derive(Default)]
struct Totals {
    check_ins: usize,
    commits: usize,
    people: BTreeSet<String>,
}

/// Plays the steps in the demo's folder.
struct Player {
    dir: PathBuf,
    exe: PathBuf,
    /// PATH for the children: this binary's folder first, so that the
    /// installed hooks run this git-okr.
    path: OsString,
    people: BTreeMap<String, Person>,
    /// The step being played, for errors.
    context: String,
    totals: Totals,
}

impl Player {
    /// A player in `dir`, running `exe` as `git okr`.
    fn new(
        dir: &Path,
        exe: &Path,
        people: &BTreeMap<String, String>,
    ) -> Result<Self, CommandError> {
        let mut paths: Vec<PathBuf> = exe.parent().map(Path::to_path_buf).into_iter().collect();
        if let Some(path) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(paths).map_err(|e| CommandError::Usage {
            message: format!("cannot make a PATH for the demo's steps: {e}"),
            hint: None,
        })?;
        let people = people
            .iter()
            .filter_map(|(key, text)| Some((key.clone(), person_of(text)?)))
            .collect();
        Ok(Player {
            dir: dir.to_path_buf(),
            exe: exe.to_path_buf(),
            path,
            people,
            context: String::new(),
            totals: Totals::default(),
        })
    }

    /// A child with the hermetic environment, in the demo's folder.
    fn command(&self, program: Program, stamp: Option<&Stamp<'_>>) -> Command {
        let mut command = match program {
            Program::Okr => Command::new(&self.exe),
            Program::Git => Command::new("git"),
        };
        let git_dir = self.dir.join(".git");
        command
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", &self.path)
            // libgit2 reads ~/.gitconfig whatever GIT_CONFIG_GLOBAL says:
            // a home without one keeps the user's settings (a global
            // core.hooksPath above all) out of the demo.
            .env("HOME", &git_dir)
            .env(
                "GIT_CONFIG_GLOBAL",
                git_dir.join("okr-demo-no-global-config"),
            )
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(root) = std::env::var_os("SYSTEMROOT") {
            command.env("SYSTEMROOT", root);
        }
        if let Some(stamp) = stamp {
            for role in ["AUTHOR", "COMMITTER"] {
                command
                    .env(format!("GIT_{role}_NAME"), &stamp.person.name)
                    .env(format!("GIT_{role}_EMAIL"), &stamp.person.email)
                    .env(format!("GIT_{role}_DATE"), stamp.at);
            }
        }
        command
    }

    /// Runs a child to its end, with `input` on its standard input.
    fn spawn(
        &self,
        program: Program,
        args: &[&str],
        stamp: Option<&Stamp<'_>>,
        input: Option<&str>,
    ) -> Result<Output, CommandError> {
        let mut command = self.command(program, stamp);
        command.args(args);
        if input.is_some() {
            command.stdin(Stdio::piped());
        }
        let name = match program {
            Program::Okr => "git-okr",
            Program::Git => "git",
        };
        let started = |source: std::io::Error| CommandError::Usage {
            message: format!("{}: cannot run {name}: {source}", self.context),
            hint: matches!(program, Program::Git).then(|| "the demo needs git on PATH".to_owned()),
        };
        let mut child = command.spawn().map_err(started)?;
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            stdin.write_all(input.as_bytes()).map_err(started)?;
        }
        child.wait_with_output().map_err(started)
    }

    /// Runs a child that must succeed.
    fn must(
        &self,
        program: Program,
        shown: &str,
        args: &[&str],
        stamp: Option<&Stamp<'_>>,
        input: Option<&str>,
    ) -> Result<Output, CommandError> {
        let output = self.spawn(program, args, stamp, input)?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(self.failed(shown, &output))
        }
    }

    /// The error of a child that failed: the step, the command, and what
    /// the child said.
    fn failed(&self, shown: &str, output: &Output) -> CommandError {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let said = if stderr.trim().is_empty() {
            stdout
        } else {
            stderr
        };
        CommandError::Usage {
            message: format!(
                "the demo stopped: {}: `{shown}` failed ({})",
                self.context, output.status
            ),
            hint: Some(if said.trim().is_empty() {
                "it printed nothing".to_owned()
            } else {
                let indented: Vec<String> =
                    said.trim_end().lines().map(|l| format!("  {l}")).collect();
                format!("it said:\n{}", indented.join("\n"))
            }),
        }
    }

    /// `git add -A`, then `git commit -m MESSAGE` as `stamp` says (never
    /// signed), run to its end whether it succeeds or not.
    fn commit(&self, message: &str, stamp: &Stamp<'_>) -> Result<Output, CommandError> {
        self.must(
            Program::Git,
            "git add -A",
            &["add", "-A"],
            Some(stamp),
            None,
        )?;
        let args = ["-c", "commit.gpgsign=false", "commit", "-q", "-m", message];
        self.spawn(Program::Git, &args, Some(stamp), None)
    }

    /// `git okr ARGS`, which must succeed.
    fn okr(
        &self,
        shown: &str,
        args: &[&str],
        stamp: Option<&Stamp<'_>>,
        input: Option<&str>,
    ) -> Result<Output, CommandError> {
        self.must(Program::Okr, shown, args, stamp, input)
    }

    /// `git ARGS` without a stamp, which must succeed; its standard output.
    fn git_stdout(&mut self, what: &str, args: &[&str]) -> Result<String, CommandError> {
        self.context = what.to_owned();
        let shown = format!("git {}", args.join(" "));
        let output = self.must(Program::Git, &shown, args, None, None)?;
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// `git init` on branch main.
    fn init(&mut self) -> Result<(), CommandError> {
        self.git_stdout("make the repository", &["init", "-q", "-b", "main"])?;
        Ok(())
    }

    /// The person `key` of [people].
    fn person(&self, key: &str) -> Result<Person, CommandError> {
        self.people
            .get(key)
            .cloned()
            .ok_or_else(|| CommandError::Usage {
                message: format!("{}: `{key}` is not in [people]", self.context),
                hint: None,
            })
    }

    /// The path of `relative` in the demo's folder.
    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// The text of `relative` in the demo's folder.
    fn read(&self, relative: &str) -> Result<String, CommandError> {
        let path = self.path(relative);
        std::fs::read_to_string(&path).map_err(|source| CommandError::Read { path, source })
    }

    /// Writes `text` at `relative` in the demo's folder, making folders.
    fn write(&self, relative: &str, text: &str) -> Result<(), CommandError> {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| CommandError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| CommandError::Write { path, source })
    }

    /// A mistake in the script found while playing it.
    fn broken(&self, what: String) -> CommandError {
        CommandError::Usage {
            message: format!(
                "the demo's scenario is broken (a bug in git-okr): {}: {what}",
                self.context
            ),
            hint: None,
        }
    }

    /// Plays step `index`, adding what it shows to `phase`.
    fn step(
        &mut self,
        index: usize,
        step: &Step,
        rounds: &Rounds,
        phase: &mut Phase,
    ) -> Result<(), CommandError> {
        if let Some((first, last)) = step.checkins {
            self.context = format!("step {} (check-ins, weeks {first} to {last})", index + 1);
            return self.check_ins(rounds, first, last, phase);
        }
        let at = step.at.as_deref().unwrap_or_default();
        let person = self.person(step.by.as_deref().unwrap_or_default())?;
        self.context = format!("step {} ({at}, {})", index + 1, person.name);
        let stamp = Stamp {
            person: &person,
            at,
        };

        for (path, name) in &step.write {
            let text = text(name).ok_or_else(|| self.broken(format!("no text `{name}`")))?;
            self.write(path, text)?;
        }
        let mut before = Vec::new();
        if let Some(file) = &step.file {
            let original = self.read(file)?;
            let mut text = original.clone();
            for edit in &step.edit {
                let found = text.matches(edit.from.as_str()).count();
                if found != 1 {
                    return Err(self.broken(format!(
                        "`{}` is in {file} {found} times, not once",
                        edit.from.lines().next().unwrap_or_default()
                    )));
                }
                text = text.replacen(edit.from.as_str(), &edit.to, 1);
            }
            if let Some(id) = &step.remove {
                text = remove_key_result(&text, id)
                    .ok_or_else(|| self.broken(format!("no key result `{id}` in {file}")))?;
            }
            self.write(file, &text)?;
            before.push((file.clone(), original));
        }

        if let Some(message) = &step.commit {
            let output = self.commit(message, &stamp)?;
            if !output.status.success() {
                return Err(self.failed("git commit", &output));
            }
            if step.show {
                phase.details.extend(subject(&output));
            }
        } else if let Some(message) = &step.reject {
            let output = self.commit(message, &stamp)?;
            if output.status.success() {
                return Err(self.broken(
                    "`git commit` went through; git-okr's hooks should have refused it".to_owned(),
                ));
            }
            if !String::from_utf8_lossy(&output.stderr).contains("git-okr: the commit is blocked") {
                return Err(
                    self.failed("git commit (to be refused by the pre-commit hook)", &output)
                );
            }
            // Put everything back as it was, as the person would.
            self.must(
                Program::Git,
                "git reset -q",
                &["reset", "-q"],
                Some(&stamp),
                None,
            )?;
            for (file, text) in &before {
                self.write(file, text)?;
            }
            phase.details.extend(refusal(&output));
        } else if let Some(args) = &step.okr {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let shown = format!(
                "git okr {}",
                args.iter().take(2).copied().collect::<Vec<_>>().join(" ")
            );
            let output = self.okr(&shown, &args, Some(&stamp), None)?;
            if step.show {
                phase.details.extend(subject(&output));
            }
        }
        Ok(())
    }

    /// Plays the weekly check-ins of weeks `first` to `last`, and says how
    /// many there were in `phase`'s title.
    fn check_ins(
        &mut self,
        rounds: &Rounds,
        first: u32,
        last: u32,
        phase: &mut Phase,
    ) -> Result<(), CommandError> {
        let mut totals = Totals::default();
        for week in first..=last {
            let friday = week_date(rounds, week)?;
            for team in &rounds.team {
                let Some(slot) = team.weeks().iter().position(|w| *w == week) else {
                    continue;
                };
                let mut time = NaiveTime::parse_from_str(&team.time, "%H:%M")
                    .map_err(|_| self.broken(format!("time = `{}`", team.time)))?;
                let mut next_at = || {
                    let at = format!("{}T{}:00{}", friday, time.format("%H:%M"), rounds.zone);
                    time += Duration::minutes(5);
                    at
                };

                // The key results checked in on their own, by their person.
                for kr in team.kr.iter().filter(|kr| kr.by.is_some()) {
                    let Some((value, confidence)) = kr.in_week(team, week) else {
                        continue;
                    };
                    let who = kr.by.as_deref().unwrap_or_default();
                    let person = self.person(who)?;
                    let at = next_at();
                    let value = value.to_string();
                    let confidence = confidence.to_string();
                    let mut args = vec![
                        "checkin",
                        kr.id.as_str(),
                        value.as_str(),
                        "--confidence",
                        confidence.as_str(),
                    ];
                    for (flag, map) in [
                        ("-m", &kr.notes),
                        ("--learned", &kr.learned),
                        ("--stop", &kr.stop),
                    ] {
                        if let Some(text) = of_week(map, week) {
                            args.extend([flag, text]);
                        }
                    }
                    self.context = format!("week {week} ({at}, {})", person.name);
                    let stamp = Stamp {
                        person: &person,
                        at: &at,
                    };
                    self.okr(
                        &format!("git okr checkin {}", kr.id),
                        &args,
                        Some(&stamp),
                        None,
                    )?;
                    totals.check_ins += 1;
                    totals.commits += 1;
                    totals.people.insert(who.to_owned());
                }

                // The others together, in one commit.
                let batch: Vec<serde_json::Value> = team
                    .kr
                    .iter()
                    .filter(|kr| kr.by.is_none())
                    .filter_map(|kr| {
                        let (value, confidence) = kr.in_week(team, week)?;
                        let mut entry = serde_json::json!({
                            "ref": kr.id,
                            "value": value.to_string(),
                            "confidence": confidence.to_string(),
                        });
                        if let Some(note) = of_week(&kr.notes, week) {
                            entry["note"] = note.into();
                        }
                        Some(entry)
                    })
                    .collect();
                if batch.is_empty() {
                    continue;
                }
                let who = team.by[slot % team.by.len()].as_str();
                let person = self.person(who)?;
                let at = next_at();
                let input = serde_json::Value::Array(batch.clone()).to_string();
                let mut args = vec!["checkin", "--from", "-"];
                if let Some(note) = team.notes.get(slot) {
                    args.extend(["-m", note.as_str()]);
                }
                for (flag, map) in [("--learned", &team.learned), ("--stop", &team.stop)] {
                    if let Some(text) = of_week(map, week) {
                        args.extend([flag, text]);
                    }
                }
                self.context = format!("week {week} ({at}, {})", person.name);
                let stamp = Stamp {
                    person: &person,
                    at: &at,
                };
                self.okr(
                    &format!("git okr checkin --from - ({})", team.set),
                    &args,
                    Some(&stamp),
                    Some(&input),
                )?;
                totals.check_ins += batch.len();
                totals.commits += 1;
                totals.people.insert(who.to_owned());
            }
        }
        phase.title = format!(
            "{}, weeks {first} to {last}: {} check-ins in {} commits by {} people",
            phase.title,
            totals.check_ins,
            totals.commits,
            totals.people.len()
        );
        self.totals.check_ins += totals.check_ins;
        self.totals.commits += totals.commits;
        self.totals.people.extend(totals.people);
        Ok(())
    }
}

/// The subject of the commit a command reports as `[main 1a2b3c4] subject`.
fn subject(output: &Output) -> Option<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with('['))
        .find_map(|line| line.split_once("] "))
        .map(|(_, subject)| subject.to_owned())
}

/// What a refused commit shows: who refused it, and the first lines of
/// each problem.
fn refusal(output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output
        .status
        .code()
        .map_or_else(|| "a signal".to_owned(), |c| c.to_string());
    let mut lines = vec![format!(
        "refused by the pre-commit hook (git commit exited with {code}):"
    )];
    let mut lines_of_problem = 0;
    for line in stderr.lines() {
        if line.starts_with("error") || line.starts_with("warning") {
            lines_of_problem = 2;
        }
        if lines_of_problem > 0 {
            lines.push(format!("  {}", line.trim_end()));
            lines_of_problem -= 1;
        } else if line.starts_with("git-okr:") {
            lines.push(format!("  {}", line.trim_end()));
        }
    }
    lines
}

/// `text` without the key result `id`: its `[[objectives.key_results]]`
/// table, up to the next table.
fn remove_key_result(text: &str, id: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let id_line = format!("id = \"{id}\"");
    let at = lines.iter().position(|line| line.trim() == id_line)?;
    let header = |line: &str| line.trim_start().starts_with('[');
    let start = (0..at).rev().find(|&i| header(lines[i]))?;
    if lines[start].trim() != "[[objectives.key_results]]" {
        return None;
    }
    let end = (at + 1..lines.len())
        .find(|&i| header(lines[i]))
        .unwrap_or(lines.len());
    Some(lines[..start].concat() + &lines[end..].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scenario_is_consistent() {
        if let Err(error) = load() {
            panic!("{error}");
        }
    }

    #[test]
    fn a_key_result_is_removed_up_to_the_next_table() {
        let text = "[[objectives]]\nid = \"o\"\n\n[[objectives.key_results]]\nid = \"a\"\ntitle = \"A\"\n\n[[objectives.key_results]]\nid = \"b\"\n\n[review]\n";
        assert_eq!(
            remove_key_result(text, "a").as_deref(),
            Some(
                "[[objectives]]\nid = \"o\"\n\n[[objectives.key_results]]\nid = \"b\"\n\n[review]\n"
            )
        );
        assert_eq!(
            remove_key_result(text, "b").as_deref(),
            Some(
                "[[objectives]]\nid = \"o\"\n\n[[objectives.key_results]]\nid = \"a\"\ntitle = \"A\"\n\n[review]\n"
            )
        );
        assert_eq!(
            remove_key_result(text, "o"),
            None,
            "an objective is not a key result"
        );
        assert_eq!(remove_key_result(text, "c"), None);
    }
}
