//! Reading REFI-QDA files written by QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder): a
//! codebook (`.qdc`) or a project (`.qdpx`, a zip holding `project.qde` and the source texts).
//!
//! The files are small, so they are read into a plain element tree ([`Element`]); namespace
//! prefixes are dropped, since every tool writes the one QDA-XML namespace. Writing them is
//! [`crate::report`]'s job (`project.qdpx`, `codebook.qdc`).

mod coding;

pub use coding::{selections, source_texts, Selection};

pub use crate::xml::Element;

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

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
