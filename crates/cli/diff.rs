//! `git okr diff`: what changed in the OKRs between two versions, by
//! meaning.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use okr_diff::SetFile;
use okr_git::{OkrFile, Repository, Side};
use okr_report::diff::{self as render, SideInfo};

use crate::args::{Color, DiffArgs, DiffFormat, styled};
use crate::error::CommandError;
use crate::files::Context;

/// Runs `git okr diff`.
pub fn run(args: &DiffArgs, color: Color) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let (old, new, old_name) = sides(&repo, args)?;
    let prefixes = path_prefixes(&repo, &context.cwd, &args.paths)?;

    let root = context.config.root.as_str();
    let old_files = repo.load(&old, root)?;
    let new_files = repo.load(&new, root)?;
    let unparsable: Vec<okr_model::ParsedFile> = old_files
        .iter()
        .chain(&new_files)
        .filter(|file| file.parsed.has_errors())
        .filter(|file| prefixes.is_empty() || under(&file.path, &prefixes))
        .map(|file| file.parsed.clone())
        .collect();
    if !unparsable.is_empty() {
        return Err(CommandError::Unparsable { files: unparsable });
    }

    let mut diff = okr_diff::diff(&set_files(&old_files), &set_files(&new_files));
    if !prefixes.is_empty() {
        diff.sets.retain(|set| {
            [&set.old_path, &set.new_path]
                .into_iter()
                .flatten()
                .any(|path| under(path, &prefixes))
        });
    }

    let old_info = SideInfo {
        label: old_name,
        commit: commit(&old),
    };
    let new_info = SideInfo {
        label: new.label(),
        commit: commit(&new),
    };
    let stdout = std::io::stdout();
    let text = match args.format {
        DiffFormat::Human => {
            let styled = styled(color, &stdout);
            let text = render::human(&diff, &old_info, &new_info, styled);
            okr_report::terminal::safe(&text, styled).into_owned()
        }
        DiffFormat::Markdown => render::markdown(
            &diff,
            &old_info,
            &new_info,
            render::MARKDOWN_LIMIT,
            &rerun(args),
        ),
        DiffFormat::Json => render::json(&diff, &old_info, &new_info) + "\n",
    };
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;

    let summary = diff.summary();
    let failed =
        (args.exit_code && summary.changes > 0) || (args.check && summary.changed_after_final > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The old and new side the arguments name, as `git diff` reads them, and
/// the name to show for the old side.
fn sides(repo: &Repository, args: &DiffArgs) -> Result<(Side, Side, String), CommandError> {
    let after = || -> Side {
        if args.staged {
            Side::Index
        } else {
            Side::WorkTree
        }
    };
    let head = |repo: &Repository| -> Result<Side, CommandError> {
        Ok(repo.head()?.map_or(Side::Empty, Side::Revision))
    };
    let revision = |spec: &str| -> Result<Side, CommandError> {
        if spec.is_empty() {
            head(repo)
        } else {
            Ok(Side::Revision(repo.revision(spec)?))
        }
    };
    let named = |old: Side, new: Side| {
        let name = old.label();
        (old, new, name)
    };
    match args.revisions.as_slice() {
        [] => Ok(named(head(repo)?, after())),
        [range] if range.contains("...") => {
            no_staged(args, range)?;
            let (a, b) = range.split_once("...").unwrap_or_default();
            let (a, b) = (revision(a)?, revision(b)?);
            let (Side::Revision(ra), Side::Revision(rb)) = (&a, &b) else {
                return Err(CommandError::Usage {
                    message: format!("`{range}`: there are no commits yet"),
                    hint: None,
                });
            };
            // The merge base's spec is its short hash, so its files show
            // as `1a2b3c4:okrs/…`, which `git show` takes.
            let base = repo.merge_base(ra, rb)?;
            let name = format!("{} (where {} and {} meet)", base.spec, a.label(), b.label());
            Ok((Side::Revision(base), b, name))
        }
        [range] if range.contains("..") => {
            no_staged(args, range)?;
            let (a, b) = range.split_once("..").unwrap_or_default();
            Ok(named(revision(a)?, revision(b)?))
        }
        [rev] => Ok(named(revision(rev)?, after())),
        [a, b] => {
            no_staged(args, &format!("{a} {b}"))?;
            Ok(named(revision(a)?, revision(b)?))
        }
        [_, _, extra, ..] => Err(CommandError::Usage {
            message: format!("`{extra}`: at most two revisions can be compared"),
            hint: Some("to limit the diff to files or folders, put them after `--`".to_owned()),
        }),
    }
}

/// `--staged` compares the index with one revision, not two revisions.
fn no_staged(args: &DiffArgs, revisions: &str) -> Result<(), CommandError> {
    if args.staged {
        return Err(CommandError::Usage {
            message: format!("`--staged` compares the index with one revision, not `{revisions}`"),
            hint: Some("drop `--staged`, or name one revision".to_owned()),
        });
    }
    Ok(())
}

/// The sets read on one side, with their paths.
fn set_files(files: &[OkrFile]) -> Vec<SetFile<'_>> {
    files
        .iter()
        .filter_map(|file| {
            file.parsed.set.as_ref().map(|set| SetFile {
                path: &file.path,
                set,
            })
        })
        .collect()
}

fn commit(side: &Side) -> Option<String> {
    match side {
        Side::Revision(revision) => Some(revision.id.clone()),
        _ => None,
    }
}

/// The command that shows the whole diff, for a note in a shortened one.
fn rerun(args: &DiffArgs) -> String {
    let mut command = vec!["git okr diff".to_owned()];
    if args.staged {
        command.push("--staged".to_owned());
    }
    command.extend(args.revisions.iter().cloned());
    if !args.paths.is_empty() {
        command.push("--".to_owned());
        command.extend(args.paths.iter().map(|p| p.to_string_lossy().into_owned()));
    }
    command.join(" ")
}

/// The `-- PATH` arguments as paths from the top of the working tree,
/// `/`-separated; an empty string stands for the whole tree.
fn path_prefixes(
    repo: &Repository,
    cwd: &Path,
    paths: &[PathBuf],
) -> Result<Vec<String>, CommandError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let top = repo.top()?;
    paths
        .iter()
        .map(|path| {
            let absolute = normalize(&cwd.join(path));
            let inside = absolute
                .strip_prefix(top)
                .map_err(|_| CommandError::Usage {
                    message: format!("`{}` is outside the repository", path.display()),
                    hint: Some(format!("the repository's top is `{}`", top.display())),
                })?;
            Ok(inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

/// `path` without `.` and with `..` applied, without touching the disk
/// (the path may exist only at some revision).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `path` is one of `prefixes` or inside one.
fn under(path: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|prefix| {
        prefix.is_empty()
            || path == prefix
            || path
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_under_prefixes() {
        let prefixes = vec!["okrs/2026-Q4".to_owned()];
        assert!(under("okrs/2026-Q4/platform.toml", &prefixes));
        assert!(!under("okrs/2026-Q40/platform.toml", &prefixes));
        assert!(under("anything", &[String::new()]));
        assert_eq!(
            normalize(Path::new("/r/a/./b/../c")),
            PathBuf::from("/r/a/c")
        );
    }
}
