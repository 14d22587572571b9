//! `git okr tree`: the alignment of the sets, company → department → team,
//! with each objective's links and progress.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::process::ExitCode;

use okr_git::{Repository, Side};
use okr_model::ParsedFile;
use okr_model::alignment::{self, Alignment};
use okr_report::{diagnostics, tree as render};

use crate::args::{Color, Format, TreeArgs, styled};
use crate::error::CommandError;
use crate::files::Context;

/// Runs `git okr tree`.
pub fn run(args: &TreeArgs, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let (side, tip) = match &args.at {
        Some(at) => {
            let revision = repo.revision(at).map_err(|error| match error {
                okr_git::Error::BadRevision { .. } => CommandError::Usage {
                    message: format!("--at: {error}"),
                    hint: Some("name a commit: a branch, a tag, a hash or HEAD~N".to_owned()),
                },
                other => CommandError::Git(other),
            })?;
            (Side::Revision(revision.clone()), Some(revision))
        }
        None => (Side::WorkTree, repo.head()?),
    };
    let mut files: Vec<ParsedFile> = repo
        .load(&side, context.config.root.as_str())?
        .into_iter()
        .map(|f| f.parsed)
        .collect();
    let broken: Vec<ParsedFile> = files.iter().filter(|f| f.has_errors()).cloned().collect();
    if !broken.is_empty() {
        return Err(CommandError::Invalid {
            files: broken,
            reason: "has errors: fix them to see the alignment (`git okr lint` shows them all)",
        });
    }

    // Key results measured by others show the value of their sources.
    if crate::files::any_derived(files.iter().filter_map(|f| f.set.as_ref())) {
        let last = crate::files::last_check_ins(&repo, tip.as_ref(), context.config.root.as_str())?;
        crate::files::roll_up(files.iter_mut().filter_map(|f| f.set.as_mut()), &last);
    }
    let mut alignment = alignment::align(&files);
    if let Some(period) = &args.period {
        only_period(&mut alignment, period)?;
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            writeln!(out, "{}", render::json(&alignment)).map_err(CommandError::output)?;
        }
        Format::Human => {
            let styled = styled(color, &stdout);
            let text = render::human(&alignment, styled);
            write!(out, "{}", okr_report::terminal::safe(&text, styled))
                .map_err(CommandError::output)?;
            let sources: HashMap<&str, &okr_model::SourceFile> =
                files.iter().map(|f| (f.source.path(), &f.source)).collect();
            for diagnostic in &alignment.diagnostics {
                let source = sources.get(diagnostic.file.as_str()).copied();
                let text = diagnostics::human(diagnostic, source, styled);
                let text = okr_report::terminal::safe(&text, styled);
                write!(out, "\n{text}\n").map_err(CommandError::output)?;
            }
            let summary = render::summary(&alignment, styled);
            if !summary.is_empty() {
                write!(out, "\n{summary}\n").map_err(CommandError::output)?;
            }
        }
    }
    out.flush().map_err(CommandError::output)?;
    Ok(if render::has_errors(&alignment) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Keeps `period`'s forest and the diagnostics of its files, or says which
/// periods there are.
fn only_period(alignment: &mut Alignment, period: &str) -> Result<(), CommandError> {
    let Some(forest) = alignment.periods.iter().find(|f| f.period == period) else {
        let known: Vec<String> = alignment
            .periods
            .iter()
            .map(|f| format!("`{}`", f.period))
            .collect();
        return Err(CommandError::Usage {
            message: format!("PERIOD: no OKR set is for the period `{period}`"),
            hint: Some(if known.is_empty() {
                "there are no OKR sets under the OKR root yet (`git okr new` makes one)".to_owned()
            } else {
                format!("the periods with sets are {}", known.join(", "))
            }),
        });
    };
    let paths: BTreeSet<String> = forest.sets.iter().map(|s| s.path.clone()).collect();
    alignment.periods.retain(|f| f.period == period);
    alignment.diagnostics.retain(|d| paths.contains(&d.file));
    Ok(())
}
