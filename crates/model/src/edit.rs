//! Editing an OKR file in place: a check-in sets a key result's `current`
//! and `confidence` and leaves every other byte of the file as it was
//! (comments, key order, blank lines, the spelling of other values).
//!
//! The edit goes through `toml_edit`, which keeps the text around each value
//! (its decor). A changed value keeps the decor of the value it replaces, so
//! a comment after `current = 3.6  # latest check-in` stays; a key that was
//! not there is added after the field it belongs beside (`current` after
//! `target`, `confidence` after `current`).

use toml_edit::{Array, DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

/// A number as the user typed it on the command line, checked to be a plain
/// TOML number. Its spelling is kept: `3.20` is written as `3.20`.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The text, as it will appear in the file.
    text: String,
    /// Its value.
    value: f64,
}

impl Number {
    /// Reads `text` as a number: a TOML integer or float (`41`, `3.2`,
    /// `-0.5`, `1e3`, `12_000`), finite.
    pub fn parse(text: &str) -> Result<Number, EditError> {
        let bad = |reason: &str| EditError::NotANumber {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(bad("it is empty"));
        }
        if trimmed.contains(',') && trimmed.replace(',', ".").parse::<f64>().is_ok() {
            return Err(bad("write the decimal separator as a dot"));
        }
        if let Some(number) = trimmed.strip_suffix('%')
            && number.trim().parse::<f64>().is_ok()
        {
            return Err(bad(
                "leave out the unit: the key result's `unit` already says it",
            ));
        }
        let value = match trimmed.parse::<Value>() {
            Ok(Value::Integer(i)) => *i.value() as f64,
            Ok(Value::Float(f)) => *f.value(),
            _ if trimmed.starts_with('.') || trimmed.ends_with('.') => {
                return Err(bad("write a digit on both sides of the dot, as in 0.5"));
            }
            _ => return Err(bad("expected a number such as 42 or 3.5")),
        };
        if !value.is_finite() {
            return Err(bad("it must be a finite number"));
        }
        Ok(Number {
            text: trimmed.to_owned(),
            value,
        })
    }

    /// Its value.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The text written to the file.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn to_value(&self) -> Result<Value, EditError> {
        self.text
            .parse::<Value>()
            .map_err(|_| EditError::NotANumber {
                text: self.text.clone(),
                reason: "expected a number such as 42 or 3.5".to_owned(),
            })
    }
}

/// One key result's new check-in values.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn {
    /// The objective's id.
    pub objective: String,
    /// The key result's id.
    pub key_result: String,
    /// The new `current`.
    pub value: Number,
    /// The new `confidence`, if given (0 to 1).
    pub confidence: Option<Number>,
}

/// Why a file could not be edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// A value given for a field is not a number.
    #[error("`{text}` is not a number: {reason}")]
    NotANumber {
        /// The value as typed.
        text: String,
        /// Why.
        reason: String,
    },
    /// A confidence outside 0 to 1.
    #[error("confidence `{text}` is outside 0 to 1{}", percent_hint(text))]
    ConfidenceRange {
        /// The value as typed.
        text: String,
    },
    /// The file is not TOML that `toml_edit` can read.
    #[error("the file is not valid TOML")]
    Syntax,
    /// The objective or key result is not in the file, where the structure
    /// `[[objectives]]` / `[[objectives.key_results]]` puts them.
    #[error("the file has no key result `{objective}/{key_result}`")]
    NotFound {
        /// The objective's id.
        objective: String,
        /// The key result's id.
        key_result: String,
    },
}

/// A hint for a confidence written as a whole percentage, `70` for 0.7.
fn percent_hint(text: &str) -> String {
    match text.trim().parse::<u8>() {
        Ok(v) if (2..=100).contains(&v) => {
            format!(" (for {v}%, write {})", f64::from(v) / 100.0)
        }
        _ => String::new(),
    }
}

impl CheckIn {
    /// Checks the values: a confidence must lie in 0 to 1.
    pub fn check(&self) -> Result<(), EditError> {
        match &self.confidence {
            Some(c) if !(0.0..=1.0).contains(&c.value) => Err(EditError::ConfidenceRange {
                text: c.text.clone(),
            }),
            _ => Ok(()),
        }
    }
}

/// Applies `check_ins` to the text of an OKR file and returns the new text.
/// Only the `current` and `confidence` values of the named key results
/// change; every other byte stays.
///
/// The result is not validated here: parse it with [`crate::parse()`] to
/// judge it as a whole.
pub fn apply(text: &str, check_ins: &[CheckIn]) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse().map_err(|_| EditError::Syntax)?;
    for check_in in check_ins {
        check_in.check()?;
        let not_found = || EditError::NotFound {
            objective: check_in.objective.clone(),
            key_result: check_in.key_result.clone(),
        };
        let objective = document
            .get_mut("objectives")
            .and_then(|item| find_mut(item, &check_in.objective))
            .ok_or_else(not_found)?;
        let mut table = objective
            .child("key_results", &check_in.key_result)
            .ok_or_else(not_found)?;
        table.set(
            "current",
            check_in.value.to_value()?,
            &["target", "baseline"],
        );
        if let Some(confidence) = &check_in.confidence {
            table.set("confidence", confidence.to_value()?, &["current"]);
        }
    }
    Ok(document.to_string())
}

/// The comment written above a `[review]` table that grading adds.
pub const REVIEW_COMMENT: &str = "\
# The review of the period (seed 000 §2.3), written together at its end:
# what the period taught, what failed (written down so that it is not
# repeated) and what to continue. `git okr new --from` carries `continue` and
# `failures` into the next period's set.
";

/// Closes a graded set: writes each key result's `score` (after its
/// `confidence`, `current` or `target`), sets `status = "closed"`, and writes
/// the set's score first in `[review]`. A `[review]` that is absent is added
/// at the end with [`REVIEW_COMMENT`] and empty `lessons`, `failures` and
/// `continue`; one that exists keeps what is written in it, and gains only
/// the lists it lacks. Every other byte stays.
///
/// `scores` are `(objective id, key result id, score)`; scores are written
/// with one decimal. The result is not validated here: parse it with
/// [`crate::parse()`] to judge it as a whole.
pub fn close(
    text: &str,
    scores: &[(String, String, f64)],
    set_score: f64,
) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse().map_err(|_| EditError::Syntax)?;
    for (objective, key_result, score) in scores {
        let not_found = || EditError::NotFound {
            objective: objective.clone(),
            key_result: key_result.clone(),
        };
        let found = document
            .get_mut("objectives")
            .and_then(|item| find_mut(item, objective))
            .ok_or_else(not_found)?;
        let mut table = found
            .child("key_results", key_result)
            .ok_or_else(not_found)?;
        table.set(
            "score",
            tenths(*score),
            &["confidence", "current", "target", "baseline", "title"],
        );
    }
    let mut top = Found::Table(document.as_table_mut());
    top.set(
        "status",
        Value::from("closed"),
        &["parent", "end", "period", "team"],
    );
    let lists = ["lessons", "failures", "continue"];
    match document.get_mut("review") {
        Some(Item::Table(review)) => {
            set_first(review, "score", tenths(set_score));
            for key in lists {
                if !review.contains_key(key) {
                    review.insert(key, Item::Value(Value::Array(Array::new())));
                }
            }
        }
        Some(Item::Value(Value::InlineTable(review))) => {
            let mut found = Found::Inline(review);
            found.set("score", tenths(set_score), &[]);
            for key in lists {
                if !found.as_like().contains_key(key) {
                    found
                        .as_like()
                        .insert(key, Item::Value(Value::Array(Array::new())));
                }
            }
        }
        _ => {
            document.remove("review");
            let mut review = Table::new();
            review.decor_mut().set_prefix(format!("\n{REVIEW_COMMENT}"));
            review.insert("score", Item::Value(tenths(set_score)));
            for key in lists {
                review.insert(key, Item::Value(Value::Array(Array::new())));
            }
            document.insert("review", Item::Table(review));
        }
    }
    Ok(document.to_string())
}

/// A score as a TOML float with one decimal: `0.6`, `1.0`.
fn tenths(score: f64) -> Value {
    let text = format!("{:.1}", score.clamp(0.0, 1.0));
    text.parse::<Value>()
        .unwrap_or_else(|_| Value::from(score.clamp(0.0, 1.0)))
}

/// Sets `key` to `value` in `table`: in place (decor kept) when it is
/// there, else as the first key, before the others.
fn set_first(table: &mut Table, key: &str, mut value: Value) {
    if let Some(Item::Value(old)) = table.get_mut(key) {
        *value.decor_mut() = old.decor().clone();
        *old = value;
        return;
    }
    table.remove(key);
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let moved: Vec<(Key, Item)> = keys.iter().filter_map(|k| table.remove_entry(k)).collect();
    table.insert(key, Item::Value(value));
    for (k, item) in moved {
        table.insert_formatted(&k, item);
    }
}

/// An objective's or key result's table, standard or inline.
enum Found<'d> {
    Table(&'d mut Table),
    Inline(&'d mut InlineTable),
}

impl Found<'_> {
    /// The element with id `id` of the list under `key`.
    fn child<'a>(self, key: &str, id: &str) -> Option<Found<'a>>
    where
        Self: 'a,
    {
        match self {
            Found::Table(t) => find_mut(t.get_mut(key)?, id),
            Found::Inline(t) => find_inline(t.get_mut(key)?.as_array_mut()?, id),
        }
    }

    fn as_like(&mut self) -> &mut dyn TableLike {
        match self {
            Found::Table(t) => *t,
            Found::Inline(t) => *t,
        }
    }

    /// Sets `key` to `value`. An existing value keeps its decor (the spaces
    /// and comment around it); a new key goes after the first of `after`
    /// that the table has, or last.
    fn set(&mut self, key: &str, mut value: Value, after: &[&str]) {
        if let Some(Item::Value(old)) = self.as_like().get_mut(key) {
            *value.decor_mut() = old.decor().clone();
            *old = value;
            return;
        }
        // A key written as something other than a value is replaced.
        self.as_like().remove(key);
        let anchor = after.iter().find(|k| self.as_like().contains_key(k));
        match (self, anchor) {
            (Found::Table(table), Some(anchor)) => insert_after(table, anchor, key, value),
            (found, _) => {
                found.as_like().insert(key, Item::Value(value));
            }
        }
    }
}

/// The element of the list `item` whose `id` is `id`.
fn find_mut<'i>(item: &'i mut Item, id: &str) -> Option<Found<'i>> {
    match item {
        Item::ArrayOfTables(tables) => tables.iter_mut().find(|t| has_id(*t, id)).map(Found::Table),
        Item::Value(Value::Array(array)) => find_inline(array, id),
        _ => None,
    }
}

/// The inline table of `array` whose `id` is `id`.
fn find_inline<'a>(array: &'a mut Array, id: &str) -> Option<Found<'a>> {
    array
        .iter_mut()
        .filter_map(Value::as_inline_table_mut)
        .find(|t| has_id(*t, id))
        .map(Found::Inline)
}

fn has_id(table: &dyn TableLike, id: &str) -> bool {
    table
        .get("id")
        .and_then(Item::as_str)
        .is_some_and(|v| v == id)
}

/// Inserts `key = value` right after `anchor` in `table`, keeping the keys
/// after it, with their decor, in their order.
fn insert_after(table: &mut Table, anchor: &str, key: &str, value: Value) {
    let after: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_owned())
        .skip_while(|k| k != anchor)
        .skip(1)
        .collect();
    let moved: Vec<(Key, Item)> = after.iter().filter_map(|k| table.remove_entry(k)).collect();
    table.insert(key, Item::Value(value));
    for (k, item) in moved {
        table.insert_formatted(&k, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FILE: &str = r#"#:schema ../../docs/okr.schema.json
# Platform OKRs.
format = 1
team = "platform"
period = "2026-Q4"

[[objectives]]
id = "reliable"   # the one that matters
title = "Checkout never loses an order"

[[objectives.key_results]]
id = "failed"
title = "Cut failed checkouts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target   = 2.8
current  = 3.6      # latest check-in
confidence = 0.6
owner = "platform"

# Added in the second iteration.
[[objectives.key_results]]
id = "p99"
title = "Bring p99 latency from 900 ms to 400 ms"
baseline = 900
target = 400
owner = "platform"
"#;

    fn check_in(kr: &str, value: &str, confidence: Option<&str>) -> CheckIn {
        CheckIn {
            objective: "reliable".into(),
            key_result: kr.into(),
            value: Number::parse(value).expect("a number"),
            confidence: confidence.map(|c| Number::parse(c).expect("a number")),
        }
    }

    #[test]
    fn replaces_values_and_keeps_everything_else() {
        let new = apply(FILE, &[check_in("failed", "3.20", Some("0.7"))]).expect("edited");
        // The spaces after the value are its decor, kept as written.
        let expected = FILE
            .replace("current  = 3.6      #", "current  = 3.20      #")
            .replace("confidence = 0.6", "confidence = 0.7");
        assert_eq!(new, expected);
    }

    #[test]
    fn adds_missing_keys_beside_their_neighbours() {
        let new = apply(FILE, &[check_in("p99", "700", Some("0.5"))]).expect("edited");
        let expected = FILE.replace(
            "target = 400\nowner",
            "target = 400\ncurrent = 700\nconfidence = 0.5\nowner",
        );
        assert_eq!(new, expected);
        let parsed = crate::parse("t.toml", &new);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    }

    #[test]
    fn inline_tables_are_edited_too() {
        let text = "format = 1\nteam = \"a\"\nperiod = \"2026-Q1\"\nobjectives = [\n  { id = \"o\", title = \"O\", key_results = [{ id = \"k\", title = \"K\", current = 1 }] },\n]\n";
        let new = apply(
            text,
            &[CheckIn {
                objective: "o".into(),
                key_result: "k".into(),
                value: Number::parse("2").expect("a number"),
                confidence: Some(Number::parse("0.9").expect("a number")),
            }],
        )
        .expect("edited");
        assert!(new.contains("current = 2"), "{new}");
        assert!(new.contains("confidence = 0.9"), "{new}");
    }

    #[test]
    fn errors() {
        assert!(matches!(
            apply(FILE, &[check_in("nope", "1", None)]),
            Err(EditError::NotFound { .. })
        ));
        assert_eq!(
            apply(FILE, &[check_in("failed", "1", Some("70"))])
                .err()
                .map(|e| e.to_string()),
            Some("confidence `70` is outside 0 to 1 (for 70%, write 0.7)".to_owned())
        );
        assert_eq!(
            apply(FILE, &[check_in("failed", "1", Some("1.5"))])
                .err()
                .map(|e| e.to_string()),
            Some("confidence `1.5` is outside 0 to 1".to_owned()),
            "no percentage hint for what is not one"
        );
        assert_eq!(apply("a = [", &[]), Err(EditError::Syntax));
        for (text, reason) in [
            ("", "it is empty"),
            ("3,2", "write the decimal separator as a dot"),
            ("3.2%", "leave out the unit"),
            (".5", "write a digit on both sides"),
            ("abc", "expected a number"),
            ("inf", "finite"),
            ("nan", "finite"),
            ("1\n2", "expected a number"),
        ] {
            let error = Number::parse(text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.contains(reason), "{text:?}: {error}");
        }
        assert_eq!(Number::parse(" 12_000 ").map(|n| n.value()), Ok(12000.0));
        assert_eq!(Number::parse("-0.5").map(|n| n.value()), Ok(-0.5));
        assert_eq!(Number::parse("1e3").map(|n| n.value()), Ok(1000.0));
    }

    fn scores(items: &[(&str, f64)]) -> Vec<(String, String, f64)> {
        items
            .iter()
            .map(|(kr, score)| ("reliable".to_owned(), (*kr).to_owned(), *score))
            .collect()
    }

    #[test]
    fn closing_writes_scores_status_and_a_review_scaffold() {
        let new = close(FILE, &scores(&[("failed", 0.3), ("p99", 0.0)]), 0.2).expect("edited");
        let expected = FILE
            .replace(
                "period = \"2026-Q4\"\n",
                "period = \"2026-Q4\"\nstatus = \"closed\"\n",
            )
            .replace(
                "confidence = 0.6\nowner",
                "confidence = 0.6\nscore = 0.3\nowner",
            )
            .replace("target = 400\nowner", "target = 400\nscore = 0.0\nowner")
            + "\n"
            + REVIEW_COMMENT
            + "[review]\nscore = 0.2\nlessons = []\nfailures = []\ncontinue = []\n";
        assert_eq!(new, expected);
        let parsed = crate::parse("t.toml", &new);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        let set = parsed.set.expect("a set");
        assert_eq!(set.status, crate::Status::Closed);
        assert_eq!(set.review.and_then(|r| r.score), Some(0.2));
        assert_eq!(set.objectives[0].key_results[0].score, Some(0.3));
    }

    #[test]
    fn a_written_review_is_kept() {
        let text = FILE.replace(
            "period = \"2026-Q4\"\n",
            "period = \"2026-Q4\"\nstatus = \"final\"   # frozen on 2026-10-02\n",
        ) + "\n# Our review.\n[review]\nlessons = [\"measure first\"]  # from the retro\ncontinue = [\n  \"weekly check-ins\",\n]\n";
        let new = close(&text, &scores(&[("failed", 1.0)]), 1.0).expect("edited");
        assert!(
            new.contains("status = \"closed\"   # frozen on 2026-10-02\n"),
            "{new}"
        );
        assert!(
            new.ends_with("\n# Our review.\n[review]\nscore = 1.0\nlessons = [\"measure first\"]  # from the retro\ncontinue = [\n  \"weekly check-ins\",\n]\nfailures = []\n"),
            "{new}"
        );
        // Graded twice (a reopened set): the values change in place.
        let again = close(&new, &scores(&[("failed", 0.9)]), 0.9).expect("edited");
        assert!(again.contains("score = 0.9\nowner"), "{again}");
        assert!(again.contains("[review]\nscore = 0.9\nlessons"), "{again}");
        assert_eq!(again.matches("score =").count(), 2, "{again}");
    }

    #[test]
    fn an_inline_review_is_kept_too() {
        let text = format!("{FILE}review = {{ lessons = [\"a\"] }}\n");
        // `review = …` after a table header belongs to that table: put it
        // at the top level instead.
        let text = text.replace("review = { lessons = [\"a\"] }\n", "");
        let text = text.replacen(
            "period = \"2026-Q4\"\n",
            "period = \"2026-Q4\"\nreview = { lessons = [\"a\"] }\n",
            1,
        );
        let new = close(&text, &[], 0.5).expect("edited");
        let parsed = crate::parse("t.toml", &new);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        let review = parsed.set.and_then(|s| s.review).expect("a review");
        assert_eq!(review.score, Some(0.5));
        assert_eq!(review.lessons, ["a"]);
        assert!(review.failures.is_empty() && review.continue_.is_empty());
        assert_eq!(
            close(FILE, &scores(&[("nope", 0.5)]), 0.5),
            Err(EditError::NotFound {
                objective: "reliable".into(),
                key_result: "nope".into()
            })
        );
    }

    /// A file with `krs` key results, each with optional current and
    /// confidence, comments and odd spacing everywhere.
    fn file(krs: &[(bool, bool, u8)]) -> String {
        let mut text = String::from(
            "# top comment\nformat = 1\nteam = \"t\"   # team\nperiod = \"2026-Q1\"\n\n[[objectives]]\nid = \"o\"\ntitle = \"Objective\"\n",
        );
        for (i, (current, confidence, spaces)) in krs.iter().enumerate() {
            let pad = " ".repeat(usize::from(*spaces % 4));
            text.push_str(&format!(
                "\n# kr {i}\n[[objectives.key_results]]\nid = \"k{i}\"\ntitle = \"Raise x from 0 to 10\"{pad}# t\nbaseline = 0\ntarget{pad} = 10\n"
            ));
            if *current {
                text.push_str(&format!("current ={pad} 5 # c{i}\n"));
            }
            if *confidence {
                text.push_str(&format!("confidence = 0.5{pad}\n"));
            }
            text.push_str("owner = \"t\"\n");
        }
        text
    }

    proptest! {
        #[test]
        fn an_edit_changes_only_its_own_values(
            krs in proptest::collection::vec((any::<bool>(), any::<bool>(), any::<u8>()), 1..5),
            pick in any::<prop::sample::Index>(),
            value in -1000i32..1000,
            tenths in 0u8..=10,
            with_confidence in any::<bool>(),
        ) {
            let old = file(&krs);
            let k = pick.index(krs.len());
            let value = format!("{}.5", value);
            let confidence = format!("{}", f64::from(tenths) / 10.0);
            let new = apply(&old, &[CheckIn {
                objective: "o".into(),
                key_result: format!("k{k}"),
                value: Number::parse(&value).expect("a number"),
                confidence: with_confidence.then(|| Number::parse(&confidence).expect("a number")),
            }]).expect("edited");

            let before = crate::parse("t.toml", &old);
            let after = crate::parse("t.toml", &new);
            prop_assert!(!after.has_errors(), "{:?}", after.diagnostics);
            let (before, after) = (before.set.expect("a set"), after.set.expect("a set"));
            // Every other key result, and every other field of this one,
            // reads the same.
            for (i, (b, a)) in before.objectives[0].key_results.iter()
                .zip(&after.objectives[0].key_results).enumerate() {
                if i != k {
                    prop_assert_eq!(b.current, a.current);
                    prop_assert_eq!(b.confidence, a.confidence);
                }
                prop_assert_eq!(&b.title, &a.title);
                prop_assert_eq!(b.baseline, a.baseline);
                prop_assert_eq!(b.target, a.target);
                prop_assert_eq!(&b.owner, &a.owner);
            }
            let edited = &after.objectives[0].key_results[k];
            prop_assert_eq!(edited.current, value.parse::<f64>().ok());
            if with_confidence {
                prop_assert_eq!(edited.confidence, confidence.parse::<f64>().ok());
            } else {
                prop_assert_eq!(edited.confidence, before.objectives[0].key_results[k].confidence);
            }
            // Byte for byte: every line of the old file is still there, in
            // order, but the edited values' lines; every comment is kept.
            let changed = |line: &str| line.starts_with("current") || line.starts_with("confidence");
            let old_lines: Vec<&str> = old.lines().filter(|l| !changed(l)).collect();
            let new_lines: Vec<&str> = new.lines().filter(|l| !changed(l)).collect();
            prop_assert_eq!(old_lines, new_lines);
            for comment in old.lines().filter_map(|l| l.split_once('#').map(|(_, c)| c)) {
                prop_assert!(new.contains(comment), "comment {:?} lost", comment);
            }
            prop_assert_eq!(new.lines().count() - old.lines().count(),
                usize::from(!krs[k].0) + usize::from(with_confidence && !krs[k].1));
        }
    }
}
