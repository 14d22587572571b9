//! Accuracy of the wording rules on a labeled corpus of real key results
//! (`tests/corpus/key_results.tsv`, see its README): precision and recall
//! of `kr-is-task`, `kr-is-output` and `kr-is-vague`, and how many good
//! outcome key results any of them flags. Run with `--nocapture` to see the
//! confusion matrices, and with `OKR_CORPUS_MISSES=1` as well to see each
//! miss of the tuning half with the reason `explain` gives for it.

use okr_lint::classify::explain;
use okr_lint::{Class, Fields, classify};

const CORPUS: &str = include_str!("corpus/key_results.tsv");

/// The floors each rule must stay above on the whole corpus, as
/// (precision, recall): a little under what the rules reach today, so that
/// a change that makes them worse fails. The goal is precision 0.90 and
/// recall 0.85 for each, with at most 1 in 20 outcomes flagged; the figures
/// printed show the distance to it.
const FLOORS: [(Class, f64, f64); 3] = [
    // 0.95 until the 169 entries of the new tuning batch were added:
    // with the rules of the time the larger corpus gave 0.90, and the
    // rules tuned on the batch reach 0.93 on it. 0.92 until the 115 fresh
    // entries were added (0.913 with them, 0.914 after the rule changes).
    (Class::Output, 0.91, 0.75),
    // Task precision 0.84 and recall 0.89 until the fresh entries: 0.853
    // and 0.876 with them.
    (Class::Task, 0.85, 0.87),
    // Recall 0.75 until the new tuning batch: 0.73 on the larger corpus
    // with the rules of the time, 0.74 with the rules tuned on it.
    // Precision 0.77 until the fresh entries: 0.733 with them.
    (Class::Vague, 0.73, 0.75),
];
/// At most this share of outcome key results may be flagged by any rule.
const MAX_OUTCOMES_FLAGGED: f64 = 0.06;

/// The floors on the held-out half alone, the honest measure: a change
/// tuned on the other half that makes the rules generalise worse fails here.
const HELD_OUT_FLOORS: [(Class, f64, f64); 3] = [
    (Class::Output, 0.85, 0.62),
    (Class::Task, 0.76, 0.82),
    (Class::Vague, 0.65, 0.67),
];
/// At most this share of the held-out outcomes may be flagged.
const HELD_OUT_MAX_OUTCOMES_FLAGGED: f64 = 0.11;

/// The floors on the fresh entries (`half` = `fresh`), collected and
/// labelled after the last tuning, before the rules met them.
/// Only 6 of them are `vague`, so one entry moves that recall by 0.17.
const FRESH_FLOORS: [(Class, f64, f64); 3] = [
    (Class::Output, 0.74, 0.59),
    (Class::Task, 0.90, 0.79),
    (Class::Vague, 0.38, 0.83),
];
/// At most this share of the fresh outcomes may be flagged.
const FRESH_MAX_OUTCOMES_FLAGGED: f64 = 0.07;

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
    /// Held out too, and collected after the last tuning: reported apart
    /// so that the rules' reach on lists they never met shows on its own.
    Fresh,
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
                "fresh" => Half::Fresh,
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
    // Half the corpus (`half` = `tune`) was used to tune the lexicon; the
    // other half was held out, and the fresh entries came after the last
    // tuning. Each part and the whole are reported.
    let part = |half: Half| -> Vec<&Entry> { entries.iter().filter(|e| e.half == half).collect() };
    report("tuning half", &confusion(&part(Half::Tune)));
    let held_matrix = confusion(&part(Half::Held));
    let held_scores = report("held-out half", &held_matrix);
    check(
        "held-out half",
        &held_scores,
        &held_matrix,
        &HELD_OUT_FLOORS,
        HELD_OUT_MAX_OUTCOMES_FLAGGED,
    );
    let fresh_matrix = confusion(&part(Half::Fresh));
    let fresh_scores = report("fresh entries", &fresh_matrix);
    check(
        "fresh entries",
        &fresh_scores,
        &fresh_matrix,
        &FRESH_FLOORS,
        FRESH_MAX_OUTCOMES_FLAGGED,
    );
    let all: Vec<&Entry> = entries.iter().collect();
    let matrix = confusion(&all);
    let scores = report("whole corpus", &matrix);
    check(
        "whole corpus",
        &scores,
        &matrix,
        &FLOORS,
        MAX_OUTCOMES_FLAGGED,
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
