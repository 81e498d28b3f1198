//! CSV and TSV (RFC 4180 quoting: quoted fields may hold delimiters, newlines and doubled
//! quotes). A header row is required.
//!
//! Row numbers: the header is row 1, the first data record is row 2. `row` is the record's
//! ordinal, so a record with a multi-line quoted field is still one row (the next record is
//! the next row number, whatever physical line it starts on). Blank lines are skipped by the
//! parser and are not counted.
//!
//! Delimiter: `input.delimiter` when set; tab for TSV; otherwise sniffed from the header (see
//! [`sniff_delimiter`]). Every record must have as many fields as the header.

use super::{clean_header, select_columns, text_column, Collector};
use crate::error::{Error, Result};
use crate::ingest::config::InputConfig;
use crate::record::{Format, Record};
use csv::{ReaderBuilder, StringRecord};
use std::path::Path;

/// Delimiters tried when sniffing, in order of preference on ties.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Number of records after the header used to confirm a sniffed delimiter.
const SNIFF_LINES: usize = 10;

/// Reads a CSV/TSV file; returns the encoding name and the records.
pub fn read(config: &InputConfig, format: Format) -> Result<(String, Vec<Record>)> {
    let file = config.path.as_path();
    let (text, encoding) = super::read_text(config)?;
    let delimiter =
        match config.delimiter {
            Some(c) if c.is_ascii() && c != '"' && c != '\n' && c != '\r' => c as u8,
            Some(_) => return Err(Error::config(
                "input.delimiter: must be a single ASCII character other than a quote or newline",
            )),
            None if format == Format::Tsv => b'\t',
            None => sniff_delimiter(&text, config.quoting),
        };

    let mut reader = reader(delimiter, config.quoting, &text);
    let mut rows = reader.records();
    let raw_header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(Error::input(file, Some(1), None, csv_message(&e))),
        None => {
            return Err(Error::input(
                file,
                None,
                None,
                "file is empty; a header row is required",
            ))
        }
    };
    let raw_header: Vec<String> = raw_header.iter().map(str::to_owned).collect();
    let header = clean_header(file, 1, &raw_header)?;
    let sel = select_columns(file, &header, config, format)?;

    if let Some((row, field)) = broken_quote(&text, delimiter, config.quoting, header.len()) {
        return Err(unclosed_quote_error(
            file,
            row,
            header.get(field),
            "set input.quoting = false (or pass run --no-quoting)",
        ));
    }
    let text_col = text_column(config, format)?;
    let mut out = Collector::new(
        file,
        text_col,
        config.id_column.as_deref(),
        &config.metadata_columns,
    );
    for (i, rec) in rows.enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| Error::input(file, Some(row), None, csv_message(&e)))?;
        check_width(file, row, header.len(), rec.len())?;
        let get = |i: usize| rec.get(i).unwrap_or_default().to_owned();
        out.push(
            row,
            sel.id.map(get),
            get(sel.text),
            sel.meta.iter().map(|&i| get(i)).collect(),
        )?;
    }
    Ok((encoding, out.finish()))
}

/// A reader of delimited `text`; `quoting` as `input.quoting` says.
pub(crate) fn reader(delimiter: u8, quoting: bool, text: &str) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(quoting)
        .from_reader(text.as_bytes())
}

/// Where a quote opens that breaks the rows: (row, field index). A quote that never closes
/// makes the parser read the rest of the file into one field; one closed only by a later row's
/// quote swallows the rows in between. Both merge rows silently, so this is checked before any
/// row is taken: a quote left open at the end of the file, or a quoted field running on over
/// lines that look like rows of their own (see [`Swallowed`]). Rows count as the parser counts
/// them (the header is row 1; blank lines are not rows); a quote only opens a field at the
/// field's start.
pub(crate) fn broken_quote(
    text: &str,
    delimiter: u8,
    quoting: bool,
    width: usize,
) -> Option<(usize, usize)> {
    if !quoting {
        return None;
    }
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside a quoted field: closes it, or starts a doubled quote.
        QuoteInQuoted,
    }
    let bytes = text.as_bytes();
    // The first data line's field shapes: what a swallowed row would look like.
    let first_row = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map(|at| shapes(line_at(bytes, at + 1), delimiter));
    let mut swallowed = first_row
        .as_deref()
        .and_then(|first| Swallowed::new(first, delimiter, width));
    let (mut state, mut row, mut field, mut content) = (State::FieldStart, 1, 0, false);
    let (mut opened, mut row_start) = ((0, 0), 0);
    for (at, &b) in bytes.iter().enumerate() {
        match state {
            State::Quoted => {
                if b == b'"' {
                    state = State::QuoteInQuoted;
                } else if b == b'\n'
                    && swallowed
                        .as_mut()
                        .is_some_and(|s| s.line(line_at(bytes, at + 1)))
                {
                    return Some(opened);
                }
                continue;
            }
            State::QuoteInQuoted if b == b'"' => {
                state = State::Quoted;
                continue;
            }
            _ => {}
        }
        if b == delimiter {
            (field, state, content) = (field + 1, State::FieldStart, true);
        } else if b == b'\n' || b == b'\r' {
            row += usize::from(content);
            (field, state, content, row_start) = (0, State::FieldStart, false, at + 1);
        } else if state == State::FieldStart && b == b'"' {
            (state, content, opened) = (State::Quoted, true, (row, field));
            if let Some(s) = swallowed.as_mut() {
                s.open(line_at(bytes, row_start));
            }
        } else {
            (state, content) = (State::Unquoted, true);
        }
    }
    (state == State::Quoted).then_some(opened)
}

/// Columns from which one line inside a quoted field that looks like a row is enough.
pub(crate) const MIN_WIDTH_FOR_LINE_CHECK: usize = 5;

/// Tells lines of a quoted field that are rows it swallowed from lines of a comment written
/// over several lines. A line looks like a row when it has a row's worth of delimiters
/// (`width` − 1; the last field may open a quote) and its fields but the last have the shapes
/// of the first data row's (empty, number, word, text): prose that happens to hold as many
/// commas does not take the shapes of ids, dates and codes.
///
/// With at least [`MIN_WIDTH_FOR_LINE_CHECK`] columns, one such line (4 in 5 shapes alike) is
/// enough. Narrower files leave less to compare (a numbered list in a comment reads `2, slow`),
/// so there the first field must be an id-like number or word with every shape alike, and
/// either two such lines follow each other, numbers rising from the row the quote opened in,
/// or one carries the very next number.
struct Swallowed<'a> {
    first_row: &'a [Shape],
    delimiter: u8,
    width: usize,
    /// Row-like lines in a row inside the current quoted field.
    run: usize,
    /// The first field's number in the last row seen: the quote's row, then each swallowed one.
    last_number: Option<u64>,
}

impl<'a> Swallowed<'a> {
    fn new(first_row: &'a [Shape], delimiter: u8, width: usize) -> Option<Self> {
        let id_like = matches!(first_row.first(), Some(Shape::Number | Shape::Word));
        (width >= 2 && first_row.len() == width && (width >= MIN_WIDTH_FOR_LINE_CHECK || id_like))
            .then_some(Swallowed {
                first_row,
                delimiter,
                width,
                run: 0,
                last_number: None,
            })
    }

    /// A quote opens a field on `line`.
    fn open(&mut self, line: &[u8]) {
        self.run = 0;
        self.last_number = self.number(line);
    }

    /// Whether `line`, inside the quoted field, shows that the field swallowed rows.
    fn line(&mut self, line: &[u8]) -> bool {
        let fields = shapes(line, self.delimiter);
        if fields.len() != self.width {
            self.run = 0;
            return false;
        }
        let same = fields[..self.width - 1]
            .iter()
            .zip(&self.first_row[..self.width - 1])
            .filter(|(a, b)| a == b)
            .count();
        if self.width >= MIN_WIDTH_FOR_LINE_CHECK {
            return same * 5 >= (self.width - 1) * 4;
        }
        let number = self.number(line);
        let rising = match (self.last_number, number) {
            (Some(before), Some(now)) => now > before,
            _ => true,
        };
        // The very next id on its own is enough: a comment rarely goes on with it.
        let next_id = matches!((self.last_number, number), (Some(b), Some(n)) if n == b + 1);
        if same == self.width - 1 && next_id {
            return true;
        }
        if same == self.width - 1 && rising {
            self.run += 1;
            self.last_number = number;
        } else {
            self.run = 0;
        }
        self.run >= 2
    }

    /// The line's first field as a whole number, if it is one.
    fn number(&self, line: &[u8]) -> Option<u64> {
        let end = line
            .iter()
            .position(|&b| b == self.delimiter)
            .unwrap_or(line.len());
        std::str::from_utf8(line[..end].trim_ascii())
            .ok()?
            .trim_matches('"')
            .parse()
            .ok()
    }
}

/// What a field looks like, for comparing rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Empty,
    /// Digits and number or date punctuation.
    Number,
    /// One word, no spaces (a code, an id, a name).
    Word,
    /// Several words.
    Text,
}

/// The shapes of a line's fields, split at delimiters outside quotes.
fn shapes(line: &[u8], delimiter: u8) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, &b) in line.iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            out.push(shape(&line[start..i]));
            start = i + 1;
        }
    }
    out.push(shape(&line[start..]));
    out
}

fn shape(field: &[u8]) -> Shape {
    let field = field.trim_ascii();
    let field = field.strip_prefix(b"\"").unwrap_or(field);
    if field.is_empty() {
        Shape::Empty
    } else if field
        .iter()
        .all(|b| b.is_ascii_digit() || b"-+.,:/ ".contains(b))
    {
        Shape::Number
    } else if !field.contains(&b' ') {
        Shape::Word
    } else {
        Shape::Text
    }
}

/// The physical line starting at `start` (without its line break).
fn line_at(bytes: &[u8], start: usize) -> &[u8] {
    let rest = &bytes[start.min(bytes.len())..];
    let end = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// `no_quoting` says how to read a file that never wraps fields in quotes (the config key
/// or the flag of the command that read it).
pub(crate) fn unclosed_quote_error(
    file: &Path,
    row: usize,
    column: Option<&String>,
    no_quoting: &str,
) -> Error {
    Error::input(
        file,
        Some(row),
        column.map(String::as_str),
        format!(
            "a quote opens this field and is not closed before the next rows, so they would be \
             read into it; close the quote, or double it (\"\") where a quote character is \
             meant; if the file never wraps fields in quotes, {no_quoting}"
        ),
    )
}

/// A ragged row: a different number of fields than the header.
pub(crate) fn check_width(file: &Path, row: usize, expected: usize, found: usize) -> Result<()> {
    if expected != found {
        return Err(Error::input(
            file,
            Some(row),
            None,
            format!("expected {expected} fields as in the header, found {found}"),
        ));
    }
    Ok(())
}

/// csv errors (the input is valid UTF-8, so these are rare) without any field content.
pub(crate) fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8 in a field".to_owned(),
        _ => format!("cannot parse the record: {e}"),
    }
}

/// Picks the delimiter among [`CANDIDATES`] that splits the header into the most fields
/// (at least 2) with the next few records having the same number of fields. When no candidate
/// is consistent, the one giving the most header fields wins (so a ragged row is reported
/// against the right delimiter); a one-column file gets `,`.
pub fn sniff_delimiter(text: &str, quoting: bool) -> u8 {
    // (consistent, header fields) of the best candidate so far.
    let mut best: (u8, bool, usize) = (b',', false, 1);
    for &d in &CANDIDATES {
        let mut rdr = reader(d, quoting, text);
        let mut records = rdr.records();
        let Some(Ok(header)) = records.next() else {
            continue;
        };
        let fields = header.len();
        if fields < 2 {
            continue;
        }
        let consistent = records
            .take(SNIFF_LINES)
            .map_while(|r| r.ok())
            .all(|r: StringRecord| r.len() == fields);
        if (consistent, fields) > (best.1, best.2) {
            best = (d, consistent, fields);
        }
    }
    best.0
}

#[cfg(test)]
mod tests;
