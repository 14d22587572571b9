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
pub mod set;

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
    info: CommitInfo,
    files: Vec<(String, Option<git2::Oid>, Option<git2::Oid>)>,
}

/// What a walk is building: each file's last versions, the new records
/// for the cache, the counts.
struct Walk {
    files: HashMap<Arc<str>, FileState>,
    records: Vec<cache::Record>,
    stats: WalkStats,
}

/// How a walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// At the root commit (or the edge of a shallow clone).
    Finished,
    /// At a commit the cache holds, at this position of its chain.
    Joined(usize),
    /// At the edge of a shallow clone: the history is incomplete.
    Edge,
    /// The caller asked to stop.
    Stopped,
}

/// What the walking thread sends.
enum Walked {
    /// A commit whose parent is missing: the edge of a shallow clone. What
    /// it changed is unknown, and the walk ends there.
    Edge,
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
    read: Option<(git2::Oid, String, Option<Arc<Snapshot>>)>,
    good: Option<(Arc<Snapshot>, Arc<CommitInfo>)>,
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
        mut each: impl FnMut(Entry) -> Result<bool, E>,
    ) -> Result<WalkStats, E> {
        let root = crate::load::normalize_root(root)?;
        let cache_path = self.cache_path(&root);
        let cached = if options.cache {
            cache::Cache::load(&cache_path, &root)
        } else {
            None
        };
        let mut walk = Walk {
            files: HashMap::new(),
            records: Vec::new(),
            stats: WalkStats::default(),
        };
        let mut from = git2::Oid::from_str(&start.id).map_err(Error::from)?;
        let mut known = cached.as_ref().map(|c| Arc::new(c.positions()));
        let mut kept = None;
        let mut damaged = false;
        loop {
            match self.walk(&mut walk, from, &root, known.clone(), &mut each)? {
                Outcome::Stopped => return Ok(walk.stats),
                Outcome::Finished => break,
                // A shallow history is not cached: after `git fetch
                // --unshallow` the same commits have more behind them.
                Outcome::Edge => return Ok(walk.stats),
                Outcome::Joined(position) => {
                    let Some(cache) = &cached else { break };
                    match cache.replay(position, &mut each)? {
                        cache::Replay::Done => {
                            walk.stats.cached = cache.len_from(position);
                            kept = Some((cache, position));
                            break;
                        }
                        cache::Replay::Stopped => return Ok(walk.stats),
                        // A damaged record, past the checksum: walk on from
                        // its commit when that is one. The cache is dropped,
                        // to be built whole next time.
                        cache::Replay::Damaged(commit) => {
                            cache::Cache::remove(&cache_path);
                            if !self.git.odb().is_ok_and(|odb| odb.exists(commit)) {
                                return Err(Error::DamagedCache { path: cache_path }.into());
                            }
                            from = commit;
                            known = None;
                            damaged = true;
                        }
                    }
                }
            }
        }
        if damaged {
            cache::Cache::remove(&cache_path);
        } else if options.cache && !walk.records.is_empty() {
            // A cache that cannot be written only costs the next run time.
            let _ = cache::Cache::write(&cache_path, &root, &walk.records, kept);
        }
        Ok(walk.stats)
    }

    /// Walks from `from` until the root commit or a commit in `known`,
    /// passing each entry to `each` and keeping the records in `walk`.
    fn walk<E: From<Error>>(
        &self,
        walk: &mut Walk,
        from: git2::Oid,
        root: &str,
        known: Option<Arc<cache::Positions>>,
        each: &mut impl FnMut(Entry) -> Result<bool, E>,
    ) -> Result<Outcome, E> {
        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Walked>, Error>>(8);
        let git_dir = self.git.path().to_path_buf();
        let walker_root = root.to_owned();
        let walker_known = known.clone();
        let walker = std::thread::spawn(move || {
            let result = raw::walk(
                &git_dir,
                from,
                &walker_root,
                walker_known.as_deref(),
                &sender,
            );
            if let Err(error) = result {
                let _ = sender.send(Err(error));
            }
        });
        let odb = self.git.odb().map_err(Error::from)?;
        let mut outcome = Outcome::Finished;
        'batches: for batch in receiver.iter() {
            for walked in batch? {
                match walked {
                    Walked::Same(id) => {
                        walk.stats.walked += 1;
                        walk.records.push(cache::Record {
                            id,
                            entries: Vec::new(),
                        });
                    }
                    Walked::Changed(changed) => {
                        walk.stats.walked += 1;
                        walk.stats.changed += 1;
                        let entries = entries_of(&odb, &changed, &mut walk.files)?;
                        for entry in &entries {
                            if !each(entry.clone())? {
                                outcome = Outcome::Stopped;
                                break;
                            }
                        }
                        walk.records.push(cache::Record {
                            id: changed.id,
                            entries,
                        });
                        if outcome == Outcome::Stopped {
                            break 'batches;
                        }
                    }
                    Walked::Edge => {
                        walk.stats.walked += 1;
                        outcome = Outcome::Edge;
                        break 'batches;
                    }
                    Walked::Cached(id) => {
                        let position = known.as_ref().and_then(|k| k.get(&id).copied());
                        outcome = position.map_or(Outcome::Finished, Outcome::Joined);
                        break 'batches;
                    }
                }
            }
        }
        drop(receiver);
        let _ = walker.join();
        Ok(outcome)
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
    files: &mut HashMap<Arc<str>, FileState>,
) -> Result<Vec<Entry>, Error> {
    let commit = Arc::new(changed.info.clone());
    // Each file's newer (good) version with the commit that made it, and
    // each file's older version.
    let mut newer: Vec<(Arc<str>, Arc<Snapshot>, Arc<CommitInfo>)> = Vec::new();
    let mut older: Vec<Arc<Snapshot>> = Vec::new();
    for (path, old, new) in &changed.files {
        let path: Arc<str> = Arc::from(path.as_str());
        let state = files.entry(path.clone()).or_default();
        let new_snapshot = match new {
            Some(new) => version(odb, *new, state)?,
            None => None,
        };
        let newer_good = match new_snapshot {
            Some(snapshot) => Some((snapshot, commit.clone())),
            None if new.is_some() => state.good.take(),
            None => None,
        };
        let old_snapshot = match old {
            Some(old) => version(odb, *old, state)?,
            None => {
                state.read = None;
                None
            }
        };
        match (old_snapshot, newer_good) {
            (Some(old), Some((snapshot, made_by))) => {
                older.push(old);
                newer.push((path, snapshot, made_by));
            }
            (None, Some((snapshot, made_by))) if old.is_none() => {
                newer.push((path, snapshot, made_by));
            }
            // The older version does not parse: keep the newer one for the
            // next good version to be compared with.
            (None, Some(good)) => state.good = Some(good),
            // A file deleted, or moved: its set may be in a file added by
            // the same commit.
            (Some(old), None) => older.push(old),
            (None, None) => {}
        }
    }
    let mut entries = Vec::new();
    for (path, snapshot, made_by) in newer {
        let before = older
            .iter()
            .find(|o| o.period == snapshot.period && o.team == snapshot.team);
        for change in snapshot::changes(before.map(|b| &**b), &snapshot) {
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
/// version read last when there is one. `None` when it does not parse or is
/// not UTF-8.
fn version(
    odb: &git2::Odb<'_>,
    id: git2::Oid,
    state: &mut FileState,
) -> Result<Option<Arc<Snapshot>>, Error> {
    if let Some((read, _, snapshot)) = &state.read
        && *read == id
    {
        return Ok(snapshot.clone());
    }
    let object = odb.read(id)?;
    let Ok(text) = std::str::from_utf8(object.data()) else {
        state.read = None;
        return Ok(None);
    };
    let snapshot = match &state.read {
        Some((_, previous, Some(snapshot))) => snapshot.update(previous, text),
        _ => Snapshot::read(text),
    }
    .map(Arc::new);
    state.read = Some((id, text.to_owned(), snapshot.clone()));
    Ok(snapshot)
}
