//! Training the wording scorer ([`crate::score`]) from labelled key
//! results, and measuring it honestly: cross-validation grouped by source,
//! so that no source is ever in both the training and the test part, which
//! is what a new team's key results look like to a shipped model.
//!
//! Used by the training example (`examples/train.rs`) and the corpus test;
//! never at lint time. Everything here is deterministic: the same examples
//! and [`Options`] give the same model, to the byte.

use std::collections::{BTreeMap, HashMap};

use crate::classify::Class;
use crate::score::{CLASSES, Model, argmax, column, features, softmax};

/// A labelled key result.
#[derive(Debug, Clone)]
pub struct Example {
    /// The key result's title.
    pub text: String,
    /// Its label.
    pub label: Class,
    /// Where it was taken from: examples of one group are never split
    /// between training and test.
    pub group: String,
}

/// How a model is trained and its thresholds chosen.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Passes over the training examples.
    pub epochs: usize,
    /// The learning rate at the first step.
    pub rate: f64,
    /// L2 regularisation.
    pub l2: f64,
    /// A feature is kept when at least this many training texts have it.
    pub min_count: usize,
    /// Seed of the order in which examples are visited.
    pub seed: u64,
    /// Folds of the grouped cross-validation that chooses the thresholds.
    pub folds: usize,
    /// The precision each finding must reach, on cross-validation, at its
    /// threshold.
    pub precision: f64,
    /// The share of outcomes that the findings together may flag, on
    /// cross-validation.
    pub max_outcomes_flagged: f64,
    /// No threshold is ever lower than this.
    pub min_threshold: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            epochs: 100,
            rate: 2.0,
            l2: 1e-4,
            min_count: 2,
            seed: 17,
            folds: 10,
            precision: 0.94,
            max_outcomes_flagged: 0.04,
            min_threshold: 0.5,
        }
    }
}

/// Examples with their features computed once.
struct Prepared<'e> {
    examples: &'e [Example],
    features: Vec<Vec<String>>,
}

impl<'e> Prepared<'e> {
    fn new(examples: &'e [Example]) -> Prepared<'e> {
        Prepared {
            examples,
            features: examples.iter().map(|e| features(&e.text)).collect(),
        }
    }
}

/// A small deterministic generator (xorshift64*), for the visiting order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains weights on the examples at `indexes`; the thresholds are left at
/// 1 (nothing spoken).
fn train_weights(data: &Prepared<'_>, indexes: &[usize], options: &Options) -> Model {
    // The vocabulary: features of at least `min_count` training texts,
    // numbered in sorted order.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in indexes {
        for feature in &data.features[i] {
            *counts.entry(feature).or_default() += 1;
        }
    }
    let vocabulary: Vec<&str> = counts
        .into_iter()
        .filter(|&(_, n)| n >= options.min_count)
        .map(|(f, _)| f)
        .collect();
    let ids: HashMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, i))
        .collect();
    let rows: Vec<(Vec<usize>, f64, usize)> = indexes
        .iter()
        .map(|&i| {
            let known: Vec<usize> = data.features[i]
                .iter()
                .filter_map(|f| ids.get(f.as_str()).copied())
                .collect();
            // Scaled by all the text's features, known or not, as scoring
            // does.
            let scale = 1.0 / (data.features[i].len().max(1) as f64).sqrt();
            (known, scale, column(data.examples[i].label))
        })
        .collect();

    let mut weights = vec![[0.0f64; 4]; vocabulary.len()];
    let mut bias = [0.0f64; 4];
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = Rng(options.seed.max(1));
    let mut step = 0usize;
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &r in &order {
            let (known, scale, label) = &rows[r];
            let rate = options.rate / (1.0 + step as f64 / rows.len().max(1) as f64);
            step += 1;
            let mut scores = bias;
            for &f in known {
                for (score, weight) in scores.iter_mut().zip(&weights[f]) {
                    *score += weight * scale;
                }
            }
            let p = softmax(scores);
            for c in 0..4 {
                let gradient = p[c] - if c == *label { 1.0 } else { 0.0 };
                bias[c] -= rate * gradient;
                for &f in known {
                    let w = &mut weights[f][c];
                    *w -= rate * (gradient * scale + options.l2 * *w);
                }
            }
        }
    }
    let weights = vocabulary
        .iter()
        .zip(weights)
        .filter(|(_, w)| w.iter().any(|x| x.abs() >= 0.00005))
        .map(|(f, w)| ((*f).to_owned(), w))
        .collect();
    Model {
        weights,
        bias,
        thresholds: [1.0; 4],
        about: Vec::new(),
    }
}

/// The fold of each example: groups are dealt, largest first, to the fold
/// with the fewest examples so far, so folds are of even size and no group
/// is split.
pub fn grouped_folds(examples: &[Example], folds: usize) -> Vec<usize> {
    let folds = folds.max(2);
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for example in examples {
        *sizes.entry(&example.group).or_default() += 1;
    }
    let mut groups: Vec<(&str, usize)> = sizes.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut load = vec![0usize; folds];
    let mut fold_of: HashMap<&str, usize> = HashMap::new();
    for (group, size) in groups {
        let fold = (0..folds).min_by_key(|&f| (load[f], f)).unwrap_or(0);
        load[fold] += size;
        fold_of.insert(group, fold);
    }
    examples
        .iter()
        .map(|e| fold_of.get(e.group.as_str()).copied().unwrap_or(0))
        .collect()
}

/// Out-of-fold probabilities of the examples at `indexes`: each is scored by
/// a model trained without its group.
fn out_of_fold(data: &Prepared<'_>, indexes: &[usize], options: &Options) -> Vec<[f64; 4]> {
    let subset: Vec<Example> = indexes.iter().map(|&i| data.examples[i].clone()).collect();
    let folds = grouped_folds(&subset, options.folds);
    let models = in_parallel(options.folds.max(2), |fold| {
        let train: Vec<usize> = (0..indexes.len())
            .filter(|&k| folds[k] != fold)
            .map(|k| indexes[k])
            .collect();
        (train.len() < indexes.len()).then(|| train_weights(data, &train, options))
    });
    let mut out = vec![[0.0; 4]; indexes.len()];
    for (k, &i) in indexes.iter().enumerate() {
        if let Some(Some(model)) = models.get(folds[k]) {
            out[k] = model.probabilities_of(&data.features[i]);
        }
    }
    out
}

/// `job(0)`, …, `job(n - 1)`, on as many threads as there are cores; the
/// results in order, whatever the threads' timing.
fn in_parallel<T: Send>(n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n.max(1));
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let job = &job;
                scope.spawn(move || {
                    (t..n)
                        .step_by(threads)
                        .map(|i| (i, job(i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The thresholds that make the findings precise on out-of-fold
/// probabilities: for each class, the lowest at which its precision reaches
/// `options.precision`; then, while the findings together flag more than
/// `options.max_outcomes_flagged` of the outcomes, the threshold of the
/// class that flags the most outcomes is raised.
pub fn choose_thresholds(
    probabilities: &[[f64; 4]],
    labels: &[Class],
    options: &Options,
) -> [f64; 4] {
    let mut thresholds = [1.0f64; 4];
    // The candidates of each class: the probabilities of the examples it
    // is the likeliest class of, with whether they are right.
    let mut candidates: [Vec<(f64, bool)>; 4] = Default::default();
    for (p, label) in probabilities.iter().zip(labels) {
        let best = argmax(p);
        candidates[best].push((p[best], column(*label) == best));
    }
    for (c, list) in candidates.iter_mut().enumerate().skip(1) {
        list.sort_by(|a, b| b.0.total_cmp(&a.0));
        // Walking down from the surest: the lowest threshold at which the
        // precision of everything above it still reaches the target.
        let mut right = 0usize;
        let mut best = 1.0f64;
        for (n, &(p, ok)) in list.iter().enumerate() {
            right += usize::from(ok);
            if p < options.min_threshold {
                break;
            }
            if right as f64 / (n + 1) as f64 >= options.precision {
                best = p;
            }
        }
        thresholds[c] = best;
    }
    let outcomes = labels
        .iter()
        .filter(|l| **l == Class::Outcome)
        .count()
        .max(1);
    loop {
        let mut flagged = [0usize; 4];
        for (p, label) in probabilities.iter().zip(labels) {
            let best = argmax(p);
            if *label == Class::Outcome && best != 0 && p[best] >= thresholds[best] {
                flagged[best] += 1;
            }
        }
        let total: usize = flagged.iter().sum();
        if total as f64 / outcomes as f64 <= options.max_outcomes_flagged {
            break;
        }
        let worst = (1..4).max_by_key(|&c| (flagged[c], c)).unwrap_or(1);
        // The next candidate above the current threshold.
        let next = candidates[worst]
            .iter()
            .map(|&(p, _)| p)
            .filter(|&p| p > thresholds[worst])
            .fold(f64::INFINITY, f64::min);
        thresholds[worst] = if next.is_finite() {
            next
        } else {
            1.0 + f64::EPSILON
        };
    }
    thresholds
}

fn fit_prepared(data: &Prepared<'_>, indexes: &[usize], options: &Options) -> Model {
    let probabilities = out_of_fold(data, indexes, options);
    let labels: Vec<Class> = indexes.iter().map(|&i| data.examples[i].label).collect();
    let mut model = train_weights(data, indexes, options);
    model.thresholds = choose_thresholds(&probabilities, &labels, options);
    model
}

/// Trains a model on all the examples, with thresholds chosen on grouped
/// cross-validation of the same examples.
pub fn fit(examples: &[Example], options: &Options) -> Model {
    let data = Prepared::new(examples);
    let all: Vec<usize> = (0..examples.len()).collect();
    let mut model = fit_prepared(&data, &all, options);
    model.about = about(examples, options);
    model
}

/// How a model was made, for the top of its file.
fn about(examples: &[Example], options: &Options) -> Vec<String> {
    let groups: std::collections::BTreeSet<&str> =
        examples.iter().map(|e| e.group.as_str()).collect();
    vec![
        "The wording scorer of git-okr lint: multinomial logistic regression.".to_owned(),
        "Made by `cargo run -p okr-lint --example train`; do not edit.".to_owned(),
        format!(
            "Trained on {} key results from {} sources (crates/lint/tests/corpus).",
            examples.len(),
            groups.len()
        ),
        format!(
            "epochs {} rate {} l2 {} min_count {} seed {} folds {} precision {} max_outcomes_flagged {} min_threshold {}",
            options.epochs,
            options.rate,
            options.l2,
            options.min_count,
            options.seed,
            options.folds,
            options.precision,
            options.max_outcomes_flagged,
            options.min_threshold
        ),
        "Columns: feature, then the weight of outcome, output, task, vague.".to_owned(),
    ]
}

/// An entry of the corpus file (`tests/corpus/key_results.tsv`).
#[derive(Debug, Clone)]
pub struct Entry {
    /// The labelled key result, grouped by its source.
    pub example: Example,
    /// Its language (`en`, …).
    pub lang: String,
    /// Its part of the corpus: `tune` and `held` are trained on, `blind`
    /// never is.
    pub half: String,
}

/// Reads the corpus: a header line, then `label`, `text`, `source`,
/// `lang` and `half` separated by tabs.
pub fn read_corpus(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [label, text, source, lang, half] = fields[..] else {
            return Err(format!(
                "line {}: expected 5 fields, found {}",
                number + 1,
                fields.len()
            ));
        };
        let label = match label {
            "outcome" => Class::Outcome,
            "output" => Class::Output,
            "task" => Class::Task,
            "vague" => Class::Vague,
            other => return Err(format!("line {}: unknown label {other:?}", number + 1)),
        };
        if !matches!(half, "tune" | "held" | "blind") {
            return Err(format!("line {}: unknown half {half:?}", number + 1));
        }
        out.push(Entry {
            example: Example {
                text: text.to_owned(),
                label,
                group: source.to_owned(),
            },
            lang: lang.to_owned(),
            half: half.to_owned(),
        });
    }
    Ok(out)
}

/// The examples a shipped model is trained on: the English entries that
/// are not in the blind batch.
pub fn training_set(entries: &[Entry]) -> Vec<Example> {
    entries
        .iter()
        .filter(|e| e.lang == "en" && e.half != "blind")
        .map(|e| e.example.clone())
        .collect()
}

/// One example's result in cross-validation.
#[derive(Debug, Clone, Copy)]
pub struct Prediction {
    /// The example's label.
    pub label: Class,
    /// The probabilities of the model that never saw its group.
    pub probabilities: [f64; 4],
    /// That model's thresholds (chosen without the example's group too).
    pub thresholds: [f64; 4],
}

impl Prediction {
    /// The class that would be reported: the likeliest when it clears its
    /// threshold, else outcome (nothing said).
    pub fn spoken(&self) -> Class {
        let best = argmax(&self.probabilities);
        if best != 0 && self.probabilities[best] >= self.thresholds[best] {
            CLASSES[best]
        } else {
            Class::Outcome
        }
    }
}

/// Grouped cross-validation of the whole procedure, thresholds included:
/// for each of `folds` folds, weights are trained without the fold's
/// groups, and thresholds are chosen on a grouped cross-validation of that
/// training part alone; the fold's examples are then scored.
pub fn cross_validate(examples: &[Example], folds: usize, options: &Options) -> Vec<Prediction> {
    CrossValidation::run(examples, folds, options).predictions(options)
}

/// The out-of-fold probabilities of a grouped cross-validation, kept so
/// that the thresholds can be chosen again for other targets (a recall
/// curve) without training again.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Per outer fold: the examples it scores (index, label, probabilities)
    /// and the inner out-of-fold probabilities and labels of its training
    /// part, which its thresholds are chosen on.
    folds: Vec<Fold>,
}

#[derive(Debug, Clone)]
struct Fold {
    scored: Vec<(usize, Class, [f64; 4])>,
    inner: Vec<[f64; 4]>,
    inner_labels: Vec<Class>,
}

impl CrossValidation {
    /// Trains and scores every fold.
    pub fn run(examples: &[Example], folds: usize, options: &Options) -> CrossValidation {
        let data = Prepared::new(examples);
        let fold_of = grouped_folds(examples, folds);
        let mut out = Vec::new();
        for fold in 0..folds.max(2) {
            let train: Vec<usize> = (0..examples.len())
                .filter(|&i| fold_of[i] != fold)
                .collect();
            if train.len() == examples.len() {
                continue;
            }
            let inner = out_of_fold(&data, &train, options);
            let inner_labels = train.iter().map(|&i| examples[i].label).collect();
            let model = train_weights(&data, &train, options);
            let scored = (0..examples.len())
                .filter(|&i| fold_of[i] == fold)
                .map(|i| {
                    (
                        i,
                        examples[i].label,
                        model.probabilities_of(&data.features[i]),
                    )
                })
                .collect();
            out.push(Fold {
                scored,
                inner,
                inner_labels,
            });
        }
        CrossValidation { folds: out }
    }

    /// Each example's prediction, in the examples' order, with thresholds
    /// chosen by `options` on its fold's training part.
    pub fn predictions(&self, options: &Options) -> Vec<Prediction> {
        let mut out: Vec<(usize, Prediction)> = Vec::new();
        for fold in &self.folds {
            let thresholds = choose_thresholds(&fold.inner, &fold.inner_labels, options);
            for &(i, label, probabilities) in &fold.scored {
                out.push((
                    i,
                    Prediction {
                        label,
                        probabilities,
                        thresholds,
                    },
                ));
            }
        }
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, p)| p).collect()
    }
}

/// Confusion counts of spoken classes, `matrix[label][spoken]` in
/// [`CLASSES`] order, and the figures that follow from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// `matrix[label][spoken]`.
    pub matrix: [[usize; 4]; 4],
}

impl Confusion {
    /// Counts label against spoken class.
    pub fn of(pairs: impl IntoIterator<Item = (Class, Class)>) -> Confusion {
        let mut matrix = [[0; 4]; 4];
        for (label, spoken) in pairs {
            matrix[column(label)][column(spoken)] += 1;
        }
        Confusion { matrix }
    }

    /// The entries counted.
    pub fn total(&self) -> usize {
        self.matrix.iter().flatten().sum()
    }

    /// Of what `class`'s finding flags, the share labelled `class` (1 when
    /// it flags nothing).
    pub fn precision(&self, class: Class) -> f64 {
        let c = column(class);
        let flagged: usize = self.matrix.iter().map(|row| row[c]).sum();
        ratio(self.matrix[c][c], flagged)
    }

    /// Of the entries labelled `class`, the share its finding flags.
    pub fn recall(&self, class: Class) -> f64 {
        let c = column(class);
        ratio(self.matrix[c][c], self.matrix[c].iter().sum())
    }

    /// The outcomes flagged by any finding, and the outcomes.
    pub fn outcomes_flagged(&self) -> (usize, usize) {
        let outcomes: usize = self.matrix[0].iter().sum();
        (outcomes - self.matrix[0][0], outcomes)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl std::fmt::Display for Confusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:>10} {:>8} {:>8} {:>8} {:>8}   (rows: label, columns: spoken)",
            "", "outcome", "output", "task", "vague"
        )?;
        for (class, row) in CLASSES.iter().zip(&self.matrix) {
            writeln!(
                f,
                "{:>10} {:>8} {:>8} {:>8} {:>8}",
                class.as_str(),
                row[0],
                row[1],
                row[2],
                row[3]
            )?;
        }
        for class in &CLASSES[1..] {
            let c = column(*class);
            let flagged: usize = self.matrix.iter().map(|row| row[c]).sum();
            writeln!(
                f,
                "kr-is-{:<7} precision {:.3} ({}/{}), recall {:.3} ({}/{})",
                class.as_str(),
                self.precision(*class),
                self.matrix[c][c],
                flagged,
                self.recall(*class),
                self.matrix[c][c],
                self.matrix[c].iter().sum::<usize>()
            )?;
        }
        let (flagged, outcomes) = self.outcomes_flagged();
        write!(
            f,
            "outcomes flagged: {flagged}/{outcomes} ({:.3})",
            ratio(flagged, outcomes)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(text: &str, label: Class, group: &str) -> Example {
        Example {
            text: text.to_owned(),
            label,
            group: group.to_owned(),
        }
    }

    fn toy() -> Vec<Example> {
        let mut out = Vec::new();
        for (g, team) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            let n = 10 + g;
            out.push(example(
                &format!("Reduce {team} latency from {n}0 ms to {n} ms"),
                Class::Outcome,
                team,
            ));
            out.push(example(
                &format!("Grow {team} weekly users from {n}k to {}k", n + 5),
                Class::Outcome,
                team,
            ));
            out.push(example(
                &format!("Ship the new {team} dashboard"),
                Class::Task,
                team,
            ));
            out.push(example(
                &format!("Migrate {team} to the new queue"),
                Class::Task,
                team,
            ));
            out.push(example(
                &format!("Publish {n} blog posts about {team}"),
                Class::Output,
                team,
            ));
            out.push(example(
                &format!("Improve {team} quality"),
                Class::Vague,
                team,
            ));
        }
        out
    }

    #[test]
    fn folds_never_split_a_group_and_are_even() {
        let examples = toy();
        let folds = grouped_folds(&examples, 3);
        for (e, f) in examples.iter().zip(&folds) {
            for (o, g) in examples.iter().zip(&folds) {
                if e.group == o.group {
                    assert_eq!(f, g);
                }
            }
        }
        for fold in 0..3 {
            assert_eq!(folds.iter().filter(|f| **f == fold).count(), 12);
        }
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let examples = toy();
        let options = Options {
            folds: 3,
            ..Options::default()
        };
        let a = fit(&examples, &options);
        let b = fit(&examples, &options);
        assert_eq!(a.to_text(), b.to_text());
        let p = a.probabilities("Ship the new billing dashboard");
        assert_eq!(argmax(&p), column(Class::Task));
        let predictions = cross_validate(&examples, 3, &options);
        assert_eq!(predictions.len(), examples.len());
    }

    #[test]
    fn thresholds_rise_until_the_findings_are_precise() {
        // Two task guesses at 0.9 (right) and 0.6 (an outcome): the
        // threshold must exclude the wrong one.
        let probabilities = [
            [0.05, 0.05, 0.9, 0.0],
            [0.3, 0.1, 0.6, 0.0],
            [0.9, 0.05, 0.05, 0.0],
        ];
        let labels = [Class::Task, Class::Outcome, Class::Outcome];
        let t = choose_thresholds(&probabilities, &labels, &Options::default());
        assert!(t[2] > 0.6 && t[2] <= 0.9, "{t:?}");
        assert!(t[1] >= 1.0 && t[3] >= 1.0);
    }
}
