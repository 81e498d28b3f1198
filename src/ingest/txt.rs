//! Plain text: one comment per line. The id and the row are the 1-based line number; the text is
//! the line without its line ending. An empty line is a record with empty text (later stages
//! mark it skipped); a final line ending does not start an extra record. There are no columns,
//! so `input.id_column` and `input.metadata_columns` are configuration errors.

use super::Collector;
use crate::error::{Error, Result};
use crate::ingest::config::InputConfig;
use crate::record::Record;

/// Name used for the text in errors (a text file has no header).
pub const TEXT_COLUMN: &str = "text";

/// Reads a text file; returns the encoding name and the records.
pub fn read(config: &InputConfig) -> Result<(String, Vec<Record>)> {
    if !config.metadata_columns.is_empty() {
        return Err(Error::config(
            "input.metadata_columns: txt input has no columns; remove the key or use csv/jsonl",
        ));
    }
    if config.id_column.is_some() {
        return Err(Error::config(
            "input.id_column: txt input has no columns; ids are line numbers",
        ));
    }
    let (text, encoding) = super::read_text(config)?;
    let body = text.strip_suffix('\n').unwrap_or(&text);
    let mut out = Collector::new(config.path.as_path(), TEXT_COLUMN, None, &[]);
    if !text.is_empty() {
        for (i, line) in body.split('\n').enumerate() {
            out.push(i + 1, None, line.to_owned(), Vec::new())?;
        }
    }
    Ok((encoding, out.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::testutil::{config, write};

    fn rec(row: usize, text: &str) -> Record {
        Record {
            row,
            id: row.to_string(),
            text: text.to_owned(),
            meta: Vec::new(),
        }
    }

    fn read_txt(bytes: &[u8]) -> Result<(String, Vec<Record>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "comments.txt", bytes);
        read(&config(path, None, None, &[]))
    }

    #[test]
    fn lines_are_records_and_trailing_newline_adds_none() {
        let (enc, recs) = read_txt(b"First comment\n\n   \r\nLast one\n").unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(
            recs,
            vec![
                rec(1, "First comment"),
                rec(2, ""),
                rec(3, "   "),
                rec(4, "Last one")
            ]
        );
    }

    #[test]
    fn no_trailing_newline_and_empty_file() {
        let (_, recs) = read_txt(b"a\nb").unwrap();
        assert_eq!(recs, vec![rec(1, "a"), rec(2, "b")]);
        assert_eq!(read_txt(b"").unwrap().1, Vec::<Record>::new());
        // A file holding just a line ending is one empty comment.
        assert_eq!(read_txt(b"\n").unwrap().1, vec![rec(1, "")]);
    }

    #[test]
    fn cp1252_text() {
        let (enc, recs) = read_txt(b"caf\xE9 \x80 it\x92s\r\n").unwrap();
        assert_eq!(enc, "windows-1252");
        assert_eq!(recs, vec![rec(1, "café € it’s")]);
    }

    #[test]
    fn metadata_columns_are_a_config_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "c.txt", b"x\n");
        let err = read(&config(path.clone(), None, None, &["region"])).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Config);
        assert!(
            err.to_string().starts_with("input.metadata_columns:"),
            "{err}"
        );
        let err = read(&config(path, None, Some("id"), &[])).unwrap_err();
        assert!(err.to_string().starts_with("input.id_column:"), "{err}");
    }
}
