//! The `[sentiment]` section: which scorer runs and when a comment is mixed.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which sentiment scorer runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ScorerKind {
    /// The bundled model's sentiment head, computed in the same pass as the embeddings.
    #[default]
    Model,
    /// The VADER-style rule scorer: fast and explainable.
    Lexicon,
    /// Any ONNX sequence-classification model (`sentiment.classifier` names its folder).
    Classifier,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentConfig {
    #[serde(default)]
    pub scorer: ScorerKind,
    /// Folder of an ONNX sequence classifier (`model.onnx`, `tokenizer.json`, `config.json`
    /// with `id2label`), for `scorer = "classifier"`; relative to the pipeline file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classifier: Option<PathBuf>,
    /// A comment is `mixed` when one of its sentences scores at least this much and another at
    /// most minus this much (scores run from -1 to 1).
    #[serde(default = "default_mixed_threshold")]
    pub mixed_threshold: f32,
}

fn default_mixed_threshold() -> f32 {
    0.5
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig {
            scorer: ScorerKind::default(),
            classifier: None,
            mixed_threshold: default_mixed_threshold(),
        }
    }
}

impl SentimentConfig {
    /// Problems with the sentiment settings (`sentiment.key: why`).
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(0.0..=1.0).contains(&self.mixed_threshold) {
            problems.push("sentiment.mixed_threshold: must be in [0, 1]".to_owned());
        }
        if (self.scorer == ScorerKind::Classifier) != self.classifier.is_some() {
            problems.push(
                "sentiment.classifier: set it (a model folder) exactly when scorer = \
                 \"classifier\""
                    .to_owned(),
            );
        }
        problems
    }
}
