//! The timeline cache: every commit of a first-parent chain, newest first,
//! each with its entries, in compact binary files under the git folder.
//!
//! A segment file holds: a magic line and the length of the header; the
//! header (git-okr's version, the OKR root, the segment's link, a table of
//! the strings its entries use (teams, ids, paths, authors), each stored
//! once, and an index of its commits, each with where its record lies) and
//! its checksum; the records, each with its own checksum. Loading reads and
//! checks the header only; a replay streams the records from the file
//! through one buffer, checking and decoding each as it comes, so that a
//! 20 MB cache costs neither a 20 MB allocation nor a pass over it before
//! the first entry. A record whose checksum fails ends the replay at that
//! commit (the walk goes on from there in the repository). A rewrite copies
//! the records it keeps as bytes.
//!
//! The chain is a large base segment (`timeline-<root>`) and, after it, a
//! small head segment (`timeline-<root>.head`) with the commits made since:
//! the head names the base it continues (by a generation number) and the
//! position in it where it joins. A run that finds a few new commits
//! rewrites only the head; when the head grows past an eighth of the base,
//! the whole chain is written as a new base and the head removed.
//!
//! A segment written by another version, for another root, for another
//! base, or that does not hold together, is ignored (and rewritten by the
//! next walk). Each file is replaced whole through a temporary file, so a
//! reader never sees half of one.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use okr_model::KrKind;
use okr_model::snapshot::{KrChange, KrState};
use okr_model::timeline::{CommitInfo, Entry};

/// The first bytes of a cache file.
const MAGIC: &[u8; 25] = b"git-okr timeline cache 6\n";

/// A hasher for object ids, which are uniformly random already.
#[derive(Default)]
pub(super) struct OidHasher(u64);

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
}

/// Positions of commits in a chain.
pub(super) type Positions = HashMap<git2::Oid, usize, BuildHasherDefault<OidHasher>>;

/// A commit's new entries, before they are written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    pub(super) id: git2::Oid,
    pub(super) entries: Vec<Entry>,
}

/// How a replay ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Replay {
    /// Every entry was passed on.
    Done,
    /// The caller asked to stop.
    Stopped,
    /// The record of this commit is damaged; nothing of it was passed on.
    Damaged(git2::Oid),
}

/// What a segment continues: nothing (a base, with its generation), or a
/// base at a position (a head).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Base { generation: u64 },
    Head { generation: u64, join: u32 },
}

/// One file of the chain: its strings and index read and checked when it
/// is loaded; its records left in the file, read as they are replayed.
#[derive(Debug)]
struct Segment {
    link: Link,
    strings: Vec<Arc<str>>,
    /// Each commit's id and where its record lies among the records
    /// (length 0: a commit without entries).
    index: Vec<(git2::Oid, u32, u32)>,
    /// The file, kept open: when the cache is replaced after this segment
    /// was loaded, the records are still read from the version loaded.
    file: File,
    /// Where the records start in the file.
    records: u64,
}

impl Segment {
    fn load(path: &Path, root: &str) -> Option<Segment> {
        let mut file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut prelude = [0u8; MAGIC.len() + 8];
        file.read_exact(&mut prelude).ok()?;
        let (magic, length) = prelude.split_at(MAGIC.len());
        if magic != MAGIC {
            return None;
        }
        // The header, then its checksum, then the records.
        let length = u64::from_le_bytes(length.try_into().ok()?);
        let records = (prelude.len() as u64).checked_add(length)?.checked_add(8)?;
        if records > size {
            return None;
        }
        let mut header = vec![0; usize::try_from(length).ok()?.checked_add(8)?];
        file.read_exact(&mut header).ok()?;
        let (header, stored) = header.split_at(header.len() - 8);
        if checksum(header) != u64::from_le_bytes(stored.try_into().ok()?) {
            return None;
        }
        let mut reader = Reader { bytes: header };
        if reader.str()? != env!("CARGO_PKG_VERSION") || reader.str()? != root {
            return None;
        }
        let link = match reader.byte()? {
            0 => Link::Base {
                generation: reader.u64()?,
            },
            1 => Link::Head {
                generation: reader.u64()?,
                join: reader.u32()?,
            },
            _ => return None,
        };
        let count = reader.u32()? as usize;
        let mut strings = Vec::with_capacity(count.min(header.len()));
        for _ in 0..count {
            strings.push(Arc::from(reader.str()?));
        }
        let count = reader.u32()? as usize;
        let mut index = Vec::with_capacity(count.min(header.len() / 28));
        for _ in 0..count {
            let id = git2::Oid::from_bytes(reader.take(20)?).ok()?;
            index.push((id, reader.u32()?, reader.u32()?));
        }
        let room = size - records;
        let fits = reader.bytes.is_empty()
            && index
                .iter()
                .all(|&(_, at, len)| u64::from(at) + u64::from(len) <= room);
        fits.then_some(Segment {
            link,
            strings,
            index,
            file,
            records,
        })
    }

    /// The bytes of the records from position `from` up to `to`, read from
    /// the file: the records of a chain lie one after the other.
    fn read(&self, from: usize, to: usize) -> Option<(u32, Vec<u8>)> {
        let kept = self.index.get(from..to)?;
        let start = kept.first().map_or(0, |&(_, at, _)| at);
        let end = kept.last().map_or(start, |&(_, at, len)| at + len);
        let mut bytes = vec![0; end.checked_sub(start)? as usize];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(self.records + u64::from(start)))
            .ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some((start, bytes))
    }

    /// The entries of the record at position `i`; `None` when damaged.
    fn record(&self, i: usize) -> Option<Vec<Entry>> {
        let (_, bytes) = self.read(i, i + 1)?;
        decode(&bytes, &self.strings)
    }

    /// Replays the records from position `from` on. A second thread reads
    /// and decodes the records ahead of the caller.
    fn replay<E>(
        &self,
        from: usize,
        each: &mut impl FnMut(Entry) -> Result<bool, E>,
    ) -> Result<Replay, E> {
        /// Records decoded at a time.
        const CHUNK: usize = 512;
        std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel(4);
            scope.spawn(move || {
                let mut reader = RecordReader::new(self);
                let mut chunk = Vec::new();
                for (i, &(id, at, len)) in self.index.iter().enumerate().skip(from) {
                    let decoded =
                        reader.with(at, len as usize, |bytes| decode(bytes, &self.strings));
                    match decoded.flatten() {
                        Some(entries) => chunk.extend(entries),
                        None => {
                            // The records before it are passed on first.
                            if sender.send(Ok(std::mem::take(&mut chunk))).is_ok() {
                                let _ = sender.send(Err(id));
                            }
                            return;
                        }
                    }
                    if (i + 1 - from).is_multiple_of(CHUNK)
                        && sender.send(Ok(std::mem::take(&mut chunk))).is_err()
                    {
                        return;
                    }
                }
                let _ = sender.send(Ok(chunk));
            });
            for decoded in receiver {
                match decoded {
                    Ok(entries) => {
                        for entry in entries {
                            if !each(entry)? {
                                return Ok(Replay::Stopped);
                            }
                        }
                    }
                    Err(id) => return Ok(Replay::Damaged(id)),
                }
            }
            Ok(Replay::Done)
        })
    }
}

/// Reads a segment's records in order through one buffer, without copying
/// those that lie whole in it.
struct RecordReader<'s> {
    segment: &'s Segment,
    file: BufReader<&'s File>,
    /// Where `file` is among the records; `None` before the first read.
    position: Option<u64>,
    /// For a record that straddles the end of the buffer.
    scratch: Vec<u8>,
}

impl<'s> RecordReader<'s> {
    fn new(segment: &'s Segment) -> Self {
        RecordReader {
            segment,
            file: BufReader::with_capacity(1 << 18, &segment.file),
            position: None,
            scratch: Vec::new(),
        }
    }

    /// Calls `f` with the `len` bytes at `at`; `None` when they cannot be
    /// read.
    fn with<R>(&mut self, at: u32, len: usize, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let at = u64::from(at);
        if self.position != Some(at) {
            self.file
                .seek(SeekFrom::Start(self.segment.records + at))
                .ok()?;
        }
        self.position = Some(at + len as u64);
        let buffered = self.file.fill_buf().ok()?;
        if buffered.len() >= len {
            let result = f(&buffered[..len]);
            self.file.consume(len);
            return Some(result);
        }
        self.scratch.resize(len, 0);
        self.file.read_exact(&mut self.scratch).ok()?;
        Some(f(&self.scratch))
    }
}

/// One record's entries from its bytes: a checksum of the rest, then the
/// entries (no bytes: no entries). `None` unless the checksum matches and
/// the rest is exactly the entries.
fn decode(bytes: &[u8], strings: &[Arc<str>]) -> Option<Vec<Entry>> {
    if bytes.is_empty() {
        return Some(Vec::new());
    }
    let (stored, record) = bytes.split_at_checked(8)?;
    if checksum(record) != u64::from_le_bytes(stored.try_into().ok()?) {
        return None;
    }
    (Reader { bytes: record }).record(strings)
}

/// A segment being written: new records encoded, then kept ones copied.
struct Builder {
    table: Table,
    records: Vec<u8>,
    index: Vec<(git2::Oid, usize, usize)>,
}

impl Builder {
    /// A builder whose string table starts as `segment`'s, so that its
    /// records can be copied as they are.
    fn new(segment: Option<&Segment>) -> Self {
        let mut table = Table::default();
        for s in segment.map(|s| &s.strings[..]).unwrap_or_default() {
            table.intern(s);
        }
        Builder {
            table,
            records: Vec::new(),
            index: Vec::new(),
        }
    }

    fn push(&mut self, record: &Record) {
        let start = self.records.len();
        if !record.entries.is_empty() {
            // The checksum goes first, once the entries are encoded.
            self.records.extend_from_slice(&[0; 8]);
            encode(&mut self.records, &mut self.table, &record.entries);
            let sum = checksum(&self.records[start + 8..]);
            self.records[start..start + 8].copy_from_slice(&sum.to_le_bytes());
        }
        self.index
            .push((record.id, start, self.records.len() - start));
    }

    /// Copies `segment`'s records from position `from` up to `to`; the
    /// segment must be the one the builder was made with.
    fn copy(&mut self, segment: &Segment, from: usize, to: usize) -> std::io::Result<()> {
        let to = to.min(segment.index.len());
        if from >= to {
            return Ok(());
        }
        let (start, bytes) = segment
            .read(from, to)
            .ok_or_else(|| std::io::Error::other("the timeline cache cannot be read"))?;
        let offset = self.records.len();
        self.records.extend_from_slice(&bytes);
        for &(id, at, len) in &segment.index[from..to] {
            let at = (at - start) as usize;
            self.index.push((id, offset + at, len as usize));
        }
        Ok(())
    }

    fn write(self, path: &Path, root: &str, link: Link) -> std::io::Result<()> {
        let too_big = || std::io::Error::other("the timeline cache would pass 4 GiB");
        let mut header = Vec::with_capacity(self.index.len() * 28 + 4096);
        put_str(&mut header, env!("CARGO_PKG_VERSION"));
        put_str(&mut header, root);
        match link {
            Link::Base { generation } => {
                header.push(0);
                header.extend_from_slice(&generation.to_le_bytes());
            }
            Link::Head { generation, join } => {
                header.push(1);
                header.extend_from_slice(&generation.to_le_bytes());
                put_u32(&mut header, join);
            }
        }
        put_u32(
            &mut header,
            u32::try_from(self.table.strings.len()).map_err(|_| too_big())?,
        );
        for s in &self.table.strings {
            put_str(&mut header, s);
        }
        put_u32(
            &mut header,
            u32::try_from(self.index.len()).map_err(|_| too_big())?,
        );
        for (id, at, len) in self.index {
            header.extend_from_slice(id.as_bytes());
            put_u32(&mut header, u32::try_from(at).map_err(|_| too_big())?);
            put_u32(&mut header, u32::try_from(len).map_err(|_| too_big())?);
        }
        u32::try_from(self.records.len()).map_err(|_| too_big())?;
        let mut out = Vec::with_capacity(MAGIC.len() + 16 + header.len() + self.records.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(header.len() as u64).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&checksum(&header).to_le_bytes());
        out.extend_from_slice(&self.records);
        crate::replace::replace(path, &out, crate::replace::Durability::Cached)
    }
}

/// A checksum of `bytes` that any change of a byte alters (a multiplying
/// hash of each 8-byte word; not cryptographic: it tells damage from the
/// disk or a stray write, not tampering, which would need write access to
/// the git folder anyway). Fast enough for a 20 MB cache to cost a few
/// milliseconds.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = bytes.len() as u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash.rotate_left(23) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    hash ^ (hash >> 29)
}

/// The path of the head segment beside the base at `base`.
fn head_path(base: &Path) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(".head");
    PathBuf::from(name)
}

/// A loaded cache: a base segment and, maybe, a head that continues it.
#[derive(Debug)]
pub(super) struct Cache {
    base: Segment,
    /// The head, and the position in the base where its chain joins.
    head: Option<(Segment, usize)>,
}

impl Cache {
    /// Reads the cache at `path` (and its head) for `root`; `None` when
    /// there is none, or it is not one this version wrote for this root.
    pub(super) fn load(path: &Path, root: &str) -> Option<Cache> {
        let base = Segment::load(path, root)?;
        let Link::Base { generation } = base.link else {
            return None;
        };
        let head = Segment::load(&head_path(path), root).and_then(|head| match head.link {
            Link::Head {
                generation: g,
                join,
            } if g == generation && (join as usize) <= base.index.len() => {
                Some((head, join as usize))
            }
            _ => None,
        });
        Some(Cache { base, head })
    }

    /// The length of the head, and the base position after it.
    fn head_len(&self) -> (usize, usize) {
        self.head
            .as_ref()
            .map_or((0, 0), |(head, join)| (head.index.len(), *join))
    }

    /// Each commit's position in the chain.
    pub(super) fn positions(&self) -> Positions {
        let (len, join) = self.head_len();
        let base = self.base.index.get(join..).unwrap_or_default();
        let mut positions =
            Positions::with_capacity_and_hasher(len + base.len(), Default::default());
        let head = self
            .head
            .as_ref()
            .map(|(h, _)| &h.index[..])
            .unwrap_or_default();
        for (i, (id, _, _)) in head.iter().chain(base).enumerate() {
            positions.entry(*id).or_insert(i);
        }
        positions
    }

    /// How many commits the chain from position `from` holds.
    pub(super) fn len_from(&self, from: usize) -> usize {
        let (len, join) = self.head_len();
        (len + self.base.index.len().saturating_sub(join)).saturating_sub(from)
    }

    /// Calls `each` with every entry of the chain from position `from` on,
    /// newest first, until it returns `Ok(false)`. A record that does not
    /// decode ends the replay before any of its entries is passed on.
    pub(super) fn replay<E>(
        &self,
        from: usize,
        each: &mut impl FnMut(Entry) -> Result<bool, E>,
    ) -> Result<Replay, E> {
        let (len, join) = self.head_len();
        if let Some((head, _)) = &self.head
            && from < len
        {
            match head.replay(from, each)? {
                Replay::Done => {}
                other => return Ok(other),
            }
        }
        self.base.replay(join + from.saturating_sub(len), each)
    }

    /// Writes the chain `new` followed by `old`'s chain from position
    /// `from` (or `new` alone): as a new head when the result's head stays
    /// small beside the base, else as a new base.
    pub(super) fn write(
        path: &Path,
        root: &str,
        new: &[Record],
        old: Option<(&Cache, usize)>,
    ) -> std::io::Result<()> {
        if let Some((cache, from)) = old {
            let (len, join) = cache.head_len();
            let Link::Base { generation } = cache.base.link else {
                return Ok(());
            };
            // The kept part of the head, and where the chain joins the base.
            let (kept, join) = if from < len {
                (len - from, join)
            } else {
                (0, join + (from - len))
            };
            if (new.len() + kept) * 8 <= cache.base.index.len() {
                let head = cache.head.as_ref().map(|(h, _)| h);
                let mut builder = Builder::new(head);
                for record in new {
                    builder.push(record);
                }
                if let Some(head) = head {
                    builder.copy(head, from, len)?;
                }
                let join =
                    u32::try_from(join).map_err(|_| std::io::Error::other("too many commits"))?;
                return builder.write(&head_path(path), root, Link::Head { generation, join });
            }
        }
        // A new base: everything.
        let mut builder = Builder::new(old.map(|(cache, _)| &cache.base));
        for record in new {
            builder.push(record);
        }
        if let Some((cache, from)) = old {
            let (len, join) = cache.head_len();
            if let Some((head, _)) = &cache.head {
                // The head's records use the head's strings: re-encode them.
                for i in from.min(len)..len {
                    let (id, _, _) = head.index[i];
                    let entries = head
                        .record(i)
                        .ok_or_else(|| std::io::Error::other("a damaged record"))?;
                    builder.push(&Record { id, entries });
                }
            }
            builder.copy(
                &cache.base,
                join + from.saturating_sub(len),
                cache.base.index.len(),
            )?;
        }
        let generation = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        builder.write(path, root, Link::Base { generation })?;
        let _ = std::fs::remove_file(head_path(path));
        Ok(())
    }

    /// Removes the cache at `path`.
    pub(super) fn remove(path: &Path) {
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(head_path(path));
    }
}

/// The strings of a cache being written, each with its number.
#[derive(Default)]
struct Table {
    strings: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
}

impl Table {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.strings.len() as u32;
        let text: Arc<str> = Arc::from(text);
        self.strings.push(text.clone());
        self.numbers.insert(text, n);
        n
    }
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, u32::try_from(text.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(text.as_bytes());
}

fn put_number(out: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => {
            out.push(1);
            out.extend_from_slice(&value.to_le_bytes());
        }
        None => out.push(0),
    }
}

/// Encodes one commit's entries.
fn encode(out: &mut Vec<u8>, table: &mut Table, entries: &[Entry]) {
    put_u32(out, u32::try_from(entries.len()).unwrap_or(u32::MAX));
    let mut previous: Option<&Arc<CommitInfo>> = None;
    for entry in entries {
        // The commit is written once for the entries that share it.
        if previous.is_some_and(|p| Arc::ptr_eq(p, &entry.commit)) {
            out.push(0);
        } else {
            out.push(1);
            let c = &entry.commit;
            match git2::Oid::from_str(&c.id) {
                Ok(id) if c.id.len() == 40 => {
                    out.push(0);
                    out.extend_from_slice(id.as_bytes());
                }
                _ => {
                    out.push(1);
                    put_str(out, &c.id);
                }
            }
            put_u32(out, table.intern(&c.author));
            put_u32(out, table.intern(&c.email));
            out.extend_from_slice(&c.time.to_le_bytes());
            out.extend_from_slice(&c.offset_minutes.to_le_bytes());
            put_str(out, &c.message);
        }
        previous = Some(&entry.commit);
        for text in [
            &entry.path,
            &entry.period,
            &entry.team,
            &entry.change.objective,
            &entry.change.id,
        ] {
            put_u32(out, table.intern(text));
        }
        let after = &entry.change.after;
        match &entry.change.before {
            // The common case: only the check-in fields differ.
            Some(before)
                if KrState {
                    current: after.current,
                    confidence: after.confidence,
                    ..before.clone()
                } == *after =>
            {
                out.push(2);
                put_number(out, before.current);
                put_number(out, before.confidence);
            }
            Some(before) => {
                out.push(1);
                encode_state(out, table, before);
            }
            None => out.push(0),
        }
        encode_state(out, table, &entry.change.after);
    }
}

fn encode_state(out: &mut Vec<u8>, table: &mut Table, state: &KrState) {
    put_u32(out, table.intern(&state.objective));
    put_u32(out, table.intern(&state.id));
    out.push(match state.kind {
        KrKind::Metric => 0,
        KrKind::Milestone => 1,
    });
    match &state.unit {
        Some(unit) => {
            out.push(1);
            put_u32(out, table.intern(unit));
        }
        None => out.push(0),
    }
    for value in [
        state.baseline,
        state.target,
        state.current,
        state.confidence,
        state.weight,
    ] {
        put_number(out, value);
    }
}

/// How a record stores an entry's state before the change.
enum Before {
    /// A new key result.
    None,
    /// In full.
    State(KrState),
    /// As the state after, but for `current` and `confidence`.
    Values(Option<f64>, Option<f64>),
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

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<&'b str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn string(&mut self, strings: &[Arc<str>]) -> Option<Arc<str>> {
        strings.get(self.u32()? as usize).cloned()
    }

    fn number(&mut self) -> Option<Option<f64>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))),
            _ => None,
        }
    }

    /// One commit's entries; `None` unless the bytes are exactly that.
    fn record(mut self, strings: &[Arc<str>]) -> Option<Vec<Entry>> {
        let count = self.u32()? as usize;
        let mut entries = Vec::with_capacity(count.min(self.bytes.len()));
        let mut commit: Option<Arc<CommitInfo>> = None;
        for _ in 0..count {
            if self.byte()? == 1 {
                let id = match self.byte()? {
                    0 => git2::Oid::from_bytes(self.take(20)?).ok()?.to_string(),
                    1 => self.str()?.to_owned(),
                    _ => return None,
                };
                commit = Some(Arc::new(CommitInfo {
                    id,
                    author: self.string(strings)?.to_string(),
                    email: self.string(strings)?.to_string(),
                    time: i64::from_le_bytes(self.take(8)?.try_into().ok()?),
                    offset_minutes: i32::from_le_bytes(self.take(4)?.try_into().ok()?),
                    message: self.str()?.to_owned(),
                }));
            }
            let path = self.string(strings)?;
            let period = self.string(strings)?;
            let team = self.string(strings)?;
            let objective = self.string(strings)?;
            let id = self.string(strings)?;
            let before = match self.byte()? {
                0 => Before::None,
                1 => Before::State(self.state(strings)?),
                2 => Before::Values(self.number()?, self.number()?),
                _ => return None,
            };
            let after = self.state(strings)?;
            let before = match before {
                Before::None => None,
                Before::State(state) => Some(state),
                Before::Values(current, confidence) => Some(KrState {
                    current,
                    confidence,
                    ..after.clone()
                }),
            };
            entries.push(Entry {
                commit: commit.clone()?,
                path,
                period,
                team,
                change: KrChange {
                    objective,
                    id,
                    before,
                    after,
                },
            });
        }
        self.bytes.is_empty().then_some(entries)
    }

    fn state(&mut self, strings: &[Arc<str>]) -> Option<KrState> {
        let objective = self.string(strings)?;
        let id = self.string(strings)?;
        let kind = match self.byte()? {
            0 => KrKind::Metric,
            1 => KrKind::Milestone,
            _ => return None,
        };
        let unit = match self.byte()? {
            0 => None,
            1 => Some(self.string(strings)?),
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

    fn all(cache: &Cache, from: usize) -> Vec<Entry> {
        let mut entries = Vec::new();
        let done = cache.replay(from, &mut |e: Entry| -> Result<bool, ()> {
            entries.push(e);
            Ok(true)
        });
        assert_eq!(done, Ok(Replay::Done));
        entries
    }

    #[test]
    fn round_trip_extension_and_refusals() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("okr/timeline-okrs");
        let commit = |n: u8| {
            Arc::new(CommitInfo {
                id: format!("{n:02x}").repeat(20),
                author: "Ada".into(),
                email: "ada@example.com".into(),
                time: 1_700_000_000 + i64::from(n),
                offset_minutes: -90,
                message: format!("checkin {n}\n\nnote\n"),
            })
        };
        let id = |n: u8| git2::Oid::from_bytes(&[n; 20]);
        let (c1, c3) = (commit(1), commit(3));
        let first = [
            Record {
                id: id(1)?,
                entries: vec![entry(&c1, 3.2), entry(&c1, 3.0)],
            },
            Record {
                id: id(2)?,
                entries: Vec::new(),
            },
            Record {
                id: id(3)?,
                entries: vec![entry(&c3, 3.4)],
            },
        ];
        Cache::write(&path, "okrs", &first, None)?;
        let cache = Cache::load(&path, "okrs").ok_or("the cache loads")?;
        assert_eq!(
            all(&cache, 0),
            vec![entry(&c1, 3.2), entry(&c1, 3.0), entry(&c3, 3.4)]
        );
        assert_eq!(cache.positions().get(&id(3)?), Some(&2));
        assert_eq!(all(&cache, 2), vec![entry(&c3, 3.4)]);
        assert_eq!(cache.len_from(1), 2);

        // New commits on top of commit 2: commit 1 is not on this chain.
        let c9 = commit(9);
        let newer = [Record {
            id: id(9)?,
            entries: vec![entry(&c9, 2.9)],
        }];
        Cache::write(&path, "okrs", &newer, Some((&cache, 1)))?;
        let extended = Cache::load(&path, "okrs").ok_or("the cache loads")?;
        assert_eq!(all(&extended, 0), vec![entry(&c9, 2.9), entry(&c3, 3.4)]);
        assert_eq!(extended.positions().get(&id(1)?), None);
        assert_eq!(extended.positions().get(&id(2)?), Some(&1));

        // A changed byte in a record: the records before it are replayed,
        // then the replay names the commit whose record is damaged.
        let (_, at, len) = extended.base.index[2];
        let byte = (extended.base.records + u64::from(at + len) - 1) as usize;
        let mut bytes = std::fs::read(&path)?;
        bytes[byte] ^= 1;
        std::fs::write(&path, &bytes)?;
        let damaged = Cache::load(&path, "okrs").ok_or("the header is intact")?;
        let mut seen = Vec::new();
        let replayed = damaged.replay(0, &mut |e: Entry| -> Result<bool, ()> {
            seen.push(e);
            Ok(true)
        });
        assert_eq!(replayed, Ok(Replay::Damaged(id(3)?)));
        assert_eq!(seen, vec![entry(&c9, 2.9)]);

        assert!(Cache::load(&path, "planning").is_none(), "another root");
        let bytes = std::fs::read(&path)?;
        for cut in [0, 10, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 2] {
            std::fs::write(&path, &bytes[..cut])?;
            let damaged = Cache::load(&path, "okrs");
            let replayed =
                damaged.map(|c| c.replay(0, &mut |_: Entry| -> Result<bool, ()> { Ok(true) }));
            assert_ne!(replayed, Some(Ok(Replay::Done)), "cut at {cut}");
        }
        Ok(())
    }

    #[test]
    fn a_few_new_commits_go_to_a_head_until_it_grows() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("timeline-okrs");
        let commit = |n: u8| {
            Arc::new(CommitInfo {
                id: format!("{n:02x}").repeat(20),
                author: format!("Author {n}"),
                email: "a@example.com".into(),
                time: i64::from(n),
                offset_minutes: 0,
                message: format!("m{n}"),
            })
        };
        let record = |n: u8| -> Result<Record, git2::Error> {
            Ok(Record {
                id: git2::Oid::from_bytes(&[n; 20])?,
                entries: vec![entry(&commit(n), f64::from(n))],
            })
        };
        // A base of 32 commits, 100 down to 69.
        let base: Vec<Record> = (69..=100).rev().map(record).collect::<Result<_, _>>()?;
        Cache::write(&path, "okrs", &base, None)?;
        let values = |cache: &Cache, from: usize| -> Vec<f64> {
            all(cache, from)
                .iter()
                .filter_map(|e| e.change.after.current)
                .collect()
        };
        let expected = |top: &[u8], rest: std::ops::RangeInclusive<u8>| -> Vec<f64> {
            top.iter()
                .copied()
                .chain(rest.rev())
                .map(f64::from)
                .collect()
        };

        // Two new commits on top of 100: a head.
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        Cache::write(
            &path,
            "okrs",
            &[record(102)?, record(101)?],
            Some((&cache, 0)),
        )?;
        assert!(head_path(&path).exists());
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(values(&cache, 0), expected(&[102, 101], 69..=100));
        assert_eq!(
            cache.positions().get(&git2::Oid::from_bytes(&[100; 20])?),
            Some(&2)
        );
        assert_eq!(values(&cache, 3), expected(&[], 69..=99));

        // A rewritten tip: 103 on top of 101 (102 dropped).
        Cache::write(&path, "okrs", &[record(103)?], Some((&cache, 1)))?;
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(values(&cache, 0), expected(&[103, 101], 69..=100));
        // Joining deep in the base: 104 on top of 90.
        Cache::write(&path, "okrs", &[record(104)?], Some((&cache, 12)))?;
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(values(&cache, 0), expected(&[104], 69..=90));

        // A head that would pass an eighth of the base: a new base.
        let many: Vec<Record> = (105..=110).rev().map(record).collect::<Result<_, _>>()?;
        Cache::write(&path, "okrs", &many, Some((&cache, 0)))?;
        assert!(!head_path(&path).exists());
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(
            values(&cache, 0),
            expected(&[110, 109, 108, 107, 106, 105, 104], 69..=90)
        );

        // A head left from another base is not used.
        Cache::write(&path, "okrs", &[record(111)?], Some((&cache, 0)))?;
        let head = std::fs::read(head_path(&path))?;
        Cache::write(&path, "okrs", &base, None)?;
        std::fs::write(head_path(&path), head)?;
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(values(&cache, 0), expected(&[], 69..=100));
        Ok(())
    }

    #[test]
    fn every_shape_of_before_round_trips() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("timeline-okrs");
        let commit = Arc::new(CommitInfo {
            id: "not hex".into(),
            author: "Ada".into(),
            email: "ada@example.com".into(),
            time: 1,
            offset_minutes: 0,
            message: String::new(),
        });
        let values = entry(&commit, 3.0);
        let mut new = entry(&commit, 3.1);
        new.change.before = None;
        let mut moved_target = entry(&commit, 3.2);
        if let Some(before) = &mut moved_target.change.before {
            before.target = Some(3.0);
            before.unit = None;
        }
        let entries = vec![values, new, moved_target];
        let record = Record {
            id: git2::Oid::from_bytes(&[7; 20])?,
            entries: entries.clone(),
        };
        Cache::write(&path, "okrs", &[record], None)?;
        let cache = Cache::load(&path, "okrs").ok_or("loads")?;
        assert_eq!(all(&cache, 0), entries);
        Ok(())
    }
}
