//! The learned scorer of a key result's wording: a multinomial logistic
//! regression over the words of its title and the rules' own reading of it
//! ([`explain`]), shipped as data (`model/wording.tsv`, rebuilt by
//! `cargo run -p okr-lint --example train`).
//!
//! The rules say *why* a key result reads as a task, an output or a wish;
//! the scorer says *how sure* that reading is, and a finding is spoken only
//! when it is surer than a threshold chosen on cross-validation so that few
//! good key results are ever flagged (see docs/lint.md).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use crate::classify::Class;
use crate::text::{LEXICON, Lexicon, PhraseIndex, Text};

/// The classes in the order of the model's columns.
pub const CLASSES: [Class; 4] = [Class::Outcome, Class::Output, Class::Task, Class::Vague];

/// The column of `class` in the model.
pub fn column(class: Class) -> usize {
    match class {
        Class::Outcome => 0,
        Class::Output => 1,
        Class::Task => 2,
        Class::Vague => 3,
    }
}

/// The features of a key result's title, sorted and without repeats: its
/// words and pairs of words (numbers read as `0`), its first word, the
/// letters of its words in threes and fours (so that "migrating" is near
/// "migrate"), the shapes the rules look for (a number, a baseline, a
/// share, a count of artifacts or of people…) and the word lists of the
/// lexicon it leads with or contains.
///
/// The rules' own verdict is not a feature: the rules were tuned by hand on
/// most of the corpus, so a model that learnt to trust them there would
/// trust them too much on key results they never met (measured: see
/// docs/lint.md).
pub fn features(title: &str) -> Vec<String> {
    let lexicon = &*LEXICON;
    let text = Text::new(title);
    let words: Vec<String> = text
        .words()
        .iter()
        .skip(text.lead())
        .map(|word| {
            if word.chars().any(|c| c.is_ascii_digit()) {
                if word.ends_with('%') { "0%" } else { "0" }.to_owned()
            } else {
                word.clone()
            }
        })
        .collect();
    let mut out = Vec::with_capacity(words.len() * 10 + 32);
    if let Some(first) = words.first() {
        out.push(format!("f:{first}"));
    }
    let mut previous = "^";
    for word in &words {
        out.push(format!("w:{word}"));
        out.push(format!("b:{previous} {word}"));
        previous = word;
        let letters: Vec<char> = format!("<{word}>").chars().collect();
        for n in 3..=4 {
            for window in letters.windows(n) {
                out.push(format!("c:{}", window.iter().collect::<String>()));
            }
        }
    }
    out.push(format!("b:{previous} $"));
    let signals = [
        ("number", text.has_number()),
        ("digits", text.has_digits()),
        ("numerals", text.has_numerals()),
        ("baseline", text.states_baseline()),
        ("from-to", text.from_to().is_some()),
        ("share", text.measures_share()),
        ("artifacts", text.counts_artifacts()),
        ("people", text.counts_people()),
        ("effects", text.counts_effects()),
        ("change-verb", text.starts_with_verb(&lexicon.change_verbs)),
        ("task-verb", text.starts_with_verb(&lexicon.task_verbs)),
        ("output-verb", text.starts_with_verb(&lexicon.output_verbs)),
        ("metric-noun", text.contains_indexed(&SIGNAL_LISTS[0])),
        ("decrease", text.contains_indexed(&SIGNAL_LISTS[1])),
        ("sentences", Text::sentences(title).len() > 1),
    ];
    for (name, on) in signals {
        if on {
            out.push(format!("s:{name}"));
        }
    }
    let length = match words.len() {
        0..=3 => "short",
        4..=8 => "medium",
        9..=16 => "long",
        _ => "very-long",
    };
    out.push(format!("s:{length}"));
    for (name, list, index) in LISTS.iter() {
        if text.starts_with_verb(list) {
            out.push(format!("l:{name}"));
        }
        if text.contains_indexed(index) {
            out.push(format!("h:{name}"));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The lexicon's lists whose presence in a title is a feature: each with
/// its feature name and its index.
static LISTS: LazyLock<Vec<(&str, &[String], PhraseIndex)>> = LazyLock::new(|| {
    let lexicon: &'static Lexicon = &LEXICON;
    let lists: [(&str, &'static [String]); 22] = [
        ("task-verbs", &lexicon.task_verbs),
        ("effort-verbs", &lexicon.effort_verbs),
        ("output-verbs", &lexicon.output_verbs),
        ("acquisition-verbs", &lexicon.acquisition_verbs),
        ("hiring-verbs", &lexicon.hiring_verbs),
        ("attraction-verbs", &lexicon.attraction_verbs),
        ("staffing-verbs", &lexicon.staffing_verbs),
        ("change-verbs", &lexicon.change_verbs),
        ("attainment-verbs", &lexicon.attainment_verbs),
        ("possession-verbs", &lexicon.possession_verbs),
        ("assurance-verbs", &lexicon.assurance_verbs),
        ("measure-leads", &lexicon.measure_leads),
        ("done-states", &lexicon.done_states),
        ("vague-words", &lexicon.vague_words),
        ("universal", &lexicon.universal_quantifiers),
        ("per-item-acts", &lexicon.per_item_acts),
        ("outcome-nouns", &lexicon.outcome_nouns),
        ("artifacts", &lexicon.artifacts),
        ("people", &lexicon.people),
        ("activity-metrics", &lexicon.activity_metrics),
        ("activity-nouns", &lexicon.activity_nouns),
        ("placeholders", &lexicon.placeholders),
    ];
    lists
        .into_iter()
        .map(|(name, list)| (name, list, PhraseIndex::new(list)))
        .collect()
});

/// The lists behind the `metric-noun` and `decrease` signals.
static SIGNAL_LISTS: LazyLock<[PhraseIndex; 2]> = LazyLock::new(|| {
    let lexicon: &'static Lexicon = &LEXICON;
    [
        PhraseIndex::new(&lexicon.metric_nouns),
        PhraseIndex::new(&lexicon.decrease_words),
    ]
});

/// A trained model: a weight per feature and class, a bias per class, and
/// the probability each finding needs before it is spoken.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The weights of each known feature, by class column.
    pub weights: HashMap<String, [f64; 4]>,
    /// The bias of each class.
    pub bias: [f64; 4],
    /// The probability a class needs to be spoken (the outcome's is unused).
    pub thresholds: [f64; 4],
    /// Lines of `#` comments kept at the top of the file: how it was made.
    pub about: Vec<String>,
}

/// What the scorer makes of a key result's title.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// The likeliest class.
    pub class: Class,
    /// Its probability.
    pub confidence: f64,
    /// Whether it clears its threshold: a finding is spoken only then, and
    /// never for an outcome.
    pub speaks: bool,
}

impl Model {
    /// The probability of each class (in [`CLASSES`] order) for a title.
    pub fn probabilities(&self, title: &str) -> [f64; 4] {
        self.probabilities_of(&features(title))
    }

    /// The probability of each class for already computed features.
    pub fn probabilities_of(&self, features: &[String]) -> [f64; 4] {
        let scale = 1.0 / (features.len().max(1) as f64).sqrt();
        let mut scores = self.bias;
        for feature in features {
            if let Some(weights) = self.weights.get(feature) {
                for (score, weight) in scores.iter_mut().zip(weights) {
                    *score += weight * scale;
                }
            }
        }
        softmax(scores)
    }

    /// The likeliest class of a title, how sure the model is, and whether
    /// that is sure enough to be said.
    pub fn judge(&self, title: &str) -> Judgement {
        self.judge_probabilities(self.probabilities(title))
    }

    /// [`Model::judge`] for already computed probabilities.
    pub fn judge_probabilities(&self, probabilities: [f64; 4]) -> Judgement {
        let best = argmax(&probabilities);
        let class = CLASSES[best];
        Judgement {
            class,
            confidence: probabilities[best],
            speaks: class != Class::Outcome && probabilities[best] >= self.thresholds[best],
        }
    }

    /// Reads a model file: `#` comment lines, then `threshold` and `bias`
    /// lines and one line per feature, each a name and four numbers
    /// separated by tabs.
    pub fn parse(text: &str) -> Result<Model, String> {
        let mut model = Model {
            weights: HashMap::new(),
            bias: [0.0; 4],
            thresholds: [1.0; 4],
            about: Vec::new(),
        };
        for (number, line) in text.lines().enumerate() {
            if let Some(comment) = line.strip_prefix('#') {
                model.about.push(comment.trim_start().to_owned());
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or_default();
            let mut values = [0.0; 4];
            for value in &mut values {
                *value = fields
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("line {}: expected four numbers", number + 1))?;
            }
            if fields.next().is_some() {
                return Err(format!("line {}: more than four numbers", number + 1));
            }
            match name {
                "=threshold" => model.thresholds = values,
                "=bias" => model.bias = values,
                _ => {
                    model.weights.insert(name.to_owned(), values);
                }
            }
        }
        Ok(model)
    }

    /// The model as a file [`Model::parse`] reads, features sorted, each
    /// number with four decimals: the same model always gives the same bytes.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.about {
            let _ = writeln!(out, "# {line}");
        }
        let mut row = |name: &str, values: &[f64; 4]| {
            let _ = writeln!(
                out,
                "{name}\t{}\t{}\t{}\t{}",
                fixed(values[0]),
                fixed(values[1]),
                fixed(values[2]),
                fixed(values[3])
            );
        };
        row("=threshold", &self.thresholds);
        row("=bias", &self.bias);
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for name in names {
            row(name, &self.weights[name]);
        }
        out
    }
}

/// Four decimals, and never `-0.0000`.
fn fixed(value: f64) -> String {
    let text = format!("{value:.4}");
    if text == "-0.0000" {
        "0.0000".to_owned()
    } else {
        text
    }
}

/// The probabilities of scores.
pub fn softmax(scores: [f64; 4]) -> [f64; 4] {
    let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp = scores.map(|s| (s - top).exp());
    let sum: f64 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// The index of the largest value (the first of equals).
pub fn argmax(values: &[f64; 4]) -> usize {
    let mut best = 0;
    for (i, value) in values.iter().enumerate() {
        if *value > values[best] {
            best = i;
        }
    }
    best
}

/// The text of the shipped model, `model/wording.tsv`, as built into the
/// binary.
pub const SHIPPED: &str = include_str!("../model/wording.tsv");

/// The model shipped with git-okr, trained on the corpus in
/// `tests/corpus/`.
pub static MODEL: LazyLock<Model> = LazyLock::new(|| match Model::parse(SHIPPED) {
    Ok(model) => model,
    // The file is part of the build and checked by the crate's tests.
    Err(why) => panic!("model/wording.tsv: {why}"),
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_read_numbers_as_shapes_and_pairs_in_order() {
        let f = features("Reduce build time from 10 minutes to 2%");
        for expected in [
            "w:reduce",
            "b:^ reduce",
            "f:reduce",
            "w:0",
            "w:0%",
            "b:0% $",
        ] {
            assert!(f.contains(&expected.to_owned()), "{expected} in {f:?}");
        }
        assert!(f.contains(&"c:red".to_owned()) && f.contains(&"s:from-to".to_owned()));
        let mut sorted = f.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(f, sorted);
    }

    #[test]
    fn a_model_survives_its_own_file() {
        let mut weights = HashMap::new();
        weights.insert("w:ship".to_owned(), [-1.0, 0.0, 2.5, 0.125]);
        let model = Model {
            weights,
            bias: [0.5, 0.0, -0.5, 0.0],
            thresholds: [1.0, 0.8, 0.7, 0.9],
            about: vec!["made by hand".to_owned()],
        };
        let text = model.to_text();
        assert_eq!(Model::parse(&text), Ok(model.clone()));
        assert_eq!(Model::parse(&text).map(|m| m.to_text()), Ok(text));
    }

    #[test]
    fn a_broken_model_file_is_an_error() {
        assert!(Model::parse("w:ship\t1\t2\n").is_err());
        assert!(Model::parse("w:ship\t1\t2\t3\tx\n").is_err());
        assert!(Model::parse("w:ship\t1\t2\t3\t4\t5\n").is_err());
    }

    #[test]
    fn the_shipped_model_loads_and_judges() {
        let judged = MODEL.judge("Reduce failed checkout attempts from 4% to 2.8%");
        assert_eq!(judged.class, Class::Outcome);
        assert!(!judged.speaks);
        let p = MODEL.probabilities("Ship new retry logic");
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn softmax_is_stable_on_large_scores() {
        let p = softmax([1000.0, 0.0, -1000.0, 999.0]);
        assert!(p.iter().all(|x| x.is_finite()));
        assert_eq!(argmax(&p), 0);
    }
}
