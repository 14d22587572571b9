//! New sets: the text of a scaffold, and what carries over from last period.
