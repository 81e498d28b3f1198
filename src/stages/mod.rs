//! The pipeline's stages, one file each, in the order they run.

mod embed;
mod off_topic;
mod redact;
mod segment;
mod sentiment;
mod themes;
mod validity;

pub use embed::EmbedStage;
pub use off_topic::OffTopicStage;
pub use redact::RedactStage;
pub use segment::SegmentStage;
pub use sentiment::{SentimentStage, Source as SentimentSource};
pub use themes::ThemeStage;
pub use validity::ValidityStage;
