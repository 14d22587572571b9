//! `git okr diff A B` without the process: on a git repository of 200 OKR
//! files and 1,000 key results (`okr_bench::write_diff_repository`, built
//! once in a temporary folder), where `B` makes 50 changes to `A`.
//!
//! - `load A and B, then diff`: what the command computes before it
//!   renders: open the repository, resolve both revisions, read and parse
//!   every OKR file at each (okr-git), compare (okr-diff).
//! - `load one revision`: reading and parsing the 200 files of `A`.
//! - `parse one revision`: parsing them alone, from memory (what reading
//!   them from git adds is the difference).
//! - `diff alone`: `okr_diff::diff` of the parsed sets.
//! - `render human` and `render json`: okr-report on the diff.
//!
//! Reading from git is measured twice: with each object in a file of its
//! own (`loose`, as fresh commits leave them) and `packed` (as after a
//! clone or `git gc`).
//!
//! The whole command, process and all, against `git diff` itself:
//! `bench/diff.sh`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use okr_diff::{Diff, SetFile};
use okr_git::{OkrFile, Repository, Side};
use okr_report::diff::{self as render, SideInfo};

/// The OKR root of the benchmark repository.
const ROOT: &str = "okrs";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The sets read on one side, with their paths (as `git okr diff` pairs
/// them).
fn set_files(files: &[OkrFile]) -> Vec<SetFile<'_>> {
    files
        .iter()
        .filter_map(|file| {
            file.parsed.set.as_ref().map(|set| SetFile {
                path: &file.path,
                set,
            })
        })
        .collect()
}

/// Every OKR file at revision `spec`.
fn load(repo: &Repository, spec: &str) -> Result<Vec<OkrFile>> {
    Ok(repo.load(&Side::Revision(repo.revision(spec)?), ROOT)?)
}

/// What `git okr diff A B` computes, from opening the repository in `dir`
/// to the diff.
fn load_and_diff(dir: &Path) -> Result<Diff> {
    let repo = Repository::open(dir)?;
    let old = load(&repo, "A")?;
    let new = load(&repo, "B")?;
    Ok(okr_diff::diff(&set_files(&old), &set_files(&new)))
}

/// The benchmarks that read the repository in `dir`, named with `objects`.
fn bench_reading(group: &mut BenchmarkGroup<'_, WallTime>, dir: &Path, objects: &str) {
    let diff = load_and_diff(dir).expect("the diff of A and B");
    assert_eq!(diff.summary().changes, okr_bench::DIFF_CHANGES);
    group.bench_function(format!("load A and B, then diff ({objects})"), |bench| {
        bench.iter(|| {
            let diff = load_and_diff(black_box(dir)).expect("the diff");
            black_box(diff.sets.len())
        })
    });
    let repo = Repository::open(dir).expect("the repository");
    group.bench_function(format!("load one revision ({objects})"), |bench| {
        bench.iter(|| black_box(load(&repo, black_box("A")).expect("revision A").len()))
    });
}

fn bench_diff(c: &mut Criterion) {
    let loose = tempfile::tempdir().expect("a temporary folder");
    okr_bench::write_diff_repository(loose.path()).expect("the benchmark repository");
    let packed = tempfile::tempdir().expect("a temporary folder");
    okr_bench::write_diff_repository(packed.path()).expect("the benchmark repository");
    okr_bench::pack_repository(packed.path()).expect("a packed repository");

    let mut group = c.benchmark_group("diff 200 files, 1000 key results, 50 changes");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    bench_reading(&mut group, loose.path(), "loose");
    bench_reading(&mut group, packed.path(), "packed");

    let texts = okr_bench::diff_repository();
    group.bench_function("parse one revision", |bench| {
        bench.iter(|| {
            texts
                .iter()
                .map(|(path, text)| okr_model::parse(path, black_box(text)))
                .filter(|file| file.set.is_some())
                .count()
        })
    });

    let repo = Repository::open(packed.path()).expect("the repository");
    let old = load(&repo, "A").expect("revision A");
    let new = load(&repo, "B").expect("revision B");
    assert_eq!(old.len(), okr_bench::DIFF_FILES);
    let (old_sets, new_sets) = (set_files(&old), set_files(&new));
    let diff = okr_diff::diff(&old_sets, &new_sets);
    let side = |label: &str| SideInfo {
        label: label.to_owned(),
        commit: repo.revision(label).ok().map(|r| r.id),
    };
    let (a, b) = (side("A"), side("B"));
    group.sample_size(100);
    group.bench_function("diff alone", |bench| {
        bench.iter(|| okr_diff::diff(black_box(&old_sets), black_box(&new_sets)))
    });
    group.bench_function("render human", |bench| {
        bench.iter(|| render::human(black_box(&diff), &a, &b, false))
    });
    group.bench_function("render json", |bench| {
        bench.iter(|| render::json(black_box(&diff), &a, &b))
    });
    group.finish();
}

criterion_group!(benches, bench_diff);
criterion_main!(benches);
