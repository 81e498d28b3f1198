//! Codebooks: a named, optionally hierarchical set of codes that segments can be coded against.
//!
//! This module is the file format only: reading a codebook from TOML or CSV, checking it, and
//! writing it back. A codebook is either written by hand (names, descriptions, example phrases)
//! or learned from a run (each code then carries its embedding centre, [`Centroid`], and the
//! identity of the model that centre belongs to).
//!
//! TOML is the complete format:
//!
//! ```toml
//! version = 1
//! model = "all-MiniLM-L6-v2/int8 sha256:…"   # optional
//!
//! [[codes]]
//! id = "delivery"
//! name = "Delivery"
//!
//! [[codes]]
//! id = "delivery-late"
//! name = "Late delivery"
//! description = "The order arrived after the booked slot."
//! parent = "delivery"
//! examples = ["turned up two hours late", "still waiting for my order"]
//! keywords = ["late", "delay"]
//! threshold = 0.45          # optional, the run's default when absent
//! new = true                # optional: a candidate found in the data, not yet accepted
//! centroid = "f32le-base64:…"
//! ```
//!
//! CSV is for editing in a spreadsheet: columns `id,name,description,parent,examples,keywords,
//! threshold` and optionally `new` (only `id` and `name` are required); `examples` and
//! `keywords` hold several items separated by ` | `. CSV carries no centroids and no model.
//!
//! A REFI-QDA codebook (`.qdc`) or the codebook inside a REFI-QDA project (`.qdpx`), as NVivo,
//! ATLAS.ti, MAXQDA and QualCoder export them, is read too (see [`crate::qda`]).

mod centroid;
mod csv_format;
mod qdc;
#[cfg(test)]
mod tests;
mod toml_format;
mod validate;

pub use centroid::Centroid;

use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use validate::checked;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A set of codes, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    /// Format version; must be [`FORMAT_VERSION`].
    pub version: u32,
    /// Identity of the embedding model the centroids belong to (e.g.
    /// `"all-MiniLM-L6-v2/int8 sha256:abcd…"`); `None` for hand-written codebooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The codes (`[[codes]]` tables), in file order.
    #[serde(default)]
    pub codes: Vec<Code>,
}

/// One code. A code that is the parent of others is a grouping node: it needs only an id and a
/// name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// Stable identifier, unique in the codebook: ASCII letters, digits, `_`, `.` and `-`.
    pub id: String,
    /// Short readable label.
    pub name: String,
    /// One sentence saying what belongs in the code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Id of the code this one sits under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Example phrases (may hold customers' words: never quoted in error messages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Words that characterise the code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Cosine similarity a segment needs to get this code, in (-1, 1]; `None` means the run's
    /// default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// A candidate code found in the data, not yet accepted by a person.
    #[serde(default, skip_serializing_if = "is_false")]
    pub new: bool,
    /// The learned centre of the code in embedding space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centroid: Option<Centroid>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Code {
    /// The texts to embed to place a code that has no centroid: `"{name}: {description}"` (just
    /// the name when the description is empty), then each example.
    pub fn prototype_texts(&self) -> Vec<String> {
        let name = self.name.trim();
        let description = self.description.trim();
        let head = if description.is_empty() {
            name.to_owned()
        } else {
            format!("{name}: {description}")
        };
        std::iter::once(head)
            .chain(self.examples.iter().cloned())
            .collect()
    }
}

impl Codebook {
    /// A codebook with no codes yet (not valid until codes are added).
    pub fn empty() -> Codebook {
        Codebook {
            version: FORMAT_VERSION,
            model: None,
            codes: Vec::new(),
        }
    }

    /// Reads a codebook from a `.toml`, `.csv`, `.qdc` or `.qdpx` file and validates it.
    ///
    /// Errors are [`ErrorKind::Input`] errors naming the file and, where known, the row (the
    /// CSV row as a spreadsheet numbers it, or the TOML or XML line) and the CSV column. They
    /// never quote names, descriptions, examples or keywords, which may hold customers' words.
    pub fn load(path: &Path) -> Result<Codebook> {
        let fail = |row: Option<usize>, column: Option<&str>, message: String| {
            Error::input(path, row, column, message)
        };
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let kind = match extension.as_deref() {
            Some(kind @ ("toml" | "csv" | "qdc" | "qdpx")) => kind,
            _ => {
                return Err(fail(
                    None,
                    None,
                    "a codebook must be a .toml, .csv, .qdc or .qdpx file".into(),
                ))
            }
        };
        let bytes = std::fs::read(path)
            .map_err(|e| fail(None, None, format!("cannot read the codebook: {e}")))?;
        if kind == "qdpx" {
            let project = crate::qda::Project::from_bytes(path, &bytes)?;
            return checked(path, qdc::codebook(path, &project.xml)?, false);
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| fail(None, None, "the codebook is not valid UTF-8".into()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if kind == "qdc" {
            let xml = crate::qda::Element::parse(path, text)?;
            return checked(path, qdc::codebook(path, &xml)?, false);
        }
        let is_csv = kind == "csv";

        // Per code: its row (CSV) or the line of its `[[codes]]` header (TOML).
        let parsed = if is_csv {
            csv_format::parse(path, text)?
        } else {
            toml_format::parse(path, text)?
        };
        checked(path, parsed, is_csv)
    }

    /// Index of the code with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.id == id)
    }

    /// Whether another code names the code at `index` as its parent (it is a group).
    pub fn is_parent(&self, index: usize) -> bool {
        let id = &self.codes[index].id;
        self.codes.iter().any(|c| c.parent.as_ref() == Some(id))
    }

    /// (code index, depth) in tree order: top-level codes in file order, each followed by its
    /// children (in file order) and their descendants; depth 0 is top level. Every code appears
    /// once, also in a codebook that fails validation (a code whose parent is missing counts
    /// as top level; codes caught in a cycle come last, at depth 0).
    pub fn depth_first(&self) -> Vec<(usize, usize)> {
        let n = self.codes.len();
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (i, code) in self.codes.iter().enumerate() {
            first_of.entry(code.id.as_str()).or_insert(i);
        }
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, code) in self.codes.iter().enumerate() {
            match code.parent.as_deref().and_then(|p| first_of.get(p)) {
                Some(&p) if p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut out = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        let starts = roots.into_iter().chain(0..n).collect::<Vec<_>>();
        for start in starts {
            if seen[start] {
                continue;
            }
            let mut stack = vec![(start, 0)];
            while let Some((i, depth)) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                out.push((i, depth));
                stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        out
    }
    /// Writes [`Codebook::to_toml`] or [`Codebook::to_csv`] (by the extension, `.toml` or
    /// `.csv`) atomically. A CSV file drops the centroids and the model.
    pub fn save(&self, path: &Path) -> Result<()> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let text = match extension.as_deref() {
            Some("toml") => self.to_toml(),
            Some("csv") => self.to_csv(),
            _ => {
                return Err(Error::new(
                    ErrorKind::Output,
                    format!(
                        "{}: a codebook must be a .toml or .csv file",
                        path.display()
                    ),
                ))
            }
        };
        crate::outputs::write_file(path, |w| {
            w.write_all(text.as_bytes())
                .map_err(|e| Error::io(ErrorKind::Output, path, e))
        })
    }
}
