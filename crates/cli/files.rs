//! Finding the OKR files a command works on: the repository, `okr.toml`,
//! the OKR root, and the `*.toml` files below the paths the user named.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use okr_git::{CommitInfo, OkrFile, Repository, Revision, TimelineOptions};
use okr_model::config::{self, Config};
use okr_model::{Index, KeyResult, Kind, OkrSet, ParsedFile, ResolveError, SourceFile};

use crate::error::CommandError;

/// The set `reference` (a team, or `period:team`) names among `files`,
/// with its file. When it names none and some files do not parse, those
/// files are the error: the set may be in one of them.
pub fn resolve_set<'f>(
    files: &'f [OkrFile],
    reference: &str,
) -> Result<(&'f OkrFile, &'f OkrSet), CommandError> {
    let sets: Vec<(&OkrFile, &OkrSet)> = files
        .iter()
        .filter_map(|f| f.parsed.set.as_ref().map(|s| (f, s)))
        .collect();
    let index = index(sets.iter().map(|(_, s)| *s).collect());
    match index.resolve(reference, &[Kind::Set], None) {
        Ok(target) => sets
            .get(target.set())
            .copied()
            .ok_or_else(|| CommandError::Usage {
                message: format!("`{reference}` matches nothing"),
                hint: None,
            }),
        Err(ResolveError::NotFound { .. }) if files.iter().any(|f| f.parsed.set.is_none()) => {
            Err(CommandError::Invalid {
                files: files
                    .iter()
                    .filter(|f| f.parsed.set.is_none())
                    .map(|f| f.parsed.clone())
                    .collect(),
                reason: "does not parse, and no file that does holds that set: fix it first",
            })
        }
        Err(source) => Err(CommandError::Resolve { source }),
    }
}

/// Today, as commands judge it: `OKR_TODAY` (`YYYY-MM-DD`, for scripts and
/// tests that replay a period) when set and valid, else the local date.
pub fn today() -> chrono::NaiveDate {
    std::env::var("OKR_TODAY")
        .ok()
        .and_then(|day| chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// An index over `sets` that resolves a reference without a period to the
/// open sets of today's period first, then the open sets, then all.
pub fn index(sets: Vec<&OkrSet>) -> Index<'_> {
    Index::new(sets).today(today())
}

/// The newest check-in commit of each key result, by period, team and id.
pub type LastCheckIns = HashMap<(Arc<str>, Arc<str>, Arc<str>), Arc<CommitInfo>>;

/// The newest check-in of every key result in the first-parent history of
/// `tip` (none without a tip), from the timeline cache.
pub fn last_check_ins(
    repo: &Repository,
    tip: Option<&Revision>,
    root: &str,
) -> Result<LastCheckIns, CommandError> {
    let mut last = LastCheckIns::new();
    if let Some(tip) = tip {
        let options = TimelineOptions { cache: true };
        repo.timeline(tip, root, &options, |entry| -> Result<bool, CommandError> {
            last.entry((
                entry.period.clone(),
                entry.team.clone(),
                entry.change.id.clone(),
            ))
            .or_insert_with(|| entry.commit.clone());
            Ok(true)
        })?;
    }
    Ok(last)
}

/// The last check-in of `kr` of `set` in `last`; for a key result measured
/// by others (filled in by [`roll_up`]), the newest of its sources'.
pub fn last_check_in<'l>(
    last: &'l LastCheckIns,
    set: &OkrSet,
    kr: &KeyResult,
) -> Option<&'l CommitInfo> {
    let (period, team, id) = match &kr.derived {
        Some(derived) => {
            let newest = derived.newest.as_ref()?;
            (
                newest.period.as_str(),
                newest.team.as_str(),
                newest.id.as_str(),
            )
        }
        None => (set.period.label.as_str(), set.team.as_str(), kr.id.as_str()),
    };
    last.get(&(Arc::from(period), Arc::from(team), Arc::from(id)))
        .map(|commit| &**commit)
}

/// Writes the derived values of the key results measured by others
/// (`from`) into `sets`, for the read views, dating each source by its
/// last check-in in `last`.
pub fn roll_up<'s>(sets: impl IntoIterator<Item = &'s mut OkrSet>, last: &LastCheckIns) {
    okr_model::rollup::fill(sets.into_iter().collect(), |set, _, kr| {
        last_check_in(last, set, kr).map(|commit| commit.time)
    });
}

/// Whether any key result of `files` is measured by others.
pub fn any_derived<'s>(mut sets: impl Iterator<Item = &'s OkrSet>) -> bool {
    sets.any(|set| set.key_results().any(|(_, kr)| !kr.from.is_empty()))
}

/// Refuses to go on when any of `files` has errors: they are shown with
/// `reason` (what fixing them lets the command do).
pub fn refuse_broken(files: &[OkrFile], reason: &'static str) -> Result<(), CommandError> {
    let broken: Vec<ParsedFile> = files
        .iter()
        .filter(|f| f.parsed.has_errors())
        .map(|f| f.parsed.clone())
        .collect();
    if broken.is_empty() {
        Ok(())
    } else {
        Err(CommandError::Invalid {
            files: broken,
            reason,
        })
    }
}

/// Where a command runs.
#[derive(Debug)]
pub struct Context {
    /// The current folder, canonical.
    pub cwd: PathBuf,
    /// The OKR root, absolute.
    pub root: PathBuf,
    /// The settings from `okr.toml`.
    pub config: Config,
}

impl Context {
    /// Finds the repository around the current folder (its top, or the
    /// current folder outside a repository) and reads its `okr.toml`.
    pub fn discover() -> Result<Context, CommandError> {
        let cwd = std::env::current_dir().map_err(|source| CommandError::Read {
            path: PathBuf::from("."),
            source,
        })?;
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        let workspace = okr_git::discover(&cwd)?;
        let base = workspace.top.unwrap_or_else(|| cwd.clone());
        let config_path = base.join(config::FILE_NAME);
        let config = match std::fs::read(&config_path) {
            Ok(bytes) => {
                let display = relative(&config_path, &cwd);
                let invalid = |file: SourceFile, diagnostics| CommandError::Config {
                    path: PathBuf::from(&display),
                    file: Box::new(file),
                    diagnostics,
                };
                let text = okr_model::parse::decode(&display, &bytes).map_err(|failed| {
                    let (file, diagnostic) = *failed;
                    invalid(file, vec![diagnostic])
                })?;
                Config::parse(&display, text, &okr_lint::rules::ids()).map_err(|diagnostics| {
                    invalid(SourceFile::new(display.clone(), text), diagnostics)
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(source) => {
                return Err(CommandError::Read {
                    path: config_path,
                    source,
                });
            }
        };
        let root = base.join(&config.root);
        Ok(Context { cwd, root, config })
    }

    /// The files named by `paths` (folders: every `*.toml` below them), in
    /// a stable order, each with the path to show. No paths: the OKR root.
    pub fn requested(&self, paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, CommandError> {
        let mut files = Vec::new();
        if paths.is_empty() {
            if !self.root.is_dir() {
                return Err(CommandError::NoRoot {
                    root: PathBuf::from(relative(&self.root, &self.cwd)),
                    exists: self.root.exists(),
                });
            }
            for file in walk(&self.root)? {
                let display = relative(&file, &self.cwd);
                files.push((file, display));
            }
            return Ok(files);
        }
        for path in paths {
            let metadata = std::fs::metadata(path).map_err(|source| {
                if source.kind() == std::io::ErrorKind::NotFound {
                    CommandError::NoSuchPath { path: path.clone() }
                } else {
                    CommandError::Read {
                        path: path.clone(),
                        source,
                    }
                }
            })?;
            if metadata.is_dir() {
                for file in walk(path)? {
                    let display = file.to_string_lossy().into_owned();
                    files.push((file, display));
                }
            } else if metadata.is_file() {
                files.push((path.clone(), path.to_string_lossy().into_owned()));
            } else {
                return Err(CommandError::NotAFile { path: path.clone() });
            }
        }
        Ok(files)
    }

    /// Every `*.toml` file under the OKR root, for resolving references;
    /// empty when there is no root.
    pub fn context_files(&self) -> Result<Vec<(PathBuf, String)>, CommandError> {
        if !self.root.is_dir() {
            return Ok(Vec::new());
        }
        Ok(walk(&self.root)?
            .into_iter()
            .map(|file| {
                let display = relative(&file, &self.cwd);
                (file, display)
            })
            .collect())
    }
}

/// Reads and parses `path`, shown as `display`. Files over the size limit
/// are not read.
pub fn load(path: &Path, display: &str) -> Result<ParsedFile, CommandError> {
    let read_error = |source| CommandError::Read {
        path: PathBuf::from(display),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    if !metadata.is_file() {
        return Err(CommandError::NotAFile {
            path: PathBuf::from(display),
        });
    }
    let size = metadata.len();
    if size > okr_model::MAX_FILE_SIZE as u64 {
        return Ok(okr_model::too_large(display, size));
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    Ok(okr_model::parse_bytes(display, &bytes))
}

/// Every `*.toml` file below `dir` (but `okr.toml`), sorted, skipping hidden
/// folders and special files, and not following links to folders.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, CommandError> {
    let mut found = BTreeSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| CommandError::Read {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| CommandError::Read {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            let name = entry.file_name();
            let hidden = name.to_string_lossy().starts_with('.');
            let kind = entry.file_type().map_err(|source| CommandError::Read {
                path: path.clone(),
                source,
            })?;
            if kind.is_dir() {
                if !hidden {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "toml")
                && name != config::FILE_NAME
                && !is_special(&path, kind)
            {
                found.insert(path);
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// Whether a directory entry is neither a file nor a link: a named pipe, a
/// socket or a device, which reading could block on. A link is kept, so a
/// dangling one is reported when it is read.
fn is_special(path: &Path, kind: std::fs::FileType) -> bool {
    !kind.is_file() && !kind.is_symlink() && std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// `path` relative to `base` (both absolute), with `..` where needed.
fn relative(path: &Path, base: &Path) -> String {
    let path_parts: Vec<Component<'_>> = path.components().collect();
    let base_parts: Vec<Component<'_>> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut result = PathBuf::new();
    for _ in common..base_parts.len() {
        result.push("..");
    }
    for part in &path_parts[common..] {
        result.push(part.as_os_str());
    }
    if result.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        result.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(relative(&p("/r/okrs/a.toml"), &p("/r")), "okrs/a.toml");
        assert_eq!(
            relative(&p("/r/okrs/a.toml"), &p("/r/src/x")),
            "../../okrs/a.toml"
        );
        assert_eq!(relative(&p("/r"), &p("/r")), ".");
    }
}
