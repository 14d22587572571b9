//! `git okr present SET`: the document for the seeds' "present to the
//! teams" step, as markdown or one HTML page.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use okr_git::{Repository, Side};
use okr_model::OkrSet;
use okr_report::present::{self, Presentation};

use crate::args::{PresentArgs, PresentFormat};
use crate::error::CommandError;
use crate::files::{Context, resolve_set};

/// Runs `git okr present`.
pub fn run(args: &PresentArgs) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let side = match &args.at {
        Some(at) => Side::Revision(repo.revision(at)?),
        None => Side::WorkTree,
    };
    let files = repo.load(&side, &context.config.root)?;
    let (file, set) = resolve_set(&files, &args.set)?;
    if file.parsed.has_errors() {
        return Err(CommandError::Invalid {
            files: vec![file.parsed.clone()],
            reason: "has errors: fix them to present it (`git okr lint` shows them all)",
        });
    }
    let sets: Vec<&OkrSet> = files
        .iter()
        .filter(|f| !f.parsed.has_errors())
        .filter_map(|f| f.parsed.set.as_ref())
        .collect();
    let presentation = Presentation {
        set,
        previous: present::previous(&sets, set),
    };
    let text = match args.format {
        PresentFormat::Markdown => present::markdown(&presentation),
        PresentFormat::Html => okr_report::html::presentation(&presentation),
    };
    match &args.output {
        Some(path) => {
            write(path, &text)?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "wrote the presentation of {} into {}",
                presentation.reference(),
                path.display()
            )
            .map_err(CommandError::output)?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(CommandError::output)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the document at `path`, replacing an earlier one.
fn write(path: &PathBuf, text: &str) -> Result<(), CommandError> {
    std::fs::write(path, text).map_err(|source| {
        CommandError::Git(okr_git::Error::Write {
            path: path.clone(),
            source,
        })
    })
}
