//! A set's grade, for people and tools.
