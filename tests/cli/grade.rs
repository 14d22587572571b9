//! `git okr grade`.
