//! A small XML element tree, for the XML inside the files Verbatim reads (REFI-QDA projects
//! and codebooks, DOCX transcripts). The files are small, so a tree is simpler than streaming;
//! namespace prefixes are dropped, since each format uses one namespace per element name.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use std::path::Path;

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
