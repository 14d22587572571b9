//! Any bytes through `parse_bytes`, then the result (alone and next to a
//! valid parent set) through `check_sets`: nothing may panic, and every
//! diagnostic must point inside the text of its file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use okr_model::{Diagnostic, ParsedFile, check_sets, parse, parse_bytes};

const PARENT: &str = r#"format = 1
team = "engineering"
period = "2026-Q1"

[[objectives]]
id = "customer-trust"
title = "Earn the trust of customers every day"
"#;

/// A diagnostic's position and span lie inside the text of its file.
fn check_diagnostic(file: &ParsedFile, d: &Diagnostic) {
    let text = file.source.text();
    assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    assert!(d.end_line >= 1 && d.end_column >= 1, "{d:?}");
    assert!(text.get(d.span.start..d.span.end).is_some(), "{d:?}");
}

fn check(files: &[ParsedFile]) {
    for file in files {
        assert!(file.set.is_some() || file.has_errors(), "no set, no error");
        for d in &file.diagnostics {
            check_diagnostic(file, d);
        }
    }
    for d in check_sets(files) {
        let file = files.iter().find(|f| f.source.path() == d.file);
        assert!(file.is_some(), "check_sets names an unknown file: {d:?}");
        if let Some(file) = file {
            check_diagnostic(file, &d);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let file = parse_bytes("fuzz.toml", data);
    let parent = parse("parent.toml", PARENT);
    check(&[file, parent]);
});
