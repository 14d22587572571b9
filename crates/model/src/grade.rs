//! Grading a set at the end of its period.
