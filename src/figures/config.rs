//! The `[kpi]` and `[trends]` sections: which columns hold KPI answers, and figures per period
//! from a date column.

use serde::{Deserialize, Serialize};

/// Which KPI a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// Every KPI, in the order they are reported.
    pub const ALL: [Kind; 4] = [Kind::Nps, Kind::Csat, Kind::Ces, Kind::Fcr];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Csat => "csat",
            Kind::Ces => "ces",
            Kind::Fcr => "fcr",
        }
    }
}

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

impl KpiConfig {
    /// Each KPI with its column, in the order KPIs are reported.
    pub fn columns(&self) -> [(Kind, Option<&String>); 4] {
        Kind::ALL.map(|kind| (kind, self.column(kind)))
    }

    /// The column of one KPI, if mapped.
    pub fn column(&self, kind: Kind) -> Option<&String> {
        match kind {
            Kind::Nps => self.nps.as_ref(),
            Kind::Csat => self.csat.as_ref(),
            Kind::Ces => self.ces.as_ref(),
            Kind::Fcr => self.fcr.as_ref(),
        }
    }

    /// The column of one KPI, to change or drop.
    pub fn column_mut(&mut self, kind: Kind) -> &mut Option<String> {
        match kind {
            Kind::Nps => &mut self.nps,
            Kind::Csat => &mut self.csat,
            Kind::Ces => &mut self.ces,
            Kind::Fcr => &mut self.fcr,
        }
    }
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
