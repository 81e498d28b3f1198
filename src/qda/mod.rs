//! Reading REFI-QDA files written by QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder): a
//! codebook (`.qdc`) or a project (`.qdpx`, a zip holding `project.qde` and the source texts).
//!
//! The files are small, so they are read into a plain element tree ([`Element`]); namespace
//! prefixes are dropped, since every tool writes the one QDA-XML namespace. Writing them is
//! [`crate::report`]'s job (`project.qdpx`, `codebook.qdc`).

mod codebook;
mod coding;

pub use codebook::codebook;
pub use coding::{selections, source_texts, Selection};

use crate::error::{Error, Result};
use quick_xml::events::Event;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One XML element: its local name, attributes (unescaped), text content and children.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// The element's own text (not its children's), entities resolved.
    pub text: String,
    pub children: Vec<Element>,
    /// The 1-based line the element starts on, for error messages.
    pub line: usize,
}

impl Element {
    /// Parses an XML document into its root element. Errors name the file and the line and
    /// never quote the document.
    pub fn parse(path: &Path, text: &str) -> Result<Element> {
        let mut reader = quick_xml::Reader::from_str(text);
        let line_at = |offset: u64| {
            let offset = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(text.len());
            text.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        };
        let fail = |line: usize, why: String| Error::input(path, Some(line), None, why);
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        loop {
            let position = reader.buffer_position();
            let event = reader.read_event().map_err(|e| {
                let why = match e {
                    quick_xml::Error::Syntax(s) => s.to_string(),
                    quick_xml::Error::IllFormed(_) => "elements are not properly nested".into(),
                    _ => "unreadable XML".into(),
                };
                fail(
                    line_at(reader.error_position()),
                    format!("not valid XML: {why}"),
                )
            })?;
            let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element> {
                let mut attributes = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|_| fail(line_at(position), "malformed attribute".into()))?;
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|_| fail(line_at(position), "malformed attribute value".into()))?;
                    attributes.push((local(a.key.as_ref()), value.into_owned()));
                }
                Ok(Element {
                    name: local(e.name().as_ref()),
                    attributes,
                    line: line_at(position),
                    ..Element::default()
                })
            };
            match event {
                Event::Start(e) => stack.push(open(&e)?),
                Event::Empty(e) => {
                    let element = open(&e)?;
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
                Event::End(_) => {
                    let element = stack.pop().expect("quick-xml checks nesting");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => {
                            quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                                .map(str::to_owned)
                        }
                        Err(_) => None,
                    };
                    let Some(resolved) = resolved else {
                        return Err(fail(line_at(position), "unknown entity reference".into()));
                    };
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&resolved);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        root.ok_or_else(|| fail(1, "no root element".into()))
    }

    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The children called `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child called `name`.
    pub fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }
}

/// The local part of a possibly prefixed XML name.
fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_owned()
}

/// A REFI-QDA project read from a `.qdpx` archive: `project.qde` and the archive, for the
/// source texts.
pub struct Project {
    pub path: PathBuf,
    pub xml: Element,
    archive: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
}

impl Project {
    /// Reads a `.qdpx` file.
    pub fn open(path: &Path) -> Result<Project> {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::input(path, None, None, format!("cannot read the project: {e}")))?;
        Project::from_bytes(path, &bytes)
    }

    /// Reads a `.qdpx` archive already in memory (`path` names it in errors).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Project> {
        let fail = |why: String| Error::input(path, None, None, why);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec()))
            .map_err(|e| fail(format!("not a REFI-QDA project (.qdpx is a zip): {e}")))?;
        let qde = read_entry(&mut archive, "project.qde")
            .map_err(|why| fail(format!("project.qde: {why}")))?;
        let qde_path = path.join("project.qde");
        let xml = Element::parse(&qde_path, qde.strip_prefix('\u{feff}').unwrap_or(&qde))?;
        if xml.name != "Project" {
            return Err(fail("project.qde has no <Project> root element".into()));
        }
        Ok(Project {
            path: path.to_owned(),
            xml,
            archive,
        })
    }

    /// The plain text of a TextSource: its `PlainTextContent`, or the archive file its
    /// `plainTextPath` names (`internal://X.txt` is `sources/X.txt`).
    pub fn source_text(&mut self, source: &Element) -> Result<String> {
        if let Some(content) = source.child("PlainTextContent") {
            return Ok(content.text.clone());
        }
        let fail = |why: String| Error::input(&self.path, None, None, why);
        let Some(path) = source.attribute("plainTextPath") else {
            return Err(fail(format!(
                "the TextSource on line {} of project.qde has no text",
                source.line
            )));
        };
        let Some(name) = path.strip_prefix("internal://") else {
            return Err(fail(format!(
                "the TextSource on line {} keeps its text outside the project; export it \
                 with the sources included",
                source.line
            )));
        };
        let text = read_entry(&mut self.archive, &format!("sources/{name}"))
            .map_err(|why| fail(format!("sources/{name}: {why}")))?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
    }
}

fn read_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    name: &str,
) -> std::result::Result<String, String> {
    let mut entry = archive
        .by_name(name)
        .map_err(|_| "missing from the archive".to_owned())?;
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .map_err(|_| "not readable UTF-8 text".to_owned())?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nesting_attributes_text_and_entities() {
        let xml = "<?xml version=\"1.0\"?>\n<q:A xmlns:q=\"urn:x\" k=\"a &amp; b\">\n\
                   <B>x &lt; y &#233;<![CDATA[<z>]]></B><C/></q:A>";
        let root = Element::parse(Path::new("t.xml"), xml).unwrap();
        assert_eq!(root.name, "A");
        assert_eq!(root.attribute("k"), Some("a & b"));
        assert_eq!(root.child("B").unwrap().text, "x < y é<z>");
        assert_eq!(root.child("B").unwrap().line, 3);
        assert_eq!(root.children.len(), 2);
    }

    #[test]
    fn malformed_xml_names_file_and_line_without_quoting() {
        let e = Element::parse(Path::new("book.qdc"), "<A>\n<B secret=\"x\">\n</A>").unwrap_err();
        let message = e.to_string();
        assert!(message.contains("book.qdc"), "{message}");
        assert!(
            message.contains("row 3") || message.contains("line 3"),
            "{message}"
        );
        assert!(!message.contains("secret"), "{message}");
    }
}
