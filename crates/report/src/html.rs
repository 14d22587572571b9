//! The static HTML report (work in progress: a helper is writing it).

use crate::overview::Overview;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Its path in the site's folder, with `/` between parts.
    pub path: String,
    /// What it holds.
    pub content: Vec<u8>,
}

/// The site's files.
pub fn site(overview: &Overview) -> Vec<Page> {
    let _ = overview;
    Vec::new()
}
