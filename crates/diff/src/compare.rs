//! Comparing one set's two versions: pairing objectives and key results,
//! then field by field.

use okr_model::{Allow, KeyResult, Objective, OkrSet, Status};

use crate::SetFile;
use crate::change::{Change, Class, FieldChange, SetDiff, Subject, Value};
use crate::words::{RENAME_THRESHOLD, similarity, word_diff};

/// The diff of one set, or `None` when nothing changed.
pub fn sets(old: Option<SetFile<'_>>, new: Option<SetFile<'_>>) -> Option<SetDiff> {
    let (period, team) = match (old, new) {
        (_, Some(file)) | (Some(file), None) => {
            (file.set.period.label.clone(), file.set.team.clone())
        }
        (None, None) => return None,
    };
    // A reopen (`git okr reopen`: out of final, or out of closed, with a
    // major version bump) puts the moved goalposts on the record; changes
    // that come with it are not flagged.
    let reopened = |old: &OkrSet, new: &OkrSet| {
        new.version.major > old.version.major
            && (new.status != Status::Final || old.status == Status::Closed)
    };
    // A final set's definition is frozen; a closed one's values too (it is
    // graded: they are the record).
    let frozen = |old: &OkrSet| match old.status {
        Status::Final => Frozen::Definition,
        Status::Closed => Frozen::Values,
        _ => Frozen::No,
    };
    let after_final = match (old, new) {
        (Some(old), Some(new)) if !reopened(old.set, new.set) => frozen(old.set),
        (Some(old), None) => frozen(old.set),
        _ => Frozen::No,
    };
    let mut changes = Changes::new(after_final);
    match (old, new) {
        (Some(old), Some(new)) => compare_sets(&mut changes, old, new),
        (None, Some(new)) => changes.push(
            Key::SET,
            Class::Added,
            Subject::Set,
            None,
            set_fields(new.set, Side::New),
        ),
        (Some(old), None) => changes.push(
            Key::SET,
            Class::Removed,
            Subject::Set,
            None,
            set_fields(old.set, Side::Old),
        ),
        (None, None) => {}
    }
    let changes = changes.finish();
    if changes.is_empty() {
        return None;
    }
    Some(SetDiff {
        period,
        team,
        old_path: old.map(|file| file.path.to_owned()),
        new_path: new.map(|file| file.path.to_owned()),
        old_status: old.map(|file| file.set.status),
        new_status: new.map(|file| file.set.status),
        changes,
    })
}

/// Where a change sorts in its set: the set's own changes first, then each
/// objective (new order, removed ones last) followed by its key results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    objective: usize,
    key_result: usize,
}

impl Key {
    const SET: Key = Key {
        objective: 0,
        key_result: 0,
    };
}

/// What of a set the version before froze.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frozen {
    /// Nothing: a draft or a set in review.
    No,
    /// Its definition: the set was final.
    Definition,
    /// Its definition and its check-ins: the set was closed.
    Values,
}

/// The changes of one set, collected in any order.
struct Changes {
    after_final: Frozen,
    list: Vec<(Key, Change)>,
}

impl Changes {
    fn new(after_final: Frozen) -> Self {
        Changes {
            after_final,
            list: Vec::new(),
        }
    }

    fn push(
        &mut self,
        key: Key,
        class: Class,
        subject: Subject,
        title: Option<&str>,
        fields: Vec<FieldChange>,
    ) {
        // A set's file renamed moves no goalpost.
        let moved_file = class == Class::Moved && subject == Subject::Set;
        self.list.push((
            key,
            Change {
                class,
                subject,
                title: title.map(str::to_owned),
                changed_after_final: !moved_file
                    && match self.after_final {
                        Frozen::No => false,
                        Frozen::Definition => class.is_definition(),
                        Frozen::Values => class.is_definition() || class == Class::CheckIn,
                    },
                fields,
            },
        ));
    }

    /// Pushes one change of `class` when `fields` is not empty.
    fn push_fields(
        &mut self,
        key: Key,
        class: Class,
        subject: &Subject,
        title: Option<&str>,
        fields: Vec<Option<FieldChange>>,
    ) {
        let fields: Vec<FieldChange> = fields.into_iter().flatten().collect();
        if !fields.is_empty() {
            self.push(key, class, subject.clone(), title, fields);
        }
    }

    fn finish(mut self) -> Vec<Change> {
        self.list
            .sort_by(|(a, x), (b, y)| a.cmp(b).then(x.class.cmp(&y.class)));
        self.list.into_iter().map(|(_, change)| change).collect()
    }
}

/// Which side a one-sided field list describes.
#[derive(Debug, Clone, Copy)]
enum Side {
    Old,
    New,
}

impl Side {
    /// A field present on this side only.
    fn field(self, name: &str, value: Value) -> Option<FieldChange> {
        if value == Value::None {
            return None;
        }
        let (old, new) = match self {
            Side::Old => (value, Value::None),
            Side::New => (Value::None, value),
        };
        Some(FieldChange {
            field: name.to_owned(),
            old,
            new,
            words: Vec::new(),
        })
    }
}

fn compare_sets(changes: &mut Changes, old: SetFile<'_>, new: SetFile<'_>) {
    let (o, n) = (old.set, new.set);
    let set = Subject::Set;
    changes.push_fields(
        Key::SET,
        Class::Moved,
        &set,
        None,
        vec![field("file", text(Some(old.path)), text(Some(new.path)))],
    );
    changes.push_fields(
        Key::SET,
        Class::StatusChanged,
        &set,
        None,
        vec![field(
            "status",
            word(o.status.as_str()),
            word(n.status.as_str()),
        )],
    );
    changes.push_fields(
        Key::SET,
        Class::VersionChanged,
        &set,
        None,
        vec![field(
            "version",
            Value::Text(o.version.to_string()),
            Value::Text(n.version.to_string()),
        )],
    );
    changes.push_fields(
        Key::SET,
        Class::AlignmentChanged,
        &set,
        None,
        vec![field(
            "parent",
            text(o.parent.as_deref()),
            text(n.parent.as_deref()),
        )],
    );
    let (op, np) = (
        o.positioning.clone().unwrap_or_default(),
        n.positioning.clone().unwrap_or_default(),
    );
    let (or, nr) = (
        o.review.clone().unwrap_or_default(),
        n.review.clone().unwrap_or_default(),
    );
    changes.push_fields(
        Key::SET,
        Class::Edited,
        &set,
        None,
        vec![
            field(
                "positioning.why",
                text(op.why.as_deref()),
                text(np.why.as_deref()),
            ),
            field(
                "positioning.value",
                text(op.value.as_deref()),
                text(np.value.as_deref()),
            ),
            field(
                "positioning.measured_by",
                list(&op.measured_by),
                list(&np.measured_by),
            ),
            field("needs", needs(o), needs(n)),
            field("review.lessons", list(&or.lessons), list(&nr.lessons)),
            field("review.failures", list(&or.failures), list(&nr.failures)),
            field("review.continue", list(&or.continue_), list(&nr.continue_)),
            field("allow", allows(&o.allow), allows(&n.allow)),
        ],
    );
    objectives(changes, o, n);
}

/// The fields that define a set, for an added or removed one.
fn set_fields(set: &OkrSet, side: Side) -> Vec<FieldChange> {
    [
        side.field("status", word(set.status.as_str())),
        side.field("version", Value::Text(set.version.to_string())),
        side.field("parent", text(set.parent.as_deref())),
        side.field(
            "objectives",
            Value::List(
                set.objectives
                    .iter()
                    .map(|o| format!("{}: {}", o.id, o.title))
                    .collect(),
            ),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Pairs the objectives of two versions of a set: by id, then the rest by
/// likeness of their text, and compares each pair and their key results.
fn objectives(changes: &mut Changes, o: &OkrSet, n: &OkrSet) {
    let old_text: Vec<String> = o.objectives.iter().map(objective_text).collect();
    let new_text: Vec<String> = n.objectives.iter().map(objective_text).collect();
    let pairing = Pairing::new(o.objectives.len(), n.objectives.len())
        .by(|i, j| o.objectives[i].id == n.objectives[j].id)
        .by_likeness(|i, j| similarity(&old_text[i], &new_text[j]), |_, _| false);
    let (old_to_new, new_to_old) = (&pairing.old_to_new, &pairing.new_to_old);
    let objective_key = |j: usize| Key {
        objective: j + 1,
        key_result: 0,
    };
    let removed_key = |i: usize| Key {
        objective: n.objectives.len() + 1 + i,
        key_result: 0,
    };
    for (j, objective) in n.objectives.iter().enumerate() {
        let subject = Subject::Objective {
            id: objective.id.clone(),
        };
        match new_to_old[j] {
            Some(i) => compare_objectives(changes, objective_key(j), &o.objectives[i], objective),
            None => changes.push(
                objective_key(j),
                Class::Added,
                subject,
                Some(&objective.title),
                objective_fields(objective, Side::New),
            ),
        }
    }
    for (i, objective) in o.objectives.iter().enumerate() {
        if old_to_new[i].is_none() {
            changes.push(
                removed_key(i),
                Class::Removed,
                Subject::Objective {
                    id: objective.id.clone(),
                },
                Some(&objective.title),
                objective_fields(objective, Side::Old),
            );
        }
    }
    key_results(changes, o, n, &pairing);
}

fn compare_objectives(changes: &mut Changes, key: Key, o: &Objective, n: &Objective) {
    let subject = Subject::Objective { id: n.id.clone() };
    let title = Some(n.title.as_str());
    changes.push_fields(
        key,
        Class::Renamed,
        &subject,
        title,
        vec![field("id", word(&o.id), word(&n.id))],
    );
    changes.push_fields(
        key,
        Class::Reworded,
        &subject,
        title,
        vec![field("title", text(Some(&o.title)), text(Some(&n.title)))],
    );
    changes.push_fields(
        key,
        Class::AlignmentChanged,
        &subject,
        title,
        vec![field("aligns", list(&o.aligns), list(&n.aligns))],
    );
    changes.push_fields(
        key,
        Class::Edited,
        &subject,
        title,
        vec![
            field(
                "theme",
                text(o.theme.map(|t| t.as_str())),
                text(n.theme.map(|t| t.as_str())),
            ),
            field("weight", number(o.weight), number(n.weight)),
            field("allow", allows(&o.allow), allows(&n.allow)),
        ],
    );
}

/// The fields that define an objective, for an added or removed one.
fn objective_fields(objective: &Objective, side: Side) -> Vec<FieldChange> {
    [
        side.field("title", text(Some(&objective.title))),
        side.field("theme", text(objective.theme.map(|t| t.as_str()))),
        side.field("aligns", list_opt(&objective.aligns)),
        side.field(
            "key_results",
            list_opt(
                &objective
                    .key_results
                    .iter()
                    .map(|kr| format!("{}: {}", kr.id, kr.title))
                    .collect::<Vec<_>>(),
            ),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A key result with where it sits in its set.
struct Placed<'a> {
    objective: usize,
    index: usize,
    kr: &'a KeyResult,
    text: String,
}

fn placed(set: &OkrSet) -> Vec<Placed<'_>> {
    set.objectives
        .iter()
        .enumerate()
        .flat_map(|(objective, o)| {
            o.key_results
                .iter()
                .enumerate()
                .map(move |(index, kr)| Placed {
                    objective,
                    index,
                    kr,
                    text: key_result_text(kr),
                })
        })
        .collect()
}

/// Pairs the key results of two versions of a set: under the same
/// objective by id, then by id anywhere in the set (a move), then by
/// likeness of their text (a rename); compares each pair, and reports the
/// rest as added or removed unless their objective was.
fn key_results(changes: &mut Changes, o: &OkrSet, n: &OkrSet, objectives: &Pairing) {
    let old = placed(o);
    let new = placed(n);
    let same_place =
        |i: usize, j: usize| objectives.old_to_new[old[i].objective] == Some(new[j].objective);
    let pairing = Pairing::new(old.len(), new.len())
        .by(|i, j| old[i].kr.id == new[j].kr.id && same_place(i, j))
        // The same id elsewhere in the set: a move.
        .by(|i, j| old[i].kr.id == new[j].kr.id)
        // A new id with nearly the same text: a rename, preferably in place.
        .by_likeness(|i, j| similarity(&old[i].text, &new[j].text), same_place);
    let new_to_old = &objectives.new_to_old;
    let old_to_new = &objectives.old_to_new;

    let new_key = |p: &Placed<'_>| Key {
        objective: p.objective + 1,
        key_result: p.index + 1,
    };
    for (i, j) in pairing.pairs() {
        let (a, b) = (&old[i], &new[j]);
        let moved = !same_place(i, j);
        compare_key_results(
            changes,
            new_key(b),
            (&o.objectives[a.objective].id, a.kr),
            (&n.objectives[b.objective].id, b.kr),
            moved,
        );
    }
    for (j, p) in new.iter().enumerate() {
        // A key result of an added objective is part of that addition.
        if pairing.new_to_old[j].is_none() && new_to_old[p.objective].is_some() {
            changes.push(
                new_key(p),
                Class::Added,
                Subject::KeyResult {
                    objective: n.objectives[p.objective].id.clone(),
                    id: p.kr.id.clone(),
                },
                Some(&p.kr.title),
                key_result_fields(p.kr, Side::New),
            );
        }
    }
    for (i, p) in old.iter().enumerate() {
        if pairing.old_to_new[i].is_some() {
            continue;
        }
        // A key result of a removed objective is part of that removal.
        let Some(objective) = old_to_new[p.objective] else {
            continue;
        };
        changes.push(
            Key {
                objective: objective + 1,
                key_result: n.objectives[objective].key_results.len() + 1 + p.index,
            },
            Class::Removed,
            Subject::KeyResult {
                objective: n.objectives[objective].id.clone(),
                id: p.kr.id.clone(),
            },
            Some(&p.kr.title),
            key_result_fields(p.kr, Side::Old),
        );
    }
}

fn compare_key_results(
    changes: &mut Changes,
    key: Key,
    (old_objective, o): (&str, &KeyResult),
    (new_objective, n): (&str, &KeyResult),
    moved: bool,
) {
    let subject = Subject::KeyResult {
        objective: new_objective.to_owned(),
        id: n.id.clone(),
    };
    let title = Some(n.title.as_str());
    changes.push_fields(
        key,
        Class::Renamed,
        &subject,
        title,
        vec![field("id", word(&o.id), word(&n.id))],
    );
    if moved {
        changes.push_fields(
            key,
            Class::Moved,
            &subject,
            title,
            vec![field("objective", word(old_objective), word(new_objective))],
        );
    }
    changes.push_fields(
        key,
        Class::Reworded,
        &subject,
        title,
        vec![
            field("title", text(Some(&o.title)), text(Some(&n.title))),
            field(
                "metric",
                text(o.metric.as_deref()),
                text(n.metric.as_deref()),
            ),
        ],
    );
    changes.push_fields(
        key,
        Class::TargetChanged,
        &subject,
        title,
        vec![
            field("target", number(o.target), number(n.target)),
            field("unit", text(o.unit.as_deref()), text(n.unit.as_deref())),
            field("kind", word(o.kind.as_str()), word(n.kind.as_str())),
        ],
    );
    changes.push_fields(
        key,
        Class::AmbitionChanged,
        &subject,
        title,
        vec![field(
            "ambition",
            text(o.ambition.map(|a| a.as_str())),
            text(n.ambition.map(|a| a.as_str())),
        )],
    );
    changes.push_fields(
        key,
        Class::BaselineChanged,
        &subject,
        title,
        vec![field("baseline", number(o.baseline), number(n.baseline))],
    );
    changes.push_fields(
        key,
        Class::AlignmentChanged,
        &subject,
        title,
        vec![
            field("from", list_opt(&o.from), list_opt(&n.from)),
            field("rollup", rollup(o), rollup(n)),
        ],
    );
    changes.push_fields(
        key,
        Class::CheckIn,
        &subject,
        title,
        vec![
            field("current", number(o.current), number(n.current)),
            field("confidence", number(o.confidence), number(n.confidence)),
        ],
    );
    changes.push_fields(
        key,
        Class::Edited,
        &subject,
        title,
        vec![
            field("owner", text(o.owner.as_deref()), text(n.owner.as_deref())),
            field(
                "caveat",
                text(o.caveat.as_deref()),
                text(n.caveat.as_deref()),
            ),
            field("weight", number(o.weight), number(n.weight)),
            field("allow", allows(&o.allow), allows(&n.allow)),
        ],
    );
}

/// The fields that define a key result, for an added or removed one.
fn key_result_fields(kr: &KeyResult, side: Side) -> Vec<FieldChange> {
    [
        side.field("title", text(Some(&kr.title))),
        side.field("metric", text(kr.metric.as_deref())),
        side.field("unit", text(kr.unit.as_deref())),
        side.field("baseline", number(kr.baseline)),
        side.field("target", number(kr.target)),
        side.field("current", number(kr.current)),
        side.field("ambition", text(kr.ambition.map(|a| a.as_str()))),
        side.field("owner", text(kr.owner.as_deref())),
        side.field("from", list_opt(&kr.from)),
        side.field("rollup", rollup(kr)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Which old item each new one is, and back: objectives or key results of
/// the two versions of a set, paired in stages, each stage taking only what
/// the earlier ones left.
struct Pairing {
    /// For each old item, its new one.
    old_to_new: Vec<Option<usize>>,
    /// For each new item, its old one.
    new_to_old: Vec<Option<usize>>,
}

impl Pairing {
    fn new(old: usize, new: usize) -> Self {
        Pairing {
            old_to_new: vec![None; old],
            new_to_old: vec![None; new],
        }
    }

    fn link(&mut self, i: usize, j: usize) {
        self.old_to_new[i] = Some(j);
        self.new_to_old[j] = Some(i);
    }

    /// Pairs each new item left with the first old one left that `same`
    /// says it is.
    fn by(mut self, same: impl Fn(usize, usize) -> bool) -> Self {
        for j in 0..self.new_to_old.len() {
            if self.new_to_old[j].is_some() {
                continue;
            }
            let found =
                (0..self.old_to_new.len()).find(|&i| self.old_to_new[i].is_none() && same(i, j));
            if let Some(i) = found {
                self.link(i, j);
            }
        }
        self
    }

    /// Pairs what is left by `score`, most alike first, when it reaches
    /// [`RENAME_THRESHOLD`]; among equal scores, pairs `prefer` says yes to
    /// come first.
    fn by_likeness(
        mut self,
        score: impl Fn(usize, usize) -> f32,
        prefer: impl Fn(usize, usize) -> bool,
    ) -> Self {
        let mut scored = Vec::new();
        for i in (0..self.old_to_new.len()).filter(|&i| self.old_to_new[i].is_none()) {
            for j in (0..self.new_to_old.len()).filter(|&j| self.new_to_old[j].is_none()) {
                let s = score(i, j);
                if s >= RENAME_THRESHOLD {
                    scored.push((s, prefer(i, j), i, j));
                }
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        for (_, _, i, j) in scored {
            if self.old_to_new[i].is_none() && self.new_to_old[j].is_none() {
                self.link(i, j);
            }
        }
        self
    }

    /// Every pair, as (old, new), in the new order.
    fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.new_to_old
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (i, j)))
    }
}

/// The text an objective is recognised by when its id changes: its title
/// and its key results' titles.
fn objective_text(objective: &Objective) -> String {
    let mut text = objective.title.clone();
    for kr in &objective.key_results {
        text.push('\n');
        text.push_str(&kr.title);
    }
    text
}

/// The text a key result is recognised by when its id changes.
fn key_result_text(kr: &KeyResult) -> String {
    match &kr.metric {
        Some(metric) => format!("{}\n{metric}", kr.title),
        None => kr.title.clone(),
    }
}

/// The fields written as sentences, which get a word-level diff; ids,
/// paths and words of a closed set are shown whole.
const PROSE: &[&str] = &[
    "title",
    "metric",
    "caveat",
    "positioning.why",
    "positioning.value",
];

/// The change of one field, or `None` when it did not change.
fn field(name: &str, old: Value, new: Value) -> Option<FieldChange> {
    if same(&old, &new) {
        return None;
    }
    let words = match (&old, &new) {
        (Value::Text(a), Value::Text(b)) if PROSE.contains(&name) => word_diff(a, b),
        _ => Vec::new(),
    };
    Some(FieldChange {
        field: name.to_owned(),
        old,
        new,
        words,
    })
}

/// Equality, with NaN equal to itself: a value that did not change is not
/// a change.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

fn text(value: Option<&str>) -> Value {
    value.map_or(Value::None, |v| Value::Text(v.to_owned()))
}

fn word(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn number(value: Option<f64>) -> Value {
    value.map_or(Value::None, Value::Number)
}

fn list(items: &[String]) -> Value {
    Value::List(items.to_vec())
}

/// A list, or nothing when it is empty: for one-sided fields.
fn list_opt(items: &[String]) -> Value {
    if items.is_empty() {
        Value::None
    } else {
        list(items)
    }
}

/// How a key result measured by others rolls up, as it counts: `mean`
/// when not written; nothing without `from`.
fn rollup(kr: &KeyResult) -> Value {
    if kr.from.is_empty() {
        Value::None
    } else {
        word(kr.rollup.unwrap_or_default().as_str())
    }
}

fn needs(set: &OkrSet) -> Value {
    Value::List(
        set.needs
            .iter()
            .map(|need| format!("{} · {}: {}", need.level, need.who, need.need))
            .collect(),
    )
}

fn allows(allow: &[Allow]) -> Value {
    Value::List(
        allow
            .iter()
            .map(|a| format!("{}: {}", a.rule, a.reason))
            .collect(),
    )
}
