//! `git okr new` end to end, on repositories built by each test: the
//! scaffold and its commit, the carry-over of a graded set, `--no-commit`,
//! another OKR root, and what it refuses.

use crate::common::{Run, TestEnv, assert_contains, assert_lacks, head};

const NEW: &str = "okrs/2027-Q1/platform.toml";

const ENGINEERING: &str = r#"format = 1
team = "engineering"
period = "2027-Q1"

[[objectives]]
id = "ship-small"
title = "Ship small, ship often"
"#;

/// Last quarter's platform set, graded, with its review written.
const LAST: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "closed"
version = "1.2"

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"
aligns = ["engineering/ship-small"]

[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
metric = "median minutes from push to green on main, weekly"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
confidence = 0.8
score = 0.5
owner = "platform"
caveat = "Queue time is included."

[[objectives.key_results]]
id = "rollback-time"
title = "Reduce rollback time from 25 minutes to 3 minutes"
unit = "minutes"
baseline = 25
target = 3
current = 8
ambition = "aspirational"
score = 0.7

[[objectives]]
id = "audited"
title = "Card data nobody worries about"
theme = "security"

[[objectives.key_results]]
id = "pci-audit"
title = "Pass the PCI DSS assessment with no open findings"
kind = "milestone"
current = 0
score = 0.0

[review]
score = 0.4
lessons = ["Drills are calmer than incidents."]
failures = ["We let the shared CI queue grow unnoticed for a month."]
continue = ["Monthly game-day rollback drills", "Weekly cost review"]
"#;

/// A repository with the engineering set of 2027-Q1 and the platform set
/// of 2026-Q4 (and its parent) committed on `main`.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write("okrs/2027-Q1/engineering.toml", ENGINEERING);
    env.write(
        "okrs/2026-Q4/engineering.toml",
        ENGINEERING.replace("2027-Q1", "2026-Q4"),
    );
    env.write("okrs/2026-Q4/platform.toml", LAST);
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "OKRs"]);
    env
}

/// Checks that a refused `new` wrote nothing.
#[track_caller]
fn assert_refused(env: &TestEnv, run: &Run, before: &str, message: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, message);
    assert_eq!(head(env), before, "nothing is committed");
    assert!(
        !env.path().join(NEW).exists(),
        "no file is written: {}",
        env.read(NEW)
    );
    assert_eq!(env.git(&["status", "--porcelain"]), "", "nothing changed");
}

#[test]
fn scaffolds_a_draft_and_commits_it() {
    let env = repo();
    let run = env.run(&[
        "new",
        "platform",
        "--period",
        "2027-Q1",
        "--parent",
        "engineering",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("scaffold_stdout", run.stdout);
    insta::assert_snapshot!("scaffold", env.read(NEW));
    assert_eq!(
        env.git(&["log", "-1", "--format=%B"]),
        "new(platform): 2027-Q1, draft 1.0\n\nOKR-Set: 2027-Q1:platform\n\n"
    );
    assert_eq!(
        env.git(&["show", "--format=", "--name-only", "HEAD"]),
        format!("{NEW}\n")
    );
    assert_eq!(env.git(&["status", "--porcelain"]), "");
    // The scaffold parses; lint only notes that it has no objectives yet.
    let lint = env.run(&["lint", "--format", "json", NEW]);
    let findings: serde_json::Value = serde_json::from_str(&lint.stdout).expect("JSON");
    let codes: Vec<&str> = findings
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["empty-set"], "{lint:?}");
    // The status of the new set shows it as a draft.
    let status = env.run(&["status", "2027-Q1:platform"]);
    assert_eq!(status.code, 0, "{status:?}");
    assert_contains(&status.stdout, "2027-Q1:platform  draft v1.0");
}

#[test]
fn carries_over_what_was_not_met_the_continue_items_and_the_failures() {
    let env = repo();
    let run = env.run(&[
        "new",
        "platform",
        "--period",
        "2027-Q1",
        "--parent",
        "2027-Q1:engineering",
        "--from",
        "2026-Q4:platform",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("carry_over_stdout", run.stdout);
    let text = env.read(NEW);
    insta::assert_snapshot!("carry_over", text);
    // Met (0.7, aspirational): not carried.
    assert_lacks(&text, "rollback-time");
    assert_contains(&text, "baseline = 9.5\ntarget = 6\n");
    assert_lacks(&text, "current =");
    assert_lacks(&text, "score =");
    assert_eq!(
        env.git(&["log", "-1", "--format=%B"]),
        "new(platform): 2027-Q1, draft 1.0\n\
         \n\
         Carried over from 2026-Q4:platform: 2 items to continue, 2 key results not met, 1 failure to avoid.\n\
         \n\
         OKR-Set: 2027-Q1:platform\n\n"
    );
    let lint = env.run(&["lint", NEW]);
    assert_eq!(lint.code, 0, "{lint:?}");
    assert_lacks(&lint.stdout, "error");
}

#[test]
fn carrying_from_a_set_not_graded_judges_by_progress() {
    let env = repo();
    let ungraded = LAST
        .replace("status = \"closed\"", "status = \"final\"")
        .replace("score = 0.5\n", "")
        .replace("score = 0.7\n", "")
        .replace("score = 0.0\n", "");
    env.write("okrs/2026-Q4/platform.toml", &ungraded);
    env.git(&["commit", "-q", "-am", "ungraded"]);
    let run = env.run(&[
        "new", "platform", "--period", "2027-Q1", "--from", "platform",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "note: `2026-Q4:platform` is not graded (final): its key results are judged by their progress\n"
    );
    assert_contains(
        &run.stdout,
        "  - paved-road/ci-time (score 0.5, expected 1.0): baseline 9.5 minutes\n",
    );
    assert_contains(
        &run.stdout,
        "  - audited/pci-audit (score 0.0, expected 1.0): a milestone, 0 to 1 again\n",
    );
}

#[test]
fn no_commit_writes_the_file_only() {
    let env = repo();
    let before = head(&env);
    let run = env.run(&["new", "platform", "--period", "2027-Q1", "--no-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "a draft at version 1.0 (not committed)");
    assert_eq!(head(&env), before);
    assert_eq!(
        env.git(&["status", "--porcelain", "--untracked-files=all"]),
        format!("?? {NEW}\n")
    );
    assert_lacks(&env.read(NEW), "parent =");
    let again = env.run(&["new", "platform", "--period", "2027-Q1", "--no-commit"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert_contains(&again.stderr, "`okrs/2027-Q1/platform.toml` already exists");
}

#[test]
fn a_repository_without_commits_gets_the_way_to_its_first_set() {
    let env = TestEnv::repo();
    let run = env.run(&["new", "platform", "--period", "2027-Q1"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "no commits yet");
    assert_contains(&run.stderr, "--no-commit");
    assert!(!env.path().join(NEW).exists(), "nothing written");
    let run = env.run(&["new", "platform", "--period", "2027-Q1", "--no-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(env.path().join(NEW).exists());
}

#[test]
fn another_okr_root_moves_the_schema_path() {
    let env = TestEnv::repo();
    env.write("okr.toml", "root = \"planning/okrs\"\n");
    env.write("README.md", "x\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "start"]);
    let run = env.run(&["new", "data-eng", "--period", "2027"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = env.read("planning/okrs/2027/data-eng.toml");
    // No schema in the repository: the line names the one `git okr schema`
    // writes into the OKR root, and `new` says how.
    assert!(text.starts_with("#:schema ../okr.schema.json\n"), "{text}");
    assert_contains(
        &run.stdout,
        "write it once with `git okr schema > planning/okrs/okr.schema.json`",
    );
    assert_contains(&run.stdout, "[main ");
    let schema = env.run(&["schema"]);
    assert_eq!(schema.code, 0, "{schema:?}");
    env.write("planning/okrs/okr.schema.json", &schema.stdout);
    let value: serde_json::Value = serde_json::from_str(&schema.stdout).expect("JSON");
    assert_eq!(value["title"], "git-okr OKR file, format 1");
    let run = env.run(&["new", "data-eng", "--period", "2028"]);
    assert_lacks(&run.stdout, "git okr schema");
    assert!(
        env.read("planning/okrs/2028/data-eng.toml")
            .starts_with("#:schema ../okr.schema.json\n")
    );

    // A repository with docs/okr.schema.json keeps pointing there.
    env.write("docs/okr.schema.json", &schema.stdout);
    let run = env.run(&["new", "data-eng", "--period", "2029"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = env.read("planning/okrs/2029/data-eng.toml");
    assert!(
        text.starts_with("#:schema ../../../docs/okr.schema.json\n"),
        "{text}"
    );
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let env = repo();
    let before = head(&env);
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "bad_team",
            &["new", "Platform Team", "--period", "2027-Q1"],
            "TEAM: `Platform Team` is not a lowercase slug",
        ),
        (
            "bad_period",
            &["new", "platform", "--period", "2027-q1"],
            "--period: `2027-q1` is not a period",
        ),
        (
            "unknown_parent",
            &[
                "new",
                "platform",
                "--period",
                "2027-Q1",
                "--parent",
                "enginering",
            ],
            "--parent: no set of team `enginering` in 2027-Q1",
        ),
        (
            "parent_of_another_period",
            &[
                "new",
                "platform",
                "--period",
                "2027-Q2",
                "--parent",
                "engineering",
            ],
            "--parent: no set of team `engineering` in 2027-Q2",
        ),
        (
            "unknown_from",
            &[
                "new",
                "platform",
                "--period",
                "2027-Q1",
                "--from",
                "2026-Q4:platfrom",
            ],
            "`2026-Q4:platfrom` matches nothing",
        ),
        (
            "existing_set",
            &["new", "engineering", "--period", "2027-Q1"],
            "`okrs/2027-Q1/engineering.toml` already exists",
        ),
    ];
    for (name, args, message) in cases {
        let run = env.run(args);
        assert_refused(&env, &run, &before, message);
        insta::assert_snapshot!(format!("refused_{name}"), run.stderr);
    }
    // A set of that team and period in a file of another name.
    env.write(
        "okrs/2027-Q1/infra.toml",
        LAST.replace("2026-Q4", "2027-Q1"),
    );
    let run = env.run(&["new", "platform", "--period", "2027-Q1"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "`okrs/2027-Q1/infra.toml` already holds the 2027-Q1 set of team `platform`",
    );
    assert!(!env.path().join(NEW).exists());
}
