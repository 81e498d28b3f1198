//! CSV output that spreadsheets cannot execute.
//!
//! A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is read as a formula by
//! Excel, LibreOffice and Google Sheets, so a comment like `=HYPERLINK(...)` would run when an
//! analyst opens `coded.csv` (OWASP, "CSV Injection"). Such cells get a leading `'`, which the
//! spreadsheet shows as text and hides, so nothing of the text is lost. Plain numbers such as
//! `-0.25` are left alone: they are data, not formulas.

use crate::error::{Error, ErrorKind, Result};
use std::io::Write;

/// A CSV writer (header row, RFC 4180 quoting) that neutralises formula-like cells.
pub(crate) struct SafeCsv<'a> {
    inner: csv::Writer<&'a mut dyn Write>,
}

impl<'a> SafeCsv<'a> {
    pub(crate) fn new(out: &'a mut dyn Write) -> SafeCsv<'a> {
        SafeCsv {
            inner: csv::WriterBuilder::new().from_writer(out),
        }
    }

    pub(crate) fn write_record<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = record.into_iter().map(|c| neutralise(c.as_ref())).collect();
        self.inner.write_record(&cells).map_err(csv_err)
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.inner.flush().map_err(|e| csv_err(e.into()))
    }
}

/// The cell as written: prefixed with `'` when a spreadsheet would treat it as a formula, or
/// when it already starts with `'` before such text (so [`restore`] is exact for every cell).
pub(crate) fn neutralise(cell: &str) -> String {
    if needs_prefix(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn needs_prefix(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => cell.parse::<f64>().is_err(),
        Some('\'') => needs_prefix(&cell[1..]),
        _ => false,
    }
}

/// The original text of a cell read back from a CSV output: undoes [`neutralise`].
pub(crate) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}

fn csv_err(e: csv::Error) -> Error {
    Error::new(ErrorKind::Output, format!("writing CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_and_text_kept() {
        assert_eq!(neutralise("=1+2"), "'=1+2");
        assert_eq!(neutralise("+44 is my code"), "'+44 is my code");
        assert_eq!(neutralise("- the app crashed"), "'- the app crashed");
        assert_eq!(
            neutralise("@freshbasket_help thanks"),
            "'@freshbasket_help thanks"
        );
        assert_eq!(neutralise("\t=cmd"), "'\t=cmd");
        assert_eq!(neutralise("-0.2500"), "-0.2500");
        assert_eq!(neutralise("great = good"), "great = good");
        assert_eq!(neutralise(""), "");
        for text in [
            "=1+2",
            "-0.25",
            "- x",
            "'quoted'",
            "'=already",
            "''-x",
            "@h",
            "",
            "a",
        ] {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
    }

    #[test]
    fn records_are_written_with_quoting() {
        let mut buf = Vec::new();
        let mut w = SafeCsv::new(&mut buf);
        w.write_record(["a", "=SUM(A1)", "x, y"]).unwrap();
        w.finish().unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "a,'=SUM(A1),\"x, y\"\n");
    }
}
