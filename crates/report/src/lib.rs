//! The git-okr renderers.
//!
//! This crate owns how results look: it turns the values other crates return
//! (diagnostics, semantic diffs; timelines and histories as they come) into
//! terminal text, Markdown, JSON and a static HTML site with SVG charts. It
//! must never read files, talk to git or decide what a result is; it only
//! shows it (the site comes back as pages for the caller to write). Colour
//! is emitted as ANSI styles and left to the caller's stream to keep or
//! strip.

pub mod checkin;
pub mod diagnostics;
pub mod diff;
pub mod grade;
pub mod history;
pub mod html;
pub mod log;
pub mod merge;
pub mod overview;
pub mod present;
pub mod review;
pub mod status;
mod style;
pub mod terminal;
pub mod tree;
