//! The pipeline's stages, one file each, in the order they run. Each builds itself from the
//! pipeline config ([`build`]); the runner only validates, streams the data through them and
//! writes the outputs.

mod embed;
mod off_topic;
mod redact;
mod segment;
mod sentiment;
mod themes;
mod validity;

use embed::EmbedStage;
use off_topic::OffTopicStage;
use redact::RedactStage;
use segment::SegmentStage;
use sentiment::SentimentStage;
use themes::ThemeStage;
use validity::ValidityStage;

use crate::config::PipelineConfig;
use crate::embed::Embedder;
use crate::error::Result;
use crate::pipeline::stage::Stage;
use std::path::Path;

/// Builds the configured stages in the order they run. Whatever can fail without the data
/// (redaction patterns, the model, the codebook, a sentiment classifier, the cache folder)
/// fails here, before any input is read.
pub fn build(config: &PipelineConfig, spill: &Path) -> Result<Vec<Box<dyn Stage>>> {
    let redact = RedactStage::build(config)?;
    let mut embedder = Embedder::load(&config.embed, config.sentiment_head())?;
    // Built before the embed stage takes the model: both embed texts of their own.
    let themes = ThemeStage::build(config, &mut embedder)?;
    let off_topic = OffTopicStage::build(config, &mut embedder)?;
    let sentiment = SentimentStage::build(config)?;
    let embed = EmbedStage::build(config, embedder, spill)?;

    let mut stages: Vec<Box<dyn Stage>> = Vec::new();
    if let Some(stage) = redact {
        stages.push(Box::new(stage));
    }
    if let Some(stage) = ValidityStage::build(config) {
        stages.push(Box::new(stage));
    }
    stages.push(Box::new(SegmentStage::build(config)));
    stages.push(Box::new(embed));
    stages.push(Box::new(themes));
    if let Some(stage) = off_topic {
        stages.push(Box::new(stage));
    }
    if let Some(stage) = sentiment {
        stages.push(Box::new(stage));
    }
    Ok(stages)
}
