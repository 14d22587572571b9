//! The git-okr quality linter.
//!
//! `okr-model` says whether an OKR file is well formed; this crate says
//! whether its OKRs are good, by the writing principles of the seed articles:
//! few objectives, qualitative objectives with measurable key results, key
//! results that are evidence of outcomes rather than tasks or counts of
//! activity, baselines, team rather than individual measures, a balanced
//! mix, and measurement weaknesses named honestly.
//!
//! It owns the rules ([`rules::RULES`]), their word lists (`lexicon/*.toml`,
//! data rather than code), severities and limits from `okr.toml`, the
//! `allow` mechanism of OKR files, and the freeze of final sets
//! ([`freeze`], which compares two versions with `okr-diff`). It is pure: it must never read files,
//! talk to git or print; it takes parsed files and returns diagnostics.

pub mod classify;
mod freeze;
pub mod learn;
mod lint;
pub mod rules;
pub mod score;
pub mod text;

pub use classify::{Class, Fields, Verdict, classify, explain};
pub use freeze::freeze;
pub use lint::{Allowed, Report, Settings, lint, lint_first};
