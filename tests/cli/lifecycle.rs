//! `git okr iterate`, `finalize` and `reopen` end to end: the file edited in
//! place, one commit with its trailers read back by the real git, the
//! annotated tags, and every refusal leaving the repository as it was.

use crate::common::{TestEnv, assert_contains, edit, git_on, head, okr_on};

const PATH: &str = "okrs/2026-Q4/platform.toml";

const DRAFT: &str = r#"#:schema ../../docs/okr.schema.json
format = 1
team = "platform"
period = "2026-Q4"
status = "draft"   # draft -> review -> final -> closed
version = "1.0"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target = 2.8
owner = "platform"
"#;

fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, DRAFT);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-09-20T09:00:00Z",
        &["commit", "-q", "-m", "Platform draft 1.0"],
    );
    env
}

/// The trailers of HEAD's message, as git reads them.
fn trailers(env: &TestEnv) -> String {
    let text = env.git(&["log", "-1", "--format=%(trailers:only,unfold)"]);
    format!("{}\n", text.trim_end())
}

#[test]
fn iterate_finalize_reopen_as_commits_and_tags() {
    let env = repo();
    // The first iterate proposes the draft as version 1.0, tagged.
    let run = okr_on(
        &env,
        "2026-09-21T10:00:00Z",
        &[
            "iterate",
            "platform",
            "-m",
            "Our first draft.",
            "--stage",
            "draft",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "iterate(platform): draft 1.0 proposed, draft");
    assert_contains(&run.stdout, "tagged okr/2026-Q4/platform/v1.0");
    assert_eq!(
        env.read(PATH),
        DRAFT.replace("status = \"draft\"", "status = \"review\"")
    );
    assert_eq!(
        trailers(&env),
        "OKR-Set: 2026-Q4:platform\nOKR-Iteration: 1.0\nOKR-Stage: draft\n"
    );
    let run = okr_on(
        &env,
        "2026-09-24T10:00:00Z",
        &[
            "iterate",
            "platform",
            "-m",
            "After the one-to-one with the CTO: sharper target.",
            "--stage",
            "manager-review",
        ],
    );
    assert_contains(&run.stdout, "iterate(platform): 1.0 → 1.1, manager-review");
    assert_contains(&run.stdout, "tagged okr/2026-Q4/platform/v1.1");
    // Only the two values changed; the comment stayed.
    assert_eq!(
        env.read(PATH),
        DRAFT
            .replace("status = \"draft\"", "status = \"review\"")
            .replace("\"1.0\"", "\"1.1\"")
    );
    assert_eq!(
        trailers(&env),
        "OKR-Set: 2026-Q4:platform\nOKR-Iteration: 1.1\nOKR-Stage: manager-review\n"
    );
    assert_eq!(
        env.git(&["cat-file", "-t", "okr/2026-Q4/platform/v1.1"])
            .trim(),
        "tag",
        "an annotated tag"
    );
    assert_eq!(
        env.git(&["rev-parse", "okr/2026-Q4/platform/v1.1^{commit}"])
            .trim(),
        head(&env)
    );
    assert_eq!(env.git(&["status", "--porcelain"]), "");

    okr_on(
        &env,
        "2026-10-01T10:00:00Z",
        &["finalize", "platform", "-m", "Presented to the teams."],
    );
    assert_contains(&env.read(PATH), "status = \"final\"   # draft");
    assert_eq!(
        env.git(&["rev-parse", "okr/2026-Q4/platform/final^{commit}"])
            .trim(),
        head(&env)
    );
    assert_contains(&trailers(&env), "OKR-Stage: final\n");

    // Final: no more iterations, and no second finalize.
    let before = head(&env);
    let run = env.run(&["iterate", "platform", "-m", "one more"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "the set is final");
    assert_contains(&run.stderr, "git okr reopen");
    assert_eq!(head(&env), before, "nothing committed");

    // A goalpost moved by hand is caught by `diff --check` and by lint...
    edit(&env, PATH, "target = 2.8", "target = 3.4");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let run = env.run(&["lint", "--format", "gcc"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stdout,
        "okrs/2026-Q4/platform.toml:17:10: error: the key result `failed-checkouts` had its target changed after the set was final (`target`: 2.8 → 3.4) [changed-after-final]",
    );
    env.git(&["checkout", "--", PATH]);

    // ...and a reopen puts it on the record.
    let run = okr_on(
        &env,
        "2026-11-02T10:00:00Z",
        &[
            "reopen",
            "platform",
            "-m",
            "The payments migration moved to Q1.",
        ],
    );
    assert_contains(&run.stdout, "reopen(platform): final 1.1 → 2.0");
    assert_contains(&env.read(PATH), "status = \"review\"");
    assert_contains(&env.read(PATH), "version = \"2.0\"");
    edit(&env, PATH, "target = 2.8", "target = 3.4");
    let run = env.run(&["diff", "HEAD~1", "--check"]);
    assert_eq!(run.code, 0, "a reopen is not a change after final: {run:?}");
    for against in ["HEAD", "HEAD~1"] {
        let run = env.run(&["lint", "--format", "gcc", "--against", against]);
        assert!(!run.stdout.contains("changed-after-final"), "{run:?}");
    }
    env.git(&["commit", "-q", "-am", "Target moved after the reopen"]);

    // Finalized again: its own final tag beside the first.
    okr_on(
        &env,
        "2026-11-03T10:00:00Z",
        &["finalize", "platform", "-m", "Agreed again."],
    );
    let tags = env.git(&["tag", "--list", "okr/*"]);
    assert_eq!(
        tags,
        "okr/2026-Q4/platform/final\nokr/2026-Q4/platform/final-v2.0\nokr/2026-Q4/platform/v1.0\nokr/2026-Q4/platform/v1.1\nokr/2026-Q4/platform/v2.0\n"
    );
}

#[test]
fn major_iterations_and_a_stage_of_the_teams_own() {
    let env = repo();
    okr_on(
        &env,
        "2026-09-24T10:00:00Z",
        &[
            "iterate",
            "2026-Q4:platform",
            "-m",
            "New strategy",
            "--major",
            "--stage",
            "pre-mortem",
        ],
    );
    assert_contains(&env.read(PATH), "version = \"2.0\"");
    assert_contains(&trailers(&env), "OKR-Stage: pre-mortem\n");
    assert_eq!(env.git(&["tag", "--list"]), "okr/2026-Q4/platform/v2.0\n");
}

#[test]
fn refusals_write_nothing() {
    let env = repo();
    let before = head(&env);
    let cases: &[(&[&str], &str)] = &[
        (&["iterate", "platform"], "--message"),
        (&["iterate", "platform", "-m", "  "], "say why"),
        (&["iterate", "nobody", "-m", "x"], "nobody"),
        (
            &[
                "iterate",
                "platform",
                "-m",
                "x",
                "--stage",
                "Manager Review",
            ],
            "not a word such as `manager-review`",
        ),
        (&["reopen", "platform", "-m", "x"], "not final"),
    ];
    for (args, expected) in cases {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_contains(&run.stderr, expected);
    }
    // A tag in the way: the commit is not made.
    env.git(&["tag", "okr/2026-Q4/platform/v1.0"]);
    let run = env.run(&["iterate", "platform", "-m", "x"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "tag `okr/2026-Q4/platform/v1.0` exists already, on commit",
    );
    // A dirty OKR file, as for a check-in.
    edit(&env, PATH, "target = 2.8", "target = 2.5");
    env.git(&["tag", "-d", "okr/2026-Q4/platform/v1.0"]);
    let run = env.run(&["iterate", "platform", "-m", "x"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(head(&env), before, "nothing committed");
    assert_contains(&env.read(PATH), "target = 2.5");
    assert_eq!(env.git(&["tag", "--list"]), "");
    // A committed file that no longer parses: named, with its errors.
    env.git(&["checkout", "--", PATH]);
    edit(&env, PATH, "version = \"1.0\"", "version = \"1.0\"\nbad [");
    env.git(&["commit", "-q", "-am", "broken"]);
    let broken = head(&env);
    for args in [
        &["iterate", "platform", "-m", "x"][..],
        &["history", "platform"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_contains(
            &run.stderr,
            "`HEAD:okrs/2026-Q4/platform.toml` does not parse",
        );
        assert_contains(&run.stderr, "platform.toml:7:");
    }
    assert_eq!(head(&env), broken, "nothing committed");
}

/// The freeze in `git okr lint`: check-ins and grading pass, a definition
/// change fails against HEAD or the revision `--against` names, and it
/// cannot be accepted with `allow`.
#[test]
fn lint_holds_a_final_set_to_its_definition() {
    let env = repo();
    okr_on(
        &env,
        "2026-09-30T10:00:00Z",
        &["finalize", "platform", "-m", "Agreed with the teams."],
    );
    let freeze = |env: &TestEnv, args: &[&str]| -> Vec<String> {
        let mut all = vec!["lint", "--format", "gcc"];
        all.extend_from_slice(args);
        let run = env.run(&all);
        run.stdout
            .lines()
            .filter(|line| line.ends_with("[changed-after-final]"))
            .map(str::to_owned)
            .collect()
    };

    // A check-in is not a change of the definition.
    okr_on(
        &env,
        "2026-10-07T10:00:00Z",
        &[
            "checkin",
            "failed-checkouts",
            "3.6",
            "-c",
            "0.7",
            "-m",
            "Week 1.",
        ],
    );
    assert_eq!(freeze(&env, &[]), Vec::<String>::new());

    // Nor is grading: final to closed, scores and a review.
    okr_on(&env, "2026-12-20T10:00:00Z", &["grade", "platform"]);
    assert_contains(&env.read(PATH), "status = \"closed\"");
    assert_eq!(freeze(&env, &["--against", "HEAD~1"]), Vec::<String>::new());
    env.git(&["reset", "-q", "--hard", "HEAD~1"]);

    // A committed goalpost move is past HEAD; `--against` still sees it.
    edit(
        &env,
        PATH,
        "title = \"Reduce failed checkout attempts from 4% to 2.8%\"",
        "title = \"Reduce failed checkout attempts from 4% to 3%\"",
    );
    edit(&env, PATH, "target = 2.8", "target = 3.0");
    let found = freeze(&env, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    env.git(&["commit", "-q", "-am", "Quietly lower the bar"]);
    assert_eq!(freeze(&env, &[]), Vec::<String>::new());
    let found = freeze(&env, &["--against", "HEAD~1"]);
    assert_eq!(found.len(), 2, "{found:?}");
    let run = env.run(&["lint", "--against", "no-such-rev"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "no-such-rev");

    // `allow` cannot accept it; `okr.toml` can turn it off.
    edit(
        &env,
        PATH,
        "target = 3.0",
        "target = 3.2\nallow = { changed-after-final = \"the CTO agreed\" }",
    );
    let run = env.run(&["lint", "--format", "gcc"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stdout,
        "`allow` cannot accept `changed-after-final` [unknown-rule]",
    );
    assert_contains(&run.stdout, "[changed-after-final]");
    env.write("okr.toml", "[lint.rules]\nchanged-after-final = \"off\"\n");
    assert_eq!(freeze(&env, &[]), Vec::<String>::new());
}
