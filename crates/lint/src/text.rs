//! Reading the text of an objective or a key result: words, numbers and the
//! lexicon's phrases. The rules ask questions of a [`Text`]; the word lists
//! live in `lexicon/*.toml`, not here.

use std::sync::LazyLock;

use serde::Deserialize;

/// The word lists the text rules use, loaded from `lexicon/en.toml`.
#[derive(Debug, Deserialize)]
pub struct Lexicon {
    /// First words of an owner prefix ("CTO KR:").
    pub owner_prefix_words: Vec<String>,
    /// Words that start a to-do or deliverable.
    pub task_verbs: Vec<String>,
    /// Words that start a count of activity when a number follows.
    pub output_verbs: Vec<String>,
    /// Hiring verbs: a count of people even without a number.
    pub hiring_verbs: Vec<String>,
    /// Words that say a deliverable is done.
    pub done_states: Vec<String>,
    /// Qualities without a measure.
    pub vague_words: Vec<String>,
    /// Words after a number that make it a result for others.
    pub outcome_nouns: Vec<String>,
    /// Placeholders for a number still to be set.
    pub placeholders: Vec<String>,
    /// Number words that count ("two", "twenty").
    pub cardinals: Vec<String>,
    /// Words that name a change without a measure.
    pub change_verbs: Vec<String>,
    /// Things a team makes or does.
    pub artifacts: Vec<String>,
    /// People, counted as output only when the team brings them in.
    pub people: Vec<String>,
    /// Measures of a team's own activity.
    pub activity_metrics: Vec<String>,
    /// Words before a number that make it part of a name.
    pub name_words: Vec<String>,
    /// Words that stand for numbers.
    pub number_words: Vec<String>,
    /// Words that link a deliverable to its effect.
    pub outcome_links: Vec<String>,
    /// Wording of a decreasing metric.
    pub decrease_words: Vec<String>,
    /// Wording of an increasing metric.
    pub increase_words: Vec<String>,
    /// Per-person figures.
    pub individual_measures: Vec<String>,
    /// Words that say a measure is weak.
    pub weakness_words: Vec<String>,
    /// Words that say a measure is weak when they describe the metric.
    pub metric_weakness_words: Vec<String>,
    /// Names of measures.
    pub metric_nouns: Vec<String>,
    /// Words that give a change relative to today ("double", "halve").
    pub relative_changes: Vec<String>,
    /// Words that mark an owner as a team.
    pub team_words: Vec<String>,
    /// Words that mark an owner as one person.
    pub person_roles: Vec<String>,
    /// Where objectives sit in the balanced mix.
    pub balance: Balance,
}

/// The lexicon of the balanced-set rule.
#[derive(Debug, Deserialize)]
pub struct Balance {
    /// Themes facing customers or the business.
    pub customer_themes: Vec<String>,
    /// Themes of quality and reliability.
    pub quality_themes: Vec<String>,
    /// Themes that build capability.
    pub capability_themes: Vec<String>,
    /// Words facing customers or the business.
    pub customer_words: Vec<String>,
    /// Words of quality and reliability.
    pub quality_words: Vec<String>,
    /// Words that build capability.
    pub capability_words: Vec<String>,
}

const ENGLISH: &str = include_str!("../lexicon/en.toml");

/// The English lexicon. It is part of the crate and a test parses it, so
/// loading it cannot fail at run time.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    toml::from_str(ENGLISH).expect("lexicon/en.toml is valid: see the `lexicon_loads` test")
});

/// A text split into lowercase words, with its numbers found.
#[derive(Debug, Clone)]
pub struct Text {
    words: Vec<String>,
    /// Indexes (into `words`) of words that are numbers used as values.
    numbers: Vec<usize>,
}

impl Text {
    /// Reads `text`, dropping an owner prefix such as "CTO KR:" or "KR1 -".
    pub fn new(text: &str) -> Text {
        let text = strip_owner_prefix(text);
        let words = tokenize(text);
        let lexicon = &*LEXICON;
        let numbers = (0..words.len())
            .filter(|&i| is_value(&words, i, lexicon))
            .collect();
        Text { words, numbers }
    }

    /// The words, lowercase.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether the text has a number used as a value (not part of a name
    /// like "SOC 2", not a year), in digits or in words ("zero", "double").
    pub fn has_number(&self) -> bool {
        !self.numbers.is_empty()
            || self
                .words
                .iter()
                .any(|w| LEXICON.number_words.iter().any(|n| n == w))
    }

    /// Whether it has a number used as a value: digits, a placeholder
    /// ("to X") or a counting word ("two").
    pub fn has_digits(&self) -> bool {
        !self.numbers.is_empty()
    }

    /// Whether it has a value written in digits ("40", "2.8%", "$1m").
    pub fn has_numerals(&self) -> bool {
        self.numbers.iter().any(|&i| {
            self.words[i]
                .trim_start_matches('$')
                .starts_with(|c: char| c.is_ascii_digit())
        })
    }

    /// Whether the text says where the measure starts or gives the change
    /// relative to it: "from 40 to 15", "by 30%", "double", "halve".
    pub fn states_baseline(&self) -> bool {
        let from = self.words.iter().position(|w| w == "from");
        if from.is_some_and(|f| self.numbers.iter().any(|&n| n > f)) {
            return true;
        }
        let by_percent = self
            .words
            .windows(2)
            .any(|w| w[0] == "by" && w[1].ends_with('%'))
            || self
                .words
                .windows(3)
                .any(|w| w[0] == "by" && w[2] == "percent");
        by_percent || self.contains_any(&LEXICON.relative_changes)
    }

    /// The values written with digits, in order.
    pub fn values(&self) -> Vec<f64> {
        self.numbers
            .iter()
            .filter_map(|&i| parse_number(&self.words[i]))
            .collect()
    }

    /// The first word, or the first two when they form a phrase of `list`.
    pub fn starts_with_any(&self, list: &[String]) -> bool {
        list.iter().any(|phrase| self.phrase_at(0, phrase))
    }

    /// Whether any phrase of `list` occurs.
    pub fn contains_any(&self, list: &[String]) -> bool {
        self.find_any(list).is_some()
    }

    /// The first phrase of `list` that occurs, with the index it starts at.
    pub fn find_any<'l>(&self, list: &'l [String]) -> Option<(usize, &'l str)> {
        (0..self.words.len()).find_map(|i| {
            list.iter()
                .find(|phrase| self.phrase_at(i, phrase))
                .map(|phrase| (i, phrase.as_str()))
        })
    }

    /// Whether a number is followed, within three words, by a phrase of
    /// `list`: "publish 12 blog posts", "80% of services".
    pub fn number_then(&self, list: &[String]) -> bool {
        self.numbers
            .iter()
            .any(|&n| (n + 1..=n + 3).any(|i| list.iter().any(|phrase| self.phrase_at(i, phrase))))
    }

    /// Whether a number is followed by one of the lexicon's artifacts.
    pub fn counts_artifacts(&self) -> bool {
        self.number_then(&LEXICON.artifacts)
    }

    /// Whether the last number is followed by an artifact: "from 4 to 12
    /// blog posts" counts output even as it moves.
    pub fn counts_artifacts_at_end(&self) -> bool {
        self.numbers.last().is_some_and(|&n| {
            (n + 1..=n + 3).any(|i| LEXICON.artifacts.iter().any(|a| self.phrase_at(i, a)))
        })
    }

    /// Whether the first word is one of `verbs`, in any of its forms
    /// ("ship", "ships", "shipped", "shipping").
    pub fn starts_with_verb(&self, verbs: &[String]) -> bool {
        let Some(first) = self.words.first() else {
            return false;
        };
        verbs.iter().any(|verb| {
            let (head, rest) = match verb.split_once(' ') {
                Some((head, rest)) => (head, Some(rest)),
                None => (verb.as_str(), None),
            };
            let inflected = is_form_of(first, head);
            match rest {
                None => inflected,
                Some(rest) => inflected && self.phrase_at(1, rest),
            }
        })
    }

    /// Whether a phrase of `links` is followed later by a number that is
    /// not a count of artifacts: the deliverable is tied to an effect
    /// ("launch the beta with 100 users").
    pub fn links_to_number(&self, links: &[String]) -> bool {
        // A number that counts artifacts is not an effect: "a publication
        // with 3 articles".
        let effects: Vec<usize> = self
            .numbers
            .iter()
            .copied()
            .filter(|&n| {
                !(n + 1..=n + 3).any(|i| LEXICON.artifacts.iter().any(|a| self.phrase_at(i, a)))
            })
            .collect();
        (0..self.words.len()).any(|i| {
            links
                .iter()
                .any(|link| self.phrase_at(i, link) && effects.iter().any(|&n| n > i))
        })
    }

    /// "from X to Y": the two values, when written.
    pub fn from_to(&self) -> Option<(f64, f64)> {
        let from = self.words.iter().position(|w| w == "from")?;
        let first = self.numbers.iter().copied().find(|&n| n > from)?;
        let to = self.words[first..].iter().position(|w| w == "to")? + first;
        let second = self.numbers.iter().copied().find(|&n| n > to)?;
        // "from 3 hours to 15 minutes": values in different units do not
        // compare.
        // The unit is the word after the number, with the next one after
        // "per", "a" or "each": "1.5 per day" is not "3 per week".
        let unit = |i: usize| -> Option<String> {
            let first = self
                .words
                .get(i + 1)
                .filter(|w| w.chars().all(char::is_alphabetic) && w.as_str() != "to")?;
            match first.as_str() {
                "per" | "a" | "an" | "each" => Some(format!(
                    "{first} {}",
                    self.words.get(i + 2).map_or("", String::as_str)
                )),
                _ => Some(first.clone()),
            }
        };
        if let (Some(a), Some(b)) = (unit(first), unit(second))
            && a != b
        {
            return None;
        }
        Some((
            parse_number(&self.words[first])?,
            parse_number(&self.words[second])?,
        ))
    }

    fn phrase_at(&self, start: usize, phrase: &str) -> bool {
        let mut i = start;
        for part in phrase.split(' ') {
            match self.words.get(i) {
                Some(word) if word == part => i += 1,
                _ => return false,
            }
        }
        i > start
    }
}

/// Whether `word` is `verb` or one of its regular forms.
fn is_form_of(word: &str, verb: &str) -> bool {
    if word == verb {
        return true;
    }
    let Some(rest) = word.strip_prefix(verb) else {
        // "make" -> "making", "try" -> "tried".
        let stem = verb.trim_end_matches(['e', 'y']);
        return stem.len() + 1 == verb.len()
            && word
                .strip_prefix(stem)
                .is_some_and(|rest| matches!(rest, "ing" | "ied" | "ies"));
    };
    match rest {
        "s" | "es" | "ed" | "d" | "ing" => true,
        // "ship" -> "shipped", "plan" -> "planning".
        _ => {
            let last = verb.chars().last().unwrap_or(' ');
            rest.strip_prefix(last)
                .is_some_and(|r| matches!(r, "ed" | "ing"))
        }
    }
}

/// Drops a leading owner or numbering prefix: "CTO KR:", "KR1 -", "KR 2.",
/// "[Eng]", "1.", "- [ ]".
fn strip_owner_prefix(text: &str) -> &str {
    let mut rest =
        text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '•'));
    if let Some(after) = rest
        .strip_prefix("[ ]")
        .or_else(|| rest.strip_prefix("[x]"))
    {
        rest = after.trim_start();
    }
    if rest.starts_with('[')
        && let Some(end) = rest.find(']')
        && end < 30
    {
        rest = rest[end + 1..].trim_start();
    }
    // A label of owner words before a colon: "CTO KR:", "KR1:", "VP Eng:".
    if let Some(colon) = rest.find(':') {
        let label = &rest[..colon];
        let words = label.split_whitespace().count();
        let known = label.split_whitespace().all(|w| {
            let bare = w.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            bare.is_empty()
                || LEXICON.owner_prefix_words.contains(&bare.to_lowercase())
                || bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_uppercase())
        });
        if (1..=4).contains(&words) && known {
            rest = rest[colon + 1..].trim_start();
        }
    }
    // "KR1 -", "KR 2.", "1." numbering.
    let lower = rest.to_lowercase();
    let mut chars = lower.char_indices().peekable();
    let mut end = 0;
    if lower.starts_with("kr") {
        end = 2;
        chars.nth(1);
    }
    let digits_start = end;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() || (c == ' ' && end == 2 && i == 2) {
            end = i + c.len_utf8();
            chars.next();
        } else {
            break;
        }
    }
    if end > digits_start
        && let Some(after) = rest.get(end..)
    {
        let trimmed = after.trim_start();
        if let Some(after) = trimmed
            .strip_prefix(['.', ')', '-', '–'])
            .filter(|a| a.starts_with(' '))
        {
            rest = after.trim_start();
        }
    }
    rest
}

/// Lowercase words: letters, digits and the marks numbers carry (`%`, `.`,
/// `,` inside digits, a leading `$`, `<`, `>`, `~`).
fn tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let digit_around = |offset: isize| {
            let j = i as isize + offset;
            j >= 0 && chars.get(j as usize).is_some_and(char::is_ascii_digit)
        };
        let keep = c.is_alphanumeric()
            || c == '%'
            || c == '\''
            || c == '/'
                && !word.is_empty()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            || c == '-' && !word.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
            || matches!(c, '.' | ',') && digit_around(-1) && digit_around(1);
        if keep {
            word.extend(c.to_lowercase());
        } else {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if matches!(c, '<' | '>' | '≤' | '≥') {
                words.push(
                    match c {
                        '<' | '≤' => "under",
                        _ => "over",
                    }
                    .to_owned(),
                );
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether `words[i]` is a number used as a value.
fn is_value(words: &[String], i: usize, lexicon: &Lexicon) -> bool {
    let word = &words[i];
    if lexicon.cardinals.iter().any(|c| c == word) {
        return true;
    }
    if !word.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
        return lexicon.placeholders.iter().any(|p| p == word) && i > 0;
    }
    let word = &word.trim_start_matches('$').to_owned();
    // "24/7" names a kind of service, not a value.
    if word.contains('/') {
        return false;
    }
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return lexicon
            .placeholders
            .iter()
            .any(|p| p.trim_start_matches('$') == word);
    }
    // "2026" alone is a year; "2026-q1" and friends are periods.
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 4
        && word.len() == 4
        && (digits.starts_with("19") || digits.starts_with("20"))
    {
        return false;
    }
    if word.contains('-')
        && word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits.len() == 4
    {
        return false;
    }
    // "SOC 2", "level 3", "P1", "Q3": a number that names, not a value.
    if i > 0 && lexicon.name_words.iter().any(|n| n == &words[i - 1]) && !word.contains('%') {
        return false;
    }
    true
}

/// The value of a number word such as `4`, `2.8%`, `1,200`, `10x`, `300ms`.
pub fn parse_number(word: &str) -> Option<f64> {
    let digits: String = word
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .filter(|&c| c != ',')
        .collect();
    let value: f64 = digits.trim_end_matches('.').parse().ok()?;
    let suffix = &word[word
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',')))
        .unwrap_or(word.len())..];
    let scale = match suffix {
        "k" => 1e3,
        "m" | "mm" => 1e6,
        "b" | "bn" => 1e9,
        _ => 1.0,
    };
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads() {
        let lexicon: Lexicon = toml::from_str(ENGLISH).expect("the lexicon parses");
        assert!(lexicon.task_verbs.contains(&"ship".to_owned()));
        assert!(LEXICON.artifacts.contains(&"blog posts".to_owned()));
        // Every phrase is lowercase and single-spaced, as the matcher needs.
        for list in [
            &lexicon.task_verbs,
            &lexicon.artifacts,
            &lexicon.change_verbs,
            &lexicon.outcome_links,
        ] {
            for phrase in list {
                assert_eq!(phrase, &phrase.to_lowercase(), "{phrase}");
                assert!(
                    !phrase.contains("  ") && phrase.trim() == phrase,
                    "{phrase:?}"
                );
            }
        }
    }

    #[test]
    fn words_and_numbers() {
        let text = Text::new("Reduce failed checkout attempts from 4% to 2.8% by 2026-Q3");
        assert_eq!(text.values(), vec![4.0, 2.8]);
        assert_eq!(text.from_to(), Some((4.0, 2.8)));
        assert_eq!(
            Text::new("Cut it from 3 hours to 15 minutes").from_to(),
            None
        );
        assert_eq!(
            Text::new("Cut it from 40 minutes to 15 minutes").from_to(),
            Some((40.0, 15.0))
        );
        assert_eq!(
            Text::new("Cut it from 40 to 15 minutes").from_to(),
            Some((40.0, 15.0))
        );
        let text = Text::new("Achieve SOC 2 certification in 2026");
        assert!(!text.has_digits());
        let text = Text::new("p99 latency under 200ms for 1,200 rps");
        assert_eq!(text.values(), vec![200.0, 1200.0]);
        assert!(Text::new("Zero P1 incidents").has_number());
        assert!(!Text::new("Improve development efficiency").has_number());
    }

    #[test]
    fn owner_prefixes_are_dropped() {
        for (text, first) in [
            ("CTO KR: Ship new retry logic", "ship"),
            ("KR1: Ship it", "ship"),
            ("KR 2 - Ship it", "ship"),
            ("KR3. Ship it", "ship"),
            ("[Eng] Ship it", "ship"),
            ("- [ ] Ship it", "ship"),
            ("1. Ship it", "ship"),
            ("VP Engineering: Ship it", "ship"),
            ("Ship it: the new way", "ship"),
        ] {
            assert_eq!(
                Text::new(text).words().first().map(String::as_str),
                Some(first),
                "{text}"
            );
        }
    }

    #[test]
    fn artifacts_counted() {
        assert!(Text::new("Publish 12 blog posts").counts_artifacts());
        assert!(Text::new("Migrate 80% of services to Kubernetes").counts_artifacts());
        assert!(!Text::new("Cut p99 latency from 900 ms to 400 ms").counts_artifacts());
    }

    #[test]
    fn verb_forms() {
        for (word, verb) in [
            ("ships", "ship"),
            ("shipped", "ship"),
            ("shipping", "ship"),
            ("making", "make"),
            ("made", "made"),
            ("released", "release"),
            ("tried", "try"),
        ] {
            assert!(is_form_of(word, verb), "{word} {verb}");
        }
        assert!(!is_form_of("shipment", "ship"));
        assert!(!is_form_of("set", "setup"));
    }

    #[test]
    fn numbers_parse() {
        assert_eq!(parse_number("2.8%"), Some(2.8));
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number("50k"), Some(50_000.0));
        assert_eq!(parse_number("10x"), Some(10.0));
        assert_eq!(parse_number("abc"), None);
    }
}
