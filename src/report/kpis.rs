use super::{fixed, Disclosure, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;

/// `kpis.csv`: each mapped KPI overall, per theme and per value of each frequency column
/// (groups with fewer answers than `output.min_cell_count` show `<N` and no figures).
pub struct Kpis;

impl Sink for Kpis {
    fn file_name(&self) -> &'static str {
        "kpis.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        !run.state.kpis.is_empty()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "kpi", "column", "scope", "value", "name", "n", "estimate", "low_95", "high_95",
        ])?;
        let sdc = Disclosure::of(run);
        for row in &run.stats.kpis {
            let hidden = sdc.hides(row.n);
            let figure = |x: f64| if hidden { String::new() } else { fixed(x, 2) };
            w.write_record([
                row.kpi.name().to_owned(),
                row.column.clone(),
                row.scope.clone(),
                row.value.clone(),
                row.name.clone(),
                sdc.count(row.n),
                figure(row.estimate.value),
                figure(row.estimate.low),
                figure(row.estimate.high),
            ])?;
        }
        w.finish()
    }
}
