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
