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
}
