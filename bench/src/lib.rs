//! Synthetic OKR data for benchmarks.
//!
//! This crate owns the generators of large, realistic OKR files (and, later,
//! repositories) that the benchmarks run git-okr against. It must never be
//! a dependency of the shipped crates.
