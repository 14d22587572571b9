//! The freeze: `changed-after-final`. Once a set is `final`, its definition
//! (titles, targets, baselines, key results added or removed, alignment)
//! changes only through a reopen, so that moved goalposts are on the
//! record. Check-ins, status, grading and the review are always allowed.
//! Once a set is `closed` (graded), its check-ins are frozen too: the values
//! were graded, and a reopen puts a correction on the record.
//!
//! The rule compares two versions, so it does not run in [`crate::lint`]:
//! the caller passes the version before (`HEAD` for the working tree, the
//! index for a commit, the remote's tip for a push) and the files after.

use okr_diff::{Change, Class, FieldChange, SetDiff, SetFile, Subject, Value};
use okr_model::{Diagnostic, OkrSet, ParsedFile, Span};

use crate::Settings;
use crate::rules;

/// The changes to final sets' definitions from `before` to `after`, one
/// diagnostic per change, in the files of `after`. A set that is gone from
/// `after` has no file to point at: `git okr diff --check` reports it.
///
/// The finding cannot be accepted with `allow` in the file (adding one is
/// itself an edit of the frozen set): the way to change a final set is
/// `git okr reopen`. `okr.toml` can still set its severity or turn it off.
pub fn freeze(
    before: &[SetFile<'_>],
    after: &[ParsedFile],
    settings: &Settings,
) -> Vec<Diagnostic> {
    let Some(severity) = settings.level(rules::CHANGED_AFTER_FINAL.id) else {
        return Vec::new();
    };
    // Only sets that were final or closed can be flagged; diffing the rest
    // is waste.
    let was_final: Vec<SetFile<'_>> = before
        .iter()
        .filter(|file| {
            matches!(
                file.set.status,
                okr_model::Status::Final | okr_model::Status::Closed
            )
        })
        .copied()
        .collect();
    if was_final.is_empty() {
        return Vec::new();
    }
    let now: Vec<SetFile<'_>> = after
        .iter()
        .filter_map(|file| {
            file.set.as_ref().map(|set| SetFile {
                path: file.source.path(),
                set,
            })
        })
        .filter(|now| {
            was_final.iter().any(|then| {
                then.set.period.label == now.set.period.label && then.set.team == now.set.team
            })
        })
        .collect();
    let diff = okr_diff::diff(&was_final, &now);
    let mut found = Vec::new();
    for set_diff in &diff.sets {
        let Some(path) = set_diff.new_path.as_deref() else {
            continue;
        };
        let Some((file, set)) = after
            .iter()
            .find(|file| file.source.path() == path)
            .and_then(|file| file.set.as_ref().map(|set| (file, set)))
        else {
            continue;
        };
        let closed = set_diff.old_status == Some(okr_model::Status::Closed);
        for change in set_diff.changes.iter().filter(|c| c.changed_after_final) {
            let diagnostic = Diagnostic::new(
                &file.source,
                rules::CHANGED_AFTER_FINAL.id,
                severity,
                span(set, change),
                message(change, closed),
            )
            .with_help(help(set_diff))
            .with_subject(Some(subject(set, &change.subject)));
            found.push(diagnostic);
        }
    }
    Diagnostic::sort(&mut found);
    found
}

/// Where the change is in the file after: the changed field, or the
/// table of what was added, or the nearest table that remains.
fn span(set: &OkrSet, change: &Change) -> Span {
    let field = change
        .fields
        .first()
        .map(|field| field.field.as_str())
        .unwrap_or_default();
    let objective = change
        .subject
        .objective()
        .and_then(|id| set.objectives.iter().find(|o| o.id == id));
    let key_result = match &change.subject {
        Subject::KeyResult { id, .. } => {
            objective.and_then(|o| o.key_results.iter().find(|kr| &kr.id == id))
        }
        _ => None,
    };
    let spans = match (key_result, objective) {
        (Some(kr), _) => &kr.spans,
        (None, Some(objective)) => &objective.spans,
        (None, None) => &set.spans,
    };
    // What was added or moved is pointed at whole; what was removed, by
    // the table that held it.
    if matches!(change.class, Class::Added | Class::Removed | Class::Moved) {
        spans.table()
    } else {
        spans.field_or_table(field)
    }
}

fn message(change: &Change, closed: bool) -> String {
    let what = match &change.subject {
        Subject::Set => "the set".to_owned(),
        Subject::Objective { id } => format!("the objective `{id}`"),
        Subject::KeyResult { id, .. } => format!("the key result `{id}`"),
    };
    let done = match change.class {
        Class::Added => "was added",
        Class::Removed => "was removed",
        Class::Renamed => "was renamed",
        Class::Moved => "was moved",
        Class::Reworded => "was reworded",
        Class::TargetChanged => "had its target changed",
        Class::BaselineChanged => "had its baseline changed",
        Class::AlignmentChanged => "had its alignment changed",
        Class::CheckIn => "had its value changed",
        _ => "was changed",
    };
    let after = if closed {
        "after the set was closed"
    } else {
        "after the set was final"
    };
    let details: Vec<String> = match change.class {
        Class::Added | Class::Removed => Vec::new(),
        _ => change.fields.iter().map(field).collect(),
    };
    if details.is_empty() {
        format!("{what} {done} {after}")
    } else {
        format!("{what} {done} {after} ({})", details.join("; "))
    }
}

/// `target: 15 → 10`.
fn field(change: &FieldChange) -> String {
    format!(
        "`{}`: {} → {}",
        change.field,
        value(&change.old),
        value(&change.new)
    )
}

fn value(value: &Value) -> String {
    match value {
        Value::None => "nothing".to_owned(),
        Value::Text(text) => format!("\"{text}\""),
        Value::Number(n) => n.to_string(),
        Value::List(items) => format!("[{}]", items.join(", ")),
    }
}

fn help(set: &SetDiff) -> String {
    if set.old_status == Some(okr_model::Status::Closed) {
        return format!(
            "a closed set is graded: its values are the record. To correct one, run `git okr reopen {}:{} -m WHY` first (a major version bump puts it on the record), then grade it again",
            set.period, set.team
        );
    }
    format!(
        "a final set's definition is frozen: to move the goalposts, run `git okr reopen {}:{} -m WHY` first (a major version bump puts the change on the record); check-ins (`current`, `confidence`) are always allowed",
        set.period, set.team
    )
}

fn subject(set: &OkrSet, subject: &Subject) -> String {
    match subject {
        Subject::Set => set.team.clone(),
        _ => format!("{}/{}", set.team, subject.path()),
    }
}

#[cfg(test)]
mod tests {
    use okr_model::config::LintSettings;
    use okr_model::parse::parse;

    use super::*;

    const FINAL: &str = r#"format = 1
team = "platform"
period = "2026-Q4"
status = "final"
version = "1.2"

[[objectives]]
id = "fast"
title = "Changes reach customers the day they are written"

[[objectives.key_results]]
id = "build"
title = "Cut build time from 16 to 10 minutes"
baseline = 16
target = 10

[[objectives]]
id = "calm"
title = "Incidents are short and boring"

[[objectives.key_results]]
id = "mttr"
title = "Reduce time to restore from 55 to 30 minutes"
baseline = 55
target = 30
"#;

    fn findings(before: &str, after: &str) -> Vec<Diagnostic> {
        findings_with(before, after, &Settings::default())
    }

    fn findings_with(before: &str, after: &str, settings: &Settings) -> Vec<Diagnostic> {
        let old = parse("okrs/platform.toml", before);
        let new = parse("okrs/platform.toml", after);
        let set = old.set.as_ref().expect("a set");
        let before = [SetFile {
            path: "okrs/platform.toml",
            set,
        }];
        freeze(&before, std::slice::from_ref(&new), settings)
    }

    #[test]
    fn check_ins_status_and_scores_pass() {
        let after = FINAL
            .replace(
                "target = 10\n",
                "target = 10\ncurrent = 12\nconfidence = 0.6\nscore = 0.7\n",
            )
            .replace("status = \"final\"", "status = \"closed\"");
        assert_eq!(findings(FINAL, &after), Vec::new());
    }

    #[test]
    fn a_reopen_passes_and_a_minor_bump_does_not() {
        let moved = FINAL.replace("target = 10", "target = 12");
        let reopened = moved
            .replace("status = \"final\"", "status = \"review\"")
            .replace("version = \"1.2\"", "version = \"2.0\"");
        assert_eq!(findings(FINAL, &reopened), Vec::new());
        let bumped = moved
            .replace("status = \"final\"", "status = \"review\"")
            .replace("version = \"1.2\"", "version = \"1.3\"");
        let found = findings(FINAL, &bumped);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "changed-after-final");
        assert_eq!(found[0].subject.as_deref(), Some("platform/fast/build"));
        assert_eq!((found[0].line, found[0].column), (15, 10));
    }

    #[test]
    fn from_and_rollup_are_the_definition() {
        let measured = FINAL.replace("target = 30\n", "target = 30\nfrom = [\"build\"]\n");
        let sources = measured.replace("from = [\"build\"]", "from = [\"build\", \"mttr\"]");
        let found = findings(&measured, &sources);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "changed-after-final");
        assert!(found[0].message.contains("from"), "{}", found[0].message);
        let summed = measured.replace(
            "from = [\"build\"]\n",
            "from = [\"build\"]\nrollup = \"sum\"\n",
        );
        let found = findings(&measured, &summed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("rollup"), "{}", found[0].message);
        // `mean` written out is what was meant all along.
        let mean = measured.replace(
            "from = [\"build\"]\n",
            "from = [\"build\"]\nrollup = \"mean\"\n",
        );
        assert_eq!(findings(&measured, &mean), Vec::new());
    }

    #[test]
    fn a_set_that_was_not_final_is_free() {
        let draft = FINAL.replace("status = \"final\"", "status = \"review\"");
        let moved = draft.replace("target = 10", "target = 12");
        assert_eq!(findings(&draft, &moved), Vec::new());
    }

    #[test]
    fn a_removed_objective_points_at_the_set_and_off_is_off() {
        let end = FINAL
            .find("\n[[objectives]]\nid = \"calm\"")
            .expect("the second objective");
        let removed = &FINAL[..end + 1];
        let found = findings(FINAL, removed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("the objective `calm` was removed"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].subject.as_deref(), Some("platform/calm"));

        let mut config = LintSettings::default();
        config
            .rules
            .push((rules::CHANGED_AFTER_FINAL.id.to_owned(), None));
        let off = Settings::from_config(&config);
        assert_eq!(findings_with(FINAL, removed, &off), Vec::new());
    }
}
