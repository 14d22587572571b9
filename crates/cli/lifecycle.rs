//! `git okr iterate`, `finalize` and `reopen`: a set's version and status
//! as commits and tags.

use std::process::ExitCode;

use crate::args::{IterateArgs, LifecycleArgs};
use crate::error::CommandError;

fn not_built(name: &str) -> CommandError {
    CommandError::Usage {
        message: format!("`git okr {name}` is not built yet"),
        hint: None,
    }
}

/// Runs `git okr iterate`.
pub fn iterate(_args: &IterateArgs) -> Result<ExitCode, CommandError> {
    Err(not_built("iterate"))
}

/// Runs `git okr finalize`.
pub fn finalize(_args: &LifecycleArgs) -> Result<ExitCode, CommandError> {
    Err(not_built("finalize"))
}

/// Runs `git okr reopen`.
pub fn reopen(_args: &LifecycleArgs) -> Result<ExitCode, CommandError> {
    Err(not_built("reopen"))
}
