//! Pipeline configuration: one TOML file per pipeline, parsed strictly (`deny_unknown_fields`)
//! and validated as a whole before any stage runs, so a typo costs seconds, not a long run.
//! Each section's settings live beside the component they configure; this module loads the
//! file, resolves its paths and checks what spans sections (column references).

mod overrides;

pub use overrides::Overrides;

use crate::embed::config::{CacheSetting, EmbedConfig};
use crate::error::{Error, Result};
use crate::figures::config::{KpiConfig, TrendsConfig};
use crate::ingest::config::{InputConfig, TranscriptConfig, TRANSCRIPT_COLUMNS};
use crate::record::Format;
use crate::redact::config::RedactConfig;
use crate::report::config::{OutputConfig, ReportConfig};
use crate::segment::SegmentConfig;
use crate::sentiment::config::{ScorerKind, SentimentConfig};
use crate::themes::config::{CodingMode, ThemeCount, ThemesConfig};
use crate::validity::config::SocialConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Names the run; the default output folder is `out/<name>/`.
    pub name: String,
    /// Seed for every random choice (clustering initialisation, sampling).
    #[serde(default = "default_seed")]
    pub seed: u64,
    pub input: InputConfig,
    /// Redaction of personal data; absent means no redaction (every shipped pipeline has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redact: Option<RedactConfig>,
    #[serde(default)]
    pub segment: SegmentConfig,
    #[serde(default)]
    pub embed: EmbedConfig,
    /// Sentiment per segment, comment and theme; absent means no sentiment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<SentimentConfig>,
    #[serde(default)]
    pub themes: ThemesConfig,
    #[serde(default)]
    pub output: OutputConfig,
    /// Score columns (from `input.metadata_columns`) to report as KPIs in `kpis.csv`.
    #[serde(default)]
    pub kpi: KpiConfig,
    /// Theme shares, sentiment and KPIs per period; absent means no trends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trends: Option<TrendsConfig>,
    #[serde(default)]
    pub report: ReportConfig,
    /// Speaker roles for transcript input.
    #[serde(default)]
    pub transcript: TranscriptConfig,
    /// Social-media posts: authors, times and validity checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social: Option<SocialConfig>,
}

fn default_seed() -> u64 {
    42
}

impl PipelineConfig {
    /// Reads, parses and validates a pipeline file, resolving relative paths against its folder.
    pub fn load(path: &Path) -> Result<PipelineConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::config(format!("cannot read pipeline {}: {e}", path.display())))?;
        let mut config: PipelineConfig = toml::from_str(&text)
            .map_err(|e| Error::config(format!("{}: {}", path.display(), e)))?;
        let base = path.parent().unwrap_or(Path::new(""));
        config.input.path = resolve(base, &config.input.path);
        if let Some(codebook) = &config.themes.codebook {
            config.themes.codebook = Some(resolve(base, codebook));
        }
        if config.input_format().is_transcript() && config.input.metadata_columns.is_empty() {
            config.input.metadata_columns = TRANSCRIPT_COLUMNS.map(str::to_owned).to_vec();
        }
        if let Some(sentiment) = &mut config.sentiment {
            if let Some(dir) = &sentiment.classifier {
                sentiment.classifier = Some(resolve(base, dir));
            }
        }
        if let CacheSetting::Dir(dir) = &config.embed.cache {
            config.embed.cache = CacheSetting::Dir(resolve(base, dir));
        }
        if let Some(model) = &config.embed.model {
            let hub = model
                .to_str()
                .is_some_and(|m| m.starts_with(crate::embed::model::HUB_PREFIX));
            if !hub {
                config.embed.model = Some(resolve(base, model));
            }
        }
        Ok(config)
    }

    /// Checks values that serde cannot: ranges, and that every referenced column is distinct
    /// and configured. Column existence in the file is checked by ingest when it reads the
    /// header, still before any analysis runs.
    pub fn validate(&self) -> Result<()> {
        let bad = |key: &str, why: &str| Err(Error::config(format!("{key}: {why}")));
        if self.name.trim().is_empty() {
            return bad("name", "must not be empty");
        }
        if self.name.contains(['/', '\\']) || self.name.starts_with('.') {
            return bad(
                "name",
                "must be usable as a folder name (no slashes, no leading dot)",
            );
        }
        self.transcript.pattern()?;
        let format = self
            .input
            .format
            .or_else(|| Format::from_path(&self.input.path));
        let Some(format) = format else {
            return bad(
                "input.format",
                "cannot guess the format from the file extension; set one of csv, tsv, xlsx, jsonl, \
                 txt, transcript, vtt, srt, docx",
            );
        };
        if format.is_transcript() {
            let implied: Vec<String> = TRANSCRIPT_COLUMNS.map(str::to_owned).to_vec();
            if self.input.metadata_columns != implied {
                return bad(
                    "input.metadata_columns",
                    "transcripts carry exactly [\"group\", \"speaker\", \"role\", \"timestamp\"]; \
                     omit the key",
                );
            }
            if self.input.text_column.is_some() || self.input.id_column.is_some() {
                return bad(
                    "input.text_column/id_column",
                    "transcripts have no columns; omit these keys",
                );
            }
        } else if format != Format::Txt && self.input.text_column.is_none() {
            return bad(
                "input.text_column",
                "required for csv, tsv, xlsx and jsonl input",
            );
        }
        if self.input.sheet.is_some() && format != Format::Xlsx {
            return bad("input.sheet", "only applies to xlsx input");
        }
        if encoding_rs::Encoding::for_label(self.input.encoding.as_bytes()).is_none()
            && self.input.encoding != "auto"
        {
            return bad(
                "input.encoding",
                "unknown encoding label; use \"auto\", \"utf-8\", \"windows-1252\", …",
            );
        }
        for col in &self.output.frequency_columns {
            if !self.input.metadata_columns.contains(col) {
                return bad(
                    "output.frequency_columns",
                    &format!("'{col}' is not listed in input.metadata_columns"),
                );
            }
        }
        let kpi = &self.kpi;
        for (key, col) in [
            ("nps", &kpi.nps),
            ("csat", &kpi.csat),
            ("ces", &kpi.ces),
            ("fcr", &kpi.fcr),
        ] {
            if let Some(col) = col {
                if !self.input.metadata_columns.contains(col) {
                    return bad(
                        &format!("kpi.{key}"),
                        &format!("'{col}' is not listed in input.metadata_columns"),
                    );
                }
            }
        }
        let listed = |key: &str, col: &String| {
            if self.input.metadata_columns.contains(col) {
                Ok(())
            } else {
                bad(
                    key,
                    &format!("'{col}' is not listed in input.metadata_columns"),
                )
            }
        };
        if let Some(col) = &self.input.respondent_column {
            listed("input.respondent_column", col)?;
        }
        if let Some(trends) = &self.trends {
            listed("trends.date_column", &trends.date_column)?;
        }
        if let Some(social) = &self.social {
            if let Some(column) = &social.author_column {
                listed("social.author_column", column)?;
            } else if social.parent_column.is_some() || !social.org_handles.is_empty() {
                return bad(
                    "social.author_column",
                    "is needed for threads (parent_column) and org_handles",
                );
            }
            if let Some(column) = &social.timestamp_column {
                listed("social.timestamp_column", column)?;
            }
            if let Some(column) = &social.parent_column {
                listed("social.parent_column", column)?;
            }
            if let Some(code) = social
                .languages
                .iter()
                .find(|c| !crate::validity::known_language(c))
            {
                return bad(
                    "social.languages",
                    &format!("'{code}' is not an ISO 639-3 language code (e.g. \"eng\", \"fra\")"),
                );
            }
            if !(0.0..1.0).contains(&social.off_topic_similarity) {
                return bad("social.off_topic_similarity", "must be in [0, 1)");
            }
            if !(0.0..=1.0).contains(&social.language_confidence) {
                return bad("social.language_confidence", "must be in [0, 1]");
            }
            let d = &social.duplicates;
            if !(d.threshold > 0.0 && d.threshold <= 1.0) {
                return bad("social.duplicates.threshold", "must be in (0, 1]");
            }
            if d.min_posts < 2 {
                return bad("social.duplicates.min_posts", "must be at least 2");
            }
            if social.bursts.posts < 2 || social.bursts.minutes < 1 {
                return bad(
                    "social.bursts",
                    "posts must be at least 2 and minutes at least 1",
                );
            }
        }
        let r = &self.report;
        if !(1..=50).contains(&r.recommendations) {
            return bad("report.recommendations", "must be between 1 and 50");
        }
        if !(1..=10).contains(&r.quotes) {
            return bad("report.quotes", "must be between 1 and 10");
        }
        if let Some(kind) = &r.driver_kpi {
            let mapped = match kind.as_str() {
                "nps" => &kpi.nps,
                "csat" => &kpi.csat,
                "ces" => &kpi.ces,
                "fcr" => &kpi.fcr,
                _ => return bad("report.driver_kpi", "must be one of nps, csat, ces, fcr"),
            };
            if mapped.is_none() {
                return bad(
                    "report.driver_kpi",
                    &format!("kpi.{kind} must map a score column"),
                );
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for col in &self.input.metadata_columns {
            if !seen.insert(col) {
                return bad(
                    "input.metadata_columns",
                    &format!("'{col}' is listed twice"),
                );
            }
        }
        if self.embed.batch_size == 0 || self.embed.batch_size > 4096 {
            return bad("embed.batch_size", "must be between 1 and 4096");
        }
        if !(8..=8192).contains(&self.embed.max_tokens) {
            return bad("embed.max_tokens", "must be between 8 and 8192");
        }
        if let Some(redact) = &self.redact {
            redact.validate()?;
        }
        if let Some(sentiment) = &self.sentiment {
            if !(0.0..=1.0).contains(&sentiment.mixed_threshold) {
                return bad("sentiment.mixed_threshold", "must be in [0, 1]");
            }
            if (sentiment.scorer == ScorerKind::Classifier) != sentiment.classifier.is_some() {
                return bad(
                    "sentiment.classifier",
                    "set it (a model folder) exactly when scorer = \"classifier\"",
                );
            }
        }
        let t = &self.themes;
        if let ThemeCount::Fixed(k) = t.k {
            if k < 1 {
                return bad("themes.k", "must be at least 1 or \"auto\"");
            }
        }
        if (t.mode == CodingMode::Inductive) == t.codebook.is_some() {
            return bad(
                "themes.codebook",
                "set it exactly when mode is \"deductive\" or \"hybrid\"",
            );
        }
        if !(t.code_threshold > -1.0 && t.code_threshold <= 1.0) {
            return bad("themes.code_threshold", "must be in (-1, 1]");
        }
        if !(1..=20).contains(&t.max_codes) {
            return bad("themes.max_codes", "must be between 1 and 20");
        }
        if !(1..=200).contains(&t.neighbours) {
            return bad("themes.neighbours", "must be between 1 and 200");
        }
        if !(t.resolution > 0.0 && t.resolution <= 100.0) {
            return bad("themes.resolution", "must be in (0, 100]");
        }
        if t.min_theme_size < 1 {
            return bad("themes.min_theme_size", "must be at least 1");
        }
        if !(t.merge_similarity > 0.0 && t.merge_similarity <= 1.0) {
            return bad("themes.merge_similarity", "must be in (0, 1]");
        }
        if t.k_min < 2 || t.k_max < t.k_min {
            return bad("themes.k_min/k_max", "need 2 <= k_min <= k_max");
        }
        if t.silhouette_sample < 10 {
            return bad("themes.silhouette_sample", "must be at least 10");
        }
        if t.fit_sample < 100 {
            return bad("themes.fit_sample", "must be at least 100");
        }
        if !(-1.0..=1.0).contains(&t.min_similarity) {
            return bad(
                "themes.min_similarity",
                "must be a cosine similarity in [-1, 1]",
            );
        }
        if t.keywords == 0 || t.exemplars == 0 {
            return bad("themes.keywords/exemplars", "must be at least 1");
        }
        Ok(())
    }

    /// Replaces the carried metadata columns (a command-line override) and drops every setting
    /// that refers to a column no longer carried, so a pipeline can run on another file.
    pub fn keep_metadata_columns(&mut self, columns: Vec<String>) {
        self.input.metadata_columns = columns;
        let kept = &self.input.metadata_columns;
        let gone = |c: &Option<String>| c.as_ref().is_some_and(|c| !kept.contains(c));
        self.output.frequency_columns.retain(|c| kept.contains(c));
        let kpi = &mut self.kpi;
        for col in [&mut kpi.nps, &mut kpi.csat, &mut kpi.ces, &mut kpi.fcr] {
            if gone(col) {
                *col = None;
            }
        }
        if gone(&self.input.respondent_column) {
            self.input.respondent_column = None;
        }
        if self
            .trends
            .as_ref()
            .is_some_and(|t| !kept.contains(&t.date_column))
        {
            self.trends = None;
        }
        if let Some(social) = &mut self.social {
            if gone(&social.timestamp_column) {
                social.timestamp_column = None;
            }
            if gone(&social.author_column) {
                social.author_column = None;
                social.org_handles.clear();
            }
            if gone(&social.parent_column) || social.author_column.is_none() {
                social.parent_column = None;
            }
        }
        let driver_mapped = match self.report.driver_kpi.as_deref() {
            Some("nps") => kpi.nps.is_some(),
            Some("csat") => kpi.csat.is_some(),
            Some("ces") => kpi.ces.is_some(),
            Some("fcr") => kpi.fcr.is_some(),
            _ => true,
        };
        if !driver_mapped {
            self.report.driver_kpi = None;
        }
    }

    /// Renames a column everywhere the pipeline refers to it (the redactor's answer to a header
    /// name holding personal data), so the run and its outputs use the new name throughout.
    pub fn rename_column(&mut self, old: &str, new: &str) {
        let rename = |c: &mut String| {
            if c == old {
                *c = new.to_owned();
            }
        };
        let input = &mut self.input;
        input.text_column.iter_mut().for_each(rename);
        input.id_column.iter_mut().for_each(rename);
        input.respondent_column.iter_mut().for_each(rename);
        input.metadata_columns.iter_mut().for_each(rename);
        self.output.frequency_columns.iter_mut().for_each(rename);
        let kpi = &mut self.kpi;
        for col in [&mut kpi.nps, &mut kpi.csat, &mut kpi.ces, &mut kpi.fcr] {
            col.iter_mut().for_each(rename);
        }
        if let Some(trends) = &mut self.trends {
            rename(&mut trends.date_column);
        }
        if let Some(social) = &mut self.social {
            for col in [
                &mut social.author_column,
                &mut social.timestamp_column,
                &mut social.parent_column,
            ] {
                col.iter_mut().for_each(rename);
            }
        }
    }

    /// Whether the embedding model must carry the sentiment head.
    pub fn sentiment_head(&self) -> bool {
        self.sentiment
            .as_ref()
            .is_some_and(|s| s.scorer == ScorerKind::Model)
    }

    /// The input format, explicit or guessed (valid after `validate`).
    pub fn input_format(&self) -> Format {
        self.input
            .format
            .or_else(|| Format::from_path(&self.input.path))
            .unwrap_or(Format::Csv)
    }
}

fn resolve(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}
