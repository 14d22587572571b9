//! An open repository and the commits it names: [`Repository`] and
//! [`Revision`].

use std::path::{Path, PathBuf};

use crate::Error;

/// An open repository.
pub struct Repository {
    /// The repository.
    pub(crate) git: git2::Repository,
    /// The top of the working tree, canonical; `None` when bare.
    top: Option<PathBuf>,
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("git_dir", &self.git.path())
            .field("top", &self.top)
            .finish()
    }
}

/// A commit, with the spec the user typed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// How the user named it (`HEAD~1`, `origin/main`, `v1.0`).
    pub spec: String,
    /// The commit's full id, in hex.
    pub id: String,
}

impl Revision {
    /// The first 7 hex digits of the id.
    pub fn short(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

impl Repository {
    /// Opens the repository containing `cwd`, with the same rules as
    /// [`discover`](crate::discover): `GIT_DIR`, `GIT_CEILING_DIRECTORIES`,
    /// linked worktrees. Outside one: [`Error::NotARepository`].
    pub fn open(cwd: &Path) -> Result<Repository, Error> {
        let git = crate::find(cwd)?.ok_or_else(|| Error::NotARepository {
            path: cwd.to_path_buf(),
        })?;
        let top = top_of(&git);
        Ok(Repository { git, top })
    }

    /// The top of the working tree (canonical); [`Error::Bare`] in a bare
    /// repository.
    pub fn top(&self) -> Result<&Path, Error> {
        self.top.as_deref().ok_or(Error::Bare)
    }

    /// Resolves anything `git rev-parse` accepts that names one commit (a
    /// branch, a tag, `HEAD~3`, a hash prefix, `origin/main`, `@{u}`), peeling
    /// tags. [`Error::BadRevision`] with git's message when it fails, or when
    /// the spec names something other than a commit (a tree, a blob).
    pub fn revision(&self, spec: &str) -> Result<Revision, Error> {
        let bad = |message: String| Error::BadRevision {
            spec: spec.to_owned(),
            message,
        };
        let object = self.git.revparse_single(spec).map_err(|e| {
            // `HEAD~1` in a fresh repository: say why, not "not found".
            let on_head = spec.starts_with("HEAD") || spec.starts_with('@');
            if on_head && matches!(self.head(), Ok(None)) {
                bad("the current branch has no commits yet".to_owned())
            } else {
                bad(explain(spec, &e))
            }
        })?;
        match object.peel_to_commit() {
            Ok(commit) => Ok(Revision {
                spec: spec.to_owned(),
                id: commit.id().to_string(),
            }),
            Err(e) => Err(bad(match kind_behind_tags(&object) {
                Some(kind) if kind != git2::ObjectType::Commit => {
                    format!("it names a {kind}, not a commit")
                }
                _ => explain(spec, &e),
            })),
        }
    }

    /// HEAD's commit (spec `HEAD`), or `None` on an unborn branch (a fresh
    /// repository).
    pub fn head(&self) -> Result<Option<Revision>, Error> {
        let head = match self.git.head() {
            Ok(head) => head,
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                return Ok(None);
            }
            Err(source) => return Err(Error::Git { source }),
        };
        let commit = head.peel_to_commit()?;
        Ok(Some(Revision {
            spec: "HEAD".to_owned(),
            id: commit.id().to_string(),
        }))
    }

    /// The committer time of `revision`, seconds since the Unix epoch.
    pub fn commit_time(&self, revision: &Revision) -> Result<i64, Error> {
        let commit = self.git.find_commit(git2::Oid::from_str(&revision.id)?)?;
        Ok(commit.time().seconds())
    }

    /// The best common ancestor of two revisions (what `git diff A...B`
    /// compares `B` with). Its spec is the commit's unambiguous short id, so
    /// that paths shown on it (`1a2b3c4:okrs/a.toml`) work with `git show`.
    /// [`Error::NoMergeBase`] when they share no history.
    pub fn merge_base(&self, a: &Revision, b: &Revision) -> Result<Revision, Error> {
        let one = git2::Oid::from_str(&a.id)?;
        let two = git2::Oid::from_str(&b.id)?;
        let base = match self.git.merge_base(one, two) {
            Ok(base) => base,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(Error::NoMergeBase {
                    a: a.spec.clone(),
                    b: b.spec.clone(),
                });
            }
            Err(source) => return Err(Error::Git { source }),
        };
        let object = self.git.find_object(base, Some(git2::ObjectType::Commit))?;
        let short = object.short_id()?;
        let spec = short
            .as_str()
            .map_or_else(|_| base.to_string(), str::to_owned);
        Ok(Revision {
            spec,
            id: base.to_string(),
        })
    }
}

/// The top of `repo`'s working tree, canonical when it can be; `None` when
/// the repository is bare.
pub(crate) fn top_of(repo: &git2::Repository) -> Option<PathBuf> {
    repo.workdir().map(|dir| {
        let dir = dir.to_path_buf();
        dir.canonicalize().unwrap_or(dir)
    })
}

/// Git's reason for failing to resolve `spec`, with a message of our own
/// where libgit2 gives none or an obscure one.
fn explain(spec: &str, error: &git2::Error) -> String {
    let message = error.message().trim();
    let silent = message.is_empty() || message == "no error";
    let spec = spec.to_ascii_lowercase();
    let upstream = spec.contains("@{u}") || spec.contains("@{upstream}");
    if upstream && (silent || error.code() == git2::ErrorCode::NotFound) {
        "the branch has no upstream (set one with `git branch --set-upstream-to`)".to_owned()
    } else if silent {
        "git cannot resolve it".to_owned()
    } else if error.code() == git2::ErrorCode::Ambiguous && spec.len() < 4 {
        // libgit2 reads a short word such as `a` as a hash prefix too short
        // to look up; git says the name is unknown.
        "no branch, tag or commit has that name".to_owned()
    } else if message.starts_with("parent ") && message.ends_with(" does not exist") {
        // libgit2 counts parents from 0 here, which reads as nonsense for
        // `HEAD~9`.
        "that ancestor does not exist".to_owned()
    } else {
        message.to_owned()
    }
}

/// The kind of object `object` names once annotated tags are followed;
/// `None` when a tag's target cannot be read.
fn kind_behind_tags(object: &git2::Object<'_>) -> Option<git2::ObjectType> {
    let mut object = object.clone();
    // A chain of tags pointing at tags is finite in a sound repository; the
    // bound keeps a corrupt one from looping.
    for _ in 0..64 {
        match object.kind()? {
            git2::ObjectType::Tag => object = object.as_tag()?.target().ok()?,
            kind => return Some(kind),
        }
    }
    None
}
