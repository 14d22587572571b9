//! Replacing a file whole: written to a temporary file beside it, then
//! renamed over it, so that a reader (or a crash) sees the old file or the
//! new one, never half of one.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;

/// Whether the new content must survive a power cut once the call returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    /// Flush the file and its folder to disk (a user's file).
    Synced,
    /// Leave flushing to the system (a cache that can be rebuilt).
    Cached,
}

/// Replaces `path` with `bytes`, creating its folder, keeping the old
/// file's permissions.
pub(crate) fn replace(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.okr-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        if let Ok(metadata) = std::fs::metadata(path) {
            file.set_permissions(metadata.permissions())?;
        }
        if durability == Durability::Synced {
            file.sync_all()?;
        }
        std::fs::rename(&temporary, path)?;
        // The rename itself is durable once the folder is flushed.
        if durability == Durability::Synced
            && let Ok(folder) = File::open(dir)
        {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a/b.toml");
        replace(&path, b"one", Durability::Cached)?;
        replace(&path, b"two", Durability::Synced)?;
        assert_eq!(std::fs::read(&path)?, b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names, ["b.toml"]);
        Ok(())
    }
}
