//! One set's history: the versions of its file where its `version` or
//! `status` changed (its iterations, finalizations, reopenings, grade),
//! and its check-ins, from one first-parent walk.
//!
//! The set is followed by its period and team, so a file that moved is
//! followed to where it was. The walk reads only the commits that changed
//! the OKR folder, and of those only the set's file; a version's header
//! (`version`, `status`) is read without parsing the rest, and check-ins
//! are found as `git okr log` finds them, re-reading only what changed.

use std::collections::HashMap;
use std::sync::{Arc, mpsc};

use okr_model::timeline::{CommitInfo, Entry};

use super::{Changed, FileState, Walked, entries_of, raw};
use crate::{Error, Repository, Revision, Side};

/// A version of the set's file where its version or status changed, or
/// where the set first appears.
#[derive(Debug, Clone)]
pub struct SetVersion {
    /// The commit that made it.
    pub commit: Arc<CommitInfo>,
    /// The file's path then.
    pub path: String,
    /// The file's text then.
    pub text: String,
    /// The `version` field, as written.
    pub version: Option<String>,
    /// The `status` field, as written.
    pub status: Option<String>,
}

/// A set's history, oldest first.
#[derive(Debug, Clone, Default)]
pub struct SetHistory {
    /// Where the set's version or status changed, and where it began.
    pub versions: Vec<SetVersion>,
    /// Every change of a key result's `current` or `confidence`.
    pub check_ins: Vec<Entry>,
    /// `false` when the walk stopped at the edge of a shallow clone before
    /// the set's beginning.
    pub complete: bool,
}

/// The top-level fields a version is judged by.
#[derive(Debug, Default, PartialEq)]
struct Header {
    period: Option<String>,
    team: Option<String>,
    version: Option<String>,
    status: Option<String>,
}

/// The header of an OKR file: its top-level keys, read from the lines
/// before the first table; `None` when they are not TOML.
fn header(text: &str) -> Option<Header> {
    let end = text
        .match_indices('\n')
        .map(|(at, _)| at + 1)
        .find(|&at| text[at..].trim_start().starts_with('['))
        .unwrap_or(text.len());
    let table = toml::de::DeTable::parse(&text[..end]).ok()?;
    let table = table.get_ref();
    let text = |key: &str| match table.get(key).map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(text)) => Some(text.to_string()),
        _ => None,
    };
    Some(Header {
        period: text("period"),
        team: text("team"),
        version: text("version"),
        status: text("status"),
    })
}

/// One set being followed back through history.
struct Followed<'a> {
    period: &'a str,
    team: &'a str,
    /// Its file at the commit being read.
    tracked: String,
    /// Found where it began (or not in the start revision at all).
    done: bool,
    history: SetHistory,
}

impl Followed<'_> {
    fn ours(&self, header: &Option<Header>) -> bool {
        header.as_ref().is_some_and(|h| {
            h.period.as_deref() == Some(self.period) && h.team.as_deref() == Some(self.team)
        })
    }
}

impl Repository {
    /// The history of the set of `period` and `team` on the first-parent
    /// chain from `start`. [`Error::NoSet`] when `start` has no such set.
    pub fn set_history(
        &self,
        start: &Revision,
        root: &str,
        period: &str,
        team: &str,
    ) -> Result<SetHistory, Error> {
        let mut histories = self.set_histories(start, root, &[(period, team)])?;
        histories.pop().ok_or_else(|| Error::NoSet {
            set: format!("{period}:{team}"),
            revision: start.spec.clone(),
        })
    }

    /// The histories of several sets, each `(period, team)`, from one walk
    /// of the first-parent chain from `start`, in the order asked.
    /// [`Error::NoSet`] when `start` lacks one of them.
    pub fn set_histories(
        &self,
        start: &Revision,
        root: &str,
        sets: &[(&str, &str)],
    ) -> Result<Vec<SetHistory>, Error> {
        let root = crate::load::normalize_root(root)?;
        let files = self.load(&Side::Revision(start.clone()), &root)?;
        let mut followed = Vec::with_capacity(sets.len());
        for &(period, team) in sets {
            let tracked = files
                .iter()
                .find(|f| {
                    f.parsed
                        .set
                        .as_ref()
                        .is_some_and(|s| s.period.label == period && s.team == team)
                })
                .map(|f| f.path.clone())
                .ok_or_else(|| Error::NoSet {
                    set: format!("{period}:{team}"),
                    revision: start.spec.clone(),
                })?;
            followed.push(Followed {
                period,
                team,
                tracked,
                done: false,
                history: SetHistory {
                    complete: true,
                    ..SetHistory::default()
                },
            });
        }
        if followed.is_empty() {
            return Ok(Vec::new());
        }
        let odb = self.git.odb()?;
        let read = |id: Option<git2::Oid>| -> Result<Option<String>, Error> {
            match id {
                Some(id) => Ok(String::from_utf8(odb.read(id)?.data().to_vec()).ok()),
                None => Ok(None),
            }
        };

        let (sender, receiver) = mpsc::sync_channel::<Result<Vec<Walked>, Error>>(8);
        let git_dir = self.git.path().to_path_buf();
        let from = git2::Oid::from_str(&start.id)?;
        let walker_root = root.clone();
        let walker = std::thread::spawn(move || {
            if let Err(error) = raw::walk(&git_dir, from, &walker_root, None, &sender) {
                let _ = sender.send(Err(error));
            }
        });
        let mut states: HashMap<Arc<str>, FileState> = HashMap::new();
        let mut left = followed.len();
        let result = (|| -> Result<(), Error> {
            for batch in receiver.iter() {
                for walked in batch? {
                    let changed = match walked {
                        Walked::Changed(changed) => changed,
                        Walked::Edge => {
                            for set in followed.iter_mut().filter(|s| !s.done) {
                                set.history.complete = false;
                            }
                            return Ok(());
                        }
                        Walked::Same(_) | Walked::Cached(_) => continue,
                    };
                    for set in followed.iter_mut().filter(|s| !s.done) {
                        if follow(set, &changed, &read, &odb, &mut states)? {
                            set.done = true;
                            left -= 1;
                        }
                    }
                    if left == 0 {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })();
        drop(receiver);
        let _ = walker.join();
        result?;
        Ok(followed
            .into_iter()
            .map(|set| {
                let mut history = set.history;
                history.versions.reverse();
                history.check_ins.reverse();
                // Check-ins are the entries that had a value before: a key
                // result's first value is part of its definition.
                history.check_ins.retain(|e| e.change.before.is_some());
                history
            })
            .collect())
    }
}

/// Reads what `changed` did to `set`'s file into its history; `true` when
/// the set begins at this commit.
fn follow(
    set: &mut Followed<'_>,
    changed: &Changed,
    read: &impl Fn(Option<git2::Oid>) -> Result<Option<String>, Error>,
    odb: &git2::Odb<'_>,
    states: &mut HashMap<Arc<str>, FileState>,
) -> Result<bool, Error> {
    let Some(file) = changed.files.iter().find(|(p, _, _)| *p == set.tracked) else {
        return Ok(false);
    };
    let (path, old, new) = file.clone();
    let new_text = read(new)?;
    let new_header = new_text.as_deref().and_then(header);
    if !set.ours(&new_header) {
        // The file holds another set here: not ours to follow.
        return Ok(false);
    }
    // Added here: moved from a file this commit deleted, or the set's
    // beginning.
    let mut files = vec![(path.clone(), old, new)];
    let mut old_header = read(old)?.as_deref().and_then(header);
    if old.is_none() {
        for (other, other_old, other_new) in &changed.files {
            if other_new.is_some() || other_old.is_none() {
                continue;
            }
            let h = read(*other_old)?.as_deref().and_then(header);
            if set.ours(&h) {
                files.push((other.clone(), *other_old, None));
                old_header = h;
                set.tracked = other.clone();
                break;
            }
        }
    }
    let sub = Changed {
        id: changed.id,
        info: changed.info.clone(),
        files,
    };
    let entries = entries_of(odb, &sub, states)?;
    let (period, team) = (set.period, set.team);
    set.history.check_ins.extend(
        entries
            .into_iter()
            .filter(|e| &*e.period == period && &*e.team == team),
    );
    let begins = !set.ours(&old_header);
    let (new_header, new_text) = match (new_header, new_text) {
        (Some(h), Some(t)) => (h, t),
        _ => return Ok(begins),
    };
    let moved_on = old_header
        .as_ref()
        .is_none_or(|old| old.version != new_header.version || old.status != new_header.status);
    if begins || moved_on {
        set.history.versions.push(SetVersion {
            commit: Arc::new(changed.info.clone()),
            path,
            text: new_text,
            version: new_header.version,
            status: new_header.status,
        });
    }
    Ok(begins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let text = "#:schema x\nformat = 1\nteam = \"platform\" # the team\nperiod = \"2026-Q4\"\nstatus = \"final\"\nversion = \"1.2\"\n\n[[objectives]]\nid = \"o\"\n";
        assert_eq!(
            header(text),
            Some(Header {
                period: Some("2026-Q4".into()),
                team: Some("platform".into()),
                version: Some("1.2".into()),
                status: Some("final".into()),
            })
        );
        assert_eq!(header("team = \n"), None);
        assert_eq!(header(""), Some(Header::default()));
        assert_eq!(
            header("version = 1.2\n").map(|h| h.version),
            Some(None),
            "a version that is not text is no version"
        );
    }
}
