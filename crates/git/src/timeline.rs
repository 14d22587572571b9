//! The check-in timeline, derived from history: every commit that changed
//! a key result's `current` or `confidence`, whoever made it and however
//! (`git okr checkin` or a hand edit in a pull request).
//!
//! The walk follows first parents from a tip, newest first, the way
//! `git log --first-parent` does: a check-in made on a branch shows at the
//! merge that brought it in. It streams: each commit's entries go to the
//! caller before the next commit is read. It reads objects raw and parses
//! only what it needs, skips every commit whose OKR folder has the same tree
//! as its parent's, and re-reads a changed file through
//! [`Snapshot::update`], which re-reads only the numbers a check-in
//! changed. A second thread walks commits and trees while the caller's
//! thread reads blobs and builds entries.
//!
//! Results are kept in a cache under the git folder (`okr/timeline-*`),
//! keyed by commit id: a later walk stops at the first commit the cache
//! holds and replays the rest. Commit ids name their whole history, so a
//! cache entry is right for any branch that reaches that commit and is never
//! used for one that does not (rewritten history simply misses). The cache
//! may be deleted at any time.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use okr_model::snapshot::{self, Snapshot};
use okr_model::timeline::{CommitInfo, Entry};

use crate::{Error, Repository, Revision};

mod cache;
mod raw;

/// How far a walk went and what it cost, for the curious and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkStats {
    /// Commits walked (not replayed from the cache).
    pub walked: usize,
    /// Of those, commits whose OKR folder changed.
    pub changed: usize,
    /// Commits replayed from the cache.
    pub cached: usize,
}

/// What the walk should do.
#[derive(Debug, Clone, Default)]
pub struct TimelineOptions {
    /// Read and write the cache.
    pub cache: bool,
}

/// A commit whose OKR folder differs from its first parent's, with the
/// files that changed: `(path, old blob, new blob)`.
struct Changed {
    id: git2::Oid,
    raw: Vec<u8>,
    files: Vec<(String, Option<git2::Oid>, Option<git2::Oid>)>,
}

/// What the walking thread sends.
enum Walked {
    /// A commit whose folder did not change.
    Same(git2::Oid),
    /// A commit whose folder changed.
    Changed(Box<Changed>),
    /// The walk reached a commit the cache holds.
    Cached(git2::Oid),
}

/// The last version of a file read, for re-reading the next one cheaply,
/// and the newest version that parsed, with the commit that made it.
#[derive(Default)]
struct FileState {
    read: Option<(git2::Oid, Arc<str>, Option<Snapshot>)>,
    good: Option<(Snapshot, Arc<CommitInfo>)>,
}

impl Repository {
    /// Walks the first-parent history from `start`, newest first, and calls
    /// `each` with every check-in of a key result in the OKR files under
    /// `root`. Stops early, without error, when `each` returns `Ok(false)`.
    pub fn timeline<E: From<Error>>(
        &self,
        start: &Revision,
        root: &str,
        options: &TimelineOptions,
        mut each: impl FnMut(&Entry) -> Result<bool, E>,
    ) -> Result<WalkStats, E> {
        let root = crate::load::normalize_root(root)?;
        let start_id = git2::Oid::from_str(&start.id).map_err(Error::from)?;
        let cache_path = self.cache_path(&root);
        let cached = if options.cache {
            cache::Cache::load(&cache_path, &root)
        } else {
            None
        };
        let known: Option<Arc<HashMap<git2::Oid, usize>>> =
            cached.as_ref().map(|c| Arc::new(c.positions()));

        let (sender, receiver) = mpsc::sync_channel::<Result<Walked, Error>>(256);
        let git_dir = self.git.path().to_path_buf();
        let walker_root = root.clone();
        let walker_known = known.clone();
        let walker = std::thread::spawn(move || {
            let result = raw::walk(
                &git_dir,
                start_id,
                &walker_root,
                walker_known.as_deref(),
                &sender,
            );
            if let Err(error) = result {
                let _ = sender.send(Err(error));
            }
        });

        let odb = self.git.odb().map_err(Error::from)?;
        let mut files: HashMap<String, FileState> = HashMap::new();
        let mut stats = WalkStats::default();
        let mut records: Vec<cache::Record> = Vec::new();
        let mut joined = None;
        let mut stopped = false;
        for message in receiver.iter() {
            let walked = message?;
            match walked {
                Walked::Same(id) => {
                    stats.walked += 1;
                    records.push(cache::Record::empty(id));
                }
                Walked::Changed(changed) => {
                    stats.walked += 1;
                    stats.changed += 1;
                    let entries = entries_of(&odb, &changed, &mut files)?;
                    for entry in &entries {
                        if !stopped && !each(entry)? {
                            stopped = true;
                        }
                    }
                    records.push(cache::Record::of(changed.id, entries));
                }
                Walked::Cached(id) => {
                    joined = Some(id);
                    break;
                }
            }
            if stopped {
                break;
            }
        }
        drop(receiver);
        let _ = walker.join();
        if stopped {
            return Ok(stats);
        }
        if let (Some(id), Some(cached)) = (joined, &cached) {
            let from = known
                .as_ref()
                .and_then(|k| k.get(&id).copied())
                .unwrap_or(0);
            for record in cached.records_from(from) {
                stats.cached += 1;
                for entry in record.entries() {
                    if !each(entry)? {
                        return Ok(stats);
                    }
                }
            }
        }
        if options.cache && !records.is_empty() {
            let rest = match (joined, &cached) {
                (Some(id), Some(cached)) => {
                    let from = known
                        .as_ref()
                        .and_then(|k| k.get(&id).copied())
                        .unwrap_or(0);
                    cached.records_from(from)
                }
                _ => &[],
            };
            // A cache that cannot be written only costs the next run time.
            let _ = cache::Cache::write(&cache_path, &root, &records, rest);
        }
        Ok(stats)
    }

    /// Where the timeline cache for `root` lives.
    fn cache_path(&self, root: &str) -> PathBuf {
        let name = if root.is_empty() {
            "timeline".to_owned()
        } else {
            format!("timeline-{}", root.replace('/', "%"))
        };
        self.git.commondir().join("okr").join(name)
    }
}

/// The entries of one changed commit, keeping `files` up to date.
fn entries_of(
    odb: &git2::Odb<'_>,
    changed: &Changed,
    files: &mut HashMap<String, FileState>,
) -> Result<Vec<Entry>, Error> {
    let commit = Arc::new(raw::commit_info(changed.id, &changed.raw));
    // Each file's newer (good) and older version.
    let mut newer: Vec<(String, Snapshot, Arc<CommitInfo>)> = Vec::new();
    let mut older: Vec<Snapshot> = Vec::new();
    for (path, old, new) in &changed.files {
        let state = files.entry(path.clone()).or_default();
        let new_version = match new {
            Some(new) => Some(version(odb, *new, state)?),
            None => None,
        };
        let newer_good = match new_version.and_then(|(_, snapshot)| snapshot) {
            Some(snapshot) => Some((snapshot, commit.clone())),
            None if new.is_some() => state.good.take(),
            None => None,
        };
        let old_snapshot = match old {
            Some(old) => version(odb, *old, state)?.1,
            None => {
                state.read = None;
                None
            }
        };
        match (&old_snapshot, newer_good) {
            (Some(old), Some((snapshot, made_by))) => {
                older.push(old.clone());
                newer.push((path.clone(), snapshot, made_by));
            }
            (None, Some((snapshot, made_by))) if old.is_none() => {
                newer.push((path.clone(), snapshot, made_by));
            }
            // The older version does not parse: keep the newer one for the
            // next good version to be compared with.
            (None, Some(good)) => state.good = Some(good),
            _ => {}
        }
    }
    let mut entries = Vec::new();
    for (path, snapshot, made_by) in newer {
        let before = older
            .iter()
            .find(|o| o.period == snapshot.period && o.team == snapshot.team);
        for change in snapshot::changes(before, &snapshot) {
            entries.push(Entry {
                commit: made_by.clone(),
                path: path.clone(),
                period: snapshot.period.clone(),
                team: snapshot.team.clone(),
                change,
            });
        }
    }
    Ok(entries)
}

/// Reads blob `id` as the next version of a file: re-read cheaply from the
/// version read last when there is one. Returns the text and its snapshot
/// (`None` when it does not parse or is not UTF-8).
fn version(
    odb: &git2::Odb<'_>,
    id: git2::Oid,
    state: &mut FileState,
) -> Result<(Arc<str>, Option<Snapshot>), Error> {
    if let Some((read, text, snapshot)) = &state.read
        && *read == id
    {
        return Ok((text.clone(), snapshot.clone()));
    }
    let object = odb.read(id)?;
    let text: Arc<str> = match std::str::from_utf8(object.data()) {
        Ok(text) => Arc::from(text),
        Err(_) => {
            state.read = None;
            return Ok((Arc::from(""), None));
        }
    };
    let snapshot = match &state.read {
        Some((_, previous, Some(snapshot))) => snapshot.update(previous, &text),
        _ => Snapshot::read(&text),
    };
    state.read = Some((id, text.clone(), snapshot.clone()));
    Ok((text, snapshot))
}
