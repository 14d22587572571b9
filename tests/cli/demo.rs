//! `git okr demo` end to end: the quarter played into a temporary folder,
//! what it prints, and the repository it leaves behind, checked with the
//! tool's own commands and with the real git.

use crate::common::{Run, TestEnv, assert_contains, assert_lacks};

/// Runs `git okr demo DIR` in a new folder; DIR is `demo` there.
fn played() -> (TestEnv, Run) {
    let env = TestEnv::new();
    let run = env.run(&["demo", "demo"]);
    assert_eq!(run.code, 0, "{run:?}");
    (env, run)
}

/// `git -C DIR ARGS` in the demo's repository; it must succeed.
fn git(env: &TestEnv, dir: &str, args: &[&str]) -> String {
    let mut all = vec!["-C", dir];
    all.extend(args);
    env.git(&all)
}

/// The demo's output with its folder and the report's own line (its
/// renderer has tests of its own) replaced by placeholders.
fn shown(env: &TestEnv, stdout: &str) -> String {
    let dir = env.path().join("demo").display().to_string();
    let mut lines = Vec::new();
    let mut after_report = false;
    for line in stdout.replace(&dir, "[DIR]").lines() {
        if after_report {
            lines.push("[what git okr report printed]".to_owned());
            after_report = false;
            continue;
        }
        after_report = line.starts_with("$ git okr report");
        lines.push(line.to_owned());
    }
    lines.join("\n") + "\n"
}

#[test]
fn the_demo_plays_a_quarter() {
    let (env, run) = played();
    insta::assert_snapshot!("demo_stdout", shown(&env, &run.stdout));
    assert_eq!(run.stderr, "", "nothing on standard error");

    // The OKRs it wrote are good OKRs by the project's own rules.
    let lint = env.run_in("demo", &["lint"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    assert_eq!(lint.stdout.trim(), "checked 4 files: no problems found");

    // Every set went from 1.0 to final through tagged iterations.
    let tags = git(&env, "demo", &["tag", "--list"]);
    for tag in [
        "okr/2026-Q3/engineering/v1.1",
        "okr/2026-Q3/engineering/v1.2",
        "okr/2026-Q3/engineering/final",
        "okr/2026-Q3/platform/final",
        "okr/2026-Q3/checkout/final",
        "okr/2026-Q3/checkout/v2.0",
        "okr/2026-Q3/checkout/final-v2.1",
        "okr/2026-Q3/mobile/final-v2.1",
    ] {
        assert!(tags.lines().any(|line| line == tag), "{tag} in:\n{tags}");
    }
    let history = env.run_in("demo", &["history", "engineering"]);
    assert_eq!(history.code, 0, "{history:?}");
    for step in [
        "v1.0 draft",
        "v1.1 review  [manager-review]",
        "v1.2 review  [alignment]",
        "v1.2 final",
        "v1.2 closed",
    ] {
        assert_contains(&history.stdout, step);
    }
    let history = env.run_in("demo", &["history", "platform"]);
    assert_contains(&history.stdout, "v1.2 final");
    assert_contains(
        &history.stdout,
        "12 check-in commits, 2026-07-10 to 2026-09-25",
    );

    // The goalpost move: the plain commit is not in history, the same
    // change made through a reopen is.
    let subjects = git(&env, "demo", &["log", "--format=%s"]);
    assert_lacks(&subjects, "checkout: conversion target 58%");
    assert_contains(&subjects, "reopen(checkout): final 1.2 → 2.0");
    assert_contains(
        &subjects,
        "checkout: mobile web conversion target 60% → 58%",
    );
    let history = env.run_in("demo", &["history", "checkout"]);
    assert_contains(&history.stdout, "v2.0 review  [reopen]");
    assert_contains(&history.stdout, "target-changed    target: 60 → 58");
    assert_contains(&history.stdout, "v2.1 final");
    let checkout = std::fs::read_to_string(env.path().join("demo/okrs/2026-Q3/checkout.toml"))
        .expect("checkout's set");
    assert_contains(&checkout, "baseline = 55\ntarget = 58\n");

    // The key result dropped mid-quarter: its check-ins are in the log, the
    // key result is not in the final file.
    let log = env.run_in("demo", &["log", "mobile"]);
    assert_eq!(log.code, 0, "{log:?}");
    assert_contains(
        &log.stdout,
        "mobile/fastest-way-to-buy/android-cold-start  3.2 → 3.1 seconds",
    );
    let mobile = std::fs::read_to_string(env.path().join("demo/okrs/2026-Q3/mobile.toml"))
        .expect("mobile's set");
    assert_lacks(&mobile, "android-cold-start");
    assert_contains(&mobile, "status = \"closed\"");

    // Graded and reviewed; the report is not committed.
    for team in ["engineering", "platform", "checkout", "mobile"] {
        assert_contains(&subjects, &format!("grade({team}): "));
        assert_contains(&subjects, &format!("{team}: the review of 2026-Q3"));
    }
    assert_eq!(git(&env, "demo", &["status", "--porcelain"]), "");
}

#[test]
fn the_same_inputs_make_the_same_commits() {
    let env = TestEnv::new();
    let temp = env.path().join("tmp");
    std::fs::create_dir(&temp).expect("a temporary folder");
    // Without DIR: a new folder in the system's temporary folder, named in
    // the output.
    let first = env.run_with(".", &["demo"], &[("TMPDIR", &temp.display().to_string())]);
    assert_eq!(first.code, 0, "{first:?}");
    let made: Vec<_> = std::fs::read_dir(&temp)
        .expect("the temporary folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let made = made[0].display().to_string();
    assert!(made.contains("okr-demo-"), "{made}");
    assert_contains(&first.stdout, &format!("The repository: {made}\n"));

    let second = env.run(&["demo", "again"]);
    assert_eq!(second.code, 0, "{second:?}");
    let head = |dir: &str| git(&env, dir, &["rev-parse", "HEAD"]);
    assert_eq!(head(&made), head("again"));
    let tags = |dir: &str| git(&env, dir, &["show-ref", "--tags"]);
    assert_eq!(tags(&made), tags("again"), "tags are made the same way");
}

#[test]
fn a_folder_with_something_in_it_is_refused() {
    let env = TestEnv::new();
    env.write("full/notes.txt", "mine");
    let run = env.run(&["demo", "full"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("demo_refused_not_empty", run.stderr);
    let left: Vec<_> = std::fs::read_dir(env.path().join("full"))
        .expect("the folder")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(left, ["notes.txt"], "nothing written");

    let run = env.run(&["demo", "full/notes.txt"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`full/notes.txt` is not a folder");
    assert_eq!(env.read("full/notes.txt"), "mine");
}
