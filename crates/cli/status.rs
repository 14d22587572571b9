//! `git okr status`: progress, confidence, health and check-in age of
//! every set's key results.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate};
use okr_git::{Repository, Side};
use okr_model::Kind;
use okr_report::status::{self as render, Status};

use crate::args::{Color, StatusArgs, StatusFormat, styled};
use crate::error::CommandError;
use crate::files::Context;

/// Runs `git okr status`.
pub fn run(args: &StatusArgs, color: Color) -> Result<ExitCode, CommandError> {
    if args.format == StatusFormat::Markdown {
        return markdown(args);
    }
    if args.since.is_some() {
        return Err(CommandError::Usage {
            message: "--since: only with --format markdown".to_owned(),
            hint: Some("`git okr status --format markdown --since \"2 weeks ago\"`".to_owned()),
        });
    }
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| CommandError::Usage {
                message: format!("--as-of: `{d}` is not a date"),
                hint: Some("write it as 2026-11-21".to_owned()),
            })
        })
        .transpose()?;
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.as_str();
    let (side, tip) = match &args.at {
        Some(at) => {
            let revision = repo.revision(at)?;
            (Side::Revision(revision.clone()), Some(revision))
        }
        None => (Side::WorkTree, repo.head()?),
    };
    let mut files = repo.load(&side, root)?;
    crate::files::refuse_broken(
        &files,
        "has errors: fix them to see the status (`git okr lint` shows them all)",
    )?;
    let last = crate::files::last_check_ins(&repo, tip.as_ref(), root)?;
    crate::files::roll_up(
        files.iter_mut().filter_map(|f| f.parsed.set.as_mut()),
        &last,
    );
    let mut sets: Vec<(&str, &okr_model::OkrSet)> = files
        .iter()
        .filter_map(|f| f.parsed.set.as_ref().map(|s| (f.path.as_str(), s)))
        .collect();
    if !args.sets.is_empty() {
        let index = crate::files::index(sets.iter().map(|(_, s)| *s).collect());
        let mut wanted = Vec::new();
        for reference in &args.sets {
            wanted.push(index.resolve(reference, &[Kind::Set], None)?.set());
        }
        sets = sets
            .into_iter()
            .enumerate()
            .filter(|(i, _)| wanted.contains(i))
            .map(|(_, s)| s)
            .collect();
    }

    let as_of = match (as_of, &args.at) {
        (Some(day), _) => day,
        // Time travel: judged on the day of that revision.
        (None, Some(_)) => tip
            .as_ref()
            .and_then(|t| repo.commit_time(t).ok())
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .map_or_else(crate::files::today, |d| d.date_naive()),
        (None, None) => crate::files::today(),
    };
    let status = Status::new(
        &sets,
        |set, kr| crate::files::last_check_in(&last, set, kr),
        as_of,
        context.config.cadence_days,
    );
    let stdout = std::io::stdout();
    // Markdown went its own way above.
    let text = if args.format == StatusFormat::Json {
        render::json(&status) + "\n"
    } else {
        render::human(&status, styled(color, &stdout))
    };
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// `git okr status --format markdown`: the review document of
/// `git okr report --markdown`, for the sets asked, from the committed
/// history (HEAD or `--at`).
fn markdown(args: &StatusArgs) -> Result<ExitCode, CommandError> {
    let overview = crate::report::gather(&crate::report::Request {
        at: args.at.as_deref(),
        sets: &args.sets,
        period: None,
        as_of: args.as_of.as_deref(),
        since: args.since.as_deref(),
    })?;
    let text = okr_report::review::markdown(&overview);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}
