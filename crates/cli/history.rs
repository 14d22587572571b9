//! `git okr history`.

use std::process::ExitCode;

use crate::args::{Color, HistoryArgs};
use crate::error::CommandError;

/// Runs `git okr history`.
pub fn run(_args: &HistoryArgs, _color: Color) -> Result<ExitCode, CommandError> {
    Err(CommandError::Usage {
        message: "`git okr history` is not built yet".to_owned(),
        hint: None,
    })
}
