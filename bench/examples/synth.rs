//! Writes a synthetic OKR file of about N lines to standard output, for
//! timing the `git-okr` binary: `cargo run --release -p okr-bench --example
//! synth -- 5000 > big.toml`.

use std::io::Write;

fn main() {
    let lines = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let text = okr_bench::file_of_lines(lines);
    if std::io::stdout().write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}
