//! The read side of okr-git against real temporary repositories: opening,
//! naming revisions, merge bases, and loading OKR files from a revision, the
//! index and the working tree.
//!
//! Repositories are built with git2 in a temporary folder, with a fixed
//! signature and an explicit initial branch, so nothing depends on the
//! user's git settings.

use std::path::Path;

use git2::{IndexEntry, IndexTime, Oid};
use okr_git::{Error, OkrFile, Repository, Revision, Side};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A repository in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
    git: git2::Repository,
}

impl Fixture {
    /// An empty repository on branch `main`.
    fn new() -> Result<Fixture> {
        let dir = tempfile::tempdir()?;
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let git = git2::Repository::init_opts(dir.path(), &options)?;
        Ok(Fixture { dir, git })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn open(&self) -> Result<Repository> {
        Ok(Repository::open(self.path())?)
    }

    /// Writes `text` to `path` in the working tree.
    fn write(&self, path: &str, text: impl AsRef<[u8]>) -> Result {
        let file = self.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(file, text)?;
        Ok(())
    }

    /// Writes `path` and stages it.
    fn add(&self, path: &str, text: impl AsRef<[u8]>) -> Result {
        self.write(path, text)?;
        let mut index = self.git.index()?;
        index.add_path(Path::new(path))?;
        index.write()?;
        Ok(())
    }

    /// Stages an entry that is not a plain file (or a conflict stage).
    fn add_entry(&self, path: &str, mode: u32, id: Oid, stage: u16) -> Result {
        let mut index = self.git.index()?;
        index.add(&entry(path, mode, id, stage))?;
        index.write()?;
        Ok(())
    }

    /// Commits the index on HEAD's branch.
    fn commit(&self, message: &str) -> Result<Oid> {
        let mut index = self.git.index()?;
        let tree = self.git.find_tree(index.write_tree()?)?;
        let parent = match self.git.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(_) => None,
        };
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let sig = signature()?;
        Ok(self
            .git
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?)
    }
}

fn signature() -> Result<git2::Signature<'static>> {
    Ok(git2::Signature::new(
        "Test",
        "test@example.com",
        &git2::Time::new(1_767_225_600, 0),
    )?)
}

fn entry(path: &str, mode: u32, id: Oid, stage: u16) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: (stage << 12) | path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// A small OKR set of `team` at `version`.
fn set(team: &str, version: &str) -> String {
    format!(
        "format = 1\nteam = \"{team}\"\nperiod = \"2026-Q1\"\nstatus = \"draft\"\nversion = \"{version}\"\n"
    )
}

fn paths(files: &[OkrFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

fn displays(files: &[OkrFile]) -> Vec<&str> {
    files.iter().map(|f| f.parsed.source.path()).collect()
}

fn texts(files: &[OkrFile]) -> Vec<&str> {
    files.iter().map(|f| f.parsed.source.text()).collect()
}

fn revision(repo: &Repository, spec: &str) -> Result<Side> {
    Ok(Side::Revision(repo.revision(spec)?))
}

const PLATFORM: &str = "okrs/2026-Q1/platform.toml";

// Opening

#[test]
fn opens_from_a_subfolder() -> Result {
    let fixture = Fixture::new()?;
    let sub = fixture.path().join("okrs/2026-Q1");
    std::fs::create_dir_all(&sub)?;
    let repo = Repository::open(&sub)?;
    assert_eq!(repo.top()?, fixture.path().canonicalize()?);
    assert_eq!(repo.head()?, None, "a fresh repository has no HEAD commit");
    Ok(())
}

#[test]
fn outside_a_repository_is_not_a_repository() -> Result {
    let dir = tempfile::tempdir()?;
    match Repository::open(dir.path()) {
        Err(Error::NotARepository { path }) => assert_eq!(path, dir.path()),
        other => panic!("expected NotARepository, got {other:?}"),
    }
    Ok(())
}

#[test]
fn opens_a_linked_worktree() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    let first = fixture.commit("first")?;
    let outside = tempfile::tempdir()?;
    let linked = outside.path().join("feature");
    fixture.git.worktree("feature", &linked, None)?;
    std::fs::write(linked.join("okrs/2026-Q1/data.toml"), set("data", "1.0"))?;

    let repo = Repository::open(&linked.join("okrs"))?;
    assert_eq!(repo.top()?, linked.canonicalize()?);
    let head = repo.head()?.ok_or("the linked worktree has a HEAD")?;
    assert_eq!(head.id, first.to_string());
    let files = repo.load(&Side::WorkTree, "okrs")?;
    assert_eq!(
        paths(&files),
        ["okrs/2026-Q1/data.toml", "okrs/2026-Q1/platform.toml"]
    );
    let main = fixture.open()?.load(&Side::WorkTree, "okrs")?;
    assert_eq!(paths(&main), [PLATFORM], "the main worktree is untouched");
    Ok(())
}

#[test]
fn a_bare_repository_has_no_top() -> Result {
    let dir = tempfile::tempdir()?;
    git2::Repository::init_bare(dir.path())?;
    let repo = Repository::open(dir.path())?;
    assert!(matches!(repo.top(), Err(Error::Bare)));
    assert!(matches!(
        repo.load(&Side::WorkTree, "okrs"),
        Err(Error::Bare)
    ));
    assert!(matches!(repo.load(&Side::Index, "okrs"), Err(Error::Bare)));
    assert_eq!(repo.head()?, None);
    assert!(repo.load(&Side::Empty, "okrs")?.is_empty());
    Ok(())
}

// Revisions

/// `main` with two commits (the file at 1.0, then 1.1), an annotated tag
/// `v1.0` and a branch `feature` on the first.
fn two_commits() -> Result<(Fixture, Oid, Oid)> {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    let first = fixture.commit("first")?;
    fixture.add(PLATFORM, set("platform", "1.1"))?;
    let second = fixture.commit("second")?;
    {
        let sig = signature()?;
        let target = fixture.git.find_object(first, None)?;
        fixture
            .git
            .tag("v1.0", &target, &sig, "version 1.0", false)?;
        let commit = fixture.git.find_commit(first)?;
        fixture.git.branch("feature", &commit, false)?;
    }
    Ok((fixture, first, second))
}

#[test]
fn revisions_resolve_like_rev_parse() -> Result {
    let (fixture, first, second) = two_commits()?;
    let repo = fixture.open()?;
    let first = first.to_string();
    let second = second.to_string();
    for (spec, id) in [
        ("main", &second),
        ("HEAD", &second),
        ("HEAD~1", &first),
        ("feature", &first),
        ("v1.0", &first),
        ("refs/tags/v1.0", &first),
        (&first[..10], &first),
    ] {
        let revision = repo.revision(spec)?;
        assert_eq!(
            revision,
            Revision {
                spec: spec.to_owned(),
                id: id.clone()
            },
            "{spec}"
        );
        assert_eq!(revision.short(), &id[..7]);
    }
    assert_eq!(repo.head()?.map(|r| r.id), Some(second));
    Ok(())
}

#[test]
fn an_upstream_resolves() -> Result {
    let (fixture, first, _) = two_commits()?;
    fixture.git.reference(
        "refs/remotes/origin/main",
        first,
        false,
        "a remote-tracking branch",
    )?;
    let mut config = fixture.git.config()?;
    config.set_str("remote.origin.url", "https://example.com/okrs.git")?;
    config.set_str("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")?;
    config.set_str("branch.main.remote", "origin")?;
    config.set_str("branch.main.merge", "refs/heads/main")?;
    let repo = fixture.open()?;
    assert_eq!(repo.revision("origin/main")?.id, first.to_string());
    for spec in ["@{u}", "@{upstream}", "main@{u}", "HEAD@{upstream}"] {
        assert_eq!(repo.revision(spec)?.id, first.to_string(), "{spec}");
    }
    for spec in ["feature@{u}", "feature@{upstream}"] {
        match repo.revision(spec) {
            Err(Error::BadRevision { message, .. }) => assert_eq!(
                message,
                "the branch has no upstream (set one with `git branch --set-upstream-to`)"
            ),
            other => panic!("{spec}: expected BadRevision, got {other:?}"),
        }
    }
    Ok(())
}

#[test]
fn head_in_a_fresh_repository_has_no_commits_yet() -> Result {
    let fixture = Fixture::new()?;
    let repo = fixture.open()?;
    for spec in ["HEAD", "HEAD~1", "@"] {
        match repo.revision(spec) {
            Err(Error::BadRevision { message, .. }) => {
                assert_eq!(message, "the current branch has no commits yet", "{spec}");
            }
            other => panic!("{spec}: expected BadRevision, got {other:?}"),
        }
    }
    Ok(())
}

#[test]
fn bad_revisions_say_why() -> Result {
    let (fixture, _, _) = two_commits()?;
    let repo = fixture.open()?;
    for (spec, because) in [
        ("nope", ""),
        // libgit2 reads `a` as a hash prefix too short to look up.
        ("a", "no branch, tag or commit has that name"),
        ("HEAD~9", "that ancestor does not exist"),
        ("HEAD^2", "that ancestor does not exist"),
        (
            "HEAD:okrs/2026-Q1/platform.toml",
            "it names a blob, not a commit",
        ),
        ("HEAD^{tree}", "it names a tree, not a commit"),
        ("main..feature", ""),
        ("", ""),
        // libgit2 fails here without a message of its own.
        ("@{-1}", "git cannot resolve it"),
    ] {
        let error = match repo.revision(spec) {
            Err(error) => error,
            Ok(found) => panic!("{spec}: expected BadRevision, got {found:?}"),
        };
        let shown = error.to_string();
        let Error::BadRevision {
            spec: named,
            message,
        } = error
        else {
            panic!("{spec}: expected BadRevision, got {shown}");
        };
        assert_eq!(named, spec);
        assert!(!message.is_empty(), "{spec}: git says why");
        if !because.is_empty() {
            assert_eq!(message, because, "{spec}");
        }
        assert_eq!(
            shown,
            format!("`{spec}` is not a revision of this repository: {message}")
        );
    }
    Ok(())
}

#[test]
fn merge_base_of_two_branches() -> Result {
    let (fixture, first, _) = two_commits()?;
    fixture.git.set_head("refs/heads/feature")?;
    fixture
        .git
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    fixture.add("okrs/2026-Q1/data.toml", set("data", "1.0"))?;
    fixture.commit("on feature")?;
    let repo = fixture.open()?;
    let base = repo.merge_base(&repo.revision("main")?, &repo.revision("feature")?)?;
    assert_eq!(base.id, first.to_string());
    assert!(first.to_string().starts_with(&base.spec), "{}", base.spec);
    assert_eq!(repo.revision(&base.spec)?.id, base.id, "the spec names it");
    Ok(())
}

#[test]
fn unrelated_histories_have_no_merge_base() -> Result {
    let (fixture, _, _) = two_commits()?;
    let sig = signature()?;
    let tree = fixture
        .git
        .find_tree(fixture.git.treebuilder(None)?.write()?)?;
    fixture
        .git
        .commit(Some("refs/heads/orphan"), &sig, &sig, "orphan", &tree, &[])?;
    let repo = fixture.open()?;
    match repo.merge_base(&repo.revision("main")?, &repo.revision("orphan")?) {
        Err(Error::NoMergeBase { a, b }) => {
            assert_eq!((a.as_str(), b.as_str()), ("main", "orphan"))
        }
        other => panic!("expected NoMergeBase, got {other:?}"),
    }
    Ok(())
}

// Loading at a revision

#[test]
fn load_at_a_revision_reads_that_revision() -> Result {
    let fixture = Fixture::new()?;
    fixture.add("README.md", "# plans\n")?;
    fixture.commit("no okrs yet")?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    fixture.commit("first")?;
    fixture.add(PLATFORM, set("platform", "1.1"))?;
    fixture.add("okrs/2026-Q1/data.toml", set("data", "1.0"))?;
    fixture.commit("second")?;
    let repo = fixture.open()?;

    let old = repo.load(&revision(&repo, "HEAD~1")?, "okrs")?;
    assert_eq!(paths(&old), [PLATFORM]);
    assert_eq!(displays(&old), ["HEAD~1:okrs/2026-Q1/platform.toml"]);
    assert_eq!(texts(&old), [set("platform", "1.0")]);
    assert_eq!(
        old[0].parsed.set.as_ref().map(|s| s.team.as_str()),
        Some("platform")
    );

    let new = repo.load(&revision(&repo, "main")?, "okrs")?;
    assert_eq!(
        displays(&new),
        [
            "main:okrs/2026-Q1/data.toml",
            "main:okrs/2026-Q1/platform.toml"
        ]
    );
    assert_eq!(new[1].parsed.source.text(), set("platform", "1.1"));

    assert!(repo.load(&revision(&repo, "HEAD~2")?, "okrs")?.is_empty());
    assert!(
        repo.load(&revision(&repo, "main")?, "planning/okrs")?
            .is_empty()
    );
    assert!(
        repo.load(&revision(&repo, "main")?, "README.md")?
            .is_empty()
    );
    assert!(repo.load(&Side::Empty, "okrs")?.is_empty());
    Ok(())
}

#[test]
fn load_skips_what_is_not_an_okr_file() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    let first = fixture.commit("first")?;
    fixture.add("okrs/okr.toml", "root = \"okrs\"\n")?;
    fixture.add("okr.toml", "root = \"okrs\"\n")?;
    fixture.add("okrs/notes.md", "notes\n")?;
    fixture.add("okrs/.archive/old.toml", set("old", "1.0"))?;
    fixture.add("okrs/2026-Q1/.draft.toml", set("draft", "1.0"))?;
    fixture.add("okrs/b.toml", set("b", "1.0"))?;
    fixture.add("top.toml", set("top", "1.0"))?;
    let target = fixture.git.blob(b"2026-Q1/platform.toml")?;
    fixture.add_entry("okrs/link.toml", 0o120_000, target, 0)?;
    fixture.add_entry("okrs/vendor.toml", 0o160_000, first, 0)?;
    fixture.commit("everything")?;
    let repo = fixture.open()?;

    let expected = [
        "okrs/2026-Q1/.draft.toml",
        "okrs/2026-Q1/platform.toml",
        "okrs/b.toml",
    ];
    for side in [revision(&repo, "HEAD")?, Side::Index] {
        let files = repo.load(&side, "okrs")?;
        assert_eq!(paths(&files), expected, "{}", side.label());
        let files = repo.load(&side, "./okrs/")?;
        assert_eq!(paths(&files), expected, "{}", side.label());
        let everything = repo.load(&side, ".")?;
        assert_eq!(
            paths(&everything),
            [
                "okrs/2026-Q1/.draft.toml",
                "okrs/2026-Q1/platform.toml",
                "okrs/b.toml",
                "top.toml"
            ],
            "{}",
            side.label()
        );
    }
    assert!(matches!(
        repo.load(&Side::Index, "../okrs"),
        Err(Error::BadRoot { .. })
    ));
    Ok(())
}

#[test]
fn an_oversized_blob_is_too_large() -> Result {
    let fixture = Fixture::new()?;
    let big = vec![b'#'; okr_model::MAX_FILE_SIZE + 1];
    fixture.add("okrs/big.toml", &big)?;
    fixture.commit("big")?;
    let repo = fixture.open()?;
    for side in [revision(&repo, "HEAD")?, Side::Index, Side::WorkTree] {
        let files = repo.load(&side, "okrs")?;
        let [file] = files.as_slice() else {
            panic!("one file expected on {}", side.label());
        };
        let codes: Vec<&str> = file.parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [okr_model::codes::FILE_TOO_LARGE]);
        assert_eq!(
            file.parsed.diagnostics[0].file,
            side.display_path("okrs/big.toml")
        );
    }
    Ok(())
}

#[test]
fn a_broken_file_keeps_its_diagnostics_at_the_revision() -> Result {
    let fixture = Fixture::new()?;
    fixture.add("okrs/bad.toml", "format = 1\nteam = \n")?;
    fixture.commit("broken")?;
    fixture.add("okrs/bad.toml", set("bad", "1.0"))?;
    fixture.commit("fixed")?;
    let repo = fixture.open()?;
    let files = repo.load(&revision(&repo, "HEAD~1")?, "okrs")?;
    let [file] = files.as_slice() else {
        panic!("one file expected");
    };
    assert!(file.parsed.has_errors());
    let first = &file.parsed.diagnostics[0];
    assert_eq!(first.code, okr_model::codes::SYNTAX);
    assert_eq!(first.file, "HEAD~1:okrs/bad.toml");
    assert_eq!(first.line, 2);
    let fixed = repo.load(&revision(&repo, "HEAD")?, "okrs")?;
    assert!(
        !fixed[0]
            .parsed
            .diagnostics
            .iter()
            .any(|d| d.code == "syntax")
    );
    Ok(())
}

// The index and the working tree

#[test]
fn the_index_the_work_tree_and_head_differ() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    fixture.commit("first")?;
    fixture.add(PLATFORM, set("platform", "1.1"))?;
    fixture.write(PLATFORM, set("platform", "1.2"))?;
    let repo = fixture.open()?;

    let head = repo.load(&revision(&repo, "HEAD")?, "okrs")?;
    let index = repo.load(&Side::Index, "okrs")?;
    let work = repo.load(&Side::WorkTree, "okrs")?;
    assert_eq!(texts(&head), [set("platform", "1.0")]);
    assert_eq!(texts(&index), [set("platform", "1.1")]);
    assert_eq!(texts(&work), [set("platform", "1.2")]);
    assert_eq!(displays(&index), [":okrs/2026-Q1/platform.toml"]);
    assert_eq!(displays(&work), ["okrs/2026-Q1/platform.toml"]);
    assert_eq!(paths(&head), paths(&index));
    assert_eq!(paths(&index), paths(&work));
    Ok(())
}

#[test]
fn an_intent_to_add_entry_is_not_in_the_index() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    fixture.write("okrs/2026-Q1/data.toml", set("data", "1.0"))?;
    let empty = fixture.git.blob(b"")?;
    let mut later = entry("okrs/2026-Q1/data.toml", 0o100_644, empty, 0);
    later.flags |= git2::IndexEntryFlag::EXTENDED.bits();
    later.flags_extended = git2::IndexEntryExtendedFlag::INTENT_TO_ADD.bits();
    let mut index = fixture.git.index()?;
    index.add(&later)?;
    index.write()?;
    let repo = fixture.open()?;
    assert_eq!(paths(&repo.load(&Side::Index, "okrs")?), [PLATFORM]);
    assert_eq!(
        paths(&repo.load(&Side::WorkTree, "okrs")?),
        ["okrs/2026-Q1/data.toml", PLATFORM]
    );
    Ok(())
}

#[test]
fn an_unmerged_file_stops_the_index() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    fixture.add("docs/guide.md", "guide\n")?;
    fixture.commit("first")?;
    let mut index = fixture.git.index()?;
    index.remove_path(Path::new(PLATFORM))?;
    index.write()?;
    for (stage, version) in [(1, "1.0"), (2, "1.1"), (3, "2.0")] {
        let blob = fixture.git.blob(set("platform", version).as_bytes())?;
        fixture.add_entry(PLATFORM, 0o100_644, blob, stage)?;
    }
    let repo = fixture.open()?;
    match repo.load(&Side::Index, "okrs") {
        Err(error @ Error::Unmerged { .. }) => {
            assert_eq!(
                error.to_string(),
                "`okrs/2026-Q1/platform.toml` has unresolved merge conflicts: resolve them, then `git add` it"
            );
        }
        other => panic!("expected Unmerged, got {other:?}"),
    }
    assert!(repo.load(&Side::Index, "docs")?.is_empty());
    assert_eq!(paths(&repo.load(&Side::WorkTree, "okrs")?), [PLATFORM]);
    Ok(())
}

#[test]
fn the_work_tree_has_untracked_files_but_not_ignored_ones() -> Result {
    let fixture = Fixture::new()?;
    fixture.add(".gitignore", "okrs/scratch.toml\nokrs/tmp/\n*.bak.toml\n")?;
    fixture.add(PLATFORM, set("platform", "1.0"))?;
    fixture.commit("first")?;
    fixture.write("okrs/2026-Q2/platform.toml", set("platform", "1.0"))?;
    fixture.write("okrs/scratch.toml", set("scratch", "1.0"))?;
    fixture.write("okrs/tmp/a.toml", set("tmp", "1.0"))?;
    fixture.write("okrs/old.bak.toml", set("old", "1.0"))?;
    fixture.write("okrs/.hidden/a.toml", set("hidden", "1.0"))?;
    fixture.write("okrs/okr.toml", "root = \"okrs\"\n")?;
    fixture.write("okrs/notes.md", "notes\n")?;
    // Ignored, but tracked: git shows it, so do we.
    fixture.write("okrs/kept.bak.toml", set("kept", "1.0"))?;
    let mut index = fixture.git.index()?;
    index.add_path(Path::new("okrs/kept.bak.toml"))?;
    index.write()?;
    // Another repository inside: not part of this one.
    let nested = git2::Repository::init(fixture.path().join("okrs/vendor"))?;
    drop(nested);
    fixture.write("okrs/vendor/a.toml", set("vendor", "1.0"))?;
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            fixture.path().join(PLATFORM),
            fixture.path().join("okrs/link.toml"),
        )?;
        std::os::unix::fs::symlink(
            fixture.path().join("okrs/2026-Q1"),
            fixture.path().join("okrs/linked-folder"),
        )?;
    }
    let repo = fixture.open()?;
    let files = repo.load(&Side::WorkTree, "okrs")?;
    assert_eq!(
        paths(&files),
        [
            "okrs/2026-Q1/platform.toml",
            "okrs/2026-Q2/platform.toml",
            "okrs/kept.bak.toml"
        ]
    );
    assert!(repo.load(&Side::WorkTree, "okrs/tmp")?.is_empty());
    assert!(repo.load(&Side::WorkTree, "planning")?.is_empty());
    assert!(repo.load(&Side::WorkTree, "okrs/notes.md")?.is_empty());
    #[cfg(unix)]
    assert!(repo.load(&Side::WorkTree, "okrs/linked-folder")?.is_empty());
    // A named pipe would block a reader forever: it is never opened.
    #[cfg(unix)]
    {
        let pipe = fixture.path().join("okrs/pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if made.is_ok_and(|status| status.success()) {
            let files = repo.load(&Side::WorkTree, "okrs")?;
            assert!(!paths(&files).contains(&"okrs/pipe.toml"));
        }
    }
    let everything = repo.load(&Side::WorkTree, "")?;
    assert_eq!(paths(&everything), paths(&files));
    Ok(())
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_read_error() -> Result {
    use std::os::unix::fs::PermissionsExt as _;
    let fixture = Fixture::new()?;
    fixture.write(PLATFORM, set("platform", "1.0"))?;
    let file = fixture.path().join(PLATFORM);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000))?;
    if std::fs::read(&file).is_ok() {
        // Running as root: permissions do not stop a read, nothing to test.
        return Ok(());
    }
    match fixture.open()?.load(&Side::WorkTree, "okrs") {
        Err(Error::Read { path, .. }) => assert_eq!(path, Path::new(PLATFORM)),
        other => panic!("expected Read, got {other:?}"),
    }
    Ok(())
}
