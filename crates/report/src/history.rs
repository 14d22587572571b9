//! A set's history: its iterations from 1.0 to final with what changed in
//! each and why, the check-in phase, and the grade, as terminal text, as
//! the Markdown document a department presents to its teams, and as JSON.

use std::fmt::Write as _;

use okr_diff::SetDiff;
use okr_model::timeline::KrRun;
use serde::Serialize;

use crate::checkin::number;
use crate::diff::{escape, human_set, markdown_set};
use crate::style::{BOLD, YELLOW, paint};

/// A set's history, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// `2026-Q4:platform`.
    pub set: String,
    /// The file now.
    pub path: String,
    /// The status now.
    pub status: String,
    /// The version now.
    pub version: String,
    /// Each iteration, oldest first.
    pub iterations: Vec<Iteration>,
    /// The check-in phase.
    pub check_ins: CheckIns,
    /// The grade, once the set is closed.
    pub grade: Option<Grade>,
    /// What the reader should know about how complete this is (tags
    /// missing, a shallow clone).
    pub notes: Vec<String>,
}

/// One step of the set's life: a commit where its version or status
/// changed, or where it began.
#[derive(Debug, Clone, Serialize)]
pub struct Iteration {
    /// The version after it.
    pub version: String,
    /// The status after it.
    pub status: String,
    /// The commit's full id.
    pub commit: String,
    /// The author date, RFC 3339.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The stage it closes (`OKR-Stage`), when recorded.
    pub stage: Option<String>,
    /// The commit's subject.
    pub subject: String,
    /// Why: the message's body.
    pub why: String,
    /// The tag on its commit, when there is one.
    pub tag: Option<String>,
    /// The file then.
    pub path: String,
    /// What changed since the previous iteration; `None` for the first.
    pub changes: Option<SetDiff>,
}

/// The check-ins, summarised.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckIns {
    /// Commits that checked in at least one key result.
    pub commits: usize,
    /// Each key result's first and last value, in the set's order.
    pub key_results: Vec<KrRun>,
    /// The date of the first check-in and of the last.
    pub first: Option<String>,
    /// The date of the last check-in.
    pub last: Option<String>,
}

/// A closed set's grade, as `git okr grade` wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// The set's score.
    pub score: Option<f64>,
    /// Each key result's score, in the set's order.
    pub key_results: Vec<(String, Option<f64>)>,
    /// The review: lessons, failures, what to continue.
    pub lessons: Vec<String>,
    /// What failed.
    pub failures: Vec<String>,
    /// What to continue.
    pub continue_: Vec<String>,
}

fn value(v: Option<f64>, unit: Option<&str>) -> String {
    match (v, unit) {
        (Some(v), Some(u)) => format!("{} {u}", number(v)),
        (Some(v), None) => number(v),
        (None, _) => "none".to_owned(),
    }
}

/// The date part of an RFC 3339 time.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// The history as text for a terminal.
pub fn human(history: &History, styled: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {} {}  {}",
        paint(&history.set, BOLD, styled),
        history.status,
        history.version,
        history.path
    );
    for note in &history.notes {
        let _ = writeln!(out, "note: {note}");
    }
    for (n, iteration) in history.iterations.iter().enumerate() {
        out.push('\n');
        let short = iteration.commit.get(..7).unwrap_or(&iteration.commit);
        let stage = iteration
            .stage
            .as_deref()
            .map(|s| format!("  [{s}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {}{stage}  {} {}  {}",
            paint(&format!("v{}", iteration.version), BOLD, styled),
            iteration.status,
            paint(short, YELLOW, styled),
            day(&iteration.date),
            iteration.author
        );
        if let Some(tag) = &iteration.tag {
            let _ = writeln!(out, "  tag {tag}");
        }
        for line in iteration.why.lines() {
            let _ = writeln!(out, "  {line}");
        }
        match &iteration.changes {
            None if n == 0 => {
                let _ = writeln!(out, "  the set begins: {}", iteration.subject);
            }
            None => {
                let _ = writeln!(out, "  no change to the definition");
            }
            Some(diff) => {
                let mut text = String::new();
                human_set(&mut text, diff, styled);
                for line in text.lines().skip(1) {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    out.push('\n');
    let c = &history.check_ins;
    if c.commits == 0 {
        out.push_str("No check-ins.\n");
    } else {
        let _ = writeln!(
            out,
            "{} check-in commits, {} to {}",
            c.commits,
            c.first.as_deref().map(day).unwrap_or_default(),
            c.last.as_deref().map(day).unwrap_or_default()
        );
        for kr in &c.key_results {
            let _ = writeln!(
                out,
                "  {}  {} → {}  ({} check-ins)",
                kr.reference,
                value(kr.start, kr.unit.as_deref()),
                value(kr.last, kr.unit.as_deref()),
                kr.check_ins
            );
        }
    }
    if let Some(grade) = &history.grade {
        let score = grade.score.map(number).unwrap_or_else(|| "none".to_owned());
        let _ = writeln!(out, "\nGraded {score}");
        for (reference, score) in &grade.key_results {
            let score = score.map(number).unwrap_or_else(|| "none".to_owned());
            let _ = writeln!(out, "  {reference}  {score}");
        }
        for (label, items) in [
            ("lessons", &grade.lessons),
            ("failures", &grade.failures),
            ("continue", &grade.continue_),
        ] {
            for item in items {
                let _ = writeln!(out, "  {label}: {item}");
            }
        }
    }
    out
}

/// The history as Markdown: the document a department presents to its
/// teams, what was decided and how it changed on the way.
pub fn markdown(history: &History) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# How `{}` came to be\n", history.set);
    let _ = writeln!(
        out,
        "`{}`: {} at version {}.\n",
        history.path, history.status, history.version
    );
    for note in &history.notes {
        let _ = writeln!(out, "> {}\n", escape(note));
    }
    out.push_str("| Version | Status | Date | Author | Stage | Tag |\n| --- | --- | --- | --- | --- | --- |\n");
    for i in &history.iterations {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i.version,
            i.status,
            day(&i.date),
            escape(&i.author),
            i.stage.as_deref().map(escape).unwrap_or_default(),
            i.tag
                .as_deref()
                .map(|t| format!("`{t}`"))
                .unwrap_or_default()
        );
    }
    out.push('\n');
    for (n, i) in history.iterations.iter().enumerate() {
        let _ = writeln!(out, "## {} ({}), {}\n", i.version, i.status, day(&i.date));
        let stage = i
            .stage
            .as_deref()
            .map(|s| format!(", {}", escape(s)))
            .unwrap_or_default();
        let _ = writeln!(out, "*{}{stage}*\n", escape(&i.author));
        if !i.why.is_empty() {
            let _ = writeln!(out, "{}\n", escape(&i.why));
        }
        match &i.changes {
            Some(diff) => {
                let section = markdown_set(diff);
                // The set's own heading and file line are the page's.
                let body: Vec<&str> = section.lines().skip(2).collect();
                out.push_str(body.join("\n").trim());
                out.push_str("\n\n");
            }
            None if n == 0 => {
                let _ = write!(out, "The set begins: {}\n\n", escape(&i.subject));
            }
            None => out.push_str("No change to the definition.\n\n"),
        }
    }
    out.push_str("## Check-ins\n\n");
    let c = &history.check_ins;
    if c.commits == 0 {
        out.push_str("No check-ins.\n");
    } else {
        let _ = writeln!(
            out,
            "{} check-in commits from {} to {}.\n",
            c.commits,
            c.first.as_deref().map(day).unwrap_or_default(),
            c.last.as_deref().map(day).unwrap_or_default()
        );
        out.push_str("| Key result | Start | Last | Check-ins |\n| --- | ---: | ---: | ---: |\n");
        for kr in &c.key_results {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                kr.reference,
                value(kr.start, kr.unit.as_deref()),
                value(kr.last, kr.unit.as_deref()),
                kr.check_ins
            );
        }
    }
    if let Some(grade) = &history.grade {
        let score = grade.score.map(number).unwrap_or_else(|| "none".to_owned());
        let _ = writeln!(out, "\n## Grade: {score}\n");
        out.push_str("| Key result | Score |\n| --- | ---: |\n");
        for (reference, score) in &grade.key_results {
            let score = score.map(number).unwrap_or_else(|| "none".to_owned());
            let _ = writeln!(out, "| `{reference}` | {score} |");
        }
        for (label, items) in [
            ("Lessons", &grade.lessons),
            ("Failures", &grade.failures),
            ("Continue", &grade.continue_),
        ] {
            if !items.is_empty() {
                let _ = writeln!(out, "\n**{label}**\n");
                for item in items {
                    let _ = writeln!(out, "- {}", escape(item));
                }
            }
        }
    }
    out
}

/// The history as JSON.
pub fn json(history: &History) -> String {
    serde_json::to_string_pretty(history).unwrap_or_else(|e| {
        // Serializing plain data cannot fail; say so if it ever does.
        format!("{{\"error\": \"cannot serialize the history: {e}\"}}")
    })
}
