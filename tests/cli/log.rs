//! `git okr log` end to end, on repositories built by each test with
//! commits on chosen dates: check-ins made by the command and by hand, what
//! is not a check-in, moved files, filters, time travel, merges, the cache
//! and its damage, the formats and the errors.

use serde_json::Value;

use crate::common::{TestEnv, assert_contains, assert_lacks, edit, git_on, git_with, head, okr_on};

pub(crate) const PATH: &str = "okrs/2026-Q4/platform.toml";

/// The platform team's set: two key results with values, one without.
pub(crate) const PLATFORM: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
status = "final"
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
current = 3.6
confidence = 0.6
owner = "platform"

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

/// Another team's set, for filters by set.
const PAYMENTS: &str = r#"format = 1
team = "payments"
period = "2026-Q4"
status = "final"
version = "1.0"

[[objectives]]
id = "paved-road"
title = "Payments ship without waiting on reviews"

[[objectives.key_results]]
id = "review-wait"
title = "Cut the median review wait from 20 hours to 4 hours"
unit = "hours"
baseline = 20
target = 4
current = 18
owner = "payments"
"#;

/// A repository with the platform set committed on `main` on 2026-10-01.
pub(crate) fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-01T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs"],
    );
    env
}

/// `git okr log --format json ARGS`, parsed; it must succeed.
#[track_caller]
fn log_json(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["log", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert_eq!(run.code, 0, "{run:?}");
    match serde_json::from_str(&run.stdout) {
        Ok(Value::Array(entries)) => entries,
        other => panic!("not a JSON array: {other:?}\n{}", run.stdout),
    }
}

/// Each entry as `day ref old→new`, for assertions that read like the log.
fn summary(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {}→{}",
                e["date"].as_str().and_then(|d| d.get(..10)).unwrap_or("?"),
                e["ref"].as_str().unwrap_or("?"),
                e["old"],
                e["new"]
            )
        })
        .collect()
}

/// The summary of `git okr log ARGS`.
#[track_caller]
fn timeline(env: &TestEnv, args: &[&str]) -> Vec<String> {
    summary(&log_json(env, args))
}

/// The two entries the set's first commit gives.
const CREATED: [&str; 2] = [
    "2026-10-01 platform/reliable-checkout/failed-checkouts null→3.6",
    "2026-10-01 platform/paved-road/ci-time null→9.5",
];

/// `CREATED` after `newer`.
fn with_created(newer: &[&str]) -> Vec<String> {
    newer
        .iter()
        .chain(CREATED.iter())
        .map(|s| (*s).to_owned())
        .collect()
}

#[test]
fn check_ins_by_the_command_and_by_hand_both_appear() {
    let env = repo();
    okr_on(
        &env,
        "2026-10-05T09:00:00Z",
        &[
            "checkin",
            "failed-checkouts",
            "3.2",
            "--confidence",
            "0.7",
            "-m",
            "The retry fix landed.",
            "--learned",
            "retries hide errors",
        ],
    );
    let by_command = head(&env);
    edit(&env, PATH, "current = 9.5", "current = 8");
    git_with(
        &env,
        &[
            ("GIT_AUTHOR_NAME", "Grace Hopper"),
            ("GIT_AUTHOR_EMAIL", "grace@example.com"),
            ("GIT_AUTHOR_DATE", "2026-10-08T11:30:00+02:00"),
            ("GIT_COMMITTER_DATE", "2026-10-08T11:30:00+02:00"),
        ],
        &[
            "commit",
            "-q",
            "-a",
            "-m",
            "CI runners doubled",
            "-m",
            "Measured on the dashboard,\nby hand.",
            "-m",
            "Reviewed-by: Ada <ada@example.com>",
        ],
    );
    let by_hand = head(&env);

    let entries = log_json(&env, &[]);
    assert_eq!(
        summary(&entries),
        with_created(&[
            "2026-10-08 platform/paved-road/ci-time 9.5→8.0",
            "2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.2",
        ])
    );
    let hand = &entries[0];
    assert_eq!(hand["commit"], by_hand.as_str());
    assert_eq!(hand["date"], "2026-10-08T11:30:00+02:00");
    assert_eq!(hand["author"], "Grace Hopper");
    assert_eq!(hand["email"], "grace@example.com");
    assert_eq!(hand["ref"], "platform/paved-road/ci-time");
    assert_eq!(hand["path"], PATH);
    assert_eq!(hand["unit"], "minutes");
    assert_eq!((&hand["old"], &hand["new"]), (&9.5.into(), &8.0.into()));
    assert_eq!(hand["old_progress"], 0.5625);
    assert_eq!(hand["progress"], 0.75);
    assert_eq!(hand["confidence"], 0.8, "unchanged, still shown");
    assert_eq!(hand["subject"], "CI runners doubled");
    assert_eq!(hand["note"], "Measured on the dashboard,\nby hand.");
    assert_eq!(
        hand["trailers"],
        serde_json::json!([{"key": "Reviewed-by", "value": "Ada <ada@example.com>"}])
    );

    let command = &entries[1];
    assert_eq!(command["commit"], by_command.as_str());
    assert_eq!(command["date"], "2026-10-05T09:00:00+00:00");
    assert_eq!(command["author"], "Test Author");
    assert_eq!(
        (&command["old"], &command["new"]),
        (&3.6.into(), &3.2.into())
    );
    assert_eq!(command["old_progress"], 0.3333);
    assert_eq!(command["progress"], 0.6667);
    assert_eq!(command["old_confidence"], 0.6);
    assert_eq!(command["confidence"], 0.7);
    assert_eq!(
        command["subject"],
        "checkin(platform/failed-checkouts): 3.6 → 3.2 %, progress 33% → 67%"
    );
    assert_eq!(command["note"], "The retry fix landed.");
    assert_eq!(
        command["trailers"],
        serde_json::json!([
            {"key": "OKR-Checkin", "value": "platform/reliable-checkout/failed-checkouts"},
            {"key": "OKR-Value", "value": "3.2"},
            {"key": "OKR-Confidence", "value": "0.7"},
            {"key": "OKR-Learned", "value": "retries hide errors"},
        ])
    );

    // The set's first commit: values that appear count, with no old value.
    let created = &entries[2];
    assert_eq!(created["old"], Value::Null);
    assert_eq!(created["old_progress"], Value::Null);
    assert_eq!(created["subject"], "Platform OKRs");
    assert_eq!(created["note"], "");
    assert_eq!(created["trailers"], serde_json::json!([]));
}

#[test]
fn a_confidence_alone_and_a_first_value_are_check_ins() {
    let env = repo();
    edit(&env, PATH, "confidence = 0.8", "confidence = 0.5");
    git_on(
        &env,
        "2026-10-03T09:00:00Z",
        &["commit", "-q", "-am", "Less sure"],
    );
    okr_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["checkin", "checkout-latency", "700"],
    );
    let entries = log_json(&env, &["-n", "2"]);
    assert_eq!(
        summary(&entries),
        [
            "2026-10-04 platform/reliable-checkout/checkout-latency null→700.0",
            "2026-10-03 platform/paved-road/ci-time 9.5→9.5",
        ]
    );
    assert_eq!(entries[0]["progress"], 0.4);
    assert_eq!(entries[1]["old_confidence"], 0.8);
    assert_eq!(entries[1]["confidence"], 0.5);
}

#[test]
fn titles_targets_comments_and_other_files_are_not_check_ins() {
    let env = repo();
    let before = timeline(&env, &[]);
    assert_eq!(before, with_created(&[]));

    edit(
        &env,
        PATH,
        "title = \"Cut median CI pipeline time from 14 minutes to 6 minutes\"",
        "title = \"Cut median CI time from 14 to 6 minutes\"",
    );
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-am", "Retitle"],
    );
    edit(&env, PATH, "target = 6\n", "target = 5\n");
    git_on(
        &env,
        "2026-10-03T09:00:00Z",
        &["commit", "-q", "-am", "Retarget"],
    );
    edit(
        &env,
        PATH,
        "current = 9.5\n",
        "current = 9.50 # per the dashboard\n",
    );
    git_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["commit", "-q", "-am", "Same value"],
    );
    env.write("README.md", "Our OKRs live in okrs/.\n");
    env.write("okrs/notes.txt", "Not an OKR file.\n");
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-05T09:00:00Z",
        &["commit", "-q", "-m", "Docs"],
    );
    let docs = head(&env);

    let after = log_json(&env, &[]);
    assert_eq!(summary(&after), before, "no commit since adds an entry");
    assert!(after.iter().all(|e| e["commit"] != docs.as_str()));
    // Each entry shows the key result as its own commit left it.
    assert_eq!(after[1]["target"], 6.0);
}

#[test]
fn a_moved_file_keeps_its_timeline_without_entries_for_the_move() {
    let env = repo();
    okr_on(&env, "2026-10-03T09:00:00Z", &["checkin", "ci-time", "9"]);
    std::fs::create_dir_all(env.path().join("okrs/2026-Q4/teams")).expect("mkdir");
    git_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["mv", PATH, "okrs/2026-Q4/teams/platform.toml"],
    );
    git_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["commit", "-q", "-m", "Move"],
    );
    let moved = head(&env);
    okr_on(&env, "2026-10-06T09:00:00Z", &["checkin", "ci-time", "8.5"]);

    let entries = log_json(&env, &[]);
    assert!(
        entries.iter().all(|e| e["commit"] != moved.as_str()),
        "the move is no check-in: {:#?}",
        summary(&entries)
    );
    assert_eq!(
        summary(&entries),
        with_created(&[
            "2026-10-06 platform/paved-road/ci-time 9.0→8.5",
            "2026-10-03 platform/paved-road/ci-time 9.5→9.0",
        ])
    );
    assert_eq!(entries[0]["path"], "okrs/2026-Q4/teams/platform.toml");
    assert_eq!(entries[1]["path"], PATH);

    // Renamed and checked in by hand in one commit: one entry, continuous.
    env.git(&[
        "mv",
        "okrs/2026-Q4/teams/platform.toml",
        "okrs/2026-Q4/platform-team.toml",
    ]);
    edit(
        &env,
        "okrs/2026-Q4/platform-team.toml",
        "current = 8.5",
        "current = 8",
    );
    git_on(
        &env,
        "2026-10-07T09:00:00Z",
        &["commit", "-q", "-am", "Rename, and CI at 8"],
    );
    assert_eq!(
        timeline(&env, &["-n", "2"]),
        [
            "2026-10-07 platform/paved-road/ci-time 8.5→8.0",
            "2026-10-06 platform/paved-road/ci-time 9.0→8.5",
        ]
    );
}

#[test]
fn a_key_result_moved_to_another_objective_keeps_its_timeline() {
    let env = repo();
    // ci-time moves from paved-road to reliable-checkout, value unchanged.
    let text = env.read(PATH);
    let start = text
        .find("[[objectives]]\nid = \"paved-road\"")
        .expect("paved-road");
    let kr = text
        .find("[[objectives.key_results]]\nid = \"ci-time\"")
        .expect("ci-time");
    let moved = format!(
        "{}{}\n{}",
        &text[..start],
        &text[kr..],
        "[[objectives]]\nid = \"paved-road\"\ntitle = \"A paved road\"\n"
    );
    env.write(PATH, moved);
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-am", "Regroup"],
    );
    okr_on(&env, "2026-10-03T09:00:00Z", &["checkin", "ci-time", "9"]);
    assert_eq!(
        timeline(&env, &[]),
        with_created(&["2026-10-03 platform/reliable-checkout/ci-time 9.5→9.0"])
    );
    // The key result's own reference follows it to its old objective.
    assert_eq!(
        timeline(&env, &["ci-time"]),
        [
            "2026-10-03 platform/reliable-checkout/ci-time 9.5→9.0",
            "2026-10-01 platform/paved-road/ci-time null→9.5",
        ]
    );
}

/// The platform and payments sets with check-ins on four days.
fn busy_repo() -> TestEnv {
    let env = repo();
    env.write("okrs/2026-Q4/payments.toml", PAYMENTS);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-m", "Payments OKRs"],
    );
    for (date, args) in [
        (
            "2026-10-05T09:00:00Z",
            ["checkin", "failed-checkouts", "3.4"],
        ),
        ("2026-10-09T17:00:00Z", ["checkin", "review-wait", "15"]),
        ("2026-10-12T09:00:00Z", ["checkin", "ci-time", "9"]),
        (
            "2026-10-16T09:00:00Z",
            ["checkin", "failed-checkouts", "3.2"],
        ),
    ] {
        okr_on(&env, date, &args);
    }
    env
}

#[test]
fn references_keep_a_key_result_an_objective_or_a_set() {
    let env = busy_repo();
    let all = timeline(&env, &[]);
    assert_eq!(all.len(), 7, "{all:#?}");
    assert_eq!(
        timeline(&env, &["failed-checkouts"]),
        [
            "2026-10-16 platform/reliable-checkout/failed-checkouts 3.4→3.2",
            "2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4",
            "2026-10-01 platform/reliable-checkout/failed-checkouts null→3.6",
        ]
    );
    // `paved-road` is an objective of both teams: the team says which.
    let ambiguous = env.run(&["log", "paved-road"]);
    assert_eq!(ambiguous.code, 2, "{ambiguous:?}");
    assert_contains(&ambiguous.stderr, "paved-road");
    assert_eq!(
        timeline(&env, &["platform/paved-road"]),
        [
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
            "2026-10-01 platform/paved-road/ci-time null→9.5",
        ]
    );
    assert_eq!(
        timeline(&env, &["payments"]),
        [
            "2026-10-09 payments/paved-road/review-wait 18.0→15.0",
            "2026-10-02 payments/paved-road/review-wait null→18.0",
        ]
    );
    assert_eq!(
        timeline(&env, &["2026-Q4:payments", "ci-time"]),
        [
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
            "2026-10-09 payments/paved-road/review-wait 18.0→15.0",
            "2026-10-02 payments/paved-road/review-wait null→18.0",
            "2026-10-01 platform/paved-road/ci-time null→9.5",
        ],
        "several references keep the entries of any"
    );
    let platform = timeline(&env, &["platform"]);
    assert_eq!(platform.len(), 5);
    assert!(
        platform.iter().all(|s| s.contains(" platform/")),
        "{platform:#?}"
    );
}

#[test]
fn since_until_and_a_count_cut_the_timeline() {
    let env = busy_repo();
    assert_eq!(
        timeline(&env, &["--since", "2026-10-05", "--until", "2026-10-12"]),
        [
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
            "2026-10-09 payments/paved-road/review-wait 18.0→15.0",
            "2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4",
        ],
        "both days are included, whole"
    );
    assert_eq!(
        timeline(&env, &["--since", "2026-10-09T18:00:00Z"]),
        [
            "2026-10-16 platform/reliable-checkout/failed-checkouts 3.4→3.2",
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
        ]
    );
    assert_eq!(
        timeline(&env, &["--until", "2026-10-09T12:00:00+00:00"]),
        [
            "2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4",
            "2026-10-02 payments/paved-road/review-wait null→18.0",
            "2026-10-01 platform/reliable-checkout/failed-checkouts null→3.6",
            "2026-10-01 platform/paved-road/ci-time null→9.5",
        ]
    );
    assert_eq!(
        timeline(&env, &["--since", "2026-10-17"]),
        Vec::<String>::new()
    );
    assert_eq!(
        timeline(&env, &["-n", "2"]),
        [
            "2026-10-16 platform/reliable-checkout/failed-checkouts 3.4→3.2",
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
        ]
    );
    assert_eq!(
        timeline(
            &env,
            &["failed-checkouts", "--until", "2026-10-15", "-n", "1"]
        ),
        ["2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4"],
        "the count applies after the filters"
    );
    assert_eq!(timeline(&env, &["-n", "0"]), Vec::<String>::new());
    let run = env.run(&["log", "--format", "json", "-n", "0"]);
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn at_shows_the_timeline_as_it_was() {
    let env = busy_repo();
    env.git(&["tag", "before-ci", "HEAD~3"]);
    let all = log_json(&env, &[]);
    let then = log_json(&env, &["--at", "before-ci"]);
    assert_eq!(
        summary(&then),
        [
            "2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4",
            "2026-10-02 payments/paved-road/review-wait null→18.0",
            "2026-10-01 platform/reliable-checkout/failed-checkouts null→3.6",
            "2026-10-01 platform/paved-road/ci-time null→9.5",
        ]
    );
    assert_eq!(then, all[all.len() - 4..], "the same entries, older ones");
    assert_eq!(
        timeline(&env, &["--at", "HEAD~1", "failed-checkouts", "-n", "1"]),
        ["2026-10-05 platform/reliable-checkout/failed-checkouts 3.6→3.4"]
    );
    // References are resolved at that revision: payments did not exist yet.
    let run = env.run(&["log", "--at", "HEAD~5", "payments"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "`payments` matches nothing");
    let run = env.run(&["log", "--at", "no-such-rev"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "no-such-rev");
}

#[test]
fn a_check_in_on_a_merged_branch_shows_once_at_the_merge() {
    let env = repo();
    env.git(&["checkout", "-q", "-b", "feature"]);
    okr_on(
        &env,
        "2026-10-03T09:00:00Z",
        &["checkin", "ci-time", "8", "-m", "Runners doubled."],
    );
    let on_branch = head(&env);
    env.git(&["checkout", "-q", "main"]);
    okr_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["checkin", "failed-checkouts", "3.2"],
    );
    let on_main = head(&env);
    git_with(
        &env,
        &[
            ("GIT_AUTHOR_NAME", "Merge Person"),
            ("GIT_AUTHOR_EMAIL", "merge@example.com"),
            ("GIT_AUTHOR_DATE", "2026-10-06T09:00:00Z"),
            ("GIT_COMMITTER_DATE", "2026-10-06T09:00:00Z"),
        ],
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge branch 'feature'",
            "feature",
        ],
    );
    let merge = head(&env);

    let entries = log_json(&env, &[]);
    assert_eq!(
        summary(&entries),
        with_created(&[
            "2026-10-06 platform/paved-road/ci-time 9.5→8.0",
            "2026-10-04 platform/reliable-checkout/failed-checkouts 3.6→3.2",
        ])
    );
    assert_eq!(entries[0]["commit"], merge.as_str());
    assert_eq!(entries[0]["author"], "Merge Person");
    assert_eq!(entries[0]["subject"], "Merge branch 'feature'");
    assert_eq!(entries[1]["commit"], on_main.as_str());
    assert!(
        entries.iter().all(|e| e["commit"] != on_branch.as_str()),
        "the branch's own commit is not on the first-parent chain"
    );
    // On the branch itself, the check-in is its own commit's.
    let branch = log_json(&env, &["--at", "feature", "-n", "1"]);
    assert_eq!(branch[0]["commit"], on_branch.as_str());
    assert_eq!(branch[0]["note"], "Runners doubled.");

    // A fast-forward brings the branch's commits onto the chain as they are.
    env.git(&["checkout", "-q", "-b", "later"]);
    okr_on(&env, "2026-10-07T09:00:00Z", &["checkin", "ci-time", "7.5"]);
    env.git(&["checkout", "-q", "main"]);
    env.git(&["merge", "-q", "--ff-only", "later"]);
    assert_eq!(
        timeline(&env, &["-n", "1"]),
        ["2026-10-07 platform/paved-road/ci-time 8.0→7.5"]
    );
}

/// The cache files under the git folder.
fn cache_files(env: &TestEnv) -> Vec<std::path::PathBuf> {
    let Ok(dir) = std::fs::read_dir(env.path().join(".git/okr")) else {
        return Vec::new();
    };
    let mut files: Vec<_> = dir
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("timeline"))
        })
        .collect();
    files.sort();
    files
}

/// `git okr log --format json ARGS` as text; it must succeed.
#[track_caller]
fn log_text(env: &TestEnv, args: &[&str]) -> String {
    let mut all = vec!["log", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

/// What the log says, with the cache and without, which must agree.
#[track_caller]
fn checked(env: &TestEnv) -> String {
    let cached = log_text(env, &[]);
    assert_eq!(
        cached,
        log_text(env, &["--no-cache"]),
        "cache and history agree"
    );
    cached
}

#[test]
fn the_cache_repeats_the_walk_and_follows_rewritten_history() {
    let env = busy_repo();
    let first = log_text(&env, &[]);
    assert!(
        !cache_files(&env).is_empty(),
        "the first run writes a cache"
    );
    assert_eq!(log_text(&env, &[]), first, "the second run reads it");
    assert_eq!(log_text(&env, &["--no-cache"]), first);

    // A new commit on top: the cache holds its parent.
    okr_on(&env, "2026-10-20T09:00:00Z", &["checkin", "ci-time", "8.5"]);
    let newer = checked(&env);
    assert!(newer.ends_with(&first[1..]), "{newer}");
    assert_eq!(
        timeline(&env, &["-n", "1"]),
        ["2026-10-20 platform/paved-road/ci-time 9.0→8.5"]
    );

    // Amended: the cached tip is no longer on the chain.
    edit(&env, PATH, "current = 8.5", "current = 8.25");
    git_on(
        &env,
        "2026-10-20T09:00:00Z",
        &["commit", "-q", "-a", "--amend", "--no-edit"],
    );
    let amended = head(&env);
    let amended_log = checked(&env);
    assert_eq!(
        timeline(&env, &["-n", "1"]),
        ["2026-10-20 platform/paved-road/ci-time 9.0→8.25"]
    );

    // Reset two back and a different history on top.
    env.git(&["reset", "-q", "--hard", "HEAD~2"]);
    edit(&env, PATH, "current = 3.4", "current = 3.0");
    git_on(
        &env,
        "2026-10-21T09:00:00Z",
        &["commit", "-q", "-am", "Failed checkouts at 3"],
    );
    let rewritten = checked(&env);
    assert_lacks(&rewritten, "8.25");
    assert_eq!(
        timeline(&env, &["-n", "2"]),
        [
            "2026-10-21 platform/reliable-checkout/failed-checkouts 3.4→3.0",
            "2026-10-12 platform/paved-road/ci-time 9.5→9.0",
        ]
    );
    // Back to the amended tip, and forth again.
    env.git(&["checkout", "-q", "--detach", &amended]);
    assert_eq!(checked(&env), amended_log);
    env.git(&["checkout", "-q", "main"]);
    assert_eq!(checked(&env), rewritten);

    // Deleting the cache only costs time; a later run writes it again.
    std::fs::remove_dir_all(env.path().join(".git/okr")).expect("remove the cache");
    assert_eq!(log_text(&env, &[]), rewritten);
    assert!(!cache_files(&env).is_empty());
    // --no-cache neither reads nor writes it.
    std::fs::remove_dir_all(env.path().join(".git/okr")).expect("remove the cache");
    assert_eq!(log_text(&env, &["--no-cache"]), rewritten);
    assert!(cache_files(&env).is_empty());
}

#[test]
fn a_truncated_or_emptied_cache_is_ignored() {
    let env = busy_repo();
    let right = log_text(&env, &[]);
    let files = cache_files(&env);
    assert!(!files.is_empty());
    let saved: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("read the cache"))
        .collect();
    for (file, bytes) in files.iter().zip(&saved) {
        for cut in [0, 1, 10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(file, &bytes[..cut]).expect("truncate the cache");
            assert_eq!(log_text(&env, &[]), right, "cut at {cut}");
            // Once more, on whatever the run before left.
            assert_eq!(log_text(&env, &[]), right, "after the cut at {cut}");
            std::fs::write(file, bytes).expect("restore the cache");
        }
    }
    // Damaged, then a new commit on top: the runs after still see it all.
    std::fs::write(&files[0], &saved[0][..saved[0].len() / 2]).expect("truncate");
    okr_on(&env, "2026-10-20T09:00:00Z", &["checkin", "ci-time", "8.5"]);
    let newer = checked(&env);
    assert_eq!(checked(&env), newer);
    assert!(newer.ends_with(&right[1..]));
}

#[test]
fn a_cache_overwritten_in_the_middle_is_not_believed() {
    let env = busy_repo();
    let right = log_text(&env, &["--no-cache"]);
    log_text(&env, &[]);
    let files = cache_files(&env);
    assert!(!files.is_empty());
    let mut wrong = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read the cache");
        // Every fourth byte from the header on: numbers, dates, ids, text.
        for at in (32..bytes.len()).step_by(6) {
            let mut damaged = bytes.clone();
            for byte in damaged.iter_mut().skip(at).take(4) {
                *byte = 0xff;
            }
            std::fs::write(file, &damaged).expect("damage the cache");
            let run = env.run(&["log", "--format", "json"]);
            if run.code != 0 || run.stdout != right {
                wrong.push(format!("at {at}: exit {} {}", run.code, run.stderr.trim()));
            }
            std::fs::write(file, &bytes).expect("restore the cache");
        }
    }
    assert!(
        wrong.is_empty(),
        "{} damaged caches believed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A history worth reading: a batch, a note of several paragraphs with
/// trailers, a hand edit, a first value.
fn storied_repo() -> TestEnv {
    let env = busy_repo();
    env.write(
        "measured.json",
        r#"[{"ref": "failed-checkouts", "value": 3.1, "confidence": 0.7, "note": "from the weekly export"},
            {"ref": "platform/paved-road/ci-time", "value": 8.5}]"#,
    );
    okr_on(
        &env,
        "2026-10-19T09:00:00Z",
        &[
            "checkin",
            "--from",
            "measured.json",
            "-m",
            "Weekly numbers.",
        ],
    );
    okr_on(
        &env,
        "2026-10-20T09:00:00Z",
        &[
            "checkin",
            "checkout-latency",
            "820",
            "-c",
            "0.4",
            "-m",
            "First load test.",
            "-m",
            "Second paragraph.",
            "--learned",
            "the cache is cold on Mondays",
            "--stop",
            "testing on staging",
        ],
    );
    edit(&env, PATH, "confidence = 0.7", "confidence = 0.55");
    git_with(
        &env,
        &[
            ("GIT_AUTHOR_NAME", "Grace Hopper"),
            ("GIT_AUTHOR_EMAIL", "grace@example.com"),
            ("GIT_AUTHOR_DATE", "2026-10-21T16:45:00-04:00"),
            ("GIT_COMMITTER_DATE", "2026-10-21T16:45:00-04:00"),
        ],
        &[
            "commit",
            "-q",
            "-am",
            "Less sure about checkouts, \"after\" the incident",
        ],
    );
    env
}

#[test]
fn human_output() {
    let env = storied_repo();
    let run = env.run(&["log"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("human", run.stdout);
    let one = env.run(&["log", "checkout-latency"]);
    assert_eq!(one.code, 0, "{one:?}");
    insta::assert_snapshot!("human_one_key_result", one.stdout);
}

#[test]
fn csv_has_a_header_and_quotes_what_it_must() {
    let env = storied_repo();
    let run = env.run(&["log", "--format", "csv", "--since", "2026-10-20"]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "date,commit,author,email,period,ref,path,unit,old,new,old_progress,progress,old_confidence,confidence,subject,note"
        )
    );
    let hand = head(&env);
    assert_eq!(
        lines.next().map(str::to_owned),
        Some(format!(
            "2026-10-21T16:45:00-04:00,{hand},Grace Hopper,grace@example.com,2026-Q4,platform/reliable-checkout/failed-checkouts,{PATH},%,3.1,3.1,0.75,0.75,0.7,0.55,\"Less sure about checkouts, \"\"after\"\" the incident\","
        ))
    );
    // The last row's note of two paragraphs is one field, its newlines
    // kept inside the quotes.
    let rest: Vec<&str> = lines.collect();
    let rest = rest.join("\n");
    let latency = env.git(&["rev-parse", "HEAD~1"]);
    assert!(
        rest.starts_with(&format!(
            "2026-10-20T09:00:00+00:00,{},Test Author,",
            latency.trim()
        )),
        "{rest}"
    );
    assert!(
        rest.ends_with(",\"First load test.\n\nSecond paragraph.\""),
        "{rest}"
    );
    assert_eq!(rest.matches("2026-10-").count(), 1, "one more row: {rest}");

    let none = env.run(&["log", "--format", "csv", "--since", "2027-01-01"]);
    assert_eq!(
        none.stdout,
        "date,commit,author,email,period,ref,path,unit,old,new,old_progress,progress,old_confidence,confidence,subject,note\n"
    );
}

#[test]
fn mistakes_say_what_is_wrong() {
    let env = busy_repo();
    for (args, message) in [
        (vec!["log", "nope"], "`nope` matches nothing"),
        (vec!["log", "Platform"], "`Platform` is not a reference"),
        (
            vec!["log", "--since", "last tuesday"],
            "--since: `last tuesday` is not a date",
        ),
        (
            vec!["log", "--until", "2026-13-01"],
            "--until: `2026-13-01` is not a date",
        ),
        (vec!["log", "-n", "many"], "many"),
        (vec!["log", "--format", "yaml"], "yaml"),
    ] {
        let run = env.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_contains(&run.stderr, message);
        assert_eq!(run.stdout, "", "{args:?}");
    }

    let unborn = TestEnv::repo();
    unborn.write(PATH, PLATFORM);
    let run = unborn.run(&["log"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "the current branch has no commits yet");

    let outside = TestEnv::new();
    let run = outside.run(&["log"]);
    assert_eq!(run.code, 2, "{run:?}");
}

/// Bytes of a fixed xorshift stream: junk that is the same on every run.
fn junk(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn a_cache_of_junk_or_of_another_repository_is_not_believed() {
    let env = busy_repo();
    let right = log_text(&env, &["--no-cache"]);
    log_text(&env, &[]);
    let files = cache_files(&env);
    assert!(!files.is_empty());
    let file = &files[0];
    let saved = std::fs::read(file).expect("read the cache");
    let mut wrong = Vec::new();
    let mut check = |what: &str| {
        let run = env.run(&["log", "--format", "json"]);
        if run.code != 0 || run.stdout != right {
            wrong.push(format!("{what}: exit {} {}", run.code, run.stderr.trim()));
        }
    };
    // Random bytes, short and long, and the real header over junk.
    for (seed, len) in [(1, 16), (2, 4096), (3, saved.len()), (4, 3 * saved.len())] {
        std::fs::write(file, junk(len, seed)).expect("write junk");
        check(&format!("{len} random bytes"));
        let mut headed = saved
            .get(..32.min(saved.len()))
            .unwrap_or_default()
            .to_vec();
        headed.extend(junk(len, seed + 100));
        std::fs::write(file, headed).expect("write junk");
        check(&format!("the header, then {len} random bytes"));
    }
    // A huge file: 64 MiB of junk behind the real header.
    let mut huge = saved
        .get(..32.min(saved.len()))
        .unwrap_or_default()
        .to_vec();
    huge.resize(64 << 20, 0x5a);
    std::fs::write(file, &huge).expect("write a huge cache");
    check("a 64 MiB cache");
    drop(huge);
    // The cache of another repository with the same OKR file, other
    // commits: its records name commits this one does not have.
    let other = busy_repo();
    okr_on(
        &other,
        "2026-10-21T09:00:00Z",
        &["checkin", "ci-time", "7.5"],
    );
    log_text(&other, &[]);
    for theirs in cache_files(&other) {
        let name = theirs.file_name().expect("a file name");
        std::fs::copy(&theirs, env.path().join(".git/okr").join(name)).expect("copy");
    }
    check("the cache of another repository");
    assert!(
        wrong.is_empty(),
        "{} caches believed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_cache_written_before_a_reset_or_a_rebase_follows_the_new_history() {
    let env = busy_repo();
    let before = checked(&env);
    // Back two commits with reset --hard: the cache holds commits that are
    // no longer on the branch.
    env.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let reset = checked(&env);
    assert_ne!(reset, before);
    // A different history on top, then rebased onto a new first commit.
    okr_on(&env, "2026-10-22T09:00:00Z", &["checkin", "ci-time", "9.5"]);
    let on_top = checked(&env);
    env.write("NOTES.md", "Notes\n");
    env.git(&["add", "NOTES.md"]);
    git_on(
        &env,
        "2026-10-23T09:00:00Z",
        &["commit", "-q", "-m", "Notes"],
    );
    let tip = head(&env);
    env.git(&["checkout", "-q", "-b", "side", "HEAD~2"]);
    env.write("README.md", "A readme\n");
    env.git(&["add", "README.md"]);
    git_on(
        &env,
        "2026-10-24T09:00:00Z",
        &["commit", "-q", "-m", "Readme"],
    );
    checked(&env);
    git_with(
        &env,
        &[("GIT_COMMITTER_DATE", "2026-10-25T09:00:00Z")],
        &["rebase", "-q", "side", &tip],
    );
    checked(&env);
    // The same check-ins, now on rewritten commits: what they say agrees,
    // commit by commit.
    let strip = |entries: Vec<Value>| -> Vec<String> {
        entries
            .into_iter()
            .map(|mut e| {
                if let Some(map) = e.as_object_mut() {
                    map.remove("commit");
                    map.remove("date");
                }
                e.to_string()
            })
            .collect()
    };
    let rebased = strip(log_json(&env, &[]));
    assert_eq!(
        rebased.len(),
        summary(&log_json(&env, &["--no-cache"])).len()
    );
    let expected: Vec<Value> = serde_json::from_str(&on_top).expect("JSON");
    assert_eq!(rebased, strip(expected));
}
