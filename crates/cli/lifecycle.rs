//! `git okr iterate`, `finalize` and `reopen`: a set's version and status
//! as commits and tags. Each is one commit of the set's file alone, made
//! through the same safe path as a check-in, then an annotated tag that is
//! never moved.

use std::io::Write as _;
use std::process::ExitCode;

use okr_git::{OkrFile, Proposal, Repository};
use okr_model::lifecycle::{self, FINAL_STAGE, LifecycleError, REOPEN_STAGE, Step, Transition};
use okr_model::{Kind, OkrSet, trailers};

use crate::args::{CommitArgs, IterateArgs, LifecycleArgs};
use crate::error::CommandError;
use crate::files::{Context, resolve_set};

/// Runs `git okr iterate`.
pub fn iterate(args: &IterateArgs) -> Result<ExitCode, CommandError> {
    if let Some(stage) = &args.stage {
        lifecycle::check_stage(stage).map_err(|e| usage("--stage", &e))?;
    }
    let step = Step::Iterate { major: args.major };
    run(
        &args.set,
        &args.message,
        args.stage.as_deref(),
        step,
        &args.commit,
    )
}

/// Runs `git okr finalize`.
pub fn finalize(args: &LifecycleArgs) -> Result<ExitCode, CommandError> {
    run(
        &args.set,
        &args.message,
        Some(FINAL_STAGE),
        Step::Finalize,
        &args.commit,
    )
}

/// Runs `git okr reopen`.
pub fn reopen(args: &LifecycleArgs) -> Result<ExitCode, CommandError> {
    run(
        &args.set,
        &args.message,
        Some(REOPEN_STAGE),
        Step::Reopen,
        &args.commit,
    )
}

/// A usage error about `flag`, with the lifecycle error's hint.
fn usage(flag: &str, error: &LifecycleError) -> CommandError {
    CommandError::Usage {
        message: format!("{flag}: {error}"),
        hint: error.hint().map(str::to_owned),
    }
}

/// The tag a step leaves: `okr/<period>/<team>/v<version>`; for a
/// finalize, `…/final`, or `…/final-v<version>` when the set was final
/// before and has been reopened since (a reopen bumps the major version,
/// so each final has its own name).
fn tag_name(
    repo: &Repository,
    set: &OkrSet,
    step: Step,
    transition: &Transition,
) -> Result<String, CommandError> {
    let base = lifecycle::tag_prefix(&set.period.label, &set.team);
    Ok(match step {
        Step::Finalize if repo.tag(&format!("{base}final"))?.is_some() => {
            format!("{base}final-v{}", transition.to_version)
        }
        Step::Finalize => format!("{base}final"),
        _ => format!("{base}v{}", transition.to_version),
    })
}

/// What one attempt decided, kept for the tag once the commit is made.
struct Planned {
    tag: String,
    subject: String,
}

fn run(
    reference: &str,
    message: &[String],
    stage: Option<&str>,
    step: Step,
    commit: &CommitArgs,
) -> Result<ExitCode, CommandError> {
    let why = message.join("\n\n");
    if why.trim().is_empty() {
        return Err(CommandError::Usage {
            message: "-m: say why, in a few words".to_owned(),
            hint: None,
        });
    }
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.clone();
    let options = commit.options();
    let mut planned = None;
    let committed = repo.commit_files(&options, |tip| -> Result<Proposal, CommandError> {
        let files = repo.load(&tip.side(), &root)?;
        let (file, set) = resolve_for(&files, reference, step)?;
        if file.parsed.has_errors() {
            return Err(CommandError::Invalid {
                files: vec![file.parsed.clone()],
                reason: "has errors: fix them first",
            });
        }
        let transition = lifecycle::plan(set, step).map_err(|e| usage(reference, &e))?;
        let tag = tag_name(&repo, set, step, &transition)?;
        repo.check_new_tag(&tag)?;
        let path = file.path.clone();
        let text = tip.read(&path)?.ok_or_else(|| CommandError::Usage {
            message: format!("`{path}` is not in the commit"),
            hint: None,
        })?;
        let text = String::from_utf8(text).map_err(|_| CommandError::Usage {
            message: format!("`{path}` is not UTF-8 text"),
            hint: None,
        })?;
        let new = lifecycle::apply(&text, &transition).map_err(|e| usage(reference, &e))?;
        let parsed = okr_model::parse(&path, &new);
        if parsed.has_errors() {
            return Err(CommandError::Invalid {
                files: vec![parsed],
                reason: "would not be valid after the change; nothing was written",
            });
        }
        let name = format!("{}:{}", set.period.label, set.team);
        let subject = subject(step, &set.team, &transition, stage);
        let mut message = format!("{subject}\n\n{why}\n\n");
        message += &format!("{}: {name}\n", trailers::SET);
        message += &format!("{}: {}\n", trailers::ITERATION, transition.to_version);
        if let Some(stage) = stage {
            message += &format!("{}: {stage}\n", trailers::STAGE);
        }
        planned = Some(Planned {
            tag,
            subject: subject.clone(),
        });
        Ok(Proposal {
            files: vec![(path, new.into_bytes())],
            message,
        })
    })?;
    let mut out = std::io::stdout().lock();
    let place = committed.branch.as_deref().unwrap_or("detached HEAD");
    let subject = committed.message.lines().next().unwrap_or_default();
    writeln!(out, "[{place} {}] {subject}", committed.revision.short())
        .map_err(CommandError::output)?;
    if let Some(planned) = planned {
        let tag_message = format!("{}\n\n{why}\n", planned.subject);
        repo.create_tag(&planned.tag, &committed.revision, &tag_message)?;
        writeln!(out, "tagged {}", planned.tag).map_err(CommandError::output)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The set `reference` names, preferring those `step` can be taken on: in
/// the weeks before a period, `iterate web` means next period's draft, not
/// this period's final set. When none of those matches, every set is
/// searched, so that the error says why the one named cannot take it.
fn resolve_for<'f>(
    files: &'f [OkrFile],
    reference: &str,
    step: Step,
) -> Result<(&'f OkrFile, &'f OkrSet), CommandError> {
    let able: Vec<(&OkrFile, &OkrSet)> = files
        .iter()
        .filter_map(|f| f.parsed.set.as_ref().map(|s| (f, s)))
        .filter(|(_, set)| lifecycle::plan(set, step).is_ok())
        .collect();
    let index = crate::files::index(able.iter().map(|(_, s)| *s).collect());
    match index.resolve(reference, &[Kind::Set], None) {
        Ok(target) => match able.get(target.set()) {
            Some(&found) => Ok(found),
            None => resolve_set(files, reference),
        },
        Err(_) => resolve_set(files, reference),
    }
}

/// `iterate(platform): draft 1.0 proposed`, `iterate(platform): 1.0 →
/// 1.1, manager-review`, `finalize(platform): 1.3 final`,
/// `reopen(platform): final → 2.0`.
fn subject(step: Step, team: &str, t: &Transition, stage: Option<&str>) -> String {
    match step {
        Step::Iterate { .. } if t.from_version == t.to_version => {
            let stage = stage.map(|s| format!(", {s}")).unwrap_or_default();
            format!("iterate({team}): draft {} proposed{stage}", t.to_version)
        }
        Step::Iterate { .. } => {
            let stage = stage.map(|s| format!(", {s}")).unwrap_or_default();
            format!(
                "iterate({team}): {} → {}{stage}",
                t.from_version, t.to_version
            )
        }
        Step::Finalize => format!("finalize({team}): {} final", t.to_version),
        Step::Reopen => format!(
            "reopen({team}): {} {} → {}",
            t.from_status, t.from_version, t.to_version
        ),
    }
}
