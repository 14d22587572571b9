//! Writes synthetic OKR data for timing the `git-okr` binary.
//!
//! - `synth [LINES]`: one OKR file of about LINES lines (default 5,000) to
//!   standard output: `cargo run --release -p okr-bench --example synth --
//!   5000 > big.toml`.
//! - `synth tree DIR COUNT [LINES]`: COUNT files of about LINES lines (a
//!   company, its department and its teams) under `DIR/okrs/`.
//! - `synth diff-repo DIR`: a git repository in DIR (empty or new) with 200
//!   OKR files and 1,000 key results at tag `A`, and 50 changes to them at
//!   tag `B`, for timing `git okr diff A B` (`bench/diff.sh`).
//! - `synth history-repo DIR [COMMITS]`: a git repository in DIR (empty or
//!   new) with a linear history of COMMITS commits on `main` (default
//!   100,000), half of them check-ins to 20 OKR files, for timing `git okr
//!   log` (`bench/log.sh`).
//! - `synth focused-history-repo DIR [COMMITS]`: the same history with one
//!   set, `team-00`, much busier (about 60 iterations and 5,000 check-ins in
//!   100,000 commits), for timing `git okr history` (`bench/history.sh`).
//! - `synth report-repo DIR [COMMITS] [SETS]`: the history of `history-repo`
//!   with SETS OKR files (default 200) instead of 20, for timing `git okr
//!   report` (`bench/report.sh`).

use std::io::Write;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|n| n.parse().ok()).unwrap_or(default);
    let dir = |usage: &str| -> &Path {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: synth {usage}");
            std::process::exit(2);
        };
        Path::new(dir)
    };
    let result = match args.first().map(String::as_str) {
        Some("tree") => write_tree(
            dir("tree DIR COUNT [LINES]"),
            number(2, 1000),
            number(3, 60),
        ),
        Some("diff-repo") => okr_bench::write_diff_repository(dir("diff-repo DIR")),
        Some("history-repo") => okr_bench::write_history_repository(
            dir("history-repo DIR [COMMITS]"),
            number(2, 100_000),
        ),
        Some("report-repo") => okr_bench::write_report_repository(
            dir("report-repo DIR [COMMITS] [SETS]"),
            number(2, 100_000),
            number(3, 200),
        ),
        Some("focused-history-repo") => okr_bench::write_focused_history_repository(
            dir("focused-history-repo DIR [COMMITS]"),
            number(2, 100_000),
        ),
        _ => std::io::stdout().write_all(okr_bench::file_of_lines(number(0, 5000)).as_bytes()),
    };
    if let Err(error) = result {
        eprintln!("synth: {error}");
        std::process::exit(1);
    }
}

fn write_tree(dir: &Path, count: usize, lines: usize) -> std::io::Result<()> {
    for (path, text) in okr_bench::okr_tree(count, lines) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
