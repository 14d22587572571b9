//! `git okr log`: the check-in timeline, derived from history.

use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};

use chrono::{DateTime, Local, NaiveDate, TimeZone as _};
use okr_git::{Entry, Repository, Side, TimelineOptions};
use okr_model::timeline::CommitInfo;
use okr_model::{Kind, Target};
use okr_report::log as render;

use crate::args::{Color, LogArgs, LogFormat, styled};
use crate::error::CommandError;
use crate::files::Context;

/// Which entries a `REF` keeps: a set, an objective or a key result, by
/// period, team and ids. A key result is followed by its id when it moves
/// to another objective.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    period: String,
    team: String,
    objective: Option<String>,
    key_result: Option<String>,
}

impl Filter {
    fn keeps(&self, entry: &Entry) -> bool {
        *entry.period == *self.period
            && *entry.team == *self.team
            && match (&self.key_result, &self.objective) {
                (Some(kr), _) => *entry.change.id == **kr,
                (None, Some(objective)) => *entry.change.objective == **objective,
                (None, None) => true,
            }
    }
}

/// Runs `git okr log`.
pub fn run(args: &LogArgs, color: Color) -> Result<ExitCode, CommandError> {
    let since = args
        .since
        .as_deref()
        .map(|d| parse_date("--since", d, false))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| parse_date("--until", d, true))
        .transpose()?;
    let context = Context::discover()?;
    let repo = Repository::open(&context.cwd)?;
    let root = context.config.root.as_str();
    let start = match &args.at {
        Some(at) => repo.revision(at)?,
        None => repo.head()?.ok_or(okr_git::Error::Unborn)?,
    };
    let filters = filters(&repo, &start, root, &args.references)?;

    let styled = styled(color, &std::io::stdout());
    let mut sink = Sink::start(args.format, styled);
    let mut shown = 0usize;
    let mut batch = Vec::with_capacity(BATCH);
    let mut hung_up = false;
    let options = TimelineOptions {
        cache: !args.no_cache,
    };
    let walked = repo.timeline(
        &start,
        root,
        &options,
        |entry| -> Result<bool, CommandError> {
            let time = entry.commit.time;
            if since.is_some_and(|s| time < s)
                || until.is_some_and(|u| time > u)
                || (!filters.is_empty() && !filters.iter().any(|f| f.keeps(&entry)))
            {
                return Ok(true);
            }
            if args.max_count.is_some_and(|max| shown >= max) {
                return Ok(false);
            }
            batch.push(entry);
            shown += 1;
            if batch.len() >= BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                if !sink.send(full) {
                    // The writer stopped (a closed pipe): so can the walk.
                    hung_up = true;
                    return Ok(false);
                }
            }
            Ok(true)
        },
    );
    if !hung_up {
        sink.send(batch);
    }
    let written = sink.finish();
    walked?;
    written.map_err(CommandError::output)?;
    Ok(ExitCode::SUCCESS)
}

/// How many entries go to an output thread at once.
const BATCH: usize = 256;

/// Where the entries go: threads that render and write them while the walk
/// goes on, so that reading history (or the cache) and writing the output
/// share the cores.
enum Sink {
    /// Text: one thread, as an entry's shape depends on its neighbours.
    Ordered {
        sender: mpsc::SyncSender<Vec<Entry>>,
        thread: std::thread::JoinHandle<std::io::Result<()>>,
    },
    /// JSON and CSV: each entry stands alone, so two threads render
    /// alternate batches and a third writes them in order.
    Parallel {
        senders: [mpsc::SyncSender<Vec<Entry>>; 2],
        next: usize,
        renderers: [std::thread::JoinHandle<()>; 2],
        writer: std::thread::JoinHandle<std::io::Result<()>>,
    },
}

impl Sink {
    fn start(format: LogFormat, styled: bool) -> Sink {
        if format == LogFormat::Human {
            let (sender, receiver) = mpsc::sync_channel::<Vec<Entry>>(16);
            let thread = std::thread::spawn(move || {
                let mut out = Output::new(styled);
                for batch in receiver {
                    for entry in &batch {
                        out.entry(entry)?;
                    }
                }
                out.finish()
            });
            return Sink::Ordered { sender, thread };
        }
        let channel = || mpsc::sync_channel::<Vec<Entry>>(8);
        let ((to_0, from_0), (to_1, from_1)) = (channel(), channel());
        let rendered = || mpsc::sync_channel::<Vec<u8>>(8);
        let ((done_0, out_0), (done_1, out_1)) = (rendered(), rendered());
        // Written buffers go back to their renderer, to be filled again:
        // a long log is written through a few buffers, not thousands.
        let returned = || mpsc::sync_channel::<Vec<u8>>(16);
        let ((back_0, spare_0), (back_1, spare_1)) = (returned(), returned());
        let renderer = move |batches: mpsc::Receiver<Vec<Entry>>,
                             done: mpsc::SyncSender<Vec<u8>>,
                             spare: mpsc::Receiver<Vec<u8>>| {
            std::thread::spawn(move || {
                for batch in batches {
                    let mut bytes = spare.try_recv().unwrap_or_default();
                    bytes.clear();
                    bytes.reserve(batch.len() * 1024);
                    for entry in &batch {
                        render_alone(format, entry, &mut bytes);
                    }
                    if done.send(bytes).is_err() {
                        return;
                    }
                }
            })
        };
        let renderers = [
            renderer(from_0, done_0, spare_0),
            renderer(from_1, done_1, spare_1),
        ];
        let writer = std::thread::spawn(move || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            match format {
                LogFormat::Json => out.write_all(b"[")?,
                _ => out.write_all(render::CSV_HEADER.as_bytes())?,
            }
            let outputs = [out_0, out_1];
            let spares = [back_0, back_1];
            let mut first = true;
            // Batch i went to renderer i % 2: reading them in turn keeps
            // the order.
            for i in 0.. {
                let Ok(bytes) = outputs[i % 2].recv() else {
                    break;
                };
                if bytes.is_empty() {
                    continue;
                }
                // Each JSON entry comes with a leading comma but the first.
                let skip = usize::from(first && format == LogFormat::Json);
                out.write_all(&bytes[skip..])?;
                first = false;
                // A renderer that has spares enough makes do without.
                let _ = spares[i % 2].try_send(bytes);
            }
            if format == LogFormat::Json {
                out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
            }
            out.flush()
        });
        Sink::Parallel {
            senders: [to_0, to_1],
            next: 0,
            renderers,
            writer,
        }
    }

    /// Passes a batch on; `false` when the output has stopped (a closed
    /// pipe).
    fn send(&mut self, batch: Vec<Entry>) -> bool {
        match self {
            Sink::Ordered { sender, .. } => sender.send(batch).is_ok(),
            Sink::Parallel { senders, next, .. } => {
                let sent = senders[*next % 2].send(batch).is_ok();
                *next += 1;
                sent
            }
        }
    }

    /// Waits for everything to be written.
    fn finish(self) -> std::io::Result<()> {
        let failed = || std::io::Error::other("the output thread failed");
        match self {
            Sink::Ordered { sender, thread } => {
                drop(sender);
                thread.join().unwrap_or_else(|_| Err(failed()))
            }
            Sink::Parallel {
                senders,
                renderers,
                writer,
                ..
            } => {
                drop(senders);
                for renderer in renderers {
                    let _ = renderer.join();
                }
                writer.join().unwrap_or_else(|_| Err(failed()))
            }
        }
    }
}

/// One JSON entry (after a comma) or CSV row, appended to `out`.
fn render_alone(format: LogFormat, entry: &Entry, out: &mut Vec<u8>) {
    match format {
        LogFormat::Json => {
            out.extend_from_slice(b",\n  ");
            render::write_json(entry, out);
        }
        _ => out.extend_from_slice(render::csv(entry).as_bytes()),
    }
}

/// The text output being written.
struct Output {
    out: std::io::BufWriter<std::io::Stdout>,
    styled: bool,
    /// A commit's note comes after its last entry, so each entry waits for
    /// the next one to know.
    pending: Option<Entry>,
    previous: Option<Arc<CommitInfo>>,
}

impl Output {
    fn new(styled: bool) -> Self {
        Output {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            styled,
            pending: None,
            previous: None,
        }
    }

    fn entry(&mut self, entry: &Entry) -> std::io::Result<()> {
        if let Some(before) = self.pending.take() {
            let same = before.commit.id == entry.commit.id;
            let text = render::human(&before, self.previous.as_deref(), same, self.styled);
            let text = okr_report::terminal::safe(&text, self.styled);
            self.out.write_all(text.as_bytes())?;
            self.previous = Some(before.commit.clone());
        }
        self.pending = Some(entry.clone());
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(last) = self.pending.take() {
            let text = render::human(&last, self.previous.as_deref(), false, self.styled);
            let text = okr_report::terminal::safe(&text, self.styled);
            self.out.write_all(text.as_bytes())?;
        }
        self.out.flush()
    }
}

/// The filters for `references`, resolved against the sets at `start`.
fn filters(
    repo: &Repository,
    start: &okr_git::Revision,
    root: &str,
    references: &[String],
) -> Result<Vec<Filter>, CommandError> {
    if references.is_empty() {
        return Ok(Vec::new());
    }
    let files = repo.load(&Side::Revision(start.clone()), root)?;
    let sets: Vec<&okr_model::OkrSet> =
        files.iter().filter_map(|f| f.parsed.set.as_ref()).collect();
    let index = crate::files::index(sets.clone());
    references
        .iter()
        .map(|reference| {
            let target = index.resolve(
                reference,
                &[Kind::Set, Kind::Objective, Kind::KeyResult],
                None,
            )?;
            let set = sets[target.set()];
            let (objective, key_result) = match target {
                Target::Set(_) => (None, None),
                Target::Objective(_, o) => (Some(set.objectives[o].id.clone()), None),
                Target::KeyResult(_, o, k) => (
                    Some(set.objectives[o].id.clone()),
                    Some(set.objectives[o].key_results[k].id.clone()),
                ),
            };
            Ok(Filter {
                period: set.period.label.clone(),
                team: set.team.clone(),
                objective,
                key_result,
            })
        })
        .collect()
}

/// A date for `--since` or `--until`, as seconds: `2026-10-01` (local
/// midnight, or the end of that day for `--until`), an RFC 3339 time, or
/// `N days ago` (also weeks, months of 30 days, years of 365).
pub(crate) fn parse_date(flag: &str, text: &str, end_of_day: bool) -> Result<i64, CommandError> {
    let bad = || CommandError::Usage {
        message: format!("{flag}: `{text}` is not a date"),
        hint: Some("write 2026-10-01, 2026-10-01T09:00:00+02:00 or \"2 weeks ago\"".to_owned()),
    };
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let time = if end_of_day {
            date.and_hms_opt(23, 59, 59)
        } else {
            date.and_hms_opt(0, 0, 0)
        }
        .ok_or_else(bad)?;
        return Local
            .from_local_datetime(&time)
            .earliest()
            .map(|t| t.timestamp())
            .ok_or_else(bad);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.timestamp());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [count, unit, "ago"] = words[..] {
        let count: i64 = count.parse().map_err(|_| bad())?;
        let days = match unit.trim_end_matches('s') {
            "day" => 1,
            "week" => 7,
            "month" => 30,
            "year" => 365,
            _ => return Err(bad()),
        };
        return Ok(Local::now().timestamp() - count * days * 86_400);
    }
    Err(bad())
}
