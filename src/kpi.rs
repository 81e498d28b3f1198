//! Score KPIs mapped from metadata columns — NPS, CSAT, CES, FCR — each with a 95% interval,
//! overall, per theme (comments raising the theme) and per value of each frequency column.
//!
//! Blank cells are missing answers and are left out of a KPI's base; any other value that is
//! not a valid score is an input error naming the file, row and column (never the value).

use crate::config::KpiConfig;
use crate::error::{Error, Result};
use crate::inference::{self, Estimate, Z95};
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

fn parse(kind: Kind, cell: &str) -> std::result::Result<Option<f64>, String> {
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

/// The KPI over the answers of the given records, with its 95% interval and base.
pub fn estimate(
    kind: Kind,
    values: &[Option<f64>],
    records: &[usize],
) -> Option<(Estimate, usize)> {
    let answers: Vec<f64> = records.iter().filter_map(|&i| values[i]).collect();
    let n = answers.len();
    let count = |pred: &dyn Fn(f64) -> bool| answers.iter().filter(|&&v| pred(v)).count();
    let estimate = match kind {
        Kind::Nps => inference::nps(
            count(&|v| v >= 9.0),
            count(&|v| (7.0..9.0).contains(&v)),
            count(&|v| v <= 6.0),
        ),
        Kind::Csat => inference::wilson(count(&|v| v >= 4.0), n).map(percent),
        Kind::Fcr => inference::wilson(count(&|v| v == 1.0), n).map(percent),
        Kind::Ces => mean_interval(&answers),
    }?;
    Some((estimate, n))
}

/// One KPI figure for one group of records.
#[derive(Debug, Clone)]
pub struct KpiRow {
    pub kpi: Kind,
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

/// Mean with a normal-approximation 95% interval (sample standard deviation); the interval
/// collapses to the mean for a single answer.
fn mean_interval(values: &[f64]) -> Option<Estimate> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let half = if n > 1 {
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        Z95 * (var / n as f64).sqrt()
    } else {
        0.0
    };
    Some(Estimate {
        value: mean,
        low: mean - half,
        high: mean + half,
    })
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
}
