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

/// A repository with the project's example OKRs committed.
fn examples_repo() -> TestEnv {
    let env = TestEnv::repo();
    env.copy_examples();
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-m", "OKRs"],
    );
    env
}

#[test]
fn no_argument_makes_a_command_panic_in_a_repository() {
    let env = examples_repo();
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

/// The escape sequences git-okr paints with; nothing else may reach a
/// terminal.
const OWN: [&str; 7] = [
    "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m",
];

/// The control characters left in `text` once git-okr's own colours are
/// taken out, newlines and tabs aside.
fn raw_controls(text: &str) -> Vec<char> {
    let mut text = text.to_owned();
    for own in OWN {
        text = text.replace(own, "");
    }
    text.chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect()
}

#[test]
fn what_a_user_wrote_never_reaches_a_terminal_raw() {
    let env = examples_repo();
    let file = "okrs/2026-Q4/platform.toml";
    let text = env.read(file);
    // A link, a screen clear, a carriage return, a backspace, a bell and
    // an 8-bit CSI, in an objective's title and a key result's.
    let hostile =
        r"\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[2J\r\u0008\u009b1A";
    let edited = text
        .replacen(
            "title = \"A paved road so smooth",
            &format!("title = \"A paved road {hostile} so smooth"),
            1,
        )
        .replacen(
            "title = \"Cut median CI pipeline time",
            &format!("title = \"Cut median CI {hostile} pipeline time"),
            1,
        );
    assert_ne!(edited, text, "the titles were found");
    env.write(file, edited);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-03T09:00:00Z",
        &["commit", "-q", "-m", "Titles"],
    );
    let note = "Faster \x1b]0;owned\x07 runners \x1b[2J\r\x08 \u{9b}1A.";
    let run = env.run(&["checkin", "ci-pipeline-time", "9", "-m", note]);
    assert_eq!(run.code, 0, "{run:?}");
    // A reference that is not one, echoed in the error.
    let commands: &[&[&str]] = &[
        &["lint"],
        &["lint", "--format", "github"],
        &["lint", "--format", "gcc"],
        &["status", "--all"],
        &["tree"],
        &["log"],
        &["history", "platform"],
        &["present", "platform"],
        &["report", "--markdown"],
        &["diff", "HEAD~2", "HEAD"],
        &["diff", "HEAD~2", "HEAD", "--format", "markdown"],
        &["checkin", "x\x1b[2J", "3"],
    ];
    let mut leaks = Vec::new();
    for command in commands {
        for color in ["never", "always"] {
            let mut args = vec!["--color", color];
            args.extend_from_slice(command);
            let run = env.run(&args);
            for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                let raw = raw_controls(text);
                if !raw.is_empty() {
                    leaks.push(format!("{args:?} {stream}: {raw:?}"));
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    // Shown, not dropped: the reader sees that something was there.
    let log = env.run(&["log"]);
    assert!(log.stdout.contains("^[]0;owned^G"), "{}", log.stdout);
}
