//! Redaction of personal data: the first stage after ingest. Everything downstream (embeddings,
//! themes, quotes, outputs) sees only redacted text.
//!
//! INTERFACE being built: detectors in `detect/`, operators, the `Redactor`.

pub mod detect;
pub mod entity;

pub use detect::Detector;
pub use entity::{Detection, EntityKind};
