//! The runner: validate everything, build the stages, ingest, run the stages, compute the
//! figures, then write every output atomically.

use super::stages;
use crate::config::PipelineConfig;
use crate::cost::Cost;
use crate::embed::model::sha256_file;
use crate::error::{Error, ErrorKind, Result};
use crate::figures::stats::{self, RecordStatus};
use crate::ingest;
use crate::outputs::StagingDir;
use crate::pipeline::stage::RunState;
use crate::progress::Progress;
use crate::report::{self, RunOutput};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the CLI prints after a run.
#[derive(Debug, Clone)]
pub struct Summary {
    pub out_dir: PathBuf,
    pub rows_read: usize,
    pub coded: usize,
    pub uncoded: usize,
    pub skipped: usize,
    pub segments: usize,
    /// (code id, name, % of analysed comments), in theme order.
    pub themes: Vec<(String, String, f64)>,
    /// Values redacted and rows that held any (when redaction is on).
    pub redacted: Option<(u64, u64)>,
    /// Analysed comments per sentiment roll-up label, in a fixed order (when sentiment is on).
    pub sentiment: Vec<(&'static str, usize)>,
    /// What a row is called: `turn` for transcripts, else `comment`.
    pub unit: &'static str,
    pub seconds: f64,
    /// What the embedding cache answered, when one was used.
    pub cache: Option<crate::embed::CacheCounts>,
}

/// Runs a pipeline and writes its outputs to `out_dir`: validate → build the stages →
/// ingest → run each stage over the data → figures → write every output atomically.
pub fn run(config: PipelineConfig, out_dir: &Path, progress: Progress) -> Result<Summary> {
    config.validate()?;
    // Refuse a folder of the user's before any work, not after it.
    crate::outputs::check_replaceable(out_dir)?;
    // The outputs' staging folder exists from the start: a folder that cannot be written fails
    // now, and the embedding spill file lives there, on the outputs' disk.
    let staging = StagingDir::new(out_dir)?;
    let started = Instant::now();
    let mut cost = Cost::default();
    let timings = &mut cost.stages;
    let mut clock = Instant::now();
    let mut lap = |name: &str, timings: &mut Vec<(String, f64, Option<u64>)>| {
        let rss = crate::cost::rss_bytes();
        timings.push((name.to_owned(), clock.elapsed().as_secs_f64(), rss));
        clock = Instant::now();
    };

    // Everything that can fail without the data fails in seconds, before it is read.
    let mut stages = stages::build(&config, staging.path())?;
    lap("load_model", timings);
    let mut dataset = ingest::read(&config.input, config.input_format(), &config.transcript)?;
    for stage in &mut stages {
        stage.prepare(&mut dataset)?;
    }
    let input_sha256 = input_digest(&config, &dataset)?;
    let kpis = crate::figures::kpi::read(&config.kpi, &dataset)?;
    let periods = config
        .trends
        .as_ref()
        .map(|t| crate::figures::trends::read_periods(t, &dataset))
        .transpose()?;
    lap("ingest", timings);

    let mut state = RunState::new(config, dataset);
    state.input_sha256 = input_sha256;
    state.kpis = kpis;
    state.periods = periods;
    for stage in &mut stages {
        stage.run(&mut state, &progress)?;
        lap(stage.name(), timings);
    }
    state.rename_columns();

    let stats = stats::compute(&state);
    lap("stats", timings);
    let count = |want: &dyn Fn(&RecordStatus) -> bool| stats.count(want);
    let (coded, uncoded) = (
        count(&|s| *s == RecordStatus::Coded),
        count(&|s| *s == RecordStatus::Uncoded),
    );
    let skipped = count(&|s| matches!(s, RecordStatus::Skipped(_)));
    // No row may be lost on the way: checked on every run, before anything is written.
    let rows = state.dataset.records.len();
    if coded + uncoded + skipped != rows {
        return Err(Error::new(
            ErrorKind::Output,
            format!(
                "internal check failed: {rows} rows read but {coded} coded + {uncoded} uncoded + \
                 {skipped} skipped; no outputs written (please report this)"
            ),
        ));
    }
    cost.cache = state.embed_cache;

    let output = RunOutput {
        state: &state,
        stats: &stats,
        cost: &cost,
    };
    report::write_all(&output, staging.path())?;
    staging.commit()?;

    let themes = state.themes.as_ref().map_or(Vec::new(), |model| {
        model
            .themes
            .iter()
            .map(|t| {
                let share = crate::figures::percent(stats.theme_comments[t.id - 1], stats.analysed);
                (t.code.clone(), t.name.clone(), share)
            })
            .collect()
    });
    Ok(Summary {
        unit: crate::report::unit_noun(&state),
        out_dir: out_dir.to_path_buf(),
        rows_read: rows,
        coded,
        uncoded,
        skipped,
        segments: state.segments.len(),
        themes,
        redacted: state.config.redact.as_ref().map(|_| {
            let redact = state.counters.get("redact");
            let get = |k| redact.and_then(|c| c.get(k)).copied().unwrap_or(0);
            (get("detections"), get("rows_with_pii"))
        }),
        sentiment: if state.sentiment.is_some() {
            crate::sentiment::ROLLUP_LABELS
                .into_iter()
                .map(|label| {
                    let n = stats
                        .comment_sentiment
                        .iter()
                        .flatten()
                        .filter(|r| r.label == label)
                        .count();
                    (label, n)
                })
                .collect()
        } else {
            Vec::new()
        },
        seconds: started.elapsed().as_secs_f64(),
        cache: cost.cache,
    })
}

/// sha256 of the input file; for a folder of transcripts, of the list of its files' names and
/// digests.
fn input_digest(config: &PipelineConfig, dataset: &crate::record::Dataset) -> Result<String> {
    if !dataset.source.is_dir() && !ingest::transcript::is_glob(&dataset.source) {
        return sha256_file(&dataset.source);
    }
    use sha2::{Digest, Sha256};
    let mut listing = Sha256::new();
    for file in ingest::transcript::files(&config.input, dataset.format)? {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        listing.update(format!(
            "{} {}\n",
            sha256_file(&file)?,
            name.unwrap_or_default()
        ));
    }
    Ok(listing
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The default output folder for a pipeline: `out/<name>/`.
pub fn default_out_dir(config: &PipelineConfig) -> PathBuf {
    Path::new("out").join(&config.name)
}
