//! What kind of statement a key result is: an outcome, an output, a task
//! or a vague wish. One class per key result, so that the three rules never
//! fire together.

use serde::Serialize;

use crate::text::{LEXICON, Text};

/// What a key result's wording says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Evidence of a change for users, the business or the system.
    Outcome,
    /// A count of the team's own activity or artifacts.
    Output,
    /// A to-do or deliverable, done or not done.
    Task,
    /// No measure at all.
    Vague,
}

impl Class {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Outcome => "outcome",
            Class::Output => "output",
            Class::Task => "task",
            Class::Vague => "vague",
        }
    }
}

/// What is known of a key result besides its title.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    /// Whether it has a numeric `target`.
    pub has_target: bool,
    /// Its `metric`, if written.
    pub metric: Option<&'a str>,
    /// Its `unit`, if written.
    pub unit: Option<&'a str>,
}

/// Classifies a key result from its title, helped by its structured fields:
/// a key result with a `target` is measured, so it is neither a task nor
/// vague; a `metric` or `unit` that counts artifacts makes it an output.
pub fn classify(title: &str, fields: Fields<'_>) -> Class {
    let text = Text::new(title);
    let lexicon = &*LEXICON;
    let described = Text::new(&format!(
        "{} {}",
        fields.metric.unwrap_or_default(),
        fields.unit.unwrap_or_default()
    ));
    let tied_to_effect =
        text.links_to_number(&lexicon.outcome_links) || text.number_then(&lexicon.outcome_nouns);

    // Counting the team's own work: "lines of code", "12 blog posts".
    if text.contains_any(&lexicon.activity_metrics)
        || described.contains_any(&lexicon.activity_metrics)
    {
        return Class::Output;
    }
    let leads_with_work =
        text.starts_with_verb(&lexicon.task_verbs) || text.starts_with_verb(&lexicon.output_verbs);
    let counts_people = leads_with_work && text.number_then(&lexicon.people);
    // "Reduce p99 latency of 5 services from 900 to 400 ms" measures a
    // metric's move; the count only scopes it.
    let moves_a_metric = text.from_to().is_some() && !text.counts_artifacts_at_end();
    if (text.counts_artifacts() || counts_people) && !tied_to_effect && !moves_a_metric {
        return Class::Output;
    }
    if fields.has_target {
        let unit_is_artifact = fields
            .unit
            .is_some_and(|unit| Text::new(unit).starts_with_any(&lexicon.artifacts));
        return if unit_is_artifact {
            Class::Output
        } else {
            Class::Outcome
        };
    }
    if text.starts_with_verb(&lexicon.hiring_verbs) {
        return Class::Output;
    }
    if text.has_digits() {
        // "Run 3 AMAs" counts work; "Launch the beta with 100 users" ties
        // the work to an effect.
        return if leads_with_work && !tied_to_effect {
            Class::Output
        } else {
            Class::Outcome
        };
    }
    if text.has_number() {
        return Class::Outcome;
    }
    // No measure. A to-do, a deliverable said as done, or a named thing is
    // a task; a quality or a direction without a measure is vague.
    if leads_with_work || text.contains_any(&lexicon.done_states) {
        return Class::Task;
    }
    let vague =
        text.starts_with_verb(&lexicon.change_verbs) || text.contains_any(&lexicon.vague_words);
    // A named measure without a number ("Customer NPS", or any key result
    // with a `metric`) is measured, only without a target: `kr-no-target`
    // says so, not `kr-is-vague`.
    let names_a_measure = fields.metric.is_some() || text.contains_any(&lexicon.metric_nouns);
    if names_a_measure && !(vague && fields.metric.is_none()) {
        return Class::Outcome;
    }
    if vague {
        return Class::Vague;
    }
    Class::Task
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(title: &str) -> Class {
        classify(title, Fields::default())
    }

    #[test]
    fn the_seed_examples() {
        // "OKRs for Engineering Teams": task versus evidence.
        assert_eq!(class("Ship new retry logic"), Class::Task);
        assert_eq!(
            class("Reduce failed checkout attempts by 30 percent"),
            Class::Outcome
        );
        assert_eq!(class("Create a runbook"), Class::Task);
        assert_eq!(
            class("Reduce average incident diagnosis time from 40 minutes to 15 minutes"),
            Class::Outcome
        );
        // "How to Set OKRs for Software Developers": measurability.
        assert_eq!(class("Improve development efficiency"), Class::Vague);
        assert_eq!(
            class("Reduce build time from 10 minutes to under 2"),
            Class::Outcome
        );
        assert_eq!(
            class("Improve payment RTT from 300ms to under 200ms"),
            Class::Outcome
        );
    }

    #[test]
    fn counts_of_artifacts_are_output() {
        assert_eq!(class("Publish 12 blog posts"), Class::Output);
        assert_eq!(class("Merge 200 PRs"), Class::Output);
        assert_eq!(class("Hire 4 engineers"), Class::Output);
        assert_eq!(
            class("Increase the number of blog posts from 4 to 12"),
            Class::Output
        );
        assert_eq!(
            class("Launch 3 integrations with 100 active users each"),
            Class::Outcome
        );
    }

    #[test]
    fn structured_fields_count() {
        let measured = Fields {
            has_target: true,
            ..Fields::default()
        };
        assert_eq!(classify("Better onboarding", measured), Class::Outcome);
        let posts = Fields {
            has_target: true,
            unit: Some("posts"),
            ..Fields::default()
        };
        assert_eq!(classify("Grow the engineering blog", posts), Class::Output);
    }
}
