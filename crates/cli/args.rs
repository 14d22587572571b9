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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
