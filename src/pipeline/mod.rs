//! The pipeline: [`run`] validates the config, builds the stages ([`stages`]), ingests, runs
//! each [`stage::Stage`] over one [`stage::RunState`], computes the figures and writes every
//! output atomically.

mod run;
pub mod stage;
pub mod stages;

pub use run::{default_out_dir, run, Summary};
