//! `git okr diff` end to end, on repositories built by each test: the
//! revision forms `git diff` users know, every change class, renames and
//! moves, what is shown and how it exits.

use crate::common::{TestEnv, assert_contains, assert_lacks, edit};

/// The platform team's set, as first committed.
const PLATFORM: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "review"
version = "1.0"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"
theme = "quality"
aligns = ["engineering/customer-trust"]

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target = 2.8
current = 3.6
confidence = 0.6

[[objectives.key_results]]
id = "checkout-latency"
title = "Cut p99 checkout latency from 900 ms to 400 ms"
unit = "ms"
baseline = 900
target = 400

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
"#;

/// The engineering department's set, which platform aligns to.
const ENGINEERING: &str = r#"format = 1
team = "engineering"
period = "2026-Q4"
status = "final"
version = "1.2"

[[objectives]]
id = "customer-trust"
title = "Customers trust us with their money"

[[objectives.key_results]]
id = "incidents"
title = "Customer-visible incidents from 6 to 2 a quarter"
baseline = 6
target = 2
"#;

/// A repository with both sets committed on `main`.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write("okrs/2026-Q4/platform.toml", PLATFORM);
    env.write("okrs/2026-Q4/engineering.toml", ENGINEERING);
    env.write("README.md", "OKRs\n");
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "OKRs for 2026-Q4"]);
    env
}

/// Rewrites the platform set in the working tree: `from` must be in it.
fn edit_platform(env: &TestEnv, from: &str, to: &str) {
    edit(env, "okrs/2026-Q4/platform.toml", from, to);
}

fn commit(env: &TestEnv, message: &str) {
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", message]);
}

/// Every class but `moved` of a set, in one commit after the first.
fn every_class(env: &TestEnv) {
    let platform = "okrs/2026-Q4/platform.toml";
    edit(env, platform, "status = \"review\"", "status = \"final\"");
    edit(env, platform, "version = \"1.0\"", "version = \"1.1\"");
    edit(
        env,
        platform,
        "parent = \"engineering\"",
        "parent = \"technology\"",
    );
    edit(env, platform, "target = 2.8", "target = 3.2");
    edit(env, platform, "baseline = 900", "baseline = 950");
    edit(env, platform, "current = 3.6", "current = 3.4");
    edit(
        env,
        platform,
        "Cut median CI pipeline time from 14 minutes",
        "Cut the median CI pipeline time from 14 minutes",
    );
    edit(
        env,
        platform,
        "aligns = [\"engineering/customer-trust\"]",
        "aligns = [\"engineering/customer-trust\", \"engineering/revenue\"]",
    );
    edit(
        env,
        platform,
        "theme = \"efficiency\"",
        "theme = \"assets\"",
    );
    edit(
        env,
        platform,
        "id = \"checkout-latency\"",
        "id = \"p99-latency\"",
    );
    let text = std::fs::read_to_string(env.path().join(platform)).expect("read");
    env.write(
        platform,
        text + r#"
[[objectives.key_results]]
id = "deploys"
title = "Deploy to production 20 times a day, up from 4"
baseline = 4
target = 20

[[objectives]]
id = "cloud-cost"
title = "Pay for the cloud we use, not the cloud we forgot"
theme = "cost"

[[objectives.key_results]]
id = "spend-per-order"
title = "Cloud spend per order from $0.12 to $0.09"
baseline = 0.12
target = 0.09
"#,
    );
    edit(
        env,
        "okrs/2026-Q4/engineering.toml",
        "title = \"Customer-visible incidents from 6 to 2 a quarter\"",
        "title = \"Customer-visible incidents from 6 to 3 a quarter\"",
    );
}

#[test]
fn nothing_changed() {
    let env = repo();
    let run = env.run(&["diff"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "No OKR changes from HEAD to working tree.\n");
    assert_eq!(env.run(&["diff", "--exit-code"]).code, 0);
    let json = env.run(&["diff", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["summary"]["changes"], 0);
    assert_eq!(value["sets"], serde_json::json!([]));
}

#[test]
fn every_class_between_two_commits() {
    let env = repo();
    every_class(&env);
    commit(&env, "Finalise platform");
    let human = env.run(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(human.code, 0, "{human:?}");
    insta::assert_snapshot!("every_class_human", human.stdout);
    let markdown = env.run(&["diff", "HEAD~1..HEAD", "--format", "markdown"]);
    assert_eq!(markdown.code, 0, "{markdown:?}");
    insta::assert_snapshot!("every_class_markdown", markdown.stdout);
    let json = env.run(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let mut classes: Vec<&str> = value["summary"]["by_class"]
        .as_object()
        .expect("by_class")
        .keys()
        .map(String::as_str)
        .collect();
    classes.sort_unstable();
    assert_eq!(
        classes,
        [
            "added",
            "alignment-changed",
            "baseline-changed",
            "check-in",
            "edited",
            "renamed",
            "reworded",
            "status-changed",
            "target-changed",
            "version-changed",
        ]
    );
    assert_eq!(value["old"]["label"], "HEAD~1");
    assert_eq!(value["new"]["label"], "HEAD");
    assert_eq!(
        value["new"]["commit"].as_str().map(str::len),
        Some(40),
        "{value}"
    );
}

#[test]
fn a_change_after_final_fails_the_check_but_a_check_in_does_not() {
    let env = repo();
    // engineering is final: a check-in is fine, a new target is not.
    let path = "okrs/2026-Q4/engineering.toml";
    edit(&env, path, "target = 2\n", "target = 2\ncurrent = 4\n");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "check-in");
    edit(&env, path, "target = 2\n", "target = 3\n");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(
        &run.stdout,
        "! target-changed    target: 2 → 3  (changed after final)",
    );
    assert!(
        run.stdout
            .ends_with("2 changes in 1 set, 1 change to a set that was final\n"),
        "{}",
        run.stdout
    );
    // --exit-code is about any change.
    assert_eq!(env.run(&["diff", "--exit-code"]).code, 1);
}

#[test]
fn a_set_moved_to_another_file_is_a_move() {
    let env = repo();
    env.git(&[
        "mv",
        "okrs/2026-Q4/platform.toml",
        "okrs/2026-Q4/platform-team.toml",
    ]);
    commit(&env, "Rename the file");
    let run = env.run(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "2026-Q4:platform  okrs/2026-Q4/platform-team.toml (review)\n  \
         the set\n    ~ moved             file: okrs/2026-Q4/platform.toml → \
         okrs/2026-Q4/platform-team.toml\n\n1 change in 1 set\n"
    );
}

#[test]
fn a_key_result_under_another_objective_is_a_move() {
    let env = repo();
    let path = "okrs/2026-Q4/platform.toml";
    let block = "\n[[objectives.key_results]]\nid = \"checkout-latency\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nunit = \"ms\"\nbaseline = 900\ntarget = 400\n";
    edit(&env, path, block, "\n");
    let text = std::fs::read_to_string(env.path().join(path)).expect("read");
    env.write(path, text + block);
    let run = env.run(&["diff"]);
    assert_contains(
        &run.stdout,
        "key result paved-road/checkout-latency: Cut p99 checkout latency from 900 ms to 400 ms\n    \
             ~ moved             objective: reliable-checkout → paved-road\n",
    );
    assert!(
        run.stdout.ends_with("1 change in 1 set\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn three_dots_compare_with_where_the_branch_started() {
    let env = repo();
    env.git(&["checkout", "-q", "-b", "feature"]);
    edit_platform(&env, "target = 6\n", "target = 5\n");
    commit(&env, "Aim higher on CI time");
    env.git(&["checkout", "-q", "main"]);
    edit_platform(&env, "target = 400\n", "target = 350\n");
    commit(&env, "Aim higher on latency");

    // What the pull request changes: only the branch's own commit.
    let run = env.run(&["diff", "main...feature", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let changes = &value["sets"][0]["changes"];
    assert_eq!(changes.as_array().map(Vec::len), Some(1), "{value}");
    assert_eq!(changes[0]["id"], "ci-time");
    assert!(
        value["old"]["label"]
            .as_str()
            .is_some_and(|l| l.ends_with("(where main and feature meet)")),
        "{value}"
    );
    // Two dots compare the tips: main's own change shows too, reversed.
    let run = env.run(&["diff", "main..feature", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value["summary"]["changes"], 2, "{value}");
    // An empty side means HEAD, as in git: `main...` from main is nothing.
    let run = env.run(&["diff", "feature...", "--exit-code"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(&run.stdout, "target: 400 → 350");
}

#[test]
fn staged_changes_and_the_working_tree() {
    let env = repo();
    let path = "okrs/2026-Q4/platform.toml";
    edit(&env, path, "target = 6\n", "target = 5\n");
    env.git(&["add", path]);
    edit(&env, path, "current = 3.6", "current = 3.5");

    let staged = env.run(&["diff", "--staged"]);
    assert_contains(&staged.stdout, "target: 6 → 5");
    assert_lacks(&staged.stdout, "current");
    let cached = env.run(&["diff", "--cached"]);
    assert_eq!(cached.stdout, staged.stdout);

    let worktree = env.run(&["diff"]);
    assert_contains(&worktree.stdout, "target: 6 → 5");
    assert_contains(&worktree.stdout, "current: 3.6 → 3.5");
}

#[test]
fn a_new_file_not_yet_added_is_part_of_the_working_tree() {
    let env = repo();
    env.write(
        "okrs/2026-Q4/checkout.toml",
        "format = 1\nteam = \"checkout\"\nperiod = \"2026-Q4\"\n",
    );
    let run = env.run(&["diff"]);
    assert!(
        run.stdout.starts_with(
            "2026-Q4:checkout  okrs/2026-Q4/checkout.toml (draft)\n  the set\n    + added"
        ),
        "{}",
        run.stdout
    );
    // An ignored file is not.
    env.write(".gitignore", "okrs/2026-Q4/checkout.toml\n");
    let run = env.run(&["diff"]);
    assert_eq!(run.stdout, "No OKR changes from HEAD to working tree.\n");
}

#[test]
fn a_file_that_does_not_parse_names_its_revision() {
    let env = repo();
    edit_platform(&env, "target = 6\n", "target = \n");
    commit(&env, "A broken edit");
    edit_platform(&env, "target = \n", "target = 6\n");

    let run = env.run(&["diff", "HEAD"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_contains(&run.stderr, "HEAD:okrs/2026-Q4/platform.toml:40:10");
    assert_contains(
        &run.stderr,
        "error: cannot compare: 1 OKR file does not parse (HEAD:okrs/2026-Q4/platform.toml)",
    );
    // Other files can still be compared.
    let run = env.run(&["diff", "HEAD", "--", "okrs/2026-Q4/engineering.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn paths_limit_the_sets_shown() {
    let env = repo();
    edit_platform(&env, "target = 6\n", "target = 5\n");
    edit(
        &env,
        "okrs/2026-Q4/engineering.toml",
        "target = 2\n",
        "target = 1\n",
    );
    let run = env.run(&["diff", "--", "okrs/2026-Q4/platform.toml"]);
    assert_contains(&run.stdout, "2026-Q4:platform");
    assert_lacks(&run.stdout, "2026-Q4:engineering");
    // Relative to the current folder, as in git.
    let run = env.run_in("okrs", &["diff", "--", "2026-Q4/engineering.toml"]);
    assert_contains(&run.stdout, "2026-Q4:engineering");
    assert_lacks(&run.stdout, "2026-Q4:platform");
    let run = env.run_in("okrs", &["diff", "--", "."]);
    assert_contains(&run.stdout, "2 changes in 2 sets");
}

#[test]
fn a_repository_without_commits_compares_with_nothing() {
    let env = TestEnv::repo();
    env.write("okrs/2026-Q4/platform.toml", PLATFORM);
    let run = env.run(&["diff", "--exit-code"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains(&run.stdout, "+ added");
}

#[test]
fn bad_arguments_are_named() {
    let env = repo();
    let run = env.run(&["diff", "no-such-branch"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: `no-such-branch` is not a revision of this repository"),
        "{}",
        run.stderr
    );
    let run = env.run(&["diff", "HEAD", "HEAD", "HEAD"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`HEAD`: at most two revisions can be compared");
    let run = env.run(&["diff", "--staged", "HEAD..HEAD"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`--staged`");
    let run = env.run(&["diff", "--", "../elsewhere"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`../elsewhere` is outside the repository");
    let run = env.run(&["diff", "--format", "yaml"]);
    assert_eq!(run.code, 2, "{run:?}");

    let outside = TestEnv::new();
    let run = outside.run(&["diff"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "not a git repository");
}

#[test]
fn markdown_escapes_what_users_wrote() {
    let env = repo();
    edit_platform(
        &env,
        "title = \"Cut median CI pipeline time from 14 minutes to 6 minutes\"",
        "title = \"Cut CI time | <script>alert(1)</script> **now** @alice\"",
    );
    let run = env.run(&["diff", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("<!-- git-okr-diff -->\n"),
        "{}",
        run.stdout
    );
    assert_lacks(&run.stdout, "<script>");
    assert_lacks(&run.stdout, "@alice");
    assert_lacks(&run.stdout, " | <");
    assert_contains(&run.stdout, "&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
}

#[test]
fn a_long_markdown_diff_stays_under_the_limit() {
    let env = TestEnv::repo();
    for team in 0..60 {
        env.write(&format!("okrs/2026-Q4/team-{team}.toml"), team_set(team, 0));
    }
    commit(&env, "Sixty sets");
    for team in 0..60 {
        env.write(&format!("okrs/2026-Q4/team-{team}.toml"), team_set(team, 1));
    }
    let run = env.run(&["diff", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.len() < 60_000, "{} bytes", run.stdout.len());
    let note = run.stdout.lines().last().unwrap_or_default();
    assert!(
        note.contains("not shown") && note.contains("Run `git okr diff` to see every change."),
        "{note}"
    );
    // The terminal shows everything.
    let run = env.run(&["diff"]);
    assert!(run.stdout.ends_with("in 60 sets\n"), "{}", run.stdout);
}

/// A set with ten key results whose titles all change with `version`.
fn team_set(team: usize, version: usize) -> String {
    let mut text = format!(
        "format = 1\nteam = \"team-{team}\"\nperiod = \"2026-Q4\"\n\n[[objectives]]\nid = \"grow\"\ntitle = \"Grow\"\n"
    );
    for kr in 0..10 {
        text.push_str(&format!(
            "\n[[objectives.key_results]]\nid = \"kr-{kr}\"\ntitle = \"Raise weekly active accounts of segment {kr} from 1,000 to {} with a long explanation of why it matters so much\"\nbaseline = 1000\ntarget = {}\n",
            2000 + version * 100,
            2000 + version * 100
        ));
    }
    text
}

#[test]
fn removals_of_sets_objectives_and_key_results() {
    let env = repo();
    let path = "okrs/2026-Q4/platform.toml";
    let objective = "\n[[objectives]]\nid = \"paved-road\"\ntitle = \"A paved road so smooth that teams stop asking for exceptions\"\ntheme = \"efficiency\"\n\n[[objectives.key_results]]\nid = \"ci-time\"\ntitle = \"Cut median CI pipeline time from 14 minutes to 6 minutes\"\nunit = \"minutes\"\nbaseline = 14\ntarget = 6\n";
    edit(&env, path, objective, "");
    edit(
        &env,
        path,
        "\n[[objectives.key_results]]\nid = \"checkout-latency\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nunit = \"ms\"\nbaseline = 900\ntarget = 400\n",
        "",
    );
    std::fs::remove_file(env.path().join("okrs/2026-Q4/engineering.toml")).expect("remove");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!("removals_human", run.stdout);
}

#[test]
fn a_linked_worktree_has_its_own_working_tree() {
    let env = repo();
    env.git(&["worktree", "add", "-q", "-b", "draft", "wt"]);
    edit(
        &env,
        "wt/okrs/2026-Q4/platform.toml",
        "target = 6\n",
        "target = 5\n",
    );
    let run = env.run_in("wt", &["diff"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "target: 6 → 5");
    // The main working tree is untouched.
    let run = env.run(&["diff", "--exit-code"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_bare_repository_compares_revisions_but_has_no_working_tree() {
    let env = repo();
    edit_platform(&env, "target = 6\n", "target = 5\n");
    commit(&env, "Aim higher");
    env.git(&["clone", "-q", "--bare", ".", "bare.git"]);
    let run = env.run_in("bare.git", &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "target: 6 → 5");
    let run = env.run_in("bare.git", &["diff"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "bare repository: it has no working tree");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = repo();
    edit_platform(&env, "target = 6\n", "target = 5\n");
    // Not a terminal, and NO_COLOR is set: plain.
    assert!(!env.run(&["diff"]).stdout.contains('\x1b'));
    let run = env.run(&["diff", "--color", "always"]);
    assert_contains(&run.stdout, "\x1b[");
}
