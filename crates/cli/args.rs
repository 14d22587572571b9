//! The command line, as clap definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str =
    "OKRs as code: lint, diff and trace Objectives and Key Results kept as TOML in git";

const LONG_ABOUT: &str = "\
OKRs as code. A team's Objectives and Key Results live as TOML files in a git \
repository (okrs/<period>/<team>.toml by convention); git-okr checks them. \
Installed on PATH, it runs as a git subcommand: `git okr …`.";

const EXAMPLES: &str = "\
Examples:
  git okr lint                      check every OKR file under the OKR root
  git okr lint okrs/2026-Q4         check one period's files
  git okr lint --format json        machine-readable diagnostics
  git okr diff                      what changed since the last commit
  git okr diff origin/main...HEAD   what a pull request changes

Docs: docs/format.md in the git-okr repository.";

const LINT_EXAMPLES: &str = "\
Examples:
  git okr lint
      Check every *.toml file under the OKR root: okrs/ at the repository's
      top, or the `root` set in okr.toml there. Outside a repository, okrs/
      in the current folder.
  git okr lint okrs/2026-Q4/platform.toml
      Check one file. References to other sets (parent, aligns) still
      resolve against every file under the OKR root.
  git okr lint --format json | jq '.[] | select(.severity == \"error\")'
      Diagnostics as JSON: code, severity, file, line, column, message,
      help and subject for each.
  git okr lint --format github
      In a GitHub Actions job: findings appear on the pull request's lines.
  git okr lint --format sarif > okr.sarif
      SARIF 2.1.0 for code-scanning tools.
  git okr lint --verbose
      Also show the findings that an `allow` accepted, with the reason.

Rules are set in okr.toml ([lint] and [lint.rules]); docs/lint.md
describes each rule.

Exit status: 0 when clean (warnings allowed unless --deny-warnings),
1 when a problem is found, 2 on a usage error or unreadable input.";

/// git-okr's command line.
#[derive(Debug, Parser)]
#[command(
    name = "git-okr",
    bin_name = "git okr",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    /// When to use colour: auto uses it on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check OKR files: schema errors and the quality rules of good OKRs.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// Show what changed in the OKRs between two versions, by meaning.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Record a key result's new value as a commit.
    #[command(after_help = CHECKIN_EXAMPLES)]
    Checkin(CheckinArgs),
    /// Show the check-in timeline of key results, from history.
    #[command(after_help = LOG_EXAMPLES)]
    Log(LogArgs),
    /// Show every set's progress, confidence, health and last check-in.
    #[command(after_help = STATUS_EXAMPLES)]
    Status(StatusArgs),
    /// Record an iteration of a set: bump its version, commit and tag it.
    #[command(after_help = ITERATE_EXAMPLES)]
    Iterate(IterateArgs),
    /// Make a set final: its definition is frozen; check-ins go on.
    #[command(after_help = FINALIZE_EXAMPLES)]
    Finalize(LifecycleArgs),
    /// Make a final set changeable again, with a major version bump.
    #[command(after_help = REOPEN_EXAMPLES)]
    Reopen(LifecycleArgs),
    /// Grade a set at the end of its period and close it.
    #[command(after_help = GRADE_EXAMPLES)]
    Grade(GradeArgs),
    /// Scaffold a new set, optionally carrying over last period's.
    #[command(after_help = NEW_EXAMPLES)]
    New(NewArgs),
    /// Show how a set came to be: every iteration from 1.0 to final, the
    /// check-ins, the grade.
    #[command(after_help = HISTORY_EXAMPLES)]
    History(HistoryArgs),
    /// Show the alignment of sets: company, department, team.
    #[command(after_help = TREE_EXAMPLES)]
    Tree(TreeArgs),
    /// Run the work of one of git-okr's git hooks (the shims that
    /// `git okr hooks install` writes call it).
    #[command(after_help = HOOK_EXAMPLES)]
    Hook(HookArgs),
    /// Install, remove or inspect git-okr's git hooks.
    #[command(after_help = HOOKS_EXAMPLES)]
    Hooks(HooksArgs),
    /// Write a report: a static HTML site with charts, or a markdown review.
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// The document for presenting a set to the teams: why the team
    /// exists, its value and needs, its OKRs, and what changed since last
    /// period.
    #[command(after_help = PRESENT_EXAMPLES)]
    Present(PresentArgs),
    /// Print the JSON Schema of OKR files, for editors:
    /// `git okr schema > okrs/okr.schema.json`, which the `#:schema` line
    /// of a set that `git okr new` writes points at.
    Schema,
    /// Build a demo repository that plays a quarter, and show it.
    #[command(after_help = DEMO_EXAMPLES)]
    Demo(DemoArgs),
    /// Merge two versions of an OKR file field by field (git's merge
    /// driver; `git okr hooks install --merge-driver` sets it up).
    MergeDriver(crate::merge_driver::MergeDriverArgs),
}

/// Arguments of `git okr hook`.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// The hook.
    #[command(subcommand)]
    pub hook: HookName,
}

/// The hooks `git okr hook` runs.
#[derive(Debug, Subcommand)]
pub enum HookName {
    /// Lint the OKR files as they are staged: errors block the commit,
    /// warnings are printed, a final set's definition is frozen.
    PreCommit,
    /// Check the OKR- trailers of a commit message: well formed, naming key
    /// results and sets that exist, with numeric values.
    CommitMsg {
        /// The file that holds the message, as git passes it.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Lint every set at each pushed tip (the refs git gives on standard
    /// input) and check the freeze against the remote's tip.
    PrePush {
        /// The remote's name, as git passes it.
        #[arg(value_name = "REMOTE")]
        remote: Option<String>,
        /// The remote's URL, as git passes it.
        #[arg(value_name = "URL")]
        url: Option<String>,
    },
}

const HOOK_EXAMPLES: &str = "\
Examples:
  git okr hook pre-commit              what the pre-commit hook runs
  git okr hook commit-msg .git/COMMIT_EDITMSG
  OKR_SKIP=pre-commit git commit ...   skip one hook once (OKR_SKIP=1: all)";

/// Arguments of `git okr hooks`.
#[derive(Debug, Args)]
pub struct HooksArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: HooksAction,
}

/// What `git okr hooks` does.
#[derive(Debug, Subcommand)]
pub enum HooksAction {
    /// Write git-okr's hooks where git runs them (core.hooksPath, or the
    /// hooks folder of the repository), with their run bit.
    Install {
        /// Where a hook that is not git-okr's is, keep it and run it after
        /// git-okr's, instead of refusing (uninstall puts it back).
        #[arg(long)]
        force: bool,
        /// Also set git-okr up as the merge driver of the OKR files
        /// (`merge.okr.driver` in the repository's config and a line in
        /// `.gitattributes`; see docs/merge.md).
        #[arg(long)]
        merge_driver: bool,
        /// The hooks: pre-commit, commit-msg, pre-push. Default: all.
        #[arg(value_name = "HOOK")]
        hooks: Vec<String>,
    },
    /// Remove git-okr's hooks and put back the hooks they had replaced.
    Uninstall {
        /// Also remove the merge driver's setup.
        #[arg(long)]
        merge_driver: bool,
        /// The hooks. Default: all.
        #[arg(value_name = "HOOK")]
        hooks: Vec<String>,
    },
    /// Say, for each hook, whether it is git-okr's, chained, foreign,
    /// missing or not executable.
    Status,
}

const HOOKS_EXAMPLES: &str = "\
Examples:
  git okr hooks install                 pre-commit, commit-msg and pre-push
  git okr hooks install --force         keep a hook that is there, run it after ours
  git okr hooks install --merge-driver  also merge OKR files field by field
  git okr hooks status
  git okr hooks uninstall               remove ours, put back what was there";

/// What every command that commits accepts, as `git okr checkin` does.
#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Include the OKR file's uncommitted changes in the commit instead of
    /// refusing.
    #[arg(long)]
    pub allow_dirty: bool,

    /// Allow committing on a detached HEAD.
    #[arg(long)]
    pub detached: bool,

    /// Skip the commit-msg hook.
    #[arg(short = 'n', long)]
    pub no_verify: bool,

    /// Override the author: "Name <email>".
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
}

impl CommitArgs {
    /// The options of the commit these flags ask for.
    pub fn options(&self) -> okr_git::CommitOptions {
        okr_git::CommitOptions {
            allow_dirty: self.allow_dirty,
            detached: self.detached,
            no_verify: self.no_verify,
            author: self.author.clone(),
        }
    }
}

const ITERATE_EXAMPLES: &str = "\
Examples:
  git okr iterate platform -m \"after the one-to-one with Maria\" --stage manager-review
      1.0 -> 1.1: one commit with OKR-Set, OKR-Iteration and OKR-Stage
      trailers, and the annotated tag okr/<period>/platform/v1.1.
  git okr iterate 2026-Q4:platform -m \"new strategy\" --major
      1.3 -> 2.0.

A set in draft moves to review. Stages: draft, manager-review, alignment,
team-review, final-wording, or a word of the team's own. Tags are never
moved: an existing tag is an error.";

/// Arguments of `git okr iterate`.
#[derive(Debug, Args)]
pub struct IterateArgs {
    /// The set: team, or period:team.
    #[arg(value_name = "SET")]
    pub set: String,

    /// Why: what changed in this iteration and who it was discussed with.
    #[arg(short, long = "message", value_name = "WHY", required = true)]
    pub message: Vec<String>,

    /// The stage of the process this iteration closes.
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,

    /// Bump the major version (1.3 -> 2.0) instead of the minor.
    #[arg(long)]
    pub major: bool,

    #[command(flatten)]
    pub commit: CommitArgs,
}

const FINALIZE_EXAMPLES: &str = "\
Examples:
  git okr finalize platform -m \"presented to the teams on 2026-10-02\"
      status = \"final\", one commit, and the annotated tag
      okr/<period>/platform/final.

After final, lint and `git okr diff --check` reject changes to the set's
definition (titles, targets, baselines, key results added or removed,
alignment); check-ins are always allowed. `git okr reopen` undoes it on the
record.";

const REOPEN_EXAMPLES: &str = "\
Examples:
  git okr reopen platform -m \"the payments migration moved to Q1\"
      final -> review with a major version bump (1.4 -> 2.0), so that moved
      goalposts are on the record.";

/// Arguments of `git okr finalize` and `git okr reopen`.
#[derive(Debug, Args)]
pub struct LifecycleArgs {
    /// The set: team, or period:team.
    #[arg(value_name = "SET")]
    pub set: String,

    /// Why.
    #[arg(short, long = "message", value_name = "WHY", required = true)]
    pub message: Vec<String>,

    #[command(flatten)]
    pub commit: CommitArgs,
}

const GRADE_EXAMPLES: &str = "\
Examples:
  git okr grade platform -m \"end of Q4 review\"
      Score every key result, write the scores and a [review] scaffold,
      set status = \"closed\", commit.
  git okr grade platform --dry-run --format json
      The scores only; nothing is written.";

/// Arguments of `git okr grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The set: team, or period:team.
    #[arg(value_name = "SET")]
    pub set: String,

    /// Why, or what the review concluded.
    #[arg(short, long = "message", value_name = "WHY")]
    pub message: Vec<String>,

    /// Show the grade; write and commit nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub commit: CommitArgs,
}

const NEW_EXAMPLES: &str = "\
Examples:
  git okr new platform --period 2027-Q1 --parent engineering
      okrs/2027-Q1/platform.toml, a draft at version 1.0, committed.
  git okr new platform --period 2027-Q1 --from 2026-Q4:platform
      Carry over last period's `continue` items and the key results that
      were not met, each with its last value as the new baseline.";

/// Arguments of `git okr new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The team that will own the set (a slug).
    #[arg(value_name = "TEAM")]
    pub team: String,

    /// The period: 2027, 2027-H1, 2027-Q1.
    #[arg(long, value_name = "PERIOD")]
    pub period: String,

    /// The set this one aligns to.
    #[arg(long, value_name = "SET")]
    pub parent: Option<String>,

    /// Last period's set, to carry over.
    #[arg(long, value_name = "SET")]
    pub from: Option<String>,

    /// Write the file only; commit nothing.
    #[arg(long)]
    pub no_commit: bool,

    #[command(flatten)]
    pub commit: CommitArgs,
}

const HISTORY_EXAMPLES: &str = "\
Examples:
  git okr history platform
      Every iteration from 1.0 to final with its date, author, stage, why
      and what changed; then the check-ins; then the grade.
  git okr history 2026-Q4:platform --format markdown > history.md
      The document a department presents to its teams.
  git okr history platform --format json";

/// Arguments of `git okr history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The set: team, or period:team.
    #[arg(value_name = "SET")]
    pub set: String,

    /// The history as it was at this revision.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
}

/// How `history` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// For a terminal.
    Human,
    /// A document to present.
    Markdown,
    /// For tools.
    Json,
}

const TREE_EXAMPLES: &str = "\
Examples:
  git okr tree
      Every period's sets, company -> department -> team, following
      `parent` and `aligns`, each objective with its progress.
  git okr tree 2026-Q4 --format json";

/// Arguments of `git okr tree`.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Only this period.
    #[arg(value_name = "PERIOD")]
    pub period: Option<String>,

    /// The sets as they were at this revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

const STATUS_EXAMPLES: &str = "\
Examples:
  git okr status
      Every set under the OKR root, as the working tree has it.
  git okr status platform --format json
      One set, for tools.
  git okr status --at v1.0
      As it was at a revision, judged on that revision's date.

Health compares progress with the share of the period gone by (an
aspirational key result is expected at 0.7 by the end): on-track within 10
points of the pace, at-risk within 30, off-track beyond, and a confidence
below 0.5 or 0.3 lowers it. A key result is stale when it has had no
check-in for longer than the cadence (`[checkin] cadence_days` in okr.toml,
14 by default). The last check-in comes from history (see git okr log).";

/// Arguments of `git okr status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only these sets (team, or period:team).
    #[arg(value_name = "SET")]
    pub sets: Vec<String>,

    /// The sets as they were at this revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    /// Judge health and staleness on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format: markdown is the review document of
    /// `git okr report --markdown`.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,

    /// With --format markdown: the change of each key result since this
    /// revision or date (YYYY-MM-DD, RFC 3339, or "N days|weeks ago"), and
    /// the check-ins' notes since then.
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,

    /// Show closed sets too. By default `status` shows the sets still in
    /// play (draft, review, final) and the ones named.
    #[arg(long)]
    pub all: bool,

    /// Only the key results of this owner (a team slug, as in `owner`).
    #[arg(long, value_name = "OWNER")]
    pub owner: Option<String>,

    /// Only the key results of this health (repeat it, or separate with
    /// commas); `stale` means no recent check-in, `unknown` no value yet.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "HEALTH")]
    pub health: Vec<HealthFilter>,
}

/// A health `status --health` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HealthFilter {
    /// At or near the expected pace.
    OnTrack,
    /// Behind the expected pace, or low confidence.
    AtRisk,
    /// Far behind, or very low confidence.
    OffTrack,
    /// No value to judge yet.
    Unknown,
    /// No check-in within the cadence.
    Stale,
}

/// How `status` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// For a terminal: progress bars and health words.
    Human,
    /// For tools.
    Json,
    /// A review document, for a business review or a wiki.
    Markdown,
}

/// How `tree` and `grade` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a terminal: progress bars and health words.
    Human,
    /// For tools.
    Json,
}

const LOG_EXAMPLES: &str = "\
Examples:
  git okr log
      Every check-in on the current branch, newest first.
  git okr log failed-checkouts
      One key result's timeline (a set or an objective works too).
  git okr log --since 2026-10-01 --format csv > checkins.csv
      This quarter's check-ins for a spreadsheet.
  git okr log --at v1.0 --format json
      The timeline as it was at a revision.

Every commit that changed a key result's `current` or `confidence` counts,
made by `git okr checkin` or by hand. The walk follows first parents, like
`git log --first-parent`: a check-in made on a branch shows at the merge
that brought it in. A key result is followed by its set and id when its
file is renamed or moved. Results are cached under the git folder
(okr/timeline-*), which may be deleted at any time.";

/// Arguments of `git okr log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only these sets, objectives or key results (resolved at --at).
    #[arg(value_name = "REF")]
    pub references: Vec<String>,

    /// Only check-ins at or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only check-ins at or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// The timeline as it was at this revision (default: HEAD).
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    /// Show at most this many check-ins.
    #[arg(short = 'n', long, value_name = "N")]
    pub max_count: Option<usize>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LogFormat::Human)]
    pub format: LogFormat,

    /// Neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// How `log` prints the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// For people: each commit with its check-ins and note.
    Human,
    /// A JSON array, one object per check-in (docs/checkin.md).
    Json,
    /// One row per check-in, with a header row.
    Csv,
}

const CHECKIN_EXAMPLES: &str = "\
Examples:
  git okr checkin failed-checkouts 3.2 --confidence 0.7 -m \"Retry fix landed\"
      Set the key result's `current` to 3.2 and `confidence` to 0.7 in its
      file, and commit that file alone. A unique end of the reference is
      enough: failed-checkouts, reliable-checkout/failed-checkouts, or the full
      platform/reliable-checkout/failed-checkouts.
  git okr checkin p99-latency 640 --learned \"cache misses dominate\" --stop \"tuning GC\"
      Also record what the team learned and what it stops doing, as trailers.
  git okr checkin --from measurements.json
      Several check-ins in one commit: a JSON array of
      {\"ref\": …, \"value\": …, \"confidence\": …, \"note\": …}, or TOML [[checkin]]
      tables with the same keys; `-` reads standard input.
  git okr checkin failed-checkouts 3.2 --no-commit
      Only edit the file.

The file is edited in place: comments, key order and formatting stay as
they were. The commit holds that file only, whatever else is staged or
modified; what you had staged stays staged. Its message says what moved,
then your note, then git trailers (OKR-Checkin, OKR-Value, OKR-Confidence,
OKR-Learned, OKR-Stop). Author and committer come from your git settings,
as for `git commit`, and the commit-msg hook runs unless --no-verify.

Exit status: 0 when recorded, 2 when nothing was written (a bad value or
reference, a file with uncommitted changes, a merge or rebase in progress).";

/// Arguments of `git okr checkin`.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The key result: team/objective/kr, or any unique end of it.
    #[arg(value_name = "REF")]
    pub reference: Option<String>,

    /// The new value of `current`.
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: Option<String>,

    /// The team's confidence, 0 to 1, stored as `confidence`.
    #[arg(short, long, value_name = "C", allow_hyphen_values = true)]
    pub confidence: Option<String>,

    /// The note: what changed and why. Several -m make paragraphs.
    #[arg(short, long = "message", value_name = "NOTE")]
    pub message: Vec<String>,

    /// What the team learned (one line, an OKR-Learned trailer).
    #[arg(long, value_name = "TEXT")]
    pub learned: Option<String>,

    /// What the team will stop doing (one line, an OKR-Stop trailer).
    #[arg(long, value_name = "TEXT")]
    pub stop: Option<String>,

    /// Several check-ins from a JSON or TOML file (`-`: standard input), in
    /// one commit.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// Edit the file only; commit nothing.
    #[arg(long)]
    pub no_commit: bool,

    #[command(flatten)]
    pub commit: CommitArgs,
}

const DIFF_EXAMPLES: &str = "\
Examples:
  git okr diff
      The working tree against HEAD: what you changed and have not committed.
  git okr diff --staged
      The index against HEAD: what `git commit` would commit.
  git okr diff main
      The working tree against `main`.
  git okr diff v1.0..v1.1        (or: git okr diff v1.0 v1.1)
      From one revision to another.
  git okr diff origin/main...HEAD --format markdown
      What a pull request changes (from the merge base), as a comment.
  git okr diff HEAD~5 -- okrs/2026-Q4/platform.toml
      Only the sets in these files or folders.
  git okr diff origin/main...HEAD --check
      Exit 1 if a set that was final had its definition changed.

Sets are matched by period and team, objectives and key results by id, so
a moved file, a renamed id or a key result under another objective shows as
what it is. Each change has a class: added, removed, renamed, moved,
reworded, target-changed, ambition-changed, baseline-changed, check-in, status-changed,
version-changed, alignment-changed or edited. docs/diff.md describes them
and the JSON output.

Exit status: 0, or 1 with --exit-code when there are changes and with
--check when a final set changed; 2 on a usage error or a file that does
not parse on either side.";

/// Arguments of `git okr diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// What to compare, as `git diff` takes it: nothing (the working tree
    /// against HEAD), REV (the working tree against REV), A..B or A B (A
    /// against B), A...B (B against where it forked from A).
    #[arg(value_name = "REV")]
    pub revisions: Vec<String>,

    /// Compare the index (what is staged) instead of the working tree.
    #[arg(long, visible_alias = "cached")]
    pub staged: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Exit 1 when there are changes, 0 when there are none.
    #[arg(long)]
    pub exit_code: bool,

    /// Exit 1 when the definition of a set that was final changed: its
    /// titles, targets, baselines, key results or alignment.
    #[arg(long)]
    pub check: bool,

    /// Only the sets whose file is in these files or folders (on either
    /// side), after `--`.
    #[arg(last = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// How `diff` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For a terminal: each change with its class and the fields behind it.
    Human,
    /// For a pull-request comment or a CI job summary.
    Markdown,
    /// For tools: the shape is documented in docs/diff.md.
    Json,
}

/// Arguments of `git okr lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or folders to check (folders: every *.toml below them).
    /// Default: the OKR root.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,

    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Print only the problems, without the closing summary line.
    #[arg(short, long)]
    pub quiet: bool,

    /// Also show the findings that an `allow` in the OKR files accepted,
    /// with their reasons.
    #[arg(short, long)]
    pub verbose: bool,

    /// The revision a final set's definition is compared with, for
    /// `changed-after-final` (in CI: the branch a pull request goes into,
    /// `origin/main`). Default: HEAD.
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,

    /// Judge the definitions of closed sets too. By default a closed set is
    /// history: only its review (`missing-review`) and the freeze are
    /// checked there, since its wording cannot change without a reopen.
    #[arg(long)]
    pub all: bool,
}

/// How `lint` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// For people: each problem with its source line and a caret.
    Human,
    /// A JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands: findings show on the lines of a
    /// pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// One line per finding, `path:line:col: severity: message [rule]`,
    /// for editors and compilers' tooling.
    Gcc,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Whether to colour what goes to `stream`: `--color`, else a terminal
/// without `NO_COLOR` (and with `CLICOLOR_FORCE`, always).
pub fn styled<S: anstream::stream::RawStream>(color: Color, stream: &S) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The `git okr …` commands in the documented CI jobs, as arguments:
    /// from `git okr` to the end of the command, quotes dropped, shell
    /// variables standing for a revision range.
    fn documented_commands(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .filter_map(|line| line.split_once("git okr "))
            .filter(|(before, _)| matches!(before.trim(), "" | "-" | "run:"))
            .map(|(_, rest)| rest)
            .map(|rest| {
                let end = rest.find(['>', '|', '#']).unwrap_or(rest.len());
                let mut args = vec!["git-okr".to_owned()];
                args.extend(rest[..end].split_whitespace().map(|word| {
                    if word.contains('$') {
                        "origin/main...HEAD".to_owned()
                    } else {
                        word.replace('"', "")
                    }
                }));
                args
            })
            .collect()
    }

    #[test]
    fn the_documented_ci_jobs_use_real_options() {
        let docs = [
            include_str!("../../docs/ci/github-actions.yml"),
            include_str!("../../docs/ci/gitlab-ci.yml"),
            include_str!("../../docs/ci.md"),
        ];
        let commands: Vec<Vec<String>> = docs.iter().flat_map(|d| documented_commands(d)).collect();
        assert!(commands.len() >= 10, "{commands:?}");
        for command in commands {
            if let Err(error) = Cli::try_parse_from(&command) {
                panic!("{command:?}: {error}");
            }
        }
    }
}

const REPORT_EXAMPLES: &str = "\
Examples:
  git okr report --html report/
      A static site in report/: an index of every set with its progress,
      health and last check-in, the alignment tree, a page per set with a
      chart of each key result over time, and each set's iterations. It
      works offline; open report/index.html.
  git okr report --html public/ --period 2026-Q4 --at v2026-Q4
      One period, as it was at a revision.
  git okr report --markdown --since \"4 weeks ago\" > review.md
      The monthly review: per set, a table of key results with the change
      since then, the check-ins' notes, and the key results without one.
  git okr report --markdown --since okr/2026-Q4/platform/final

The report is of a revision (HEAD by default), judged on today's date or
--as-of.";

/// Arguments of `git okr report`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("output").required(true).args(["html", "markdown"]))]
pub struct ReportArgs {
    /// Only these sets (team, or period:team).
    #[arg(value_name = "SET")]
    pub sets: Vec<String>,

    /// Write a static HTML site into this folder (made if missing; a
    /// folder that holds anything but an earlier report is refused).
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,

    /// Print a markdown review document.
    #[arg(long)]
    pub markdown: bool,

    /// The revision to report on (default: HEAD).
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,

    /// Only the sets of this period (2026-Q4, 2026-H2, 2026).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// Judge health and staleness on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// With --markdown: the change since this revision or date
    /// (YYYY-MM-DD, RFC 3339, or "N days|weeks ago"), and the check-ins'
    /// notes since then.
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,

    /// Count closed sets too: in the totals and "Needs attention" of the
    /// HTML report, and in the markdown review. By default they are the
    /// archive (their pages are written, the live views leave them out),
    /// unless named or of --period.
    #[arg(long)]
    pub all: bool,
}

const PRESENT_EXAMPLES: &str = "\
Examples:
  git okr present platform
      The platform team's set of this period as markdown: why, value,
      measures, needs, objectives and key results, and what changed since
      its set of the period before.
  git okr present 2027-Q1:platform --format html -o platform.html
      The same as one HTML page, its stylesheet inline.";

/// Arguments of `git okr present`.
#[derive(Debug, Args)]
pub struct PresentArgs {
    /// The set (team, or period:team).
    #[arg(value_name = "SET")]
    pub set: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PresentFormat::Markdown)]
    pub format: PresentFormat,

    /// Write the document into this file instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The set as it was at this revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// How `present` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresentFormat {
    /// A markdown document, for a wiki, a pull request or slides.
    Markdown,
    /// One HTML page, to show or print.
    Html,
}

const DEMO_EXAMPLES: &str = "\
Examples:
  git okr demo
      A new temporary folder with a repository that plays a quarter of a
      technical department and three teams; prints the status and the
      department's history, and writes the HTML report into it.
  git okr demo okr-demo/
      The same, in okr-demo/ (made; it must not exist or be empty).";

/// Arguments of `git okr demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo repository (default: a new temporary folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
