//! Rebuilds the wording scorer's weights, `crates/lint/model/wording.tsv`,
//! from the corpus `crates/lint/tests/corpus/key_results.tsv`, byte for
//! byte: `cargo run --release -p okr-lint --example train`.
//!
//! `--check` writes nothing and fails if the shipped file differs;
//! `--cv` also prints the grouped cross-validation of the procedure.

use std::path::Path;
use std::process::ExitCode;

use okr_lint::learn::{Confusion, Options, cross_validate, fit, read_corpus, training_set};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for arg in &args {
        if !matches!(arg.as_str(), "--check" | "--cv") {
            eprintln!("train: unknown argument {arg:?} (use --check or --cv)");
            return ExitCode::from(2);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_path = root.join("tests/corpus/key_results.tsv");
    let model_path = root.join("model/wording.tsv");
    let corpus = match std::fs::read_to_string(&corpus_path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("train: {}: {error}", corpus_path.display());
            return ExitCode::FAILURE;
        }
    };
    let entries = match read_corpus(&corpus) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("train: {}: {error}", corpus_path.display());
            return ExitCode::FAILURE;
        }
    };
    let examples = training_set(&entries);
    let options = Options::default();
    if args.iter().any(|a| a == "--cv") {
        let predictions = cross_validate(&examples, options.folds, &options);
        let confusion = Confusion::of(predictions.iter().map(|p| (p.label, p.spoken())));
        println!("grouped cross-validation by source:\n{confusion}");
    }
    let text = fit(&examples, &options).to_text();
    if args.iter().any(|a| a == "--check") {
        let shipped = std::fs::read_to_string(&model_path).unwrap_or_default();
        if shipped != text {
            eprintln!(
                "train: {} differs from what the corpus trains",
                model_path.display()
            );
            return ExitCode::FAILURE;
        }
        println!("train: {} is what the corpus trains", model_path.display());
        return ExitCode::SUCCESS;
    }
    if let Err(error) = std::fs::write(&model_path, &text) {
        eprintln!("train: {}: {error}", model_path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "train: wrote {} ({} bytes) from {} key results",
        model_path.display(),
        text.len(),
        examples.len()
    );
    ExitCode::SUCCESS
}
