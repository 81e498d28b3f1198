//! Candidate patterns and their validators, one identifier type per file: the regex shape the
//! [`IdentifierDetector`](super::IdentifierDetector) scans for and the checks (check digits,
//! allocation rules, cues) that accept or reject a match. None of them is a [`Detector`]
//! itself; `custom` also uses the check-digit validators of `card`, `iban` and `nhs`.
//!
//! [`Detector`]: super::Detector

pub mod card;
pub mod dob;
pub mod email;
pub mod handle;
pub mod iban;
pub mod ip;
pub mod nhs;
pub mod nino;
mod number_span;
pub(super) mod numeric;
pub mod phone;
pub mod postcode;
pub mod ssn;
pub mod url;
