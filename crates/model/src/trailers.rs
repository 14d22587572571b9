//! The git trailers git-okr writes in its commit messages, one key per
//! trailer, and reads back: `OKR-Checkin: platform/reliable/failed-checkouts`.

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

/// Whether `value` can be a trailer's value: one line, not empty.
pub fn is_value(value: &str) -> bool {
    !value.trim().is_empty() && !value.contains(['\n', '\r'])
}

/// A commit message taken apart: the subject, the body without its
/// trailers, and the trailers, as git reads them (the last paragraph, when
/// every line of it is `Key: value` or continues the line before).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// The first line.
    pub subject: String,
    /// The paragraphs between the subject and the trailers, trimmed.
    pub body: String,
    /// The trailers, in order, continuation lines joined with a space.
    pub trailers: Vec<(String, String)>,
}

impl Message {
    /// Takes `text` apart.
    pub fn parse(text: &str) -> Message {
        let text = text.trim_end();
        let (subject, rest) = text.split_once('\n').unwrap_or((text, ""));
        let rest = rest.trim_start_matches('\n');
        let (body, last) = match rest.rfind("\n\n") {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => ("", rest),
        };
        match trailer_block(last) {
            Some(trailers) => Message {
                subject: subject.trim().to_owned(),
                body: body.trim().to_owned(),
                trailers,
            },
            None => Message {
                subject: subject.trim().to_owned(),
                body: rest.trim().to_owned(),
                trailers: Vec::new(),
            },
        }
    }

    /// The first value of trailer `key` (compared without case).
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// The trailers of `paragraph`, when it is a trailer block.
fn trailer_block(paragraph: &str) -> Option<Vec<(String, String)>> {
    let mut trailers: Vec<(String, String)> = Vec::new();
    for line in paragraph.lines() {
        if line.starts_with([' ', '\t']) {
            let (_, value) = trailers.last_mut()?;
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let is_key = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !is_key {
            return None;
        }
        trailers.push((key.to_owned(), value.trim().to_owned()));
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
        assert_eq!(
            (only.subject.as_str(), only.body.as_str()),
            ("Subject only", "")
        );
        let bare = Message::parse("s\n\nOKR-Value: 1");
        assert_eq!(bare.body, "");
        assert_eq!(bare.trailer(VALUE), Some("1"));
        assert_eq!(Message::parse(""), Message::default());
    }
}
