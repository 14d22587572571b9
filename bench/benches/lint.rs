//! Reading OKR files: `parse` and `check_sets` of one 5,000-line file, and of
//! 200 small files (a company, its engineering department and 198 teams).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use okr_model::{ParsedFile, check_sets, parse};

fn lint(files: &[(String, String)]) -> (Vec<ParsedFile>, usize) {
    let parsed: Vec<ParsedFile> = files.iter().map(|(path, text)| parse(path, text)).collect();
    let diagnostics = check_sets(&parsed);
    (parsed, diagnostics.len())
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
    group.finish();
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
