//! Any two inputs (split at the first 0xFF byte, which UTF-8 never holds)
//! parsed as two versions of a set, through the semantic diff and every
//! renderer of it: nothing may panic, a version compared with itself has
//! no changes, and the Markdown stays under its limit.

#![no_main]

use libfuzzer_sys::fuzz_target;
use okr_diff::{SetFile, diff};
use okr_model::{ParsedFile, parse_bytes};
use okr_report::diff::{MARKDOWN_LIMIT, SideInfo, human, json, markdown};

/// The set of a parsed file, if it has one, at `path`.
fn files<'a>(file: &'a ParsedFile, path: &'a str) -> Vec<SetFile<'a>> {
    file.set.iter().map(|set| SetFile { path, set }).collect()
}

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0xff) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let old = parse_bytes("old.toml", old);
    let new = parse_bytes("new.toml", new);
    let (a, b) = (files(&old, "okrs/a.toml"), files(&new, "okrs/a.toml"));
    assert!(diff(&a, &a).is_empty());
    let changes = diff(&a, &b);
    let side = SideInfo {
        label: "HEAD".to_owned(),
        commit: None,
    };
    let _ = human(&changes, &side, &side, true);
    let _ = json(&changes, &side, &side);
    let text = markdown(&changes, &side, &side, MARKDOWN_LIMIT, "git okr diff");
    assert!(text.len() <= MARKDOWN_LIMIT, "{} bytes", text.len());
});
