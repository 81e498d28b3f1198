//! Detectors: each finds one family of personal data. A detector scans a text once and pushes
//! every candidate it accepts; overlaps between detectors are resolved by the redactor.
//!
//! The detectors are `identifiers`, `person`, `address`, `cued`, `custom` and `deny`. `patterns/` holds
//! the per-type candidate patterns and validators that `identifiers` dispatches to (and whose
//! check digits `custom` reuses); `text` the helpers they share, importing none of them.

use super::entity::Detection;

/// Finds personal data in a text.
pub trait Detector: Send + Sync {
    fn name(&self) -> &'static str;
    /// Appends detections (byte ranges into `text`) to `out`.
    fn detect(&self, text: &str, out: &mut Vec<Detection>);
}

pub mod address;
pub mod cued;
pub mod custom;
pub mod deny;
pub mod identifiers;
pub mod patterns;
pub mod person;
mod text;

pub use address::AddressDetector;
pub use custom::{CustomDetector, CustomPattern};
pub use identifiers::IdentifierDetector;
pub use person::PersonDetector;

use crate::error::{Error, Result};
use crate::redact::config::RedactConfig;
use crate::redact::EntityKind;

/// Builds the detectors that can find any of the `enabled` kinds.
pub fn build(config: &RedactConfig, enabled: &[EntityKind]) -> Result<Vec<Box<dyn Detector>>> {
    let mut detectors: Vec<Box<dyn Detector>> = Vec::new();
    if identifiers::SUPPORTED.iter().any(|k| enabled.contains(k)) {
        let home = patterns::phone::Home::new(&config.default_region).ok_or_else(|| {
            Error::config(format!(
                "redact.default_region: '{}' has no numbering plan",
                config.default_region
            ))
        })?;
        detectors.push(Box::new(IdentifierDetector::new(enabled).with_home(home)));
    }
    if enabled.contains(&EntityKind::Person) {
        detectors.push(Box::new(PersonDetector::new(&config.allow)));
    }
    if let Some(cued) = cued::CuedDetector::new(enabled) {
        detectors.push(Box::new(cued));
    }
    if enabled.contains(&EntityKind::StreetAddress) || enabled.contains(&EntityKind::PostalCode) {
        detectors.push(Box::new(AddressDetector::new()));
    }
    if !config.patterns.is_empty() {
        let patterns: Vec<CustomPattern> = config
            .patterns
            .iter()
            .map(|p| CustomPattern {
                name: p.name.clone(),
                regex: p.regex.clone(),
                validator: p.validator.clone(),
                score: p.score,
            })
            .collect();
        let custom = CustomDetector::new(&patterns, 0).map_err(Error::config)?;
        detectors.push(Box::new(custom));
    }
    if let Some(deny) = deny::DenyDetector::new(&config.deny) {
        detectors.push(Box::new(deny));
    }
    Ok(detectors)
}
