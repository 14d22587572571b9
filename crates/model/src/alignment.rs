//! The alignment of sets across a period: company, department, team.
//!
//! Two kinds of link make the alignment. A set's `parent` names the set
//! above it (a team's department, a department's company), and puts the set
//! under its parent in a tree; each period's sets make a forest whose roots
//! are the sets without a parent. An objective's `aligns` names objectives
//! of other sets that it supports, several if it supports several; those
//! links are listed on both ends (the objective lists what it aligns to, the
//! objective aligned to lists what supports it) and do not move sets around.
//!
//! The roll-up is one level deep and shown beside what it rolls up, never
//! instead of it: a set's progress is the weighted mean of its objectives
//! (as `git okr status` has it), and an objective that others support has,
//! beside its own progress, the plain mean of its supporters' progress (its
//! `support`). Objectives of different sets carry weights that mean nothing
//! to each other, so the mean is unweighted.
//!
//! Dangling, ambiguous and self references are the diagnostics of
//! [`check_sets`]; this module adds cycles, of `parent` ([`PARENT_CYCLE`])
//! and of `aligns` ([`ALIGNS_CYCLE`]). A set whose parent is missing, in a
//! cycle or in another period is shown as a root. Every walk here is
//! iterative and visits each set once, so no input makes it loop or
//! overflow the stack.

use std::collections::{BTreeMap, VecDeque};

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::ParsedFile;
use crate::progress::roll_up;
use crate::reference::{Index, Kind, Target};
use crate::set::{OkrSet, Status, Version};
use crate::validate::check_sets;

/// The code of a diagnostic for sets whose `parent`s go round in a circle.
pub const PARENT_CYCLE: &str = "parent-cycle";
/// The code of a diagnostic for objectives whose `aligns` go round in a
/// circle, across sets.
pub const ALIGNS_CYCLE: &str = "aligns-cycle";

/// The alignment of every loaded set: one forest per period, and the
/// problems found in the links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// One forest per period, the longest period first among those that
    /// start on the same day (`2026`, `2026-H1`, `2026-Q1`, `2026-Q2`, …).
    pub periods: Vec<Forest>,
    /// Unresolved, ambiguous and self references, duplicate sets and
    /// cycles, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// The sets of one period, as trees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forest {
    /// The period's label.
    pub period: String,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// The references of the roots, in the order shown.
    pub roots: Vec<String>,
    /// Every set of the period once, depth first: each set is followed by
    /// its children's subtrees, each root by the next root.
    pub sets: Vec<SetNode>,
}

/// Where a set stands in its period's forest, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// A root: the set has no `parent`.
    Root,
    /// Under its parent.
    Child,
    /// A root here: its parent is a set of another period (a quarter's set
    /// under its year's), shown in that period's forest.
    ParentInOtherPeriod,
    /// A root here: its `parent` names no set, several, or itself (a
    /// diagnostic says which).
    ParentUnresolved,
    /// A root here: its `parent` closes a cycle (a [`PARENT_CYCLE`]
    /// diagnostic names it), so the tree is cut at this link.
    ParentCycle,
}

/// One set in the forest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetNode {
    /// `period:team`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The team.
    pub team: String,
    /// The file, as the diagnostics name it.
    pub path: String,
    /// `draft`, `review`, `final` or `closed`.
    pub status: Status,
    /// The iteration.
    pub version: Version,
    /// 0 for a root, 1 for its children, and so on.
    pub depth: usize,
    /// `parent` as written.
    pub parent: Option<String>,
    /// The set `parent` resolved to, as `period:team`, if it resolved.
    pub parent_ref: Option<String>,
    /// Where the set stands and why.
    pub placement: Placement,
    /// The references of the sets under this one, in the order shown.
    pub children: Vec<String>,
    /// Weighted mean of its objectives' progress; `None` before any value.
    pub progress: Option<f64>,
    /// Its objectives.
    pub objectives: Vec<ObjectiveNode>,
}

/// One objective with the links of its alignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveNode {
    /// Its id.
    pub id: String,
    /// `period:team/objective`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Weighted mean of its key results' progress.
    pub progress: Option<f64>,
    /// Each `aligns` entry, in the order written.
    pub aligns: Vec<Aligned>,
    /// The objectives of other sets whose `aligns` name this one.
    pub supported_by: Vec<Linked>,
    /// The mean progress of `supported_by`, those without a value counted
    /// as 0 once any has one; `None` without supporters or values.
    pub support: Option<f64>,
    /// Its key results measured by others (`from`), with where their
    /// values came from (filled in by [`crate::rollup`] before aligning).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<DerivedKr>,
}

/// A key result measured by others, as the tree shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedKr {
    /// Its id.
    pub id: String,
    /// Its derived value.
    pub current: Option<f64>,
    /// Its unit.
    pub unit: Option<String>,
    /// Its progress.
    pub progress: Option<f64>,
    /// Where the value came from: `mean of payments/payment-rtt, web/page-rtt`.
    pub from: String,
}

/// One `aligns` entry of an objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aligned {
    /// The reference as written.
    pub written: String,
    /// The objective it resolved to, as `period:team/objective`; `None`
    /// when it did not resolve to an objective of another set (a
    /// diagnostic says why).
    pub target: Option<String>,
    /// That objective's progress.
    pub progress: Option<f64>,
}

/// An objective on the other end of a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Linked {
    /// `period:team/objective`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its progress.
    pub progress: Option<f64>,
}

/// The alignment of the sets of `files` (files without a set are left out):
/// the forests, each objective's links and support, and every problem in
/// the links ([`check_sets`] and the cycles).
pub fn align(files: &[ParsedFile]) -> Alignment {
    let graph = Graph::new(files);
    let mut diagnostics = check_sets(files);
    diagnostics.extend(graph.cycle_diagnostics());
    Diagnostic::sort(&mut diagnostics);
    Alignment {
        periods: graph.forests(),
        diagnostics,
    }
}

/// The cycles of `parent` and of `aligns` among the sets of `files`, one
/// diagnostic per cycle, for callers that check references themselves.
pub fn cycles(files: &[ParsedFile]) -> Vec<Diagnostic> {
    let mut diagnostics = Graph::new(files).cycle_diagnostics();
    Diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Where a set's `parent` leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParentLink {
    None,
    /// A set of the same period: an edge of the forest.
    Same(usize),
    /// A set of another period.
    Other(usize),
    Unresolved,
}

/// The sets with their links resolved: set indexes are positions among the
/// files that hold a set, objective nodes are numbered set after set.
struct Graph<'a> {
    files: Vec<&'a ParsedFile>,
    index: Index<'a>,
    parents: Vec<ParentLink>,
    /// Sets whose parent link closes a cycle, with the cycle from that set
    /// round to it again.
    cut: BTreeMap<usize, Vec<usize>>,
    /// The first objective node of each set.
    offsets: Vec<usize>,
    /// For each objective node, what each `aligns` entry resolved to (an
    /// objective node of another set), by entry.
    aligns: Vec<Vec<Option<usize>>>,
}

impl<'a> Graph<'a> {
    fn new(files: &'a [ParsedFile]) -> Self {
        let files: Vec<&ParsedFile> = files.iter().filter(|f| f.set.is_some()).collect();
        let index = Index::new(files.iter().filter_map(|f| f.set.as_ref()).collect());
        let sets: Vec<&OkrSet> = (0..files.len()).filter_map(|i| index.set(i)).collect();

        let parents: Vec<ParentLink> = sets
            .iter()
            .enumerate()
            .map(|(i, set)| {
                let Some(parent) = &set.parent else {
                    return ParentLink::None;
                };
                let period = set.period.label.as_str();
                match index.resolve(parent, &[Kind::Set], Some(period)) {
                    Ok(Target::Set(j)) if j != i => match sets.get(j) {
                        Some(p) if p.period.label == period => ParentLink::Same(j),
                        Some(_) => ParentLink::Other(j),
                        None => ParentLink::Unresolved,
                    },
                    _ => ParentLink::Unresolved,
                }
            })
            .collect();
        let cut = parent_cycles(&parents, |i| {
            (
                sets.get(i).map(|s| s.team.as_str()),
                files.get(i).map(|f| f.source.path()),
            )
        });

        let mut offsets = Vec::with_capacity(sets.len());
        let mut total = 0;
        for set in &sets {
            offsets.push(total);
            total += set.objectives.len();
        }
        let mut aligns = Vec::with_capacity(total);
        for (s, set) in sets.iter().enumerate() {
            let period = Some(set.period.label.as_str());
            for objective in &set.objectives {
                aligns.push(
                    objective
                        .aligns
                        .iter()
                        .map(|reference| {
                            match index.resolve(reference, &[Kind::Objective], period) {
                                Ok(Target::Objective(t, o)) if t != s => {
                                    offsets.get(t).map(|first| first + o)
                                }
                                _ => None,
                            }
                        })
                        .collect(),
                );
            }
        }
        Graph {
            files,
            index,
            parents,
            cut,
            offsets,
            aligns,
        }
    }

    fn set(&self, i: usize) -> Option<&'a OkrSet> {
        self.index.set(i)
    }

    /// The set and objective index of objective node `node`.
    fn objective(&self, node: usize) -> Option<(usize, usize)> {
        let s = self.offsets.partition_point(|&first| first <= node);
        let s = s.checked_sub(1)?;
        let o = node - self.offsets.get(s)?;
        let set = self.set(s)?;
        (o < set.objectives.len()).then_some((s, o))
    }

    /// `period:team/objective` of objective node `node`, and its progress.
    fn linked(&self, node: usize) -> Option<Linked> {
        let (s, o) = self.objective(node)?;
        let objective = self.set(s)?.objectives.get(o)?;
        Some(Linked {
            reference: self.index.name(Target::Objective(s, o), true),
            progress: objective.progress(),
        })
    }

    /// The edge from objective node `node` to others: aligns entries that
    /// resolved, without repeats.
    fn edges(&self, node: usize) -> Vec<usize> {
        let mut targets: Vec<usize> = Vec::new();
        for target in self.aligns.get(node).into_iter().flatten().flatten() {
            if !targets.contains(target) {
                targets.push(*target);
            }
        }
        targets
    }

    fn cycle_diagnostics(&self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (&start, cycle) in &self.cut {
            let (Some(file), Some(set)) = (self.files.get(start), self.set(start)) else {
                continue;
            };
            let names: Vec<String> = cycle
                .iter()
                .filter_map(|&i| self.set(i).map(|s| format!("`{}`", s.team)))
                .collect();
            diagnostics.push(
                Diagnostic::new(
                    &file.source,
                    PARENT_CYCLE,
                    Severity::Error,
                    set.spans.field_or_table("parent"),
                    format!("`parent`: {} go round in a cycle", chain(&names)),
                )
                .with_help(
                    "a set's `parent` is the set above it (team → department → company): remove or fix `parent` in one of these sets",
                )
                .with_subject(Some(set.team.clone())),
            );
        }

        let edges: Vec<Vec<usize>> = (0..self.aligns.len()).map(|n| self.edges(n)).collect();
        for component in strongly_connected(&edges) {
            if component.len() < 2 {
                continue;
            }
            let Some(&start) = component.iter().min() else {
                continue;
            };
            let Some(cycle) = shortest_cycle(&edges, &component, start) else {
                continue;
            };
            let Some(diagnostic) = self.aligns_cycle(&cycle) else {
                continue;
            };
            diagnostics.push(diagnostic);
        }
        diagnostics
    }

    /// The diagnostic of the objective cycle `cycle` (nodes, the first
    /// repeated at the end), at the `aligns` entry of the first that leads
    /// to the second.
    fn aligns_cycle(&self, cycle: &[usize]) -> Option<Diagnostic> {
        let (&start, &next) = (cycle.first()?, cycle.get(1)?);
        let (s, o) = self.objective(start)?;
        let file = self.files.get(s)?;
        let set = self.set(s)?;
        let objective = set.objectives.get(o)?;
        let entry = self
            .aligns
            .get(start)?
            .iter()
            .position(|t| *t == Some(next))?;
        let targets: Vec<Target> = cycle
            .iter()
            .filter_map(|&n| self.objective(n).map(|(s, o)| Target::Objective(s, o)))
            .collect();
        let with_period = targets.iter().any(|t| {
            self.set(t.set())
                .is_some_and(|other| other.period.label != set.period.label)
        });
        let names: Vec<String> = targets
            .iter()
            .map(|&t| format!("`{}`", self.index.name(t, with_period)))
            .collect();
        Some(
            Diagnostic::new(
                &file.source,
                ALIGNS_CYCLE,
                Severity::Error,
                objective.spans.item("aligns", entry),
                format!("`aligns`: {} go round in a cycle", chain(&names)),
            )
            .with_help(
                "an objective aligns to one above it that it supports, never to one that supports it: remove one of these references",
            )
            .with_subject(Some(format!("{}/{}", set.team, objective.id))),
        )
    }

    /// The forests, one per period.
    fn forests(&self) -> Vec<Forest> {
        let count = self.files.len();
        // The parent of each set in its forest, once cycles are cut.
        let above: Vec<Option<usize>> = (0..count)
            .map(|i| match self.parents.get(i) {
                Some(ParentLink::Same(j)) if !self.cut.contains_key(&i) => Some(*j),
                _ => None,
            })
            .collect();
        let order = |i: &usize| {
            (
                self.set(*i).map(|s| s.team.clone()),
                self.files.get(*i).map(|f| f.source.path().to_owned()),
            )
        };
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (i, parent) in above.iter().enumerate() {
            if let Some(list) = parent.and_then(|p| children.get_mut(p)) {
                list.push(i);
            }
        }
        for list in &mut children {
            list.sort_by_key(order);
        }
        let supporters = self.supporters();

        // Periods by label, the earliest start first, then the longest.
        let mut periods: BTreeMap<(NaiveDate, std::cmp::Reverse<NaiveDate>, String), Vec<usize>> =
            BTreeMap::new();
        for i in 0..count {
            if let Some(set) = self.set(i) {
                let p = &set.period;
                let key = (p.start, std::cmp::Reverse(p.end), p.label.clone());
                periods.entry(key).or_default().push(i);
            }
        }
        // One label may come with different dates (explicit periods): keep
        // each label's sets in one forest, under its first dates.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut forests: Vec<(String, NaiveDate, NaiveDate, Vec<usize>)> = Vec::new();
        for ((start, end, label), sets) in periods {
            match seen.get(&label).and_then(|&f| forests.get_mut(f)) {
                Some(forest) => forest.3.extend(sets),
                None => {
                    seen.insert(label.clone(), forests.len());
                    forests.push((label, start, end.0, sets));
                }
            }
        }

        forests
            .into_iter()
            .map(|(period, start, end, members)| {
                let mut roots: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| above.get(i).is_some_and(Option::is_none))
                    .collect();
                roots.sort_by_key(order);
                let mut visited = vec![false; count];
                let mut sets = Vec::with_capacity(members.len());
                let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
                while let Some((i, depth)) = stack.pop() {
                    if visited.get(i).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(v) = visited.get_mut(i) {
                        *v = true;
                    }
                    let below = children.get(i).map(Vec::as_slice).unwrap_or_default();
                    stack.extend(below.iter().rev().map(|&c| (c, depth + 1)));
                    if let Some(node) = self.node(i, depth, below, &supporters) {
                        sets.push(node);
                    }
                }
                Forest {
                    roots: roots.iter().map(|&r| self.set_name(r)).collect(),
                    period,
                    start,
                    end,
                    sets,
                }
            })
            .collect()
    }

    /// `period:team` of set `i`.
    fn set_name(&self, i: usize) -> String {
        self.set(i)
            .map(|s| format!("{}:{}", s.period.label, s.team))
            .unwrap_or_default()
    }

    /// For each objective node, the nodes of other sets that align to it,
    /// in the order of the sets and their objectives.
    fn supporters(&self) -> Vec<Vec<usize>> {
        let mut supporters: Vec<Vec<usize>> = vec![Vec::new(); self.aligns.len()];
        for node in 0..self.aligns.len() {
            for target in self.edges(node) {
                if let Some(list) = supporters.get_mut(target) {
                    list.push(node);
                }
            }
        }
        supporters
    }

    fn node(
        &self,
        i: usize,
        depth: usize,
        children: &[usize],
        supporters: &[Vec<usize>],
    ) -> Option<SetNode> {
        let set = self.set(i)?;
        let file = self.files.get(i)?;
        let link = self.parents.get(i).copied().unwrap_or(ParentLink::None);
        let placement = match link {
            ParentLink::None => Placement::Root,
            _ if self.cut.contains_key(&i) => Placement::ParentCycle,
            ParentLink::Same(_) => Placement::Child,
            ParentLink::Other(_) => Placement::ParentInOtherPeriod,
            ParentLink::Unresolved => Placement::ParentUnresolved,
        };
        let parent_ref = match link {
            ParentLink::Same(j) | ParentLink::Other(j) => Some(self.set_name(j)),
            ParentLink::None | ParentLink::Unresolved => None,
        };
        let first = self.offsets.get(i).copied().unwrap_or_default();
        let objectives = set
            .objectives
            .iter()
            .enumerate()
            .map(|(o, objective)| {
                let node = first + o;
                let resolved = self.aligns.get(node);
                let aligns = objective
                    .aligns
                    .iter()
                    .enumerate()
                    .map(|(n, written)| {
                        let target = resolved
                            .and_then(|r| r.get(n).copied().flatten())
                            .and_then(|t| self.linked(t));
                        Aligned {
                            written: written.clone(),
                            progress: target.as_ref().and_then(|t| t.progress),
                            target: target.map(|t| t.reference),
                        }
                    })
                    .collect();
                let supported_by: Vec<Linked> = supporters
                    .get(node)
                    .into_iter()
                    .flatten()
                    .filter_map(|&s| self.linked(s))
                    .collect();
                ObjectiveNode {
                    id: objective.id.clone(),
                    reference: self.index.name(Target::Objective(i, o), true),
                    title: objective.title.clone(),
                    progress: objective.progress(),
                    aligns,
                    support: roll_up(supported_by.iter().map(|s| (s.progress, 1.0))),
                    supported_by,
                    derived: objective
                        .key_results
                        .iter()
                        .filter_map(|kr| {
                            let derivation = kr.derived.as_ref()?;
                            Some(DerivedKr {
                                id: kr.id.clone(),
                                current: kr.current,
                                unit: kr.unit.clone(),
                                progress: kr.progress(),
                                from: derivation.describe(),
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        Some(SetNode {
            reference: self.set_name(i),
            team: set.team.clone(),
            path: file.source.path().to_owned(),
            status: set.status,
            version: set.version,
            depth,
            parent: set.parent.clone(),
            parent_ref,
            placement,
            children: children.iter().map(|&c| self.set_name(c)).collect(),
            progress: set.progress(),
            objectives,
        })
    }
}

/// The cycles of the parent links (each set has at most one parent in its
/// period, so each cycle is found by walking up), keyed by the set where
/// each is cut: the least by `key`. Each cycle is listed from that set
/// round to it again.
fn parent_cycles<K: Ord>(
    parents: &[ParentLink],
    key: impl Fn(usize) -> K,
) -> BTreeMap<usize, Vec<usize>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let up = |i: usize| match parents.get(i) {
        Some(ParentLink::Same(j)) => Some(*j),
        _ => None,
    };
    let mut state = vec![NEW; parents.len()];
    let mut cycles = BTreeMap::new();
    for first in 0..parents.len() {
        let mut path = Vec::new();
        let mut at = Some(first);
        while let Some(i) = at {
            match state.get(i).copied() {
                Some(NEW) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = ON_PATH;
                    }
                    path.push(i);
                    at = up(i);
                }
                Some(ON_PATH) => {
                    // The walk came back to a set on this path: a cycle.
                    let from = path.iter().position(|&p| p == i).unwrap_or_default();
                    let members = path.get(from..).unwrap_or_default();
                    if let Some(&cut) = members.iter().min_by_key(|&&m| key(m)) {
                        let mut cycle = vec![cut];
                        let mut next = up(cut);
                        while let Some(n) = next {
                            cycle.push(n);
                            if n == cut || cycle.len() > members.len() {
                                break;
                            }
                            next = up(n);
                        }
                        cycles.insert(cut, cycle);
                    }
                    at = None;
                }
                _ => at = None,
            }
        }
        for i in path {
            if let Some(s) = state.get_mut(i) {
                *s = DONE;
            }
        }
    }
    cycles
}

/// The names of a cycle joined by arrows, the middle of a long one left
/// out: `a` → `b` → … 20 more … → `a`.
fn chain(names: &[String]) -> String {
    const HEAD: usize = 4;
    const TAIL: usize = 2;
    if names.len() <= HEAD + TAIL + 2 {
        return names.join(" → ");
    }
    let head = names.get(..HEAD).unwrap_or_default();
    let tail = names.get(names.len() - TAIL..).unwrap_or_default();
    format!(
        "{} → … {} more … → {}",
        head.join(" → "),
        names.len() - HEAD - TAIL,
        tail.join(" → ")
    )
}

/// The strongly connected components of a graph given as adjacency lists
/// (Tarjan's algorithm, with an explicit stack instead of recursion).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut components = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(frame) = calls.last_mut() {
            let v = frame.0;
            match edges[v].get(frame.1).copied() {
                Some(w) if w < n => {
                    frame.1 += 1;
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                }
                Some(_) => frame.1 += 1,
                None => {
                    calls.pop();
                    if let Some(&(u, _)) = calls.last() {
                        low[u] = low[u].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut component = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            component.push(w);
                            if w == v {
                                break;
                            }
                        }
                        component.sort_unstable();
                        components.push(component);
                    }
                }
            }
        }
    }
    components
}

/// The shortest cycle from `start` back to it through the nodes of
/// `component`, as the nodes in order with `start` at both ends.
fn shortest_cycle(edges: &[Vec<usize>], component: &[usize], start: usize) -> Option<Vec<usize>> {
    let inside = |n: usize| component.binary_search(&n).is_ok();
    let mut before: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &w in edges.get(u).into_iter().flatten() {
            if w == start {
                let mut cycle = vec![start, u];
                let mut at = u;
                while at != start {
                    at = *before.get(&at)?;
                    cycle.push(at);
                }
                cycle.reverse();
                return Some(cycle);
            }
            if inside(w) && !before.contains_key(&w) {
                before.insert(w, u);
                queue.push_back(w);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;
    use crate::parse::parse;

    /// A set file for `team` in `period`, with a parent and objectives
    /// `(id, aligns, current)` each with one key result from 0 to 10.
    fn file(
        team: &str,
        period: &str,
        parent: Option<&str>,
        objectives: &[(&str, &[&str], Option<f64>)],
    ) -> ParsedFile {
        let mut text = format!("format = 1\nteam = \"{team}\"\nperiod = \"{period}\"\n");
        if let Some(parent) = parent {
            text += &format!("parent = \"{parent}\"\n");
        }
        for (id, aligns, current) in objectives {
            text += &format!("\n[[objectives]]\nid = \"{id}\"\ntitle = \"Objective {id}\"\n");
            if !aligns.is_empty() {
                let list: Vec<String> = aligns.iter().map(|a| format!("\"{a}\"")).collect();
                text += &format!("aligns = [{}]\n", list.join(", "));
            }
            text += &format!(
                "\n[[objectives.key_results]]\nid = \"{id}-kr\"\ntitle = \"Move {id} from 0 to 10\"\nbaseline = 0\ntarget = 10\n"
            );
            if let Some(current) = current {
                text += &format!("current = {current}\n");
            }
        }
        let parsed = parse(&format!("okrs/{period}/{team}.toml"), &text);
        assert!(!parsed.has_errors(), "{text}\n{:#?}", parsed.diagnostics);
        parsed
    }

    fn company() -> Vec<ParsedFile> {
        vec![
            file(
                "company",
                "2026-Q4",
                None,
                &[("grow", &[], Some(4.0)), ("keep", &[], None)],
            ),
            file(
                "engineering",
                "2026-Q4",
                Some("company"),
                &[("trust", &["company/grow"], Some(6.0))],
            ),
            file(
                "sales",
                "2026-Q4",
                Some("company"),
                &[("markets", &["grow"], Some(2.0))],
            ),
            file(
                "platform",
                "2026-Q4",
                Some("engineering"),
                &[("paved", &["engineering/trust", "sales/markets"], Some(8.0))],
            ),
            file(
                "checkout",
                "2026-Q4",
                Some("engineering"),
                &[("fast", &["trust"], None)],
            ),
        ]
    }

    fn teams(forest: &Forest) -> Vec<String> {
        forest
            .sets
            .iter()
            .map(|s| format!("{}{}", "  ".repeat(s.depth), s.team))
            .collect()
    }

    fn objective<'a>(alignment: &'a Alignment, reference: &str) -> &'a ObjectiveNode {
        alignment
            .periods
            .iter()
            .flat_map(|f| &f.sets)
            .flat_map(|s| &s.objectives)
            .find(|o| o.reference == reference)
            .unwrap_or_else(|| panic!("no {reference}"))
    }

    fn codes_of(alignment: &Alignment) -> Vec<(&str, &str, usize)> {
        alignment
            .diagnostics
            .iter()
            .map(|d| (d.code, d.file.as_str(), d.line))
            .collect()
    }

    #[test]
    fn sets_hang_under_their_parents() {
        let alignment = align(&company());
        assert!(
            alignment.diagnostics.is_empty(),
            "{:#?}",
            alignment.diagnostics
        );
        assert_eq!(alignment.periods.len(), 1);
        let forest = &alignment.periods[0];
        assert_eq!(forest.period, "2026-Q4");
        assert_eq!(forest.roots, ["2026-Q4:company"]);
        assert_eq!(
            teams(forest),
            [
                "company",
                "  engineering",
                "    checkout",
                "    platform",
                "  sales"
            ]
        );
        let engineering = &forest.sets[1];
        assert_eq!(engineering.placement, Placement::Child);
        assert_eq!(engineering.parent_ref.as_deref(), Some("2026-Q4:company"));
        assert_eq!(
            engineering.children,
            ["2026-Q4:checkout", "2026-Q4:platform"]
        );
    }

    #[test]
    fn support_is_the_mean_of_the_supporters() {
        let alignment = align(&company());
        let grow = objective(&alignment, "2026-Q4:company/grow");
        assert_eq!(grow.progress, Some(0.4));
        let supporters: Vec<&str> = grow
            .supported_by
            .iter()
            .map(|s| s.reference.as_str())
            .collect();
        assert_eq!(
            supporters,
            ["2026-Q4:engineering/trust", "2026-Q4:sales/markets"]
        );
        assert_eq!(grow.support, Some(0.4), "mean of 0.6 and 0.2");

        // Several parents: platform's objective supports two.
        let paved = objective(&alignment, "2026-Q4:platform/paved");
        let targets: Vec<Option<&str>> = paved.aligns.iter().map(|a| a.target.as_deref()).collect();
        assert_eq!(
            targets,
            [
                Some("2026-Q4:engineering/trust"),
                Some("2026-Q4:sales/markets")
            ]
        );
        assert_eq!(paved.aligns[1].progress, Some(0.2));
        let markets = objective(&alignment, "2026-Q4:sales/markets");
        assert_eq!(markets.supported_by.len(), 1);
        assert_eq!(markets.support, Some(0.8));

        // A supporter without a value counts as 0 once another has one.
        let trust = objective(&alignment, "2026-Q4:engineering/trust");
        assert_eq!(trust.supported_by.len(), 2);
        assert_eq!(trust.support, Some(0.4));

        // Nobody supports `keep`, and nothing is measured in `fast`.
        assert_eq!(objective(&alignment, "2026-Q4:company/keep").support, None);
        assert_eq!(
            objective(&alignment, "2026-Q4:checkout/fast").progress,
            None
        );
    }

    #[test]
    fn a_missing_parent_makes_a_root_with_a_diagnostic() {
        let mut files = company();
        files.push(file(
            "growth",
            "2026-Q4",
            Some("marketing"),
            &[("leads", &["nowhere/thing"], None)],
        ));
        let alignment = align(&files);
        assert_eq!(
            codes_of(&alignment),
            [
                (codes::UNRESOLVED_REFERENCE, "okrs/2026-Q4/growth.toml", 4),
                (codes::UNRESOLVED_REFERENCE, "okrs/2026-Q4/growth.toml", 9),
            ]
        );
        let forest = &alignment.periods[0];
        assert_eq!(forest.roots, ["2026-Q4:company", "2026-Q4:growth"]);
        let growth = forest
            .sets
            .iter()
            .find(|s| s.team == "growth")
            .expect("growth");
        assert_eq!(growth.placement, Placement::ParentUnresolved);
        assert_eq!(growth.depth, 0);
        let leads = objective(&alignment, "2026-Q4:growth/leads");
        assert_eq!(leads.aligns[0].target, None);
        assert_eq!(leads.aligns[0].written, "nowhere/thing");
    }

    #[test]
    fn a_parent_cycle_is_cut_and_reported_once() {
        let files = vec![
            file("a", "2026-Q4", Some("c"), &[("x", &[], None)]),
            file("b", "2026-Q4", Some("a"), &[("y", &[], None)]),
            file("c", "2026-Q4", Some("b"), &[("z", &[], None)]),
            file("d", "2026-Q4", Some("b"), &[("w", &[], None)]),
            file("e", "2026-Q4", Some("e-is-not-here"), &[("v", &[], None)]),
        ];
        let alignment = align(&files);
        let cycles: Vec<&Diagnostic> = alignment
            .diagnostics
            .iter()
            .filter(|d| d.code == PARENT_CYCLE)
            .collect();
        assert_eq!(cycles.len(), 1, "{:#?}", alignment.diagnostics);
        assert_eq!(cycles[0].file, "okrs/2026-Q4/a.toml");
        assert_eq!((cycles[0].line, cycles[0].column), (4, 10));
        assert_eq!(
            cycles[0].message,
            "`parent`: `a` → `c` → `b` → `a` go round in a cycle"
        );
        let forest = &alignment.periods[0];
        assert_eq!(teams(forest), ["a", "  b", "    c", "    d", "e"]);
        assert_eq!(forest.sets[0].placement, Placement::ParentCycle);
        assert_eq!(forest.sets[0].parent_ref.as_deref(), Some("2026-Q4:c"));

        // Two sets naming each other.
        let files = vec![
            file("a", "2026-Q4", Some("b"), &[("x", &[], None)]),
            file("b", "2026-Q4", Some("a"), &[("y", &[], None)]),
        ];
        let alignment = align(&files);
        assert_eq!(
            codes_of(&alignment),
            [(PARENT_CYCLE, "okrs/2026-Q4/a.toml", 4)]
        );
        assert_eq!(teams(&alignment.periods[0]), ["a", "  b"]);
    }

    #[test]
    fn an_aligns_cycle_is_reported_once_at_its_first_link() {
        let files = vec![
            file("a", "2026-Q4", None, &[("x", &["b/y"], Some(5.0))]),
            file("b", "2026-Q4", None, &[("y", &["c/z"], None)]),
            file("c", "2026-Q4", None, &[("z", &["d/w", "a/x"], None)]),
            file("d", "2026-Q4", None, &[("w", &[], None)]),
        ];
        let alignment = align(&files);
        assert_eq!(
            codes_of(&alignment),
            [(ALIGNS_CYCLE, "okrs/2026-Q4/a.toml", 8)]
        );
        let diagnostic = &alignment.diagnostics[0];
        assert_eq!(
            diagnostic.message,
            "`aligns`: `a/x` → `b/y` → `c/z` → `a/x` go round in a cycle"
        );
        assert_eq!(diagnostic.subject.as_deref(), Some("a/x"));
        // The links still show, both ways.
        assert_eq!(objective(&alignment, "2026-Q4:a/x").supported_by.len(), 1);
        assert_eq!(objective(&alignment, "2026-Q4:c/z").support, None);
        assert_eq!(objective(&alignment, "2026-Q4:b/y").support, Some(0.5));
        assert_eq!(objective(&alignment, "2026-Q4:c/z").aligns.len(), 2);
    }

    #[test]
    fn periods_are_forests_of_their_own() {
        let mut files = company();
        files.push(file("holding", "2026", None, &[("year", &[], Some(1.0))]));
        files.push(file("company", "2026-Q3", None, &[("grow", &[], None)]));
        files.push(file(
            "engineering",
            "2026-Q3",
            Some("company"),
            &[("trust", &["grow"], None)],
        ));
        // A quarter's set under its year's: a root of the quarter's forest.
        files.push(file(
            "board",
            "2026-Q4",
            Some("holding"),
            &[("win", &["year"], None)],
        ));
        let alignment = align(&files);
        assert!(
            alignment.diagnostics.is_empty(),
            "{:#?}",
            alignment.diagnostics
        );
        let labels: Vec<&str> = alignment
            .periods
            .iter()
            .map(|f| f.period.as_str())
            .collect();
        assert_eq!(labels, ["2026", "2026-Q3", "2026-Q4"]);
        assert_eq!(teams(&alignment.periods[1]), ["company", "  engineering"]);
        let board = alignment.periods[2]
            .sets
            .iter()
            .find(|s| s.team == "board")
            .expect("board");
        assert_eq!(board.placement, Placement::ParentInOtherPeriod);
        assert_eq!(board.parent_ref.as_deref(), Some("2026:holding"));
        // The year's objective lists the quarter's supporter.
        let year = objective(&alignment, "2026:holding/year");
        assert_eq!(year.supported_by[0].reference, "2026-Q4:board/win");
        let trust = objective(&alignment, "2026-Q3:engineering/trust");
        assert_eq!(
            trust.aligns[0].target.as_deref(),
            Some("2026-Q3:company/grow")
        );
    }

    #[test]
    fn self_references_do_not_count_as_support() {
        let files = vec![file(
            "a",
            "2026-Q4",
            Some("a"),
            &[("x", &["a/y"], Some(5.0)), ("y", &["x"], None)],
        )];
        let alignment = align(&files);
        let found: Vec<&str> = alignment.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            found,
            [
                codes::SELF_REFERENCE,
                codes::SELF_REFERENCE,
                codes::SELF_REFERENCE
            ]
        );
        assert_eq!(
            alignment.periods[0].sets[0].placement,
            Placement::ParentUnresolved
        );
        assert!(objective(&alignment, "2026-Q4:a/y").supported_by.is_empty());
        assert_eq!(cycles(&files), []);
    }

    #[test]
    fn a_long_chain_does_not_recurse() {
        let n = 1000;
        let mut files = Vec::new();
        for i in 0..n {
            let parent = (i > 0).then(|| format!("t{}", i - 1));
            let aligns = if i > 0 {
                vec![format!("t{}/o{}", i - 1, i - 1)]
            } else {
                vec!["t999/o999".to_owned()]
            };
            let aligns: Vec<&str> = aligns.iter().map(String::as_str).collect();
            files.push(file(
                &format!("t{i}"),
                "2026-Q4",
                parent.as_deref(),
                &[(&format!("o{i}"), &aligns, None)],
            ));
        }
        let alignment = align(&files);
        assert_eq!(alignment.periods[0].sets.len(), n);
        assert_eq!(alignment.periods[0].sets[n - 1].depth, n - 1);
        let found: Vec<&str> = alignment.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(found, [ALIGNS_CYCLE]);
        assert_eq!(
            alignment.diagnostics[0].message,
            "`aligns`: `t0/o0` → `t999/o999` → `t998/o998` → `t997/o997` → … 995 more … → `t1/o1` → `t0/o0` go round in a cycle"
        );
    }

    #[test]
    fn graph_helpers() {
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4]];
        let mut components = strongly_connected(&edges);
        components.sort();
        assert_eq!(components, [vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(
            shortest_cycle(&edges, &[0, 1, 2], 0),
            Some(vec![0, 1, 2, 0])
        );
        assert_eq!(shortest_cycle(&edges, &[4], 4), Some(vec![4, 4]));
        assert_eq!(shortest_cycle(&edges, &[3], 3), None);
        // Out-of-range targets are ignored, not followed.
        assert_eq!(strongly_connected(&[vec![7]]), [vec![0]]);
    }

    #[test]
    fn no_sets_no_forests() {
        let alignment = align(&[parse("x.toml", "not toml")]);
        assert!(alignment.periods.is_empty());
    }
}
