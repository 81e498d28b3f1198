//! Detectors: each finds one family of personal data. A detector scans a text once and pushes
//! every candidate it accepts; overlaps between detectors are resolved by the redactor.

use super::entity::Detection;

/// Finds personal data in a text.
pub trait Detector: Send + Sync {
    fn name(&self) -> &'static str;
    /// Appends detections (byte ranges into `text`) to `out`.
    fn detect(&self, text: &str, out: &mut Vec<Detection>);
}

pub mod card;
pub mod custom;
pub mod dob;
pub mod email;
pub mod handle;
pub mod iban;
pub mod identifiers;
pub mod ip;
pub mod nhs;
pub mod nino;
mod numeric;
pub mod phone;
pub mod postcode;
pub mod ssn;
pub mod url;

pub use custom::{CustomDetector, CustomPattern};
pub use identifiers::IdentifierDetector;
