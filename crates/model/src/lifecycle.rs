//! A set's life: draft → review → final → closed, and its versions. This
//! module decides what `git okr iterate`, `finalize` and `reopen` do to a
//! set ([`plan`]) and makes that edit to the file's header in place
//! ([`apply`]), leaving every other byte as it was.
//!
//! - iterate: a draft is proposed as it stands (the seed's "draft
//!   (Version 1.0)"): its version stays, it moves to review, and that
//!   version is tagged. After that the minor version goes up (1.0 → 1.1),
//!   or the major with a reset minor (1.3 → 2.0). A final set is not
//!   iterated (it is reopened first), nor a closed one.
//! - finalize: the status becomes final; the version stays.
//! - reopen: a final set goes back to review with a major version bump, so
//!   that moved goalposts are on the record; a closed (graded) set goes back
//!   to final, with a major version bump, so that a corrected check-in is on
//!   the record too (it is graded again after).

use toml_edit::{DocumentMut, Item, Value};

use crate::set::{OkrSet, Status, Version};

/// The stages of the process the seeds describe, in order. A team may name
/// a stage of its own (a slug).
pub const STAGES: &[&str] = &[
    "draft",
    "manager-review",
    "alignment",
    "team-review",
    "final-wording",
];

/// The stage a reopen records.
pub const REOPEN_STAGE: &str = "reopen";

/// The stage a finalize records.
pub const FINAL_STAGE: &str = "final";

/// A lifecycle command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `git okr iterate`, with `--major` or not.
    Iterate {
        /// Bump the major version.
        major: bool,
    },
    /// `git okr finalize`.
    Finalize,
    /// `git okr reopen`.
    Reopen,
}

/// A set's version and status before and after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The version before.
    pub from_version: Version,
    /// The version after.
    pub to_version: Version,
    /// The status before.
    pub from_status: Status,
    /// The status after.
    pub to_status: Status,
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// The set is final: its definition is frozen.
    #[error("the set is final: its definition is frozen")]
    Final,
    /// The set is closed: its period is over and it is graded.
    #[error("the set is closed: its period is over and it is graded")]
    Closed,
    /// Only a final or closed set can be reopened.
    #[error("the set is {status}, not final: there is nothing to reopen")]
    NotFinal {
        /// Its status.
        status: Status,
    },
    /// A version number would pass what the format holds.
    #[error("the version cannot go past {version}")]
    Overflow {
        /// The version now.
        version: Version,
    },
    /// A stage that is not a slug.
    #[error(
        "stage `{stage}` is not a word such as `manager-review` (lowercase letters, digits and dashes)"
    )]
    BadStage {
        /// The stage as given.
        stage: String,
    },
    /// The file is not TOML that `toml_edit` can read.
    #[error("the file is not valid TOML")]
    Syntax,
}

impl LifecycleError {
    /// What to do instead, when there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            LifecycleError::Final => Some(
                "`git okr reopen SET -m WHY` makes it changeable again, with a major version bump",
            ),
            LifecycleError::Closed => {
                Some("start next period's set with `git okr new TEAM --period P --from SET`")
            }
            LifecycleError::NotFinal { .. } => Some("`git okr finalize SET -m WHY` makes it final"),
            LifecycleError::BadStage { .. } => Some(
                "the usual stages: draft, manager-review, alignment, team-review, final-wording",
            ),
            _ => None,
        }
    }
}

/// Where a set's tags live: `okr/<period>/<team>/`, followed by
/// `v<version>`, `final`, or `final-v<version>` for a set finalized again
/// after a reopen.
pub fn tag_prefix(period: &str, team: &str) -> String {
    format!("okr/{period}/{team}/")
}

/// Checks that `stage` is a slug (`manager-review`, or a team's own word).
pub fn check_stage(stage: &str) -> Result<(), LifecycleError> {
    if crate::set::is_slug(stage) {
        Ok(())
    } else {
        Err(LifecycleError::BadStage {
            stage: stage.to_owned(),
        })
    }
}

/// What `step` does to `set`, or why it cannot.
pub fn plan(set: &OkrSet, step: Step) -> Result<Transition, LifecycleError> {
    let version = set.version;
    let overflow = || LifecycleError::Overflow { version };
    let (to_version, to_status) = match (step, set.status) {
        (Step::Reopen, Status::Closed) => (
            Version {
                major: bump(version.major).ok_or_else(overflow)?,
                minor: 0,
            },
            Status::Final,
        ),
        (_, Status::Closed) => return Err(LifecycleError::Closed),
        (Step::Iterate { .. } | Step::Finalize, Status::Final) => {
            return Err(LifecycleError::Final);
        }
        (Step::Reopen, status) if status != Status::Final => {
            return Err(LifecycleError::NotFinal { status });
        }
        // The first draft is proposed at the version it has: it is the
        // set's version 1.0, the one its first review starts from.
        (Step::Iterate { major: false }, Status::Draft) => (version, Status::Review),
        (Step::Iterate { major: false }, status) => (
            Version {
                major: version.major,
                minor: bump(version.minor).ok_or_else(overflow)?,
            },
            if status == Status::Draft {
                Status::Review
            } else {
                status
            },
        ),
        (Step::Iterate { major: true }, status) | (Step::Reopen, status) => (
            Version {
                major: bump(version.major).ok_or_else(overflow)?,
                minor: 0,
            },
            if status == Status::Draft || step == Step::Reopen {
                Status::Review
            } else {
                status
            },
        ),
        (Step::Finalize, _) => (version, Status::Final),
    };
    Ok(Transition {
        from_version: version,
        to_version,
        from_status: set.status,
        to_status,
    })
}

/// The next number, within the nine digits a version may have.
fn bump(n: u32) -> Option<u32> {
    n.checked_add(1).filter(|n| *n <= 999_999_999)
}

/// `text` with the transition's `version` and `status` written in place:
/// a value that is there keeps its spacing and comment; one that is not is
/// added among the set's top-level keys.
pub fn apply(text: &str, transition: &Transition) -> Result<String, LifecycleError> {
    let mut document: DocumentMut = text.parse().map_err(|_| LifecycleError::Syntax)?;
    let fields = [
        ("status", transition.to_status.as_str().to_owned()),
        ("version", transition.to_version.to_string()),
    ];
    for (key, new) in fields {
        let mut value = Value::from(new);
        match document.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                document.insert(key, Item::Value(value));
            }
        }
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"#:schema ../../docs/okr.schema.json
# Platform OKRs.
format = 1
team = "platform"
period = "2026-Q4"
status = "draft"    # draft -> review -> final -> closed
version = "1.0"

[[objectives]]
id = "reliable-checkout"
title = "Make checkout something customers never think about"

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
baseline = 4.0
target = 2.8
"#;

    fn set(text: &str) -> OkrSet {
        let parsed = crate::parse("okrs/2026-Q4/platform.toml", text);
        parsed.set.expect("the test file parses")
    }

    fn step(text: &str, step: Step) -> Result<String, LifecycleError> {
        apply(text, &plan(&set(text), step)?)
    }

    #[test]
    fn iterate_finalize_reopen() -> Result<(), LifecycleError> {
        // The first draft is proposed as version 1.0.
        let v10 = step(FILE, Step::Iterate { major: false })?;
        assert_eq!(
            v10,
            FILE.replace("status = \"draft\"", "status = \"review\""),
            "only the status changes; the comment stays"
        );
        let v11 = step(&v10, Step::Iterate { major: false })?;
        assert_eq!(
            v11,
            v10.replace("\"1.0\"", "\"1.1\""),
            "only the version changes"
        );
        let v12 = step(&v11, Step::Iterate { major: false })?;
        assert_eq!(set(&v12).version.to_string(), "1.2");
        let v20 = step(&v12, Step::Iterate { major: true })?;
        assert_eq!(set(&v20).version.to_string(), "2.0");
        let last = step(&v20, Step::Finalize)?;
        assert_eq!(set(&last).status, Status::Final);
        assert_eq!(set(&last).version.to_string(), "2.0");
        assert_eq!(
            step(&last, Step::Iterate { major: false }),
            Err(LifecycleError::Final)
        );
        assert_eq!(step(&last, Step::Finalize), Err(LifecycleError::Final));
        let reopened = step(&last, Step::Reopen)?;
        assert_eq!(set(&reopened).status, Status::Review);
        assert_eq!(set(&reopened).version.to_string(), "3.0");
        assert_eq!(
            step(&reopened, Step::Reopen),
            Err(LifecycleError::NotFinal {
                status: Status::Review
            })
        );
        let closed = FILE.replace("\"draft\"", "\"closed\"");
        for s in [Step::Iterate { major: false }, Step::Finalize] {
            assert_eq!(step(&closed, s), Err(LifecycleError::Closed));
        }
        // A closed set reopens to final, to correct a value and grade again.
        let reopened = step(&closed, Step::Reopen)?;
        assert_eq!(set(&reopened).status, Status::Final);
        assert_eq!(set(&reopened).version.major, set(&closed).version.major + 1);
        Ok(())
    }

    #[test]
    fn missing_keys_are_added() -> Result<(), LifecycleError> {
        let bare = FILE
            .replace(
                "status = \"draft\"    # draft -> review -> final -> closed\n",
                "",
            )
            .replace("version = \"1.0\"\n", "");
        let next = step(&bare, Step::Iterate { major: false })?;
        let read = set(&next);
        assert_eq!(
            (read.status, read.version.to_string()),
            (Status::Review, "1.0".to_owned())
        );
        assert!(
            next.find("version")
                .is_some_and(|v| v < next.find("[[objectives]]").unwrap_or(0))
        );
        Ok(())
    }

    #[test]
    fn stages() {
        for stage in STAGES.iter().chain(&["pre-mortem", "round2"]) {
            assert_eq!(check_stage(stage), Ok(()));
        }
        for stage in ["", "Manager Review", "a\nb", "x y"] {
            assert!(check_stage(stage).is_err(), "{stage:?}");
        }
    }

    #[test]
    fn the_largest_version_does_not_overflow() {
        let text = FILE
            .replace("\"1.0\"", "\"1.999999999\"")
            .replace("\"draft\"", "\"review\"");
        assert!(matches!(
            step(&text, Step::Iterate { major: false }),
            Err(LifecycleError::Overflow { .. })
        ));
    }
}
