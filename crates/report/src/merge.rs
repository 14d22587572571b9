//! What `git okr merge-driver` says on standard error: why a file was
//! merged line by line, if it was, and each conflict with both values, the
//! base's, and the commit each side's value comes from.

use okr_model::merge::{Conflict, ConflictKind, Merged, Method, Side};

/// The commit a side's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    /// The commit's short id.
    pub id: &'a str,
    /// Its subject.
    pub subject: &'a str,
    /// Whether it is only the side's tip, not a commit known to have
    /// changed the value.
    pub tip: bool,
}

/// The report of a merge of the file at `path` between the sides named
/// `ours` and `theirs`; `origin` says where each side's value of a
/// conflict comes from, when it is known.
pub fn report<'o>(
    path: &str,
    merged: &Merged<Vec<u8>>,
    (ours, theirs): (&str, &str),
    origin: &dyn Fn(Side, &Conflict) -> Option<Origin<'o>>,
) -> String {
    let mut out = String::new();
    let name = |side: Side| match side {
        Side::Ours => ours,
        Side::Theirs => theirs,
        Side::Base => "the base",
    };
    if let Method::Lines { reason } = &merged.method {
        let place = match (reason.side, reason.line, reason.column) {
            (Some(side), Some(line), Some(column)) => {
                format!("{}'s version, line {line}, column {column}: ", name(side))
            }
            (Some(side), _, _) => format!("{}'s version: ", name(side)),
            _ => String::new(),
        };
        out.push_str(&format!(
            "git-okr: {path}: cannot merge by meaning ({place}{}); merged line by line, as git does\n",
            reason.message
        ));
    }
    let width = ours.chars().count().max(theirs.chars().count()).max(4);
    for conflict in &merged.conflicts {
        let at = conflict
            .line
            .map_or_else(|| path.to_owned(), |line| format!("{path}:{line}"));
        out.push_str(&format!(
            "CONFLICT (okr): {at}: {}\n",
            headline(conflict, &name)
        ));
        let value = |v: &Option<String>| match (v, conflict.kind) {
            (None, ConflictKind::Removed { .. }) => "removed".to_owned(),
            (None, _) => "(absent)".to_owned(),
            (Some(v), ConflictKind::Lines) => lines_summary(v),
            (Some(v), _) => v.clone(),
        };
        for (side, v) in [
            (Side::Ours, &conflict.ours),
            (Side::Theirs, &conflict.theirs),
        ] {
            let from = match origin(side, conflict) {
                Some(Origin {
                    id,
                    subject,
                    tip: false,
                }) => format!("   ({id} {subject})"),
                Some(Origin { id, subject, .. }) => format!("   (at {id} {subject})"),
                None => String::new(),
            };
            out.push_str(&format!("  {:width$}  {}{from}\n", name(side), value(v)));
        }
        if conflict.kind != ConflictKind::Lines
            || conflict.base.as_deref().is_some_and(|b| !b.is_empty())
        {
            out.push_str(&format!("  {:width$}  {}\n", "base", value(&conflict.base)));
        }
    }
    if !merged.conflicts.is_empty() {
        let count = merged.conflicts.len();
        out.push_str(&format!(
            "hint: {path}: {count} conflict{} marked with <<<<<<< and >>>>>>>: keep one side of each (or write what both meant), then `git add {path}`; `git okr lint` checks the result\n",
            if count == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The first line of a conflict's report: what is in conflict.
fn headline<'a>(conflict: &Conflict, name: &dyn Fn(Side) -> &'a str) -> String {
    match conflict.kind {
        ConflictKind::Changed => match &conflict.field {
            Some(field) if conflict.path.is_empty() => format!("`{field}` changed on both sides"),
            Some(field) => format!("{} `{field}` changed on both sides", conflict.path),
            None => format!("{} changed on both sides", conflict.path),
        },
        ConflictKind::Removed { by } => {
            let other = if by == Side::Ours {
                Side::Theirs
            } else {
                Side::Ours
            };
            format!(
                "{} removed on {}, changed on {}",
                conflict.path,
                name(by),
                name(other)
            )
        }
        ConflictKind::Lines => "lines changed on both sides".to_owned(),
    }
}

/// A line conflict's side, shortly: its first line and how many more.
fn lines_summary(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match lines.as_slice() {
        [] => "(no lines)".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more lines)", rest.len()),
    }
}
