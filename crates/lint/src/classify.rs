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
    explain(title, fields).class
}

/// A class and the regularity of the wording that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// What the key result is.
    pub class: Class,
    /// Why, in a few words.
    pub why: &'static str,
}

/// The reason of a vague key result that names its measure but neither a
/// figure nor a direction ("Time to first answer"): it has a measure, only
/// nothing to reach, and lint says so in those words.
pub const NAMED_MEASURE: &str = "names a measure without a target";

const fn verdict(class: Class, why: &'static str) -> Verdict {
    Verdict { class, why }
}

/// Classifies a key result as [`classify`] does, and says why.
///
/// An entry of several sentences ("Improve onboarding. Ship the setup
/// wizard. Raise activation from 20% to 30%.") takes its strongest
/// element: an effect measure makes it an outcome, else a count of the
/// team's work an output, else a deliverable a task, else it is vague.
pub fn explain(title: &str, fields: Fields<'_>) -> Verdict {
    let described = (fields.metric.is_some() || fields.unit.is_some()).then(|| {
        Text::new(&format!(
            "{} {}",
            fields.metric.unwrap_or_default(),
            fields.unit.unwrap_or_default()
        ))
    });
    let mut best: Option<Verdict> = None;
    for text in Text::sentences(title) {
        let found = sentence(&text, fields, described.as_ref());
        if best.is_none_or(|b| strength(found.class) > strength(b.class)) {
            best = Some(found);
        }
    }
    best.unwrap_or(verdict(Class::Vague, "no words"))
}

/// The order of rule 13 of the corpus guideline: a measured effect beats a
/// count of work, which beats a deliverable, which beats a wish.
fn strength(class: Class) -> u8 {
    match class {
        Class::Outcome => 3,
        Class::Output => 2,
        Class::Task => 1,
        Class::Vague => 0,
    }
}

fn sentence(text: &Text, fields: Fields<'_>, described: Option<&Text>) -> Verdict {
    let lexicon = &*LEXICON;
    // "Increase representation to 12.5% by growing by 4 hires": the share
    // is the target, the count only the means.
    let tied_to_effect = text.links_to_number(&lexicon.outcome_links)
        || text.counts_effects()
        || (text.starts_with_verb(&lexicon.change_verbs) && text.targets_share());
    // Fewer of anything is an effect: nobody aims at fewer artifacts.
    let decreasing = text.contains_any(&lexicon.decrease_words);
    let work: [&[String]; 2] = [&lexicon.task_verbs, &lexicon.output_verbs];

    // Counting the team's own work: "lines of code", "12 blog posts".
    if text.contains_any(&lexicon.activity_metrics)
        || described.is_some_and(|d| d.contains_any(&lexicon.activity_metrics))
    {
        return verdict(Class::Output, "measures the team's own activity");
    }
    // "Number of experiments completed", "Time to first value": a named
    // measure with no figure is a direction at most (rule 6).
    let unmeasured = !text.has_digits() && !text.has_number_word() && fields.metric.is_none();
    if unmeasured && !fields.has_target && text.leads_with(&lexicon.measure_leads) {
        return verdict(Class::Vague, NAMED_MEASURE);
    }
    let leads_with_deliverable =
        text.starts_with_verb(&lexicon.task_verbs) || text.starts_with_verb(&lexicon.output_verbs);
    let leads_with_work = leads_with_deliverable || text.starts_with_verb(&lexicon.effort_verbs);
    // "Get 100 mentions", "Get 50 customer reviews": what others give is
    // counted, not what the team makes.
    let acquires = text.starts_with_verb(&lexicon.acquisition_verbs)
        || text.acquires_count(&lexicon.acquisition_verbs);
    let counts_work = leads_with_work && !acquires;
    let counts_people = counts_work && text.counts_people();
    // "Reduce p99 latency of 5 services from 900 to 400 ms" measures a
    // metric's move; the count only scopes it.
    // So does "Double lead flow from the top 3 partners".
    let moves_a_metric = (text.from_to().is_some() && !text.counts_artifacts_at_end())
        || text.starts_with_verb(&lexicon.relative_changes);
    if ((text.counts_artifacts() && !acquires && !decreasing) || counts_people)
        && !tied_to_effect
        && !moves_a_metric
    {
        return verdict(Class::Output, "counts the team's artifacts or hires");
    }
    // "Fix 50% of them", "Migrate 80% of the services": the team's work
    // done to a share of its items.
    if text.works_on_share(&work) && !decreasing {
        return verdict(Class::Output, "works on a share of the items");
    }
    // "4 new nodes are provisioned", "100% of team members are certified":
    // a count of the team's work, said done.
    if text.counts_work_done(&work) && !tied_to_effect && !moves_a_metric && !decreasing {
        return verdict(Class::Output, "counts work said done");
    }
    // "Bi-weekly tweets", "Monthly review call with all accounts": the
    // team's own work repeated on a cadence.
    if text.repeats_work()
        && !tied_to_effect
        && !moves_a_metric
        && !decreasing
        && !text.measures_share()
    {
        return verdict(Class::Output, "the team's work on a cadence");
    }
    if fields.has_target {
        let unit_is_artifact = fields
            .unit
            .is_some_and(|unit| Text::new(unit).starts_with_any(&lexicon.artifacts));
        return if unit_is_artifact {
            verdict(Class::Output, "its unit is an artifact")
        } else {
            verdict(Class::Outcome, "has a target")
        };
    }
    if text.starts_with_verb(&lexicon.hiring_verbs) {
        return verdict(Class::Output, "hires");
    }
    // "Train the support team", "Add a backend maintainer": bringing in
    // or training the team's own people is output whatever the number
    // (rule 8 of the corpus guideline).
    if text.starts_with_verb(&lexicon.staffing_verbs) {
        let start = text.lead() + 1;
        if (start..start + text.object().len()).any(|i| text.noun_in(i, &lexicon.people)) {
            return verdict(Class::Output, "trains or brings in people");
        }
    }
    // "Meet the MQL and SAO goals": a figure set in advance.
    if text.attains_plan() {
        return verdict(Class::Outcome, "meets a plan's figure");
    }
    if text.has_digits() {
        // "Run 3 AMAs" counts work; "Launch the beta with 100 users" ties
        // the work to an effect, and a share ("90% of queries under 30
        // minutes") measures one.
        return if counts_work && !tied_to_effect && !text.measures_share() {
            verdict(Class::Output, "a work verb with a count")
        } else {
            verdict(Class::Outcome, "a number")
        };
    }
    if let Some(found) = universal(text, counts_work) {
        return found;
    }
    if text.has_number_word() {
        return verdict(Class::Outcome, "a number word");
    }
    // "Response time as fast as GitHub.com": a target relative to a
    // reference counts as a number (rule 6 of the corpus guideline).
    if text.compares_as(&lexicon.vague_words) {
        return verdict(Class::Outcome, "a quality equal to a reference");
    }
    // No measure. A to-do, a deliverable said as done, or a named thing is
    // a task; a quality or a direction without a measure is vague.
    // "Run the service more efficiently": the manner of a quality, not a
    // deliverable.
    // "Site launched, effectively capturing the concept" is still a
    // deliverable said as done.
    if text.has_manner_of(&lexicon.vague_words) && !said_done(text) {
        return verdict(Class::Vague, "a manner of working");
    }
    // "Attract strong applicants", "Gain traction", "Get user traction": a
    // direction.
    let acquires_quality =
        text.starts_with_verb(&lexicon.acquisition_verbs) && names_quality(text.object());
    if text.starts_with_verb(&lexicon.attraction_verbs) || acquires_quality {
        return verdict(Class::Vague, "a direction without a measure");
    }
    if leads_with_deliverable {
        return verdict(Class::Task, "a to-do");
    }
    // "Improve usability so that it can be adopted": what a change verb
    // leads is a wish, whatever its clauses say is done.
    let lead_word = text.words().get(text.lead()).map_or("", String::as_str);
    let wishes = lexicon.change_verbs.iter().any(|v| v == lead_word)
        && !lexicon.possession_verbs.iter().any(|v| v == lead_word);
    if said_done(text) && !wishes {
        return verdict(Class::Task, "a deliverable said as done");
    }
    // "Have a complete onboarding guide", "Ensure that bugs get filed
    // automatically": a deliverable owned or made sure of, unless a
    // quality is what is wished for ("Have a quick process", "Ensure a
    // smooth rollout").
    if let Some(object) = owned(text) {
        return if names_quality(object) {
            verdict(Class::Vague, "wishes for a quality")
        } else {
            verdict(Class::Task, "owns a deliverable")
        };
    }
    let vague =
        text.starts_with_verb(&lexicon.change_verbs) || text.contains_any(&lexicon.vague_words);
    // An effort verb ("Establish", "Provide", "Work with") aimed at a
    // quality ("team communication practices", "clear insight") is a wish,
    // not a deliverable.
    if leads_with_work {
        return if vague && aims_at_quality(text) {
            verdict(Class::Vague, "an effort towards a quality")
        } else {
            verdict(Class::Task, "an effort")
        };
    }
    // A named measure without a number ("Customer NPS", or any key result
    // with a `metric`) is measured, only without a target: `kr-no-target`
    // says so, not `kr-is-vague`.
    let names_a_measure = fields.metric.is_some() || text.contains_any(&lexicon.metric_nouns);
    if names_a_measure && !(vague && fields.metric.is_none()) {
        return verdict(Class::Outcome, "names a measure");
    }
    if vague {
        // "Make it easier to buy by automating the dedicated offering": a
        // wish whose means is a deliverable is that deliverable (rule 13).
        return if delivers_by(text) {
            verdict(Class::Task, "a deliverable as the means")
        } else {
            verdict(Class::Vague, "a quality or a direction without a measure")
        };
    }
    verdict(Class::Task, "names a thing")
}

/// Whether what an effort verb leads is a quality: "Establish a culture
/// of review", "Provide clear guidance", but not "Establish user
/// engagement metrics", where the quality noun only names which metrics.
/// A quality noun counts as the head of the phrase, a quality adjective
/// anywhere in it.
fn aims_at_quality(text: &Text) -> bool {
    let lexicon = &*LEXICON;
    let object = text.object();
    let Some((head, modifiers)) = object.split_last() else {
        return true;
    };
    let looks_like_noun = |word: &String| {
        lexicon
            .noun_suffixes
            .iter()
            .any(|suffix| word.ends_with(suffix.as_str()))
    };
    lexicon.vague_words.contains(head)
        || modifiers
            .iter()
            .any(|w| lexicon.vague_words.contains(w) && !looks_like_noun(w))
        // The quality may come after the object: "Provide X to make Y
        // easier".
        || names_quality(&text.words()[text.lead() + 1 + object.len()..])
}

/// Whether any of `words` names a quality ("quick", "clear", "culture").
fn names_quality(words: &[String]) -> bool {
    words.iter().any(|w| LEXICON.vague_words.contains(w))
}

/// What a key result that leads with "have" or "ensure" owns or makes
/// sure of: the phrase after the verb, past "that", a pronoun and a
/// second "have" ("Make sure that we have a runbook" owns "a runbook").
fn owned(text: &Text) -> Option<&[String]> {
    let lexicon = &*LEXICON;
    let words = text.words();
    let perfect = words
        .get(text.lead() + 1)
        .is_some_and(|w| w.ends_with("ed") || lexicon.done_states.contains(w));
    let possession = text.starts_with_verb(&lexicon.possession_verbs) && !perfect;
    let verb = if possession {
        1
    } else {
        // "make sure" is two words.
        text.leading_verb(&lexicon.assurance_verbs)?
            .split(' ')
            .count()
    };
    let mut start = text.lead() + verb;
    for skip in [
        &["that"][..],
        &["we", "you", "they", "everyone"],
        &["have", "has"],
    ] {
        if words.get(start).is_some_and(|w| skip.contains(&w.as_str())) {
            start += 1;
        }
    }
    // What is made sure of is a whole clause: "Ensure the process is
    // consistent". What is had is a noun phrase.
    let object = if possession {
        text.object()
    } else {
        words.get(start..).unwrap_or_default()
    };
    (!object.is_empty()).then_some(object)
}

/// Whether a deliverable is named as the means: "by automating the
/// offering", "through migrating the jobs".
fn delivers_by(text: &Text) -> bool {
    let lexicon = &*LEXICON;
    let words = text.words();
    words.windows(2).any(|pair| {
        matches!(pair[0].as_str(), "by" | "through")
            && pair[1].ends_with("ing")
            && lexicon
                .task_verbs
                .iter()
                .any(|verb| !verb.contains(' ') && is_gerund_of(&pair[1], verb))
    })
}

/// Whether `word` is the "-ing" form of `verb`: "automating", "shipping".
fn is_gerund_of(word: &str, verb: &str) -> bool {
    let Some(stem) = word.strip_suffix("ing") else {
        return false;
    };
    stem == verb
        || stem == verb.trim_end_matches('e')
        || stem.strip_suffix(verb.chars().last().unwrap_or(' ')) == Some(verb)
}

/// Whether a deliverable is said to be done: "GDPR policy fully
/// implemented", "the baseline is established", "we have moved the
/// dashboards", but not "a working process".
fn said_done(text: &Text) -> bool {
    let lexicon = &*LEXICON;
    text.states_any(&lexicon.done_states)
        || text.states_work_done(&[&lexicon.task_verbs, &lexicon.effort_verbs])
}

/// A universal quantifier without digits (rules 11 and 12 of the corpus
/// guideline): per-item work of the team counts output, a universal claim
/// about people or the system implies a 100% measure, and a floating "all"
/// ("how the squads all work") measures nothing.
fn universal(text: &Text, counts_work: bool) -> Option<Verdict> {
    let lexicon = &*LEXICON;
    let at = text.universal()?;
    let words = text.words();
    let before = at.checked_sub(1).map(|i| words[i].as_str());
    // "Run a retrospective for every squad", "Track growth goals for every
    // engineer", "For each stage, update its direction page": the team's
    // activity repeated per item.
    let work_follows = (at + 2..words.len().min(at + 6))
        .any(|i| text.verb_at(i, &lexicon.output_verbs) || text.verb_at(i, &lexicon.task_verbs));
    if before == Some("for")
        && (text.starts_with_verb(&lexicon.output_verbs) || (at == text.lead() + 1 && work_follows))
    {
        return Some(verdict(Class::Output, "work repeated for every item"));
    }
    // "Every service has a runbook", "All alerts have playbooks",
    // "Every bug report gets triaged": an artifact or an act of the team
    // for each item.
    let work: [&[String]; 2] = [&lexicon.task_verbs, &lexicon.output_verbs];
    let per_item = (at + 1..words.len()).any(|i| {
        let verb = words[i].as_str();
        (matches!(verb, "has" | "have" | "gets" | "get")
            && ((i + 1..=i + 3).any(|j| text.noun_in(j, &lexicon.artifacts))
                || text.participle_at(i + 1, &work)))
            // "Every endpoint is documented", "Each PR is first reviewed".
            || (matches!(verb, "is" | "are" | "gets" | "get")
                && (i + 1..=i + 2).any(|j| text.has_at(j, &lexicon.per_item_acts)))
    });
    // "Examples exist for all the modules": an artifact for each item.
    let exists_for_each =
        before == Some("for") && at >= 2 && matches!(words[at - 2].as_str(), "exist" | "exists");
    if exists_for_each {
        return Some(verdict(Class::Output, "an artifact for every item"));
    }
    // "All managers complete the training", "Everyone attends a demo": the
    // team's own people each doing the work (others doing it, "all
    // customers migrate", is an outcome).
    let own_people = matches!(words[at].as_str(), "everyone" | "everybody")
        || (at + 1..=at + 2).any(|i| text.noun_in(i, &lexicon.people));
    // Not "Everyone knows where to find the roadmap": the verb after "to"
    // is what they can do, not what they do.
    let people_work = own_people
        && (at + 2..words.len().min(at + 7)).any(|i| {
            (text.verb_at(i, &lexicon.output_verbs) || text.verb_at(i, &lexicon.task_verbs))
                && !(words[i - 1] == "to"
                    && matches!(words[i - 2].as_str(), "where" | "how" | "what" | "when"))
        });
    if at <= text.lead() + 1 && (per_item || people_work) {
        return Some(verdict(Class::Output, "an artifact or act for every item"));
    }
    // "All launch checklists are complete", "The migration is done for all
    // regions": one piece of work done, however many it spans.
    if said_done(text) {
        return Some(verdict(Class::Task, "a deliverable said as done"));
    }
    // "Migrate all services off the old queue": one deliverable, all of it. ("Get
    // all teams to use it" is a claim about the teams, below.)
    if counts_work {
        return Some(verdict(Class::Task, "a to-do over a whole set"));
    }
    // "Everyone can state the strategy", "Search always returns a result",
    // "Ensure all users can sign in": a claim that holds for all.
    let claim = at <= text.lead() + 1
        || matches!(words[at].as_str(), "always" | "never")
        || matches!(before, Some("ensure" | "sure" | "that" | "by"));
    claim.then_some(verdict(Class::Outcome, "a universal claim"))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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

    /// Each case is (title, class), checked with the reason on failure.
    fn check(cases: &[(&str, Class)]) {
        for &(title, expected) in cases {
            let verdict = explain(title, Fields::default());
            assert_eq!(verdict.class, expected, "{title:?} ({})", verdict.why);
        }
    }

    #[test]
    fn owner_labels_and_suffixes_are_not_read() {
        check(&[
            // A function label before a colon hides the leading verb.
            (
                "Customer Support: Publish 4 help-centre guides",
                Class::Output,
            ),
            (
                "Platform (Build Tools) KR: Migrate CI to the new runners",
                Class::Task,
            ),
            ("`P2` - @??? - Rewrite the importer", Class::Task),
            ("KR4 Ship the offline mode", Class::Task),
            ("Ship the offline mode (Maria)", Class::Task),
            ("Improve release notes - Owner @maria", Class::Vague),
            // A label ending in "KR" is a label however long it is.
            (
                "Head of Developer Relations EMEA KR: Publish 4 guides",
                Class::Output,
            ),
        ]);
    }

    #[test]
    fn compound_entries_take_their_strongest_sentence() {
        check(&[
            ("Improve onboarding. Publish 5 tutorials.", Class::Output),
            (
                "Improve onboarding. Ship the setup wizard. Raise activation from 20% to 30%.",
                Class::Outcome,
            ),
            ("Improve onboarding. Ship the setup wizard.", Class::Task),
            // Not sentence ends: an abbreviation, a bracket.
            ("Cut avg. build time from 10 to 5 minutes", Class::Outcome),
            ("Better tooling (e.g. Linters and formatters)", Class::Vague),
        ]);
    }

    #[test]
    fn universal_quantifiers() {
        check(&[
            // The team's work repeated for each item is output.
            ("Run a retrospective for every squad", Class::Output),
            ("Every service has a runbook", Class::Output),
            ("All managers complete interview training", Class::Output),
            // One piece of work, however wide, is a task.
            ("All launch checklists are complete", Class::Task),
            ("Migrate all services off the legacy queue", Class::Task),
            // A claim about everyone or the system implies 100%.
            ("Every customer can export their own data", Class::Outcome),
            ("Search always returns within the page", Class::Outcome),
            ("Get all teams to use the shared pipeline", Class::Outcome),
            // A floating "all" quantifies nothing measurable.
            (
                "Have a clear picture of how the squads all work",
                Class::Vague,
            ),
        ]);
    }

    #[test]
    fn what_is_not_a_deliverable_is_vague() {
        check(&[
            // An effort verb aimed at a quality, or at a deliverable.
            ("Establish a culture of code review", Class::Vague),
            ("Provide a sandbox for partners", Class::Task),
            // Deliberation, questions, manner and placeholders.
            ("Consider moving to a monorepo", Class::Vague),
            ("How do we share on-call knowledge?", Class::Vague),
            ("Proactively share roadmap updates", Class::Vague),
            ("TBD", Class::Vague),
            ("Search improvements", Class::Vague),
            // Said as done, in the perfect or passive of a work verb.
            ("We have converted the billing dashboards", Class::Task),
            ("The release process is automated", Class::Task),
            // "a working process" is no statement that work is done.
            ("Product and sales have a working rhythm", Class::Task),
        ]);
    }

    #[test]
    fn numbers_that_are_not_targets() {
        check(&[
            ("Figure out whether we can sell $50k deals", Class::Task),
            ("Shortlist vendors and sign one", Class::Task),
            ("Release the 2.0 version", Class::Task),
            ("Pick the top three vendors", Class::Task),
            ("Deliver the hiring plan by June 30", Class::Task),
            ("Ship the beta by 2026-08", Class::Task),
            ("Rewrite chapter 3 of the handbook", Class::Task),
            // A rate is a value.
            ("Cut complaints from 20/month to 5/month", Class::Outcome),
            // "at least one" counts.
            ("Publish at least one case study", Class::Output),
        ]);
    }

    #[test]
    fn what_a_count_counts() {
        check(&[
            // The head of "3 user tests" is tests.
            ("Run 3 user tests with new customers", Class::Output),
            ("3 new hires in support", Class::Output),
            // A share after a work verb measures an effect.
            ("Support 95% of queries in under a second", Class::Outcome),
            // "with" scopes work unless an effect follows it.
            ("Start ad programmes with 3 media sites", Class::Output),
            // What others give is no output.
            ("Get 50 customer reviews", Class::Outcome),
            ("Get 100 press mentions", Class::Outcome),
        ]);
    }

    #[test]
    fn relative_and_plan_targets_are_measures() {
        check(&[
            ("Keep cloud costs flat", Class::Outcome),
            ("Stat-sig increase in activation", Class::Outcome),
            ("Infrastructure costs within budget", Class::Outcome),
            ("Hit the quarterly bookings target", Class::Outcome),
            // A quality equal to a reference is a relative target.
            ("Checkout as fast as the old flow", Class::Outcome),
            ("Make the docs site as reliable as the app", Class::Outcome),
            // "as well as" joins; it sets no target.
            ("Make onboarding easier as well as faster", Class::Vague),
        ]);
    }

    #[test]
    fn counts_of_work_in_other_forms() {
        check(&[
            // A share counts what follows its "of".
            ("Complete 90% of customer onboarding calls", Class::Output),
            (
                "Have 70% of key users report a good experience",
                Class::Outcome,
            ),
            // Work said done in the passive, or set on a cadence.
            (
                "3 new build agents are provisioned and monitored",
                Class::Output,
            ),
            ("100% of support staff are certified", Class::Output),
            ("Weekly demos of the new features", Class::Output),
            (
                "Cut monthly spend on idle resources from 9k to 2k",
                Class::Outcome,
            ),
            // A subject before the verb.
            ("Platform team identify 3 slow queries", Class::Output),
            // Getting what others give, later in the sentence.
            ("Invite partners and get 20 to join", Class::Outcome),
            // A share as the target of a change, with its means.
            (
                "Increase women in leadership to 30% by growing by 4 hires",
                Class::Outcome,
            ),
            // A duration written on the number.
            (
                "Bring queries under 10s for repos of 10k commits",
                Class::Outcome,
            ),
        ]);
    }

    #[test]
    fn figures_set_in_advance_and_manners() {
        check(&[
            ("Meet the MQL and SAO goals", Class::Outcome),
            ("Achieve the quarterly bookings targets", Class::Outcome),
            ("Write user journeys for achieving those goals", Class::Task),
            ("Run the cluster more efficiently", Class::Vague),
            ("Figure out if we can close deals easily", Class::Task),
            ("Have a complete runbook for the gateway", Class::Task),
            ("Have a quick process", Class::Vague),
        ]);
    }

    #[test]
    fn tags_and_names_are_no_numbers() {
        check(&[
            ("Define the release guidelines (n)", Class::Task),
            ("Move the jobs off science-3", Class::Task),
            ("Document the 3 core pillars", Class::Task),
            ("Have over 2/3 of key users rate it good", Class::Outcome),
            ("**KR**: 2 customer interviews per week", Class::Output),
        ]);
    }

    #[test]
    fn work_per_item_and_deliverables_as_means() {
        check(&[
            // The quantifier leads, the work follows.
            ("For each region, update the pricing page", Class::Output),
            // No work follows: a claim that holds for all (rule 12).
            ("For each region the prices are clear", Class::Outcome),
            // A wish whose means is a deliverable.
            ("Make checkout easier by automating refunds", Class::Task),
            ("Make checkout easier for new users", Class::Vague),
            (
                "Evolve the strategy by conducting 5 customer conversations",
                Class::Output,
            ),
        ]);
    }

    #[test]
    fn objects_idioms_and_named_measures() {
        check(&[
            // What is had or made sure of decides: a deliverable or a quality.
            ("Have a staging environment for partners", Class::Task),
            ("Have a smooth release process", Class::Vague),
            (
                "Ensure that crash reports get filed automatically",
                Class::Task,
            ),
            ("Ensure the release process is consistent", Class::Vague),
            // Idioms are read plainly.
            (
                "We have reduced build cost by an order of magnitude",
                Class::Outcome,
            ),
            ("One or more mirrors serve the nightly builds", Class::Task),
            ("Double down on what works in sales", Class::Vague),
            // The team's own work: documents, ranked counts, people, items.
            ("Describe 3 pricing options", Class::Output),
            ("Fix the top 10 crash reports", Class::Output),
            ("Train the on-call team", Class::Output),
            ("Add a release maintainer", Class::Output),
            ("Every public function is documented", Class::Output),
            ("Examples exist for all the plugins", Class::Output),
            (
                "Migrate 60% of the cron jobs to the scheduler",
                Class::Output,
            ),
            ("Complete over 80% of the planned work", Class::Output),
            // A named measure without a figure, or a direction, is vague.
            ("Number of weekly deploys", Class::Vague),
            ("Time to first green build", Class::Vague),
            ("Attract senior applicants", Class::Vague),
            ("Gain traction with partners", Class::Vague),
            ("Start working towards a plugin system", Class::Vague),
            (
                "Improve search so that it can be adopted by the docs team",
                Class::Vague,
            ),
            // Plans, claims and shares of others are outcomes.
            ("Revenue ahead of plan", Class::Outcome),
            ("The new API is used by every mobile client", Class::Outcome),
            (
                "Everyone on the team knows where to find the runbooks",
                Class::Outcome,
            ),
            (
                "Raise the pass rate to 85% including new tests",
                Class::Outcome,
            ),
            ("Double sign-ups from the top 3 partners", Class::Outcome),
            // An effort is a wish only when a quality heads its object.
            (
                "Establish service health metrics that the on-call rota reviews",
                Class::Task,
            ),
            ("Establish a culture of blameless review", Class::Vague),
            (
                "Docs site launched, effectively replacing the wiki",
                Class::Task,
            ),
        ]);
    }

    proptest! {
        /// Prefixes, suffixes, brackets, colons and full stops in any order
        /// and script never make the reading panic.
        #[test]
        fn any_title_is_read(title in r"[A-Za-z0-9 .:;?!()\[\]`@$%/,*•–\-：é日本]{0,60}") {
            let verdict = explain(&title, Fields::default());
            prop_assert_eq!(verdict.class, classify(&title, Fields::default()));
        }
    }
}
