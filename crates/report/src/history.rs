//! A set's history: its iterations, check-ins and grade.
