//! Reading the text of an objective or a key result: words, numbers and the
//! lexicon's phrases. The rules ask questions of a [`Text`]; the word lists
//! live in `lexicon/*.toml`, not here.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// The word lists the text rules use, loaded from `lexicon/en.toml`.
#[derive(Debug, Deserialize)]
pub struct Lexicon {
    /// First words of an owner prefix ("CTO KR:").
    pub owner_prefix_words: Vec<String>,
    /// Words that start a to-do or deliverable.
    pub task_verbs: Vec<String>,
    /// Words that start a stance or an ongoing effort rather than a
    /// deliverable: a wish when aimed at a quality.
    pub effort_verbs: Vec<String>,
    /// Words that start a count of activity when a number follows.
    pub output_verbs: Vec<String>,
    /// Verbs of acquiring what others give ("get", "win").
    pub acquisition_verbs: Vec<String>,
    /// Hiring verbs: a count of people even without a number.
    pub hiring_verbs: Vec<String>,
    /// Verbs of acquiring that, without a number, state a direction.
    pub attraction_verbs: Vec<String>,
    /// Words that lead a named measure ("Number of", "Time to").
    pub measure_leads: Vec<String>,
    /// Verbs of bringing in or training people: with the team's people as
    /// their object they count output ("Train the support team").
    pub staffing_verbs: Vec<String>,
    /// Words that say a deliverable is done.
    pub done_states: Vec<String>,
    /// Qualities without a measure.
    pub vague_words: Vec<String>,
    /// Quantifiers over a whole set ("all", "every", "always").
    pub universal_quantifiers: Vec<String>,
    /// What the team does to each item of a set, said done: "Every
    /// endpoint is documented" counts output (rule 11 of the corpus
    /// guideline).
    pub per_item_acts: Vec<String>,
    /// Abbreviations whose full stop does not end a sentence.
    pub abbreviations: Vec<String>,
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
    /// Month names: a number beside one is a day of a date.
    pub months: Vec<String>,
    /// Units of time written on a number ("300ms", "10s"): a duration.
    pub duration_suffixes: Vec<String>,
    /// Nouns that head a subject before the verb ("Bifrost team identify").
    pub subject_heads: Vec<String>,
    /// Words after a subject head that are not its verb ("team members").
    pub not_verbs: Vec<String>,
    /// Words that set work on a cadence ("weekly", "bi-weekly").
    pub cadences: Vec<String>,
    /// Nouns of the team's activity that the artifacts do not name
    /// ("testing", "outreach").
    pub activity_nouns: Vec<String>,
    /// Verbs of meeting a figure set in advance ("meet", "hit").
    pub attainment_verbs: Vec<String>,
    /// Verbs of owning a thing ("have"): with a deliverable after them, a
    /// task.
    pub possession_verbs: Vec<String>,
    /// Verbs of making sure ("ensure", "make sure"): what they make sure
    /// of is a deliverable or a quality, as after "have".
    pub assurance_verbs: Vec<String>,
    /// Words that bound a number ("over", "at least", "more than").
    pub bounds: Vec<String>,
    /// Endings of English abstract nouns ("-ment", "-ity"): before another
    /// noun such a word names a kind ("engagement metrics"), not a quality.
    pub noun_suffixes: Vec<String>,
    /// Words that end a label naming a key result's owner ("CTO KR:").
    pub key_result_labels: Vec<String>,
    /// Idioms and the plain words they are read as: "one or more" is
    /// "some", not a number and a comparative.
    #[serde(deserialize_with = "pairs")]
    pub idioms: Vec<(String, String)>,
    /// Figures set in advance ("target", "goals", "quota").
    pub plan_targets: Vec<String>,
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

/// Reads a table of strings as pairs, in the table's order.
fn pairs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    let table: toml::Table = serde::Deserialize::deserialize(d)?;
    Ok(table
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_owned())))
        .collect())
}

const ENGLISH: &str = include_str!("../lexicon/en.toml");

/// The phrases of a word list by their first word, for
/// [`Text::contains_indexed`].
#[derive(Debug, Default)]
pub struct PhraseIndex {
    by_first: HashMap<&'static str, Vec<&'static str>>,
}

impl PhraseIndex {
    /// Indexes `list`, a list of the lexicon (phrases of words separated
    /// by single spaces).
    pub fn new(list: &'static [String]) -> PhraseIndex {
        let mut by_first: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for phrase in list {
            let first = phrase.split(' ').next().unwrap_or_default();
            by_first.entry(first).or_default().push(phrase);
        }
        PhraseIndex { by_first }
    }
}

/// The English lexicon. It is part of the crate and a test parses it, so
/// loading it cannot fail at run time.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    toml::from_str(ENGLISH).expect("lexicon/en.toml is valid: see the `lexicon_loads` test")
});

/// Prepositions and conjunctions that end the noun phrase after a number.
const PHRASE_ENDS: &[&str] = &[
    "for",
    "with",
    "to",
    "in",
    "on",
    "by",
    "from",
    "at",
    "per",
    "that",
    "which",
    "who",
    "and",
    "or",
    "than",
    "including",
    "excluding",
    "incl",
    "across",
    "within",
    "into",
    "via",
];

/// Words that end the object of a verb: prepositions, conjunctions and
/// relative words.
const OBJECT_ENDS: &[&str] = &[
    "for", "with", "to", "in", "on", "by", "from", "at", "per", "that", "which", "who", "and",
    "or", "than", "of", "over", "so", "across", "within", "into", "through", "via", "as",
    "without", "instead", "after", "before", "while", "where", "when",
];

/// What a number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    /// Things the team makes or does.
    Artifact,
    /// What shows an effect ("users", "revenue") or a duration.
    Effect,
    /// People.
    Person,
}

/// A text split into lowercase words, with its numbers found.
#[derive(Debug, Clone)]
pub struct Text {
    words: Vec<String>,
    /// Indexes (into `words`) of words that are numbers used as values.
    numbers: Vec<usize>,
    /// Index of the first word after a subject pronoun: "We ship …" leads
    /// with "ship" as "Ship …" does.
    lead: usize,
    /// What each of `numbers` counts, read once: every rule asks.
    counts: Vec<Option<Counted>>,
}

impl Text {
    /// Reads `text`, dropping an owner prefix such as "CTO KR:" or "KR1 -"
    /// and an owner suffix such as "(Maria)" or "- @alice".
    pub fn new(text: &str) -> Text {
        Text::read(strip_owner_suffix(strip_owner_prefix(text)))
    }

    /// The sentences of `text`, each read on its own, after its owner
    /// prefix and suffix are dropped. Some lists put an objective and its
    /// key results in one entry ("Improve onboarding. Ship the setup wizard.
    /// Raise activation from 20% to 30%.").
    pub fn sentences(text: &str) -> Vec<Text> {
        let text = strip_owner_suffix(strip_owner_prefix(text));
        split_sentences(text, &LEXICON)
            .into_iter()
            .map(|sentence| Text::read(strip_owner_prefix(sentence)))
            .filter(|text| !text.words.is_empty())
            .collect()
    }

    fn read(text: &str) -> Text {
        let lexicon = &*LEXICON;
        let words = rewrite(tokenize(text), &lexicon.idioms);
        let numbers = (0..words.len())
            .filter(|&i| is_value(&words, i, lexicon))
            .collect();
        // "We ship …" and "Bifrost team identify …" lead with their verb as
        // "Ship …" does.
        let lead = if words.len() > 1 && words[0] == "we" {
            1
        } else {
            words
                .iter()
                .take(3)
                .position(|w| lexicon.subject_heads.contains(w))
                .filter(|&j| {
                    words.get(j + 1).is_some_and(|w| {
                        w.chars().all(char::is_alphabetic) && !lexicon.not_verbs.contains(w)
                    })
                })
                .map_or(0, |j| j + 1)
        };
        let mut text = Text {
            words,
            numbers,
            lead,
            counts: Vec::new(),
        };
        text.counts = text.numbers.iter().map(|&n| text.read_counted(n)).collect();
        text
    }

    /// The words, lowercase.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether the text has a number used as a value (not part of a name
    /// like "SOC 2", not a year), in digits or in words ("zero", "double"),
    /// or a quantifier that implies one ("every", "always").
    pub fn has_number(&self) -> bool {
        !self.numbers.is_empty()
            || self.has_number_word()
            || self.contains_any(&LEXICON.universal_quantifiers)
    }

    /// Whether a word stands for a number ("zero", "double", "thousands").
    pub fn has_number_word(&self) -> bool {
        self.contains_any(&LEXICON.number_words)
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

    /// Whether a phrase of `list` starts at the lead word.
    pub fn leads_with(&self, list: &[String]) -> bool {
        self.has_at(self.lead, list)
    }

    /// Whether any phrase of `list` occurs.
    pub fn contains_any(&self, list: &[String]) -> bool {
        self.find_any(list).is_some()
    }

    /// [`Text::contains_any`] through an index of the list's phrases by
    /// their first word: the same answer, without trying every phrase at
    /// every word.
    pub fn contains_indexed(&self, index: &PhraseIndex) -> bool {
        self.words.iter().enumerate().any(|(i, word)| {
            index
                .by_first
                .get(word.as_str())
                .is_some_and(|phrases| phrases.iter().any(|phrase| self.phrase_at(i, phrase)))
        })
    }

    /// The first phrase of `list` that occurs, with the index it starts at.
    pub fn find_any<'l>(&self, list: &'l [String]) -> Option<(usize, &'l str)> {
        (0..self.words.len()).find_map(|i| {
            list.iter()
                .find(|phrase| self.phrase_at(i, phrase))
                .map(|phrase| (i, phrase.as_str()))
        })
    }

    /// Whether a number counts what shows an effect (the lexicon's
    /// `outcome_nouns`): "500 active users", "under 2 minutes".
    pub fn counts_effects(&self) -> bool {
        self.numbers
            .iter()
            .any(|&n| self.counted(n) == Some(Counted::Effect))
    }

    /// Whether a number counts people: "4 engineers".
    pub fn counts_people(&self) -> bool {
        self.numbers
            .iter()
            .any(|&n| self.counted(n) == Some(Counted::Person))
    }

    /// What the number at `n` counts: the head of the noun phrase within
    /// three words after it, which in English is its last noun ("3 user
    /// tests" counts tests, "200 blog post views" counts views). The phrase
    /// ends at a preposition or a conjunction ("10 posts for users").
    fn counted(&self, n: usize) -> Option<Counted> {
        match self.numbers.binary_search(&n) {
            Ok(at) => self.counts.get(at).copied().flatten(),
            Err(_) => self.read_counted(n),
        }
    }

    fn read_counted(&self, n: usize) -> Option<Counted> {
        let lexicon = &*LEXICON;
        // A unit written on the number: "10s", "300ms", "2h".
        let unit = self.words[n]
            .trim_start_matches('$')
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ','));
        if lexicon.duration_suffixes.iter().any(|s| s == unit) {
            return Some(Counted::Effect);
        }
        // A share counts what follows "of": "80% of (the) onboarding calls".
        let mut start = n + 1;
        if self.words.get(start).is_some_and(|w| w == "of") {
            start += 1;
            while self
                .words
                .get(start)
                .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "all" | "their" | "its"))
            {
                start += 1;
            }
        }
        let mut found = None;
        for i in start..=start + 2 {
            let Some(word) = self.words.get(i) else {
                break;
            };
            if PHRASE_ENDS.contains(&word.as_str()) {
                break;
            }
            // A named measure heads the phrase: "99.99% API uptime".
            if self.has_at(i, &lexicon.metric_nouns) {
                found = Some(Counted::Effect);
                break;
            }
            if lexicon.artifacts.iter().any(|a| self.noun_at(i, a)) {
                found = Some(Counted::Artifact);
            } else if self.has_at(i, &lexicon.outcome_nouns) {
                found = Some(Counted::Effect);
            } else if self.has_at(i, &lexicon.people) {
                found = Some(Counted::Person);
            } else {
                continue;
            }
            // A plural noun ends the phrase: in "70% of key users report …"
            // the verb follows it.
            if word.ends_with('s') {
                break;
            }
        }
        found
    }

    /// Whether the number at `n` counts artifacts: "12 blog posts", "1 blog
    /// post".
    fn counts_artifacts_at(&self, n: usize) -> bool {
        self.counted(n) == Some(Counted::Artifact)
    }

    /// Whether a number is followed by one of the lexicon's artifacts.
    pub fn counts_artifacts(&self) -> bool {
        self.numbers.iter().any(|&n| self.counts_artifacts_at(n))
    }

    /// Whether the last number is followed by an artifact: "from 4 to 12
    /// blog posts" counts output even as it moves.
    pub fn counts_artifacts_at_end(&self) -> bool {
        self.numbers
            .last()
            .is_some_and(|&n| self.counts_artifacts_at(n))
    }

    /// Whether a number measures an effect by its form rather than counting
    /// things: a share ("90% of queries"), money ("$2m") or a multiple
    /// ("3x"), unless it counts artifacts or people ("80% of services",
    /// "Train 80% of engineers").
    pub fn measures_share(&self) -> bool {
        self.numbers.iter().any(|&n| {
            let word = &self.words[n];
            let share = word.ends_with('%')
                || word.starts_with('$')
                || (word.ends_with('x') && parse_number(word).is_some())
                || self.words.get(n + 1).is_some_and(|w| w == "percent");
            share && !matches!(self.counted(n), Some(Counted::Artifact | Counted::Person))
        })
    }

    /// Whether the first word is one of `verbs`, in any of its forms
    /// ("ship", "ships", "shipped", "shipping").
    pub fn starts_with_verb(&self, verbs: &[String]) -> bool {
        self.leading_verb(verbs).is_some()
    }

    /// The phrase of `verbs` the text leads with, in any form of its first
    /// word: "make sure" for "Making sure that …".
    pub fn leading_verb<'v>(&self, verbs: &'v [String]) -> Option<&'v str> {
        let first = self.words.get(self.lead)?;
        // "re-implement" is a form of "implement".
        let first = first.strip_prefix("re-").unwrap_or(first);
        let initial = first.as_bytes().first();
        verbs
            .iter()
            .find(|verb| {
                // Every form of a verb of two letters or more starts with
                // its first letter: most of the list is passed over here.
                if verb.len() > 1 && verb.as_bytes().first() != initial {
                    return false;
                }
                let (head, rest) = match verb.split_once(' ') {
                    Some((head, rest)) => (head, Some(rest)),
                    None => (verb.as_str(), None),
                };
                let inflected = is_form_of(first, head);
                match rest {
                    None => inflected,
                    Some(rest) => inflected && self.phrase_at(self.lead + 1, rest),
                }
            })
            .map(String::as_str)
    }

    /// The object of the leading verb: the phrase after it, up to the
    /// first preposition, conjunction or relative word.
    pub fn object(&self) -> &[String] {
        self.phrase_from(self.lead + 1)
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
            .filter(|&n| !self.counts_artifacts_at(n))
            .collect();
        (0..self.words.len()).any(|i| {
            links.iter().any(|link| {
                self.phrase_at(i, link)
                    && effects.iter().any(|&n| {
                        // "with" also scopes work ("workshops with 3 partner
                        // agencies"): after it only a share or people
                        // reached are an effect ("with 100 active users").
                        n > i
                            && (link != "with"
                                || self.words[n].ends_with('%')
                                || self.counted(n) == Some(Counted::Effect))
                    })
            })
        })
    }

    /// Whether a number counts things the team works on, said done in the
    /// passive: "4 new nodes are provisioned", "100% of team members are
    /// certified". A count of what shows an effect ("3m revenue moved into
    /// proposal") is no work.
    pub fn counts_work_done(&self, verbs: &[&[String]]) -> bool {
        self.numbers.iter().any(|&n| {
            self.counted(n) != Some(Counted::Effect)
                && (n + 1..self.words.len().min(n + 8)).any(|i| {
                    matches!(
                        self.words[i].as_str(),
                        "is" | "are" | "was" | "were" | "get" | "gets" | "got"
                    ) && self.participle_at(i + 1, verbs)
                })
        })
    }

    /// Whether the team's own work is set on a cadence: "bi-weekly tweets",
    /// "monthly review call with all accounts", "weekly testing of new
    /// features".
    pub fn repeats_work(&self) -> bool {
        let lexicon = &*LEXICON;
        (0..self.words.len()).any(|i| {
            lexicon.cadences.contains(&self.words[i])
                && (i + 1..=i + 4).any(|j| {
                    self.noun_in(j, &lexicon.artifacts)
                        || lexicon
                            .activity_nouns
                            .contains(&self.words.get(j).cloned().unwrap_or_default())
                })
        })
    }

    /// Whether a plan's figure is to be met: "Meet the MQL goals", "Achieve
    /// curated experience targets", "Hit quota".
    pub fn attains_plan(&self) -> bool {
        let lexicon = &*LEXICON;
        (0..self.words.len()).any(|i| {
            lexicon
                .attainment_verbs
                .iter()
                .any(|v| is_form_of(&self.words[i], v))
                && (i + 1..self.words.len().min(i + 10)).any(|j| {
                    // "for achieving those goals" points back at goals
                    // named elsewhere; it sets no figure.
                    self.has_at(j, &lexicon.plan_targets)
                        && !matches!(
                            self.words[j - 1].as_str(),
                            "those" | "these" | "their" | "its" | "your" | "his" | "her"
                        )
                })
        })
    }

    /// Whether a quality is set equal to a reference, which is a target
    /// relative to it: "as fast as GitHub.com", "as reliable as the old
    /// service". Not "as well as", "as soon as": those name no quality.
    pub fn compares_as(&self, qualities: &[String]) -> bool {
        self.words.windows(4).any(|w| {
            w[0] == "as" && w[2] == "as" && qualities.contains(&w[1]) && w[3] != "possible"
        })
    }

    /// Whether a word is the manner adverb of a quality ("efficiently",
    /// "easily"): how the team works, not what it delivers.
    pub fn has_manner_of(&self, qualities: &[String]) -> bool {
        // Not in an embedded question: "Figure out if we can do it easily".
        let asked = self
            .words
            .iter()
            .position(|w| w == "if" || w == "whether")
            .unwrap_or(self.words.len());
        self.words[..asked].iter().any(|w| {
            w.strip_suffix("ly").is_some_and(|stem| {
                qualities.iter().any(|q| {
                    q == stem
                        || q.strip_suffix('y')
                            .is_some_and(|q| stem.strip_suffix('i') == Some(q))
                })
            })
        })
    }

    /// Whether a verb of acquiring what others give is followed by a
    /// number, anywhere in the text: "… and get publication in at least 2
    /// publications", "invite them, get 20 to join".
    pub fn acquires_count(&self, verbs: &[String]) -> bool {
        (0..self.words.len()).any(|i| {
            verbs.iter().any(|v| is_form_of(&self.words[i], v))
                && self.numbers.iter().any(|&n| n > i && n <= i + 6)
        })
    }

    /// Whether a verb of work is done to a share of a set of items: "Fix
    /// 50% of them", "Migrate 50% of read-heavy queries", but not "Source
    /// 16% of the opportunity target" or "Convert 5% of free users", which
    /// count a plan's figure or what others do.
    pub fn works_on_share(&self, verbs: &[&[String]]) -> bool {
        let lexicon = &*LEXICON;
        self.numbers.iter().any(|&n| {
            let share = self.words[n].ends_with('%')
                || self.words.get(n + 1).is_some_and(|w| w == "percent");
            let of = if self.words[n].ends_with('%') {
                n + 1
            } else {
                n + 2
            };
            // "Complete over 80% of", "Fix at least half of": the verb
            // comes before the bound.
            let verb = (0..n)
                .rev()
                .find(|&i| !lexicon.bounds.contains(&self.words[i]))
                .unwrap_or(0);
            share
                && n > 0
                && verbs.iter().any(|list| self.verb_at(verb, list))
                && self.words.get(of).is_some_and(|w| w == "of")
                && !(of + 1..self.words.len().min(of + 6)).any(|i| {
                    self.has_at(i, &lexicon.plan_targets)
                        || self.has_at(i, &lexicon.outcome_nouns)
                        || self.has_at(i, &lexicon.metric_nouns)
                })
        })
    }

    /// Whether a change verb leads to a share as its target: "Increase
    /// representation to 12.5% by …", "Cut churn by 20%".
    pub fn targets_share(&self) -> bool {
        self.numbers.iter().any(|&n| {
            self.words[n].ends_with('%')
                && n > 0
                && matches!(self.words[n - 1].as_str(), "to" | "by")
                && !matches!(self.counted(n), Some(Counted::Artifact | Counted::Person))
        })
    }

    /// Whether a deliverable is said to be done with a verb of work in the
    /// passive or perfect: "the baseline is established", "we have moved
    /// the dashboards".
    pub fn states_work_done(&self, verbs: &[&[String]]) -> bool {
        self.words.windows(2).any(|pair| {
            matches!(
                pair[0].as_str(),
                "is" | "are" | "was" | "were" | "be" | "been" | "has" | "have" | "had" | "fully"
            ) && is_participle_of(&pair[1], verbs)
        })
    }

    /// Whether a phrase of `list` starts at word `i`, its last word
    /// singular or plural.
    pub fn noun_in(&self, i: usize, list: &[String]) -> bool {
        list.iter().any(|phrase| self.noun_at(i, phrase))
    }

    /// Whether word `i` is one of `verbs` in its plain or third-person
    /// form: "(to) complete", "completes".
    pub fn verb_at(&self, i: usize, verbs: &[String]) -> bool {
        let Some(word) = self.words.get(i) else {
            return false;
        };
        verbs.iter().any(|verb| {
            !verb.contains(' ')
                && (word == verb
                    || word.strip_suffix('s').is_some_and(|w| w == verb)
                    || word.strip_suffix("es").is_some_and(|w| w == verb))
        })
    }

    /// Whether word `i` is the past participle of one of `verbs`.
    pub fn participle_at(&self, i: usize, verbs: &[&[String]]) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| is_participle_of(w, verbs))
    }

    /// The index of a quantifier over a whole set ("all", "every",
    /// "always"), if any.
    pub fn universal(&self) -> Option<usize> {
        self.find_any(&LEXICON.universal_quantifiers)
            .map(|(i, _)| i)
    }

    /// The words of the noun phrase or clause that starts at `start`, up
    /// to the first preposition, conjunction or relative word: in "Have
    /// benchmarks that show the improvement" the object of "have" is
    /// "benchmarks"; in "Have a clear vision of the plan" it is "a clear
    /// vision".
    pub fn phrase_from(&self, start: usize) -> &[String] {
        let words = self.words.get(start..).unwrap_or_default();
        let end = words
            .iter()
            .position(|w| OBJECT_ENDS.contains(&w.as_str()))
            .unwrap_or(words.len());
        &words[..end]
    }

    /// The index of the first word after a subject pronoun ("We …").
    pub fn lead(&self) -> usize {
        self.lead
    }

    /// Whether a phrase of `list` starts at word `i`.
    pub fn has_at(&self, i: usize, list: &[String]) -> bool {
        list.iter().any(|phrase| self.phrase_at(i, phrase))
    }

    /// Whether a phrase of `list` occurs as a statement, not an attribute:
    /// "the policy is implemented", not "a working process".
    pub fn states_any(&self, list: &[String]) -> bool {
        (0..self.words.len()).any(|i| {
            self.has_at(i, list)
                && !(i > 0 && matches!(self.words[i - 1].as_str(), "a" | "an" | "the"))
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

    /// Like `phrase_at`, with the last word singular or plural: "post"
    /// matches "posts", "process" matches "processes".
    fn noun_at(&self, start: usize, phrase: &str) -> bool {
        if !self.same_initial(start, phrase) {
            return false;
        }
        if self.phrase_at(start, phrase) {
            return true;
        }
        let (head, last) = phrase.rsplit_once(' ').unwrap_or(("", phrase));
        let singular = last
            .strip_suffix("es")
            .filter(|s| s.ends_with(['s', 'x', 'h']))
            .or_else(|| last.strip_suffix('s').filter(|s| !s.ends_with('s')))
            .filter(|s| s.len() >= 3);
        let Some(singular) = singular else {
            return false;
        };
        let at = if head.is_empty() {
            start
        } else if self.phrase_at(start, head) {
            start + head.split(' ').count()
        } else {
            return false;
        };
        self.words.get(at).is_some_and(|w| w == singular)
    }

    /// Whether word `start` begins as `phrase` does, as every match of it
    /// there must: word lists are scanned whole, and this passes over most
    /// of their phrases at the cost of a byte.
    fn same_initial(&self, start: usize, phrase: &str) -> bool {
        self.words
            .get(start)
            .is_some_and(|word| word.as_bytes().first() == phrase.as_bytes().first())
    }

    fn phrase_at(&self, start: usize, phrase: &str) -> bool {
        if !self.same_initial(start, phrase) {
            return false;
        }
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

/// Whether `word` is the past participle of one of `verbs`: a regular
/// "-ed" form, or a common irregular one.
fn is_participle_of(word: &str, verbs: &[&[String]]) -> bool {
    let base = match word {
        "written" => "write",
        "built" => "build",
        "rebuilt" => "rebuild",
        "held" => "hold",
        "given" => "give",
        "taught" => "teach",
        "sent" => "send",
        "done" => "do",
        _ if word.ends_with("ed") => word,
        _ => return false,
    };
    verbs.iter().any(|list| {
        list.iter()
            .any(|v| !v.contains(' ') && (v == base || base.ends_with("ed") && is_form_of(base, v)))
    })
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

/// Drops leading owner, tag and numbering prefixes, in any order: "CTO
/// KR:", "Customer Success:", "KR1 -", "KR3", "2.1b", "[P1]", "`PX` -",
/// "@alice -", "1.", "- [ ]".
fn strip_owner_prefix(text: &str) -> &str {
    let mut rest = text;
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '*' | '•' | '–' | '—')
        });
        // A tag: "[P1]", "[ ]", "`PX`". A bracket with money in it is a
        // placeholder value ("[$N]"), not a tag.
        for (open, close) in [('[', ']'), ('`', '`')] {
            if let Some(inner) = rest.strip_prefix(open)
                && let Some(end) = inner.find(close)
                && end < 30
                && !inner[..end].contains('$')
                && inner[end + close.len_utf8()..].contains(char::is_alphanumeric)
            {
                rest = &inner[end + close.len_utf8()..];
            }
        }
        // An owner handle, filled or not: "@alice", "@???".
        if rest.starts_with('@') {
            rest = &rest[rest.find(char::is_whitespace).unwrap_or(rest.len())..];
        }
        rest = strip_numbering(rest);
        rest = strip_label(rest);
        if rest.len() == before {
            return rest;
        }
    }
}

/// Drops list numbering: "KR1 -", "KR 2.", "KR3 …", "1.", "2)", and
/// section numbers such as "2.1" or "2.1b" before a capital or a tag.
fn strip_numbering(text: &str) -> &str {
    let bytes = text.as_bytes();
    let kr = bytes.len() >= 2 && bytes[..2].eq_ignore_ascii_case(b"kr");
    let mut i = if kr { 2 } else { 0 };
    if kr && bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    let start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit)
        || (i > start
            && bytes.get(i) == Some(&b'.')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    {
        i += 1;
    }
    if i == start {
        return text;
    }
    let dotted = text[start..i].contains('.');
    if dotted && bytes.get(i).is_some_and(u8::is_ascii_lowercase) && bytes.get(i + 1) == Some(&b' ')
    {
        i += 1;
    }
    let after = &text[i..];
    if let Some(after) = after
        .strip_prefix(['.', ')', '-', '–'])
        .filter(|a| a.starts_with(' '))
    {
        return after.trim_start();
    }
    // "KR3 Ship …", "2.1 Ship …", "2.1 $3m raised", but not "2.5 stars".
    let next = after.trim_start().chars().next();
    if (kr || dotted)
        && after.starts_with(' ')
        && next.is_some_and(|c| !c.is_lowercase() && !c.is_ascii_digit())
    {
        return after.trim_start();
    }
    text
}

/// Drops a label before a colon: the owner or function a line belongs to
/// ("CTO KR:", "KR1:", "Customer Success:", "Sales (Closing Deals) KR:",
/// "Key Result:"). A label is one to five words, capitalised, that do not
/// start with a verb ("Ship it: …" is the key result itself).
fn strip_label(text: &str) -> &str {
    let Some((colon, mark)) = text.char_indices().find(|&(_, c)| matches!(c, ':' | '：')) else {
        return text;
    };
    let label = &text[..colon];
    let after = &text[colon + mark.len_utf8()..];
    if !(mark == '：' || after.starts_with(char::is_whitespace)) || after.trim().is_empty() {
        return text;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let lexicon = &*LEXICON;
    // A label that ends in "KR" names the owner however many words it takes:
    // "Sr Manager of Sales Strategy KR:", "Director of Sales Enablement KR:".
    let ends_as_key_result = words.last().is_some_and(|w| {
        let bare = w
            .trim_matches(|c: char| matches!(c, '*' | '_'))
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_lowercase();
        lexicon.key_result_labels.contains(&bare)
    });
    if ends_as_key_result && words.len() <= 10 {
        return after.trim_start();
    }
    if !(1..=5).contains(&words.len()) {
        return text;
    }
    let known = words.iter().all(|w| {
        // Markdown emphasis is no part of the word: "**KR**:".
        let bare = w
            .trim_matches(|c: char| matches!(c, '*' | '_'))
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        bare.is_empty()
            || lexicon.owner_prefix_words.contains(&bare.to_lowercase())
            || bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_uppercase())
    });
    // A function or team name is capitalised: "Customer Success", "MOps".
    let named = label.starts_with(|c: char| c.is_uppercase())
        && label.chars().all(|c| {
            c.is_alphabetic() || c.is_whitespace() || matches!(c, '(' | ')' | '&' | '-' | ',')
        })
        && {
            let first = words[0].trim_start_matches('(').to_lowercase();
            ![
                &lexicon.task_verbs,
                &lexicon.output_verbs,
                &lexicon.hiring_verbs,
                &lexicon.change_verbs,
            ]
            .iter()
            .any(|verbs| {
                verbs
                    .iter()
                    .any(|v| is_form_of(&first, v.split(' ').next().unwrap_or(v)))
            })
        };
    if known || named {
        after.trim_start()
    } else {
        text
    }
}

/// Drops a trailing owner: "(Maria)", "(**Owner:** Maria)", "- @alice",
/// "- Owner @alice".
fn strip_owner_suffix(text: &str) -> &str {
    let mut rest = text.trim_end();
    loop {
        let before = rest.len();
        if rest.ends_with(')')
            && let Some(open) = rest.rfind('(')
        {
            let inner = &rest[open + 1..rest.len() - 1];
            let mut words = inner.split_whitespace();
            let one_name = match (words.next(), words.next()) {
                (Some(word), None) => {
                    let mut chars = word.chars();
                    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
                }
                _ => false,
            };
            if one_name || inner.to_lowercase().contains("owner") {
                rest = rest[..open].trim_end();
            }
        }
        if let Some(at) = rest.rfind('@')
            && !rest[at..].contains(char::is_whitespace)
            && (at == 0 || rest[..at].ends_with(char::is_whitespace))
        {
            rest = rest[..at].trim_end();
            if let Some(head) = rest.len().checked_sub(5).filter(|&i| {
                rest.get(i..)
                    .is_some_and(|t| t.eq_ignore_ascii_case("owner"))
            }) {
                rest = rest[..head].trim_end();
            }
            rest = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–'));
        }
        if rest.len() == before {
            return rest;
        }
    }
}

/// Splits `text` into sentences at ".", "!", "?" or ";" followed by a
/// space and a capital or a digit, outside brackets and not after an
/// abbreviation ("e.g.", "avg.").
fn split_sentences<'t>(text: &'t str, lexicon: &Lexicon) -> Vec<&'t str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '.' | '!' | '?' | ';' if depth == 0 => {
                let space = chars.get(k + 1).is_some_and(|&(_, n)| n.is_whitespace());
                let next = chars[k + 1..]
                    .iter()
                    .map(|&(_, n)| n)
                    .find(|n| !n.is_whitespace());
                let opens = next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit());
                let word = text[start..i]
                    .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                    .next()
                    .unwrap_or("");
                let abbreviation = c == '.'
                    && (word.contains('.')
                        || lexicon
                            .abbreviations
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(word)));
                if space && opens && !abbreviation {
                    sentences.push(&text[start..i]);
                    start = i + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    sentences.push(&text[start..]);
    sentences
}

/// Replaces each idiom by its plain reading: "one or more" is "some",
/// "double down" is "focus".
fn rewrite(words: Vec<String>, idioms: &[(String, String)]) -> Vec<String> {
    if !idioms.iter().any(|(idiom, _)| {
        let first = idiom.split(' ').next().unwrap_or_default();
        words.iter().any(|w| w == first)
    }) {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for (idiom, plain) in idioms {
            let parts: Vec<&str> = idiom.split(' ').collect();
            if words
                .get(i..i + parts.len())
                .is_some_and(|run| run.iter().zip(&parts).all(|(w, p)| w == p))
            {
                out.extend(plain.split(' ').map(str::to_owned));
                i += parts.len();
                continue 'words;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
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
            // "2019-08", "20-30%": one period or range.
            || c == '-' && !word.is_empty() && digit_around(-1) && digit_around(1)
            // "source{d}": braces inside a name.
            || matches!(c, '{' | '}')
                && !word.is_empty()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric() || *n == '}')
            || c == '}' && word.contains('{')
            // "science-3", "covid-19": a number joined to a word names it.
            || c == '-'
                && word.chars().last().is_some_and(char::is_alphabetic)
                && digit_around(1)
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
    // "top 10 support tickets" counts tickets; "top 3 partners", "the
    // top three vendors" rank.
    let ranks_work = i > 0
        && words[i - 1] == "top"
        && words[i + 1..words.len().min(i + 4)]
            .iter()
            .any(|w| lexicon.artifacts.contains(w) && !lexicon.people.contains(w));
    let before = |k: usize| {
        i >= k && lexicon.name_words.iter().any(|n| n == &words[i - k]) && !(k == 1 && ranks_work)
    };
    // "June 30", "30 June": a day of a date.
    let month = |j: Option<&String>| j.is_some_and(|w| lexicon.months.contains(w));
    if month(i.checked_sub(1).and_then(|j| words.get(j))) || month(words.get(i + 1)) {
        return false;
    }
    // A number in an embedded question is no target: "Find out whether we
    // can sell $50k deals".
    if words[..i].iter().any(|w| w == "if" || w == "whether") {
        return false;
    }
    // "one" is mostly an article ("choose a vendor and sign one"); it counts
    // after a bound: "at least one", "more than one".
    if word == "one" {
        return i > 0 && matches!(words[i - 1].as_str(), "least" | "than" | "most" | "exactly");
    }
    // "the 3 core pillars" refers to things already known; it sets no
    // target.
    if i > 0 && words[i - 1] == "the" {
        return false;
    }
    if lexicon.cardinals.iter().any(|c| c == word) {
        // "top three" ranks, it does not count.
        return !before(1);
    }
    if !word.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
        // A placeholder closing the text is a tag ("… (n)") unless a
        // preposition sets it ("to X"); opening it, only a quantity ("X of
        // the citations") is one.
        let set = i > 0
            && matches!(
                words[i - 1].as_str(),
                "to" | "by" | "from" | "than" | "of" | "at" | "under" | "over"
            );
        let closing = i + 1 == words.len() && !set;
        let opening = i == 0 && words.get(1).is_none_or(|w| w != "of");
        return lexicon.placeholders.iter().any(|p| p == word) && !closing && !opening;
    }
    let word = &word.trim_start_matches('$').to_owned();
    // "24/7" names a kind of service, not a value; "20/month" is a rate and
    // "2/3" or "8/8" a share.
    if let Some((part, per)) = word.split_once('/')
        && !per.starts_with(|c: char| c.is_alphabetic())
    {
        return matches!(
            (part.parse::<u32>(), per.parse::<u32>()),
            (Ok(part), Ok(whole)) if whole > 0 && part <= whole
        );
    }
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return lexicon
            .placeholders
            .iter()
            .any(|p| p.trim_start_matches('$') == word);
    }
    // "the 15th", "2nd": an ordinal ranks or dates, it does not measure.
    if ["st", "nd", "rd", "th"].iter().any(|suffix| {
        word.strip_suffix(suffix)
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    }) {
        return false;
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
    if before(1) && !word.contains('%') {
        return false;
    }
    // "1.0 version", "2.3.1": a version names a release.
    let dotted = word.chars().filter(|&c| c == '.').count();
    if dotted >= 2
        || dotted == 1
            && words
                .get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "version" | "release"))
    {
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
            &lexicon.effort_verbs,
            &lexicon.acquisition_verbs,
            &lexicon.artifacts,
            &lexicon.change_verbs,
            &lexicon.outcome_links,
            &lexicon.vague_words,
            &lexicon.universal_quantifiers,
            &lexicon.abbreviations,
            &lexicon.months,
            &lexicon.number_words,
            &lexicon.metric_nouns,
            &lexicon.duration_suffixes,
            &lexicon.subject_heads,
            &lexicon.not_verbs,
            &lexicon.cadences,
            &lexicon.activity_nouns,
            &lexicon.attainment_verbs,
            &lexicon.plan_targets,
            &lexicon.possession_verbs,
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
            ("Customer Success: Ship it", "ship"),
            ("Sales (Closing Deals) KR: Ship it", "ship"),
            ("Key Results: Ship it", "ship"),
            ("`PX` - @??? - Ship it", "ship"),
            ("KR3 Ship it", "ship"),
            ("2.1b [Q3-Q4] Ship it", "ship"),
            // Not labels: a lowercase phrase, a link, a value.
            ("estimated hours saved: 40", "estimated"),
            ("Small issues in https://example.com/x", "small"),
            ("2.5 stars or more", "2.5"),
        ] {
            assert_eq!(
                Text::new(text).words().first().map(String::as_str),
                Some(first),
                "{text}"
            );
        }
    }

    #[test]
    fn owner_suffixes_are_dropped() {
        for text in [
            "Ship it (Maria)",
            "Ship it (**Owner:** Maria)",
            "Ship it - @alice",
            "Ship it - Owner @alice",
        ] {
            assert_eq!(Text::new(text).words(), ["ship", "it"], "{text}");
        }
        // A lowercase or technical bracket stays.
        assert_eq!(Text::new("Ship it (tbd)").words().len(), 3);
    }

    #[test]
    fn sentences_split() {
        let count = |text: &str| Text::sentences(text).len();
        assert_eq!(count("Ops: Improve X. Ship Y. Cut Z by 20%."), 3);
        assert_eq!(count("Posts grow. 5% month over month."), 2);
        assert_eq!(count("Cut avg. build time"), 1);
        assert_eq!(count("Ship tools (e.g. Linters) now"), 1);
        assert_eq!(count("Ship it. then more"), 1);
    }

    #[test]
    fn values_and_names() {
        let values = |text: &str| Text::new(text).values();
        assert_eq!(values("from 20/month to 5/month"), vec![20.0, 5.0]);
        assert!(values("Ship it by June 30 or 1 July").is_empty());
        assert!(values("the 15th release 1.0 version 2.3.1").is_empty());
        assert!(values("Decide if we can do $200k deals").is_empty());
        assert!(values("Pick the top three, ready 2019-08").is_empty());
        assert!(!Text::new("Select and implement one").has_digits());
        assert!(Text::new("at least one case study").has_digits());
        assert!(Text::new("Everyone can say it").has_number());
    }

    #[test]
    fn what_numbers_count() {
        assert!(Text::new("Run 3 user tests").counts_artifacts());
        assert!(!Text::new("Run 3 user tests").counts_effects());
        assert!(Text::new("Publish 1 blog post").counts_artifacts());
        assert!(!Text::new("Write 10 posts for 500 users").counts_artifacts_at_end());
        assert!(Text::new("Reach 500 active users").counts_effects());
        assert!(Text::new("Serve 90% of queries").measures_share());
        assert!(!Text::new("Migrate 90% of services").measures_share());
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
