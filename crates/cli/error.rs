//! Command errors and the exit codes they map to: 0 ok, 1 findings,
//! 2 usage or input error.

use std::path::PathBuf;

/// Why a command could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A path given on the command line does not exist.
    #[error("`{}`: no such file or folder", path.display())]
    NoSuchPath {
        /// The path as given.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("cannot read `{}`", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// There is no OKR root to work on.
    #[error(
        "no OKR files here: `{}` {}",
        root.display(),
        if *exists { "is not a folder" } else { "does not exist" }
    )]
    NoRoot {
        /// Where the OKR root should be.
        root: PathBuf,
        /// Whether something else is there.
        exists: bool,
    },
    /// A path names something that is neither a file nor a folder.
    #[error("`{}` is not a file or a folder", path.display())]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// `okr.toml` is invalid.
    #[error("`{}` is invalid", path.display())]
    Config {
        /// The path of okr.toml, as shown.
        path: PathBuf,
        /// Its text, to show the diagnostics against.
        file: Box<okr_model::SourceFile>,
        /// What is wrong with it.
        diagnostics: Vec<okr_model::Diagnostic>,
    },
    /// OKR files that do not parse, on one side of a diff or the other.
    #[error(
        "cannot compare: {} not parse ({})",
        if files.len() == 1 { "1 OKR file does" } else { "OKR files do" },
        files.iter().map(|f| f.source.path()).collect::<Vec<_>>().join(", ")
    )]
    Unparsable {
        /// The files, with their diagnostics.
        files: Vec<okr_model::ParsedFile>,
    },
    /// An OKR file a command would change is not valid (before or after).
    #[error("`{}` {reason}", files.first().map(|f| f.source.path()).unwrap_or_default())]
    Invalid {
        /// The file, with its diagnostics.
        files: Vec<okr_model::ParsedFile>,
        /// What that means for the command.
        reason: &'static str,
    },
    /// A reference on the command line does not name one thing.
    #[error(transparent)]
    Resolve {
        /// Why.
        #[from]
        source: okr_model::ResolveError,
    },
    /// A file cannot be edited as asked.
    #[error("cannot edit `{path}`: {source}")]
    Edit {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: okr_model::edit::EditError,
    },
    /// The command line asks for something that cannot be done.
    #[error("{message}")]
    Usage {
        /// What is wrong, naming the argument.
        message: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// The repository could not be opened.
    #[error(transparent)]
    Git(#[from] okr_git::Error),
    /// A file of the output could not be written.
    #[error("cannot write `{}`", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Writing the output failed.
    #[error("cannot write the output")]
    Output(#[source] std::io::Error),
    /// The reader of our output went away (`git okr lint | head`).
    #[error("broken pipe")]
    BrokenPipe,
}

impl CommandError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        2
    }

    /// What to do next, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            CommandError::NoRoot { .. } => Some(
                "pass the files or folders to check, or set `root = \"…\"` in okr.toml at the repository's top"
                    .to_owned(),
            ),
            CommandError::Read { source, .. } | CommandError::Write { source, .. } => {
                Some(source.to_string())
            }
            CommandError::Config { .. } => Some("fix okr.toml as shown above".to_owned()),
            CommandError::Unparsable { .. } => Some(
                "fix the files as shown above, or limit the diff to other files with `-- PATH`"
                    .to_owned(),
            ),
            CommandError::Usage { hint, .. } => hint.clone(),
            CommandError::Resolve { source } => match source {
                okr_model::ResolveError::NotFound {
                    suggestion: Some(s),
                    ..
                } => Some(format!("did you mean `{s}`?")),
                okr_model::ResolveError::Ambiguous { candidates, .. } => {
                    candidates.first().map(|first| {
                        format!("name the one you mean as it is written there, such as `{first}`")
                    })
                }
                _ => None,
            },
            CommandError::Git(okr_git::Error::Dirty {
                path,
                interrupted: true,
                ..
            }) => Some(format!(
                "`git restore --staged --worktree -- {path}` brings them up to date with the commit"
            )),
            CommandError::Git(okr_git::Error::Dirty { path, .. }) => Some(format!(
                "commit or stash them first (`git stash push -- {path}`), or pass --allow-dirty to include them in the check-in"
            )),
            CommandError::Git(okr_git::Error::Detached) => Some(
                "switch to a branch (`git switch main`), or pass --detached to commit on the detached HEAD"
                    .to_owned(),
            ),
            CommandError::Git(okr_git::Error::Locked { .. }) => Some(
                "wait for the other `git okr` to finish and try again".to_owned(),
            ),
            CommandError::Git(okr_git::Error::HookRejected { .. }) => Some(
                "fix what the hook reported, or pass --no-verify to skip it".to_owned(),
            ),
            _ => None,
        }
    }

    /// The located problems behind the error, each with the file it is in,
    /// to show before the error itself.
    pub fn diagnostics(&self) -> Vec<(&okr_model::SourceFile, &okr_model::Diagnostic)> {
        match self {
            CommandError::Config {
                file, diagnostics, ..
            } => diagnostics.iter().map(|d| (&**file, d)).collect(),
            CommandError::Unparsable { files } | CommandError::Invalid { files, .. } => files
                .iter()
                .flat_map(|file| {
                    file.diagnostics
                        .iter()
                        .filter(|d| d.severity == okr_model::Severity::Error)
                        .map(move |d| (&file.source, d))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Wraps an output error, telling a closed pipe apart.
    pub fn output(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            CommandError::BrokenPipe
        } else {
            CommandError::Output(error)
        }
    }
}
