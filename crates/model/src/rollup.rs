//! Key results measured by others: a key result with `from = ["team/kr",
//! …]` takes its value from those key results, combined by its `rollup`
//! (`mean`, the default, `sum`, `min`, `max` or `latest`).
//!
//! A department's key result that its teams' key results measure then moves
//! as the teams check in, instead of staying without a value. The derived
//! value is computed here, for the read views ([`derive`], then
//! [`Rollups::apply`]); it is never written to a file. The checks of the
//! `from` references (unresolved, a cycle, another unit) are in [`check`].
//!
//! The rules:
//!
//! - References in `from` resolve like `aligns`: among the sets of the key
//!   result's period first, then of periods that contain it; a `period:`
//!   prefix names another period (`2026-Q2:payments/payment-rtt`).
//! - A source may itself be measured by others: values roll up level by
//!   level. A source in a cycle contributes nothing (the cycle is an error).
//! - Sources without a value yet are left out; with none, there is no value.
//! - `latest` takes the value of the source checked in most recently, by
//!   the date of its last check-in commit. A source whose date is not known
//!   (no check-in commit, or a caller without history) counts as older than
//!   any dated one, and between sources equally dated the one written later
//!   in `from` wins.
//! - The derived key result's last check-in is the newest of its sources',
//!   so it is stale only when all of them are.

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::parse::ParsedFile;
use crate::reference::{Index, Kind, Target};
use crate::set::{KeyResult, Objective, OkrSet, Rollup};

/// Where a derived value came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derivation {
    /// How the sources' values were combined.
    pub method: Rollup,
    /// The sources that resolved, in the order of `from`.
    pub sources: Vec<Source>,
    /// The derived value; `None` while no source has one.
    pub value: Option<f64>,
    /// The check-in the value is as new as: the newest of the sources'
    /// (through sources that are derived themselves).
    pub newest: Option<CheckedIn>,
}

impl Derivation {
    /// `mean of payments/payment-rtt, web/page-rtt`.
    pub fn describe(&self) -> String {
        let names: Vec<&str> = self.sources.iter().map(|s| s.reference.as_str()).collect();
        format!("{} of {}", self.method, names.join(", "))
    }
}

/// One source of a derived value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// `team/objective/kr`, with a `period:` prefix when its period is not
    /// the derived key result's.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its value (itself derived, for a source measured by others).
    pub value: Option<f64>,
}

/// A key result that was checked in, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedIn {
    /// Its set's period label.
    pub period: String,
    /// Its set's team.
    pub team: String,
    /// Its objective's id.
    pub objective: String,
    /// Its id.
    pub id: String,
    /// The check-in's date, seconds since the Unix epoch.
    pub time: i64,
}

/// A key result's position: set, objective and key result indexes.
type At = (usize, usize, usize);

/// The derived values of every key result with `from`, by position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollups {
    derived: HashMap<At, Derivation>,
}

impl Rollups {
    /// The derivation of key result `k` of objective `o` of set `s`.
    pub fn get(&self, s: usize, o: usize, k: usize) -> Option<&Derivation> {
        self.derived.get(&(s, o, k))
    }

    /// Writes the derived values into `set`, the set at index `s` of the
    /// sets they were derived from: each derived key result gets the value
    /// as its `current` and the derivation in `derived`.
    pub fn apply(&self, s: usize, set: &mut OkrSet) {
        for (o, objective) in set.objectives.iter_mut().enumerate() {
            for (k, kr) in objective.key_results.iter_mut().enumerate() {
                if let Some(derivation) = self.get(s, o, k) {
                    kr.current = derivation.value;
                    kr.derived = Some(derivation.clone());
                }
            }
        }
    }
}

/// The derived value of every key result with `from` among `sets`.
/// `when` gives the date (seconds since the Unix epoch) of a key result's
/// last check-in, if known; it orders the sources of `latest` and dates the
/// derived values.
pub fn derive(
    sets: &[&OkrSet],
    when: impl Fn(&OkrSet, &Objective, &KeyResult) -> Option<i64>,
) -> Rollups {
    let index = Index::new(sets.to_vec());
    let mut walk = Walk {
        sets,
        index: &index,
        when: &when,
        state: HashMap::new(),
        derived: HashMap::new(),
    };
    for (s, set) in sets.iter().enumerate() {
        for (o, objective) in set.objectives.iter().enumerate() {
            for (k, kr) in objective.key_results.iter().enumerate() {
                if !kr.from.is_empty() {
                    walk.value((s, o, k));
                }
            }
        }
    }
    Rollups {
        derived: walk.derived,
    }
}

/// Derives the values of the key results measured by others among `sets`
/// (see [`derive`]) and writes them in (see [`Rollups::apply`]).
pub fn fill(
    mut sets: Vec<&mut OkrSet>,
    when: impl Fn(&OkrSet, &Objective, &KeyResult) -> Option<i64>,
) {
    let rollups = {
        let shared: Vec<&OkrSet> = sets.iter().map(|s| &**s).collect();
        derive(&shared, when)
    };
    for (s, set) in sets.iter_mut().enumerate() {
        rollups.apply(s, set);
    }
}

/// Combines the `(value, date)` of each source, in the order of `from`.
pub fn combine(method: Rollup, values: &[(f64, Option<i64>)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let numbers = values.iter().map(|(v, _)| *v);
    Some(match method {
        Rollup::Mean => numbers.sum::<f64>() / values.len() as f64,
        Rollup::Sum => numbers.sum(),
        Rollup::Min => numbers.fold(f64::INFINITY, f64::min),
        Rollup::Max => numbers.fold(f64::NEG_INFINITY, f64::max),
        Rollup::Latest => {
            values
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, time))| (*time, *i))?
                .1
                .0
        }
    })
}

#[derive(Clone)]
enum State {
    Visiting,
    Done(Option<f64>, Option<CheckedIn>),
}

struct Walk<'a, 's, F> {
    sets: &'a [&'s OkrSet],
    index: &'a Index<'s>,
    when: &'a F,
    state: HashMap<At, State>,
    derived: HashMap<At, Derivation>,
}

impl<F: Fn(&OkrSet, &Objective, &KeyResult) -> Option<i64>> Walk<'_, '_, F> {
    /// The value of the key result at `at` and its newest check-in; `None`
    /// for both when it is in a cycle being walked.
    fn value(&mut self, at: At) -> (Option<f64>, Option<CheckedIn>) {
        match self.state.get(&at) {
            Some(State::Done(value, newest)) => return (*value, newest.clone()),
            Some(State::Visiting) => return (None, None),
            None => {}
        }
        let (s, o, k) = at;
        let set = self.sets[s];
        let objective = &set.objectives[o];
        let kr = &objective.key_results[k];
        if kr.from.is_empty() {
            let newest = (self.when)(set, objective, kr).map(|time| CheckedIn {
                period: set.period.label.clone(),
                team: set.team.clone(),
                objective: objective.id.clone(),
                id: kr.id.clone(),
                time,
            });
            self.state
                .insert(at, State::Done(kr.current, newest.clone()));
            return (kr.current, newest);
        }
        self.state.insert(at, State::Visiting);
        let mut sources = Vec::new();
        let mut values = Vec::new();
        let mut newest: Option<CheckedIn> = None;
        for reference in &kr.from {
            let Ok(Target::KeyResult(ts, to, tk)) =
                self.index
                    .resolve(reference, &[Kind::KeyResult], Some(&set.period.label))
            else {
                continue;
            };
            let (value, checked) = self.value((ts, to, tk));
            sources.push(Source {
                reference: short_name(self.sets[ts], to, tk, &set.period.label),
                value,
            });
            if let Some(value) = value {
                values.push((value, checked.as_ref().map(|c| c.time)));
            }
            if let Some(checked) = checked
                && newest.as_ref().is_none_or(|n| checked.time > n.time)
            {
                newest = Some(checked);
            }
        }
        let method = kr.rollup.unwrap_or_default();
        let value = combine(method, &values);
        self.state.insert(at, State::Done(value, newest.clone()));
        self.derived.insert(
            at,
            Derivation {
                method,
                sources,
                value,
                newest: newest.clone(),
            },
        );
        (value, newest)
    }
}

/// `team/kr` of key result `k` of objective `o` of `set` (key result ids
/// are unique in a set), with a `period:` prefix when its period is not
/// `period`.
fn short_name(set: &OkrSet, o: usize, k: usize, period: &str) -> String {
    let name = format!("{}/{}", set.team, set.objectives[o].key_results[k].id);
    if set.period.label == period {
        name
    } else {
        format!("{}:{name}", set.period.label)
    }
}

/// The problems of the `from` references among the sets of `files`: a
/// reference that resolves to no key result (or to several), a cycle, and a
/// source measured in another unit. Each diagnostic names its file.
pub fn check(files: &[ParsedFile]) -> Vec<Diagnostic> {
    let loaded: Vec<&ParsedFile> = files.iter().filter(|f| f.set.is_some()).collect();
    let sets: Vec<&OkrSet> = loaded.iter().filter_map(|f| f.set.as_ref()).collect();
    let index = Index::new(sets.clone());
    let mut diagnostics = Vec::new();
    // The resolved sources of each key result with `from`.
    let mut edges: HashMap<At, Vec<At>> = HashMap::new();
    for (s, (file, set)) in loaded.iter().zip(&sets).enumerate() {
        let period = Some(set.period.label.as_str());
        for (o, objective) in set.objectives.iter().enumerate() {
            for (k, kr) in objective.key_results.iter().enumerate() {
                let subject = Some(format!("{}/{}/{}", set.team, objective.id, kr.id));
                for (n, reference) in kr.from.iter().enumerate() {
                    let span = kr.spans.item("from", n);
                    match index.resolve(reference, &[Kind::KeyResult], period) {
                        Ok(Target::KeyResult(ts, to, tk)) => {
                            edges.entry((s, o, k)).or_default().push((ts, to, tk));
                            let source = &sets[ts].objectives[to].key_results[tk];
                            if source.unit != kr.unit {
                                let unit = |u: &Option<String>| {
                                    u.as_deref()
                                        .map_or_else(|| "no unit".to_owned(), |u| format!("`{u}`"))
                                };
                                diagnostics.push(
                                    Diagnostic::new(
                                        &file.source,
                                        codes::ROLLUP_UNIT,
                                        codes::severity(codes::ROLLUP_UNIT),
                                        span,
                                        format!(
                                            "`from`: `{}` is measured in {}, this key result in {}",
                                            short_name(sets[ts], to, tk, &set.period.label),
                                            unit(&source.unit),
                                            unit(&kr.unit)
                                        ),
                                    )
                                    .with_help("roll up key results of one unit, or give both the same `unit`")
                                    .with_subject(subject.clone()),
                                );
                            }
                        }
                        Ok(_) => {}
                        Err(error) => diagnostics.push(crate::validate::unresolved(
                            file,
                            span,
                            subject.clone(),
                            "from",
                            &error,
                            &set.period.label,
                        )),
                    }
                }
            }
        }
    }
    // Each cycle once, reported at the `from` of its first key result in
    // the order of the sets.
    let mut starts: Vec<&At> = edges.keys().collect();
    starts.sort_unstable();
    let mut reported: Vec<Vec<At>> = Vec::new();
    for &start in starts {
        let Some(cycle) = cycle_through(start, &edges) else {
            continue;
        };
        let mut members = cycle.clone();
        members.sort_unstable();
        if reported.contains(&members) {
            continue;
        }
        reported.push(members);
        let (s, o, k) = start;
        let kr = &sets[s].objectives[o].key_results[k];
        let names: Vec<String> = cycle
            .iter()
            .chain(std::iter::once(&start))
            .map(|&(s, o, k)| short_name(sets[s], o, k, &sets[start.0].period.label))
            .collect();
        diagnostics.push(
            Diagnostic::new(
                &loaded[s].source,
                codes::ROLLUP_CYCLE,
                Severity::Error,
                kr.spans.field_or_table("from"),
                format!("`from` goes round in a cycle: {}", names.join(" → ")),
            )
            .with_help("a key result cannot be measured by itself: remove one of the `from` references of the cycle")
            .with_subject(Some(names[0].clone())),
        );
    }
    Diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// The key results of a cycle from `start` back to it, `start` first, if
/// one exists (the shortest, found breadth first).
fn cycle_through(start: At, edges: &HashMap<At, Vec<At>>) -> Option<Vec<At>> {
    let mut came_from: HashMap<At, At> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &next in edges.get(&at).into_iter().flatten() {
            if next == start {
                let mut path = vec![at];
                let mut step = at;
                while step != start {
                    step = came_from[&step];
                    path.push(step);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = came_from.entry(next) {
                entry.insert(at);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPARTMENT: &str = r#"
format = 1
team = "engineering"
period = "2026-Q2"
[[objectives]]
id = "fast"
title = "Fast"
[[objectives.key_results]]
id = "rtt"
title = "RTT from 300 to 200 ms"
unit = "ms"
baseline = 300
target = 200
from = ["payments/payment-rtt", "web/page-rtt"]
ROLLUP
"#;

    fn team(team: &str, id: &str, current: Option<f64>, unit: &str) -> String {
        let current = current
            .map(|c| format!("current = {c}\n"))
            .unwrap_or_default();
        format!(
            "format = 1\nteam = \"{team}\"\nperiod = \"2026-Q2\"\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n[[objectives.key_results]]\nid = \"{id}\"\ntitle = \"RTT\"\nunit = \"{unit}\"\nbaseline = 300\ntarget = 200\n{current}"
        )
    }

    fn files(rollup: &str, a: Option<f64>, b: Option<f64>) -> Vec<ParsedFile> {
        vec![
            crate::parse("e.toml", &DEPARTMENT.replace("ROLLUP", rollup)),
            crate::parse("p.toml", &team("payments", "payment-rtt", a, "ms")),
            crate::parse("w.toml", &team("web", "page-rtt", b, "ms")),
        ]
    }

    fn derived(files: &[ParsedFile], when: &[Option<i64>]) -> Option<Derivation> {
        let sets: Vec<&OkrSet> = files.iter().filter_map(|f| f.set.as_ref()).collect();
        let rollups = derive(&sets, |set, _, _| match set.team.as_str() {
            "payments" => when.first().copied().flatten(),
            "web" => when.get(1).copied().flatten(),
            _ => None,
        });
        rollups.get(0, 0, 0).cloned()
    }

    #[test]
    fn methods() {
        let value = |rollup: &str, when: &[Option<i64>]| {
            derived(&files(rollup, Some(260.0), Some(240.0)), when).and_then(|d| d.value)
        };
        assert_eq!(value("", &[]), Some(250.0), "mean by default");
        assert_eq!(value("rollup = \"mean\"", &[]), Some(250.0));
        assert_eq!(value("rollup = \"sum\"", &[]), Some(500.0));
        assert_eq!(value("rollup = \"min\"", &[]), Some(240.0));
        assert_eq!(value("rollup = \"max\"", &[]), Some(260.0));
        let latest = "rollup = \"latest\"";
        assert_eq!(value(latest, &[Some(20), Some(10)]), Some(260.0));
        assert_eq!(value(latest, &[Some(10), Some(20)]), Some(240.0));
        assert_eq!(value(latest, &[Some(10), None]), Some(260.0), "dated wins");
        assert_eq!(
            value(latest, &[]),
            Some(240.0),
            "undated: the later in `from`"
        );
    }

    #[test]
    fn sources_without_a_value_are_left_out() {
        let d = derived(&files("", Some(260.0), None), &[Some(5), None]).expect("derived");
        assert_eq!(d.value, Some(260.0));
        assert_eq!(d.describe(), "mean of payments/payment-rtt, web/page-rtt");
        assert_eq!(d.newest.map(|n| n.team), Some("payments".to_owned()));
        let none = derived(&files("", None, None), &[]).expect("derived");
        assert_eq!(none.value, None);
    }

    #[test]
    fn apply_writes_current_and_progress_follows() {
        let files = files("", Some(260.0), Some(240.0));
        let sets: Vec<&OkrSet> = files.iter().filter_map(|f| f.set.as_ref()).collect();
        let rollups = derive(&sets, |_, _, _| None);
        let mut department = sets[0].clone();
        rollups.apply(0, &mut department);
        let kr = &department.objectives[0].key_results[0];
        assert_eq!(kr.current, Some(250.0));
        assert_eq!(kr.progress(), Some(0.5));
        assert!(kr.derived.is_some());
    }

    #[test]
    fn chains_roll_up_and_cycles_do_not_hang() {
        let text = r#"
format = 1
team = "a"
period = "2026-Q2"
[[objectives]]
id = "o"
title = "O"
[[objectives.key_results]]
id = "top"
title = "Top"
baseline = 0
target = 10
from = ["mid"]
[[objectives.key_results]]
id = "mid"
title = "Mid"
baseline = 0
target = 10
from = ["leaf"]
rollup = "sum"
[[objectives.key_results]]
id = "leaf"
title = "Leaf"
baseline = 0
target = 10
current = 4
[[objectives.key_results]]
id = "x"
title = "X"
baseline = 0
target = 10
from = ["y"]
[[objectives.key_results]]
id = "y"
title = "Y"
baseline = 0
target = 10
from = ["x", "leaf"]
"#;
        let file = crate::parse("a.toml", text);
        assert!(!file.has_errors(), "{:?}", file.diagnostics);
        let set = file.set.as_ref().expect("a set");
        let rollups = derive(&[set], |_, _, kr| (kr.id == "leaf").then_some(7));
        assert_eq!(rollups.get(0, 0, 0).and_then(|d| d.value), Some(4.0));
        assert_eq!(
            rollups
                .get(0, 0, 0)
                .and_then(|d| d.newest.clone())
                .map(|n| n.id),
            Some("leaf".to_owned())
        );
        assert_eq!(rollups.get(0, 0, 3).and_then(|d| d.value), Some(4.0));
        let codes: Vec<&str> = check(std::slice::from_ref(&file))
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, vec![codes::ROLLUP_CYCLE], "one cycle, reported once");
    }

    #[test]
    fn checks_units_and_references() {
        let mut files = files("", None, None);
        files[2] = crate::parse("w.toml", &team("web", "page-rtt", None, "s"));
        let found = check(&files);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, codes::ROLLUP_UNIT);
        assert_eq!(found[0].file, "e.toml");
        assert!(found[0].message.contains("`s`"), "{}", found[0].message);

        let typo = DEPARTMENT
            .replace("ROLLUP", "")
            .replace("web/page-rtt", "web/page-rt");
        let mut files = files.clone();
        files[0] = crate::parse("e.toml", &typo);
        let found = check(&files);
        assert!(
            found
                .iter()
                .any(|d| d.code == codes::UNRESOLVED_REFERENCE && d.line == 14),
            "{found:?}"
        );
    }

    #[test]
    fn parse_diagnostics() {
        let both = DEPARTMENT.replace("ROLLUP", "current = 250");
        let codes_of = |text: &str| -> Vec<&'static str> {
            crate::parse("e.toml", text)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes_of(&both), vec![codes::DERIVED_CURRENT]);
        let lonely = team("web", "page-rtt", None, "ms") + "rollup = \"sum\"\n";
        assert_eq!(codes_of(&lonely), vec![codes::ROLLUP_WITHOUT_FROM]);
        let bad = DEPARTMENT.replace("ROLLUP", "rollup = \"median\"");
        assert_eq!(codes_of(&bad), vec![codes::UNKNOWN_VALUE]);
        let empty = DEPARTMENT.replace("ROLLUP", "").replace(
            "from = [\"payments/payment-rtt\", \"web/page-rtt\"]",
            "from = []",
        );
        assert_eq!(codes_of(&empty), vec![codes::EMPTY_VALUE]);
    }
}
