//! Pipeline configuration: one TOML file per pipeline, parsed strictly (`deny_unknown_fields`)
//! and validated as a whole before any stage runs, so a typo costs seconds, not a long run.
//! Each section's settings live beside the component they configure; this module loads the
//! file, resolves its paths and checks what spans sections (column references).

mod overrides;

pub use overrides::Overrides;

use crate::embed::config::{CacheSetting, EmbedConfig};
use crate::error::{Error, Result};
use crate::figures::config::{Kind, KpiConfig, TrendsConfig};
use crate::ingest::config::{InputConfig, TranscriptConfig, TRANSCRIPT_COLUMNS};
use crate::record::Format;
use crate::redact::config::RedactConfig;
use crate::report::config::{OutputConfig, ReportConfig};
use crate::segment::SegmentConfig;
use crate::sentiment::config::{ScorerKind, SentimentConfig};
use crate::themes::config::ThemesConfig;
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

    /// Checks values that serde cannot, every section and what spans sections (each column a
    /// setting refers to is carried), and reports every problem at once. Column existence in
    /// the file is checked by ingest when it reads the header, still before any analysis runs.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("name: must not be empty".to_owned());
        } else if self.name.contains(['/', '\\']) || self.name.starts_with('.') {
            problems
                .push("name: must be usable as a folder name (no slashes, no leading dot)".into());
        }
        if let Err(e) = self.transcript.pattern() {
            problems.push(e.message().to_owned());
        }
        let format = self
            .input
            .format
            .or_else(|| Format::from_path(&self.input.path));
        problems.extend(self.input.validate(format));
        for (setting, column) in self.column_references() {
            if !self.input.metadata_columns.contains(column) {
                problems.push(format!(
                    "{}: '{column}' is not listed in input.metadata_columns",
                    setting.key()
                ));
            }
        }
        if let Some(kind) = self.report.driver_kpi {
            if self.kpi.column(kind).is_none() {
                problems.push(format!(
                    "report.driver_kpi: kpi.{} must map a score column",
                    kind.name()
                ));
            }
        }
        problems.extend(self.report.validate());
        problems.extend(self.embed.validate());
        problems.extend(self.redact.iter().flat_map(RedactConfig::validate));
        problems.extend(self.sentiment.iter().flat_map(SentimentConfig::validate));
        problems.extend(self.themes.validate());
        problems.extend(self.social.iter().flat_map(SocialConfig::validate));
        Error::check_config(problems)
    }

    /// Every setting that names a carried metadata column, with the column: the one list that
    /// validation checks and [`PipelineConfig::keep_metadata_columns`] prunes.
    fn column_references(&self) -> Vec<(ColumnSetting, &String)> {
        let mut refs = Vec::new();
        for column in &self.output.frequency_columns {
            refs.push((ColumnSetting::Frequency, column));
        }
        for (kind, column) in self.kpi.columns() {
            refs.extend(column.map(|c| (ColumnSetting::Kpi(kind), c)));
        }
        if let Some(column) = &self.input.respondent_column {
            refs.push((ColumnSetting::Respondent, column));
        }
        if let Some(trends) = &self.trends {
            refs.push((ColumnSetting::TrendsDate, &trends.date_column));
        }
        if let Some(social) = &self.social {
            for (setting, column) in [
                (ColumnSetting::Author, &social.author_column),
                (ColumnSetting::Timestamp, &social.timestamp_column),
                (ColumnSetting::Parent, &social.parent_column),
            ] {
                refs.extend(column.as_ref().map(|c| (setting, c)));
            }
        }
        refs
    }

    /// Replaces the carried metadata columns (a command-line override) and drops every setting
    /// that refers to a column no longer carried, so a pipeline can run on another file.
    pub fn keep_metadata_columns(&mut self, columns: Vec<String>) {
        self.input.metadata_columns = columns;
        let kept = &self.input.metadata_columns;
        let gone: Vec<ColumnSetting> = self
            .column_references()
            .into_iter()
            .filter(|(_, column)| !kept.contains(column))
            .map(|(setting, _)| setting)
            .collect();
        for setting in gone {
            match setting {
                ColumnSetting::Frequency => {
                    let kept = &self.input.metadata_columns;
                    self.output.frequency_columns.retain(|c| kept.contains(c));
                }
                ColumnSetting::Kpi(kind) => *self.kpi.column_mut(kind) = None,
                ColumnSetting::Respondent => self.input.respondent_column = None,
                ColumnSetting::TrendsDate => self.trends = None,
                ColumnSetting::Author | ColumnSetting::Timestamp | ColumnSetting::Parent => {
                    let Some(social) = &mut self.social else {
                        continue;
                    };
                    match setting {
                        ColumnSetting::Timestamp => social.timestamp_column = None,
                        ColumnSetting::Parent => social.parent_column = None,
                        _ => {
                            social.author_column = None;
                            social.org_handles.clear();
                        }
                    }
                }
            }
        }
        if let Some(social) = &mut self.social {
            // Threads need authors.
            if social.author_column.is_none() {
                social.parent_column = None;
            }
        }
        if let Some(kind) = self.report.driver_kpi {
            if self.kpi.column(kind).is_none() {
                self.report.driver_kpi = None;
            }
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
        for kind in Kind::ALL {
            self.kpi.column_mut(kind).iter_mut().for_each(rename);
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

/// A setting that names a carried metadata column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnSetting {
    Frequency,
    Kpi(Kind),
    Respondent,
    TrendsDate,
    Author,
    Timestamp,
    Parent,
}

impl ColumnSetting {
    /// The setting's key as the pipeline file writes it.
    fn key(self) -> String {
        match self {
            ColumnSetting::Frequency => "output.frequency_columns".into(),
            ColumnSetting::Kpi(kind) => format!("kpi.{}", kind.name()),
            ColumnSetting::Respondent => "input.respondent_column".into(),
            ColumnSetting::TrendsDate => "trends.date_column".into(),
            ColumnSetting::Author => "social.author_column".into(),
            ColumnSetting::Timestamp => "social.timestamp_column".into(),
            ColumnSetting::Parent => "social.parent_column".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> PipelineConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn validation_reports_every_problem_at_once() {
        let config = parse(
            r#"
            name = "x"
            [input]
            path = "a.csv"
            text_column = "comment"
            metadata_columns = ["date"]
            [kpi]
            nps = "score"
            [themes]
            resolution = 0.0
            [embed]
            batch_size = 0
            "#,
        );
        let message = config.validate().unwrap_err().message().to_owned();
        assert!(
            message.starts_with("3 problems in the pipeline:"),
            "{message}"
        );
        for want in [
            "kpi.nps: 'score' is not listed in input.metadata_columns",
            "themes.resolution: must be in (0, 100]",
            "embed.batch_size: must be between 1 and 4096",
        ] {
            assert!(message.contains(want), "{want} missing from {message}");
        }
    }

    #[test]
    fn dropping_a_column_drops_every_setting_that_names_it() {
        let mut config = parse(
            r#"
            name = "x"
            [input]
            path = "a.csv"
            text_column = "comment"
            metadata_columns = ["date", "score", "region"]
            [output]
            frequency_columns = ["region"]
            [kpi]
            nps = "score"
            [report]
            driver_kpi = "nps"
            [trends]
            date_column = "date"
            "#,
        );
        config.validate().unwrap();
        config.keep_metadata_columns(vec!["region".into()]);
        assert_eq!(config.output.frequency_columns, ["region"]);
        assert!(config.kpi.nps.is_none() && config.report.driver_kpi.is_none());
        assert!(config.trends.is_none());
        config.validate().unwrap();
    }
}
