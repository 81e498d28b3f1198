//! Putting human and machine codes on the same units.
//!
//! The unit is a machine segment (a sentence or clause of a comment) or a whole comment. A
//! human code given for a span `[start, end)` of a comment (Unicode code points, end
//! exclusive, as in `segments.csv` and REFI-QDA selections) marks every segment of that comment
//! whose overlap with the span is at least half of the shorter of the two: a highlighted phrase
//! inside a long sentence marks that sentence, and a span running over a sentence boundary by a
//! few characters does not mark the next one. At comment level a comment has a code when any
//! of its human rows or machine segments has it. A coder reviewed the units their rows speak
//! about: the comment (comment level), the segments a span marks, or every segment of the
//! comment for a row with neither code nor span ("reviewed, nothing applies").

use std::collections::{BTreeMap, BTreeSet};

/// One machine-coded segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineSegment {
    pub comment: String,
    pub start: usize,
    pub end: usize,
    pub codes: BTreeSet<String>,
    /// Where the segment sits in the run's `project.qdpx`, when it wrote one.
    pub place: Option<Place>,
}

/// A segment's place in a REFI-QDA source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The TextSource's name.
    pub source: String,
    /// Code points into the source's text where the segment starts.
    pub start: usize,
    /// The segment's text, to check a human project holds the same text.
    pub text: String,
}

/// One row of a human coding file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HumanCode {
    pub coder: String,
    pub comment: String,
    pub span: Option<(usize, usize)>,
    /// `None`: the coder reviewed the comment and applied no code.
    pub code: Option<String>,
}

/// What one decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Segment,
    Comment,
}

impl Unit {
    /// As outputs name it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Segment => "segment",
            Unit::Comment => "comment",
        }
    }
}

/// Codes per unit for the machine and for each human coder (`None`: not reviewed).
#[derive(Debug, Clone, PartialEq)]
pub struct Aligned {
    /// (comment id, segment number from 1; 0 for comment units).
    pub units: Vec<(String, usize)>,
    pub machine: Vec<BTreeSet<String>>,
    pub human: BTreeMap<String, Vec<Option<BTreeSet<String>>>>,
}

impl Aligned {
    /// Every code used by anyone, sorted.
    pub fn codes(&self) -> BTreeSet<String> {
        let mut all: BTreeSet<String> = self.machine.iter().flatten().cloned().collect();
        for units in self.human.values() {
            all.extend(units.iter().flatten().flatten().cloned());
        }
        all
    }
}

/// Aligns the human rows with the machine segments. Errors (as text for the caller to place)
/// for a human comment id the machine never saw, or a missing span at segment level.
pub fn align(
    machine: &[MachineSegment],
    human: &[HumanCode],
    unit: Unit,
) -> Result<Aligned, String> {
    let mut by_comment: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, seg) in machine.iter().enumerate() {
        by_comment.entry(seg.comment.as_str()).or_default().push(i);
    }
    let mut units = Vec::new();
    let mut machine_codes = Vec::new();
    let mut index: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (comment, segs) in &by_comment {
        match unit {
            Unit::Segment => {
                for (k, &i) in segs.iter().enumerate() {
                    index.entry(comment).or_default().push(units.len());
                    units.push(((*comment).to_owned(), k + 1));
                    machine_codes.push(machine[i].codes.clone());
                }
            }
            Unit::Comment => {
                index.entry(comment).or_default().push(units.len());
                units.push(((*comment).to_owned(), 0));
                machine_codes.push(
                    segs.iter()
                        .flat_map(|&i| machine[i].codes.clone())
                        .collect(),
                );
            }
        }
    }
    let mut human_codes: BTreeMap<String, Vec<Option<BTreeSet<String>>>> = BTreeMap::new();
    for row in human {
        let Some(unit_ids) = index.get(row.comment.as_str()) else {
            return Err(format!(
                "comment id '{}' is not in the machine run's segments.csv",
                row.comment
            ));
        };
        let coded = human_codes
            .entry(row.coder.clone())
            .or_insert_with(|| vec![None; units.len()]);
        // The units this row speaks about: the comment, the segments its span marks, or (a
        // span-less "nothing applies" row at segment level) every segment of the comment.
        let targets: Vec<usize> = match (unit, row.span) {
            (Unit::Comment, _) => vec![unit_ids[0]],
            (Unit::Segment, Some((start, end))) => unit_ids
                .iter()
                .zip(&by_comment[row.comment.as_str()])
                .filter(|(_, &i)| {
                    let seg = &machine[i];
                    let overlap = end.min(seg.end).saturating_sub(start.max(seg.start));
                    let shorter = (end - start).min(seg.end - seg.start).max(1);
                    2 * overlap >= shorter
                })
                .map(|(&u, _)| u)
                .collect(),
            (Unit::Segment, None) if row.code.is_none() => unit_ids.clone(),
            (Unit::Segment, None) => {
                return Err(format!(
                    "segment-level agreement needs start and end for every code \
                     (comment id '{}'); use --unit comment",
                    row.comment
                ))
            }
        };
        for u in targets {
            let set = coded[u].get_or_insert_with(BTreeSet::new);
            if let Some(code) = &row.code {
                set.insert(code.clone());
            }
        }
    }
    Ok(Aligned {
        units,
        machine: machine_codes,
        human: human_codes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(comment: &str, start: usize, end: usize, codes: &[&str]) -> MachineSegment {
        MachineSegment {
            comment: comment.into(),
            start,
            end,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            place: None,
        }
    }

    fn human(comment: &str, span: Option<(usize, usize)>, code: Option<&str>) -> HumanCode {
        HumanCode {
            coder: "h1".into(),
            comment: comment.into(),
            span,
            code: code.map(str::to_owned),
        }
    }

    #[test]
    fn spans_mark_segments_they_half_cover() {
        let machine = [
            seg("A", 0, 40, &["late"]),
            seg("A", 41, 80, &["rude"]),
            seg("B", 0, 30, &[]),
        ];
        let rows = [
            // A phrase inside segment 1, spilling 3 characters into segment 2.
            human("A", Some((20, 44)), Some("late")),
            // Comment B reviewed, nothing applies.
            human("B", None, None),
        ];
        let a = align(&machine, &rows, Unit::Segment).unwrap();
        assert_eq!(a.units.len(), 3);
        let h = &a.human["h1"];
        assert_eq!(h[0].as_ref().unwrap().len(), 1, "segment 1 gets 'late'");
        assert!(
            h[1].is_none(),
            "3 characters do not mark (or review) segment 2"
        );
        assert!(h[2].as_ref().unwrap().is_empty());
        assert_eq!(a.codes().len(), 2);

        let c = align(&machine, &rows, Unit::Comment).unwrap();
        assert_eq!(c.units, vec![("A".into(), 0), ("B".into(), 0)]);
        assert_eq!(c.machine[0].len(), 2);
        assert!(align(&machine, &[human("Z", None, None)], Unit::Comment).is_err());
        assert!(align(&machine, &[human("A", None, Some("late"))], Unit::Segment).is_err());
    }
}
