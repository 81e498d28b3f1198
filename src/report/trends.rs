use super::{fixed, Disclosure, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::figures::trends::Measure;

/// `trends.csv`: each theme's share, each sentiment label's share and each KPI per period,
/// with the change from the previous period, its p-value and a `rise`/`fall` flag.
pub struct Trends;

impl Sink for Trends {
    fn file_name(&self) -> &'static str {
        "trends.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state.config.trends.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "period", "measure", "id", "name", "count", "base", "value", "low_95", "high_95",
            "change", "p_value", "flag",
        ])?;
        let sdc = Disclosure::of(run);
        for row in &run.stats.trends {
            let (measure, id, name) = match &row.measure {
                Measure::Theme(id) => {
                    let (code, name) = super::theme_label(run.state, Some(*id));
                    ("theme", code, name)
                }
                Measure::Sentiment(label) => ("sentiment", (*label).to_owned(), String::new()),
                Measure::Kpi(kind) => (kind.name(), String::new(), String::new()),
            };
            let hidden = sdc.hides(row.count);
            let figure = |x: f64| if hidden { String::new() } else { fixed(x, 2) };
            let (change, p) = match row.change.filter(|_| !hidden) {
                Some((d, p)) => (fixed(d, 2), p.map_or(String::new(), |p| fixed(p, 4))),
                None => Default::default(),
            };
            w.write_record([
                row.period.clone(),
                measure.to_owned(),
                id,
                name,
                sdc.count(row.count),
                sdc.count(row.base),
                figure(row.estimate.value),
                figure(row.estimate.low),
                figure(row.estimate.high),
                change,
                p,
                if hidden { "" } else { row.flag() }.to_owned(),
            ])?;
        }
        w.finish()
    }
}
