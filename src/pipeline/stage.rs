//! The seam between stages: each stage reads and extends one [`RunState`]. Adding a stage
//! means writing one `Stage` impl with its `build` and listing it in
//! [`crate::pipeline::stages::build`]; no other stage changes.

use crate::config::PipelineConfig;
use crate::embed::{Embeddings, ModelInfo};
use crate::error::Result;
use crate::progress::Progress;
use crate::record::Dataset;
use crate::redact::Change;
use crate::segment::{Segment, SkipReason};
use crate::sentiment::Sentiment;
use crate::themes::ThemeModel;
use std::collections::BTreeMap;

/// What redaction changed in one record.
#[derive(Debug, Clone, Default)]
pub struct RecordRedactions {
    /// Changes to the text, with offsets in the original and the redacted text.
    pub text: Vec<Change>,
    /// Detections per (field, entity kind name); field is `text` or a metadata column.
    pub counts: BTreeMap<(String, String), usize>,
}

/// A transform over the run state.
pub trait Stage {
    fn name(&self) -> &'static str;
    /// Takes what the stage needs from the data as soon as it is read, before any stage runs
    /// (speaker names to redact, post times, which posts are replies).
    fn prepare(&mut self, _dataset: &mut Dataset) -> Result<()> {
        Ok(())
    }
    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()>;
}

/// Everything a run knows, filled in stage by stage.
#[derive(Debug)]
pub struct RunState {
    pub config: PipelineConfig,
    pub dataset: Dataset,
    /// sha256 of the input file, for provenance.
    pub input_sha256: String,
    /// Per record: what redaction changed (empty when redaction is off).
    pub redactions: Vec<RecordRedactions>,
    /// Per record: why it is not analysed, if it is not.
    pub skipped: Vec<Option<SkipReason>>,
    /// Per record: the validity flag of a social post (empty unless `[social]` is set).
    pub validity: Vec<Option<crate::validity::Flag>>,
    /// Per record: a social post's time in minutes since 1970 (empty unless `[social]`).
    pub post_minutes: Vec<Option<i64>>,
    pub segments: Vec<Segment>,
    pub embeddings: Option<Embeddings>,
    pub model: Option<ModelInfo>,
    /// Per segment sentiment, when the sentiment stage ran.
    pub sentiment: Option<Vec<Sentiment>>,
    pub themes: Option<ThemeModel>,
    /// KPI answers per mapped score column (read and checked before analysis).
    pub kpis: Vec<crate::figures::kpi::Answers>,
    /// Per record: its trend period label, when `[trends]` is configured (`None` inside:
    /// no date).
    pub periods: Option<Vec<Option<String>>>,
    /// What the embedding cache answered, when one was used.
    pub embed_cache: Option<crate::embed::CacheCounts>,
    /// Per-stage counters, reported in run.json.
    pub counters: BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
    /// The input's file name as outputs show it (run.json, report.html, project.qdpx): passed
    /// through the redactor when redaction is on, since a file name can name a person.
    pub source_name: String,
    /// Header names holding personal data and what outputs call them instead (old, new),
    /// applied by [`RunState::rename_columns`] once every stage has run.
    pub column_renames: Vec<(String, String)>,
}

impl RunState {
    pub fn new(config: PipelineConfig, dataset: Dataset) -> RunState {
        let n = dataset.records.len();
        let source_name = dataset
            .source
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        RunState {
            source_name,
            config,
            dataset,
            input_sha256: String::new(),
            redactions: Vec::new(),
            skipped: vec![None; n],
            validity: Vec::new(),
            post_minutes: Vec::new(),
            segments: Vec::new(),
            embeddings: None,
            model: None,
            sentiment: None,
            themes: None,
            kpis: Vec::new(),
            periods: None,
            embed_cache: None,
            counters: BTreeMap::new(),
            column_renames: Vec::new(),
        }
    }

    /// Gives the columns in `column_renames` their new names wherever the run refers to them:
    /// the pipeline, the dataset's metadata columns and the KPI answers.
    pub fn rename_columns(&mut self) {
        for (old, new) in &self.column_renames {
            self.config.rename_column(old, new);
            for column in &mut self.dataset.meta_columns {
                if column == old {
                    column.clone_from(new);
                }
            }
            for answers in &mut self.kpis {
                if answers.column == *old {
                    answers.column.clone_from(new);
                }
            }
        }
    }

    /// Adds `n` to a stage's counter.
    pub fn count(&mut self, stage: &'static str, key: &'static str, n: u64) {
        *self
            .counters
            .entry(stage)
            .or_default()
            .entry(key)
            .or_default() += n;
    }

    /// Segment texts, aligned with `segments`.
    pub fn segment_texts(&self) -> Vec<&str> {
        self.segments
            .iter()
            .map(|s| s.text(&self.dataset.records))
            .collect()
    }
}
