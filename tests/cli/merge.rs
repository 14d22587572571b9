//! `git okr merge-driver` end to end: a real `git merge` of branches that
//! changed the same OKR file, with the driver configured as a user would,
//! and the driver run by hand.

use crate::common::{PLATFORM, Run, TestEnv, assert_contains, assert_lacks, git_on, okr_on};

const PATH: &str = "okrs/2026-Q4/platform.toml";

/// `PATH` with the binary's folder first, so that git finds `git okr`.
fn path_with_okr() -> String {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_git-okr"));
    let dir = bin
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

/// Sets the merge driver up: with `git okr hooks install --merge-driver`
/// when this build has it, else as docs/merge.md says to by hand.
fn install_driver(env: &TestEnv) {
    let run = env.run(&["hooks", "install", "--merge-driver"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "merge driver: set merge.okr.driver");
    // The hooks are not what these tests are about (each commit would need
    // git-okr on PATH): removing them keeps the driver.
    let run = env.run(&["hooks", "uninstall"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &env.run(&["hooks", "status"]).stdout,
        "merge       set up (merge.okr.driver and .gitattributes)",
    );
    let attributes = env.git(&["check-attr", "merge", "--", PATH]);
    assert_eq!(attributes, format!("{PATH}: merge: okr\n"));
}

/// A repository with the platform set and the driver committed on `main`,
/// and a branch `feature` from there.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    install_driver(&env);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-01T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs"],
    );
    env.git(&["branch", "feature"]);
    env
}

/// Runs `git merge feature` on `main`, with `git okr` on the PATH.
fn merge(env: &TestEnv) -> Run {
    // The hermetic environment of the binary's runs, for git.
    let template = env.okr_command(&[]);
    let mut command = std::process::Command::new("git");
    command.env_clear();
    for (key, value) in template.get_envs() {
        if let Some(value) = value {
            command.env(key, value);
        }
    }
    let output = command
        .env("PATH", path_with_okr())
        .env("GIT_AUTHOR_DATE", "2026-10-09T09:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-10-09T09:00:00Z")
        .current_dir(env.path())
        .args(["merge", "--no-edit", "feature"])
        .output()
        .expect("run git merge");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The lines of a merge's standard error that the driver wrote (git's own
/// vary with its version).
fn driver_lines(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            !l.starts_with("Auto-merging")
                && !l.starts_with("CONFLICT (content)")
                && !l.starts_with("Automatic merge failed")
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn check_ins_on_different_key_results_merge_cleanly() {
    let env = repo();
    env.git(&["checkout", "-q", "feature"]);
    okr_on(
        &env,
        "2026-10-06T09:00:00Z",
        &["checkin", "ci-time", "8.5", "-m", "Runners doubled."],
    );
    env.git(&["checkout", "-q", "main"]);
    okr_on(
        &env,
        "2026-10-07T09:00:00Z",
        &["checkin", "failed-checkouts", "3.2", "--confidence", "0.7"],
    );

    let run = merge(&env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_lacks(&run.stderr, "CONFLICT");
    assert_eq!(
        env.read(PATH),
        PLATFORM
            .replace("current  = 3.6    #", "current  = 3.2    #")
            .replace("confidence = 0.6", "confidence = 0.7")
            .replace("current = 9.5", "current = 8.5"),
        "both check-ins, every comment and space kept"
    );
    assert_eq!(env.git(&["status", "--porcelain"]), "");
    assert_eq!(env.git(&["rev-list", "--count", "--merges", "HEAD"]), "1\n");
    // Both check-ins are in the timeline.
    let log = env.run(&["log"]);
    assert_contains(&log.stdout, "ci-time");
    assert_contains(&log.stdout, "failed-checkouts");
}

#[test]
fn the_same_key_result_checked_in_differently_is_a_conflict() {
    let env = repo();
    env.git(&["checkout", "-q", "feature"]);
    okr_on(
        &env,
        "2026-10-06T09:00:00Z",
        &["checkin", "failed-checkouts", "3.4", "-m", "Half the fix."],
    );
    okr_on(&env, "2026-10-06T10:00:00Z", &["checkin", "ci-time", "8.5"]);
    env.git(&["checkout", "-q", "main"]);
    okr_on(
        &env,
        "2026-10-07T09:00:00Z",
        &["checkin", "failed-checkouts", "3.2"],
    );

    let run = merge(&env);
    assert_ne!(run.code, 0, "{run:?}");
    let report = driver_lines(&run.stderr);
    assert_contains(&report, "3.2");
    assert_contains(&report, "3.4");
    insta::assert_snapshot!("conflict_stderr", report);
    let text = env.read(PATH);
    insta::assert_snapshot!("conflict_file", text);
    assert_contains(
        &text,
        "<<<<<<< HEAD\ncurrent  = 3.2    # from the payments dashboard\n=======\ncurrent  = 3.4    # from the payments dashboard\n>>>>>>> feature\n",
    );
    // The other check-in merged.
    assert_contains(&text, "current = 8.5");
    // git sees the conflict.
    assert_eq!(env.git(&["status", "--porcelain"]), format!("UU {PATH}\n"));
    assert_eq!(
        env.git(&["diff", "--name-only", "--diff-filter=U"]),
        format!("{PATH}\n")
    );
}

#[test]
fn definition_changes_to_different_fields_merge() {
    let env = repo();
    env.git(&["checkout", "-q", "feature"]);
    crate::common::edit(
        &env,
        PATH,
        "title = \"Cut p99 checkout latency from 900 ms to 400 ms\"",
        "title = \"Bring p99 checkout latency from 900 ms to 400 ms\"",
    );
    git_on(
        &env,
        "2026-10-06T09:00:00Z",
        &["commit", "-q", "-am", "Reword the latency key result"],
    );
    env.git(&["checkout", "-q", "main"]);
    crate::common::edit(
        &env,
        PATH,
        "target = 400",
        "target = 350  # agreed with checkout",
    );
    crate::common::edit(&env, PATH, "version = \"1.2\"", "version = \"1.3\"");
    git_on(
        &env,
        "2026-10-07T09:00:00Z",
        &["commit", "-q", "-am", "Raise the latency target"],
    );

    let run = merge(&env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        env.read(PATH),
        PLATFORM
            .replace(
                "title = \"Cut p99 checkout latency from 900 ms to 400 ms\"",
                "title = \"Bring p99 checkout latency from 900 ms to 400 ms\""
            )
            .replace("target = 400", "target = 350  # agreed with checkout")
            .replace("version = \"1.2\"", "version = \"1.3\"")
    );
}

#[test]
fn a_file_that_does_not_parse_is_merged_line_by_line() {
    let env = repo();
    env.git(&["checkout", "-q", "feature"]);
    crate::common::edit(&env, PATH, "current = 9.5", "current = = 9");
    git_on(
        &env,
        "2026-10-06T09:00:00Z",
        &["commit", "-q", "-am", "Broken"],
    );
    env.git(&["checkout", "-q", "main"]);
    okr_on(
        &env,
        "2026-10-07T09:00:00Z",
        &["checkin", "failed-checkouts", "3.2"],
    );

    let run = merge(&env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stderr,
        "git-okr: okrs/2026-Q4/platform.toml: cannot merge by meaning (feature's version, line 44, column 11: it is not valid TOML: extra `=`, expected nothing); merged line by line, as git does",
    );
    let text = env.read(PATH);
    assert_contains(&text, "current  = 3.2    #");
    assert_contains(&text, "current = = 9");
}

/// Runs the driver by hand on three files written in the folder.
fn by_hand(env: &TestEnv, base: &str, ours: &str, theirs: &str, extra: &[&str]) -> Run {
    env.write("base.toml", base);
    env.write("ours.toml", ours);
    env.write("theirs.toml", theirs);
    let mut args = vec!["merge-driver", "base.toml", "ours.toml", "theirs.toml"];
    args.extend_from_slice(extra);
    env.run(&args)
}

#[test]
fn by_hand_outside_a_repository() {
    let env = TestEnv::new();
    let ours = PLATFORM.replace("version = \"1.2\"", "version = \"1.3\"");
    let theirs = PLATFORM.replace("version = \"1.2\"", "version = \"1.4\"");
    let run = by_hand(
        &env,
        PLATFORM,
        &ours,
        &theirs,
        &[
            "9",
            "okrs/2026-Q4/platform.toml",
            "--conflict-style",
            "diff3",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!("by_hand_stderr", run.stderr);
    assert_contains(
        &env.read("ours.toml"),
        "<<<<<<<<< ours\nversion = \"1.3\"\n||||||||| base\nversion = \"1.2\"\n=========\nversion = \"1.4\"\n>>>>>>>>> theirs\n",
    );
    // Clean: exit 0, silent.
    let run = by_hand(&env, PLATFORM, &ours, PLATFORM, &[]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(env.read("ours.toml"), ours);
}

#[test]
fn usage_errors_write_nothing() {
    let env = TestEnv::new();
    env.write("ours.toml", PLATFORM);
    env.write("theirs.toml", PLATFORM);
    let run = env.run(&["merge-driver", "missing.toml", "ours.toml", "theirs.toml"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "cannot read `missing.toml`");
    assert_eq!(env.read("ours.toml"), PLATFORM);
    let run = env.run(&[
        "merge-driver",
        "theirs.toml",
        "ours.toml",
        "theirs.toml",
        "--marker-size",
        "seven",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "--marker-size: `seven` is not a positive whole number",
    );
    assert_eq!(env.read("ours.toml"), PLATFORM);
    // Placeholders an older git leaves as written are ignored.
    let run = env.run(&[
        "merge-driver",
        "theirs.toml",
        "ours.toml",
        "theirs.toml",
        "--marker-size=%L",
        "--ours-label=%X",
        "--theirs-label=%Y",
        "--base-label=%S",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
}
