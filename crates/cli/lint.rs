//! `git okr lint`: check OKR files and print every problem found.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::ExitCode;

use okr_model::{Diagnostic, ParsedFile, Severity, Tally};
use okr_report::diagnostics;

use crate::args::{Color, LintArgs, LintFormat};
use crate::error::CommandError;
use crate::files::{self, Context};

/// Runs `git okr lint`.
pub fn run(args: &LintArgs, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let requested = context.requested(&args.paths)?;

    // Every file under the OKR root takes part in resolving references,
    // but only the requested files' problems are reported.
    let mut seen = HashSet::new();
    let mut parsed: Vec<ParsedFile> = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    for (path, display) in &requested {
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            parsed.push(files::load(path, display)?);
            reported.insert(display.clone());
        }
    }
    let requested_count = parsed.len();
    for (path, display) in context.context_files()? {
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            // A context file that cannot be read only weakens reference
            // checks; it is not what the user asked to lint.
            if let Ok(file) = files::load(&path, &display) {
                parsed.push(file);
            }
        }
    }

    let mut found: Vec<Diagnostic> = parsed[..requested_count]
        .iter()
        .flat_map(|file| file.diagnostics.iter().cloned())
        .collect();
    found.extend(
        okr_model::check_sets(&parsed)
            .into_iter()
            .filter(|d| reported.contains(&d.file)),
    );
    Diagnostic::sort(&mut found);
    let tally = Tally::of(&found);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        LintFormat::Json => {
            writeln!(out, "{}", diagnostics::json(&found)).map_err(CommandError::output)?;
        }
        LintFormat::Human => {
            let styled = styled(color, &stdout);
            let sources: HashMap<&str, &okr_model::SourceFile> = parsed
                .iter()
                .map(|file| (file.source.path(), &file.source))
                .collect();
            for diagnostic in &found {
                let source = sources.get(diagnostic.file.as_str()).copied();
                let text = diagnostics::human(diagnostic, source, styled);
                writeln!(out, "{text}\n").map_err(CommandError::output)?;
            }
            if !args.quiet {
                writeln!(out, "{}", diagnostics::summary(tally, requested_count))
                    .map_err(CommandError::output)?;
            }
        }
    }
    out.flush().map_err(CommandError::output)?;

    let failed = tally.errors > 0
        || (args.deny_warnings && found.iter().any(|d| d.severity == Severity::Warning));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
