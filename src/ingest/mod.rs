//! Ingest: read an input file into `Record`s. One file per format; this module dispatches and
//! holds the column selection shared by the tabular formats.
//!
//! # Row numbers
//! `Record::row` (and the row of every error) is 1-based, as a user finds it:
//! - CSV/TSV: the header is row 1 and the first data row is row 2. A record whose quoted field
//!   spans several physical lines still counts as one row: `row` is the record's ordinal
//!   (header = 1), not its physical line. Blank lines between records are skipped by the CSV
//!   parser and are not counted.
//! - XLSX: the spreadsheet's own row number (as Excel shows it); the header is the first
//!   non-empty row, which is row 1 in a typical sheet. Fully empty rows are skipped but keep
//!   their place in the numbering.
//! - JSONL and TXT: the physical line number. Blank JSONL lines are skipped but counted; in TXT
//!   every line (an empty one too) is a record.
//!
//! # Columns
//! `text_column` is required for every format but TXT; `id_column` is optional (the row number
//! becomes the id); `metadata_columns` are carried in the configured order. Columns are checked
//! right after the header is read, before any row: a missing column is an error listing the
//! available ones. Ids are trimmed, must be non-empty and unique. Empty or whitespace-only texts
//! are kept as they are (later stages mark them skipped); no data row is dropped.
//!
//! Errors never echo the content of a text cell: they name the file, row and column.

pub mod config;
pub mod decode;
pub mod delimited;
pub mod docx;
pub mod jsonl;
pub mod transcript;
pub mod txt;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::ingest::config::InputConfig;
use crate::record::{Dataset, Format, Record};
use std::collections::HashMap;
use std::path::Path;

/// Longest field accepted, in bytes: a bigger one is almost surely binary junk.
pub const MAX_FIELD_BYTES: usize = 1_000_000;

/// Reads the configured input. Errors name the file, row and column.
pub fn read(
    config: &InputConfig,
    format: Format,
    transcript: &crate::ingest::config::TranscriptConfig,
) -> Result<Dataset> {
    if format.is_transcript() {
        return transcript::read(config, format, transcript);
    }
    let (encoding, records) = match format {
        Format::Csv | Format::Tsv => delimited::read(config, format)?,
        Format::Xlsx => ("UTF-8".to_owned(), xlsx::read(config)?),
        Format::Jsonl => jsonl::read(config)?,
        Format::Txt => txt::read(config)?,
        Format::Transcript | Format::Vtt | Format::Srt | Format::Docx => {
            unreachable!("handled above")
        }
    };
    Ok(Dataset {
        source: config.path.clone(),
        format,
        encoding,
        meta_columns: config.metadata_columns.clone(),
        records,
        context_only: Vec::new(),
        speaker_names: Vec::new(),
    })
}

/// Reads the whole file and decodes it per `config.encoding`, with line endings normalised to
/// `\n`. Returns the text and the encoding name.
pub(crate) fn read_text(config: &InputConfig) -> Result<(String, String)> {
    let file = &config.path;
    let bytes = read_bounded(file)?;
    let decoded = decode::decode(file, &bytes, &config.encoding)?;
    drop(bytes);
    let text = match decode::normalize_newlines(&decoded.text) {
        std::borrow::Cow::Borrowed(_) => decoded.text,
        std::borrow::Cow::Owned(s) => s,
    };
    Ok((text, decoded.encoding.to_owned()))
}

/// The largest text input read (4 GiB; a million comments is about 200 MB).
pub const MAX_INPUT_BYTES: u64 = 4 << 30;

/// Reads a whole text input, refusing what cannot be one: a device (`/dev/zero` would grow
/// without end), anything over [`MAX_INPUT_BYTES`] (a file is measured first; a pipe is read
/// up to the limit).
fn read_bounded(file: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |e| Error::io(crate::ErrorKind::Input, file, e);
    let handle = std::fs::File::open(file).map_err(io)?;
    let meta = handle.metadata().map_err(io)?;
    let too_big = || {
        Error::input(
            file,
            None,
            None,
            format!(
                "over the {} GiB input limit; split the export into several files",
                MAX_INPUT_BYTES >> 30
            ),
        )
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_block_device() || kind.is_socket() {
            return Err(Error::input(
                file,
                None,
                None,
                "is a device, not a file; give the export file itself",
            ));
        }
    }
    if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    handle
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The configured text column, required for tabular formats.
pub(crate) fn text_column(config: &InputConfig, format: Format) -> Result<&str> {
    config.text_column.as_deref().ok_or_else(|| {
        Error::config(format!(
            "input.text_column: required for {} input",
            format.name()
        ))
    })
}

/// Cleans header names (trim, drop a stray BOM) and rejects duplicate non-empty names.
/// Empty names (e.g. from a trailing delimiter) may repeat: they cannot be selected anyway.
pub(crate) fn clean_header(file: &Path, row: usize, raw: &[String]) -> Result<Vec<String>> {
    let header: Vec<String> = raw
        .iter()
        .map(|h| {
            h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .to_owned()
        })
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name, i) {
            return Err(Error::input(
                file,
                Some(row),
                Some(name),
                format!(
                    "column name appears twice in the header (columns {} and {}); names must be unique",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    Ok(header)
}

/// Rejects a field over [`MAX_FIELD_BYTES`], naming its row and column.
pub(crate) fn check_field_size(file: &Path, row: usize, column: &str, value: &str) -> Result<()> {
    if value.len() > MAX_FIELD_BYTES {
        return Err(Error::input(
            file,
            Some(row),
            Some(column),
            format!(
                "field is {} bytes, over the {MAX_FIELD_BYTES}-byte limit (binary data or a broken quote?)",
                value.len()
            ),
        ));
    }
    Ok(())
}

/// Indices of the selected columns in a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selection {
    pub text: usize,
    pub id: Option<usize>,
    pub meta: Vec<usize>,
}

/// Finds the text, id and metadata columns in `header`; a missing one is an error naming the
/// file and the column and listing the available columns.
pub(crate) fn select_columns(
    file: &Path,
    header: &[String],
    config: &InputConfig,
    format: Format,
) -> Result<Selection> {
    let text = find_column(file, header, text_column(config, format)?)?;
    if config.id_column.as_deref() == Some(text_column(config, format)?) {
        return Err(Error::config(
            "input.id_column: is the text column; ids reach every output unredacted, so they \
             must come from a column of short identifiers (or leave id_column out to number the \
             rows)",
        ));
    }
    let id = match &config.id_column {
        Some(name) => Some(find_column(file, header, name)?),
        None => None,
    };
    let meta = config
        .metadata_columns
        .iter()
        .map(|name| find_column(file, header, name))
        .collect::<Result<Vec<_>>>()?;
    Ok(Selection { text, id, meta })
}

fn find_column(file: &Path, header: &[String], name: &str) -> Result<usize> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| missing_column(file, None, name, header))
}

/// "column 'x' not found; available: a, b, c" (at most 40 names listed). When a header cell
/// looks like a value rather than a name (the file has no header row, so its first row is
/// somebody's data), nothing is listed: the message says the header seems to be missing.
pub(crate) fn missing_column(
    file: &Path,
    row: Option<usize>,
    name: &str,
    available: &[String],
) -> Error {
    const SHOWN: usize = 40;
    if available.iter().any(|h| looks_like_data(h)) {
        return Error::input(
            file,
            row,
            None,
            format!(
                "column '{name}' not found, and the first row looks like data (values such as \
                 addresses, numbers or sentences), not a header; the file needs a header row \
                 naming its columns"
            ),
        );
    }
    let mut list: Vec<&str> = available
        .iter()
        .filter(|h| !h.is_empty())
        .map(String::as_str)
        .take(SHOWN)
        .collect();
    let named = available.iter().filter(|h| !h.is_empty()).count();
    let more;
    if named > SHOWN {
        more = format!("… ({} more)", named - SHOWN);
        list.push(&more);
    }
    let available = if list.is_empty() {
        "(none)".to_owned()
    } else {
        list.join(", ")
    };
    Error::input(
        file,
        row,
        None,
        format!("column '{name}' not found; available: {available}"),
    )
}

/// A header cell that reads like a value: an address, a number or date, a sentence.
fn looks_like_data(cell: &str) -> bool {
    cell.contains('@')
        || cell.contains("://")
        || cell.chars().filter(char::is_ascii_digit).count() >= 4
        || cell.chars().count() > 60
        || cell.split_whitespace().count() > 6
}

/// The longest id accepted, in characters and in words: longer values are free text (a
/// comment, a name and address) that must not become an identifier in every output.
const MAX_ID_CHARS: usize = 64;
const MAX_ID_WORDS: usize = 3;

/// Collects records, enforcing the rules every format shares: field size limit, non-empty and
/// unique ids (the row number is the id when no id column is configured).
pub(crate) struct Collector<'a> {
    file: &'a Path,
    text_column: &'a str,
    id_column: Option<&'a str>,
    meta_columns: &'a [String],
    first_row_of_id: HashMap<String, usize>,
    records: Vec<Record>,
}

impl<'a> Collector<'a> {
    pub fn new(
        file: &'a Path,
        text_column: &'a str,
        id_column: Option<&'a str>,
        meta_columns: &'a [String],
    ) -> Self {
        Collector {
            file,
            text_column,
            id_column,
            meta_columns,
            first_row_of_id: HashMap::new(),
            records: Vec::new(),
        }
    }

    /// Adds one record. `id` is the id column's value (`None` when no id column is configured,
    /// then the row number is used); `meta` is aligned with the metadata columns.
    pub fn push(
        &mut self,
        row: usize,
        id: Option<String>,
        text: String,
        meta: Vec<String>,
    ) -> Result<()> {
        self.check_size(row, self.text_column, &text)?;
        for (value, name) in meta.iter().zip(self.meta_columns) {
            self.check_size(row, name, value)?;
        }
        let id = match (id, self.id_column) {
            (Some(raw), Some(col)) => {
                self.check_size(row, col, &raw)?;
                let id = raw.trim();
                if id.is_empty() {
                    return Err(Error::input(
                        self.file,
                        Some(row),
                        Some(col),
                        "empty id; every row needs an id when input.id_column is set",
                    ));
                }
                if id.chars().count() > MAX_ID_CHARS || id.split_whitespace().count() > MAX_ID_WORDS
                {
                    return Err(Error::input(
                        self.file,
                        Some(row),
                        Some(col),
                        format!(
                            "this looks like free text, not an id (over {MAX_ID_CHARS} characters \
                             or {MAX_ID_WORDS} words); ids reach every output unredacted, so \
                             input.id_column must name a column of short identifiers, or be left \
                             out to number the rows"
                        ),
                    ));
                }
                if let Some(&first) = self.first_row_of_id.get(id) {
                    return Err(Error::input(
                        self.file,
                        Some(row),
                        Some(col),
                        // The value is not quoted: an id column may hold personal data.
                        format!("duplicate id: rows {first} and {row} have the same id; ids must be unique"),
                    ));
                }
                self.first_row_of_id.insert(id.to_owned(), row);
                id.to_owned()
            }
            _ => row.to_string(),
        };
        self.records.push(Record {
            row,
            id,
            text,
            meta,
        });
        Ok(())
    }

    fn check_size(&self, row: usize, column: &str, value: &str) -> Result<()> {
        check_field_size(self.file, row, column, value)
    }

    pub fn finish(self) -> Vec<Record> {
        self.records
    }
}

/// Helpers shared by the per-format tests.
#[cfg(test)]
pub(crate) mod testutil {
    use crate::ingest::config::InputConfig;
    use crate::record::Record;
    use std::path::{Path, PathBuf};

    /// The record a reader is expected to produce.
    pub fn rec(row: usize, id: &str, text: &str, meta: &[&str]) -> Record {
        Record {
            row,
            id: id.to_owned(),
            text: text.to_owned(),
            meta: meta.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn config(
        path: PathBuf,
        text: Option<&str>,
        id: Option<&str>,
        meta: &[&str],
    ) -> InputConfig {
        InputConfig {
            path,
            format: None,
            text_column: text.map(str::to_owned),
            id_column: id.map(str::to_owned),
            metadata_columns: meta.iter().map(|s| (*s).to_owned()).collect(),
            respondent_column: None,
            sheet: None,
            delimiter: None,
            quoting: true,
            encoding: "auto".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;

    #[test]
    fn read_dispatches_and_fills_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "d.csv", b"id,text,channel\na1,hello,web\n");
        let ds = read(
            &config(path.clone(), Some("text"), Some("id"), &["channel"]),
            Format::Csv,
            &Default::default(),
        )
        .unwrap();
        assert_eq!(ds.source, path);
        assert_eq!(ds.format, Format::Csv);
        assert_eq!(ds.encoding, "UTF-8");
        assert_eq!(ds.meta_columns, vec!["channel".to_owned()]);
        assert_eq!(
            ds.records,
            vec![Record {
                row: 2,
                id: "a1".into(),
                text: "hello".into(),
                meta: vec!["web".into()]
            }]
        );
    }

    #[test]
    fn missing_file_is_input_error() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path().join("nope.csv"), Some("t"), None, &[]);
        let err = read(&cfg, Format::Csv, &Default::default()).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Input);
        assert!(err.to_string().contains("nope.csv"), "{err}");
    }

    #[test]
    fn missing_text_column_config_is_config_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "d.csv", b"a,b\n1,2\n");
        let err = read(
            &config(path, None, None, &[]),
            Format::Csv,
            &Default::default(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Config);
        assert_eq!(err.to_string(), "input.text_column: required for csv input");
    }

    #[test]
    fn missing_column_lists_available() {
        let header: Vec<String> = ["response_id", "date", "", "comment"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let err = missing_column(Path::new("data.csv"), None, "comentario", &header);
        assert_eq!(
            err.to_string(),
            "data.csv: column 'comentario' not found; available: response_id, date, comment"
        );
    }

    #[test]
    fn collector_rejects_huge_field() {
        let meta = vec!["m".to_owned()];
        let mut c = Collector::new(Path::new("f.csv"), "text", None, &meta);
        let big = "x".repeat(MAX_FIELD_BYTES + 1);
        let err = c.push(5, None, "ok".into(), vec![big]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("f.csv, row 5, column 'm': field is 1000001 bytes"),
            "{msg}"
        );
        assert!(c
            .push(6, None, "x".repeat(MAX_FIELD_BYTES), vec![String::new()])
            .is_ok());
    }

    #[test]
    fn collector_trims_ids_and_rejects_duplicates_after_trim() {
        let mut c = Collector::new(Path::new("f.csv"), "text", Some("id"), &[]);
        c.push(2, Some(" a ".into()), "t".into(), vec![]).unwrap();
        let err = c.push(3, Some("a".into()), "t".into(), vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv, row 3, column 'id': duplicate id: rows 2 and 3 have the same id; ids must be unique"
        );
        assert_eq!(c.finish()[0].id, "a");
    }
}
