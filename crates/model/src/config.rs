//! `okr.toml`, the repository's git-okr settings: where the OKR files live.

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::source::{SourceFile, Span};
use crate::suggest;

/// The name of the settings file at the repository's top.
pub const FILE_NAME: &str = "okr.toml";

/// The folder OKR files live in when `okr.toml` does not say.
pub const DEFAULT_ROOT: &str = "okrs";

/// Keys of `okr.toml`.
pub const KEYS: &[&str] = &["root"];

/// The settings of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The OKR root, relative to the repository's top.
    pub root: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            root: DEFAULT_ROOT.to_owned(),
        }
    }
}

impl Config {
    /// Parses `okr.toml`. On any problem, returns the diagnostics instead.
    pub fn parse(path: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let source = SourceFile::new(path, text);
        let error = |span: Span, code, message: String, help: String| {
            Diagnostic::new(&source, code, Severity::Error, span, message).with_help(help)
        };
        let (table, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return Err(errors
                .into_iter()
                .map(|e| {
                    error(
                        e.span().map(Span::from).unwrap_or_default(),
                        codes::SYNTAX,
                        format!("invalid TOML: {}", e.message().trim_end()),
                        "fix the TOML syntax of okr.toml".to_owned(),
                    )
                })
                .collect());
        }
        let mut config = Config::default();
        let mut diagnostics = Vec::new();
        for (key, value) in table.get_ref().iter() {
            match (&**key.get_ref(), value.get_ref()) {
                ("root", DeValue::String(root)) => {
                    let bad = root.trim().is_empty()
                        || root.starts_with('/')
                        || root.split(['/', '\\']).any(|part| part == "..");
                    if bad {
                        diagnostics.push(error(
                            value.span().into(),
                            codes::OUT_OF_RANGE,
                            format!("`root = \"{root}\"` is not a folder inside the repository"),
                            "give a relative path inside the repository, such as \"okrs\""
                                .to_owned(),
                        ));
                    } else {
                        config.root = root.trim_end_matches('/').to_string();
                    }
                }
                ("root", _) => diagnostics.push(error(
                    value.span().into(),
                    codes::WRONG_TYPE,
                    "`root` must be a string".to_owned(),
                    "write it as `root = \"okrs\"`".to_owned(),
                )),
                (name, _) => {
                    let help = match suggest::closest(name, KEYS) {
                        Some(hint) => format!("did you mean `{hint}`?"),
                        None => format!("the keys of okr.toml are {}", suggest::all_of(KEYS)),
                    };
                    diagnostics.push(error(
                        key.span().into(),
                        codes::UNKNOWN_KEY,
                        format!("unknown key `{name}` in okr.toml"),
                        help,
                    ));
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(config)
        } else {
            Err(diagnostics)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_read() {
        assert_eq!(
            Config::parse("okr.toml", "").map(|c| c.root),
            Ok("okrs".into())
        );
        assert_eq!(
            Config::parse("okr.toml", "root = \"goals/\"").map(|c| c.root),
            Ok("goals".into())
        );
    }

    #[test]
    fn problems_are_diagnostics() {
        let codes_of = |text| match Config::parse("okr.toml", text) {
            Ok(_) => vec![],
            Err(d) => d.iter().map(|d| d.code).collect(),
        };
        assert_eq!(codes_of("rot = \"x\""), ["unknown-key"]);
        assert_eq!(codes_of("root = 1"), ["wrong-type"]);
        assert_eq!(codes_of("root = \"../x\""), ["out-of-range"]);
        assert_eq!(codes_of("root = "), ["syntax"]);
    }
}
