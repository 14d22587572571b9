//! `git okr hooks` and `git okr hook` end to end, through the real git: the
//! hooks written where git runs them, a team's own hook kept and put back,
//! commits and pushes blocked or let through by what is staged and pushed.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::common::{TestEnv, assert_contains, edit, git_with};

const PATH: &str = "okrs/2026-Q4/platform.toml";

const SET: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
status = "review"
version = "1.1"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
theme = "business"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target = 2.8
owner = "platform"
"#;

/// Runs the real git with git-okr on PATH; returns what it did.
fn git(env: &TestEnv, args: &[&str]) -> crate::common::Run {
    git_env(env, args, &[])
}

fn git_env(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> crate::common::Run {
    crate::common::hooked_git(env, args, vars)
}

/// Runs `git okr ARGS` with git-okr on PATH, for the hooks it runs.
fn okr(env: &TestEnv, args: &[&str]) -> crate::common::Run {
    crate::common::hooked_okr(env, args)
}

/// A repository with the set committed and git-okr's hooks installed.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, SET);
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Platform 1.1"]);
    let run = env.run(&["hooks", "install"]);
    assert_eq!(run.code, 0, "{run:?}");
    env
}

fn hook_path(env: &TestEnv, name: &str) -> PathBuf {
    env.path().join(".git/hooks").join(name)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn install_status_uninstall() {
    let env = TestEnv::repo();
    let run = env.run(&["hooks", "install"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "pre-commit: installed");
    for name in ["pre-commit", "commit-msg", "pre-push"] {
        let path = hook_path(&env, name);
        assert_eq!(mode(&path), 0o755, "{name}");
        let text = std::fs::read_to_string(&path).expect("the hook");
        assert!(text.starts_with("#!/bin/sh\n") && !text.contains('\r'));
        assert_eq!(
            text,
            std::fs::read_to_string(crate::common::project_dir().join("hooks").join(name))
                .expect("the shim")
        );
    }
    let run = env.run(&["hooks", "status"]);
    assert_contains(
        &run.stdout,
        "pre-commit  ours\ncommit-msg  ours\npre-push    ours\n",
    );
    assert_contains(
        &env.run(&["hooks", "install"]).stdout,
        "pre-commit: already installed",
    );

    // Git ignores a hook without its run bit; status says so, install fixes.
    let path = hook_path(&env, "pre-commit");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    assert_contains(
        &env.run(&["hooks", "status"]).stdout,
        "pre-commit  ours, not executable",
    );
    assert_contains(
        &env.run(&["hooks", "install", "pre-commit"]).stdout,
        "pre-commit: updated",
    );
    assert_eq!(mode(&path), 0o755);

    let run = env.run(&["hooks", "uninstall"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "pre-push: removed");
    assert!(!path.exists());
    assert_contains(&env.run(&["hooks", "status"]).stdout, "pre-commit  missing");

    let run = env.run(&["hooks", "install", "post-merge"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`post-merge` is not a hook git-okr installs");
}

#[test]
fn hooks_go_where_git_runs_them() {
    // core.hooksPath, relative to the top.
    let env = TestEnv::repo();
    env.git(&["config", "core.hooksPath", "ci/hooks"]);
    let run = env.run(&["hooks", "install", "pre-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(env.path().join("ci/hooks/pre-commit").is_file());
    assert!(!hook_path(&env, "pre-commit").exists());

    // A linked worktree shares the main repository's hooks.
    let env = TestEnv::repo();
    env.write("README", "x\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "first"]);
    env.git(&["worktree", "add", "-q", "linked"]);
    let run = env.run_in("linked", &["hooks", "install", "pre-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(hook_path(&env, "pre-commit").is_file());
    let git_path = env.git(&["-C", "linked", "rev-parse", "--git-path", "hooks"]);
    let linked = env.path().join("linked").join(git_path.trim());
    assert_eq!(
        linked.canonicalize().expect("hooks folder"),
        env.path()
            .join(".git/hooks")
            .canonicalize()
            .expect("hooks folder")
    );
}

#[test]
fn a_teams_own_hook_is_refused_or_chained_and_put_back() {
    let env = TestEnv::repo();
    let theirs = "#!/bin/sh\necho \"their hook ran with $1\" >> their-hook.log\n";
    let path = hook_path(&env, "commit-msg");
    std::fs::create_dir_all(path.parent().expect("folder")).expect("hooks folder");
    std::fs::write(&path, theirs).expect("write their hook");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o750)).expect("chmod");

    // Refused, and nothing written.
    let run = env.run(&["hooks", "install"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "is a hook that is not git-okr's");
    assert_contains(&run.stderr, "git okr hooks install --force commit-msg");
    assert!(!hook_path(&env, "pre-commit").exists(), "nothing written");
    assert_eq!(std::fs::read_to_string(&path).expect("theirs"), theirs);
    assert_contains(&env.run(&["hooks", "status"]).stdout, "commit-msg  foreign");

    // Chained: ours runs, then theirs, with the same arguments.
    let run = env.run(&["hooks", "install", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "commit-msg: installed; the hook that was there is kept as commit-msg.git-okr-chained",
    );
    assert_contains(&env.run(&["hooks", "status"]).stdout, "commit-msg  chained");
    env.write("README", "x\n");
    let run = git(&env, &["add", "."]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = git(&env, &["commit", "-q", "-m", "A plain commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &env.read("their-hook.log"),
        "their hook ran with .git/COMMIT_EDITMSG",
    );

    // Uninstall puts theirs back, byte for byte and with its mode.
    let run = env.run(&["hooks", "uninstall"]);
    assert_contains(
        &run.stdout,
        "commit-msg: removed; the hook it had replaced is back",
    );
    assert_eq!(std::fs::read_to_string(&path).expect("theirs"), theirs);
    assert_eq!(mode(&path), 0o750);
    assert!(!hook_path(&env, "commit-msg.git-okr-chained").exists());
    assert!(!hook_path(&env, "pre-commit").exists());
}

#[test]
fn pre_commit_judges_what_is_staged() {
    let env = repo();

    // No OKR file staged: silent.
    env.write("src/main.rs", "fn main() {}\n");
    git(&env, &["add", "src"]);
    let run = git(&env, &["commit", "-m", "Code only"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("git-okr"), "{run:?}");

    // A bad staged file blocks, with the diagnostics.
    edit(&env, PATH, "target = 2.8", "target = \"2.8%\"");
    git(&env, &["add", PATH]);
    let run = git(&env, &["commit", "-m", "Bad target"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stderr,
        "error[wrong-type]: `target` must be a number, found a string",
    );
    assert_contains(&run.stderr, "--> okrs/2026-Q4/platform.toml:17:10");
    assert_contains(
        &run.stderr,
        "git-okr: the commit is blocked: 1 error in the staged OKR files",
    );

    // Half staged: the staged version is good, the file on disk is not:
    // the commit is judged by what it will hold.
    edit(&env, PATH, "target = \"2.8%\"", "target = 2.5");
    git(&env, &["add", PATH]);
    edit(&env, PATH, "target = 2.5", "target = \"broken\"");
    let run = git(&env, &["commit", "-m", "Sharper target"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("error"), "{run:?}");

    // And the other way round.
    git(&env, &["add", PATH]);
    edit(&env, PATH, "target = \"broken\"", "target = 2.5");
    let run = git(&env, &["commit", "-m", "Broken"]);
    assert_eq!(run.code, 1, "{run:?}");

    // OKR_SKIP skips, saying so; --no-verify is git's.
    let run = git_env(
        &env,
        &["commit", "-m", "Skipped"],
        &[("OKR_SKIP", "pre-commit")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stderr,
        "git-okr: pre-commit hook skipped (OKR_SKIP=pre-commit)",
    );
}

#[test]
fn pre_commit_holds_a_final_set() {
    let env = repo();
    let run = okr(
        &env,
        &["finalize", "platform", "-m", "Presented to the teams."],
    );
    assert_eq!(run.code, 0, "{run:?}");

    // A check-in goes through the hooks.
    let run = okr(
        &env,
        &["checkin", "failed-checkouts", "3.6", "-m", "Week 1."],
    );
    assert_eq!(run.code, 0, "{run:?}");

    edit(&env, PATH, "target = 2.8", "target = 3.2");
    git(&env, &["add", PATH]);
    let run = git(&env, &["commit", "-m", "Lower the bar"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stderr,
        "error[changed-after-final]: the key result `failed-checkouts` had its target changed after the set was final (`target`: 2.8 → 3.2)",
    );
}

#[test]
fn commit_msg_checks_okr_trailers() {
    let env = repo();
    env.write("notes.txt", "x\n");
    git(&env, &["add", "notes.txt"]);
    let bad = "Record week 3\n\nOKR-Checkin: platform/reliable-checkout/failed-checkout\nOKR-Value: 3,4\n";
    let run = git(&env, &["commit", "-m", bad]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stderr,
        ".git/COMMIT_EDITMSG:3: error: `OKR-Checkin: platform/reliable-checkout/failed-checkout`",
    );
    assert_contains(
        &run.stderr,
        ".git/COMMIT_EDITMSG:4: error: `OKR-Value: 3,4`",
    );
    let good = "Record week 3\n\nOKR-Checkin: platform/reliable-checkout/failed-checkouts\nOKR-Value: 3.4\nOKR-Confidence: 0.6\n";
    let run = git(&env, &["commit", "-m", good]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = git(
        &env,
        &[
            "commit",
            "--allow-empty",
            "-m",
            "No trailers: nothing to check",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn pre_push_lints_the_tips_and_the_freeze_against_the_remote() {
    let env = repo();
    let remote = TestEnv::new();
    git_with(&remote, &[], &["init", "-q", "--bare", "-b", "main"]);
    let url = remote.path().display().to_string();
    env.git(&["remote", "add", "origin", &url]);
    let run = git(&env, &["push", "-q", "origin", "main"]);
    assert_eq!(run.code, 0, "{run:?}");

    let run = okr(
        &env,
        &["finalize", "platform", "-m", "Presented to the teams."],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = git(&env, &["push", "-q", "origin", "main"]);
    assert_eq!(run.code, 0, "{run:?}");

    // A goalpost moved past the commit hooks is caught at the push.
    edit(&env, PATH, "target = 2.8", "target = 3.2");
    git(
        &env,
        &["commit", "-q", "--no-verify", "-am", "Lower the bar"],
    );
    let run = git(&env, &["push", "-q", "origin", "main"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(&run.stderr, "[changed-after-final]");
    assert_contains(
        &run.stderr,
        "git-okr: the push is blocked: 1 error in the OKR files of main",
    );
    let run = git_env(
        &env,
        &["push", "-q", "origin", "main"],
        &[("OKR_SKIP", "1")],
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn without_git_okr_the_shims_block_only_okr_changes() {
    let env = repo();
    let vars = [("PATH", "/usr/local/bin:/usr/bin:/bin")];
    env.write("src/lib.rs", "\n");
    git_env(&env, &["add", "src"], &vars);
    let run = git_env(&env, &["commit", "-m", "Code only"], &vars);
    assert_eq!(run.code, 0, "{run:?}");
    edit(&env, PATH, "target = 2.8", "target = 2.5");
    git_env(&env, &["add", PATH], &vars);
    let run = git_env(&env, &["commit", "-m", "Sharper"], &vars);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stderr,
        "git-okr: the pre-commit hook needs git-okr, which is not on PATH",
    );
}

#[test]
fn new_passes_the_commit_msg_hook() {
    // The commit-msg hook sees the set the commit adds (issue: `new` was
    // refused with "`OKR-Set: 2026-Q1:web` matches nothing").
    let env = repo();
    let run = okr(&env, &["new", "web", "--period", "2027-Q1"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "new(web): 2027-Q1");
    let log = env.git(&["log", "--format=%s", "-1"]);
    assert_contains(&log, "new(web): 2027-Q1");
    assert!(
        !env.path().join(".git/okr").read_dir().is_ok_and(|mut d| d
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("hook-index")))),
        "the hook's temporary index is removed"
    );
    // A trailer naming a set that is nowhere is still refused.
    env.write("notes.txt", "x\n");
    git(&env, &["add", "notes.txt"]);
    let run = git(&env, &["commit", "-m", "Notes\n\nOKR-Set: 2027-Q1:nowhere"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn pre_commit_judges_commit_all_and_commit_path() {
    // `git commit -a` and `git commit PATH` commit a temporary index that
    // git names in GIT_INDEX_FILE: the hook reads that one.
    let env = repo();
    let run = okr(
        &env,
        &["finalize", "platform", "-m", "Presented to the teams."],
    );
    assert_eq!(run.code, 0, "{run:?}");
    edit(&env, PATH, "target = 2.8", "target = 3.2");
    for args in [
        &["commit", "-a", "-m", "Lower the bar"][..],
        &["commit", "-m", "Lower the bar", PATH][..],
        &["commit", "--only", "-m", "Lower the bar", PATH][..],
    ] {
        let run = git(&env, args);
        assert_eq!(run.code, 1, "git {args:?}: {run:?}");
        assert_contains(&run.stderr, "error[changed-after-final]");
        // The path as the user knows it, not the index's `:okrs/…`.
        assert_contains(&run.stderr, &format!("--> {PATH}:"));
        assert!(!run.stderr.contains(&format!(":{PATH}")), "{}", run.stderr);
    }
    // An unknown key, staged by `git commit -a` too.
    edit(&env, PATH, "target = 3.2", "target = 2.8\ntagret = 3");
    let run = git(&env, &["commit", "-am", "Typo"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(&run.stderr, "error[unknown-key]: unknown key `tagret`");
    // A check-in made by hand with `git commit -a` goes through.
    edit(
        &env,
        PATH,
        "target = 2.8\ntagret = 3",
        "target = 2.8\ncurrent = 3.9",
    );
    let run = git(&env, &["commit", "-am", "Week 1"]);
    assert_eq!(run.code, 0, "{run:?}");
}
