//! The figures a run reports, computed from the finished run state: frequencies and shares
//! (`stats`), KPIs with intervals (`kpi`), periods and trends, key drivers, priorities, the
//! statistical tests they share (`inference`) and social threads.

pub mod config;
pub mod drivers;
pub mod inference;
pub mod kpi;
pub mod period;
pub mod recommend;
pub mod stats;
pub mod threads;
pub mod trends;

/// `part / whole` in percent, 0 when the base is empty.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
