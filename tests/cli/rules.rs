//! The quality rules end to end: settings in okr.toml, `allow` in OKR
//! files, and the output formats for review tools.

use crate::common::TestEnv;

/// A set whose only key result is a task.
const TASKY: &str = r#"format = 1
team = "platform"
period = "2026-Q4"

[[objectives]]
id = "reliable-checkout"
title = "Checkout customers never think about"
theme = "quality"

[[objectives.key_results]]
id = "retry-logic"
title = "Ship new retry logic"
"#;

#[test]
fn rule_findings_are_warnings_by_default() {
    let env = TestEnv::new();
    env.write("okrs/platform.toml", TASKY);
    let run = env.run(&["lint", "--format", "gcc"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!(run.stdout, @r"
    okrs/platform.toml:2:8: note: the set has no capability-building objective [unbalanced-set]
    okrs/platform.toml:12:9: warning: `Ship new retry logic` is a task, not evidence of a change [kr-is-task]
    ");
    assert_eq!(env.run(&["lint", "--deny-warnings"]).code, 1);
}

#[test]
fn okr_toml_sets_levels_and_limits() {
    let env = TestEnv::new();
    env.write("okrs/platform.toml", TASKY);
    env.write(
        "okr.toml",
        "[lint]\nmax_key_results = 5\n[lint.rules]\nkr-is-task = \"error\"\nunbalanced-set = \"off\"\n",
    );
    let run = env.run(&["lint", "--format", "gcc"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout,
        "okrs/platform.toml:12:9: error: `Ship new retry logic` is a task, not evidence of a change [kr-is-task]\n"
    );
}

#[test]
fn an_unknown_rule_in_okr_toml_is_an_input_error() {
    let env = TestEnv::new();
    env.write("okrs/platform.toml", TASKY);
    env.write("okr.toml", "[lint.rules]\nkr-is-tsak = \"off\"\n");
    let run = env.run(&["lint"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`kr-is-tsak` is not a lint rule"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `kr-is-task`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn allow_accepts_a_finding_and_verbose_shows_why() {
    let env = TestEnv::new();
    let allowed = TASKY.replace(
        "title = \"Ship new retry logic\"\n",
        "title = \"Ship new retry logic\"\nallow = { kr-is-task = \"the retry library is the deliverable the payments team asked for\" }\n",
    );
    env.write(
        "okrs/platform.toml",
        allowed.replace(
            "period = \"2026-Q4\"\n",
            "period = \"2026-Q4\"\nallow = { unbalanced-set = \"a one-objective set\" }\n",
        ),
    );
    let run = env.run(&["lint"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "checked 1 file: no problems found\n")
    );
    let run = env.run(&["lint", "--verbose", "-q"]);
    insta::assert_snapshot!(run.stdout, @r#"
    note[unbalanced-set]: allowed: the set has no capability-building objective
     --> okrs/platform.toml:2:8
      |
    2 | team = "platform"
      |        ^^^^^^^^^^
      |
      = help: accepted because: a one-objective set

    note[kr-is-task]: allowed: `Ship new retry logic` is a task, not evidence of a change
      --> okrs/platform.toml:13:9
       |
    13 | title = "Ship new retry logic"
       |         ^^^^^^^^^^^^^^^^^^^^^^
       |
       = help: accepted because: the retry library is the deliverable the payments team asked for
    "#);
}

#[test]
fn an_allow_of_an_unknown_rule_is_a_warning() {
    let env = TestEnv::new();
    env.write(
        "okrs/platform.toml",
        TASKY.replace(
            "theme = \"quality\"\n",
            "theme = \"quality\"\nallow = { kr-is-tsak = \"typo\" }\n",
        ),
    );
    let run = env.run(&["lint", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let unknown: Vec<&serde_json::Value> = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "unknown-rule")
        .collect();
    assert_eq!(unknown.len(), 1, "{json:#}");
    assert_eq!(unknown[0]["help"], "did you mean `kr-is-task`?");
}

#[test]
fn github_and_sarif_formats() {
    let env = TestEnv::new();
    env.write("okrs/platform.toml", TASKY);
    let run = env.run(&["lint", "--format", "github"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "::warning file=okrs/platform.toml,line=12,col=9,endLine=12,endColumn=31,title=git-okr kr-is-task::"
        ),
        "{}",
        run.stdout
    );
    let run = env.run(&["lint", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "kr-is-task"));
    assert!(rules.iter().any(|r| r["id"] == "unknown-key"));
    let level = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["defaultConfiguration"]["level"].clone())
    };
    assert_eq!(level("unknown-key"), Some("error".into()));
    assert_eq!(level("empty-set"), Some("warning".into()));
    assert_eq!(level("unbalanced-set"), Some("note".into()));
    assert_eq!(level("unknown-rule"), Some("warning".into()));
    let results = run0["results"].as_array().expect("results");
    let task = results
        .iter()
        .find(|r| r["ruleId"] == "kr-is-task")
        .expect("the task finding");
    let index = task["ruleIndex"].as_u64().expect("an index") as usize;
    assert_eq!(rules[index]["id"], "kr-is-task");
    assert_eq!(
        task["locations"][0]["physicalLocation"]["region"]["startLine"],
        12
    );
}
