//! `git okr report` end to end: the HTML site written from a repository's
//! history, what it refuses, the markdown review and its window, and
//! `git okr status --format markdown`.

use crate::common::{PLATFORM, TestEnv, assert_contains, assert_lacks, git_on, okr_on};

const PATH: &str = "okrs/2026-Q4/platform.toml";

/// A repository with the platform set committed on 2026-10-05 and three
/// check-ins by two people: two of `failed-checkouts` (one before
/// 2026-10-20, one after) and one of `ci-time`.
fn quarter() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-05T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs"],
    );
    let checkin = |date: &str, who: &str, args: &[&str]| {
        let mut all = vec!["checkin"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--author", who]);
        okr_on(&env, date, &all);
    };
    checkin(
        "2026-10-12T10:00:00Z",
        "Ada Lovelace <ada@example.com>",
        &["failed-checkouts", "3.4", "-m", "The retry fix landed."],
    );
    checkin(
        "2026-10-26T10:00:00Z",
        "Grace Hopper <grace@example.com>",
        &[
            "failed-checkouts",
            "3.1",
            "--confidence",
            "0.7",
            "-m",
            "Mobile is instrumented now.",
        ],
    );
    checkin(
        "2026-10-27T10:00:00Z",
        "Ada Lovelace <ada@example.com>",
        &["ci-time", "8", "-m", "Caching the dependencies."],
    );
    env
}

/// The files of the site in `dir`, relative, sorted.
fn site_files(env: &TestEnv, dir: &str) -> Vec<String> {
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).expect("inside");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = env.path().join(dir);
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

#[test]
fn writes_a_site_with_a_chart_per_key_result_and_a_tooltip_per_check_in() {
    let env = quarter();
    let run = env.run(&["report", "--html", "site", "--as-of", "2026-11-01"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "for 1 set into site");
    assert_eq!(
        site_files(&env, "site"),
        [
            ".git-okr-report",
            "alignment.html",
            "index.html",
            "sets/2026-q4/platform.history.html",
            "sets/2026-q4/platform.html",
            "style.css",
        ]
    );
    let index = env.read("site/index.html");
    assert_contains(&index, r#"data-set="2026-Q4:platform""#);
    assert_contains(&index, r#"href="sets/2026-q4/platform.html""#);

    let page = env.read("site/sets/2026-q4/platform.html");
    assert_eq!(page.matches(r#"class="kr-chart""#).count(), 3, "{page}");
    // Each check-in is a point whose tooltip says when, who and why.
    for text in [
        "2026-10-12",
        "Ada Lovelace",
        "The retry fix landed.",
        "Grace Hopper",
        "Mobile is instrumented now.",
        "Caching the dependencies.",
    ] {
        assert_contains(&page, text);
    }
    // A point with a tooltip for each check-in, and for the value each
    // key result started the period with.
    let tooltips = page.matches(r#"<circle class="hit""#).count();
    assert_eq!(tooltips, 3 + 2, "{page}");
    // No page loads anything from elsewhere.
    for file in site_files(&env, "site") {
        let text = env.read(&format!("site/{file}"));
        for remote in ["href=\"http", "src=", "url(http", "@import"] {
            assert_lacks(&text, remote);
        }
        assert_lacks(&text, "<script");
    }
    let history = env.read("site/sets/2026-q4/platform.history.html");
    assert_contains(&history, "Platform OKRs");
}

#[test]
fn what_users_wrote_is_text_not_markup() {
    let env = TestEnv::repo();
    env.write(
        PATH,
        PLATFORM.replace(
            "Make checkout something customers never think about",
            "<script>alert(1)</script>",
        ),
    );
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-05T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs"],
    );
    okr_on(
        &env,
        "2026-10-12T10:00:00Z",
        &[
            "checkin",
            "failed-checkouts",
            "3.4",
            "--author",
            "Eve & \"Mallory\" <eve@example.com>",
            "-m",
            "<img src=x onerror=alert(3)> & \"quotes\"",
        ],
    );
    let run = env.run(&["report", "--html", "site", "--as-of", "2026-11-01"]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut seen = false;
    for file in site_files(&env, "site") {
        let text = env.read(&format!("site/{file}"));
        assert_lacks(&text, "<script");
        assert_lacks(&text, "<img");
        seen |= text.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    assert!(seen, "the title is shown as text");
    let page = env.read("site/sets/2026-q4/platform.html");
    assert_contains(&page, "&lt;img src=x onerror=alert(3)&gt; &amp;");
    // Git drops the closing quote of a name; the rest is text.
    assert_contains(&page, "Eve &amp; &quot;Mallory");
}

#[test]
fn a_folder_that_is_not_a_report_is_refused_and_left_alone() {
    let env = quarter();
    env.write("site/notes.txt", "mine");
    let run = env.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "--html: `site` holds files that are not a git-okr report",
    );
    assert_contains(&run.stderr, "nothing was written");
    assert_eq!(site_files(&env, "site"), ["notes.txt"]);

    env.write("afile", "mine");
    let run = env.run(&["report", "--html", "afile"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--html: `afile` is not a folder");
    assert_eq!(env.read("afile"), "mine");
}

#[test]
fn writing_again_replaces_the_old_pages_and_keeps_other_files() {
    let env = quarter();
    env.write(
        "okrs/2026-Q4/checkout.toml",
        PLATFORM.replace("platform", "checkout"),
    );
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-28T09:00:00Z",
        &["commit", "-q", "-m", "Checkout OKRs"],
    );
    let run = env.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(env.path().join("site/sets/2026-q4/checkout.html").exists());
    env.write("site/README.txt", "published every Monday");

    env.git(&["rm", "-q", "okrs/2026-Q4/checkout.toml"]);
    git_on(
        &env,
        "2026-10-29T09:00:00Z",
        &["commit", "-q", "-m", "Checkout folds into platform"],
    );
    let run = env.run(&["report", "--html", "site"]);
    assert_eq!(run.code, 0, "{run:?}");
    let files = site_files(&env, "site");
    assert!(!files.iter().any(|f| f.contains("checkout")), "{files:?}");
    assert!(files.contains(&"README.txt".to_owned()), "{files:?}");
    assert!(files.contains(&"sets/2026-q4/platform.html".to_owned()));
}

#[test]
fn at_a_revision_and_for_one_period() {
    let env = quarter();
    let run = env.run(&["report", "--html", "old", "--at", "HEAD~2"]);
    assert_eq!(run.code, 0, "{run:?}");
    let page = env.read("old/sets/2026-q4/platform.html");
    assert_contains(&page, "The retry fix landed.");
    assert_lacks(&page, "Mobile is instrumented now.");

    let run = env.run(&["report", "--html", "site", "--period", "2025-Q1"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--period: no set is of `2025-Q1`");
    assert_contains(&run.stderr, "the periods are 2026-Q4");
    assert!(!env.path().join("site").exists(), "nothing is written");
}

#[test]
fn bad_arguments_are_named() {
    let env = quarter();
    let run = env.run(&["report"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--html");

    let run = env.run(&["report", "--html", "site", "--since", "2026-10-01"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--markdown");

    let run = env.run(&["report", "--markdown", "--since", "last tuesday"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--since: `last tuesday` is not a date");

    let run = env.run(&["report", "--markdown", "--as-of", "tomorrow"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--as-of: `tomorrow` is not a date");

    let run = env.run(&["status", "--since", "2026-10-01"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--since: only with --format markdown");

    let empty = TestEnv::repo();
    let run = empty.run(&["report", "--markdown"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn the_markdown_review_of_a_window() {
    let env = quarter();
    let run = env.run(&[
        "report",
        "--markdown",
        "--since",
        "2026-10-20",
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!(run.stdout);

    // The same window, named by the revision of the first check-in.
    let first = env.git(&["rev-list", "-1", "HEAD~2"]);
    let by_revision = env.run(&[
        "report",
        "--markdown",
        "--since",
        first.trim(),
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(by_revision.code, 0, "{by_revision:?}");
    assert_contains(&by_revision.stdout, "3.4 → 3.1 %");
    assert_lacks(&by_revision.stdout, "The retry fix landed.");

    // `status --format markdown` is the same document.
    let status = env.run(&[
        "status",
        "--format",
        "markdown",
        "--since",
        "2026-10-20",
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(status.code, 0, "{status:?}");
    assert_eq!(status.stdout, run.stdout);
}
