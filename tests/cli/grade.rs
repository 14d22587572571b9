//! `git okr grade` end to end, on repositories built by each test: scores,
//! bands and expectations, the in-place edit (scores, `[review]`, `status =
//! "closed"`), the one-file commit and its trailers, `--dry-run`, and what it
//! refuses.

use crate::common::{Run, TestEnv, assert_contains, head};

const PATH: &str = "okrs/2026-Q4/platform.toml";

/// The platform team's set at the end of Q4, with comments a person leaves.
const PLATFORM: &str = r#"#:schema ../../docs/okr.schema.json
# Platform team, Q4.
format = 1
team = "platform"
period = "2026-Q4"
status = "final"   # frozen on 2026-10-02
version = "1.2"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
weight = 2

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target   = 2.8
current  = 3.1    # from the payments dashboard
confidence = 0.6
ambition = "aspirational"

[[objectives.key_results]]
id = "pci-audit"
title = "Pass the PCI DSS assessment with no open findings"
kind = "milestone"
current = 1

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"

# Added at the alignment session.
[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
confidence = 0.8
"#;

/// A repository with the platform set committed on `main`.
fn repo_with(text: &str) -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, text);
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Platform OKRs"]);
    env
}

/// Checks that a refused grade wrote nothing: same HEAD, same file, exit 2.
#[track_caller]
fn assert_refused(env: &TestEnv, run: &Run, before: &str, file: &str, message: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, message);
    assert_eq!(run.stdout, "", "nothing on standard output");
    assert_eq!(head(env), before, "nothing is committed");
    assert_eq!(env.read(PATH), file, "the file is untouched");
}

#[test]
fn grades_edits_in_place_and_commits_that_file_alone() {
    let env = repo_with(PLATFORM);
    env.write("notes.txt", "staged\n");
    env.git(&["add", "notes.txt"]);
    let run = env.run(&["grade", "platform", "-m", "The review on 2026-12-18."]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("human", run.stdout);
    let after = env.read(PATH);
    insta::assert_snapshot!(
        "edit_in_place",
        format!("--- before\n{PLATFORM}--- after\n{after}")
    );
    assert_eq!(
        env.git(&["show", "--format=", "--name-only", "HEAD"]),
        format!("{PATH}\n"),
        "the commit changes the OKR file and nothing else"
    );
    assert_eq!(
        env.git(&["status", "--porcelain"]),
        "A  notes.txt\n",
        "what was staged stays staged; the file and index agree"
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%B"]),
        "grade(platform): 0.7 (green)\n\
         \n\
         The review on 2026-12-18.\n\
         \n\
         OKR-Set: 2026-Q4:platform\n\
         OKR-Grade: 0.7\n\n"
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%(trailers:key=OKR-Grade,valueonly)"]),
        "0.7\n\n"
    );
    // The new file is valid and closed; lint asks for the review to be written.
    let lint = env.run(&["lint", PATH]);
    assert_eq!(lint.code, 0, "{lint:?}");
    assert_contains(&lint.stdout, "missing-review");
    // Graded once: a second grade is refused.
    let before = head(&env);
    let again = env.run(&["grade", "platform"]);
    assert_refused(
        &env,
        &again,
        &before,
        &after,
        "`2026-Q4:platform` is closed: it was graded already",
    );
    insta::assert_snapshot!("refused_closed", again.stderr);
}

#[test]
fn dry_run_writes_nothing_and_json_is_the_grade() {
    let env = repo_with(PLATFORM);
    let before = head(&env);
    let run = env.run(&["grade", "2026-Q4:platform", "--dry-run", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("dry_run_json", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["score"], 0.7);
    assert_eq!(json["band"], "green");
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["commit"], serde_json::Value::Null);
    assert_eq!(head(&env), before);
    assert_eq!(env.read(PATH), PLATFORM);

    let human = env.run(&["grade", "platform", "--dry-run"]);
    assert_eq!(human.code, 0, "{human:?}");
    assert_contains(&human.stdout, "dry run: nothing written");
    assert_eq!(env.read(PATH), PLATFORM);

    // Committed, the JSON names the commit.
    let run = env.run(&["grade", "platform", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["commit"], serde_json::Value::String(head(&env)));
}

#[test]
fn a_written_review_is_kept_and_a_hand_score_too() {
    let text = PLATFORM.replace(
        "current = 9.5\n",
        "current = 9.5\nscore = 0.9  # the team's call: queue time fell outside our control\n",
    ) + "\n# Written at the retro.\n[review]\nlessons = [\"Measure before optimising.\"]\ncontinue = [\"Weekly check-ins\"]\n";
    let env = repo_with(&text);
    let run = env.run(&["grade", "platform"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "ci-time           0.9 green   committed (default)  expected 1.0  not met  9.5 of 6 minutes (from 14), scored by hand (computed 0.5)",
    );
    let after = env.read(PATH);
    assert_contains(
        &after,
        "score = 0.9  # the team's call: queue time fell outside our control\n",
    );
    assert!(
        after.ends_with(
            "\n# Written at the retro.\n[review]\nscore = 0.9\nlessons = [\"Measure before optimising.\"]\ncontinue = [\"Weekly check-ins\"]\nfailures = []\n"
        ),
        "{after}"
    );
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let unmeasured = PLATFORM
        .replace("current = 9.5\n", "")
        .replace("current = 1\n", "");
    let env = repo_with(&unmeasured);
    let before = head(&env);

    let run = env.run(&["grade", "platform"]);
    assert_refused(
        &env,
        &run,
        &before,
        &unmeasured,
        "2 key results lack the numbers to score: platform/reliable-checkout/pci-audit (no `current`), platform/paved-road/ci-time (no `current`)",
    );
    insta::assert_snapshot!("refused_unscorable", run.stderr);

    let run = env.run(&["grade", "platfrom"]);
    assert_refused(
        &env,
        &run,
        &before,
        &unmeasured,
        "`platfrom` matches nothing",
    );
    assert_contains(&run.stderr, "hint: did you mean `platform`?");

    let run = env.run(&["grade", "paved-road"]);
    assert_refused(
        &env,
        &run,
        &before,
        &unmeasured,
        "`paved-road` matches nothing",
    );

    // The same team in two open periods, neither of them today's: the
    // period must be named.
    env.write(
        "okrs/2027-Q1/platform.toml",
        PLATFORM.replace("2026-Q4", "2027-Q1"),
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Next quarter"]);
    let before = head(&env);
    let run = env.run_with(".", &["grade", "platform"], &[("OKR_TODAY", "2027-06-01")]);
    assert_refused(&env, &run, &before, &unmeasured, "`platform` is ambiguous");
    insta::assert_snapshot!("refused_ambiguous", run.stderr);
    let run = env.run(&["grade", "2027-Q1:platform", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");

    // A file with errors is not graded.
    let broken = unmeasured.replace("weight = 2", "weight = 0");
    env.write(PATH, &broken);
    let run = env.run(&["grade", "2026-Q4:platform", "--dry-run"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "has errors: fix them before grading");
    assert_contains(&run.stderr, "weight 0 is not above 0");
    assert_eq!(env.read(PATH), broken);
}

#[test]
fn a_dirty_file_is_refused_unless_allowed() {
    let env = repo_with(PLATFORM);
    let before = head(&env);
    let dirty = PLATFORM.replace("current = 9.5", "current = 6");
    env.write(PATH, &dirty);
    let run = env.run(&["grade", "platform"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "has unstaged changes that are not committed");
    assert_eq!((head(&env), env.read(PATH)), (before, dirty));
    let run = env.run(&["grade", "platform", "--allow-dirty"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stderr, "includes the uncommitted changes");
    assert_contains(&run.stdout, "ci-time           1.0 green");
}

#[test]
fn a_set_never_made_final_is_graded_with_a_note() {
    let env = repo_with(&PLATFORM.replace("status = \"final\"", "status = \"review\""));
    let run = env.run(&["grade", "platform", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "note: `2026-Q4:platform` was review, never made final; grading closes it all the same\n"
    );
}
