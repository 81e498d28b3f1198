//! User-supplied ONNX sentiment classifiers: a sequence-classification export of the
//! BERT/DistilBERT/RoBERTa family run in-process through ONNX Runtime.
//!
//! A classifier folder holds `model.onnx` (inputs `input_ids`, `attention_mask`, optionally
//! `token_type_ids`; output `logits` `[batch, num_labels]`), `tokenizer.json` and `config.json`
//! with `id2label`. Texts are tokenised and batched exactly as the embedder does
//! ([`crate::embed::batch`]); the class probabilities are the softmax of the logits, folded
//! onto [`LABELS`] by [`map_labels`].

use super::{Sentiment, LABELS};
use crate::embed::config::Device;
use crate::embed::{batch, bert_inputs, build_session, check_bert_inputs};
use crate::error::{Error, Result};
use ort::session::Session;
use std::path::{Path, PathBuf};
use tokenizers::Tokenizer;

/// Texts per inference batch unless [`ClassifierScorer::with_batch_size`] says otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 32;

const NEGATIVE: usize = 0;
const NEUTRAL: usize = 1;
const POSITIVE: usize = 2;

/// A loaded classifier: session, tokenizer and the mapping of its outputs onto [`LABELS`].
pub struct ClassifierScorer {
    session: Session,
    tokenizer: Tokenizer,
    pad_id: i64,
    token_type_ids: bool,
    output: String,
    /// For each model output (logit column), the index into [`LABELS`] it counts towards.
    classes: Vec<usize>,
    /// The model's own label names, in logit order.
    labels: Vec<String>,
    batch_size: usize,
    model_path: PathBuf,
}

impl std::fmt::Debug for ClassifierScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassifierScorer")
            .field("model", &self.model_path)
            .field("labels", &self.labels)
            .field("batch_size", &self.batch_size)
            .finish_non_exhaustive()
    }
}

impl ClassifierScorer {
    /// Loads `model.onnx`, `tokenizer.json` and `config.json` from `dir`, with `threads`
    /// intra-op threads (0: one per core) and texts truncated at `max_tokens` tokens (special
    /// tokens included; keep it within the model's position limit, 512 for BERT and RoBERTa).
    /// Checks the graph's inputs and that its logits have one column per label by scoring a
    /// probe text.
    pub fn load(dir: &Path, threads: usize, max_tokens: usize) -> Result<ClassifierScorer> {
        let model_path = dir.join("model.onnx");
        let tokenizer_path = dir.join("tokenizer.json");
        let config_path = dir.join("config.json");
        for path in [&model_path, &tokenizer_path, &config_path] {
            if !path.is_file() {
                return Err(Error::model(format!(
                    "{}: not found (a sentiment classifier folder needs model.onnx, \
                     tokenizer.json and config.json)",
                    path.display()
                )));
            }
        }
        let labels = read_id2label(&config_path)?;
        let classes = map_labels(&labels).map_err(|reason| {
            Error::model(format!(
                "{}: cannot map the labels [{}] to negative/neutral/positive: {reason}",
                config_path.display(),
                labels.join(", ")
            ))
        })?;
        let threads = crate::embed::intra_op_threads(threads);
        let session = build_session(&model_path, threads, Device::Cpu)?;
        let token_type_ids = check_bert_inputs(&session, &model_path)?;
        let outputs: Vec<&str> = session.outputs().iter().map(|o| o.name()).collect();
        let output = outputs
            .iter()
            .find(|n| **n == "logits")
            .or(outputs.first())
            .map(|n| (*n).to_owned())
            .ok_or_else(|| {
                Error::model(format!(
                    "{}: the model has no outputs",
                    model_path.display()
                ))
            })?;
        let (tokenizer, pad_id) = batch::load_tokenizer(&tokenizer_path, max_tokens)?;
        let mut scorer = ClassifierScorer {
            session,
            tokenizer,
            pad_id,
            token_type_ids,
            output,
            classes,
            labels,
            batch_size: DEFAULT_BATCH_SIZE,
            model_path,
        };
        scorer.score_batch(&["probe"])?;
        Ok(scorer)
    }

    /// Sets the number of texts per inference batch (at least 1).
    pub fn with_batch_size(mut self, batch_size: usize) -> ClassifierScorer {
        self.batch_size = batch_size.max(1);
        self
    }

    /// The model's label names, in the order of its logits.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Scores texts in batches of similar length; results are in input order. `probs` is the
    /// softmax over the logits folded onto [`LABELS`] (0 for neutral with a two-label model),
    /// `label` its argmax and `score` = p(positive) − p(negative).
    pub fn score_batch(&mut self, texts: &[&str]) -> Result<Vec<Sentiment>> {
        let encodings = batch::encode(&self.tokenizer, texts)?;
        let mut out: Vec<Option<Sentiment>> = vec![None; texts.len()];
        for batch in batch::padded_batches(&encodings, self.batch_size, self.pad_id) {
            let inputs = bert_inputs(
                &batch.ids,
                &batch.mask,
                batch.len(),
                batch.seq,
                self.token_type_ids,
            )?;
            let fail = |e: ort::Error| {
                Error::model(format!(
                    "{}: inference failed: {e}",
                    self.model_path.display()
                ))
            };
            let outputs = self.session.run(inputs).map_err(fail)?;
            let (shape, logits) = outputs[self.output.as_str()]
                .try_extract_tensor::<f32>()
                .map_err(fail)?;
            let width = self.classes.len();
            if shape.len() != 2 || shape[0] as usize != batch.len() || shape[1] as usize != width {
                return Err(Error::model(format!(
                    "{}: output '{}' has shape {shape:?}, expected [{}, {width}] (one column \
                     per label in config.json: {})",
                    self.model_path.display(),
                    self.output,
                    batch.len(),
                    self.labels.join(", ")
                )));
            }
            for (b, &i) in batch.indices.iter().enumerate() {
                out[i] = Some(sentiment(
                    &logits[b * width..(b + 1) * width],
                    &self.classes,
                ));
            }
        }
        Ok(out
            .into_iter()
            .map(|s| s.expect("every text is in exactly one batch"))
            .collect())
    }
}

/// Softmax over one row of logits, folded onto [`LABELS`] through `classes`.
fn sentiment(logits: &[f32], classes: &[usize]) -> Sentiment {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits.iter().map(|z| (z - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    let mut probs = [0f32; 3];
    for (e, &class) in exp.iter().zip(classes) {
        probs[class] += e / sum;
    }
    let label = (0..LABELS.len())
        .max_by(|&a, &b| probs[a].total_cmp(&probs[b]).then(b.cmp(&a)))
        .unwrap_or(NEUTRAL);
    Sentiment {
        probs,
        label,
        score: probs[POSITIVE] - probs[NEGATIVE],
    }
}

/// Reads `id2label` from a Hugging Face `config.json` as names in id order (ids 0..n−1).
fn read_id2label(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(crate::error::ErrorKind::Model, path, e))?;
    let config: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::model(format!("{}: not valid JSON: {e}", path.display())))?;
    let map = config
        .get("id2label")
        .and_then(|v| v.as_object())
        .ok_or_else(|| {
            Error::model(format!(
                "{}: no 'id2label' object (needed to tell negative, neutral and positive apart)",
                path.display()
            ))
        })?;
    let mut labels = vec![None; map.len()];
    for (id, name) in map {
        let slot = id
            .parse::<usize>()
            .ok()
            .filter(|&i| i < labels.len())
            .ok_or_else(|| {
                Error::model(format!(
                    "{}: id2label ids must be 0..{}, found '{id}'",
                    path.display(),
                    map.len()
                ))
            })?;
        let name = name.as_str().ok_or_else(|| {
            Error::model(format!(
                "{}: id2label '{id}' is not a string",
                path.display()
            ))
        })?;
        labels[slot] = Some(name.to_owned());
    }
    Ok(labels
        .into_iter()
        .map(|l| l.expect("ids are distinct and below the count"))
        .collect())
}

/// Maps a model's label names (in logit order) to indices into [`LABELS`].
///
/// Rules, case-insensitive:
/// - exactly three labels named `LABEL_0`, `LABEL_1`, `LABEL_2` (an export that kept the
///   default names) are taken in the order of cardiffnlp/twitter-roberta-base-sentiment:
///   negative, neutral, positive;
/// - otherwise each name must contain exactly one of `neg`, `neu`, `pos` ("negative", "NEG",
///   "Neutral", "POSITIVE", …), each class at most once, with negative and positive present:
///   two labels (negative, positive — neutral probability is then 0) or three.
///
/// Anything else is an error (the reason; the caller names the file and the labels).
pub fn map_labels(labels: &[String]) -> std::result::Result<Vec<usize>, String> {
    let lower: Vec<String> = labels.iter().map(|l| l.trim().to_lowercase()).collect();
    if lower.len() == 3
        && lower
            .iter()
            .enumerate()
            .all(|(i, l)| *l == format!("label_{i}"))
    {
        return Ok(vec![NEGATIVE, NEUTRAL, POSITIVE]);
    }
    if !(2..=3).contains(&lower.len()) {
        return Err(format!(
            "expected 2 labels (negative, positive) or 3 (negative, neutral, positive), found {}",
            lower.len()
        ));
    }
    let mut classes = Vec::with_capacity(lower.len());
    for (name, original) in lower.iter().zip(labels) {
        let found: Vec<usize> = [("neg", NEGATIVE), ("neu", NEUTRAL), ("pos", POSITIVE)]
            .iter()
            .filter(|(key, _)| name.contains(key))
            .map(|&(_, class)| class)
            .collect();
        match found.as_slice() {
            [class] if classes.contains(class) => {
                return Err(format!("two labels mean {}", LABELS[*class]))
            }
            [class] => classes.push(*class),
            [] => {
                return Err(format!(
                    "'{original}' names none of negative (neg), neutral (neu), positive (pos)"
                ))
            }
            _ => return Err(format!("'{original}' names more than one class")),
        }
    }
    for needed in [NEGATIVE, POSITIVE] {
        if !classes.contains(&needed) {
            return Err(format!("no {} label", LABELS[needed]));
        }
    }
    Ok(classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name)
    }

    struct Expected {
        text: String,
        input_ids: Vec<u32>,
        probs: Vec<f32>,
    }

    fn expected(name: &str) -> Vec<Expected> {
        let path = fixture(name).join("expected.json");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        doc["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| Expected {
                text: s["text"].as_str().unwrap().to_owned(),
                input_ids: s["input_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|id| id.as_u64().unwrap() as u32)
                    .collect(),
                probs: s["probs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_f64().unwrap() as f32)
                    .collect(),
            })
            .collect()
    }

    fn names(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|l| (*l).to_owned()).collect()
    }

    fn assert_close(a: &Sentiment, b: &Sentiment, tol: f32) {
        for k in 0..3 {
            assert!(
                (a.probs[k] - b.probs[k]).abs() <= tol,
                "{:?} vs {:?}",
                a.probs,
                b.probs
            );
        }
        assert_eq!(a.label, b.label);
    }

    #[test]
    fn three_label_model_matches_onnxruntime_python() {
        let mut scorer = ClassifierScorer::load(&fixture("tiny-classifier"), 1, 128).unwrap();
        assert_eq!(scorer.labels(), ["negative", "neutral", "positive"]);
        let expected = expected("tiny-classifier");
        let texts: Vec<&str> = expected.iter().map(|e| e.text.as_str()).collect();
        // Same token ids as the Python tokenizers package (the file's fixed padding is off).
        let encodings = batch::encode(&scorer.tokenizer, &texts).unwrap();
        for (enc, e) in encodings.iter().zip(&expected) {
            assert_eq!(enc.get_ids(), e.input_ids.as_slice(), "{:?}", e.text);
        }
        let got = scorer.score_batch(&texts).unwrap();
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(&expected) {
            for k in 0..3 {
                assert!(
                    (g.probs[k] - e.probs[k]).abs() <= 1e-4,
                    "{:?} vs {:?} for {:?}",
                    g.probs,
                    e.probs,
                    e.text
                );
            }
            assert!((g.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            assert!((g.score - (g.probs[2] - g.probs[0])).abs() < 1e-6);
            let argmax = (0..3)
                .max_by(|&a, &b| g.probs[a].total_cmp(&g.probs[b]))
                .unwrap();
            assert_eq!(g.label, argmax);
        }
    }

    #[test]
    fn two_label_model_without_token_type_ids_has_no_neutral() {
        let mut scorer =
            ClassifierScorer::load(&fixture("tiny-classifier-2label"), 1, 128).unwrap();
        assert_eq!(scorer.labels(), ["NEGATIVE", "POSITIVE"]);
        assert!(!scorer.token_type_ids);
        let expected = expected("tiny-classifier-2label");
        let texts: Vec<&str> = expected.iter().map(|e| e.text.as_str()).collect();
        let got = scorer.score_batch(&texts).unwrap();
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g.probs[1], 0.0);
            assert!((g.probs[0] - e.probs[0]).abs() <= 1e-4, "{:?}", g.probs);
            assert!((g.probs[2] - e.probs[1]).abs() <= 1e-4, "{:?}", g.probs);
            assert_ne!(g.label, 1);
        }
    }

    #[test]
    fn order_is_preserved_across_batches_of_very_different_lengths() {
        let long =
            "the delivery was late and the driver was rude but the bread was warm ".repeat(12);
        let texts = [
            long.as_str(),
            "ok",
            "Great service, the driver was friendly.",
            "",
            "Terrible: the eggs were broken and the refund never came.",
            "fine",
            long.as_str(),
        ];
        let mut scorer = ClassifierScorer::load(&fixture("tiny-classifier"), 1, 128)
            .unwrap()
            .with_batch_size(3);
        let together = scorer.score_batch(&texts).unwrap();
        assert_eq!(together.len(), texts.len());
        for (text, got) in texts.iter().zip(&together) {
            let alone = scorer.score_batch(&[text]).unwrap();
            assert_close(&alone[0], got, 1e-5);
        }
        assert_eq!(together[0], together[6]);
        assert!(scorer.score_batch(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_batch_of_one_equals_the_same_text_in_a_larger_batch() {
        let mut scorer = ClassifierScorer::load(&fixture("tiny-classifier"), 1, 128).unwrap();
        let text = "The app keeps crashing at checkout.";
        let alone = scorer.score_batch(&[text]).unwrap();
        let within = scorer
            .score_batch(&[
                "a much longer comment about fruit, bread, eggs, slots and the website",
                text,
                "ok",
            ])
            .unwrap();
        assert_close(&alone[0], &within[1], 1e-5);
    }

    #[test]
    fn label_names_map_case_insensitively() {
        let map = |l: &[&str]| map_labels(&names(l));
        assert_eq!(map(&["negative", "neutral", "positive"]), Ok(vec![0, 1, 2]));
        assert_eq!(map(&["POSITIVE", "NEGATIVE"]), Ok(vec![2, 0]));
        assert_eq!(map(&["Neg", "Neu", "Pos"]), Ok(vec![0, 1, 2]));
        assert_eq!(map(&["pos", "neu", "neg"]), Ok(vec![2, 1, 0]));
        assert_eq!(map(&["very negative", "positive"]), Ok(vec![0, 2]));
        // Cardiff twitter-roberta exports keep the default names.
        assert_eq!(map(&["LABEL_0", "LABEL_1", "LABEL_2"]), Ok(vec![0, 1, 2]));
        assert_eq!(map(&["label_0", "label_1", "label_2"]), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn unmappable_labels_are_errors() {
        let map = |l: &[&str]| map_labels(&names(l));
        assert!(map(&["LABEL_0", "LABEL_1"])
            .unwrap_err()
            .contains("LABEL_0"));
        assert!(map(&["LABEL_1", "LABEL_0", "LABEL_2"]).is_err());
        assert!(map(&["1 star", "2 stars", "3 stars", "4 stars", "5 stars"])
            .unwrap_err()
            .contains("found 5"));
        assert!(map(&["negative", "neutral"])
            .unwrap_err()
            .contains("no positive"));
        assert!(map(&["negative", "negative", "positive"])
            .unwrap_err()
            .contains("two labels mean negative"));
        assert!(map(&["joy", "anger", "positive"])
            .unwrap_err()
            .contains("'joy'"));
        assert!(map(&["non-negative positive", "negative"])
            .unwrap_err()
            .contains("more than one"));
        assert!(map(&["positive"]).is_err());
    }

    #[test]
    fn softmax_folds_onto_the_three_classes() {
        let s = sentiment(&[0.0, 0.0], &[POSITIVE, NEGATIVE]);
        assert_eq!(s.probs, [0.5, 0.0, 0.5]);
        assert_eq!(s.score, 0.0);
        let s = sentiment(&[1000.0, 0.0, -1000.0], &[NEGATIVE, NEUTRAL, POSITIVE]);
        assert_eq!(s.probs, [1.0, 0.0, 0.0]);
        assert_eq!(s.label, NEGATIVE);
        assert_eq!(s.score, -1.0);
    }

    fn copy_fixture(skip: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["model.onnx", "tokenizer.json", "config.json"] {
            if name != skip {
                std::fs::copy(fixture("tiny-classifier").join(name), dir.path().join(name))
                    .unwrap();
            }
        }
        dir
    }

    #[test]
    fn missing_files_are_named() {
        for name in ["model.onnx", "tokenizer.json", "config.json"] {
            let dir = copy_fixture(name);
            let err = ClassifierScorer::load(dir.path(), 1, 128)
                .unwrap_err()
                .to_string();
            assert!(err.contains(name), "{err}");
            assert!(err.contains("not found"), "{err}");
        }
    }

    #[test]
    fn bad_labels_in_config_are_reported_with_file_and_labels() {
        let dir = copy_fixture("");
        let config_path = dir.path().join("config.json");
        let mut config: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
        config["id2label"] = serde_json::json!({"0": "joy", "1": "anger", "2": "sadness"});
        std::fs::write(&config_path, config.to_string()).unwrap();
        let err = ClassifierScorer::load(dir.path(), 1, 128)
            .unwrap_err()
            .to_string();
        assert!(err.contains("config.json"), "{err}");
        assert!(err.contains("joy, anger, sadness"), "{err}");

        // Labels that map but do not match the logits' width fail at load, not later.
        config["id2label"] = serde_json::json!({"0": "negative", "1": "positive"});
        std::fs::write(&config_path, config.to_string()).unwrap();
        let err = ClassifierScorer::load(dir.path(), 1, 128)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.onnx") && err.contains("[1, 2]"),
            "{err}"
        );

        config.as_object_mut().unwrap().remove("id2label");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let err = ClassifierScorer::load(dir.path(), 1, 128)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("id2label") && err.contains("config.json"),
            "{err}"
        );
    }
}
