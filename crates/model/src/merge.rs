//! The three-way merge of an OKR file, as git's merge driver does it: the
//! common ancestor (base), our version and their version in, one file out.
//!
//! The merge works on the TOML documents (`toml_edit`), field by field,
//! starting from *our* text, so our comments, key order, blank lines and
//! the spelling of every value survive; their changes are carried over one
//! field at a time.
//!
//! - **Fields.** A field changed on one side takes that side's value; changed
//!   on both sides to the same value, that value; to different values, it is
//!   a [`Conflict`]. A changed value keeps our decor (the spaces and the
//!   comment around it); a field they added goes after the field it follows
//!   in their file, with their comments.
//! - **Objectives and key results** are matched by `id`, wherever they sit
//!   in the file. One added on one side is added (after the one it follows
//!   on that side); removed on one side and untouched on the other, removed;
//!   removed on one side and changed on the other, a conflict. Added on both
//!   sides under the same id, their fields are merged as if the base had an
//!   empty one. Their order is ours.
//! - **Lists** (`aligns`, `measured_by`, the `[review]` lists, `[[needs]]`)
//!   are merged item by item, as git merges lines: items removed on one
//!   side are removed, items added on either side are added (both sides'
//!   additions at the same place are all kept, ours first, an item added on
//!   both sides once); the same item changed differently on both sides (or
//!   removed on one and replaced on the other) is a conflict on the whole
//!   list.
//! - **`version`** and **`status`** are fields like any other: both sides
//!   iterating 1.1 to 1.2 merge, one side at 1.2 and the other at 1.3 is a
//!   conflict, since two iterations made apart must be reconciled by a
//!   person (and each may already have its tag).
//!
//! A conflict leaves standard conflict markers (`<<<<<<<`, `|||||||` in the
//! diff3 style, `=======`, `>>>>>>>`) around the lines where the two
//! sides' choices differ, so git, editors and `git diff` see it, and is
//! returned as data ([`Conflict`]) for the caller to report.
//!
//! When a file cannot be merged by meaning (a side is not valid TOML, two
//! objectives or two key results of a list share an id, one has none), the
//! merge falls back to git's line-based three-way merge, with the same
//! markers; [`Method::Lines`] says why.
//!
//! Line endings: when every line of ours ends in CRLF, the three inputs are
//! read with LF and the result written back with CRLF.
//!
//! This module is pure: text in, text and values out. It never panics, on
//! any input.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::ops::Range;

use serde::Serialize;
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, TableLike, Value};

/// The conflict marker size git uses unless the `conflict-marker-size`
/// attribute says otherwise.
pub const DEFAULT_MARKER_SIZE: usize = 7;

/// The largest marker size honoured; larger ones are cut to it.
pub const MAX_MARKER_SIZE: usize = 256;

/// How a conflict is written between the markers, as git's
/// `merge.conflictStyle` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Ours and theirs (`<<<<<<<`, `=======`, `>>>>>>>`).
    #[default]
    Merge,
    /// Ours, the base and theirs (with `|||||||` before the base), as
    /// `diff3` and `zdiff3` write it.
    Diff3,
}

/// How conflict markers are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The length of each marker (`%L` of git's merge driver); cut to
    /// 1..=[`MAX_MARKER_SIZE`].
    pub marker_size: usize,
    /// The conflict style.
    pub style: Style,
    /// The name after `|||||||` in the diff3 style.
    pub base_label: String,
    /// The name after `<<<<<<<`: git writes `HEAD` for a merge.
    pub ours_label: String,
    /// The name after `>>>>>>>`: the branch merged in.
    pub theirs_label: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            marker_size: DEFAULT_MARKER_SIZE,
            style: Style::Merge,
            base_label: "base".to_owned(),
            ours_label: "ours".to_owned(),
            theirs_label: "theirs".to_owned(),
        }
    }
}

/// One of the three versions of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The common ancestor.
    Base,
    /// Ours: the branch being merged into.
    Ours,
    /// Theirs: the branch merged in.
    Theirs,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Base => "base",
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        })
    }
}

/// What kind of conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ConflictKind {
    /// Both sides changed the field (or list, or added it) differently.
    Changed,
    /// One side removed an objective or key result that the other changed.
    Removed {
        /// The side that removed it.
        by: Side,
    },
    /// Lines changed differently on both sides, in a file merged line by line.
    Lines,
}

/// A place both sides changed differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The line of the result where its `<<<<<<<` marker is, from 1. `None`
    /// in the rare case that the place cannot be told.
    pub line: Option<usize>,
    /// What it is about, as a reference: the set (`platform`), an objective
    /// (`platform/reliable-checkout`) or a key result
    /// (`platform/reliable-checkout/p99`). Empty for a line conflict.
    pub path: String,
    /// The field (`current`, `positioning.why`, `review.lessons`); `None`
    /// when the whole objective or key result is in conflict, or for a line
    /// conflict.
    pub field: Option<String>,
    /// What kind of conflict.
    pub kind: ConflictKind,
    /// The base's value as TOML (`3.6`, `"text"`); `None` when absent. For a
    /// removed objective or key result, the fields the other side changed, as
    /// the base had them; for a line conflict, the base's lines.
    pub base: Option<String>,
    /// Our value, likewise.
    pub ours: Option<String>,
    /// Their value, likewise.
    pub theirs: Option<String>,
}

/// Why a file was merged line by line instead of by meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fallback {
    /// The version that could not be read, when one is to blame.
    pub side: Option<Side>,
    /// What is wrong.
    pub message: String,
    /// Where, in that version: line from 1.
    pub line: Option<usize>,
    /// Column from 1, in characters.
    pub column: Option<usize>,
}

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(side) = self.side {
            write!(f, "{side}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

/// How the file was merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Method {
    /// By meaning, field by field.
    Fields,
    /// Line by line, as git would.
    Lines {
        /// Why it could not be merged by meaning.
        reason: Fallback,
    },
}

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged<T = String> {
    /// The merged file, with conflict markers where there are conflicts.
    pub text: T,
    /// The conflicts, in the order of the file.
    pub conflicts: Vec<Conflict>,
    /// How it was merged.
    pub method: Method,
}

impl<T> Merged<T> {
    /// Whether the merge has no conflicts.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Merges `ours` and `theirs`, two versions of a file descended from
/// `base`. See the [module documentation](self).
pub fn merge(base: &str, ours: &str, theirs: &str, options: &Options) -> Merged {
    let merged = merge_bytes(base.as_bytes(), ours.as_bytes(), theirs.as_bytes(), options);
    Merged {
        // Every input is UTF-8 and the markers are ASCII, so this is whole.
        text: String::from_utf8_lossy(&merged.text).into_owned(),
        conflicts: merged.conflicts,
        method: merged.method,
    }
}

/// [`merge`] for files as bytes: a version that is not UTF-8 is merged line
/// by line.
pub fn merge_bytes(base: &[u8], ours: &[u8], theirs: &[u8], options: &Options) -> Merged<Vec<u8>> {
    let options = Options {
        marker_size: options.marker_size.clamp(1, MAX_MARKER_SIZE),
        style: options.style,
        base_label: one_line(&options.base_label),
        ours_label: one_line(&options.ours_label),
        theirs_label: one_line(&options.theirs_label),
    };
    let crlf = uses_crlf(ours);
    let (base, ours, theirs) = if crlf {
        (to_lf(base), to_lf(ours), to_lf(theirs))
    } else {
        (base.to_vec(), ours.to_vec(), theirs.to_vec())
    };
    let mut merged = merge_lf(&base, &ours, &theirs, &options);
    if crlf {
        merged.text = to_crlf(&merged.text);
    }
    merged
}

/// A label as one line: control characters become spaces.
fn one_line(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Whether every line of `text` ends in CRLF (and there is one).
fn uses_crlf(text: &[u8]) -> bool {
    let mut newlines = 0;
    for (i, byte) in text.iter().enumerate() {
        if *byte == b'\n' {
            if i == 0 || text.get(i - 1) != Some(&b'\r') {
                return false;
            }
            newlines += 1;
        }
    }
    newlines > 0
}

/// `text` with each CRLF made LF.
fn to_lf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for (i, byte) in text.iter().enumerate() {
        if *byte == b'\r' && text.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(*byte);
    }
    out
}

/// `text` with each LF made CRLF.
fn to_crlf(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    for byte in text {
        if *byte == b'\n' {
            out.push(b'\r');
        }
        out.push(*byte);
    }
    out
}

/// The merge of three texts with LF line endings.
fn merge_lf(base: &[u8], ours: &[u8], theirs: &[u8], options: &Options) -> Merged<Vec<u8>> {
    let clean = |text: &[u8]| Merged {
        text: text.to_vec(),
        conflicts: Vec::new(),
        method: Method::Fields,
    };
    if theirs == base || ours == theirs {
        return clean(ours);
    }
    if ours == base {
        return clean(theirs);
    }
    let texts = text(Side::Base, base).and_then(|b| {
        let o = text(Side::Ours, ours)?;
        Ok((b, o, text(Side::Theirs, theirs)?))
    });
    let (base_text, ours_text, theirs_text) = match texts {
        Ok(texts) => texts,
        Err(reason) => return by_lines(base, ours, theirs, options, reason),
    };
    match by_fields(base_text, ours_text, theirs_text, options) {
        Ok(merged) => Merged {
            text: merged.text.into_bytes(),
            conflicts: merged.conflicts,
            method: merged.method,
        },
        Err(reason) => by_lines(base, ours, theirs, options, reason),
    }
}

/// The value that `conflict` is about, as `text` (a version of the file)
/// has it, in a canonical form that is equal for equal values: to find the
/// commit that changed it. `None` when the text cannot be read or the
/// place is not in it as a table; `Some(None)` when the field is absent.
pub fn value_of(text: &str, conflict: &Conflict) -> Option<Option<String>> {
    if conflict.kind == ConflictKind::Lines {
        return None;
    }
    let doc = text.parse::<DocumentMut>().ok()?;
    let team = doc.get("team").and_then(Item::as_str).unwrap_or_default();
    let mut ids: Vec<&str> = conflict.path.split('/').filter(|s| !s.is_empty()).collect();
    if !team.is_empty() && ids.first() == Some(&team) {
        ids.remove(0);
    }
    let mut table: &dyn TableLike = doc.as_table();
    for (depth, id) in ids.iter().enumerate() {
        let key = if depth == 0 {
            "objectives"
        } else {
            "key_results"
        };
        let found = table
            .get(key)
            .and_then(tables)?
            .into_iter()
            .find(|t| t.like().get("id").and_then(Item::as_str) == Some(id));
        match found {
            Some(element) => table = element.like(),
            None if depth + 1 == ids.len() && conflict.field.is_none() => return Some(None),
            None => return None,
        }
    }
    let Some(field) = &conflict.field else {
        return Some(Some(canon_table(table)));
    };
    let mut parts = field.split('.').peekable();
    while let Some(part) = parts.next() {
        let item = table.get(part).filter(|i| !i.is_none());
        if parts.peek().is_none() {
            return Some(canon(item));
        }
        match item.and_then(Item::as_table_like) {
            Some(next) => table = next,
            None => return Some(None),
        }
    }
    None
}

/// `bytes` as text; a fallback naming `side` when it is not UTF-8.
fn text(side: Side, bytes: &[u8]) -> Result<&str, Fallback> {
    std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = line_column_bytes(bytes, error.valid_up_to());
        Fallback {
            side: Some(side),
            message: "it is not UTF-8 text".to_owned(),
            line: Some(line),
            column: Some(column),
        }
    })
}

/// A fallback for something that should not happen.
fn internal(message: &str) -> Fallback {
    Fallback {
        side: None,
        message: message.to_owned(),
        line: None,
        column: None,
    }
}

/// The line merge, with `reason` as the method.
fn by_lines(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    options: &Options,
    reason: Fallback,
) -> Merged<Vec<u8>> {
    let (text, hunks) = lines::merge(base, ours, theirs, options, lines::Mode::Merge);
    let conflicts = hunks
        .into_iter()
        .map(|hunk| Conflict {
            line: Some(hunk.marker_line),
            path: String::new(),
            field: None,
            kind: ConflictKind::Lines,
            base: Some(String::from_utf8_lossy(&hunk.base_text).into_owned()),
            ours: Some(String::from_utf8_lossy(&hunk.ours_text).into_owned()),
            theirs: Some(String::from_utf8_lossy(&hunk.theirs_text).into_owned()),
        })
        .collect();
    Merged {
        text,
        conflicts,
        method: Method::Lines { reason },
    }
}

/// Line and column (from 1; the column in characters) of byte `offset`.
fn line_column_bytes(text: &[u8], offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(before.get(start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    (line, column)
}

/// What the merge picks at a conflict, to render each side's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Ours,
    Theirs,
    Base,
}

/// The three documents.
struct Docs {
    base: DocumentMut,
    ours: DocumentMut,
    theirs: DocumentMut,
}

/// Reads one version as a TOML document.
fn parse(side: Side, text: &str) -> Result<DocumentMut, Fallback> {
    text.parse::<DocumentMut>().map_err(|error| {
        let (line, column) = match error.span() {
            Some(span) => {
                let (line, column) = line_column_bytes(text.as_bytes(), span.start);
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        Fallback {
            side: Some(side),
            message: format!("it is not valid TOML: {}", error.message().trim()),
            line,
            column,
        }
    })
}

/// The merge by meaning; an error says why it cannot be done.
fn by_fields(base: &str, ours: &str, theirs: &str, options: &Options) -> Result<Merged, Fallback> {
    let docs = Docs {
        base: parse(Side::Base, base)?,
        ours: parse(Side::Ours, ours)?,
        theirs: parse(Side::Theirs, theirs)?,
    };
    let first = run(&docs, &|_| Pick::Ours)?;
    if first.conflicts.is_empty() {
        let text = if first.changed {
            first.doc.to_string()
        } else {
            ours.to_owned()
        };
        parses(&text)?;
        return Ok(Merged {
            text,
            conflicts: Vec::new(),
            method: Method::Fields,
        });
    }
    let with_ours = first.doc.to_string();
    let with_theirs = run(&docs, &|_| Pick::Theirs)?.doc.to_string();
    let with_base = run(&docs, &|_| Pick::Base)?.doc.to_string();
    for text in [&with_ours, &with_theirs, &with_base] {
        parses(text)?;
    }
    let (text, hunks) = lines::merge(
        with_base.as_bytes(),
        with_ours.as_bytes(),
        with_theirs.as_bytes(),
        options,
        lines::Mode::EveryDifference,
    );
    let text = String::from_utf8(text).map_err(|_| internal("the merge is not UTF-8"))?;
    let mut conflicts = first.conflicts;
    // Each conflict's place: the first line where taking their side of it
    // alone changes our rendering, and the hunk that holds that line.
    if conflicts.len() <= MAX_PLACED {
        let ours_lines = lines::split(with_ours.as_bytes());
        for index in 0..conflicts.len() {
            let alone = run(&docs, &|i| {
                if i == index { Pick::Theirs } else { Pick::Ours }
            })?
            .doc
            .to_string();
            let alone_lines = lines::split(alone.as_bytes());
            let first_difference = ours_lines
                .iter()
                .zip(&alone_lines)
                .take_while(|(a, b)| a == b)
                .count();
            let distance = |h: &&lines::Hunk| {
                h.ours.start.saturating_sub(first_difference)
                    + first_difference.saturating_sub(h.ours.end)
            };
            let hunk = hunks.iter().min_by_key(distance);
            if let Some(conflict) = conflicts.get_mut(index) {
                conflict.line = hunk.map(|h| h.marker_line);
            }
        }
    }
    Ok(Merged {
        text,
        conflicts,
        method: Method::Fields,
    })
}

/// Conflicts beyond this many are not placed on a line (each costs a merge).
const MAX_PLACED: usize = 64;

/// Checks that a merged text is TOML.
fn parses(text: &str) -> Result<(), Fallback> {
    text.parse::<DocumentMut>()
        .map(|_| ())
        .map_err(|_| internal("the merge by meaning does not make valid TOML"))
}

/// One run of the merge, with `pick` choosing the side of each conflict.
struct Run {
    doc: DocumentMut,
    conflicts: Vec<Conflict>,
    changed: bool,
}

fn run(docs: &Docs, pick: &dyn Fn(usize) -> Pick) -> Result<Run, Fallback> {
    let mut doc = docs.ours.clone();
    let team = [&docs.ours, &docs.theirs, &docs.base]
        .iter()
        .find_map(|d| d.get("team").and_then(Item::as_str).map(str::to_owned))
        .unwrap_or_default();
    let mut engine = Engine {
        pick,
        conflicts: Vec::new(),
        changed: false,
    };
    let at = Place {
        reference: team,
        fields: Vec::new(),
    };
    engine.table(
        &at,
        Some(docs.base.as_table()),
        Container::Table(doc.as_table_mut()),
        docs.theirs.as_table(),
    )?;
    Ok(Run {
        doc,
        conflicts: engine.conflicts,
        changed: engine.changed,
    })
}

/// Where the merge is: the reference of the set, objective or key result,
/// and the fields below it.
#[derive(Debug, Clone)]
struct Place {
    reference: String,
    fields: Vec<String>,
}

impl Place {
    /// The table under `key`.
    fn field(&self, key: &str) -> Place {
        let mut fields = self.fields.clone();
        fields.push(key.to_owned());
        Place {
            reference: self.reference.clone(),
            fields,
        }
    }

    /// The objective or key result `id`.
    fn element(&self, id: &str) -> Place {
        let reference = if self.reference.is_empty() {
            id.to_owned()
        } else {
            format!("{}/{id}", self.reference)
        };
        Place {
            reference,
            fields: Vec::new(),
        }
    }

    /// The name of field `key` here: `current`, `positioning.why`.
    fn name(&self, key: &str) -> String {
        let mut parts = self.fields.clone();
        parts.push(key.to_owned());
        parts.join(".")
    }

    /// For messages: `platform/reliable-checkout`, or `the top level`.
    fn describe(&self, key: &str) -> String {
        let name = self.name(key);
        if self.reference.is_empty() {
            format!("`{name}`")
        } else {
            format!("`{name}` of `{}`", self.reference)
        }
    }
}

/// A table of the merged document, standard or inline.
enum Container<'d> {
    Table(&'d mut Table),
    Inline(&'d mut InlineTable),
}

impl Container<'_> {
    fn like(&self) -> &dyn TableLike {
        match self {
            Container::Table(t) => *t,
            Container::Inline(t) => *t,
        }
    }

    fn like_mut(&mut self) -> &mut dyn TableLike {
        match self {
            Container::Table(t) => *t,
            Container::Inline(t) => *t,
        }
    }

    fn is_inline(&self) -> bool {
        matches!(self, Container::Inline(_))
    }

    fn keys(&self) -> Vec<String> {
        self.like().iter().map(|(k, _)| k.to_owned()).collect()
    }

    fn get(&self, key: &str) -> Option<&Item> {
        self.like().get(key).filter(|item| !item.is_none())
    }

    fn remove(&mut self, key: &str) -> bool {
        self.like_mut().remove(key).is_some()
    }

    /// Removes and returns the entry `key`, with its key's decor.
    fn remove_entry(&mut self, key: &str) -> Option<(Key, Item)> {
        match self {
            Container::Table(t) => t.remove_entry(key),
            Container::Inline(t) => t.remove_entry(key).map(|(k, v)| (k, Item::Value(v))),
        }
    }

    /// Adds `key = item` last, keeping the key's decor.
    fn push(&mut self, key: &Key, item: Item) {
        match self {
            Container::Table(t) => {
                t.insert_formatted(key, item);
            }
            Container::Inline(t) => {
                if let Ok(value) = item.into_value() {
                    t.insert_formatted(key, value);
                }
            }
        }
    }

    /// Adds `key = item` at index `at` of the keys.
    fn insert_at(&mut self, at: usize, key: &Key, item: Item) {
        let keys = self.keys();
        let tail: Vec<(Key, Item)> = keys
            .iter()
            .skip(at)
            .filter_map(|k| self.remove_entry(k))
            .collect();
        self.push(key, item);
        for (k, item) in tail {
            self.push(&k, item);
        }
    }

    /// The child table under `key`, to merge into.
    fn child(&mut self, key: &str) -> Option<Container<'_>> {
        match self.like_mut().get_mut(key)? {
            Item::Table(t) => Some(Container::Table(t)),
            Item::Value(Value::InlineTable(t)) => Some(Container::Inline(t)),
            _ => None,
        }
    }
}

/// What sort of item a value is, for the merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Absent,
    Table,
    List,
    Scalar,
}

fn shape(item: Option<&Item>) -> Shape {
    match item {
        None | Some(Item::None) => Shape::Absent,
        Some(Item::Table(_)) | Some(Item::Value(Value::InlineTable(_))) => Shape::Table,
        Some(Item::ArrayOfTables(_)) | Some(Item::Value(Value::Array(_))) => Shape::List,
        Some(Item::Value(_)) => Shape::Scalar,
    }
}

/// The keys whose lists hold elements with ids: objectives, key results.
fn has_ids(key: &str) -> bool {
    key == "objectives" || key == "key_results"
}

/// The merge engine: walks the merged document (a copy of ours) with base
/// and theirs beside it.
struct Engine<'p> {
    pick: &'p dyn Fn(usize) -> Pick,
    conflicts: Vec<Conflict>,
    changed: bool,
}

impl Engine<'_> {
    /// Records a conflict and returns what to do about it in this run.
    fn conflict(&mut self, conflict: Conflict) -> Pick {
        let pick = (self.pick)(self.conflicts.len());
        self.conflicts.push(conflict);
        pick
    }

    /// Merges table `theirs` (descended from `base`) into `ours`.
    fn table(
        &mut self,
        at: &Place,
        base: Option<&dyn TableLike>,
        mut ours: Container<'_>,
        theirs: &dyn TableLike,
    ) -> Result<(), Fallback> {
        let mut keys = ours.keys();
        for (key, _) in theirs.iter() {
            if ours.get(key).is_none() {
                keys.push(key.to_owned());
            }
        }
        for key in keys {
            let b = base.and_then(|t| t.get(&key)).filter(|i| !i.is_none());
            let t = theirs.get(&key).filter(|i| !i.is_none());
            self.key(at, &key, base, b, &mut ours, theirs, t)?;
        }
        Ok(())
    }

    /// Merges field `key`.
    #[allow(clippy::too_many_arguments)]
    fn key(
        &mut self,
        at: &Place,
        key: &str,
        base_table: Option<&dyn TableLike>,
        b: Option<&Item>,
        ours: &mut Container<'_>,
        theirs_table: &dyn TableLike,
        t: Option<&Item>,
    ) -> Result<(), Fallback> {
        let (co, ct) = (canon(ours.get(key)), canon(t));
        if co == ct {
            return Ok(());
        }
        match (shape(ours.get(key)), shape(t)) {
            (Shape::Table, Shape::Table) => {
                let (Some(theirs_child), Some(ours_child)) =
                    (t.and_then(Item::as_table_like), ours.child(key))
                else {
                    return Err(internal("a table vanished"));
                };
                let base_child = b.and_then(Item::as_table_like);
                return self.table(&at.field(key), base_child, ours_child, theirs_child);
            }
            (Shape::List, Shape::List) => {
                let (Some(o), Some(t)) = (ours.get(key).cloned(), t) else {
                    return Err(internal("a list vanished"));
                };
                if has_ids(key)
                    && let (Some(ot), Some(tt)) = (tables(&o), tables(t))
                {
                    let bt = match b.map(tables) {
                        Some(Some(bt)) => bt,
                        _ => Vec::new(),
                    };
                    return self.ids(at, key, &bt, &ot, ours, &tt);
                }
                return self.list(at, key, base_table, b, ours, theirs_table, t, &o);
            }
            // Every objective or key result removed on one side: the list is
            // merged element by element as an empty one, so that what the
            // other side left untouched is removed, and what it added or
            // changed is kept or is a conflict of that element.
            (Shape::Absent, Shape::List) | (Shape::List, Shape::Absent)
                if has_ids(key) && b.and_then(tables).is_some() =>
            {
                let empty = Item::ArrayOfTables(ArrayOfTables::new());
                if ours.get(key).is_none() {
                    ours.push(&Key::new(key), empty.clone());
                }
                let o = ours.get(key).cloned().unwrap_or_else(|| empty.clone());
                let (Some(bt), Some(ot), Some(tt)) =
                    (b.and_then(tables), tables(&o), tables(t.unwrap_or(&empty)))
                else {
                    return Err(internal("a list vanished"));
                };
                self.ids(at, key, &bt, &ot, ours, &tt)?;
                if ours
                    .get(key)
                    .and_then(tables)
                    .is_some_and(|left| left.is_empty())
                {
                    ours.remove(key);
                }
                return Ok(());
            }
            _ => {}
        }
        let cb = canon(b);
        if cb == co {
            self.set(ours, key, t, Some(theirs_table));
        } else if cb != ct {
            let conflict = Conflict {
                line: None,
                path: at.reference.clone(),
                field: Some(at.name(key)),
                kind: ConflictKind::Changed,
                base: b.map(show),
                ours: ours.get(key).map(show),
                theirs: t.map(show),
            };
            match self.conflict(conflict) {
                Pick::Ours => {}
                Pick::Theirs => self.set(ours, key, t, Some(theirs_table)),
                Pick::Base => self.set(ours, key, b, base_table),
            }
        }
        Ok(())
    }

    /// Sets `key` to `new` (removes it for `None`): a value keeps our decor;
    /// a new key goes after the key it follows in `source`.
    fn set(
        &mut self,
        ours: &mut Container<'_>,
        key: &str,
        new: Option<&Item>,
        source: Option<&dyn TableLike>,
    ) {
        let Some(new) = new else {
            if ours.remove(key) {
                self.changed = true;
            }
            return;
        };
        let mut item = prepare(new.clone(), ours.is_inline());
        self.changed = true;
        if let Some(slot) = ours.like_mut().get_mut(key).filter(|i| !i.is_none()) {
            match (slot, &mut item) {
                (Item::Value(old), Item::Value(value)) => {
                    *value.decor_mut() = old.decor().clone();
                    *old = value.clone();
                }
                (Item::Table(old), Item::Table(table)) => {
                    table.set_position(old.position());
                    *table.decor_mut() = old.decor().clone();
                    *old = table.clone();
                }
                (slot, item) => *slot = item.clone(),
            }
            return;
        }
        let formatted = source
            .and_then(|s| s.get_key_value(key))
            .map_or_else(|| Key::new(key), |(k, _)| k.clone());
        let index = source.map_or(usize::MAX, |s| {
            let order: Vec<&str> = s.iter().map(|(k, _)| k).collect();
            let mine = ours.keys();
            let before = order.iter().position(|k| *k == key).unwrap_or(order.len());
            order
                .get(..before)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|k| mine.iter().position(|m| m == k))
                .map_or(0, |i| i + 1)
        });
        let count = ours.keys().len();
        if let (Container::Inline(table), Item::Value(value)) = (&mut *ours, &mut item) {
            // In an inline table the space before `}` is the last value's
            // suffix: a value added last takes it over.
            let last = table.iter_mut().last().map(|(_, v)| v);
            if index >= count
                && let Some(last) = last
            {
                let suffix = last.decor().suffix().cloned();
                last.decor_mut().set_suffix("");
                value.decor_mut().set_prefix(" ");
                if let Some(suffix) = suffix {
                    value.decor_mut().set_suffix(suffix);
                }
            } else {
                value.decor_mut().set_prefix(" ");
                value.decor_mut().set_suffix("");
            }
        }
        if index >= count {
            ours.push(&formatted, item);
        } else {
            ours.insert_at(index, &formatted, item);
        }
    }

    /// Merges a list of objectives or key results, matched by id.
    fn ids(
        &mut self,
        at: &Place,
        key: &str,
        base: &[Elem<'_>],
        ours_tables: &[Elem<'_>],
        ours: &mut Container<'_>,
        theirs: &[Elem<'_>],
    ) -> Result<(), Fallback> {
        let describe = |side| (side, at.describe(key));
        let base_ids = ids(base, describe(Side::Base))?;
        let ours_ids = ids(ours_tables, describe(Side::Ours))?;
        let theirs_ids = ids(theirs, describe(Side::Theirs))?;
        let find = |list: &[String], id: &str| list.iter().position(|i| i == id);

        let mut removed: HashSet<usize> = HashSet::new();
        let mut restored: Vec<(usize, usize)> = Vec::new();
        for (index, id) in ours_ids.iter().enumerate() {
            let in_base = find(&base_ids, id);
            match find(&theirs_ids, id) {
                Some(ti) => {
                    let (Some(theirs_element), Some(element)) =
                        (theirs.get(ti), element(ours, key, index))
                    else {
                        return Err(internal("an element vanished"));
                    };
                    let base_element = in_base.and_then(|bi| base.get(bi)).map(|e| e.like());
                    self.table(
                        &at.element(id),
                        base_element,
                        element,
                        theirs_element.like(),
                    )?;
                }
                None => {
                    let (Some(bi), Some(mine)) = (in_base, ours_tables.get(index)) else {
                        continue;
                    };
                    let Some(base_element) = base.get(bi) else {
                        continue;
                    };
                    if canon_table(base_element.like()) == canon_table(mine.like()) {
                        removed.insert(index);
                        continue;
                    }
                    let (before, after) = changes(base_element.like(), mine.like());
                    let conflict = Conflict {
                        line: None,
                        path: at.element(id).reference,
                        field: None,
                        kind: ConflictKind::Removed { by: Side::Theirs },
                        base: Some(before),
                        ours: Some(after),
                        theirs: None,
                    };
                    match self.conflict(conflict) {
                        Pick::Ours => {}
                        Pick::Theirs => {
                            removed.insert(index);
                        }
                        Pick::Base => restored.push((index, bi)),
                    }
                }
            }
        }

        // Elements of theirs (or the base) to add: (source, index there).
        let mut added: Vec<(Side, usize)> = Vec::new();
        for (ti, id) in theirs_ids.iter().enumerate() {
            if find(&ours_ids, id).is_some() {
                continue;
            }
            let Some(bi) = find(&base_ids, id) else {
                added.push((Side::Theirs, ti));
                continue;
            };
            let (Some(base_element), Some(theirs_element)) = (base.get(bi), theirs.get(ti)) else {
                continue;
            };
            if canon_table(base_element.like()) == canon_table(theirs_element.like()) {
                continue;
            }
            let (before, after) = changes(base_element.like(), theirs_element.like());
            let conflict = Conflict {
                line: None,
                path: at.element(id).reference,
                field: None,
                kind: ConflictKind::Removed { by: Side::Ours },
                base: Some(before),
                ours: None,
                theirs: Some(after),
            };
            match self.conflict(conflict) {
                Pick::Ours => {}
                Pick::Theirs => added.push((Side::Theirs, ti)),
                Pick::Base => added.push((Side::Base, bi)),
            }
        }

        if removed.is_empty() && restored.is_empty() && added.is_empty() {
            return Ok(());
        }
        self.changed = true;
        // The new order: ours (less the removed), then each added element
        // after the one it follows on its side.
        #[derive(Clone, Copy)]
        enum Origin {
            Ours(usize),
            Other(Side, usize),
        }
        let mut order: Vec<(String, Origin)> = ours_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !removed.contains(i))
            .map(|(i, id)| (id.clone(), Origin::Ours(i)))
            .collect();
        for (side, index) in &added {
            let side_ids = if *side == Side::Base {
                &base_ids
            } else {
                &theirs_ids
            };
            let Some(id) = side_ids.get(*index) else {
                continue;
            };
            let position = side_ids
                .get(..*index)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|prev| order.iter().position(|(o, _)| o == prev))
                .map_or(0, |i| i + 1);
            // After what ours added at the same place: ours first.
            let position = position
                + order
                    .get(position..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(o, from)| {
                        matches!(from, Origin::Ours(_)) && !side_ids.contains(o)
                    })
                    .count();
            order.insert(position, (id.clone(), Origin::Other(*side, *index)));
        }
        let Some(slot) = ours.like_mut().get_mut(key) else {
            return Err(internal("a list vanished"));
        };
        let source = |side: Side, index: usize| -> Option<Elem<'_>> {
            match side {
                Side::Base => base.get(index).copied(),
                _ => theirs.get(index).copied(),
            }
        };
        match slot {
            Item::ArrayOfTables(array) => {
                let old: Vec<Table> = array.iter().cloned().collect();
                for (index, bi) in &restored {
                    if let (Some(mine), Some(base_element)) = (old.get(*index), base.get(*bi)) {
                        let mut table = base_element.to_table();
                        table.set_position(mine.position());
                        *table.decor_mut() = mine.decor().clone();
                        array.replace(*index, table);
                    }
                }
                let old: Vec<Table> = array.iter().cloned().collect();
                let mut new = ArrayOfTables::new();
                for (_, from) in order {
                    match from {
                        Origin::Ours(i) => {
                            if let Some(table) = old.get(i) {
                                new.push(table.clone());
                            }
                        }
                        Origin::Other(side, i) => {
                            if let Some(element) = source(side, i) {
                                new.push(element.to_table());
                            }
                        }
                    }
                }
                *array = new;
            }
            Item::Value(Value::Array(array)) => {
                for (index, bi) in &restored {
                    if let (Some(mine), Some(base_element)) = (array.get(*index), base.get(*bi)) {
                        let mut table = base_element.to_inline();
                        *table.decor_mut() = mine.decor().clone();
                        array.replace_formatted(*index, Value::InlineTable(table));
                    }
                }
                let old: Vec<Value> = array.iter().cloned().collect();
                let others = old.get(1).map(|v| v.decor().clone());
                let mut new = array.clone();
                new.clear();
                for (position, (_, from)) in order.into_iter().enumerate() {
                    match from {
                        Origin::Ours(i) => {
                            if let Some(value) = old.get(i) {
                                new.push_formatted(value.clone());
                            }
                        }
                        Origin::Other(side, i) => {
                            if let Some(element) = source(side, i) {
                                let mut value = Value::InlineTable(element.to_inline());
                                match (&others, position) {
                                    (Some(decor), p) if p > 0 => *value.decor_mut() = decor.clone(),
                                    _ => {}
                                }
                                new.push_formatted(value);
                            }
                        }
                    }
                }
                *array = new;
            }
            _ => return Err(internal("a list changed shape")),
        }
        Ok(())
    }

    /// Merges a list of values or of tables without ids, item by item.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        at: &Place,
        key: &str,
        base_table: Option<&dyn TableLike>,
        b: Option<&Item>,
        ours: &mut Container<'_>,
        theirs_table: &dyn TableLike,
        t: &Item,
        o: &Item,
    ) -> Result<(), Fallback> {
        let be: Vec<String> = b.map(list_canon).unwrap_or_default();
        let oe = list_canon(o);
        let te = list_canon(t);
        let Some(merged) = lines::merge_list(&be, &oe, &te) else {
            let conflict = Conflict {
                line: None,
                path: at.reference.clone(),
                field: Some(at.name(key)),
                kind: ConflictKind::Changed,
                base: b.map(show),
                ours: Some(show(o)),
                theirs: Some(show(t)),
            };
            match self.conflict(conflict) {
                Pick::Ours => {}
                Pick::Theirs => self.set(ours, key, Some(t), Some(theirs_table)),
                Pick::Base => self.set(ours, key, b, base_table),
            }
            return Ok(());
        };
        let picked: Vec<&String> = merged
            .iter()
            .filter_map(|(side, i)| match side {
                Side::Theirs => te.get(*i),
                _ => oe.get(*i),
            })
            .collect();
        if picked.iter().copied().eq(oe.iter()) {
            return Ok(());
        }
        if picked.iter().copied().eq(te.iter()) {
            self.set(ours, key, Some(t), Some(theirs_table));
            return Ok(());
        }
        self.changed = true;
        let Some(slot) = ours.like_mut().get_mut(key) else {
            return Err(internal("a list vanished"));
        };
        let theirs_values = values(t);
        match slot {
            Item::ArrayOfTables(array) => {
                let old: Vec<Table> = array.iter().cloned().collect();
                let mut new = ArrayOfTables::new();
                for (side, i) in merged {
                    let table = match side {
                        Side::Theirs => theirs_values.get(i).map(|v| as_table_item(v)),
                        _ => old.get(i).cloned(),
                    };
                    if let Some(table) = table {
                        new.push(table);
                    }
                }
                *array = new;
            }
            Item::Value(Value::Array(array)) => {
                let old: Vec<Value> = array.iter().cloned().collect();
                let first = old.first().map(|v| v.decor().clone());
                let others = old.get(1).map(|v| v.decor().clone()).or_else(|| {
                    // One item: the others are spaced as a one-line list is.
                    first.as_ref().map(|_| toml_edit::Decor::new(" ", ""))
                });
                let mut new = array.clone();
                new.clear();
                for (position, (side, i)) in merged.into_iter().enumerate() {
                    let value = match side {
                        Side::Theirs => theirs_values.get(i).map(|v| {
                            let mut value = v.as_value();
                            let decor = if position == 0 { &first } else { &others };
                            if let Some(decor) = decor {
                                *value.decor_mut() = decor.clone();
                            }
                            value
                        }),
                        _ => old.get(i).map(|v| {
                            let mut value = v.clone();
                            if position > 0
                                && i == 0
                                && let Some(decor) = &others
                            {
                                *value.decor_mut() = decor.clone();
                            }
                            if position == 0
                                && i > 0
                                && let Some(decor) = &first
                            {
                                *value.decor_mut() = decor.clone();
                            }
                            value
                        }),
                    };
                    if let Some(value) = value {
                        new.push_formatted(value);
                    }
                }
                *array = new;
            }
            _ => return Err(internal("a list changed shape")),
        }
        Ok(())
    }
}

/// An element of a list: a table of an array of tables, or a value.
enum ListValue<'a> {
    Table(&'a Table),
    Value(&'a Value),
}

impl ListValue<'_> {
    fn as_value(&self) -> Value {
        match self {
            ListValue::Table(t) => Value::InlineTable((*t).clone().into_inline_table()),
            ListValue::Value(v) => (*v).clone(),
        }
    }
}

/// The elements of a list.
fn values(item: &Item) -> Vec<ListValue<'_>> {
    match item {
        Item::ArrayOfTables(a) => a.iter().map(ListValue::Table).collect(),
        Item::Value(Value::Array(a)) => a.iter().map(ListValue::Value).collect(),
        _ => Vec::new(),
    }
}

/// A list element as a table of an array of tables, placed after the table
/// before it.
fn as_table_item(value: &ListValue<'_>) -> Table {
    let mut table = match value {
        ListValue::Table(t) => (*t).clone(),
        ListValue::Value(Value::InlineTable(t)) => t.clone().into_table(),
        ListValue::Value(_) => Table::new(),
    };
    unplace_table(&mut table);
    table
}

/// The canonical text of each element of a list.
fn list_canon(item: &Item) -> Vec<String> {
    values(item)
        .iter()
        .map(|v| {
            let mut out = String::new();
            match v {
                ListValue::Table(t) => write_table(*t, &mut out),
                ListValue::Value(v) => write_value(v, &mut out),
            }
            out
        })
        .collect()
}

/// The mutable element `index` of the list under `key`.
fn element<'c>(ours: &'c mut Container<'_>, key: &str, index: usize) -> Option<Container<'c>> {
    match ours.like_mut().get_mut(key)? {
        Item::ArrayOfTables(a) => a.get_mut(index).map(Container::Table),
        Item::Value(Value::Array(a)) => match a.get_mut(index)? {
            Value::InlineTable(t) => Some(Container::Inline(t)),
            _ => None,
        },
        _ => None,
    }
}

/// A table of a list of tables: standard or inline.
#[derive(Clone, Copy)]
enum Elem<'a> {
    Table(&'a Table),
    Inline(&'a InlineTable),
}

impl<'a> Elem<'a> {
    fn like(self) -> &'a dyn TableLike {
        match self {
            Elem::Table(t) => t,
            Elem::Inline(t) => t,
        }
    }

    /// As a standard table, with its decor (the comments above it), placed
    /// after the table before it.
    fn to_table(self) -> Table {
        let mut table = match self {
            Elem::Table(t) => t.clone(),
            Elem::Inline(t) => t.clone().into_table(),
        };
        unplace_table(&mut table);
        table
    }

    /// As an inline table.
    fn to_inline(self) -> InlineTable {
        match self {
            Elem::Table(t) => t.clone().into_inline_table(),
            Elem::Inline(t) => t.clone(),
        }
    }
}

/// The tables of a list, when every element is one.
fn tables(item: &Item) -> Option<Vec<Elem<'_>>> {
    match item {
        Item::ArrayOfTables(a) => Some(a.iter().map(Elem::Table).collect()),
        Item::Value(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_inline_table().map(Elem::Inline))
            .collect(),
        _ => None,
    }
}

/// The ids of `tables`, which must each have a string id, all different.
fn ids(tables: &[Elem<'_>], (side, place): (Side, String)) -> Result<Vec<String>, Fallback> {
    let mut seen = HashSet::new();
    let mut ids = Vec::with_capacity(tables.len());
    for table in tables {
        let Some(id) = table.like().get("id").and_then(Item::as_str) else {
            return Err(Fallback {
                side: Some(side),
                message: format!("an element of {place} has no `id`"),
                line: None,
                column: None,
            });
        };
        if !seen.insert(id) {
            return Err(Fallback {
                side: Some(side),
                message: format!("two elements of {place} have the id `{id}`"),
                line: None,
                column: None,
            });
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}

/// `item` made fit for its new place: a value in an inline table, and
/// tables placed after the table before them rather than where they were
/// in their own file.
fn prepare(item: Item, inline: bool) -> Item {
    let mut item = if inline {
        match item.into_value() {
            Ok(value) => Item::Value(value),
            Err(item) => item,
        }
    } else {
        item
    };
    unplace(&mut item);
    item
}

/// Clears the document positions of the tables in `item`.
fn unplace(item: &mut Item) {
    match item {
        Item::Table(t) => unplace_table(t),
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                unplace_table(t);
            }
        }
        _ => {}
    }
}

fn unplace_table(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        unplace(item);
    }
}

/// The canonical text of an item: equal for equal TOML values whatever
/// their formatting; `None` when absent.
fn canon(item: Option<&Item>) -> Option<String> {
    let item = item?;
    let mut out = String::new();
    match item {
        Item::None => return None,
        Item::Value(v) => write_value(v, &mut out),
        Item::Table(t) => write_table(t, &mut out),
        Item::ArrayOfTables(a) => {
            out.push('[');
            for t in a.iter() {
                write_table(t, &mut out);
                out.push(',');
            }
            out.push(']');
        }
    }
    Some(out)
}

fn canon_table(table: &dyn TableLike) -> String {
    let mut out = String::new();
    write_table(table, &mut out);
    out
}

fn write_table(table: &dyn TableLike, out: &mut String) {
    let sorted: BTreeMap<&str, Option<String>> = table
        .iter()
        .map(|(k, item)| (k, canon(Some(item))))
        .collect();
    out.push('{');
    for (key, value) in sorted {
        if let Some(value) = value {
            out.push_str(&format!("{key:?}={value},"));
        }
    }
    out.push('}');
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(&format!("{:?}", s.value())),
        Value::Integer(i) => {
            let i = *i.value();
            if i.unsigned_abs() < (1 << 53) {
                out.push_str(&format!("{:?}", i as f64));
            } else {
                out.push_str(&i.to_string());
            }
        }
        Value::Float(f) => out.push_str(&format!("{:?}", f.value())),
        Value::Boolean(b) => out.push_str(if *b.value() { "true" } else { "false" }),
        Value::Datetime(d) => out.push_str(&format!("d{}", d.value())),
        Value::Array(a) => {
            out.push('[');
            for v in a.iter() {
                write_value(v, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::InlineTable(t) => write_table(t, out),
    }
}

/// An item as short TOML, for a report: `3.2`, `"text"`, `["a", "b"]`.
fn show(item: &Item) -> String {
    match item {
        Item::None => String::new(),
        Item::Value(v) => show_value(v),
        Item::Table(t) => show_table(t),
        Item::ArrayOfTables(a) => {
            let parts: Vec<String> = a.iter().map(|t| show_table(t)).collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

fn show_value(value: &Value) -> String {
    match value {
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(show_value).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::InlineTable(t) => show_table(t),
        scalar => scalar.clone().decorated("", "").to_string(),
    }
}

fn show_table(table: &dyn TableLike) -> String {
    let parts: Vec<String> = table
        .iter()
        .filter(|(_, item)| !item.is_none())
        .map(|(k, item)| format!("{k} = {}", show(item)))
        .collect();
    if parts.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// The fields `side` changed from `base`, as `key = value` lists: the base's
/// values of those fields, and the side's.
fn changes(base: &dyn TableLike, side: &dyn TableLike) -> (String, String) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut keys: Vec<&str> = base.iter().map(|(k, _)| k).collect();
    for (k, _) in side.iter() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for key in keys {
        let (b, s) = (base.get(key), side.get(key));
        if canon(b) == canon(s) {
            continue;
        }
        match b {
            Some(b) if !b.is_none() => before.push(format!("{key} = {}", show(b))),
            _ => before.push(format!("{key} absent")),
        }
        match s {
            Some(s) if !s.is_none() => after.push(format!("{key} = {}", show(s))),
            _ => after.push(format!("{key} removed")),
        }
    }
    (before.join(", "), after.join(", "))
}

/// The line-based three-way merge (git's, in its plain form) and the item
/// merge of lists, over one diff3 core.
mod lines {
    use super::{Options, Range, Style};

    /// Which differences are conflicts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum Mode {
        /// As git: a change on one side only is taken.
        Merge,
        /// Every place where ours and theirs differ is a conflict: for
        /// rendering conflicts between two versions of a merged document.
        EveryDifference,
    }

    /// A conflict of a line merge.
    #[derive(Debug, Clone)]
    pub(super) struct Hunk {
        /// The line of the output where its `<<<<<<<` is, from 1.
        pub marker_line: usize,
        /// Its lines in ours, by index.
        pub ours: Range<usize>,
        /// Ours, the base and theirs in it.
        pub ours_text: Vec<u8>,
        pub base_text: Vec<u8>,
        pub theirs_text: Vec<u8>,
    }

    /// `text` as lines, each with its `\n` (the last may lack one).
    pub(super) fn split(text: &[u8]) -> Vec<&[u8]> {
        text.split_inclusive(|b| *b == b'\n').collect()
    }

    /// Runs of a three-way comparison.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(super) enum Chunk {
        /// The same in all three: these lines of ours.
        Stable(Range<usize>),
        /// Different somewhere.
        Unstable {
            base: Range<usize>,
            ours: Range<usize>,
            theirs: Range<usize>,
        },
    }

    /// The diff3 chunks of `ours` and `theirs` against `base`.
    pub(super) fn chunks<T: Eq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Chunk> {
        let to_ours = matches_of(base, ours);
        let to_theirs = matches_of(base, theirs);
        let (nb, na, nt) = (base.len(), ours.len(), theirs.len());
        let (mut lo, mut la, mut lt) = (0, 0, 0);
        let mut chunks = Vec::new();
        loop {
            let start = la;
            while lo < nb
                && to_ours.get(lo).copied().flatten() == Some(la)
                && to_theirs.get(lo).copied().flatten() == Some(lt)
            {
                lo += 1;
                la += 1;
                lt += 1;
            }
            if la > start {
                chunks.push(Chunk::Stable(start..la));
            }
            if lo >= nb && la >= na && lt >= nt {
                break;
            }
            let mut o = lo;
            while o < nb
                && !(to_ours.get(o).copied().flatten().is_some()
                    && to_theirs.get(o).copied().flatten().is_some())
            {
                o += 1;
            }
            let (ea, et) = match (
                to_ours.get(o).copied().flatten(),
                to_theirs.get(o).copied().flatten(),
            ) {
                (Some(a), Some(t)) if o < nb => (a, t),
                _ => (na, nt),
            };
            // The matches are increasing, so this always moves on; guard
            // anyway, so that a broken match can never loop.
            let (ea, et) = (ea.max(la), et.max(lt));
            if o == lo && ea == la && et == lt {
                chunks.push(Chunk::Unstable {
                    base: lo..nb,
                    ours: la..na,
                    theirs: lt..nt,
                });
                break;
            }
            chunks.push(Chunk::Unstable {
                base: lo..o,
                ours: la..ea,
                theirs: lt..et,
            });
            lo = o;
            la = ea;
            lt = et;
        }
        chunks
    }

    /// The chunks of a two-way comparison of `ours` and `theirs`: every
    /// difference is its own chunk, its base range found through the base's
    /// matches with ours. An insertion or removal that could sit at several
    /// places (a block of lines that repeats the lines around it) is put
    /// where it reads best: starting at a blank line, ending before one.
    pub(super) fn two_way<T: AsRef<[u8]> + Eq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Chunk> {
        let pairs = lcs(ours, theirs);
        let mut hunks: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let (mut a, mut t) = (0, 0);
        for (i, j) in pairs.iter().copied().chain([(ours.len(), theirs.len())]) {
            if i > a || j > t {
                hunks.push((a..i, t..j));
            }
            a = i + 1;
            t = j + 1;
        }
        // Slide each pure insertion or removal within the stable lines
        // around it.
        let mut floor_o = 0;
        let mut floor_t = 0;
        for index in 0..hunks.len() {
            let (ceil_o, ceil_t) = hunks
                .get(index + 1)
                .map_or((ours.len(), theirs.len()), |(o, t)| (o.start, t.start));
            let Some((o, t)) = hunks.get(index).cloned() else {
                break;
            };
            let slid = if o.is_empty() {
                slide(theirs, t.clone(), floor_t, ceil_t)
                    .map(|(new, shift)| (shifted(&o, shift), new))
            } else if t.is_empty() {
                slide(ours, o.clone(), floor_o, ceil_o)
                    .map(|(new, shift)| (new, shifted(&t, shift)))
            } else {
                None
            };
            let (o, t) = slid.unwrap_or((o, t));
            floor_o = o.end;
            floor_t = t.end;
            if let Some(hunk) = hunks.get_mut(index) {
                *hunk = (o, t);
            }
        }
        let to_base = matches_of(ours, base);
        let base_before = |i: usize| {
            to_base
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|m| *m)
                .map_or(0, |b| b + 1)
        };
        let base_after = |i: usize| {
            to_base
                .get(i..)
                .unwrap_or_default()
                .iter()
                .find_map(|m| *m)
                .unwrap_or(base.len())
        };
        let mut chunks = Vec::new();
        let mut at = 0;
        for (o, t) in hunks {
            if o.start > at {
                chunks.push(Chunk::Stable(at..o.start));
            }
            let start = base_before(o.start);
            let end = base_after(o.end).max(start);
            at = o.end;
            chunks.push(Chunk::Unstable {
                base: start..end,
                ours: o,
                theirs: t,
            });
        }
        if ours.len() > at {
            chunks.push(Chunk::Stable(at..ours.len()));
        }
        chunks
    }

    /// `range` moved by `shift` lines.
    fn shifted(range: &Range<usize>, shift: isize) -> Range<usize> {
        let start = range.start.saturating_add_signed(shift);
        start..start + range.len()
    }

    /// The best place for the block `range` of `lines` (an insertion or a
    /// removal), slid within `floor..ceil` over lines equal to it, and how
    /// far it moved.
    fn slide<T: AsRef<[u8]> + Eq>(
        lines: &[T],
        range: Range<usize>,
        floor: usize,
        ceil: usize,
    ) -> Option<(Range<usize>, isize)> {
        let (mut low, mut high) = (range.clone(), range.clone());
        while low.start > floor
            && low.end > low.start
            && lines.get(low.start - 1).is_some()
            && lines.get(low.start - 1) == lines.get(low.end - 1)
        {
            low = low.start - 1..low.end - 1;
        }
        while high.end < ceil
            && high.end > high.start
            && lines.get(high.start) == lines.get(high.end)
        {
            high = high.start + 1..high.end + 1;
        }
        let blank = |i: usize| {
            lines
                .get(i)
                .is_none_or(|l| l.as_ref().iter().all(u8::is_ascii_whitespace))
        };
        let score = |r: &Range<usize>| usize::from(blank(r.start)) * 2 + usize::from(blank(r.end));
        let best = (low.start..=high.start)
            .map(|start| start..start + range.len())
            .max_by_key(|r| (score(r), std::cmp::Reverse(r.start)))?;
        let shift = best.start as isize - range.start as isize;
        Some((best, shift))
    }

    /// For each element of `a`, the index of the element of `b` it is
    /// matched with, along a longest common subsequence.
    fn matches_of<T: Eq>(a: &[T], b: &[T]) -> Vec<Option<usize>> {
        let mut map = vec![None; a.len()];
        for (i, j) in lcs(a, b) {
            if let Some(slot) = map.get_mut(i) {
                *slot = Some(j);
            }
        }
        map
    }

    /// The most differences the diff looks for between two texts (after
    /// their common start and end); beyond, the middles are taken as wholly
    /// different, which is correct, only coarser.
    const MAX_EDITS: usize = 1000;

    /// Pairs `(i, j)` with `a[i] == b[j]`, increasing in both: a longest
    /// common subsequence (Myers' greedy algorithm), or a shorter common
    /// one when the texts differ by more than [`MAX_EDITS`].
    pub(super) fn lcs<T: Eq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let (a_rest, b_rest) = (
            a.get(prefix..).unwrap_or_default(),
            b.get(prefix..).unwrap_or_default(),
        );
        let suffix = a_rest
            .iter()
            .rev()
            .zip(b_rest.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let a_mid = a_rest.get(..a_rest.len() - suffix).unwrap_or_default();
        let b_mid = b_rest.get(..b_rest.len() - suffix).unwrap_or_default();
        let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
        for (i, j) in myers(a_mid, b_mid).unwrap_or_default() {
            pairs.push((i + prefix, j + prefix));
        }
        let (a_tail, b_tail) = (a.len() - suffix, b.len() - suffix);
        pairs.extend((0..suffix).map(|k| (a_tail + k, b_tail + k)));
        // Keep only what is sound, whatever happened above.
        let mut sound = Vec::with_capacity(pairs.len());
        let mut last: Option<(usize, usize)> = None;
        for (i, j) in pairs {
            let increasing = last.is_none_or(|(li, lj)| i > li && j > lj);
            if increasing && a.get(i).is_some() && a.get(i) == b.get(j) {
                sound.push((i, j));
                last = Some((i, j));
            }
        }
        sound
    }

    /// Myers' O((N+M)D) diff; `None` beyond [`MAX_EDITS`] differences.
    fn myers<T: Eq>(a: &[T], b: &[T]) -> Option<Vec<(usize, usize)>> {
        if a.is_empty() || b.is_empty() {
            return Some(Vec::new());
        }
        let n = isize::try_from(a.len()).ok()?;
        let m = isize::try_from(b.len()).ok()?;
        let max = usize::try_from(n + m).ok()?.min(MAX_EDITS);
        let offset = isize::try_from(max).ok()? + 1;
        let mut v = vec![0isize; 2 * max + 3];
        let mut trace: Vec<Vec<isize>> = Vec::new();
        let at = |v: &[isize], k: isize| -> isize {
            usize::try_from(offset + k)
                .ok()
                .and_then(|i| v.get(i).copied())
                .unwrap_or(0)
        };
        for d in 0..=isize::try_from(max).ok()? {
            let low = usize::try_from(offset - d - 1).ok()?;
            let high = usize::try_from(offset + d + 1).ok()?;
            trace.push(v.get(low..=high)?.to_vec());
            let mut k = -d;
            while k <= d {
                let mut x = if k == -d || (k != d && at(&v, k - 1) < at(&v, k + 1)) {
                    at(&v, k + 1)
                } else {
                    at(&v, k - 1) + 1
                };
                let mut y = x - k;
                while x < n
                    && y < m
                    && x >= 0
                    && y >= 0
                    && a.get(x as usize).is_some()
                    && a.get(x as usize) == b.get(y as usize)
                {
                    x += 1;
                    y += 1;
                }
                if let Some(slot) = usize::try_from(offset + k).ok().and_then(|i| v.get_mut(i)) {
                    *slot = x;
                }
                if x >= n && y >= m {
                    return Some(backtrack(&trace, n, m));
                }
                k += 2;
            }
        }
        None
    }

    /// The matched pairs of the path Myers found, from its trace.
    fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let (mut x, mut y) = (n, m);
        for (d, v) in trace.iter().enumerate().rev() {
            let d = d as isize;
            // Each snapshot holds diagonals -d-1 ..= d+1.
            let at = |k: isize| -> isize {
                usize::try_from(k + d + 1)
                    .ok()
                    .and_then(|i| v.get(i).copied())
                    .unwrap_or(0)
            };
            let k = x - y;
            let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                k + 1
            } else {
                k - 1
            };
            let prev_x = at(prev_k);
            let prev_y = prev_x - prev_k;
            while x > prev_x && y > prev_y && x > 0 && y > 0 {
                x -= 1;
                y -= 1;
                pairs.push((x as usize, y as usize));
            }
            if d > 0 {
                x = prev_x;
                y = prev_y;
            }
        }
        pairs.reverse();
        pairs
    }

    /// Merges lists item by item (items compared by their canonical text).
    /// Returns the merged list as (side, index there) with `Side::Ours` or
    /// `Side::Theirs`, or `None` when both sides changed the same place
    /// differently. Additions of both sides at one place are all kept, ours
    /// first; an item both sides added is kept once.
    pub(super) fn merge_list(
        base: &[String],
        ours: &[String],
        theirs: &[String],
    ) -> Option<Vec<(super::Side, usize)>> {
        use super::Side;
        let mut merged = Vec::new();
        for chunk in chunks(base, ours, theirs) {
            match chunk {
                Chunk::Stable(range) => merged.extend(range.map(|i| (Side::Ours, i))),
                Chunk::Unstable {
                    base: b,
                    ours: o,
                    theirs: t,
                } => {
                    let (bs, os, ts) = (base.get(b)?, ours.get(o.clone())?, theirs.get(t.clone())?);
                    if os == ts || ts == bs {
                        merged.extend(o.map(|i| (Side::Ours, i)));
                    } else if os == bs {
                        merged.extend(t.map(|i| (Side::Theirs, i)));
                    } else {
                        merged.extend(resolve(bs, (o, os), (t, ts))?);
                    }
                }
            }
        }
        // An item added on both sides, at different places, once.
        let mut seen: Vec<&String> = Vec::new();
        let mut result = Vec::with_capacity(merged.len());
        for (side, i) in merged {
            let item = match side {
                Side::Theirs => theirs.get(i),
                _ => ours.get(i),
            }?;
            if side == Side::Theirs && !base.contains(item) && seen.contains(&item) {
                continue;
            }
            seen.push(item);
            result.push((side, i));
        }
        // And one of ours that the theirs-added copy came before.
        let mut final_result = Vec::with_capacity(result.len());
        for (index, (side, i)) in result.iter().enumerate() {
            let item = match side {
                Side::Theirs => theirs.get(*i),
                _ => ours.get(*i),
            }?;
            let earlier_theirs_copy = *side != Side::Theirs
                && !base.contains(item)
                && result
                    .get(..index)
                    .unwrap_or_default()
                    .iter()
                    .any(|(s, j)| *s == Side::Theirs && theirs.get(*j) == Some(item));
            if !earlier_theirs_copy {
                final_result.push((*side, *i));
            }
        }
        Some(final_result)
    }

    /// A place of a list that both sides changed: merged when each side
    /// only removed items or only added some (what one removed is removed,
    /// what either added is added, ours first), or when one side only added
    /// items before or after the others; `None` otherwise.
    fn resolve(
        bs: &[String],
        (o, os): (Range<usize>, &[String]),
        (t, ts): (Range<usize>, &[String]),
    ) -> Option<Vec<(super::Side, usize)>> {
        use super::Side;
        let within = |small: &[String], large: &[String]| {
            let mut rest = large.iter();
            small.iter().all(|x| rest.any(|y| y == x))
        };
        let (o_removes, o_adds) = (within(os, bs), within(bs, os));
        let (t_removes, t_adds) = (within(ts, bs), within(bs, ts));
        if (o_removes || o_adds) && (t_removes || t_adds) {
            let ours_items = o.clone().zip(os.iter()).map(|(i, x)| (Side::Ours, i, x));
            let theirs_items = t.clone().zip(ts.iter()).map(|(i, x)| (Side::Theirs, i, x));
            let removed = |x: &String| bs.contains(x) && (!os.contains(x) || !ts.contains(x));
            let sequence: Vec<(Side, usize, &String)> = if t_adds && !o_adds {
                theirs_items.collect()
            } else {
                ours_items
                    .chain(theirs_items.filter(|(_, _, x)| !os.contains(x)))
                    .collect()
            };
            return Some(
                sequence
                    .into_iter()
                    .filter(|(_, _, x)| !removed(x))
                    .map(|(side, i, _)| (side, i))
                    .collect(),
            );
        }
        // One side added items at an end of the place, the other rewrote it.
        let ends = |adds: &[String]| -> Option<(usize, usize)> {
            if adds.starts_with(bs) {
                Some((0, adds.len() - bs.len()))
            } else if adds.ends_with(bs) {
                Some((adds.len() - bs.len(), 0))
            } else {
                None
            }
        };
        if t_adds && let Some((before, after)) = ends(ts) {
            let head = t.clone().take(before).map(|i| (Side::Theirs, i));
            let tail = t.clone().skip(ts.len() - after).map(|i| (Side::Theirs, i));
            return Some(head.chain(o.map(|i| (Side::Ours, i))).chain(tail).collect());
        }
        if o_adds && let Some((before, after)) = ends(os) {
            let head = o.clone().take(before).map(|i| (Side::Ours, i));
            let tail = o.clone().skip(os.len() - after).map(|i| (Side::Ours, i));
            return Some(
                head.chain(t.map(|i| (Side::Theirs, i)))
                    .chain(tail)
                    .collect(),
            );
        }
        None
    }

    /// Three-way merge of texts, line by line. Returns the text and its
    /// conflicts.
    pub(super) fn merge(
        base: &[u8],
        ours: &[u8],
        theirs: &[u8],
        options: &Options,
        mode: Mode,
    ) -> (Vec<u8>, Vec<Hunk>) {
        let (b, o, t) = (split(base), split(ours), split(theirs));
        let mut out = Vec::with_capacity(ours.len() + theirs.len() / 4);
        let mut hunks = Vec::new();
        let mut line = 1;
        let emit = |out: &mut Vec<u8>, line: &mut usize, lines: &[&[u8]]| {
            for l in lines {
                out.extend_from_slice(l);
                *line += 1;
            }
        };
        let chunks = match mode {
            Mode::Merge => chunks(&b, &o, &t),
            Mode::EveryDifference => two_way(&b, &o, &t),
        };
        for chunk in chunks {
            match chunk {
                Chunk::Stable(range) => emit(&mut out, &mut line, o.get(range).unwrap_or_default()),
                Chunk::Unstable {
                    base: br,
                    ours: or,
                    theirs: tr,
                } => {
                    let bs = b.get(br).unwrap_or_default();
                    let os = o.get(or.clone()).unwrap_or_default();
                    let ts = t.get(tr).unwrap_or_default();
                    let take = if os == ts {
                        Some(os)
                    } else if mode == Mode::EveryDifference {
                        None
                    } else if os == bs {
                        Some(ts)
                    } else if ts == bs {
                        Some(os)
                    } else {
                        None
                    };
                    if let Some(lines) = take {
                        emit(&mut out, &mut line, lines);
                        continue;
                    }
                    let hunk = Hunk {
                        marker_line: line,
                        ours: or,
                        ours_text: os.concat(),
                        base_text: bs.concat(),
                        theirs_text: ts.concat(),
                    };
                    // A conflict starts on a line of its own.
                    if out.last().is_some_and(|b| *b != b'\n') {
                        out.push(b'\n');
                    }
                    let marker = |out: &mut Vec<u8>, c: u8, label: &str| {
                        out.extend(std::iter::repeat_n(c, options.marker_size));
                        if !label.is_empty() {
                            out.push(b' ');
                            out.extend_from_slice(label.as_bytes());
                        }
                        out.push(b'\n');
                    };
                    let section = |out: &mut Vec<u8>, line: &mut usize, lines: &[&[u8]]| {
                        emit(out, line, lines);
                        if out.last().is_some_and(|b| *b != b'\n') {
                            out.push(b'\n');
                        }
                    };
                    let marker_line = line;
                    marker(&mut out, b'<', &options.ours_label);
                    line += 1;
                    section(&mut out, &mut line, os);
                    if options.style == Style::Diff3 {
                        marker(&mut out, b'|', &options.base_label);
                        line += 1;
                        section(&mut out, &mut line, bs);
                    }
                    marker(&mut out, b'=', "");
                    line += 1;
                    section(&mut out, &mut line, ts);
                    marker(&mut out, b'>', &options.theirs_label);
                    line += 1;
                    hunks.push(Hunk {
                        marker_line,
                        ..hunk
                    });
                }
            }
        }
        (out, hunks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The platform team's set, with comments and spacing a person leaves.
    const BASE: &str = r#"#:schema ../../docs/okr.schema.json
# Platform team, Q4.
format = 1
team = "platform"
period = "2026-Q4"
status = "review"
version = "1.1"

[positioning]
why = "Teams ship without waiting on us."
measured_by = ["lead time", "availability"]

[[objectives]]
id = "reliable-checkout"   # the one that matters
title = "Make checkout something customers never think about"
theme = "quality"
aligns = ["engineering/trusted"]

[[objectives.key_results]]
id = "failed-checkouts"
title = "Reduce failed checkout attempts from 4% to 2.8%"
unit = "%"
baseline = 4.0
target   = 2.8
current  = 3.6    # from the payments dashboard
confidence = 0.6
owner = "platform"

# Added at the alignment session.
[[objectives.key_results]]
id = "p99"
title = "Cut p99 checkout latency from 900 ms to 400 ms"
unit = "ms"
baseline = 900
target = 400
owner = "platform"

[[objectives]]
id = "paved-road"
title = "A paved road so smooth that teams stop asking for exceptions"
theme = "efficiency"

[[objectives.key_results]]
id = "ci-time"
title = "Cut median CI pipeline time from 14 minutes to 6 minutes"
unit = "minutes"
baseline = 14
target = 6
current = 9.5
confidence = 0.8
owner = "platform"
"#;

    /// `BASE` with each `(from, to)` replaced once; each must be there.
    #[track_caller]
    fn edit(text: &str, edits: &[(&str, &str)]) -> String {
        let mut text = text.to_owned();
        for (from, to) in edits {
            assert!(text.contains(from), "{from:?} is not in the text");
            text = text.replacen(from, to, 1);
        }
        text
    }

    fn merged(base: &str, ours: &str, theirs: &str) -> Merged {
        merge(base, ours, theirs, &Options::default())
    }

    #[track_caller]
    fn clean(base: &str, ours: &str, theirs: &str) -> String {
        let m = merged(base, ours, theirs);
        assert_eq!(m.conflicts, [], "{}", m.text);
        assert_eq!(m.method, Method::Fields, "{}", m.text);
        let parsed = crate::parse("t.toml", &m.text);
        assert!(!parsed.has_errors(), "{:?}\n{}", parsed.diagnostics, m.text);
        m.text
    }

    #[test]
    fn check_ins_on_different_key_results_merge() {
        let ours = edit(
            BASE,
            &[
                ("current  = 3.6 ", "current  = 3.2 "),
                ("confidence = 0.6", "confidence = 0.7"),
            ],
        );
        let theirs = edit(BASE, &[("current = 9.5", "current = 8.5")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&ours, &[("current = 9.5", "current = 8.5")]));
    }

    #[test]
    fn a_first_check_in_on_their_side_adds_the_keys_where_they_were() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(
            BASE,
            &[(
                "target = 400\n",
                "target = 400\ncurrent = 700 # first\nconfidence = 0.5\n",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(
            text,
            edit(
                &ours,
                &[(
                    "target = 400\n",
                    "target = 400\ncurrent = 700 # first\nconfidence = 0.5\n"
                )]
            )
        );
    }

    #[test]
    fn every_key_result_removed_on_one_side_merges_element_by_element() {
        let head = "format = 1\nteam = \"t\"\nperiod = \"2026-Q1\"\n\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n";
        let kr = |id: &str, extra: &str| {
            format!(
                "\n[[objectives.key_results]]\nid = \"{id}\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\n{extra}"
            )
        };
        let base = format!("{head}{}{}", kr("k0", "confidence = 0.5\n"), kr("k2", ""));
        let none = head.to_owned();
        let k0 = format!("{head}{}", kr("k0", "confidence = 0.5\n"));
        // Ours removed both, theirs removed k2 only: both gone.
        assert_eq!(clean(&base, &none, &k0), none);
        assert_eq!(clean(&base, &k0, &none), none);
        // Theirs changed k0, which ours removed: a conflict on k0.
        let k0_changed = format!("{head}{}", kr("k0", "confidence = 0.9\n"));
        let m = merged(&base, &none, &k0_changed);
        assert_eq!(m.method, Method::Fields);
        assert_eq!(m.conflicts.len(), 1, "{}", m.text);
        // Theirs added k3 beside removing k2: k3 stays.
        let k0_k3 = format!("{head}{}{}", kr("k0", "confidence = 0.5\n"), kr("k3", ""));
        let text = clean(&base, &none, &k0_k3);
        assert!(text.contains("id = \"k3\""), "{text}");
        assert!(!text.contains("id = \"k0\""), "{text}");
    }

    #[test]
    fn the_same_value_on_both_sides_is_clean() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(
            BASE,
            &[
                ("current  = 3.6    #", "current = 3.20 #"),
                ("version = \"1.1\"", "version = \"1.2\""),
            ],
        );
        let ours = edit(&ours, &[("version = \"1.1\"", "version = \"1.2\"")]);
        // 3.2 and 3.20 are the same number: ours is kept as written.
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, ours);
    }

    #[test]
    fn the_same_key_result_changed_differently_is_a_conflict() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(
            BASE,
            &[
                ("current  = 3.6 ", "current  = 3.4 "),
                ("current = 9.5", "current = 8.5"),
            ],
        );
        let options = Options {
            ours_label: "HEAD".into(),
            theirs_label: "feature".into(),
            ..Options::default()
        };
        let m = merge(BASE, &ours, &theirs, &options);
        assert_eq!(m.method, Method::Fields);
        assert_eq!(
            m.conflicts,
            [Conflict {
                line: Some(25),
                path: "platform/reliable-checkout/failed-checkouts".into(),
                field: Some("current".into()),
                kind: ConflictKind::Changed,
                base: Some("3.6".into()),
                ours: Some("3.2".into()),
                theirs: Some("3.4".into()),
            }]
        );
        let expected = edit(
            &ours,
            &[
                (
                    "current  = 3.2    # from the payments dashboard\n",
                    "<<<<<<< HEAD\ncurrent  = 3.2    # from the payments dashboard\n=======\ncurrent  = 3.4    # from the payments dashboard\n>>>>>>> feature\n",
                ),
                ("current = 9.5", "current = 8.5"),
            ],
        );
        assert_eq!(m.text, expected);
        assert_eq!(m.text.lines().nth(24), Some("<<<<<<< HEAD"));
    }

    #[test]
    fn the_value_of_a_conflict_in_a_version() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(BASE, &[("current  = 3.6 ", "current  = 3.4 ")]);
        let m = merged(BASE, &ours, &theirs);
        let conflict = &m.conflicts[0];
        assert_eq!(value_of(&ours, conflict), Some(Some("3.2".into())));
        assert_eq!(value_of(BASE, conflict), Some(Some("3.6".into())));
        let without = edit(
            BASE,
            &[("current  = 3.6    # from the payments dashboard\n", "")],
        );
        assert_eq!(value_of(&without, conflict), Some(None));
        assert_eq!(value_of("a = [", conflict), None);
        let field = Conflict {
            path: "platform".into(),
            field: Some("positioning.measured_by".into()),
            ..conflict.clone()
        };
        assert_eq!(
            value_of(BASE, &field),
            Some(Some("[\"lead time\",\"availability\",]".into()))
        );
        let whole = Conflict {
            path: "platform/paved-road/gone".into(),
            field: None,
            ..conflict.clone()
        };
        assert_eq!(value_of(BASE, &whole), Some(None));
    }

    #[test]
    fn the_diff3_style_shows_the_base_and_the_marker_size_is_honoured() {
        let ours = edit(BASE, &[("version = \"1.1\"", "version = \"1.2\"")]);
        let theirs = edit(BASE, &[("version = \"1.1\"", "version = \"1.3\"")]);
        let options = Options {
            marker_size: 9,
            style: Style::Diff3,
            ..Options::default()
        };
        let m = merge(BASE, &ours, &theirs, &options);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].field.as_deref(), Some("version"));
        assert_eq!(m.conflicts[0].path, "platform");
        assert!(
            m.text.contains("<<<<<<<<< ours\nversion = \"1.2\"\n||||||||| base\nversion = \"1.1\"\n=========\nversion = \"1.3\"\n>>>>>>>>> theirs\n"),
            "{}",
            m.text
        );
    }

    #[test]
    fn definition_changes_to_different_fields_merge() {
        let ours = edit(
            BASE,
            &[(
                "title = \"Cut p99 checkout latency from 900 ms to 400 ms\"",
                "title = \"Bring p99 checkout latency from 900 ms to 400 ms\"",
            )],
        );
        let theirs = edit(BASE, &[("target = 400", "target = 350")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&ours, &[("target = 400", "target = 350")]));
    }

    #[test]
    fn key_results_added_on_both_sides_are_both_added() {
        let ours = edit(
            BASE,
            &[(
                "\n[[objectives]]\nid = \"paved-road\"",
                "\n# Ours.\n[[objectives.key_results]]\nid = \"refunds\"\ntitle = \"Refund in a day\"\n\n[[objectives]]\nid = \"paved-road\"",
            )],
        );
        let theirs = edit(
            BASE,
            &[(
                "\n[[objectives]]\nid = \"paved-road\"",
                "\n# Theirs.\n[[objectives.key_results]]\nid = \"retries\"\ntitle = \"Halve retries\"\n\n[[objectives]]\nid = \"paved-road\"",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        let expected = edit(
            &ours,
            &[(
                "title = \"Refund in a day\"\n",
                "title = \"Refund in a day\"\n\n# Theirs.\n[[objectives.key_results]]\nid = \"retries\"\ntitle = \"Halve retries\"\n",
            )],
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn an_objective_added_on_their_side_comes_after_the_one_it_follows() {
        let theirs = format!(
            "{BASE}\n# New this quarter.\n[[objectives]]\nid = \"cost\"\ntitle = \"Spend less\"\n\n[[objectives.key_results]]\nid = \"bill\"\ntitle = \"Cut the bill from 10 to 8\"\n"
        );
        let ours = edit(BASE, &[("current = 9.5", "current = 9")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&theirs, &[("current = 9.5", "current = 9")]));
        // And one added before the others goes first.
        let theirs = edit(
            BASE,
            &[(
                "\n[[objectives]]\nid = \"reliable-checkout\"",
                "\n[[objectives]]\nid = \"first\"\ntitle = \"First\"\n\n[[objectives]]\nid = \"reliable-checkout\"",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&theirs, &[("current = 9.5", "current = 9")]));
    }

    #[test]
    fn a_key_result_removed_on_one_side_and_untouched_on_the_other_is_removed() {
        let p99 = "\n# Added at the alignment session.\n[[objectives.key_results]]\nid = \"p99\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nunit = \"ms\"\nbaseline = 900\ntarget = 400\nowner = \"platform\"\n";
        let theirs = edit(BASE, &[(p99, "")]);
        let ours = edit(BASE, &[("current = 9.5", "current = 9")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&theirs, &[("current = 9.5", "current = 9")]));
        // Removed on our side: stays removed.
        let text = clean(BASE, &theirs, &ours);
        assert_eq!(text, edit(&theirs, &[("current = 9.5", "current = 9")]));
    }

    #[test]
    fn a_key_result_removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
        let p99 = "\n# Added at the alignment session.\n[[objectives.key_results]]\nid = \"p99\"\ntitle = \"Cut p99 checkout latency from 900 ms to 400 ms\"\nunit = \"ms\"\nbaseline = 900\ntarget = 400\nowner = \"platform\"\n";
        let ours = edit(BASE, &[(p99, "")]);
        let theirs = edit(BASE, &[("target = 400\n", "target = 400\ncurrent = 650\n")]);
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(
            m.conflicts,
            [Conflict {
                line: Some(28),
                path: "platform/reliable-checkout/p99".into(),
                field: None,
                kind: ConflictKind::Removed { by: Side::Ours },
                base: Some("current absent".into()),
                ours: None,
                theirs: Some("current = 650".into()),
            }]
        );
        assert!(m.text.contains("<<<<<<< ours\n=======\n\n# Added at the alignment session.\n[[objectives.key_results]]\nid = \"p99\"\n"), "{}", m.text);
        assert!(
            m.text
                .contains("current = 650\nowner = \"platform\"\n>>>>>>> theirs\n"),
            "{}",
            m.text
        );
        // The other way round.
        let m = merged(BASE, &theirs, &ours);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            m.conflicts[0].kind,
            ConflictKind::Removed { by: Side::Theirs }
        );
        assert_eq!(m.conflicts[0].ours.as_deref(), Some("current = 650"));
        assert!(
            m.text
                .contains("current = 650\nowner = \"platform\"\n=======\n>>>>>>> theirs\n"),
            "{}",
            m.text
        );
    }

    #[test]
    fn a_key_result_replaced_on_one_side_and_changed_on_the_other() {
        let set = |kr: &str, extra: &str| {
            format!(
                "format = 1\nteam = \"t\"\nperiod = \"2026-Q1\"\n\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n\n[[objectives.key_results]]\nid = \"{kr}\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\n{extra}"
            )
        };
        let m = merged(&set("k0", ""), &set("k1", ""), &set("k0", "current = 0\n"));
        assert_eq!(m.conflicts.len(), 1, "{}", m.text);
        assert_eq!(m.conflicts[0].line, Some(14), "{}", m.text);
        assert_eq!(m.text.lines().nth(13), Some("<<<<<<< ours"), "{}", m.text);
        // Taking either side whole gives that side's set.
        let pick = |keep_ours: bool| {
            let mut out = String::new();
            let mut section = None;
            for line in m.text.lines() {
                match line {
                    "<<<<<<< ours" => section = Some(true),
                    "=======" => section = Some(false),
                    ">>>>>>> theirs" => section = None,
                    _ if section.is_none_or(|s| s == keep_ours) => {
                        out.push_str(line);
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            out
        };
        assert!(pick(true).contains("id = \"k1\""));
        assert!(!pick(true).contains("id = \"k0\""));
        assert!(
            pick(false)
                .contains("id = \"k0\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\ncurrent = 0\n")
        );
        assert!(pick(false).contains("id = \"k1\""));
    }

    #[test]
    fn a_key_result_added_on_both_sides_with_the_same_id_merges_its_fields() {
        let add = |extra: &str| {
            format!(
                "{BASE}\n[[objectives.key_results]]\nid = \"builds\"\ntitle = \"Green builds\"\n{extra}"
            )
        };
        let text = clean(
            BASE,
            &add("owner = \"platform\"\n"),
            &add("baseline = 80\n"),
        );
        assert!(
            text.ends_with("title = \"Green builds\"\nbaseline = 80\nowner = \"platform\"\n"),
            "{text}"
        );
        let m = merged(BASE, &add("target = 95\n"), &add("target = 99\n"));
        assert_eq!(m.conflicts.len(), 1, "{}", m.text);
        assert_eq!(m.conflicts[0].path, "platform/paved-road/builds");
        assert_eq!(m.conflicts[0].base, None);
    }

    #[test]
    fn objectives_in_another_order_are_matched_by_id() {
        let split = BASE
            .find("[[objectives]]\nid = \"paved-road\"")
            .unwrap_or(0);
        let first = BASE.find("[[objectives]]").unwrap_or(0);
        let swapped = format!(
            "{}{}\n{}",
            &BASE[..first],
            &BASE[split..],
            BASE[first..split].trim_end()
        ) + "\n";
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(&swapped, &[("current = 9.5", "current = 8.5")]);
        let text = clean(BASE, &ours, &theirs);
        // Our order, both check-ins.
        assert_eq!(text, edit(&ours, &[("current = 9.5", "current = 8.5")]));
    }

    #[test]
    fn lists_merge_item_by_item() {
        let ours = edit(
            BASE,
            &[(
                "[\"lead time\", \"availability\"]",
                "[\"lead time\", \"availability\", \"cost\"]",
            )],
        );
        let theirs = edit(
            BASE,
            &[(
                "[\"lead time\", \"availability\"]",
                "[\"deploys\", \"lead time\", \"availability\", \"security\"]",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        assert!(text.contains("measured_by = [\"deploys\", \"lead time\", \"availability\", \"cost\", \"security\"]\n"), "{text}");
        // One side removes, the other adds.
        let ours = edit(
            BASE,
            &[("[\"lead time\", \"availability\"]", "[\"availability\"]")],
        );
        let text = clean(BASE, &ours, &theirs);
        assert!(
            text.contains("measured_by = [\"deploys\", \"availability\", \"security\"]\n"),
            "{text}"
        );
        // The same item changed two ways: a conflict on the list.
        let ours = edit(BASE, &[("\"lead time\"", "\"lead time (p50)\"")]);
        let theirs = edit(BASE, &[("\"lead time\"", "\"lead time (p90)\"")]);
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            m.conflicts[0].field.as_deref(),
            Some("positioning.measured_by")
        );
        assert_eq!(
            m.conflicts[0].ours.as_deref(),
            Some("[\"lead time (p50)\", \"availability\"]")
        );
        // The same item added on both sides: once.
        let ours = edit(
            BASE,
            &[(
                "aligns = [\"engineering/trusted\"]",
                "aligns = [\"engineering/trusted\", \"engineering/fast\"]",
            )],
        );
        let theirs = edit(
            BASE,
            &[(
                "aligns = [\"engineering/trusted\"]",
                "aligns = [\"engineering/fast\", \"engineering/trusted\"]",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text.matches("engineering/fast").count(), 1, "{text}");
    }

    #[test]
    fn a_multi_line_list_keeps_its_layout() {
        let base = edit(
            BASE,
            &[(
                "theme = \"efficiency\"\n",
                "theme = \"efficiency\"\naligns = [\n  \"a\",\n  \"b\",\n]\n",
            )],
        );
        let ours = edit(&base, &[("  \"b\",\n", "  \"b\",\n  \"c\",\n")]);
        let theirs = edit(&base, &[("  \"a\",\n", "  \"z\",\n  \"a\",\n")]);
        let text = clean(&base, &ours, &theirs);
        assert!(
            text.contains("aligns = [\n  \"z\",\n  \"a\",\n  \"b\",\n  \"c\",\n]\n"),
            "{text}"
        );
    }

    #[test]
    fn needs_merge_as_a_list() {
        let base = edit(
            BASE,
            &[(
                "\n[[objectives]]\nid = \"reliable",
                "\n[[needs]]\nlevel = \"business\"\nwho = \"checkout\"\nneed = \"No outage\"\n\n[[objectives]]\nid = \"reliable",
            )],
        );
        let ours = edit(
            &base,
            &[("need = \"No outage\"", "need = \"No outage at peak\"")],
        );
        let theirs = edit(
            &base,
            &[(
                "need = \"No outage\"\n",
                "need = \"No outage\"\n\n[[needs]]\nlevel = \"department\"\nwho = \"us\"\nneed = \"Time to learn\"\n",
            )],
        );
        let text = clean(&base, &ours, &theirs);
        assert_eq!(
            text,
            edit(
                &theirs,
                &[("need = \"No outage\"", "need = \"No outage at peak\"")]
            )
        );
    }

    #[test]
    fn a_table_added_on_their_side_is_added() {
        let theirs = format!("{BASE}\n[review]\nlessons = [\"measure first\"]\n");
        let ours = edit(BASE, &[("status = \"review\"", "status = \"final\"")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(
            text,
            edit(&theirs, &[("status = \"review\"", "status = \"final\"")])
        );
        // A top-level key too, after the key it follows.
        let theirs = edit(
            BASE,
            &[(
                "period = \"2026-Q4\"\n",
                "period = \"2026-Q4\"\nparent = \"engineering\"  # aligned\n",
            )],
        );
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(
            text,
            edit(&theirs, &[("status = \"review\"", "status = \"final\"")])
        );
    }

    #[test]
    fn a_field_removed_on_one_side_is_removed() {
        let theirs = edit(BASE, &[("theme = \"quality\"\n", "")]);
        let ours = edit(BASE, &[("current = 9.5", "current = 9")]);
        let text = clean(BASE, &ours, &theirs);
        assert_eq!(text, edit(&theirs, &[("current = 9.5", "current = 9")]));
        // Removed on one side and changed on the other: a conflict.
        let ours = edit(BASE, &[("theme = \"quality\"", "theme = \"security\"")]);
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].theirs, None);
        assert!(
            m.text
                .contains("<<<<<<< ours\ntheme = \"security\"\n=======\n>>>>>>> theirs\n"),
            "{}",
            m.text
        );
    }

    #[test]
    fn inline_objectives_merge_too() {
        let base = "format = 1\nteam = \"a\"\nperiod = \"2026-Q1\"\nobjectives = [\n  { id = \"o\", title = \"O\", key_results = [{ id = \"k\", title = \"K\", baseline = 0, target = 10, current = 1 }, { id = \"j\", title = \"J\", baseline = 0, target = 5 }] },\n]\n";
        let ours = base.replace("current = 1 }", "current = 2 }");
        let theirs = base.replace("target = 5 }", "target = 5, current = 3 }");
        let text = clean(base, &ours, &theirs);
        assert!(text.contains("current = 2 }"), "{text}");
        assert!(text.contains("target = 5, current = 3 }"), "{text}");
        let theirs = base.replace("current = 1 }", "current = 4 }");
        let m = merged(base, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1, "{}", m.text);
        assert_eq!(m.conflicts[0].path, "a/o/k");
        assert!(
            m.text.contains("<<<<<<< ours\n  { id = \"o\""),
            "{}",
            m.text
        );
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let crlf = |s: &str| s.replace('\n', "\r\n");
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(BASE, &[("target = 400\n", "target = 400\ncurrent = 700\n")]);
        let m = merged(&crlf(BASE), &crlf(&ours), &crlf(&theirs));
        assert!(m.is_clean());
        assert_eq!(
            m.text,
            crlf(&edit(
                &ours,
                &[("target = 400\n", "target = 400\ncurrent = 700\n")]
            ))
        );
        // With a conflict, the markers end in CRLF too.
        let theirs = edit(BASE, &[("current  = 3.6 ", "current  = 3.4 ")]);
        let m = merged(&crlf(BASE), &crlf(&ours), &crlf(&theirs));
        assert_eq!(m.conflicts.len(), 1);
        assert!(
            m.text.contains("\r\n<<<<<<< ours\r\ncurrent  = 3.2 "),
            "{:?}",
            m.text
        );
        assert!(!m.text.replace("\r\n", "").contains('\n'), "{:?}", m.text);
    }

    #[test]
    fn an_unparsable_side_is_merged_line_by_line() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let theirs = edit(BASE, &[("current = 9.5", "current = = 8.5")]);
        let m = merged(BASE, &ours, &theirs);
        let Method::Lines { reason } = &m.method else {
            panic!("{:?}", m.method);
        };
        assert_eq!(reason.side, Some(Side::Theirs));
        assert_eq!((reason.line, reason.column), (Some(49), Some(11)));
        assert!(
            reason
                .to_string()
                .starts_with("theirs:49:11: it is not valid TOML"),
            "{reason}"
        );
        assert!(m.is_clean());
        assert_eq!(m.text, edit(&ours, &[("current = 9.5", "current = = 8.5")]));
        // Lines changed on both sides: markers, as git writes them.
        let theirs = edit(&theirs, &[("current  = 3.6 ", "current  = 3.4 ")]);
        let m = merged(BASE, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].kind, ConflictKind::Lines);
        assert_eq!(m.conflicts[0].line, Some(25));
        assert!(m.text.contains("<<<<<<< ours\ncurrent  = 3.2    # from the payments dashboard\n=======\ncurrent  = 3.4    # from the payments dashboard\n>>>>>>> theirs\n"), "{}", m.text);
    }

    #[test]
    fn duplicate_ids_fall_back_to_lines() {
        let theirs = format!("{BASE}\n[[objectives]]\nid = \"paved-road\"\ntitle = \"Again\"\n");
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let m = merged(BASE, &ours, &theirs);
        let Method::Lines { reason } = &m.method else {
            panic!("{:?}", m.method);
        };
        assert_eq!(
            reason.to_string(),
            "theirs: two elements of `objectives` of `platform` have the id `paved-road`"
        );
        assert!(m.is_clean());
        assert_eq!(
            m.text,
            format!("{ours}\n[[objectives]]\nid = \"paved-road\"\ntitle = \"Again\"\n")
        );
    }

    #[test]
    fn not_utf8_falls_back_to_lines() {
        let ours = edit(BASE, &[("current  = 3.6 ", "current  = 3.2 ")]);
        let mut theirs = BASE.as_bytes().to_vec();
        theirs.extend_from_slice(b"# \xff\n");
        let m = merge_bytes(
            BASE.as_bytes(),
            ours.as_bytes(),
            &theirs,
            &Options::default(),
        );
        assert!(
            matches!(&m.method, Method::Lines { reason } if reason.side == Some(Side::Theirs) && reason.line == Some(52))
        );
        let mut expected = ours.as_bytes().to_vec();
        expected.extend_from_slice(b"# \xff\n");
        assert_eq!(m.text, expected);
    }

    #[test]
    fn one_side_unchanged_takes_the_other_verbatim() {
        let odd = "a = [ 1,2 ]   # odd\n";
        assert_eq!(merged("a = 1\n", "a = 1\n", odd).text, odd);
        assert_eq!(merged("a = 1\n", odd, "a = 1\n").text, odd);
        assert_eq!(merged("a = 1\n", odd, odd).text, odd);
    }

    #[test]
    fn a_missing_final_newline_does_not_glue_a_marker() {
        let m = merged("a = 1", "a = 2", "a = 3");
        assert_eq!(
            m.text,
            "<<<<<<< ours\na = 2\n=======\na = 3\n>>>>>>> theirs\n"
        );
        let m = merge("x\ny", "x\nz", "x\nw", &Options::default());
        assert_eq!(m.text, "x\n<<<<<<< ours\nz\n=======\nw\n>>>>>>> theirs\n");
    }

    #[test]
    fn labels_are_one_line_and_marker_sizes_bounded() {
        let options = Options {
            marker_size: 0,
            ours_label: "a\nb".into(),
            theirs_label: String::new(),
            ..Options::default()
        };
        let m = merge("a = 1\n", "a = 2\n", "a = 3\n", &options);
        assert_eq!(m.text, "< a b\na = 2\n=\na = 3\n>\n");
        let options = Options {
            marker_size: usize::MAX,
            ..Options::default()
        };
        let m = merge("a = 1\n", "a = 2\n", "a = 3\n", &options);
        assert!(m.text.starts_with(&"<".repeat(MAX_MARKER_SIZE)));
    }

    #[test]
    fn the_examples_merge_with_themselves_and_survive_a_round_trip() {
        for text in [
            include_str!("../../../okrs/2026-Q4/platform.toml"),
            include_str!("../../../okrs/2026-Q4/checkout.toml"),
            include_str!("../../../okrs/2026-Q4/engineering.toml"),
        ] {
            let doc: DocumentMut = text.parse().expect("valid TOML");
            assert_eq!(doc.to_string(), text);
            let ours = format!("{text}\n# ours\n");
            let m = merged(text, &ours, text);
            assert_eq!(m.text, ours);
        }
    }

    #[test]
    fn the_lcs_is_a_longest_common_subsequence() {
        fn dp(a: &[u8], b: &[u8]) -> usize {
            let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in (0..a.len()).rev() {
                for j in (0..b.len()).rev() {
                    t[i][j] = if a[i] == b[j] {
                        t[i + 1][j + 1] + 1
                    } else {
                        t[i + 1][j].max(t[i][j + 1])
                    };
                }
            }
            t[0][0]
        }
        let cases: [(&[u8], &[u8]); 6] = [
            (b"abcabba", b"cbabac"),
            (b"", b"abc"),
            (b"abc", b""),
            (b"xaxbxc", b"abc"),
            (b"aaaa", b"aa"),
            (b"abcd", b"dcba"),
        ];
        for (a, b) in cases {
            let pairs = lines::lcs(a, b);
            assert_eq!(pairs.len(), dp(a, b), "{a:?} {b:?}");
        }
    }

    /// Lines of a small alphabet, so that texts share many.
    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof!["a = 1", "b = 2", "", "[t]", "c = [1, 2]", "x", "<<<<<<<"],
            0..12,
        )
        .prop_map(|lines| lines.iter().map(|l| format!("{l}\n")).collect())
    }

    fn set_strategy() -> impl Strategy<Value = String> {
        let kr = (
            0u8..4,
            proptest::option::of(0u8..5),
            proptest::option::of(0u8..3),
            any::<bool>(),
        );
        proptest::collection::vec(kr, 0..5).prop_map(|krs| {
            let mut text = String::from("format = 1\nteam = \"t\"\nperiod = \"2026-Q1\"\n\n[[objectives]]\nid = \"o\"\ntitle = \"O\"\n");
            let mut seen = HashSet::new();
            for (id, current, confidence, comment) in krs {
                if !seen.insert(id) {
                    continue;
                }
                text.push_str(&format!("\n[[objectives.key_results]]\nid = \"k{id}\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\n"));
                if let Some(c) = current {
                    text.push_str(&format!("current = {c}{}\n", if comment { "  # c" } else { "" }));
                }
                if let Some(c) = confidence {
                    text.push_str(&format!("confidence = 0.{c}\n"));
                }
            }
            text
        })
    }

    proptest! {
        // Failures are not saved beside the sources: the shrunk input is in
        // the message.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn nothing_panics_on_any_input(base in ".{0,200}", ours in ".{0,200}", theirs in ".{0,200}") {
            let m = merged(&base, &ours, &theirs);
            if m.conflicts.is_empty() && theirs == base {
                prop_assert_eq!(m.text, ours);
            }
        }

        #[test]
        fn line_merges_behave_like_git(base in text_strategy(), ours in text_strategy(), theirs in text_strategy()) {
            let (text, hunks) = lines::merge(base.as_bytes(), ours.as_bytes(), theirs.as_bytes(), &Options::default(), lines::Mode::Merge);
            let text = String::from_utf8_lossy(&text);
            if base == theirs { prop_assert_eq!(&*text, &*ours); }
            if base == ours { prop_assert_eq!(&*text, &*theirs); }
            if ours == theirs { prop_assert_eq!(&*text, &*ours); }
            for hunk in hunks {
                let marker = text.lines().nth(hunk.marker_line - 1);
                prop_assert_eq!(marker, Some("<<<<<<< ours"));
            }
        }

        #[test]
        fn sets_merge_without_losing_a_side(base in set_strategy(), ours in set_strategy(), theirs in set_strategy()) {
            let m = merged(&base, &ours, &theirs);
            prop_assert_eq!(&m.method, &Method::Fields);
            for conflict in &m.conflicts {
                let line = conflict.line.and_then(|l| m.text.lines().nth(l - 1));
                prop_assert_eq!(line, Some("<<<<<<< ours"), "{:?}\n{}", conflict, m.text);
            }
            if m.conflicts.is_empty() {
                let parsed = crate::parse("t.toml", &m.text);
                prop_assert!(parsed.set.is_some(), "{}", m.text);
                // Taking both sides' markers out gives ours with their changes; a
                // clean merge merged with either side again is stable.
                let again = merged(&ours, &m.text, &theirs);
                prop_assert!(again.conflicts.is_empty() || again.text.contains("<<<<<<<"));
                prop_assert_eq!(&merged(&base, &m.text, &theirs).text, &m.text);
            } else {
                prop_assert!(m.text.contains("<<<<<<< ours\n"));
                prop_assert!(m.text.contains(">>>>>>> theirs\n"));
            }
        }
    }
}
