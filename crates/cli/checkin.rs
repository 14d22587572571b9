//! `git okr checkin`: record a key result's new value (and confidence) as a
//! commit that changes its OKR file and nothing else.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use okr_git::{OkrFile, Proposal, Repository, Side};
use okr_model::edit::{self, CheckIn, Number};
use okr_model::{Kind, Target, trailers};
use okr_report::checkin::{self as render, Line};
use serde::Deserialize;

use crate::args::CheckinArgs;
use crate::error::CommandError;
use crate::files::Context;

/// One check-in as asked for, before it is resolved.
#[derive(Debug, Clone, PartialEq)]
struct Request {
    reference: String,
    value: Number,
    confidence: Option<Number>,
    note: Option<String>,
}

/// A request resolved against the sets: where it goes and what it changes.
struct Resolved {
    path: String,
    check_in: CheckIn,
    line: Line,
}

/// Runs `git okr checkin`.
pub fn run(args: &CheckinArgs) -> Result<ExitCode, CommandError> {
    let requests = requests(args)?;
    for (flag, value) in [("--learned", &args.learned), ("--stop", &args.stop)] {
        if let Some(value) = value
            && !trailers::is_value(value)
        {
            return Err(CommandError::Usage {
                message: format!("{flag} must be one line of text"),
                hint: Some("put longer notes in -m, which may span lines".to_owned()),
            });
        }
    }
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.clone();
    let note = (!args.message.is_empty()).then(|| args.message.join("\n\n"));

    let mut out = std::io::stdout().lock();
    if args.no_commit {
        let files = repo.load(&Side::WorkTree, &root)?;
        let resolved = resolve(&files, &requests)?;
        let top = repo.top()?.to_path_buf();
        let edited = edit_files(&resolved, |path| read_file(&top, path))?;
        repo.write_work_tree(&edited)?;
        for item in &resolved {
            writeln!(
                out,
                "{}: {} (not committed)",
                item.line.short,
                render::summary(&item.line)
            )
            .map_err(CommandError::output)?;
        }
        return Ok(ExitCode::SUCCESS);
    }

    let options = args.commit.options();
    let committed = repo.commit_files(&options, |tip| -> Result<Proposal, CommandError> {
        propose(&repo, tip, &root, &requests, note.as_deref(), args).map_err(|error| {
            if tip.attempt > 1 {
                // Someone else's commit landed first and conflicts.
                CommandError::Usage {
                    message: format!(
                        "the branch moved while checking in, and on its new tip {}: {error}",
                        tip.revision.short()
                    ),
                    hint: Some(
                        "nothing was committed; look at `git log -1` and check in again".to_owned(),
                    ),
                }
            } else {
                error
            }
        })
    })?;
    let mut err = std::io::stderr().lock();
    for path in &committed.included_dirty {
        let _ = writeln!(
            err,
            "note: the commit includes the uncommitted changes of `{path}` (--allow-dirty)"
        );
    }
    if committed.attempts > 1 {
        let _ = writeln!(
            err,
            "note: the branch moved while checking in; the edit was made again on the new tip"
        );
    }
    let subject = committed.message.lines().next().unwrap_or_default();
    let place = committed.branch.as_deref().unwrap_or("detached HEAD");
    writeln!(out, "[{place} {}] {subject}", committed.revision.short())
        .map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// The files and message of a check-in at `tip`.
fn propose(
    repo: &Repository,
    tip: &okr_git::Tip<'_>,
    root: &str,
    requests: &[Request],
    note: Option<&str>,
    args: &CheckinArgs,
) -> Result<Proposal, CommandError> {
    let files = repo.load(&tip.side(), root)?;
    let resolved = resolve(&files, requests)?;
    let edited = edit_files(&resolved, |path| {
        tip.read(path)?.ok_or_else(|| CommandError::Usage {
            message: format!("`{path}` is not in the commit"),
            hint: None,
        })
    })?;
    let lines: Vec<Line> = resolved.into_iter().map(|r| r.line).collect();
    Ok(Proposal {
        files: edited,
        message: render::message(&lines, note, args.learned.as_deref(), args.stop.as_deref()),
    })
}

/// The check-ins asked for: the one on the command line, or the list in
/// `--from`.
fn requests(args: &CheckinArgs) -> Result<Vec<Request>, CommandError> {
    let number = |flag: &str, text: &str| {
        Number::parse(text).map_err(|e| CommandError::Usage {
            message: format!("{flag}: {e}"),
            hint: None,
        })
    };
    if let Some(from) = &args.from {
        if args.reference.is_some() || args.value.is_some() || args.confidence.is_some() {
            return Err(CommandError::Usage {
                message: "--from takes the references and values from the file: give no REF, VALUE or --confidence with it".to_owned(),
                hint: None,
            });
        }
        return batch(from);
    }
    let (Some(reference), Some(value)) = (&args.reference, &args.value) else {
        return Err(CommandError::Usage {
            message: "give a key result and its new value: git okr checkin REF VALUE".to_owned(),
            hint: Some("or --from FILE for several at once".to_owned()),
        });
    };
    Ok(vec![Request {
        reference: reference.clone(),
        value: number("VALUE", value)?,
        confidence: args
            .confidence
            .as_deref()
            .map(|c| number("--confidence", c))
            .transpose()?,
        note: None,
    }])
}

/// One entry of a `--from` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(rename = "ref")]
    reference: String,
    value: Scalar,
    confidence: Option<Scalar>,
    note: Option<String>,
}

/// A number written as a number or a string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(serde_json::Number),
    Float(f64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(text) => text.clone(),
            Scalar::Number(number) => number.to_string(),
            Scalar::Float(value) => render::number(*value),
        }
    }
}

/// A TOML batch file: `[[checkin]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlBatch {
    checkin: Vec<Entry>,
}

/// Reads a batch of check-ins: a JSON array of entries, or TOML with
/// `[[checkin]]` tables; `-` is standard input.
fn batch(from: &Path) -> Result<Vec<Request>, CommandError> {
    let shown = from.display().to_string();
    let text = if from == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|source| CommandError::Read {
                path: from.to_path_buf(),
                source,
            })?;
        text
    } else {
        std::fs::read_to_string(from).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                CommandError::NoSuchPath {
                    path: from.to_path_buf(),
                }
            } else {
                CommandError::Read {
                    path: from.to_path_buf(),
                    source,
                }
            }
        })?
    };
    let bad = |message: String| {
        CommandError::Usage {
        message,
        hint: Some(
            "write a JSON array of {\"ref\", \"value\", \"confidence\", \"note\"} objects, or TOML [[checkin]] tables with the same keys"
                .to_owned(),
        ),
    }
    };
    let entries: Vec<Entry> =
        if text.trim_start().starts_with('[') && !text.trim_start().starts_with("[[") {
            serde_json::from_str(&text).map_err(|e| {
                bad(format!(
                    "{shown}:{}:{}: {}",
                    e.line(),
                    e.column(),
                    strip_position(&e.to_string())
                ))
            })?
        } else {
            let batch: TomlBatch = toml::from_str(&text).map_err(|e| {
                let (line, column) = e
                    .span()
                    .map(|span| line_column(&text, span.start))
                    .unwrap_or((1, 1));
                bad(format!("{shown}:{line}:{column}: {}", e.message()))
            })?;
            batch.checkin
        };
    if entries.is_empty() {
        return Err(bad(format!("{shown}: no check-ins in the file")));
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let number = |what: &str, scalar: &Scalar| {
                Number::parse(&scalar.text()).map_err(|e| {
                    bad(format!(
                        "{shown}: check-in {} ({}): {what}: {e}",
                        i + 1,
                        entry.reference
                    ))
                })
            };
            Ok(Request {
                value: number("value", &entry.value)?,
                confidence: entry
                    .confidence
                    .as_ref()
                    .map(|c| number("confidence", c))
                    .transpose()?,
                reference: entry.reference.clone(),
                note: entry.note.clone(),
            })
        })
        .collect()
}

/// serde_json's message without its own " at line L column C".
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The 1-based line and column of byte `offset`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Resolves every request against the sets of `files`. Every file must
/// parse; the files the requests touch must be free of errors.
fn resolve(files: &[OkrFile], requests: &[Request]) -> Result<Vec<Resolved>, CommandError> {
    let sets: Vec<(&OkrFile, &okr_model::OkrSet)> = files
        .iter()
        .filter_map(|f| f.parsed.set.as_ref().map(|s| (f, s)))
        .collect();
    let index = crate::files::index(sets.iter().map(|(_, s)| *s).collect());
    let mut resolved = Vec::new();
    let mut seen = BTreeMap::new();
    for request in requests {
        let target = index
            .resolve(&request.reference, &[Kind::KeyResult], None)
            .map_err(|e| CommandError::Resolve { source: e })?;
        let Target::KeyResult(s, o, k) = target else {
            continue;
        };
        let (file, set) = sets[s];
        if file.parsed.has_errors() {
            return Err(CommandError::Invalid {
                files: vec![file.parsed.clone()],
                reason: "has errors: fix them before checking in",
            });
        }
        if set.status == okr_model::Status::Closed {
            let name = format!("{}:{}", set.period.label, set.team);
            return Err(CommandError::Usage {
                message: format!(
                    "`{}` is in `{name}`, which is closed: its period is over and it is graded, so its values are the record",
                    index.name(target, true)
                ),
                hint: Some(format!(
                    "to correct a value, reopen the set first (`git okr reopen {name} -m WHY`), check in, and grade it again; for this period's key result, name its period (`PERIOD:{}`)",
                    index.name(target, false)
                )),
            });
        }
        let objective = &set.objectives[o];
        let kr = &objective.key_results[k];
        if !kr.from.is_empty() {
            let sources: Vec<String> = kr.from.iter().map(|s| format!("`{s}`")).collect();
            return Err(CommandError::Usage {
                message: format!(
                    "`{}` is measured by its sources ({} of {}): its value is derived from theirs, not checked in",
                    index.name(target, false),
                    kr.rollup.unwrap_or_default(),
                    sources.join(", ")
                ),
                hint: Some(format!(
                    "check in the sources instead, such as `git okr checkin {} VALUE`; `git okr status` shows the derived value",
                    kr.from[0]
                )),
            });
        }
        let reference = index.name(target, false);
        // The full reference again, with the period if it needs one.
        let reference = match index.resolve(&reference, &[Kind::KeyResult], None) {
            Ok(found) if found == target => reference,
            _ => index.name(target, true),
        };
        if let Some(previous) = seen.insert(reference.clone(), request.reference.clone()) {
            return Err(CommandError::Usage {
                message: format!(
                    "`{}` and `{previous}` are the same key result, `{reference}`",
                    request.reference
                ),
                hint: Some("check in each key result once per commit".to_owned()),
            });
        }
        let mut after = kr.clone();
        after.current = Some(request.value.value());
        resolved.push(Resolved {
            path: file.path.clone(),
            check_in: CheckIn {
                objective: objective.id.clone(),
                key_result: kr.id.clone(),
                value: request.value.clone(),
                confidence: request.confidence.clone(),
            },
            line: Line {
                short: format!("{}/{}", set.team, kr.id),
                reference,
                unit: kr.unit.clone(),
                old: kr.current,
                new: request.value.as_str().to_owned(),
                progress: (kr.progress(), after.progress()),
                confidence: request.confidence.as_ref().map(|c| c.as_str().to_owned()),
                note: request.note.clone(),
            },
        });
    }
    Ok(resolved)
}

/// Applies the check-ins file by file to the text `read` gives, and checks
/// that each new file parses without errors.
fn edit_files(
    resolved: &[Resolved],
    mut read: impl FnMut(&str) -> Result<Vec<u8>, CommandError>,
) -> Result<Vec<(String, Vec<u8>)>, CommandError> {
    let mut by_file: BTreeMap<&str, Vec<CheckIn>> = BTreeMap::new();
    for item in resolved {
        by_file
            .entry(item.path.as_str())
            .or_default()
            .push(item.check_in.clone());
    }
    let mut edited = Vec::new();
    for (path, check_ins) in by_file {
        let bytes = read(path)?;
        let text = String::from_utf8(bytes).map_err(|_| CommandError::Usage {
            message: format!("`{path}` is not UTF-8 text"),
            hint: None,
        })?;
        let new = edit::apply(&text, &check_ins).map_err(|source| CommandError::Edit {
            path: path.to_owned(),
            source,
        })?;
        let parsed = okr_model::parse(path, &new);
        if parsed.has_errors() {
            return Err(CommandError::Invalid {
                files: vec![parsed],
                reason: "would not be valid after the check-in; nothing was written",
            });
        }
        edited.push((path.to_owned(), new.into_bytes()));
    }
    Ok(edited)
}

/// A working-tree file, for `--no-commit`.
fn read_file(top: &Path, path: &str) -> Result<Vec<u8>, CommandError> {
    std::fs::read(top.join(path)).map_err(|source| CommandError::Read {
        path: path.into(),
        source,
    })
}
