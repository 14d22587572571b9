//! Reading commits and trees raw, and the walking thread: the least work
//! that finds which commits changed which OKR files.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use okr_model::timeline::CommitInfo;

use super::{Changed, Walked};
use crate::Error;
use crate::load::{is_okr_name, join};

/// A tree entry's mode for a folder.
const TREE: u32 = 0o040_000;
/// The mask of a mode's type bits.
const TYPE_MASK: u32 = 0o170_000;
/// A regular file (executable or not).
const BLOB: u32 = 0o100_000;

/// How many commits the walking thread sends at once: fewer, larger
/// messages spare both threads most of the waking up.
const BATCH: usize = 512;

/// Walks first parents from `start`, sending what it finds in batches,
/// until the root commit, a missing parent (the edge of a shallow clone,
/// whose commit is sent as an edge: what it changed is unknown) or a commit
/// in `known`. Stops quietly when the receiver hangs up.
pub(super) fn walk(
    git_dir: &Path,
    start: git2::Oid,
    root: &str,
    known: Option<&super::cache::Positions>,
    sender: &SyncSender<Result<Vec<Walked>, Error>>,
) -> Result<(), Error> {
    // Git itself does not hash every object it reads again, nor keep them;
    // libgit2 does both by default (process-wide), which costs a third of a
    // long walk.
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
    let repo = git2::Repository::open(git_dir)?;
    let odb = repo.odb()?;
    let commit = |id| {
        with(&odb, id, git2::ObjectType::Commit, |raw| {
            (tree_of(raw), first_parent(raw))
        })
    };
    let mut batch = Vec::with_capacity(BATCH);
    let mut id = start;
    let (tree, mut parent) = commit(id)?.ok_or_else(|| Error::Git {
        source: git2::Error::from_str("the start commit is missing"),
    })?;
    let mut folder = folder_of(&odb, tree, root)?;
    loop {
        if known.is_some_and(|k| k.contains_key(&id)) {
            batch.push(Walked::Cached(id));
            let _ = sender.send(Ok(batch));
            return Ok(());
        }
        let next = match parent {
            Some(parent) => match commit(parent)? {
                Some(read) => Some((parent, read)),
                None => {
                    batch.push(Walked::Edge);
                    let _ = sender.send(Ok(batch));
                    return Ok(());
                }
            },
            None => None,
        };
        let parent_folder = match &next {
            Some((_, (tree, _))) => folder_of(&odb, *tree, root)?,
            None => None,
        };
        if folder == parent_folder {
            batch.push(Walked::Same(id));
        } else {
            let mut files = Vec::new();
            diff(&odb, parent_folder, folder, "", &mut files)?;
            if files.is_empty() {
                batch.push(Walked::Same(id));
            } else {
                let info = with(&odb, id, git2::ObjectType::Commit, |raw| {
                    commit_info(id, raw)
                })?
                .ok_or_else(|| Error::Git {
                    source: git2::Error::from_str("a commit vanished while being read"),
                })?;
                batch.push(Walked::Changed(Box::new(Changed {
                    id,
                    info,
                    files: files
                        .into_iter()
                        .map(|(path, old, new)| (join(root, &path), old, new))
                        .collect(),
                })));
            }
        }
        if batch.len() >= BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if sender.send(Ok(full)).is_err() {
                return Ok(());
            }
        }
        match next {
            Some((next, (_, next_parent))) => {
                id = next;
                parent = next_parent;
                folder = parent_folder;
            }
            None => {
                let _ = sender.send(Ok(batch));
                return Ok(());
            }
        }
    }
}

/// Calls `f` with the raw content of object `id` of `kind`; `None` when
/// the object is missing (past the edge of a shallow clone).
fn with<T>(
    odb: &git2::Odb<'_>,
    id: git2::Oid,
    kind: git2::ObjectType,
    f: impl FnOnce(&[u8]) -> T,
) -> Result<Option<T>, Error> {
    match odb.read(id) {
        Ok(object) if object.kind() == kind => Ok(Some(f(object.data()))),
        Ok(_) => Err(Error::Git {
            source: git2::Error::from_str(&format!("{id} is not a {kind}")),
        }),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(source) => Err(Error::Git { source }),
    }
}

/// The headers of a raw commit, up to the blank line.
fn headers(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    raw.split(|&b| b == b'\n')
        .take_while(|line| !line.is_empty())
}

/// A commit's tree.
fn tree_of(raw: &[u8]) -> Option<git2::Oid> {
    headers(raw)
        .find_map(|line| line.strip_prefix(b"tree "))
        .and_then(hex_oid)
}

/// A commit's first parent.
fn first_parent(raw: &[u8]) -> Option<git2::Oid> {
    headers(raw)
        .find_map(|line| line.strip_prefix(b"parent "))
        .and_then(hex_oid)
}

fn hex_oid(hex: &[u8]) -> Option<git2::Oid> {
    git2::Oid::from_str(std::str::from_utf8(hex).ok()?).ok()
}

/// The tree of folder `root` in tree `tree`; `None` when absent.
fn folder_of(
    odb: &git2::Odb<'_>,
    tree: Option<git2::Oid>,
    root: &str,
) -> Result<Option<git2::Oid>, Error> {
    let mut current = tree;
    for part in root.split('/').filter(|p| !p.is_empty()) {
        let Some(id) = current else { return Ok(None) };
        current = with(odb, id, git2::ObjectType::Tree, |raw| {
            entries(raw)
                .find(|e| e.name == part.as_bytes() && e.mode & TYPE_MASK == TREE)
                .map(|e| e.id)
        })?
        .flatten();
    }
    Ok(current)
}

/// One entry of a raw tree.
struct TreeEntry<'t> {
    mode: u32,
    name: &'t [u8],
    id: git2::Oid,
}

/// The entries of a raw tree; stops at the first malformed one.
fn entries(raw: &[u8]) -> impl Iterator<Item = TreeEntry<'_>> {
    let mut rest = raw;
    std::iter::from_fn(move || {
        let space = rest.iter().position(|&b| b == b' ')?;
        let mode = std::str::from_utf8(&rest[..space])
            .ok()
            .and_then(|m| u32::from_str_radix(m, 8).ok())?;
        let after = &rest[space + 1..];
        let nul = after.iter().position(|&b| b == 0)?;
        let name = &after[..nul];
        let id = git2::Oid::from_bytes(after.get(nul + 1..nul + 21)?).ok()?;
        rest = &after[nul + 21..];
        Some(TreeEntry { mode, name, id })
    })
}

/// The OKR files that differ between folder trees `old` and `new`, below
/// `dir`: `(path, old blob, new blob)`, by path.
fn diff(
    odb: &git2::Odb<'_>,
    old: Option<git2::Oid>,
    new: Option<git2::Oid>,
    dir: &str,
    out: &mut Vec<(String, Option<git2::Oid>, Option<git2::Oid>)>,
) -> Result<(), Error> {
    if old == new {
        return Ok(());
    }
    let read_tree = |id: Option<git2::Oid>| -> Result<Vec<u8>, Error> {
        Ok(match id {
            Some(id) => with(odb, id, git2::ObjectType::Tree, <[u8]>::to_vec)?.unwrap_or_default(),
            None => Vec::new(),
        })
    };
    let (old_raw, new_raw) = (read_tree(old)?, read_tree(new)?);
    // Git keeps a tree's entries sorted by name, a folder's name as if it
    // ended in `/`: one merge of the two lists finds what differs, without
    // hashing or sorting (a folder of 200 sets is read at every commit that
    // changed one of them).
    let kind = |entry: &TreeEntry<'_>| match entry.mode & TYPE_MASK {
        TREE => Some(true),
        BLOB => Some(false),
        // Links and submodules are never read.
        _ => None,
    };
    let mut olds = entries(&old_raw)
        .filter_map(|e| kind(&e).map(|k| (e, k)))
        .peekable();
    let mut news = entries(&new_raw)
        .filter_map(|e| kind(&e).map(|k| (e, k)))
        .peekable();
    let mut files = Vec::new();
    let mut folders = Vec::new();
    loop {
        // Each step takes the entry that sorts first, or both when they
        // have the same name and kind.
        let (old_entry, new_entry) = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => (olds.next(), None),
            (None, Some(_)) => (None, news.next()),
            (Some((o, o_folder)), Some((n, n_folder))) => {
                if o.name == n.name && o_folder == n_folder {
                    (olds.next(), news.next())
                } else if tree_order(o.name, *o_folder, n.name, *n_folder).is_lt() {
                    (olds.next(), None)
                } else {
                    (None, news.next())
                }
            }
        };
        let (name, folder) = match (&old_entry, &new_entry) {
            (Some((e, folder)), _) | (None, Some((e, folder))) => (e.name, *folder),
            (None, None) => break,
        };
        let old_id = old_entry.as_ref().map(|(e, _)| e.id);
        let new_id = new_entry.as_ref().map(|(e, _)| e.id);
        if old_id == new_id {
            continue;
        }
        let Ok(name) = std::str::from_utf8(name) else {
            continue;
        };
        if folder {
            if !name.starts_with('.') {
                folders.push((join(dir, name), old_id, new_id));
            }
        } else if is_okr_name(name) {
            files.push((join(dir, name), old_id, new_id));
        }
    }
    // By path, as before: files, then each folder's in name order.
    folders.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.extend(files);
    for (path, old_dir, new_dir) in folders {
        diff(odb, old_dir, new_dir, &path, out)?;
    }
    Ok(())
}

/// How git orders a tree's entries: by name, a folder's as if it ended
/// in `/`.
fn tree_order(a: &[u8], a_folder: bool, b: &[u8], b_folder: bool) -> std::cmp::Ordering {
    let common = a.len().min(b.len());
    let end =
        |name: &[u8], folder: bool| name.get(common).copied().or_else(|| folder.then_some(b'/'));
    a[..common]
        .cmp(&b[..common])
        .then_with(|| end(a, a_folder).cmp(&end(b, b_folder)))
}

/// The author and message of a raw commit.
pub(super) fn commit_info(id: git2::Oid, raw: &[u8]) -> CommitInfo {
    let split = raw.windows(2).position(|w| w == b"\n\n");
    let message = split.map_or(&[][..], |at| &raw[at + 2..]);
    let author = headers(raw)
        .find_map(|line| line.strip_prefix(b"author "))
        .unwrap_or_default();
    let author = String::from_utf8_lossy(author);
    // `Name <email> 1700000000 +0100`
    let (name, rest) = author.split_once(" <").unwrap_or((&author, ""));
    let (email, when) = rest
        .split_once("> ")
        .unwrap_or((rest.trim_end_matches('>'), ""));
    let mut when = when.split_whitespace();
    let time = when.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let offset_minutes = when
        .next()
        .and_then(crate::identity::zone_minutes)
        .unwrap_or(0);
    CommitInfo {
        id: id.to_string(),
        author: name.to_owned(),
        email: email.to_owned(),
        time,
        offset_minutes,
        message: String::from_utf8_lossy(message).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_order_is_git_order() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // By bytes, a folder's name ending in `/`: `-` (0x2d) < `.`
        // (0x2e) < `/` (0x2f) < `0` (0x30).
        assert_eq!(tree_order(b"a-b", false, b"a.txt", false), Less);
        assert_eq!(tree_order(b"a.txt", false, b"a", true), Less);
        assert_eq!(tree_order(b"a", true, b"a0", false), Less);
        assert_eq!(tree_order(b"a", false, b"a", true), Less);
        assert_eq!(tree_order(b"a", false, b"a-b", false), Less);
        assert_eq!(tree_order(b"b", false, b"a", true), Greater);
        assert_eq!(tree_order(b"a", true, b"a", true), Equal);
    }

    #[test]
    fn commit_headers() {
        let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor Ada Lovelace <ada@example.com> 1700000000 -0130\ncommitter C <c@x> 1700000000 +0000\n\nSubject\n\nBody\n";
        assert_eq!(
            tree_of(raw).map(|o| o.to_string()).as_deref(),
            Some("4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        );
        assert_eq!(
            first_parent(raw).map(|o| o.to_string()).as_deref(),
            Some("1111111111111111111111111111111111111111")
        );
        let info = commit_info(git2::Oid::ZERO_SHA1, raw);
        assert_eq!(info.author, "Ada Lovelace");
        assert_eq!(info.email, "ada@example.com");
        assert_eq!((info.time, info.offset_minutes), (1_700_000_000, -90));
        assert_eq!(info.message, "Subject\n\nBody\n");
        let root = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\n\nm";
        assert_eq!(first_parent(root), None);
    }

    #[test]
    fn malformed_input_does_not_panic() {
        for raw in [
            &b""[..],
            b"\n\n",
            b"tree xyz\n",
            b"author \n\n",
            b"author A <a@x> nope +9\n\n",
        ] {
            let _ = commit_info(git2::Oid::ZERO_SHA1, raw);
            let _ = tree_of(raw);
        }
        for raw in [
            &b"100644 a"[..],
            b"100644 a\0short",
            b"zzz a\0aaaaaaaaaaaaaaaaaaaa",
            b"40000",
        ] {
            assert_eq!(entries(raw).count(), 0);
        }
    }
}
