//! The integration tests, one binary (one link, one process start for the suite): each module
//! drives the real `verbatim` binary or the library on real, small data. `tests/hub.rs` stays
//! a binary of its own because it sets process-wide environment variables.

mod agree;
mod cli;
mod codebook;
mod common;
mod compare;
mod embed;
mod golden;
mod layout;
mod redact;
mod redact_eval;
mod sentiment;
mod social;
mod transcripts;
