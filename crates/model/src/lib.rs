//! The git-okr document model.
//!
//! This crate owns the OKR file format: the types of a set (objectives, key
//! results, periods, references), reading a file into them with every problem
//! reported as a located [`Diagnostic`], checks across files, and the
//! arithmetic of progress and health.
//!
//! It is pure: it takes text and values and returns values. It must never
//! touch the filesystem, git, a process, the clock or the terminal; callers
//! pass in file contents and today's date.

pub mod alignment;
pub mod config;
pub mod diagnostic;
pub mod edit;
pub mod grade;
pub mod keys;
pub mod lifecycle;
pub mod merge;
pub mod parse;
pub mod period;
pub mod progress;
pub mod reference;
pub mod rollup;
pub mod scaffold;
pub mod set;
pub mod snapshot;
pub mod source;
mod suggest;
pub mod timeline;
pub mod trailers;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity, Tally, codes};
pub use parse::{MAX_FILE_SIZE, ParsedFile, parse, parse_bytes, too_large};
pub use period::Period;
pub use progress::Health;
pub use reference::{Index, Kind, Reference, ResolveError, Target};
pub use set::{
    Allow, Ambition, KeyResult, KrKind, Need, NeedLevel, Objective, OkrSet, Positioning, Review,
    Rollup, Status, Theme, Version,
};
pub use source::{Position, SourceFile, Span};
pub use validate::check_sets;
