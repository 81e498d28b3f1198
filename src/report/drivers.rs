use super::{fixed, Disclosure, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::figures::drivers::CAUTION;

/// `drivers.csv`: every theme against every mapped KPI — the KPI with and without the theme,
/// the difference with its 95% interval and p-value, and the theme's impact on the overall
/// score. Each row carries the association-not-cause sentence so no copy of the table loses it.
pub struct Drivers;

impl Sink for Drivers {
    fn file_name(&self) -> &'static str {
        "drivers.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        !run.state.kpis.is_empty() && run.state.themes.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "kpi",
            "theme_id",
            "theme_name",
            "n_with",
            "kpi_with",
            "n_without",
            "kpi_without",
            "difference",
            "diff_low_95",
            "diff_high_95",
            "p_value",
            "impact",
            "note",
        ])?;
        let sdc = Disclosure::of(run);
        for row in &run.stats.drivers {
            let (id, name) = super::theme_label(run.state, Some(row.theme));
            let hidden = sdc.hides(row.with.n);
            let figure = |x: f64| if hidden { String::new() } else { fixed(x, 2) };
            w.write_record([
                row.kpi.name().to_owned(),
                id,
                name,
                sdc.count(row.with.n),
                figure(row.with.estimate.value),
                sdc.count(row.without.n),
                fixed(row.without.estimate.value, 2),
                figure(row.difference.value),
                figure(row.difference.low),
                figure(row.difference.high),
                match row.difference.p_value {
                    Some(p) if !hidden => fixed(p, 4),
                    _ => String::new(),
                },
                figure(row.impact),
                CAUTION.to_owned(),
            ])?;
        }
        w.finish()
    }
}
