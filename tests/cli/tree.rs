//! `git okr tree`.
