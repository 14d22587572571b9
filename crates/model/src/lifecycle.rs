//! A set's life: draft, review, final, closed, and its versions.
