//! `git okr history` end to end: the article's process played on a temp
//! repository (a draft, a manager review that drops an objective and
//! sharpens a target, an alignment iteration, the freeze, check-ins by
//! three authors, a rejected goalpost move, a reopen), then the history in
//! all three formats.

use crate::common::{TestEnv, assert_contains, edit, git_on, git_with, okr_on};

const PATH: &str = "okrs/2026-Q4/platform.toml";

const DRAFT: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
status = "draft"
version = "1.0"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 3%"
unit = "%"
baseline = 4.0
target = 3.0
owner = "platform"

[[objectives]]
id = "docs"
title = "Write better docs"

[[objectives.key_results]]
id = "docs-pages"
title = "Reduce support tickets about setup from 40 to 20 a month"
unit = "tickets"
baseline = 40
target = 20
owner = "platform"
"#;

/// Runs `git okr` as `name` on `date`.
fn okr_as(env: &TestEnv, name: &str, date: &str, args: &[&str]) {
    let email = format!("{}@example.com", name.to_lowercase());
    let vars = [
        ("GIT_AUTHOR_NAME", name),
        ("GIT_AUTHOR_EMAIL", email.as_str()),
        ("GIT_AUTHOR_DATE", date),
        ("GIT_COMMITTER_DATE", date),
    ];
    let run = env.run_with(".", args, &vars);
    assert_eq!(run.code, 0, "git okr {args:?}: {run:?}");
}

/// The article's process, up to a reopen.
fn played() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, DRAFT);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-09-14T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs: draft 1.0"],
    );
    okr_on(
        &env,
        "2026-09-14T10:00:00Z",
        &[
            "iterate",
            "platform",
            "-m",
            "Our first draft, for the one-to-one with Maria.",
            "--stage",
            "draft",
        ],
    );

    // The one-to-one with the manager: the docs objective goes, the target
    // gets sharper.
    let text = env.read(PATH);
    let cut = text
        .find("\n[[objectives]]\nid = \"docs\"")
        .unwrap_or(text.len());
    env.write(PATH, &text[..cut + 1]);
    edit(&env, PATH, "from 4% to 3%", "from 4% to 2.8%");
    edit(&env, PATH, "target = 3.0", "target = 2.8");
    git_on(
        &env,
        "2026-09-16T09:00:00Z",
        &["commit", "-q", "-am", "Review with Maria"],
    );
    okr_on(
        &env,
        "2026-09-16T10:00:00Z",
        &[
            "iterate",
            "platform",
            "-m",
            "Maria: focus on checkout; docs is not an outcome.",
            "--stage",
            "manager-review",
        ],
    );

    // Alignment with the department: the objective now supports its goal.
    edit(
        &env,
        PATH,
        "title = \"Make checkout something customers never think about\"\n",
        "title = \"Make checkout something customers never think about\"\naligns = [\"engineering/customer-trust\"]\n",
    );
    git_on(
        &env,
        "2026-09-23T09:00:00Z",
        &["commit", "-q", "-am", "Align with engineering"],
    );
    okr_on(
        &env,
        "2026-09-23T10:00:00Z",
        &[
            "iterate",
            "platform",
            "-m",
            "Aligned with the department's customer-trust objective.",
            "--stage",
            "alignment",
        ],
    );
    okr_on(
        &env,
        "2026-10-01T10:00:00Z",
        &[
            "finalize",
            "platform",
            "-m",
            "Presented to the teams on October 1st.",
        ],
    );

    // Six weeks of check-ins by three people.
    let check_ins = [
        ("Ada", "2026-10-08T09:00:00Z", "3.9"),
        ("Grace", "2026-10-15T09:00:00Z", "3.7"),
        ("Linus", "2026-10-22T09:00:00Z", "3.6"),
        ("Ada", "2026-10-29T09:00:00Z", "3.4"),
        ("Grace", "2026-11-05T09:00:00Z", "3.3"),
        ("Linus", "2026-11-12T09:00:00Z", "3.1"),
    ];
    for (name, date, value) in check_ins {
        okr_as(
            &env,
            name,
            date,
            &["checkin", "failed-checkouts", value, "-m", "weekly numbers"],
        );
    }

    // A goalpost moved by hand is rejected...
    edit(&env, PATH, "target = 2.8", "target = 3.2");
    let run = env.run(&["diff", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let run = env.run(&["lint", "--format", "gcc", PATH]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("[changed-after-final]"), "{run:?}");
    env.git(&["checkout", "--", PATH]);
    // ...and made on the record instead.
    okr_on(
        &env,
        "2026-11-16T10:00:00Z",
        &[
            "reopen",
            "platform",
            "-m",
            "The payments migration moved to Q1: 2.8% is out of reach.",
        ],
    );
    edit(&env, PATH, "target = 2.8", "target = 3.0");
    git_on(
        &env,
        "2026-11-16T11:00:00Z",
        &["commit", "-q", "-am", "Target after the reopen"],
    );
    okr_on(
        &env,
        "2026-11-17T10:00:00Z",
        &[
            "finalize",
            "platform",
            "-m",
            "Agreed again with the department.",
        ],
    );
    env
}

#[test]
fn the_articles_process_in_three_formats() {
    let env = played();
    // The end of the period: the grade, and the carry-over into the next.
    okr_on(
        &env,
        "2027-01-05T10:00:00Z",
        &["grade", "platform", "-m", "Q4 review with the department."],
    );
    edit(
        &env,
        PATH,
        "lessons = []",
        "lessons = [\"Retries hid the real errors\"]",
    );
    edit(
        &env,
        PATH,
        "continue = []",
        "continue = [\"Weekly check-ins\"]",
    );
    git_on(
        &env,
        "2027-01-06T09:00:00Z",
        &["commit", "-q", "-am", "Q4 review written"],
    );
    let run = okr_on(
        &env,
        "2027-01-07T09:00:00Z",
        &[
            "new",
            "platform",
            "--period",
            "2027-Q1",
            "--from",
            "2026-Q4:platform",
        ],
    );
    assert_contains(&run.stdout, "Weekly check-ins");
    let next = env.read("okrs/2027-Q1/platform.toml");
    assert_contains(&next, "id = \"failed-checkouts\"");
    assert_contains(&next, "baseline = 3.1");

    let human = env.run(&["history", "2026-Q4:platform"]);
    assert_eq!(human.code, 0, "{human:?}");
    insta::assert_snapshot!("history_human", human.stdout);
    let markdown = env.run(&["history", "2026-Q4:platform", "--format", "markdown"]);
    assert_eq!(markdown.code, 0, "{markdown:?}");
    insta::assert_snapshot!("history_markdown", markdown.stdout);
    let json = env.run(&["history", "2026-Q4:platform", "--format", "json"]);
    assert_eq!(json.code, 0, "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    insta::assert_json_snapshot!("history_json", value);
}

#[test]
fn without_tags_and_at_an_earlier_revision() {
    let env = played();
    for tag in env.git(&["tag", "--list"]).lines() {
        env.git(&["tag", "-d", tag]);
    }
    let run = env.run(&["history", "platform"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "no tag");
    assert_contains(&run.stdout, "v1.2 final");
    // As it was before the reopen.
    let before = env.git(&["rev-list", "-1", "--before=2026-11-15", "HEAD"]);
    let run = env.run(&["history", "platform", "--at", before.trim()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "final 1.2");
    assert!(!run.stdout.contains("v2.0"), "{}", run.stdout);
}

#[test]
fn a_moved_file_is_followed() {
    let env = played();
    env.git(&["mv", PATH, "okrs/2026-Q4/platform-team.toml"]);
    git_with(
        &env,
        &[
            ("GIT_AUTHOR_DATE", "2026-11-18T09:00:00Z"),
            ("GIT_COMMITTER_DATE", "2026-11-18T09:00:00Z"),
        ],
        &["commit", "-q", "-m", "Rename the file"],
    );
    let run = env.run(&["history", "platform"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "v1.0 draft");
    assert_contains(&run.stdout, "6 check-in commits");
    assert_contains(&run.stdout, "okrs/2026-Q4/platform-team.toml");
}

#[test]
fn errors() {
    let env = played();
    let run = env.run(&["history", "nobody"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "nobody");
    let run = env.run(&["history", "platform", "--at", "no-such-rev"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "no-such-rev");
}
