//! `git okr new`.
