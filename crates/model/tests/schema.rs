//! `docs/okr.schema.json` against the model: the same keys table by table,
//! the same words, and the example and fixture files valid under both.
//!
//! The schema is what editors use for completion and hover text; this test
//! fails as soon as it and the parser disagree.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

use okr_model::{Ambition, KrKind, NeedLevel, Status, Theme, codes, keys};
use serde_json::{Map, Value};
use toml::de::{DeTable, DeValue};

type TestResult = Result<(), Box<dyn Error>>;

/// Each table of the format: its name in messages, where its schema is, and
/// the keys the model defines for it.
const TABLES: &[(&str, &str, &[&str])] = &[
    ("the file", "", keys::SET),
    (
        "[positioning]",
        "/properties/positioning",
        keys::POSITIONING,
    ),
    ("[[needs]]", "/properties/needs/items", keys::NEED),
    (
        "[[objectives]]",
        "/properties/objectives/items",
        keys::OBJECTIVE,
    ),
    (
        "[[objectives.key_results]]",
        "/properties/objectives/items/properties/key_results/items",
        keys::KEY_RESULT,
    ),
    ("[review]", "/properties/review", keys::REVIEW),
];

/// The top of the repository: two levels above this crate.
fn repo() -> Result<PathBuf, Box<dyn Error>> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let top = manifest
        .parent()
        .and_then(Path::parent)
        .ok_or("crates/model has no grandparent")?;
    Ok(top.to_path_buf())
}

fn schema() -> Result<Value, Box<dyn Error>> {
    let path = repo()?.join("docs/okr.schema.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(serde_json::from_str(&text)?)
}

fn validator(schema: &Value) -> Result<jsonschema::Validator, Box<dyn Error>> {
    Ok(jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)?)
}

/// The schema object at `pointer`.
fn object<'a>(schema: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>, String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .ok_or_else(|| format!("the schema has no object at `{pointer}`"))
}

fn properties<'a>(schema: &'a Value, pointer: &str) -> Result<&'a Map<String, Value>, String> {
    object(schema, pointer)?
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("the schema at `{pointer}` has no `properties`"))
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A TOML document as the JSON value an editor's schema validator sees:
/// dates and times become strings, as taplo presents them.
fn to_json(value: &DeValue<'_>) -> Result<Value, String> {
    Ok(match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let n =
                i64::from_str_radix(&digits, i.radix()).map_err(|e| format!("integer {i}: {e}"))?;
            Value::from(n)
        }
        DeValue::Float(f) => {
            let x: f64 = f
                .as_str()
                .replace('_', "")
                .parse()
                .map_err(|e| format!("float {f}: {e}"))?;
            serde_json::Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| format!("float {f} has no JSON form"))?
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| to_json(item.get_ref()))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => Value::Object(
            table
                .iter()
                .map(|(key, value)| Ok((key.get_ref().to_string(), to_json(value.get_ref())?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

fn toml_to_json(text: &str) -> Result<Value, String> {
    let table = DeTable::parse(text).map_err(|e| e.to_string())?;
    to_json(&DeValue::Table(table.into_inner()))
}

/// The schema's complaints about `text`, one line each.
fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Result<Vec<String>, String> {
    let instance = toml_to_json(text)?;
    Ok(validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect())
}

/// Every `*.toml` under `dir`, recursively; nothing when `dir` is absent.
fn toml_files(dir: &Path, recursive: bool, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if recursive {
                toml_files(&path, recursive, found)?;
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
    Ok(())
}

#[test]
fn the_schema_is_a_valid_draft_7_schema() -> TestResult {
    let schema = schema()?;
    assert_eq!(
        schema.get("$schema").and_then(Value::as_str),
        Some("http://json-schema.org/draft-07/schema#")
    );
    if let Err(error) = jsonschema::draft7::meta::validate(&schema) {
        return Err(format!("docs/okr.schema.json is not a draft-07 schema: {error}").into());
    }
    Ok(())
}

#[test]
fn schema_properties_are_the_model_keys() -> TestResult {
    let schema = schema()?;
    let mut problems = Vec::new();
    for &(table, pointer, model_keys) in TABLES {
        let properties = properties(&schema, pointer)?;
        let in_schema: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        let in_model: BTreeSet<&str> = model_keys.iter().copied().collect();
        for key in in_model.difference(&in_schema) {
            problems.push(format!(
                "{table}: key `{key}` of the model is not in the schema"
            ));
        }
        for key in in_schema.difference(&in_model) {
            problems.push(format!(
                "{table}: schema property `{key}` is not a key of the model"
            ));
        }
        if object(&schema, pointer)?.get("additionalProperties") != Some(&Value::Bool(false)) {
            problems.push(format!("{table}: `additionalProperties` is not false"));
        }
        for (key, property) in properties {
            let described = property
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.trim().is_empty());
            if !described {
                problems.push(format!("{table}: `{key}` has no description"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[test]
fn required_keys_are_those_the_parser_requires() -> TestResult {
    let schema = schema()?;
    let expected: &[(&str, &[&str])] = &[
        ("", &["format", "team", "period"]),
        ("/properties/positioning", &[]),
        ("/properties/needs/items", &["level", "who", "need"]),
        ("/properties/objectives/items", &["id", "title"]),
        (
            "/properties/objectives/items/properties/key_results/items",
            &["id", "title"],
        ),
        ("/properties/review", &[]),
    ];
    for &(pointer, required) in expected {
        let mut found = strings(object(&schema, pointer)?.get("required"));
        found.sort_unstable();
        let mut required = required.to_vec();
        required.sort_unstable();
        assert_eq!(found, required, "`required` of the schema at `{pointer}`");
    }
    Ok(())
}

#[test]
fn schema_enums_are_the_model_words() -> TestResult {
    let schema = schema()?;
    let enums: &[(&str, &[&str])] = &[
        ("/properties/status", Status::WORDS),
        ("/properties/needs/items/properties/level", NeedLevel::WORDS),
        (
            "/properties/objectives/items/properties/theme",
            Theme::WORDS,
        ),
        (
            "/properties/objectives/items/properties/key_results/items/properties/ambition",
            Ambition::WORDS,
        ),
        (
            "/properties/objectives/items/properties/key_results/items/properties/kind",
            KrKind::WORDS,
        ),
    ];
    for &(pointer, words) in enums {
        let found = strings(object(&schema, pointer)?.get("enum"));
        assert_eq!(found, words, "`enum` of the schema at `{pointer}`");
    }
    Ok(())
}

#[test]
fn example_and_fixture_files_are_valid_under_schema_and_model() -> TestResult {
    let repo = repo()?;
    let schema = schema()?;
    let validator = validator(&schema)?;

    let mut examples = Vec::new();
    toml_files(&repo.join("okrs"), true, &mut examples)?;
    assert!(
        !examples.is_empty(),
        "no example OKR files under {}",
        repo.join("okrs").display()
    );
    let mut fixtures = Vec::new();
    toml_files(&repo.join("tests/fixtures/valid"), false, &mut fixtures)?;

    let mut problems = Vec::new();
    let mut parsed_examples = Vec::new();
    for path in examples.iter().chain(&fixtures) {
        let name = path
            .strip_prefix(&repo)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path)?;
        match schema_errors(&validator, &text) {
            Ok(errors) => {
                problems.extend(errors.into_iter().map(|e| format!("{name}: schema: {e}")))
            }
            Err(error) => problems.push(format!("{name}: not TOML: {error}")),
        }
        let parsed = okr_model::parse(&name, &text);
        problems.extend(parsed.diagnostics.iter().map(|d| {
            format!(
                "{name}:{}:{}: model: {} [{}] {}",
                d.line, d.column, d.severity, d.code, d.message
            )
        }));
        if examples.contains(path) {
            parsed_examples.push(parsed);
        }
    }
    // The examples are one tree of sets: their references must resolve.
    problems.extend(okr_model::check_sets(&parsed_examples).iter().map(|d| {
        format!(
            "{}:{}:{}: model: {} [{}] {}",
            d.file, d.line, d.column, d.severity, d.code, d.message
        )
    }));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// A small valid document that each negative case changes in one place.
const VALID: &str = r#"
format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "review"
version = "1.1"

[positioning]
why = "Teams share one road to production."
measured_by = ["lead time"]

[[needs]]
level = "business"
who = "checkout team"
need = "Deploys that never wait on a queue."

[[objectives]]
id = "paved-road"
title = "A road so smooth nobody asks for exceptions"
theme = "efficiency"
aligns = ["engineering/ship-small-ship-often"]
weight = 2

[[objectives.key_results]]
id = "ci-time"
title = "Cut CI time from 14 to 6 minutes"
metric = "median minutes from push to green on main"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
confidence = 0.8
ambition = "committed"
owner = "platform"
caveat = "includes queue time"

[review]
lessons = ["measure before you optimise"]
"#;

#[test]
fn the_base_document_is_valid() -> TestResult {
    let validator = validator(&schema()?)?;
    let errors = schema_errors(&validator, VALID)?;
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let parsed = okr_model::parse("valid.toml", VALID);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let explicit = VALID.replace(
        "period = \"2026-Q4\"",
        "period = \"fy27-t1\"\nstart = 2026-11-02\nend = 2027-02-26",
    );
    let errors = schema_errors(&validator, &explicit)?;
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let parsed = okr_model::parse("explicit.toml", &explicit);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    Ok(())
}

#[test]
fn schema_and_model_reject_the_same_mistakes() -> TestResult {
    let validator = validator(&schema()?)?;
    // (what, the line as written in VALID, its replacement, the model's code)
    //
    // A quoted date (`start = "2026-11-02"`) is missing on purpose: editors
    // hand TOML dates to the schema as strings, so the schema cannot tell
    // the two apart; only the parser can.
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "unknown top-level key",
            "format = 1",
            "format = 1\nowner = \"platform\"",
            codes::UNKNOWN_KEY,
        ),
        (
            "unknown key in a key result",
            "unit = \"minutes\"",
            "unit = \"minutes\"\nunits = \"min\"",
            codes::UNKNOWN_KEY,
        ),
        (
            "unknown key in an objective",
            "theme = \"efficiency\"",
            "theme = \"efficiency\"\nowner = \"platform\"",
            codes::UNKNOWN_KEY,
        ),
        (
            "unknown key in positioning",
            "why = ",
            "how = \"somehow\"\nwhy = ",
            codes::UNKNOWN_KEY,
        ),
        (
            "unknown key in review",
            "lessons = ",
            "lesson = []\nlessons = ",
            codes::UNKNOWN_KEY,
        ),
        (
            "confidence above 1",
            "confidence = 0.8",
            "confidence = 1.5",
            codes::OUT_OF_RANGE,
        ),
        (
            "confidence below 0",
            "confidence = 0.8",
            "confidence = -0.1",
            codes::OUT_OF_RANGE,
        ),
        (
            "weight of 0",
            "weight = 2",
            "weight = 0",
            codes::OUT_OF_RANGE,
        ),
        (
            "format 2",
            "format = 1",
            "format = 2",
            codes::UNSUPPORTED_FORMAT,
        ),
        (
            "team not a slug",
            "team = \"platform\"",
            "team = \"Platform\"",
            codes::INVALID_ID,
        ),
        (
            "id not a slug",
            "id = \"ci-time\"",
            "id = \"ci_time\"",
            codes::INVALID_ID,
        ),
        (
            "lowercase quarter",
            "period = \"2026-Q4\"",
            "period = \"2026-q4\"",
            codes::INVALID_PERIOD,
        ),
        (
            "start without end",
            "period = \"2026-Q4\"",
            "period = \"fy27\"\nstart = 2026-11-02",
            codes::INVALID_PERIOD,
        ),
        (
            "unknown status",
            "status = \"review\"",
            "status = \"done\"",
            codes::UNKNOWN_VALUE,
        ),
        (
            "unknown theme",
            "theme = \"efficiency\"",
            "theme = \"speed\"",
            codes::UNKNOWN_VALUE,
        ),
        (
            "version as a float",
            "version = \"1.1\"",
            "version = 1.1",
            codes::WRONG_TYPE,
        ),
        (
            "version not MAJOR.MINOR",
            "version = \"1.1\"",
            "version = \"1.1.0\"",
            codes::INVALID_VERSION,
        ),
        (
            "number in quotes",
            "baseline = 14",
            "baseline = \"14\"",
            codes::WRONG_TYPE,
        ),
        (
            "need without who",
            "who = \"checkout team\"\n",
            "",
            codes::MISSING_KEY,
        ),
        (
            "blank title",
            "title = \"Cut CI time from 14 to 6 minutes\"",
            "title = \" \"",
            codes::EMPTY_VALUE,
        ),
    ];
    let mut problems = Vec::new();
    for &(what, from, to, code) in cases {
        if !VALID.contains(from) {
            problems.push(format!("{what}: the base document has no `{from}`"));
            continue;
        }
        let text = VALID.replacen(from, to, 1);
        if schema_errors(&validator, &text)?.is_empty() {
            problems.push(format!("{what}: the schema accepts it"));
        }
        let parsed = okr_model::parse("case.toml", &text);
        if !parsed.diagnostics.iter().any(|d| d.code == code) {
            let found: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
            problems.push(format!("{what}: the model reports {found:?}, not `{code}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
