//! Diagnostics as rustc-style text with the source line and a caret under
//! the span, or as JSON.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use okr_model::{Diagnostic, Severity, SourceFile, Span, Tally};

/// Renders one diagnostic of `source` as text: a header with the code, the
/// `file:line:col`, the source line(s) with a caret under the span, and the
/// help. With `styled`, ANSI colours are included.
pub fn human(diagnostic: &Diagnostic, source: Option<&SourceFile>, styled: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Hint => Level::NOTE,
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let help = diagnostic.help.as_deref().map(|h| Level::HELP.message(h));
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code);
    let group = match source.filter(|s| s.path() == diagnostic.file) {
        Some(source) => {
            // Hand the renderer only the lines the span covers, so a large
            // file costs nothing per diagnostic.
            let first = source.line_span(diagnostic.line);
            let last = source.line_span(diagnostic.end_line.max(diagnostic.line));
            let excerpt = &source.text()[first.start..last.end.max(first.start)];
            let span = clamp(diagnostic.span, first.start, excerpt.len());
            title.element(
                Snippet::source(excerpt)
                    .line_start(diagnostic.line)
                    .path(diagnostic.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.start..span.end)),
            )
        }
        None => title.element(
            Snippet::<annotate_snippets::Annotation<'_>>::source("")
                .path(diagnostic.file.as_str())
                .line_start(diagnostic.line),
        ),
    };
    let group = match help {
        Some(help) => group.element(help),
        None => group,
    };
    renderer.render(&[group])
}

/// Renders a finding that an `allow` accepted: a note with the rule, the
/// place and the reason written with the `allow`.
pub fn allowed(
    diagnostic: &Diagnostic,
    reason: &str,
    source: Option<&SourceFile>,
    styled: bool,
) -> String {
    let mut note = diagnostic.clone();
    note.severity = Severity::Hint;
    note.message = format!("allowed: {}", diagnostic.message);
    note.help = Some(format!("accepted because: {reason}"));
    human(&note, source, styled)
}

/// Moves `span` into an excerpt that starts at byte `offset` of the file and
/// is `len` bytes long.
fn clamp(span: Span, offset: usize, len: usize) -> Span {
    let start = span.start.saturating_sub(offset).min(len);
    let end = span.end.saturating_sub(offset).clamp(start, len);
    Span::new(start, end)
}

/// The closing line of a human report: `2 errors, 1 warning in 3 files`.
pub fn summary(tally: Tally, files_checked: usize) -> String {
    let files = plural(files_checked, "file");
    if tally.errors + tally.warnings + tally.hints == 0 {
        return format!("checked {files}: no problems found");
    }
    let mut parts = Vec::new();
    if tally.errors > 0 {
        parts.push(plural(tally.errors, "error"));
    }
    if tally.warnings > 0 {
        parts.push(plural(tally.warnings, "warning"));
    }
    if tally.hints > 0 {
        parts.push(plural(tally.hints, "hint"));
    }
    format!("checked {files}: {}", parts.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What a tool that lists rules needs to know of one (SARIF's
/// `reportingDescriptor`).
#[derive(Debug, Clone)]
pub struct RuleInfo<'a> {
    /// The rule's id: a lint rule or a format diagnostic code.
    pub id: &'a str,
    /// One line on what it looks for.
    pub summary: &'a str,
    /// Its severity unless configured otherwise.
    pub severity: Severity,
    /// Where it is documented, if anywhere.
    pub help_uri: Option<String>,
}

/// One line per diagnostic, as compilers print them and editors read them:
/// `path:line:col: severity: message [code]`. Hints print as `note`.
pub fn gcc(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let severity = level(d.severity);
        out.push_str(&format!(
            "{}:{}:{}: {severity}: {} [{}]\n",
            d.file,
            d.line,
            d.column,
            one_line(&d.message),
            d.code
        ));
    }
    out
}

/// The word compilers and SARIF use for a severity: hints are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

/// GitHub Actions workflow commands, so that a pull request shows each
/// finding on its line: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            github_property(&d.file),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            github_property(&format!("git-okr {}", d.code)),
            github_data(&message),
        ));
    }
    out
}

/// Escapes the message of a workflow command.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// A SARIF 2.1.0 log of one run, with the metadata of `rules` and every
/// diagnostic as a result with its location.
pub fn sarif(diagnostics: &[Diagnostic], rules: &[RuleInfo<'_>], version: &str) -> String {
    use serde_json::{Value, json};
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "defaultConfiguration": { "level": level(rule.severity) },
            });
            if let (Some(uri), Some(map)) = (&rule.help_uri, descriptor.as_object_mut()) {
                map.insert("helpUri".to_owned(), json!(uri));
            }
            descriptor
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.file), "uriBaseId": "%SRCROOT%" },
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                }],
            });
            if let Some(map) = result.as_object_mut() {
                if let Some(index) = rules.iter().position(|r| r.id == d.code) {
                    map.insert("ruleIndex".to_owned(), json!(index));
                }
                let mut properties = serde_json::Map::new();
                if let Some(subject) = &d.subject {
                    properties.insert("subject".to_owned(), json!(subject));
                }
                if let Some(confidence) = d.confidence {
                    properties.insert("confidence".to_owned(), json!(confidence));
                }
                if !properties.is_empty() {
                    map.insert(
                        "properties".to_owned(),
                        serde_json::Value::Object(properties),
                    );
                }
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "git-okr",
                    "version": version,
                    "informationUri": "https://github.com/git-okr/git-okr",
                    "rules": descriptors,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned())
}

/// A relative path as a URI reference: `/` separators, and the characters
/// a URI cannot hold percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Renders diagnostics as a pretty-printed JSON array.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use okr_model::codes;

    fn diagnostic(source: &SourceFile, span: Span) -> Diagnostic {
        Diagnostic::new(
            source,
            codes::UNKNOWN_KEY,
            Severity::Error,
            span,
            "unknown key `tagret`",
        )
        .with_help("did you mean `target`?")
    }

    #[test]
    fn caret_under_the_span() {
        let source = SourceFile::new("okrs/a.toml", "format = 1\ntagret = 3\n");
        let text = human(
            &diagnostic(&source, Span::new(11, 17)),
            Some(&source),
            false,
        );
        insta::assert_snapshot!(text, @r"
        error[unknown-key]: unknown key `tagret`
         --> okrs/a.toml:2:1
          |
        2 | tagret = 3
          | ^^^^^^
          |
          = help: did you mean `target`?
        ");
    }

    #[test]
    fn empty_span_at_end_of_file() {
        let source = SourceFile::new("a.toml", "x = \"");
        let text = human(&diagnostic(&source, Span::new(5, 5)), Some(&source), false);
        assert!(text.contains("a.toml:1:6"), "{text}");
    }

    #[test]
    fn gcc_lines() {
        let source = SourceFile::new("okrs/a.toml", "format = 1\ntagret = 3\n");
        let text = gcc(&[diagnostic(&source, Span::new(11, 17))]);
        assert_eq!(
            text,
            "okrs/a.toml:2:1: error: unknown key `tagret` [unknown-key]\n"
        );
    }

    #[test]
    fn github_commands_escape_what_users_wrote() {
        let source = SourceFile::new("okrs/a,b:c.toml", "format = 1\ntagret = 3\n");
        let mut d = diagnostic(&source, Span::new(11, 17));
        d.message = "50% done\nreally".to_owned();
        let text = github(&[d]);
        assert_eq!(
            text,
            "::error file=okrs/a%2Cb%3Ac.toml,line=2,col=1,endLine=2,endColumn=7,title=git-okr unknown-key::50%25 done%0Areally%0Ahelp: did you mean `target`?\n"
        );
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("okrs/2026-Q4/a b.toml"), "okrs/2026-Q4/a%20b.toml");
        assert_eq!(uri("../x/é.toml"), "../x/%C3%A9.toml");
    }

    #[test]
    fn summaries() {
        assert_eq!(
            summary(Tally::default(), 3),
            "checked 3 files: no problems found"
        );
        let tally = Tally {
            errors: 1,
            warnings: 2,
            hints: 0,
        };
        assert_eq!(summary(tally, 1), "checked 1 file: 1 error, 2 warnings");
    }
}
