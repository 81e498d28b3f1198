//! Sentiment: a label (negative/neutral/positive), class probabilities and a score in [-1, 1]
//! per segment, rolled up per comment and per theme.
//!
//! INTERFACE: scorers implement [`Scorer`]; `lexicon.rs` is the VADER-style rule scorer.

pub mod classifier;

/// The three classes, in the order of every probability array.
pub const LABELS: [&str; 3] = ["negative", "neutral", "positive"];

/// One segment's sentiment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sentiment {
    /// Probabilities (or, for the lexicon, text proportions) of negative, neutral, positive.
    pub probs: [f32; 3],
    /// Index into [`LABELS`].
    pub label: usize,
    /// Continuous score in [-1, 1] (negative to positive).
    pub score: f32,
}

/// Scores texts one by one (rule scorers) — model scorers work on the encoder's output.
pub trait Scorer: Send + Sync {
    fn name(&self) -> &'static str;
    fn score(&self, text: &str) -> Sentiment;
}
