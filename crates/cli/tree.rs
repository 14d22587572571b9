//! `git okr tree`.

use std::process::ExitCode;

use crate::args::{Color, TreeArgs};
use crate::error::CommandError;

/// Runs `git okr tree`.
pub fn run(_args: &TreeArgs, _color: Color) -> Result<ExitCode, CommandError> {
    Err(CommandError::Usage {
        message: "`git okr tree` is not built yet".to_owned(),
        hint: None,
    })
}
