//! Score KPIs mapped from metadata columns — NPS, CSAT, CES, FCR — each with a 95% interval,
//! overall, per theme (comments raising the theme) and per value of each frequency column.
//!
//! Blank cells are missing answers and are left out of a KPI's base; any other value that is
//! not a valid score is an input error naming the file, row and column (never the value).

pub use super::config::Kind;
use super::config::KpiConfig;
use crate::error::{Error, Result};
use crate::figures::inference::{self, Difference, Estimate, Z95};
use crate::record::Dataset;

/// One KPI column's answers, per record (`None` = blank or not analysed).
#[derive(Debug, Clone)]
pub struct Answers {
    pub kind: Kind,
    pub column: String,
    pub values: Vec<Option<f64>>,
}

/// Reads and checks every mapped KPI column.
pub fn read(config: &KpiConfig, dataset: &Dataset) -> Result<Vec<Answers>> {
    let mut out = Vec::new();
    for (kind, column) in config.columns() {
        let Some(column) = column else { continue };
        let idx = dataset.meta_index(column).ok_or_else(|| {
            Error::config(format!(
                "kpi.{}: column '{column}' is not listed in input.metadata_columns",
                kind.name()
            ))
        })?;
        let values = dataset
            .records
            .iter()
            .map(|r| {
                parse(kind, r.meta[idx].trim())
                    .map_err(|why| Error::input(&dataset.source, Some(r.row), Some(column), why))
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(Answers {
            kind,
            column: column.clone(),
            values,
        });
    }
    Ok(out)
}

/// One cell's answer: `None` when blank; the error says what a valid answer is.
pub fn parse(kind: Kind, cell: &str) -> std::result::Result<Option<f64>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    if kind == Kind::Fcr {
        return match cell.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "resolved" => Ok(Some(1.0)),
            "no" | "n" | "false" | "0" | "unresolved" => Ok(Some(0.0)),
            _ => Err("first-contact resolution must be yes or no".into()),
        };
    }
    let (low, high) = match kind {
        Kind::Nps => (0.0, 10.0),
        Kind::Csat => (1.0, 5.0),
        Kind::Ces => (1.0, 7.0),
        Kind::Fcr => unreachable!(),
    };
    match cell.parse::<f64>() {
        Ok(v) if (low..=high).contains(&v) && v.fract() == 0.0 => Ok(Some(v)),
        _ => Err(format!(
            "{} score must be a whole number from {low} to {high}",
            kind.name().to_uppercase()
        )),
    }
}

/// A KPI over one group: the estimate with its 95% interval, its standard error (in the
/// estimate's units) and the number of answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub estimate: Estimate,
    pub se: f64,
    pub n: usize,
}

/// The KPI over the answers of the given records, with its 95% interval and base.
pub fn estimate(
    kind: Kind,
    values: &[Option<f64>],
    records: &[usize],
) -> Option<(Estimate, usize)> {
    measure(kind, values, records).map(|m| (m.estimate, m.n))
}

/// The KPI over the answers of the given records; `None` when none answered.
pub fn measure(kind: Kind, values: &[Option<f64>], records: &[usize]) -> Option<Measure> {
    let mut tally = Tally::default();
    for v in records.iter().filter_map(|&i| values[i]) {
        tally.add(kind, v);
    }
    tally.measure(kind)
}

/// What a KPI's figure needs from a group's answers (scores are whole numbers, so sums are
/// exact). Tallies subtract: the answers outside a group are all answers minus the group's,
/// which makes "with / without this theme" linear in the comments for any number of themes.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    n: usize,
    /// NPS promoters; CSAT top-two-box; FCR yes.
    high: usize,
    /// NPS passives.
    middle: usize,
    /// NPS detractors.
    low: usize,
    /// CES sum and sum of squares.
    sum: f64,
    squares: f64,
}

impl Tally {
    pub fn add(&mut self, kind: Kind, v: f64) {
        self.n += 1;
        match kind {
            Kind::Nps if v >= 9.0 => self.high += 1,
            Kind::Nps if v >= 7.0 => self.middle += 1,
            Kind::Nps => self.low += 1,
            Kind::Csat => self.high += usize::from(v >= 4.0),
            Kind::Fcr => self.high += usize::from(v == 1.0),
            Kind::Ces => {
                self.sum += v;
                self.squares += v * v;
            }
        }
    }

    /// The answers in `self` but not in `part` (a subset of them).
    pub fn minus(&self, part: &Tally) -> Tally {
        Tally {
            n: self.n - part.n,
            high: self.high - part.high,
            middle: self.middle - part.middle,
            low: self.low - part.low,
            sum: self.sum - part.sum,
            squares: self.squares - part.squares,
        }
    }

    /// The figure with its interval and standard error; `None` without answers.
    pub fn measure(&self, kind: Kind) -> Option<Measure> {
        let n = self.n;
        let rate_se = |p: f64| 100.0 * (p * (1.0 - p) / n as f64).sqrt();
        let (estimate, se) = match kind {
            Kind::Nps => {
                let e = inference::nps(self.high, self.middle, self.low)?;
                let (pro, det) = (self.high as f64 / n as f64, self.low as f64 / n as f64);
                let var = pro + det - (pro - det).powi(2);
                (e, 100.0 * (var / n as f64).sqrt())
            }
            Kind::Csat | Kind::Fcr => {
                let e = inference::wilson(self.high, n).map(percent)?;
                (e, rate_se(e.value / 100.0))
            }
            Kind::Ces => mean_interval(n, self.sum, self.squares)?,
        };
        Some(Measure { estimate, se, n })
    }
}

/// The KPI over two groups and their difference with its interval.
pub fn compare(
    kind: Kind,
    values: &[Option<f64>],
    a: &[usize],
    b: &[usize],
) -> Option<(Measure, Measure, Difference)> {
    let (ma, mb) = (measure(kind, values, a)?, measure(kind, values, b)?);
    Some((ma, mb, difference(&ma, &mb)))
}

/// The difference between two groups' figures (`b` − `a`) with its 95% interval.
pub fn difference(a: &Measure, b: &Measure) -> Difference {
    inference::difference(a.estimate.value, a.se, b.estimate.value, b.se)
}

/// One KPI figure for one group of records.
#[derive(Debug, Clone)]
pub struct KpiRow {
    pub kpi: Kind,
    /// The score column it was computed from.
    pub column: String,
    /// `all`, `theme`, or the metadata column the group comes from.
    pub scope: String,
    /// The theme's code id or the column's value (empty for `all`).
    pub value: String,
    /// The theme's name (empty otherwise).
    pub name: String,
    pub n: usize,
    pub estimate: Estimate,
}

/// A group of records to compute every KPI over: (scope, value, name, record indices).
pub type Group = (String, String, String, Vec<usize>);

/// Every KPI over every group; groups with no answers for a KPI are left out.
pub fn rows(answers: &[Answers], groups: &[Group]) -> Vec<KpiRow> {
    let mut out = Vec::new();
    for a in answers {
        for (scope, value, name, records) in groups {
            if let Some((estimate, n)) = estimate(a.kind, &a.values, records) {
                out.push(KpiRow {
                    kpi: a.kind,
                    column: a.column.clone(),
                    scope: scope.clone(),
                    value: value.clone(),
                    name: name.clone(),
                    n,
                    estimate,
                });
            }
        }
    }
    out
}

fn percent(e: Estimate) -> Estimate {
    Estimate {
        value: 100.0 * e.value,
        low: 100.0 * e.low,
        high: 100.0 * e.high,
    }
}

/// Mean with a normal-approximation 95% interval (sample standard deviation) and its standard
/// error, from the count, sum and sum of squares; the interval collapses to the mean for a
/// single answer.
fn mean_interval(n: usize, sum: f64, squares: f64) -> Option<(Estimate, f64)> {
    if n == 0 {
        return None;
    }
    let mean = sum / n as f64;
    let se = if n > 1 {
        let var = ((squares - sum * mean) / (n - 1) as f64).max(0.0);
        (var / n as f64).sqrt()
    } else {
        0.0
    };
    let estimate = Estimate {
        value: mean,
        low: mean - Z95 * se,
        high: mean + Z95 * se,
    };
    Some((estimate, se))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rest of a group, as the whole tally minus the group's, measures as the rest does.
    #[test]
    fn a_tally_minus_a_part_measures_the_rest() {
        let values: Vec<Option<f64>> = [0., 3., 9., 10., 8., 10., 7., 6., 2., 9., 5.]
            .into_iter()
            .map(Some)
            .chain([None])
            .collect();
        let all: Vec<usize> = (0..values.len()).collect();
        let (part, rest): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| i % 3 == 0);
        for kind in [Kind::Nps, Kind::Csat, Kind::Ces, Kind::Fcr] {
            let scaled: Vec<Option<f64>> = values
                .iter()
                .map(|v| {
                    v.map(|v| match kind {
                        Kind::Nps => v,
                        Kind::Csat => 1.0 + (v / 2.5).floor(),
                        Kind::Ces => 1.0 + (v * 0.6).floor(),
                        Kind::Fcr => f64::from(v >= 5.0),
                    })
                })
                .collect();
            let tally = |records: &[usize]| {
                let mut t = Tally::default();
                for v in records.iter().filter_map(|&i| scaled[i]) {
                    t.add(kind, v);
                }
                t
            };
            let by_subtraction = tally(&all).minus(&tally(&part)).measure(kind).unwrap();
            let direct = measure(kind, &scaled, &rest).unwrap();
            assert_eq!(by_subtraction.n, direct.n);
            assert!((by_subtraction.estimate.value - direct.estimate.value).abs() < 1e-9);
            assert!((by_subtraction.se - direct.se).abs() < 1e-9, "{kind:?}");
        }
    }

    #[test]
    fn scores_parse_blank_as_missing_and_reject_the_rest() {
        assert_eq!(parse(Kind::Nps, ""), Ok(None));
        assert_eq!(parse(Kind::Nps, "10"), Ok(Some(10.0)));
        assert!(parse(Kind::Nps, "11").is_err());
        assert!(parse(Kind::Nps, "7.5").is_err());
        assert!(parse(Kind::Csat, "0").is_err());
        assert_eq!(parse(Kind::Fcr, "Yes"), Ok(Some(1.0)));
        assert!(parse(Kind::Fcr, "maybe").is_err());
    }

    #[test]
    fn kpis_match_hand_computation() {
        // NPS answers: 2 promoters (9, 10), 1 passive (8), 1 detractor (3), 1 blank → 25.
        let nps = [Some(9.0), Some(10.0), Some(8.0), Some(3.0), None];
        let (e, n) = estimate(Kind::Nps, &nps, &[0, 1, 2, 3, 4]).unwrap();
        assert_eq!(n, 4);
        assert!((e.value - 25.0).abs() < 1e-9);
        // CSAT: 3 of 4 in the top two boxes = 75%.
        let csat = [Some(5.0), Some(4.0), Some(2.0), Some(4.0)];
        let (e, _) = estimate(Kind::Csat, &csat, &[0, 1, 2, 3]).unwrap();
        assert!((e.value - 75.0).abs() < 1e-9 && e.low < 75.0 && e.high > 75.0);
        // CES mean of 2, 4: 3 ± 1.96 · √(2 / 2).
        let (e, _) = estimate(Kind::Ces, &[Some(2.0), Some(4.0)], &[0, 1]).unwrap();
        assert!((e.value - 3.0).abs() < 1e-12 && (e.high - 3.0 - Z95).abs() < 1e-9);
        assert!(estimate(Kind::Fcr, &[None], &[0]).is_none());
    }

    #[test]
    fn group_comparison_matches_hand_computation() {
        // a: CSAT 3 of 4 = 75% (se 100·√(.75·.25/4) = 21.65); b: 1 of 4 = 25% (same se).
        let csat = [5.0, 4.0, 2.0, 4.0, 5.0, 1.0, 2.0, 3.0].map(Some);
        let (a, b, d) = compare(Kind::Csat, &csat, &[0, 1, 2, 3], &[4, 5, 6, 7]).unwrap();
        assert_eq!((a.n, b.n), (4, 4));
        assert!((a.se - 21.650_635).abs() < 1e-5);
        assert!((d.value + 50.0).abs() < 1e-9);
        // −50 ± 1.96 · 30.619 = (−110.01, 10.01); z = 1.633, p = 0.1025.
        assert!((d.low + 110.012).abs() < 1e-2 && (d.high - 10.012).abs() < 1e-2);
        assert!((d.p_value.unwrap() - 0.1025).abs() < 2e-4);
        // NPS se: 2 promoters, 1 passive, 1 detractor → √((.5 + .25 − .0625)/4) = 41.46 pts.
        let nps = [9.0, 10.0, 8.0, 3.0].map(Some);
        let m = measure(Kind::Nps, &nps, &[0, 1, 2, 3]).unwrap();
        assert!((m.se - 41.457_809).abs() < 1e-5);
    }
}
