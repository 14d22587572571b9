//! `git okr lint` end to end: where it looks, what it prints, how it exits.

use crate::common::TestEnv;

const PLATFORM: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
allow = { unbalanced-set = "a one-objective set, to test the command" }

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
aligns = ["engineering/customer-trust"]

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
baseline = 4.0
target = 2.8
"#;

const ENGINEERING: &str = r#"format = 1
team = "engineering"
period = "2026-Q4"
allow = { unbalanced-set = "a one-objective set, to test the command" }

[[objectives]]
id = "customer-trust"
title = "Customers trust us with their money"

[[objectives.key_results]]
id = "incidents"
title = "Customer-visible incidents from 6 to 2 a quarter"
baseline = 6
target = 2
"#;

#[test]
fn the_examples_lint_clean_from_the_repository_top() {
    let env = TestEnv::repo();
    env.copy_examples();
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!(run.stdout, @"checked 3 files: no problems found");
}

#[test]
fn no_path_means_the_okr_root_at_the_repository_top() {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q4/platform.toml",
        PLATFORM.replace("4.0", "\"4\""),
    );
    env.write("okrs/2026-Q4/engineering.toml", ENGINEERING);
    env.write("src/deep/file.txt", "");
    let run = env.run_in("src/deep", &["lint"]);
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!(run.stdout, @r#"
    error[wrong-type]: `baseline` must be a number, found a string
      --> ../../okrs/2026-Q4/platform.toml:15:12
       |
    15 | baseline = "4"
       |            ^^^
       |
       = help: remove the quotes: `baseline = 4`

    checked 2 files: 1 error
    "#);
}

#[test]
fn okr_toml_moves_the_root() {
    let env = TestEnv::repo();
    env.write("okr.toml", "root = \"goals\"\n");
    env.write("goals/platform.toml", PLATFORM);
    env.write("goals/engineering.toml", ENGINEERING);
    env.write("okrs/broken.toml", "this is not read");
    let run = env.run(&["lint"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "checked 2 files: no problems found\n"),
        "{run:?}"
    );
}

#[test]
fn an_invalid_okr_toml_is_an_input_error() {
    let env = TestEnv::repo();
    env.write("okr.toml", "rot = \"goals\"\n");
    env.write("okrs/engineering.toml", ENGINEERING);
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 2, "{run:?}");
    insta::assert_snapshot!(run.stderr, @r#"
    error[unknown-key]: unknown key `rot` in okr.toml
     --> okr.toml:1:1
      |
    1 | rot = "goals"
      | ^^^
      |
      = help: did you mean `root`?

    error: `okr.toml` is invalid
    hint: fix okr.toml as shown above
    "#);
}

#[test]
fn outside_a_repository_the_root_is_in_the_current_folder() {
    let env = TestEnv::new();
    env.write("okrs/engineering.toml", ENGINEERING);
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_missing_root_says_what_to_do() {
    let env = TestEnv::repo();
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr, @r#"
    error: no OKR files here: `okrs` does not exist
    hint: pass the files or folders to check, or set `root = "…"` in okr.toml at the repository's top
    "#);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let env = TestEnv::repo();
    let run = env.run(&["lint", "nope.toml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: `nope.toml`: no such file or folder\n")
    );
}

#[test]
fn unknown_options_are_usage_errors() {
    let env = TestEnv::new();
    let run = env.run(&["lint", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml'"), "{}", run.stderr);
    let run = env.run(&["frobnicate"]);
    assert_eq!(run.code, 2);
}

#[test]
fn one_file_resolves_references_against_the_whole_root() {
    let env = TestEnv::repo();
    env.write("okrs/2026-Q4/platform.toml", PLATFORM);
    env.write(
        "okrs/2026-Q4/engineering.toml",
        ENGINEERING.replace("format = 1\n", ""),
    );
    // The engineering file is broken, but only platform is asked about; its
    // parent and aligns resolve against engineering's set all the same.
    let run = env.run(&["lint", "okrs/2026-Q4/platform.toml"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "checked 1 file: no problems found\n"),
        "{run:?}"
    );
}

#[test]
fn unresolved_references_are_errors() {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q4/platform.toml",
        PLATFORM.replace("customer-trust", "customer-trst"),
    );
    env.write("okrs/2026-Q4/engineering.toml", ENGINEERING);
    let run = env.run(&["lint", "-q"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout, @r#"
    error[unresolved-reference]: `aligns`: `engineering/customer-trst` matches nothing
      --> okrs/2026-Q4/platform.toml:10:11
       |
    10 | aligns = ["engineering/customer-trst"]
       |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^
       |
       = help: did you mean `engineering/customer-trust`?
    "#);
}

#[test]
fn warnings_fail_only_when_denied() {
    let env = TestEnv::new();
    env.write(
        "okrs/empty.toml",
        "format = 1\nteam = \"platform\"\nperiod = \"2026\"\n",
    );
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("warning[empty-set]"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("checked 1 file: 1 warning\n"),
        "{}",
        run.stdout
    );
    assert_eq!(env.run(&["lint", "--deny-warnings"]).code, 1);
}

#[test]
fn json_output_carries_every_field() {
    let env = TestEnv::new();
    env.write(
        "a.toml",
        PLATFORM
            .replace("2.8", "4.0")
            .replace("parent = \"engineering\"\n", "")
            .replace("aligns = [\"engineering/customer-trust\"]\n", ""),
    );
    let run = env.run(&["lint", "--format", "json", "a.toml"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    insta::assert_json_snapshot!(json, @r#"
    [
      {
        "code": "baseline-equals-target",
        "column": 10,
        "end_column": 13,
        "end_line": 14,
        "file": "a.toml",
        "help": "set the target to the value you aim for; to hold a value steady, make the key result the range you must not leave",
        "line": 14,
        "message": "the target equals the baseline (4): there is nothing to achieve",
        "severity": "error",
        "subject": "platform/reliable-checkout/failed-checkouts"
      }
    ]
    "#);
}

#[test]
fn a_file_over_one_mebibyte_is_not_read() {
    let env = TestEnv::new();
    let mut text = ENGINEERING.to_owned();
    while text.len() <= 1 << 20 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    env.write("big.toml", &text);
    let run = env.run(&["lint", "--format", "json", "big.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("\"file-too-large\""), "{}", run.stdout);
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let env = TestEnv::new();
    let mut bytes = b"format = 1\nteam = \"pl".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"\n");
    env.write("bad.toml", bytes);
    let run = env.run(&["lint", "bad.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[not-utf8]"), "{}", run.stdout);
    assert!(run.stdout.contains("bad.toml:2:11"), "{}", run.stdout);
}

#[test]
fn folders_are_walked_in_order_and_hidden_ones_skipped() {
    let env = TestEnv::new();
    env.write(
        "dir/b.toml",
        "format = 1\nteam = \"b\"\nperiod = \"2026\"\n",
    );
    env.write(
        "dir/a/a.toml",
        "format = 1\nteam = \"a\"\nperiod = \"2026\"\n",
    );
    env.write("dir/.hidden/x.toml", "not toml");
    env.write("dir/notes.txt", "not toml");
    let run = env.run(&["lint", "dir"]);
    assert_eq!(run.code, 0);
    let files: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--> "))
        .collect();
    assert_eq!(files, ["dir/a/a.toml:2:8", "dir/b.toml:2:8"]);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = TestEnv::new();
    env.write("okrs/a.toml", "format = 2\n");
    let plain = env.run(&["lint"]);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "NO_COLOR is set by the test environment"
    );
    let always = env.run(&["lint", "--color", "always"]);
    assert!(always.stdout.contains('\u{1b}'));
}

#[test]
fn help_has_examples() {
    let env = TestEnv::new();
    let run = env.run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("git okr lint"), "{}", run.stdout);
    let run = env.run(&["lint", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    assert!(run.stdout.contains("Exit status"), "{}", run.stdout);
}

#[test]
fn runs_as_a_git_subcommand() {
    let env = TestEnv::repo();
    env.write("okrs/engineering.toml", ENGINEERING);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_git-okr"))
        .parent()
        .expect("the binary's folder")
        .to_string_lossy()
        .into_owned();
    let path = format!("{bin}:{}", std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("git")
        .args(["okr", "lint"])
        .current_dir(env.path())
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("run git okr");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "checked 1 file: no problems found\n"
    );
}

#[test]
fn a_root_that_is_a_file_is_named_as_such() {
    let env = TestEnv::repo();
    env.write("okrs", "not a folder");
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: no OKR files here: `okrs` is not a folder\n"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn named_pipes_are_never_read() {
    let env = TestEnv::new();
    env.write("okrs/engineering.toml", ENGINEERING);
    let pipe = env.path().join("okrs/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    // Walking the root skips the pipe instead of blocking on it.
    let run = env.run(&["lint"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "checked 1 file: no problems found\n"),
        "{run:?}"
    );
    // Naming it is an input error.
    let run = env.run(&["lint", "okrs/pipe.toml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: `okrs/pipe.toml` is not a file or a folder\n")
    );
}

#[test]
fn an_okr_toml_that_is_not_utf8_is_located() {
    let env = TestEnv::repo();
    env.write("okr.toml", b"root = \"\xff\"\n");
    env.write("okrs/engineering.toml", ENGINEERING);
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("error[not-utf8]"), "{}", run.stderr);
    assert!(run.stderr.contains("okr.toml:1:9"), "{}", run.stderr);
}

#[test]
fn a_measure_with_nothing_to_reach_is_told_so() {
    // A named measure is a fact the wording scorer leaves to
    // `kr-no-target`; a wish without a measure is `kr-is-vague`.
    let env = TestEnv::new();
    env.write(
        "okrs/2026-Q4/support.toml",
        r#"format = 1
team = "support"
period = "2026-Q4"
allow = { unbalanced-set = "a one-objective set, to test the command" }

[[objectives]]
id = "faster-answers"
title = "Customers get answers before they think to ask"

[[objectives.key_results]]
id = "time-to-answer"
title = "Time to first answer"

[[objectives.key_results]]
id = "tone"
title = "Improve the tone of our answers"
"#,
    );
    let run = env.run(&["lint", "--format", "gcc"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(
            "support.toml:12:9: warning: `Time to first answer` has no numeric target [kr-no-target]"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "support.toml:16:9: warning: `Improve the tone of our answers` has no measure [kr-is-vague]"
        ),
        "{}",
        run.stdout
    );
}
