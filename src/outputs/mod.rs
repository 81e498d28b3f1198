//! How Verbatim writes files, and reads its own back: the atomic folder swap and single-file
//! writes that never touch a user's files, CSV that spreadsheets cannot execute, and the
//! tables `compare`, `agree` and `sample` read from a run's folder. A leaf: it imports
//! nothing of the pipeline, so every writer and reader can use it.

mod atomic;
mod csv_safe;
pub mod schema;
mod table;

pub use atomic::{
    check_new_file, check_replaceable, remove_unfinished, write_file, StagingDir, MARKER,
};
pub(crate) use csv_safe::{neutralise, restore, SafeCsv};
pub use table::{cell, OutputTable};
