//! Reading the two sides of an agreement check: a human coding file and a run's
//! `segments.csv` (plus its codebook, to accept code names as well as ids).

use super::align::{HumanCode, MachineSegment};
use crate::codebook::Codebook;
use crate::error::{Error, Result};
use crate::report::read_back::{cell, OutputTable};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads a human coding CSV: `id` (comment id) and `code` (code id or name; empty = reviewed,
/// nothing applies) are required; `coder` (default `human`), `start` and `end` (Unicode code
/// points into the comment, end exclusive) are optional. Errors name the file, row and column.
pub fn human_codes(path: &Path, codebook: &Codebook) -> Result<Vec<HumanCode>> {
    let fail =
        |row: Option<usize>, col: Option<&str>, why: String| Error::input(path, row, col, why);
    let mut reader = csv::Reader::from_path(path).map_err(|e| fail(None, None, e.to_string()))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| fail(Some(1), None, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let required = |name: &str| {
        at(name).ok_or_else(|| fail(Some(1), Some(name), "required column is missing".into()))
    };
    let (id_at, code_at) = (required("id")?, required("code")?);
    let (coder_at, start_at, end_at) = (at("coder"), at("start"), at("end"));
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| fail(Some(row), None, e.to_string()))?;
        let cell = |at: usize| record.get(at).unwrap_or("").trim();
        let offset = |at: Option<usize>, name: &str| -> Result<Option<usize>> {
            match at.map(cell).filter(|c| !c.is_empty()) {
                None => Ok(None),
                Some(c) => c.parse().map(Some).map_err(|_| {
                    fail(
                        Some(row),
                        Some(name),
                        "must be a whole number of characters".into(),
                    )
                }),
            }
        };
        let span = match (offset(start_at, "start")?, offset(end_at, "end")?) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            (None, None) => None,
            _ => {
                return Err(fail(
                    Some(row),
                    Some("start"),
                    "start and end must both be given, with start < end".into(),
                ))
            }
        };
        let id = cell(id_at);
        if id.is_empty() {
            return Err(fail(Some(row), Some("id"), "empty comment id".into()));
        }
        let code = cell(code_at);
        rows.push(HumanCode {
            coder: coder_at
                .map(cell)
                .filter(|c| !c.is_empty())
                .unwrap_or("human")
                .to_owned(),
            comment: id.to_owned(),
            span,
            code: (!code.is_empty()).then(|| code_id(code, codebook)),
        });
    }
    Ok(rows)
}

/// The codebook id for a code given by id or by name (case-insensitive); unknown codes are kept
/// as given (the machine never applies them, which the figures then show).
fn code_id(code: &str, codebook: &Codebook) -> String {
    codebook
        .codes
        .iter()
        .find(|c| c.id == code)
        .or_else(|| {
            codebook
                .codes
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(code))
        })
        .map_or_else(|| code.to_owned(), |c| c.id.clone())
}

/// Reads a run's `segments.csv`: every analysed segment with its codes.
pub fn machine_segments(run_dir: &Path) -> Result<Vec<MachineSegment>> {
    let table = OutputTable::read(&run_dir.join("segments.csv"))?;
    let (id, start, end, theme, others) = (
        table.column("id")?,
        table.column("start")?,
        table.column("end")?,
        table.column("theme_id")?,
        table.column("other_theme_ids")?,
    );
    let mut out = Vec::new();
    for (row, record) in table.rows() {
        let number = |at: usize, name: &str| {
            cell(record, at)
                .parse::<usize>()
                .map_err(|_| table.error(row, name, "not a character offset"))
        };
        let mut codes: BTreeSet<String> = cell(record, others)
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if cell(record, theme) != "uncoded" {
            codes.insert(cell(record, theme).to_owned());
        }
        out.push(MachineSegment {
            comment: cell(record, id).to_owned(),
            start: number(start, "start")?,
            end: number(end, "end")?,
            codes,
        });
    }
    Ok(out)
}
