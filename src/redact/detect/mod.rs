//! Detectors: each finds one family of personal data. A detector scans a text once and pushes
//! every candidate it accepts; overlaps between detectors are resolved by the redactor.

use super::entity::Detection;

/// Finds personal data in a text.
pub trait Detector: Send + Sync {
    fn name(&self) -> &'static str;
    /// Appends detections (byte ranges into `text`) to `out`.
    fn detect(&self, text: &str, out: &mut Vec<Detection>);
}

pub mod deny;

use crate::config::RedactConfig;
use crate::error::Result;
use crate::redact::EntityKind;

/// Builds the detectors that can find any of the `enabled` kinds.
pub fn build(config: &RedactConfig, enabled: &[EntityKind]) -> Result<Vec<Box<dyn Detector>>> {
    let _ = enabled;
    let mut detectors: Vec<Box<dyn Detector>> = Vec::new();
    if let Some(deny) = deny::DenyDetector::new(&config.deny) {
        detectors.push(Box::new(deny));
    }
    Ok(detectors)
}
