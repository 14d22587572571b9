//! The check-in timeline (`git okr log`) as text, JSON and CSV, one entry
//! at a time so that a long history streams.
//!
//! Text groups the entries of a commit under one header, as `git log`
//! does; JSON is an array of objects (its shape is in docs/checkin.md); CSV
//! has one row per entry with a header row, RFC 4180 quoting.

use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use okr_model::snapshot::KrState;
use okr_model::timeline::{CommitInfo, Entry};
use okr_model::trailers::{self, Message};
use serde::Serialize;

use crate::checkin::{number, percent};
use crate::style::{BOLD, YELLOW, paint};

/// The commit's author date, `2026-10-05T09:00:00+02:00`.
pub fn date(commit: &CommitInfo) -> String {
    let offset = FixedOffset::east_opt(commit.offset_minutes.saturating_mul(60))
        .unwrap_or_else(|| Utc.fix());
    DateTime::from_timestamp(commit.time, 0)
        .map(|d| d.with_timezone(&offset).to_rfc3339())
        .unwrap_or_default()
}

/// `3.6 → 3.2 %`, with the progress and confidence when known.
fn movement(entry: &Entry) -> String {
    let after = &entry.change.after;
    let before = entry.change.before.as_ref();
    let unit = after
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let value = |state: Option<&KrState>| state.and_then(|s| s.current).map(number);
    let mut text = match (value(before), value(Some(after))) {
        (Some(old), Some(new)) if old != new => format!("{old} → {new}{unit}"),
        (_, Some(new)) => format!("{new}{unit}"),
        (Some(old), None) => format!("{old}{unit} → none"),
        (None, None) => "no value".to_owned(),
    };
    match (before.and_then(KrState::progress), after.progress()) {
        (Some(old), Some(new)) if percent(old) != percent(new) => {
            text += &format!(", progress {} → {}", percent(old), percent(new));
        }
        (_, Some(new)) => text += &format!(", progress {}", percent(new)),
        _ => {}
    }
    let confidence = |state: Option<&KrState>| state.and_then(|s| s.confidence).map(number);
    match (confidence(before), confidence(Some(after))) {
        (Some(old), Some(new)) if old != new => text += &format!(", confidence {old} → {new}"),
        (None, Some(new)) => text += &format!(", confidence {new}"),
        _ => {}
    }
    text
}

/// One entry for a terminal. `previous` is the commit of the entry shown
/// before it: a new commit gets a header. `next_same` says whether the next
/// entry shown is of the same commit: after a commit's last entry comes its
/// note.
pub fn human(
    entry: &Entry,
    previous: Option<&CommitInfo>,
    next_same: bool,
    styled: bool,
) -> String {
    let commit = &entry.commit;
    let mut text = String::new();
    let new_commit = previous.is_none_or(|p| p.id != commit.id);
    if new_commit {
        if previous.is_some() {
            text.push('\n');
        }
        let short = commit.id.get(..7).unwrap_or(&commit.id);
        let when = date(commit);
        let when = when.get(..16).unwrap_or(&when).replace('T', " ");
        text += &format!(
            "{} {}  {} <{}>\n",
            paint(short, YELLOW, styled),
            when,
            commit.author,
            commit.email
        );
        let message = Message::parse(&commit.message);
        if !is_generated(message.subject) {
            text += &format!("    {}\n", message.subject);
        }
    }
    text += &format!(
        "  {}  {}\n",
        paint(&entry.reference(), BOLD, styled),
        movement(entry)
    );
    for note in item_note(entry) {
        text += &format!("    {note}\n");
    }
    if !next_same {
        for note in message_notes(&commit.message) {
            for line in note.lines() {
                text += &format!("    {line}\n").replace("    \n", "\n");
            }
        }
    }
    text
}

/// Whether a subject is the one `git okr checkin` writes, which the
/// entries already say.
fn is_generated(subject: &str) -> bool {
    subject.starts_with("checkin(") || subject.starts_with("checkin:")
}

/// A batch check-in's own note for `entry`'s key result, from its list:
/// the indented lines under `- team/kr: …`.
pub(crate) fn item_note(entry: &Entry) -> Vec<&str> {
    let item = format!("- {}/{}: ", entry.team, entry.change.id);
    let mut lines = entry
        .commit
        .message
        .lines()
        .skip_while(|line| !line.starts_with(&item));
    match lines.next() {
        Some(_) => lines
            .take_while(|line| line.starts_with("  "))
            .map(str::trim)
            .collect(),
        None => Vec::new(),
    }
}

/// What a check-in's message says beyond its entries: the paragraphs people
/// wrote, and the `OKR-Learned` and `OKR-Stop` trailers.
pub(crate) fn message_notes(message: &str) -> Vec<String> {
    let message = Message::parse(message);
    let mut notes = Vec::new();
    let written = written_body(message.body);
    if !written.is_empty() {
        notes.push(written);
    }
    for (key, label) in [(trailers::LEARNED, "learned"), (trailers::STOP, "stop")] {
        if let Some(value) = message.trailer(key) {
            notes.push(format!("{label}: {value}"));
        }
    }
    notes
}

/// The body without the list a batch check-in writes (its entries say it
/// already): the paragraphs people wrote.
fn written_body(body: &str) -> String {
    body.split("\n\n")
        .filter(|paragraph| {
            !paragraph
                .lines()
                .all(|line| line.starts_with("- ") || line.starts_with("  "))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One entry as JSON (the shape is in docs/checkin.md).
#[derive(Debug, Serialize)]
pub struct JsonEntry<'e> {
    /// The commit's full id.
    pub commit: &'e str,
    /// The author date, RFC 3339.
    pub date: String,
    /// The author's name.
    pub author: &'e str,
    /// The author's email.
    pub email: &'e str,
    /// `team/objective/kr`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The set's period.
    pub period: &'e str,
    /// The set's team.
    pub team: &'e str,
    /// The objective's id.
    pub objective: &'e str,
    /// The key result's id.
    pub key_result: &'e str,
    /// The file, relative to the top.
    pub path: &'e str,
    /// The unit.
    pub unit: Option<&'e str>,
    /// `current` before (null: none, or a new key result).
    pub old: Option<f64>,
    /// `current` after.
    pub new: Option<f64>,
    /// Progress before.
    pub old_progress: Option<f64>,
    /// Progress after.
    pub progress: Option<f64>,
    /// Confidence before.
    pub old_confidence: Option<f64>,
    /// Confidence after.
    pub confidence: Option<f64>,
    /// The baseline and target after.
    pub baseline: Option<f64>,
    /// The target after.
    pub target: Option<f64>,
    /// The commit's subject.
    pub subject: &'e str,
    /// The commit's body without its trailers.
    pub note: &'e str,
    /// The commit's trailers, in order.
    pub trailers: Vec<Trailer<'e>>,
}

/// One trailer of a commit message.
#[derive(Debug, Serialize)]
pub struct Trailer<'e> {
    /// Its key, `OKR-Value`.
    pub key: &'e str,
    /// Its value.
    pub value: std::borrow::Cow<'e, str>,
}

impl<'e> JsonEntry<'e> {
    /// The JSON view of `entry`.
    pub fn of(entry: &'e Entry) -> Self {
        let commit = &entry.commit;
        let message = Message::parse(&commit.message);
        let before = entry.change.before.as_ref();
        let after = &entry.change.after;
        JsonEntry {
            commit: &commit.id,
            date: date(commit),
            author: &commit.author,
            email: &commit.email,
            reference: entry.reference(),
            period: &entry.period,
            team: &entry.team,
            objective: &entry.change.objective,
            key_result: &entry.change.id,
            path: &entry.path,
            unit: after.unit.as_deref(),
            old: before.and_then(|b| b.current),
            new: after.current,
            old_progress: before.and_then(KrState::progress).map(round),
            progress: after.progress().map(round),
            old_confidence: before.and_then(|b| b.confidence),
            confidence: after.confidence,
            baseline: after.baseline,
            target: after.target,
            subject: message.subject,
            note: message.body,
            trailers: message
                .trailers
                .into_iter()
                .map(|(key, value)| Trailer { key, value })
                .collect(),
        }
    }
}

/// Appends `entry` as JSON to `out`: the bytes `serde_json` writes for
/// [`JsonEntry::of`], written faster for a long log. Nothing is gathered
/// first (the date and the reference are written in place), and a string
/// with nothing to escape, the common case, is copied as it is; anything
/// else goes through `serde_json`.
pub fn write_json(entry: &Entry, out: &mut Vec<u8>) {
    let commit = &entry.commit;
    let message = Message::parse(&commit.message);
    let before = entry.change.before.as_ref();
    let after = &entry.change.after;
    let number = |out: &mut Vec<u8>, key: &[u8], value: Option<f64>| {
        out.extend_from_slice(key);
        match value {
            // Writing to memory cannot fail.
            Some(value) => drop(serde_json::to_writer(&mut *out, &value)),
            None => out.extend_from_slice(b"null"),
        }
    };
    out.extend_from_slice(b"{\"commit\":");
    json_str(out, &commit.id);
    out.extend_from_slice(b",\"date\":\"");
    write_date(out, commit);
    out.extend_from_slice(b"\",\"author\":");
    json_str(out, &commit.author);
    out.extend_from_slice(b",\"email\":");
    json_str(out, &commit.email);
    out.extend_from_slice(b",\"ref\":\"");
    json_contents(out, &entry.team);
    out.push(b'/');
    json_contents(out, &entry.change.objective);
    out.push(b'/');
    json_contents(out, &entry.change.id);
    out.extend_from_slice(b"\",\"period\":");
    json_str(out, &entry.period);
    out.extend_from_slice(b",\"team\":");
    json_str(out, &entry.team);
    out.extend_from_slice(b",\"objective\":");
    json_str(out, &entry.change.objective);
    out.extend_from_slice(b",\"key_result\":");
    json_str(out, &entry.change.id);
    out.extend_from_slice(b",\"path\":");
    json_str(out, &entry.path);
    out.extend_from_slice(b",\"unit\":");
    match &after.unit {
        Some(unit) => json_str(out, unit),
        None => out.extend_from_slice(b"null"),
    }
    number(out, b",\"old\":", before.and_then(|b| b.current));
    number(out, b",\"new\":", after.current);
    let progress = before.and_then(KrState::progress).map(round);
    number(out, b",\"old_progress\":", progress);
    number(out, b",\"progress\":", after.progress().map(round));
    let confidence = before.and_then(|b| b.confidence);
    number(out, b",\"old_confidence\":", confidence);
    number(out, b",\"confidence\":", after.confidence);
    number(out, b",\"baseline\":", after.baseline);
    number(out, b",\"target\":", after.target);
    out.extend_from_slice(b",\"subject\":");
    json_str(out, message.subject);
    out.extend_from_slice(b",\"note\":");
    json_str(out, message.body);
    out.extend_from_slice(b",\"trailers\":[");
    for (i, (key, value)) in message.trailers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"key\":");
        json_str(out, key);
        out.extend_from_slice(b",\"value\":");
        json_str(out, value);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// The commit's author date as [`date`] writes it, without its
/// formatting machinery.
fn write_date(out: &mut Vec<u8>, commit: &CommitInfo) {
    use chrono::{Datelike as _, Timelike as _};
    let offset = i64::from(commit.offset_minutes);
    let local = commit
        .time
        .checked_add(offset * 60)
        .and_then(|t| DateTime::from_timestamp(t, 0));
    let fits = offset.abs() < 24 * 60;
    match local {
        Some(local) if fits && (0..=9999).contains(&local.year()) => {
            let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
            let year = local.year() as u32;
            let sign = if offset < 0 { b'-' } else { b'+' };
            let offset = offset.unsigned_abs() as u32;
            let [c1, c2] = two(year / 100);
            let [y1, y2] = two(year);
            let [mo1, mo2] = two(local.month());
            let [d1, d2] = two(local.day());
            let [h1, h2] = two(local.hour());
            let [mi1, mi2] = two(local.minute());
            let [s1, s2] = two(local.second());
            let [oh1, oh2] = two(offset / 60);
            let [om1, om2] = two(offset % 60);
            out.extend_from_slice(&[
                c1, c2, y1, y2, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':',
                s1, s2, sign, oh1, oh2, b':', om1, om2,
            ]);
        }
        _ => json_contents(out, &date(commit)),
    }
}

/// Whether `text` has a character that JSON must escape.
fn needs_escape(text: &str) -> bool {
    // Whole blocks are tested without stopping early, which the compiler
    // turns into a few wide comparisons.
    let escapes = |block: &[u8]| {
        block.iter().fold(false, |found, &b| {
            found | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    let blocks = text.as_bytes().chunks_exact(16);
    let rest = blocks.remainder();
    blocks.into_iter().any(escapes) || escapes(rest)
}

/// `text` as a JSON string.
fn json_str(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text) {
        // Writing to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// `text` as the inside of a JSON string.
fn json_contents(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text) {
        let start = out.len();
        json_str(out, text);
        // Without its quotes.
        out.remove(start);
        out.pop();
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// A share to four decimals: progress is derived, and 0.4286 says all
/// that 0.42857142857142855 does.
fn round(share: f64) -> f64 {
    (share * 10_000.0).round() / 10_000.0
}

/// The CSV header row.
pub const CSV_HEADER: &str = "date,commit,author,email,period,ref,path,unit,old,new,old_progress,progress,old_confidence,confidence,subject,note\n";

/// One entry as a CSV row.
pub fn csv(entry: &Entry) -> String {
    let json = JsonEntry::of(entry);
    let number = |value: Option<f64>| value.map(number).unwrap_or_default();
    let fields = [
        json.date.clone(),
        json.commit.to_owned(),
        json.author.to_owned(),
        json.email.to_owned(),
        json.period.to_owned(),
        json.reference.clone(),
        json.path.to_owned(),
        json.unit.unwrap_or_default().to_owned(),
        number(json.old),
        number(json.new),
        number(json.old_progress),
        number(json.progress),
        number(json.old_confidence),
        number(json.confidence),
        json.subject.to_owned(),
        json.note.to_owned(),
    ];
    let mut row = fields
        .iter()
        .map(|f| quote(f))
        .collect::<Vec<_>>()
        .join(",");
    row.push('\n');
    row
}

/// A CSV field, quoted when it must be (RFC 4180); a leading `=`, `+`,
/// `-` or `@` in text is prefixed with `'` so that spreadsheets do not run
/// it as a formula.
fn quote(field: &str) -> String {
    let is_number = field.parse::<f64>().is_ok();
    let field = if !is_number && field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use okr_model::KrKind;
    use okr_model::snapshot::KrChange;
    use std::sync::Arc;

    fn entry() -> Entry {
        let after = KrState {
            objective: "reliable".into(),
            id: "failed".into(),
            kind: KrKind::Metric,
            unit: Some("%".into()),
            baseline: Some(4.0),
            target: Some(2.8),
            current: Some(3.2),
            confidence: Some(0.7),
            weight: None,
        };
        Entry {
            commit: Arc::new(CommitInfo {
                id: "0123456789abcdef0123456789abcdef01234567".into(),
                author: "Ada".into(),
                email: "ada@example.com".into(),
                time: 1_759_654_800,
                offset_minutes: 120,
                message: "checkin(platform/failed): 3.6 → 3.2 %\n\nThe fix, \"finally\".\n\nOKR-Checkin: platform/reliable/failed\nOKR-Value: 3.2\nOKR-Learned: retries hide errors\n".into(),
            }),
            path: "okrs/2026-Q4/platform.toml".into(),
            period: "2026-Q4".into(),
            team: "platform".into(),
            change: KrChange {
                objective: "reliable".into(),
                id: "failed".into(),
                before: Some(KrState {
                    current: Some(3.6),
                    confidence: Some(0.6),
                    ..after.clone()
                }),
                after,
            },
        }
    }

    #[test]
    fn human_text() {
        let text = human(&entry(), None, false, false);
        assert_eq!(
            text,
            "0123456 2025-10-05 11:00  Ada <ada@example.com>\n  platform/reliable/failed  3.6 → 3.2 %, progress 33% → 67%, confidence 0.6 → 0.7\n    The fix, \"finally\".\n    learned: retries hide errors\n"
        );
    }

    #[test]
    fn written_json_is_what_serde_json_writes() -> Result<(), serde_json::Error> {
        let plain = entry();
        let mut odd = entry();
        let commit = Arc::make_mut(&mut odd.commit);
        commit.author = "Zoë \"Z\" \\ O'Brien\t".into();
        commit.message = "s\u{1}ubject \u{7f} é 🎯\n\nline\r\nnext\n\nOKR-Value: 1\n".into();
        odd.path = "okrs/a\\b.toml".into();
        odd.change.after.unit = None;
        odd.change.after.current = Some(f64::NAN);
        odd.change.after.target = Some(1e21);
        odd.change.after.baseline = Some(-0.0);
        odd.change.before = None;
        let mut bare = entry();
        Arc::make_mut(&mut bare.commit).message = String::new();
        let mut far = entry();
        let commit = Arc::make_mut(&mut far.commit);
        commit.time = 253_402_300_800; // 10000-01-01
        let mut west = entry();
        let commit = Arc::make_mut(&mut west.commit);
        commit.offset_minutes = -(9 * 60 + 30);
        commit.time = 0;
        let mut odd_offset = entry();
        Arc::make_mut(&mut odd_offset.commit).offset_minutes = 24 * 60 + 1;
        let mut odd_ids = entry();
        odd_ids.team = "a\"b".into();
        odd_ids.change.id = "k\n".into();
        for entry in [plain, odd, bare, far, west, odd_offset, odd_ids] {
            let mut written = Vec::new();
            write_json(&entry, &mut written);
            assert_eq!(
                String::from_utf8_lossy(&written),
                serde_json::to_string(&JsonEntry::of(&entry))?
            );
        }
        Ok(())
    }

    #[test]
    fn json_and_csv() -> Result<(), serde_json::Error> {
        let entry = entry();
        let json = serde_json::to_value(JsonEntry::of(&entry))?;
        assert_eq!(json["date"], "2025-10-05T11:00:00+02:00");
        assert_eq!(json["ref"], "platform/reliable/failed");
        assert_eq!(json["old"], 3.6);
        assert_eq!(json["note"], "The fix, \"finally\".");
        assert_eq!(json["trailers"][2]["key"], "OKR-Learned");
        let row = csv(&entry);
        assert!(row.starts_with("2025-10-05T11:00:00+02:00,0123456789abcdef0123456789abcdef01234567,Ada,ada@example.com,2026-Q4,platform/reliable/failed,okrs/2026-Q4/platform.toml,%,3.6,3.2,0.3333,0.6667,0.6,0.7,checkin(platform/failed): 3.6 → 3.2 %,\"The fix, \"\"finally\"\".\"\n"), "{row}");
        assert_eq!(quote("=cmd()"), "'=cmd()");
        assert_eq!(quote("-3.5"), "-3.5");
        Ok(())
    }
}
