//! Detectors: each finds one family of personal data. A detector scans a text once and pushes
//! every candidate it accepts; overlaps between detectors are resolved by the redactor.

use super::entity::Detection;

/// Finds personal data in a text.
pub trait Detector: Send + Sync {
    fn name(&self) -> &'static str;
    /// Appends detections (byte ranges into `text`) to `out`.
    fn detect(&self, text: &str, out: &mut Vec<Detection>);
}

pub mod address;
pub mod person;

pub use address::AddressDetector;
pub use person::PersonDetector;
