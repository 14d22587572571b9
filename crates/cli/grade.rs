//! `git okr grade`.

use std::process::ExitCode;

use crate::args::{Color, GradeArgs};
use crate::error::CommandError;

/// Runs `git okr grade`.
pub fn run(_args: &GradeArgs, _color: Color) -> Result<ExitCode, CommandError> {
    Err(CommandError::Usage {
        message: "`git okr grade` is not built yet".to_owned(),
        hint: None,
    })
}
