//! The sides of a comparison: [`Side`].

use crate::Revision;

/// One side of a comparison: where a set of OKR files is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// The tree of a commit.
    Revision(Revision),
    /// The index (what `git commit` would commit now).
    Index,
    /// The files on disk.
    WorkTree,
    /// Nothing: the side before the first commit.
    Empty,
}

impl Side {
    /// How the side is named to users: the spec as typed (`HEAD~1`,
    /// `origin/main`), `index`, `working tree`, `empty`.
    pub fn label(&self) -> String {
        match self {
            Side::Revision(revision) => revision.spec.clone(),
            Side::Index => "index".to_owned(),
            Side::WorkTree => "working tree".to_owned(),
            Side::Empty => "empty".to_owned(),
        }
    }

    /// The path to show for the file at `path` (relative to the top of the
    /// working tree) on this side, in git's notation: `REV:okrs/a.toml` at a
    /// revision (the spec as typed), `:okrs/a.toml` in the index (what
    /// `git show :okrs/a.toml` takes), `okrs/a.toml` in the working tree
    /// (and on the empty side, which has no files).
    pub fn display_path(&self, path: &str) -> String {
        match self {
            Side::Revision(revision) => format!("{}:{path}", revision.spec),
            Side::Index => format!(":{path}"),
            Side::WorkTree | Side::Empty => path.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_paths() {
        let rev = Side::Revision(Revision {
            spec: "HEAD~1".into(),
            id: "0123456789abcdef0123456789abcdef01234567".into(),
        });
        assert_eq!(rev.label(), "HEAD~1");
        assert_eq!(rev.display_path("okrs/a.toml"), "HEAD~1:okrs/a.toml");
        assert_eq!(Side::Index.label(), "index");
        assert_eq!(Side::Index.display_path("okrs/a.toml"), ":okrs/a.toml");
        assert_eq!(Side::WorkTree.label(), "working tree");
        assert_eq!(Side::WorkTree.display_path("okrs/a.toml"), "okrs/a.toml");
        assert_eq!(Side::Empty.label(), "empty");
    }

    #[test]
    fn short_ids() {
        let rev = Revision {
            spec: "main".into(),
            id: "0123456789abcdef0123456789abcdef01234567".into(),
        };
        assert_eq!(rev.short(), "0123456");
        let odd = Revision {
            spec: "x".into(),
            id: "abc".into(),
        };
        assert_eq!(odd.short(), "abc");
    }
}
