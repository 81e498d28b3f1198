//! Reading the two sides of an agreement check: a human coding file (CSV, or a REFI-QDA
//! project coded in a QDA tool) and a run's `segments.csv` (plus its codebook, to accept code
//! names as well as ids).

use super::align::{HumanCode, MachineSegment, Place};
use crate::codebook::Codebook;
use crate::error::{Error, Result};
use crate::outputs::schema::segments;
use crate::outputs::{cell, OutputTable};
use crate::qda;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The coder name of Verbatim's own codings in the `project.qdpx` it exports; a project that
/// started as that export still holds them, and they are the machine's, not a person's.
const MACHINE_CODER: &str = "Verbatim";

/// Reads human coding from `path`: a `.qdpx` project (see [`human_codes_qdpx`]) or a CSV file
/// (see [`human_codes_csv`]).
pub fn human_codes(
    path: &Path,
    codebook: &Codebook,
    machine: &[MachineSegment],
) -> Result<Vec<HumanCode>> {
    let is_qdpx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"));
    if is_qdpx {
        human_codes_qdpx(path, codebook, machine)
    } else {
        human_codes_csv(path, codebook)
    }
}

/// Reads the codings people made in a QDA tool on the `project.qdpx` a run exported (imported,
/// coded, exported again as `.qdpx`). Each coded selection becomes a span on every comment it
/// touches; codes are matched to the run's codebook by name. A coder counts as having reviewed
/// every comment of each source they coded anything in. Codings by the user `Verbatim` (the
/// run's own) are left out. The sources must hold the run's text: each machine segment's text
/// is checked at its place, so positions can be trusted.
pub fn human_codes_qdpx(
    path: &Path,
    codebook: &Codebook,
    machine: &[MachineSegment],
) -> Result<Vec<HumanCode>> {
    let fail = |why: String| Error::input(path, None, None, why);
    let mut project = qda::Project::open(path)?;
    let selections = qda::selections(&project)?;
    let texts = qda::source_texts(&mut project)?;
    // Per source, per comment: where the comment starts and ends in the source's text.
    let mut extents: BTreeMap<&str, BTreeMap<&str, (usize, usize)>> = BTreeMap::new();
    for seg in machine {
        let Some(place) = &seg.place else { continue };
        if let Some(text) = texts.get(&place.source) {
            let found: String = text
                .chars()
                .skip(place.start)
                .take(place.text.chars().count())
                .collect();
            if found != place.text {
                return Err(fail(format!(
                    "source '{}' does not hold the machine run's text (comment id '{}'); code \
                     the project.qdpx that run wrote",
                    place.source, seg.comment
                )));
            }
        }
        let base = place.start.saturating_sub(seg.start);
        let extent = extents
            .entry(place.source.as_str())
            .or_default()
            .entry(seg.comment.as_str())
            .or_insert((base, base));
        extent.1 = extent.1.max(place.start + (seg.end - seg.start));
    }
    if extents.is_empty() {
        return Err(fail(
            "the machine run's segments.csv has no REFI-QDA places (qda_source); rerun it with \
             this version of Verbatim"
                .into(),
        ));
    }
    let mut rows = Vec::new();
    let mut reviewed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for selection in &selections {
        if selection.coder == MACHINE_CODER {
            continue;
        }
        let Some(comments) = extents.get(selection.source.as_str()) else {
            return Err(fail(format!(
                "source '{}' is not in the machine run",
                selection.source
            )));
        };
        reviewed.insert((selection.coder.as_str(), selection.source.as_str()));
        for (comment, &(base, end)) in comments {
            if selection.start < end && selection.end > base {
                rows.push(HumanCode {
                    coder: selection.coder.clone(),
                    comment: (*comment).to_owned(),
                    span: Some((selection.start.saturating_sub(base), selection.end - base)),
                    code: Some(code_id(&selection.code, codebook)),
                });
            }
        }
    }
    if reviewed.is_empty() {
        return Err(fail(
            "the project holds no codings by a person (only the machine's own, if any)".into(),
        ));
    }
    for (coder, source) in reviewed {
        for comment in extents[source].keys() {
            rows.push(HumanCode {
                coder: coder.to_owned(),
                comment: (*comment).to_owned(),
                span: None,
                code: None,
            });
        }
    }
    Ok(rows)
}

/// Reads a human coding CSV: `id` (comment id) and `code` (code id or name; empty = reviewed,
/// nothing applies) are required; `coder` (default `human`), `start` and `end` (Unicode code
/// points into the comment, end exclusive) are optional. Errors name the file, row and column.
pub fn human_codes_csv(path: &Path, codebook: &Codebook) -> Result<Vec<HumanCode>> {
    let fail =
        |row: Option<usize>, col: Option<&str>, why: String| Error::input(path, row, col, why);
    let mut reader = csv::Reader::from_path(path).map_err(|e| fail(None, None, e.to_string()))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| fail(Some(1), None, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let required = |name: &str| {
        at(name).ok_or_else(|| fail(Some(1), Some(name), "required column is missing".into()))
    };
    let (id_at, code_at) = (required("id")?, required("code")?);
    let (coder_at, start_at, end_at) = (at("coder"), at("start"), at("end"));
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| fail(Some(row), None, e.to_string()))?;
        let cell = |at: usize| record.get(at).unwrap_or("").trim();
        let offset = |at: Option<usize>, name: &str| -> Result<Option<usize>> {
            match at.map(cell).filter(|c| !c.is_empty()) {
                None => Ok(None),
                Some(c) => c.parse().map(Some).map_err(|_| {
                    fail(
                        Some(row),
                        Some(name),
                        "must be a whole number of characters".into(),
                    )
                }),
            }
        };
        let span = match (offset(start_at, "start")?, offset(end_at, "end")?) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            (None, None) => None,
            _ => {
                return Err(fail(
                    Some(row),
                    Some("start"),
                    "start and end must both be given, with start < end".into(),
                ))
            }
        };
        let id = cell(id_at);
        if id.is_empty() {
            return Err(fail(Some(row), Some("id"), "empty comment id".into()));
        }
        let code = cell(code_at);
        rows.push(HumanCode {
            coder: coder_at
                .map(cell)
                .filter(|c| !c.is_empty())
                .unwrap_or("human")
                .to_owned(),
            comment: id.to_owned(),
            span,
            code: (!code.is_empty()).then(|| code_id(code, codebook)),
        });
    }
    Ok(rows)
}

/// The codebook id for a code given by id or by name (case-insensitive); unknown codes are kept
/// as given (the machine never applies them, which the figures then show).
fn code_id(code: &str, codebook: &Codebook) -> String {
    codebook
        .codes
        .iter()
        .find(|c| c.id == code)
        .or_else(|| {
            codebook
                .codes
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(code))
        })
        .map_or_else(|| code.to_owned(), |c| c.id.clone())
}

/// Reads a run's `segments.csv`: every analysed segment with its codes and, when the run wrote
/// `project.qdpx`, its place there.
pub fn machine_segments(run_dir: &Path) -> Result<Vec<MachineSegment>> {
    let table = OutputTable::read(&run_dir.join(segments::FILE))?;
    let (id, start, end, theme, others, text) = (
        table.column(segments::ID)?,
        table.column(segments::START)?,
        table.column(segments::END)?,
        table.column(segments::THEME_ID)?,
        table.column(segments::OTHER_THEME_IDS)?,
        table.column(segments::TEXT)?,
    );
    // Runs from before the REFI-QDA export have no places.
    let (source, source_start) = (
        table.column(segments::QDA_SOURCE).ok(),
        table.column(segments::QDA_START).ok(),
    );
    let mut out = Vec::new();
    for (row, record) in table.rows() {
        let number = |at: usize, name: &str| {
            cell(record, at)
                .parse::<usize>()
                .map_err(|_| table.error(row, name, "not a character offset"))
        };
        let mut codes: BTreeSet<String> = cell(record, others)
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if cell(record, theme) != "uncoded" {
            codes.insert(cell(record, theme).to_owned());
        }
        let place = match (source, source_start) {
            (Some(s), Some(at)) if !cell(record, s).is_empty() => Some(Place {
                source: cell(record, s).to_owned(),
                start: number(at, "qda_start")?,
                text: cell(record, text).to_owned(),
            }),
            _ => None,
        };
        out.push(MachineSegment {
            comment: cell(record, id).to_owned(),
            start: number(start, "start")?,
            end: number(end, "end")?,
            codes,
            place,
        });
    }
    Ok(out)
}
