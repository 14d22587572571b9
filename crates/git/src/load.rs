//! Reading the OKR files of one side: a commit's tree, the index or the
//! working tree, without checking anything out.
//!
//! An OKR file is every `*.toml` file below the OKR root but `okr.toml`,
//! outside hidden folders (a name starting with `.`), as `git okr lint`
//! finds them on disk. Symbolic links and submodules are never read, on any
//! side: git stores a link as a link, so reading through it on one side only
//! would make a set appear and vanish between sides.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use okr_model::ParsedFile;

use crate::{Error, Repository, Side};

/// The mode bits of a tree or index entry that tell its type.
const TYPE_MASK: u32 = 0o170_000;
/// A symbolic link.
const LINK: u32 = 0o120_000;
/// A submodule (a commit inside a tree).
const GITLINK: u32 = 0o160_000;
/// A folder (in a sparse index).
const TREE: u32 = 0o040_000;
/// The bits of an index entry's flags that hold its merge stage (0: merged;
/// 1, 2, 3: base, ours, theirs), as git's `index-format.txt` lays them out.
const STAGE_MASK: u16 = 0x3000;
/// Where the stage bits start.
const STAGE_SHIFT: u16 = 12;

/// One OKR file read from a side.
#[derive(Debug, Clone)]
pub struct OkrFile {
    /// The file's path relative to the top of the working tree,
    /// `/`-separated (`okrs/2026-Q1/platform.toml`), the same on every side.
    pub path: String,
    /// The file, parsed; its `source.path()` is the side's display path
    /// ([`Side::display_path`]), so each diagnostic names the side.
    pub parsed: ParsedFile,
}

impl Repository {
    /// Every OKR file under `root` on `side`, parsed with `okr-model`, sorted
    /// by path. `root` is relative to the top of the working tree,
    /// `/`-separated (`okrs`, `planning/okrs`; `""` or `.` for the whole
    /// tree). A root missing on that side gives an empty list.
    ///
    /// Errors: [`Error::Bare`] for the index or the working tree of a bare
    /// repository, [`Error::Unmerged`] when an OKR file has conflicts in the
    /// index, [`Error::Read`] when a file on disk cannot be read,
    /// [`Error::BadRoot`] when `root` leaves the repository.
    pub fn load(&self, side: &Side, root: &str) -> Result<Vec<OkrFile>, Error> {
        let root = normalize_root(root)?;
        let mut files = match side {
            Side::Empty => Vec::new(),
            Side::Revision(revision) => self.load_revision(side, &revision.id, &root)?,
            Side::Index => self.load_index(side, &root)?,
            Side::WorkTree => self.load_work_tree(side, &root)?,
        };
        sort(&mut files);
        Ok(files)
    }

    /// The OKR files in the tree of commit `id`.
    fn load_revision(&self, side: &Side, id: &str, root: &str) -> Result<Vec<OkrFile>, Error> {
        let commit = self.git.find_commit(git2::Oid::from_str(id)?)?;
        let tree = commit.tree()?;
        let start = if root.is_empty() {
            tree
        } else {
            match tree.get_path(Path::new(root)) {
                Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => {
                    self.git.find_tree(entry.id())?
                }
                Ok(_) => return Ok(Vec::new()),
                Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Vec::new()),
                Err(source) => return Err(Error::Git { source }),
            }
        };
        let mut blobs = Vec::new();
        let mut pending = vec![(root.to_owned(), start)];
        while let Some((dir, tree)) = pending.pop() {
            for entry in tree.iter() {
                let name = String::from_utf8_lossy(entry.name_bytes());
                let path = join(&dir, &name);
                let mode = entry.filemode() as u32 & TYPE_MASK;
                match entry.kind() {
                    Some(git2::ObjectType::Tree) if !name.starts_with('.') => {
                        pending.push((path, self.git.find_tree(entry.id())?));
                    }
                    Some(git2::ObjectType::Blob) if mode != LINK && is_okr_name(&name) => {
                        blobs.push((path, entry.id()));
                    }
                    _ => {}
                }
            }
        }
        self.read_blobs(side, blobs)
    }

    /// The OKR files staged in the index (stage 0), each shown as `side`
    /// names its path.
    pub(crate) fn load_index(&self, side: &Side, root: &str) -> Result<Vec<OkrFile>, Error> {
        if self.git.is_bare() {
            return Err(Error::Bare);
        }
        let mut index = self.git.index()?;
        index.read(false)?;
        let mut blobs = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(below) = below_root(&path, root) else {
                continue;
            };
            if !is_candidate(below) {
                continue;
            }
            let mode = entry.mode & TYPE_MASK;
            if matches!(mode, LINK | GITLINK | TREE) {
                continue;
            }
            let stage = (entry.flags & STAGE_MASK) >> STAGE_SHIFT;
            if stage != 0 {
                return Err(Error::Unmerged { path });
            }
            let intent_to_add =
                git2::IndexEntryExtendedFlag::from_bits_truncate(entry.flags_extended)
                    .contains(git2::IndexEntryExtendedFlag::INTENT_TO_ADD);
            if !intent_to_add {
                blobs.push((path, entry.id));
            }
        }
        self.read_blobs(side, blobs)
    }

    /// The OKR files on disk, tracked or not, but not those git ignores.
    fn load_work_tree(&self, side: &Side, root: &str) -> Result<Vec<OkrFile>, Error> {
        let top = self.top()?;
        // The root and the folders above it must be folders, not links to
        // folders: git would see a link there.
        let mut dir = top.to_path_buf();
        for part in root.split('/').filter(|part| !part.is_empty()) {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(_) => return Ok(Vec::new()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                Err(source) => {
                    return Err(Error::Read {
                        path: PathBuf::from(root),
                        source,
                    });
                }
            }
        }
        let index = self.git.index()?;
        if !root.is_empty() && self.skip_folder(&index, root, &dir)? {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        let mut pending = vec![(root.to_owned(), dir)];
        while let Some((rel, dir)) = pending.pop() {
            let read_error = |source| Error::Read {
                path: PathBuf::from(if rel.is_empty() { "." } else { &rel }),
                source,
            };
            for entry in std::fs::read_dir(&dir).map_err(read_error)? {
                let entry = entry.map_err(read_error)?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let child = join(&rel, &name);
                let kind = entry.file_type().map_err(|source| Error::Read {
                    path: PathBuf::from(&child),
                    source,
                })?;
                if kind.is_dir() {
                    if !name.starts_with('.') && !self.skip_folder(&index, &child, &entry.path())? {
                        pending.push((child, entry.path()));
                    }
                } else if kind.is_file()
                    && is_okr_name(&name)
                    && !self.ignores_file(&index, &child)?
                {
                    let display = side.display_path(&child);
                    if let Some(parsed) = read_file(&entry.path(), &child, &display)? {
                        files.push(OkrFile {
                            path: child,
                            parsed,
                        });
                    }
                }
                // Links, pipes, sockets and devices are never read.
            }
        }
        Ok(files)
    }

    /// Whether the walk of the working tree skips the folder `rel` (at
    /// `path`): another repository (a submodule or a nested clone), or a
    /// folder git ignores and tracks nothing in.
    fn skip_folder(&self, index: &git2::Index, rel: &str, path: &Path) -> Result<bool, Error> {
        if std::fs::symlink_metadata(path.join(".git")).is_ok() {
            return Ok(true);
        }
        let folder = format!("{rel}/");
        Ok(self.git.is_path_ignored(&folder)? && index.find_prefix(folder.as_str()).is_err())
    }

    /// Whether git ignores the file `rel`: it matches an ignore rule and is
    /// not tracked (a tracked file is never ignored).
    fn ignores_file(&self, index: &git2::Index, rel: &str) -> Result<bool, Error> {
        let tracked = (0..=3).any(|stage| index.get_path(Path::new(rel), stage).is_some());
        Ok(!tracked && self.git.is_path_ignored(rel)?)
    }

    /// Reads and parses the blobs at `(path, id)`, each shown as the side's
    /// display path. A blob over the size limit is not read.
    pub(crate) fn read_blobs(
        &self,
        side: &Side,
        blobs: Vec<(String, git2::Oid)>,
    ) -> Result<Vec<OkrFile>, Error> {
        let odb = self.git.odb()?;
        let mut files = Vec::with_capacity(blobs.len());
        for (path, id) in blobs {
            let display = side.display_path(&path);
            let (size, _) = odb.read_header(id)?;
            let parsed = if size > okr_model::MAX_FILE_SIZE {
                okr_model::too_large(&display, size as u64)
            } else {
                let blob = self.git.find_blob(id)?;
                okr_model::parse_bytes(&display, blob.content())
            };
            files.push(OkrFile { path, parsed });
        }
        Ok(files)
    }
}

/// Sorts files by path, folder by folder.
pub(crate) fn sort(files: &mut [OkrFile]) {
    files.sort_by(|a, b| a.path.split('/').cmp(b.path.split('/')));
}

/// `root` with `.` and empty parts removed (`./okrs/` → `okrs`, `.` → ``);
/// [`Error::BadRoot`] when it is absolute or climbs out with `..`.
pub(crate) fn normalize_root(root: &str) -> Result<String, Error> {
    let bad = || Error::BadRoot {
        root: root.to_owned(),
    };
    if root.starts_with('/') {
        return Err(bad());
    }
    let mut parts = Vec::new();
    for part in root.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(bad()),
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// `path` below `root` (both `/`-separated), or `None` when it is not
/// inside it.
fn below_root<'p>(path: &'p str, root: &str) -> Option<&'p str> {
    if root.is_empty() {
        return Some(path);
    }
    path.strip_prefix(root)?.strip_prefix('/')
}

/// Whether the file at `path` (relative to the root) is an OKR file by its
/// name and folders.
fn is_candidate(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    let Some(name) = parts.pop() else {
        return false;
    };
    is_okr_name(name) && !parts.iter().any(|folder| folder.starts_with('.'))
}

/// Whether a file named `name` is an OKR file: `*.toml`, but not the
/// settings file.
pub(crate) fn is_okr_name(name: &str) -> bool {
    name != okr_model::config::FILE_NAME
        && Path::new(name)
            .extension()
            .is_some_and(|extension| extension == "toml")
}

/// `dir/name`, or `name` at the top.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Reads and parses the file at `path` (relative: `rel`), shown as
/// `display`; `None` when it vanished since it was listed. A file over the
/// size limit is not read.
fn read_file(path: &Path, rel: &str, display: &str) -> Result<Option<ParsedFile>, Error> {
    let read_error = |source| Error::Read {
        path: PathBuf::from(rel),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(read_error(source)),
    };
    let size = file.metadata().map_err(read_error)?.len();
    let limit = okr_model::MAX_FILE_SIZE as u64;
    if size > limit {
        return Ok(Some(okr_model::too_large(display, size)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A file that grew since its size was read is cut just past the limit,
    // which `parse_bytes` reports as too large.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    Ok(Some(okr_model::parse_bytes(display, &bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_normalized() {
        let ok = |root: &str| normalize_root(root).ok();
        assert_eq!(ok("okrs"), Some("okrs".into()));
        assert_eq!(ok("./planning/okrs/"), Some("planning/okrs".into()));
        assert_eq!(ok("."), Some(String::new()));
        assert_eq!(ok(""), Some(String::new()));
        assert_eq!(ok("../okrs"), None);
        assert_eq!(ok("okrs/../../x"), None);
        assert_eq!(ok("/okrs"), None);
    }

    #[test]
    fn candidates() {
        assert!(is_candidate("2026-Q1/platform.toml"));
        assert!(is_candidate("platform.toml"));
        assert!(is_candidate("2026-Q1/.draft.toml"));
        assert!(!is_candidate("okr.toml"));
        assert!(!is_candidate("2026-Q1/notes.md"));
        assert!(!is_candidate(".archive/platform.toml"));
        assert!(!is_candidate("a/.b/c/platform.toml"));
        assert!(!is_candidate(".toml"));
        assert_eq!(below_root("okrs/a.toml", "okrs"), Some("a.toml"));
        assert_eq!(below_root("okrs-old/a.toml", "okrs"), None);
        assert_eq!(below_root("okrs", "okrs"), None);
        assert_eq!(below_root("a.toml", ""), Some("a.toml"));
    }
}
