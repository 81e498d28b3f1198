//! The `[output]` and `[report]` sections: cross-tables, disclosure control, and what the
//! report and its recommendations contain.

use crate::figures::kpi::Kind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Metadata columns to cross-tabulate against themes in `frequencies.csv`.
    #[serde(default)]
    pub frequency_columns: Vec<String>,
    /// Statistical disclosure control: counts from 1 to this minus one are shown as `<N` in
    /// `frequencies.csv` (with their percentage and residual blanked); 0 turns it off.
    #[serde(default = "default_min_cell_count")]
    pub min_cell_count: usize,
}

fn default_min_cell_count() -> usize {
    5
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            frequency_columns: Vec::new(),
            min_cell_count: default_min_cell_count(),
        }
    }
}

/// What the report and its recommendations contain.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Report title; the pipeline name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Improvement priorities listed (the themes with the highest priority scores).
    #[serde(default = "default_recommendations")]
    pub recommendations: usize,
    /// Redacted quotes given as evidence per priority.
    #[serde(default = "default_quotes")]
    pub quotes: usize,
    /// KPI whose key-driver impact weighs priorities: nps, csat, ces or fcr; the first mapped
    /// in that order when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver_kpi: Option<Kind>,
}

fn default_recommendations() -> usize {
    5
}

fn default_quotes() -> usize {
    3
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            title: None,
            recommendations: default_recommendations(),
            quotes: default_quotes(),
            driver_kpi: None,
        }
    }
}

impl ReportConfig {
    /// Problems with the report settings (`report.key: why`); whether `driver_kpi` maps a
    /// column is checked with the KPIs.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !(1..=50).contains(&self.recommendations) {
            problems.push("report.recommendations: must be between 1 and 50".to_owned());
        }
        if !(1..=10).contains(&self.quotes) {
            problems.push("report.quotes: must be between 1 and 10".to_owned());
        }
        problems
    }
}
