//! The alignment tree, for people and tools.
