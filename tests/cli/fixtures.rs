//! Data-driven tests.
//!
//! - The format: every file in `tests/fixtures/valid/` lints clean; every
//!   fixture in `tests/fixtures/invalid/` (a file, or a folder of files
//!   checked together) gives exactly the diagnostics its `# expect:` lines
//!   name, and its human and JSON output match the snapshots beside it.
//!   These run with every quality rule turned off in `okr.toml`, so that
//!   they speak of the format alone.
//! - The quality rules: every fixture in `tests/fixtures/lint/fail/` gives
//!   exactly its expected findings (with snapshots), and every one in
//!   `tests/fixtures/lint/pass/` has no finding at all, with the default
//!   settings. Each rule has one of each.
//!
//! A fixture `NAME.toml` with a sibling `NAME.head.toml` is linted in a git
//! repository whose HEAD holds the sibling under the fixture's name: the
//! freeze rule compares the two.
//!
//! An expectation line reads `# expect: CODE LINE:COL`, or
//! `# expect: CODE LINE:COL in FILE` inside a folder fixture.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::{TestEnv, copy_dir, project_dir};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = project_dir().join("tests/fixtures").join(kind);
    if !dir.exists() {
        return Vec::new();
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.is_dir() || path.extension().is_some_and(|ext| ext == "toml"))
        .filter(|path| !path.to_string_lossy().ends_with(".head.toml"))
        .collect();
    found.sort();
    found
}

fn name(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Copies the fixture into a fresh folder and returns the folder and the
/// argument to lint. Without `rules`, an `okr.toml` turns every quality
/// rule off.
fn stage(fixture: &Path, rules: bool) -> (TestEnv, String) {
    let head = fixture.with_extension("head.toml");
    let head = head.is_file().then_some(head);
    let env = if head.is_some() {
        TestEnv::repo()
    } else {
        TestEnv::new()
    };
    let mut config = String::new();
    if head.is_some() {
        config.push_str("root = \".\"\n");
    }
    if !rules {
        config.push_str("[lint.rules]\n");
        for id in okr_lint::rules::ids() {
            config.push_str(&format!("{id} = \"off\"\n"));
        }
    }
    if !config.is_empty() {
        env.write("okr.toml", config);
    }
    let file_name = fixture
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    if let Some(head) = head {
        env.write(&file_name, std::fs::read(head).expect("read fixture"));
        env.git(&["add", "."]);
        env.git(&["commit", "-q", "-m", "The set as it was"]);
    }
    if fixture.is_dir() {
        copy_dir(fixture, &env.path().join(&file_name));
    } else {
        env.write(&file_name, std::fs::read(fixture).expect("read fixture"));
    }
    (env, file_name)
}

type Expectation = (String, String, usize, usize);

fn expectations(fixture: &Path) -> BTreeSet<Expectation> {
    let files: Vec<PathBuf> = if fixture.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixture)
            .expect("read fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
    } else {
        vec![fixture.to_path_buf()]
    };
    let mut expected = BTreeSet::new();
    for file in files {
        let bytes = std::fs::read(&file).expect("read fixture");
        let text = String::from_utf8_lossy(&bytes);
        let default_file = if fixture.is_dir() {
            format!(
                "{}/{}",
                name(fixture),
                file.file_name().expect("name").to_string_lossy()
            )
        } else {
            fixture
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        };
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("# expect: ") else {
                continue;
            };
            let mut words = rest.split_whitespace();
            let code = words.next().expect("a code").to_owned();
            let position = words.next().expect("LINE:COL");
            let (l, c) = position.split_once(':').expect("LINE:COL");
            let in_file = match (words.next(), words.next()) {
                (Some("in"), Some(file)) => format!("{}/{file}", name(fixture)),
                _ => default_file.clone(),
            };
            expected.insert((
                in_file,
                code,
                l.parse().expect("a line number"),
                c.parse().expect("a column number"),
            ));
        }
    }
    expected
}

#[test]
fn valid_fixtures_lint_clean() {
    let all = fixtures("valid");
    assert!(all.len() >= 5, "expected at least 5 valid fixtures");
    for fixture in all {
        assert_clean(&fixture, false);
    }
}

#[test]
fn invalid_fixtures_give_their_diagnostics() {
    let all = fixtures("invalid");
    assert!(all.len() >= 25, "expected at least 25 invalid fixtures");
    let codes = check_failing(&all, false, "tests/fixtures/invalid");
    for code in okr_model_codes() {
        assert!(codes.contains(code), "no invalid fixture covers `{code}`");
    }
}

#[test]
fn every_rule_has_a_failing_fixture() {
    let all = fixtures("lint/fail");
    let codes = check_failing(&all, true, "tests/fixtures/lint/fail");
    for id in okr_lint::rules::ids() {
        assert!(codes.contains(id), "no fixture in lint/fail fires `{id}`");
    }
}

#[test]
fn every_rule_has_a_passing_fixture() {
    let all = fixtures("lint/pass");
    for id in okr_lint::rules::ids() {
        assert!(
            all.iter().any(|f| name(f) == id),
            "no fixture lint/pass/{id}.toml"
        );
    }
    for fixture in all {
        assert_clean(&fixture, true);
    }
}

/// Asserts that the fixture lints with no finding at all, warnings denied.
fn assert_clean(fixture: &Path, rules: bool) {
    let (env, arg) = stage(fixture, rules);
    let run = env.run(&["lint", "--format", "json", "--deny-warnings", &arg]);
    assert_eq!(
        (run.code, run.stdout.trim()),
        (0, "[]"),
        "{}: {}",
        fixture.display(),
        run.stderr
    );
}

/// Checks each fixture's findings against its `# expect:` lines, its exit
/// code, and its snapshots in `snapshots` (relative to the project).
/// Returns every code seen.
fn check_failing(all: &[PathBuf], rules: bool, snapshots: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for fixture in all {
        let expected = expectations(fixture);
        assert!(
            !expected.is_empty(),
            "{}: no `# expect:` line",
            fixture.display()
        );
        let (env, arg) = stage(fixture, rules);

        let run = env.run(&["lint", "--format", "json", &arg]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {}", fixture.display(), run.stdout));
        let diagnostics = json.as_array().expect("a JSON array");
        let found: BTreeSet<Expectation> = diagnostics
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().expect("file").to_owned(),
                    d["code"].as_str().expect("code").to_owned(),
                    d["line"].as_u64().expect("line") as usize,
                    d["column"].as_u64().expect("column") as usize,
                )
            })
            .collect();
        assert_eq!(found, expected, "{}", fixture.display());
        let has_error = diagnostics.iter().any(|d| d["severity"] == "error");
        assert_eq!(
            run.code,
            if has_error { 1 } else { 0 },
            "{}",
            fixture.display()
        );
        let has_warning = diagnostics.iter().any(|d| d["severity"] == "warning");
        if !has_error && has_warning {
            let strict = env.run(&["lint", "--deny-warnings", &arg]);
            assert_eq!(strict.code, 1, "{}: --deny-warnings", fixture.display());
        }
        codes.extend(found.into_iter().map(|(_, code, _, _)| code));

        let human = env.run(&["lint", &arg]);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(project_dir().join(snapshots));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_input_file(fixture);
        settings.bind(|| {
            insta::assert_snapshot!(format!("{}.human", name(fixture)), human.stdout);
            insta::assert_snapshot!(format!("{}.json", name(fixture)), run.stdout);
        });
    }
    codes
}

/// The codes a fixture must cover: every code of the format but the two
/// whose files are made by tests in `lint.rs` (a file over 1 MiB, bytes that
/// are not UTF-8).
fn okr_model_codes() -> Vec<&'static str> {
    okr_model::codes::ALL
        .iter()
        .copied()
        .filter(|code| !matches!(*code, "file-too-large" | "not-utf8"))
        .collect()
}
