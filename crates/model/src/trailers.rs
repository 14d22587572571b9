//! The git trailers git-okr writes in its commit messages, one key per
//! trailer, and reads back: `OKR-Checkin: platform/reliable/failed-checkouts`.

use std::borrow::Cow;

/// The key result a check-in is for, as a full reference.
pub const CHECKIN: &str = "OKR-Checkin";
/// The value recorded, as written in the file.
pub const VALUE: &str = "OKR-Value";
/// The confidence recorded, when given.
pub const CONFIDENCE: &str = "OKR-Confidence";
/// What the team learned since the last check-in.
pub const LEARNED: &str = "OKR-Learned";
/// What the team will stop doing.
pub const STOP: &str = "OKR-Stop";
/// The set's score, one decimal, in the commit that grades it.
pub const GRADE: &str = "OKR-Grade";
/// The set a lifecycle commit is for: `2026-Q4:platform`.
pub const SET: &str = "OKR-Set";
/// The set's version after a lifecycle commit: `1.1`.
pub const ITERATION: &str = "OKR-Iteration";
/// The stage of the process a lifecycle commit closes: `manager-review`.
pub const STAGE: &str = "OKR-Stage";

/// Whether `value` can be a trailer's value: one line, not empty.
pub fn is_value(value: &str) -> bool {
    !value.trim().is_empty() && !value.contains(['\n', '\r'])
}

/// A commit message taken apart: the subject, the body without its
/// trailers, and the trailers, as git reads them (the last paragraph, when
/// every line of it is `Key: value` or continues the line before). It
/// borrows from the message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message<'m> {
    /// The first line.
    pub subject: &'m str,
    /// The paragraphs between the subject and the trailers, trimmed.
    pub body: &'m str,
    /// The trailers, in order; a value continued on further lines is
    /// joined with spaces.
    pub trailers: Vec<(&'m str, Cow<'m, str>)>,
}

impl<'m> Message<'m> {
    /// Takes `text` apart.
    pub fn parse(text: &'m str) -> Message<'m> {
        let text = text.trim_end();
        let (subject, rest) = match text.find('\n') {
            Some(at) => (&text[..at], &text[at + 1..]),
            None => (text, ""),
        };
        let rest = rest.trim_start_matches('\n');
        let split = rest.as_bytes().windows(2).rposition(|w| w == b"\n\n");
        let (body, last) = match split {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => ("", rest),
        };
        match trailer_block(last) {
            Some(trailers) => Message {
                subject: subject.trim(),
                body: body.trim(),
                trailers,
            },
            None => Message {
                subject: subject.trim(),
                body: rest.trim(),
                trailers: Vec::new(),
            },
        }
    }

    /// The first value of trailer `key` (compared without case).
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| &**v)
    }
}

/// The trailers of `paragraph`, when it is a trailer block.
fn trailer_block(paragraph: &str) -> Option<Vec<(&str, Cow<'_, str>)>> {
    let mut trailers: Vec<(&str, Cow<'_, str>)> = Vec::new();
    for line in paragraph.lines() {
        if line.starts_with([' ', '\t']) {
            let (_, value) = trailers.last_mut()?;
            let value = value.to_mut();
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let colon = line.bytes().position(|b| b == b':')?;
        let key = &line[..colon];
        let is_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !is_key {
            return None;
        }
        trailers.push((key, Cow::Borrowed(line[colon + 1..].trim())));
    }
    (!trailers.is_empty()).then_some(trailers)
}

/// Every trailer git-okr writes or reads.
pub const ALL: [&str; 9] = [
    CHECKIN, VALUE, CONFIDENCE, LEARNED, STOP, GRADE, SET, ITERATION, STAGE,
];

/// A trailer of a commit message that git-okr would misread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The 1-based line of the message it is on.
    pub line: usize,
    /// What is wrong, naming the trailer.
    pub message: String,
    /// How to fix it, when there is more to say.
    pub help: Option<String>,
}

/// Checks the `OKR-` trailers of commit message `text` (comments already
/// removed) against the sets of `sets`: every key known, each
/// `OKR-Checkin` naming an existing key result and followed by its
/// `OKR-Value` (and at most one `OKR-Confidence`), values numeric,
/// confidences and grades between 0 and 1, `OKR-Set` naming a set. Other
/// trailers are not git-okr's business. A message without `OKR-` trailers
/// has no problems.
pub fn check(text: &str, sets: &crate::Index<'_>) -> Vec<Problem> {
    use crate::Kind;
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String, help: Option<String>| {
        problems.push(Problem {
            line,
            message,
            help,
        });
    };
    // The check-in being read: its trailer's line and whether it has had
    // its value and its confidence.
    let mut open: Option<(usize, bool, bool)> = None;
    let close = |open: Option<(usize, bool, bool)>,
                 problem: &mut dyn FnMut(usize, String, Option<String>)| {
        if let Some((line, false, _)) = open {
            problem(
                line,
                format!("`{CHECKIN}` has no `{VALUE}` after it"),
                Some(format!(
                    "follow each `{CHECKIN}: team/objective/kr` with `{VALUE}: NUMBER`"
                )),
            );
        }
    };
    for (line, key, value) in trailer_lines(text) {
        if !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("OKR-")) {
            continue;
        }
        let Some(known) = ALL.iter().copied().find(|k| k.eq_ignore_ascii_case(key)) else {
            let help = crate::suggest::closest(key, &ALL)
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| {
                    Some(format!(
                        "git-okr's trailers are {}",
                        crate::suggest::all_of(&ALL)
                    ))
                });
            problem(line, format!("`{key}` is not a git-okr trailer"), help);
            continue;
        };
        if !is_value(&value) {
            problem(line, format!("`{known}` has no value"), None);
            continue;
        }
        match known {
            CHECKIN => {
                close(open.take(), &mut problem);
                open = Some((line, false, false));
                if let Err(error) = sets.resolve(&value, &[Kind::KeyResult], None) {
                    problem(line, format!("`{CHECKIN}: {value}`: {error}"), None);
                }
            }
            VALUE | CONFIDENCE => {
                let Some((_, has_value, has_confidence)) = open.as_mut() else {
                    problem(
                        line,
                        format!("`{known}` is not after an `{CHECKIN}`"),
                        Some(format!(
                            "name the key result first: `{CHECKIN}: team/objective/kr`"
                        )),
                    );
                    continue;
                };
                let seen = if known == VALUE {
                    has_value
                } else {
                    has_confidence
                };
                if *seen {
                    problem(
                        line,
                        format!("a second `{known}` for the same `{CHECKIN}`"),
                        None,
                    );
                }
                *seen = true;
                number(line, known, &value, known == CONFIDENCE, &mut problem);
            }
            GRADE => number(line, known, &value, true, &mut problem),
            SET => {
                if let Err(error) = sets.resolve(&value, &[Kind::Set], None) {
                    problem(line, format!("`{SET}: {value}`: {error}"), None);
                }
            }
            ITERATION if crate::Version::parse(&value).is_none() => problem(
                line,
                format!("`{ITERATION}: {value}` is not a version"),
                Some("write MAJOR.MINOR, such as 1.2".to_owned()),
            ),
            STAGE => {
                if let Err(error) = crate::lifecycle::check_stage(&value) {
                    problem(line, format!("`{STAGE}: {value}`: {error}"), None);
                }
            }
            _ => {}
        }
    }
    close(open, &mut problem);
    problems.sort_by_key(|p| p.line);
    problems
}

/// Checks that `value` is a number, and a share (0 to 1) when `share`.
fn number(
    line: usize,
    key: &str,
    value: &str,
    share: bool,
    problem: &mut dyn FnMut(usize, String, Option<String>),
) {
    match crate::edit::Number::parse(value) {
        Err(error) => problem(line, format!("`{key}: {value}`: {error}"), None),
        Ok(number) if share && !(0.0..=1.0).contains(&number.value()) => problem(
            line,
            format!("`{key}: {value}` is not between 0 and 1"),
            Some("write a share: 0.7, not 70".to_owned()),
        ),
        Ok(_) => {}
    }
}

/// The trailers of `text` as [`Message::parse`] finds them, each with its
/// 1-based line.
fn trailer_lines(text: &str) -> Vec<(usize, &str, String)> {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    // The last paragraph, when it is not the subject's.
    let Some(blank) = lines.iter().rposition(|line| line.trim().is_empty()) else {
        return Vec::new();
    };
    let paragraph = &lines[blank + 1..];
    let mut found: Vec<(usize, &str, String)> = Vec::new();
    for (offset, line) in paragraph.iter().enumerate() {
        if line.starts_with([' ', '\t']) {
            let Some((_, _, value)) = found.last_mut() else {
                return Vec::new();
            };
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let Some(colon) = line.find(':') else {
            return Vec::new();
        };
        let key = &line[..colon];
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Vec::new();
        }
        found.push((blank + 2 + offset, key, line[colon + 1..].trim().to_owned()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_apart_as_git_reads_them() {
        let message = Message::parse(
            "checkin(platform/x): 3.6 → 3.2 %\n\nThe fix landed.\n\nSecond: paragraph, not trailers\nreally.\n\nOKR-Checkin: platform/o/x\nOKR-Value: 3.2\nOKR-Learned: a long\n  thought\n",
        );
        assert_eq!(message.subject, "checkin(platform/x): 3.6 → 3.2 %");
        assert_eq!(message.trailers[0], ("OKR-Checkin", "platform/o/x".into()));
        assert_eq!(
            message.body,
            "The fix landed.\n\nSecond: paragraph, not trailers\nreally."
        );
        assert_eq!(message.trailer("okr-value"), Some("3.2"));
        assert_eq!(message.trailer(LEARNED), Some("a long thought"));
        assert_eq!(message.trailers.len(), 3);

        let plain = Message::parse("Update OKRs\n\nRaised the target: more ambitious.");
        assert_eq!(plain.body, "Raised the target: more ambitious.");
        assert!(plain.trailers.is_empty());
        let only = Message::parse("Subject only");
        assert_eq!((only.subject, only.body), ("Subject only", ""));
        let bare = Message::parse("s\n\nOKR-Value: 1");
        assert_eq!(bare.body, "");
        assert_eq!(bare.trailer(VALUE), Some("1"));
        assert_eq!(Message::parse(""), Message::default());
    }

    #[test]
    fn trailers_are_checked_against_the_sets() {
        let file = crate::parse(
            "okrs/platform.toml",
            "format = 1\nteam = \"platform\"\nperiod = \"2026-Q4\"\n\n[[objectives]]\nid = \"reliable\"\ntitle = \"Checkout just works\"\n\n[[objectives.key_results]]\nid = \"failed-checkouts\"\ntitle = \"Reduce failed checkouts from 4% to 2.8%\"\nbaseline = 4.0\ntarget = 2.8\n",
        );
        let set = file.set.as_ref().expect("a set");
        let index = crate::Index::new(vec![set]);
        let good = "checkin(platform/failed-checkouts): 3.6 → 3.2 %\n\nThe fix landed.\n\nOKR-Checkin: platform/reliable/failed-checkouts\nOKR-Value: 3.2\nOKR-Confidence: 0.7\nSigned-off-by: A <a@example.com>\n";
        assert_eq!(check(good, &index), Vec::new());
        assert_eq!(
            check("Plain message\n\nNo trailers here.\n", &index),
            Vec::new()
        );
        assert_eq!(
            check("OKR-Value: x\n", &index),
            Vec::new(),
            "a subject is not a trailer"
        );

        let bad = "checkin\n\nOKR-Checkin: platform/reliable/failed-checkout\nOKR-Value: 3,2\nOKR-Confidence: 70\nOKR-Vaule: 1\nOKR-Checkin: platform/reliable/failed-checkouts\nOKR-Set: 2026-Q4:platfrom\nOKR-Iteration: one\n";
        let found: Vec<(usize, String)> = check(bad, &index)
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect();
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 9], "{found:#?}");
        assert!(found[0].1.contains("failed-checkout"), "{found:#?}");
        assert!(found[1].1.contains("decimal separator"), "{found:#?}");
        assert!(found[2].1.contains("between 0 and 1"), "{found:#?}");
        assert!(
            found[3].1.contains("`OKR-Vaule` is not a git-okr trailer"),
            "{found:#?}"
        );
        assert!(found[4].1.contains("has no `OKR-Value`"), "{found:#?}");
        assert!(found[5].1.contains("platfrom"), "{found:#?}");
        assert!(found[6].1.contains("not a version"), "{found:#?}");

        let orphan = check("s\n\nOKR-Value: 3\n", &index);
        assert_eq!(orphan.len(), 1);
        assert!(orphan[0].message.contains("not after an `OKR-Checkin`"));
    }
}
