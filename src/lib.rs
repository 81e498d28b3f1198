//! Verbatim: a batch pipeline that turns raw qualitative feedback into coded evidence.
//!
//! Data flows one way: `ingest` → `segment` → `embed` → `themes` → `stats` (with `trends`,
//! `drivers` and `recommend`) → `report`.
//! Each stage implements [`stage::Stage`] over a shared [`stage::RunState`]; writers read the
//! finished state and never feed back into analysis.

pub mod agree;
pub mod codebook;
pub mod compare;
pub mod config;
pub mod cost;
mod defaults;
pub mod error;
pub mod ingest;
pub mod outputs;
pub mod pipeline;
pub mod qda;
pub mod record;
pub mod redact;
pub mod sample;
pub mod themes;

pub use error::{Error, ErrorKind, Result};
pub mod embed;
pub mod figures;
pub mod progress;
pub mod report;
pub mod segment;
pub mod sentiment;
pub mod validity;
pub mod xml;
