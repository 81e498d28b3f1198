//! A QDA-XML `<CodeBook>` as a [`Codebook`] for deductive coding.
//!
//! Each `<Code>` becomes a code with its `name`, and its `<Description>` as description; a
//! description line `Keywords: a, b` (as Verbatim's own export writes) gives the keywords.
//! Nesting gives the parent. QDA-XML identifies codes by GUID only, so ids are made from the
//! names: lower-case ASCII letters and digits, any other run of characters as one `-`, and
//! `-2`, `-3`… for repeats. A code with child codes is a grouping node here (segments are coded
//! with leaves); a leaf marked `isCodable="false"` has nothing to code with and is left out.
//! Sets, colours and notes are not used.

use super::{Code, Codebook};
use crate::error::{Error, Result};
use crate::qda::Element;
use std::collections::HashSet;
use std::path::Path;

/// The codebook of a `.qdc` root (`<CodeBook>`) or of a project (`<Project>`), not yet
/// validated, with the line each code starts on.
pub(super) fn codebook(path: &Path, root: &Element) -> Result<(Codebook, Vec<usize>)> {
    let book = if root.name == "CodeBook" {
        Some(root)
    } else {
        root.child("CodeBook")
    };
    let Some(codes) = book.and_then(|b| b.child("Codes")) else {
        return Err(Error::input(
            path,
            Some(root.line),
            None,
            "no <CodeBook> with <Codes> (is this a REFI-QDA codebook or project?)",
        ));
    };
    let mut used = HashSet::new();
    let converted: Vec<(Code, usize)> = codes
        .children_named("Code")
        .flat_map(|c| convert(c, None, &mut used))
        .collect();
    let (codes, lines) = converted.into_iter().unzip();
    Ok((
        Codebook {
            codes,
            ..Codebook::empty()
        },
        lines,
    ))
}

/// A `<Code>` and its descendants, parents first; empty for a non-codable leaf.
fn convert(
    element: &Element,
    parent: Option<&str>,
    used: &mut HashSet<String>,
) -> Vec<(Code, usize)> {
    let name = element.attribute("name").unwrap_or("").trim().to_owned();
    let codable = matches!(element.attribute("isCodable"), Some("true" | "1"));
    let id = unique(slug(&name), used);
    let children: Vec<(Code, usize)> = element
        .children_named("Code")
        .flat_map(|c| convert(c, Some(&id), used))
        .collect();
    if children.is_empty() && !codable {
        used.remove(&id);
        return Vec::new();
    }
    let mut description = Vec::new();
    let mut keywords = Vec::new();
    let text = element.child("Description").map_or("", |d| d.text.as_str());
    for line in text.lines() {
        match line.trim().strip_prefix("Keywords:") {
            Some(list) => keywords.extend(
                list.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned),
            ),
            None => description.push(line.trim()),
        }
    }
    let code = Code {
        id,
        name,
        description: description.join(" ").trim().to_owned(),
        parent: parent.map(str::to_owned),
        keywords,
        ..Code::default()
    };
    std::iter::once((code, element.line))
        .chain(children)
        .collect()
}

/// An id from a code name: `Late delivery (driver)` → `late-delivery-driver`.
fn slug(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "code".to_owned()
    } else {
        id.to_owned()
    }
}

/// `id`, or `id-2`, `id-3`… when taken; the result is marked as taken.
fn unique(id: String, used: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    const QDC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="11111111-1111-1111-1111-111111111111" name="Delivery" isCodable="false">
      <Description>Anything about getting the order.</Description>
      <Code guid="22222222-2222-2222-2222-222222222222" name="Late delivery" isCodable="true">
        <Description>The order came after the slot.
Keywords: late, delay</Description>
      </Code>
      <Code guid="33333333-3333-3333-3333-333333333333" name="Late  Delivery!" isCodable="true"/>
    </Code>
    <Code guid="44444444-4444-4444-4444-444444444444" name="Parked" isCodable="false"/>
    <Code guid="55555555-5555-5555-5555-555555555555" name="Staff &amp; service" isCodable="true"/>
  </Codes>
</CodeBook>"#;

    #[test]
    fn qdc_codes_keep_hierarchy_descriptions_and_keywords() {
        let root = Element::parse(Path::new("b.qdc"), QDC).unwrap();
        let (book, lines) = codebook(Path::new("b.qdc"), &root).unwrap();
        let ids: Vec<&str> = book.codes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "delivery",
                "late-delivery",
                "late-delivery-2",
                "staff-service"
            ]
        );
        assert_eq!(lines, [4, 6, 10, 13]);
        let late = &book.codes[1];
        assert_eq!(late.parent.as_deref(), Some("delivery"));
        assert_eq!(late.description, "The order came after the slot.");
        assert_eq!(late.keywords, ["late", "delay"]);
        assert_eq!(book.codes[3].name, "Staff & service");
        assert!(book.codes[3].parent.is_none());
        book.validate().unwrap();
    }

    #[test]
    fn a_file_without_a_codebook_is_refused() {
        let root = Element::parse(Path::new("x.qdc"), "<Project><Users/></Project>").unwrap();
        let e = codebook(Path::new("x.qdc"), &root).unwrap_err();
        assert!(e.to_string().contains("no <CodeBook>"), "{e}");
    }
}
