use crate::config::PipelineConfig;
use crate::embed::Embedder;
use crate::error::Result;
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use crate::record::Dataset;
use crate::segment::SkipReason;
use crate::validity::{off_topic, Check, Flag};

/// Flags posts that fit no theme and are not about the organisation, once the themes are
/// found; with `exclude_flagged` they are skipped and their segments uncoded. Replies are not
/// judged: "thanks, sorted!" is on topic through the conversation it answers.
pub struct OffTopicStage {
    /// `social.parent_column`, which marks replies.
    parent_column: Option<String>,
    /// Per record: whether it replies to another post (its parent column filled).
    replies: Vec<bool>,
    /// The embedded `social.topic` description (unit length), if one is configured.
    topic: Option<Vec<f32>>,
    threshold: f32,
    exclude: bool,
}

impl OffTopicStage {
    /// The check when `[social]` sets `off_topic_similarity`; the organisation's description
    /// (`social.topic`) is embedded now.
    pub fn build(
        config: &PipelineConfig,
        embedder: &mut Embedder,
    ) -> Result<Option<OffTopicStage>> {
        let Some(social) = config
            .social
            .as_ref()
            .filter(|s| s.off_topic_similarity > 0.0)
        else {
            return Ok(None);
        };
        let topic = match social.topic.as_deref() {
            Some(topic) => Some(
                embedder
                    .embed(&[topic], &Progress::hidden())?
                    .vectors
                    .row(0),
            ),
            None => None,
        };
        Ok(Some(OffTopicStage {
            parent_column: social.parent_column.clone(),
            replies: Vec::new(),
            topic,
            threshold: social.off_topic_similarity,
            exclude: social.exclude_flagged,
        }))
    }
}

impl Stage for OffTopicStage {
    fn name(&self) -> &'static str {
        "off_topic"
    }

    fn prepare(&mut self, dataset: &mut Dataset) -> Result<()> {
        let parent = self
            .parent_column
            .as_ref()
            .and_then(|c| dataset.meta_index(c));
        self.replies = dataset
            .records
            .iter()
            .map(|r| parent.is_some_and(|p| !r.meta[p].trim().is_empty()))
            .collect();
        Ok(())
    }

    fn run(&mut self, state: &mut RunState, _progress: &Progress) -> Result<()> {
        let (Some(model), Some(embeddings)) = (&mut state.themes, &state.embeddings) else {
            return Ok(());
        };
        let mut best: Vec<Option<(f32, Option<f32>)>> = vec![None; state.dataset.records.len()];
        let topic_dots = self.topic.as_ref().map(|t| embeddings.vectors.dots(t));
        for (s, seg) in state.segments.iter().enumerate() {
            let topic = topic_dots.as_ref().map(|d| d[s]);
            let entry = best[seg.record].get_or_insert((f32::MIN, topic));
            entry.0 = entry.0.max(model.similarity[s]);
            entry.1 = match (entry.1, topic) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        let flags = off_topic::check(&best, self.threshold);
        let mut flagged = 0;
        let mut excluded = vec![false; state.dataset.records.len()];
        for (i, reason) in flags.into_iter().enumerate() {
            let Some(reason) = reason else { continue };
            if state.skipped[i].is_some() || state.validity[i].is_some() || self.replies[i] {
                continue;
            }
            flagged += 1;
            state.validity[i] = Some(Flag {
                check: Check::OffTopic,
                reason,
            });
            if self.exclude {
                state.skipped[i] = Some(SkipReason::Invalid(Check::OffTopic));
                excluded[i] = true;
            }
        }
        // One pass over the segments, however many posts were excluded.
        for (s, seg) in state.segments.iter().enumerate() {
            if excluded[seg.record] {
                model.uncode(s);
            }
        }
        state.count("validity", "off_topic", flagged);
        *state
            .counters
            .entry("validity")
            .or_default()
            .entry("posts_flagged")
            .or_default() += flagged;
        Ok(())
    }
}
