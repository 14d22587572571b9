//! The alignment tree, for people and tools: each period's sets as trees
//! drawn with box-drawing lines (company → department → team), each set
//! with its objectives, what each aligns to and what supports it, with
//! progress; or the [`Alignment`] as JSON.
//!
//! Problems are always written as words beside the set they concern
//! (`parent in a cycle`), so colour is never the only carrier of them.

use okr_model::alignment::{Alignment, Forest, ObjectiveNode, Placement, SetNode};
use okr_model::{Severity, Tally};

use crate::checkin::{number, percent};
use crate::style::{BOLD, CYAN, DIM, RED, YELLOW, paint};

/// A share as a percentage, or `—` without one.
fn share(progress: Option<f64>) -> String {
    progress.map_or_else(|| "—".to_owned(), percent)
}

/// `reference` without the `period:` prefix when it is `period`'s own.
fn short<'r>(reference: &'r str, period: &str) -> &'r str {
    reference
        .strip_prefix(period)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(reference)
}

/// The alignment for a terminal.
pub fn human(alignment: &Alignment, styled: bool) -> String {
    let mut out = String::new();
    for (i, forest) in alignment.periods.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        forest_human(&mut out, forest, styled);
    }
    if alignment.periods.is_empty() {
        out += "no OKR sets\n";
    }
    out
}

/// One period's forest.
fn forest_human(out: &mut String, forest: &Forest, styled: bool) {
    *out += &format!(
        "{}  {} to {}\n",
        paint(&forest.period, BOLD, styled),
        forest.start,
        forest.end
    );
    let last = last_siblings(&forest.sets);
    // For each depth down to the current set's, whether the set there was
    // the last of its siblings.
    let mut lasts: Vec<bool> = Vec::new();
    for (k, set) in forest.sets.iter().enumerate() {
        let is_last = last.get(k).copied().unwrap_or(true);
        lasts.truncate(set.depth);
        let mut prefix: String = lasts
            .iter()
            .skip(1)
            .map(|&l| if l { "    " } else { "│   " })
            .collect();
        if set.depth == 0 {
            out.push('\n');
        } else {
            prefix += if is_last { "└── " } else { "├── " };
        }
        lasts.push(is_last);
        let body: String = lasts
            .iter()
            .skip(1)
            .map(|&l| if l { "    " } else { "│   " })
            .chain(std::iter::once(if set.children.is_empty() {
                "    "
            } else {
                "│   "
            }))
            .collect();
        set_human(out, &prefix, &body, set, &forest.period, styled);
    }
}

/// Whether each set (depth first, with depths) is the last of its parent's
/// children, or the last root.
fn last_siblings(sets: &[SetNode]) -> Vec<bool> {
    let mut last = vec![true; sets.len()];
    // Walking backwards: whether a later sibling was seen at each depth.
    let mut later: Vec<bool> = Vec::new();
    for (k, set) in sets.iter().enumerate().rev() {
        later.resize(later.len().max(set.depth + 1), false);
        if let Some(flag) = later.get(set.depth)
            && let Some(l) = last.get_mut(k)
        {
            *l = !flag;
        }
        later.truncate(set.depth);
        later.push(true);
    }
    last
}

/// Why a set is a root though it names a parent.
fn placement_note(set: &SetNode, period: &str, styled: bool) -> Option<String> {
    let parent = set.parent.as_deref().unwrap_or_default();
    let named = set
        .parent_ref
        .as_deref()
        .map_or(parent, |r| short(r, period));
    match set.placement {
        Placement::Root | Placement::Child => None,
        Placement::ParentInOtherPeriod => Some(paint(&format!("(under {named})"), DIM, styled)),
        Placement::ParentUnresolved => Some(paint(
            &format!("(parent `{parent}` unresolved)"),
            RED,
            styled,
        )),
        Placement::ParentCycle => Some(paint(
            &format!("(parent `{named}` goes round in a cycle)"),
            RED,
            styled,
        )),
    }
}

/// A set's line, then its objectives' lines under `body`.
fn set_human(
    out: &mut String,
    prefix: &str,
    body: &str,
    set: &SetNode,
    period: &str,
    styled: bool,
) {
    let mut line = format!(
        "{prefix}{}  {} v{}  {}  {}",
        paint(&set.team, BOLD, styled),
        set.status,
        set.version,
        share(set.progress),
        paint(&set.path, DIM, styled)
    );
    if let Some(note) = placement_note(set, period, styled) {
        line += "  ";
        line += &note;
    }
    push_line(out, &line);

    let width = set
        .objectives
        .iter()
        .map(|o| o.id.chars().count())
        .max()
        .unwrap_or(0);
    let supported = set.objectives.iter().any(|o| !o.supported_by.is_empty());
    let links: Vec<Vec<Link>> = set.objectives.iter().map(|o| links(o, period)).collect();
    let name_width = links
        .iter()
        .flatten()
        .map(|link| link.name.chars().count())
        .max()
        .unwrap_or(0);
    for (objective, links) in set.objectives.iter().zip(links) {
        let id = paint(&format!("{:<width$}", objective.id), BOLD, styled);
        let support = if objective.supported_by.is_empty() {
            " ".repeat(if supported { 14 } else { 0 })
        } else {
            paint(
                &format!("support {:>4}  ", share(objective.support)),
                CYAN,
                styled,
            )
        };
        push_line(
            out,
            &format!(
                "{body}{id}  {:>4}  {support}{}",
                share(objective.progress),
                objective.title
            ),
        );
        for kr in &objective.derived {
            let value = match kr.current {
                Some(current) => {
                    let unit = kr
                        .unit
                        .as_deref()
                        .map(|u| format!(" {u}"))
                        .unwrap_or_default();
                    format!("{}{unit} ({})", number(current), share(kr.progress))
                }
                None => "no value".to_owned(),
            };
            push_line(
                out,
                &format!(
                    "{body}  {} {}  {value}  {}",
                    paint(&format!("{:<12}", "measured"), DIM, styled),
                    kr.id,
                    paint(&format!("= {}", kr.from), DIM, styled),
                ),
            );
        }
        for link in links {
            let value = match link.progress {
                Some(progress) => format!("{:>4}", share(progress)),
                None => paint("unresolved", RED, styled),
            };
            push_line(
                out,
                &format!(
                    "{body}  {} {:<name_width$}  {value}",
                    paint(&format!("{:<12}", link.label), DIM, styled),
                    link.name,
                ),
            );
        }
    }
}

/// One line under an objective: what it aligns to, or what supports it.
struct Link {
    /// `aligns to` or `supported by`.
    label: &'static str,
    /// The other objective, without the period when it is this one's.
    name: String,
    /// Its progress; `None` when the reference did not resolve.
    progress: Option<Option<f64>>,
}

/// An objective's `aligns` entries, then its supporters.
fn links(objective: &ObjectiveNode, period: &str) -> Vec<Link> {
    let aligns = objective.aligns.iter().map(|a| match &a.target {
        Some(target) => Link {
            label: "aligns to",
            name: short(target, period).to_owned(),
            progress: Some(a.progress),
        },
        None => Link {
            label: "aligns to",
            name: a.written.clone(),
            progress: None,
        },
    });
    let supporters = objective.supported_by.iter().map(|s| Link {
        label: "supported by",
        name: short(&s.reference, period).to_owned(),
        progress: Some(s.progress),
    });
    aligns.chain(supporters).collect()
}

/// Appends `line` with its trailing spaces dropped.
fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end_matches(' '));
    out.push('\n');
}

/// The closing line after the diagnostics: `2 errors in the alignment of
/// 5 sets`; empty when there are none.
pub fn summary(alignment: &Alignment, styled: bool) -> String {
    let tally = Tally::of(&alignment.diagnostics);
    let sets: usize = alignment.periods.iter().map(|f| f.sets.len()).sum();
    let mut parts = Vec::new();
    for (n, word) in [
        (tally.errors, "error"),
        (tally.warnings, "warning"),
        (tally.hints, "hint"),
    ] {
        if n > 0 {
            parts.push(plural(n, word));
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    let colour = if tally.errors > 0 { RED } else { YELLOW };
    let text = format!(
        "{} in the alignment of {}",
        parts.join(", "),
        plural(sets, "set")
    );
    paint(&text, colour, styled)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Whether the alignment has a problem that fails the command.
pub fn has_errors(alignment: &Alignment) -> bool {
    alignment
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
}

/// The alignment as JSON.
pub fn json(alignment: &Alignment) -> String {
    serde_json::to_string_pretty(alignment).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use okr_model::alignment::align;
    use okr_model::parse;

    fn file(path: &str, text: &str) -> okr_model::ParsedFile {
        parse(path, text)
    }

    #[test]
    fn a_tree_with_links() {
        let files = [
            file(
                "okrs/q/company.toml",
                "format = 1\nteam = \"company\"\nperiod = \"2026-Q4\"\n[[objectives]]\nid = \"grow\"\ntitle = \"Grow\"\n[[objectives.key_results]]\nid = \"k\"\ntitle = \"From 0 to 10\"\nbaseline = 0\ntarget = 10\ncurrent = 5\n",
            ),
            file(
                "okrs/q/a.toml",
                "format = 1\nteam = \"a\"\nperiod = \"2026-Q4\"\nparent = \"company\"\n[[objectives]]\nid = \"x\"\ntitle = \"X\"\naligns = [\"grow\", \"nope\"]\n",
            ),
            file(
                "okrs/q/b.toml",
                "format = 1\nteam = \"b\"\nperiod = \"2026-Q4\"\nparent = \"company\"\n[[objectives]]\nid = \"y\"\ntitle = \"Y\"\n",
            ),
            file(
                "okrs/q/c.toml",
                "format = 1\nteam = \"c\"\nperiod = \"2026-Q4\"\nparent = \"a\"\n[[objectives]]\nid = \"z\"\ntitle = \"Z\"\n",
            ),
        ];
        let alignment = align(&files);
        let text = human(&alignment, false);
        assert_eq!(
            text,
            "\
2026-Q4  2026-10-01 to 2026-12-31

company  draft v1.0  50%  okrs/q/company.toml
│   grow   50%  support    —  Grow
│     supported by a/x     —
├── a  draft v1.0  —  okrs/q/a.toml
│   │   x     —  X
│   │     aligns to    company/grow   50%
│   │     aligns to    nope          unresolved
│   └── c  draft v1.0  —  okrs/q/c.toml
│           z     —  Z
└── b  draft v1.0  —  okrs/q/b.toml
        y     —  Y
"
        );
        assert_eq!(
            summary(&alignment, false),
            "1 error in the alignment of 4 sets"
        );
        assert!(has_errors(&alignment));
        assert!(json(&alignment).contains("\"placement\": \"child\""));
    }

    #[test]
    fn nothing_to_show() {
        let alignment = align(&[]);
        assert_eq!(human(&alignment, false), "no OKR sets\n");
        assert_eq!(summary(&alignment, false), "");
    }
}
