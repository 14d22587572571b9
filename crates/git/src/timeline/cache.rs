//! The timeline cache: every commit of a first-parent chain, newest first,
//! each with its entries, in a compact binary file under the git folder.
//!
//! The file starts with a magic line, git-okr's version and the OKR root; a
//! file written by another version, for another root, or that does not
//! read to its end exactly, is ignored (and rewritten by the next walk).
//! It is replaced whole through a temporary file, so a reader never sees
//! half of one.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use okr_model::KrKind;
use okr_model::snapshot::{KrChange, KrState};

use okr_model::timeline::{CommitInfo, Entry};

/// The first bytes of a cache file.
const MAGIC: &[u8] = b"git-okr timeline cache 1\n";

/// One commit of the chain and its entries.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    id: git2::Oid,
    entries: Vec<Entry>,
}

impl Record {
    pub(super) fn empty(id: git2::Oid) -> Self {
        Record {
            id,
            entries: Vec::new(),
        }
    }

    pub(super) fn of(id: git2::Oid, entries: Vec<Entry>) -> Self {
        Record { id, entries }
    }

    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// A loaded cache.
#[derive(Debug)]
pub(super) struct Cache {
    records: Vec<Record>,
}

impl Cache {
    /// Reads the cache at `path` for `root`; `None` when there is none or
    /// it is not one this version wrote for this root.
    pub(super) fn load(path: &Path, root: &str) -> Option<Cache> {
        let bytes = std::fs::read(path).ok()?;
        let mut reader = Reader { bytes: &bytes };
        if reader.take(MAGIC.len())? != MAGIC
            || reader.string()? != env!("CARGO_PKG_VERSION")
            || reader.string()? != root
        {
            return None;
        }
        let count = reader.u32()? as usize;
        let mut records = Vec::with_capacity(count.min(bytes.len() / 20));
        let mut strings = Strings::default();
        for _ in 0..count {
            records.push(reader.record(&mut strings)?);
        }
        reader.bytes.is_empty().then_some(Cache { records })
    }

    /// Each commit's position in the chain.
    pub(super) fn positions(&self) -> HashMap<git2::Oid, usize> {
        self.records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect()
    }

    /// The chain from position `from` on.
    pub(super) fn records_from(&self, from: usize) -> &[Record] {
        self.records.get(from..).unwrap_or_default()
    }

    /// Writes the chain `new` followed by `rest` to `path`.
    pub(super) fn write(
        path: &Path,
        root: &str,
        new: &[Record],
        rest: &[Record],
    ) -> std::io::Result<()> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.string(env!("CARGO_PKG_VERSION"));
        out.string(root);
        out.u32(u32::try_from(new.len() + rest.len()).unwrap_or(u32::MAX));
        for record in new.iter().chain(rest) {
            out.record(record);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&out.bytes)?;
            std::fs::rename(&temporary, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result
    }
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn string(&mut self, text: &str) {
        self.u32(u32::try_from(text.len()).unwrap_or(u32::MAX));
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn option_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.bytes.push(1);
                self.string(text);
            }
            None => self.bytes.push(0),
        }
    }

    fn number(&mut self, value: Option<f64>) {
        match value {
            Some(value) => {
                self.bytes.push(1);
                self.bytes.extend_from_slice(&value.to_le_bytes());
            }
            None => self.bytes.push(0),
        }
    }

    fn record(&mut self, record: &Record) {
        self.bytes.extend_from_slice(record.id.as_bytes());
        self.u32(u32::try_from(record.entries.len()).unwrap_or(u32::MAX));
        let mut previous: Option<&Arc<CommitInfo>> = None;
        for entry in &record.entries {
            // The commit is written once for the entries that share it.
            if previous.is_some_and(|p| Arc::ptr_eq(p, &entry.commit)) {
                self.bytes.push(0);
            } else {
                self.bytes.push(1);
                let c = &entry.commit;
                self.string(&c.id);
                self.string(&c.author);
                self.string(&c.email);
                self.bytes.extend_from_slice(&c.time.to_le_bytes());
                self.bytes
                    .extend_from_slice(&c.offset_minutes.to_le_bytes());
                self.string(&c.message);
            }
            previous = Some(&entry.commit);
            self.string(&entry.path);
            self.string(&entry.period);
            self.string(&entry.team);
            self.string(&entry.change.objective);
            self.string(&entry.change.id);
            match &entry.change.before {
                Some(before) => {
                    self.bytes.push(1);
                    self.state(before);
                }
                None => self.bytes.push(0),
            }
            self.state(&entry.change.after);
        }
    }

    fn state(&mut self, state: &KrState) {
        self.string(&state.objective);
        self.string(&state.id);
        self.string(state.kind.as_str());
        self.option_string(state.unit.as_deref());
        for value in [
            state.baseline,
            state.target,
            state.current,
            state.confidence,
            state.weight,
        ] {
            self.number(value);
        }
    }
}

/// Strings seen before, so that the many copies of a team or a path share
/// one allocation while reading.
#[derive(Default)]
struct Strings {
    seen: HashMap<Vec<u8>, String>,
}

impl Strings {
    fn get(&mut self, bytes: &[u8]) -> Option<String> {
        if let Some(text) = self.seen.get(bytes) {
            return Some(text.clone());
        }
        let text = std::str::from_utf8(bytes).ok()?.to_owned();
        if bytes.len() <= 64 {
            self.seen.insert(bytes.to_vec(), text.clone());
        }
        Some(text)
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn raw_string(&mut self) -> Option<&'b [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    fn string(&mut self) -> Option<&'b str> {
        std::str::from_utf8(self.raw_string()?).ok()
    }

    fn interned(&mut self, strings: &mut Strings) -> Option<String> {
        let bytes = self.raw_string()?;
        strings.get(bytes)
    }

    fn number(&mut self) -> Option<Option<f64>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))),
            _ => None,
        }
    }

    fn record(&mut self, strings: &mut Strings) -> Option<Record> {
        let id = git2::Oid::from_bytes(self.take(20)?).ok()?;
        let count = self.u32()? as usize;
        let mut entries = Vec::with_capacity(count.min(self.bytes.len()));
        let mut commit: Option<Arc<CommitInfo>> = None;
        for _ in 0..count {
            if self.byte()? == 1 {
                commit = Some(Arc::new(CommitInfo {
                    id: self.string()?.to_owned(),
                    author: self.interned(strings)?,
                    email: self.interned(strings)?,
                    time: i64::from_le_bytes(self.take(8)?.try_into().ok()?),
                    offset_minutes: i32::from_le_bytes(self.take(4)?.try_into().ok()?),
                    message: self.string()?.to_owned(),
                }));
            }
            let path = self.interned(strings)?;
            let period = self.interned(strings)?;
            let team = self.interned(strings)?;
            let objective = self.interned(strings)?;
            let kr = self.interned(strings)?;
            let before = match self.byte()? {
                0 => None,
                1 => Some(self.state(strings)?),
                _ => return None,
            };
            let after = self.state(strings)?;
            entries.push(Entry {
                commit: commit.clone()?,
                path,
                period,
                team,
                change: KrChange {
                    objective,
                    id: kr,
                    before,
                    after,
                },
            });
        }
        Some(Record { id, entries })
    }

    fn state(&mut self, strings: &mut Strings) -> Option<KrState> {
        let objective = self.interned(strings)?;
        let id = self.interned(strings)?;
        let kind = KrKind::from_word(self.string()?)?;
        let unit = match self.byte()? {
            0 => None,
            1 => Some(self.interned(strings)?),
            _ => return None,
        };
        Some(KrState {
            objective,
            id,
            kind,
            unit,
            baseline: self.number()?,
            target: self.number()?,
            current: self.number()?,
            confidence: self.number()?,
            weight: self.number()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(commit: &Arc<CommitInfo>, value: f64) -> Entry {
        let state = KrState {
            objective: "o".into(),
            id: "k".into(),
            kind: KrKind::Metric,
            unit: Some("%".into()),
            baseline: Some(4.0),
            target: Some(2.8),
            current: Some(value),
            confidence: None,
            weight: Some(2.0),
        };
        Entry {
            commit: commit.clone(),
            path: "okrs/a.toml".into(),
            period: "2026-Q4".into(),
            team: "platform".into(),
            change: KrChange {
                objective: "o".into(),
                id: "k".into(),
                before: Some(KrState {
                    current: Some(3.6),
                    ..state.clone()
                }),
                after: state,
            },
        }
    }

    #[test]
    fn round_trip_and_refusals() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("okr/timeline-okrs");
        let commit = Arc::new(CommitInfo {
            id: "ab".repeat(20),
            author: "Ada".into(),
            email: "ada@example.com".into(),
            time: 1_700_000_000,
            offset_minutes: -90,
            message: "checkin\n\nnote\n".into(),
        });
        let id = |n: u8| git2::Oid::from_bytes(&[n; 20]);
        let new = [
            Record::of(id(1)?, vec![entry(&commit, 3.2), entry(&commit, 3.0)]),
            Record::empty(id(2)?),
        ];
        let rest = [Record::of(id(3)?, vec![entry(&commit, 3.4)])];
        Cache::write(&path, "okrs", &new, &rest)?;
        let cache = Cache::load(&path, "okrs").ok_or("the cache loads")?;
        let all: Vec<Record> = new.iter().chain(&rest).cloned().collect();
        assert_eq!(cache.records_from(0), &all[..]);
        assert_eq!(cache.positions().get(&id(3)?), Some(&2));
        assert_eq!(cache.records_from(2), &all[2..]);
        assert!(cache.records_from(9).is_empty());

        assert!(Cache::load(&path, "planning").is_none(), "another root");
        let mut bytes = std::fs::read(&path)?;
        bytes.push(0);
        std::fs::write(&path, &bytes)?;
        assert!(Cache::load(&path, "okrs").is_none(), "trailing bytes");
        for cut in [0, 10, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 2] {
            std::fs::write(&path, &bytes[..cut])?;
            assert!(Cache::load(&path, "okrs").is_none(), "cut at {cut}");
        }
        Ok(())
    }
}
