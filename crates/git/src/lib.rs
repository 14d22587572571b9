//! The git-okr repository layer.
//!
//! This crate owns every contact with git. Today that is:
//!
//! - finding the repository a command runs in ([`discover`],
//!   [`Repository::open`]), as `git` itself does;
//! - naming commits: resolving what `git rev-parse` accepts to a
//!   [`Revision`], `HEAD`, and merge bases;
//! - reading the OKR files of one [`Side`] of a comparison (a revision, the
//!   index, the working tree) without checking anything out, each parsed by
//!   `okr-model` under a path that names the side (`HEAD~1:okrs/a.toml`).
//!
//! Walking history, writing check-in commits, tags, hooks and the merge
//! driver will live here too. It is the only crate that uses git2. It must
//! never print, parse OKR files itself (that is `okr-model`'s job) or change a
//! repository without being asked to: everything above only reads.

mod commit;
pub mod hooks;
mod identity;
mod load;
pub mod merge_driver;
mod replace;
mod repository;
mod side;
mod staged;
mod tags;
mod timeline;

use std::path::{Path, PathBuf};

pub use commit::{CommitOptions, Committed, MAX_ATTEMPTS, Proposal, Tip};
pub use identity::Identity;
pub use load::OkrFile;
pub use okr_model::timeline::{CommitInfo, Entry};
pub use repository::{Repository, Revision};
pub use side::Side;
pub use staged::Staged;
pub use timeline::set::{SetHistory, SetVersion};
pub use timeline::{TimelineOptions, WalkStats};

/// What went wrong talking to git. Each message is complete on its own (it
/// includes what git said), and reads well after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The repository at `path` could not be opened.
    #[error("cannot open the git repository at {}: {}", path.display(), source.message())]
    Open {
        /// Where the search started.
        path: PathBuf,
        /// What git said.
        #[source]
        source: git2::Error,
    },
    /// There is no repository at `path` or above it.
    #[error("not a git repository (or any of the parent folders): {}", path.display())]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
    },
    /// The repository is bare: it has no working tree (nor index to read).
    #[error("this is a bare repository: it has no working tree")]
    Bare,
    /// `spec` does not name a commit.
    #[error("`{spec}` is not a revision of this repository: {message}")]
    BadRevision {
        /// The revision as the user typed it.
        spec: String,
        /// Why, in git's words.
        message: String,
    },
    /// Two revisions share no history.
    #[error("`{a}` and `{b}` have no common ancestor: their histories are unrelated")]
    NoMergeBase {
        /// The first revision, as typed.
        a: String,
        /// The second revision, as typed.
        b: String,
    },
    /// An OKR file has unresolved merge conflicts in the index.
    #[error("`{path}` has unresolved merge conflicts: resolve them, then `git add` it")]
    Unmerged {
        /// The file, relative to the top of the working tree.
        path: String,
    },
    /// The OKR root is not a relative path inside the repository.
    #[error("`{root}` is not a folder inside the repository")]
    BadRoot {
        /// The root as given.
        root: String,
    },
    /// A file or folder of the working tree could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The path, relative to the top of the working tree.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// No name or email for the author or committer.
    #[error(
        "{role} identity unknown: set your name and email with `git config user.name \"Your Name\"` and `git config user.email you@example.com`"
    )]
    Identity {
        /// `author` or `committer`.
        role: &'static str,
    },
    /// A hook that is not git-okr's is where ours would go.
    #[error("{}", foreign_hook(hook, path, *manager, chained.as_deref()))]
    ForeignHook {
        /// The hook's name.
        hook: &'static str,
        /// Where it is.
        path: PathBuf,
        /// The hook manager that wrote it, when it says so.
        manager: Option<&'static str>,
        /// A hook already kept there by an earlier `--force`.
        chained: Option<PathBuf>,
    },
    /// A hook git-okr does not ship.
    #[error("`{name}` is not a hook git-okr installs: it has pre-commit, commit-msg and pre-push")]
    UnknownHook {
        /// The name given.
        name: String,
    },
    /// A date variable git-okr cannot read.
    #[error("{variable} is not a date git understands: `{value}`")]
    BadDate {
        /// The variable.
        variable: String,
        /// Its value.
        value: String,
    },
    /// An author not written as `Name <email>`.
    #[error("`{author}` is not an author: write it as `Name <email>`")]
    BadAuthor {
        /// As given.
        author: String,
    },
    /// An operation is in progress that a commit would get in the way of.
    #[error("{operation} is in progress: finish it first (`{finish}`)")]
    InProgress {
        /// What is in progress: `a merge`, `a rebase`.
        operation: &'static str,
        /// The commands that finish it.
        finish: &'static str,
    },
    /// The current branch has no commits yet.
    #[error("the current branch has no commits yet: commit the OKR files first")]
    Unborn,
    /// HEAD is detached: a commit would not be on any branch.
    #[error("HEAD is detached: a commit here would be on no branch")]
    Detached,
    /// A file to be committed has uncommitted changes.
    #[error("`{path}` has {kind} changes that are not committed{}", if *interrupted { ": they undo the last commit, as a check-in interrupted midway leaves it" } else { "" })]
    Dirty {
        /// The file, relative to the top.
        path: String,
        /// `staged` or `unstaged`.
        kind: &'static str,
        /// Whether the changes are exactly the last commit's, undone: what
        /// an interrupted check-in leaves.
        interrupted: bool,
    },
    /// The branch kept moving while the commit was being made.
    #[error(
        "the branch moved {attempts} times while the commit was being made; nothing was committed"
    )]
    Contended {
        /// How many times the edit was made.
        attempts: usize,
    },
    /// Another commit of git-okr's holds the lock too long.
    #[error("another git-okr commit in this repository holds `{}`; nothing was committed", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// A hook could not be run.
    #[error("cannot run the hook `{}`: {source}", hook.display())]
    Hook {
        /// The hook's path.
        hook: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A hook said no.
    #[error("the {hook} hook rejected the commit ({}); nothing was committed", match status { Some(code) => format!("exit status {code}"), None => "killed by a signal".to_owned() })]
    HookRejected {
        /// The hook's name.
        hook: &'static str,
        /// Its exit status.
        status: Option<i32>,
    },
    /// The timeline cache was damaged in a way its checksum missed.
    #[error("the timeline cache `{}` was damaged; it has been removed: run the command again", path.display())]
    DamagedCache {
        /// The cache file.
        path: PathBuf,
    },
    /// A revision has no set of that period and team.
    #[error("there is no set {set} at {revision}")]
    NoSet {
        /// `period:team`.
        set: String,
        /// The revision, as named.
        revision: String,
    },
    /// A tag that git-okr would create exists already: tags are never
    /// moved or overwritten.
    #[error("tag `{name}` exists already, on commit {target}; tags are never moved or overwritten")]
    TagExists {
        /// The tag's name, without `refs/tags/`.
        name: String,
        /// The short id of the commit it points to.
        target: String,
    },
    /// A tag name git does not accept.
    #[error("`{name}` is not a name git accepts for a tag")]
    BadTagName {
        /// The name.
        name: String,
    },
    /// Anything else git reported.
    #[error("git failed: {}", source.message())]
    Git {
        /// What git said.
        #[from]
        source: git2::Error,
    },
}

/// For crash-safety tests: when `GIT_OKR_FAILPOINT` names this point, the
/// process aborts here, as if killed.
pub(crate) fn failpoint(name: &str) {
    if std::env::var_os("GIT_OKR_FAILPOINT").is_some_and(|point| point == name) {
        std::process::abort();
    }
}

/// Where a command runs: the repository found from a folder, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The top of the working tree, when there is a repository with one.
    pub top: Option<PathBuf>,
    /// Whether a repository was found at all (a bare one has no `top`).
    pub in_repository: bool,
}

/// Finds the repository that contains `cwd`, as `git` itself would: it
/// honours `GIT_DIR`, `GIT_WORK_TREE` and `GIT_CEILING_DIRECTORIES`, and
/// linked worktrees. Outside any repository, `top` is `None`.
pub fn discover(cwd: &Path) -> Result<Workspace, Error> {
    match find(cwd)? {
        Some(repo) => Ok(Workspace {
            top: repository::top_of(&repo),
            in_repository: true,
        }),
        None => Ok(Workspace {
            top: None,
            in_repository: false,
        }),
    }
}

/// Opens the repository that contains `cwd` (see [`discover`]); `None`
/// outside any.
fn find(cwd: &Path) -> Result<Option<git2::Repository>, Error> {
    let ceilings = std::env::var_os("GIT_CEILING_DIRECTORIES").unwrap_or_default();
    let ceilings: Vec<PathBuf> = std::env::split_paths(&ceilings).collect();
    let result = if std::env::var_os("GIT_DIR").is_some() {
        git2::Repository::open_from_env()
    } else {
        git2::Repository::open_ext(cwd, git2::RepositoryOpenFlags::empty(), &ceilings)
    };
    match result {
        Ok(repo) => {
            use_index_file(&repo, cwd)?;
            Ok(Some(repo))
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(source) => Err(Error::Open {
            path: cwd.to_path_buf(),
            source,
        }),
    }
}

/// Points `repo` at the index `GIT_INDEX_FILE` names, as git does: `git
/// commit -a`, `git commit PATH` and `git commit --only` run their hooks with
/// it set to a temporary index that holds what is being committed. A
/// relative path is relative to `cwd` (git runs hooks at the top).
fn use_index_file(repo: &git2::Repository, cwd: &Path) -> Result<(), Error> {
    let Some(file) = std::env::var_os("GIT_INDEX_FILE").filter(|f| !f.is_empty()) else {
        return Ok(());
    };
    if repo.is_bare() {
        return Ok(());
    }
    let path = cwd.join(file);
    let open = || -> Result<(), git2::Error> {
        let mut index = git2::Index::open(&path)?;
        repo.set_index(&mut index)
    };
    open().map_err(|source| Error::Open {
        path: path.clone(),
        source,
    })
}

/// The message of [`Error::ForeignHook`].
fn foreign_hook(
    hook: &str,
    path: &std::path::Path,
    manager: Option<&str>,
    chained: Option<&std::path::Path>,
) -> String {
    let whose = manager.map_or_else(
        || "a hook that is not git-okr's".to_owned(),
        |manager| format!("{manager}'s hook"),
    );
    match chained {
        Some(chained) => format!(
            "{} is {whose}, and {} already keeps the hook an earlier install replaced: sort them out by hand, then run `git okr hooks install {hook}` again",
            path.display(),
            chained.display()
        ),
        None => format!(
            "{} is {whose}: run `git okr hooks install --force {hook}` to keep it and run it after git-okr's (`git okr hooks uninstall` puts it back){}",
            path.display(),
            match manager {
                Some(_) =>
                    ", or call git-okr from the manager's configuration (docs/hooks.md)".to_owned(),
                None => format!(", or add `git okr hook {hook} \"$@\"` to it yourself"),
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_top_from_a_subfolder() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        git2::Repository::init(dir.path())?;
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub)?;
        let found = discover(&sub)?;
        assert_eq!(found.top, Some(dir.path().canonicalize()?));
        assert!(found.in_repository);
        Ok(())
    }

    #[test]
    fn outside_a_repository_there_is_no_top() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let found = discover(dir.path())?;
        assert_eq!(
            found,
            Workspace {
                top: None,
                in_repository: false
            }
        );
        Ok(())
    }

    #[test]
    fn a_bare_repository_has_no_top() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        git2::Repository::init_bare(dir.path())?;
        let found = discover(dir.path())?;
        assert_eq!(
            found,
            Workspace {
                top: None,
                in_repository: true
            }
        );
        Ok(())
    }

    #[test]
    fn messages_read_well_after_error() {
        let errors = [
            Error::NotARepository {
                path: PathBuf::from("/tmp/x"),
            },
            Error::Bare,
            Error::BadRevision {
                spec: "HEAD~9".into(),
                message: "revspec 'HEAD~9' not found".into(),
            },
            Error::NoMergeBase {
                a: "main".into(),
                b: "orphan".into(),
            },
            Error::Unmerged {
                path: "okrs/a.toml".into(),
            },
            Error::BadRoot {
                root: "../x".into(),
            },
            Error::Read {
                path: PathBuf::from("okrs/a.toml"),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            Error::Git {
                source: git2::Error::from_str("the index is locked"),
            },
        ];
        for error in errors {
            let message = error.to_string();
            let first = message.chars().next().unwrap_or(' ');
            assert!(
                !first.is_uppercase(),
                "{message:?} should start in lowercase"
            );
        }
        assert_eq!(
            Error::BadRevision {
                spec: "HEAD~9".into(),
                message: "revspec 'HEAD~9' not found".into(),
            }
            .to_string(),
            "`HEAD~9` is not a revision of this repository: revspec 'HEAD~9' not found"
        );
    }
}
