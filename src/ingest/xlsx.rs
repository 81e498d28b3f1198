//! XLSX workbooks (via calamine). The sheet is `input.sheet` or the first sheet; the header is
//! the first non-empty row. Row numbers are the spreadsheet's (1-based, as Excel shows them).
//! Fully empty rows are skipped (they keep their place in the numbering), so empty trailing
//! rows of a formatted range do not become records.
//!
//! Cells become strings: integers without ".0", other numbers in their shortest exact decimal
//! form, booleans as `TRUE`/`FALSE` (as Excel shows them), dates as `yyyy-mm-dd`, date-times as
//! `yyyy-mm-ddThh:mm:ss`, times as `hh:mm:ss`, errors as Excel writes them (`#N/A`), empty as "".

use super::{clean_header, select_columns, text_column, Collector};
use crate::error::{Error, Result};
use crate::ingest::config::InputConfig;
use crate::record::{Format, Record};
use calamine::{open_workbook, Data, ExcelDateTime, Reader, Xlsx};

/// Reads the configured sheet of an XLSX workbook.
pub fn read(config: &InputConfig) -> Result<Vec<Record>> {
    let file = config.path.as_path();
    let mut workbook: Xlsx<_> = open_workbook(file)
        .map_err(|e| Error::input(file, None, None, format!("cannot open the workbook: {e}")))?;
    let names = workbook.sheet_names();
    let sheet = match &config.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                Error::input(
                    file,
                    None,
                    None,
                    format!("sheet '{wanted}' not found; sheets: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::input(file, None, None, "the workbook has no sheets"))?,
    };
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        Error::input(
            file,
            None,
            None,
            format!("cannot read sheet '{sheet}': {e}"),
        )
    })?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);

    // (spreadsheet row number, cells) of the non-empty rows.
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells))
        .filter(|(_, cells)| cells.iter().any(|c| !matches!(c, Data::Empty)));

    let Some((header_row, header_cells)) = rows.next() else {
        return Err(Error::input(
            file,
            None,
            None,
            format!("sheet '{sheet}' is empty; a header row is required"),
        ));
    };
    let raw: Vec<String> = header_cells.iter().map(cell_to_string).collect();
    let header = clean_header(file, header_row, &raw)?;
    let sel = select_columns(file, &header, config, Format::Xlsx)?;

    let mut out = Collector::new(
        file,
        text_column(config, Format::Xlsx)?,
        config.id_column.as_deref(),
        &config.metadata_columns,
    );
    for (row, cells) in rows {
        let get = |i: usize| cells.get(i).map(cell_to_string).unwrap_or_default();
        out.push(
            row,
            sel.id.map(get),
            get(sel.text),
            sel.meta.iter().map(|&i| get(i)).collect(),
        )?;
    }
    Ok(out.finish())
}

/// A cell as text; see the module documentation.
pub fn cell_to_string(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_to_string(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => datetime_to_string(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn float_to_string(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn datetime_to_string(dt: &ExcelDateTime) -> String {
    let value = dt.as_f64();
    if dt.is_duration() {
        let total = (value * 86_400.0).round() as i64;
        let sign = if total < 0 { "-" } else { "" };
        let t = total.abs();
        return format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    let has_time = (h, mi, s) != (0, 0, 0);
    if (0.0..1.0).contains(&value) && has_time {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if has_time {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::testutil::{config, rec};
    use rust_xlsxwriter::{ExcelDateTime as XDate, Format as XFormat, Workbook};
    use std::path::{Path, PathBuf};

    /// Workbook with a decoy first sheet and a "Responses" sheet:
    /// row 1 blank, header on row 2, a blank row 5, trailing formatted-but-empty row 8.
    fn workbook(dir: &Path) -> PathBuf {
        let path = dir.join("survey.xlsx");
        let mut wb = Workbook::new();
        let first = wb.add_worksheet();
        first.set_name("Notes").unwrap();
        first.write_string(0, 0, "not the data").unwrap();

        let ws = wb.add_worksheet();
        ws.set_name("Responses").unwrap();
        let date = XFormat::new().set_num_format("yyyy-mm-dd");
        let datetime = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
        for (c, h) in [" id", "score", "ratio", "ok", "when", "comment "]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        ws.write_number(2, 0, 101).unwrap();
        ws.write_number(2, 1, 9).unwrap();
        ws.write_number(2, 2, 0.25).unwrap();
        ws.write_boolean(2, 3, true).unwrap();
        ws.write_datetime_with_format(2, 4, XDate::from_ymd(2026, 1, 5).unwrap(), &date)
            .unwrap();
        ws.write_string(2, 5, "Great service").unwrap();

        ws.write_string(3, 0, "A-2").unwrap();
        ws.write_number(3, 1, -3.5).unwrap();
        ws.write_boolean(3, 3, false).unwrap();
        let dt = XDate::from_ymd(2026, 2, 1)
            .unwrap()
            .and_hms(14, 30, 0)
            .unwrap();
        ws.write_datetime_with_format(3, 4, dt, &datetime).unwrap();
        // comment left empty: kept with empty text.

        // row index 4 (spreadsheet row 5) fully blank.
        ws.write_number(5, 0, 103).unwrap();
        ws.write_string(5, 5, "Line one\nline two").unwrap();
        ws.write_string(6, 0, "104").unwrap();
        ws.write_string(6, 5, "   ").unwrap();
        ws.write_blank(7, 5, &date).unwrap();
        wb.save(&path).unwrap();
        path
    }

    #[test]
    fn named_sheet_with_typed_cells() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = config(
            workbook(dir.path()),
            Some("comment"),
            Some("id"),
            &["score", "ratio", "ok", "when"],
        );
        cfg.sheet = Some("Responses".into());
        let recs = read(&cfg).unwrap();
        assert_eq!(
            recs,
            vec![
                rec(
                    3,
                    "101",
                    "Great service",
                    &["9", "0.25", "TRUE", "2026-01-05"]
                ),
                rec(4, "A-2", "", &["-3.5", "", "FALSE", "2026-02-01T14:30:00"]),
                rec(6, "103", "Line one\nline two", &["", "", "", ""]),
                rec(7, "104", "   ", &["", "", "", ""]),
            ]
        );
    }

    #[test]
    fn default_sheet_is_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(workbook(dir.path()), Some("not the data"), None, &[]);
        assert_eq!(read(&cfg).unwrap(), Vec::<Record>::new());
        let cfg = config(workbook(dir.path()), Some("comment"), None, &[]);
        let err = read(&cfg).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("survey.xlsx: column 'comment' not found; available: not the data"),
            "{err}"
        );
    }

    #[test]
    fn unknown_sheet_lists_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = config(workbook(dir.path()), Some("comment"), None, &[]);
        cfg.sheet = Some("Sheet1".into());
        let err = read(&cfg).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("survey.xlsx: sheet 'Sheet1' not found; sheets: Notes, Responses"),
            "{err}"
        );
    }

    #[test]
    fn without_id_uses_spreadsheet_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = config(workbook(dir.path()), Some("comment"), None, &[]);
        cfg.sheet = Some("Responses".into());
        let ids: Vec<String> = read(&cfg).unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, vec!["3", "4", "6", "7"]);
    }

    #[test]
    fn duplicate_id_in_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dup.xlsx");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "id").unwrap();
        ws.write_string(0, 1, "text").unwrap();
        ws.write_number(1, 0, 1).unwrap();
        ws.write_number(2, 0, 2).unwrap();
        ws.write_string(3, 0, "1").unwrap();
        wb.save(&path).unwrap();
        let err = read(&config(path, Some("text"), Some("id"), &[])).unwrap_err();
        assert!(err.to_string().ends_with("dup.xlsx, row 4, column 'id': duplicate id: rows 2 and 4 have the same id; ids must be unique"), "{err}");
    }

    #[test]
    fn not_a_workbook_is_input_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::ingest::testutil::write(dir.path(), "bad.xlsx", b"id,text\n");
        let err = read(&config(path, Some("text"), None, &[])).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Input);
        assert!(
            err.to_string()
                .contains("bad.xlsx: cannot open the workbook"),
            "{err}"
        );
    }

    #[test]
    fn cell_conversion() {
        assert_eq!(cell_to_string(&Data::Float(3.0)), "3");
        assert_eq!(cell_to_string(&Data::Float(0.1)), "0.1");
        assert_eq!(cell_to_string(&Data::Float(1e20)), "100000000000000000000");
        assert_eq!(cell_to_string(&Data::Int(-7)), "-7");
        assert_eq!(
            cell_to_string(&Data::Error(calamine::CellErrorType::NA)),
            "#N/A"
        );
        let time = ExcelDateTime::new(0.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_to_string(&Data::DateTime(time)), "12:00:00");
        let dur = ExcelDateTime::new(1.5, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_to_string(&Data::DateTime(dur)), "36:00:00");
    }
}
