//! Text for a terminal: what a user wrote (titles, notes, names, commit
//! messages) may hold control characters, and a terminal obeys them: move
//! the cursor, clear the screen, set the window title, make a link
//! (`ESC ] 8`), overwrite a line (`CR`), ring (`BEL`). [`safe`] is applied
//! to all text output before it is written, so none of that reaches a
//! terminal raw.

use std::borrow::Cow;

use crate::style::{BOLD, CYAN, DIM, GREEN, RED, RESET, YELLOW};

/// The escape sequences git-okr writes itself when it paints.
const OWN: [&str; 7] = [RESET, BOLD, DIM, RED, GREEN, YELLOW, CYAN];

/// `text` with every control character but newline and tab shown in caret
/// notation (`ESC` as `^[`, `BEL` as `^G`, `CR` as `^M`, `DEL` as `^?`) and
/// every C1 control (U+0080–U+009F, `CSI` among them) as U+FFFD. When
/// `styled`, the seven colour sequences git-okr paints with are kept
/// (a title that holds one of them can at worst change a colour); when
/// not, no escape is kept at all.
pub fn safe(text: &str, styled: bool) -> Cow<'_, str> {
    let clean = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if text.chars().all(clean) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if styled
            && c == '\x1b'
            && let Some(own) = OWN.iter().find(|own| rest.starts_with(**own))
        {
            out.push_str(own);
            rest = &rest[own.len()..];
            continue;
        }
        match c {
            c if clean(c) => out.push(c),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            _ => out.push('\u{fffd}'),
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            safe("Cut CI time\n\tto 6 minutes ✓", false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        let link = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07";
        assert_eq!(
            safe(link, false),
            "^[]8;;https://evil.example^Gclick^[]8;;^G"
        );
        assert_eq!(safe("a\rb\x08c\x7fd", false), "a^Mb^Hc^?d");
        assert_eq!(safe("x\u{9b}2Jy", true), "x\u{fffd}2Jy");
        // The screen is not cleared even when painting.
        assert_eq!(safe("\x1b[2J", true), "^[[2J");
    }

    #[test]
    fn own_colours_pass_only_when_painting() {
        let painted = format!("{RED}off-track{RESET} {BOLD}platform{RESET}");
        assert_eq!(safe(&painted, true), painted);
        assert_eq!(
            safe(&painted, false),
            "^[[31moff-track^[[0m ^[[1mplatform^[[0m"
        );
    }
}
