//! `git-okr`, run as `git okr …`: the command-line front end.
//!
//! This binary owns the command line: it parses arguments, finds the files a
//! command works on, calls the library crates and prints what they return.
//! It must never hold OKR logic of its own (parsing, checking, arithmetic
//! live in the crates below it) and is the only place that prints.

mod args;
mod checkin;
mod demo;
mod diff;
mod error;
mod files;
mod grade;
mod history;
mod hook;
mod hooks;
mod lifecycle;
mod lint;
mod log;
mod merge_driver;
mod new;
mod present;
mod report;
mod schema;
mod status;
mod tree;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::error::CommandError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout with exit 0, usage
            // errors to stderr with exit 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Lint(args) => lint::run(&args, cli.color),
        Command::Diff(args) => diff::run(&args, cli.color),
        Command::Checkin(args) => checkin::run(&args),
        Command::Log(args) => log::run(&args, cli.color),
        Command::Status(args) => status::run(&args, cli.color),
        Command::Iterate(args) => lifecycle::iterate(&args),
        Command::Finalize(args) => lifecycle::finalize(&args),
        Command::Reopen(args) => lifecycle::reopen(&args),
        Command::Grade(args) => grade::run(&args, cli.color),
        Command::New(args) => new::run(&args),
        Command::History(args) => history::run(&args, cli.color),
        Command::Tree(args) => tree::run(&args, cli.color),
        Command::Hook(args) => hook::run(&args.hook, cli.color),
        Command::Hooks(args) => hooks::run(&args.action),
        Command::Report(args) => report::run(&args),
        Command::Present(args) => present::run(&args),
        Command::Schema => schema::run(),
        Command::Demo(args) => demo::run(&args, cli.color),
        Command::MergeDriver(args) => merge_driver::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(CommandError::BrokenPipe) => ExitCode::SUCCESS,
        Err(error) => {
            let mut stderr = std::io::stderr().lock();
            let styled = args::styled(cli.color, &std::io::stderr());
            // What the user wrote (a reference, a file's line) is in these
            // texts: shown, never obeyed by the terminal.
            let safe = okr_report::terminal::safe;
            for (source, diagnostic) in error.diagnostics() {
                let text = okr_report::diagnostics::human(diagnostic, Some(source), styled);
                let _ = writeln!(stderr, "{}\n", safe(&text, styled));
            }
            let _ = writeln!(stderr, "error: {}", safe(&error.to_string(), false));
            if let Some(hint) = error.hint() {
                let _ = writeln!(stderr, "hint: {}", safe(&hint.to_string(), false));
            }
            ExitCode::from(error.exit_code())
        }
    }
}
