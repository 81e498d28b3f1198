use crate::embed::Embedder;
use crate::error::Result;
use crate::progress::Progress;
use crate::stage::{RunState, Stage};

/// Embeds every segment with the loaded model.
pub struct EmbedStage {
    pub embedder: Embedder,
}

impl Stage for EmbedStage {
    fn name(&self) -> &'static str {
        "embed"
    }

    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()> {
        let texts = state.segment_texts();
        let n = texts.len() as u64;
        let embeddings = self.embedder.embed(&texts, progress)?;
        let truncated = embeddings.truncated.iter().filter(|&&t| t).count() as u64;
        let tokens = embeddings.tokens.iter().sum::<usize>() as u64;
        state.embeddings = Some(embeddings);
        state.model = Some(self.embedder.info().clone());
        state.count("embed", "segments", n);
        state.count("embed", "tokens", tokens);
        state.count("embed", "truncated", truncated);
        Ok(())
    }
}
