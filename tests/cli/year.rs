//! Two periods of the seeds' process, played as a department and a team
//! live them, with git-okr's hooks installed: positioning and drafts,
//! version 1.0 proposed, a one-to-one, alignment with a roll-up, final,
//! check-ins, a goalpost move the hook stops, grades, carry-over into the
//! next quarter. Only git-okr's commands and plain `git commit -a` or
//! `git commit PATH`, as a person would run them.

use crate::common::{Run, TestEnv, assert_contains, assert_lacks, hooked_git, okr_path};

const ENGINEERING: &str = "okrs/2026-Q1/engineering.toml";
const PLATFORM: &str = "okrs/2026-Q1/platform.toml";

/// One day of the year: commands run as on `day`, their commits dated then.
struct Day<'e> {
    env: &'e TestEnv,
    day: &'static str,
}

impl Day<'_> {
    fn vars(&self) -> Vec<(String, String)> {
        let date = format!("{}T10:00:00Z", self.day);
        vec![
            ("PATH".to_owned(), okr_path()),
            ("OKR_TODAY".to_owned(), self.day.to_owned()),
            ("GIT_AUTHOR_DATE".to_owned(), date.clone()),
            ("GIT_COMMITTER_DATE".to_owned(), date),
        ]
    }

    /// `git okr ARGS`, which may fail.
    fn try_okr(&self, args: &[&str]) -> Run {
        let vars = self.vars();
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.env.run_with(".", args, &vars)
    }

    /// `git okr ARGS`, which must succeed.
    fn okr(&self, args: &[&str]) -> Run {
        let run = self.try_okr(args);
        assert_eq!(run.code, 0, "git okr {args:?}: {run:?}");
        run
    }

    /// `git ARGS` with the hooks, which may fail.
    fn try_git(&self, args: &[&str]) -> Run {
        let vars = self.vars();
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        hooked_git(self.env, args, &vars)
    }

    /// `git ARGS` with the hooks, which must succeed.
    fn git(&self, args: &[&str]) -> Run {
        let run = self.try_git(args);
        assert_eq!(run.code, 0, "git {args:?}: {run:?}");
        run
    }
}

fn on<'e>(env: &'e TestEnv, day: &'static str) -> Day<'e> {
    Day { env, day }
}

/// The department's first draft: five objectives' worth of ambition cut
/// to two here, one of them a means rather than an outcome.
fn engineering_draft(period: &str) -> String {
    format!(
        r#"#:schema ../okr.schema.json
format = 1
team = "engineering"
period = "{period}"
status = "draft"
version = "1.0"

[positioning]
why = "The company set up engineering to turn the product strategy into software customers rely on."
value = "Engineering builds and runs the shop, and the platform every team ships on."
measured_by = ["availability of the revenue paths", "time to recover from a bad change"]

[[needs]]
level = "business"
who = "product managers"
need = "A small change in production within a day, safely."

[[objectives]]
id = "calm-production"
title = "Production stays calm, even when a deploy goes wrong"
theme = "quality"

[[objectives.key_results]]
id = "recovery-time"
title = "Cut the time to recover from a bad deploy from 25 minutes to 5 minutes"
unit = "minutes"
baseline = 25
target = 5
owner = "engineering"

[[objectives]]
id = "one-cluster"
title = "Every service runs on the new cluster"
theme = "infrastructure"

[[objectives.key_results]]
id = "services-migrated"
title = "Raise the services on the new cluster from 12 to 40"
unit = "services"
baseline = 12
target = 40
owner = "platform"
"#
    )
}

/// The platform team's first draft, under engineering.
fn platform_draft() -> String {
    r#"#:schema ../okr.schema.json
format = 1
team = "platform"
period = "2026-Q1"
parent = "engineering"
status = "draft"
version = "1.0"

[positioning]
why = "The company set up platform so that product teams ship without running infrastructure."
value = "A paved road from merge to production."
measured_by = ["time to roll back", "build time"]

[[needs]]
level = "department"
who = "product teams"
need = "Undo a bad deploy in minutes, without paging anyone."

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"

[[objectives.key_results]]
id = "rollback-time"
title = "Reduce the time to roll back a bad deploy from 25 minutes to 5 minutes"
unit = "minutes"
baseline = 25
target = 5
owner = "platform"
"#
    .to_owned()
}

/// Replaces `from` (once) with `to` in the file at `path`.
fn edit(env: &TestEnv, path: &str, from: &str, to: &str) {
    crate::common::edit(env, path, from, to);
}

fn tags(env: &TestEnv) -> String {
    env.git(&["tag", "--list", "okr/*"])
}

#[test]
fn two_quarters_of_the_process_with_the_hooks_installed() {
    let env = TestEnv::repo();
    env.write("README.md", "The OKRs of engineering.\n");
    let dec1 = on(&env, "2025-12-01");
    dec1.git(&["add", "README.md"]);
    dec1.git(&["commit", "-q", "-m", "Start the OKR repository"]);
    dec1.okr(&["hooks", "install"]);
    dec1.okr(&["schema"]);
    let schema = dec1.okr(&["schema"]).stdout;
    env.write("okrs/okr.schema.json", schema);
    dec1.git(&["add", "okrs/okr.schema.json"]);
    dec1.git(&["commit", "-q", "-m", "The schema, for editors"]);

    // ---- Planning 2026-Q1: the department's positioning, needs, draft.
    let run = dec1.okr(&["new", "engineering", "--period", "2026-Q1"]);
    assert_contains(&run.stdout, "new(engineering): 2026-Q1, draft 1.0");
    assert_lacks(&run.stdout, "git okr schema >");
    env.write(ENGINEERING, engineering_draft("2026-Q1"));
    let dec2 = on(&env, "2025-12-02");
    dec2.git(&[
        "commit",
        "-q",
        "-am",
        "engineering: positioning, needs, first draft",
    ]);
    let run = dec2.okr(&[
        "iterate",
        "engineering",
        "--stage",
        "draft",
        "-m",
        "Draft for the one-to-one with the CTO.",
    ]);
    assert_contains(
        &run.stdout,
        "iterate(engineering): draft 1.0 proposed, draft",
    );
    assert_eq!(tags(&env), "okr/2026-Q1/engineering/v1.0\n");

    // The one-to-one: the cluster is a means, not an outcome.
    let text = env.read(ENGINEERING);
    let cut = text
        .find("\n[[objectives]]\nid = \"one-cluster\"")
        .unwrap_or(text.len());
    env.write(ENGINEERING, &text[..=cut]);
    let dec3 = on(&env, "2025-12-03");
    dec3.git(&[
        "commit",
        "-q",
        "-m",
        "engineering: the cluster is a means",
        ENGINEERING,
    ]);
    let run = dec3.okr(&[
        "iterate",
        "engineering",
        "--stage",
        "manager-review",
        "-m",
        "One-to-one with the CTO.",
    ]);
    assert_contains(&run.stdout, "1.0 → 1.1, manager-review");

    // The team drafts under the department.
    let dec8 = on(&env, "2025-12-08");
    dec8.okr(&[
        "new",
        "platform",
        "--period",
        "2026-Q1",
        "--parent",
        "engineering",
    ]);
    env.write(PLATFORM, platform_draft());
    dec8.git(&["commit", "-q", "-am", "platform: first draft"]);
    dec8.okr(&[
        "iterate",
        "platform",
        "--stage",
        "draft",
        "-m",
        "Our first draft.",
    ]);

    // Alignment: the team's objective serves the department's, and the
    // department's key result is measured by the team's.
    edit(
        &env,
        PLATFORM,
        "theme = \"efficiency\"\n",
        "theme = \"efficiency\"\naligns = [\"engineering/calm-production\"]\n",
    );
    edit(
        &env,
        ENGINEERING,
        "owner = \"engineering\"\n",
        "owner = \"engineering\"\nfrom = [\"platform/rollback-time\"]\n",
    );
    let dec10 = on(&env, "2025-12-10");
    dec10.git(&["commit", "-q", "-am", "Alignment session"]);
    dec10.okr(&[
        "iterate",
        "engineering",
        "--stage",
        "alignment",
        "-m",
        "Alignment session.",
    ]);
    dec10.okr(&[
        "iterate",
        "platform",
        "--stage",
        "alignment",
        "-m",
        "Alignment session.",
    ]);
    let dec15 = on(&env, "2025-12-15");
    dec15.okr(&[
        "finalize",
        "engineering",
        "-m",
        "Presented at the all-hands.",
    ]);
    dec15.okr(&["finalize", "platform", "-m", "Presented at the all-hands."]);
    assert_eq!(
        tags(&env),
        "okr/2026-Q1/engineering/final\nokr/2026-Q1/engineering/v1.0\nokr/2026-Q1/engineering/v1.1\nokr/2026-Q1/engineering/v1.2\nokr/2026-Q1/platform/final\nokr/2026-Q1/platform/v1.0\nokr/2026-Q1/platform/v1.1\n"
    );
    let run = dec15.okr(&["history", "engineering"]);
    assert_contains(
        &run.stdout,
        "the set begins: new(engineering): 2026-Q1, draft 1.0",
    );
    assert_contains(&run.stdout, "v1.0 review  [draft]");
    let v11 = run.stdout.find("v1.1 review").unwrap_or(0);
    assert_contains(&run.stdout[v11..], "objective one-cluster");
    assert_contains(&run.stdout[v11..], "- removed");
    let run = dec15.okr(&[
        "diff",
        "okr/2026-Q1/engineering/v1.0..okr/2026-Q1/engineering/v1.1",
    ]);
    assert_contains(&run.stdout, "objective one-cluster");
    // Presented to the teams: why, value, needs, the final OKRs.
    let run = dec15.okr(&["present", "engineering"]);
    assert_contains(&run.stdout, "# engineering · 2026-Q1");
    assert_contains(&run.stdout, "final · version 1.2");
    assert_contains(
        &run.stdout,
        "The company set up engineering to turn the product strategy",
    );
    assert_contains(
        &run.stdout,
        "| business | product managers | A small change in production within a day, safely. |",
    );
    assert_contains(
        &run.stdout,
        "### 1. Production stays calm, even when a deploy goes wrong",
    );
    assert_lacks(&run.stdout, "new cluster");
    assert_contains(&run.stdout, "there is no earlier period");

    // ---- The quarter: weekly check-ins by the team's own reference.
    let feb2 = on(&env, "2026-02-02");
    let run = feb2.okr(&[
        "checkin",
        "platform/rollback-time",
        "15",
        "--confidence",
        "0.6",
        "-m",
        "Rollback is one command now.",
    ]);
    assert_contains(
        &run.stdout,
        "checkin(platform/rollback-time): 15 minutes, progress 50%",
    );
    let run = feb2.okr(&["status", "engineering"]);
    assert_contains(&run.stdout, "recovery-time");
    assert_contains(&run.stdout, "15 of 5 minutes");
    // A goalpost move in a plain commit -a: the pre-commit hook stops it.
    edit(&env, PLATFORM, "target = 5\n", "target = 8\n");
    let run = feb2.try_git(&["commit", "-q", "-am", "platform: 8 minutes is enough"]);
    assert_ne!(run.code, 0, "{run:?}");
    assert_contains(&run.stderr, "changed-after-final");
    assert_contains(&run.stderr, PLATFORM);
    assert_lacks(&run.stderr, ":okrs/");
    feb2.git(&["checkout", "--", PLATFORM]);
    // Honest low confidence is not a lint finding.
    let mar2 = on(&env, "2026-03-02");
    mar2.okr(&[
        "checkin",
        "rollback-time",
        "9",
        "--confidence",
        "0.25",
        "-m",
        "The drill took 9 minutes.",
    ]);
    let run = mar2.try_okr(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_lacks(&run.stdout, "unnamed-weakness");

    // ---- The end of the quarter: grades, and a closed set takes no check-in.
    let apr1 = on(&env, "2026-04-01");
    let run = apr1.okr(&["grade", "platform", "-m", "Q1 review of platform."]);
    assert_contains(&run.stdout, "grade(platform)");
    apr1.okr(&["grade", "engineering", "-m", "Q1 review of the department."]);
    let run = apr1.try_okr(&["checkin", "2026-Q1:platform/rollback-time", "7"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "reopen");

    // ---- Planning 2026-Q2: carry-over, the names now mean this quarter's.
    let apr2 = on(&env, "2026-04-02");
    let run = apr2.okr(&[
        "new",
        "platform",
        "--period",
        "2026-Q2",
        "--from",
        "2026-Q1:platform",
    ]);
    assert_contains(&run.stdout, "Carried over from 2026-Q1:platform");
    let q2_platform = "okrs/2026-Q2/platform.toml";
    let carried = env.read(q2_platform);
    assert_contains(&carried, "baseline = 9");
    // The carried title still says where last quarter started: lint says so.
    let run = apr2.okr(&["lint", "okrs/2026-Q2"]);
    assert_contains(&run.stdout, "warning[kr-title-numbers]");
    edit(
        &env,
        q2_platform,
        "from 25 minutes to 5 minutes",
        "from 9 minutes to 5 minutes",
    );
    let run = apr2.okr(&["lint", "okrs/2026-Q2"]);
    assert_lacks(&run.stdout, "kr-title-numbers");
    apr2.git(&[
        "commit",
        "-q",
        "-m",
        "platform Q2: carried over",
        q2_platform,
    ]);
    apr2.okr(&["new", "engineering", "--period", "2026-Q2"]);
    env.write(
        "okrs/2026-Q2/engineering.toml",
        engineering_draft("2026-Q2").replace(
            "owner = \"engineering\"\n",
            "owner = \"engineering\"\nfrom = [\"platform/rollback-time\"]\n",
        ),
    );
    apr2.git(&["commit", "-q", "-am", "engineering Q2: first draft"]);
    // `iterate platform` is this quarter's draft, not last quarter's set.
    let run = apr2.okr(&[
        "iterate",
        "platform",
        "--stage",
        "draft",
        "-m",
        "Carried over.",
    ]);
    assert_contains(&run.stdout, "tagged okr/2026-Q2/platform/v1.0");
    apr2.okr(&["iterate", "engineering", "--stage", "draft", "-m", "Draft."]);
    let apr6 = on(&env, "2026-04-06");
    apr6.okr(&["finalize", "platform", "-m", "Agreed."]);
    apr6.okr(&["finalize", "engineering", "-m", "Agreed."]);
    let run = apr6.okr(&[
        "present",
        "engineering",
        "--format",
        "html",
        "-o",
        "engineering.html",
    ]);
    assert_contains(&run.stdout, "wrote the presentation of 2026-Q2:engineering");
    let page = env.read("engineering.html");
    assert_contains(&page, "<h2 id=\"why\">Why we exist</h2>");
    assert_contains(&page, "Compared with 2026-Q1 (closed, graded");
    assert_contains(
        &page,
        "<li>Carried over: Cut the time to recover from a bad deploy",
    );
    assert_contains(
        &page,
        "<li>New: Raise the services on the new cluster from 12 to 40</li>",
    );
    std::fs::remove_file(env.path().join("engineering.html")).expect("remove");
    let run = on(&env, "2026-04-20").okr(&["checkin", "rollback-time", "8", "-m", "Drill."]);
    assert_contains(&run.stdout, "checkin(platform/rollback-time): 8 minutes");
    assert_contains(&env.read(PLATFORM), "current = 9");

    // ---- The live views: this quarter's sets; the past on request.
    let may4 = on(&env, "2026-05-04");
    let run = may4.okr(&["status"]);
    assert_contains(&run.stdout, "2026-Q2:platform  final");
    assert_contains(&run.stdout, "2026-Q2:engineering  final");
    assert_lacks(&run.stdout, "2026-Q1:");
    assert_contains(&run.stdout, "2 closed sets not shown");
    let run = may4.okr(&["status", "--all"]);
    assert_contains(&run.stdout, "2026-Q1:platform  closed");
    let run = may4.okr(&["log", "platform/rollback-time", "--format", "csv"]);
    assert_contains(&run.stdout, ",2026-Q2,platform/paved-road/rollback-time,");
    let run = may4.okr(&["history", "platform"]);
    assert_contains(&run.stdout, "2026-Q2:platform  final 1.0");
    assert_contains(
        &run.stdout,
        "the set begins: new(platform): 2026-Q2, draft 1.0",
    );
    let run = may4.okr(&["report", "--html", "site"]);
    assert_contains(&run.stdout, "wrote");
    let index = env.read("site/index.html");
    assert_contains(&index, "2 sets in play in 1 period");
    assert_contains(
        &index,
        "2 closed sets of past periods are below, not counted.",
    );
    // Last quarter's page shows its grade; this quarter's its positioning.
    let closed = env.read("site/sets/2026-q1/platform.html");
    assert_contains(&closed, "<h2 id=\"grade\">Grade</h2>");
    assert_contains(&closed, "<h2 id=\"why\">Why we exist</h2>");
    let open = env.read("site/sets/2026-q2/engineering.html");
    assert_contains(&open, "A small change in production within a day, safely.");
    assert_lacks(&open, "id=\"grade\"");
    assert_eq!(
        tags(&env),
        "okr/2026-Q1/engineering/final\nokr/2026-Q1/engineering/v1.0\nokr/2026-Q1/engineering/v1.1\nokr/2026-Q1/engineering/v1.2\nokr/2026-Q1/platform/final\nokr/2026-Q1/platform/v1.0\nokr/2026-Q1/platform/v1.1\nokr/2026-Q2/engineering/final\nokr/2026-Q2/engineering/v1.0\nokr/2026-Q2/platform/final\nokr/2026-Q2/platform/v1.0\n"
    );
    // Nothing was left uncommitted along the way.
    assert_eq!(env.git(&["status", "--porcelain", "--", "okrs"]), "");
}
