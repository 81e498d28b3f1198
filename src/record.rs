//! The unit every stage works on: one input row (a comment, later a transcript turn or a post).

use serde::Serialize;
use std::path::PathBuf;

/// One input row. `row` is where a user finds it in the source file (1-based; the header of a
/// delimited file or spreadsheet is row 1, so the first data row is row 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub row: usize,
    /// The id column's value, or the row number when no id column is configured.
    pub id: String,
    pub text: String,
    /// Values of the carried metadata columns, aligned with `Dataset::meta_columns`.
    pub meta: Vec<String>,
}

/// Input file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Tsv,
    Xlsx,
    Jsonl,
    Txt,
    /// Speaker turns in plain text (`Name: text`); a file or a folder of `.txt` files.
    Transcript,
    /// WebVTT captions with `<v Name>` voice tags or `Name:` prefixes.
    Vtt,
    /// SRT subtitles with `Name:` prefixes.
    Srt,
    /// Word documents whose paragraphs are speaker turns (`Name: text`).
    Docx,
}

impl Format {
    /// Guess the format from a file extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "txt" | "text" => Some(Format::Txt),
            "vtt" => Some(Format::Vtt),
            "srt" => Some(Format::Srt),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Jsonl => "jsonl",
            Format::Txt => "txt",
            Format::Transcript => "transcript",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Docx => "docx",
        }
    }

    /// Formats whose records are speaker turns, read from a file or a folder of files.
    pub fn is_transcript(self) -> bool {
        matches!(
            self,
            Format::Transcript | Format::Vtt | Format::Srt | Format::Docx
        )
    }
}

/// Everything ingest read from one source.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub source: PathBuf,
    pub format: Format,
    /// Text encoding the file was decoded from (e.g. "UTF-8", "windows-1252").
    pub encoding: String,
    pub meta_columns: Vec<String>,
    pub records: Vec<Record>,
    /// Per record: kept for context only, never coded or counted (moderator turns, text before
    /// a transcript's first turn). Empty when no record is.
    pub context_only: Vec<bool>,
    /// Participants' names as transcripts label their turns, for the redactor to remove where
    /// turns mention them; never written anywhere. Empty for other formats.
    pub speaker_names: Vec<String>,
}

impl Dataset {
    /// The position of a carried metadata column in each record's `meta`.
    pub fn meta_index(&self, column: &str) -> Option<usize> {
        self.meta_columns.iter().position(|c| c == column)
    }
}
