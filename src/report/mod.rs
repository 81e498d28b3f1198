//! Writers: each output file is a separate sink fed by the finished run; a new format never
//! touches analysis code. All files of a run are written into one staging folder and swapped
//! into place together.

mod codebook;
mod coded;
pub mod config;
mod drivers;
mod frequencies;
mod kpis;
pub(crate) mod page;
mod participants;
mod priorities;
mod qdpx;
mod redactions;
mod report_html;
mod run_json;
mod segments;
pub(crate) mod svg;
mod themes;
mod threads;
mod trends;
mod xlsx;

use crate::error::{Error, ErrorKind, Result};
use crate::figures::stats::Stats;
pub(crate) use crate::outputs::SafeCsv;
use crate::pipeline::stage::RunState;
use std::io::Write;
use std::path::Path;

/// Everything writers may read.
#[derive(Clone, Copy)]
pub struct RunOutput<'a> {
    pub state: &'a RunState,
    pub stats: &'a Stats,
    /// Seconds per stage, cache answers, memory (timings.json only: run.json stays
    /// reproducible).
    pub cost: &'a crate::cost::Cost,
}

/// Where a sink writes: a file, which the REFI-QDA archive seeks back in to patch each entry's
/// sizes as it streams.
pub trait Output: Write + std::io::Seek {}
impl<T: Write + std::io::Seek> Output for T {}

/// One output file.
pub trait Sink: Send + Sync {
    fn file_name(&self) -> &'static str;
    /// Whether this run produces the file at all.
    fn wanted(&self, _run: &RunOutput<'_>) -> bool {
        true
    }
    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()>;
}

/// The sinks every run writes.
pub fn sinks() -> Vec<Box<dyn Sink>> {
    vec![
        Box::new(coded::Coded),
        Box::new(segments::Segments),
        Box::new(themes::Themes),
        Box::new(codebook::CodebookFile::Toml),
        Box::new(codebook::CodebookFile::Csv),
        Box::new(frequencies::Frequencies),
        Box::new(kpis::Kpis),
        Box::new(trends::Trends),
        Box::new(drivers::Drivers),
        Box::new(priorities::Priorities),
        Box::new(participants::Participants),
        Box::new(participants::ParticipantMatrix),
        Box::new(threads::Threads),
        Box::new(threads::ThreadSummary),
        Box::new(qdpx::Qdpx),
        Box::new(qdpx::Qdc),
        Box::new(report_html::ReportHtml),
        Box::new(xlsx::ReportXlsx),
        Box::new(redactions::Redactions),
        Box::new(run_json::RunJson),
        Box::new(run_json::Timings),
    ]
}

/// Writes every sink into `dir` (normally a staging folder).
pub fn write_all(run: &RunOutput<'_>, dir: &Path) -> Result<()> {
    // Each file's seconds go into timings.json, which is therefore written last.
    let mut cost = run.cost.clone();
    let (last, first): (Vec<_>, Vec<_>) = sinks()
        .into_iter()
        .filter(|s| s.wanted(run))
        .partition(|s| s.file_name() == "timings.json");
    // Files are written on as many threads as there are cores, each taking the next sink.
    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut written: Vec<(usize, f64, Result<()>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(first.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(sink) = first.get(i) else {
                            return done;
                        };
                        let started = std::time::Instant::now();
                        let result = write_sink(sink.as_ref(), run, dir);
                        done.push((i, started.elapsed().as_secs_f64(), result));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a writer panicked"))
            .collect()
    });
    cost.writing = started.elapsed().as_secs_f64();
    written.sort_by_key(|(i, _, _)| *i);
    for (i, seconds, result) in written {
        result?;
        cost.writes.push((first[i].file_name().to_owned(), seconds));
    }
    let run = RunOutput {
        cost: &cost,
        ..*run
    };
    for sink in last {
        write_sink(sink.as_ref(), &run, dir)?;
    }
    Ok(())
}

fn write_sink(sink: &dyn Sink, run: &RunOutput<'_>, dir: &Path) -> Result<()> {
    let path = dir.join(sink.file_name());
    let file = std::fs::File::create(&path).map_err(|e| Error::io(ErrorKind::Output, &path, e))?;
    let mut buf = std::io::BufWriter::new(file);
    sink.write(run, &mut buf)?;
    buf.flush()
        .map_err(|e| Error::io(ErrorKind::Output, &path, e))?;
    buf.into_inner()
        .map_err(|e| Error::io(ErrorKind::Output, &path, e.into_error()))?
        .sync_all()
        .map_err(|e| Error::io(ErrorKind::Output, &path, e))
}

/// Fixed-precision number formatting keeps outputs byte-identical and diffable.
pub(crate) fn fixed(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// Statistical disclosure control for shareable outputs: counts from 1 to `min − 1` (and the
/// percentages that would reveal them) are hidden, shown as `<min`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Disclosure {
    min: usize,
}

impl Disclosure {
    pub(crate) fn of(run: &RunOutput<'_>) -> Disclosure {
        Disclosure {
            min: run.state.config.output.min_cell_count,
        }
    }

    pub(crate) fn hides(self, n: usize) -> bool {
        n > 0 && n < self.min
    }

    /// The count as shown: the number, or `<min` when hidden.
    pub(crate) fn count(self, n: usize) -> String {
        if self.hides(n) {
            format!("<{}", self.min)
        } else {
            n.to_string()
        }
    }
}

/// What one record is called in prose: a transcript's records are speaker turns, a social
/// run's are posts.
pub fn unit_noun(state: &RunState) -> &'static str {
    if state.dataset.format.is_transcript() {
        "turn"
    } else if state.config.social.is_some() {
        "post"
    } else {
        "comment"
    }
}

/// Code id and name for a segment's assignment (`uncoded` for none).
pub(crate) fn theme_label(state: &RunState, theme: Option<usize>) -> (String, String) {
    match (theme, &state.themes) {
        (Some(id), Some(model)) => {
            let theme = &model.themes[id - 1];
            (theme.code.clone(), theme.name.clone())
        }
        _ => ("uncoded".to_owned(), "uncoded".to_owned()),
    }
}
