//! The `[kpi]` and `[trends]` sections: which columns hold KPI answers, and figures per period
//! from a date column.

use serde::{Deserialize, Serialize};

/// Metadata columns holding KPI answers; each is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiConfig {
    /// 0–10 likelihood to recommend → NPS with margin of error.
    pub nps: Option<String>,
    /// 1–5 satisfaction → CSAT, top-two-box % with a Wilson interval.
    pub csat: Option<String>,
    /// 1–7 effort → CES, mean with a 95% interval.
    pub ces: Option<String>,
    /// yes/no first-contact resolution → FCR % with a Wilson interval.
    pub fcr: Option<String>,
}

/// Length of a trend period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO 8601 week (Monday to Sunday), labelled like `2026-W02`.
    Week,
    #[default]
    Month,
    Quarter,
}

/// How to read dates that are not ISO 8601 (`2026-03-31`): the order of day and month in
/// `31/03/2026` or `03/31/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Only ISO 8601 dates (optionally followed by a time).
    #[default]
    Iso,
    /// Day first: 31/03/2026, 31.03.2026, 31-03-2026.
    Dmy,
    /// Month first: 03/31/2026.
    Mdy,
}

/// Figures per period from a date column.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendsConfig {
    /// Metadata column holding each row's date.
    pub date_column: String,
    #[serde(default)]
    pub period: Period,
    #[serde(default)]
    pub date_order: DateOrder,
}
