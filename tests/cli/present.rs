//! `git okr present`: the presentation document, its errors, its escaping.

use crate::common::{TestEnv, assert_contains, assert_lacks};

const SET: &str = r#"format = 1
team = "platform"
period = "2026-Q2"
status = "final"
version = "1.1"

[positioning]
why = "So that <script>alert(1)</script> never ships"
value = "A paved road | fast"

[[objectives]]
id = "road"
title = "A paved road <b>so smooth</b>"

[[objectives.key_results]]
id = "rollback"
title = "Reduce the time to roll back from 25 minutes to 5 minutes"
unit = "minutes"
baseline = 25
target = 5
"#;

fn repo() -> TestEnv {
    let env = TestEnv::repo();
    env.write("okrs/2026-Q2/platform.toml", SET);
    env.git(&["add", "."]);
    env.git(&["commit", "-q", "-m", "platform"]);
    env
}

#[test]
fn present_writes_markdown_and_html_with_what_users_wrote_escaped() {
    let env = repo();
    let run = env.run(&["present", "platform"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains(&run.stdout, "# platform · 2026-Q2");
    assert_contains(&run.stdout, "**Our value:** A paved road \\| fast");
    assert_contains(&run.stdout, "&lt;script&gt;");
    assert_contains(&run.stdout, "The set names no `[[needs]]` yet.");
    assert_contains(
        &run.stdout,
        "| Reduce the time to roll back from 25 minutes to 5 minutes | from 25 to 5 minutes | platform | committed |",
    );
    assert_lacks(&run.stdout, "<script>");

    let run = env.run(&["present", "2026-Q2:platform", "--format", "html"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("<!DOCTYPE html>"), "{}", run.stdout);
    assert_contains(
        &run.stdout,
        "So that &lt;script&gt;alert(1)&lt;/script&gt; never ships",
    );
    assert_contains(&run.stdout, "A paved road &lt;b&gt;so smooth&lt;/b&gt;");
    assert_lacks(&run.stdout, "<script>");
    assert_lacks(&run.stdout, "<b>so smooth");
}

#[test]
fn present_names_what_is_wrong() {
    let env = repo();
    let run = env.run(&["present", "platfrom"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "platfrom");
    assert_contains(&run.stderr, "platform");
    let run = env.run(&["present", "platform", "--format", "pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains(&run.stderr, "pdf");
    let run = env.run(&["present", "platform", "-o", "no/such/folder/x.md"]);
    assert_ne!(run.code, 0, "{run:?}");
    assert_contains(&run.stderr, "no/such/folder/x.md");
    assert_lacks(&run.stderr, "panicked");
}
