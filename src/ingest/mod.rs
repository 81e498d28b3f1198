//! Ingest: read an input file into `Record`s. One file per format.
//!
//! INTERFACE (filled in by the ingest work).

use crate::config::InputConfig;
use crate::error::Result;
use crate::record::{Dataset, Format};

/// Reads the configured input. Errors name the file, row and column.
pub fn read(config: &InputConfig, format: Format) -> Result<Dataset> {
    let _ = (config, format);
    unimplemented!("ingest::read is being written")
}
