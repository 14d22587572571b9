//! Running the rules over parsed files.

use std::collections::HashMap;

use okr_model::config::LintSettings;
use okr_model::{
    Allow, Diagnostic, KeyResult, KrKind, Objective, OkrSet, ParsedFile, Severity, SourceFile,
    Span, Status, Theme,
};
use serde::Serialize;

use crate::classify::{Class, Fields, NAMED_MEASURE, Verdict, explain};
use crate::rules::{self, Rule};
use crate::score::MODEL;
use crate::text::{LEXICON, Text};

/// Severities and limits: the defaults, changed by `okr.toml`'s `[lint]`.
#[derive(Debug, Clone)]
pub struct Settings {
    levels: HashMap<&'static str, Option<Severity>>,
    /// The most objectives a set should have.
    pub max_objectives: usize,
    /// The most key results an objective should have.
    pub max_key_results: usize,
    /// Judge the definition of closed sets too (`git okr lint --all`). A
    /// closed set's definition is history: it cannot change without a
    /// reopen, so by default only what closing asks for (its review) is
    /// checked there.
    pub closed_definitions: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: rules::RULES
                .iter()
                .map(|rule| (rule.id, Some(rule.severity)))
                .collect(),
            max_objectives: rules::DEFAULT_MAX_OBJECTIVES,
            max_key_results: rules::DEFAULT_MAX_KEY_RESULTS,
            closed_definitions: false,
        }
    }
}

impl Settings {
    /// The defaults with `okr.toml`'s `[lint]` applied. Rules it names that
    /// do not exist were already reported when it was parsed.
    pub fn from_config(config: &LintSettings) -> Settings {
        let mut settings = Settings::default();
        for (rule, level) in &config.rules {
            if let Some(rule) = rules::get(rule) {
                settings.levels.insert(rule.id, *level);
            }
        }
        if let Some(max) = config.max_objectives {
            settings.max_objectives = max;
        }
        if let Some(max) = config.max_key_results {
            settings.max_key_results = max;
        }
        settings
    }

    /// The severity of `rule`, or `None` when it is off.
    pub fn level(&self, rule: &str) -> Option<Severity> {
        self.levels.get(rule).copied().flatten()
    }
}

/// A finding that an `allow` in the OKR file accepted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allowed {
    /// The finding.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// The reason written with the `allow`.
    pub reason: String,
}

/// What the linter found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// The findings, in file and source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings accepted by an `allow`, with their reasons.
    pub allowed: Vec<Allowed>,
}

/// Runs every rule on every set of `files`. Sets are judged together: the
/// parent-and-children rule compares sets across files.
pub fn lint(files: &[ParsedFile], settings: &Settings) -> Report {
    lint_first(files, files.len(), settings)
}

/// Runs every rule on the sets of the first `reported` files of `files`
/// only; the others are context (the teams an owner may be, the child sets
/// a parent is compared with). A commit hook lints the one staged file
/// among hundreds this way.
pub fn lint_first(files: &[ParsedFile], reported: usize, settings: &Settings) -> Report {
    let sets: Vec<(&SourceFile, &OkrSet)> = files
        .iter()
        .filter_map(|f| f.set.as_ref().map(|set| (&f.source, set)))
        .collect();
    let teams: Vec<&str> = sets.iter().map(|(_, set)| set.team.as_str()).collect();
    let linted = files[..reported.min(files.len())]
        .iter()
        .filter(|f| f.set.is_some())
        .count();
    let mut report = Report::default();
    for &(source, set) in &sets[..linted] {
        let mut linter = Linter {
            source,
            set,
            settings,
            report: &mut report,
        };
        linter.set_rules(&teams);
        linter.aggregate_of_children(&sets);
        linter.unknown_rules();
    }
    Diagnostic::sort(&mut report.diagnostics);
    report.allowed.sort_by(|a, b| {
        (&a.diagnostic.file, a.diagnostic.span.start)
            .cmp(&(&b.diagnostic.file, b.diagnostic.span.start))
    });
    report
}

/// Where a finding is: the set, and the objective and key result if any.
#[derive(Clone, Copy)]
struct Scope<'a> {
    objective: Option<&'a Objective>,
    key_result: Option<&'a KeyResult>,
}

impl<'a> Scope<'a> {
    const SET: Scope<'static> = Scope {
        objective: None,
        key_result: None,
    };

    fn objective(objective: &'a Objective) -> Self {
        Scope {
            objective: Some(objective),
            key_result: None,
        }
    }

    fn key_result(objective: &'a Objective, key_result: &'a KeyResult) -> Self {
        Scope {
            objective: Some(objective),
            key_result: Some(key_result),
        }
    }
}

struct Linter<'a> {
    source: &'a SourceFile,
    set: &'a OkrSet,
    settings: &'a Settings,
    report: &'a mut Report,
}

impl<'a> Linter<'a> {
    fn subject(&self, scope: Scope<'_>) -> String {
        let mut subject = self.set.team.clone();
        if let Some(objective) = scope.objective {
            subject = format!("{subject}/{}", objective.id);
        }
        if let Some(kr) = scope.key_result {
            subject = format!("{subject}/{}", kr.id);
        }
        subject
    }

    /// Reports `rule` at `span`, unless it is off or an `allow` in scope
    /// accepts it.
    fn emit(&mut self, rule: &Rule, scope: Scope<'_>, span: Span, message: String, help: String) {
        self.emit_with(rule, scope, span, message, help, None);
    }

    /// [`Linter::emit`] for a finding that says how sure it is.
    fn emit_with(
        &mut self,
        rule: &Rule,
        scope: Scope<'_>,
        span: Span,
        message: String,
        help: String,
        confidence: Option<f64>,
    ) {
        let Some(severity) = self.settings.level(rule.id) else {
            return;
        };
        if self.set.status == Status::Closed
            && !self.settings.closed_definitions
            && rule.id != rules::MISSING_REVIEW.id
        {
            return;
        }
        let diagnostic = Diagnostic::new(self.source, rule.id, severity, span, message)
            .with_help(help)
            .with_subject(Some(self.subject(scope)))
            .with_confidence(confidence);
        let allows = [
            scope.key_result.map(|kr| kr.allow.as_slice()),
            scope.objective.map(|o| o.allow.as_slice()),
            Some(self.set.allow.as_slice()),
        ];
        let allowed = allows
            .into_iter()
            .flatten()
            .flatten()
            .find(|allow| allow.rule == rule.id);
        match allowed {
            Some(allow) => self.report.allowed.push(Allowed {
                diagnostic,
                reason: allow.reason.clone(),
            }),
            None => self.report.diagnostics.push(diagnostic),
        }
    }

    fn set_rules(&mut self, teams: &[&str]) {
        let set = self.set;
        if set.objectives.len() > self.settings.max_objectives
            && let Some(extra) = set.objectives.get(self.settings.max_objectives)
        {
            self.emit(
                &rules::TOO_MANY_OBJECTIVES,
                Scope::SET,
                extra.spans.table(),
                format!(
                    "the set has {} objectives; the focus limit is {}",
                    set.objectives.len(),
                    self.settings.max_objectives
                ),
                "focus on the few that matter most: merge, drop or defer the rest (or raise `max_objectives` in okr.toml)".to_owned(),
            );
        }
        self.balance();
        if set.status == Status::Closed {
            let review = set.review.as_ref();
            let missing: Vec<&str> = [
                ("lessons", review.is_none_or(|r| r.lessons.is_empty())),
                ("failures", review.is_none_or(|r| r.failures.is_empty())),
                ("continue", review.is_none_or(|r| r.continue_.is_empty())),
            ]
            .into_iter()
            .filter_map(|(key, missing)| missing.then_some(key))
            .collect();
            if !missing.is_empty() {
                let span = set.spans.field_or_table("status");
                let what = match missing.split_last() {
                    Some((last, [])) => format!("`{last}`"),
                    Some((last, rest)) => format!(
                        "{} or `{last}`",
                        rest.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    None => String::new(),
                };
                self.emit(
                    &rules::MISSING_REVIEW,
                    Scope::SET,
                    span,
                    format!("the set is closed but its `[review]` has no {what}"),
                    "write what was learned, what failed (so it is not repeated) and what to continue: next period's OKRs start from it".to_owned(),
                );
            }
        }
        for objective in &set.objectives {
            self.objective_rules(objective);
            for kr in &objective.key_results {
                self.key_result_rules(objective, kr, teams);
            }
        }
    }

    fn objective_rules(&mut self, objective: &'a Objective) {
        let scope = Scope::objective(objective);
        let text = Text::new(&objective.title);
        if text.has_numerals() {
            self.emit(
                &rules::OBJECTIVE_IS_METRIC,
                scope,
                objective.spans.field_or_table("title"),
                format!("the objective `{}` reads as a metric: it has a number", objective.id),
                "write the objective as a qualitative, memorable direction, and move the number into a key result".to_owned(),
            );
        }
        if objective.key_results.is_empty() {
            self.emit(
                &rules::OBJECTIVE_WITHOUT_KEY_RESULTS,
                scope,
                objective.spans.table(),
                format!("the objective `{}` has no key results", objective.id),
                "add two to four `[[objectives.key_results]]` that would show, with numbers, that the objective is being met".to_owned(),
            );
        }
        if objective.key_results.len() > self.settings.max_key_results
            && let Some(extra) = objective.key_results.get(self.settings.max_key_results)
        {
            self.emit(
                &rules::TOO_MANY_KEY_RESULTS,
                scope,
                extra.spans.table(),
                format!(
                    "the objective `{}` has {} key results; the focus limit is {}",
                    objective.id,
                    objective.key_results.len(),
                    self.settings.max_key_results
                ),
                "keep the key results that best evidence the objective (or raise `max_key_results` in okr.toml)".to_owned(),
            );
        }
    }

    fn key_result_rules(&mut self, objective: &'a Objective, kr: &'a KeyResult, teams: &[&str]) {
        let scope = Scope::key_result(objective, kr);
        let lexicon = &*LEXICON;
        let title_span = kr.spans.field_or_table("title");
        let text = Text::new(&kr.title);
        let milestone = kr.kind == KrKind::Milestone;
        let fields = Fields {
            has_target: kr.target.is_some() || milestone,
            metric: kr.metric.as_deref(),
            unit: kr.unit.as_deref(),
        };
        let (class, confidence, verdict) = judge_wording(&kr.title, fields);
        let judged = |this: &mut Self, rule: &Rule, message: String, help: &str| {
            this.emit_with(
                rule,
                scope,
                title_span,
                message,
                help.to_owned(),
                confidence,
            );
        };
        match class {
            Class::Task => judged(
                self,
                &rules::KR_IS_TASK,
                format!("`{}` is a task, not evidence of a change", kr.title),
                "say what will be different when the work is done, with a number: not \"Ship new retry logic\" but \"Reduce failed checkout attempts from 4% to 2.8%\"",
            ),
            Class::Output => judged(
                self,
                &rules::KR_IS_OUTPUT,
                format!("`{}` counts the team's own output, not a result", kr.title),
                "measure what the work changes for users, the business or the system: not \"Publish 12 blog posts\" but \"Grow monthly readers of the docs from 8k to 20k\"",
            ),
            Class::Vague if verdict.why == NAMED_MEASURE => judged(
                self,
                &rules::KR_IS_VAGUE,
                format!("`{}` names a measure but nothing to reach", kr.title),
                "say where it should go and from where: not \"Time to first answer\" but \"Cut time to first answer from 4 hours to 1\"",
            ),
            Class::Vague => judged(
                self,
                &rules::KR_IS_VAGUE,
                format!("`{}` has no measure", kr.title),
                "name the measure and where it should go: not \"Improve development efficiency\" but \"Cut build time from 10 minutes to under 2\"",
            ),
            Class::Outcome => {}
        }
        let reported_by_class = matches!(class, Class::Task | Class::Vague);

        let has_title_target = text.has_number();
        if !milestone && kr.target.is_none() && !has_title_target && !reported_by_class {
            self.emit(
                &rules::KR_NO_TARGET,
                scope,
                title_span,
                format!("`{}` has no numeric target", kr.title),
                "add `target = …` (and `baseline`), or write the number into the title: \"… from 40 to 15 minutes\"".to_owned(),
            );
        }
        let has_target = kr.target.is_some() || text.has_digits();
        if !milestone && has_target && kr.baseline.is_none() && !text.states_baseline() {
            let span = kr.spans.field("target").unwrap_or(title_span);
            self.emit(
                &rules::KR_NO_BASELINE,
                scope,
                span,
                format!("`{}` has a target but no starting value", kr.title),
                "add `baseline = …`, the value when the period starts, so progress can be measured: \"from 40 to 15 minutes\"".to_owned(),
            );
        }
        self.direction(scope, kr, &text);

        if let Some(owner) = &kr.owner
            && let Some(why) = person_owner(owner, teams)
        {
            self.emit(
                &rules::OWNER_IS_PERSON,
                scope,
                kr.spans.field_or_table("owner"),
                format!("`{owner}` looks like a person ({why}), not a team"),
                "OKRs are not personal scorecards: make a team the owner, such as the set's own team".to_owned(),
            );
        }

        let metric = kr.metric.as_deref().map(Text::new);
        let individual = text
            .find_any(&lexicon.individual_measures)
            .map(|(_, phrase)| (phrase, title_span))
            .or_else(|| {
                metric.as_ref().and_then(|m| {
                    m.find_any(&lexicon.individual_measures)
                        .map(|(_, phrase)| (phrase, kr.spans.field_or_table("metric")))
                })
            });
        if let Some((phrase, span)) = individual {
            self.emit(
                &rules::INDIVIDUAL_METRIC,
                scope,
                span,
                format!("`{}` measures a per-person figure (\"{phrase}\")", kr.title),
                "measure the team's result instead; per-person figures teach people to game them and to hide uncertainty".to_owned(),
            );
        }

        if kr.caveat.is_none() {
            let metric_span = kr.spans.field_or_table("metric");
            let weak_word = text
                .find_any(&lexicon.weakness_words)
                .map(|(_, w)| (w, title_span))
                .or_else(|| {
                    metric.as_ref().and_then(|m| {
                        m.find_any(&lexicon.weakness_words)
                            .or_else(|| m.find_any(&lexicon.metric_weakness_words))
                            .map(|(_, w)| (w, metric_span))
                    })
                });
            // A low confidence is not a weakness of the measure: it is the
            // honest information a check-in should give.
            let why =
                weak_word.map(|(word, span)| (format!("its measure is called \"{word}\""), span));
            if let Some((why, span)) = why {
                self.emit(
                    &rules::UNNAMED_WEAKNESS,
                    scope,
                    span,
                    format!("`{}` has a weak spot ({why}) but no `caveat`", kr.title),
                    "name the weakness in `caveat = \"…\"`: a noisy metric or a partial baseline is fine when the team says so".to_owned(),
                );
            }
        }
    }

    /// `kr-target-direction`: "reduce" with a target above the baseline, or
    /// the reverse; also a "from X to Y" in the title that the fields
    /// contradict.
    fn direction(&mut self, scope: Scope<'_>, kr: &KeyResult, text: &Text) {
        let lexicon = &*LEXICON;
        let decrease = text.find_any(&lexicon.decrease_words);
        let increase = text.find_any(&lexicon.increase_words);
        let wording = match (decrease, increase) {
            (Some((d, dw)), Some((i, _))) if d < i => Some((-1.0, dw)),
            (Some(_), Some((_, iw))) => Some((1.0, iw)),
            (Some((_, dw)), None) => Some((-1.0, dw)),
            (None, Some((_, iw))) => Some((1.0, iw)),
            (None, None) => None,
        };
        let fields = kr.baseline.zip(kr.target);
        let title = text.from_to();
        let span = kr
            .spans
            .field("target")
            .unwrap_or_else(|| kr.spans.field_or_table("title"));
        let contradiction = match (wording, fields, title) {
            (Some((sign, word)), Some((b, t)), _) if (t - b) * sign < 0.0 => Some(format!(
                "the title says \"{word}\" but the target ({t}) is {} the baseline ({b})",
                if t > b { "above" } else { "below" }
            )),
            (_, Some((b, t)), Some((from, to))) if (t - b) * (to - from) < 0.0 => Some(format!(
                "the title says from {from} to {to} but the fields go from {b} to {t}"
            )),
            (Some((sign, word)), None, Some((from, to))) if (to - from) * sign < 0.0 => Some(
                format!("the title says \"{word}\" but goes from {from} to {to}"),
            ),
            _ => None,
        };
        if let Some(message) = contradiction {
            self.emit(
                &rules::KR_TARGET_DIRECTION,
                scope,
                span,
                format!("`{}`: {message}", kr.title),
                "make the wording, the baseline and the target agree on the direction the metric must move".to_owned(),
            );
            return;
        }
        if let Some((from, to)) = title {
            self.title_numbers(scope, kr, from, to);
        }
    }

    /// `kr-title-numbers`: the title's "from X to Y" is not the key
    /// result's `baseline` and `target` (a carried-over title still says
    /// last period's start). Numbers that differ by one factor on both
    /// sides are the same values in another unit (seconds and ms), and pass.
    fn title_numbers(&mut self, scope: Scope<'_>, kr: &KeyResult, from: f64, to: f64) {
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        let pairs = [("baseline", from, kr.baseline), ("target", to, kr.target)];
        let scaled = match (kr.baseline, kr.target) {
            (Some(b), Some(t)) if b != 0.0 && t != 0.0 && from != 0.0 && to != 0.0 => {
                same(from / b, to / t) && !same(from / b, 1.0)
            }
            _ => false,
        };
        if scaled {
            return;
        }
        for (field, said, value) in pairs {
            let Some(value) = value else { continue };
            if same(said, value) {
                continue;
            }
            let word = if field == "baseline" { "from" } else { "to" };
            self.emit(
                &rules::KR_TITLE_NUMBERS,
                scope,
                kr.spans.field_or_table(field),
                format!(
                    "`{}` says {word} {said}, but its `{field}` is {value}",
                    kr.title
                ),
                format!(
                    "make the title and the fields agree: a key result carried over from last period starts from its last value, so its title's \"{word}\" changes too"
                ),
            );
        }
    }

    /// `unbalanced-set`: the mix of seed 002, one customer-facing, one
    /// quality or reliability, and one capability-building objective.
    fn balance(&mut self) {
        let set = self.set;
        if set.objectives.is_empty() {
            return;
        }
        let balance = &LEXICON.balance;
        let mut found = [false; 3];
        for objective in &set.objectives {
            let lists = [
                (&balance.customer_themes, &balance.customer_words),
                (&balance.quality_themes, &balance.quality_words),
                (&balance.capability_themes, &balance.capability_words),
            ];
            for (slot, (themes, words)) in lists.into_iter().enumerate() {
                // The theme names the kind of work; the title may add a
                // second side ("checkout customers never think about").
                let by_theme = objective
                    .theme
                    .is_some_and(|theme| themes.iter().any(|t| t == theme_word(theme)));
                let hit = by_theme || Text::new(&objective.title).contains_any(words);
                found[slot] |= hit;
            }
        }
        let names = [
            "customer- or business-facing objective",
            "quality or reliability objective",
            "capability-building objective",
        ];
        let missing: Vec<&str> = names
            .iter()
            .zip(found)
            .filter_map(|(name, hit)| (!hit).then_some(*name))
            .collect();
        if !missing.is_empty() {
            self.emit(
                &rules::UNBALANCED_SET,
                Scope::SET,
                set.spans.field_or_table("team"),
                format!("the set has no {}", missing.join(", no ")),
                "a healthy set mixes customer value, reliability and capability (set each objective's `theme`); if the focus is deliberate, accept it with `allow`".to_owned(),
            );
        }
    }

    /// `aggregate-of-children`: most of this set's key results copy those
    /// of the sets whose parent it is.
    fn aggregate_of_children(&mut self, sets: &[(&SourceFile, &OkrSet)]) {
        let set = self.set;
        let children: Vec<&OkrSet> = sets
            .iter()
            .map(|(_, s)| *s)
            .filter(|s| {
                s.parent.as_deref() == Some(set.team.as_str()) && s.period.label == set.period.label
            })
            .collect();
        if children.is_empty() {
            return;
        }
        let own: Vec<&KeyResult> = set.key_results().map(|(_, kr)| kr).collect();
        let copies = own
            .iter()
            .filter(|kr| {
                children
                    .iter()
                    .flat_map(|child| child.key_results())
                    .any(|(_, child)| similar(&kr.title, &child.title))
            })
            .count();
        if own.len() >= 2 && copies * 2 > own.len() {
            self.emit(
                &rules::AGGREGATE_OF_CHILDREN,
                Scope::SET,
                set.spans.field_or_table("team"),
                format!(
                    "{copies} of the set's {} key results copy key results of its teams' sets",
                    own.len()
                ),
                "a department's OKRs are not the sum of its teams': say what the department as a whole must change, and let teams choose how".to_owned(),
            );
        }
    }

    /// `unknown-rule`: an `allow` that names no rule.
    fn unknown_rules(&mut self) {
        let set = self.set;
        let allows = set.allow.iter().chain(set.objectives.iter().flat_map(|o| {
            o.allow
                .iter()
                .chain(o.key_results.iter().flat_map(|kr| kr.allow.iter()))
        }));
        let ids = rules::ids();
        let unknown: Vec<&Allow> = allows
            .filter(|a| rules::get(&a.rule).is_none() || a.rule == rules::CHANGED_AFTER_FINAL.id)
            .collect();
        for allow in unknown {
            let (message, help) = if allow.rule == rules::CHANGED_AFTER_FINAL.id {
                (
                    format!("`allow` cannot accept `{}`", allow.rule),
                    "a final set's definition changes through `git okr reopen`, which puts the change on the record; remove this `allow`".to_owned(),
                )
            } else {
                let help = match ids
                    .iter()
                    .min_by_key(|id| strsim::damerau_levenshtein(id, &allow.rule))
                    .filter(|id| strsim::damerau_levenshtein(id, &allow.rule) <= 3)
                {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => "`git okr lint --help` and docs/lint.md list the rules".to_owned(),
                };
                (
                    format!("`allow` names `{}`, which is not a lint rule", allow.rule),
                    help,
                )
            };
            self.report.diagnostics.push(
                Diagnostic::new(
                    self.source,
                    rules::UNKNOWN_RULE.id,
                    rules::UNKNOWN_RULE.severity,
                    allow.span,
                    message,
                )
                .with_help(help)
                .with_subject(Some(set.team.clone())),
            );
        }
    }
}

fn theme_word(theme: Theme) -> &'static str {
    theme.as_str()
}

/// Whether two key-result titles say nearly the same thing: at least 80%
/// alike, letter by letter, ignoring case, spaces and punctuation.
fn similar(a: &str, b: &str) -> bool {
    let normal = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || *c == '%')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (normal(a), normal(b));
    !a.is_empty() && !b.is_empty() && strsim::normalized_levenshtein(&a, &b) >= 0.8
}

/// Why `owner` looks like a person, if it does.
fn person_owner(owner: &str, teams: &[&str]) -> Option<&'static str> {
    let lexicon = &*LEXICON;
    if owner.contains('@') {
        return Some("an email address or a handle");
    }
    if teams.contains(&owner) {
        return None;
    }
    let text = Text::new(owner);
    if text.contains_any(&lexicon.person_roles) {
        return Some("a role held by one person");
    }
    if text.contains_any(&lexicon.team_words) {
        return None;
    }
    let names: Vec<&str> = owner.split_whitespace().collect();
    let looks_like_name = (2..=3).contains(&names.len())
        && names.iter().all(|n| {
            let mut chars = n.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '-' || c == '\'')
        });
    if looks_like_name {
        return Some("a first and last name");
    }
    None
}

/// What a key result's wording is reported as, how sure that is, and the
/// rules' reading of it (which words the message).
///
/// The scorer decides when to speak: a task, an output or a wish is
/// reported only when the scorer is surer of it than its threshold, and a
/// key result with a `target` (or a milestone) is measured, so it is
/// never reported as a task or a wish. One case needs no scorer: a
/// `metric` or `unit` that counts the team's artifacts (`unit = "posts"`)
/// is an output by what the file says, not by how the title reads.
pub(crate) fn judge_wording(title: &str, fields: Fields<'_>) -> (Class, Option<f64>, Verdict) {
    let verdict = explain(title, fields);
    let judged = MODEL.judge(title);
    let measured = fields.has_target;
    if judged.speaks && !(measured && matches!(judged.class, Class::Task | Class::Vague)) {
        return (judged.class, Some(judged.confidence), verdict);
    }
    let said_by_fields = verdict.class == Class::Output
        && (fields.metric.is_some() || fields.unit.is_some())
        && explain(
            title,
            Fields {
                has_target: fields.has_target,
                metric: None,
                unit: None,
            },
        )
        .class
            != Class::Output;
    if said_by_fields {
        return (Class::Output, None, verdict);
    }
    (Class::Outcome, None, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners() {
        let teams = ["platform"];
        assert_eq!(person_owner("platform", &teams), None);
        assert_eq!(person_owner("payments-team", &teams), None);
        assert_eq!(person_owner("Platform team", &teams), None);
        assert!(person_owner("Maria Lopez", &teams).is_some());
        assert!(person_owner("maria@example.com", &teams).is_some());
        assert!(person_owner("@maria", &teams).is_some());
        assert!(person_owner("CTO", &teams).is_some());
        assert!(person_owner("Head of Platform", &teams).is_some());
        assert!(person_owner("Team lead", &teams).is_some());
        assert_eq!(person_owner("Leadership team", &teams), None);
        // A capitalised team name is not taken for a first name.
        assert_eq!(person_owner("Payments", &teams), None);
    }

    #[test]
    fn similarity() {
        assert!(similar(
            "Cut p99 latency from 900 ms to 400 ms",
            "Cut p99 latency from 900ms to 400ms"
        ));
        assert!(!similar(
            "Cut p99 latency from 900 ms to 400 ms",
            "Grow weekly active users to 50k"
        ));
    }
}
