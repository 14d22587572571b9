//! `git okr checkin` end to end, on repositories built by each test: the
//! in-place edit, the one-file commit, what it refuses, its message and
//! trailers as git reads them, batches, hooks, races and crashes.

use crate::common::{PLATFORM, Run, TestEnv, assert_contains, assert_lacks, head};

const PATH: &str = "okrs/2026-Q4/platform.toml";

/// A repository with the platform set committed on `main`.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Platform OKRs"]);
    env
}

/// Checks that a refused check-in wrote nothing: same HEAD, same file.
#[track_caller]
fn assert_refused(env: &TestEnv, run: &Run, before: &str, file: &str, message: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, message);
    assert_eq!(head(env), before, "nothing is committed");
    assert_eq!(env.read(PATH), file, "the file is untouched");
}

#[test]
fn edits_in_place_and_commits_that_file_alone() {
    let env = repo();
    let run = env.run(&[
        "checkin",
        "failed-checkouts",
        "3.2",
        "--confidence",
        "0.7",
        "-m",
        "The retry fix landed on Tuesday.",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("[main "), "{}", run.stdout);
    assert_contains(
        &run.stdout,
        "] checkin(platform/failed-checkouts): 3.6 → 3.2 %, progress 33% → 67%",
    );
    let after = env.read(PATH);
    insta::assert_snapshot!(
        "edit_in_place",
        format!("--- before\n{PLATFORM}--- after\n{after}")
    );
    assert_eq!(
        after,
        PLATFORM
            .replace("current  = 3.6    #", "current  = 3.2    #")
            .replace("confidence = 0.6", "confidence = 0.7"),
        "only the two values change, byte for byte"
    );
    assert_eq!(
        env.git(&["show", "--format=", "--name-only", "HEAD"]),
        format!("{PATH}\n")
    );
    assert_eq!(
        env.git(&["status", "--porcelain"]),
        "",
        "index and file agree"
    );
    assert_eq!(
        env.git(&[
            "log",
            "-1",
            "--format=%an <%ae>|%cn|%ad",
            "--date=iso-strict"
        ]),
        "Test Author <author@example.com>|Test Committer|2026-10-05T09:00:00Z\n"
    );
}

#[test]
fn the_message_and_its_trailers_read_back_with_git() {
    let env = repo();
    let run = env.run(&[
        "checkin",
        "paved-road/ci-time",
        "8",
        "-m",
        "Runners doubled.",
        "-m",
        "Second paragraph.",
        "--learned",
        "queue time dominates",
        "--stop",
        "hand-tuning caches",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let message = env.git(&["log", "-1", "--format=%B"]);
    assert_eq!(
        message,
        "checkin(platform/ci-time): 9.5 → 8 minutes, progress 56% → 75%\n\
         \n\
         Runners doubled.\n\
         \n\
         Second paragraph.\n\
         \n\
         OKR-Checkin: platform/paved-road/ci-time\n\
         OKR-Value: 8\n\
         OKR-Learned: queue time dominates\n\
         OKR-Stop: hand-tuning caches\n\n"
    );
    let file = env.path().join("message.txt");
    std::fs::write(&file, &message).expect("write the message");
    assert_eq!(
        env.git(&["interpret-trailers", "--parse", "message.txt"]),
        "OKR-Checkin: platform/paved-road/ci-time\n\
         OKR-Value: 8\n\
         OKR-Learned: queue time dominates\n\
         OKR-Stop: hand-tuning caches\n"
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%(trailers:key=OKR-Value,valueonly)"]),
        "8\n\n"
    );
    let multi_line = env.run(&["checkin", "ci-time", "7", "--learned", "one\ntwo"]);
    assert_eq!(multi_line.code, 2);
    assert_contains(&multi_line.stderr, "--learned must be one line of text");
}

#[test]
fn a_first_check_in_adds_the_fields_beside_their_neighbours() {
    let env = repo();
    let run = env.run(&["checkin", "checkout-latency", "700", "-c", "0.5"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "checkin(platform/checkout-latency): 700 ms, progress 40%",
    );
    assert_eq!(
        env.read(PATH),
        PLATFORM.replace(
            "target = 400\nowner",
            "target = 400\ncurrent = 700\nconfidence = 0.5\nowner"
        )
    );
}

#[test]
fn other_staged_and_modified_files_stay_as_they_were() {
    let env = repo();
    env.write("notes.txt", "staged\n");
    env.write("README.md", "first\n");
    env.git(&["add", "notes.txt", "README.md"]);
    env.write("README.md", "first\nsecond, not staged\n");
    let before = env.git(&["status", "--porcelain"]);
    let run = env.run(&["checkin", "failed-checkouts", "3.3"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(env.git(&["status", "--porcelain"]), before);
    assert_eq!(
        env.git(&["diff", "--cached", "--name-only"]),
        "README.md\nnotes.txt\n",
        "what was staged is still staged"
    );
    assert_eq!(env.read("README.md"), "first\nsecond, not staged\n");
    assert_eq!(
        env.git(&["show", "--format=", "--name-only", "HEAD"]),
        format!("{PATH}\n")
    );
}

#[test]
fn a_file_with_uncommitted_changes_is_refused_unless_allowed() {
    let env = repo();
    let edited = PLATFORM.replace("theme = \"efficiency\"", "theme = \"talent\"");
    env.write(PATH, &edited);
    let before = head(&env);

    let run = env.run(&["checkin", "failed-checkouts", "3.2"]);
    assert_refused(&env, &run, &before, &edited, "has unstaged changes");
    assert_contains(&run.stderr, "--allow-dirty");

    env.git(&["add", PATH]);
    let run = env.run(&["checkin", "failed-checkouts", "3.2"]);
    assert_refused(&env, &run, &before, &edited, "has staged changes");

    let run = env.run(&["checkin", "failed-checkouts", "3.2", "--allow-dirty"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stderr, "includes the uncommitted changes");
    let committed = env.git(&["show", &format!("HEAD:{PATH}")]);
    assert_contains(&committed, "theme = \"talent\"");
    assert_contains(&committed, "current  = 3.2");
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}

#[test]
fn bad_values_and_references_write_nothing() {
    let env = repo();
    let before = head(&env);
    for (args, message) in [
        (
            vec!["checkin", "failed-checkouts", "three"],
            "VALUE: `three` is not a number",
        ),
        (
            vec!["checkin", "failed-checkouts", "3,2"],
            "write the decimal separator as a dot",
        ),
        (
            vec!["checkin", "failed-checkouts", "3.2", "-c", "70"],
            "confidence `70` is outside 0 to 1 (for 70%, write 0.7)",
        ),
        (
            vec!["checkin", "failed-checkout", "3.2"],
            "`failed-checkout` matches nothing",
        ),
        (
            vec!["checkin", "reliable-checkout", "3.2"],
            "`reliable-checkout` matches nothing",
        ),
        (
            vec!["checkin", "Failed", "3.2"],
            "`Failed` is not a reference",
        ),
        (
            vec!["checkin", "failed-checkouts"],
            "give a key result and its new value",
        ),
    ] {
        let run = env.run(&args);
        assert_refused(&env, &run, &before, PLATFORM, message);
    }
    let run = env.run(&["checkin", "failed-checkout", "3.2"]);
    assert_contains(
        &run.stderr,
        "hint: did you mean `platform/reliable-checkout/failed-checkouts`?",
    );
}

#[test]
fn an_ambiguous_reference_names_the_candidates() {
    let env = repo();
    env.write(
        "okrs/2026-Q4/checkout.toml",
        "format = 1\nteam = \"checkout\"\nperiod = \"2026-Q4\"\n\n[[objectives]]\nid = \"fast\"\ntitle = \"Fast\"\n\n[[objectives.key_results]]\nid = \"ci-time\"\ntitle = \"Cut CI time from 20 to 10 minutes\"\nbaseline = 20\ntarget = 10\n",
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Checkout OKRs"]);
    let before = head(&env);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_refused(&env, &run, &before, PLATFORM, "`ci-time` is ambiguous");
    assert_contains(&run.stderr, "checkout/fast/ci-time");
    assert_contains(&run.stderr, "platform/paved-road/ci-time");
    let run = env.run(&["checkin", "fast/ci-time", "18"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_check_in_that_would_break_the_file_is_refused() {
    let env = repo();
    // A file that already has errors is not edited.
    let broken = PLATFORM.replace("owner = \"platform\"\n\n# Added", "owner = 7\n\n# Added");
    env.write(PATH, &broken);
    env.git(&["commit", "-q", "-am", "Broken"]);
    let before = head(&env);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_refused(
        &env,
        &run,
        &before,
        &broken,
        "has errors: fix them before checking in",
    );
    assert_contains(&run.stderr, &format!("{PATH}:"));
}

#[test]
fn refuses_states_where_a_commit_would_do_harm() {
    // An operation in progress: a merge with a conflict.
    let env = repo();
    env.git(&["switch", "-q", "-c", "other"]);
    env.write("notes.txt", "theirs\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "theirs"]);
    env.git(&["switch", "-q", "main"]);
    env.write("notes.txt", "ours\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "ours"]);
    let merge = env.git_run(&["merge", "-q", "other"]);
    assert_ne!(merge.code, 0, "the merge conflicts");
    let before = head(&env);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_refused(&env, &run, &before, PLATFORM, "a merge is in progress");
    assert_contains(&run.stderr, "git merge --abort");
    env.git(&["merge", "--abort"]);

    // A rebase stopped on the same conflict.
    let rebase = env.git_run(&["rebase", "-q", "other"]);
    assert_ne!(rebase.code, 0, "the rebase stops");
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "a rebase is in progress");
    env.git(&["rebase", "--abort"]);

    // A cherry-pick stopped on it.
    let pick = env.git_run(&["cherry-pick", "other"]);
    assert_ne!(pick.code, 0, "the cherry-pick stops");
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "a cherry-pick is in progress");
    env.git(&["cherry-pick", "--abort"]);

    // A bisect.
    env.git(&["bisect", "start"]);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "a bisect is in progress");
    assert_contains(&run.stderr, "git bisect reset");
    env.git(&["bisect", "reset"]);

    // A detached HEAD, unless asked for.
    env.git(&["checkout", "-q", "--detach"]);
    let before = head(&env);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_refused(&env, &run, &before, PLATFORM, "HEAD is detached");
    assert_contains(&run.stderr, "--detached");
    let run = env.run(&["checkin", "ci-time", "8", "--detached"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("[detached HEAD "), "{}", run.stdout);
    assert_eq!(env.git(&["rev-parse", "HEAD~1"]).trim(), before);
    assert_eq!(
        env.git(&["rev-parse", "main"]).trim(),
        before,
        "no branch moved"
    );
}

#[test]
fn refuses_an_unborn_branch_and_a_bare_repository() {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "the current branch has no commits yet");
    assert_eq!(env.read(PATH), PLATFORM);

    let bare = TestEnv::new();
    bare.git(&["init", "-q", "--bare"]);
    let run = bare.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "bare repository");
}

#[test]
fn author_and_committer_come_from_git_settings() {
    let env = repo();
    env.git(&["config", "user.name", "Configured Person"]);
    env.git(&["config", "user.email", "configured@example.com"]);
    let unset = [
        ("GIT_AUTHOR_NAME", ""),
        ("GIT_AUTHOR_EMAIL", ""),
        ("GIT_COMMITTER_NAME", ""),
        ("GIT_COMMITTER_EMAIL", ""),
    ];
    let run = env.run_with(".", &["checkin", "ci-time", "8"], &unset);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>"]),
        "Configured Person <configured@example.com>|Configured Person <configured@example.com>\n"
    );
    let run = env.run(&[
        "checkin",
        "ci-time",
        "7.5",
        "--author",
        "Ada Lovelace <ada@example.com>",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn"]),
        "Ada Lovelace <ada@example.com>|Test Committer\n"
    );
    let run = env.run(&["checkin", "ci-time", "7", "--author", "Ada"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "write it as `Name <email>`");

    let anonymous = repo();
    let before = head(&anonymous);
    let run = anonymous.run_with(".", &["checkin", "ci-time", "8"], &unset);
    assert_refused(
        &anonymous,
        &run,
        &before,
        PLATFORM,
        "author identity unknown",
    );
    assert_contains(&run.stderr, "git config user.email");
}

#[cfg(unix)]
fn hook(env: &TestEnv, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let path = env.path().join(".git/hooks").join(name);
    std::fs::write(&path, script).expect("write the hook");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn the_commit_msg_hook_runs_unless_no_verify() {
    let env = repo();
    hook(
        &env,
        "commit-msg",
        "#!/bin/sh\nprintf '\\nReviewed-by: hook\\n' >> \"$1\"\n",
    );
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&env.git(&["log", "-1", "--format=%B"]), "Reviewed-by: hook");

    hook(
        &env,
        "commit-msg",
        "#!/bin/sh\necho 'no check-ins on Fridays' >&2\nexit 1\n",
    );
    let before = head(&env);
    let file = env.read(PATH);
    let run = env.run(&["checkin", "ci-time", "7"]);
    assert_refused(
        &env,
        &run,
        &before,
        &file,
        "the commit-msg hook rejected the commit",
    );
    assert_contains(&run.stderr, "no check-ins on Fridays");
    let run = env.run(&["checkin", "ci-time", "7", "--no-verify"]);
    assert_eq!(run.code, 0, "{run:?}");

    // core.hooksPath is where git looks, so that is where the hook runs from.
    std::fs::create_dir_all(env.path().join("githooks")).expect("mkdir");
    std::fs::rename(
        env.path().join(".git/hooks/commit-msg"),
        env.path().join("githooks/commit-msg"),
    )
    .expect("move the hook");
    env.git(&["config", "core.hooksPath", "githooks"]);
    let run = env.run(&["checkin", "ci-time", "6.5"]);
    assert_contains(&run.stderr, "no check-ins on Fridays");
}

#[cfg(unix)]
#[test]
fn a_branch_that_moves_meanwhile_gets_the_edit_redone_on_its_new_tip() {
    let env = repo();
    // The hook runs after the edit and before the branch moves: the first
    // time, it commits someone else's check-in of another key result.
    hook(
        &env,
        "commit-msg",
        "#!/bin/sh\nif [ ! -e .git/raced ]; then\n  touch .git/raced\n  # another process: not this commit's index\n  unset GIT_INDEX_FILE\n  sed -i 's/^current = 9.5$/current = 9/' okrs/2026-Q4/platform.toml\n  git commit -q --no-verify -am 'ci-time by hand' >&2\nfi\n",
    );
    let run = env.run(&["checkin", "failed-checkouts", "3.1"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stderr, "the branch moved while checking in");
    assert_eq!(
        env.git(&["log", "--format=%s"]),
        "checkin(platform/failed-checkouts): 3.6 → 3.1 %, progress 33% → 75%\nci-time by hand\nPlatform OKRs\n",
        "both check-ins are in history, once each"
    );
    let file = env.read(PATH);
    assert_contains(&file, "current = 9\n");
    assert_contains(&file, "current  = 3.1");
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn the_loser_of_a_true_conflict_fails_clearly() {
    let env = repo();
    // Meanwhile, someone removes the key result being checked in.
    hook(
        &env,
        "commit-msg",
        "#!/bin/sh\nif [ ! -e .git/raced ]; then\n  touch .git/raced\n  # another process: not this commit's index\n  unset GIT_INDEX_FILE\n  sed -i 's/^id = \"ci-time\"$/id = \"ci-minutes\"/' okrs/2026-Q4/platform.toml\n  git commit -q --no-verify -am 'rename ci-time' >&2\nfi\n",
    );
    let run = env.run(&["checkin", "ci-time", "8"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "the branch moved while checking in, and on its new tip",
    );
    assert_contains(&run.stderr, "`ci-time` matches nothing");
    assert_contains(&run.stderr, "nothing was committed");
    assert_eq!(env.git(&["log", "-1", "--format=%s"]), "rename ci-time\n");
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_batch_from_json_or_toml_is_one_commit() {
    let env = repo();
    env.write(
        "measured.json",
        r#"[
  {"ref": "failed-checkouts", "value": 3.4, "confidence": 0.65, "note": "from the weekly export"},
  {"ref": "paved-road/ci-time", "value": "9"}
]"#,
    );
    let run = env.run(&[
        "checkin",
        "--from",
        "measured.json",
        "-m",
        "Weekly numbers.",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "checkin(platform): 2 key results");
    let message = env.git(&["log", "-1", "--format=%B"]);
    assert_contains(
        &message,
        "- platform/failed-checkouts: 3.6 → 3.4 %, progress 33% → 50%\n  from the weekly export\n",
    );
    assert_contains(&message, "Weekly numbers.");
    assert_contains(
        &message,
        "OKR-Checkin: platform/reliable-checkout/failed-checkouts\nOKR-Value: 3.4\nOKR-Confidence: 0.65\nOKR-Checkin: platform/paved-road/ci-time\nOKR-Value: 9\n",
    );
    assert_eq!(env.git(&["rev-list", "--count", "HEAD"]), "2\n");

    let toml = "[[checkin]]\nref = \"ci-time\"\nvalue = 8.5\n\n[[checkin]]\nref = \"checkout-latency\"\nvalue = 650\nconfidence = 0.5\n";
    let run = env.run_stdin(&["checkin", "--from", "-"], toml);
    assert_eq!(run.code, 0, "{run:?}");
    let file = env.read(PATH);
    assert_contains(&file, "current = 8.5\n");
    assert_contains(&file, "current = 650\nconfidence = 0.5\n");

    let before = head(&env);
    let file = env.read(PATH);
    for (input, message) in [
        ("[{\"ref\": \"ci-time\"}]", "-:1:19: missing field `value`"),
        (
            "[[checkin]]\nref = \"ci-time\"\nvalue = \"x\"\n",
            "check-in 1 (ci-time): value: `x` is not a number",
        ),
        (
            "[{\"ref\": \"ci-time\", \"value\": 1, \"colour\": 2}]",
            "unknown field `colour`",
        ),
        ("[]", "no check-ins in the file"),
        (
            "[{\"ref\": \"ci-time\", \"value\": 1}, {\"ref\": \"paved-road/ci-time\", \"value\": 2}]",
            "are the same key result",
        ),
        (
            "[{\"ref\": \"ci-time\", \"value\": 1}, {\"ref\": \"nope\", \"value\": 2}]",
            "`nope` matches nothing",
        ),
    ] {
        let run = env.run_stdin(&["checkin", "--from", "-"], input);
        assert_refused(&env, &run, &before, &file, message);
    }
}

#[test]
fn no_commit_only_edits_the_file() {
    let env = repo();
    let before = head(&env);
    let run = env.run(&["checkin", "ci-time", "8", "--no-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "platform/ci-time: 9.5 → 8 minutes, progress 56% → 75% (not committed)",
    );
    assert_eq!(head(&env), before);
    assert_eq!(env.git(&["status", "--porcelain"]), format!(" M {PATH}\n"));
}

/// Runs a check-in that aborts at `point`, as if killed there.
fn crash_at(env: &TestEnv, point: &str) -> Run {
    env.run_with(
        ".",
        &["checkin", "ci-time", "8"],
        &[("GIT_OKR_FAILPOINT", point)],
    )
}

#[test]
fn a_check_in_killed_midway_leaves_whole_files_and_a_sound_branch() {
    let env = repo();
    let before = head(&env);

    // Killed after the branch moved: the commit is on the branch, the file
    // and the index still hold the old content, whole.
    let run = crash_at(&env, "after-ref");
    assert_ne!(run.code, 0);
    assert_ne!(head(&env), before);
    assert_eq!(env.git(&["rev-parse", "HEAD~1"]).trim(), before);
    assert_eq!(env.read(PATH), PLATFORM);
    assert_lacks(&env.git(&["status", "--porcelain", "--ignored"]), ".tmp");
    // Restoring the file from HEAD finishes the job; nothing is lost.
    env.git(&["reset", "-q", "--hard"]);
    assert_contains(&env.read(PATH), "current = 8\n");

    // Killed after the file was replaced: the index lags, the file is whole.
    let run = env.run_with(
        ".",
        &["checkin", "ci-time", "7"],
        &[("GIT_OKR_FAILPOINT", "after-files")],
    );
    assert_ne!(run.code, 0);
    assert_contains(&env.read(PATH), "current = 7\n");
    assert_eq!(
        env.git(&["diff", "HEAD", "--stat"]),
        "",
        "the file matches the commit"
    );
    let parsed = env.run(&["lint", PATH]);
    assert_ne!(parsed.code, 2, "{parsed:?}");

    // The next check-in says what happened and how to finish it; the lock
    // died with the process.
    let run = env.run(&["checkin", "ci-time", "6.5"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "they undo the last commit, as a check-in interrupted midway leaves it",
    );
    assert_contains(
        &run.stderr,
        &format!("git restore --staged --worktree -- {PATH}"),
    );
    env.git(&["restore", "--staged", "--worktree", "--", PATH]);
    let run = env.run(&["checkin", "ci-time", "6.5"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}

/// Eight key results in one file, for the concurrency test.
fn eight_key_results() -> String {
    let mut text = String::from(
        "format = 1\nteam = \"platform\"\nperiod = \"2026-Q4\"\n\n[[objectives]]\nid = \"busy\"\ntitle = \"Many hands\"\n",
    );
    for k in 0..8 {
        text += &format!(
            "\n[[objectives.key_results]]\nid = \"kr-{k}\"\ntitle = \"Raise throughput {k} from 0 to 100\"\nbaseline = 0\ntarget = 100\n"
        );
    }
    text
}

#[test]
fn eight_processes_checking_in_at_once_lose_nothing() {
    let env = TestEnv::repo();
    env.write(PATH, eight_key_results());
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Busy OKRs"]);
    let workers: Vec<std::thread::JoinHandle<Vec<Run>>> = (0..8)
        .map(|k| {
            let commands: Vec<std::process::Command> = (1..=10)
                .map(|i| env.okr_command(&["checkin", &format!("kr-{k}"), &format!("{}", i * 10)]))
                .collect();
            std::thread::spawn(move || {
                commands
                    .into_iter()
                    .map(|mut command| {
                        let output = command.output().expect("run git-okr");
                        Run {
                            code: output.status.code().unwrap_or(-1),
                            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                        }
                    })
                    .collect()
            })
        })
        .collect();
    for worker in workers {
        for run in worker.join().expect("a worker") {
            assert_eq!(run.code, 0, "{run:?}");
        }
    }
    let log = env.git(&["log", "--format=%(trailers:key=OKR-Checkin,valueonly,separator=)|%(trailers:key=OKR-Value,valueonly,separator=)"]);
    let mut recorded: Vec<&str> = log.lines().filter(|l| !l.is_empty() && *l != "|").collect();
    assert_eq!(recorded.len(), 80, "{log}");
    recorded.sort_unstable();
    recorded.dedup();
    assert_eq!(recorded.len(), 80, "each check-in exactly once");
    let file = env.read(PATH);
    for k in 0..8 {
        assert_contains(
            &file,
            &format!(
                "id = \"kr-{k}\"\ntitle = \"Raise throughput {k} from 0 to 100\"\nbaseline = 0\ntarget = 100\ncurrent = 100\n"
            ),
        );
    }
    assert_eq!(env.git(&["status", "--porcelain"]), "");
}
