//! `git okr tree` end to end: a company, two departments and their teams
//! in a temporary repository, one objective supporting two departments',
//! the tree at an older revision, dangling references, cycles, JSON, and
//! the usage errors.

use serde_json::Value;

use crate::common::{TestEnv, assert_contains, assert_lacks, edit, git_on};

/// An objective: id, `aligns`, and the current value of its one key
/// result, which runs from 0 to 10 (`None`: not measured yet).
type Objective<'a> = (&'a str, &'a [&'a str], Option<f64>);

/// The text of a set of `team` in `period` under `parent`.
fn okr(team: &str, period: &str, parent: Option<&str>, objectives: &[Objective<'_>]) -> String {
    let mut text = format!(
        "format = 1\nteam = \"{team}\"\nperiod = \"{period}\"\nstatus = \"final\"\nversion = \"1.1\"\n"
    );
    if let Some(parent) = parent {
        text += &format!("parent = \"{parent}\"\n");
    }
    for (id, aligns, current) in objectives {
        let title = id.replace('-', " ");
        text += &format!("\n[[objectives]]\nid = \"{id}\"\ntitle = \"We {title}\"\n");
        if !aligns.is_empty() {
            let list: Vec<String> = aligns.iter().map(|a| format!("\"{a}\"")).collect();
            text += &format!("aligns = [{}]\n", list.join(", "));
        }
        text += &format!(
            "\n[[objectives.key_results]]\nid = \"{id}-measure\"\ntitle = \"Move the {title} measure from 0 to 10\"\nbaseline = 0\ntarget = 10\n"
        );
        if let Some(current) = current {
            text += &format!("current = {current}\nconfidence = 0.7\n");
        }
    }
    text
}

/// Writes the set of `team` in 2026-Q4 at `okrs/2026-Q4/<team>.toml`.
fn write(env: &TestEnv, team: &str, parent: Option<&str>, objectives: &[Objective<'_>]) {
    env.write(
        &format!("okrs/2026-Q4/{team}.toml"),
        okr(team, "2026-Q4", parent, objectives),
    );
}

/// Commits everything on `date`.
fn commit(env: &TestEnv, date: &str, message: &str) {
    env.git(&["add", "."]);
    git_on(env, date, &["commit", "-q", "-m", message]);
}

/// The company and its two departments, committed on 2026-10-01; then the
/// teams and a check-in of the company, committed on 2026-10-15. The
/// platform's `reliable-checkout` supports both departments.
fn repo() -> TestEnv {
    let env = TestEnv::repo();
    write(
        &env,
        "company",
        None,
        &[
            ("grow-revenue", &[], Some(2.0)),
            ("keep-customers", &[], None),
        ],
    );
    write(
        &env,
        "engineering",
        Some("company"),
        &[
            ("earn-trust", &["company/keep-customers"], Some(5.0)),
            ("ship-faster", &["grow-revenue"], Some(3.0)),
        ],
    );
    write(
        &env,
        "sales",
        Some("company"),
        &[("win-new-markets", &["company/grow-revenue"], Some(4.0))],
    );
    commit(&env, "2026-10-01T09:00:00Z", "Company and department OKRs");

    write(
        &env,
        "platform",
        Some("engineering"),
        &[
            (
                "reliable-checkout",
                &["engineering/earn-trust", "sales/win-new-markets"],
                Some(8.0),
            ),
            ("paved-road", &["ship-faster"], Some(6.0)),
        ],
    );
    write(
        &env,
        "checkout",
        Some("engineering"),
        &[("fast-checkout", &["earn-trust"], None)],
    );
    write(
        &env,
        "field",
        Some("sales"),
        &[("open-two-markets", &["win-new-markets"], Some(1.0))],
    );
    edit(
        &env,
        "okrs/2026-Q4/company.toml",
        "current = 2\n",
        "current = 3\n",
    );
    commit(&env, "2026-10-15T09:00:00Z", "Team OKRs");
    env
}

/// `git okr tree --format json ARGS`, parsed, with its exit code.
#[track_caller]
fn tree_json(env: &TestEnv, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["tree", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert_eq!(run.stderr, "", "{run:?}");
    let value = serde_json::from_str(&run.stdout).expect("tree prints JSON");
    (run.code, value)
}

/// Each set of a JSON tree, indented by depth, with its placement.
fn outline(tree: &Value) -> Vec<String> {
    tree["periods"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|forest| forest["sets"].as_array().into_iter().flatten())
        .map(|set| {
            let depth = set["depth"].as_u64().unwrap_or(0) as usize;
            format!(
                "{}{} {}",
                "  ".repeat(depth),
                set["ref"].as_str().unwrap_or("?"),
                set["placement"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

/// The objective `reference` (`period:team/objective`) in a JSON tree.
#[track_caller]
fn objective<'t>(tree: &'t Value, reference: &str) -> &'t Value {
    tree["periods"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|forest| forest["sets"].as_array().into_iter().flatten())
        .flat_map(|set| set["objectives"].as_array().into_iter().flatten())
        .find(|o| o["ref"] == reference)
        .unwrap_or_else(|| panic!("no {reference} in {tree:#}"))
}

/// The diagnostics of a JSON tree as `code file:line:col`.
fn problems(tree: &Value) -> Vec<String> {
    tree["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn company_departments_and_teams() {
    let env = repo();
    let run = env.run(&["tree"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("human", run.stdout);
    // One objective, two parents: listed under each.
    assert_contains(&run.stdout, "aligns to    engineering/earn-trust");
    assert_contains(&run.stdout, "aligns to    sales/win-new-markets");
    assert_contains(&run.stdout, "supported by platform/reliable-checkout");
}

#[test]
fn json_has_the_forest_the_links_and_the_roll_up() {
    let env = repo();
    let run = env.run(&["tree", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("json", run.stdout);
    let tree: Value = serde_json::from_str(&run.stdout).expect("tree prints JSON");
    assert_eq!(
        outline(&tree),
        [
            "2026-Q4:company root",
            "  2026-Q4:engineering child",
            "    2026-Q4:checkout child",
            "    2026-Q4:platform child",
            "  2026-Q4:sales child",
            "    2026-Q4:field child",
        ]
    );
    let forest = &tree["periods"][0];
    assert_eq!(forest["period"], "2026-Q4");
    assert_eq!(forest["start"], "2026-10-01");
    assert_eq!(forest["roots"], serde_json::json!(["2026-Q4:company"]));
    assert_eq!(
        forest["sets"][1]["children"],
        serde_json::json!(["2026-Q4:checkout", "2026-Q4:platform"])
    );

    // Several parents: both links, and a supporter on each end.
    let checkout = objective(&tree, "2026-Q4:platform/reliable-checkout");
    let targets: Vec<&str> = checkout["aligns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["target"].as_str())
        .collect();
    assert_eq!(
        targets,
        [
            "2026-Q4:engineering/earn-trust",
            "2026-Q4:sales/win-new-markets"
        ]
    );
    assert_eq!(checkout["aligns"][1]["written"], "sales/win-new-markets");
    assert_eq!(checkout["aligns"][1]["progress"], 0.4);

    // The roll-up: the supporters' mean beside the objective's own.
    let trust = objective(&tree, "2026-Q4:engineering/earn-trust");
    assert_eq!(trust["progress"], 0.5);
    assert_eq!(
        trust["supported_by"],
        serde_json::json!([
            {"ref": "2026-Q4:checkout/fast-checkout", "progress": null},
            {"ref": "2026-Q4:platform/reliable-checkout", "progress": 0.8},
        ])
    );
    assert_eq!(trust["support"], 0.4, "(0 + 0.8) / 2");
    let markets = objective(&tree, "2026-Q4:sales/win-new-markets");
    assert_eq!(markets["support"], 0.45, "(0.8 + 0.1) / 2");
    let grow = objective(&tree, "2026-Q4:company/grow-revenue");
    assert_eq!(grow["progress"], 0.3);
    assert_eq!(grow["support"], 0.35, "(0.3 + 0.4) / 2");
    assert_eq!(
        objective(&tree, "2026-Q4:field/open-two-markets")["support"],
        Value::Null
    );
    assert_eq!(tree["diagnostics"], serde_json::json!([]));
    assert_eq!(forest["sets"][0]["progress"], 0.15);
}

#[test]
fn at_shows_the_alignment_of_a_revision() {
    let env = repo();
    let (code, tree) = tree_json(&env, &["--at", "HEAD~1"]);
    assert_eq!(code, 0);
    assert_eq!(
        outline(&tree),
        [
            "2026-Q4:company root",
            "  2026-Q4:engineering child",
            "  2026-Q4:sales child",
        ]
    );
    assert_eq!(
        objective(&tree, "2026-Q4:company/grow-revenue")["progress"],
        0.2
    );
    assert_eq!(
        objective(&tree, "2026-Q4:engineering/earn-trust")["supported_by"],
        serde_json::json!([])
    );
    let run = env.run(&["tree", "--at", "HEAD~1"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("at_revision", run.stdout);

    // The working tree is not what --at reads.
    write(
        &env,
        "sales",
        Some("nobody"),
        &[("win-new-markets", &[], None)],
    );
    let (code, _) = tree_json(&env, &["--at", "HEAD"]);
    assert_eq!(code, 0);
    let (code, _) = tree_json(&env, &[]);
    assert_eq!(code, 1);

    for rev in ["nowhere", "HEAD~5"] {
        let run = env.run(&["tree", "--at", rev]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(run.stdout, "");
        assert_contains(
            &run.stderr,
            &format!("error: --at: `{rev}` is not a revision"),
        );
    }
}

#[test]
fn dangling_references_are_reported_and_the_set_is_a_root() {
    let env = repo();
    write(
        &env,
        "growth",
        Some("marketing"),
        &[(
            "more-leads",
            &["marketing/brand", "grow-revenue"],
            Some(5.0),
        )],
    );
    write(
        &env,
        "field",
        Some("sales"),
        &[("open-two-markets", &["win-new-market"], Some(1.0))],
    );
    let run = env.run(&["tree"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("dangling", run.stdout);
    assert_contains(
        &run.stdout,
        "growth  final v1.1  50%  okrs/2026-Q4/growth.toml  (parent `marketing` unresolved)",
    );
    assert_contains(&run.stdout, "okrs/2026-Q4/growth.toml:6:10");
    assert_contains(&run.stdout, "did you mean `sales/win-new-markets`?");
    assert_contains(&run.stdout, "3 errors in the alignment of 7 sets");

    let (code, tree) = tree_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&tree),
        [
            "unresolved-reference okrs/2026-Q4/field.toml:11:11",
            "unresolved-reference okrs/2026-Q4/growth.toml:6:10",
            "unresolved-reference okrs/2026-Q4/growth.toml:11:11",
        ]
    );
    assert_eq!(
        tree["periods"][0]["roots"],
        serde_json::json!(["2026-Q4:company", "2026-Q4:growth"])
    );
    let growth = &tree["periods"][0]["sets"][6];
    assert_eq!(growth["placement"], "parent-unresolved");
    assert_eq!(growth["parent"], "marketing");
    assert_eq!(growth["parent_ref"], Value::Null);
    let leads = objective(&tree, "2026-Q4:growth/more-leads");
    assert_eq!(leads["aligns"][0]["target"], Value::Null);
    assert_eq!(leads["aligns"][1]["target"], "2026-Q4:company/grow-revenue");
}

#[test]
fn cycles_are_reported_without_hanging() {
    let env = repo();
    // company → sales → field → company, and two objectives supporting
    // each other through three sets.
    write(
        &env,
        "company",
        Some("field"),
        &[
            ("grow-revenue", &["platform/paved-road"], Some(3.0)),
            ("keep-customers", &[], None),
        ],
    );
    let run = env.run(&["tree"]);
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!("cycles", run.stdout);
    assert_contains(
        &run.stdout,
        "`parent`: `company` → `field` → `sales` → `company` go round in a cycle",
    );
    assert_contains(
        &run.stdout,
        "`aligns`: `company/grow-revenue` → `platform/paved-road` → `engineering/ship-faster` → `company/grow-revenue` go round in a cycle",
    );
    let (code, tree) = tree_json(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&tree),
        [
            "parent-cycle okrs/2026-Q4/company.toml:6:10",
            "aligns-cycle okrs/2026-Q4/company.toml:11:11",
        ]
    );
    assert_eq!(tree["periods"][0]["sets"][0]["placement"], "parent-cycle");
    assert_eq!(tree["periods"][0]["sets"][0]["parent_ref"], "2026-Q4:field");
    // Every set is shown once.
    assert_eq!(outline(&tree).len(), 6);
}

#[test]
fn each_period_is_its_own_forest() {
    let env = repo();
    env.write(
        "okrs/2026/holding.toml",
        okr(
            "holding",
            "2026",
            None,
            &[("double-revenue", &[], Some(5.0))],
        ),
    );
    env.write(
        "okrs/2027-Q1/company.toml",
        okr("company", "2027-Q1", None, &[("enter-markets", &[], None)]),
    );
    env.write(
        "okrs/2027-Q1/sales.toml",
        okr(
            "sales",
            "2027-Q1",
            Some("company"),
            &[("first-deals", &["enter-markets"], None)],
        ),
    );
    // The quarter's company set hangs under the year's holding.
    edit(
        &env,
        "okrs/2026-Q4/company.toml",
        "version = \"1.1\"\n",
        "version = \"1.1\"\nparent = \"holding\"\n",
    );
    edit(
        &env,
        "okrs/2026-Q4/company.toml",
        "title = \"We grow revenue\"\n",
        "title = \"We grow revenue\"\naligns = [\"double-revenue\"]\n",
    );
    let (code, tree) = tree_json(&env, &[]);
    assert_eq!(code, 0, "{tree:#}");
    let periods: Vec<&str> = tree["periods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["period"].as_str())
        .collect();
    assert_eq!(periods, ["2026", "2026-Q4", "2027-Q1"]);
    assert_eq!(
        tree["periods"][1]["sets"][0]["placement"],
        "parent-in-other-period"
    );
    assert_eq!(tree["periods"][1]["sets"][0]["parent_ref"], "2026:holding");
    assert_eq!(
        objective(&tree, "2026:holding/double-revenue")["supported_by"][0]["ref"],
        "2026-Q4:company/grow-revenue"
    );

    let run = env.run(&["tree", "2027-Q1"]);
    assert_eq!(run.code, 0, "{run:?}");
    insta::assert_snapshot!("one_period", run.stdout);
    assert_lacks(&run.stdout, "2026-Q4");
    let run = env.run(&["tree"]);
    assert_contains(&run.stdout, "(under 2026:holding)");

    // A problem in another period does not fail this one.
    write(
        &env,
        "sales",
        Some("nobody"),
        &[("win-new-markets", &[], None)],
    );
    let (code, tree) = tree_json(&env, &["2027-Q1"]);
    assert_eq!(code, 0);
    assert_eq!(tree["diagnostics"], serde_json::json!([]));
    let (code, _) = tree_json(&env, &["2026-Q4"]);
    assert_eq!(code, 1);
}

#[test]
fn usage_errors_name_the_argument() {
    let env = repo();
    let run = env.run(&["tree", "2025-Q4"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("unknown_period", run.stderr);

    let run = env.run(&["tree", "--format", "xml"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "--format");

    let empty = TestEnv::repo();
    let run = empty.run(&["tree"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "no OKR sets\n");
    let run = empty.run(&["tree", "2026-Q4"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(
        &run.stderr,
        "PERIOD: no OKR set is for the period `2026-Q4`",
    );
    assert_contains(&run.stderr, "there are no OKR sets");
}

#[test]
fn a_broken_file_stops_with_its_diagnostics() {
    let env = repo();
    env.write(
        "okrs/2026-Q4/broken.toml",
        "format = 1\nteam = \"broken\"\nperiod = \"2026-Q4\n",
    );
    let run = env.run(&["tree"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_contains(&run.stderr, "okrs/2026-Q4/broken.toml:3:");
    assert_contains(&run.stderr, "fix them to see the alignment");
    // At a revision the broken working copy is not read.
    let run = env.run(&["tree", "--at", "HEAD"]);
    assert_eq!(run.code, 0, "{run:?}");
}
