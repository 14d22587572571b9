//! `git okr history`.
