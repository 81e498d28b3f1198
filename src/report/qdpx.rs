//! REFI-QDA export: `project.qdpx` (QDA-XML project, read by NVivo, ATLAS.ti, MAXQDA and
//! QualCoder) and `codebook.qdc` (the codebook alone).
//!
//! Each input file is one `TextSource` whose text is the redacted records one after another
//! (transcript turns as `P03: text`, comments as they are), separated by blank lines; every
//! coded segment becomes a `PlainTextSelection` with a `Coding` per code. Positions are
//! Unicode code points, end exclusive, as the standard requires. GUIDs are derived from the
//! run's content, so an identical run gives an identical file. Elements follow the order the
//! QDA-XML 1.0 schema prescribes (Users, CodeBook, Sources; Description before child Codes;
//! PlainTextSelection before VariableValue).

use super::page::escape;
use super::{Output, RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::themes::ThemeModel;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// A GUID in the QDA-XML pattern (8-4-4-4-12 hex) derived from `key`.
fn guid(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-5{}-a{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// The `<Codes>` element: parents as non-codable groups holding their themes.
fn codes_xml(model: &ThemeModel, run_key: &str) -> String {
    let mut out = String::from("<Codes>");
    let code = |out: &mut String, code: &str, name: &str, description: &str, codable: bool| {
        let _ = write!(
            out,
            "<Code guid=\"{}\" name=\"{}\" isCodable=\"{codable}\"><Description>{}</Description>",
            guid(&format!("{run_key}/code/{code}")),
            escape(name),
            escape(description)
        );
    };
    for parent in &model.parents {
        code(
            &mut out,
            &parent.code,
            &parent.name,
            &description(model, &parent.code, &parent.keywords),
            false,
        );
        for &t in &parent.themes {
            let theme = &model.themes[t - 1];
            code(
                &mut out,
                &theme.code,
                &theme.name,
                &description(model, &theme.code, &theme.keywords),
                true,
            );
            out.push_str("</Code>");
        }
        out.push_str("</Code>");
    }
    for theme in model.themes.iter().filter(|t| t.parent.is_none()) {
        code(
            &mut out,
            &theme.code,
            &theme.name,
            &description(model, &theme.code, &theme.keywords),
            true,
        );
        out.push_str("</Code>");
    }
    out.push_str("</Codes>");
    out
}

/// A code's description in the codebook it came from (if any), then a `Keywords:` line, which
/// the codebook import reads back as keywords.
fn description(model: &ThemeModel, code: &str, keywords: &[String]) -> String {
    let keywords = format!("Keywords: {}", keywords.join(", "));
    match model.codebook.codes.iter().find(|c| c.id == code) {
        Some(c) if !c.description.trim().is_empty() => {
            format!("{}\n{keywords}", c.description.trim())
        }
        _ => keywords,
    }
}

/// One source document: its name, the records it holds (one after another in the input) and
/// the code-point offset of each record's text in it. The text itself is never held whole:
/// it is streamed into the archive ([`write_text`]).
struct Document {
    name: String,
    first: usize,
    /// Per record from `first` on: where its text starts.
    offsets: Vec<usize>,
}

impl Document {
    fn records(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.offsets.len()
    }
}

/// What goes before a record's text in its document: `P03: ` for a transcript turn.
fn prefix(run: &RunOutput<'_>, record: usize) -> String {
    let dataset = &run.state.dataset;
    match dataset.records[record].meta.get(1) {
        Some(speaker) if dataset.format.is_transcript() && !speaker.is_empty() => {
            format!("{speaker}: ")
        }
        _ => String::new(),
    }
}

fn documents(run: &RunOutput<'_>) -> Vec<Document> {
    let dataset = &run.state.dataset;
    let mut docs: Vec<Document> = Vec::new();
    let transcript = dataset.format.is_transcript();
    let file_name = Path::new(&run.state.source_name)
        .file_stem()
        .map_or_else(|| "source".to_owned(), |s| s.to_string_lossy().into_owned());
    // Code points in the document so far, kept as it grows (recounting was quadratic).
    let mut chars = 0;
    for (i, record) in dataset.records.iter().enumerate() {
        let name = if transcript {
            &record.meta[0]
        } else {
            &file_name
        };
        if docs.last().is_none_or(|d| d.name != *name) {
            docs.push(Document {
                name: name.clone(),
                first: i,
                offsets: Vec::new(),
            });
            chars = 0;
        }
        let doc = docs.last_mut().expect("pushed above");
        if !doc.offsets.is_empty() {
            chars += 2;
        }
        chars += prefix(run, i).chars().count();
        doc.offsets.push(chars);
        chars += record.text.chars().count();
    }
    docs
}

/// A document's text: its records with their prefixes, separated by blank lines.
fn write_text(run: &RunOutput<'_>, doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    for i in doc.records() {
        if i > doc.first {
            out.write_all(b"\n\n")?;
        }
        out.write_all(prefix(run, i).as_bytes())?;
        out.write_all(run.state.dataset.records[i].text.as_bytes())?;
    }
    Ok(())
}

/// Where each record sits in `project.qdpx`: the source documents' names, and per record its
/// document and the code point its text starts at. `segments.csv` gives each segment's place
/// from these.
pub(super) struct Positions {
    pub names: Vec<String>,
    pub of_record: Vec<(usize, usize)>,
}

pub(super) fn record_positions(run: &RunOutput<'_>) -> Positions {
    let docs = documents(run);
    let mut of_record = vec![(0, 0); run.state.dataset.records.len()];
    for (d, doc) in docs.iter().enumerate() {
        for (record, &offset) in doc.records().zip(&doc.offsets) {
            of_record[record] = (d, offset);
        }
    }
    Positions {
        names: docs.into_iter().map(|d| d.name).collect(),
        of_record,
    }
}

/// Writes `project.qde` (streamed: a million comments' selections are never one string) and
/// returns the source documents, whose texts go into the archive next.
fn write_project(
    run: &RunOutput<'_>,
    model: &ThemeModel,
    out: &mut dyn Write,
) -> std::io::Result<Vec<(String, Document)>> {
    let state = run.state;
    let run_key = format!("{}/{}", state.config.name, state.input_sha256);
    let user = guid(&format!("{run_key}/user"));
    let docs = documents(run);
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{PROJECT_NS}\" \
         name=\"{}\" origin=\"Verbatim {}\" creatingUserGUID=\"{user}\">\
         <Users><User guid=\"{user}\" name=\"Verbatim\"/></Users><CodeBook>{}</CodeBook><Sources>",
        escape(&state.config.name),
        env!("CARGO_PKG_VERSION"),
        codes_xml(model, &run_key)
    )?;
    let mut sources = Vec::with_capacity(docs.len());
    // Segments come in record order and documents are runs of records: one walk covers both.
    let mut segments = state.segments.iter().enumerate().peekable();
    for doc in docs {
        let source = guid(&format!("{run_key}/source/{}", doc.name));
        write!(
            out,
            "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\" \
             creatingUser=\"{user}\">",
            escape(&doc.name)
        )?;
        let records = doc.records();
        while let Some((s, seg)) = segments.next_if(|(_, seg)| seg.record < records.end) {
            let codes: Vec<usize> = model.codes_of(s).collect();
            if codes.is_empty() {
                continue;
            }
            let record = &state.dataset.records[seg.record];
            let start =
                doc.offsets[seg.record - doc.first] + record.text[..seg.start].chars().count();
            let end = start + record.text[seg.start..seg.end].chars().count();
            write!(
                out,
                "<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" \
                 endPosition=\"{end}\" creatingUser=\"{user}\">",
                guid(&format!("{run_key}/selection/{s}")),
                escape(&format!("{} segment {}", record.id, s + 1))
            )?;
            for code in codes {
                let theme = &model.themes[code - 1];
                write!(
                    out,
                    "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                    guid(&format!("{run_key}/coding/{s}/{code}")),
                    guid(&format!("{run_key}/code/{}", theme.code))
                )?;
            }
            out.write_all(b"</PlainTextSelection>")?;
        }
        out.write_all(b"</TextSource>")?;
        sources.push((format!("sources/{source}.txt"), doc));
    }
    out.write_all(b"</Sources></Project>\n")?;
    Ok(sources)
}

fn zip_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Output, format!("writing project.qdpx: {e}"))
}

/// `project.qdpx`.
pub struct Qdpx;

impl Sink for Qdpx {
    fn file_name(&self) -> &'static str {
        "project.qdpx"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state.themes.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let Some(model) = &run.state.themes else {
            return Ok(());
        };
        let mut zip = zip::ZipWriter::new(out);
        // A fixed timestamp keeps the archive byte-identical between identical runs; the
        // fastest deflate level, since at a million comments compressing was the slowest write.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        // Small writes are gathered first: the compressor does better on large ones.
        zip.start_file("project.qde", options).map_err(zip_error)?;
        let mut entry = std::io::BufWriter::with_capacity(1 << 16, &mut zip);
        let sources = write_project(run, model, &mut entry).map_err(zip_error)?;
        entry.flush().map_err(zip_error)?;
        drop(entry);
        for (name, doc) in sources {
            zip.start_file(name, options).map_err(zip_error)?;
            let mut entry = std::io::BufWriter::with_capacity(1 << 16, &mut zip);
            write_text(run, &doc, &mut entry).map_err(zip_error)?;
            entry.flush().map_err(zip_error)?;
        }
        zip.finish().map_err(zip_error)?;
        Ok(())
    }
}

/// `codebook.qdc`: the codebook alone, for importing into a QDA tool.
pub struct Qdc;

impl Sink for Qdc {
    fn file_name(&self) -> &'static str {
        "codebook.qdc"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state.themes.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let Some(model) = &run.state.themes else {
            return Ok(());
        };
        let state = run.state;
        let run_key = format!("{}/{}", state.config.name, state.input_sha256);
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{CODEBOOK_NS}\" \
             origin=\"Verbatim {}\">{}</CodeBook>\n",
            env!("CARGO_PKG_VERSION"),
            codes_xml(model, &run_key)
        );
        out.write_all(xml.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Output, format!("writing codebook.qdc: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_follow_the_qda_xml_pattern_and_are_stable() {
        let g = guid("x");
        assert_eq!(g, guid("x"));
        assert_ne!(g, guid("y"));
        let parts: Vec<&str> = g.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }
}
