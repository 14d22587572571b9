//! Reading and linting OKR files: `parse` and `check_sets` of one
//! 5,000-line file and of 200 small files (a company, its engineering
//! department and 198 teams), and the whole of `git okr lint` without the
//! filesystem (parse, cross-file checks and every quality rule) over 1,000
//! files.

use std::hint::black_box;
use std::sync::LazyLock;

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

/// The wording scorer: reading the shipped model (once per process, on the
/// first key result judged) and judging one key result's title.
fn bench_scorer(c: &mut Criterion) {
    use okr_lint::score::{MODEL, Model, SHIPPED};
    let mut group = c.benchmark_group("scorer");
    group.sample_size(30);
    group.throughput(Throughput::Bytes(SHIPPED.len() as u64));
    group.bench_function("load the shipped model", |b| {
        b.iter(|| Model::parse(black_box(SHIPPED)).map(|m| m.weights.len()))
    });
    group.throughput(Throughput::Elements(1));
    let title = "Reduce the median time from a pull request opened to merged from 3 days to 1 day";
    LazyLock::force(&MODEL);
    group.bench_function("judge one key result", |b| {
        b.iter(|| MODEL.judge(black_box(title)))
    });
    group.finish();
}

criterion_group!(benches, bench_lint, bench_scorer);
criterion_main!(benches);
