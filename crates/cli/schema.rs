//! `git okr schema`: the JSON Schema of OKR files, for editors (taplo and
//! Even Better TOML read it from a file's `#:schema` line).

use std::io::Write as _;
use std::process::ExitCode;

use crate::error::CommandError;

/// The schema, as docs/okr.schema.json has it.
pub const SCHEMA: &str = include_str!("../../docs/okr.schema.json");

/// Runs `git okr schema`: prints the schema.
pub fn run() -> Result<ExitCode, CommandError> {
    let mut out = std::io::stdout().lock();
    out.write_all(SCHEMA.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}
