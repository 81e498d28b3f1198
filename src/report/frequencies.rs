use super::{fixed, Disclosure, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;

/// `frequencies.csv`: theme counts overall and crossed with each configured column, in long
/// form (one row per column value × theme) so it pivots in any spreadsheet.
pub struct Frequencies;

impl Sink for Frequencies {
    fn file_name(&self) -> &'static str {
        "frequencies.csv"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "column",
            "value",
            "theme_id",
            "theme_name",
            "segments",
            "percent_segments",
            "comments",
            "base",
            "percent_comments",
            "respondents",
            "respondent_base",
            "percent_respondents",
            "residual",
            "flag",
            "chi_square",
            "df",
            "p_value",
        ])?;
        let sdc = Disclosure::of(run);
        let count = |n: usize| sdc.count(n);
        for row in &run.stats.frequencies {
            let (id, name) = super::theme_label(run.state, row.theme);
            let hidden = sdc.hides(row.comments);
            let (respondents, respondent_base, respondent_pct) = match row.respondents {
                Some((with, all)) => (
                    count(with),
                    count(all),
                    if sdc.hides(with) {
                        String::new()
                    } else {
                        fixed(crate::figures::percent(with, all), 2)
                    },
                ),
                None => Default::default(),
            };
            let residual = row.residual.filter(|_| !hidden);
            let flag = match residual {
                Some(r) if r > 2.0 => "above",
                Some(r) if r < -2.0 => "below",
                _ => "",
            };
            let (chi, df, p) = row.test.map_or(
                (String::new(), String::new(), String::new()),
                |(x, df, p)| (fixed(x, 3), df.to_string(), fixed(p, 4)),
            );
            w.write_record([
                row.column.clone(),
                row.value.clone(),
                id,
                name,
                count(row.segments),
                if sdc.hides(row.segments) {
                    String::new()
                } else {
                    fixed(crate::figures::percent(row.segments, row.segment_base), 2)
                },
                count(row.comments),
                count(row.base),
                if hidden {
                    String::new()
                } else {
                    fixed(row.percent, 2)
                },
                respondents,
                respondent_base,
                respondent_pct,
                residual.map_or(String::new(), |r| fixed(r, 2)),
                flag.to_owned(),
                chi,
                df,
                p,
            ])?;
        }
        w.finish()
    }
}
