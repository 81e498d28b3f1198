//! `report.xlsx`: the run's tables as one Excel workbook, a sheet per table.
//!
//! Each table sheet is made from its CSV sink's own output, so the workbook can never drift
//! from the CSV files: same columns, rows and small-cell suppression. Numbers become numeric
//! cells; text is stored as text with Excel's quote prefix, exactly as written (the CSV
//! neutralising `'` removed), so a comment such as `=HYPERLINK(…)` shows as text and never
//! becomes a formula, even when a user edits the cell.

use super::drivers;
use super::{
    frequencies, kpis, participants, priorities, themes, threads, trends, Output, RunOutput, Sink,
};
use crate::error::{Error, ErrorKind, Result};
use crate::figures::drivers::CAUTION;
use crate::figures::stats::RecordStatus;
use crate::outputs::restore as restore_cell;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Widest column, in characters; long text wraps.
const MAX_WIDTH: usize = 60;

pub struct ReportXlsx;

impl Sink for ReportXlsx {
    fn file_name(&self) -> &'static str {
        "report.xlsx"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let bytes = workbook(run)
            .and_then(|mut book| book.save_to_buffer())
            .map_err(xlsx_err)?;
        out.write_all(&bytes)
            .map_err(|e| Error::new(ErrorKind::Output, format!("writing report.xlsx: {e}")))
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::new(ErrorKind::Output, format!("writing report.xlsx: {e}"))
}

/// A cell of a CSV output: a number when it reads back exactly as one, otherwise its text.
#[derive(Debug, Clone, PartialEq)]
enum Value<'a> {
    Number(f64),
    Text(&'a str),
}

fn value(cell: &str) -> Value<'_> {
    let looks_numeric = cell
        .strip_prefix('-')
        .unwrap_or(cell)
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.')
        && !cell.is_empty()
        // Keep codes like "007" as text.
        && !(cell.len() > 1 && cell.starts_with('0') && !cell.starts_with("0."));
    match cell.parse::<f64>() {
        Ok(x) if looks_numeric && x.is_finite() => Value::Number(x),
        _ => Value::Text(restore_cell(cell)),
    }
}

fn workbook(run: &RunOutput<'_>) -> std::result::Result<Workbook, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time keeps the file byte-identical between identical runs.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title(run))
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDCE6F0))
        .set_text_wrap();
    let text = Format::new().set_quote_prefix();
    let wrapped = Format::new().set_quote_prefix().set_text_wrap();
    summary(book.add_worksheet(), run, &header, &text)?;
    let tables: [(&str, Box<dyn Sink>); 9] = [
        ("Themes", Box::new(themes::Themes)),
        ("Frequencies", Box::new(frequencies::Frequencies)),
        ("KPIs", Box::new(kpis::Kpis)),
        ("Trends", Box::new(trends::Trends)),
        ("Drivers", Box::new(drivers::Drivers)),
        ("Priorities", Box::new(priorities::Priorities)),
        ("Participants", Box::new(participants::Participants)),
        ("Requests", Box::new(threads::ThreadSummary)),
        ("Threads", Box::new(threads::Threads)),
    ];
    for (name, sink) in tables.iter().filter(|(_, s)| s.wanted(run)) {
        let mut csv = std::io::Cursor::new(Vec::new());
        sink.write(run, &mut csv)
            .map_err(|e| rust_xlsxwriter::XlsxError::ParameterError(e.to_string()))?;
        let csv = csv.into_inner();
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_slice())
            .records()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| rust_xlsxwriter::XlsxError::ParameterError(e.to_string()))?;
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        table(sheet, &rows, &header, &text, &wrapped)?;
    }
    Ok(book)
}

fn title(run: &RunOutput<'_>) -> String {
    let config = &run.state.config;
    config
        .report
        .title
        .clone()
        .unwrap_or_else(|| config.name.clone())
}

fn table(
    sheet: &mut Worksheet,
    rows: &[csv::StringRecord],
    header: &Format,
    text: &Format,
    wrapped: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let Some((head, body)) = rows.split_first() else {
        return Ok(());
    };
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count().max(6)).collect();
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, header)?;
    }
    for (r, row) in body.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, col) = (r as u32 + 1, c as u16);
            match value(cell) {
                Value::Number(x) => {
                    sheet.write_number(r, col, x)?;
                }
                Value::Text("") => {}
                Value::Text(s) => {
                    let long = s.chars().count() > MAX_WIDTH;
                    sheet.write_string_with_format(r, col, s, if long { wrapped } else { text })?;
                }
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(cell.chars().count().min(MAX_WIDTH));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w as f64 + 2.0).min(MAX_WIDTH as f64))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, body.len() as u32, head.len().saturating_sub(1) as u16)?;
    Ok(())
}

/// The run at a glance: counts, each KPI overall, and the cautions that go with the tables.
fn summary(
    sheet: &mut Worksheet,
    run: &RunOutput<'_>,
    header: &Format,
    text: &Format,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name("Summary")?;
    let stats = run.stats;
    let state = run.state;
    let count = |want: &dyn Fn(&RecordStatus) -> bool| stats.count(want) as f64;
    let mut rows: Vec<(String, Value<'_>)> = vec![
        (
            "Rows read".into(),
            Value::Number(state.dataset.records.len() as f64),
        ),
        (
            "Coded".into(),
            Value::Number(count(&|s| *s == RecordStatus::Coded)),
        ),
        (
            "Uncoded".into(),
            Value::Number(count(&|s| *s == RecordStatus::Uncoded)),
        ),
        (
            "Skipped".into(),
            Value::Number(count(&|s| matches!(s, RecordStatus::Skipped(_)))),
        ),
        (
            "Segments".into(),
            Value::Number(state.segments.len() as f64),
        ),
        (
            "Themes".into(),
            Value::Number(state.themes.as_ref().map_or(0, |m| m.themes.len()) as f64),
        ),
    ];
    for k in stats.kpis.iter().filter(|k| k.scope == "all") {
        let name = k.kpi.name().to_uppercase();
        rows.push((
            format!("{name} (n = {})", k.n),
            Value::Number(k.estimate.value),
        ));
        rows.push((format!("{name} 95% low"), Value::Number(k.estimate.low)));
        rows.push((format!("{name} 95% high"), Value::Number(k.estimate.high)));
    }
    let suppression = format!(
        "Counts from 1 to {} are shown as <{} to protect small groups.",
        state.config.output.min_cell_count.saturating_sub(1),
        state.config.output.min_cell_count
    );
    rows.push(("Drivers".into(), Value::Text(CAUTION)));
    rows.push(("Small cells".into(), Value::Text(&suppression)));
    sheet.write_string_with_format(0, 0, title(run), header)?;
    sheet.write_string_with_format(0, 1, "", header)?;
    let two_dp = Format::new().set_num_format("0.00");
    for (i, (label, v)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string_with_format(r, 0, label, text)?;
        match v {
            Value::Number(x) if x.fract() == 0.0 => {
                sheet.write_number(r, 1, *x)?;
            }
            Value::Number(x) => {
                sheet.write_number_with_format(r, 1, *x, &two_dp)?;
            }
            Value::Text(s) => {
                sheet.write_string_with_format(r, 1, *s, text)?;
            }
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 100)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_numbers_or_exact_text() {
        assert_eq!(value("-0.25"), Value::Number(-0.25));
        assert_eq!(value("17"), Value::Number(17.0));
        assert_eq!(value("0.5"), Value::Number(0.5));
        assert_eq!(value("007"), Value::Text("007"));
        assert_eq!(value("<5"), Value::Text("<5"));
        assert_eq!(value("2026-03"), Value::Text("2026-03"));
        assert_eq!(value("inf"), Value::Text("inf"));
        // The CSV's neutralising quote is removed; the quote-prefix format keeps it text.
        assert_eq!(
            value("'=HYPERLINK(\"x\")"),
            Value::Text("=HYPERLINK(\"x\")")
        );
        assert_eq!(value("'- the app"), Value::Text("- the app"));
    }
}
