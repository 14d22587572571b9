//! `git okr demo` (work in progress: a helper is writing it).

use std::process::ExitCode;

use crate::args::DemoArgs;
use crate::error::CommandError;

/// Runs `git okr demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode, CommandError> {
    let _ = args;
    Err(CommandError::Usage {
        message: "demo: not built yet".to_owned(),
        hint: None,
    })
}
