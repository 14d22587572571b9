//! `git okr hook NAME`: the work of git-okr's git hooks, which the shims of
//! `hooks/` run. Quiet when all is well; errors block.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use okr_git::{OkrFile, Repository, Side};
use okr_model::{Diagnostic, Index, ParsedFile, Severity, SourceFile, Tally};
use okr_report::diagnostics;

use crate::args::{Color, HookName, styled};
use crate::error::CommandError;
use crate::files::Context;
use crate::lint::{Findings, findings};

/// Runs `git okr hook NAME`.
pub fn run(hook: &HookName, color: Color) -> Result<ExitCode, CommandError> {
    let name = match hook {
        HookName::PreCommit => "pre-commit",
        HookName::CommitMsg { .. } => "commit-msg",
        HookName::PrePush { .. } => "pre-push",
    };
    if let Some(value) = skipped(name) {
        eprintln!("git-okr: {name} hook skipped (OKR_SKIP={value})");
        return Ok(ExitCode::SUCCESS);
    }
    match hook {
        HookName::PreCommit => pre_commit(color),
        HookName::CommitMsg { file } => commit_msg(file),
        HookName::PrePush { remote, .. } => pre_push(remote.as_deref(), color),
    }
}

/// The value of `OKR_SKIP` when it skips hook `name`: `1` or `all` skip
/// every hook, a comma-separated list the hooks it names.
fn skipped(name: &str) -> Option<String> {
    let value = std::env::var("OKR_SKIP").ok()?;
    let skips = value
        .split(',')
        .map(str::trim)
        .any(|item| matches!(item, "1" | "all" | "true" | "yes") || item == name);
    skips.then_some(value)
}

/// Lints the OKR files as they are staged: errors block the commit,
/// warnings are printed, the freeze applies against HEAD.
fn pre_commit(color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let staged = repo.staged(context.config.root.as_str())?;
    if staged.changed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let changed: HashSet<&str> = staged.changed.iter().map(String::as_str).collect();
    // The staged files first (reported), then the others (context).
    let (mut parsed, others): (Vec<OkrFile>, Vec<OkrFile>) = staged
        .index
        .into_iter()
        .partition(|file| changed.contains(file.path.as_str()));
    let reported = parsed.len();
    parsed.extend(others);
    let parsed: Vec<ParsedFile> = parsed.into_iter().map(|file| file.parsed).collect();
    let settings = okr_lint::Settings::from_config(&context.config.lint);
    let Findings { diagnostics, .. } = findings(&parsed, reported, &staged.head, &settings);
    let shown: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity != Severity::Hint)
        .collect();
    report(&shown, &parsed, color, "the staged OKR files", "commit")
}

/// Prints `found` to standard error; exits 1 when there are errors, with a
/// closing line that says how to skip.
fn report(
    found: &[Diagnostic],
    parsed: &[ParsedFile],
    color: Color,
    what: &str,
    blocked: &str,
) -> Result<ExitCode, CommandError> {
    if found.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let stderr = std::io::stderr();
    let styled = styled(color, &stderr);
    let sources: HashMap<&str, &SourceFile> = parsed
        .iter()
        .map(|file| (file.source.path(), &file.source))
        .collect();
    let mut out = stderr.lock();
    for diagnostic in found {
        let source = sources.get(diagnostic.file.as_str()).copied();
        let text = diagnostics::human(diagnostic, source, styled);
        writeln!(out, "{text}\n").map_err(CommandError::output)?;
    }
    let tally = Tally::of(found);
    if tally.errors == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "git-okr: the {blocked} is blocked: {} in {what} (skip this check once with OKR_SKIP=1 or --no-verify)",
        plural(tally.errors, "error")
    )
    .map_err(CommandError::output)?;
    Ok(ExitCode::from(1))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Checks the `OKR-` trailers of the message in `file`: well formed, and
/// naming key results and sets that exist (staged, or on disk).
fn commit_msg(file: &Path) -> Result<ExitCode, CommandError> {
    let bytes = std::fs::read(file).map_err(|source| CommandError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd).ok();
    let comment = repo
        .as_ref()
        .and_then(|repo| repo.config_string("core.commentChar"))
        .filter(|c| c.chars().count() == 1)
        .unwrap_or_else(|| "#".to_owned());
    let message = without_comments(&text, &comment);
    let has_okr = message.lines().any(|line| {
        line.get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("OKR-"))
    });
    if !has_okr {
        return Ok(ExitCode::SUCCESS);
    }
    // The sets the commit holds: the index git is committing (for `git
    // commit -a`, `git commit PATH` and git-okr's own commits, the temporary
    // one `GIT_INDEX_FILE` names); then those only on disk.
    let mut files: Vec<OkrFile> = Vec::new();
    if let Some(repo) = &repo {
        let root = context.config.root.as_str();
        files.extend(repo.load(&Side::Index, root)?);
        let staged: HashSet<(String, String)> = files
            .iter()
            .filter_map(|file| file.parsed.set.as_ref())
            .map(|set| (set.period.label.clone(), set.team.clone()))
            .collect();
        files.extend(
            repo.load(&Side::WorkTree, root)?
                .into_iter()
                .filter(|file| {
                    file.parsed.set.as_ref().is_some_and(|set| {
                        !staged.contains(&(set.period.label.clone(), set.team.clone()))
                    })
                }),
        );
    }
    let index = Index::new(
        files
            .iter()
            .filter_map(|file| file.parsed.set.as_ref())
            .collect(),
    );
    let problems = okr_model::trailers::check(&message, &index);
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stderr().lock();
    for problem in &problems {
        let mut text = format!(
            "{}:{}: error: {}",
            file.display(),
            problem.line,
            problem.message
        );
        if let Some(help) = &problem.help {
            text += &format!("\n  help: {help}");
        }
        writeln!(out, "{text}").map_err(CommandError::output)?;
    }
    writeln!(
        out,
        "git-okr: the commit is blocked: {} in the message's OKR trailers (skip this check once with OKR_SKIP=1 or --no-verify)",
        plural(problems.len(), "problem")
    )
    .map_err(CommandError::output)?;
    Ok(ExitCode::from(1))
}

/// The message as git will keep it: comment lines blanked (so that line
/// numbers stay those of the file) and everything from the scissors line
/// of `git commit --verbose` on dropped.
fn without_comments(text: &str, comment: &str) -> String {
    let scissors = format!("{comment} ------------------------ >8 ------------------------");
    let mut kept = String::with_capacity(text.len());
    for line in text.lines() {
        if line == scissors {
            break;
        }
        if !line.starts_with(comment) {
            kept.push_str(line);
        }
        kept.push('\n');
    }
    kept
}

/// Lints every set at each pushed tip, as git gives the refs on standard
/// input, and checks the freeze against what the remote has.
fn pre_push(remote: Option<&str>, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.as_str();
    let settings = okr_lint::Settings::from_config(&context.config.lint);
    let mut seen = HashSet::new();
    let mut failed = false;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|source| CommandError::Read {
            path: "standard input".into(),
            source,
        })?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [local_ref, local, _remote_ref, remote_id] = fields.as_slice() else {
            continue;
        };
        if is_zero(local) || !seen.insert((*local).to_owned()) {
            continue;
        }
        let tip = repo.revision(local)?;
        let tip = okr_git::Revision {
            spec: short_ref(local_ref),
            id: tip.id,
        };
        let files = repo.load(&Side::Revision(tip), root)?;
        // The remote's tip, or for a new branch where it would branch off
        // the remote's default branch.
        let base = if is_zero(remote_id) {
            remote
                .and_then(|remote| repo.revision(&format!("refs/remotes/{remote}/HEAD")).ok())
                .and_then(|head| repo.revision(local).ok().map(|tip| (head, tip)))
                .and_then(|(head, tip)| repo.merge_base(&head, &tip).ok())
        } else {
            repo.revision(remote_id).ok()
        };
        let before = match base {
            Some(base) => repo.load(&Side::Revision(base), root)?,
            None => Vec::new(),
        };
        let parsed: Vec<ParsedFile> = files.into_iter().map(|file| file.parsed).collect();
        let Findings { diagnostics, .. } = findings(&parsed, parsed.len(), &before, &settings);
        let errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let what = format!("the OKR files of {}", short_ref(local_ref));
        if report(&errors, &parsed, color, &what, "push")? != ExitCode::SUCCESS {
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn is_zero(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

/// `refs/heads/main` as `main`.
fn short_ref(name: &str) -> String {
    name.strip_prefix("refs/heads/")
        .or_else(|| name.strip_prefix("refs/tags/"))
        .unwrap_or(name)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_and_scissors_cut() {
        let text = "Subject\n# a comment\n\nOKR-Value: 1\n# ------------------------ >8 ------------------------\ndiff --git a b\n";
        assert_eq!(without_comments(text, "#"), "Subject\n\n\nOKR-Value: 1\n");
        assert_eq!(without_comments("a\n;b\n", ";"), "a\n\n");
    }

    #[test]
    fn refs_and_ids() {
        assert!(is_zero("0000000000000000000000000000000000000000"));
        assert!(!is_zero("0000000000000000000000000000000000000001"));
        assert_eq!(short_ref("refs/heads/main"), "main");
        assert_eq!(short_ref("HEAD"), "HEAD");
    }
}
