use crate::codebook::Codebook;
use crate::config::PipelineConfig;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use crate::themes;
use crate::themes::config::{CodingMode, ThemesConfig};

/// Codes segments: themes discovered in the data (inductive), codebook codes (deductive), or
/// both (hybrid).
pub struct ThemeStage {
    config: ThemesConfig,
    seed: u64,
    /// For deductive and hybrid runs: the codebook, every assignable code with its centroid.
    codebook: Option<Codebook>,
}

impl ThemeStage {
    /// The themes stage; a codebook's codes are placed now (embedding their descriptions and
    /// examples), so a bad codebook fails before any data is read.
    pub fn build(config: &PipelineConfig, embedder: &mut Embedder) -> Result<ThemeStage> {
        let codebook = match &config.themes.codebook {
            None => None,
            Some(path) => {
                let info = embedder.info().clone();
                let mut embed = |texts: &[&str]| {
                    embedder
                        .embed(texts, &Progress::hidden())
                        .map(|e| e.matrix())
                };
                Some(themes::apply::fill_centroids(
                    Codebook::load(path)?,
                    &info.identity(),
                    info.dim,
                    &mut embed,
                )?)
            }
        };
        Ok(ThemeStage {
            config: config.themes.clone(),
            seed: config.seed,
            codebook,
        })
    }
}

impl Stage for ThemeStage {
    fn name(&self) -> &'static str {
        "themes"
    }

    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()> {
        let spinner = progress.spinner("themes");
        let embeddings = state
            .embeddings
            .as_ref()
            .ok_or_else(|| Error::config("the themes stage needs the embed stage before it"))?;
        let texts = state.segment_texts();
        let vectors = &embeddings.vectors;
        let mut model = match &self.codebook {
            None => {
                // Strata only matter when there is a sample to draw.
                let strata = if texts.len() > self.config.fit_sample {
                    strata(state)
                } else {
                    Vec::new()
                };
                themes::find(vectors, &texts, &strata, &self.config, self.seed)
            }
            Some(codebook) => {
                let hybrid = self.config.mode == CodingMode::Hybrid;
                themes::apply::code(vectors, &texts, codebook, &self.config, self.seed, hybrid)
            }
        };
        spinner.finish_and_clear();
        model.codebook.model = state.model.as_ref().map(|m| m.identity());
        let uncoded = model.assignment.iter().filter(|a| a.is_none()).count() as u64;
        let coded = model.assignment.len() as u64 - uncoded;
        let n_themes = model.themes.len() as u64;
        let n_new = model.themes.iter().filter(|t| t.new).count() as u64;
        let fitted_on = model.fitted_on as u64;
        let multi = model.secondary.iter().filter(|s| !s.is_empty()).count() as u64;
        state.themes = Some(model);
        state.count("themes", "themes", n_themes);
        state.count("themes", "themes_new", n_new);
        state.count("themes", "segments_coded", coded);
        state.count("themes", "segments_multi_coded", multi);
        state.count("themes", "segments_uncoded", uncoded);
        state.count("themes", "fit_sample", fitted_on);
        Ok(())
    }
}

/// Each segment's stratum for the themes sample: its record's combination of
/// `output.frequency_columns` values, so every group crossed in the tables is represented.
fn strata(state: &RunState) -> Vec<usize> {
    let records = &state.dataset.records;
    let columns: Vec<usize> = state
        .config
        .output
        .frequency_columns
        .iter()
        .filter_map(|c| state.dataset.meta_index(c))
        .collect();
    let mut ids: std::collections::HashMap<Vec<&str>, usize> = Default::default();
    state
        .segments
        .iter()
        .map(|s| {
            let key: Vec<&str> = columns
                .iter()
                .map(|&c| records[s.record].meta[c].as_str())
                .collect();
            let next = ids.len();
            *ids.entry(key).or_insert(next)
        })
        .collect()
}
