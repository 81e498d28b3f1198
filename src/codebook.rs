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

use crate::error::{Error, ErrorKind, Result};
use crate::report::csv_safe;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::path::Path;
use std::str::FromStr;

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

const CENTROID_PREFIX: &str = "f32le-base64:";

/// A learned code centre: one `f32` per embedding dimension.
///
/// It is written as `"f32le-base64:<standard base64 of the little-endian f32 bytes>"` rather
/// than as a list of decimal numbers so that the round trip is exact, bit for bit: a run that
/// reuses a learned codebook then computes exactly the similarities, and so exactly the
/// assignments, of the run that learned it.
#[derive(Debug, Clone, PartialEq)]
pub struct Centroid(Vec<f32>);

impl Centroid {
    pub fn new(values: Vec<f32>) -> Self {
        Centroid(values)
    }

    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<f32> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<f32>> for Centroid {
    fn from(values: Vec<f32>) -> Self {
        Centroid(values)
    }
}

impl fmt::Display for Centroid {
    /// The exact string form, `f32le-base64:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes: Vec<u8> = self.0.iter().flat_map(|x| x.to_le_bytes()).collect();
        write!(f, "{CENTROID_PREFIX}{}", base64_encode(&bytes))
    }
}

impl FromStr for Centroid {
    type Err = Error;

    /// Parses the exact string form; anything else (another prefix, invalid or non-canonical
    /// base64, a byte count that is not a multiple of 4) is a configuration error.
    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: String| Error::config(format!("invalid centroid: {why}"));
        let data = s.strip_prefix(CENTROID_PREFIX).ok_or_else(|| {
            bad(format!(
                "expected a string starting with \"{CENTROID_PREFIX}\""
            ))
        })?;
        let bytes = base64_decode(data).map_err(bad)?;
        if !bytes.len().is_multiple_of(4) {
            return Err(bad(format!(
                "{} bytes is not a whole number of f32 values",
                bytes.len()
            )));
        }
        Ok(Centroid(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        ))
    }
}

impl Serialize for Centroid {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Centroid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 alphabet) with `=` padding.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Strict inverse of [`base64_encode`]: padding is required, and the unused bits of the last
/// group must be zero, so every byte string has exactly one accepted text.
fn base64_decode(text: &str) -> std::result::Result<Vec<u8>, String> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return Err(format!(
            "base64 text of {} characters is not a multiple of 4 (is the `=` padding missing?)",
            bytes.len()
        ));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let groups = bytes.len() / 4;
    for (g, quad) in bytes.chunks_exact(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && g + 1 < groups) {
            return Err("misplaced `=` padding in the base64 text".to_owned());
        }
        let mut n = 0u32;
        for (i, &c) in quad[..4 - pad].iter().enumerate() {
            let v = value(c).ok_or_else(|| {
                format!(
                    "character {} of the base64 text is not in the standard alphabet",
                    g * 4 + i + 1
                )
            })?;
            n |= v << (18 - 6 * i);
        }
        let group = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        if group[keep..].iter().any(|&b| b != 0) {
            return Err("non-canonical base64: unused bits of the last group are not zero".into());
        }
        out.extend_from_slice(&group[..keep]);
    }
    Ok(out)
}

/// A validation failure: which code (index) and which field, so file loaders can point at it.
struct Problem {
    code: Option<usize>,
    field: Option<&'static str>,
    message: String,
}

impl Problem {
    fn file(message: impl Into<String>) -> Self {
        Problem {
            code: None,
            field: None,
            message: message.into(),
        }
    }

    fn at(code: usize, field: &'static str, message: impl Into<String>) -> Self {
        Problem {
            code: Some(code),
            field: Some(field),
            message: message.into(),
        }
    }
}

/// CSV columns, in the order [`Codebook::to_csv`] writes them.
const CSV_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "description",
    "parent",
    "examples",
    "keywords",
    "threshold",
    "new",
];

/// Separator of several items in one CSV cell.
const CSV_LIST_SEPARATOR: &str = " | ";

const TOML_HEADER: &str = "\
# Verbatim codebook (format version 1).
#
# Each [[codes]] table is one code:
#   id           stable identifier: letters, digits, '_', '.', '-'; unique
#   name         short label shown in reports
#   description  one sentence saying what belongs in the code
#   parent       id of the grouping code this one sits under (omit for a top-level code)
#   examples     short example phrases
#   keywords     words that characterise the code
#   threshold    cosine similarity a segment needs to get this code, in (-1, 1];
#                omit to use the run's default
#   new = true   a candidate code found in the data, not yet accepted
#   centroid     the learned centre: exact little-endian f32 values in base64, valid only for
#                the embedding `model` named above; do not edit it. Delete the line to have
#                the code placed from its name, description and examples instead.
# A code that is the parent of others is a group: an id and a name are enough.
#
# Reviewing candidate codes: delete the [[codes]] tables you reject, and remove `new = true`
# from the ones you accept (rename them, reword descriptions and move them under a parent
# freely; keep ids stable once reports have used them).
";

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
            return checked(path, crate::qda::codebook(path, &project.xml)?, false);
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| fail(None, None, "the codebook is not valid UTF-8".into()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if kind == "qdc" {
            let xml = crate::qda::Element::parse(path, text)?;
            return checked(path, crate::qda::codebook(path, &xml)?, false);
        }
        let is_csv = kind == "csv";

        // Per code: its row (CSV) or the line of its `[[codes]]` header (TOML).
        let (codebook, rows) = if is_csv {
            from_csv(path, text)?
        } else {
            let codebook: Codebook = toml::from_str(text).map_err(|e| {
                let line = e.span().map(|span| line_of(text, span.start));
                fail(
                    line,
                    None,
                    format!("invalid codebook: {}", redact_strings(e.message().trim())),
                )
            })?;
            (codebook, toml_code_lines(text))
        };
        checked(path, (codebook, rows), is_csv)
    }

    /// Checks what the types cannot: a supported version; at least one code; ids unique and
    /// made of `[A-Za-z0-9_.-]`; names not blank; parents that exist and form no cycle;
    /// thresholds in (-1, 1]; no blank examples or keywords; centroids non-empty, finite and
    /// all the same length. Every code has a non-blank name, so every leaf code has something
    /// to embed. Errors are [`ErrorKind::Config`] errors that name codes by id only.
    pub fn validate(&self) -> Result<()> {
        self.check().map_err(|p| Error::config(p.message))
    }

    fn check(&self) -> std::result::Result<(), Problem> {
        if self.version != FORMAT_VERSION {
            return Err(Problem::file(format!(
                "unsupported codebook version {} (this build reads version {FORMAT_VERSION})",
                self.version
            )));
        }
        if self.codes.is_empty() {
            return Err(Problem::file("the codebook has no codes"));
        }

        let mut first_of: HashMap<&str, usize> = HashMap::new();
        let mut dimension: Option<(usize, usize)> = None; // (length, code index)
        for (i, code) in self.codes.iter().enumerate() {
            let valid_id = !code.id.is_empty()
                && code
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if !valid_id {
                return Err(Problem::at(
                    i,
                    "id",
                    format!(
                        "code #{}: id {:?} must be non-empty and use only ASCII letters, \
                         digits, '_', '.' and '-'",
                        i + 1,
                        code.id
                    ),
                ));
            }
            let at =
                |field, why: String| Problem::at(i, field, format!("code '{}': {why}", code.id));
            if let Some(&first) = first_of.get(code.id.as_str()) {
                return Err(at(
                    "id",
                    format!("duplicate id (code #{} has it too)", first + 1),
                ));
            }
            first_of.insert(&code.id, i);
            if code.name.trim().is_empty() {
                return Err(at("name", "name is empty".into()));
            }
            if code.parent.as_deref().is_some_and(|p| p.trim().is_empty()) {
                return Err(at(
                    "parent",
                    "parent is empty (omit it for a top-level code)".into(),
                ));
            }
            if let Some(t) = code.threshold {
                if !(t > -1.0 && t <= 1.0) {
                    return Err(at("threshold", format!("threshold {t} must be in (-1, 1]")));
                }
            }
            if let Some(n) = code.examples.iter().position(|e| e.trim().is_empty()) {
                return Err(at("examples", format!("example {} is blank", n + 1)));
            }
            if let Some(n) = code.keywords.iter().position(|k| k.trim().is_empty()) {
                return Err(at("keywords", format!("keyword {} is blank", n + 1)));
            }
            if let Some(centroid) = &code.centroid {
                if centroid.is_empty() {
                    return Err(at("centroid", "centroid is empty".into()));
                }
                if let Some(n) = centroid.as_slice().iter().position(|x| !x.is_finite()) {
                    return Err(at(
                        "centroid",
                        format!("centroid value {} is not finite", n + 1),
                    ));
                }
                match dimension {
                    None => dimension = Some((centroid.len(), i)),
                    Some((len, other)) if len != centroid.len() => {
                        return Err(at(
                            "centroid",
                            format!(
                                "centroid has {} values but code '{}' has {len}",
                                centroid.len(),
                                self.codes[other].id
                            ),
                        ))
                    }
                    Some(_) => {}
                }
            }
        }

        let parent_of: Vec<Option<usize>> = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, code)| match &code.parent {
                None => Ok(None),
                Some(p) => first_of.get(p.as_str()).map(|&j| Some(j)).ok_or_else(|| {
                    Problem::at(
                        i,
                        "parent",
                        format!("code '{}': parent {p:?} is not the id of any code", code.id),
                    )
                }),
            })
            .collect::<std::result::Result<_, _>>()?;

        // Follow each code's chain of parents; revisiting a code on the way is a cycle.
        let mut done = vec![false; self.codes.len()]; // known to reach a root
        for start in 0..self.codes.len() {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                if done[i] {
                    break;
                }
                if let Some(pos) = path.iter().position(|&j| j == i) {
                    let cycle: Vec<&str> = path[pos..]
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|&j| self.codes[j].id.as_str())
                        .collect();
                    return Err(Problem::at(
                        start,
                        "parent",
                        format!("codes form a parent cycle: {}", cycle.join(" -> ")),
                    ));
                }
                path.push(i);
                at = parent_of[i];
            }
            for i in path {
                done[i] = true;
            }
        }
        Ok(())
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

    /// The codebook as a commented TOML file, codes in order; the same codebook always gives
    /// the same text, and [`Codebook::load`] reads it back equal, centroids bit for bit.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(TOML_HEADER);
        let _ = writeln!(out, "\nversion = {}", self.version);
        if let Some(model) = &self.model {
            let _ = writeln!(out, "model = {}", toml_string(model));
        }
        for code in &self.codes {
            out.push_str("\n[[codes]]\n");
            let mut line = |key: &str, value: String| {
                let _ = writeln!(out, "{key} = {value}");
            };
            line("id", toml_string(&code.id));
            line("name", toml_string(&code.name));
            if !code.description.is_empty() {
                line("description", toml_string(&code.description));
            }
            if let Some(parent) = &code.parent {
                line("parent", toml_string(parent));
            }
            if !code.examples.is_empty() {
                let items: String = code
                    .examples
                    .iter()
                    .map(|e| format!("    {},\n", toml_string(e)))
                    .collect();
                line("examples", format!("[\n{items}]"));
            }
            if !code.keywords.is_empty() {
                let items: Vec<String> = code.keywords.iter().map(|k| toml_string(k)).collect();
                line("keywords", format!("[{}]", items.join(", ")));
            }
            if let Some(t) = code.threshold {
                line("threshold", toml_float(t));
            }
            if code.new {
                line("new", "true".into());
            }
            if let Some(centroid) = &code.centroid {
                line("centroid", toml_string(&centroid.to_string()));
            }
        }
        out
    }

    /// The codes as CSV with the columns `id,name,description,parent,examples,keywords,
    /// threshold,new`, in order. Centroids and the model are not written. Lists are joined
    /// with ` | `; an example or keyword that itself contains `|` has it replaced by `/`, and
    /// surrounding spaces of items are not kept (CSV has no room for either; use TOML).
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| s.trim().replace('|', "/"))
                .collect::<Vec<_>>()
                .join(CSV_LIST_SEPARATOR)
        };
        // Writing to memory cannot fail.
        writer.write_record(CSV_COLUMNS).expect("CSV into memory");
        for code in &self.codes {
            // Cells a spreadsheet would run as formulas are neutralised, as in every CSV.
            writer
                .write_record(
                    [
                        code.id.clone(),
                        code.name.clone(),
                        code.description.clone(),
                        code.parent.clone().unwrap_or_default(),
                        list(&code.examples),
                        list(&code.keywords),
                        code.threshold.map(|t| t.to_string()).unwrap_or_default(),
                        code.new.to_string(),
                    ]
                    .map(|cell| csv_safe::neutralise(&cell)),
                )
                .expect("CSV into memory");
        }
        let bytes = writer.into_inner().expect("CSV into memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
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
        crate::report::write_file(path, |w| {
            w.write_all(text.as_bytes())
                .map_err(|e| Error::io(ErrorKind::Output, path, e))
        })
    }
}

/// Validates a parsed codebook; errors name the code's row (`rows`, per code) and, for CSV,
/// the column.
fn checked(
    path: &Path,
    (codebook, rows): (Codebook, Vec<usize>),
    is_csv: bool,
) -> Result<Codebook> {
    codebook.check().map_err(|p| {
        let row = p.code.and_then(|i| rows.get(i).copied());
        let column = p.field.filter(|_| is_csv);
        Error::input(path, row, column, p.message)
    })?;
    Ok(codebook)
}

/// Parses CSV codebook text; returns the codebook (not yet validated) and each code's row.
fn from_csv(path: &Path, text: &str) -> Result<(Codebook, Vec<usize>)> {
    let fail = |row: usize, column: Option<&str>, message: String| {
        Error::input(path, Some(row), column, message)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(fail(1, None, format!("cannot parse the header: {e}"))),
        None => {
            return Err(Error::input(
                path,
                None,
                None,
                "the file is empty; a header row is required",
            ))
        }
    };

    // Column position of each known column.
    let mut position: HashMap<&'static str, usize> = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim();
        let known = CSV_COLUMNS
            .iter()
            .find(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                fail(
                    1,
                    Some(name),
                    format!(
                        "unknown column (column {}); the columns are {}",
                        i + 1,
                        CSV_COLUMNS.join(", ")
                    ),
                )
            })?;
        if position.insert(known, i).is_some() {
            return Err(fail(1, Some(known), "the column appears twice".into()));
        }
    }
    for required in ["id", "name"] {
        if !position.contains_key(required) {
            return Err(fail(
                1,
                None,
                format!("the header has no '{required}' column"),
            ));
        }
    }

    let mut codes = Vec::new();
    let mut rows = Vec::new();
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record =
            record.map_err(|e| fail(row, None, format!("cannot parse the record: {e}")))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // spreadsheets export trailing empty rows
        }
        if record.len() != header.len() {
            return Err(fail(
                row,
                None,
                format!(
                    "expected {} fields as in the header, found {}",
                    header.len(),
                    record.len()
                ),
            ));
        }
        let get = |column: &str| {
            position
                .get(column)
                .and_then(|&i| record.get(i))
                .map(|cell| csv_safe::restore(cell).trim())
                .unwrap_or("")
        };
        let list = |column: &str| -> Vec<String> {
            get(column)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let threshold = match get("threshold") {
            "" => None,
            t => Some(t.parse::<f32>().map_err(|_| {
                fail(
                    row,
                    Some("threshold"),
                    "not a number (leave it empty for the run's default)".into(),
                )
            })?),
        };
        let new = match get("new") {
            v if v.is_empty() || v.eq_ignore_ascii_case("false") => false,
            v if v.eq_ignore_ascii_case("true") => true,
            _ => {
                return Err(fail(
                    row,
                    Some("new"),
                    "expected true, false or nothing".into(),
                ))
            }
        };
        codes.push(Code {
            id: get("id").to_owned(),
            name: get("name").to_owned(),
            description: get("description").to_owned(),
            parent: Some(get("parent"))
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            examples: list("examples"),
            keywords: list("keywords"),
            threshold,
            new,
            centroid: None,
        });
        rows.push(row);
    }
    let codebook = Codebook {
        version: FORMAT_VERSION,
        model: None,
        codes,
    };
    Ok((codebook, rows))
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line of each `[[codes]]` header, in order (empty when codes are written another way, e.g.
/// as an inline array, so that no line is reported rather than a wrong one).
fn toml_code_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            l.strip_prefix("[[")
                .and_then(|l| l.split("]]").next())
                .is_some_and(|name| name.trim() == "codes")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Replaces each `string "…"` that serde puts in type errors (e.g. examples written as one
/// string rather than a list) by `a string`, so messages never quote the file's text.
fn redact_strings(message: &str) -> String {
    const MARK: &str = "string \"";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        out.push_str("a string");
        // Skip the Debug-escaped string up to its closing quote.
        let body = &rest[start + MARK.len()..];
        let mut escaped = false;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML float that reads back as exactly `x`. TOML readers parse floats as f64, and the
/// shortest f32 text parsed as f64 and rounded to f32 is `x` in all but rare cases (double
/// rounding); those fall back to the exact f64 text.
fn toml_float(x: f32) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let short = format!("{x:?}");
    let exact = short
        .parse::<f64>()
        .is_ok_and(|v| (v as f32).to_bits() == x.to_bits());
    if exact {
        short
    } else {
        format!("{:?}", f64::from(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn code(id: &str, parent: Option<&str>) -> Code {
        Code {
            id: id.into(),
            name: format!("Name of {id}"),
            description: String::new(),
            parent: parent.map(str::to_owned),
            examples: Vec::new(),
            keywords: Vec::new(),
            threshold: None,
            new: false,
            centroid: None,
        }
    }

    fn book(codes: Vec<Code>) -> Codebook {
        Codebook {
            version: FORMAT_VERSION,
            model: None,
            codes,
        }
    }

    /// A codebook using every field, awkward strings included.
    fn full() -> Codebook {
        let mut late = code("delivery-late", Some("delivery"));
        late.name = "Late \"delivery\"".into();
        late.description = "Arrived after the slot; C:\\path\tand\nnew line, é ✓".into();
        late.examples = vec!["two hours late".into(), "still waiting".into()];
        late.keywords = vec!["late".into(), "delay".into()];
        late.threshold = Some(0.45);
        late.centroid = Some(Centroid::new(vec![
            0.1,
            -1e-7,
            f32::MIN_POSITIVE,
            -0.0,
            1.0,
            f32::MAX,
            f32::from_bits(1), // smallest subnormal
            std::f32::consts::PI,
        ]));
        let mut candidate = code("T3", Some("delivery"));
        candidate.name = "=HYPERLINK(\"http://x.example\",\"see\")".into();
        candidate.new = true;
        candidate.threshold = Some(-0.999_999_9);
        candidate.examples = vec!["van came at 7am".into()];
        candidate.centroid = Some(Centroid::new(vec![
            1.0, 2.0, 3.0, 0.3, -0.5, 1e-30, 7.0, 8.0,
        ]));
        let mut subs = code("subs", None);
        subs.description = "Substitutions.".into();
        subs.threshold = Some(1.0);
        Codebook {
            version: FORMAT_VERSION,
            model: Some("all-MiniLM-L6-v2/int8 sha256:abcd".into()),
            codes: vec![code("delivery", None), late, candidate, subs],
        }
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn bits(c: &Codebook) -> Vec<Vec<u32>> {
        c.codes
            .iter()
            .map(|c| {
                c.centroid
                    .iter()
                    .flat_map(|c| c.as_slice().iter().map(|x| x.to_bits()))
                    .collect()
            })
            .collect()
    }

    fn load_err(dir: &tempfile::TempDir, name: &str, text: &str) -> Error {
        Codebook::load(&write(dir, name, text)).unwrap_err()
    }

    #[test]
    fn toml_round_trip_is_exact() {
        let dir = tempfile::tempdir().unwrap();
        let original = full();
        original.validate().unwrap();
        let text = original.to_toml();
        assert!(text.starts_with("# Verbatim codebook"));
        assert!(text.contains("remove `new = true`"));
        let loaded = Codebook::load(&write(&dir, "book.toml", &text)).unwrap();
        assert_eq!(loaded, original);
        assert_eq!(bits(&loaded), bits(&original));
        assert_eq!(loaded.to_toml(), text, "deterministic");
        let path = dir.path().join("saved.toml");
        original.save(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn thresholds_read_back_exactly() {
        // TOML readers go through f64: every threshold must survive that.
        for i in 0..200_000u32 {
            let x = f32::from_bits(0x3f80_0000 - i * 5_323); // 1.0 downwards, over many scales
            let text = toml_float(x);
            let parsed: toml::Table = toml::from_str(&format!("t = {text}")).unwrap();
            let back = parsed["t"].as_float().unwrap() as f32;
            assert_eq!(back.to_bits(), x.to_bits(), "{x:?} written as {text}");
        }
        assert_eq!(toml_float(0.45), "0.45");
        assert_eq!(toml_float(1.0), "1.0");
    }

    #[test]
    fn centroid_string_form() {
        let c = Centroid::new(vec![1.0]);
        assert_eq!(c.to_string(), "f32le-base64:AACAPw==");
        assert_eq!("f32le-base64:AACAPw==".parse::<Centroid>().unwrap(), c);
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(raw.as_bytes()), b64);
            assert_eq!(base64_decode(b64).unwrap(), raw.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        for (bad, why) in [
            ("AACAPw==", "starting with"),
            ("f32le-base64:AACAPw=", "multiple of 4"),
            ("f32le-base64:AACA Pw=", "alphabet"),
            ("f32le-base64:AA==AACA", "padding"),
            ("f32le-base64:AACAP===", "padding"),
            ("f32le-base64:AACAPx==", "non-canonical"),
            ("f32le-base64:Zm9v", "whole number of f32"),
        ] {
            let e = bad.parse::<Centroid>().unwrap_err();
            assert!(e.message().contains(why), "{bad}: {e}");
            assert_eq!(e.kind(), ErrorKind::Config);
        }
    }

    #[test]
    fn bad_centroid_in_toml_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let text = "version = 1\n\n[[codes]]\nid = \"a\"\nname = \"A\"\ncentroid = \"f32le-base64:AAC*Pw==\"\n";
        let e = load_err(&dir, "book.toml", text);
        let shown = e.to_string();
        assert_eq!(e.kind(), ErrorKind::Input);
        assert!(shown.contains("book.toml, row 6:"), "{shown}");
        assert!(shown.contains("invalid centroid"), "{shown}");
        assert!(shown.contains("alphabet"), "{shown}");
    }

    #[test]
    fn toml_errors_carry_the_parse_message_without_quoting_text() {
        let dir = tempfile::tempdir().unwrap();
        let text = "version = 1\n[[codes]]\nid = \"a\"\nname = \"A\"\nexamples = \"John Smith was rude\"\n";
        let e = load_err(&dir, "book.toml", text);
        let shown = e.to_string();
        assert!(shown.contains("row 5"), "{shown}");
        assert!(shown.contains("invalid type"), "{shown}");
        assert!(!shown.contains("John"), "{shown}");

        let e = load_err(
            &dir,
            "book.toml",
            "version = 1\n[[codes]]\nid = \"a\"\ncolour = 1\n",
        );
        assert!(e.to_string().contains("unknown field `colour`"), "{e}");
        let e = load_err(&dir, "book.toml", "version = 1\n[[codes]\n");
        assert!(e.to_string().contains("book.toml, row 2"), "{e}");
        let e = load_err(&dir, "book.yaml", "");
        assert!(e.to_string().contains(".toml, .csv, .qdc or .qdpx"), "{e}");
    }

    #[test]
    fn csv_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut original = full();
        original.model = None;
        for c in &mut original.codes {
            c.centroid = None;
        }
        let text = original.to_csv();
        assert!(text.starts_with("id,name,description,parent,examples,keywords,threshold,new\n"));
        assert!(text.contains("two hours late | still waiting"));
        // A formula-like name is neutralised for spreadsheets and restored on import.
        assert!(text.contains("\"'=HYPERLINK("), "{text}");
        let loaded = Codebook::load(&write(&dir, "book.csv", &text)).unwrap();
        assert_eq!(loaded, original);
        assert_eq!(loaded.to_csv(), text, "deterministic");
        // The full codebook exports the same rows: centroids and model are simply left out.
        assert_eq!(full().to_csv(), text);
    }

    #[test]
    fn csv_import_is_forgiving_about_layout() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}ID, Name ,parent,examples,threshold,New\n\
                    grp,Group,,,,\n\
                    a,Alpha,grp,one|two |  three,,TRUE\n\
                    ,,,,,\n\
                    b,Beta,grp,,0.5,\n";
        let loaded = Codebook::load(&write(&dir, "book.csv", text)).unwrap();
        assert_eq!(loaded.codes.len(), 3);
        let a = &loaded.codes[1];
        assert_eq!(a.parent.as_deref(), Some("grp"));
        assert_eq!(a.examples, ["one", "two", "three"]);
        assert!(a.new);
        assert_eq!(loaded.codes[2].threshold, Some(0.5));
        assert_eq!(loaded.codes[0].description, "");
    }

    #[test]
    fn csv_errors_name_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let e = load_err(&dir, "book.csv", "id,name,colour\na,A,red\n");
        assert_eq!(e.kind(), ErrorKind::Input);
        let loc = e.location().unwrap();
        assert_eq!((loc.row, loc.column.as_deref()), (Some(1), Some("colour")));
        assert!(e
            .to_string()
            .contains("book.csv, row 1, column 'colour': unknown column"));

        let e = load_err(&dir, "book.csv", "id,name,threshold\na,A,0.2\nb,B,high\n");
        assert!(
            e.to_string()
                .contains("row 3, column 'threshold': not a number"),
            "{e}"
        );

        let e = load_err(&dir, "book.csv", "id,name,new\na,A,yes\n");
        assert!(e.to_string().contains("row 2, column 'new'"), "{e}");

        let e = load_err(&dir, "book.csv", "id,name\na,A\nb\n");
        assert!(e.to_string().contains("row 3: expected 2 fields"), "{e}");

        let e = load_err(&dir, "book.csv", "name,description\nA,x\n");
        assert!(
            e.to_string()
                .contains("row 1: the header has no 'id' column"),
            "{e}"
        );

        let e = load_err(&dir, "book.csv", "id,name,ID\n");
        assert!(
            e.to_string()
                .contains("column 'id': the column appears twice"),
            "{e}"
        );

        // Validation errors point at the code's row and the field's column too.
        let e = load_err(&dir, "book.csv", "id,name,parent\na,A,\nb,B,a\na,Again,\n");
        assert!(
            e.to_string()
                .contains("book.csv, row 4, column 'id': code 'a': duplicate id"),
            "{e}"
        );
        let e = load_err(&dir, "book.csv", "id,name,parent\na,A,\nb,B,zz\n");
        assert!(e.to_string().contains("row 3, column 'parent'"), "{e}");
    }

    fn invalid(c: &Codebook) -> String {
        let e = c.validate().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        e.message().to_owned()
    }

    #[test]
    fn validation_errors() {
        let e = invalid(&book(vec![
            code("a", None),
            code("b", None),
            code("a", None),
        ]));
        assert!(
            e.contains("code 'a': duplicate id (code #1 has it too)"),
            "{e}"
        );

        let e = invalid(&book(vec![code("a", Some("nope"))]));
        assert!(
            e.contains("parent \"nope\" is not the id of any code"),
            "{e}"
        );

        let e = invalid(&book(vec![
            code("root", None),
            code("a", Some("c")),
            code("b", Some("a")),
            code("c", Some("b")),
        ]));
        assert!(e.contains("parent cycle: a -> c -> b -> a"), "{e}");
        let e = invalid(&book(vec![code("self", Some("self"))]));
        assert!(e.contains("parent cycle: self -> self"), "{e}");

        for t in [1.5, -1.0, f32::NAN] {
            let mut c = code("a", None);
            c.threshold = Some(t);
            let e = invalid(&book(vec![c]));
            assert!(e.contains("must be in (-1, 1]"), "{e}");
        }

        let e = invalid(&book(vec![code("bad id", None)]));
        assert!(e.contains("code #1: id \"bad id\""), "{e}");
        let e = invalid(&book(vec![code("", None)]));
        assert!(e.contains("must be non-empty"), "{e}");

        let mut c = code("a", None);
        c.name = "  ".into();
        assert!(invalid(&book(vec![c])).contains("name is empty"));

        let mut c = code("a", None);
        c.examples = vec!["my neighbour Jane".into(), " ".into()];
        let e = invalid(&book(vec![c]));
        assert!(
            e.contains("code 'a': example 2 is blank") && !e.contains("Jane"),
            "{e}"
        );

        let mut a = code("a", None);
        a.centroid = Some(Centroid::new(vec![1.0, 0.0]));
        let mut b = code("b", None);
        b.centroid = Some(Centroid::new(vec![1.0, 0.0, 0.0]));
        let e = invalid(&book(vec![a.clone(), b]));
        assert!(
            e.contains("code 'b': centroid has 3 values but code 'a' has 2"),
            "{e}"
        );
        let mut b = code("b", None);
        b.centroid = Some(Centroid::new(vec![1.0, f32::INFINITY]));
        assert!(invalid(&book(vec![a, b])).contains("centroid value 2 is not finite"));

        assert!(invalid(&book(vec![])).contains("no codes"));
        let mut c = book(vec![code("a", None)]);
        c.version = 2;
        assert!(invalid(&c).contains("unsupported codebook version 2"));

        // A group needs no description, examples or centroid.
        book(vec![code("group", None), code("leaf", Some("group"))])
            .validate()
            .unwrap();
    }

    #[test]
    fn depth_first_is_tree_order() {
        let c = book(vec![
            code("b-child", Some("b")),
            code("a", None),
            code("b", None),
            code("a1", Some("a")),
            code("a1x", Some("a1")),
            code("a2", Some("a")),
            code("b-child-2", Some("b")),
        ]);
        c.validate().unwrap();
        let order: Vec<(&str, usize)> = c
            .depth_first()
            .into_iter()
            .map(|(i, d)| (c.codes[i].id.as_str(), d))
            .collect();
        assert_eq!(
            order,
            [
                ("a", 0),
                ("a1", 1),
                ("a1x", 2),
                ("a2", 1),
                ("b", 0),
                ("b-child", 1),
                ("b-child-2", 1)
            ]
        );
        assert!(c.is_parent(1) && !c.is_parent(0));
        assert_eq!(c.index_of("a2"), Some(5));

        // Invalid codebooks still list every code once.
        let cyclic = book(vec![
            code("x", Some("y")),
            code("y", Some("x")),
            code("z", None),
        ]);
        assert_eq!(cyclic.depth_first(), [(2, 0), (0, 0), (1, 1)]);
    }

    #[test]
    fn prototype_texts() {
        let mut c = code("a", None);
        c.name = "Late delivery".into();
        assert_eq!(c.prototype_texts(), ["Late delivery"]);
        c.description = "Arrived after the slot.".into();
        c.examples = vec!["two hours late".into(), "still waiting".into()];
        assert_eq!(
            c.prototype_texts(),
            [
                "Late delivery: Arrived after the slot.",
                "two hours late",
                "still waiting"
            ]
        );
    }

    #[test]
    fn shipped_service_feedback_codebook_is_valid() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/codebooks/service-feedback.toml");
        let c = Codebook::load(&path).unwrap();
        assert!(
            (10..=14).contains(&c.codes.len()),
            "{} codes",
            c.codes.len()
        );
        assert_eq!(c.model, None);
        let depths = c.depth_first();
        assert!(depths.iter().all(|&(_, d)| d <= 1), "two levels");
        let groups = (0..c.codes.len()).filter(|&i| c.is_parent(i)).count();
        assert!((3..=4).contains(&groups), "{groups} groups");
        for (i, code) in c.codes.iter().enumerate() {
            if c.is_parent(i) {
                continue;
            }
            assert!(
                code.parent.is_some(),
                "{}: leaves sit under a group",
                code.id
            );
            assert!(!code.description.is_empty(), "{}", code.id);
            assert!((3..=5).contains(&code.examples.len()), "{}", code.id);
            assert!(!code.keywords.is_empty(), "{}", code.id);
            assert!(code.centroid.is_none() && !code.new);
        }
    }
}
