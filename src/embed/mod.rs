//! Sentence embeddings: tokenise, batch by length, run an [`Encoder`], mean-pool, L2-normalise.
//!
//! The encoder sits behind a small trait so another backend or execution provider can be used
//! without touching batching, pooling or the pipeline.

pub mod batch;
pub mod cache;
pub mod config;
pub mod model;
mod onnx;
pub mod runtime;
pub mod vectors;

use crate::embed::config::EmbedConfig;
use crate::error::Result;
use crate::progress::Progress;
pub use model::{ModelFiles, ModelInfo};
use ndarray::Array2;
pub use onnx::OnnxEncoder;
pub(crate) use onnx::{bert_inputs, build_session, check_bert_inputs};
use std::path::{Path, PathBuf};
use tokenizers::Tokenizer;
pub use vectors::Vectors;

/// What one batch produces.
pub struct Encoded {
    /// `batch × dim` L2-normalised sentence embeddings, row-major.
    pub embeddings: Vec<f32>,
    /// `batch × 3` calibrated sentiment logits (negative, neutral, positive), when the model
    /// carries a sentiment head.
    pub sentiment_logits: Option<Vec<f32>>,
}

/// Runs one padded batch of token ids through a model.
pub trait Encoder {
    /// `ids` and `mask` are `batch × seq`, row-major.
    fn encode(&mut self, ids: &[i64], mask: &[i64], batch: usize, seq: usize) -> Result<Encoded>;
}

/// Embeddings of n texts, rows aligned with the input order.
#[derive(Debug, Clone)]
pub struct Embeddings {
    pub vectors: Vectors,
    /// Tokens per text after truncation (special tokens included).
    pub tokens: Vec<usize>,
    /// Whether a text was cut at the model's token limit.
    pub truncated: Vec<bool>,
    /// `n × 3` sentiment logits when the model has a sentiment head.
    pub sentiment_logits: Option<Array2<f32>>,
}

/// Texts tokenised and encoded at a time: bounds the token buffers whatever the run's size,
/// while leaving enough texts to sort into batches of similar length.
const CHUNK: usize = 16_384;

/// A tokenizer and an encoder with the batching policy of the pipeline.
pub struct Embedder {
    tokenizer: Tokenizer,
    encoder: Box<dyn Encoder>,
    batch_size: usize,
    pad_id: i64,
    info: ModelInfo,
    /// What the embedding cache is keyed by besides the text: the model's files, the token
    /// limit and which graph runs.
    namespace: String,
}

/// How many texts the cache answered in one [`Embedder::embed_cached`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheCounts {
    /// Distinct texts whose vector came from the cache.
    pub hits: u64,
    /// Distinct texts the encoder ran on.
    pub misses: u64,
    /// Texts identical to an earlier text of the same call (embedded once).
    pub repeats: u64,
}

impl Embedder {
    /// Loads the configured (or bundled) model and checks it end to end on a tiny input.
    /// With `sentiment_head`, the model's combined graph (shared encoder, sentiment logits as a
    /// second output) is loaded instead of the embedding-only one.
    pub fn load(config: &EmbedConfig, sentiment_head: bool) -> Result<Embedder> {
        let files = model::resolve(config, sentiment_head)?;
        let threads = intra_op_threads(config.threads);
        let encoder = OnnxEncoder::load(&files.onnx, threads, config.device)?;
        let (tokenizer, pad_id) = batch::load_tokenizer(&files.tokenizer, config.max_tokens)?;
        let sha256 = files.fingerprint()?;
        let namespace = {
            use sha2::{Digest, Sha256};
            let mut hash = Sha256::new();
            for (file, digest) in &sha256 {
                hash.update(format!("{file} {digest}\n"));
            }
            hash.update(format!(
                "tokenizer {}\nmax_tokens {}\nsentiment_head {sentiment_head}\n",
                model::sha256_file(&files.tokenizer)?,
                config.max_tokens
            ));
            hash.finalize()[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let mut embedder = Embedder {
            tokenizer,
            encoder: Box::new(encoder),
            batch_size: config.batch_size,
            pad_id,
            info: ModelInfo {
                name: files.name.clone(),
                precision: config.precision,
                dim: 0,
                max_tokens: config.max_tokens,
                sha256,
            },
            namespace,
        };
        let probe = embedder.embed(&["probe"], &Progress::hidden())?;
        embedder.info.dim = probe.vectors.dim();
        Ok(embedder)
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The embedding cache's namespace for this model (a short hex digest).
    pub fn cache_namespace(&self) -> &str {
        &self.namespace
    }

    /// Embeds texts in batches of similar length (padding only to each batch's longest); the
    /// vectors stay in memory as f32.
    pub fn embed(&mut self, texts: &[&str], progress: &Progress) -> Result<Embeddings> {
        self.embed_cached(texts, None, None, progress)
            .map(|(e, _)| e)
    }

    /// Embeds texts, each distinct text once: vectors already in `cache` are read back, the
    /// others are encoded (a chunk of texts at a time) and added to it. With `spill`, the
    /// vectors go to a file in that folder as f16 (see [`vectors`]) instead of memory.
    pub fn embed_cached(
        &mut self,
        texts: &[&str],
        cache: Option<&cache::Cache>,
        spill: Option<&Path>,
        progress: &Progress,
    ) -> Result<(Embeddings, CacheCounts)> {
        let mut counts = CacheCounts::default();
        // Each text's distinct text, and the distinct texts in order of first appearance.
        let mut first: std::collections::HashMap<&str, usize> = Default::default();
        let distinct_of: Vec<usize> = texts
            .iter()
            .map(|&t| {
                let next = first.len();
                *first.entry(t).or_insert(next)
            })
            .collect();
        let mut distinct: Vec<&str> = vec![""; first.len()];
        for (&t, &d) in &first {
            distinct[d] = t;
        }
        drop(first);
        counts.repeats = (texts.len() - distinct.len()) as u64;

        let bar = progress.bar(texts.len() as u64, "embedding");
        let mut store = Store::new(distinct.len(), spill);
        let mut pending: Vec<usize> = Vec::new();
        // Keys are hashed once: looked up now, written with the misses later.
        let keys: Vec<cache::Key> =
            cache.map_or(Vec::new(), |c| distinct.iter().map(|t| c.key(t)).collect());
        for d in 0..distinct.len() {
            let hit = match (cache, keys.get(d)) {
                (Some(cache), Some(key)) => cache.get(key)?,
                _ => None,
            };
            match hit {
                Some(entry) if entry.vector.len() == self.info.dim => {
                    store.put(d, &entry)?;
                    counts.hits += 1;
                }
                _ => pending.push(d),
            }
        }
        bar.inc(counts.hits);
        counts.misses = pending.len() as u64;
        let mut writer = match cache {
            Some(cache) if !pending.is_empty() => Some(cache.writer()?),
            _ => None,
        };

        for chunk in pending.chunks(CHUNK) {
            let chunk_texts: Vec<&str> = chunk.iter().map(|&d| distinct[d]).collect();
            let encodings = batch::encode(&self.tokenizer, &chunk_texts)?;
            for batch in batch::padded_batches(&encodings, self.batch_size, self.pad_id) {
                let encoded =
                    self.encoder
                        .encode(&batch.ids, &batch.mask, batch.len(), batch.seq)?;
                let dim = encoded.embeddings.len() / batch.len();
                for (b, &i) in batch.indices.iter().enumerate() {
                    let entry = cache::Entry {
                        vector: encoded.embeddings[b * dim..(b + 1) * dim].to_vec(),
                        logits: encoded
                            .sentiment_logits
                            .as_ref()
                            .map(|l| [l[b * 3], l[b * 3 + 1], l[b * 3 + 2]]),
                        tokens: encodings[i].len() as u32,
                        truncated: !encodings[i].get_overflowing().is_empty(),
                    };
                    if let Some(writer) = &mut writer {
                        writer.put(&keys[chunk[i]], &entry)?;
                    }
                    store.put(chunk[i], &entry)?;
                }
                bar.inc(batch.len() as u64);
            }
        }
        if let Some(writer) = writer {
            writer.finish()?;
        }
        bar.finish_and_clear();
        Ok((store.expand(&distinct_of, self.info.dim)?, counts))
    }
}

/// The results per distinct text, filled in whatever order they arrive.
struct Store {
    distinct: usize,
    /// Where vectors go: memory until the first one says its dimension, or a spill file.
    rows: Rows,
    dim: usize,
    tokens: Vec<usize>,
    truncated: Vec<bool>,
    logits: Option<Vec<f32>>,
}

enum Rows {
    /// Nothing stored yet; spill to this folder if given.
    Unopened(Option<PathBuf>),
    Memory(Vec<f32>),
    Spilled(vectors::VectorWriter),
}

impl Store {
    fn new(distinct: usize, spill: Option<&Path>) -> Store {
        Store {
            distinct,
            rows: Rows::Unopened(spill.map(Path::to_path_buf)),
            dim: 0,
            tokens: vec![0; distinct],
            truncated: vec![false; distinct],
            logits: None,
        }
    }

    fn put(&mut self, d: usize, entry: &cache::Entry) -> Result<()> {
        if let Rows::Unopened(spill) = &self.rows {
            self.dim = entry.vector.len();
            self.rows = match spill {
                None => Rows::Memory(vec![0.0; self.distinct * self.dim]),
                Some(dir) => {
                    Rows::Spilled(vectors::VectorWriter::create(dir, self.distinct, self.dim)?)
                }
            };
        }
        match &mut self.rows {
            Rows::Memory(v) => {
                v[d * self.dim..(d + 1) * self.dim].copy_from_slice(&entry.vector);
            }
            Rows::Spilled(writer) => writer.put(d, &entry.vector)?,
            Rows::Unopened(_) => unreachable!("opened above"),
        }
        self.tokens[d] = entry.tokens as usize;
        self.truncated[d] = entry.truncated;
        if let Some(l) = entry.logits {
            let distinct = self.distinct;
            self.logits.get_or_insert_with(|| vec![0.0; distinct * 3])[d * 3..d * 3 + 3]
                .copy_from_slice(&l);
        }
        Ok(())
    }

    /// One row per text, pointing at its distinct text's.
    fn expand(self, distinct_of: &[usize], dim: usize) -> Result<Embeddings> {
        let n = distinct_of.len();
        let row_of: Vec<u32> = distinct_of.iter().map(|&d| d as u32).collect();
        let vectors = match self.rows {
            Rows::Unopened(None) => Vectors::in_memory(Vec::new(), dim, row_of),
            Rows::Unopened(Some(dir)) => {
                vectors::VectorWriter::create(&dir, 0, dim)?.finish(row_of)?
            }
            // Repeated texts share their row, as on disk: nothing is copied.
            Rows::Memory(v) => Vectors::in_memory(v, self.dim, row_of),
            Rows::Spilled(writer) => writer.finish(row_of)?,
        };
        let sentiment_logits = self
            .logits
            .map(|l| Array2::from_shape_fn((n, 3), |(i, c)| l[distinct_of[i] * 3 + c]));
        Ok(Embeddings {
            vectors,
            tokens: distinct_of.iter().map(|&d| self.tokens[d]).collect(),
            truncated: distinct_of.iter().map(|&d| self.truncated[d]).collect(),
            sentiment_logits,
        })
    }
}

impl Embeddings {
    /// Every vector as one f32 matrix (for the small sets embedded outside a run).
    pub fn matrix(&self) -> Array2<f32> {
        self.vectors.to_matrix()
    }
}

/// ONNX Runtime's intra-op threads for `embed.threads`: 0 means every core, and more threads
/// than cores are capped to the cores (100,000 threads would never finish starting).
pub(crate) fn intra_op_threads(configured: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if configured == 0 {
        cores
    } else {
        configured.min(cores)
    }
}

/// Mean of token states over the attention mask, L2-normalised: sentence-transformers'
/// pooling for MiniLM-style models.
pub fn mean_pool(states: &[f32], mask: &[i64], batch: usize, seq: usize, dim: usize) -> Vec<f32> {
    let mut out = vec![0f32; batch * dim];
    for b in 0..batch {
        let acc = &mut out[b * dim..(b + 1) * dim];
        let mut count = 0f32;
        for t in 0..seq {
            if mask[b * seq + t] == 0 {
                continue;
            }
            count += 1.0;
            let state = &states[(b * seq + t) * dim..(b * seq + t + 1) * dim];
            for (a, s) in acc.iter_mut().zip(state) {
                *a += s;
            }
        }
        let count = count.max(1e-9);
        acc.iter_mut().for_each(|a| *a /= count);
        normalise(acc);
    }
    out
}

/// Scales a vector to unit length (left as is when it is all zeros).
pub fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 1e-12 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_pool_ignores_padding_and_normalises() {
        // batch 2, seq 3, dim 2; second row has one padded position holding junk.
        let states = [
            1.0, 0.0, 3.0, 0.0, 9.0, 9.0, 0.0, 2.0, 0.0, 4.0, 100.0, 100.0,
        ];
        let mask = [1, 1, 0, 1, 1, 0];
        let pooled = mean_pool(&states, &mask, 2, 3, 2);
        assert_eq!(pooled, vec![1.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn normalise_leaves_zero_vectors() {
        let mut v = [0.0f32, 0.0];
        normalise(&mut v);
        assert_eq!(v, [0.0, 0.0]);
        let mut w = [3.0f32, 4.0];
        normalise(&mut w);
        assert_eq!(w, [0.6, 0.8]);
    }
}
