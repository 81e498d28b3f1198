//! Sentence embeddings: tokenise, batch by length, run an [`Encoder`], mean-pool, L2-normalise.
//!
//! The encoder sits behind a small trait so another backend or execution provider can be used
//! without touching batching, pooling or the pipeline.

pub mod batch;
pub mod model;
mod onnx;
pub mod runtime;

use crate::config::EmbedConfig;
use crate::error::Result;
use crate::progress::Progress;
pub use model::{ModelFiles, ModelInfo};
use ndarray::Array2;
pub use onnx::OnnxEncoder;
pub(crate) use onnx::{bert_inputs, build_session, check_bert_inputs};
use tokenizers::Tokenizer;

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
    pub matrix: Array2<f32>,
    /// Tokens per text after truncation (special tokens included).
    pub tokens: Vec<usize>,
    /// Whether a text was cut at the model's token limit.
    pub truncated: Vec<bool>,
    /// `n × 3` sentiment logits when the model has a sentiment head.
    pub sentiment_logits: Option<Array2<f32>>,
}

/// A tokenizer and an encoder with the batching policy of the pipeline.
pub struct Embedder {
    tokenizer: Tokenizer,
    encoder: Box<dyn Encoder>,
    batch_size: usize,
    pad_id: i64,
    info: ModelInfo,
}

impl Embedder {
    /// Loads the configured (or bundled) model and checks it end to end on a tiny input.
    /// With `sentiment_head`, the model's combined graph (shared encoder, sentiment logits as a
    /// second output) is loaded instead of the embedding-only one.
    pub fn load(config: &EmbedConfig, sentiment_head: bool) -> Result<Embedder> {
        let files = model::resolve(config, sentiment_head)?;
        let threads = if config.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            config.threads
        };
        let encoder = OnnxEncoder::load(&files.onnx, threads, config.device)?;
        let (tokenizer, pad_id) = batch::load_tokenizer(&files.tokenizer, config.max_tokens)?;
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
                sha256: files.fingerprint()?,
            },
        };
        let probe = embedder.embed(&["probe"], &Progress::hidden())?;
        embedder.info.dim = probe.matrix.ncols();
        Ok(embedder)
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Embeds texts in batches of similar length (padding only to each batch's longest).
    pub fn embed(&mut self, texts: &[&str], progress: &Progress) -> Result<Embeddings> {
        let encodings = batch::encode(&self.tokenizer, texts)?;
        let tokens: Vec<usize> = encodings.iter().map(|e| e.len()).collect();
        let truncated: Vec<bool> = encodings
            .iter()
            .map(|e| !e.get_overflowing().is_empty())
            .collect();

        let bar = progress.bar(texts.len() as u64, "embedding");
        let mut rows: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        let mut logits: Option<Array2<f32>> = None;
        let mut dim = self.info.dim;
        for batch in batch::padded_batches(&encodings, self.batch_size, self.pad_id) {
            let encoded = self
                .encoder
                .encode(&batch.ids, &batch.mask, batch.len(), batch.seq)?;
            let pooled = encoded.embeddings;
            dim = pooled.len() / batch.len();
            for (b, &i) in batch.indices.iter().enumerate() {
                rows[i] = Some(pooled[b * dim..(b + 1) * dim].to_vec());
            }
            if let Some(batch_logits) = encoded.sentiment_logits {
                let all = logits.get_or_insert_with(|| Array2::zeros((texts.len(), 3)));
                for (b, &i) in batch.indices.iter().enumerate() {
                    for c in 0..3 {
                        all[[i, c]] = batch_logits[b * 3 + c];
                    }
                }
            }
            bar.inc(batch.len() as u64);
        }
        bar.finish_and_clear();
        let mut matrix = Array2::<f32>::zeros((texts.len(), dim));
        for (i, row) in rows.into_iter().enumerate() {
            let row = row.expect("every text is in exactly one batch");
            matrix.row_mut(i).assign(&ndarray::ArrayView1::from(&row));
        }
        Ok(Embeddings {
            matrix,
            tokens,
            truncated,
            sentiment_logits: logits,
        })
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
