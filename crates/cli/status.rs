//! `git okr status`: progress, confidence, health and check-in age of
//! every set's key results.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate};
use okr_git::{Repository, Side};
use okr_model::Kind;
use okr_report::status::{self as render, Status};

use crate::args::{Color, HealthFilter, StatusArgs, StatusFormat, styled};
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
    // The sets still in play, unless sets are named or --all.
    let mut closed = 0;
    if args.sets.is_empty() && !args.all {
        let before = sets.len();
        sets.retain(|(_, s)| s.status != okr_model::Status::Closed);
        closed = before - sets.len();
    }
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
    let mut status = Status::new(
        &sets,
        |set, kr| crate::files::last_check_in(&last, set, kr),
        as_of,
        context.config.cadence_days,
    );
    let filtered = args.owner.is_some() || !args.health.is_empty();
    if filtered {
        status.retain_key_results(|team, kr| keep(args, team, kr));
    }
    let stdout = std::io::stdout();
    // Markdown went its own way above.
    let text = if args.format == StatusFormat::Json {
        render::json(&status) + "\n"
    } else {
        let styled = styled(color, &stdout);
        let mut text =
            okr_report::terminal::safe(&render::human(&status, styled), styled).into_owned();
        if status.sets.is_empty() {
            text = String::from(if filtered {
                "No key result matches.\n"
            } else {
                "No set is in play: none is draft, in review or final.\n"
            });
        }
        match closed {
            0 => {}
            1 => text += "\n1 closed set not shown (`--all` shows it).\n",
            n => text += &format!("\n{n} closed sets not shown (`--all` shows them).\n"),
        }
        text
    };
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// Whether `kr`, of a set of `team`, passes `--owner` and `--health`; a
/// key result without an `owner` is its team's.
fn keep(args: &StatusArgs, team: &str, kr: &okr_report::status::KrStatus) -> bool {
    use okr_model::Health;
    let owner = args
        .owner
        .as_deref()
        .is_none_or(|owner| kr.owner.as_deref().unwrap_or(team) == owner);
    let health = args.health.is_empty()
        || args.health.iter().any(|wanted| match wanted {
            HealthFilter::OnTrack => kr.health == Some(Health::OnTrack),
            HealthFilter::AtRisk => kr.health == Some(Health::AtRisk),
            HealthFilter::OffTrack => kr.health == Some(Health::OffTrack),
            HealthFilter::Unknown => kr.health.is_none(),
            HealthFilter::Stale => kr.stale,
        });
    owner && health
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
        all: args.all,
    })?;
    let overview = crate::report::live(overview);
    let text = okr_report::review::markdown(&overview);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}
