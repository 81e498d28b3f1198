use crate::embed::cache::Cache;
use crate::embed::Embedder;
use crate::error::Result;
use crate::progress::Progress;
use crate::stage::{RunState, Stage};

/// Embeds every segment with the loaded model, reading back what the cache already holds.
pub struct EmbedStage {
    pub embedder: Embedder,
    /// The embedding cache, when one is configured and could be opened.
    pub cache: Option<Cache>,
}

impl Stage for EmbedStage {
    fn name(&self) -> &'static str {
        "embed"
    }

    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()> {
        let texts = state.segment_texts();
        let n = texts.len() as u64;
        let (embeddings, cached) =
            self.embedder
                .embed_cached(&texts, self.cache.as_ref(), progress)?;
        let truncated = embeddings.truncated.iter().filter(|&&t| t).count() as u64;
        let tokens = embeddings.tokens.iter().sum::<usize>() as u64;
        state.embeddings = Some(embeddings);
        state.model = Some(self.embedder.info().clone());
        state.count("embed", "segments", n);
        state.count("embed", "tokens", tokens);
        state.count("embed", "truncated", truncated);
        state.count("embed", "repeated_texts", cached.repeats);
        // Hits vary between identical runs: reported in timings.json, not run.json.
        state.embed_cache = self.cache.is_some().then_some(cached);
        Ok(())
    }
}
