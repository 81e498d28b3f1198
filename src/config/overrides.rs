//! Settings given on the command line for one run, applied over a pipeline file.

use super::PipelineConfig;
use crate::embed::config::CacheSetting;
use crate::record::Format;
use crate::themes::config::CodingMode;
use std::path::PathBuf;

/// What `verbatim run` may replace in a pipeline; `None` (or `false`) keeps the file's value.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Another input file; for a transcript pipeline also a folder or a wildcard.
    pub input: Option<PathBuf>,
    pub format: Option<Format>,
    pub text_column: Option<String>,
    pub id_column: Option<String>,
    /// The carried metadata columns (settings that refer to others are dropped).
    pub metadata_columns: Option<Vec<String>>,
    /// The input never wraps fields in quotes.
    pub no_quoting: bool,
    pub seed: Option<u64>,
    /// A codebook to code with: an inductive pipeline becomes deductive, a hybrid one stays
    /// hybrid.
    pub codebook: Option<PathBuf>,
    pub cache: Option<CacheSetting>,
}

impl Overrides {
    /// Applies the overrides to `config`.
    pub fn apply(self, config: &mut PipelineConfig) {
        if let Some(input) = self.input {
            // A file's format comes from its extension; a folder or wildcard given to a
            // transcript pipeline names transcripts, each read by its extension.
            let transcripts = config.input.format.is_some_and(Format::is_transcript);
            let many = input.is_dir() || crate::ingest::transcript::is_glob(&input);
            config.input.format = (many && transcripts).then_some(Format::Transcript);
            config.input.path = input;
            config.input.sheet = None;
        }
        if let Some(format) = self.format {
            config.input.format = Some(format);
        }
        if config.input_format() == Format::Txt && self.id_column.is_none() {
            // Plain text has no columns: the pipeline's column settings cannot apply to it.
            config.input.id_column = None;
            if self.metadata_columns.is_none() {
                config.keep_metadata_columns(Vec::new());
            }
        }
        if let Some(column) = self.text_column {
            config.input.text_column = Some(column);
        }
        if let Some(column) = self.id_column {
            config.input.id_column = Some(column);
        }
        if let Some(columns) = self.metadata_columns {
            config.keep_metadata_columns(columns);
        }
        if self.no_quoting {
            config.input.quoting = false;
        }
        if let Some(seed) = self.seed {
            config.seed = seed;
        }
        if let Some(cache) = self.cache {
            config.embed.cache = cache;
        }
        if let Some(codebook) = self.codebook {
            config.themes.codebook = Some(codebook);
            if config.themes.mode == CodingMode::Inductive {
                config.themes.mode = CodingMode::Deductive;
            }
        }
    }
}
