//! `git okr hooks install|uninstall|status`: git-okr's hooks where git
//! runs them, beside the team's own.

use std::process::ExitCode;

use okr_git::Repository;
use okr_git::hooks::{HookChange, HookState, HookStatus};

use crate::args::HooksAction;
use crate::error::CommandError;
use crate::files::Context;

/// Runs `git okr hooks …`.
pub fn run(action: &HooksAction) -> Result<ExitCode, CommandError> {
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    match action {
        HooksAction::Install {
            force,
            merge_driver,
            hooks,
        } => {
            let changes = repo.install_hooks(hooks, *force)?;
            let folder = repo.hooks_folder()?;
            for (name, change) in changes {
                let what = match change {
                    HookChange::Installed => "installed".to_owned(),
                    HookChange::Chained => format!(
                        "installed; the hook that was there is kept as {name}{} and runs after git-okr's",
                        okr_git::hooks::CHAINED_SUFFIX
                    ),
                    HookChange::Updated => "updated".to_owned(),
                    _ => "already installed".to_owned(),
                };
                println!("{name}: {what}");
            }
            println!("hooks folder: {}", folder.display());
            if *merge_driver {
                let setup = crate::merge_driver::install(&context)?;
                for line in crate::merge_driver::describe(&setup, true) {
                    println!("{line}");
                }
            }
            if std::process::Command::new("git-okr")
                .arg("--version")
                .output()
                .is_err()
            {
                println!(
                    "note: `git-okr` is not on PATH: the hooks will say so, and block only commits and pushes that involve OKR files"
                );
            }
        }
        HooksAction::Uninstall {
            merge_driver,
            hooks,
        } => {
            for (name, change) in repo.uninstall_hooks(hooks)? {
                let what = match change {
                    HookChange::Removed => "removed",
                    HookChange::Restored => "removed; the hook it had replaced is back",
                    _ => "not git-okr's (or not there): left alone",
                };
                println!("{name}: {what}");
            }
            if *merge_driver {
                let setup = crate::merge_driver::uninstall(&context)?;
                for line in crate::merge_driver::describe(&setup, false) {
                    println!("{line}");
                }
            }
        }
        HooksAction::Status => {
            let folder = repo.hooks_folder()?;
            println!("hooks folder: {}", folder.display());
            for status in repo.hook_status(&[])? {
                println!("{}", describe(&status));
            }
            let driver = if repo.merge_driver_installed(context.config.root.as_str())? {
                "set up (merge.okr.driver and .gitattributes)"
            } else {
                "not set up (`git okr hooks install --merge-driver`)"
            };
            println!("{:<11} {driver}", "merge");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of `status`: `pre-commit  ours`.
fn describe(status: &HookStatus) -> String {
    let state = match &status.state {
        HookState::Missing => "missing".to_owned(),
        HookState::Ours {
            current,
            executable,
            chained,
        } => {
            let mut words = vec![if *chained { "chained" } else { "ours" }];
            if !current {
                words.push("(from another version of git-okr: `git okr hooks install` updates it)");
            }
            if !executable {
                words
                    .push("not executable: git does not run it (`git okr hooks install` fixes it)");
            }
            words.join(", ")
        }
        HookState::Foreign {
            manager,
            executable,
        } => {
            let mut text = match manager {
                Some(manager) => format!("foreign ({manager})"),
                None => "foreign".to_owned(),
            };
            if !executable {
                text += ", not executable: git does not run it";
            }
            text
        }
    };
    format!("{:<11} {state}", status.name)
}
