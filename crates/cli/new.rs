//! `git okr new`.

use std::process::ExitCode;

use crate::args::NewArgs;
use crate::error::CommandError;

/// Runs `git okr new`.
pub fn run(_args: &NewArgs) -> Result<ExitCode, CommandError> {
    Err(CommandError::Usage {
        message: "`git okr new` is not built yet".to_owned(),
        hint: None,
    })
}
