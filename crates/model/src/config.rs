//! `okr.toml`, the repository's git-okr settings: where the OKR files live
//! and how the lint rules are set.
//!
//! ```toml
//! root = "okrs"
//!
//! [lint]
//! max_objectives = 5
//! max_key_results = 5
//!
//! [lint.rules]
//! kr-is-output = "error"
//! owner-is-person = "off"
//!
//! [checkin]
//! cadence_days = 14
//! ```

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::source::{SourceFile, Span};
use crate::suggest;

/// The name of the settings file at the repository's top.
pub const FILE_NAME: &str = "okr.toml";

/// The folder OKR files live in when `okr.toml` does not say.
pub const DEFAULT_ROOT: &str = "okrs";

/// Keys of `okr.toml`.
pub const KEYS: &[&str] = &["root", "lint", "checkin"];

/// Keys of `[checkin]`.
pub const CHECKIN_KEYS: &[&str] = &["cadence_days"];

/// How many days may pass between check-ins of a key result before it is
/// stale, when `okr.toml` does not say.
pub const DEFAULT_CADENCE_DAYS: usize = 14;

/// Keys of `[lint]`.
pub const LINT_KEYS: &[&str] = &["max_objectives", "max_key_results", "rules"];

/// The levels a lint rule can be set to.
pub const LEVELS: &[&str] = &["error", "warning", "hint", "off"];

/// The settings of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The OKR root, relative to the repository's top.
    pub root: String,
    /// How the lint rules are set.
    pub lint: LintSettings,
    /// Days between check-ins before a key result is stale.
    pub cadence_days: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            root: DEFAULT_ROOT.to_owned(),
            lint: LintSettings::default(),
            cadence_days: DEFAULT_CADENCE_DAYS,
        }
    }
}

/// `[lint]`: rule levels and the focus limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintSettings {
    /// The most objectives a set should have, when set.
    pub max_objectives: Option<usize>,
    /// The most key results an objective should have, when set.
    pub max_key_results: Option<usize>,
    /// Rule id and the level it is set to (`None`: off).
    pub rules: Vec<(String, Option<Severity>)>,
}

impl LintSettings {
    /// The level set for `rule`: `Some(None)` when turned off, `None` when
    /// not set.
    pub fn level(&self, rule: &str) -> Option<Option<Severity>> {
        self.rules
            .iter()
            .find(|(r, _)| r == rule)
            .map(|(_, level)| *level)
    }
}

impl Config {
    /// Parses `okr.toml`; `known_rules` are the lint rules that `[lint.rules]`
    /// may name. On any problem, returns the diagnostics instead.
    pub fn parse(path: &str, text: &str, known_rules: &[&str]) -> Result<Config, Vec<Diagnostic>> {
        let source = SourceFile::new(path, text);
        let (table, errors) = DeTable::parse_recoverable(text);
        let mut reader = ConfigReader {
            source: &source,
            diagnostics: Vec::new(),
        };
        if !errors.is_empty() {
            for e in errors {
                reader.error(
                    e.span().map(Span::from).unwrap_or_default(),
                    codes::SYNTAX,
                    format!("invalid TOML: {}", e.message().trim_end()),
                    "fix the TOML syntax of okr.toml".to_owned(),
                );
            }
            return Err(reader.diagnostics);
        }
        let mut config = Config::default();
        for (key, value) in table.get_ref().iter() {
            match &**key.get_ref() {
                "root" => {
                    if let Some(root) = reader.root(value) {
                        config.root = root;
                    }
                }
                "lint" => {
                    if let Some(lint) = reader.lint(value, known_rules) {
                        config.lint = lint;
                    }
                }
                "checkin" => {
                    if let Some(days) = reader.checkin(value) {
                        config.cadence_days = days;
                    }
                }
                name => reader.unknown_key(key, name, KEYS, "okr.toml"),
            }
        }
        if reader.diagnostics.is_empty() {
            Ok(config)
        } else {
            Diagnostic::sort(&mut reader.diagnostics);
            Err(reader.diagnostics)
        }
    }
}

struct ConfigReader<'s> {
    source: &'s SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl ConfigReader<'_> {
    fn error(&mut self, span: Span, code: &'static str, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::new(self.source, code, Severity::Error, span, message).with_help(help),
        );
    }

    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        name: &str,
        keys: &[&str],
        place: &str,
    ) {
        let help = match suggest::closest(name, keys) {
            Some(hint) => format!("did you mean `{hint}`?"),
            None => format!("the keys of {place} are {}", suggest::all_of(keys)),
        };
        self.error(
            key.span().into(),
            codes::UNKNOWN_KEY,
            format!("unknown key `{name}` in {place}"),
            help,
        );
    }

    fn root(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        let DeValue::String(root) = value.get_ref() else {
            self.error(
                value.span().into(),
                codes::WRONG_TYPE,
                "`root` must be a string".to_owned(),
                "write it as `root = \"okrs\"`".to_owned(),
            );
            return None;
        };
        let bad = root.trim().is_empty()
            || root.starts_with('/')
            || root.split(['/', '\\']).any(|part| part == "..");
        if bad {
            self.error(
                value.span().into(),
                codes::OUT_OF_RANGE,
                format!("`root = \"{root}\"` is not a folder inside the repository"),
                "give a relative path inside the repository, such as \"okrs\"".to_owned(),
            );
            return None;
        }
        Some(root.trim_end_matches('/').to_string())
    }

    fn lint(&mut self, value: &Spanned<DeValue<'_>>, known_rules: &[&str]) -> Option<LintSettings> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span().into(),
                codes::WRONG_TYPE,
                "`lint` must be a table".to_owned(),
                "write it as a section: `[lint]`".to_owned(),
            );
            return None;
        };
        let mut lint = LintSettings::default();
        for (key, value) in table.iter() {
            match &**key.get_ref() {
                "max_objectives" => lint.max_objectives = self.limit(value, "max_objectives"),
                "max_key_results" => lint.max_key_results = self.limit(value, "max_key_results"),
                "rules" => {
                    let DeValue::Table(rules) = value.get_ref() else {
                        self.error(
                            value.span().into(),
                            codes::WRONG_TYPE,
                            "`lint.rules` must be a table".to_owned(),
                            "write it as a section: `[lint.rules]`, then `rule-id = \"warning\"` lines".to_owned(),
                        );
                        continue;
                    };
                    for (rule, level) in rules.iter() {
                        let name: &str = rule.get_ref();
                        if !known_rules.contains(&name) {
                            let help = match suggest::closest(name, known_rules) {
                                Some(hint) => format!("did you mean `{hint}`?"),
                                None => "docs/lint.md lists the rules".to_owned(),
                            };
                            self.error(
                                rule.span().into(),
                                codes::UNKNOWN_KEY,
                                format!("`{name}` is not a lint rule"),
                                help,
                            );
                            continue;
                        }
                        let word = match level.get_ref() {
                            DeValue::String(word) => word.to_string(),
                            _ => String::new(),
                        };
                        let severity = match word.as_str() {
                            "error" => Some(Some(Severity::Error)),
                            "warning" => Some(Some(Severity::Warning)),
                            "hint" => Some(Some(Severity::Hint)),
                            "off" => Some(None),
                            _ => None,
                        };
                        match severity {
                            Some(severity) => lint.rules.push((name.to_owned(), severity)),
                            None => self.error(
                                level.span().into(),
                                codes::UNKNOWN_VALUE,
                                format!("`{name}` cannot be set to {}", shown(level.get_ref())),
                                format!("a rule's level is one of {}", suggest::one_of(LEVELS)),
                            ),
                        }
                    }
                }
                name => self.unknown_key(key, name, LINT_KEYS, "`[lint]`"),
            }
        }
        Some(lint)
    }

    fn checkin(&mut self, value: &Spanned<DeValue<'_>>) -> Option<usize> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                value.span().into(),
                codes::WRONG_TYPE,
                "`checkin` must be a table".to_owned(),
                "write it as a section: `[checkin]`".to_owned(),
            );
            return None;
        };
        let mut days = None;
        for (key, value) in table.iter() {
            match &**key.get_ref() {
                "cadence_days" => days = self.limit(value, "cadence_days"),
                name => self.unknown_key(key, name, CHECKIN_KEYS, "[checkin]"),
            }
        }
        days
    }

    fn limit(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<usize> {
        if let DeValue::Integer(i) = value.get_ref()
            && let Ok(n) = usize::from_str_radix(i.as_str(), i.radix())
            && n > 0
        {
            return Some(n);
        }
        self.error(
            value.span().into(),
            codes::OUT_OF_RANGE,
            format!("`{key}` must be a whole number above 0"),
            format!("write it as `{key} = 5`"),
        );
        None
    }
}

fn shown(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("`{s}`"),
        _ => "a value that is not a string".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["kr-is-output", "kr-is-task"];

    fn parse(text: &str) -> Result<Config, Vec<&'static str>> {
        Config::parse("okr.toml", text, RULES).map_err(|d| d.iter().map(|d| d.code).collect())
    }

    #[test]
    fn root_is_read() {
        assert_eq!(parse("").map(|c| c.root), Ok("okrs".into()));
        assert_eq!(
            parse("root = \"goals/\"").map(|c| c.root),
            Ok("goals".into())
        );
    }

    #[test]
    fn the_check_in_cadence_is_read() {
        assert_eq!(parse("").map(|c| c.cadence_days), Ok(DEFAULT_CADENCE_DAYS));
        assert_eq!(
            parse("[checkin]\ncadence_days = 7").map(|c| c.cadence_days),
            Ok(7)
        );
        assert!(parse("[checkin]\ncadence_days = 0").is_err());
        assert!(parse("[checkin]\ncadence = 7").is_err());
        assert!(parse("checkin = 7").is_err());
    }

    #[test]
    fn lint_settings_are_read() {
        let config = parse(
            "[lint]\nmax_objectives = 3\n[lint.rules]\nkr-is-output = \"error\"\nkr-is-task = \"off\"\n",
        )
        .map(|c| c.lint);
        let lint = config.expect("valid settings");
        assert_eq!(lint.max_objectives, Some(3));
        assert_eq!(lint.max_key_results, None);
        assert_eq!(lint.level("kr-is-output"), Some(Some(Severity::Error)));
        assert_eq!(lint.level("kr-is-task"), Some(None));
        assert_eq!(lint.level("kr-is-vague"), None);
    }

    #[test]
    fn problems_are_diagnostics() {
        assert_eq!(parse("rot = \"x\""), Err(vec!["unknown-key"]));
        assert_eq!(parse("root = 1"), Err(vec!["wrong-type"]));
        assert_eq!(parse("root = \"../x\""), Err(vec!["out-of-range"]));
        assert_eq!(parse("root = "), Err(vec!["syntax"]));
        assert_eq!(
            parse("[lint]\nmax_objectives = 0"),
            Err(vec!["out-of-range"])
        );
        assert_eq!(
            parse("[lint.rules]\nkr-is-outptu = \"off\""),
            Err(vec!["unknown-key"])
        );
        assert_eq!(
            parse("[lint.rules]\nkr-is-output = \"loud\""),
            Err(vec!["unknown-value"])
        );
        assert_eq!(parse("[lint]\nmax_objective = 3"), Err(vec!["unknown-key"]));
    }
}
