//! `git okr iterate`, `finalize` and `reopen`.
