//! Reading and linting OKR files: `parse` and `check_sets` of one
//! 5,000-line file and of 200 small files (a company, its engineering
//! department and 198 teams), and the whole of `git okr lint` without the
//! filesystem (parse, cross-file checks and every quality rule) over 1,000
//! files.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use okr_model::{ParsedFile, check_sets, parse};

fn lint(files: &[(String, String)]) -> (Vec<ParsedFile>, usize) {
    let parsed: Vec<ParsedFile> = files.iter().map(|(path, text)| parse(path, text)).collect();
    let diagnostics = check_sets(&parsed);
    (parsed, diagnostics.len())
}

/// Everything `git okr lint` computes: parse, cross-file checks, rules.
fn lint_with_rules(files: &[(String, String)], settings: &okr_lint::Settings) -> usize {
    let (parsed, checks) = lint(files);
    checks + okr_lint::lint(&parsed, settings).diagnostics.len()
}

fn bench_lint(c: &mut Criterion) {
    let big = vec![(
        format!("okrs/{}/{}.toml", okr_bench::PERIOD, okr_bench::TEAM),
        okr_bench::file_of_lines(5_000),
    )];
    let tree = okr_bench::okr_tree(200, 25);
    let bytes = |files: &[(String, String)]| files.iter().map(|(_, t)| t.len() as u64).sum();

    let mut group = c.benchmark_group("lint");
    group.sample_size(50);
    group.throughput(Throughput::Bytes(bytes(&big)));
    group.bench_function("one file of 5000 lines", |b| {
        b.iter(|| lint(black_box(&big)))
    });
    group.throughput(Throughput::Bytes(bytes(&tree)));
    group.bench_function("200 files of 25 lines", |b| {
        b.iter(|| lint(black_box(&tree)))
    });
    let thousand = okr_bench::okr_tree(1_000, 60);
    let settings = okr_lint::Settings::default();
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes(&thousand)));
    group.bench_function("1000 files with every rule", |b| {
        b.iter(|| lint_with_rules(black_box(&thousand), &settings))
    });
    group.finish();
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
