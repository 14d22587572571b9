//! Key results measured by others (`from`, `rollup`) end to end: a
//! department's key result takes its value from its teams' key results as
//! they check in, in `status`, `tree`, `grade` and `report`; it cannot be
//! checked in itself; and the mistakes of `from` are diagnostics.

use crate::common::{TestEnv, assert_contains, assert_lacks, head, okr_on};

/// The department's set: one key result measured by two teams'.
fn department(rollup: &str) -> String {
    format!(
        r#"format = 1
team = "engineering"
period = "2026-Q4"
status = "final"

[[objectives]]
id = "fast"
title = "Payments that feel instant"

[[objectives.key_results]]
id = "rtt"
title = "Cut payment round-trip time from 300 ms to 200 ms"
unit = "ms"
baseline = 300
target = 200
from = ["payments/payment-rtt", "web/page-rtt"]
{rollup}"#
    )
}

/// A team's set: one key result from 300 ms to 200 ms.
fn team(team: &str, id: &str, unit: &str) -> String {
    format!(
        r#"format = 1
team = "{team}"
period = "2026-Q4"
parent = "engineering"
status = "final"

[[objectives]]
id = "rtt"
title = "Fast payments"

[[objectives.key_results]]
id = "{id}"
title = "Cut {id} from 300 ms to 200 ms"
unit = "{unit}"
baseline = 300
target = 200
"#
    )
}

/// A repository with the department and two teams committed on 2026-10-01,
/// the department rolling up by `rollup`.
fn repo(rollup: &str) -> TestEnv {
    let env = TestEnv::repo();
    env.write("okrs/2026-Q4/engineering.toml", department(rollup));
    env.write(
        "okrs/2026-Q4/payments.toml",
        team("payments", "payment-rtt", "ms"),
    );
    env.write("okrs/2026-Q4/web.toml", team("web", "page-rtt", "ms"));
    env.git(&["add", "."]);
    crate::common::git_on(
        &env,
        "2026-10-01T09:00:00Z",
        &["commit", "-q", "-m", "Q4 OKRs"],
    );
    env
}

/// Checks in payments at 260 on 2026-10-02, then web at 240 on 2026-10-03.
fn check_in_both(env: &TestEnv) {
    okr_on(
        env,
        "2026-10-02T09:00:00Z",
        &["checkin", "payments/payment-rtt", "260"],
    );
    okr_on(
        env,
        "2026-10-03T09:00:00Z",
        &["checkin", "web/page-rtt", "240"],
    );
}

/// The derived value of `engineering/rtt` in `git okr status --format json`.
fn derived_value(env: &TestEnv) -> serde_json::Value {
    let run = env.run(&[
        "status",
        "engineering",
        "--format",
        "json",
        "--as-of",
        "2026-10-05",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let status: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    status["sets"][0]["objectives"][0]["key_results"][0].clone()
}

#[test]
fn a_department_key_result_shows_the_mean_of_its_teams() {
    let env = repo("");
    // Before any check-in: no value.
    assert_eq!(derived_value(&env)["current"], serde_json::Value::Null);
    check_in_both(&env);

    let kr = derived_value(&env);
    assert_eq!(kr["current"], 250.0);
    assert_eq!(kr["progress"], 0.5);
    assert_eq!(kr["derived"]["method"], "mean");
    assert_eq!(kr["derived"]["sources"][0]["ref"], "payments/payment-rtt");
    assert_eq!(kr["derived"]["sources"][1]["ref"], "web/page-rtt");
    // Its last check-in is the newest of its sources': not stale.
    assert_eq!(kr["last_checkin"]["date"], "2026-10-03T09:00:00+00:00");
    assert_eq!(kr["stale"], false);

    let run = env.run(&["status", "engineering", "--as-of", "2026-10-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "250 of 200 ms (from 300)");
    assert_contains(&run.stdout, "= mean of payments/payment-rtt, web/page-rtt");
    assert_lacks(&run.stdout, "no value");

    let run = env.run(&["tree"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "measured     rtt  250 ms (50%)  = mean of payments/payment-rtt, web/page-rtt",
    );

    let run = env.run(&["report", "--markdown", "--as-of", "2026-10-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "250 of 200 ms (from 300), mean of payments/payment-rtt, web/page-rtt",
    );

    let run = env.run(&["report", "--html", "site", "--as-of", "2026-10-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    let page = pages(&env.path().join("site"));
    assert_contains(&page, "Measured by");
    assert_contains(&page, "mean of payments/payment-rtt, web/page-rtt");
}

/// The text of every HTML page under `dir`.
fn pages(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir)
        .expect("a folder")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            text += &pages(&path);
        } else if path.extension().is_some_and(|e| e == "html") {
            text += &std::fs::read_to_string(&path).unwrap_or_default();
        }
    }
    text
}

#[test]
fn sum_min_max_and_latest() {
    for (rollup, value) in [
        ("rollup = \"sum\"\n", 500.0),
        ("rollup = \"min\"\n", 240.0),
        ("rollup = \"max\"\n", 260.0),
        // web checked in last.
        ("rollup = \"latest\"\n", 240.0),
    ] {
        let env = repo(rollup);
        check_in_both(&env);
        assert_eq!(derived_value(&env)["current"], value, "{rollup}");
    }
    // Latest follows the dates, not the order of `from`: payments again.
    let env = repo("rollup = \"latest\"\n");
    check_in_both(&env);
    okr_on(
        &env,
        "2026-10-04T09:00:00Z",
        &["checkin", "payments/payment-rtt", "230"],
    );
    assert_eq!(derived_value(&env)["current"], 230.0);
}

#[test]
fn grade_scores_the_derived_value() {
    let env = repo("");
    check_in_both(&env);
    let run = env.run(&["grade", "engineering", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(
        &run.stdout,
        "250 of 200 ms (from 300) = mean of payments/payment-rtt, web/page-rtt",
    );
    assert_contains(&run.stdout, "0.5");
}

#[test]
fn a_derived_key_result_cannot_be_checked_in() {
    let env = repo("");
    let before = head(&env);
    let file = env.read("okrs/2026-Q4/engineering.toml");
    let run = env.run(&["checkin", "engineering/rtt", "250"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "is measured by its sources");
    assert_contains(&run.stderr, "`payments/payment-rtt`, `web/page-rtt`");
    assert_contains(&run.stderr, "git okr checkin payments/payment-rtt VALUE");
    assert_eq!(head(&env), before, "nothing is committed");
    assert_eq!(env.read("okrs/2026-Q4/engineering.toml"), file);
}

/// Commits the changes, then `git okr lint --format json` of the OKR root
/// (committed, so that no change to a final set is in the way): each
/// finding of `from` as `code file:line:col`.
fn lint(env: &TestEnv) -> (i32, Vec<String>) {
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "change"]);
    let run = env.run(&["lint", "okrs", "--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let mut codes = Vec::new();
    let list = found["diagnostics"]
        .as_array()
        .cloned()
        .or_else(|| found.as_array().cloned())
        .unwrap_or_default();
    for d in list {
        if d["code"]
            .as_str()
            .is_some_and(|c| c.starts_with("rollup") || c.starts_with("derived"))
        {
            codes.push(format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap_or_default(),
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["column"]
            ));
        }
    }
    (run.code, codes)
}

#[test]
fn a_cycle_is_an_error() {
    let env = repo("");
    let payments = team("payments", "payment-rtt", "ms") + "from = [\"engineering/rtt\"]\n";
    env.write("okrs/2026-Q4/payments.toml", payments);
    let (code, found) = lint(&env);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec!["rollup-cycle okrs/2026-Q4/engineering.toml:16:8"],
        "one cycle, once"
    );
    let run = env.run(&["lint", "okrs"]);
    assert_contains(
        &run.stdout,
        "`from` goes round in a cycle: engineering/rtt → payments/payment-rtt → engineering/rtt",
    );
}

#[test]
fn a_source_of_another_unit_is_a_warning() {
    let env = repo("");
    env.write("okrs/2026-Q4/web.toml", team("web", "page-rtt", "s"));
    let (code, found) = lint(&env);
    assert_eq!(code, 0, "a warning");
    assert_eq!(
        found,
        vec!["rollup-unit okrs/2026-Q4/engineering.toml:16:33"]
    );
    let run = env.run(&["lint", "okrs"]);
    assert_contains(
        &run.stdout,
        "`from`: `web/page-rtt` is measured in `s`, this key result in `ms`",
    );
}

#[test]
fn rollup_without_from_and_from_with_current() {
    let env = repo("");
    let lonely = team("web", "page-rtt", "ms") + "rollup = \"max\"\n";
    env.write("okrs/2026-Q4/web.toml", lonely);
    let (code, found) = lint(&env);
    assert_eq!(code, 0, "a warning");
    assert_eq!(
        found,
        vec!["rollup-without-from okrs/2026-Q4/web.toml:17:10"]
    );

    env.write(
        "okrs/2026-Q4/engineering.toml",
        department("current = 250\n"),
    );
    let (code, found) = lint(&env);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec![
            "derived-current okrs/2026-Q4/engineering.toml:17:11",
            "rollup-without-from okrs/2026-Q4/web.toml:17:10",
        ]
    );
    let run = env.run(&["status"]);
    assert_eq!(run.code, 2, "a broken file stops the status: {run:?}");
}
