//! ANSI styles for terminal output, applied only when the caller asks.

pub(crate) const RESET: &str = "\x1b[0m";
pub(crate) const BOLD: &str = "\x1b[1m";
pub(crate) const DIM: &str = "\x1b[2m";
pub(crate) const RED: &str = "\x1b[31m";
pub(crate) const GREEN: &str = "\x1b[32m";
pub(crate) const YELLOW: &str = "\x1b[33m";
pub(crate) const CYAN: &str = "\x1b[36m";

/// Paints `text` with an ANSI style when `styled`.
pub(crate) fn paint(text: &str, style: &str, styled: bool) -> String {
    if styled {
        format!("{style}{text}{RESET}")
    } else {
        text.to_owned()
    }
}
