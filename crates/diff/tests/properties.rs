//! Properties of the diff over generated sets: a set compared with itself
//! has no changes, and every single generated change is reported once,
//! with the right class and subject.

use okr_diff::{Class, SetFile, Subject, diff};
use okr_model::set::Spans;
use okr_model::{KeyResult, KrKind, Objective, OkrSet, Period, Status, Version};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "reduce",
    "failed",
    "checkout",
    "attempts",
    "latency",
    "deploys",
    "build",
    "time",
    "errors",
    "customers",
    "weekly",
    "active",
    "teams",
    "incident",
    "recovery",
    "pages",
    "cost",
    "spend",
    "availability",
    "onboarding",
    "search",
    "conversion",
    "p99",
    "queue",
];

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 3..8).prop_map(|words| words.join(" "))
}

fn key_result(id: String) -> impl Strategy<Value = KeyResult> {
    (
        title(),
        0.0..100.0f64,
        0.0..100.0f64,
        prop::option::of(0.0..100.0f64),
    )
        .prop_map(move |(title, baseline, target, current)| KeyResult {
            id: id.clone(),
            title,
            kind: KrKind::Metric,
            metric: None,
            unit: None,
            baseline: Some(baseline),
            target: Some(target),
            current,
            confidence: None,
            ambition: None,
            score: None,
            weight: None,
            owner: None,
            caveat: None,
            from: Vec::new(),
            rollup: None,
            allow: Vec::new(),
            derived: None,
            spans: Spans::default(),
        })
}

/// A set of 2 to 4 objectives with 1 to 4 key results each; ids are unique
/// across the set.
fn okr_set() -> impl Strategy<Value = OkrSet> {
    prop::collection::vec((title(), 1..5usize), 2..5)
        .prop_flat_map(|objectives| {
            let mut next = 0;
            let strategies: Vec<_> = objectives
                .into_iter()
                .enumerate()
                .map(|(o, (title, count))| {
                    let krs: Vec<_> = (0..count)
                        .map(|_| {
                            next += 1;
                            key_result(format!("kr-{next}"))
                        })
                        .collect();
                    (Just(o), Just(title), krs)
                })
                .collect();
            (
                strategies,
                prop::sample::select(&[Status::Draft, Status::Final][..]),
            )
        })
        .prop_map(|(objectives, status)| OkrSet {
            team: "platform".to_owned(),
            period: Period::calendar("2026-Q4").expect("a calendar period"),
            parent: Some("engineering".to_owned()),
            status,
            version: Version::default(),
            positioning: None,
            needs: Vec::new(),
            objectives: objectives
                .into_iter()
                .map(|(o, title, key_results)| Objective {
                    id: format!("objective-{o}"),
                    title,
                    theme: None,
                    aligns: vec!["engineering/customer-trust".to_owned()],
                    weight: None,
                    key_results,
                    allow: Vec::new(),
                    spans: Spans::default(),
                })
                .collect(),
            review: None,
            allow: Vec::new(),
            spans: Spans::default(),
        })
}

/// One kind of single change.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    Reword,
    Target,
    Baseline,
    Current,
    Status,
    Version,
    Parent,
    Aligns,
    RemoveKr,
    AddKr,
    AddObjective,
    RemoveObjective,
    RenameKr,
    MoveKr,
    RenameObjective,
    RewordObjective,
    Owner,
    MoveFile,
}

const MUTATIONS: [Mutation; 18] = [
    Mutation::Reword,
    Mutation::Target,
    Mutation::Baseline,
    Mutation::Current,
    Mutation::Status,
    Mutation::Version,
    Mutation::Parent,
    Mutation::Aligns,
    Mutation::RemoveKr,
    Mutation::AddKr,
    Mutation::AddObjective,
    Mutation::RemoveObjective,
    Mutation::RenameKr,
    Mutation::MoveKr,
    Mutation::RenameObjective,
    Mutation::RewordObjective,
    Mutation::Owner,
    Mutation::MoveFile,
];

/// Applies `mutation` at the place `pick` chooses; returns the new set, its
/// path, and the class and subject path the diff must report.
fn apply(set: &OkrSet, mutation: Mutation, pick: usize) -> (OkrSet, &'static str, Class, String) {
    let mut new = set.clone();
    let o = pick % set.objectives.len();
    let k = pick % set.objectives[o].key_results.len();
    let objective_id = set.objectives[o].id.clone();
    let kr_id = set.objectives[o].key_results[k].id.clone();
    let kr_path = format!("{objective_id}/{kr_id}");
    fn at(set: &mut OkrSet, o: usize, k: usize) -> &mut KeyResult {
        &mut set.objectives[o].key_results[k]
    }
    let mut path = "okrs/platform.toml";
    let (class, subject) = match mutation {
        Mutation::Reword => {
            at(&mut new, o, k).title.push_str(" quarterly");
            (Class::Reworded, kr_path)
        }
        Mutation::Target => {
            let target = at(&mut new, o, k).target.unwrap_or_default();
            at(&mut new, o, k).target = Some(target + 1.0);
            (Class::TargetChanged, kr_path)
        }
        Mutation::Baseline => {
            at(&mut new, o, k).baseline = Some(-1.0);
            (Class::BaselineChanged, kr_path)
        }
        Mutation::Current => {
            at(&mut new, o, k).current = Some(-1.0);
            (Class::CheckIn, kr_path)
        }
        Mutation::Status => {
            new.status = Status::Closed;
            (Class::StatusChanged, String::new())
        }
        Mutation::Version => {
            new.version.minor += 1;
            (Class::VersionChanged, String::new())
        }
        Mutation::Parent => {
            new.parent = Some("technology".to_owned());
            (Class::AlignmentChanged, String::new())
        }
        Mutation::Aligns => {
            new.objectives[o]
                .aligns
                .push("engineering/revenue".to_owned());
            (Class::AlignmentChanged, objective_id)
        }
        Mutation::RemoveKr => {
            new.objectives[o].key_results.remove(k);
            (Class::Removed, kr_path)
        }
        Mutation::AddKr => {
            let mut added = set.objectives[o].key_results[k].clone();
            added.id = "kr-added".to_owned();
            added.title = "zero unplanned outages during the holiday freeze".to_owned();
            new.objectives[o].key_results.push(added);
            (Class::Added, format!("{objective_id}/kr-added"))
        }
        Mutation::AddObjective => {
            let mut added = set.objectives[o].clone();
            added.id = "objective-added".to_owned();
            added.title = "a brand new direction".to_owned();
            added.key_results.clear();
            new.objectives.push(added);
            (Class::Added, "objective-added".to_owned())
        }
        Mutation::RemoveObjective => {
            new.objectives.remove(o);
            (Class::Removed, objective_id)
        }
        Mutation::RenameKr => {
            at(&mut new, o, k).id = "kr-renamed".to_owned();
            (Class::Renamed, format!("{objective_id}/kr-renamed"))
        }
        Mutation::MoveKr => {
            let moved = new.objectives[o].key_results.remove(k);
            let to = (o + 1) % new.objectives.len();
            let to_id = new.objectives[to].id.clone();
            new.objectives[to].key_results.push(moved);
            (Class::Moved, format!("{to_id}/{kr_id}"))
        }
        Mutation::RenameObjective => {
            new.objectives[o].id = "objective-renamed".to_owned();
            (Class::Renamed, "objective-renamed".to_owned())
        }
        Mutation::RewordObjective => {
            new.objectives[o].title.push_str(" for good");
            (Class::Reworded, objective_id)
        }
        Mutation::Owner => {
            at(&mut new, o, k).owner = Some("checkout".to_owned());
            (Class::Edited, kr_path)
        }
        Mutation::MoveFile => {
            path = "okrs/2026-Q4/platform.toml";
            (Class::Moved, String::new())
        }
    };
    (new, path, class, subject)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_set_has_no_changes_against_itself(set in okr_set()) {
        let file = [SetFile { path: "okrs/platform.toml", set: &set }];
        prop_assert!(diff(&file, &file).is_empty());
    }

    #[test]
    fn a_single_change_is_reported_once_with_its_class(
        set in okr_set(),
        which in 0..MUTATIONS.len(),
        pick in any::<usize>(),
    ) {
        let mutation = MUTATIONS[which];
        let (new, path, class, subject) = apply(&set, mutation, pick);
        let d = diff(
            &[SetFile { path: "okrs/platform.toml", set: &set }],
            &[SetFile { path, set: &new }],
        );
        let changes: Vec<_> = d.changes().map(|(_, c)| c).collect();
        prop_assert_eq!(changes.len(), 1, "{:?}: {:#?}", mutation, changes);
        prop_assert_eq!(changes[0].class, class, "{:?}", mutation);
        prop_assert_eq!(changes[0].subject.path(), subject.clone(), "{:?}", mutation);
        // A set's file renamed moves no goalpost.
        let file_moved = class == Class::Moved && subject.is_empty();
        let after_final = set.status == Status::Final && class.is_definition() && !file_moved;
        prop_assert_eq!(changes[0].changed_after_final, after_final);
        if class == Class::Moved && subject.is_empty() {
            prop_assert_eq!(&changes[0].subject, &Subject::Set);
        }
    }
}
