//! DOCX transcripts: the paragraphs of `word/document.xml`, one line each, for the plain-text
//! transcript parser.
//!
//! A paragraph's text is the text of its runs (`w:t`) in order, `w:tab` as a tab and `w:br` /
//! `w:cr` as a line break; table cells are read row by row. Deleted revisions (`w:delText`),
//! field codes (`w:instrText`), comments and footnotes are not body text and are left out.

use crate::error::{Error, ErrorKind, Result};
use crate::xml::Element;
use std::io::Read;
use std::path::Path;

/// The document's paragraphs as lines of text (line n is paragraph n, counting empty ones).
pub fn text(path: &Path) -> Result<String> {
    let fail = |why: String| Error::input(path, None, None, why);
    let file = std::fs::File::open(path).map_err(|e| Error::io(ErrorKind::Input, path, e))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|_| fail("not a DOCX file (a .docx is a zip archive)".into()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| fail("not a DOCX file: it has no word/document.xml".into()))?
        .read_to_string(&mut xml)
        .map_err(|_| fail("word/document.xml is not readable UTF-8".into()))?;
    let root = Element::parse(&path.join("word/document.xml"), &xml)?;
    let Some(body) = root.child("body") else {
        return Err(fail("word/document.xml has no document body".into()));
    };
    let mut lines = Vec::new();
    paragraphs(body, &mut lines);
    Ok(lines.join("\n"))
}

/// Appends the text of every paragraph under `element`, in document order.
fn paragraphs(element: &Element, lines: &mut Vec<String>) {
    for child in &element.children {
        if child.name == "p" {
            let mut line = String::new();
            runs(child, &mut line);
            lines.push(line);
        } else {
            paragraphs(child, lines);
        }
    }
}

/// Appends the run text under a paragraph.
fn runs(element: &Element, out: &mut String) {
    for child in &element.children {
        match child.name.as_str() {
            "t" => out.push_str(&child.text),
            "tab" => out.push('\t'),
            "br" | "cr" => out.push('\n'),
            "del" | "instrText" | "delText" => {}
            _ => runs(child, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn docx(dir: &Path, body: &str) -> std::path::PathBuf {
        let path = dir.join("t.docx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options).unwrap();
        write!(
            zip,
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"urn:w\"><w:body>{body}</w:body></w:document>"
        )
        .unwrap();
        zip.finish().unwrap();
        path
    }

    #[test]
    fn runs_tabs_breaks_tables_and_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<w:p><w:r><w:t>Moderator: Wel</w:t></w:r><w:proofErr/><w:r><w:t xml:space=\"preserve\">come </w:t></w:r>\
                    <w:del><w:r><w:delText>all</w:delText></w:r></w:del><w:r><w:t>everyone.</w:t></w:r></w:p>\
                    <w:p/>\
                    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>P1:</w:t><w:tab/><w:t>Late</w:t><w:br/><w:t>again.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let text = text(&docx(dir.path(), body)).unwrap();
        assert_eq!(text, "Moderator: Welcome everyone.\n\nP1:\tLate\nagain.");
    }

    #[test]
    fn a_file_that_is_not_docx_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.docx");
        std::fs::write(&path, "plain text").unwrap();
        let e = text(&path).unwrap_err();
        assert!(e.to_string().contains("notes.docx"), "{e}");
        assert!(e.to_string().contains("not a DOCX file"), "{e}");
    }
}
