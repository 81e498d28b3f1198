//! What the types cannot check: versions, unique ids, parents that exist and form no cycle,
//! thresholds, blank items and centroid lengths.

use super::{Codebook, FORMAT_VERSION};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

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

impl Codebook {
    /// Checks what the types cannot: a supported version; at least one code; ids unique and
    /// made of `[A-Za-z0-9_.-]`; names not blank; parents that exist and form no cycle;
    /// thresholds in (-1, 1]; no blank examples or keywords; centroids non-empty, finite and
    /// all the same length. Every code has a non-blank name, so every leaf code has something
    /// to embed. Errors are [`crate::ErrorKind::Config`] errors that name codes by id
    /// only.
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
}

/// Validates a parsed codebook; errors name the code's row (`rows`, per code) and, for CSV,
/// the column.
pub(super) fn checked(
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
