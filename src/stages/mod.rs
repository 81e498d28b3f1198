//! The pipeline's stages, one file each, in the order they run.

mod embed;
mod redact;
mod segment;
mod themes;

pub use embed::EmbedStage;
pub use redact::RedactStage;
pub use segment::SegmentStage;
pub use themes::ThemeStage;
