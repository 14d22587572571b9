//! References to sets, objectives and key results: `team/objective/kr`,
//! resolved like a short git hash (a unique suffix is enough; `team/kr`
//! leaves out the objective), with a `period:` prefix where several periods
//! are loaded.
//!
//! Without a period, a reference means the nearest set that can: an open
//! set of the period that holds today first, then any open set (a next
//! period's draft, a period not graded yet), then every set, as git takes
//! the nearest meaning of a name. A closed set is reached by its period.

use std::fmt;

use chrono::NaiveDate;

use crate::period::Period;
use crate::set::{OkrSet, Status, is_slug};
use crate::suggest;

/// A reference as written: an optional period and one to three ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The period of `period:team/objective`, if given.
    pub period: Option<String>,
    /// The ids, outermost first: `[team, objective, kr]` or a suffix of it.
    pub segments: Vec<String>,
}

impl Reference {
    /// Parses `[period:]a[/b[/c]]`.
    pub fn parse(text: &str) -> Result<Reference, ResolveError> {
        let malformed = |reason: &str| ResolveError::Malformed {
            reference: text.to_owned(),
            reason: reason.to_owned(),
        };
        let (period, path) = match text.split_once(':') {
            Some((period, path)) => {
                if !crate::period::is_label(period) {
                    return Err(malformed("the part before `:` is not a period"));
                }
                (Some(period.to_owned()), path)
            }
            None => (None, text),
        };
        let segments: Vec<String> = path.split('/').map(str::to_owned).collect();
        if segments.len() > 3 {
            return Err(malformed(
                "a reference has at most three parts: team/objective/key-result",
            ));
        }
        if let Some(bad) = segments.iter().find(|s| !is_slug(s)) {
            return Err(if bad.is_empty() {
                malformed("a part is empty")
            } else {
                malformed(&format!("`{bad}` is not a lowercase slug"))
            });
        }
        Ok(Reference { period, segments })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(period) = &self.period {
            write!(f, "{period}:")?;
        }
        f.write_str(&self.segments.join("/"))
    }
}

/// What a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A set: `team`.
    Set,
    /// An objective: `team/objective`.
    Objective,
    /// A key result: `team/objective/kr`.
    KeyResult,
}

/// What a reference resolved to: indexes into the sets given to [`Index::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The set at this index.
    Set(usize),
    /// Set index, objective index.
    Objective(usize, usize),
    /// Set index, objective index, key result index.
    KeyResult(usize, usize, usize),
}

impl Target {
    /// The index of the set the target is in.
    pub fn set(self) -> usize {
        match self {
            Target::Set(s) | Target::Objective(s, _) | Target::KeyResult(s, _, _) => s,
        }
    }
}

/// Why a reference did not resolve to exactly one target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// The text is not a reference.
    #[error("`{reference}` is not a reference: {reason}")]
    Malformed {
        /// The reference as written.
        reference: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing matches.
    #[error("`{reference}` matches nothing")]
    NotFound {
        /// The reference as written.
        reference: String,
        /// A close match, if there is one.
        suggestion: Option<String>,
    },
    /// Several targets match.
    #[error("`{reference}` is ambiguous: it matches {}", crate::suggest::all_of(&candidates.iter().map(String::as_str).collect::<Vec<_>>()))]
    Ambiguous {
        /// The reference as written.
        reference: String,
        /// Each match, as a full reference.
        candidates: Vec<String>,
    },
}

/// Which sets a search looks at.
enum Scope {
    /// Sets of the period with this label.
    Period(String),
    /// Sets whose period contains this one (a year contains its quarters).
    Containing(Period),
    /// Open sets whose period holds this day.
    Live(NaiveDate),
    /// Sets that are not closed.
    Open,
    /// Every set.
    All,
}

impl Scope {
    fn admits(&self, set: &OkrSet) -> bool {
        match self {
            Scope::Period(label) => &set.period.label == label,
            Scope::Containing(inner) => {
                set.period.start <= inner.start && inner.end <= set.period.end
            }
            Scope::Live(day) => {
                set.status != Status::Closed && set.period.start <= *day && *day <= set.period.end
            }
            Scope::Open => set.status != Status::Closed,
            Scope::All => true,
        }
    }
}

/// The sets that references resolve among.
#[derive(Debug, Clone)]
pub struct Index<'a> {
    sets: Vec<&'a OkrSet>,
    today: Option<NaiveDate>,
}

impl<'a> Index<'a> {
    /// An index over `sets`; targets are indexes into this list.
    pub fn new(sets: Vec<&'a OkrSet>) -> Self {
        Index { sets, today: None }
    }

    /// The same index, resolving references without a period to the open
    /// sets of the period that holds `today` first (see the module
    /// documentation).
    pub fn today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// The set at `index`.
    pub fn set(&self, index: usize) -> Option<&'a OkrSet> {
        self.sets.get(index).copied()
    }

    /// Resolves `text` to one target of one of `kinds`.
    ///
    /// Without a `period:` prefix, the sets of `period` are searched first
    /// (when given), then sets of periods that contain it (a quarter's set
    /// aligns to its year's). When `period` is `None`: the open sets of
    /// today's period (see [`Index::today`]), then the open sets, then every
    /// set. The first of these that matches decides; several matches in it
    /// are ambiguous.
    pub fn resolve(
        &self,
        text: &str,
        kinds: &[Kind],
        period: Option<&str>,
    ) -> Result<Target, ResolveError> {
        let reference = Reference::parse(text)?;
        let scopes: Vec<Scope> = match (&reference.period, period) {
            (Some(p), _) => vec![Scope::Period(p.clone())],
            (None, Some(p)) => {
                let own = self.sets.iter().find(|s| s.period.label == p);
                let mut scopes = vec![Scope::Period(p.to_owned())];
                scopes.extend(own.map(|s| Scope::Containing(s.period.clone())));
                scopes
            }
            (None, None) => {
                let mut scopes: Vec<Scope> = self.today.map(Scope::Live).into_iter().collect();
                scopes.extend([Scope::Open, Scope::All]);
                scopes
            }
        };
        for scope in &scopes {
            let found = self.matches(&reference, kinds, scope);
            match found.len() {
                0 => continue,
                1 => return Ok(found[0]),
                _ => {
                    let with_period = self.spans_periods(&found);
                    return Err(ResolveError::Ambiguous {
                        reference: text.to_owned(),
                        candidates: found.iter().map(|&t| self.name(t, with_period)).collect(),
                    });
                }
            }
        }
        let names: Vec<String> = self
            .all_targets(kinds)
            .filter(|t| scopes.iter().any(|scope| scope.admits(self.sets[t.set()])))
            .map(|t| self.name(t, false))
            .collect();
        // A typo is judged against as many trailing parts of each name as
        // the reference has: `failed-checkout` against `failed-checkouts`;
        // and a key result's `team/kr` form against a two-part reference.
        let depth = reference.segments.len();
        let mut shapes: Vec<(String, usize)> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let cut = name
                .rsplitn(depth + 1, '/')
                .nth(depth)
                .map_or(0, |head| head.len() + 1);
            shapes.push((name[cut..].to_owned(), i));
            let parts: Vec<&str> = name.split('/').collect();
            if let ([team, _, kr], 2) = (parts.as_slice(), depth) {
                shapes.push((format!("{team}/{kr}"), i));
            }
        }
        let tails: Vec<&str> = shapes.iter().map(|(tail, _)| tail.as_str()).collect();
        let suggestion = suggest::closest(&reference.segments.join("/"), &tails)
            .and_then(|tail| shapes.iter().find(|(t, _)| t == tail))
            .map(|(_, i)| names[*i].clone());
        Err(ResolveError::NotFound {
            reference: text.to_owned(),
            suggestion,
        })
    }

    /// The full reference of `target`: `team/objective/kr`, with a
    /// `period:` prefix when `with_period`.
    ///
    /// # Panics
    ///
    /// If `target` did not come from this index.
    pub fn name(&self, target: Target, with_period: bool) -> String {
        let set = self.sets[target.set()];
        let path = match target {
            Target::Set(_) => set.team.clone(),
            Target::Objective(_, o) => format!("{}/{}", set.team, set.objectives[o].id),
            Target::KeyResult(_, o, k) => {
                let objective = &set.objectives[o];
                format!(
                    "{}/{}/{}",
                    set.team, objective.id, objective.key_results[k].id
                )
            }
        };
        if with_period {
            format!("{}:{path}", set.period.label)
        } else {
            path
        }
    }

    fn spans_periods(&self, targets: &[Target]) -> bool {
        targets
            .windows(2)
            .any(|w| self.sets[w[0].set()].period.label != self.sets[w[1].set()].period.label)
    }

    fn all_targets(&self, kinds: &[Kind]) -> impl Iterator<Item = Target> + '_ {
        let want = |k| kinds.contains(&k);
        let (sets, objectives, key_results) = (
            want(Kind::Set),
            want(Kind::Objective),
            want(Kind::KeyResult),
        );
        self.sets.iter().enumerate().flat_map(move |(s, set)| {
            let set_target = sets.then_some(Target::Set(s));
            let inner = set
                .objectives
                .iter()
                .enumerate()
                .flat_map(move |(o, objective)| {
                    let objective_target = objectives.then_some(Target::Objective(s, o));
                    let krs = (0..objective.key_results.len())
                        .filter(move |_| key_results)
                        .map(move |k| Target::KeyResult(s, o, k));
                    objective_target.into_iter().chain(krs)
                });
            set_target.into_iter().chain(inner)
        })
    }

    fn path(&self, target: Target) -> Vec<&str> {
        let set = self.sets[target.set()];
        match target {
            Target::Set(_) => vec![&set.team],
            Target::Objective(_, o) => vec![&set.team, &set.objectives[o].id],
            Target::KeyResult(_, o, k) => {
                let objective = &set.objectives[o];
                vec![&set.team, &objective.id, &objective.key_results[k].id]
            }
        }
    }

    fn matches(&self, reference: &Reference, kinds: &[Kind], scope: &Scope) -> Vec<Target> {
        let segments: Vec<&str> = reference.segments.iter().map(String::as_str).collect();
        let mut exact = Vec::new();
        let mut suffix = Vec::new();
        for target in self.all_targets(kinds) {
            if !scope.admits(self.sets[target.set()]) {
                continue;
            }
            let path = self.path(target);
            if path.ends_with(&segments) {
                if path.len() == segments.len() {
                    exact.push(target);
                } else {
                    suffix.push(target);
                }
            } else if let ([team, _, kr], [t, k]) = (path.as_slice(), segments.as_slice()) {
                // `team/kr`, as commit subjects print it: the objective left
                // out.
                if team == t && kr == k {
                    suffix.push(target);
                }
            }
        }
        // A complete reference wins over abbreviations of longer ones, as a
        // full ref name wins over an abbreviated hash in git.
        if exact.is_empty() { suffix } else { exact }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn set(text: &str) -> OkrSet {
        let parsed = parse("t.toml", text);
        assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
        parsed.set.expect("a set")
    }

    fn sets() -> Vec<OkrSet> {
        let platform = r#"
format = 1
team = "platform"
period = "2026-Q1"
[[objectives]]
id = "reliable-checkout"
title = "Checkout customers never think about"
[[objectives.key_results]]
id = "failed-checkouts"
title = "Failed checkouts from 4% to 2.8%"
[[objectives.key_results]]
id = "latency"
title = "p99 latency from 900 to 400 ms"
"#;
        let payments = r#"
format = 1
team = "payments"
period = "2026-Q1"
[[objectives]]
id = "fast-payments"
title = "Payments feel instant"
[[objectives.key_results]]
id = "latency"
title = "Payment RTT from 300 to 200 ms"
"#;
        let next = platform.replace("2026-Q1", "2026-Q2");
        vec![set(platform), set(payments), set(&next)]
    }

    const ANY: &[Kind] = &[Kind::Set, Kind::Objective, Kind::KeyResult];

    #[test]
    fn unique_suffixes_resolve() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        let q1 = Some("2026-Q1");
        assert_eq!(
            index.resolve("failed-checkouts", ANY, q1),
            Ok(Target::KeyResult(0, 0, 0))
        );
        assert_eq!(
            index.resolve("reliable-checkout/failed-checkouts", ANY, q1),
            Ok(Target::KeyResult(0, 0, 0))
        );
        assert_eq!(
            index.resolve("platform/reliable-checkout/failed-checkouts", ANY, q1),
            Ok(Target::KeyResult(0, 0, 0))
        );
        assert_eq!(index.resolve("payments", ANY, q1), Ok(Target::Set(1)));
        assert_eq!(
            index.resolve("fast-payments/latency", ANY, q1),
            Ok(Target::KeyResult(1, 0, 0))
        );
    }

    #[test]
    fn ambiguity_lists_candidates() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        let Err(ResolveError::Ambiguous { candidates, .. }) =
            index.resolve("latency", ANY, Some("2026-Q1"))
        else {
            panic!("expected ambiguity");
        };
        assert_eq!(
            candidates,
            [
                "platform/reliable-checkout/latency",
                "payments/fast-payments/latency"
            ]
        );
    }

    #[test]
    fn periods_disambiguate() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        let Err(ResolveError::Ambiguous { candidates, .. }) =
            index.resolve("failed-checkouts", ANY, None)
        else {
            panic!("expected ambiguity across periods");
        };
        assert_eq!(
            candidates,
            [
                "2026-Q1:platform/reliable-checkout/failed-checkouts",
                "2026-Q2:platform/reliable-checkout/failed-checkouts"
            ]
        );
        assert_eq!(
            index.resolve("2026-Q2:failed-checkouts", ANY, None),
            Ok(Target::KeyResult(2, 0, 0))
        );
        assert_eq!(
            index.resolve("failed-checkouts", ANY, Some("2026-Q2")),
            Ok(Target::KeyResult(2, 0, 0))
        );
    }

    #[test]
    fn team_and_key_result_resolve_without_the_objective() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        let q1 = Some("2026-Q1");
        assert_eq!(
            index.resolve("platform/failed-checkouts", ANY, q1),
            Ok(Target::KeyResult(0, 0, 0))
        );
        assert_eq!(
            index.resolve("payments/latency", &[Kind::KeyResult], q1),
            Ok(Target::KeyResult(1, 0, 0))
        );
        let Err(ResolveError::NotFound { suggestion, .. }) =
            index.resolve("platform/failed-checkout", ANY, q1)
        else {
            panic!("expected not found");
        };
        assert_eq!(
            suggestion.as_deref(),
            Some("platform/reliable-checkout/failed-checkouts")
        );
    }

    #[test]
    fn open_sets_of_today_come_first() {
        let mut sets = sets();
        // Q1 is over and graded; Q2 is open.
        sets[0].status = Status::Closed;
        sets[1].status = Status::Closed;
        let index = Index::new(sets.iter().collect());
        assert_eq!(
            index.resolve("failed-checkouts", ANY, None),
            Ok(Target::KeyResult(2, 0, 0)),
            "the closed set does not count when an open one matches"
        );
        assert_eq!(index.resolve("platform", ANY, None), Ok(Target::Set(2)));
        // A closed set alone is still found, and by its period.
        assert_eq!(index.resolve("payments", ANY, None), Ok(Target::Set(1)));
        assert_eq!(
            index.resolve("2026-Q1:platform", ANY, None),
            Ok(Target::Set(0))
        );

        // Two open sets: today's period decides.
        let mut sets = self::sets();
        sets[1].status = Status::Final;
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
        let index = Index::new(sets.iter().collect()).today(day("2026-02-10"));
        assert_eq!(index.resolve("platform", ANY, None), Ok(Target::Set(0)));
        let index = Index::new(sets.iter().collect()).today(day("2026-05-10"));
        assert_eq!(index.resolve("platform", ANY, None), Ok(Target::Set(2)));
        // Outside both: ambiguous, with the candidates.
        let index = Index::new(sets.iter().collect()).today(day("2026-08-10"));
        let Err(ResolveError::Ambiguous { candidates, .. }) = index.resolve("platform", ANY, None)
        else {
            panic!("expected ambiguity");
        };
        assert_eq!(candidates, ["2026-Q1:platform", "2026-Q2:platform"]);
    }

    #[test]
    fn kinds_filter() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        assert_eq!(
            index.resolve("reliable-checkout", &[Kind::Objective], Some("2026-Q1")),
            Ok(Target::Objective(0, 0))
        );
        assert!(
            index
                .resolve("reliable-checkout", &[Kind::KeyResult], Some("2026-Q1"))
                .is_err()
        );
    }

    #[test]
    fn near_misses_are_suggested() {
        let sets = sets();
        let index = Index::new(sets.iter().collect());
        let Err(ResolveError::NotFound { suggestion, .. }) = index.resolve(
            "platform/reliable-chekout",
            &[Kind::Objective],
            Some("2026-Q1"),
        ) else {
            panic!("expected not found");
        };
        assert_eq!(suggestion.as_deref(), Some("platform/reliable-checkout"));
    }

    #[test]
    fn malformed_references() {
        for text in ["", "a//b", "a/b/c/d", "A/b", "bad period:a", "a/"] {
            assert!(
                matches!(Reference::parse(text), Err(ResolveError::Malformed { .. })),
                "{text}"
            );
        }
        assert_eq!(
            Reference::parse("2026-Q1:a/b").map(|r| r.to_string()),
            Ok("2026-Q1:a/b".into())
        );
    }
}
