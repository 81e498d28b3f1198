use crate::config::ThemesConfig;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::stage::{RunState, Stage};
use crate::themes;

/// Clusters segment embeddings into labelled themes.
pub struct ThemeStage {
    pub config: ThemesConfig,
    pub seed: u64,
}

impl Stage for ThemeStage {
    fn name(&self) -> &'static str {
        "themes"
    }

    fn run(&mut self, state: &mut RunState, _progress: &Progress) -> Result<()> {
        let embeddings = state
            .embeddings
            .as_ref()
            .ok_or_else(|| Error::config("the themes stage needs the embed stage before it"))?;
        let texts = state.segment_texts();
        let model = themes::discover(embeddings.matrix.view(), &texts, &self.config, self.seed);
        let uncoded = model.assignment.iter().filter(|a| a.is_none()).count() as u64;
        let coded = model.assignment.len() as u64 - uncoded;
        let n_themes = model.themes.len() as u64;
        state.themes = Some(model);
        state.count("themes", "themes", n_themes);
        state.count("themes", "segments_coded", coded);
        state.count("themes", "segments_uncoded", uncoded);
        Ok(())
    }
}
