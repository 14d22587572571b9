//! Accuracy of the wording findings on a labeled corpus of real key
//! results (`tests/corpus/key_results.tsv`, see its README): precision and
//! recall of `kr-is-task`, `kr-is-output` and `kr-is-vague`, and how many
//! good outcome key results any of them flags.
//!
//! The findings are spoken by the learned scorer (`okr_lint::score`); its
//! figures are those of cross-validation grouped by source (no source in
//! both training and test) and of the blind batch, which no model and no
//! rule was ever tuned on. The hand-written rules alone are measured too,
//! for comparison. Run with `--nocapture` to see the confusion matrices,
//! and with `OKR_CORPUS_MISSES=1` as well to see each miss of the rules on
//! the tuning half with the reason `explain` gives for it.

use okr_lint::classify::explain;
use okr_lint::learn::{Confusion, CrossValidation, Options, fit, read_corpus, training_set};
use okr_lint::score::MODEL;
use okr_lint::{Class, Fields, classify};

const CORPUS: &str = include_str!("corpus/key_results.tsv");

/// The floors on the entries the rules were tuned on (`half` = `tune`),
/// as (precision, recall). The goal is precision 0.90 and recall 0.85 for
/// each rule, with at most 1 in 20 outcomes flagged: every floor here is at
/// or above it and a little under what the rules reach, so that a change
/// that makes them worse, or that falls short of the goal, fails.
const FLOORS: [(Class, f64, f64); 3] = [
    (Class::Output, 0.95, 0.85),
    (Class::Task, 0.92, 0.92),
    (Class::Vague, 0.90, 0.91),
];
/// At most this share of the tuned-on outcomes may be flagged.
const MAX_OUTCOMES_FLAGGED: f64 = 0.035;

/// The floors on the held-out entries (`half` = `held`): collected and
/// labelled blind after the last tuning and never read miss by miss, they
/// measure how far the rules carry to lists they were not shaped by. The
/// floors are just under the figures of their first measurement (see the
/// corpus README), far under the goal: the distance is the honest state of
/// the rules. Only 10 of them are `vague`, so one entry moves that recall
/// by 0.10.
const HELD_OUT_FLOORS: [(Class, f64, f64); 3] = [
    (Class::Output, 0.59, 0.44),
    (Class::Task, 0.82, 0.86),
    (Class::Vague, 0.37, 0.30),
];
/// At most this share of the held-out outcomes may be flagged.
const HELD_OUT_MAX_OUTCOMES_FLAGGED: f64 = 0.11;

const CLASSES: [Class; 4] = [Class::Outcome, Class::Output, Class::Task, Class::Vague];

fn label(word: &str) -> Class {
    match word {
        "outcome" => Class::Outcome,
        "output" => Class::Output,
        "task" => Class::Task,
        "vague" => Class::Vague,
        other => panic!("unknown label {other:?}"),
    }
}

/// Which part of the corpus an entry is in (the `half` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    /// Read, miss by miss, while tuning the lexicon.
    Tune,
    /// Held out: only ever seen as figures.
    Held,
}

struct Entry {
    label: Class,
    text: String,
    half: Half,
}

/// The English entries: the lexicon is English.
fn corpus() -> Vec<Entry> {
    CORPUS
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "label, text, source, lang, half: {line}");
            let half = match fields[4] {
                "tune" => Half::Tune,
                "held" => Half::Held,
                "blind" => return None,
                other => panic!("half {other:?}: {line}"),
            };
            (fields[3] == "en").then(|| Entry {
                label: label(fields[0]),
                text: fields[1].to_owned(),
                half,
            })
        })
        .collect()
}

/// Confusion counts: `matrix[actual][predicted]`.
fn confusion(entries: &[&Entry]) -> [[usize; 4]; 4] {
    let mut matrix = [[0; 4]; 4];
    for entry in entries {
        let predicted = classify(&entry.text, Fields::default());
        let a = CLASSES.iter().position(|c| *c == entry.label).unwrap_or(0);
        let p = CLASSES.iter().position(|c| *c == predicted).unwrap_or(0);
        matrix[a][p] += 1;
    }
    matrix
}

fn report(name: &str, matrix: &[[usize; 4]; 4]) -> Vec<(Class, f64, f64)> {
    println!("{name}: rows = label, columns = predicted");
    println!(
        "{:>10} {:>8} {:>8} {:>8} {:>8}",
        "", "outcome", "output", "task", "vague"
    );
    for (a, row) in matrix.iter().enumerate() {
        println!(
            "{:>10} {:>8} {:>8} {:>8} {:>8}",
            CLASSES[a].as_str(),
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    let mut scores = Vec::new();
    for (i, class) in CLASSES.iter().enumerate().skip(1) {
        let true_positive = matrix[i][i] as f64;
        let predicted: usize = matrix.iter().map(|row| row[i]).sum();
        let actual: usize = matrix[i].iter().sum();
        let precision = if predicted == 0 {
            1.0
        } else {
            true_positive / predicted as f64
        };
        let recall = if actual == 0 {
            1.0
        } else {
            true_positive / actual as f64
        };
        println!(
            "kr-is-{:<7} precision {:.3} ({}/{}), recall {:.3} ({}/{})",
            class.as_str(),
            precision,
            matrix[i][i],
            predicted,
            recall,
            matrix[i][i],
            actual
        );
        scores.push((*class, precision, recall));
    }
    let outcomes: usize = matrix[0].iter().sum();
    let flagged = outcomes - matrix[0][0];
    println!(
        "outcomes flagged by any rule: {flagged}/{outcomes} ({:.3})",
        flagged as f64 / outcomes.max(1) as f64
    );
    scores
}

#[test]
fn the_corpus_is_large_and_varied() {
    let entries = corpus();
    assert!(entries.len() >= 150, "{} entries", entries.len());
    for class in CLASSES {
        assert!(
            entries.iter().filter(|e| e.label == class).count() >= 30,
            "too few {class:?}"
        );
    }
}

#[test]
fn wording_rules_meet_their_floors() {
    let entries = corpus();
    if std::env::var_os("OKR_CORPUS_MISSES").is_some() {
        for entry in entries.iter().filter(|entry| entry.half == Half::Tune) {
            let verdict = explain(&entry.text, Fields::default());
            if verdict.class != entry.label {
                println!(
                    "{:>8} -> {:<8} {}  [{}]",
                    entry.label.as_str(),
                    verdict.class.as_str(),
                    entry.text,
                    verdict.why
                );
            }
        }
    }
    // The rules were tuned on the `tune` entries and must reach the goal
    // there; the `held` entries show how far they carry. The whole corpus
    // is reported too.
    let part = |half: Half| -> Vec<&Entry> { entries.iter().filter(|e| e.half == half).collect() };
    let tune_matrix = confusion(&part(Half::Tune));
    let tune_scores = report("tuned on", &tune_matrix);
    let held_matrix = confusion(&part(Half::Held));
    let held_scores = report("held out", &held_matrix);
    let all: Vec<&Entry> = entries.iter().collect();
    report("whole corpus", &confusion(&all));
    check(
        "tuned on",
        &tune_scores,
        &tune_matrix,
        &FLOORS,
        MAX_OUTCOMES_FLAGGED,
    );
    check(
        "held out",
        &held_scores,
        &held_matrix,
        &HELD_OUT_FLOORS,
        HELD_OUT_MAX_OUTCOMES_FLAGGED,
    );
}

/// Fails if a rule is under its floor or too many outcomes are flagged.
fn check(
    name: &str,
    scores: &[(Class, f64, f64)],
    matrix: &[[usize; 4]; 4],
    floors: &[(Class, f64, f64)],
    max_flagged: f64,
) {
    for &(class, precision, recall) in scores {
        let (_, min_precision, min_recall) = floors
            .iter()
            .find(|(c, _, _)| *c == class)
            .copied()
            .expect("a floor for every rule");
        assert!(
            precision >= min_precision,
            "{name}: kr-is-{} precision {precision:.3}",
            class.as_str()
        );
        assert!(
            recall >= min_recall,
            "{name}: kr-is-{} recall {recall:.3}",
            class.as_str()
        );
    }
    let outcomes: usize = matrix[0].iter().sum();
    let flagged = (outcomes - matrix[0][0]) as f64 / outcomes as f64;
    assert!(
        flagged <= max_flagged,
        "{name}: {flagged:.3} of outcomes flagged"
    );
}

/// The scorer's floors on grouped cross-validation, as (precision,
/// recall): precision at the goal (0.90), recall just under what it
/// reaches, so that a change that makes it worse fails. The goal's recall
/// (0.85) is not reached without losing precision: see docs/lint.md.
const SCORER_FLOORS: [(Class, f64, f64); 3] = [
    (Class::Output, 0.90, 0.30),
    (Class::Task, 0.90, 0.52),
    (Class::Vague, 0.90, 0.26),
];
/// At most this share of outcomes may be flagged on cross-validation.
const SCORER_MAX_OUTCOMES_FLAGGED: f64 = 0.05;

fn figures(confusion: &Confusion) -> String {
    let (flagged, outcomes) = confusion.outcomes_flagged();
    format!(
        "output {:.2}/{:.2}  task {:.2}/{:.2}  vague {:.2}/{:.2}  outcomes flagged {:.3}",
        confusion.precision(Class::Output),
        confusion.recall(Class::Output),
        confusion.precision(Class::Task),
        confusion.recall(Class::Task),
        confusion.precision(Class::Vague),
        confusion.recall(Class::Vague),
        flagged as f64 / outcomes.max(1) as f64
    )
}

#[test]
fn the_scorer_holds_on_sources_it_never_saw() {
    let entries = read_corpus(CORPUS).expect("the corpus reads");
    let examples = training_set(&entries);
    let held: Vec<bool> = entries
        .iter()
        .filter(|e| e.lang == "en" && e.half != "blind")
        .map(|e| e.half == "held")
        .collect();
    let options = Options::default();
    let validation = CrossValidation::run(&examples, options.folds, &options);
    let predictions = validation.predictions(&options);
    let all = Confusion::of(predictions.iter().map(|p| (p.label, p.spoken())));
    println!(
        "the scorer, {}-fold cross-validation grouped by source, {} entries of {} sources:\n{all}\n",
        options.folds,
        all.total(),
        examples
            .iter()
            .map(|e| e.group.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    // The rules (whose lexicon the features use) were never tuned on the
    // `held` entries: their out-of-fold figures are the cleanest of the
    // cross-validation.
    let held_only = Confusion::of(
        predictions
            .iter()
            .zip(&held)
            .filter(|(_, h)| **h)
            .map(|(p, _)| (p.label, p.spoken())),
    );
    println!("of which the `held` entries:\n{held_only}\n");
    println!("recall curve (precision target of the thresholds -> cross-validated figures, P/R):");
    for target in [0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98] {
        let curve = Options {
            precision: target,
            max_outcomes_flagged: 1.0,
            ..options
        };
        let c = Confusion::of(
            validation
                .predictions(&curve)
                .iter()
                .map(|p| (p.label, p.spoken())),
        );
        println!("  {target:.2}: {}", figures(&c));
    }
    for (class, min_precision, min_recall) in SCORER_FLOORS {
        assert!(
            all.precision(class) >= min_precision,
            "kr-is-{} precision {:.3}",
            class.as_str(),
            all.precision(class)
        );
        assert!(
            all.recall(class) >= min_recall,
            "kr-is-{} recall {:.3}",
            class.as_str(),
            all.recall(class)
        );
    }
    let (flagged, outcomes) = all.outcomes_flagged();
    assert!(flagged as f64 / outcomes as f64 <= SCORER_MAX_OUTCOMES_FLAGGED);
}

#[test]
fn the_shipped_model_is_what_the_corpus_trains() {
    let entries = read_corpus(CORPUS).expect("the corpus reads");
    let trained = fit(&training_set(&entries), &Options::default()).to_text();
    let shipped = include_str!("../model/wording.tsv");
    assert!(
        trained == shipped,
        "crates/lint/model/wording.tsv is not what the corpus trains: run `cargo run --release -p okr-lint --example train`"
    );
}

#[test]
fn the_blind_batch() {
    let entries = read_corpus(CORPUS).expect("the corpus reads");
    let blind: Vec<_> = entries
        .iter()
        .filter(|e| e.lang == "en" && e.half == "blind")
        .collect();
    let spoken = |text: &str| {
        let judged = MODEL.judge(text);
        if judged.speaks {
            judged.class
        } else {
            Class::Outcome
        }
    };
    let scorer = Confusion::of(
        blind
            .iter()
            .map(|e| (e.example.label, spoken(&e.example.text))),
    );
    let rules = Confusion::of(blind.iter().map(|e| {
        (
            e.example.label,
            classify(&e.example.text, Fields::default()),
        )
    }));
    println!(
        "the blind batch, {} entries, by the shipped scorer:\n{scorer}\n",
        blind.len()
    );
    println!("the same by the rules alone:\n{rules}\n");
    if blind.is_empty() {
        return;
    }
    let (flagged, outcomes) = scorer.outcomes_flagged();
    assert!(flagged as f64 / outcomes.max(1) as f64 <= BLIND_MAX_OUTCOMES_FLAGGED);
}

/// At most this share of the blind batch's outcomes may be flagged.
const BLIND_MAX_OUTCOMES_FLAGGED: f64 = 0.10;
