use crate::config::PipelineConfig;
use crate::error::{Error, Result};
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use crate::sentiment::classifier::ClassifierScorer;
use crate::sentiment::config::ScorerKind;
use crate::sentiment::lexicon::LexiconScorer;
use crate::sentiment::{Scorer, Sentiment, LABELS};

/// Where segment sentiment comes from.
pub enum Source {
    /// The logits the embed stage produced with the combined graph.
    ModelHead,
    /// A scorer run on each segment's text.
    Rules(Box<dyn Scorer>),
    /// A separate ONNX sequence classifier run over the segments.
    Classifier(Box<ClassifierScorer>),
}

/// Scores every segment.
pub struct SentimentStage {
    source: Source,
}

impl SentimentStage {
    /// The scorer `[sentiment]` names (a classifier is loaded now), or nothing without it.
    pub fn build(config: &PipelineConfig) -> Result<Option<SentimentStage>> {
        let Some(sentiment) = &config.sentiment else {
            return Ok(None);
        };
        let source = match (sentiment.scorer, &sentiment.classifier) {
            (ScorerKind::Model, _) => Source::ModelHead,
            (ScorerKind::Lexicon, _) => Source::Rules(Box::new(LexiconScorer::new())),
            (ScorerKind::Classifier, dir) => {
                let dir = dir.as_ref().ok_or_else(|| {
                    Error::config("sentiment.classifier: a model folder is required")
                })?;
                Source::Classifier(Box::new(ClassifierScorer::load(
                    dir,
                    config.embed.threads,
                    config.embed.max_tokens,
                )?))
            }
        };
        Ok(Some(SentimentStage { source }))
    }
}

impl Stage for SentimentStage {
    fn name(&self) -> &'static str {
        "sentiment"
    }

    fn run(&mut self, state: &mut RunState, _progress: &Progress) -> Result<()> {
        let scores: Vec<Sentiment> = match &mut self.source {
            Source::ModelHead => {
                let logits = state
                    .embeddings
                    .as_ref()
                    .and_then(|e| e.sentiment_logits.as_ref());
                match logits {
                    Some(logits) => logits
                        .rows()
                        .into_iter()
                        .map(|r| Sentiment::from_logits([r[0], r[1], r[2]]))
                        .collect(),
                    // Nothing was embedded: nothing to score.
                    None if state.segments.is_empty() => Vec::new(),
                    None => {
                        return Err(Error::model(
                            "the embedding model produced no sentiment_logits output",
                        ))
                    }
                }
            }
            Source::Rules(scorer) => state
                .segment_texts()
                .iter()
                .map(|t| scorer.score(t))
                .collect(),
            Source::Classifier(model) => model.score_batch(&state.segment_texts())?,
        };
        let mut counts = [0u64; 3];
        for s in &scores {
            counts[s.label] += 1;
        }
        for (label, n) in LABELS.iter().zip(counts) {
            state.count("sentiment", label, n);
        }
        state.sentiment = Some(scores);
        Ok(())
    }
}
