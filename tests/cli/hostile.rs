//! No argument makes any command panic: every command, given hostile
//! arguments (empty, dashes, paths out of the repository, revision syntax,
//! control characters, huge numbers, a very long string, bytes that are
//! not UTF-8), in a repository with OKRs and in a folder that is none,
//! exits with a clear error or does its work, never with Rust's panic exit
//! code (101) or a "panicked" message.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::common::{TestEnv, git_on};

/// Every command, as the words that name it.
const COMMANDS: &[&[&str]] = &[
    &["lint"],
    &["diff"],
    &["checkin"],
    &["checkin", "ci-time"],
    &["log"],
    &["status"],
    &["iterate"],
    &["finalize"],
    &["reopen"],
    &["grade"],
    &["new"],
    &["history"],
    &["tree"],
    &["hook", "pre-commit"],
    &["hook", "commit-msg"],
    &["hook", "pre-push"],
    &["hooks", "install"],
    &["hooks", "status"],
    &["report", "--markdown"],
    &["present"],
    &["schema"],
    &["merge-driver"],
];

/// Arguments no command expects.
fn hostile() -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "",
        "-",
        "--",
        "../../../../etc/passwd",
        "/",
        "HEAD~9999",
        "refs/heads/../../x",
        "@{-1}",
        "main..main...HEAD",
        ":/",
        "okrs/2026-Q4/platform.toml:1:1",
        "platform/",
        "/ci-time",
        "NaN",
        "-inf",
        "1e400",
        "18446744073709551616",
        "2026-Q9",
        "\u{1b}]8;;https://example.com\u{7}x\u{1b}]8;;\u{7}",
        "a\rb\u{7}",
        "💥",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    args.push(OsString::from("x".repeat(100_000)));
    args.push(OsString::from_vec(vec![0x66, 0xff, 0xfe, 0x2f]));
    args
}

/// Runs every command with each hostile argument, alone and after a valid
/// one; returns what panicked.
fn attack(env: &TestEnv) -> Vec<String> {
    let mut panics = Vec::new();
    for command in COMMANDS {
        for arg in hostile() {
            for twice in [false, true] {
                let mut run = env.okr_command(command);
                run.arg(&arg);
                if twice {
                    run.arg(&arg);
                }
                let output = run.output().expect("run git-okr");
                let stderr = String::from_utf8_lossy(&output.stderr);
                let stdout = String::from_utf8_lossy(&output.stdout);
                if output.status.code() == Some(101)
                    || output.status.code().is_none()
                    || stderr.contains("panicked")
                    || stdout.contains("panicked")
                {
                    let shown: String = arg.to_string_lossy().chars().take(40).collect();
                    panics.push(format!(
                        "{command:?} {shown:?}{}: {:?} {}",
                        if twice { " (twice)" } else { "" },
                        output.status.code(),
                        stderr.lines().take(3).collect::<Vec<_>>().join(" | ")
                    ));
                }
            }
        }
    }
    panics
}

#[test]
fn no_argument_makes_a_command_panic_in_a_repository() {
    let env = TestEnv::repo();
    env.copy_examples();
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-m", "OKRs"],
    );
    let panics = attack(&env);
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
    // The repository is still sound after all of it.
    let fsck = env.git_run(&["fsck", "--no-progress"]);
    assert_eq!(fsck.code, 0, "{fsck:?}");
}

#[test]
fn no_argument_makes_a_command_panic_outside_a_repository() {
    let env = TestEnv::new();
    let panics = attack(&env);
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}
