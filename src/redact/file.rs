//! Stand-alone redaction of a delimited export or of text lines (`verbatim redact`), so a
//! team can anonymise a file before sharing it. Columns not named pass through untouched.

use super::Redactor;
use crate::error::{Error, ErrorKind, Result};
use crate::ingest::config::InputConfig;
use crate::ingest::{self, delimited};
use crate::redact::config::RedactConfig;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// Rows searched for personal data at a time (in parallel within a chunk).
const CHUNK: usize = 4096;

/// What a stand-alone redaction did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub rows: usize,
    pub rows_with_pii: usize,
    /// Redacted values per entity kind name.
    pub by_type: BTreeMap<String, usize>,
}

impl FileSummary {
    fn add(&mut self, redactor: &Redactor, changes: &[super::Change]) -> usize {
        for (kind, n) in redactor.tally(changes) {
            *self.by_type.entry(kind).or_default() += n;
        }
        changes.len()
    }
}

/// Redacts `columns` of a CSV/TSV file (delimiter sniffed, encoding detected), writing a file
/// with the same header, delimiter and row order to `out`. Without `quoting`, a quote is only
/// a character, in the input and in the output.
/// What `verbatim redact` is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    pub config: &'a RedactConfig,
    /// A CSV or TSV file; `None` reads text lines from standard input.
    pub input: Option<&'a Path>,
    /// The columns of `input` to redact (at least one).
    pub columns: &'a [String],
    /// Whether `input` wraps fields in quotes.
    pub quoting: bool,
    /// The file to write (atomically); `None` writes standard output.
    pub out: Option<&'a Path>,
    /// Whether an existing `out` may be replaced (never when it is the input).
    pub overwrite: bool,
}

/// `verbatim redact`: redacts `job.input` (or standard input) into `job.out` (or standard
/// output) and says how much it found.
pub fn run(job: Job<'_>) -> Result<FileSummary> {
    let mut redactor = Redactor::new(job.config)?;
    if let Some(out) = job.out {
        crate::outputs::check_new_file(out, job.input.as_slice(), job.overwrite)?;
    }
    let Some(input) = job.input else {
        let stdin = std::io::stdin().lock();
        return match job.out {
            Some(out) => crate::outputs::write_file(out, |w| redact_lines(&mut redactor, stdin, w)),
            None => redact_lines(&mut redactor, stdin, std::io::stdout().lock()),
        };
    };
    if job.columns.is_empty() {
        return Err(Error::config("--column is required with --input"));
    }
    match crate::record::Format::from_path(input) {
        None | Some(crate::record::Format::Csv | crate::record::Format::Tsv) => {}
        Some(other) => {
            return Err(Error::config(format!(
                "{}: verbatim redact --input reads CSV and TSV files, not {}; other formats \
                 are redacted by a pipeline with a [redact] section",
                input.display(),
                other.name()
            )))
        }
    }
    let (columns, quoting) = (job.columns, job.quoting);
    match job.out {
        Some(out) => crate::outputs::write_file(out, |w| {
            redact_delimited(&mut redactor, input, columns, quoting, w)
        }),
        None => redact_delimited(
            &mut redactor,
            input,
            columns,
            quoting,
            &mut std::io::stdout().lock(),
        ),
    }
}

pub fn redact_delimited(
    redactor: &mut Redactor,
    input: &Path,
    columns: &[String],
    quoting: bool,
    out: &mut dyn Write,
) -> Result<FileSummary> {
    let config = InputConfig {
        path: input.to_path_buf(),
        format: None,
        text_column: None,
        id_column: None,
        metadata_columns: Vec::new(),
        respondent_column: None,
        sheet: None,
        delimiter: None,
        quoting,
        encoding: "auto".to_owned(),
    };
    let (text, _) = ingest::read_text(&config)?;
    let delimiter = delimited::sniff_delimiter(&text, quoting);
    let mut reader = delimited::reader(delimiter, quoting, &text);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if quoting {
            csv::QuoteStyle::Necessary
        } else {
            csv::QuoteStyle::Never
        })
        .from_writer(out);
    let write_err = |e: csv::Error| Error::new(ErrorKind::Output, format!("writing CSV: {e}"));
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(Error::input(
                input,
                Some(1),
                None,
                delimited::csv_message(&e),
            ))
        }
        None => {
            return Err(Error::input(
                input,
                None,
                None,
                "file is empty; a header row is required",
            ))
        }
    };
    let raw: Vec<String> = header.iter().map(str::to_owned).collect();
    let names = ingest::clean_header(input, 1, &raw)?;
    let mut targets = Vec::new();
    for col in columns {
        match names.iter().position(|n| n == col) {
            Some(i) => targets.push(i),
            None => return Err(ingest::missing_column(input, Some(1), col, &names)),
        }
    }
    if let Some((row, field)) = delimited::broken_quote(&text, delimiter, quoting, names.len()) {
        return Err(delimited::unclosed_quote_error(
            input,
            row,
            names.get(field),
            "pass --no-quoting",
        ));
    }
    writer.write_record(&header).map_err(write_err)?;
    let mut summary = FileSummary::default();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = rows.enumerate().peekable();
    while rows.peek().is_some() {
        // A chunk of rows is searched in parallel, then replaced and written in order.
        let mut chunk: Vec<Vec<String>> = Vec::with_capacity(CHUNK);
        for (i, row) in rows.by_ref().take(CHUNK) {
            let row_no = i + 2;
            let row = row
                .map_err(|e| Error::input(input, Some(row_no), None, delimited::csv_message(&e)))?;
            delimited::check_width(input, row_no, names.len(), row.len())?;
            for &t in &targets {
                ingest::check_field_size(input, row_no, &names[t], &row[t])?;
            }
            chunk.push(row.iter().map(str::to_owned).collect());
        }
        let cells: Vec<&str> = chunk
            .iter()
            .flat_map(|fields| targets.iter().map(|&t| fields[t].as_str()))
            .collect();
        let mut detections = redactor.detect_all(&cells, threads).into_iter();
        drop(cells);
        for mut fields in chunk {
            let mut found = 0;
            for &t in &targets {
                let redacted = redactor.apply(&fields[t], detections.next().unwrap_or_default());
                found += summary.add(redactor, &redacted.changes);
                fields[t] = redacted.text;
            }
            summary.rows += 1;
            summary.rows_with_pii += usize::from(found > 0);
            writer.write_record(&fields).map_err(write_err)?;
        }
    }
    writer.flush().map_err(|e| write_err(e.into()))?;
    Ok(summary)
}

/// Redacts text line by line (stdin → stdout).
pub fn redact_lines(
    redactor: &mut Redactor,
    input: impl BufRead,
    mut out: impl Write,
) -> Result<FileSummary> {
    let mut summary = FileSummary::default();
    let io =
        |e: std::io::Error| Error::new(ErrorKind::Io, format!("redacting standard input: {e}"));
    for (i, line) in input.split(b'\n').enumerate() {
        let bytes = line.map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::input(Path::new("<stdin>"), Some(i + 1), None, "not valid UTF-8")
        })?;
        let redacted = redactor.redact(&text);
        let found = summary.add(redactor, &redacted.changes);
        summary.rows += 1;
        summary.rows_with_pii += usize::from(found > 0);
        out.write_all(redacted.text.as_bytes()).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(summary)
}
