//! Installing git-okr's hooks: the shims of the project's `hooks/` folder,
//! written where git runs hooks (`core.hooksPath`, or the common git
//! folder's `hooks/`, as `git rev-parse --git-path hooks` finds it), never
//! over a hook that is not git-okr's: such a hook is refused, or with
//! `force` kept beside ours and run after it, and `uninstall` puts it back.

use std::path::{Path, PathBuf};

use crate::commit::is_executable;
use crate::{Error, Repository};

/// The hooks git-okr ships, by name, with the text of each shim.
pub const HOOKS: [(&str, &str); 3] = [
    ("pre-commit", include_str!("../../../hooks/pre-commit")),
    ("commit-msg", include_str!("../../../hooks/commit-msg")),
    ("pre-push", include_str!("../../../hooks/pre-push")),
];

/// The line that marks a hook as git-okr's, whatever its version.
pub const MARKER: &str = "# git-okr-hook:";

/// What a hook that was there before ours is renamed to: `pre-commit`
/// becomes `pre-commit.git-okr-chained`, which git never runs by itself and
/// our shim runs after its own work.
pub const CHAINED_SUFFIX: &str = ".git-okr-chained";

/// What is at a hook's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookState {
    /// Nothing.
    Missing,
    /// git-okr's shim.
    Ours {
        /// Whether it is this version's shim, byte for byte.
        current: bool,
        /// Whether it has the run bit (git ignores a hook without it).
        executable: bool,
        /// Whether a hook that was there before is kept, to run after ours.
        chained: bool,
    },
    /// Someone else's hook.
    Foreign {
        /// The hook manager that wrote it, when it says so: `pre-commit`,
        /// `husky`, `lefthook`.
        manager: Option<&'static str>,
        /// Whether it has the run bit.
        executable: bool,
    },
}

/// One hook's place and what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookStatus {
    /// The hook's name: `pre-commit`.
    pub name: &'static str,
    /// Where git looks for it.
    pub path: PathBuf,
    /// What is there.
    pub state: HookState,
}

/// What `install` or `uninstall` did to one hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookChange {
    /// Ours was written where there was none.
    Installed,
    /// Ours was written, and the hook that was there kept to run after it.
    Chained,
    /// Ours was there and is now this version's, with its run bit.
    Updated,
    /// Ours was there as it should be.
    Unchanged,
    /// Ours was removed.
    Removed,
    /// Ours was removed and the hook it had replaced put back.
    Restored,
    /// Not ours (or nothing): left alone.
    NotOurs,
}

/// The shim of hook `name`, if git-okr ships one.
pub fn shim(name: &str) -> Option<&'static str> {
    HOOKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

impl Repository {
    /// The value of configuration `name` (`core.commentChar`), when set.
    pub fn config_string(&self, name: &str) -> Option<String> {
        self.git.config().ok()?.get_string(name).ok()
    }

    /// Where git runs hooks: `core.hooksPath` (relative to the top of the
    /// working tree) or the common git folder's `hooks/`.
    pub fn hooks_folder(&self) -> Result<PathBuf, Error> {
        self.hooks_dir(self.top()?)
    }

    /// What is at the place of each hook of `names` (every hook git-okr
    /// ships when empty). [`Error::UnknownHook`] for a name it does not
    /// ship.
    pub fn hook_status(&self, names: &[String]) -> Result<Vec<HookStatus>, Error> {
        let folder = self.hooks_folder()?;
        selected(names)?
            .into_iter()
            .map(|name| status_at(&folder, name))
            .collect()
    }

    /// Installs the hooks of `names` (all when empty). A hook that is not
    /// ours is refused with [`Error::ForeignHook`] before anything is
    /// written, unless `force`: then it is kept as
    /// `NAME.git-okr-chained`, which our shim runs after its own work.
    pub fn install_hooks(
        &self,
        names: &[String],
        force: bool,
    ) -> Result<Vec<(&'static str, HookChange)>, Error> {
        let statuses = self.hook_status(names)?;
        for status in &statuses {
            if let HookState::Foreign { manager, .. } = status.state {
                let chained = chained_path(&status.path);
                if !force || chained.exists() {
                    return Err(Error::ForeignHook {
                        hook: status.name,
                        path: status.path.clone(),
                        manager,
                        chained: chained.exists().then_some(chained),
                    });
                }
            }
        }
        let folder = self.hooks_folder()?;
        std::fs::create_dir_all(&folder).map_err(|source| Error::Write {
            path: folder.clone(),
            source,
        })?;
        let mut changes = Vec::new();
        for status in statuses {
            let text = shim(status.name).unwrap_or_default();
            let change = match status.state {
                HookState::Missing => {
                    write_hook(&status.path, text)?;
                    HookChange::Installed
                }
                HookState::Ours {
                    current: true,
                    executable: true,
                    ..
                } => HookChange::Unchanged,
                HookState::Ours { .. } => {
                    write_hook(&status.path, text)?;
                    HookChange::Updated
                }
                HookState::Foreign { .. } => {
                    let chained = chained_path(&status.path);
                    rename(&status.path, &chained)?;
                    write_hook(&status.path, text)?;
                    HookChange::Chained
                }
            };
            changes.push((status.name, change));
        }
        Ok(changes)
    }

    /// Removes our hooks of `names` (all when empty) and puts back the
    /// hooks they had replaced, as they were. A hook that is not ours is
    /// left alone.
    pub fn uninstall_hooks(
        &self,
        names: &[String],
    ) -> Result<Vec<(&'static str, HookChange)>, Error> {
        let mut changes = Vec::new();
        for status in self.hook_status(names)? {
            let chained = chained_path(&status.path);
            let change = match status.state {
                HookState::Ours { .. } => {
                    std::fs::remove_file(&status.path).map_err(|source| Error::Write {
                        path: status.path.clone(),
                        source,
                    })?;
                    if chained.exists() {
                        rename(&chained, &status.path)?;
                        HookChange::Restored
                    } else {
                        HookChange::Removed
                    }
                }
                // Ours was deleted by hand: the hook it kept goes back.
                HookState::Missing if chained.exists() => {
                    rename(&chained, &status.path)?;
                    HookChange::Restored
                }
                HookState::Missing | HookState::Foreign { .. } => HookChange::NotOurs,
            };
            changes.push((status.name, change));
        }
        Ok(changes)
    }
}

/// The hooks `names` names, or all; an unknown name is an error.
fn selected(names: &[String]) -> Result<Vec<&'static str>, Error> {
    if names.is_empty() {
        return Ok(HOOKS.iter().map(|(name, _)| *name).collect());
    }
    names
        .iter()
        .map(|name| {
            HOOKS
                .iter()
                .find(|(n, _)| n == name)
                .map(|(n, _)| *n)
                .ok_or_else(|| Error::UnknownHook { name: name.clone() })
        })
        .collect()
}

fn status_at(folder: &Path, name: &'static str) -> Result<HookStatus, Error> {
    let path = folder.join(name);
    let state = match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HookState::Missing,
        Err(source) => return Err(Error::Read { path, source }),
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let executable = is_executable(&path);
            if text.lines().any(|line| line.starts_with(MARKER)) {
                HookState::Ours {
                    current: shim(name).is_some_and(|shim| shim.as_bytes() == bytes),
                    executable,
                    chained: chained_path(&path).exists(),
                }
            } else {
                HookState::Foreign {
                    manager: manager(&text),
                    executable,
                }
            }
        }
    };
    Ok(HookStatus { name, path, state })
}

/// The hook manager a hook's text says wrote it.
fn manager(text: &str) -> Option<&'static str> {
    if text.contains("File generated by pre-commit") {
        Some("pre-commit")
    } else if text.contains("lefthook") {
        Some("lefthook")
    } else if text.contains("husky") || text.contains("/h\"") {
        // husky 9's hooks are one line: `. "$(dirname "$0")/h"`.
        Some("husky")
    } else {
        None
    }
}

fn chained_path(hook: &Path) -> PathBuf {
    let mut name = hook.as_os_str().to_owned();
    name.push(CHAINED_SUFFIX);
    PathBuf::from(name)
}

fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to).map_err(|source| Error::Write {
        path: to.to_path_buf(),
        source,
    })
}

/// Writes the shim at `path` with its run bit, whole or not at all.
fn write_hook(path: &Path, text: &str) -> Result<(), Error> {
    let error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".git-okr-new");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(error)?;
    set_executable(&temporary).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}

#[cfg(unix)]
fn set_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shim_is_ours_posix_and_lf() {
        for (name, text) in HOOKS {
            assert!(text.starts_with("#!/bin/sh\n"), "{name}");
            assert!(!text.contains('\r'), "{name} has CR");
            assert!(text.lines().any(|l| l.starts_with(MARKER)), "{name}");
            assert!(text.contains(&format!("hook={name}\n")), "{name}");
        }
        assert_eq!(shim("pre-push"), Some(HOOKS[2].1));
        assert_eq!(shim("post-commit"), None);
    }

    #[test]
    fn managers_are_named() {
        assert_eq!(
            manager(
                "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n"
            ),
            Some("pre-commit")
        );
        assert_eq!(
            manager("#!/bin/sh\n. \"$(dirname \"$0\")/_/husky.sh\"\n"),
            Some("husky")
        );
        assert_eq!(manager("#!/bin/sh\nexit 0\n"), None);
    }
}
