//! `git okr merge-driver`: git's custom merge driver for OKR files.
//!
//! Work in progress: the command line is registered; the merge is not yet
//! written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::error::CommandError;

/// Arguments of `git okr merge-driver`, as git passes them from the
/// `merge.okr.driver` setting.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (`%O`).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (`%A`); the result is written here.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (`%B`).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
}

/// Runs `git okr merge-driver`.
pub fn run(args: &MergeDriverArgs) -> Result<ExitCode, CommandError> {
    Err(CommandError::Usage {
        message: format!("merging {} is not implemented yet", args.ours.display()),
        hint: None,
    })
}
