//! The document a team presents at the seeds' "present to the teams" step:
//! why the team exists, its value and how that is measured, its customers'
//! needs, its objectives and key results, and what changed since last
//! period (carried over, new, not continued, and last period's grade and
//! lessons). As markdown here; as one HTML page in [`crate::html`].

use std::fmt::Write as _;

use okr_model::{KeyResult, OkrSet};

use crate::checkin::number;
use crate::diff::escape;

/// What a presentation shows.
#[derive(Debug, Clone, Copy)]
pub struct Presentation<'a> {
    /// The set presented.
    pub set: &'a OkrSet,
    /// The same team's set of the period before, when there is one.
    pub previous: Option<&'a OkrSet>,
}

/// What changed since last period, as the document lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Since {
    /// The period compared with.
    pub period: String,
    /// `closed, graded 0.6`: its status, and its score when graded.
    pub state: String,
    /// One line each: carried over, new, not continued, learned, continued.
    pub items: Vec<Item>,
}

/// A line of [`Since`]: `Carried over: TITLE (DETAIL)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `Carried over`, `New`, `Not continued`, `Learned`, `We continue`.
    pub label: &'static str,
    /// What the user wrote: a title, a lesson.
    pub text: String,
    /// How a carried-over key result ended.
    pub detail: Option<String>,
}

/// What the document says when the team has no earlier set.
pub const FIRST_SET: &str =
    "This is the team's first set: there is no earlier period to compare with.";

impl Presentation<'_> {
    /// `period:team`.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.set.period.label, self.set.team)
    }

    /// What changed since last period, when there was one.
    pub fn since(&self) -> Option<Since> {
        let previous = self.previous?;
        let last: Vec<&KeyResult> = previous.key_results().map(|(_, k)| k).collect();
        let now: Vec<&KeyResult> = self.set.key_results().map(|(_, k)| k).collect();
        let item = |label, text: &str, detail| Item {
            label,
            text: text.to_owned(),
            detail,
        };
        let mut items = Vec::new();
        for kr in &now {
            match last.iter().find(|k| k.id == kr.id) {
                Some(old) => items.push(item("Carried over", &kr.title, Some(carried_line(old)))),
                None => items.push(item("New", &kr.title, None)),
            }
        }
        for kr in last.iter().filter(|k| !now.iter().any(|n| n.id == k.id)) {
            items.push(item("Not continued", &kr.title, None));
        }
        if let Some(review) = &previous.review {
            items.extend(review.lessons.iter().map(|l| item("Learned", l, None)));
            items.extend(
                review
                    .continue_
                    .iter()
                    .map(|c| item("We continue", c, None)),
            );
        }
        let graded = previous
            .review
            .as_ref()
            .and_then(|r| r.score)
            .map(|s| format!(", graded {}", number(s)))
            .unwrap_or_default();
        Some(Since {
            period: previous.period.label.clone(),
            state: format!("{}{graded}", previous.status),
            items,
        })
    }
}

/// The same team's set of the period before `set`'s, among `sets`: of
/// those that end before it starts, one of about the same length (a
/// quarter's for a quarter's), the latest.
pub fn previous<'s>(sets: &[&'s OkrSet], set: &OkrSet) -> Option<&'s OkrSet> {
    let days = |s: &OkrSet| (s.period.end - s.period.start).num_days();
    let length = days(set);
    sets.iter()
        .copied()
        .filter(|s| s.team == set.team && s.period.end < set.period.start)
        .filter(|s| (days(s) - length).abs() * 5 <= length.max(1))
        .max_by_key(|s| s.period.end)
}

/// `ended at 9 minutes (score 0.8)`: how a carried-over key result ended.
fn carried_line(old: &KeyResult) -> String {
    let unit = old
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let value = match old.current {
        Some(v) => format!("ended at {}{unit}", number(v)),
        None => "ended without a value".to_owned(),
    };
    match old.score {
        Some(score) => format!("{value} (score {})", number(score)),
        None => value,
    }
}

/// `from 25 to 5 minutes`, `a milestone`.
pub(crate) fn measure(kr: &KeyResult) -> String {
    let unit = kr
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    match (kr.baseline, kr.target) {
        (Some(b), Some(t)) => format!("from {} to {}{unit}", number(b), number(t)),
        (None, Some(t)) => format!("to {}{unit}", number(t)),
        _ if kr.kind == okr_model::KrKind::Milestone => "a milestone".to_owned(),
        _ => "no target yet".to_owned(),
    }
}

/// The presentation as a markdown document.
pub fn markdown(p: &Presentation<'_>) -> String {
    let set = p.set;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} · {}\n",
        escape(&set.team),
        escape(&set.period.label)
    );
    let mut meta = vec![format!("{} · version {}", set.status, set.version)];
    if let Some(parent) = &set.parent {
        meta.push(format!("under {}", escape(parent)));
    }
    let _ = writeln!(out, "{}\n", meta.join(" · "));

    out.push_str("## Why we exist\n\n");
    match &set.positioning {
        Some(pos) => {
            if let Some(why) = &pos.why {
                let _ = writeln!(out, "{}\n", escape(why));
            }
            if let Some(value) = &pos.value {
                let _ = writeln!(out, "**Our value:** {}\n", escape(value));
            }
            if !pos.measured_by.is_empty() {
                out.push_str("**Measured by:**\n\n");
                for m in &pos.measured_by {
                    let _ = writeln!(out, "- {}", escape(m));
                }
                out.push('\n');
            }
        }
        None => out.push_str("The set has no `[positioning]` yet.\n\n"),
    }

    out.push_str("## Our customers' needs\n\n");
    if set.needs.is_empty() {
        out.push_str("The set names no `[[needs]]` yet.\n\n");
    } else {
        out.push_str("| Level | Who | Need |\n|---|---|---|\n");
        for need in &set.needs {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                need.level.as_str(),
                escape(&need.who),
                escape(&need.need)
            );
        }
        out.push('\n');
    }

    out.push_str("## Objectives and key results\n\n");
    if set.objectives.is_empty() {
        out.push_str("No objectives yet.\n\n");
    }
    for (n, objective) in set.objectives.iter().enumerate() {
        let _ = writeln!(out, "### {}. {}\n", n + 1, escape(&objective.title));
        if !objective.aligns.is_empty() {
            let aligns: Vec<String> = objective.aligns.iter().map(|a| escape(a)).collect();
            let _ = writeln!(out, "Serves {}.\n", aligns.join(", "));
        }
        if objective.key_results.is_empty() {
            out.push_str("No key results yet.\n\n");
            continue;
        }
        out.push_str("| Key result | Measure | Owner | Ambition |\n|---|---|---|---|\n");
        for kr in &objective.key_results {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&kr.title),
                escape(&measure(kr)),
                escape(kr.owner.as_deref().unwrap_or(&set.team)),
                kr.ambition.map_or("committed", |a| a.as_str())
            );
        }
        out.push('\n');
    }

    out.push_str("## Since last period\n\n");
    match p.since() {
        Some(since) => {
            let _ = writeln!(
                out,
                "Compared with {} ({}).\n",
                escape(&since.period),
                since.state
            );
            for item in &since.items {
                let _ = write!(out, "- {}: {}", item.label, escape(&item.text));
                if let Some(detail) = &item.detail {
                    let _ = write!(out, " ({})", escape(detail));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        None => {
            let _ = writeln!(out, "{FIRST_SET}\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> OkrSet {
        okr_model::parse("okrs/x.toml", text)
            .set
            .unwrap_or_else(|| panic!("parses: {text}"))
    }

    const LAST: &str = r#"format = 1
team = "platform"
period = "2026-Q1"
status = "closed"
version = "1.1"

[[objectives]]
id = "road"
title = "A paved road"

[[objectives.key_results]]
id = "rollback"
title = "Roll back in 5 minutes, from 25"
unit = "minutes"
baseline = 25
target = 5
current = 9
score = 0.8

[[objectives.key_results]]
id = "docs"
title = "Docs people read"
kind = "milestone"

[review]
score = 0.6
lessons = ["Drills beat dashboards."]
"#;

    const NOW: &str = r#"format = 1
team = "platform"
period = "2026-Q2"
status = "final"
version = "1.0"

[positioning]
why = "So that teams <ship>"
value = "A paved road"
measured_by = ["rollback time"]

[[needs]]
level = "department"
who = "product teams"
need = "Undo a deploy | fast"

[[objectives]]
id = "road"
title = "A paved road"
aligns = ["engineering/calm"]

[[objectives.key_results]]
id = "rollback"
title = "Roll back in 5 minutes, from 9"
unit = "minutes"
baseline = 9
target = 5

[[objectives.key_results]]
id = "builds"
title = "Cut build time from 10 to 4 minutes"
unit = "minutes"
baseline = 10
target = 4
"#;

    #[test]
    fn the_document_says_why_needs_okrs_and_what_changed() {
        let (last, now) = (set(LAST), set(NOW));
        let text = markdown(&Presentation {
            set: &now,
            previous: Some(&last),
        });
        for part in [
            "# platform · 2026-Q2",
            "So that teams &lt;ship&gt;",
            "**Our value:** A paved road",
            "- rollback time",
            "| department | product teams | Undo a deploy \\| fast |",
            "### 1. A paved road",
            "Serves engineering/calm.",
            "| Roll back in 5 minutes, from 9 | from 9 to 5 minutes | platform | committed |",
            "Compared with 2026-Q1 (closed, graded 0.6).",
            "- Carried over: Roll back in 5 minutes, from 9 (ended at 9 minutes \\(score 0.8\\))",
            "- New: Cut build time from 10 to 4 minutes",
            "- Not continued: Docs people read",
            "- Learned: Drills beat dashboards.",
        ] {
            assert!(text.contains(part), "{part:?} is not in:\n{text}");
        }
        let first = markdown(&Presentation {
            set: &now,
            previous: None,
        });
        assert!(first.contains("there is no earlier period"), "{first}");
    }
}
