//! The runner: validate everything, load the model, ingest, run the stages, compute the
//! figures, then write every output atomically.

use crate::codebook::Codebook;
use crate::config::PipelineConfig;
use crate::config::{CacheSetting, ScorerKind};
use crate::cost::Cost;
use crate::embed::cache::Cache;
use crate::embed::model::sha256_file;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::ingest;
use crate::progress::Progress;
use crate::redact::Redactor;
use crate::report::{self, RunOutput, StagingDir};
use crate::sentiment::classifier::ClassifierScorer;
use crate::sentiment::lexicon::LexiconScorer;
use crate::stage::{RunState, Stage};
use crate::stages::{
    EmbedStage, OffTopicStage, RedactStage, SegmentStage, SentimentSource, SentimentStage,
    ThemeStage, ValidityStage,
};
use crate::stats::{self, RecordStatus};
use crate::themes;
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

/// Runs a validated pipeline and writes its outputs to `out_dir`.
pub fn run(config: PipelineConfig, out_dir: &Path, progress: Progress) -> Result<Summary> {
    config.validate()?;
    // Refuse a folder of the user's before any work, not after it.
    report::check_replaceable(out_dir)?;
    let started = Instant::now();
    let mut cost = Cost::default();
    let timings = &mut cost.stages;
    let mut clock = Instant::now();
    let mut lap = |name: &str, timings: &mut Vec<(String, f64)>| {
        timings.push((name.to_owned(), clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };

    // Build the redactor and load the model before reading data: a bad pattern or a broken
    // install fails in seconds.
    // The organisation's own handles are not personal data: never redacted.
    let redact_config = config.redact.clone().map(|mut r| {
        if let Some(social) = &config.social {
            r.allow.extend(social.org_handles.iter().cloned());
        }
        r
    });
    let redactor = redact_config.as_ref().map(Redactor::new).transpose()?;
    let embedder = Embedder::load(&config.embed, config.sentiment_head())?;
    let sentiment_source = match &config.sentiment {
        None => None,
        Some(s) => Some(match (s.scorer, &s.classifier) {
            (ScorerKind::Model, _) => SentimentSource::ModelHead,
            (ScorerKind::Lexicon, _) => SentimentSource::Rules(Box::new(LexiconScorer::new())),
            (ScorerKind::Classifier, dir) => {
                let dir = dir.as_ref().ok_or_else(|| {
                    Error::config("sentiment.classifier: a model folder is required")
                })?;
                SentimentSource::Classifier(Box::new(ClassifierScorer::load(
                    dir,
                    config.embed.threads,
                    config.embed.max_tokens,
                )?))
            }
        }),
    };
    // Place the codebook's codes (embedding their descriptions and examples) before any data
    // is read, so a bad codebook fails early too.
    let mut embedder = embedder;
    let codebook = match &config.themes.codebook {
        None => None,
        Some(path) => {
            let info = embedder.info().clone();
            let mut embed =
                |texts: &[&str]| embedder.embed(texts, &Progress::hidden()).map(|e| e.matrix);
            Some(themes::apply::fill_centroids(
                Codebook::load(path)?,
                &info.identity(),
                info.dim,
                &mut embed,
            )?)
        }
    };
    // The organisation's description, for the off-topic check.
    let topic_vector = match config.social.as_ref().and_then(|s| s.topic.as_deref()) {
        Some(topic) => Some(
            embedder
                .embed(&[topic], &Progress::hidden())?
                .matrix
                .row(0)
                .to_vec(),
        ),
        None => None,
    };
    let cache = open_cache(&config.embed.cache, embedder.cache_namespace())?;
    lap("load_model", timings);
    let mut dataset = ingest::read(&config.input, config.input_format(), &config.transcript)?;
    // Authors are pseudonymised before anything else sees them; post times are checked now.
    let post_minutes = config
        .social
        .as_ref()
        .map(|s| crate::validity::prepare(s, &mut dataset))
        .transpose()?;
    let input_sha256 = input_digest(&config, &dataset)?;
    let kpis = crate::kpi::read(&config.kpi, &dataset)?;
    let periods = config
        .trends
        .as_ref()
        .map(|t| crate::trends::read_periods(t, &dataset))
        .transpose()?;
    lap("ingest", timings);

    let mut stages: Vec<Box<dyn Stage>> = Vec::new();
    if let (Some(mut redactor), Some(redact)) = (redactor, &config.redact) {
        redactor.add_names(&dataset.speaker_names);
        stages.push(Box::new(RedactStage {
            redactor,
            metadata: redact.metadata,
        }));
    }
    if let (Some(social), Some(minutes)) = (&config.social, post_minutes) {
        stages.push(Box::new(ValidityStage {
            config: social.clone(),
            minutes,
        }));
    }
    stages.extend::<[Box<dyn Stage>; 3]>([
        Box::new(SegmentStage {
            config: config.segment.clone(),
        }),
        Box::new(EmbedStage { embedder, cache }),
        Box::new(ThemeStage {
            config: config.themes.clone(),
            seed: config.seed,
            codebook,
        }),
    ]);
    if let Some(social) = config
        .social
        .as_ref()
        .filter(|s| s.off_topic_similarity > 0.0)
    {
        let parent = social
            .parent_column
            .as_ref()
            .and_then(|c| dataset.meta_columns.iter().position(|m| m == c));
        let replies = dataset
            .records
            .iter()
            .map(|r| parent.is_some_and(|p| !r.meta[p].trim().is_empty()))
            .collect();
        stages.push(Box::new(OffTopicStage {
            replies,
            topic: topic_vector,
            threshold: social.off_topic_similarity,
            exclude: social.exclude_flagged,
        }));
    }
    if let Some(source) = sentiment_source {
        stages.push(Box::new(SentimentStage { source }));
    }
    let mut state = RunState::new(config, dataset);
    state.input_sha256 = input_sha256;
    state.kpis = kpis;
    state.periods = periods;
    for stage in &mut stages {
        stage.run(&mut state, &progress)?;
        lap(stage.name(), timings);
    }

    let stats = stats::compute(&state);
    lap("stats", timings);
    cost.cache = state.embed_cache;

    let staging = StagingDir::new(out_dir)?;
    let output = RunOutput {
        state: &state,
        stats: &stats,
        cost: &cost,
    };
    report::write_all(&output, staging.path())?;
    staging.commit()?;

    let count = |want: &dyn Fn(&RecordStatus) -> bool| stats.count(want);
    let themes = state.themes.as_ref().map_or(Vec::new(), |model| {
        model
            .themes
            .iter()
            .map(|t| {
                let share = stats::percent(stats.theme_comments[t.id - 1], stats.analysed);
                (t.code.clone(), t.name.clone(), share)
            })
            .collect()
    });
    Ok(Summary {
        unit: crate::report::unit_noun(&state),
        out_dir: out_dir.to_path_buf(),
        rows_read: state.dataset.records.len(),
        coded: count(&|s| *s == RecordStatus::Coded),
        uncoded: count(&|s| *s == RecordStatus::Uncoded),
        skipped: count(&|s| matches!(s, RecordStatus::Skipped(_))),
        segments: state.segments.len(),
        themes,
        redacted: state.config.redact.as_ref().map(|_| {
            let redact = state.counters.get("redact");
            let get = |k| redact.and_then(|c| c.get(k)).copied().unwrap_or(0);
            (get("detections"), get("rows_with_pii"))
        }),
        sentiment: if state.sentiment.is_some() {
            ["negative", "neutral", "positive", "mixed"]
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

/// Opens the embedding cache. A folder the user named must work; the default one is skipped
/// (with a note on stderr) when it cannot be created, e.g. on a read-only home.
fn open_cache(setting: &CacheSetting, namespace: &str) -> Result<Option<Cache>> {
    let Some(folder) = setting.folder() else {
        return Ok(None);
    };
    match Cache::open(&folder.join("embeddings"), namespace) {
        Ok(cache) => Ok(Some(cache)),
        Err(err) if *setting == CacheSetting::Auto => {
            eprintln!("verbatim: note: embedding cache off: {err}");
            Ok(None)
        }
        Err(err) => Err(err),
    }
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
