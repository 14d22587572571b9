//! Checks across files: two files claiming one set, and `parent`, `aligns`
//! and `from` references that must resolve among the loaded sets (the
//! checks of `from` are in [`crate::rollup::check`]).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::parse::ParsedFile;
use crate::reference::{Index, Kind, ResolveError, Target};

/// Checks the sets of `files` against each other. Returns the diagnostics,
/// each naming the file it belongs to.
pub fn check_sets(files: &[ParsedFile]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let loaded: Vec<&ParsedFile> = files.iter().filter(|f| f.set.is_some()).collect();
    let sets = loaded.iter().filter_map(|f| f.set.as_ref()).collect();
    let index = Index::new(sets);

    let mut owners: HashMap<(&str, &str), &str> = HashMap::new();
    for (i, file) in loaded.iter().enumerate() {
        let Some(set) = index.set(i) else { continue };
        let key = (set.team.as_str(), set.period.label.as_str());
        if let Some(first) = owners.insert(key, file.source.path()) {
            owners.insert(key, first);
            diagnostics.push(
                Diagnostic::new(
                    &file.source,
                    codes::DUPLICATE_SET,
                    Severity::Error,
                    set.spans.field_or_table("team"),
                    format!("`{first}` already holds the {} set of team `{}`", set.period, set.team),
                )
                .with_help("keep one file per team and period: merge the two, or fix the team or period of one")
                .with_subject(Some(set.team.clone())),
            );
        }
    }

    for (i, file) in loaded.iter().enumerate() {
        let Some(set) = index.set(i) else { continue };
        let period = Some(set.period.label.as_str());
        if let Some(parent) = &set.parent {
            let span = set.spans.field_or_table("parent");
            let subject = Some(set.team.clone());
            if parent == &set.team {
                diagnostics.push(
                    Diagnostic::new(
                        &file.source,
                        codes::SELF_REFERENCE,
                        Severity::Error,
                        span,
                        "a set cannot be its own parent",
                    )
                    .with_help(
                        "name the set this team's OKRs align to, such as its department's team",
                    )
                    .with_subject(subject),
                );
            } else if let Err(error) = index.resolve(parent, &[Kind::Set], period) {
                diagnostics.push(unresolved(
                    file,
                    span,
                    subject,
                    "parent",
                    &error,
                    &set.period.label,
                ));
            }
        }
        for objective in &set.objectives {
            let subject = Some(format!("{}/{}", set.team, objective.id));
            for (n, reference) in objective.aligns.iter().enumerate() {
                let span = objective.spans.item("aligns", n);
                match index.resolve(reference, &[Kind::Objective], period) {
                    Ok(Target::Objective(s, _)) if s == i => diagnostics.push(
                        Diagnostic::new(
                            &file.source,
                            codes::SELF_REFERENCE,
                            Severity::Error,
                            span,
                            format!("`{reference}` is an objective of this same set"),
                        )
                        .with_help("`aligns` names objectives of other sets (the parent's, usually) that this one supports")
                        .with_subject(subject.clone()),
                    ),
                    Ok(_) => {}
                    Err(error @ ResolveError::NotFound { .. }) => {
                        // Naming a key result is a common slip: say so.
                        let diagnostic = match index.resolve(reference, &[Kind::KeyResult], period) {
                            Ok(kr @ Target::KeyResult(s, o, _)) => Diagnostic::new(
                                &file.source,
                                codes::UNRESOLVED_REFERENCE,
                                Severity::Error,
                                span,
                                format!("`aligns`: `{reference}` is a key result, not an objective"),
                            )
                            .with_help(format!(
                                "align to the objective `{}` that `{}` belongs to",
                                index.name(Target::Objective(s, o), false),
                                index.name(kr, false)
                            )),
                            _ => unresolved(file, span, None, "aligns", &error, &set.period.label),
                        };
                        diagnostics.push(diagnostic.with_subject(subject.clone()));
                    }
                    Err(error) => diagnostics.push(unresolved(file, span, subject.clone(), "aligns", &error, &set.period.label)),
                }
            }
        }
    }
    diagnostics.extend(crate::rollup::check(files));
    Diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// The diagnostic of a reference under `key` that did not resolve.
pub(crate) fn unresolved(
    file: &ParsedFile,
    span: crate::source::Span,
    subject: Option<String>,
    key: &str,
    error: &ResolveError,
    period: &str,
) -> Diagnostic {
    let (code, help) = match error {
        ResolveError::Ambiguous { candidates, .. } => (
            codes::AMBIGUOUS_REFERENCE,
            format!(
                "write one of {} in full",
                crate::suggest::one_of(&candidates.iter().map(String::as_str).collect::<Vec<_>>())
            ),
        ),
        ResolveError::NotFound { suggestion: Some(s), .. } => (codes::UNRESOLVED_REFERENCE, format!("did you mean `{s}`?")),
        ResolveError::NotFound { .. } if key == "parent" => (
            codes::UNRESOLVED_REFERENCE,
            format!("no OKR file holds that team's {period} set: add it under the OKR root, fix the name, or remove `parent`"),
        ),
        ResolveError::NotFound { .. } if key == "from" => (
            codes::UNRESOLVED_REFERENCE,
            format!("name a key result of a {period} set under the OKR root as `team/kr`, or remove the reference"),
        ),
        ResolveError::NotFound { .. } => (
            codes::UNRESOLVED_REFERENCE,
            format!("name an objective of a {period} set under the OKR root as `team/objective`, or remove the reference"),
        ),
        ResolveError::Malformed { .. } => (
            codes::UNRESOLVED_REFERENCE,
            if key == "from" {
                "a reference is `team/kr` or `team/objective/kr`, lowercase slugs joined by `/`, with an optional `period:` prefix"
            } else {
                "a reference is `team/objective`, lowercase slugs joined by `/`, with an optional `period:` prefix"
            }
            .to_owned(),
        ),
    };
    Diagnostic::new(
        &file.source,
        code,
        Severity::Error,
        span,
        format!("`{key}`: {error}"),
    )
    .with_help(help)
    .with_subject(subject)
}
