//! git's custom merge driver for OKR files, on the repository side: its
//! setting (`merge.okr.driver` and `merge.okr.name` in the repository's
//! config, and the `<root>/**/*.toml merge=okr` line of `.gitattributes`),
//! what a merge tells the driver about its two sides, and writing the
//! merged file. The merge itself is `okr_model::merge`.

use std::path::{Path, PathBuf};

use okr_model::merge::Conflict;

use crate::{Error, Repository};

/// The driver's name in `merge.<name>.*` and `merge=<name>`.
pub const DRIVER: &str = "okr";

/// The command git runs for a merge (`merge.okr.driver`). `%O`, `%A` and
/// `%B` are the base, ours (where the result goes) and theirs; `%L` the
/// conflict marker size; `%P` the path being merged; `%S`, `%X` and `%Y`
/// (git 2.44 and later; older versions pass them as written, and the
/// driver ignores them) the names of the base, ours and theirs for the
/// conflict markers.
pub const DRIVER_COMMAND: &str = "git okr merge-driver %O %A %B --marker-size=%L --path=%P --base-label=%S --ours-label=%X --theirs-label=%Y";

/// The driver's description (`merge.okr.name`).
pub const DRIVER_DESCRIPTION: &str = "git-okr: merge OKR files field by field";

/// What installing or uninstalling the merge driver did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeDriverSetup {
    /// `.gitattributes` at the top of the working tree.
    pub attributes: PathBuf,
    /// The line of `.gitattributes` that names the driver.
    pub line: String,
    /// Whether `merge.okr.driver` and `merge.okr.name` were written
    /// (install) or removed (uninstall); false when they were already so.
    pub config_changed: bool,
    /// Whether `.gitattributes` was written; false when it already had the
    /// line (install) or did not (uninstall).
    pub attributes_changed: bool,
}

/// A commit, shortly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSummary {
    /// The first 7 hex digits of its id.
    pub id: String,
    /// The first line of its message.
    pub subject: String,
}

/// One side of a merge, as far as the repository can tell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeSide {
    /// The name git gave it: `HEAD`, a branch, `a1b2c3d (subject)`.
    pub label: String,
    /// The commit that name resolves to.
    pub commit: Option<CommitSummary>,
    /// The commits on that side since the merge base that changed the file
    /// being merged, newest first (at most [`MAX_CHANGES`]), each with the
    /// file before and after: to find the one a conflicting value comes
    /// from.
    pub changes: Vec<FileChange>,
}

/// Where a side's value of a conflict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The latest commit of the side that changed the value, or failing
    /// that the latest that changed the file.
    Change(&'a CommitSummary),
    /// Only the commit the side's name resolves to.
    Tip(&'a CommitSummary),
}

impl MergeSide {
    /// Where this side's value of `conflict` comes from, when the
    /// repository can tell.
    pub fn origin(&self, conflict: &Conflict) -> Option<Origin<'_>> {
        let value = |text: &Option<Vec<u8>>| {
            text.as_deref()
                .and_then(|t| std::str::from_utf8(t).ok())
                .and_then(|t| okr_model::merge::value_of(t, conflict))
        };
        let changed = self.changes.iter().find(|change| {
            let (before, after) = (value(&change.before), value(&change.after));
            after.is_some() && before != after
        });
        match (changed.or(self.changes.first()), &self.commit) {
            (Some(change), _) => Some(Origin::Change(&change.commit)),
            (None, Some(commit)) => Some(Origin::Tip(commit)),
            (None, None) => None,
        }
    }
}

/// A commit that changed a file, with the file before (at its first
/// parent) and after; `None` where the file was absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The commit.
    pub commit: CommitSummary,
    /// The file at its first parent.
    pub before: Option<Vec<u8>>,
    /// The file at the commit.
    pub after: Option<Vec<u8>>,
}

/// How many changes of a file a side reports at most.
pub const MAX_CHANGES: usize = 50;

/// How many commits of a side are searched for the last change of a file.
const MAX_WALK: usize = 2000;

impl Repository {
    /// Makes git merge the OKR files under `root` (relative to the top of
    /// the working tree, as `okr.toml` gives it) with `git okr
    /// merge-driver`: writes `merge.okr.driver` and `merge.okr.name` to the
    /// repository's own config, and adds `<root>/**/*.toml merge=okr` to
    /// `.gitattributes` at the top of the working tree unless it is there.
    /// Doing it twice changes nothing.
    pub fn install_merge_driver(&self, root: &str) -> Result<MergeDriverSetup, Error> {
        let line = attributes_line(root)?;
        let attributes = self.top()?.join(".gitattributes");
        let mut config = self.local_config()?;
        let mut config_changed = false;
        for (key, value) in [
            (format!("merge.{DRIVER}.name"), DRIVER_DESCRIPTION),
            (format!("merge.{DRIVER}.driver"), DRIVER_COMMAND),
        ] {
            if config.get_string(&key).ok().as_deref() != Some(value) {
                config.set_str(&key, value)?;
                config_changed = true;
            }
        }
        let text = read_attributes(&attributes)?;
        let attributes_changed = !text.lines().any(|l| same_line(l, &line));
        if attributes_changed {
            let mut new = text;
            if !new.is_empty() && !new.ends_with('\n') {
                new.push('\n');
            }
            new.push_str(&line);
            new.push('\n');
            write_file(&attributes, new.as_bytes())?;
        }
        Ok(MergeDriverSetup {
            attributes,
            line,
            config_changed,
            attributes_changed,
        })
    }

    /// Undoes [`install_merge_driver`](Self::install_merge_driver): removes
    /// `merge.okr.*` from the repository's config and the line from
    /// `.gitattributes` (the file itself when nothing else is left in it).
    /// Other lines and settings are left alone.
    pub fn uninstall_merge_driver(&self, root: &str) -> Result<MergeDriverSetup, Error> {
        let line = attributes_line(root)?;
        let attributes = self.top()?.join(".gitattributes");
        let mut config = self.local_config()?;
        let mut config_changed = false;
        for key in [
            format!("merge.{DRIVER}.driver"),
            format!("merge.{DRIVER}.name"),
        ] {
            match config.remove(&key) {
                Ok(()) => config_changed = true,
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(source) => return Err(Error::Git { source }),
            }
        }
        let text = read_attributes(&attributes)?;
        let attributes_changed = text.lines().any(|l| same_line(l, &line));
        if attributes_changed {
            let kept: Vec<&str> = text.lines().filter(|l| !same_line(l, &line)).collect();
            if kept.iter().all(|l| l.trim().is_empty()) {
                std::fs::remove_file(&attributes).map_err(|source| Error::Write {
                    path: attributes.clone(),
                    source,
                })?;
            } else {
                let mut new = kept.join("\n");
                new.push('\n');
                write_file(&attributes, new.as_bytes())?;
            }
        }
        Ok(MergeDriverSetup {
            attributes,
            line,
            config_changed,
            attributes_changed,
        })
    }

    /// Whether the merge driver is set up for `root`: the config names our
    /// command and `.gitattributes` has the line.
    pub fn merge_driver_installed(&self, root: &str) -> Result<bool, Error> {
        let line = attributes_line(root)?;
        let config = self.git.config()?;
        let driver = config.get_string(&format!("merge.{DRIVER}.driver")).ok();
        let text = read_attributes(&self.top()?.join(".gitattributes"))?;
        Ok(driver.as_deref() == Some(DRIVER_COMMAND) && text.lines().any(|l| same_line(l, &line)))
    }

    /// `merge.conflictStyle` (`merge`, `diff3`, `zdiff3`), if set.
    pub fn conflict_style(&self) -> Option<String> {
        self.git
            .config()
            .ok()?
            .get_string("merge.conflictStyle")
            .ok()
    }

    /// What the repository knows of the two sides of a merge that git
    /// named `ours` and `theirs` (`HEAD`, a branch name, `a1b2c3d
    /// (subject)`, or a full commit id), for the file `path` (relative to
    /// the top). Never fails: what cannot be found is left out.
    pub fn merge_sides(
        &self,
        ours: &str,
        theirs: &str,
        path: Option<&Path>,
    ) -> (MergeSide, MergeSide) {
        let ours_commit = self.labelled_commit(ours);
        let theirs_commit = self.labelled_commit(theirs);
        let base = match (&ours_commit, &theirs_commit) {
            (Some(a), Some(b)) => self.git.merge_base(a.id(), b.id()).ok(),
            _ => None,
        };
        let side = |label: &str, commit: Option<&git2::Commit<'_>>| MergeSide {
            label: label.to_owned(),
            commit: commit.map(summary),
            changes: match (commit, path) {
                (Some(commit), Some(path)) => self.changes(commit, base, path),
                _ => Vec::new(),
            },
        };
        (
            side(ours, ours_commit.as_ref()),
            side(theirs, theirs_commit.as_ref()),
        )
    }

    /// The commit a conflict label names: the label itself, or its first
    /// word (`a1b2c3d (subject)` during a rebase).
    fn labelled_commit(&self, label: &str) -> Option<git2::Commit<'_>> {
        let label = label.trim();
        if label.is_empty() {
            return None;
        }
        let first = label.split_whitespace().next().unwrap_or(label);
        [label, first]
            .into_iter()
            .find_map(|spec| self.git.revparse_single(spec).ok()?.peel_to_commit().ok())
    }

    /// The commits reachable from `tip` and not from `base` whose version
    /// of `path` differs from their first parent's, newest first.
    fn changes(
        &self,
        tip: &git2::Commit<'_>,
        base: Option<git2::Oid>,
        path: &Path,
    ) -> Vec<FileChange> {
        let mut found = Vec::new();
        let Ok(mut walk) = self.git.revwalk() else {
            return found;
        };
        let ready = walk
            .set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .and_then(|()| walk.push(tip.id()))
            .and_then(|()| base.map_or(Ok(()), |base| walk.hide(base)));
        if ready.is_err() {
            return found;
        }
        let blob = |commit: &git2::Commit<'_>| {
            commit
                .tree()
                .ok()
                .and_then(|tree| tree.get_path(path).ok())
                .map(|entry| entry.id())
        };
        let content = |id: Option<git2::Oid>| {
            id.and_then(|id| self.git.find_blob(id).ok())
                .map(|blob| blob.content().to_vec())
        };
        for id in walk.take(MAX_WALK) {
            let Some(commit) = id.ok().and_then(|id| self.git.find_commit(id).ok()) else {
                break;
            };
            let parent = commit.parent(0).ok();
            let (before, after) = (parent.as_ref().and_then(blob), blob(&commit));
            if before != after {
                found.push(FileChange {
                    commit: summary(&commit),
                    before: content(before),
                    after: content(after),
                });
                if found.len() >= MAX_CHANGES {
                    break;
                }
            }
        }
        found
    }

    /// The repository's own config file (`.git/config`).
    fn local_config(&self) -> Result<git2::Config, Error> {
        Ok(self.git.config()?.open_level(git2::ConfigLevel::Local)?)
    }
}

/// A commit's short id and subject.
fn summary(commit: &git2::Commit<'_>) -> CommitSummary {
    let id = commit.id().to_string();
    CommitSummary {
        id: id.get(..7).unwrap_or(&id).to_owned(),
        subject: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default())
            .trim()
            .to_owned(),
    }
}

/// The `.gitattributes` line for the OKR root `root`: `okrs/**/*.toml
/// merge=okr`, glob characters in the root escaped; `*.toml merge=okr` for
/// the top itself.
pub fn attributes_line(root: &str) -> Result<String, Error> {
    let trimmed = root.trim().trim_start_matches("./").trim_end_matches('/');
    let bad = || Error::BadRoot {
        root: root.to_owned(),
    };
    if trimmed.split('/').any(|part| part == "..")
        || trimmed.starts_with('/')
        || trimmed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
    {
        return Err(bad());
    }
    if trimmed.is_empty() || trimmed == "." {
        return Ok(format!("*.toml merge={DRIVER}"));
    }
    let mut pattern = String::new();
    for (i, c) in trimmed.chars().enumerate() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') || (i == 0 && matches!(c, '#' | '!')) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    Ok(format!("{pattern}/**/*.toml merge={DRIVER}"))
}

/// Whether a line of `.gitattributes` is `line`, spacing aside.
fn same_line(candidate: &str, line: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    words(candidate) == words(line)
}

/// `.gitattributes`, or nothing when there is none.
fn read_attributes(path: &Path) -> Result<String, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Replaces the file at `path` with `bytes` whole (a temporary file beside
/// it, flushed, renamed over it), keeping its permissions: a reader or a
/// crash sees the old file or the new one, never half of one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::replace::replace(path, bytes, crate::replace::Durability::Synced).map_err(|source| {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> Result<(tempfile::TempDir, Repository), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        git2::Repository::init(dir.path())?;
        let repo = Repository::open(dir.path())?;
        Ok((dir, repo))
    }

    #[test]
    fn the_attributes_line_names_the_root() -> Result<(), Error> {
        assert_eq!(attributes_line("okrs")?, "okrs/**/*.toml merge=okr");
        assert_eq!(
            attributes_line("./plans/okrs/")?,
            "plans/okrs/**/*.toml merge=okr"
        );
        assert_eq!(attributes_line(".")?, "*.toml merge=okr");
        assert_eq!(attributes_line("o[k]rs")?, "o\\[k\\]rs/**/*.toml merge=okr");
        assert_eq!(attributes_line("#okrs")?, "\\#okrs/**/*.toml merge=okr");
        for bad in ["../okrs", "/okrs", "my okrs"] {
            assert!(
                matches!(attributes_line(bad), Err(Error::BadRoot { .. })),
                "{bad}"
            );
        }
        Ok(())
    }

    #[test]
    fn install_is_idempotent_and_uninstall_undoes_it() -> Result<(), Box<dyn std::error::Error>> {
        let (dir, repo) = repo()?;
        let attributes = dir.path().join(".gitattributes");
        std::fs::write(&attributes, "hooks/* text eol=lf")?;

        let first = repo.install_merge_driver("okrs")?;
        assert!(first.config_changed && first.attributes_changed);
        assert_eq!(
            std::fs::read_to_string(&attributes)?,
            "hooks/* text eol=lf\nokrs/**/*.toml merge=okr\n"
        );
        let config = git2::Repository::open(dir.path())?.config()?;
        assert_eq!(config.get_string("merge.okr.driver")?, DRIVER_COMMAND);
        assert_eq!(config.get_string("merge.okr.name")?, DRIVER_DESCRIPTION);
        assert!(repo.merge_driver_installed("okrs")?);

        let second = repo.install_merge_driver("okrs")?;
        assert!(!second.config_changed && !second.attributes_changed);
        assert_eq!(
            std::fs::read_to_string(&attributes)?,
            "hooks/* text eol=lf\nokrs/**/*.toml merge=okr\n"
        );

        let removed = repo.uninstall_merge_driver("okrs")?;
        assert!(removed.config_changed && removed.attributes_changed);
        assert_eq!(
            std::fs::read_to_string(&attributes)?,
            "hooks/* text eol=lf\n"
        );
        let config = git2::Repository::open(dir.path())?.config()?;
        assert!(config.get_string("merge.okr.driver").is_err());
        assert!(!repo.merge_driver_installed("okrs")?);
        let again = repo.uninstall_merge_driver("okrs")?;
        assert!(!again.config_changed && !again.attributes_changed);
        Ok(())
    }

    #[test]
    fn a_gitattributes_of_ours_alone_goes_with_uninstall() -> Result<(), Box<dyn std::error::Error>>
    {
        let (dir, repo) = repo()?;
        repo.install_merge_driver("okrs")?;
        assert!(dir.path().join(".gitattributes").exists());
        repo.uninstall_merge_driver("okrs")?;
        assert!(!dir.path().join(".gitattributes").exists());
        Ok(())
    }

    #[test]
    fn unknown_sides_are_left_out() -> Result<(), Box<dyn std::error::Error>> {
        let (_dir, repo) = repo()?;
        let (ours, theirs) = repo.merge_sides("HEAD", "%Y", Some(Path::new("okrs/a.toml")));
        assert_eq!(ours.label, "HEAD");
        assert_eq!(ours.commit, None);
        assert_eq!(theirs.changes, []);
        Ok(())
    }
}
