//! New sets: the text of a scaffold, and what carries over from last period.
//!
//! A scaffold is a draft at version 1.0 that parses without errors: the
//! top-level keys, then a commented template of what a team writes (its
//! positioning, its customers' needs, objectives and key results), each
//! part with the principle behind it.
//!
//! Carried over from last period's set ([`carry_over`]): the `continue`
//! items and the `failures` of its `[review]`, as comments, and the key
//! results that did not meet their expectation (by `score` when graded, else
//! by progress; one without either counts as not met), under their
//! objectives, each with its last `current` as the new `baseline` and no
//! `current`, `confidence` or `score`. A milestone carries no baseline or
//! target (it goes from 0 to 1 again). `aligns` is carried as a comment: the
//! parent's objectives of the new period are not those of the last.

use serde::Serialize;

use crate::grade;
use crate::set::{Ambition, KrKind, OkrSet, Theme};

/// What a new set needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaffold<'a> {
    /// The team (a slug).
    pub team: &'a str,
    /// The period's calendar label.
    pub period: &'a str,
    /// The parent set's team, if any.
    pub parent: Option<&'a str>,
    /// The path of the JSON Schema relative to the file, for `#:schema`.
    pub schema: &'a str,
    /// What last period's set hands over.
    pub carry: Option<&'a CarryOver>,
}

/// What last period's set hands over to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarryOver {
    /// `period:team` of the set carried from.
    pub from: String,
    /// Its score, when it was graded.
    pub score: Option<f64>,
    /// The `continue` items of its review.
    #[serde(rename = "continue")]
    pub continue_: Vec<String>,
    /// The `failures` of its review, to avoid.
    pub failures: Vec<String>,
    /// The objectives with key results not met.
    pub objectives: Vec<CarriedObjective>,
}

/// An objective with the key results it carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedObjective {
    /// Its id, kept.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its theme.
    pub theme: Option<Theme>,
    /// What it aligned to last period.
    pub aligns: Vec<String>,
    /// The key results not met.
    pub key_results: Vec<CarriedKr>,
}

/// A key result not met, as it starts the new period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedKr {
    /// Its id, kept.
    pub id: String,
    /// Its title, as it was.
    pub title: String,
    /// Metric or milestone.
    pub kind: KrKind,
    /// How it is measured.
    pub metric: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// Last period's baseline.
    pub old_baseline: Option<f64>,
    /// Last period's last value: the new baseline.
    pub last: Option<f64>,
    /// The target, kept.
    pub target: Option<f64>,
    /// Committed or aspirational, as written.
    pub ambition: Option<Ambition>,
    /// The owner.
    pub owner: Option<String>,
    /// The known weakness of the measure.
    pub caveat: Option<String>,
    /// Last period's score, written or computed.
    pub score: Option<f64>,
    /// The score it was expected to reach.
    pub expectation: f64,
}

impl CarriedKr {
    /// The new baseline: the last value, else the old baseline.
    pub fn baseline(&self) -> Option<f64> {
        self.last.or(self.old_baseline)
    }

    /// How many key results are carried.
    fn count(objectives: &[CarriedObjective]) -> usize {
        objectives.iter().map(|o| o.key_results.len()).sum()
    }
}

impl CarryOver {
    /// How many key results are carried.
    pub fn key_results(&self) -> usize {
        CarriedKr::count(&self.objectives)
    }
}

/// What `set` hands over to the next period (see the module documentation).
pub fn carry_over(set: &OkrSet) -> CarryOver {
    let review = set.review.clone().unwrap_or_default();
    let objectives = set
        .objectives
        .iter()
        .filter_map(|objective| {
            let key_results: Vec<CarriedKr> = objective
                .key_results
                .iter()
                .filter(|kr| grade::met(kr) != Some(true))
                .map(|kr| CarriedKr {
                    id: kr.id.clone(),
                    title: kr.title.clone(),
                    kind: kr.kind,
                    metric: kr.metric.clone(),
                    unit: kr.unit.clone(),
                    old_baseline: kr.baseline,
                    last: kr.current,
                    target: kr.target,
                    ambition: kr.ambition,
                    owner: kr.owner.clone(),
                    caveat: kr.caveat.clone(),
                    score: kr.score.or_else(|| kr.computed_score()),
                    expectation: kr.expectation(),
                })
                .collect();
            (!key_results.is_empty()).then(|| CarriedObjective {
                id: objective.id.clone(),
                title: objective.title.clone(),
                theme: objective.theme,
                aligns: objective.aligns.clone(),
                key_results,
            })
        })
        .collect();
    CarryOver {
        from: format!("{}:{}", set.period.label, set.team),
        score: review.score,
        continue_: review.continue_,
        failures: review.failures,
        objectives,
    }
}

/// The `#:schema` path of a file at `<root>/<period>/<team>.toml` when the
/// schema is `okr.schema.json` in the OKR root itself (what
/// `git okr schema > <root>/okr.schema.json` writes).
pub const ROOT_SCHEMA: &str = "../okr.schema.json";

/// The `#:schema` path of a file at `<root>/<period>/<team>.toml`, where
/// `root` is relative to the repository's top and the schema is at
/// `docs/okr.schema.json` there: `okrs` gives `../../docs/okr.schema.json`.
pub fn schema_path(root: &str) -> String {
    let depth = root
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .count()
        + 1;
    format!("{}docs/okr.schema.json", "../".repeat(depth))
}

/// A TOML string, quoted and escaped.
fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// A number as TOML writes it, without a needless `.0`.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// `text` as comment lines, the first after `# {first}`, the others after
/// `# {rest}`, without the control characters comments may not hold.
fn comment(out: &mut String, first: &str, rest: &str, text: &str) {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect();
    for (i, line) in clean.trim().lines().enumerate() {
        let lead = if i == 0 { first } else { rest };
        out.push_str(format!("# {lead}{}", line.trim_end()).trim_end());
        out.push('\n');
    }
}

/// `text` as comment lines of at most 79 characters, words kept whole.
fn wrap(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        let word: String = word.chars().filter(|c| !c.is_control()).collect();
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > 79 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(&word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// The text of a new set (see the module documentation). It parses with
/// no errors.
pub fn render(s: &Scaffold<'_>) -> String {
    let mut out = String::new();
    out += &format!("#:schema {}\n", s.schema);
    out += &format!(
        "# The OKRs of team `{}` for {}: a draft, version 1.0.\n",
        s.team, s.period
    );
    out += "#\n\
            # Write the positioning and the customers' needs first, then two to four\n\
            # objectives with two to four key results each: uncomment the templates\n\
            # below and fill them in. `git okr lint` checks the file, and\n\
            # https://github.com/git-okr/git-okr/blob/main/docs/format.md describes\n\
            # every key. Propose the first draft as version 1.0 with\n";
    out += &format!(
        "# `git okr iterate {} --stage draft -m WHY`, record each round of\n\
         # discussion after it the same way, and `git okr finalize` once agreed.\n",
        s.team
    );
    out += "format = 1\n";
    out += &format!("team = {}\n", quote(s.team));
    out += &format!("period = {}\n", quote(s.period));
    if let Some(parent) = s.parent {
        out += &format!("parent = {}\n", quote(parent));
    }
    out += "status = \"draft\"\nversion = \"1.0\"\n";

    if let Some(carry) = s.carry {
        out += "\n";
        let graded = match carry.score {
            Some(score) => format!(" (graded {score:.1}, {})", grade::Band::of(score).as_str()),
            None => " (not graded)".to_owned(),
        };
        out += &format!("# Carried over from {}{graded}.\n", carry.from);
        if !carry.continue_.is_empty() {
            out += "#\n# To continue (its review's `continue`):\n";
            for item in &carry.continue_ {
                comment(&mut out, "  - ", "    ", item);
            }
        }
        if !carry.failures.is_empty() {
            out += "#\n# Failures not to repeat (its review's `failures`):\n";
            for item in &carry.failures {
                comment(&mut out, "  - ", "    ", item);
            }
        }
    }

    out += "\n\
        # Why the team exists: why the company set it up, the unique\n\
        # value it delivers, and the dimensions its value is measured by.\n\
        # [positioning]\n\
        # why = \"…\"\n\
        # value = \"…\"\n\
        # measured_by = [\"…\", \"…\"]\n\
        \n\
        # Its internal customers and their core needs, at the company, business\n\
        # and department levels, one table each.\n\
        # [[needs]]\n\
        # level = \"business\"          # company | business | department\n\
        # who = \"…\"\n\
        # need = \"…\"\n";

    if let Some(carry) = s.carry {
        out += "\n";
        if carry.objectives.is_empty() {
            out += &format!(
                "# Every key result of {} met its expectation: none is carried over.\n",
                carry.from
            );
        } else {
            wrap(
                &mut out,
                &format!(
                    "Not met in {}: carried over, each with its last value as the new baseline. Keep, change or drop each one, and reword its title to start from the new baseline.",
                    carry.from
                ),
            );
            for objective in &carry.objectives {
                carried_objective(&mut out, objective, carry);
            }
        }
    }

    let parent_objective = s.parent.map_or_else(
        || "engineering/an-objective".to_owned(),
        |p| format!("{p}/an-objective"),
    );
    out += "\n\
        # The objectives: the most important few, qualitative and memorable, within\n\
        # the team's control, each with a stable id.\n\
        # [[objectives]]\n\
        # id = \"reliable-checkout\"\n\
        # title = \"Make checkout something customers never think about\"\n\
        # theme = \"quality\"           # business | quality | cost | assets | efficiency |\n\
        #                             # security | organization | talent | infrastructure\n";
    out += &format!(
        "# aligns = [{}]   # the parent's objectives it serves\n",
        quote(&parent_objective)
    );
    out += "#\n\
        # Its key results: evidence of change, not tasks, each measured from a\n\
        # baseline to a target, with the weakness of the measure.\n\
        # [[objectives.key_results]]\n\
        # id = \"failed-checkouts\"\n\
        # title = \"Reduce failed checkout attempts from 4% to 2.8%\"\n\
        # metric = \"failed checkout attempts / all attempts, 7-day mean\"\n\
        # unit = \"%\"\n\
        # baseline = 4.0\n\
        # target = 2.8\n\
        # ambition = \"committed\"      # committed (expected at 1.0) | aspirational (0.7 is good)\n";
    out += &format!("# owner = {}\n", quote(s.team));
    out += "# caveat = \"baseline from two weeks of logs; mobile not instrumented\"\n";
    out
}

fn carried_objective(out: &mut String, objective: &CarriedObjective, carry: &CarryOver) {
    let period = carry.from.split(':').next().unwrap_or_default();
    *out += "\n[[objectives]]\n";
    *out += &format!("id = {}\n", quote(&objective.id));
    *out += &format!("title = {}\n", quote(&objective.title));
    if let Some(theme) = objective.theme {
        *out += &format!("theme = {}\n", quote(theme.as_str()));
    }
    if !objective.aligns.is_empty() {
        let aligns: Vec<String> = objective.aligns.iter().map(|a| quote(a)).collect();
        wrap(
            out,
            &format!(
                "In {period} it aligned to {}: align it to the parent's objectives of this period.",
                aligns.join(", ")
            ),
        );
        *out += "# aligns = []\n";
    }
    for kr in &objective.key_results {
        out.push('\n');
        let unit = kr
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let score = match kr.score {
            Some(score) => format!("score {score:.1}"),
            None => "not scored".to_owned(),
        };
        let ambition = kr.ambition.map_or("committed by default", Ambition::as_str);
        let values = match (kr.old_baseline, kr.last, kr.target, kr.kind) {
            (_, None, _, _) => "no value checked in".to_owned(),
            (_, Some(last), _, KrKind::Milestone) if last >= 1.0 => "done".to_owned(),
            (_, Some(_), _, KrKind::Milestone) => "not done".to_owned(),
            (Some(b), Some(last), Some(t), KrKind::Metric) => format!(
                "from {} to {} of {}{unit}",
                number(b),
                number(last),
                number(t)
            ),
            (_, Some(last), _, KrKind::Metric) => format!("last value {}{unit}", number(last)),
        };
        wrap(
            out,
            &format!(
                "{period}: {score}, expected {:.1} ({ambition}); {values}.",
                kr.expectation
            ),
        );
        *out += "[[objectives.key_results]]\n";
        *out += &format!("id = {}\n", quote(&kr.id));
        *out += &format!("title = {}\n", quote(&kr.title));
        if kr.kind == KrKind::Milestone {
            *out += "kind = \"milestone\"\n";
        }
        if let Some(metric) = &kr.metric {
            *out += &format!("metric = {}\n", quote(metric));
        }
        if let Some(unit) = &kr.unit {
            *out += &format!("unit = {}\n", quote(unit));
        }
        if kr.kind == KrKind::Metric {
            let baseline = kr.baseline();
            if let Some(baseline) = baseline {
                *out += &format!("baseline = {}\n", number(baseline));
            }
            match kr.target {
                Some(target) if baseline == Some(target) => {
                    *out += &format!(
                        "# target = {}   # the new baseline reached it: set the next target\n",
                        number(target)
                    );
                }
                Some(target) => *out += &format!("target = {}\n", number(target)),
                None => {}
            }
        }
        if let Some(ambition) = kr.ambition {
            *out += &format!("ambition = {}\n", quote(ambition.as_str()));
        }
        if let Some(owner) = &kr.owner {
            *out += &format!("owner = {}\n", quote(owner));
        }
        if let Some(caveat) = &kr.caveat {
            *out += &format!("caveat = {}\n", quote(caveat));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> OkrSet {
        let parsed = crate::parse("new.toml", text);
        assert!(!parsed.has_errors(), "{:#?}\n{text}", parsed.diagnostics);
        parsed.set.expect("a set")
    }

    const LAST: &str = r#"
format = 1
team = "platform"
period = "2026-Q4"
parent = "engineering"
status = "closed"

[[objectives]]
id = "paved-road"
title = "A paved road"
theme = "efficiency"
aligns = ["engineering/ship-small"]

[[objectives.key_results]]
id = "ci-time"
title = "Cut CI time from 14 to 6 minutes"
metric = "median minutes"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
ambition = "committed"
owner = "platform"
caveat = "queue time \"included\""
score = 0.5

[[objectives.key_results]]
id = "rollback"
title = "Rollback from 25 to 3 minutes"
baseline = 25
target = 3
current = 8
ambition = "aspirational"
score = 0.7

[[objectives]]
id = "audit"
title = "Pass the audit"

[[objectives.key_results]]
id = "pci"
title = "Pass PCI DSS with no open findings"
kind = "milestone"
current = 0

[[objectives]]
id = "done"
title = "Done"

[[objectives.key_results]]
id = "met"
title = "From 0 to 10"
baseline = 0
target = 10
current = 10

[review]
score = 0.6
lessons = ["measure first"]
failures = ["We changed the dashboard mid-quarter\nand lost three weeks."]
continue = ["Weekly check-ins"]
"#;

    #[test]
    fn a_bare_scaffold_parses() {
        let text = render(&Scaffold {
            team: "platform",
            period: "2027-Q1",
            parent: Some("engineering"),
            schema: &schema_path("okrs"),
            carry: None,
        });
        assert!(
            text.starts_with("#:schema ../../docs/okr.schema.json\n"),
            "{text}"
        );
        let set = parsed(&text);
        assert_eq!(set.team, "platform");
        assert_eq!(set.period.label, "2027-Q1");
        assert_eq!(set.parent.as_deref(), Some("engineering"));
        assert_eq!(set.status, crate::Status::Draft);
        assert_eq!(set.version.to_string(), "1.0");
        assert!(set.objectives.is_empty());
        // Uncommenting the templates gives a valid set too.
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[') || rest.contains(" = ") && !rest.starts_with("  ") =>
                {
                    rest.to_owned()
                }
                _ => line.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let set = parsed(&uncommented);
        assert_eq!(set.objectives.len(), 1);
        assert_eq!(set.needs.len(), 1);
    }

    #[test]
    fn schema_paths_follow_the_depth() {
        assert_eq!(schema_path("okrs"), "../../docs/okr.schema.json");
        assert_eq!(
            schema_path("planning/okrs/"),
            "../../../docs/okr.schema.json"
        );
        assert_eq!(schema_path("."), "../docs/okr.schema.json");
        assert_eq!(schema_path(""), "../docs/okr.schema.json");
    }

    #[test]
    fn carry_over_takes_what_was_not_met() {
        let carry = carry_over(&parsed(LAST));
        assert_eq!(carry.from, "2026-Q4:platform");
        assert_eq!(carry.continue_, ["Weekly check-ins"]);
        assert_eq!(carry.failures.len(), 1);
        let ids: Vec<(&str, Vec<&str>)> = carry
            .objectives
            .iter()
            .map(|o| {
                (
                    o.id.as_str(),
                    o.key_results.iter().map(|k| k.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [("paved-road", vec!["ci-time"]), ("audit", vec!["pci"])]
        );
        assert_eq!(carry.key_results(), 2);

        let text = render(&Scaffold {
            team: "platform",
            period: "2027-Q1",
            parent: None,
            schema: "../../docs/okr.schema.json",
            carry: Some(&carry),
        });
        let set = parsed(&text);
        let ci = &set.objectives[0].key_results[0];
        assert_eq!((ci.baseline, ci.target), (Some(9.5), Some(6.0)));
        assert_eq!((ci.current, ci.confidence, ci.score), (None, None, None));
        assert_eq!(ci.caveat.as_deref(), Some("queue time \"included\""));
        assert_eq!(ci.ambition, Some(Ambition::Committed));
        assert!(set.objectives[0].aligns.is_empty());
        let pci = &set.objectives[1].key_results[0];
        assert_eq!(
            (pci.kind, pci.baseline, pci.target),
            (KrKind::Milestone, None, None)
        );
        assert!(
            text.contains("# Carried over from 2026-Q4:platform (graded 0.6, yellow).\n"),
            "{text}"
        );
        assert!(text.contains("#   - Weekly check-ins\n"), "{text}");
        assert!(
            text.contains(
                "#   - We changed the dashboard mid-quarter\n#     and lost three weeks.\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "# 2026-Q4: score 0.5, expected 1.0 (committed); from 14 to 9.5 of 6 minutes.\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("# In 2026-Q4 it aligned to \"engineering/ship-small\""),
            "{text}"
        );
    }

    #[test]
    fn a_baseline_that_reached_the_target_leaves_the_target_open() {
        // Scored by hand below its expectation though the value got there.
        let text = LAST.replace("current = 10\n", "current = 10\nscore = 0.4\n");
        let carry = carry_over(&parsed(&text));
        let rendered = render(&Scaffold {
            team: "platform",
            period: "2027-Q1",
            parent: None,
            schema: "../../docs/okr.schema.json",
            carry: Some(&carry),
        });
        assert!(
            rendered.contains("baseline = 10\n# target = 10 "),
            "{rendered}"
        );
        parsed(&rendered);
    }

    #[test]
    fn everything_met_carries_no_key_result() {
        let text = "format = 1\nteam = \"a\"\nperiod = \"2026\"\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n[[objectives.key_results]]\nid = \"k\"\ntitle = \"K\"\nbaseline = 0\ntarget = 1\ncurrent = 1\n";
        let carry = carry_over(&parsed(text));
        assert!(carry.objectives.is_empty());
        let rendered = render(&Scaffold {
            team: "a",
            period: "2027",
            parent: None,
            schema: "../../docs/okr.schema.json",
            carry: Some(&carry),
        });
        assert!(rendered.contains("none is carried over"), "{rendered}");
        assert!(rendered.contains("(not graded)"), "{rendered}");
        parsed(&rendered);
    }
}
