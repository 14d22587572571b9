//! Writing a commit that changes a few files and nothing else, safely:
//! whatever else is staged or modified in the working tree stays as it was.
//!
//! The new tree is the tip's tree with the files' blobs replaced; the commit
//! has the tip as its parent; the branch moves by compare-and-swap, so a
//! branch that moved meanwhile (another check-in, a pull) makes the edit run
//! again on the new tip. Only then are the files' index entries and
//! working-tree copies brought up to date, each file written to a temporary
//! file beside it and renamed over it. A process killed at any point leaves
//! the branch on the old commit or the new one, and every file whole.
//!
//! Check-ins from several processes of one working tree take turns through
//! an advisory lock (`okr/commit.lock` in the git folder), which the system
//! releases when a process dies, so it never goes stale.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::identity::{self, Identity, Role};
use crate::{Error, Repository, Revision};

/// How many times the edit is redone on a branch that keeps moving.
pub const MAX_ATTEMPTS: usize = 8;

/// How long to wait for another check-in in the same working tree.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// How to make the commit.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// Include the files' uncommitted changes instead of refusing.
    pub allow_dirty: bool,
    /// Commit on a detached HEAD instead of refusing.
    pub detached: bool,
    /// Skip the `commit-msg` hook.
    pub no_verify: bool,
    /// `Name <email>`, the author instead of the configured one.
    pub author: Option<String>,
}

/// The files to change and the message, computed by the caller from the
/// files at the tip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Each file's path (relative to the top, `/`-separated) and new content.
    pub files: Vec<(String, Vec<u8>)>,
    /// The commit message.
    pub message: String,
}

/// The tip a proposal is computed from.
#[derive(Debug)]
pub struct Tip<'r> {
    repository: &'r Repository,
    /// The commit the branch points to.
    pub revision: Revision,
    /// 1 for the first try; more when the branch moved and the edit is
    /// being made again on its new tip.
    pub attempt: usize,
    allow_dirty: bool,
}

impl Tip<'_> {
    /// The content of `path` (relative to the top, `/`-separated) that the
    /// edit starts from: its blob at the tip, or with `allow_dirty` the
    /// working-tree file. `None` when the file does not exist there.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, Error> {
        if self.allow_dirty {
            let file = self.repository.top()?.join(path);
            return match std::fs::read(&file) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(Error::Read {
                    path: PathBuf::from(path),
                    source,
                }),
            };
        }
        self.repository.blob_at(&self.revision.id, path)
    }

    /// The side the edit starts from, for loading every OKR file: the tip,
    /// or with `allow_dirty` the working tree.
    pub fn side(&self) -> crate::Side {
        if self.allow_dirty {
            crate::Side::WorkTree
        } else {
            crate::Side::Revision(self.revision.clone())
        }
    }
}

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The new commit.
    pub revision: Revision,
    /// The branch it is on (`main`), `None` on a detached HEAD.
    pub branch: Option<String>,
    /// The message as committed (after the `commit-msg` hook).
    pub message: String,
    /// How many times the edit ran (more than 1 when the branch moved).
    pub attempts: usize,
    /// The files whose uncommitted changes were included (`allow_dirty`).
    pub included_dirty: Vec<String>,
}

impl Repository {
    /// Commits the files `propose` returns for the tip, with HEAD as the
    /// only parent, and nothing else; then updates those files' index
    /// entries and working-tree copies. See the module documentation.
    ///
    /// Refuses a bare repository, an operation in progress (merge, rebase,
    /// cherry-pick, revert, bisect, `git am`), a branch without commits, a
    /// detached HEAD (unless `detached`), and files with uncommitted changes
    /// in the index or the working tree (unless `allow_dirty`).
    pub fn commit_files<E: From<Error>>(
        &self,
        options: &CommitOptions,
        mut propose: impl FnMut(&Tip<'_>) -> Result<Proposal, E>,
    ) -> Result<Committed, E> {
        let top = self.top()?.to_path_buf();
        self.check_state(options.detached)?;
        let config = self.git.config().map_err(Error::from)?;
        let author = identity::identity(&config, Role::Author, options.author.as_deref())?;
        let committer = identity::identity(&config, Role::Committer, None)?;
        let _lock = self.lock()?;
        for attempt in 1..=MAX_ATTEMPTS {
            let (reference, tip) = self.tip(options.detached)?;
            let tip = Tip {
                repository: self,
                revision: tip,
                attempt,
                allow_dirty: options.allow_dirty,
            };
            let proposal = propose(&tip)?;
            let included_dirty = self.dirty(&tip.revision, &proposal, options.allow_dirty)?;
            let tree = self.write_tree(&tip.revision, &proposal)?;
            let message = if options.no_verify {
                proposal.message.clone()
            } else {
                self.commit_msg_hook(&top, &proposal.message, tree)?
            };
            let id = self.write_commit(&tip.revision, tree, &message, &author, &committer)?;
            let subject = message.lines().next().unwrap_or_default();
            let reflog = format!("commit: {subject}");
            let old = git2::Oid::from_str(&tip.revision.id).map_err(Error::from)?;
            match self
                .git
                .reference_matching(&reference, id, true, old, &reflog)
            {
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.code(),
                        git2::ErrorCode::Modified | git2::ErrorCode::Locked
                    ) =>
                {
                    continue;
                }
                Err(source) => return Err(Error::Git { source }.into()),
            }
            crate::failpoint("after-ref");
            for (path, bytes) in &proposal.files {
                write_atomically(&top.join(path), bytes)?;
            }
            crate::failpoint("after-files");
            self.stage(&proposal)?;
            return Ok(Committed {
                revision: Revision {
                    spec: id.to_string(),
                    id: id.to_string(),
                },
                branch: reference.strip_prefix("refs/heads/").map(str::to_owned),
                message,
                attempts: attempt,
                included_dirty,
            });
        }
        Err(Error::Contended {
            attempts: MAX_ATTEMPTS,
        }
        .into())
    }

    /// Writes `files` to the working tree only (`--no-commit`), each
    /// replaced whole through a temporary file.
    pub fn write_work_tree(&self, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
        let top = self.top()?;
        for (path, bytes) in files {
            write_atomically(&top.join(path), bytes)?;
        }
        Ok(())
    }

    /// The blob of `path` in commit `id`, `None` when absent.
    pub(crate) fn blob_at(&self, id: &str, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let commit = self.git.find_commit(git2::Oid::from_str(id)?)?;
        let entry = match commit.tree()?.get_path(Path::new(path)) {
            Ok(entry) => entry,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(source) => return Err(Error::Git { source }),
        };
        match entry.to_object(&self.git)?.into_blob() {
            Ok(blob) => Ok(Some(blob.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Refuses the states a commit must not be made in.
    fn check_state(&self, detached: bool) -> Result<(), Error> {
        use git2::RepositoryState as S;
        let operation = match self.git.state() {
            S::Clean => None,
            S::Merge => Some(("a merge", "git merge --continue` or `git merge --abort")),
            S::Revert | S::RevertSequence => {
                Some(("a revert", "git revert --continue` or `git revert --abort"))
            }
            S::CherryPick | S::CherryPickSequence => Some((
                "a cherry-pick",
                "git cherry-pick --continue` or `git cherry-pick --abort",
            )),
            S::Bisect => Some(("a bisect", "git bisect reset")),
            S::Rebase | S::RebaseInteractive | S::RebaseMerge => {
                Some(("a rebase", "git rebase --continue` or `git rebase --abort"))
            }
            S::ApplyMailbox | S::ApplyMailboxOrRebase => {
                Some(("`git am`", "git am --continue` or `git am --abort"))
            }
        };
        if let Some((operation, finish)) = operation {
            return Err(Error::InProgress { operation, finish });
        }
        if self.head()?.is_none() {
            return Err(Error::Unborn);
        }
        if !detached && self.git.head_detached()? {
            return Err(Error::Detached);
        }
        Ok(())
    }

    /// The reference to move (`refs/heads/main`, or `HEAD` when detached)
    /// and the commit it points to now.
    fn tip(&self, detached: bool) -> Result<(String, Revision), Error> {
        let head = self.git.find_reference("HEAD")?;
        let reference = match head.symbolic_target()? {
            Some(target) => target.to_owned(),
            None if detached => "HEAD".to_owned(),
            None => return Err(Error::Detached),
        };
        let tip = self.head()?.ok_or(Error::Unborn)?;
        Ok((reference, tip))
    }

    /// The proposal's files whose index entry or working-tree copy differs
    /// from the tip: refused unless `allow_dirty`, which returns them.
    fn dirty(
        &self,
        tip: &Revision,
        proposal: &Proposal,
        allow_dirty: bool,
    ) -> Result<Vec<String>, Error> {
        let commit = self.git.find_commit(git2::Oid::from_str(&tip.id)?)?;
        let tree = commit.tree()?;
        let mut index = self.git.index()?;
        index.read(false)?;
        let top = self.top()?;
        let mut dirty = Vec::new();
        for (path, _) in &proposal.files {
            let committed = tree.get_path(Path::new(path)).ok().map(|e| e.id());
            let staged = index.get_path(Path::new(path), 0).map(|e| e.id);
            let on_disk = match std::fs::read(top.join(path)) {
                Ok(bytes) => Some(git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(source) => {
                    return Err(Error::Read {
                        path: PathBuf::from(path),
                        source,
                    });
                }
            };
            let where_ = if staged != committed {
                Some("staged")
            } else if on_disk != committed {
                Some("unstaged")
            } else {
                None
            };
            if let Some(kind) = where_ {
                if !allow_dirty {
                    // What a check-in killed after moving the branch leaves:
                    // the index or file still holding the parent's version.
                    let before = commit
                        .parent(0)
                        .ok()
                        .and_then(|p| p.tree().ok())
                        .and_then(|t| t.get_path(Path::new(path)).ok().map(|e| e.id()));
                    let lagging = if kind == "staged" { staged } else { on_disk };
                    return Err(Error::Dirty {
                        path: path.clone(),
                        kind,
                        interrupted: before.is_some() && before != committed && lagging == before,
                    });
                }
                dirty.push(path.clone());
            }
        }
        Ok(dirty)
    }

    /// Writes the blobs and the tree of the commit: the tip's tree with the
    /// proposal's files replaced. Returns the tree's id.
    fn write_tree(&self, tip: &Revision, proposal: &Proposal) -> Result<git2::Oid, Error> {
        let parent = self.git.find_commit(git2::Oid::from_str(&tip.id)?)?;
        let base = parent.tree()?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, bytes) in &proposal.files {
            let blob = self.git.blob(bytes)?;
            let mode = match base.get_path(Path::new(path)) {
                Ok(entry) if entry.filemode() == i32::from(git2::FileMode::BlobExecutable) => {
                    git2::FileMode::BlobExecutable
                }
                _ => git2::FileMode::Blob,
            };
            update.upsert(path.as_str(), blob, mode);
        }
        Ok(update.create_updated(&self.git, &base)?)
    }

    /// Writes the commit of `tree` on `tip`; returns the commit's id.
    fn write_commit(
        &self,
        tip: &Revision,
        tree: git2::Oid,
        message: &str,
        author: &Identity,
        committer: &Identity,
    ) -> Result<git2::Oid, Error> {
        let parent = self.git.find_commit(git2::Oid::from_str(&tip.id)?)?;
        let tree = self.git.find_tree(tree)?;
        Ok(self.git.commit(
            None,
            &author.signature()?,
            &committer.signature()?,
            message,
            &tree,
            &[&parent],
        )?)
    }

    /// Brings the index entries of the proposal's files up to date with the
    /// working tree, which now holds the committed content. Everything else
    /// in the index stays.
    fn stage(&self, proposal: &Proposal) -> Result<(), Error> {
        let mut index = self.git.index()?;
        index.read(true)?;
        for (path, _) in &proposal.files {
            index.add_path(Path::new(path))?;
        }
        index.write()?;
        Ok(())
    }

    /// Runs the `commit-msg` hook on `message`, as `git commit` does, and
    /// returns the message as the hook left it. As for `git commit PATH`,
    /// the hook's `GIT_INDEX_FILE` is a temporary index holding `tree`, what
    /// the commit will hold, so that it sees a set the commit adds.
    fn commit_msg_hook(&self, top: &Path, message: &str, tree: git2::Oid) -> Result<String, Error> {
        let Some(hook) = self.hook("commit-msg", top)? else {
            return Ok(message.to_owned());
        };
        let file = self.git.path().join("OKR_EDITMSG");
        std::fs::write(&file, message).map_err(|source| Error::Write {
            path: file.clone(),
            source,
        })?;
        let index = TempIndex::write(self, tree)?;
        let status = Command::new(&hook)
            .arg(&file)
            .env("GIT_INDEX_FILE", &index.path)
            .current_dir(top)
            .stdin(Stdio::null())
            .stdout(std::io::stderr())
            .status()
            .map_err(|source| Error::Hook {
                hook: hook.clone(),
                source,
            })?;
        if !status.success() {
            return Err(Error::HookRejected {
                hook: "commit-msg",
                status: status.code(),
            });
        }
        let message = std::fs::read_to_string(&file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let _ = std::fs::remove_file(&file);
        Ok(message)
    }

    /// The hook `name` when it exists and may run: in `core.hooksPath`
    /// (relative to the top) or the hooks folder of the common git folder.
    fn hook(&self, name: &str, top: &Path) -> Result<Option<PathBuf>, Error> {
        let path = self.hooks_dir(top)?.join(name);
        Ok(is_executable(&path).then_some(path))
    }

    /// Where git looks for hooks, as `git rev-parse --git-path hooks` says.
    pub fn hooks_dir(&self, top: &Path) -> Result<PathBuf, Error> {
        let config = self.git.config()?;
        Ok(match config.get_path("core.hooksPath") {
            Ok(path) if path.is_absolute() => path,
            Ok(path) => top.join(path),
            Err(_) => self.git.commondir().join("hooks"),
        })
    }

    /// Holds the commit lock of this git folder until dropped.
    fn lock(&self) -> Result<File, Error> {
        let dir = self.git.path().join("okr");
        let path = dir.join("commit.lock");
        let io = |source| Error::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Locked { path: path.clone() });
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(io(source)),
            }
        }
    }
}

/// Replaces a working-tree file with `bytes`, flushed to disk.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::replace::replace(path, bytes, crate::replace::Durability::Synced).map_err(|source| {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(unix)]
pub(crate) fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
pub(crate) fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// An index file that holds one tree, for a hook to read, removed when
/// dropped.
struct TempIndex {
    path: PathBuf,
}

impl TempIndex {
    /// Writes `tree` as an index at `okr/hook-index-<pid>` in the git folder.
    fn write(repository: &Repository, tree: git2::Oid) -> Result<TempIndex, Error> {
        let dir = repository.git.path().join("okr");
        std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        let index = TempIndex {
            path: dir.join(format!("hook-index-{}", std::process::id())),
        };
        let _ = std::fs::remove_file(&index.path);
        let mut git_index = git2::Index::open(&index.path)?;
        git_index.read_tree(&repository.git.find_tree(tree)?)?;
        git_index.write()?;
        Ok(index)
    }
}

impl Drop for TempIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
