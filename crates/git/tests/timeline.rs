//! The timeline walk against real temporary repositories: what the cache
//! spares (told by [`WalkStats`]), that it never changes what the walk
//! finds, and shallow clones.
//!
//! Repositories are built with the real `git` in a cleared environment
//! (no user or system config, fixed identities, a date per commit), as a
//! user's would be, so that clones and rewrites are git's own.

use std::path::{Path, PathBuf};
use std::process::Command;

use okr_git::{Entry, Repository, TimelineOptions, WalkStats};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const PATH: &str = "okrs/2026-Q4/platform.toml";

/// The platform set with `ci-time` at `ci` and `failed-checkouts` at 3.6.
fn set(ci: &str) -> String {
    format!(
        r#"format = 1
team = "platform"
period = "2026-Q4"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
baseline = 4.0
target = 2.8
current = 3.6

[[objectives]]
id = "paved-road"
title = "A paved road"

[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
baseline = 14
target = 6
current = {ci}
"#
    )
}

/// A repository in a temporary folder, built with the real git.
struct Fixture {
    dir: tempfile::TempDir,
    /// Commits made so far, for distinct dates.
    commits: usize,
}

impl Fixture {
    /// An empty repository on branch `main`.
    fn new() -> Result<Fixture> {
        let fixture = Fixture {
            dir: tempfile::tempdir()?,
            commits: 0,
        };
        fixture.git(&["init", "-q", "-b", "main"])?;
        Ok(fixture)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn open(&self) -> Result<Repository> {
        Ok(Repository::open(self.path())?)
    }

    /// Runs git in the repository; an error unless it succeeds.
    fn git(&self, args: &[&str]) -> Result<String> {
        git_in(self.path(), args, "2026-10-01T09:00:00Z")
    }

    /// Writes `text` at `path` and commits everything, a day after the
    /// commit before.
    fn commit(&mut self, path: &str, text: &str, message: &str) -> Result<String> {
        let file = self.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(file, text)?;
        self.commits += 1;
        let date = format!("2026-10-{:02}T09:00:00Z", self.commits);
        git_in(self.path(), &["add", "-A"], &date)?;
        git_in(self.path(), &["commit", "-q", "-m", message], &date)?;
        Ok(self.git(&["rev-parse", "HEAD"])?.trim().to_owned())
    }

    /// Checks `ci-time` in at `value`.
    fn check_in(&mut self, value: &str) -> Result<String> {
        self.commit(PATH, &set(value), &format!("CI time at {value}"))
    }

    /// A commit that touches no OKR file.
    fn other(&mut self, note: &str) -> Result<String> {
        self.commit("NOTES.md", note, "Notes")
    }
}

/// Runs git in `dir` in a cleared environment, with commit dates `date`.
fn git_in(dir: &Path, args: &[&str], date: &str) -> Result<String> {
    let output = Command::new("git")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("LANG", "C")
        .env("TZ", "UTC")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args(args)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// An entry as `commit-prefix ref old→new`.
fn line(entry: &Entry) -> String {
    let value = |state: Option<&okr_model::snapshot::KrState>| {
        state
            .and_then(|s| s.current)
            .map_or_else(|| "none".to_owned(), |v| v.to_string())
    };
    format!(
        "{} {} {}→{}",
        entry.commit.id.get(..7).unwrap_or("?"),
        entry.reference(),
        value(entry.change.before.as_ref()),
        value(Some(&entry.change.after))
    )
}

/// The whole timeline from `start`, and what the walk cost.
fn walk(repo: &Repository, start: &str, cache: bool) -> Result<(Vec<String>, WalkStats)> {
    let start = repo.revision(start)?;
    let mut lines = Vec::new();
    let stats = repo.timeline(
        &start,
        "okrs",
        &TimelineOptions { cache },
        |entry| -> std::result::Result<bool, okr_git::Error> {
            lines.push(line(&entry));
            Ok(true)
        },
    )?;
    Ok((lines, stats))
}

/// The cache files.
fn cache_files(fixture: &Fixture) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(fixture.path().join(".git/okr")) else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("timeline"))
        })
        .collect()
}

/// A history of ten commits: the set, then check-ins and other commits.
/// Returns the fixture and how many commits changed OKR files.
fn history() -> Result<(Fixture, usize)> {
    let mut fixture = Fixture::new()?;
    fixture.check_in("14")?;
    fixture.other("one")?;
    fixture.check_in("13")?;
    fixture.check_in("12.5")?;
    fixture.other("two")?;
    fixture.other("three")?;
    fixture.check_in("12")?;
    fixture.other("four")?;
    fixture.check_in("11")?;
    fixture.check_in("10.5")?;
    Ok((fixture, 6))
}

#[test]
fn a_second_walk_replays_the_cache_and_reads_only_new_commits() -> Result {
    let (mut fixture, changed) = history()?;
    let repo = fixture.open()?;
    let (uncached, stats) = walk(&repo, "HEAD", false)?;
    assert_eq!(
        stats,
        WalkStats {
            walked: 10,
            changed,
            cached: 0
        }
    );
    assert!(cache_files(&fixture).is_empty(), "no cache without asking");
    assert_eq!(uncached.len(), 7, "{uncached:#?}");

    let (first, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!(first, uncached);
    assert_eq!((stats.walked, stats.cached), (10, 0));
    assert!(!cache_files(&fixture).is_empty());

    let (second, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!(second, uncached);
    assert_eq!(
        stats,
        WalkStats {
            walked: 0,
            changed: 0,
            cached: 10
        }
    );

    fixture.check_in("10")?;
    let (third, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!(
        stats,
        WalkStats {
            walked: 1,
            changed: 1,
            cached: 10
        }
    );
    assert_eq!(third.get(1..), Some(&uncached[..]));
    assert_eq!(third, walk(&repo, "HEAD", false)?.0);

    // Commits that touch no OKR file are remembered too.
    fixture.other("five")?;
    fixture.other("six")?;
    let (_, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!((stats.walked, stats.changed, stats.cached), (2, 0, 11));
    let (_, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!((stats.walked, stats.cached), (0, 13));
    Ok(())
}

#[test]
fn an_older_start_the_cache_holds_walks_nothing() -> Result {
    let (fixture, _) = history()?;
    let repo = fixture.open()?;
    walk(&repo, "HEAD", true)?;
    for (start, below) in [("HEAD~3", 7), ("HEAD~9", 1)] {
        let (cached, stats) = walk(&repo, start, true)?;
        assert_eq!(
            stats,
            WalkStats {
                walked: 0,
                changed: 0,
                cached: below
            },
            "{start}"
        );
        assert_eq!(cached, walk(&repo, start, false)?.0, "{start}");
    }
    // And the cache still serves the tip whole.
    assert_eq!(walk(&repo, "HEAD", true)?.1.cached, 10);
    Ok(())
}

#[test]
fn a_rewritten_tip_walks_back_to_where_it_forked() -> Result {
    let (mut fixture, _) = history()?;
    let repo = fixture.open()?;
    walk(&repo, "HEAD", true)?;

    // Two commits dropped, three new ones made on what is left.
    fixture.git(&["reset", "-q", "--hard", "HEAD~2"])?;
    fixture.check_in("11.5")?;
    fixture.other("rewritten")?;
    fixture.check_in("9")?;
    let (rewritten, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!(
        stats,
        WalkStats {
            walked: 3,
            changed: 2,
            cached: 8
        }
    );
    assert_eq!(rewritten, walk(&repo, "HEAD", false)?.0);
    assert!(
        rewritten[0].ends_with("platform/paved-road/ci-time 11.5→9"),
        "{rewritten:#?}"
    );
    assert!(
        rewritten[1].ends_with("platform/paved-road/ci-time 12→11.5"),
        "{rewritten:#?}"
    );

    // An amended tip: one commit walked.
    let text = set("8.5");
    std::fs::write(fixture.path().join(PATH), text)?;
    fixture.git(&["commit", "-q", "-a", "--amend", "-m", "CI time at 8.5"])?;
    let (amended, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!((stats.walked, stats.cached), (1, 10));
    assert!(amended[0].ends_with("11.5→8.5"), "{amended:#?}");
    assert_eq!(amended, walk(&repo, "HEAD", false)?.0);
    Ok(())
}

#[test]
fn a_caller_that_stops_early_stops_the_walk() -> Result {
    let (fixture, _) = history()?;
    let repo = fixture.open()?;
    let start = repo.revision("HEAD")?;
    let mut seen = 0;
    let stats = repo.timeline(
        &start,
        "okrs",
        &TimelineOptions { cache: true },
        |_| -> std::result::Result<bool, okr_git::Error> {
            seen += 1;
            Ok(seen < 2)
        },
    )?;
    assert_eq!(seen, 2);
    assert!(stats.walked < 10, "{stats:?}");
    // What a stopped walk kept (if anything) does not spoil a whole one.
    assert_eq!(walk(&repo, "HEAD", true)?.0, walk(&repo, "HEAD", false)?.0);
    Ok(())
}

/// A history of eight commits (six check-ins) cloned with depth 5: the
/// clone's oldest commit touches no OKR file.
fn shallow() -> Result<(Fixture, tempfile::TempDir)> {
    let mut fixture = Fixture::new()?;
    fixture.check_in("14")?;
    fixture.check_in("13")?;
    fixture.check_in("12.5")?;
    fixture.other("edge")?;
    fixture.check_in("12")?;
    fixture.check_in("11")?;
    fixture.other("notes")?;
    fixture.check_in("10.5")?;
    let clone = tempfile::tempdir()?;
    let url = format!("file://{}", fixture.path().display());
    git_in(
        clone.path(),
        &["clone", "-q", "--depth", "5", &url, "."],
        "2026-10-01T09:00:00Z",
    )?;
    Ok((fixture, clone))
}

#[test]
fn a_shallow_clone_walks_to_its_edge_without_error() -> Result {
    let (fixture, clone) = shallow()?;
    let full = walk(&fixture.open()?, "HEAD", false)?.0;
    let repo = Repository::open(clone.path())?;
    let (lines, stats) = walk(&repo, "HEAD", false)?;
    assert_eq!(stats.walked, 5, "{stats:?}");
    assert_eq!(stats.cached, 0);
    // The three check-ins above the edge are the full history's.
    assert_eq!(lines.get(..3), full.get(..3), "{lines:#?}");
    // A shallow history is not cached: a deepening fetch would put more
    // behind the same commits. Twice with the cache on: the same, walked.
    let (cached, _) = walk(&repo, "HEAD", true)?;
    assert_eq!(cached, lines);
    let (cached, stats) = walk(&repo, "HEAD", true)?;
    assert_eq!(cached, lines);
    assert_eq!((stats.walked, stats.cached), (5, 0));
    Ok(())
}

#[test]
fn a_shallow_edge_is_no_check_in_and_deepening_corrects_the_cache() -> Result {
    let (fixture, clone) = shallow()?;
    let full = walk(&fixture.open()?, "HEAD", false)?.0;
    let repo = Repository::open(clone.path())?;
    let edge = git_in(
        clone.path(),
        &["rev-parse", "HEAD~4"],
        "2026-10-01T09:00:00Z",
    )?;
    let (lines, _) = walk(&repo, "HEAD", true)?;
    // The edge commit changed no value: its parent is only unknown.
    assert!(
        lines.iter().all(|l| !edge.starts_with(&l[..7])),
        "entries at the edge {}: {lines:#?}",
        &edge[..7]
    );
    assert_eq!(lines, full.get(..3).unwrap_or_default());

    git_in(
        clone.path(),
        &["fetch", "-q", "--unshallow"],
        "2026-10-01T09:00:00Z",
    )?;
    let repo = Repository::open(clone.path())?;
    assert_eq!(walk(&repo, "HEAD", false)?.0, full);
    assert_eq!(
        walk(&repo, "HEAD", true)?.0,
        full,
        "the cache after deepening"
    );
    Ok(())
}
