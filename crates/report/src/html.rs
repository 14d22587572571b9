//! The static HTML report: a folder of pages that reads offline, from
//! `file://`, with no script, font or stylesheet from elsewhere.
//!
//! - `index.html`: every set with its progress, health and last check-in,
//!   by period;
//! - `alignment.html`: the sets as trees, company → department → team,
//!   each with its objectives' progress and links;
//! - `sets/<period>/<team>.html`: a set's objectives and key results, each
//!   key result with its numbers, its caveat, and an SVG chart of its
//!   values over the period (drawn with plotters) with the values as a
//!   table beside it; the dropped key results last;
//! - `sets/<period>/<team>.history.html`: how the set came to be, each
//!   iteration with what changed and why, the check-ins and the grade;
//! - `style.css`: one stylesheet for screens of any width and for print.
//!
//! Everything a user wrote is escaped, in HTML and in the SVG. The same
//! overview always gives the same bytes: the pages hold no time but the
//! data's. This module never reads or writes a file: it returns the
//! files' contents, and the caller writes them.

mod alignment;
mod chart;
mod history;
mod index;
mod markup;
mod present;
mod set;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::overview::{Overview, SetOverview};
use crate::status::SetStatus;

use markup::{escape, long_date, slug};

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Its path in the site's folder, with `/` between parts.
    pub path: String,
    /// What it holds.
    pub content: Vec<u8>,
}

/// The stylesheet every page links to.
pub use present::page as presentation;

const STYLE: &str = include_str!("html/style.css");

/// The site's files: the index, the alignment, each set's page and
/// history page, and the stylesheet.
pub fn site(overview: &Overview) -> Vec<Page> {
    let site = Site::new(overview);
    let mut pages = vec![
        Page {
            path: "index.html".to_owned(),
            content: index::render(&site).into_bytes(),
        },
        Page {
            path: "alignment.html".to_owned(),
            content: alignment::render(&site).into_bytes(),
        },
    ];
    for (i, status) in overview.status.sets.iter().enumerate() {
        let Some(files) = site.files.get(i) else {
            continue;
        };
        let data = overview.sets.get(i);
        pages.push(Page {
            path: files.page.clone(),
            content: set::render(&site, status, data, files).into_bytes(),
        });
        pages.push(Page {
            path: files.history.clone(),
            content: history::render(&site, status, data, files).into_bytes(),
        });
    }
    pages.push(Page {
        path: "style.css".to_owned(),
        content: STYLE.as_bytes().to_vec(),
    });
    pages
}

/// Where a set's pages are.
#[derive(Debug, Clone)]
pub(crate) struct SetFiles {
    /// `period:team`.
    reference: String,
    /// `sets/2026-q4/platform.html`.
    page: String,
    /// `sets/2026-q4/platform.history.html`.
    history: String,
}

/// What every page needs: the overview and where each set's pages are.
pub(crate) struct Site<'a> {
    overview: &'a Overview,
    /// For each set of the status, in its order.
    files: Vec<SetFiles>,
}

impl<'a> Site<'a> {
    fn new(overview: &'a Overview) -> Site<'a> {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let files = overview
            .status
            .sets
            .iter()
            .map(|set| {
                let folder = slug(&set.period);
                let stem = slug(&set.team);
                // Names are compared as a file system that ignores case
                // would; slugs are lower case already.
                let mut name = format!("sets/{folder}/{stem}");
                let mut n = 1;
                while taken.contains(&name) {
                    n += 1;
                    name = format!("sets/{folder}/{stem}-{n}");
                }
                taken.insert(name.clone());
                SetFiles {
                    reference: format!("{}:{}", set.period, set.team),
                    page: format!("{name}.html"),
                    history: format!("{name}.history.html"),
                }
            })
            .collect();
        Site { overview, files }
    }

    /// The pages of the set `reference` (`period:team`).
    fn set_files(&self, reference: &str) -> Option<&SetFiles> {
        self.files.iter().find(|f| f.reference == reference)
    }

    /// Each set with its extra data and its pages.
    fn sets(&self) -> impl Iterator<Item = (&'a SetStatus, Option<&'a SetOverview>, &SetFiles)> {
        self.overview
            .status
            .sets
            .iter()
            .enumerate()
            .filter_map(|(i, status)| {
                let files = self.files.get(i)?;
                Some((status, self.overview.sets.get(i), files))
            })
    }
}

/// Which top-level page a page belongs under, for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Overview,
    Alignment,
    Set,
}

/// A whole page: the head, the site's header with its navigation, `main`
/// with `body` in it, and the footer. `root` leads from the page back to
/// the site's folder (`""` or `"../../"`).
fn document(site: &Site<'_>, title: &str, root: &str, section: Section, body: &str) -> String {
    let overview = site.overview;
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"git-okr\">\n");
    let _ = writeln!(out, "<title>{} · OKR report</title>", escape(title));
    let _ = writeln!(out, "<link rel=\"stylesheet\" href=\"{root}style.css\">");
    out.push_str("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n");
    out.push_str("<header class=\"site\">\n<div class=\"wrap\">\n");
    let _ = writeln!(
        out,
        "<a class=\"brand\" href=\"{root}index.html\">OKR report</a>"
    );
    out.push_str("<nav aria-label=\"Report\">\n<ul>\n");
    for (this, href, label) in [
        (Section::Overview, "index.html", "Overview"),
        (Section::Alignment, "alignment.html", "Alignment"),
    ] {
        let current = if this == section {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<li><a href=\"{root}{href}\"{current}>{label}</a></li>"
        );
    }
    out.push_str("</ul>\n</nav>\n");
    let _ = writeln!(out, "<p class=\"revision\">{}</p>", revision_line(overview));
    out.push_str("</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    out.push_str(body);
    out.push_str("</main>\n<footer class=\"site\">\n<div class=\"wrap\">\n");
    let _ = writeln!(
        out,
        "<p>Made by git-okr from {}. Health compares a key result's progress with the share of its period gone by, and weighs its confidence; a key result is <em>stale</em> after {} days without a check-in. Progress is (current − baseline) / (target − baseline).</p>",
        match &overview.revision {
            Some(r) => format!("commit <code>{}</code>", escape(&r.commit)),
            None => "the working tree".to_owned(),
        },
        overview.status.cadence_days
    );
    out.push_str("</div>\n</footer>\n</body>\n</html>\n");
    out
}

/// `Revision HEAD (1a2b3c4) of 20 Nov 2026 · as of 21 Nov 2026`.
fn revision_line(overview: &Overview) -> String {
    let revision = match &overview.revision {
        Some(r) => {
            let short = r.commit.get(..7).unwrap_or(&r.commit);
            format!(
                "Revision <strong>{}</strong> (<code>{}</code>) of <time datetime=\"{}\">{}</time>",
                escape(&r.spec),
                escape(short),
                escape(&r.date),
                escape(markup::day(&r.date))
            )
        }
        None => "The working tree".to_owned(),
    };
    let as_of = overview.status.as_of;
    format!(
        "{revision} · as of <time datetime=\"{as_of}\">{}</time>",
        long_date(as_of)
    )
}

#[cfg(test)]
mod tests;
