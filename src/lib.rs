//! Verbatim: a batch pipeline that turns raw qualitative feedback into coded evidence.
//!
//! A run ([`pipeline::run`]) flows one way:
//!
//! `config` (validated whole) → `ingest` ([`record::Dataset`]) → stages over one
//! [`pipeline::stage::RunState`]: `redact` → `validity` (social posts) → `segment` → `embed`
//! → `themes` (with `codebook`) → off-topic check → `sentiment` → `figures` (frequencies,
//! KPIs, trends, drivers, priorities, threads) → `report` (one sink per file, written into an
//! `outputs` staging folder swapped in atomically).
//!
//! Each stage implements [`pipeline::stage::Stage`] and builds itself from the config
//! ([`pipeline::stages::build`]); writers read the finished state and figures and never feed
//! back into analysis. The other subcommands read a run's outputs back: [`compare::run`],
//! [`agree::run`], [`sample::run`]; [`redact::file::run`] redacts a file on its own. See
//! ARCHITECTURE.md.

pub mod agree;
pub mod codebook;
pub mod compare;
pub mod config;
pub mod cost;
mod defaults;
pub mod embed;
pub mod error;
pub mod figures;
pub mod ingest;
pub mod outputs;
pub mod pipeline;
pub mod progress;
pub mod qda;
pub mod record;
pub mod redact;
pub mod report;
pub mod sample;
pub mod segment;
pub mod sentiment;
pub mod themes;
pub mod validity;
pub mod xml;

pub use error::{Error, ErrorKind, Result};
