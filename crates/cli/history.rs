//! `git okr history`: how a set came to be, derived from history (not
//! from tags alone, which a squash merge or a shallow clone may lose).

use std::io::Write as _;
use std::process::ExitCode;

use okr_diff::SetFile;
use okr_git::{Repository, SetHistory, Side};
use okr_model::OkrSet;
use okr_model::trailers::{self, Message};
use okr_report::history::{self as render, CheckIns, Grade, History, Iteration};

use crate::args::{Color, HistoryArgs, HistoryFormat, styled};
use crate::error::CommandError;
use crate::files::{Context, resolve_set};

/// Runs `git okr history`.
pub fn run(args: &HistoryArgs, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.as_str();
    let start = match &args.at {
        Some(at) => repo.revision(at)?,
        None => repo.head()?.ok_or(okr_git::Error::Unborn)?,
    };
    let files = repo.load(&Side::Revision(start.clone()), root)?;
    let (file, set) = resolve_set(&files, &args.set)?;
    let (period, team) = (set.period.label.as_str(), set.team.as_str());
    let walked = repo.set_history(&start, root, period, team)?;

    let history = history_of(&repo, &file.path, set, &walked)?;
    let text = match args.format {
        HistoryFormat::Human => {
            let styled = styled(color, &std::io::stdout());
            okr_report::terminal::safe(&render::human(&history, styled), styled).into_owned()
        }
        HistoryFormat::Markdown => render::markdown(&history),
        HistoryFormat::Json => render::json(&history) + "\n",
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// A set's history, ready to show, from what the walk found (`walked`):
/// its iterations with the changes of each, its check-ins, its grade.
/// `path` is the set's file now.
pub(crate) fn history_of(
    repo: &Repository,
    path: &str,
    set: &OkrSet,
    walked: &SetHistory,
) -> Result<History, CommandError> {
    let (period, team) = (set.period.label.as_str(), set.team.as_str());
    let tags = repo.tags_under(&okr_model::lifecycle::tag_prefix(period, team))?;
    let tag_of = |commit: &str| {
        tags.iter()
            .filter(|(_, r)| r.id == commit)
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut notes = Vec::new();
    if !walked.complete {
        notes.push(
            "the history is cut short (a shallow clone): the first versions are missing; `git fetch --unshallow` brings them".to_owned(),
        );
    }
    let parsed: Vec<okr_model::ParsedFile> = walked
        .versions
        .iter()
        .map(|v| okr_model::parse(&v.path, &v.text))
        .collect();
    let mut iterations = Vec::new();
    let mut previous: Option<(&str, &OkrSet)> = None;
    for (version, file) in walked.versions.iter().zip(&parsed) {
        let message = Message::parse(&version.commit.message);
        let tag = tag_of(&version.commit.id);
        let changes = match (previous, file.set.as_ref()) {
            (Some((old_path, old)), Some(new)) => okr_diff::diff(
                &[SetFile {
                    path: old_path,
                    set: old,
                }],
                &[SetFile {
                    path: &version.path,
                    set: new,
                }],
            )
            .sets
            .into_iter()
            .next()
            .map(|mut diff| {
                // The iterations are about the definition; check-ins have
                // their own part below.
                diff.changes.retain(|c| c.class != okr_diff::Class::CheckIn);
                diff
            })
            .filter(|diff| !diff.changes.is_empty()),
            _ => None,
        };
        iterations.push(Iteration {
            version: version.version.clone().unwrap_or_else(|| "1.0".to_owned()),
            status: version.status.clone().unwrap_or_else(|| "draft".to_owned()),
            commit: version.commit.id.clone(),
            date: okr_report::log::date(&version.commit),
            author: version.commit.author.clone(),
            stage: message.trailer(trailers::STAGE).map(str::to_owned),
            subject: message.subject.to_owned(),
            why: message.body.to_owned(),
            tag: (!tag.is_empty()).then_some(tag),
            path: version.path.clone(),
            changes,
        });
        if let Some(set) = &file.set {
            previous = Some((&version.path, set));
        }
    }
    let untagged = iterations
        .iter()
        .skip(1)
        // `grade` closes a set without a tag: only the lifecycle steps
        // before it are tagged.
        .filter(|i| i.tag.is_none() && i.status != okr_model::Status::Closed.as_str())
        .count();
    if untagged > 0 {
        notes.push(format!(
            "{untagged} of the iterations have no tag (made by hand, or tags not fetched): they are found from the changes of the `version` and `status` fields"
        ));
    }

    let commits: std::collections::BTreeSet<&str> = walked
        .check_ins
        .iter()
        .map(|e| e.commit.id.as_str())
        .collect();
    let check_ins = CheckIns {
        commits: commits.len(),
        key_results: okr_model::timeline::runs(&walked.check_ins, set),
        first: walked
            .check_ins
            .first()
            .map(|e| okr_report::log::date(&e.commit)),
        last: walked
            .check_ins
            .last()
            .map(|e| okr_report::log::date(&e.commit)),
    };
    let review = set.review.as_ref();
    let grade = (set.status == okr_model::Status::Closed).then(|| Grade {
        score: review.and_then(|r| r.score),
        key_results: set
            .key_results()
            .map(|(o, k)| (format!("{}/{}/{}", set.team, o.id, k.id), k.score))
            .collect(),
        lessons: review.map(|r| r.lessons.clone()).unwrap_or_default(),
        failures: review.map(|r| r.failures.clone()).unwrap_or_default(),
        continue_: review.map(|r| r.continue_.clone()).unwrap_or_default(),
    });
    let history = History {
        set: format!("{period}:{team}"),
        path: path.to_owned(),
        status: set.status.to_string(),
        version: set.version.to_string(),
        iterations,
        check_ins,
        grade,
        notes,
    };
    Ok(history)
}
