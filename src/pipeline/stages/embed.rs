use crate::config::PipelineConfig;
use crate::embed::cache::Cache;
use crate::embed::config::CacheSetting;
use crate::embed::Embedder;
use crate::error::Result;
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use std::path::{Path, PathBuf};

/// Embeds every segment with the loaded model, reading back what the cache already holds.
pub struct EmbedStage {
    embedder: Embedder,
    /// The embedding cache, when one is configured and could be opened.
    cache: Option<Cache>,
    /// The folder the segment vectors spill to (the outputs' staging folder).
    spill: PathBuf,
}

impl EmbedStage {
    /// The stage around a loaded model, with the cache `embed.cache` names opened.
    pub fn build(config: &PipelineConfig, embedder: Embedder, spill: &Path) -> Result<EmbedStage> {
        let cache = open_cache(&config.embed.cache, embedder.cache_namespace())?;
        Ok(EmbedStage {
            embedder,
            cache,
            spill: spill.to_path_buf(),
        })
    }
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

impl Stage for EmbedStage {
    fn name(&self) -> &'static str {
        "embed"
    }

    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()> {
        let texts = state.segment_texts();
        let n = texts.len() as u64;
        let (embeddings, cached) =
            self.embedder
                .embed_cached(&texts, self.cache.as_ref(), Some(&self.spill), progress)?;
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
