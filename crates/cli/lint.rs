//! `git okr lint`: check OKR files and print every problem found.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::ExitCode;

use okr_git::{OkrFile, Repository, Side};
use okr_model::{Diagnostic, ParsedFile, Severity, Tally};
use okr_report::diagnostics;

use crate::args::{Color, LintArgs, LintFormat, styled};
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
    for (path, display) in &requested {
        let key = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            parsed.push(files::load(path, display)?);
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

    let mut settings = okr_lint::Settings::from_config(&context.config.lint);
    settings.closed_definitions = args.all;
    let before = frozen_sets(&context, args.against.as_deref())?;
    let Findings {
        diagnostics: mut found,
        allowed,
    } = findings(&parsed, requested_count, &before, &settings);
    Diagnostic::sort(&mut found);
    let tally = Tally::of(&found);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        LintFormat::Json => {
            writeln!(out, "{}", diagnostics::json(&found)).map_err(CommandError::output)?;
        }
        LintFormat::Github => {
            let text = diagnostics::github(&found);
            write!(out, "{}", okr_report::terminal::safe(&text, false))
                .map_err(CommandError::output)?;
        }
        LintFormat::Gcc => {
            let text = diagnostics::gcc(&found);
            write!(out, "{}", okr_report::terminal::safe(&text, false))
                .map_err(CommandError::output)?;
        }
        LintFormat::Sarif => {
            let rules = rule_infos();
            let log = diagnostics::sarif(&found, &rules, env!("CARGO_PKG_VERSION"));
            writeln!(out, "{log}").map_err(CommandError::output)?;
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
                let text = okr_report::terminal::safe(&text, styled);
                writeln!(out, "{text}\n").map_err(CommandError::output)?;
            }
            if args.verbose {
                for accepted in &allowed {
                    let source = sources.get(accepted.diagnostic.file.as_str()).copied();
                    let text = diagnostics::allowed(
                        &accepted.diagnostic,
                        &accepted.reason,
                        source,
                        styled,
                    );
                    let text = okr_report::terminal::safe(&text, styled);
                    writeln!(out, "{text}\n").map_err(CommandError::output)?;
                }
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

/// What lint reports.
pub struct Findings {
    /// The problems, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings an `allow` accepted.
    pub allowed: Vec<okr_lint::Allowed>,
}

/// Everything lint finds in the first `reported` files of `parsed` (the
/// others only give context: the sets references resolve to): their format
/// problems, the checks across sets, the quality rules, and the freeze of
/// the sets that were final in `before`.
pub fn findings(
    parsed: &[ParsedFile],
    reported: usize,
    before: &[OkrFile],
    settings: &okr_lint::Settings,
) -> Findings {
    let names: HashSet<&str> = parsed[..reported]
        .iter()
        .map(|file| file.source.path())
        .collect();
    let mut found: Vec<Diagnostic> = parsed[..reported]
        .iter()
        .flat_map(|file| file.diagnostics.iter().cloned())
        .collect();
    found.extend(
        okr_model::check_sets(parsed)
            .into_iter()
            .filter(|d| names.contains(d.file.as_str())),
    );
    let quality = okr_lint::lint_first(parsed, reported, settings);
    found.extend(
        quality
            .diagnostics
            .into_iter()
            .filter(|d| names.contains(d.file.as_str())),
    );
    let before: Vec<okr_diff::SetFile<'_>> = before
        .iter()
        .filter_map(|file| {
            file.parsed.set.as_ref().map(|set| okr_diff::SetFile {
                path: &file.path,
                set,
            })
        })
        .collect();
    found.extend(okr_lint::freeze(&before, &parsed[..reported], settings));
    Diagnostic::sort(&mut found);
    let allowed = quality
        .allowed
        .into_iter()
        .filter(|a| names.contains(a.diagnostic.file.as_str()))
        .collect();
    Findings {
        diagnostics: found,
        allowed,
    }
}

/// The OKR files at `against` (default: HEAD), whose final sets the files
/// linted must not have changed. Outside a repository, or before its first
/// commit, there are none.
fn frozen_sets(context: &Context, against: Option<&str>) -> Result<Vec<OkrFile>, CommandError> {
    let repo = match Repository::open(&context.cwd) {
        Ok(repo) => repo,
        // Outside a repository there is no HEAD to compare with; a bare
        // repository has no working tree to lint against it.
        Err(okr_git::Error::NotARepository { .. } | okr_git::Error::Bare) if against.is_none() => {
            return Ok(Vec::new());
        }
        Err(error) => return Err(error.into()),
    };
    let revision = match against {
        Some(spec) => repo.revision(spec)?,
        None => match repo.head()? {
            Some(head) => head,
            None => return Ok(Vec::new()),
        },
    };
    Ok(repo.load(&Side::Revision(revision), context.config.root.as_str())?)
}

/// Where the rules and the format's codes are documented.
const DOCS: &str = "https://github.com/git-okr/git-okr/blob/main/docs";

/// Every lint rule and format code, for SARIF's rule list.
fn rule_infos() -> Vec<diagnostics::RuleInfo<'static>> {
    let lint = okr_lint::rules::RULES
        .iter()
        .map(|rule| diagnostics::RuleInfo {
            id: rule.id,
            summary: rule.summary,
            severity: rule.severity,
            help_uri: Some(format!("{DOCS}/lint.md#{}", rule.id)),
        });
    let unknown = okr_lint::rules::UNKNOWN_RULE;
    let unknown = diagnostics::RuleInfo {
        id: unknown.id,
        summary: unknown.summary,
        severity: unknown.severity,
        help_uri: Some(format!("{DOCS}/lint.md#an-unknown-rule-in-allow")),
    };
    let format = okr_model::codes::ALL
        .iter()
        .map(|&code| diagnostics::RuleInfo {
            id: code,
            summary: okr_model::codes::summary(code).unwrap_or(code),
            severity: okr_model::codes::severity(code),
            help_uri: Some(format!("{DOCS}/format.md#diagnostics")),
        });
    lint.chain(std::iter::once(unknown)).chain(format).collect()
}
