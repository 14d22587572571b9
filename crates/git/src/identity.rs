//! Who a commit is by, and when: author and committer as `git commit` finds
//! them (`GIT_AUTHOR_*` and `GIT_COMMITTER_*` variables, `author.*`,
//! `committer.*` and `user.*` settings, `EMAIL`), or `--author`.

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone};

use crate::Error;

/// A name, an email and a time: one side of a commit's authorship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name.
    pub name: String,
    /// The email, without angle brackets.
    pub email: String,
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// The time zone's offset from UTC, in minutes.
    pub offset_minutes: i32,
}

impl Identity {
    pub(crate) fn signature(&self) -> Result<git2::Signature<'static>, Error> {
        let time = git2::Time::new(self.seconds, self.offset_minutes);
        Ok(git2::Signature::new(&self.name, &self.email, &time)?)
    }
}

/// Which side of the authorship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Author,
    Committer,
}

impl Role {
    fn variable(self, field: &str) -> String {
        match self {
            Role::Author => format!("GIT_AUTHOR_{field}"),
            Role::Committer => format!("GIT_COMMITTER_{field}"),
        }
    }

    fn section(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Committer => "committer",
        }
    }
}

/// The identity for `role`, from the environment and `config` as git reads
/// them; `author`, as `--author "Name <email>"`, overrides the author's name
/// and email.
pub(crate) fn identity(
    config: &git2::Config,
    role: Role,
    author: Option<&str>,
) -> Result<Identity, Error> {
    let setting = |key: &str| config.get_string(key).ok().filter(|v| !v.is_empty());
    let variable = |name: String| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (mut name, mut email) = (
        variable(role.variable("NAME"))
            .or_else(|| setting(&format!("{}.name", role.section())))
            .or_else(|| setting("user.name")),
        variable(role.variable("EMAIL"))
            .or_else(|| setting(&format!("{}.email", role.section())))
            .or_else(|| setting("user.email"))
            .or_else(|| variable("EMAIL".to_owned())),
    );
    if role == Role::Author
        && let Some(author) = author
    {
        let (n, e) = parse_author(author)?;
        (name, email) = (Some(n), Some(e));
    }
    let (Some(name), Some(email)) = (name, email) else {
        return Err(Error::Identity {
            role: role.section(),
        });
    };
    let (seconds, offset_minutes) = match variable(role.variable("DATE")) {
        Some(date) => parse_date(&date).ok_or_else(|| Error::BadDate {
            variable: role.variable("DATE"),
            value: date,
        })?,
        None => {
            let now = Local::now();
            (now.timestamp(), now.offset().local_minus_utc() / 60)
        }
    };
    Ok(Identity {
        name,
        email,
        seconds,
        offset_minutes,
    })
}

/// `Name <email>` as `--author` takes it.
fn parse_author(text: &str) -> Result<(String, String), Error> {
    let bad = || Error::BadAuthor {
        author: text.to_owned(),
    };
    let (name, rest) = text.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.is_empty() || email.contains(['<', '>']) {
        return Err(bad());
    }
    Ok((name.to_owned(), email.trim().to_owned()))
}

/// A date in the forms git's date variables take: `@1700000000 +0100`,
/// `1700000000 +0100`, RFC 2822 and ISO 8601 (local time when it names no
/// zone). Seconds and the offset in minutes.
pub(crate) fn parse_date(text: &str) -> Option<(i64, i32)> {
    let text = text.trim();
    let of = |date: DateTime<FixedOffset>| (date.timestamp(), date.offset().local_minus_utc() / 60);
    let raw = text.strip_prefix('@').unwrap_or(text);
    let mut parts = raw.split_whitespace();
    if let Some(seconds) = parts.next().and_then(|s| s.parse::<i64>().ok()) {
        let offset = match parts.next() {
            Some(zone) => zone_minutes(zone)?,
            None => 0,
        };
        return parts.next().is_none().then_some((seconds, offset));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(of(date));
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(of(date));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Some(of(date));
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            let local = Local.from_local_datetime(&naive).earliest()?;
            return Some(of(local.fixed_offset()));
        }
    }
    None
}

/// A time zone as git writes it, `+0130`, in minutes.
pub(crate) fn zone_minutes(zone: &str) -> Option<i32> {
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (minutes < 60).then_some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_gits_forms() {
        assert_eq!(parse_date("@1700000000 +0100"), Some((1_700_000_000, 60)));
        assert_eq!(parse_date("1700000000 -0230"), Some((1_700_000_000, -150)));
        assert_eq!(parse_date("1700000000"), Some((1_700_000_000, 0)));
        assert_eq!(
            parse_date("Thu, 07 Apr 2005 22:13:13 +0200"),
            Some((1_112_904_793, 120))
        );
        assert_eq!(
            parse_date("2005-04-07T22:13:13+02:00"),
            Some((1_112_904_793, 120))
        );
        assert_eq!(
            parse_date("2005-04-07 22:13:13 +0200"),
            Some((1_112_904_793, 120))
        );
        assert!(parse_date("2005-04-07T22:13:13").is_some());
        for bad in [
            "",
            "yesterday",
            "1700000000 +01",
            "1700000000 +0100 x",
            "@x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Ada Lovelace <ada@example.com>").ok(),
            Some(("Ada Lovelace".to_owned(), "ada@example.com".to_owned()))
        );
        for bad in [
            "Ada",
            "<ada@example.com>",
            "Ada <>",
            "Ada <a@b",
            "Ada <a<b>",
        ] {
            assert!(parse_author(bad).is_err(), "{bad:?}");
        }
    }
}
