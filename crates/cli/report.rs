//! `git okr report`: what every set's review needs, gathered from git in
//! one walk, written as a static HTML site or printed as a markdown review.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate};
use okr_git::{Repository, Side};
use okr_model::{Kind, OkrSet};
use okr_report::overview::{self, Overview, RevisionInfo, SetOverview, Since};
use okr_report::status::Status;

use crate::args::ReportArgs;
use crate::error::CommandError;
use crate::files::Context;

/// The file in a report folder that lists what the report wrote, so that
/// writing it again removes its old pages and nothing else.
const MANIFEST: &str = ".git-okr-report";

/// What to gather.
pub(crate) struct Request<'a> {
    /// The revision (default: HEAD).
    pub at: Option<&'a str>,
    /// Only these sets (team, or period:team).
    pub sets: &'a [String],
    /// Only this period.
    pub period: Option<&'a str>,
    /// The day to judge on, as written (default: today).
    pub as_of: Option<&'a str>,
    /// The start of the review's window, as written.
    pub since: Option<&'a str>,
    /// Closed sets count too (`--all`).
    pub all: bool,
}

/// Runs `git okr report`.
pub fn run(args: &ReportArgs) -> Result<ExitCode, CommandError> {
    let request = Request {
        at: args.at.as_deref(),
        sets: &args.sets,
        period: args.period.as_deref(),
        as_of: args.as_of.as_deref(),
        since: args.since.as_deref(),
        all: args.all,
    };
    if args.since.is_some() && !args.markdown {
        return Err(CommandError::Usage {
            message: "--since: only with --markdown".to_owned(),
            hint: Some("`git okr report --markdown --since \"4 weeks ago\"`".to_owned()),
        });
    }
    // Refuse a folder that is not ours before any work.
    if let Some(dir) = &args.html {
        check_folder(dir)?;
    }
    let overview = gather(&request)?;
    if let Some(dir) = &args.html {
        let pages = okr_report::html::site(&overview);
        let written = write_site(dir, &pages)?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "wrote {} pages for {} {} into {}; open {}",
            written,
            overview.status.sets.len(),
            if overview.status.sets.len() == 1 {
                "set"
            } else {
                "sets"
            },
            dir.display(),
            dir.join("index.html").display()
        )
        .map_err(CommandError::output)?;
    }
    if args.markdown {
        let overview = live(overview);
        let text = okr_report::review::markdown(&overview);
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(CommandError::output)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The overview a live view shows: without closed sets unless they count.
pub(crate) fn live(overview: Overview) -> Overview {
    if overview.count_closed {
        overview
    } else {
        overview.without_closed()
    }
}

/// A date given as `YYYY-MM-DD` in `flag`.
pub(crate) fn day(flag: &str, text: &str) -> Result<NaiveDate, CommandError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| CommandError::Usage {
        message: format!("{flag}: `{text}` is not a date"),
        hint: Some("write it as 2026-11-21".to_owned()),
    })
}

/// Everything the reports show, from the revision `request.at` (HEAD by
/// default): one walk of its first-parent history gives every set's
/// iterations and every key result's check-ins.
pub(crate) fn gather(request: &Request<'_>) -> Result<Overview, CommandError> {
    let as_of = request.as_of.map(|d| day("--as-of", d)).transpose()?;
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.as_str();
    let tip = match request.at {
        Some(at) => repo.revision(at)?,
        None => repo.head()?.ok_or(okr_git::Error::Unborn)?,
    };
    let mut files = repo.load(&Side::Revision(tip.clone()), root)?;
    crate::files::refuse_broken(
        &files,
        "has errors: fix them to report (`git okr lint` shows them all)",
    )?;
    // Key results measured by others take their value from their sources,
    // which may be in sets the report does not show.
    let derived_last =
        if crate::files::any_derived(files.iter().filter_map(|f| f.parsed.set.as_ref())) {
            crate::files::last_check_ins(&repo, Some(&tip), root)?
        } else {
            crate::files::LastCheckIns::new()
        };
    crate::files::roll_up(
        files.iter_mut().filter_map(|f| f.parsed.set.as_mut()),
        &derived_last,
    );
    let mut sets: Vec<(&str, &OkrSet)> = files
        .iter()
        .filter_map(|f| f.parsed.set.as_ref().map(|s| (f.path.as_str(), s)))
        .collect();
    if let Some(period) = request.period {
        if !sets.iter().any(|(_, s)| s.period.label == period) {
            let mut known: Vec<&str> = sets.iter().map(|(_, s)| s.period.label.as_str()).collect();
            known.sort_unstable();
            known.dedup();
            return Err(CommandError::Usage {
                message: format!("--period: no set is of `{period}`"),
                hint: Some(if known.is_empty() {
                    "there are no sets at this revision".to_owned()
                } else {
                    format!("the periods are {}", known.join(", "))
                }),
            });
        }
        sets.retain(|(_, s)| s.period.label == period);
    }
    if !request.sets.is_empty() {
        let index = crate::files::index(sets.iter().map(|(_, s)| *s).collect());
        let mut wanted = Vec::new();
        for reference in request.sets {
            wanted.push(index.resolve(reference, &[Kind::Set], None)?.set());
        }
        sets = sets
            .into_iter()
            .enumerate()
            .filter(|(i, _)| wanted.contains(i))
            .map(|(_, s)| s)
            .collect();
    }

    let keys: Vec<(&str, &str)> = sets
        .iter()
        .map(|(_, s)| (s.period.label.as_str(), s.team.as_str()))
        .collect();
    let walked = repo.set_histories(&tip, root, &keys)?;

    let tip_time = repo.commit_time(&tip)?;
    let as_of = match (as_of, request.at) {
        (Some(day), _) => day,
        // Time travel: judged on the day of that revision.
        (None, Some(_)) => DateTime::from_timestamp(tip_time, 0)
            .map_or_else(crate::files::today, |d| d.date_naive()),
        (None, None) => crate::files::today(),
    };
    let since = request.since.map(|text| since(&repo, text)).transpose()?;

    // The newest check-in of each key result, by set and id.
    let mut last: HashMap<(usize, &str, &str), &okr_model::timeline::CommitInfo> = HashMap::new();
    for (i, history) in walked.iter().enumerate() {
        for entry in &history.check_ins {
            last.insert(
                (i, &entry.change.objective, &entry.change.id),
                &entry.commit,
            );
        }
    }
    let position = |set: &OkrSet| {
        sets.iter()
            .position(|(_, s)| std::ptr::eq(*s, set))
            .unwrap_or(usize::MAX)
    };
    let status = Status::new(
        &sets,
        |set, kr| {
            if kr.derived.is_some() {
                return crate::files::last_check_in(&derived_last, set, kr);
            }
            let i = position(set);
            set.objectives
                .iter()
                .find(|o| o.key_results.iter().any(|k| std::ptr::eq(k, kr)))
                .and_then(|o| last.get(&(i, o.id.as_str(), kr.id.as_str())).copied())
        },
        as_of,
        context.config.cadence_days,
    );

    let mut overviews = Vec::with_capacity(sets.len());
    for ((path, set), history) in sets.iter().zip(&walked) {
        overviews.push(SetOverview {
            reference: format!("{}:{}", set.period.label, set.team),
            start: set.period.start,
            end: set.period.end,
            parent: set.parent.clone(),
            positioning: set.positioning.clone(),
            needs: set.needs.clone(),
            key_results: overview::series(set, &history.check_ins),
            dropped: overview::dropped(set, &history.check_ins, || {
                history
                    .versions
                    .iter()
                    .filter_map(|v| okr_model::parse(&v.path, &v.text).set)
                    .collect()
            }),
            history: crate::history::history_of(&repo, path, set, history)?,
        });
    }

    let shown: Vec<okr_model::ParsedFile> = files
        .iter()
        .filter(|f| sets.iter().any(|(path, _)| *path == f.path))
        .map(|f| f.parsed.clone())
        .collect();
    let alignment = okr_model::alignment::align(&shown);

    Ok(Overview {
        revision: Some(RevisionInfo {
            spec: tip.spec.clone(),
            commit: tip.id.clone(),
            date: DateTime::from_timestamp(tip_time, 0)
                .map(|d| d.to_rfc3339())
                .unwrap_or_default(),
        }),
        status,
        sets: overviews,
        alignment,
        since,
        count_closed: request.all || !request.sets.is_empty() || request.period.is_some(),
    })
}

/// The start of a review's window: a revision (its commit's date) or a
/// date as `git okr log --since` takes it.
fn since(repo: &Repository, text: &str) -> Result<Since, CommandError> {
    let time = match crate::log::parse_date("--since", text, false) {
        Ok(time) => time,
        Err(not_a_date) => match repo.revision(text) {
            Ok(revision) => repo.commit_time(&revision)? + 1,
            Err(okr_git::Error::BadRevision { .. }) => return Err(not_a_date),
            Err(error) => return Err(error.into()),
        },
    };
    Ok(Since {
        label: text.to_owned(),
        time,
    })
}

/// Refuses a folder that holds anything but an earlier report.
fn check_folder(dir: &Path) -> Result<(), CommandError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.exists() && !dir.is_dir() => {
            return Err(CommandError::Usage {
                message: format!("--html: `{}` is not a folder", dir.display()),
                hint: Some("name a new or empty folder; nothing was written".to_owned()),
            });
        }
        Err(source) => {
            return Err(CommandError::Read {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut empty = true;
    for entry in entries.flatten() {
        empty = false;
        if entry.file_name() == MANIFEST {
            return Ok(());
        }
    }
    if empty {
        Ok(())
    } else {
        Err(CommandError::Usage {
            message: format!(
                "--html: `{}` holds files that are not a git-okr report",
                dir.display()
            ),
            hint: Some("name a new or empty folder; nothing was written".to_owned()),
        })
    }
}

/// Writes the pages into `dir`: first the old report's pages (as its
/// manifest lists them) are removed, then each page is written to a
/// temporary file and renamed into place. Returns how many were written.
fn write_site(dir: &Path, pages: &[okr_report::html::Page]) -> Result<usize, CommandError> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| CommandError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let manifest = dir.join(MANIFEST);
    if let Ok(old) = std::fs::read_to_string(&manifest) {
        for line in old.lines() {
            // Only plain relative paths the report itself wrote.
            if safe_relative(line) {
                let _ = std::fs::remove_file(dir.join(line));
            }
        }
    }
    let mut listed = String::new();
    for page in pages {
        if !safe_relative(&page.path) {
            continue;
        }
        let path: PathBuf = dir.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        let partial = path.with_extension("partial");
        std::fs::write(&partial, &page.content).map_err(write_error(&partial))?;
        std::fs::rename(&partial, &path).map_err(write_error(&path))?;
        listed += &page.path;
        listed.push('\n');
    }
    std::fs::write(&manifest, listed).map_err(write_error(&manifest))?;
    Ok(pages.len())
}

/// A relative path inside the folder: no root, no `..`, not empty.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}
