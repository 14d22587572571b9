//! A semantic diff as terminal text, as Markdown for a pull-request
//! comment, or as JSON.

use std::fmt::Write as _;

use okr_diff::{Change, Class, Diff, FieldChange, Op, Segment, SetDiff, Subject, Value};
use serde::Serialize;

/// One side of a comparison, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideInfo {
    /// The name: the revision as typed, `index` or `working tree`.
    pub label: String,
    /// The commit's full hash, for a revision.
    pub commit: Option<String>,
}

use crate::style::{BOLD, CYAN, GREEN, RED, YELLOW, paint};

/// The diff as text for a terminal: each set with its file and status,
/// each objective or key result that changed with its title, and below it
/// each change's class and the fields behind it; then a summary. Text
/// changes show word by word, as `git diff --word-diff` does:
/// `[-old-]{+new+}`, or red and green when `styled`.
pub fn human(diff: &Diff, old: &SideInfo, new: &SideInfo, styled: bool) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        let _ = writeln!(out, "No OKR changes from {} to {}.", old.label, new.label);
        return out;
    }
    for set in &diff.sets {
        human_set(&mut out, set, styled);
        out.push('\n');
    }
    out.push_str(&summary_line(diff));
    out.push('\n');
    out
}

/// One set's changes as text: its name, file and status, then each
/// objective or key result that changed with its changes.
pub(crate) fn human_set(out: &mut String, set: &SetDiff, styled: bool) {
    let _ = writeln!(
        out,
        "{}  {}",
        paint(&set.reference(), BOLD, styled),
        paint(&format!("{} ({})", set.path(), status(set)), CYAN, styled)
    );
    for group in by_subject(&set.changes) {
        human_subject(out, group, styled);
    }
}

/// The set's status, or its change.
fn status(set: &SetDiff) -> String {
    match (set.old_status, set.new_status) {
        (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
        (_, Some(s)) | (Some(s), None) => s.to_string(),
        (None, None) => String::new(),
    }
}

/// Runs of changes about the same subject (they are next to each other).
fn by_subject(changes: &[Change]) -> impl Iterator<Item = &[Change]> {
    changes.chunk_by(|a, b| a.subject == b.subject)
}

/// How a subject is named: `key result paved-road/ci-time`.
fn subject_name(subject: &Subject) -> String {
    match subject {
        Subject::Set => "the set".to_owned(),
        Subject::Objective { id } => format!("objective {id}"),
        Subject::KeyResult { objective, id } => format!("key result {objective}/{id}"),
    }
}

fn human_subject(out: &mut String, group: &[Change], styled: bool) {
    let Some(first) = group.first() else {
        return;
    };
    let _ = write!(
        out,
        "  {}",
        paint(&subject_name(&first.subject), BOLD, styled)
    );
    if let Some(title) = &first.title {
        let _ = write!(out, ": {title}");
    }
    out.push('\n');
    for change in group {
        let (mark, style) = match change.class {
            _ if change.changed_after_final => ("!", YELLOW),
            Class::Added => ("+", GREEN),
            Class::Removed => ("-", RED),
            _ => ("~", CYAN),
        };
        let label = format!("{:<17}", change.class.as_str());
        let _ = write!(
            out,
            "    {} {}",
            paint(mark, style, styled),
            paint(&label, style, styled)
        );
        let one_sided = matches!(change.class, Class::Added | Class::Removed);
        let fields: Vec<&FieldChange> = change
            .fields
            .iter()
            .filter(|f| !(one_sided && f.field == "title"))
            .collect();
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                let _ = write!(out, "\n{:23}", "");
            }
            let _ = write!(
                out,
                " {}: {}",
                field.field,
                human_field(field, one_sided, styled)
            );
        }
        if change.changed_after_final {
            let _ = write!(out, "  {}", paint("(changed after final)", YELLOW, styled));
        }
        out.push('\n');
    }
}

/// How a field's change is shown, whatever the format.
enum Shown<'a> {
    /// The value of an added or removed subject's field.
    One(String),
    /// Prose, word by word.
    Words(&'a [Segment]),
    /// A list: the items removed and added (both empty: only the order
    /// changed).
    List(Vec<&'a str>, Vec<&'a str>),
    /// Any other value: old and new.
    Change(String, String),
}

impl<'a> Shown<'a> {
    fn of(field: &'a FieldChange, one_sided: bool) -> Self {
        if one_sided {
            let value = if field.new == Value::None {
                &field.old
            } else {
                &field.new
            };
            return Shown::One(plain_value(value));
        }
        if !field.words.is_empty() {
            return Shown::Words(&field.words);
        }
        if let (Value::List(_), Value::List(_)) = (&field.old, &field.new) {
            let (removed, added) = field.list_delta();
            return Shown::List(removed, added);
        }
        Shown::Change(plain_value(&field.old), plain_value(&field.new))
    }
}

/// List items as `-removed, +added`, or `reordered` when none is either.
fn list_items(
    removed: &[&str],
    added: &[&str],
    del: impl Fn(&str) -> String,
    ins: impl Fn(&str) -> String,
) -> String {
    let parts: Vec<String> = removed
        .iter()
        .map(|item| del(item))
        .chain(added.iter().map(|item| ins(item)))
        .collect();
    if parts.is_empty() {
        "reordered".to_owned()
    } else {
        parts.join(", ")
    }
}

fn human_field(field: &FieldChange, one_sided: bool, styled: bool) -> String {
    match Shown::of(field, one_sided) {
        Shown::One(value) => value,
        Shown::Words(words) => words
            .iter()
            .map(|segment| match segment.op {
                Op::Equal => segment.text.clone(),
                Op::Delete if styled => paint(&segment.text, RED, true),
                Op::Insert if styled => paint(&segment.text, GREEN, true),
                Op::Delete => format!("[-{}-]", segment.text),
                Op::Insert => format!("{{+{}+}}", segment.text),
            })
            .collect(),
        Shown::List(removed, added) => list_items(
            &removed,
            &added,
            |item| paint(&format!("-{item}"), RED, styled),
            |item| paint(&format!("+{item}"), GREEN, styled),
        ),
        Shown::Change(old, new) => format!("{old} → {new}"),
    }
}

/// A value as plain text.
fn plain_value(value: &Value) -> String {
    match value {
        Value::None => "(none)".to_owned(),
        Value::Text(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::List(items) if items.is_empty() => "(none)".to_owned(),
        Value::List(items) => items.join("; "),
    }
}

/// `3 changes in 2 sets, 1 after final`.
fn summary_line(diff: &Diff) -> String {
    let summary = diff.summary();
    let mut line = format!(
        "{} in {}",
        plural(summary.changes, "change", "changes"),
        plural(summary.sets, "set", "sets")
    );
    if summary.changed_after_final > 0 {
        let _ = write!(
            line,
            ", {} to a set that was final",
            plural(summary.changed_after_final, "change", "changes")
        );
    }
    line
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The first line of every Markdown diff, so that a CI job can find and
/// update its own pull-request comment instead of adding a new one.
pub const MARKDOWN_MARKER: &str = "<!-- git-okr-diff -->";

/// The largest Markdown diff, in bytes: under GitHub's 65,536-character
/// limit for a comment, with room for what a CI job adds around it.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// The diff as Markdown for a pull-request comment or a job summary: the
/// marker line, a table of changes per set, then each set's changes by
/// objective. Everything the user wrote is escaped, so a title cannot
/// break the table, inject HTML or mention anyone. When the whole diff
/// would pass `limit` bytes, the sets that do not fit are left out and a
/// last paragraph says how many changes are not shown and runs `rerun`
/// (such as `git okr diff origin/main...HEAD`) to see them.
pub fn markdown(diff: &Diff, old: &SideInfo, new: &SideInfo, limit: usize, rerun: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{MARKDOWN_MARKER}");
    let _ = writeln!(
        out,
        "### OKR changes: {} → {}\n",
        code_span(&old.label),
        code_span(&new.label)
    );
    if diff.is_empty() {
        out.push_str("No OKR changes.\n");
        return out;
    }
    let summary = diff.summary();
    if summary.changed_after_final > 0 {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> **{} to the definition of a set that was final.** The goalposts moved: review each change marked ⚠️ below.\n",
            plural(summary.changed_after_final, "change", "changes")
        );
    }
    let _ = writeln!(out, "{}.\n", summary_line(diff));
    out.push_str("| Set | File | Changes | After final |\n| --- | --- | ---: | ---: |\n");
    const MAX_ROWS: usize = 100;
    for set in diff.sets.iter().take(MAX_ROWS) {
        let after_final = set.changes.iter().filter(|c| c.changed_after_final).count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code_span(&set.reference()).replace('|', "\\|"),
            code_span(set.path()).replace('|', "\\|"),
            set.changes.len(),
            if after_final > 0 {
                format!("⚠️ {after_final}")
            } else {
                "0".to_owned()
            }
        );
    }
    if diff.sets.len() > MAX_ROWS {
        let _ = writeln!(
            out,
            "| … {} | | | |",
            plural(diff.sets.len() - MAX_ROWS, "more set", "more sets")
        );
    }
    out.push('\n');

    // Room kept for the closing note on what was left out.
    const NOTE_ROOM: usize = 600;
    let budget = limit.saturating_sub(NOTE_ROOM);
    let mut shown = 0;
    let mut left_out_sets = 0;
    for set in &diff.sets {
        let section = markdown_set(set);
        if left_out_sets == 0 && out.len() + section.len() <= budget {
            out.push_str(&section);
            shown += set.changes.len();
        } else {
            left_out_sets += 1;
        }
    }
    if left_out_sets > 0 {
        let _ = writeln!(
            out,
            "**{} in {} not shown**: this comment is kept under {} KB. Run `{}` to see every change.",
            plural(summary.changes - shown, "change", "changes"),
            plural(left_out_sets, "set", "sets"),
            limit / 1000,
            rerun.replace('`', "'")
        );
    }
    out
}

/// One set's section: a heading, the file and status, then its changes
/// grouped by objective, each objective or key result with its changes.
pub(crate) fn markdown_set(set: &SetDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#### {}\n", code_span(&set.reference()));
    let file = match (&set.old_path, &set.new_path) {
        (Some(old), Some(new)) if old != new => {
            format!("{} (was {})", code_span(new), code_span(old))
        }
        _ => code_span(set.path()),
    };
    let _ = writeln!(out, "File {file} · status {}\n", status(set));
    let mut objective: Option<Option<&str>> = None;
    for group in by_subject(&set.changes) {
        let Some(first) = group.first() else {
            continue;
        };
        let this = first.subject.objective();
        if objective != Some(this) {
            if objective.is_some() {
                out.push('\n');
            }
            match this {
                None => out.push_str("**The set**\n\n"),
                Some(id) => {
                    let _ = writeln!(out, "**Objective {}**\n", code_span(id));
                }
            }
            objective = Some(this);
        }
        markdown_subject(&mut out, group);
    }
    out.push('\n');
    out
}

/// A subject's changes: a key result's are nested under its title; the
/// set's and an objective's are items under the heading.
fn markdown_subject(out: &mut String, group: &[Change]) {
    let Some(first) = group.first() else {
        return;
    };
    let indent = match &first.subject {
        Subject::KeyResult { id, .. } => {
            let title = first
                .title
                .as_deref()
                .map(|t| format!(" — {}", escape(t)))
                .unwrap_or_default();
            let _ = writeln!(out, "- key result {}{title}", code_span(id));
            "  "
        }
        Subject::Objective { .. } => {
            if let Some(title) = &first.title {
                let _ = writeln!(out, "- {}", escape(title));
                "  "
            } else {
                ""
            }
        }
        Subject::Set => "",
    };
    for change in group {
        markdown_change(out, change, indent);
    }
}

fn markdown_change(out: &mut String, change: &Change, indent: &str) {
    let mark = if change.changed_after_final {
        "⚠️ "
    } else {
        ""
    };
    let _ = write!(out, "{indent}- {mark}**{}**", change.class.as_str());
    let one_sided = matches!(change.class, Class::Added | Class::Removed);
    let fields: Vec<String> = change
        .fields
        .iter()
        .filter(|f| !(one_sided && f.field == "title"))
        .map(|f| format!("{}: {}", f.field, markdown_field(f, one_sided)))
        .collect();
    if !fields.is_empty() {
        let _ = write!(out, " {}", fields.join("; "));
    }
    if change.changed_after_final {
        out.push_str(" *(changed after final)*");
    }
    out.push('\n');
}

fn markdown_field(field: &FieldChange, one_sided: bool) -> String {
    match Shown::of(field, one_sided) {
        Shown::One(value) => escape(&value),
        Shown::Words(words) => words.iter().map(markdown_segment).collect(),
        Shown::List(removed, added) => list_items(
            &removed,
            &added,
            |item| format!("<del>{}</del>", escape(item)),
            |item| format!("<ins>{}</ins>", escape(item)),
        ),
        Shown::Change(old, new) => format!("{} → **{}**", escape(&old), escape(&new)),
    }
}

fn markdown_segment(segment: &Segment) -> String {
    let text = escape(&segment.text);
    match segment.op {
        Op::Equal => text,
        Op::Delete => format!("<del>{text}</del>"),
        Op::Insert => format!("<ins>{text}</ins>"),
    }
}

/// Escapes text a user wrote for Markdown and HTML: HTML's special
/// characters become entities, Markdown's punctuation is escaped with a
/// backslash, line breaks become spaces (a title cannot start a heading or
/// end a table row), and `@` is followed by a zero-width space so that no
/// one is mentioned.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            '@' => out.push_str("@\u{200b}"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id or label as a code span; ids are slugs, but a label may hold
/// anything, so backticks in it are replaced.
fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '`' || c.is_control() { '\'' } else { c })
        .collect();
    format!("`{text}`")
}

/// The diff as JSON: the two sides, a summary and every set's changes.
/// The shape is documented in docs/diff.md and only grows.
pub fn json(diff: &Diff, old: &SideInfo, new: &SideInfo) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        old: &'a SideInfo,
        new: &'a SideInfo,
        summary: okr_diff::Summary,
        sets: &'a [SetDiff],
    }
    let document = Document {
        version: 1,
        old,
        new,
        summary: diff.summary(),
        sets: &diff.sets,
    };
    serde_json::to_string_pretty(&document).unwrap_or_else(|e| {
        // Serializing plain data cannot fail; say so if it ever does.
        format!("{{\"error\": \"cannot serialize the diff: {e}\"}}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markdown_and_html() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("**bold** [x](y)"), "\\*\\*bold\\*\\* \\[x\\]\\(y\\)");
        assert_eq!(escape("line\n# heading"), "line \\# heading");
        assert_eq!(escape("@alice"), "@\u{200b}alice");
    }
}
