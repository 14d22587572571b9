//! The OKR cycle as a team lives it, point by point: what broke when a
//! department and its teams ran a year of the process with git-okr, each
//! shown on a temporary repository with a closed period behind the open one.

use crate::common::{TestEnv, assert_contains, assert_lacks, hooked_git, hooked_okr, okr_on};

/// A team's set of `period` with `status`, holding `rollback-time`.
fn platform(period: &str, status: &str, current: &str) -> String {
    format!(
        r#"format = 1
team = "platform"
period = "{period}"
status = "{status}"
version = "1.1"

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"

[[objectives.key_results]]
id = "rollback-time"
title = "Reduce the time to roll back a bad deploy from 25 minutes to 3 minutes"
unit = "minutes"
baseline = 25
target = 3
{current}
owner = "platform"

[[objectives.key_results]]
id = "build-time"
title = "Cut the median build time from 10 minutes to 2 minutes"
unit = "minutes"
baseline = 10
target = 2
owner = "platform"
"#
    )
}

/// Last quarter's set closed, this quarter's final; both committed.
fn two_quarters() -> TestEnv {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q1/platform.toml",
        platform("2026-Q1", "closed", "current = 9"),
    );
    env.write(
        "okrs/2026-Q2/platform.toml",
        platform("2026-Q2", "final", "current = 20"),
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Two quarters"]);
    env
}

const TODAY: (&str, &str) = ("OKR_TODAY", "2026-05-04");

#[test]
fn names_resolve_to_the_open_sets_of_today() {
    let env = two_quarters();
    // The closed quarter does not make the name ambiguous.
    let run = env.run_with(".", &["checkin", "rollback-time", "11"], &[TODAY]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "checkin(platform/rollback-time): 20 → 11");
    assert_contains(&env.read("okrs/2026-Q2/platform.toml"), "current = 11");
    assert_contains(&env.read("okrs/2026-Q1/platform.toml"), "current = 9");
    // On any day (the open set wins whatever the date).
    let run = env.run_with(".", &["status", "platform"], &[("OKR_TODAY", "2027-03-01")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "2026-Q2");
    // The closed set is still reached by its period.
    let run = env.run(&["log", "2026-Q1:platform/rollback-time"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn two_open_sets_are_ambiguous_and_the_hint_names_them() {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q1/platform.toml",
        platform("2026-Q1", "final", ""),
    );
    env.write(
        "okrs/2026-Q2/platform.toml",
        platform("2026-Q2", "review", ""),
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Two quarters"]);
    // Today in Q3: neither period holds it.
    let run = env.run_with(
        ".",
        &["checkin", "build-time", "8"],
        &[("OKR_TODAY", "2026-08-01")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "`build-time` is ambiguous: it matches `2026-Q1:platform/paved-road/build-time` and `2026-Q2:platform/paved-road/build-time`",
    );
    assert_contains(
        &run.stderr,
        "hint: name the one you mean as it is written there, such as `2026-Q1:platform/paved-road/build-time`",
    );
    // Today in Q1: today's period decides.
    let run = env.run_with(
        ".",
        &["checkin", "build-time", "8"],
        &[("OKR_TODAY", "2026-02-01")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&env.read("okrs/2026-Q1/platform.toml"), "current = 8");
    // `iterate` means the set it can iterate: Q2's, not Q1's final one.
    let run = env.run_with(
        ".",
        &["iterate", "platform", "-m", "Sharper targets."],
        &[("OKR_TODAY", "2026-02-01")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "tagged okr/2026-Q2/platform/v1.2");
}

#[test]
fn the_reference_a_commit_subject_prints_resolves() {
    let env = two_quarters();
    let run = okr_on(
        &env,
        "2026-05-04T09:00:00Z",
        &["checkin", "platform/build-time", "9"],
    );
    assert_contains(&run.stdout, "checkin(platform/build-time): ");
    let run = env.run(&["log", "platform/build-time"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "platform/paved-road/build-time");
    assert_lacks(&run.stdout, "rollback-time");
    // A miss says what was meant.
    let run = env.run(&["checkin", "platform/rollback-tme", "9"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`platform/rollback-tme` matches nothing");
    assert_contains(
        &run.stderr,
        "did you mean `platform/paved-road/rollback-time`?",
    );
}

#[test]
fn a_closed_set_takes_no_check_in_until_it_is_reopened() {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q1/platform.toml",
        platform("2026-Q1", "closed", "current = 9"),
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Q1, graded"]);
    let path = "okrs/2026-Q1/platform.toml";
    let before = env.read(path);
    let head = crate::common::head(&env);

    let run = env.run(&["checkin", "rollback-time", "3"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "error: `2026-Q1:platform/paved-road/rollback-time` is in `2026-Q1:platform`, which is closed",
    );
    assert_contains(&run.stderr, "git okr reopen 2026-Q1:platform -m WHY");
    assert_eq!(env.read(path), before, "nothing written");
    assert_eq!(crate::common::head(&env), head, "nothing committed");

    // A value changed by hand: lint and diff --check say so.
    crate::common::edit(&env, path, "current = 9", "current = 3");
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stdout,
        "error[changed-after-final]: the key result `rollback-time` had its value changed after the set was closed (`current`: 9 → 3)",
    );
    assert_contains(
        &run.stdout,
        "a closed set is graded: its values are the record",
    );
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    env.write(path, &before);

    // Reopened, it is final again: the check-in lands, and it grades again.
    let run = env.run(&[
        "reopen",
        "2026-Q1:platform",
        "-m",
        "The last drill was not counted.",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "reopen(platform): closed 1.1 → 2.0");
    assert_contains(&run.stdout, "tagged okr/2026-Q1/platform/v2.0");
    assert_contains(&env.read(path), "status = \"final\"");
    let run = env.run(&["checkin", "2026-Q1:rollback-time", "3"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn honest_low_confidence_passes_and_a_stale_title_does_not() {
    let env = two_quarters();
    let run = env.run(&["checkin", "rollback-time", "18", "--confidence", "0.25"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = env.run(&["lint", "--deny-warnings", "okrs/2026-Q2"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_lacks(&run.stdout, "unnamed-weakness");

    // Carried over into a draft with last period's value as the baseline,
    // the title still says where last period started.
    let carried = platform("2026-Q3", "draft", "").replace("baseline = 25", "baseline = 9");
    env.write("okrs/2026-Q3/platform.toml", carried);
    let run = env.run(&["lint", "okrs/2026-Q3"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "warning[kr-title-numbers]: `Reduce the time to roll back a bad deploy from 25 minutes to 3 minutes` says from 25, but its `baseline` is 9",
    );
    let run = env.run(&["lint", "--deny-warnings", "okrs/2026-Q3"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn the_first_draft_is_version_one_and_each_iteration_shows_its_own_change() {
    let env = TestEnv::repo();
    env.write("README.md", "OKRs\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Start"]);
    let run = hooked_okr(&env, &["hooks", "install"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = hooked_okr(&env, &["new", "platform", "--period", "2026-Q2"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "propose it as version 1.0");
    assert_eq!(
        env.git(&["tag", "--list"]),
        "",
        "the scaffold is not tagged"
    );

    // The team writes its first draft, three objectives, and commits it.
    let draft = platform("2026-Q2", "draft", "").replace("version = \"1.1\"", "version = \"1.0\"")
        + r#"
[[objectives]]
id = "docs"
title = "Docs that answer the question before it is asked"
theme = "efficiency"

[[objectives.key_results]]
id = "setup-tickets"
title = "Reduce support tickets about setup from 40 to 20 a month"
unit = "tickets"
baseline = 40
target = 20
owner = "platform"
"#;
    env.write("okrs/2026-Q2/platform.toml", &draft);
    let commit = hooked_git(
        &env,
        &["commit", "-q", "-am", "platform: our first draft"],
        &[],
    );
    assert_eq!(commit.code, 0, "{commit:?}");
    let run = hooked_okr(
        &env,
        &[
            "iterate",
            "platform",
            "--stage",
            "draft",
            "-m",
            "Draft for the one-to-one.",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "iterate(platform): draft 1.0 proposed, draft");
    assert_contains(&run.stdout, "tagged okr/2026-Q2/platform/v1.0");
    assert_contains(&env.read("okrs/2026-Q2/platform.toml"), "version = \"1.0\"");

    // The one-to-one cuts the docs objective.
    let text = env.read("okrs/2026-Q2/platform.toml");
    let cut = text
        .find("\n[[objectives]]\nid = \"docs\"")
        .unwrap_or(text.len());
    env.write("okrs/2026-Q2/platform.toml", &text[..=cut]);
    let commit = hooked_git(
        &env,
        &["commit", "-q", "-am", "platform: docs is not an outcome"],
        &[],
    );
    assert_eq!(commit.code, 0, "{commit:?}");
    let run = hooked_okr(
        &env,
        &[
            "iterate",
            "platform",
            "--stage",
            "manager-review",
            "-m",
            "One-to-one.",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "iterate(platform): 1.0 → 1.1, manager-review");

    // The two iterations compare by their tags, and the change is the cut.
    let run = hooked_okr(
        &env,
        &[
            "diff",
            "okr/2026-Q2/platform/v1.0..okr/2026-Q2/platform/v1.1",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "objective docs: Docs that answer the question");
    assert_contains(&run.stdout, "- removed");
    assert_lacks(&run.stdout, "objective paved-road");

    let run = hooked_okr(&env, &["history", "platform"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "the set begins: new(platform): 2026-Q2, draft 1.0",
    );
    assert_contains(&run.stdout, "v1.0 review  [draft]");
    assert_contains(&run.stdout, "tag okr/2026-Q2/platform/v1.0");
    let v11 = run.stdout.find("v1.1 review").unwrap_or(0);
    assert!(v11 > 0, "{}", run.stdout);
    assert_lacks(&run.stdout[v11..], "+ added");
    assert_contains(&run.stdout[v11..], "objective docs");
}

#[test]
fn live_views_show_the_sets_in_play_and_all_shows_the_past() {
    let env = TestEnv::repo();
    env.write(
        "okrs/2026-Q1/platform.toml",
        platform("2026-Q1", "closed", "current = 9"),
    );
    env.write(
        "okrs/2026-Q2/platform.toml",
        platform("2026-Q2", "final", "current = 20"),
    );
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "Two quarters"]);
    let today = [TODAY];

    let run = env.run_with(".", &["status"], &today);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "2026-Q2:platform  final");
    assert_lacks(&run.stdout, "2026-Q1");
    assert_contains(&run.stdout, "1 closed set not shown (`--all` shows it).");
    let run = env.run_with(".", &["status", "--all"], &today);
    assert_contains(&run.stdout, "2026-Q1:platform  closed");
    assert_contains(&run.stdout, "2026-Q2:platform  final");
    // A set named is shown, closed or not.
    let run = env.run_with(".", &["status", "2026-Q1:platform"], &today);
    assert_contains(&run.stdout, "2026-Q1:platform  closed");
    let run = env.run_with(".", &["status", "--format", "json"], &today);
    assert_lacks(&run.stdout, "2026-Q1");

    // Filters by owner and health.
    let run = env.run_with(".", &["status", "--owner", "platform"], &today);
    assert_contains(&run.stdout, "rollback-time");
    let run = env.run_with(".", &["status", "--owner", "payments"], &today);
    assert_contains(&run.stdout, "No key result matches.");
    let run = env.run_with(".", &["status", "--health", "unknown"], &today);
    assert_contains(&run.stdout, "build-time");
    assert_lacks(&run.stdout, "rollback-time");
    let run = env.run_with(
        ".",
        &["status", "--health", "on-track,at-risk,off-track"],
        &today,
    );
    assert_contains(&run.stdout, "rollback-time");
    assert_lacks(&run.stdout, "build-time");
    let run = env.run_with(".", &["status", "--health", "sideways"], &today);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "sideways");

    // The report: every set has its page, the totals and "Needs attention"
    // are of the sets in play.
    let run = env.run_with(".", &["report", "--html", "site"], &today);
    assert_eq!(run.code, 0, "{run:?}");
    let index = env.read("site/index.html");
    assert_contains(&index, "1 set in play in 1 period, with 2 key results");
    assert_contains(
        &index,
        "1 closed set of past periods is below, not counted.",
    );
    let attention = &index[index.find("Needs attention").unwrap_or(0)..];
    assert_lacks(attention, "2026-Q1");
    let run = env.run_with(".", &["report", "--html", "site", "--all"], &today);
    assert_eq!(run.code, 0, "{run:?}");
    let index = env.read("site/index.html");
    assert_contains(&index, "2 sets in 2 periods, with 4 key results");
    let run = env.run_with(".", &["report", "--markdown"], &today);
    assert_lacks(&run.stdout, "2026-Q1");
    assert_contains(&run.stdout, "2026-Q2");
    let run = env.run_with(".", &["report", "--markdown", "--all"], &today);
    assert_contains(&run.stdout, "2026-Q1");

    // Lint: a closed set's wording is history, only its review is asked.
    let run = env.run(&["lint"]);
    assert_contains(&run.stdout, "note[unbalanced-set]");
    assert_lacks(&run.stdout, "okrs/2026-Q1/platform.toml:2:8");
    assert_contains(&run.stdout, "warning[missing-review]: the set is closed");
    let run = env.run(&["lint", "--all"]);
    assert_contains(&run.stdout, "okrs/2026-Q1/platform.toml:2:8");
}

#[test]
fn an_ambition_change_is_its_own_class_and_still_moves_goalposts() {
    let env = two_quarters();
    crate::common::edit(
        &env,
        "okrs/2026-Q2/platform.toml",
        "target = 3\n",
        "target = 3\nambition = \"aspirational\"\n",
    );
    let run = env.run(&["diff"]);
    assert_contains(
        &run.stdout,
        "ambition-changed  ambition: (none) → aspirational",
    );
    assert_lacks(&run.stdout, "target-changed");
    // Committed to aspirational lowers the expectation: after final, it is
    // a change of the definition.
    assert_contains(&run.stdout, "(changed after final)");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
}
