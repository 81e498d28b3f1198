//! Theme shares, sentiment and KPIs per period, each tested against the period before.
//!
//! The base of a period is its analysed comments that carry a date. A change is flagged
//! `rise` or `fall` when the two-proportion test (or, for KPIs, the test of the difference)
//! gives p < 0.05: with many themes and periods about one test in twenty flags by chance,
//! which the report says next to the table.

use crate::error::{Error, Result};
use crate::figures::config::TrendsConfig;
use crate::figures::inference::{self, Estimate};
use crate::figures::kpi::{self, Answers};
use crate::figures::period::Date;
use crate::record::Dataset;
use std::collections::BTreeMap;

/// Significance level for trend and comparison flags.
pub const ALPHA: f64 = 0.05;

/// Reads every record's period label; blank dates are `None`, unreadable ones are input
/// errors naming the file, row and column (never the value).
pub fn read_periods(config: &TrendsConfig, dataset: &Dataset) -> Result<Vec<Option<String>>> {
    let column = &config.date_column;
    let idx = dataset.meta_index(column).ok_or_else(|| {
        Error::config(format!(
            "trends.date_column: '{column}' is not listed in input.metadata_columns"
        ))
    })?;
    dataset
        .records
        .iter()
        .map(|r| {
            let cell = r.meta[idx].trim();
            if cell.is_empty() {
                return Ok(None);
            }
            Date::parse(cell, config.date_order)
                .map(|d| Some(d.period(config.period)))
                .map_err(|why| Error::input(&dataset.source, Some(r.row), Some(column), why))
        })
        .collect()
}

/// What a trend row measures.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// % of the period's comments raising the theme (by id).
    Theme(usize),
    /// % of the period's comments with this sentiment roll-up label.
    Sentiment(&'static str),
    /// A KPI over the period's analysed comments.
    Kpi(kpi::Kind),
}

/// One measure in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub period: String,
    pub measure: Measure,
    /// Comments with the theme or label (KPIs: answers).
    pub count: usize,
    /// Comments in the period (KPIs: answers).
    pub base: usize,
    /// Percent for shares, the KPI's own scale otherwise, with its 95% interval.
    pub estimate: Estimate,
    /// Against the previous period: (difference, p-value); `None` for the first period or
    /// when the test is undefined.
    pub change: Option<(f64, Option<f64>)>,
}

impl TrendRow {
    /// `rise`, `fall` or empty.
    pub fn flag(&self) -> &'static str {
        match self.change {
            Some((d, Some(p))) if p < ALPHA && d > 0.0 => "rise",
            Some((d, Some(p))) if p < ALPHA && d < 0.0 => "fall",
            _ => "",
        }
    }
}

/// The inputs trends need per analysed record.
pub struct TrendInput<'a> {
    /// Period label per record (`None`: undated).
    pub periods: &'a [Option<String>],
    /// Records that were analysed (coded or uncoded).
    pub analysed: &'a [usize],
    /// Theme ids per record.
    pub record_themes: &'a [Vec<usize>],
    pub n_themes: usize,
    /// Sentiment roll-up label per record, when sentiment ran.
    pub sentiment: Option<Vec<Option<&'static str>>>,
    pub kpis: &'a [Answers],
}

/// Every measure in every period that has dated comments, in period order.
pub fn compute(input: &TrendInput<'_>) -> Vec<TrendRow> {
    let mut by_period: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in input.analysed {
        if let Some(p) = &input.periods[i] {
            by_period.entry(p.as_str()).or_default().push(i);
        }
    }
    let mut measures: Vec<Measure> = (1..=input.n_themes).map(Measure::Theme).collect();
    if input.sentiment.is_some() {
        measures.extend(
            crate::sentiment::ROLLUP_LABELS
                .into_iter()
                .map(Measure::Sentiment),
        );
    }
    measures.extend(input.kpis.iter().map(|a| Measure::Kpi(a.kind)));

    let mut rows = Vec::new();
    for measure in &measures {
        let mut previous: Option<(usize, usize, f64, f64)> = None;
        for (period, members) in &by_period {
            let row = match measure {
                Measure::Kpi(kind) => {
                    let values = input.kpis.iter().find(|a| a.kind == *kind);
                    let Some(m) = values.and_then(|a| kpi::measure(*kind, &a.values, members))
                    else {
                        continue;
                    };
                    let change = previous.map(|(_, _, value, se)| {
                        let d = inference::difference(value, se, m.estimate.value, m.se);
                        (d.value, d.p_value)
                    });
                    previous = Some((m.n, m.n, m.estimate.value, m.se));
                    TrendRow {
                        period: (*period).to_owned(),
                        measure: measure.clone(),
                        count: m.n,
                        base: m.n,
                        estimate: m.estimate,
                        change,
                    }
                }
                _ => {
                    let has = |i: usize| match measure {
                        Measure::Theme(id) => input.record_themes[i].contains(id),
                        Measure::Sentiment(label) => input
                            .sentiment
                            .as_ref()
                            .is_some_and(|s| s[i] == Some(*label)),
                        Measure::Kpi(_) => unreachable!(),
                    };
                    let count = members.iter().filter(|&&i| has(i)).count();
                    let base = members.len();
                    let Some(share) = inference::wilson(count, base) else {
                        continue;
                    };
                    let change = previous.map(|(x1, n1, _, _)| {
                        match inference::two_proportions(x1, n1, count, base) {
                            Some((d, _, p)) => (100.0 * d, Some(p)),
                            None => (100.0 * (share.value - x1 as f64 / n1 as f64), None),
                        }
                    });
                    previous = Some((count, base, 0.0, 0.0));
                    TrendRow {
                        period: (*period).to_owned(),
                        measure: measure.clone(),
                        count,
                        base,
                        estimate: Estimate {
                            value: 100.0 * share.value,
                            low: 100.0 * share.low,
                            high: 100.0 * share.high,
                        },
                        change,
                    }
                }
            };
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_per_period_with_tests_against_the_previous_period() {
        // Period A: 30 of 100 comments raise theme 1; period B: 45 of 100 (p = 0.0285).
        let mut periods = Vec::new();
        let mut themes = Vec::new();
        for (label, raised) in [("2026-01", 30), ("2026-02", 45)] {
            for i in 0..100 {
                periods.push(Some(label.to_owned()));
                themes.push(if i < raised { vec![1] } else { vec![] });
            }
        }
        periods.push(None);
        themes.push(vec![1]);
        let analysed: Vec<usize> = (0..201).collect();
        let rows = compute(&TrendInput {
            periods: &periods,
            analysed: &analysed,
            record_themes: &themes,
            n_themes: 1,
            sentiment: None,
            kpis: &[],
        });
        assert_eq!(rows.len(), 2, "the undated comment is in no period");
        assert_eq!((rows[0].count, rows[0].base), (30, 100));
        assert!(rows[0].change.is_none() && rows[0].flag().is_empty());
        let (d, p) = rows[1].change.unwrap();
        assert!((d - 15.0).abs() < 1e-9);
        assert!((p.unwrap() - 0.02846).abs() < 2e-4);
        assert_eq!(rows[1].flag(), "rise");
        assert!((rows[1].estimate.value - 45.0).abs() < 1e-9);
    }

    #[test]
    fn kpis_per_period() {
        let periods: Vec<Option<String>> = ["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q2"]
            .iter()
            .map(|p| Some(p.to_string()))
            .collect();
        let answers = Answers {
            kind: kpi::Kind::Nps,
            column: "nps".into(),
            values: vec![Some(10.0), Some(9.0), Some(2.0), Some(9.0)],
        };
        let rows = compute(&TrendInput {
            periods: &periods,
            analysed: &[0, 1, 2, 3],
            record_themes: &[vec![], vec![], vec![], vec![]],
            n_themes: 0,
            sentiment: None,
            kpis: std::slice::from_ref(&answers),
        });
        assert_eq!(rows.len(), 2);
        assert!((rows[0].estimate.value - 100.0).abs() < 1e-9);
        assert!((rows[1].estimate.value - 0.0).abs() < 1e-9);
        let (d, _) = rows[1].change.unwrap();
        assert!((d + 100.0).abs() < 1e-9);
    }
}
