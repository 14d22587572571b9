//! The SARIF output validates against the SARIF 2.1.0 schema published by
//! OASIS (`tests/data/sarif-schema-2.1.0.json`, the standard's own schema).

use okr_model::{Diagnostic, Severity, SourceFile, Span};
use okr_report::diagnostics::{RuleInfo, sarif};

const SCHEMA: &str = include_str!("data/sarif-schema-2.1.0.json");

fn validator() -> jsonschema::Validator {
    // The published schema's pattern for `run.language` has a stray `]`,
    // which ECMA-262 reads as a literal and Rust's regex rejects: escape it
    // as ECMA-262 reads it. Nothing our output uses depends on it.
    let text = SCHEMA.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    assert_ne!(text, SCHEMA, "the schema's language pattern moved");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the schema compiles")
}

fn sample() -> (Vec<Diagnostic>, Vec<RuleInfo<'static>>) {
    let source = SourceFile::new(
        "okrs/2026 Q4/platform.toml",
        "format = 1\ntitle = \"Ship it\"\n",
    );
    let diagnostics = vec![
        Diagnostic::new(
            &source,
            "kr-is-task",
            Severity::Warning,
            Span::new(19, 28),
            "`Ship it` is a task",
        )
        .with_help("say what changes")
        .with_subject(Some("platform/a/b".to_owned())),
        Diagnostic::new(
            &source,
            "syntax",
            Severity::Error,
            Span::new(0, 0),
            "invalid TOML",
        ),
        Diagnostic::new(
            &source,
            "unbalanced-set",
            Severity::Hint,
            Span::new(0, 6),
            "no quality objective",
        ),
    ];
    let rules = vec![
        RuleInfo {
            id: "kr-is-task",
            summary: "A key result is a task.",
            severity: Severity::Warning,
            help_uri: Some("https://example.com/docs/lint.md#kr-is-task".to_owned()),
        },
        RuleInfo {
            id: "syntax",
            summary: "The file is not valid TOML.",
            severity: Severity::Error,
            help_uri: None,
        },
    ];
    (diagnostics, rules)
}

#[test]
fn sarif_validates_against_the_schema() {
    let (diagnostics, rules) = sample();
    let log: serde_json::Value =
        serde_json::from_str(&sarif(&diagnostics, &rules, "0.1.0")).expect("JSON");
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["ruleIndex"], 0);
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[2]["level"], "note");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "okrs/2026%20Q4/platform.toml"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn the_schema_rejects_a_broken_log() {
    // The check above cannot pass vacuously: a log without `version` fails.
    let (diagnostics, rules) = sample();
    let mut log: serde_json::Value =
        serde_json::from_str(&sarif(&diagnostics, &rules, "0.1.0")).expect("JSON");
    if let Some(map) = log.as_object_mut() {
        map.remove("version");
    }
    assert!(!validator().is_valid(&log));
}

#[test]
fn an_empty_run_is_valid() {
    let log: serde_json::Value = serde_json::from_str(&sarif(&[], &[], "0.1.0")).expect("JSON");
    assert!(validator().is_valid(&log));
}
