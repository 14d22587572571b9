//! A set's history page: each iteration from 1.0 to final with its
//! version, status, date, author, stage, subject, why and tag, and what
//! changed in it; then the check-ins and the grade. It tells what
//! [`crate::history::markdown`] tells, as HTML.

use std::fmt::Write as _;

use okr_diff::{Change, Class, FieldChange, Op, SetDiff, Subject, Value};

use crate::checkin::number;
use crate::overview::SetOverview;
use crate::status::SetStatus;

use super::markup::{day, escape, plural, slug, value};
use super::set::ROOT;
use super::{Section, SetFiles, Site, document};

/// The history page of `set`.
pub(crate) fn render(
    site: &Site<'_>,
    set: &SetStatus,
    data: Option<&SetOverview>,
    files: &SetFiles,
) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol><li><a href=\"{ROOT}index.html\">Overview</a></li><li>{}</li><li><a href=\"{ROOT}{}\">{}</a></li><li aria-current=\"page\">History</li></ol></nav>",
        escape(&set.period),
        escape(&files.page),
        escape(&set.team)
    );
    let _ = writeln!(
        body,
        "<h1>How {} came to be <span class=\"period\">{}</span></h1>",
        escape(&set.team),
        escape(&set.period)
    );
    let Some(history) = data.map(|d| &d.history) else {
        let _ = writeln!(
            body,
            "<p class=\"meta\"><code>{}</code>: {} at version {}.</p>\n<p class=\"empty\">No history was gathered for this set.</p>",
            escape(&set.path),
            escape(&set.status),
            escape(&set.version)
        );
        let title = format!("History of {} · {}", set.team, set.period);
        return document(site, &title, ROOT, Section::Set, &body);
    };
    let _ = writeln!(
        body,
        "<p class=\"meta\"><code>{}</code>: <span class=\"badge status\">{}</span> at version {} · <a href=\"{ROOT}{}\">Key results and charts</a></p>",
        escape(&history.path),
        escape(&history.status),
        escape(&history.version),
        escape(&files.page)
    );
    for note in &history.notes {
        let _ = writeln!(
            body,
            "<p class=\"notice\"><strong>Note:</strong> {}</p>",
            escape(note)
        );
    }

    let anchors: Vec<String> = history
        .iterations
        .iter()
        .enumerate()
        .map(|(n, i)| format!("v{}-{}", n + 1, slug(&i.version)))
        .collect();
    body.push_str(
        "<section aria-labelledby=\"iterations\">\n<h2 id=\"iterations\">Iterations</h2>\n",
    );
    if history.iterations.is_empty() {
        body.push_str("<p class=\"empty\">No iteration was found in the history.</p>\n");
    } else {
        body.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Date</th><th scope=\"col\">Author</th><th scope=\"col\">Stage</th><th scope=\"col\">Tag</th></tr></thead>\n<tbody>\n");
        for (i, anchor) in history.iterations.iter().zip(&anchors) {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"#{anchor}\">{}</a></td><td>{}</td><td><time datetime=\"{}\">{}</time></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&i.version),
                escape(&i.status),
                escape(&i.date),
                escape(day(&i.date)),
                escape(&i.author),
                i.stage.as_deref().map(escape).unwrap_or_default(),
                i.tag
                    .as_deref()
                    .map(|t| format!("<code>{}</code>", escape(t)))
                    .unwrap_or_default()
            );
        }
        body.push_str("</tbody>\n</table></div>\n");
    }
    body.push_str("</section>\n");

    for (n, (i, anchor)) in history.iterations.iter().zip(&anchors).enumerate() {
        let _ = writeln!(
            body,
            "<section class=\"iteration\" id=\"{anchor}\" aria-labelledby=\"{anchor}-h\">\n<h2 id=\"{anchor}-h\">Version {} <span class=\"muted\">({}), {}</span></h2>",
            escape(&i.version),
            escape(&i.status),
            escape(day(&i.date))
        );
        let _ = writeln!(body, "<p class=\"subject\">{}</p>", escape(&i.subject));
        body.push_str("<dl class=\"facts inline\">\n");
        let short = i.commit.get(..7).unwrap_or(&i.commit);
        let _ = writeln!(
            body,
            "<div><dt>Author</dt><dd>{}</dd></div>\n<div><dt>Date</dt><dd><time datetime=\"{}\">{}</time></dd></div>",
            escape(&i.author),
            escape(&i.date),
            escape(day(&i.date))
        );
        if let Some(stage) = &i.stage {
            let _ = writeln!(body, "<div><dt>Stage</dt><dd>{}</dd></div>", escape(stage));
        }
        if let Some(tag) = &i.tag {
            let _ = writeln!(
                body,
                "<div><dt>Tag</dt><dd><code>{}</code></dd></div>",
                escape(tag)
            );
        }
        let _ = writeln!(
            body,
            "<div><dt>Commit</dt><dd><code title=\"{}\">{}</code></dd></div>",
            escape(&i.commit),
            escape(short)
        );
        body.push_str("</dl>\n");
        let why = i.why.trim();
        if !why.is_empty() {
            body.push_str("<div class=\"why\">\n");
            for paragraph in why.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                let _ = writeln!(body, "<p>{}</p>", escape(paragraph));
            }
            body.push_str("</div>\n");
        }
        match &i.changes {
            Some(diff) => {
                let _ = writeln!(
                    body,
                    "<h3>What changed <span class=\"muted\">({})</span></h3>",
                    plural(diff.changes.len(), "change", "changes")
                );
                changes(&mut body, diff);
            }
            None if n == 0 => body.push_str("<p class=\"muted\">The first version.</p>\n"),
            None => body.push_str("<p class=\"muted\">No change to the definition.</p>\n"),
        }
        body.push_str("</section>\n");
    }

    body.push_str("<section aria-labelledby=\"check-ins\">\n<h2 id=\"check-ins\">Check-ins</h2>\n");
    let c = &history.check_ins;
    if c.commits == 0 {
        body.push_str("<p class=\"empty\">No check-ins.</p>\n");
    } else {
        let _ = writeln!(
            body,
            "<p>{} from {} to {}.</p>",
            plural(c.commits, "check-in commit", "check-in commits"),
            escape(c.first.as_deref().map(day).unwrap_or_default()),
            escape(c.last.as_deref().map(day).unwrap_or_default())
        );
        body.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Key result</th><th scope=\"col\" class=\"num\">Start</th><th scope=\"col\" class=\"num\">Last</th><th scope=\"col\" class=\"num\">Check-ins</th></tr></thead>\n<tbody>\n");
        for kr in &c.key_results {
            let _ = writeln!(
                body,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&kr.reference),
                escape(&value(kr.start, kr.unit.as_deref())),
                escape(&value(kr.last, kr.unit.as_deref())),
                kr.check_ins
            );
        }
        body.push_str("</tbody>\n</table></div>\n");
    }
    body.push_str("</section>\n");

    if let Some(grade) = &history.grade {
        let score = grade.score.map_or_else(|| "none".to_owned(), number);
        let _ = writeln!(
            body,
            "<section aria-labelledby=\"grade\">\n<h2 id=\"grade\">Grade: {score}</h2>"
        );
        body.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Key result</th><th scope=\"col\" class=\"num\">Score</th></tr></thead>\n<tbody>\n");
        for (reference, score) in &grade.key_results {
            let _ = writeln!(
                body,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>",
                escape(reference),
                score.map_or_else(|| "none".to_owned(), number)
            );
        }
        body.push_str("</tbody>\n</table></div>\n");
        for (label, items) in [
            ("Lessons", &grade.lessons),
            ("Failures", &grade.failures),
            ("Continue", &grade.continue_),
        ] {
            if !items.is_empty() {
                let _ = writeln!(body, "<h3>{label}</h3>\n<ul>");
                for item in items {
                    let _ = writeln!(body, "<li>{}</li>", escape(item));
                }
                body.push_str("</ul>\n");
            }
        }
        body.push_str("</section>\n");
    }

    let title = format!("History of {} · {}", set.team, set.period);
    document(site, &title, ROOT, Section::Set, &body)
}

/// One iteration's changes, grouped by objective: each objective or key
/// result that changed, and under it each change with its fields.
fn changes(out: &mut String, diff: &SetDiff) {
    if diff.changes.is_empty() {
        out.push_str("<p class=\"muted\">No change to the definition.</p>\n");
        return;
    }
    let mut objective: Option<Option<&str>> = None;
    for group in diff.changes.chunk_by(|a, b| a.subject == b.subject) {
        let Some(first) = group.first() else {
            continue;
        };
        let this = first.subject.objective();
        if objective != Some(this) {
            if objective.is_some() {
                out.push_str("</ul>\n");
            }
            match this {
                None => out.push_str("<h4>The set</h4>\n"),
                Some(id) => {
                    let _ = writeln!(out, "<h4>Objective <code>{}</code></h4>", escape(id));
                }
            }
            out.push_str("<ul class=\"changes\">\n");
            objective = Some(this);
        }
        let nested = match &first.subject {
            Subject::KeyResult { id, .. } => {
                let title = first
                    .title
                    .as_deref()
                    .map(|t| format!(" — {}", escape(t)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<li>key result <code>{}</code>{title}\n<ul>",
                    escape(id)
                );
                true
            }
            Subject::Objective { .. } => match &first.title {
                Some(title) => {
                    let _ = writeln!(out, "<li>{}\n<ul>", escape(title));
                    true
                }
                None => false,
            },
            Subject::Set => false,
        };
        for change in group {
            change_item(out, change);
        }
        if nested {
            out.push_str("</ul>\n</li>\n");
        }
    }
    if objective.is_some() {
        out.push_str("</ul>\n");
    }
}

/// One change: its class, then its fields.
fn change_item(out: &mut String, change: &Change) {
    let after_final = if change.changed_after_final {
        "<span class=\"badge after-final\"><span class=\"shape\" aria-hidden=\"true\">⚠</span> changed after final</span> "
    } else {
        ""
    };
    let one_sided = matches!(change.class, Class::Added | Class::Removed);
    let fields: Vec<String> = change
        .fields
        .iter()
        .filter(|f| !(one_sided && f.field == "title"))
        .map(|f| {
            format!(
                "<span class=\"field\">{}</span>: {}",
                escape(&f.field),
                field(f, one_sided)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<li class=\"change {}\">{after_final}<strong class=\"class\">{}</strong> {}</li>",
        change.class.as_str(),
        change.class.as_str(),
        fields.join("; ")
    );
}

/// A field's change as HTML: words deleted and inserted, list items
/// removed and added, or the old value and the new.
fn field(field: &FieldChange, one_sided: bool) -> String {
    if one_sided {
        let shown = if field.new == Value::None {
            &field.old
        } else {
            &field.new
        };
        return escape(&plain(shown));
    }
    if !field.words.is_empty() {
        return field
            .words
            .iter()
            .map(|segment| {
                let text = escape(&segment.text);
                match segment.op {
                    Op::Equal => text,
                    Op::Delete => format!("<del>{text}</del>"),
                    Op::Insert => format!("<ins>{text}</ins>"),
                }
            })
            .collect();
    }
    if let (Value::List(_), Value::List(_)) = (&field.old, &field.new) {
        let (removed, added) = field.list_delta();
        let parts: Vec<String> = removed
            .iter()
            .map(|item| format!("<del>{}</del>", escape(item)))
            .chain(
                added
                    .iter()
                    .map(|item| format!("<ins>{}</ins>", escape(item))),
            )
            .collect();
        return if parts.is_empty() {
            "reordered".to_owned()
        } else {
            parts.join(", ")
        };
    }
    format!(
        "<del>{}</del> → <ins>{}</ins>",
        escape(&plain(&field.old)),
        escape(&plain(&field.new))
    )
}

/// A value as plain text.
fn plain(value: &Value) -> String {
    match value {
        Value::None => "(none)".to_owned(),
        Value::Text(text) => text.clone(),
        Value::Number(n) => number(*n),
        Value::List(items) if items.is_empty() => "(none)".to_owned(),
        Value::List(items) => items.join("; "),
    }
}
