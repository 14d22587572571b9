//! Source text, byte spans and their line/column positions.

use serde::Serialize;

/// A byte range in a source text, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// A position in a source text: 1-based line and 1-based column counted in
/// characters, as editors and rustc show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters (not bytes).
    pub column: usize,
}

/// A file's path (as the user should see it) and its text, with an index of
/// line starts to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps `text`, read from `path`.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The path, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of byte `offset` (clamped to the text and moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self.text[start..offset].chars().count() + 1;
        Position { line, column }
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = SourceFile::new("f.toml", "a = 1\nbé = \"x\"\r\nc");
        assert_eq!(src.position(0), Position { line: 1, column: 1 });
        assert_eq!(src.position(4), Position { line: 1, column: 5 });
        assert_eq!(src.position(6), Position { line: 2, column: 1 });
        // `=` after a two-byte character is the fourth character.
        assert_eq!(src.position(10), Position { line: 2, column: 4 });
        assert_eq!(
            src.position(src.text().len()),
            Position { line: 3, column: 2 }
        );
        assert_eq!(src.position(usize::MAX), Position { line: 3, column: 2 });
    }

    #[test]
    fn offsets_inside_a_character_move_back() {
        let src = SourceFile::new("f.toml", "é");
        assert_eq!(src.position(1), Position { line: 1, column: 1 });
    }

    #[test]
    fn line_spans_exclude_line_breaks() {
        let src = SourceFile::new("f.toml", "ab\r\ncd\n\nef");
        assert_eq!(&src.text()[range(src.line_span(1))], "ab");
        assert_eq!(&src.text()[range(src.line_span(2))], "cd");
        assert_eq!(&src.text()[range(src.line_span(3))], "");
        assert_eq!(&src.text()[range(src.line_span(4))], "ef");
        assert_eq!(src.line_span(9), Span::new(10, 10));
    }

    fn range(span: Span) -> std::ops::Range<usize> {
        span.start..span.end
    }
}
