//! Score KPIs mapped from metadata columns — NPS, CSAT, CES, FCR — each with a 95% interval,
//! overall, per theme (comments raising the theme) and per value of each frequency column.
//!
//! Blank cells are missing answers and are left out of a KPI's base; any other value that is
//! not a valid score is an input error naming the file, row and column (never the value).

use crate::config::KpiConfig;
use crate::error::{Error, Result};
use crate::inference::{self, Difference, Estimate, Z95};
use crate::record::Dataset;

/// Which KPI a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Net Promoter Score from 0–10 answers: % promoters (9–10) − % detractors (0–6).
    Nps,
    /// Customer satisfaction: top-two-box share (4–5 on a 1–5 scale).
    Csat,
    /// Customer effort score: mean answer on a 1–7 scale.
    Ces,
    /// First-contact resolution: share of "yes" answers.
    Fcr,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Csat => "csat",
            Kind::Ces => "ces",
            Kind::Fcr => "fcr",
        }
    }
}

/// One KPI column's answers, per record (`None` = blank or not analysed).
#[derive(Debug, Clone)]
pub struct Answers {
    pub kind: Kind,
    pub column: String,
    pub values: Vec<Option<f64>>,
}

/// Reads and checks every mapped KPI column.
pub fn read(config: &KpiConfig, dataset: &Dataset) -> Result<Vec<Answers>> {
    let mapped = [
        (Kind::Nps, &config.nps),
        (Kind::Csat, &config.csat),
        (Kind::Ces, &config.ces),
        (Kind::Fcr, &config.fcr),
    ];
    let mut out = Vec::new();
    for (kind, column) in mapped {
        let Some(column) = column else { continue };
        let idx = dataset
            .meta_columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| {
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
    let answers: Vec<f64> = records.iter().filter_map(|&i| values[i]).collect();
    let n = answers.len();
    let share = |pred: &dyn Fn(f64) -> bool| {
        answers.iter().filter(|&&v| pred(v)).count() as f64 / n.max(1) as f64
    };
    let count = |pred: &dyn Fn(f64) -> bool| answers.iter().filter(|&&v| pred(v)).count();
    let rate_se = |p: f64| 100.0 * (p * (1.0 - p) / n as f64).sqrt();
    let (estimate, se) = match kind {
        Kind::Nps => {
            let e = inference::nps(
                count(&|v| v >= 9.0),
                count(&|v| (7.0..9.0).contains(&v)),
                count(&|v| v <= 6.0),
            )?;
            let (pro, det) = (share(&|v| v >= 9.0), share(&|v| v <= 6.0));
            let var = pro + det - (pro - det).powi(2);
            (e, 100.0 * (var / n as f64).sqrt())
        }
        Kind::Csat => {
            let e = inference::wilson(count(&|v| v >= 4.0), n).map(percent)?;
            (e, rate_se(e.value / 100.0))
        }
        Kind::Fcr => {
            let e = inference::wilson(count(&|v| v == 1.0), n).map(percent)?;
            (e, rate_se(e.value / 100.0))
        }
        Kind::Ces => mean_interval(&answers)?,
    };
    Some(Measure { estimate, se, n })
}

/// The KPI in group `b` minus group `a`, each group's measure, and the difference's interval.
pub fn compare(
    kind: Kind,
    values: &[Option<f64>],
    a: &[usize],
    b: &[usize],
) -> Option<(Measure, Measure, Difference)> {
    let (ma, mb) = (measure(kind, values, a)?, measure(kind, values, b)?);
    let diff = inference::difference(ma.estimate.value, ma.se, mb.estimate.value, mb.se);
    Some((ma, mb, diff))
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
/// error; the interval collapses to the mean for a single answer.
fn mean_interval(values: &[f64]) -> Option<(Estimate, f64)> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let se = if n > 1 {
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
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
