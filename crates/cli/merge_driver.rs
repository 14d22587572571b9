//! `git okr merge-driver`: git's custom merge driver for OKR files. git
//! runs it with the three versions of a file (base, ours, theirs) in
//! temporary files; it merges them field by field (`okr_model::merge`),
//! writes the result over ours, reports each conflict on standard error
//! with both values and where each comes from, and exits 0 when the merge
//! is clean, 1 when it has conflicts.
//!
//! Also [`install`] and [`uninstall`], which `git okr hooks install
//! --merge-driver` calls to set the driver up.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use okr_git::merge_driver::{MergeDriverSetup, MergeSide};
use okr_model::merge::{self, Conflict, Method, Options, Side, Style};
use okr_report::merge as render;

use crate::error::CommandError;
use crate::files::Context;

/// Examples for `git okr merge-driver --help`.
const EXAMPLES: &str = "\
Examples:
  git okr hooks install --merge-driver      # set it up (config and .gitattributes)
  git config merge.okr.driver 'git okr merge-driver %O %A %B --marker-size=%L --path=%P --base-label=%S --ours-label=%X --theirs-label=%Y'
  git okr merge-driver base.toml ours.toml theirs.toml   # merge by hand: the result goes to ours.toml

Exit status: 0 merged cleanly, 1 conflicts (marked in the file), 2 the files could not be read or written.
See docs/merge.md.";

/// Arguments of `git okr merge-driver`, as git passes them from the
/// `merge.okr.driver` setting.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
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
    /// The conflict marker size (`%L`), also accepted as `--marker-size`.
    #[arg(value_name = "MARKER_SIZE")]
    pub marker_size_arg: Option<String>,
    /// The path of the file being merged (`%P`), also accepted as `--path`.
    #[arg(value_name = "PATH")]
    pub path_arg: Option<String>,
    /// The length of the conflict markers (`%L`; git's default is 7).
    #[arg(long, value_name = "N")]
    pub marker_size: Option<String>,
    /// The path of the file being merged, relative to the top of the
    /// working tree (`%P`), for messages and to find the commits that
    /// changed it.
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// The name of the base in the markers of the diff3 style (`%S`).
    #[arg(long, value_name = "NAME")]
    pub base_label: Option<String>,
    /// Our name in the markers (`%X`): git says `HEAD`.
    #[arg(long, value_name = "NAME")]
    pub ours_label: Option<String>,
    /// Their name in the markers (`%Y`): the branch being merged.
    #[arg(long, value_name = "NAME")]
    pub theirs_label: Option<String>,
    /// How conflicts are written; default: git's `merge.conflictStyle`.
    #[arg(long, value_enum, value_name = "STYLE")]
    pub conflict_style: Option<ConflictStyle>,
}

/// The conflict styles of `merge.conflictStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConflictStyle {
    /// Ours and theirs.
    Merge,
    /// Ours, the base and theirs.
    Diff3,
    /// As diff3 (git's zealous variant is written as diff3).
    Zdiff3,
}

/// A value git passes as given when it does not know the placeholder (an
/// older git and `%S`, `%X`, `%Y`), or nothing: not a value.
fn given(value: Option<&str>) -> Option<&str> {
    value.filter(|v| {
        let v = v.trim();
        let placeholder = v.len() == 2 && v.starts_with('%');
        !v.is_empty() && !placeholder
    })
}

/// Runs `git okr merge-driver`.
pub fn run(args: &MergeDriverArgs) -> Result<ExitCode, CommandError> {
    let marker_size = match given(
        args.marker_size
            .as_deref()
            .or(args.marker_size_arg.as_deref()),
    ) {
        None => merge::DEFAULT_MARKER_SIZE,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| CommandError::Usage {
                message: format!("--marker-size: `{text}` is not a positive whole number"),
                hint: Some("git passes it as %L; leave it out for the default, 7".to_owned()),
            })?,
    };
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| CommandError::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);

    let shown = given(args.path.as_deref().or(args.path_arg.as_deref()))
        .map_or_else(|| args.ours.display().to_string(), str::to_owned);
    let repository = std::env::current_dir()
        .ok()
        .and_then(|cwd| okr_git::Repository::open(&cwd).ok());
    let (ours_label, theirs_label) = labels(args);
    let style = match args.conflict_style {
        Some(ConflictStyle::Merge) => Style::Merge,
        Some(ConflictStyle::Diff3 | ConflictStyle::Zdiff3) => Style::Diff3,
        None => match repository
            .as_ref()
            .and_then(|r| r.conflict_style())
            .as_deref()
        {
            Some("diff3" | "zdiff3") => Style::Diff3,
            _ => Style::Merge,
        },
    };
    let options = Options {
        marker_size,
        style,
        base_label: given(args.base_label.as_deref())
            .unwrap_or("base")
            .to_owned(),
        ours_label: ours_label.clone(),
        theirs_label: theirs_label.clone(),
    };
    let merged = merge::merge_bytes(&base, &ours, &theirs, &options);
    okr_git::merge_driver::write_file(&args.ours, &merged.text)?;

    if merged.is_clean() && merged.method == Method::Fields {
        return Ok(ExitCode::SUCCESS);
    }
    let path = given(args.path.as_deref().or(args.path_arg.as_deref())).map(Path::new);
    let (ours_side, theirs_side) = match &repository {
        Some(repository) if !merged.is_clean() => {
            repository.merge_sides(&ours_label, &theirs_label, path)
        }
        _ => (side(&ours_label), side(&theirs_label)),
    };
    let origin = |side: Side, conflict: &Conflict| {
        let side = if side == Side::Ours {
            &ours_side
        } else {
            &theirs_side
        };
        side.origin(conflict).map(|origin| match origin {
            okr_git::merge_driver::Origin::Change(commit) => render::Origin {
                id: &commit.id,
                subject: &commit.subject,
                tip: false,
            },
            okr_git::merge_driver::Origin::Tip(commit) => render::Origin {
                id: &commit.id,
                subject: &commit.subject,
                tip: true,
            },
        })
    };
    let report = render::report(
        &shown,
        &merged,
        (&ours_side.label, &theirs_side.label),
        &origin,
    );
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    Ok(if merged.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A side known by its label only.
fn side(label: &str) -> MergeSide {
    MergeSide {
        label: label.to_owned(),
        ..MergeSide::default()
    }
}

/// The names of ours and theirs: as git passed them (`%X`, `%Y`), else
/// from the `GITHEAD_<id>` variables git sets during a merge (naming the
/// branch merged in by its commit), else `ours` and `theirs`.
fn labels(args: &MergeDriverArgs) -> (String, String) {
    let heads: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(key, value)| {
            let key = key.to_str()?;
            let id = key.strip_prefix("GITHEAD_")?;
            Some((id.to_owned(), value.to_str()?.to_owned()))
        })
        .collect();
    let ours = given(args.ours_label.as_deref())
        .map(str::to_owned)
        .unwrap_or_else(|| if heads.is_empty() { "ours" } else { "HEAD" }.to_owned());
    let theirs = given(args.theirs_label.as_deref())
        .map(str::to_owned)
        .or_else(|| match heads.as_slice() {
            // The branch's name when it is one; the commit otherwise.
            [(id, name)] if name.trim().is_empty() => Some(id.clone()),
            [(_, name)] => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "theirs".to_owned());
    (ours, theirs)
}

/// Sets git-okr up as the merge driver of the repository's OKR files:
/// `merge.okr.driver` and `merge.okr.name` in the repository's config, and
/// `<root>/**/*.toml merge=okr` in `.gitattributes` at the top of the
/// working tree (the root from `okr.toml`, default `okrs`). Running it
/// again changes nothing. Prints nothing: [`describe`] says what it did.
pub fn install(context: &Context) -> Result<MergeDriverSetup, CommandError> {
    let repository = okr_git::Repository::open(&context.cwd)?;
    Ok(repository.install_merge_driver(&context.config.root)?)
}

/// Undoes [`install`]: removes `merge.okr.*` from the config and our line
/// from `.gitattributes` (and the file, when nothing else is in it).
pub fn uninstall(context: &Context) -> Result<MergeDriverSetup, CommandError> {
    let repository = okr_git::Repository::open(&context.cwd)?;
    Ok(repository.uninstall_merge_driver(&context.config.root)?)
}

/// What [`install`] (`installed`) or [`uninstall`] did, one line each, for
/// the user.
pub fn describe(setup: &MergeDriverSetup, installed: bool) -> Vec<String> {
    let attributes = setup
        .attributes
        .file_name()
        .map_or_else(|| ".gitattributes".into(), |n| n.to_string_lossy());
    let config = match (installed, setup.config_changed) {
        (true, true) => "merge driver: set merge.okr.driver in the repository's config",
        (true, false) => "merge driver: merge.okr.driver already set",
        (false, true) => "merge driver: removed merge.okr.* from the repository's config",
        (false, false) => "merge driver: merge.okr.* was not set",
    };
    let line = &setup.line;
    let attributes = match (installed, setup.attributes_changed) {
        (true, true) => format!(
            "merge driver: added `{line}` to {attributes} (commit it, so that everyone's merges use it)"
        ),
        (true, false) => format!("merge driver: {attributes} already has `{line}`"),
        (false, true) => format!("merge driver: removed `{line}` from {attributes}"),
        (false, false) => format!("merge driver: {attributes} has no `{line}`"),
    };
    vec![config.to_owned(), attributes]
}
