//! The alignment of sets across a period: company, department, team.
