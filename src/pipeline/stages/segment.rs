use crate::config::PipelineConfig;
use crate::error::Result;
use crate::pipeline::stage::{RunState, Stage};
use crate::progress::Progress;
use crate::segment;
use crate::segment::SegmentConfig;

/// Marks unanalysable records as skipped and splits the rest into segments.
pub struct SegmentStage {
    config: SegmentConfig,
}

impl SegmentStage {
    pub fn build(config: &PipelineConfig) -> SegmentStage {
        SegmentStage {
            config: config.segment.clone(),
        }
    }
}

impl Stage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn run(&mut self, state: &mut RunState, _progress: &Progress) -> Result<()> {
        let mut segments = Vec::new();
        for (i, record) in state.dataset.records.iter().enumerate() {
            // Already set aside by an earlier stage (validity).
            if state.skipped[i].is_some() {
                continue;
            }
            if state.dataset.context_only.get(i).copied().unwrap_or(false) {
                state.skipped[i] = Some(segment::SkipReason::Context);
                continue;
            }
            if let Some(reason) = segment::skip_reason(&record.text) {
                state.skipped[i] = Some(reason);
                continue;
            }
            segments.extend(segment::split(i, &record.text, &self.config));
        }
        let skipped = state.skipped.iter().flatten().count() as u64;
        state.segments = segments;
        let n = state.segments.len() as u64;
        state.count("segment", "records_skipped", skipped);
        state.count("segment", "segments", n);
        Ok(())
    }
}
