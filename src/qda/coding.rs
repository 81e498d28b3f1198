//! The coded text selections of a REFI-QDA project: who applied which code where.

use super::{Element, Project};
use crate::error::{Error, Result};
use std::collections::HashMap;

/// One code applied to a span of a text source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The TextSource's name.
    pub source: String,
    /// The name of the user who applied the code (`unknown` when the project does not say).
    pub coder: String,
    /// The code's name.
    pub code: String,
    /// Unicode code points into the source's plain text, end exclusive.
    pub start: usize,
    pub end: usize,
}

/// Every Coding on a PlainTextSelection of every TextSource, in document order. The coder is
/// the Coding's `creatingUser`, else the selection's. Errors name the project file and the
/// line in `project.qde`.
pub fn selections(project: &Project) -> Result<Vec<Selection>> {
    let xml = &project.xml;
    let fail = |line: usize, why: &str| {
        Error::input(
            &project.path.join("project.qde"),
            Some(line),
            None,
            why.to_owned(),
        )
    };
    let users: HashMap<&str, &str> = xml
        .child("Users")
        .into_iter()
        .flat_map(|u| u.children_named("User"))
        .filter_map(|u| {
            Some((
                u.attribute("guid")?,
                u.attribute("name").unwrap_or("unnamed"),
            ))
        })
        .collect();
    let mut codes = HashMap::new();
    if let Some(top) = xml.child("CodeBook").and_then(|b| b.child("Codes")) {
        collect_codes(top, &mut codes);
    }
    let mut out = Vec::new();
    for source in xml
        .child("Sources")
        .into_iter()
        .flat_map(|s| s.children_named("TextSource"))
    {
        let name = source.attribute("name").unwrap_or("unnamed source");
        for selection in source.children_named("PlainTextSelection") {
            let position = |key: &str| {
                selection
                    .attribute(key)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .ok_or_else(|| fail(selection.line, "a selection needs whole-number positions"))
            };
            let (start, end) = (position("startPosition")?, position("endPosition")?);
            if end <= start {
                return Err(fail(selection.line, "a selection must end after it starts"));
            }
            for coding in selection.children_named("Coding") {
                let target = coding
                    .child("CodeRef")
                    .and_then(|r| r.attribute("targetGUID"))
                    .ok_or_else(|| {
                        fail(coding.line, "a Coding needs a CodeRef with a targetGUID")
                    })?;
                let code = codes
                    .get(target.to_ascii_lowercase().as_str())
                    .ok_or_else(|| {
                        fail(coding.line, "a CodeRef points at no code in the codebook")
                    })?;
                let user = coding
                    .attribute("creatingUser")
                    .or_else(|| selection.attribute("creatingUser"));
                out.push(Selection {
                    source: name.to_owned(),
                    coder: user
                        .and_then(|u| users.get(u).copied())
                        .unwrap_or("unknown")
                        .to_owned(),
                    code: (*code).to_owned(),
                    start,
                    end,
                });
            }
        }
    }
    Ok(out)
}

/// Code GUID (lower case) → name, over the whole hierarchy.
fn collect_codes<'a>(parent: &'a Element, codes: &mut HashMap<String, &'a str>) {
    for code in parent.children_named("Code") {
        if let Some(guid) = code.attribute("guid") {
            codes.insert(
                guid.to_ascii_lowercase(),
                code.attribute("name").unwrap_or(""),
            );
        }
        collect_codes(code, codes);
    }
}

/// The text of every TextSource, by name.
pub fn source_texts(project: &mut Project) -> Result<HashMap<String, String>> {
    let sources: Vec<Element> = project
        .xml
        .child("Sources")
        .into_iter()
        .flat_map(|s| s.children_named("TextSource"))
        .cloned()
        .collect();
    let mut texts = HashMap::new();
    for source in &sources {
        let name = source
            .attribute("name")
            .unwrap_or("unnamed source")
            .to_owned();
        texts.insert(name, project.source_text(source)?);
    }
    Ok(texts)
}
