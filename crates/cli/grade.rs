//! `git okr grade`: score a set at the end of its period, write the scores,
//! the set's score in a `[review]` scaffold and `status = "closed"` into its
//! file, and commit that file alone.

use std::io::Write as _;
use std::process::ExitCode;

use okr_git::{OkrFile, Proposal, Repository, Side};
use okr_model::grade::{self, Grade, GradeError};
use okr_model::{Status, edit};
use okr_report::grade::{self as render, Report};

use crate::args::{Color, Format, GradeArgs, styled};
use crate::error::CommandError;
use crate::files::{Context, LastCheckIns, resolve_set};

/// A set graded, with its file's new text.
struct Graded {
    path: String,
    grade: Grade,
    text: String,
}

/// Runs `git okr grade`.
pub fn run(args: &GradeArgs, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.clone();
    let why = (!args.message.is_empty()).then(|| args.message.join("\n\n"));

    let (graded, commit) = if args.dry_run {
        let files = repo.load(&Side::WorkTree, &root)?;
        let last = derived_last(&repo, &files, repo.head()?.as_ref(), &root)?;
        (prepare(&files, &args.set, &last)?, None)
    } else {
        let options = args.commit.options();
        let mut graded = None;
        let committed = repo.commit_files(&options, |tip| -> Result<Proposal, CommandError> {
            let files = repo.load(&tip.side(), &root)?;
            let last = derived_last(&repo, &files, Some(&tip.revision), &root)?;
            let prepared = prepare(&files, &args.set, &last).map_err(|error| {
                if tip.attempt > 1 {
                    CommandError::Usage {
                        message: format!(
                            "the branch moved while grading, and on its new tip {}: {error}",
                            tip.revision.short()
                        ),
                        hint: Some(
                            "nothing was committed; look at `git log -1` and grade again"
                                .to_owned(),
                        ),
                    }
                } else {
                    error
                }
            })?;
            let proposal = Proposal {
                files: vec![(prepared.path.clone(), prepared.text.clone().into_bytes())],
                message: render::message(&prepared.grade, why.as_deref()),
            };
            graded = Some(prepared);
            Ok(proposal)
        })?;
        let graded = graded.ok_or_else(|| CommandError::Usage {
            message: "nothing was graded".to_owned(),
            hint: None,
        })?;
        (graded, Some(committed))
    };

    let mut err = std::io::stderr().lock();
    if matches!(graded.grade.status, Status::Draft | Status::Review) {
        let _ = writeln!(
            err,
            "note: `{}` was {}, never made final; grading closes it all the same",
            graded.grade.set, graded.grade.status
        );
    }
    if let Some(committed) = &commit {
        for path in &committed.included_dirty {
            let _ = writeln!(
                err,
                "note: the commit includes the uncommitted changes of `{path}` (--allow-dirty)"
            );
        }
    }
    let report = Report {
        grade: &graded.grade,
        path: &graded.path,
        dry_run: args.dry_run,
        commit: commit.as_ref().map(|c| c.revision.id.as_str()),
    };
    let stdout = std::io::stdout();
    let mut text = match args.format {
        Format::Human => render::human(&report, styled(color, &stdout)),
        Format::Json => render::json(&report) + "\n",
    };
    if args.format == Format::Human {
        match &commit {
            Some(committed) => {
                let subject = committed.message.lines().next().unwrap_or_default();
                let place = committed.branch.as_deref().unwrap_or("detached HEAD");
                text += &format!("\n[{place} {}] {subject}\n", committed.revision.short());
            }
            None => {
                text += &format!(
                    "\ndry run: nothing written; without --dry-run the scores, a [review] scaffold and status = \"closed\" go into {} in one commit\n",
                    graded.path
                );
            }
        }
    }
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// The last check-ins that date the sources of key results measured by
/// others, when `files` have any (none otherwise: no walk is needed).
fn derived_last(
    repo: &Repository,
    files: &[OkrFile],
    tip: Option<&okr_git::Revision>,
    root: &str,
) -> Result<LastCheckIns, CommandError> {
    if crate::files::any_derived(files.iter().filter_map(|f| f.parsed.set.as_ref())) {
        crate::files::last_check_ins(repo, tip, root)
    } else {
        Ok(LastCheckIns::new())
    }
}

/// Resolves `reference` to one set of `files`, grades it (a key result
/// measured by others by its derived value) and edits its text.
fn prepare(
    files: &[OkrFile],
    reference: &str,
    last: &LastCheckIns,
) -> Result<Graded, CommandError> {
    let mut rolled = files.to_vec();
    crate::files::roll_up(
        rolled.iter_mut().filter_map(|f| f.parsed.set.as_mut()),
        last,
    );
    let (file, set) = resolve_set(&rolled, reference)?;
    if file.parsed.has_errors() {
        return Err(CommandError::Invalid {
            files: vec![file.parsed.clone()],
            reason: "has errors: fix them before grading (`git okr lint` shows them all)",
        });
    }
    let grade = grade::grade(set).map_err(|error| {
        let hint = match &error {
            GradeError::Closed { .. } => Some(
                "a set is graded once: its scores and [review] are in the file; edit them there if the review changes them"
                    .to_owned(),
            ),
            GradeError::Unscorable { .. } => Some(
                "check in a last value for each (`git okr checkin REF VALUE`) and give each metric its `baseline` and `target`, or write `score = 0.5` by hand in a key result the numbers cannot judge"
                    .to_owned(),
            ),
            GradeError::Empty { .. } => Some("add key results to the set before grading it".to_owned()),
        };
        CommandError::Usage {
            message: format!("{}: {error}", file.path),
            hint,
        }
    })?;
    let text =
        edit::close(file.parsed.source.text(), &grade.scores(), grade.score).map_err(|source| {
            CommandError::Edit {
                path: file.path.clone(),
                source,
            }
        })?;
    let parsed = okr_model::parse(&file.path, &text);
    if parsed.has_errors() {
        return Err(CommandError::Invalid {
            files: vec![parsed],
            reason: "would not be valid after grading; nothing was written",
        });
    }
    Ok(Graded {
        path: file.path.clone(),
        grade,
        text,
    })
}
