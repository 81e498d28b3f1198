//! Reading a run's CSV outputs back (for `compare`, `agree` and `sample`): cells come back as
//! written before CSV-injection neutralising, and errors name the file, row and column.

use super::csv_safe::restore;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A CSV output file, read whole.
pub struct OutputTable {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl OutputTable {
    pub fn read(path: &Path) -> Result<OutputTable> {
        let fail = |row: Option<usize>, why: String| Error::input(path, row, None, why);
        let mut reader = csv::Reader::from_path(path).map_err(|e| fail(None, e.to_string()))?;
        let header = reader
            .headers()
            .map_err(|e| fail(Some(1), e.to_string()))?
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .enumerate()
            .map(|(i, r)| r.map_err(|e| fail(Some(i + 2), e.to_string())))
            .collect::<Result<_>>()?;
        Ok(OutputTable {
            path: path.to_path_buf(),
            header,
            rows,
        })
    }

    /// The position of a column, or an error naming it.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| self.error(1, name, "column is missing"))
    }

    /// Rows with their 1-based file row (the header is row 1).
    pub fn rows(&self) -> impl Iterator<Item = (usize, &csv::StringRecord)> {
        self.rows.iter().enumerate().map(|(i, r)| (i + 2, r))
    }

    /// An input error at a row and column of this file.
    pub fn error(&self, row: usize, column: &str, why: &str) -> Error {
        Error::input(&self.path, Some(row), Some(column), why.to_owned())
    }
}

/// A cell's original text.
pub fn cell(record: &csv::StringRecord, at: usize) -> &str {
    restore(record.get(at).unwrap_or(""))
}
