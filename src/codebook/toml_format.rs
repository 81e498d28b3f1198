//! The complete form of a codebook: a commented TOML file that reads back equal, centroids bit
//! for bit, and parse errors that point at a line without quoting the file's text.

use super::Codebook;
use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::path::Path;

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
pub(super) fn toml_float(x: f32) -> String {
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

/// Parses TOML codebook text; returns the codebook (not yet validated) and the line of each
/// code's `[[codes]]` header.
pub(super) fn parse(path: &Path, text: &str) -> Result<(Codebook, Vec<usize>)> {
    let codebook: Codebook = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start));
        Error::input(
            path,
            line,
            None,
            format!("invalid codebook: {}", redact_strings(e.message().trim())),
        )
    })?;
    Ok((codebook, toml_code_lines(text)))
}
