use super::{csv_err, csv_writer, fixed, RunOutput, Sink};
use crate::error::Result;
use std::io::Write;

/// `frequencies.csv`: theme counts overall and crossed with each configured column, in long
/// form (one row per column value × theme) so it pivots in any spreadsheet.
pub struct Frequencies;

impl Sink for Frequencies {
    fn file_name(&self) -> &'static str {
        "frequencies.csv"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
        let mut w = csv_writer(out);
        w.write_record([
            "column",
            "value",
            "theme_id",
            "theme_name",
            "segments",
            "comments",
            "base",
            "percent_comments",
        ])
        .map_err(csv_err)?;
        for row in &run.stats.frequencies {
            let (id, name) = super::theme_label(run.state, row.theme);
            w.write_record([
                row.column.clone(),
                row.value.clone(),
                id,
                name,
                row.segments.to_string(),
                row.comments.to_string(),
                row.base.to_string(),
                fixed(row.percent, 2),
            ])
            .map_err(csv_err)?;
        }
        w.flush().map_err(|e| csv_err(e.into()))
    }
}
