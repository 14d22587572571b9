//! The git-okr repository layer.
//!
//! This crate owns every contact with git: finding the repository a command
//! runs in and, as later capabilities need it, reading OKR files at any
//! revision, walking history and writing commits. It is the only crate that
//! uses git2. It must never print, parse OKR files itself (that is
//! `okr-model`'s job) or change a repository without being asked to.

use std::path::{Path, PathBuf};

/// What went wrong talking to git.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The repository at `path` could not be opened.
    #[error("cannot open the git repository at {}", path.display())]
    Open {
        /// Where the search started.
        path: PathBuf,
        /// What git said.
        #[source]
        source: git2::Error,
    },
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
    let ceilings = std::env::var_os("GIT_CEILING_DIRECTORIES").unwrap_or_default();
    let ceilings: Vec<PathBuf> = std::env::split_paths(&ceilings).collect();
    let result = if std::env::var_os("GIT_DIR").is_some() {
        git2::Repository::open_from_env()
    } else {
        git2::Repository::open_ext(cwd, git2::RepositoryOpenFlags::empty(), &ceilings)
    };
    match result {
        Ok(repo) => Ok(Workspace {
            top: repo.workdir().map(|dir| {
                let dir = dir.to_path_buf();
                dir.canonicalize().unwrap_or(dir)
            }),
            in_repository: true,
        }),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(Workspace {
            top: None,
            in_repository: false,
        }),
        Err(source) => Err(Error::Open {
            path: cwd.to_path_buf(),
            source,
        }),
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
}
