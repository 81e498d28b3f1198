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
