use super::{fixed, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::kpi::{self, Group};
use std::collections::BTreeMap;
use std::io::Write;

/// `kpis.csv`: each mapped KPI overall, per theme and per value of each frequency column.
pub struct Kpis;

impl Sink for Kpis {
    fn file_name(&self) -> &'static str {
        "kpis.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        !run.state.kpis.is_empty()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
        let state = run.state;
        let records = &state.dataset.records;
        // Every respondent counts overall and per column value, commented or not.
        let mut groups: Vec<Group> = vec![(
            "all".into(),
            String::new(),
            String::new(),
            (0..records.len()).collect(),
        )];
        if let Some(model) = &state.themes {
            for theme in &model.themes {
                let with: Vec<usize> = (0..records.len())
                    .filter(|&i| run.stats.record_themes[i].contains(&theme.id))
                    .collect();
                groups.push(("theme".into(), theme.code.clone(), theme.name.clone(), with));
            }
        }
        for column in &state.config.output.frequency_columns {
            let Some(m) = state.dataset.meta_columns.iter().position(|c| c == column) else {
                continue;
            };
            let mut by_value: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, r) in records.iter().enumerate() {
                by_value.entry(r.meta[m].trim()).or_default().push(i);
            }
            for (value, members) in by_value {
                groups.push((column.clone(), value.to_owned(), String::new(), members));
            }
        }

        let mut w = SafeCsv::new(out);
        w.write_record([
            "kpi", "column", "scope", "value", "name", "n", "estimate", "low_95", "high_95",
        ])?;
        for a in &state.kpis {
            for row in kpi::rows(std::slice::from_ref(a), &groups) {
                w.write_record([
                    row.kpi.name().to_owned(),
                    a.column.clone(),
                    row.scope,
                    row.value,
                    row.name,
                    row.n.to_string(),
                    fixed(row.estimate.value, 2),
                    fixed(row.estimate.low, 2),
                    fixed(row.estimate.high, 2),
                ])?;
            }
        }
        w.finish()
    }
}
