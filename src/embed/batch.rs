//! Tokenisation and length-sorted batching shared by the model-backed stages (the embedder and
//! the sentiment classifier): load a `tokenizer.json` with its own padding turned off, encode
//! texts, and cut them into batches of similar length, each padded only to its longest member.

use crate::error::{Error, Result};
use std::path::Path;
use tokenizers::{Encoding, PaddingParams, Tokenizer, TruncationParams};

/// Loads a `tokenizer.json`, truncating at `max_tokens` and with its padding turned off.
/// Returns the tokenizer and the id to pad batches with.
///
/// Shipped tokenizer.json files often pad every input to a fixed length; batches here are
/// padded to their own longest member instead, which is what makes sorting pay. The pad id is
/// the file's padding id, else the id of `[PAD]` (BERT) or `<pad>` (RoBERTa), else 0.
pub fn load_tokenizer(path: &Path, max_tokens: usize) -> Result<(Tokenizer, i64)> {
    let mut tokenizer =
        Tokenizer::from_file(path).map_err(|e| Error::model(format!("{}: {e}", path.display())))?;
    let pad_id = tokenizer
        .get_padding()
        .map(|p: &PaddingParams| p.pad_id as i64)
        .or_else(|| tokenizer.token_to_id("[PAD]").map(i64::from))
        .or_else(|| tokenizer.token_to_id("<pad>").map(i64::from))
        .unwrap_or(0);
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: max_tokens,
            ..TruncationParams::default()
        }))
        .map_err(|e| Error::model(format!("tokenizer: {e}")))?;
    Ok((tokenizer, pad_id))
}

/// Encodes texts with special tokens (one encoding per text, in input order).
pub fn encode(tokenizer: &Tokenizer, texts: &[&str]) -> Result<Vec<Encoding>> {
    tokenizer
        .encode_batch(texts.to_vec(), true)
        .map_err(|e| Error::model(format!("tokenizer: {e}")))
}

/// One padded batch: `ids` and `mask` are `len() × seq`, row-major; row `b` holds the text at
/// input position `indices[b]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub ids: Vec<i64>,
    pub mask: Vec<i64>,
    pub indices: Vec<usize>,
    pub seq: usize,
}

impl Batch {
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }
}

/// Cuts encodings into batches of at most `batch_size` texts of similar length (sorted by
/// token count, ties by input position), each padded with `pad_id` to its own longest member
/// (at least one position). Every input position appears in exactly one batch.
pub fn padded_batches(
    encodings: &[Encoding],
    batch_size: usize,
    pad_id: i64,
) -> impl Iterator<Item = Batch> + '_ {
    let mut order: Vec<usize> = (0..encodings.len()).collect();
    order.sort_by_key(|&i| (encodings[i].len(), i));
    let batch_size = batch_size.max(1);
    let chunks: Vec<Vec<usize>> = order.chunks(batch_size).map(<[usize]>::to_vec).collect();
    chunks.into_iter().map(move |indices| {
        let seq = indices
            .iter()
            .map(|&i| encodings[i].len())
            .max()
            .unwrap_or(0)
            .max(1);
        let mut ids = vec![pad_id; indices.len() * seq];
        let mut mask = vec![0i64; indices.len() * seq];
        for (b, &i) in indices.iter().enumerate() {
            for (t, &id) in encodings[i].get_ids().iter().enumerate() {
                ids[b * seq + t] = i64::from(id);
                mask[b * seq + t] = 1;
            }
        }
        Batch {
            ids,
            mask,
            indices,
            seq,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoding(ids: &[u32]) -> Encoding {
        Encoding::new(
            ids.to_vec(),
            vec![0; ids.len()],
            vec![String::new(); ids.len()],
            vec![None; ids.len()],
            vec![(0, 0); ids.len()],
            vec![0; ids.len()],
            vec![1; ids.len()],
            vec![],
            Default::default(),
        )
    }

    #[test]
    fn batches_sort_by_length_and_pad_to_their_longest() {
        let encodings = [
            encoding(&[5, 6, 7]),
            encoding(&[8]),
            encoding(&[9, 10]),
            encoding(&[]),
        ];
        let batches: Vec<Batch> = padded_batches(&encodings, 2, 0).collect();
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].indices, vec![3, 1]);
        assert_eq!(batches[0].seq, 1);
        assert_eq!(batches[0].ids, vec![0, 8]);
        assert_eq!(batches[0].mask, vec![0, 1]);
        assert_eq!(batches[1].indices, vec![2, 0]);
        assert_eq!(batches[1].seq, 3);
        assert_eq!(batches[1].ids, vec![9, 10, 0, 5, 6, 7]);
        assert_eq!(batches[1].mask, vec![1, 1, 0, 1, 1, 1]);
    }
}
