//! `git okr status` end to end: progress, health against the calendar and
//! the age of each key result's last check-in, judged on a fixed day, on
//! repositories with commits on chosen dates.

use serde_json::Value;

use crate::common::{TestEnv, assert_contains, assert_lacks, edit, git_on, head, okr_on};
use crate::log::PATH;

/// The platform set as created on 2026-10-01: four key results, one never
/// measured.
const PLATFORM: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
status = "final"
version = "1.1"

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

[[objectives.key_results]]
id = "error-budget"
title = "Cut the monthly error budget burn from 100% to 50%"
unit = "%"
baseline = 100
target = 50
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
current = 14
confidence = 0.7
owner = "platform"
"#;

const PAYMENTS_PATH: &str = "okrs/2026-Q4/payments.toml";

/// The payments set, created on 2026-10-02 and not checked in since.
const PAYMENTS: &str = r#"format = 1
team = "payments"
period = "2026-Q4"
status = "review"
version = "1.3"

[[objectives]]
id = "fast-reviews"
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

/// The day most tests judge on: half of 2026-Q4 gone.
const AS_OF: &str = "2026-11-15";

/// Both sets, with check-ins on 2026-10-20 (checkout-latency, at risk),
/// 2026-11-10 (ci-time, off track) and 2026-11-12 (failed-checkouts, on
/// track).
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-01T09:00:00Z",
        &["commit", "-q", "-m", "Platform OKRs"],
    );
    env.write(PAYMENTS_PATH, PAYMENTS);
    env.git(&["add", "."]);
    git_on(
        &env,
        "2026-10-02T09:00:00Z",
        &["commit", "-q", "-m", "Payments OKRs"],
    );
    okr_on(
        &env,
        "2026-10-20T09:00:00Z",
        &["checkin", "checkout-latency", "750", "-c", "0.7"],
    );
    okr_on(&env, "2026-11-10T09:00:00Z", &["checkin", "ci-time", "13"]);
    okr_on(
        &env,
        "2026-11-12T15:00:00Z",
        &["checkin", "failed-checkouts", "3.4", "-c", "0.8"],
    );
    env
}

/// `git okr status --format json ARGS`, parsed; it must succeed.
#[track_caller]
fn status_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert_eq!(run.code, 0, "{run:?}");
    serde_json::from_str(&run.stdout).expect("status prints JSON")
}

/// The key result `reference` (`team/objective/kr`) in a JSON status.
#[track_caller]
fn kr<'s>(status: &'s Value, reference: &str) -> &'s Value {
    status["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|set| set["objectives"].as_array().into_iter().flatten())
        .flat_map(|o| o["key_results"].as_array().into_iter().flatten())
        .find(|kr| kr["ref"] == reference)
        .unwrap_or_else(|| panic!("no {reference} in {status:#}"))
}

/// Each key result's reference with its health, staleness and days since
/// its last check-in.
fn verdicts(status: &Value) -> Vec<String> {
    status["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|set| set["objectives"].as_array().into_iter().flatten())
        .flat_map(|o| o["key_results"].as_array().into_iter().flatten())
        .map(|kr| {
            format!(
                "{} {} {}{}",
                kr["ref"].as_str().unwrap_or("?"),
                kr["health"].as_str().unwrap_or("no-value"),
                kr["days_since_checkin"],
                if kr["stale"] == true { " stale" } else { "" }
            )
        })
        .collect()
}

#[test]
fn human_output_judged_on_a_fixed_day() {
    let env = repo();
    let run = env.run(&["status", "--as-of", AS_OF]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("human", run.stdout);
    assert_contains(&run.stdout, "3 days ago");
    assert_contains(&run.stdout, "26 days ago, stale");
    assert_contains(&run.stdout, "no check-in yet, stale");
    for word in ["on-track", "at-risk", "off-track", "no value"] {
        assert_contains(&run.stdout, word);
    }
}

#[test]
fn json_says_health_progress_and_the_last_check_in() {
    let env = repo();
    let status = status_json(&env, &["--as-of", AS_OF]);
    assert_eq!(status["as_of"], AS_OF);
    assert_eq!(status["cadence_days"], 14);
    assert_eq!(
        verdicts(&status),
        [
            "payments/fast-reviews/review-wait off-track 44 stale",
            "platform/reliable-checkout/failed-checkouts on-track 3",
            "platform/reliable-checkout/checkout-latency at-risk 26 stale",
            "platform/reliable-checkout/error-budget no-value 45 stale",
            "platform/paved-road/ci-time off-track 5",
        ]
    );

    let latest = head(&env);
    let failed = kr(&status, "platform/reliable-checkout/failed-checkouts");
    assert_eq!(failed["current"], 3.4);
    assert_eq!(failed["confidence"], 0.8);
    assert_eq!(failed["progress"], 0.5);
    assert_eq!(failed["expected"], 0.5, "46 of 92 days");
    assert_eq!(failed["last_checkin"]["commit"], latest.as_str());
    assert_eq!(failed["last_checkin"]["date"], "2026-11-12T15:00:00+00:00");
    assert_eq!(failed["last_checkin"]["author"], "Test Author");

    let latency = kr(&status, "platform/reliable-checkout/checkout-latency");
    let on_the_20th = env.git(&["rev-parse", "HEAD~2"]);
    assert_eq!(latency["last_checkin"]["commit"], on_the_20th.trim());
    assert_eq!(latency["progress"], 0.3);

    let never = kr(&status, "platform/reliable-checkout/error-budget");
    assert_eq!(never["last_checkin"], Value::Null);
    assert_eq!(never["progress"], Value::Null);
    assert_eq!(never["health"], Value::Null);

    // The set's first commit is a check-in of the values it starts with.
    let review = kr(&status, "payments/fast-reviews/review-wait");
    let payments = env.git(&["rev-parse", "HEAD~3"]);
    assert_eq!(review["last_checkin"]["commit"], payments.trim());

    let set = &status["sets"][1];
    assert_eq!(set["team"], "platform");
    assert_eq!(set["path"], PATH);
    assert_eq!(set["status"], "final");
    assert_eq!(set["version"], "1.1");
}

#[test]
fn the_working_tree_counts_and_its_age_comes_from_history() {
    let env = repo();
    // An uncommitted value shows; its age is still the last commit's.
    edit(&env, PATH, "current = 13", "current = 8");
    let status = status_json(&env, &["--as-of", AS_OF]);
    let ci = kr(&status, "platform/paved-road/ci-time");
    assert_eq!(ci["current"], 8.0);
    assert_eq!(ci["health"], "on-track");
    assert_eq!(ci["days_since_checkin"], 5);
}

#[test]
fn sets_can_be_named() {
    let env = repo();
    let status = status_json(&env, &["--as-of", AS_OF, "payments"]);
    assert_eq!(
        verdicts(&status),
        ["payments/fast-reviews/review-wait off-track 44 stale"]
    );
    let status = status_json(&env, &["--as-of", AS_OF, "2026-Q4:platform"]);
    assert_eq!(status["sets"].as_array().map(Vec::len), Some(1));
    assert_eq!(status["sets"][0]["team"], "platform");

    let run = env.run(&["status", "--as-of", AS_OF, "platform", "payments"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "2026-Q4:platform");
    assert_contains(&run.stdout, "2026-Q4:payments");

    let run = env.run(&["status", "--as-of", AS_OF, "payments"]);
    assert_lacks(&run.stdout, "platform");

    for (set, message) in [
        ("marketing", "`marketing` matches nothing"),
        ("2027-Q1:platform", "2027-Q1:platform"),
    ] {
        let run = env.run(&["status", set]);
        assert_eq!(run.code, 2, "{set}: {run:?}");
        assert_contains(&run.stderr, message);
    }
}

#[test]
fn at_shows_the_sets_of_a_revision_judged_on_its_day() {
    let env = repo();
    // HEAD~2 is the check-in of 2026-10-20.
    let status = status_json(&env, &["--at", "HEAD~2"]);
    assert_eq!(status["as_of"], "2026-10-20");
    assert_eq!(
        verdicts(&status),
        [
            "payments/fast-reviews/review-wait on-track 18 stale",
            "platform/reliable-checkout/failed-checkouts on-track 19 stale",
            "platform/reliable-checkout/checkout-latency on-track 0",
            "platform/reliable-checkout/error-budget no-value 19 stale",
            "platform/paved-road/ci-time at-risk 19 stale",
        ]
    );
    assert_eq!(kr(&status, "platform/paved-road/ci-time")["current"], 14.0);
    let run = env.run(&["status", "--at", "HEAD~2"]);
    assert_contains(&run.stdout, "checked in today");

    // A day given wins over the revision's.
    let status = status_json(&env, &["--at", "HEAD~2", "--as-of", AS_OF]);
    assert_eq!(status["as_of"], AS_OF);
    assert_eq!(
        kr(&status, "platform/reliable-checkout/checkout-latency")["days_since_checkin"],
        26
    );
    // Before the revision's set existed there was one set.
    let status = status_json(&env, &["--at", "HEAD~4"]);
    assert_eq!(status["as_of"], "2026-10-01");
    assert_eq!(status["sets"].as_array().map(Vec::len), Some(1));

    let run = env.run(&["status", "--at", "nowhere"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "nowhere");
}

#[test]
fn the_cadence_in_okr_toml_decides_what_is_stale() {
    let env = repo();
    env.write("okr.toml", "[checkin]\ncadence_days = 3\n");
    let status = status_json(&env, &["--as-of", AS_OF]);
    assert_eq!(status["cadence_days"], 3);
    assert_eq!(
        verdicts(&status),
        [
            "payments/fast-reviews/review-wait off-track 44 stale",
            "platform/reliable-checkout/failed-checkouts on-track 3",
            "platform/reliable-checkout/checkout-latency at-risk 26 stale",
            "platform/reliable-checkout/error-budget no-value 45 stale",
            "platform/paved-road/ci-time off-track 5 stale",
        ]
    );

    env.write("okr.toml", "[checkin]\ncadence_days = 30\n");
    let status = status_json(&env, &["--as-of", AS_OF]);
    assert_eq!(
        verdicts(&status),
        [
            "payments/fast-reviews/review-wait off-track 44 stale",
            "platform/reliable-checkout/failed-checkouts on-track 3",
            "platform/reliable-checkout/checkout-latency at-risk 26",
            "platform/reliable-checkout/error-budget no-value 45 stale",
            "platform/paved-road/ci-time off-track 5",
        ]
    );

    // Nothing is stale outside its period.
    let after = status_json(&env, &["--as-of", "2027-01-20"]);
    assert!(
        verdicts(&after).iter().all(|v| !v.ends_with("stale")),
        "{:#?}",
        verdicts(&after)
    );
    let before = status_json(&env, &["--as-of", "2026-09-20"]);
    let never = kr(&before, "platform/reliable-checkout/error-budget");
    assert_eq!(never["days_since_checkin"], Value::Null);
    assert_eq!(never["stale"], false);

    env.write("okr.toml", "[checkin]\ncadence_days = \"weekly\"\n");
    let run = env.run(&["status", "--as-of", AS_OF]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "cadence_days");
}

#[test]
fn a_broken_file_stops_with_its_diagnostics() {
    let env = repo();
    let broken = "okrs/2026-Q4/growth.toml";
    env.write(
        broken,
        "format = 1\nteam = \"growth\"\nperiod = \"2026-Q4\n\n[[objectives]]\n",
    );
    let run = env.run(&["status", "--as-of", AS_OF]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_contains(&run.stderr, &format!("{broken}:3:"));
    assert_contains(&run.stderr, "^");
    assert_contains(&run.stderr, "has errors: fix them to see the status");

    // The sets at a revision do not include the broken working copy.
    let run = env.run(&["status", "--at", "HEAD", "--as-of", AS_OF]);
    assert_eq!(run.code, 0, "{run:?}");

    let run = env.run(&["status", "--as-of", "15/11/2026"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--as-of: `15/11/2026` is not a date");
}

#[test]
fn an_unborn_branch_shows_the_working_tree_without_check_ins() {
    let env = TestEnv::repo();
    env.write(PATH, PLATFORM);
    let status = status_json(&env, &["--as-of", AS_OF]);
    let ci = kr(&status, "platform/paved-road/ci-time");
    assert_eq!(ci["last_checkin"], Value::Null);
    assert_eq!(ci["days_since_checkin"], 45);
    assert_eq!(ci["stale"], true);
}
