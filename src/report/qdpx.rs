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

use super::html::escape;
use super::{RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::themes::ThemeModel;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

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

/// One source document: its name, text, and the code-point offset of each record's text.
struct Document {
    name: String,
    text: String,
    /// Code points in `text`, kept as it grows (counting it afresh per record was quadratic).
    chars: usize,
    offsets: BTreeMap<usize, usize>,
}

fn documents(run: &RunOutput<'_>) -> Vec<Document> {
    let dataset = &run.state.dataset;
    let mut docs: Vec<Document> = Vec::new();
    let transcript = dataset.format.is_transcript();
    let file_name = dataset
        .source
        .file_stem()
        .map_or_else(|| "source".to_owned(), |s| s.to_string_lossy().into_owned());
    for (i, record) in dataset.records.iter().enumerate() {
        let (name, prefix) = if transcript {
            let speaker = &record.meta[1];
            let prefix = if speaker.is_empty() {
                String::new()
            } else {
                format!("{speaker}: ")
            };
            (record.meta[0].clone(), prefix)
        } else {
            (file_name.clone(), String::new())
        };
        if docs.last().is_none_or(|d| d.name != name) {
            docs.push(Document {
                name,
                text: String::new(),
                chars: 0,
                offsets: BTreeMap::new(),
            });
        }
        let doc = docs.last_mut().expect("pushed above");
        if !doc.text.is_empty() {
            doc.text.push_str("\n\n");
            doc.chars += 2;
        }
        doc.text.push_str(&prefix);
        doc.chars += prefix.chars().count();
        doc.offsets.insert(i, doc.chars);
        doc.text.push_str(&record.text);
        doc.chars += record.text.chars().count();
    }
    docs
}

/// Per record: the name of the source document it sits in, and where its text starts there
/// (code points). `segments.csv` gives each segment's place in `project.qdpx` from these.
pub(super) fn record_positions(run: &RunOutput<'_>) -> Vec<(String, usize)> {
    let mut positions = vec![(String::new(), 0); run.state.dataset.records.len()];
    for doc in documents(run) {
        for (&record, &offset) in &doc.offsets {
            positions[record] = (doc.name.clone(), offset);
        }
    }
    positions
}

/// Builds `project.qde` and the source texts (`sources/<guid>.txt`).
fn project(run: &RunOutput<'_>, model: &ThemeModel) -> (String, Vec<(String, String)>) {
    let state = run.state;
    let run_key = format!("{}/{}", state.config.name, state.input_sha256);
    let user = guid(&format!("{run_key}/user"));
    let docs = documents(run);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{PROJECT_NS}\" \
         name=\"{}\" origin=\"Verbatim {}\" creatingUserGUID=\"{user}\">\
         <Users><User guid=\"{user}\" name=\"Verbatim\"/></Users><CodeBook>{}</CodeBook><Sources>",
        escape(&state.config.name),
        env!("CARGO_PKG_VERSION"),
        codes_xml(model, &run_key)
    );
    let mut files = Vec::new();
    let texts = state.segment_texts();
    for doc in &docs {
        let source = guid(&format!("{run_key}/source/{}", doc.name));
        let _ = write!(
            xml,
            "<TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\" \
             creatingUser=\"{user}\">",
            escape(&doc.name)
        );
        for (s, seg) in state.segments.iter().enumerate() {
            let Some(&base) = doc.offsets.get(&seg.record) else {
                continue;
            };
            let codes: Vec<usize> = model.codes_of(s).collect();
            if codes.is_empty() {
                continue;
            }
            let text = &state.dataset.records[seg.record].text;
            let start = base + text[..seg.start].chars().count();
            let end = start + texts[s].chars().count();
            let id = &state.dataset.records[seg.record].id;
            let _ = write!(
                xml,
                "<PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" \
                 endPosition=\"{end}\" creatingUser=\"{user}\">",
                guid(&format!("{run_key}/selection/{s}")),
                escape(&format!("{id} segment {}", s + 1))
            );
            for code in codes {
                let theme = &model.themes[code - 1];
                let _ = write!(
                    xml,
                    "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                    guid(&format!("{run_key}/coding/{s}/{code}")),
                    guid(&format!("{run_key}/code/{}", theme.code))
                );
            }
            xml.push_str("</PlainTextSelection>");
        }
        xml.push_str("</TextSource>");
        files.push((format!("sources/{source}.txt"), doc.text.clone()));
    }
    xml.push_str("</Sources></Project>\n");
    (xml, files)
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

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
        let Some(model) = &run.state.themes else {
            return Ok(());
        };
        let (qde, sources) = project(run, model);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // A fixed timestamp keeps the archive byte-identical between identical runs.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        zip.start_file("project.qde", options).map_err(zip_error)?;
        zip.write_all(qde.as_bytes()).map_err(zip_error)?;
        for (name, text) in sources {
            zip.start_file(name, options).map_err(zip_error)?;
            zip.write_all(text.as_bytes()).map_err(zip_error)?;
        }
        let bytes = zip.finish().map_err(zip_error)?.into_inner();
        out.write_all(&bytes).map_err(zip_error)
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

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
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
