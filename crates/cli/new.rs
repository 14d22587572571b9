//! `git okr new`: scaffold a new set at `<okr root>/<period>/<team>.toml`,
//! optionally carrying over last period's, and commit it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use okr_git::{Proposal, Repository};
use okr_model::scaffold::{self, CarryOver, Scaffold};
use okr_model::set::{is_slug, slugify};
use okr_model::{Index, Kind, OkrSet, ParsedFile, Period, Reference, Status};
use okr_report::grade as render;

use crate::args::NewArgs;
use crate::error::CommandError;
use crate::files::{self, Context};

/// Runs `git okr new`.
pub fn run(args: &NewArgs) -> Result<ExitCode, CommandError> {
    let team = args.team.as_str();
    if !is_slug(team) {
        let suggestion = slugify(team);
        return Err(CommandError::Usage {
            message: format!("TEAM: `{team}` is not a lowercase slug"),
            hint: Some(if suggestion.is_empty() {
                "use lowercase letters, digits and single hyphens, such as `platform`".to_owned()
            } else {
                format!("use lowercase letters, digits and single hyphens: `{suggestion}`")
            }),
        });
    }
    let period = Period::calendar(&args.period).map_err(|_| CommandError::Usage {
        message: format!("--period: `{}` is not a period", args.period),
        hint: Some(if Period::calendar(&args.period.to_uppercase()).is_ok() {
            format!("write it in capitals: {}", args.period.to_uppercase())
        } else {
            "a period is a year (2027), a half (2027-H1) or a quarter (2027-Q1); for a period with dates of its own, write the file by hand with `start` and `end` (docs/format.md)".to_owned()
        }),
    })?;

    let context = Context::discover()?;
    let root = normalize(&context.config.root);
    let path = match root.as_str() {
        "" => format!("{}/{team}.toml", period.label),
        root => format!("{root}/{}/{team}.toml", period.label),
    };
    let absolute = context
        .root
        .join(&period.label)
        .join(format!("{team}.toml"));
    if absolute.exists() {
        return Err(exists(&path));
    }

    let loaded = load(&context)?;
    let sets: Vec<(&ParsedFile, &OkrSet)> = loaded
        .iter()
        .filter_map(|f| f.set.as_ref().map(|s| (f, s)))
        .collect();
    if let Some((file, _)) = sets
        .iter()
        .find(|(_, s)| s.team == team && s.period.label == period.label)
    {
        return Err(CommandError::Usage {
            message: format!(
                "`{}` already holds the {} set of team `{team}`",
                file.source.path(),
                period.label
            ),
            hint: Some("edit that file, or pick another team or period".to_owned()),
        });
    }
    let parent = match &args.parent {
        Some(parent) => Some(resolve_parent(&sets, parent, team, &period)?),
        None => None,
    };
    let carry = match &args.from {
        Some(from) => Some(carry_from(&sets, from, &period)?),
        None => None,
    };

    // Where editors find the schema: docs/okr.schema.json at the top when
    // the repository has it, else okr.schema.json in the OKR root, which
    // `git okr schema` writes.
    let depth = root.split('/').filter(|p| !p.is_empty()).count();
    let in_docs = context
        .root
        .ancestors()
        .nth(depth)
        .is_some_and(|top| top.join("docs/okr.schema.json").is_file());
    let (schema, no_schema) = if in_docs {
        (scaffold::schema_path(&root), false)
    } else {
        (
            scaffold::ROOT_SCHEMA.to_owned(),
            !context.root.join("okr.schema.json").is_file(),
        )
    };
    let text = scaffold::render(&Scaffold {
        team,
        period: &period.label,
        parent: parent.as_deref(),
        schema: &schema,
        carry: carry.as_ref(),
    });
    let parsed = okr_model::parse(&path, &text);
    if parsed.has_errors() {
        return Err(CommandError::Invalid {
            files: vec![parsed],
            reason: "would not be valid as scaffolded (a bug in git-okr); nothing was written",
        });
    }

    let mut out = String::new();
    let committed = if args.no_commit {
        write_new(&absolute, &path, &text)?;
        None
    } else {
        let repo = Repository::open(&context.cwd)?;
        let options = args.commit.options();
        let message = render::new_message(team, &period.label, carry.as_ref());
        let committed = repo.commit_files(&options, |tip| -> Result<Proposal, CommandError> {
            if tip.read(&path)?.is_some() {
                return Err(CommandError::Usage {
                    message: format!("`{path}` already exists in {}", tip.revision.short()),
                    hint: Some("restore it (`git restore -- PATH`) and edit it instead".to_owned()),
                });
            }
            Ok(Proposal {
                files: vec![(path.clone(), text.clone().into_bytes())],
                message: message.clone(),
            })
        });
        let committed = committed.map_err(|error| match error {
            // A repository's first set: there is no branch to commit on yet.
            CommandError::Git(okr_git::Error::Unborn) => CommandError::Usage {
                message: "the current branch has no commits yet, so the new set cannot be committed on it".to_owned(),
                hint: Some(
                    "write it with --no-commit, then `git add` and `git commit` it as the first commit"
                        .to_owned(),
                ),
            },
            other => other,
        })?;
        Some(committed)
    };

    out += &format!(
        "Created {path}: the {} set of team `{team}`, a draft at version 1.0{}.\n",
        period.label,
        if committed.is_none() {
            " (not committed)"
        } else {
            ""
        }
    );
    if let Some(carry) = &carry {
        out += "\n";
        out += &render::carry_over(carry, false);
    }
    out += &format!(
        "\nNext: fill it in, check it with `git okr lint {path}`, and propose it as version 1.0 with `git okr iterate {team} --stage draft -m WHY`; each round of discussion after that is another `git okr iterate`.\n"
    );
    if no_schema {
        let file = match root.as_str() {
            "" => "okr.schema.json".to_owned(),
            root => format!("{root}/okr.schema.json"),
        };
        out += &format!(
            "Editors check the file against the schema its `#:schema` line names: write it once with `git okr schema > {file}` and commit it.\n"
        );
    }
    if let Some(committed) = &committed {
        let subject = committed.message.lines().next().unwrap_or_default();
        let place = committed.branch.as_deref().unwrap_or("detached HEAD");
        out += &format!("[{place} {}] {subject}\n", committed.revision.short());
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// The OKR root as a `/`-separated relative path, without `.` parts or
/// trailing slashes; `""` for the top itself.
fn normalize(root: &str) -> String {
    root.split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn exists(path: &str) -> CommandError {
    CommandError::Usage {
        message: format!("`{path}` already exists"),
        hint: Some(
            "edit it, or pick another team or period; `git okr new` never overwrites a file"
                .to_owned(),
        ),
    }
}

/// Every OKR file under the OKR root, from the working tree.
fn load(context: &Context) -> Result<Vec<ParsedFile>, CommandError> {
    context
        .context_files()?
        .iter()
        .map(|(path, display)| files::load(path, display))
        .collect()
}

/// Whether a set of `outer` may be the parent of a set of `inner`: the same
/// period, or one that contains it (a year's set for a quarter's).
fn admits(outer: &Period, inner: &Period) -> bool {
    outer.label == inner.label || (outer.start <= inner.start && inner.end <= outer.end)
}

/// The team of the parent set `reference` names, which must exist in
/// `period` or a period containing it.
fn resolve_parent(
    sets: &[(&ParsedFile, &OkrSet)],
    reference: &str,
    team: &str,
    period: &Period,
) -> Result<String, CommandError> {
    let parsed = Reference::parse(reference)?;
    let [name] = parsed.segments.as_slice() else {
        return Err(CommandError::Usage {
            message: format!("--parent: `{reference}` is not a set"),
            hint: Some(
                "name the parent's team, such as `engineering`, or `2027-Q1:engineering`"
                    .to_owned(),
            ),
        });
    };
    if name == team {
        return Err(CommandError::Usage {
            message: "--parent: a set cannot be its own parent".to_owned(),
            hint: Some(
                "name the set this team's OKRs align to, such as its department's".to_owned(),
            ),
        });
    }
    let admitted: Vec<&OkrSet> = sets
        .iter()
        .map(|(_, s)| *s)
        .filter(|s| admits(&s.period, period))
        .filter(|s| parsed.period.as_ref().is_none_or(|p| &s.period.label == p))
        .collect();
    // The same period first, then the containing ones.
    let found = admitted.iter().filter(|s| &s.team == name).min_by_key(|s| {
        (
            s.period.label != period.label,
            s.period.end - s.period.start,
        )
    });
    if let Some(set) = found {
        return Ok(set.team.clone());
    }
    let hint = match Index::new(admitted.clone()).resolve(name, &[Kind::Set], None) {
        Err(okr_model::ResolveError::NotFound {
            suggestion: Some(s),
            ..
        }) => format!("did you mean `{s}`?"),
        _ if admitted.is_empty() => {
            // A typo of a team known in other periods is still worth naming.
            let all = Index::new(sets.iter().map(|(_, s)| *s).collect());
            let known = sets.iter().any(|(_, s)| &s.team == name);
            let team = match all.resolve(name, &[Kind::Set], None) {
                Err(okr_model::ResolveError::NotFound {
                    suggestion: Some(s),
                    ..
                }) if !known => s.rsplit(':').next().unwrap_or(&s).to_owned(),
                _ => name.clone(),
            };
            let typo = if &team == name {
                String::new()
            } else {
                format!("did you mean `{team}`? ")
            };
            format!(
                "{typo}no set of {} exists yet: create the parent's first (`git okr new {team} --period {}`)",
                period.label, period.label
            )
        }
        _ => {
            let mut teams: Vec<&str> = admitted.iter().map(|s| s.team.as_str()).collect();
            teams.sort_unstable();
            teams.dedup();
            format!("the sets of {} are {}", period.label, teams.join(", "))
        }
    };
    Err(CommandError::Usage {
        message: format!(
            "--parent: no set of team `{name}` in {}{}",
            period.label,
            parsed
                .period
                .as_ref()
                .filter(|p| *p != &period.label)
                .map(|p| format!(" (or {p})"))
                .unwrap_or_default()
        ),
        hint: Some(hint),
    })
}

/// What the set `reference` names hands over.
fn carry_from(
    sets: &[(&ParsedFile, &OkrSet)],
    reference: &str,
    period: &Period,
) -> Result<CarryOver, CommandError> {
    let index = files::index(sets.iter().map(|(_, s)| *s).collect());
    let target = index.resolve(reference, &[Kind::Set], None)?;
    let Some(&(file, set)) = sets.get(target.set()) else {
        return Err(CommandError::Usage {
            message: format!("--from: `{reference}` matches nothing"),
            hint: None,
        });
    };
    if file.has_errors() {
        return Err(CommandError::Invalid {
            files: vec![file.clone()],
            reason: "has errors: fix them before carrying it over",
        });
    }
    if set.period.label == period.label {
        return Err(CommandError::Usage {
            message: format!(
                "--from: `{}:{}` is of {} itself",
                set.period.label, set.team, period.label
            ),
            hint: Some("name last period's set, such as `2026-Q4:platform`".to_owned()),
        });
    }
    if set.status != Status::Closed {
        let _ = writeln!(
            std::io::stderr(),
            "note: `{}:{}` is not graded ({}): its key results are judged by their progress",
            set.period.label,
            set.team,
            set.status
        );
    }
    Ok(scaffold::carry_over(set))
}

/// Writes a file that must not exist yet (`--no-commit`), flushed to disk.
fn write_new(absolute: &Path, shown: &str, text: &str) -> Result<(), CommandError> {
    let io = |source| {
        CommandError::Git(okr_git::Error::Write {
            path: PathBuf::from(shown),
            source,
        })
    };
    if let Some(dir) = absolute.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(absolute)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(shown)),
        Err(source) => return Err(io(source)),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io)
}
