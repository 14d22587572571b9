//! End-to-end tests of the git-okr binary, run against temporary folders and
//! git repositories built by each test, in a hermetic environment.

mod checkin;
mod common;
mod cycle;
mod demo;
mod diff;
mod fixtures;
mod grade;
mod history;
mod hooks;
mod hostile;
mod lifecycle;
mod lint;
mod log;
mod merge;
mod new;
mod present;
mod report;
mod rollup;
mod rules;
mod status;
mod tree;
mod year;
