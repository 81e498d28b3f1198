use super::{fixed, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;

/// `priorities.csv`: the ranked improvement priorities with every part of their score and
/// their evidence quotes (redacted text, with the comment id to find each in `coded.csv`).
pub struct Priorities;

impl Sink for Priorities {
    fn file_name(&self) -> &'static str {
        "priorities.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state.themes.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let quotes = run.state.config.report.quotes;
        let mut header: Vec<String> = [
            "rank",
            "theme_id",
            "theme_name",
            "comments",
            "volume_pct",
            "negative_pct",
            "kpi",
            "kpi_with",
            "kpi_without",
            "impact",
            "score",
            "action",
        ]
        .map(str::to_owned)
        .to_vec();
        for q in 1..=quotes {
            header.push(format!("quote_{q}"));
            header.push(format!("quote_{q}_id"));
        }
        let mut w = SafeCsv::new(out);
        w.write_record(&header)?;
        for p in &run.stats.priorities {
            let (id, name) = super::theme_label(run.state, Some(p.theme));
            let driver = p.driver.as_ref();
            let mut row = vec![
                p.rank.to_string(),
                id,
                name.clone(),
                p.comments.to_string(),
                fixed(p.volume, 2),
                p.negativity.map_or(String::new(), |n| fixed(n, 2)),
                driver.map_or(String::new(), |d| d.kpi.name().to_owned()),
                driver.map_or(String::new(), |d| fixed(d.with.estimate.value, 2)),
                driver.map_or(String::new(), |d| fixed(d.without.estimate.value, 2)),
                driver.map_or(String::new(), |d| fixed(d.impact, 2)),
                fixed(p.score, 4),
                crate::figures::recommend::action(p, &name, super::unit_noun(run.state)),
            ];
            for q in 0..quotes {
                let (qid, text) = p.quotes.get(q).cloned().unwrap_or_default();
                row.push(text);
                row.push(qid);
            }
            w.write_record(&row)?;
        }
        w.finish()
    }
}
