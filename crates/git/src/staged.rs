//! What a commit is about to change in the OKR files: the index against
//! HEAD, for the `pre-commit` hook.

use std::path::Path;

use crate::load::{is_okr_name, normalize_root, sort};
use crate::{Error, OkrFile, Repository, Revision, Side};

/// The OKR files a commit would change, read from the index and HEAD.
#[derive(Debug, Default)]
pub struct Staged {
    /// The paths whose staged version differs from HEAD's (added, changed
    /// or deleted), relative to the top, sorted.
    pub changed: Vec<String>,
    /// Every OKR file in the index (what the commit will hold), parsed and
    /// shown by its plain path; empty when nothing changed.
    pub index: Vec<OkrFile>,
    /// HEAD's version of each changed path that HEAD has.
    pub head: Vec<OkrFile>,
}

impl Repository {
    /// The OKR files under `root` whose staged version differs from HEAD's.
    /// When none does, only the index and HEAD's tree are compared, which
    /// costs next to nothing; otherwise the index's OKR files and HEAD's
    /// versions of the changed ones are read and parsed.
    pub fn staged(&self, root: &str) -> Result<Staged, Error> {
        if self.git.is_bare() {
            return Err(Error::Bare);
        }
        let root = normalize_root(root)?;
        let head = self.head()?;
        let head_tree = match &head {
            Some(revision) => Some(
                self.git
                    .find_commit(git2::Oid::from_str(&revision.id)?)?
                    .tree()?,
            ),
            None => None,
        };
        let index = self.git.index()?;
        let mut options = git2::DiffOptions::new();
        if !root.is_empty() {
            options.pathspec(format!("{root}/"));
        }
        options.disable_pathspec_match(false);
        let diff =
            self.git
                .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options))?;
        let mut changed: Vec<(String, bool)> = diff
            .deltas()
            .filter_map(|delta| {
                let file = match delta.status() {
                    git2::Delta::Deleted => delta.old_file(),
                    _ => delta.new_file(),
                };
                let path = file.path().and_then(Path::to_str)?.to_owned();
                let name = path.rsplit('/').next().unwrap_or(&path);
                let in_head = !delta.old_file().id().is_zero();
                is_okr_name(name).then_some((path, in_head))
            })
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            return Ok(Staged::default());
        }
        // Shown by their plain paths, as `git commit` users know them (not
        // `:okrs/…`): the hook speaks of the commit being made.
        let mut index_files = self.load_index(&Side::WorkTree, &root)?;
        sort(&mut index_files);
        let head_files = match (&head, &head_tree) {
            (Some(revision), Some(tree)) => {
                let blobs = changed
                    .iter()
                    .filter(|(_, in_head)| *in_head)
                    .filter_map(|(path, _)| {
                        let entry = tree.get_path(Path::new(path)).ok()?;
                        (entry.kind() == Some(git2::ObjectType::Blob))
                            .then(|| (path.clone(), entry.id()))
                    })
                    .collect();
                self.read_blobs(&Side::Revision(head_revision(revision)), blobs)?
            }
            _ => Vec::new(),
        };
        Ok(Staged {
            changed: changed.into_iter().map(|(path, _)| path).collect(),
            index: index_files,
            head: head_files,
        })
    }
}

/// HEAD, named `HEAD` in the files' display paths.
fn head_revision(revision: &Revision) -> Revision {
    Revision {
        spec: "HEAD".to_owned(),
        id: revision.id.clone(),
    }
}
