//! One error type for the library, with a kind so callers (and the CLI's exit code) can tell
//! bad input from bad configuration from a broken installation.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, broadly. The CLI maps kinds to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The pipeline file or a command-line override is invalid.
    Config,
    /// An input file cannot be read as the configured format.
    Input,
    /// The model or ONNX Runtime cannot be found or loaded.
    Model,
    /// Writing outputs failed.
    Output,
    /// Any other I/O failure.
    Io,
}

/// Where in an input file a problem is: rows are 1-based as a spreadsheet shows them
/// (the header of a CSV is row 1); lines of JSONL/text files are rows too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub row: Option<usize>,
    pub column: Option<String>,
}

#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            location: None,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// A config error listing every problem validation found (`key: why` each), so one run
    /// shows them all; `Ok` when there are none.
    pub fn check_config(problems: Vec<String>) -> Result<()> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(Self::config(
                problems.into_iter().next().unwrap_or_default(),
            )),
            n => Err(Self::config(format!(
                "{n} problems in the pipeline:\n  {}",
                problems.join("\n  ")
            ))),
        }
    }

    pub fn model(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Model, message)
    }

    /// An input error at a file position; `row` and `column` are optional because some
    /// problems (an undecodable file) concern the whole file.
    pub fn input(
        file: &Path,
        row: Option<usize>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind: ErrorKind::Input,
            message: message.into(),
            location: Some(Location {
                file: file.to_path_buf(),
                row,
                column: column.map(str::to_owned),
            }),
        }
    }

    /// An I/O error on a path, keeping the OS reason.
    pub fn io(kind: ErrorKind, path: &Path, err: std::io::Error) -> Self {
        Self::new(kind, format!("{}: {err}", path.display()))
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}", loc.file.display())?;
            if let Some(row) = loc.row {
                write!(f, ", row {row}")?;
            }
            if let Some(col) = &loc.column {
                write!(f, ", column '{col}'")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Characters never shown as they are in a report, an XML file or a terminal: control
/// characters but tab and newline (XML 1.0 forbids most; ESC would drive the terminal) and
/// the bidirectional overrides and isolates, which can make text read differently from what
/// it is (U+202E).
pub fn unsafe_to_show(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` with every [`unsafe_to_show`] character replaced by U+FFFD, for the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if unsafe_to_show(c) { '\u{FFFD}' } else { c })
        .collect()
}
