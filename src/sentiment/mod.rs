//! Sentiment: a label (negative/neutral/positive), class probabilities and a score in [-1, 1]
//! per segment, rolled up per comment and per theme.
//!
//! Scorers: the bundled model's sentiment head (logits from the embedding pass), `lexicon.rs`
//! (VADER-style rules, implements [`Scorer`]) and `classifier.rs` (any ONNX sequence classifier).

pub mod classifier;
pub mod config;
pub mod lexicon;

pub const NEGATIVE: &str = "negative";
pub const NEUTRAL: &str = "neutral";
pub const POSITIVE: &str = "positive";
/// A comment with a strongly positive and a strongly negative sentence.
pub const MIXED: &str = "mixed";

/// The three classes, in the order of every probability array.
pub const LABELS: [&str; 3] = [NEGATIVE, NEUTRAL, POSITIVE];

/// A comment's roll-up labels, in the order tables list them.
pub const ROLLUP_LABELS: [&str; 4] = [NEGATIVE, NEUTRAL, POSITIVE, MIXED];

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

impl Sentiment {
    /// From calibrated logits: softmax probabilities, the most probable label, and
    /// `p(positive) - p(negative)` as the score.
    pub fn from_logits(logits: [f32; 3]) -> Sentiment {
        let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let exp = logits.map(|l| (l - max).exp());
        let sum: f32 = exp.iter().sum();
        let probs = exp.map(|e| e / sum);
        Sentiment {
            probs,
            label: argmax(&probs),
            score: probs[2] - probs[0],
        }
    }
}

fn argmax(v: &[f32; 3]) -> usize {
    (0..3).fold(0, |best, i| if v[i] > v[best] { i } else { best })
}

/// A comment's overall sentiment, rolled up from its segments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollup {
    /// `negative`, `neutral`, `positive` or `mixed`.
    pub label: &'static str,
    /// Mean of the segment scores.
    pub score: f32,
}

/// Roll-up rule: `mixed` when one segment scores ≥ `mixed` and another ≤ -`mixed`; otherwise
/// the most frequent segment label, ties going to the sign of the mean score (neutral within
/// ±0.05).
pub fn rollup(segments: &[Sentiment], mixed: f32) -> Option<Rollup> {
    if segments.is_empty() {
        return None;
    }
    let score = segments.iter().map(|s| s.score).sum::<f32>() / segments.len() as f32;
    let strong_pos = segments.iter().any(|s| s.score >= mixed);
    let strong_neg = segments.iter().any(|s| s.score <= -mixed);
    if strong_pos && strong_neg {
        return Some(Rollup {
            label: MIXED,
            score,
        });
    }
    let mut counts = [0usize; 3];
    for s in segments {
        counts[s.label] += 1;
    }
    let top = *counts.iter().max().unwrap_or(&0);
    let leaders: Vec<usize> = (0..3).filter(|&i| counts[i] == top).collect();
    let label = if leaders.len() == 1 {
        leaders[0]
    } else if score > 0.05 {
        2
    } else if score < -0.05 {
        0
    } else {
        1
    };
    Some(Rollup {
        label: LABELS[label],
        score,
    })
}

/// Scores texts one by one (rule scorers) — model scorers work on the encoder's output.
pub trait Scorer: Send + Sync {
    fn name(&self) -> &'static str;
    fn score(&self, text: &str) -> Sentiment;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(label: usize, score: f32) -> Sentiment {
        Sentiment {
            probs: [0.0; 3],
            label,
            score,
        }
    }

    #[test]
    fn logits_become_probabilities_and_a_score() {
        let got = Sentiment::from_logits([0.0, 0.0, (2.0f32).ln()]);
        assert_eq!(got.label, 2);
        assert!((got.probs[2] - 0.5).abs() < 1e-6 && (got.probs[0] - 0.25).abs() < 1e-6);
        assert!((got.score - 0.25).abs() < 1e-6);
    }

    #[test]
    fn strong_opposite_sentences_make_a_mixed_comment() {
        // "The staff were lovely. But I waited an hour."
        let r = rollup(&[s(2, 0.9), s(0, -0.8)], 0.5).unwrap();
        assert_eq!(r.label, "mixed");
        assert!((r.score - 0.05).abs() < 1e-6);
        // A mild complaint next to praise is not mixed: the majority label wins.
        let r = rollup(&[s(2, 0.9), s(2, 0.6), s(0, -0.3)], 0.5).unwrap();
        assert_eq!(r.label, "positive");
    }

    #[test]
    fn ties_follow_the_mean_score() {
        assert_eq!(
            rollup(&[s(1, 0.0), s(0, -0.4)], 0.5).unwrap().label,
            "negative"
        );
        assert_eq!(
            rollup(&[s(1, 0.0), s(2, 0.02)], 0.5).unwrap().label,
            "neutral"
        );
        assert!(rollup(&[], 0.5).is_none());
    }
}
