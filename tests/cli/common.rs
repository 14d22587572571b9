//! The hermetic test environment: a temporary folder (optionally a git
//! repository), and the binary run with a cleared environment, no user or
//! system git config, fixed identities and dates, and no colour.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The project's top folder, for reading fixtures and examples.
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The platform team's set, with comments and spacing a person leaves: a
/// final set with check-ins, shared by the check-in and merge tests.
pub const PLATFORM: &str = r#"#:schema ../../docs/okr.schema.json
# Platform team, Q4. Reviewed with engineering on 2026-09-28.
format = 1
team = "platform"
period = "2026-Q4"
status = "final"
version = "1.2"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
theme = "quality"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target   = 2.8
current  = 3.6    # from the payments dashboard
confidence = 0.6
owner = "platform"

# Added at the alignment session.
[[objectives.key_results]]
id = "checkout-latency"
title = "Cut p99 checkout latency from 900 ms to 400 ms"
unit = "ms"
baseline = 900
target = 400
owner = "platform"

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"

[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
confidence = 0.8
owner = "platform"
"#;

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// A temporary folder to run git-okr in.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    /// An empty folder, not in any git repository.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("git-okr-test")
            .tempdir()
            .expect("a temporary folder");
        TestEnv { dir }
    }

    /// A folder holding a fresh git repository on branch `main`.
    pub fn repo() -> Self {
        let env = TestEnv::new();
        env.git(&["init", "-q", "-b", "main"]);
        env
    }

    /// The folder, canonical.
    pub fn path(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("a canonical path")
    }

    /// Writes `contents` at `relative`, creating folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write a file");
    }

    /// Copies the project's example OKRs into `okrs/`.
    pub fn copy_examples(&self) {
        copy_dir(&project_dir().join("okrs"), &self.path().join("okrs"));
    }

    /// A command with the hermetic environment, run in `cwd` (relative).
    fn command(&self, program: &Path, cwd: &str) -> Command {
        let home = self.path();
        let mut command = Command::new(program);
        command
            .current_dir(home.join(cwd))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("LANG", "C")
            .env("TZ", "UTC")
            // Today, for the commands that resolve names by it: the day the
            // commits are dated.
            .env("OKR_TODAY", "2026-10-05")
            .env("NO_COLOR", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", home.parent().unwrap_or(&home))
            .env("GIT_AUTHOR_NAME", "Test Author")
            .env("GIT_AUTHOR_EMAIL", "author@example.com")
            .env("GIT_AUTHOR_DATE", "2026-10-05T09:00:00Z")
            .env("GIT_COMMITTER_NAME", "Test Committer")
            .env("GIT_COMMITTER_EMAIL", "committer@example.com")
            .env("GIT_COMMITTER_DATE", "2026-10-05T09:00:00Z");
        command
    }

    /// Runs `git-okr ARGS` in `cwd` (relative to the folder).
    pub fn run_in(&self, cwd: &str, args: &[&str]) -> Run {
        self.run_with(cwd, args, &[])
    }

    /// Runs `git-okr ARGS` in the folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// Runs `git-okr ARGS` in `cwd` with extra environment variables.
    pub fn run_with(&self, cwd: &str, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut command = self.command(Path::new(env!("CARGO_BIN_EXE_git-okr")), cwd);
        command.args(args);
        for (key, value) in vars {
            command.env(key, value);
        }
        let output = command.output().expect("run git-okr");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `git-okr ARGS` in the folder with `input` on standard input.
    pub fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write as _;
        let mut command = self.command(Path::new(env!("CARGO_BIN_EXE_git-okr")), ".");
        command
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("run git-okr");
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input.as_bytes())
                .expect("write standard input");
        }
        let output = child.wait_with_output().expect("wait for git-okr");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The binary as a command with the hermetic environment, to start
    /// several at once.
    pub fn okr_command(&self, args: &[&str]) -> Command {
        let mut command = self.command(Path::new(env!("CARGO_BIN_EXE_git-okr")), ".");
        command.args(args);
        command
    }

    /// Reads the file at `relative`.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).expect("read a file")
    }

    /// Runs the real `git` in the folder and returns what it did, failing
    /// or not.
    pub fn git_run(&self, args: &[&str]) -> Run {
        let output = self
            .command(Path::new("git"), ".")
            .args(args)
            .output()
            .expect("run git");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs the real `git` in the folder; panics if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git_with(self, &[], args)
    }
}

/// Runs the real `git` in the hermetic environment with extra variables;
/// panics if it fails.
pub fn git_with(env: &TestEnv, vars: &[(&str, &str)], args: &[&str]) -> String {
    let output = env
        .command(Path::new("git"), ".")
        .envs(vars.iter().copied())
        .args(args)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The environment variables that date a commit.
fn dated(date: &str) -> [(&str, &str); 2] {
    [("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)]
}

/// Runs the real `git` with author and committer dates `date`.
pub fn git_on(env: &TestEnv, date: &str, args: &[&str]) -> String {
    git_with(env, &dated(date), args)
}

/// Runs `git okr ARGS` with author and committer dates `date`; it must
/// succeed.
pub fn okr_on(env: &TestEnv, date: &str, args: &[&str]) -> Run {
    let run = env.run_with(".", args, &dated(date));
    assert_eq!(run.code, 0, "git okr {args:?}: {run:?}");
    run
}

/// The full id of HEAD.
pub fn head(env: &TestEnv) -> String {
    env.git(&["rev-parse", "HEAD"]).trim().to_owned()
}

/// Replaces `from` with `to` in the working-tree file at `path`, which must
/// hold it.
#[track_caller]
pub fn edit(env: &TestEnv, path: &str, from: &str, to: &str) {
    let text = env.read(path);
    assert_contains(&text, from);
    env.write(path, text.replacen(from, to, 1));
}

/// Fails, showing `text`, unless `text` contains `part`.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} is not in:\n{text}");
}

/// Fails, showing `text`, if `text` contains `part`.
#[track_caller]
pub fn assert_lacks(text: &str, part: &str) {
    assert!(!text.contains(part), "{part:?} is in:\n{text}");
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// PATH with the folder of the binary under test first, so that the shims
/// of git-okr's hooks find `git-okr`.
pub fn okr_path() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_git-okr"))
        .parent()
        .expect("the binary's folder")
        .to_owned();
    let path = std::env::var("PATH").unwrap_or_default();
    format!("{}:{path}", bin.display())
}

/// Runs the real git, hermetic, with git-okr on PATH for its hooks, and
/// `vars` set; returns what it did.
pub fn hooked_git(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut command = std::process::Command::new("git");
    command
        .current_dir(env.path())
        .env_clear()
        .env("PATH", okr_path())
        .env("HOME", env.path())
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("OKR_TODAY", "2026-10-05")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", "2026-10-05T09:00:00Z")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_COMMITTER_DATE", "2026-10-05T09:00:00Z")
        .args(args);
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().expect("run git");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `git okr ARGS` with git-okr on PATH, for the hooks it runs.
pub fn hooked_okr(env: &TestEnv, args: &[&str]) -> Run {
    env.run_with(".", args, &[("PATH", &okr_path())])
}
