//! Agreement between machine coding and human coders: per code and overall, Cohen's κ,
//! precision and recall of the machine against each human coder, and Krippendorff's α across
//! every coder (the machine counted as one).

pub mod align;
pub mod read;
pub mod stats;
mod write;

use crate::codebook::Codebook;
use crate::error::{Error, Result};
use align::{Aligned, Unit};
use stats::{krippendorff_alpha_nominal, Confusion};
use std::path::Path;

/// The unit agreement is measured on, as asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitChoice {
    Segment,
    Comment,
    /// Segment when the human file gives a span for every code, else comment.
    Auto,
}

/// What `verbatim agree` measured.
#[derive(Debug, Clone)]
pub struct Agreement {
    pub unit: Unit,
    /// Units some human coder reviewed.
    pub reviewed: usize,
    pub rows: Vec<AgreementRow>,
}

/// `verbatim agree`: reads the machine run in `machine` and the human coding in `human`,
/// aligns them on `unit` and writes `agreement.csv` into `out` (replaced atomically).
pub fn run(human: &Path, machine: &Path, unit: UnitChoice, out: &Path) -> Result<Agreement> {
    let codebook = Codebook::load(&machine.join(crate::outputs::schema::CODEBOOK_TOML))?;
    let segments = read::machine_segments(machine)?;
    let coded = read::human_codes(human, &codebook, &segments)?;
    let unit = match unit {
        UnitChoice::Segment => Unit::Segment,
        UnitChoice::Comment => Unit::Comment,
        UnitChoice::Auto if coded.iter().all(|h| h.code.is_none() || h.span.is_some()) => {
            Unit::Segment
        }
        UnitChoice::Auto => Unit::Comment,
    };
    let aligned = align::align(&segments, &coded, unit)
        .map_err(|why| Error::input(human, None, None, why))?;
    let rows = summarise(&aligned);
    let name_of = |code: &str| {
        codebook
            .codes
            .iter()
            .find(|c| c.id == code)
            .map_or_else(String::new, |c| c.name.clone())
    };
    write::write(out, &rows, unit.name(), &name_of)?;
    let reviewed = (0..aligned.units.len())
        .filter(|&u| aligned.human.values().any(|h| h[u].is_some()))
        .count();
    Ok(Agreement {
        unit,
        reviewed,
        rows,
    })
}

/// Agreement on one code (or on all codes pooled, `code = None`) with one human coder.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementRow {
    pub code: Option<String>,
    pub coder: String,
    /// Units the coder reviewed, with both coders' decisions.
    pub confusion: Confusion,
    pub kappa: Option<f64>,
    /// α over the human coders and the machine, for this code (the same on each coder's row).
    pub alpha: Option<f64>,
}

/// Per code, then pooled over codes (each unit × code is one decision), for every coder.
pub fn summarise(aligned: &Aligned) -> Vec<AgreementRow> {
    let all: Vec<String> = aligned.codes().into_iter().collect();
    let codes: Vec<Option<&String>> = all.iter().map(Some).chain([None]).collect();
    let decisions = |code: &str| -> Vec<Vec<Option<u32>>> {
        (0..aligned.units.len())
            .map(|u| {
                std::iter::once(Some(u32::from(aligned.machine[u].contains(code))))
                    .chain(
                        aligned
                            .human
                            .values()
                            .map(|h| h[u].as_ref().map(|set| u32::from(set.contains(code)))),
                    )
                    .collect()
            })
            .collect()
    };
    let mut rows = Vec::new();
    for code in &codes {
        let per_code: Vec<&String> = match code {
            Some(c) => vec![*c],
            None => all.iter().collect(),
        };
        let alpha_units: Vec<Vec<Option<u32>>> =
            per_code.iter().flat_map(|c| decisions(c)).collect();
        let alpha = krippendorff_alpha_nominal(&alpha_units);
        for (coder, human) in &aligned.human {
            let mut confusion = Confusion::default();
            for c in &per_code {
                for (u, reviewed) in human.iter().enumerate() {
                    if let Some(set) = reviewed {
                        confusion.add(set.contains(*c), aligned.machine[u].contains(*c));
                    }
                }
            }
            rows.push(AgreementRow {
                code: code.cloned(),
                coder: coder.clone(),
                confusion,
                kappa: confusion.kappa(),
                alpha,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::align::{align, HumanCode, MachineSegment, Unit};
    use super::*;

    #[test]
    fn per_code_and_pooled_rows_match_hand_counts() {
        // Four comments; the machine codes "late" on A, B and "rude" on C; the human codes
        // "late" on A and D and "rude" on C.
        let machine: Vec<MachineSegment> = [("A", "late"), ("B", "late"), ("C", "rude"), ("D", "")]
            .iter()
            .map(|(id, code)| MachineSegment {
                comment: id.to_string(),
                start: 0,
                end: 10,
                codes: Some(code.to_string())
                    .filter(|c| !c.is_empty())
                    .into_iter()
                    .collect(),
                place: None,
            })
            .collect();
        let human: Vec<HumanCode> = [("A", "late"), ("C", "rude"), ("D", "late"), ("B", "")]
            .iter()
            .map(|(id, code)| HumanCode {
                coder: "h1".into(),
                comment: id.to_string(),
                span: None,
                code: Some(code.to_string()).filter(|c| !c.is_empty()),
            })
            .collect();
        let rows = summarise(&align(&machine, &human, Unit::Comment).unwrap());
        assert_eq!(rows.len(), 3, "late, rude, pooled");
        // late: both A; machine only B; human only D; neither C → κ = (0.5 − 0.5)/(1 − 0.5) = 0.
        let late = &rows[0];
        assert_eq!(late.code.as_deref(), Some("late"));
        assert_eq!(
            late.confusion,
            Confusion {
                both: 1,
                reference_only: 1,
                other_only: 1,
                neither: 1
            }
        );
        assert_eq!(late.kappa, Some(0.0));
        // rude: perfect.
        assert_eq!(rows[1].kappa, Some(1.0));
        assert_eq!(rows[1].alpha, Some(1.0));
        // Pooled: 8 decisions, both 2, human only 1, machine only 1, neither 4:
        // pₒ = 0.75, pₑ = 0.375² + 0.625² = 0.53125, κ = 0.21875 / 0.46875 = 0.4667.
        let pooled = &rows[2];
        assert!(pooled.code.is_none());
        assert_eq!(pooled.confusion.units(), 8);
        assert!((pooled.kappa.unwrap() - 0.466_666_7).abs() < 1e-6);
    }
}
