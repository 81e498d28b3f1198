//! The spreadsheet form of a codebook: one row per code, lists joined with ` | `; no
//! centroids and no model.

use super::{Code, Codebook, FORMAT_VERSION};
use crate::error::{Error, Result};
use crate::outputs::{neutralise, restore};
use std::collections::HashMap;
use std::path::Path;

/// CSV columns, in the order [`Codebook::to_csv`] writes them.
const CSV_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "description",
    "parent",
    "examples",
    "keywords",
    "threshold",
    "new",
];

/// Separator of several items in one CSV cell.
const CSV_LIST_SEPARATOR: &str = " | ";

impl Codebook {
    /// The codes as CSV with the columns `id,name,description,parent,examples,keywords,
    /// threshold,new`, in order. Centroids and the model are not written. Lists are joined
    /// with ` | `; an example or keyword that itself contains `|` has it replaced by `/`, and
    /// surrounding spaces of items are not kept (CSV has no room for either; use TOML).
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| s.trim().replace('|', "/"))
                .collect::<Vec<_>>()
                .join(CSV_LIST_SEPARATOR)
        };
        // Writing to memory cannot fail.
        writer.write_record(CSV_COLUMNS).expect("CSV into memory");
        for code in &self.codes {
            // Cells a spreadsheet would run as formulas are neutralised, as in every CSV.
            writer
                .write_record(
                    [
                        code.id.clone(),
                        code.name.clone(),
                        code.description.clone(),
                        code.parent.clone().unwrap_or_default(),
                        list(&code.examples),
                        list(&code.keywords),
                        code.threshold.map(|t| t.to_string()).unwrap_or_default(),
                        code.new.to_string(),
                    ]
                    .map(|cell| neutralise(&cell)),
                )
                .expect("CSV into memory");
        }
        let bytes = writer.into_inner().expect("CSV into memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
    }
}

/// Parses CSV codebook text; returns the codebook (not yet validated) and each code's row.
pub(super) fn parse(path: &Path, text: &str) -> Result<(Codebook, Vec<usize>)> {
    let fail = |row: usize, column: Option<&str>, message: String| {
        Error::input(path, Some(row), column, message)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(fail(1, None, format!("cannot parse the header: {e}"))),
        None => {
            return Err(Error::input(
                path,
                None,
                None,
                "the file is empty; a header row is required",
            ))
        }
    };

    // Column position of each known column.
    let mut position: HashMap<&'static str, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim();
        let known = CSV_COLUMNS
            .iter()
            .find(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                fail(
                    1,
                    Some(name),
                    format!(
                        "unknown column (column {}); the columns are {}",
                        i + 1,
                        CSV_COLUMNS.join(", ")
                    ),
                )
            })?;
        if position.insert(known, i).is_some() {
            return Err(fail(1, Some(known), "the column appears twice".into()));
        }
    }
    for required in ["id", "name"] {
        if !position.contains_key(required) {
            return Err(fail(
                1,
                None,
                format!("the header has no '{required}' column"),
            ));
        }
    }

    let mut codes = Vec::new();
    let mut rows = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record =
            record.map_err(|e| fail(row, None, format!("cannot parse the record: {e}")))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // spreadsheets export trailing empty rows
        }
        if record.len() != header.len() {
            return Err(fail(
                row,
                None,
                format!(
                    "expected {} fields as in the header, found {}",
                    header.len(),
                    record.len()
                ),
            ));
        }
        let get = |column: &str| {
            position
                .get(column)
                .and_then(|&i| record.get(i))
                .map(|cell| restore(cell).trim())
                .unwrap_or("")
        };
        let list = |column: &str| -> Vec<String> {
            get(column)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let threshold = match get("threshold") {
            "" => None,
            t => Some(t.parse::<f32>().map_err(|_| {
                fail(
                    row,
                    Some("threshold"),
                    "not a number (leave it empty for the run's default)".into(),
                )
            })?),
        };
        let new = match get("new") {
            v if v.is_empty() || v.eq_ignore_ascii_case("false") => false,
            v if v.eq_ignore_ascii_case("true") => true,
            _ => {
                return Err(fail(
                    row,
                    Some("new"),
                    "expected true, false or nothing".into(),
                ))
            }
        };
        codes.push(Code {
            id: get("id").to_owned(),
            name: get("name").to_owned(),
            description: get("description").to_owned(),
            parent: Some(get("parent"))
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            examples: list("examples"),
            keywords: list("keywords"),
            threshold,
            new,
            centroid: None,
        });
        rows.push(row);
    }
    let codebook = Codebook {
        version: FORMAT_VERSION,
        model: None,
        codes,
    };
    Ok((codebook, rows))
}
