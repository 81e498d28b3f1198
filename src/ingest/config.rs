//! The `[input]` and `[transcript]` sections: which file, which columns, how it is quoted and
//! encoded, and who is who in transcripts.

use crate::defaults::{default_true, is_true};
use crate::error::{Error, Result};
use crate::record::Format;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    /// Input file; relative paths are resolved against the pipeline file's folder.
    pub path: PathBuf,
    /// File format; guessed from the extension when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Column holding the free text (ignored for `txt`, where each line is one comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_column: Option<String>,
    /// Column holding a stable row id; the row number is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_column: Option<String>,
    /// Columns carried through to the outputs unchanged.
    #[serde(default)]
    pub metadata_columns: Vec<String>,
    /// Column identifying the respondent (listed in `metadata_columns`): frequency tables then
    /// also give the % of respondents, counting someone who answered twice once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent_column: Option<String>,
    /// Worksheet to read from an XLSX workbook; the first sheet when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Field delimiter for delimited text; sniffed from the header line when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    /// Whether a double quote opening a field wraps it (RFC 4180). `false` for exports that
    /// never wrap fields (many TSVs), where a quote is only a character of the text.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub quoting: bool,
    /// Text encoding label (e.g. "utf-8", "windows-1252") or "auto" to detect it.
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

fn default_encoding() -> String {
    "auto".to_owned()
}

/// The metadata columns every transcript record carries, in this order.
pub const TRANSCRIPT_COLUMNS: [&str; 4] = ["group", "speaker", "role", "timestamp"];

/// Who is who in transcripts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptConfig {
    /// Speaker labels (case-insensitive; a label starting with one followed by a space, `(` or
    /// a digit matches too, e.g. "Moderator (Anna)", "Interviewer 2") whose turns are kept
    /// for context but never coded or counted.
    #[serde(default = "default_moderators")]
    pub moderators: Vec<String>,
    /// A regular expression (case-insensitive, matched anywhere in the label) for further
    /// moderator labels, e.g. `"^(mod|int)\\b"` or `"\\(moderator\\)$"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator_pattern: Option<String>,
}

fn default_moderators() -> Vec<String> {
    ["moderator", "interviewer", "facilitator", "mod"]
        .map(str::to_owned)
        .to_vec()
}

impl Default for TranscriptConfig {
    fn default() -> Self {
        TranscriptConfig {
            moderators: default_moderators(),
            moderator_pattern: None,
        }
    }
}

impl TranscriptConfig {
    /// The compiled `moderator_pattern`; a config error names the key.
    pub fn pattern(&self) -> Result<Option<regex_automata::meta::Regex>> {
        let Some(pattern) = &self.moderator_pattern else {
            return Ok(None);
        };
        regex_automata::meta::Regex::builder()
            .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
            .build(pattern)
            .map(Some)
            .map_err(|e| Error::config(format!("transcript.moderator_pattern: invalid regex: {e}")))
    }

    /// Whether a label is one of `moderators` (see there).
    pub fn is_moderator(&self, label: &str) -> bool {
        let label = label.trim().to_lowercase();
        self.moderators.iter().any(|m| {
            let m = m.trim().to_lowercase();
            label == m
                || label.strip_prefix(&m).is_some_and(|rest| {
                    rest.starts_with([' ', '(']) || rest.starts_with(|c: char| c.is_ascii_digit())
                })
        })
    }
}

impl InputConfig {
    /// Problems with the input settings (`input.key: why`), given the input's format (`None`:
    /// it cannot be guessed from the file name).
    pub fn validate(&self, format: Option<Format>) -> Vec<String> {
        let mut problems = Vec::new();
        let mut bad = |key: &str, why: &str| problems.push(format!("input.{key}: {why}"));
        match format {
            None => bad(
                "format",
                "cannot guess the format from the file extension; set one of csv, tsv, xlsx, \
                 jsonl, txt, transcript, vtt, srt, docx",
            ),
            Some(format) if format.is_transcript() => {
                if self.metadata_columns != TRANSCRIPT_COLUMNS {
                    bad(
                        "metadata_columns",
                        "transcripts carry exactly [\"group\", \"speaker\", \"role\", \
                         \"timestamp\"]; omit the key",
                    );
                }
                if self.text_column.is_some() || self.id_column.is_some() {
                    bad(
                        "text_column/id_column",
                        "transcripts have no columns; omit these keys",
                    );
                }
            }
            Some(format) if format != Format::Txt && self.text_column.is_none() => {
                bad("text_column", "required for csv, tsv, xlsx and jsonl input");
            }
            Some(_) => {}
        }
        if self.sheet.is_some() && format.is_some_and(|f| f != Format::Xlsx) {
            bad("sheet", "only applies to xlsx input");
        }
        if encoding_rs::Encoding::for_label(self.encoding.as_bytes()).is_none()
            && self.encoding != "auto"
        {
            bad(
                "encoding",
                "unknown encoding label; use \"auto\", \"utf-8\", \"windows-1252\", …",
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for col in &self.metadata_columns {
            if !seen.insert(col) {
                bad("metadata_columns", &format!("'{col}' is listed twice"));
            }
        }
        problems
    }
}
