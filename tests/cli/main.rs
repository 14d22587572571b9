//! End-to-end tests of the git-okr binary.
